#!/usr/bin/env bash
# Snapshot and reverse execution benchmarks: usage: bench/snapshot.sh BUILD_DIR
#
# 1. Checkpoint overhead: each benchmark program (BUILD_DIR/bench/*.elf), the demo and (when cached)
#    the Linux boot run plainly and with reverse execution's checkpoints at the default interval
#    (--record); the best CPU time (user + system) of REPEATS runs each, and the overhead in percent.
#    (Times in 2. are CPU times too.)
# 2. A 2 GiB machine with a booted Linux (Debian's kernel and the no-FP initramfs of tests/stacks,
#    when tests/stacks/fetch.sh has cached them): the run to LINUX_AT instructions with and without
#    --save-at there (the difference is the time to save), the snapshot's size, the time to restore
#    it, and a check that the restored run ends as the plain one does (output and --stats).
# 3. reverse-stepi latency on the demo and on Linux (bench/reverse_latency).
#
# Exit status: 0 when every run behaved (same instructions and output with and without
# checkpoints; the restored Linux run identical), 1 otherwise.
set -u
REPEATS=${REPEATS:-3}
BENCHES=${BENCHES:-"alu ldst ldst_mmu call world_switch exc_storm fp neon crypto"}
LINUX_AT=${LINUX_AT:-400000000}
build=${1:?usage: bench/snapshot.sh BUILD_DIR}
sim=$build/a72sim
src=$(cd "$(dirname "$0")/.." && pwd)
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# best_time OUT_PREFIX ARGS...: the best CPU time (user + system seconds: less sensitive than wall
# time to the other work of a shared host) of REPEATS runs of a72sim ARGS; the last run's stdout and
# stderr stay in OUT_PREFIX.out / .err.
best_time() {
    local prefix=$1 best="" t n
    shift
    for ((n = 0; n < REPEATS; n++)); do
        /usr/bin/time -f "%U %S" -o "$prefix.time" "$sim" "$@" >"$prefix.out" 2>"$prefix.err"
        # (time writes "Command exited with non-zero status N" first when it is not 0)
        t=$(tail -n 1 "$prefix.time" | awk '{ printf "%.4f", $1 + $2 }')
        best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
    done
    echo "$best"
}

# counts FILE: instructions and cycles from the --stats=json line (the last of FILE).
counts() {
    python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print(d["instructions"], [c["cycles"] for c in d["cores"]])' "$1" 2>/dev/null
}

# stats_without_host FILE: the --stats=json line without the host's time.
stats_without_host() {
    tail -n 1 "$1" | sed -E 's/"host_seconds":[0-9.e+-]+,"mips":[0-9.e+-]+,//'
}

echo "== checkpoint overhead at the default interval (--record), CPU seconds (user + system), best of $REPEATS"
printf "%-14s %12s %10s %10s %9s\n" program instructions plain record overhead
# loop_time N ARGS...: CPU seconds of N runs of a72sim ARGS, for runs too short to time one by one.
loop_time() {
    local n=$1
    shift
    /usr/bin/time -f "%U %S" -o "$tmp/loop.time" sh -c 'n=$1; shift; while [ "$n" -gt 0 ]; do "$@" >/dev/null 2>&1; n=$((n - 1)); done' \
        sh "$n" "$sim" "$@"
    tail -n 1 "$tmp/loop.time" | awk '{ printf "%.4f", $1 + $2 }'
}

for name in $BENCHES demo; do
    if [ "$name" = demo ]; then elf=$build/demo/hyp.elf; else elf=$build/bench/$name.elf; fi
    [ -e "$elf" ] || { echo "$name: $elf missing (build first)"; failed=1; continue; }
    plain=$(best_time "$tmp/plain" --stats=json "$elf")
    rec=$(best_time "$tmp/rec" --stats=json --record "$elf")
    if [ "$name" = demo ]; then # 15 ms a run: 100 runs of each
        plain=$(loop_time 100 "$elf")
        rec=$(loop_time 100 --record "$elf")
        name="demo (x100)"
    fi
    a=$(counts "$tmp/plain.err") b=$(counts "$tmp/rec.err")
    if [ -z "$a" ] || [ "$a" != "$b" ] || ! cmp -s "$tmp/plain.out" "$tmp/rec.out"; then
        echo "$name: the recorded run differs from the plain one ($a / $b)"
        failed=1
    fi
    printf "%-14s %12s %9ss %9ss %8s%%\n" "$name" "${a%% *}" "$plain" "$rec" \
        "$(awk -v p="$plain" -v r="$rec" 'BEGIN { printf "%.1f", (r - p) / p * 100 }')"
