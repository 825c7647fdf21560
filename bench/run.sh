#!/usr/bin/env bash
# Benchmarks of a72sim: usage: bench/run.sh BUILD_DIR
#
# Runs each benchmark program (BUILD_DIR/bench/*.elf, built by bench/CMakeLists.txt) on
# BUILD_DIR/a72sim --stats=json, checks that the instruction count equals the program's
# bench_expected_insns (computed from its loop structure, see the .S files), repeats each run
# REPEATS times and keeps the best MIPS. Then measures start-up: the mean wall time of a run whose
# guest exits at once. When qemu-system-aarch64 is installed, times the same programs under QEMU's
# xlnx-versal-virt, as is and with -icount, for comparison (see qemu_run: its long start-up is
# left out, and its MIPS are over the time beyond that of a guest that exits at once).
#
# SIM_OPTS adds options to every a72sim run (for example SIM_OPTS=--timing=static, or
# --no-cache-model: the timing model's cost is the difference).
#
# Exit status: 0 when every run exited 0 with the expected instruction count, 1 otherwise.
set -u

REPEATS=${REPEATS:-3}
read -r -a SIM_OPTS <<< "${SIM_OPTS:-}"
STARTUP_RUNS=${STARTUP_RUNS:-50}
QEMU_STARTUP_RUNS=${QEMU_STARTUP_RUNS:-5}
BENCHES=${BENCHES:-"alu ldst ldst_mmu call world_switch exc_storm fp neon crypto"}
# Programs that need the board's hypervisor entry (Non-secure EL2): QEMU starts an ELF at EL3.
EL2_ONLY="ldst_mmu world_switch exc_storm"

build=${1:?usage: bench/run.sh BUILD_DIR}
sim=$build/a72sim
progs=$build/bench
if [ ! -x "$sim" ] || [ ! -e "$progs/exit.elf" ]; then
    echo "bench: $sim or $progs/*.elf missing: build first (cmake --build $build)" >&2
    exit 1
fi
NM=$(command -v llvm-nm || command -v nm)
QEMU=$(command -v qemu-system-aarch64 || true)
QEMU_ARGS=(-M xlnx-versal-virt -smp 4 -nographic -semihosting)
QEMU_ICOUNT=(-icount "shift=0,sleep=off")
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fsub A B: A - B; fmax/fmin A B: the larger/smaller of A and B, or B when A is empty.
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
fmax() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }'; }
fmin() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

expected_insns() {
    local hex
    hex=$("$NM" "$1" | awk '$3 == "bench_expected_insns" { print $1 }')
    [ -n "$hex" ] && echo $((16#$hex))
}

# stat_field FILE KEY: the value of KEY in the --stats=json object, the last line of FILE.
stat_field() {
    python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])[sys.argv[2]])' \
        "$1" "$2" 2>/dev/null
}

# run_sim NAME: REPEATS runs; sets best_mips and best_secs, or reports the failure.
run_sim() {
    local name=$1 elf=$progs/$1.elf expect rc insns mips secs n
    expect=$(expected_insns "$elf")
    best_mips="" best_secs="" status="ok"
    for ((n = 0; n < REPEATS; n++)); do
        timeout 600 "$sim" "${SIM_OPTS[@]}" --stats=json --max-insns $((expect + 1000)) "$elf" >/dev/null 2>"$tmp/err"
        rc=$?
        insns=$(stat_field "$tmp/err" instructions)
        if [ "$rc" != 0 ] || [ "$insns" != "$expect" ]; then
            status="FAIL"
            echo "bench: $name: exit status $rc, $insns instructions, expected 0 and $expect:" >&2
            sed 's/^/    /' "$tmp/err" >&2
            failed=1
            return
        fi
        mips=$(stat_field "$tmp/err" mips)
        secs=$(stat_field "$tmp/err" host_seconds)
        best_mips=$(fmax "$best_mips" "$mips")
        best_secs=$(fmin "$best_secs" "$secs")
    done
}

# qemu_run ELF [EXTRA ARGS]: seconds QEMU spends from the start of the guest to its own exit,
# the best of REPEATS runs (empty on failure). QEMU's start-up (seconds for xlnx-versal-virt) is
# left out: it starts paused (-S) and the clock starts at QMP's "cont". The display, serial and
# monitor are off rather than on stdio (-nographic), where QMP talks.
qemu_run() {
    local elf=$1 best="" t0 t1 n line rc
    shift
    for ((n = 0; n < REPEATS; n++)); do
        coproc QEMU_PROC { exec timeout 600 "$QEMU" -M xlnx-versal-virt -smp 4 -display none -serial null \
            -monitor none -semihosting -S -qmp stdio "$@" -kernel "$elf" 2>/dev/null; }
        local pid=$QEMU_PROC_PID
        if ! read -r -t 120 line <&"${QEMU_PROC[0]}" || [[ $line != *QMP* ]] ||
            ! echo '{"execute": "qmp_capabilities"}' >&"${QEMU_PROC[1]}" ||
            ! read -r -t 120 line <&"${QEMU_PROC[0]}"; then
            kill "$pid" 2>/dev/null
            return
        fi
        t0=$EPOCHREALTIME
        echo '{"execute": "cont"}' >&"${QEMU_PROC[1]}"
        wait "$pid"
        rc=$?
        t1=$EPOCHREALTIME
        [ "$rc" = 0 ] || return
        best=$(fmin "$best" "$(fsub "$t1" "$t0")")
    done
    echo "$best"
}

