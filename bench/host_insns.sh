#!/usr/bin/env bash
# What the timing model costs, in host instructions: usage: bench/host_insns.sh BUILD_DIR [PROGRAM...]
#
# For each program (default: the bench kernels and, when the build has it, CoreMark), counts the host
# instructions a72sim executes per guest instruction in each timing mode (--timing=static,
# --no-cache-model, the full model), under valgrind's cachegrind. The count is the difference between
# a run stopped by --max-insns at 8 M guest instructions and one stopped at 4 M, over 4 M, so start-up
# is left out. Unlike MIPS, the figure does not depend on the host's load or on where the linker put
# the loops (which moves MIPS by about 5%), so it tells a change to the model's work from noise; it
# does not see what costs time without costing instructions (cache misses, mispredicted branches).
#
# Exit status: 0 when every count was taken, 1 otherwise (2: usage, or valgrind missing).
set -u

build=${1:?usage: bench/host_insns.sh BUILD_DIR [PROGRAM...]}
shift
sim=$build/a72sim
if ! command -v valgrind >/dev/null 2>&1; then
    echo "host_insns: valgrind is needed (apt-get install valgrind)" >&2
    exit 2
fi
if [ ! -x "$sim" ]; then
    echo "host_insns: $sim missing: build first (cmake --build $build)" >&2
    exit 2
fi
programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
    programs=(alu ldst ldst_mmu call world_switch exc_storm fp neon crypto)
    [ -e "$build/tests/guest/coremark.elf" ] && programs+=(CoreMark)
fi

# Host instructions of one run: a72sim run OPTIONS... (cachegrind's "I refs").
host_insns() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$sim" run "$@" 2>&1 >/dev/null |
        awk '/I +refs:/ { gsub(",", "", $4); print $4 }'
}

status=0
echo "| program | \`--timing=static\` | \`--no-cache-model\` | full (default) |"
echo "|---|---|---|---|"
for name in "${programs[@]}"; do
    if [ "$name" = CoreMark ]; then
        image=(--el3 "$build/tests/guest/coremark.elf")
    else
        image=("$build/bench/$name.elf")
    fi
    row="| \`$name\` |"
    [ "$name" = CoreMark ] && row="| CoreMark |"
    static=""
    for mode in --timing=static --no-cache-model --timing=full; do
        short=$(host_insns "$mode" --max-insns=4000000 "${image[@]}")
        long=$(host_insns "$mode" --max-insns=8000000 "${image[@]}")
        if [ -z "$short" ] || [ -z "$long" ]; then
            echo "host_insns: $name $mode: no count from valgrind" >&2
            status=1
            row="$row — |"
            continue
        fi
        per=$(awk -v a="$short" -v b="$long" 'BEGIN { printf "%.1f", (b - a) / 4e6 }')
        if [ -z "$static" ]; then
            static=$per
            row="$row $per |"
        else
            row="$row $per ($(awk -v s="$static" -v p="$per" 'BEGIN { d = p - s; printf "%s%.1f", d < 0 ? "−" : "+", d < 0 ? -d : d }')) |"
        fi
    done
    echo "$row"
done
exit $status