done

env=${A72SIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/a72sim}/stacks.env
initrd=$build/tests/stacks/nofp.cpio.gz
if [ -f "$env" ] && . "$env" && [ -f "${KERNEL:-}" ] && [ -f "$initrd" ]; then
    echo
    echo "== a 2 GiB machine booting Debian's Linux ($(basename "$KERNEL"), --smp 1), saved at $LINUX_AT instructions"
    boot=(--smp 1 --mem 2G --stats=json --kernel "$KERNEL" --initrd "$initrd" --append "console=ttyAMA0 panic=-1 rdinit=/init")
    REPEATS=1
    to=$(best_time "$tmp/to" "${boot[@]}" --max-insns "$LINUX_AT")
    save=$(best_time "$tmp/save" "${boot[@]}" --max-insns "$LINUX_AT" --save-at "$LINUX_AT" "$tmp/linux.snap")
    size=$(stat -c %s "$tmp/linux.snap" 2>/dev/null || echo 0)
    restore=$(best_time "$tmp/restore" --smp 1 --mem 2G --restore "$tmp/linux.snap" --max-insns $((LINUX_AT + 1)))
    full=$(best_time "$tmp/full" "${boot[@]}" --max-insns 8000000000)
    rest=$(best_time "$tmp/rest" --smp 1 --mem 2G --stats=json --restore "$tmp/linux.snap" --max-insns 8000000000)
    recfull=$(best_time "$tmp/recfull" "${boot[@]}" --record --max-insns 8000000000)
    printf "run to the point %.2f s; with the save %.2f s: saving took %.2f s; snapshot %.1f MiB\n" "$to" "$save" \
        "$(awk -v a="$save" -v b="$to" 'BEGIN { d = a - b; print (d < 0 ? 0 : d) }')" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')"
    printf "restore (start, load, run 1 instruction) %.2f s; the rest of the boot from it %.2f s, all of it %.2f s\n" \
        "$restore" "$rest" "$full"
    # The output up to the point (the run stopped there) and the restored run's: the whole output.
    if [ "$(stats_without_host "$tmp/full.err")" != "$(stats_without_host "$tmp/rest.err")" ] ||
        ! cat "$tmp/to.out" "$tmp/rest.out" | cmp -s - "$tmp/full.out"; then
        echo "the restored Linux run differs from the plain one"
        failed=1
    else
        echo "the restored run ends as the plain one: same output, instructions, cycles and statistics"
    fi
    printf "the whole boot recorded (--record) %.2f s: %s%% over the plain boot\n" "$recfull" \
        "$(awk -v p="$full" -v r="$recfull" 'BEGIN { printf "%.1f", (r - p) / p * 100 }')"
    grep "a72sim: --record" "$tmp/recfull.err"
    if [ "$(stats_without_host "$tmp/full.err")" != "$(stats_without_host "$tmp/recfull.err")" ]; then
        echo "the recorded Linux boot differs from the plain one"
        failed=1
    fi
    latency_linux=(--smp 1 --mem 2G --uart0 none --uart1 none --kernel "$KERNEL" --initrd "$initrd"
                   --append "console=ttyAMA0 panic=-1 rdinit=/init")
else
    echo
    echo "(no cached Debian kernel or no-FP initramfs: tests/stacks/fetch.sh and the stacks_nofp target; Linux skipped)"
    latency_linux=()
fi

echo
echo "== reverse-stepi latency (default interval 10000000 instructions)"
if [ -x "$build/bench/reverse_latency" ]; then
    echo "-- the demo (two cores), recorded to 110000 instructions (interval 20000):"
    "$build/bench/reverse_latency" 20000 110000 --uart0 none --uart1 none "$build/demo/hyp.elf" || failed=1
    if [ ${#latency_linux[@]} -gt 0 ]; then
        echo "-- Linux, recorded to $LINUX_AT instructions:"
        "$build/bench/reverse_latency" 10000000 "$LINUX_AT" "${latency_linux[@]}" || failed=1
    fi
else
    echo "$build/bench/reverse_latency missing (build first)"
    failed=1
fi
exit $failed
