#!/usr/bin/env bash
# How much faster a regression suite runs on a72sim than on QEMU, both measured in this one run.
# usage: bench/suite_vs_qemu.sh BUILD_DIR   (needs qemu-system-aarch64 and a built BUILD_DIR)
#
# 1. Start-up: the mean wall time of a guest that exits at once (bench/exit.elf) on `a72sim` and on
#    `qemu-system-aarch64 -M xlnx-versal-virt` (STARTUP_RUNS runs each, default 10).
# 2. The guest programs one at a time: `a72sim regress -j 1 tests/regress/guest.ini` against
#    `ctest -L oracle -j 1` (the same programs under QEMU, as the oracle tests run them), as seconds
#    per test, the best of REPEATS runs each (default 3). The ratio of the per-test times is how much
#    faster a suite of such tests runs.
set -eu
build=$(cd "${1:?usage: bench/suite_vs_qemu.sh BUILD_DIR}" && pwd)
sim=$build/a72sim
qemu=$(command -v qemu-system-aarch64) || { echo "suite_vs_qemu: qemu-system-aarch64 is not installed" >&2; exit 1; }
runs=${STARTUP_RUNS:-10}
repeats=${REPEATS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
suite=$here/tests/regress/guest.ini

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

mean_wall() { # mean_wall N COMMAND...: mean seconds of N runs
    local n=$1 t0 k
    shift
    t0=$(now)
    for ((k = 0; k < n; k++)); do "$@" >/dev/null 2>&1 </dev/null; done
    awk -v s="$(since "$t0")" -v n="$n" 'BEGIN { printf "%.4f", s / n }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
sim_start=$(mean_wall "$runs" "$sim" "$build/bench/exit.elf")
qemu_start=$(mean_wall "$runs" "$qemu" -M xlnx-versal-virt -smp 4 -nographic -semihosting -kernel "$build/bench/exit.elf")

sim_best="" qemu_best=""
for ((r = 0; r < repeats; r++)); do
    t0=$(now)
    "$sim" regress -j 1 --build-dir "$build" "$suite" >"$build/suite-a72sim.log" 2>&1 \
        || { echo "suite_vs_qemu: a72sim regress failed (see $build/suite-a72sim.log)" >&2; exit 1; }
    sim_best=$(min "$sim_best" "$(since "$t0")")
    t0=$(now)
    ctest --test-dir "$build" -L oracle -j 1 >"$build/suite-qemu.log" 2>&1 \
        || { echo "suite_vs_qemu: ctest -L oracle failed (see $build/suite-qemu.log)" >&2; exit 1; }
    qemu_best=$(min "$qemu_best" "$(since "$t0")")
done
sim_tests=$("$sim" regress --list "$suite" | wc -l)
qemu_tests=$(sed -n 's/.*tests passed, [0-9]* tests failed out of \([0-9]*\).*/\1/p' "$build/suite-qemu.log")

awk -v ss="$sim_start" -v qs="$qemu_start" -v st="$sim_best" -v qt="$qemu_best" -v sn="$sim_tests" \
    -v qn="$qemu_tests" -v r="$runs" -v rep="$repeats" '
BEGIN {
    printf "start-up (exit.elf, mean of %d): a72sim %.4f s, qemu %.4f s: %.0fx\n", r, ss, qs, qs / ss
    printf "suite, one test at a time (best of %d): a72sim %d tests in %.2f s (%.4f s each), qemu %d tests in %.2f s (%.4f s each)\n", \
        rep, sn, st, st / sn, qn, qt, qt / qn
    printf "per test, a72sim is %.0fx faster than qemu\n", (qt / qn) / (st / sn)
}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