# cpu_seconds FILE: user + system seconds of finished children, from the output of bash's `times`
# saved in FILE (its second line). `times` must run in the shell whose children it should count.
cpu_seconds() {
    awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$1"
}

# mean_ms RUNS CMD...: "WALL CPU", the mean wall time and the mean user + system CPU time of RUNS
# runs of CMD, in milliseconds (empty on failure).
mean_ms() {
    local runs=$1 t0 t1 n
    shift
    times >"$tmp/times0"
    t0=$EPOCHREALTIME
    for ((n = 0; n < runs; n++)); do
        "$@" </dev/null >/dev/null 2>&1 || return
    done
    t1=$EPOCHREALTIME
    times >"$tmp/times1"
    awk -v d="$(fsub "$t1" "$t0")" -v c="$(fsub "$(cpu_seconds "$tmp/times1")" "$(cpu_seconds "$tmp/times0")")" \
        -v r="$runs" 'BEGIN { printf "%.2f %.2f", d * 1000 / r, c * 1000 / r }'
}

# startup_line WHO RUNS CMD...: the start-up line for CMD.
startup_line() {
    local who=$1 runs=$2 r
    shift 2
    read -ra r <<<"$(mean_ms "$runs" "$@")"
    if [ ${#r[@]} = 2 ]; then
        echo "start-up: $who ${r[0]} ms wall, ${r[1]} ms CPU (mean of $runs runs of $*)"
    else
        echo "start-up: $who failed ($*)"
        failed=1
    fi
}

# qemu_mips INSNS T T0: INSNS over (T - T0) seconds, in millions, or "-".
qemu_mips() {
    awk -v n="$1" -v t="$2" -v s="$3" \
        'BEGIN { d = t - s; if (t == "" || s == "" || d <= 0) print "-"; else printf "%.1f", n / d / 1e6 }'
}

echo "a72sim benchmarks: $sim, best of $REPEATS runs"
if [ -n "$QEMU" ]; then
    q0=$(qemu_run "$progs/exit.elf")
    qi0=$(qemu_run "$progs/exit.elf" "${QEMU_ICOUNT[@]}")
    printf '%-6s %12s %6s %12s %10s | %10s %10s | %12s %10s\n' bench instructions check "a72sim MIPS" "a72sim s" \
        "qemu MIPS" "qemu s" "icount MIPS" "icount s"
else
    printf '%-6s %12s %6s %12s %10s\n' bench instructions check "a72sim MIPS" "a72sim s"
fi
for name in $BENCHES; do
    run_sim "$name"
    expect=$(expected_insns "$progs/$name.elf")
    line=$(printf '%-6s %12s %6s %12s %10s' "$name" "$expect" "$status" "${best_mips:--}" "${best_secs:--}")
    if [ -n "$QEMU" ] && [[ " $EL2_ONLY " == *" $name "* ]]; then
        line=$(printf '%s | %10s %10s | %12s %10s' "$line" - "(EL2 entry)" - -)
    elif [ -n "$QEMU" ]; then
        q=$(qemu_run "$progs/$name.elf")
        qi=$(qemu_run "$progs/$name.elf" "${QEMU_ICOUNT[@]}")
        line=$(printf '%s | %10s %10s | %12s %10s' "$line" "$(qemu_mips "$expect" "$q" "$q0")" "${q:-failed}" \
            "$(qemu_mips "$expect" "$qi" "$qi0")" "${qi:-failed}")
    fi
    echo "$line"
done

# Start-up: the guest executes its 3 instructions and exits.
"$sim" --stats=json "$progs/exit.elf" >/dev/null 2>"$tmp/err"
rc=$?
insns=$(stat_field "$tmp/err" instructions)
expect=$(expected_insns "$progs/exit.elf")
if [ "$rc" != 0 ] || [ "$insns" != "$expect" ]; then
    echo "bench: exit: exit status $rc, $insns instructions, expected 0 and $expect" >&2
    failed=1
fi
startup_line a72sim "$STARTUP_RUNS" "$sim" "$progs/exit.elf"
if [ -n "$QEMU" ]; then
    startup_line qemu "$QEMU_STARTUP_RUNS" "$QEMU" "${QEMU_ARGS[@]}" -kernel "$progs/exit.elf"
    echo "qemu s: from QMP 'cont' to QEMU's exit (exit.elf: ${q0:-?} s, with -icount ${qi0:-?} s);" \
        "qemu MIPS = instructions / (qemu s - exit.elf's); icount: with ${QEMU_ICOUNT[*]}"
fi
exit $failed
