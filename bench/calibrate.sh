#!/usr/bin/env bash
# Calibration of the timing model: usage: bench/calibrate.sh BUILD_DIR [a72sim options]
#
# Runs each calibration kernel (BUILD_DIR/bench/cal_*.elf, built by bench/CMakeLists.txt with 1000
# iterations and, as cal_*_2x.elf, 2000) on one core and prints the cycles of one iteration in the
# steady state: the difference of the two runs' cycles divided by 1000. docs/timing.md has the table
# with the Cortex-A72's expected figures beside them. Extra arguments go to a72sim (--timing=static,
# --no-cache-model, ...).
set -eu
build=${1:?usage: bench/calibrate.sh BUILD_DIR [a72sim options]}
shift
cycles() {
    "$build/a72sim" --smp 1 --stats=json "$@" 2>&1 >/dev/null | tail -1 |
        python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["cores"][0]["cycles"])'
}
printf '%-20s %12s\n' kernel cycles/iter
for elf in "$build"/bench/cal_*_2x.elf; do
    name=$(basename "$elf" _2x.elf)
    a=$(cycles "$@" "$build/bench/$name.elf")
    b=$(cycles "$@" "$elf")
    printf '%-20s %12s\n' "$name" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b - a) / 1000 }')"
done
