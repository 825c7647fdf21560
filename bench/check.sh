#!/usr/bin/env bash
# The cost of the checks (--check=NAME): usage: bench/check.sh BUILD_DIR
#
# Runs the demo, CoreMark (when the build has it: -DA72SIM_COREMARK_DIR) and bench kernels plainly and
# under each check and --check=all, and prints one Markdown row per program: the MIPS of each run
# (best of REPEATS). The bench kernels are cut at CAP instructions (--max-insns) so that the slow
# runs stay short. Every run of a program must execute the same instructions as its plain run (the
# checks observe, they change nothing): the script fails otherwise.
set -u
REPEATS=${REPEATS:-2}
CAP=${CAP:-20000000}
build=${1:?usage: bench/check.sh BUILD_DIR}
sim=$build/a72sim
CHECKS="tlb bbm sync cache gic psci all"
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

field() {
    python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])[sys.argv[2]])' \
        "$1" "$2" 2>/dev/null
}

# measure NAME ARGS...: prints " | MIPS" for the plain run and each check.
measure() {
    local name=$1
    shift
    local row="| $name" plain_insns="" check mips insns n
    for check in none $CHECKS; do
        local best=""
        for ((n = 0; n < REPEATS; n++)); do
            if [ "$check" = none ]; then
                "$sim" --stats=json "$@" >/dev/null 2>"$tmp/err"
            else
                "$sim" --stats=json --check="$check" "$@" >/dev/null 2>"$tmp/err"
            fi
            mips=$(field "$tmp/err" mips)
            insns=$(field "$tmp/err" instructions)
            if [ -z "$mips" ]; then
                echo "bench/check: $name --check=$check: no statistics" >&2
                failed=1
                continue
            fi
            [ -z "$plain_insns" ] && plain_insns=$insns
            if [ "$insns" != "$plain_insns" ]; then
                echo "bench/check: $name --check=$check ran $insns instructions, the plain run $plain_insns" >&2
                failed=1
            fi
            best=$(awk -v a="$best" -v b="$mips" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }')
        done
        row="$row | $best"
    done
    echo "$row | $plain_insns |"
}

echo "| program | plain | tlb | bbm | sync | cache | gic | psci | all | instructions |"
echo "|---|---|---|---|---|---|---|---|---|---|"
[ -e "$build/demo/hyp.elf" ] && measure "demo (2 cores)" "$build/demo/hyp.elf"
iterations=$(sed -n 's/^A72SIM_COREMARK_ITERATIONS:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null)
[ -e "$build/tests/guest/coremark.elf" ] &&
    measure "CoreMark (${iterations:-?} iterations)" --el3 "$build/tests/guest/coremark.elf"
for b in alu ldst ldst_mmu world_switch exc_storm; do
    [ -e "$build/bench/$b.elf" ] || continue
    measure "bench $b (first $CAP)" --max-insns "$CAP" "$build/bench/$b.elf"
done
exit $failed
