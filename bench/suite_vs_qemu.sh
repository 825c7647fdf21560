#!/usr/bin/env bash
# How much faster a regression suite runs on a72sim than on QEMU, both measured in this one run.
# usage: bench/suite_vs_qemu.sh BUILD_DIR   (needs qemu-system-aarch64; a built BUILD_DIR)
#
# 1. Start-up: the mean wall time of a guest that exits at once (bench/exit.elf), on
#    `a72sim` and on `qemu-system-aarch64 -M xlnx-versal-virt`.
# 2. The guest programs one at a time: `a72sim regress -j 1 tests/regress/guest.ini` against
#    `ctest -L oracle -j 1` (the same programs under QEMU, as the oracle tests run them), each as
#    seconds per test. The ratio of the two per-test times is the speed-up of a suite.
set -eu
build=$(cd "${1:?usage: bench/suite_vs_qemu.sh BUILD_DIR}" && pwd)
sim=$build/a72sim
qemu=$(command -v qemu-system-aarch64) || { echo "suite_vs_qemu: qemu-system-aarch64 is not installed" >&2; exit 1; }
runs=${STARTUP_RUNS:-10}
here=$(cd "$(dirname "$0")/.." && pwd)

now() { date +%s.%N; }
mean_wall() { # mean_wall N COMMAND...: mean seconds of N runs
    local n=$1 t0 t1
    shift
    t0=$(now)
    for ((k = 0; k < n; k++)); do "$@" >/dev/null 2>&1 </dev/null; done
    t1=$(now)
    awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { printf "%.4f", (b - a) / n }'
}

sim_start=$(mean_wall "$runs" "$sim" "$build/bench/exit.elf")
qemu_start=$(mean_wall "$runs" "$qemu" -M xlnx-versal-virt -smp 4 -nographic -semihosting -kernel "$build/bench/exit.elf")

t0=$(now)
"$sim" regress -j 1 --build-dir "$build" "$here/tests/regress/guest.ini" >"$build/suite-a72sim.log" 2>&1 \
    || { echo "suite_vs_qemu: a72sim regress failed (see $build/suite-a72sim.log)" >&2; exit 1; }
t1=$(now)
sim_tests=$(grep -c '^\[' "$here/tests/regress/guest.ini" || true)
sim_tests=$((sim_tests - 1)) # [defaults]
t2=$(now)
ctest --test-dir "$build" -L oracle -j 1 >"$build/suite-qemu.log" 2>&1 \
    || { echo "suite_vs_qemu: ctest -L oracle failed (see $build/suite-qemu.log)" >&2; exit 1; }
t3=$(now)
qemu_tests=$(sed -n 's/.*tests passed, [0-9]* tests failed out of \([0-9]*\).*/\1/p' "$build/suite-qemu.log")

awk -v ss="$sim_start" -v qs="$qemu_start" -v st="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" \
    -v qt="$(awk -v a="$t2" -v b="$t3" 'BEGIN{print b-a}')" -v sn="$sim_tests" -v qn="$qemu_tests" -v r="$runs" '
BEGIN {
    printf "start-up (exit.elf, mean of %d): a72sim %.4f s, qemu %.4f s: %.0fx\n", r, ss, qs, qs / ss
    printf "suite, one test at a time: a72sim %d tests in %.2f s (%.4f s each), qemu %d tests in %.2f s (%.4f s each)\n", \
        sn, st, st / sn, qn, qt, qt / qn
    printf "per test, a72sim is %.0fx faster than qemu\n", (qt / qn) / (st / sn)
}'
