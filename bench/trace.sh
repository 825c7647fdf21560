#!/usr/bin/env bash
# Benchmarks of trace capture: usage: bench/trace.sh BUILD_DIR
#
# On BUILD_DIR/bench/alu.elf (straight-line integer work, EL2) and world_switch.elf (a hypervisor
# switching to a guest and back: events), each N instructions (--max-insns), best of REPEATS:
#   1. events only (--trace FILE.db) against no trace: MIPS and the ratio;
#   2. filtered instruction rows (--trace-filter all): rows per second of the run, and of the run
#      plus the end (indexes, aggregates), and bytes per row;
#   3. the full compressed stream (--trace-full): MIPS and bytes per instruction (blocks' data);
#   4. the Tarmac export of 1 M instructions with their registers and memory accesses: lines/s.
# Figures depend on the host and its load; the machine's other work shows in them.
set -u
REPEATS=${REPEATS:-3}
N=${N:-20000000}
ROWS_N=${ROWS_N:-3000000}
build=${1:?usage: bench/trace.sh BUILD_DIR}
sim=$build/a72sim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mips ARGS...: the best MIPS of --stats over REPEATS runs
mips() {
    local best=0 m
    for _ in $(seq "$REPEATS"); do
        rm -f "$tmp"/t.db*
        m=$("$sim" --stats=json "$@" 2>&1 >/dev/null | tail -1 | json_field mips)
        best=$(awk -v a="$best" -v b="$m" 'BEGIN { print (b > a) ? b : a }')
    done
    echo "$best"
}

now() { date +%s.%N; }

# json_field NAME: a top-level field of the --stats=json line on stdin
json_field() { python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }

for prog in alu world_switch; do
    elf=$build/bench/$prog.elf
    base=$(mips --max-insns "$N" "$elf")
    ev=$(mips --max-insns "$N" --trace "$tmp/t.db" "$elf")
    echo "$prog: untraced $base MIPS, events only $ev MIPS ($(awk -v a="$ev" -v b="$base" 'BEGIN { printf "%.1f", 100 * a / b }')%)"
done

elf=$build/bench/alu.elf
rm -f "$tmp"/t.db*
t0=$(now)
host=$("$sim" --stats=json --max-insns "$ROWS_N" --trace "$tmp/t.db" --trace-filter all "$elf" 2>&1 >/dev/null |
       tail -1 | json_field host_seconds)
t1=$(now)
size=$(stat -c %s "$tmp/t.db")
awk -v n="$ROWS_N" -v h="$host" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v s="$size" 'BEGIN {
    printf "rows (--trace-filter all, %d instructions): %.2f M rows/s during the run, %.2f M rows/s with the end, %.1f bytes/row\n",
           n, n / h / 1e6, n / w / 1e6, s / n }'

rm -f "$tmp"/t.db*
full=$(mips --max-insns "$N" --trace "$tmp/t.db" --trace-full "$elf")
rm -f "$tmp"/t.db*
"$sim" --max-insns "$N" --trace "$tmp/t.db" --trace-full "$elf" >/dev/null 2>&1
bpi=$(sqlite3 "$tmp/t.db" "SELECT printf('%.3f', SUM(LENGTH(data)) * 1.0 / SUM(count)) FROM blocks")
fsize=$(stat -c %s "$tmp/t.db")
echo "full stream (--trace-full, alu): $full MIPS, $bpi bytes/instruction in blocks, $(awk -v s="$fsize" -v n="$N" 'BEGIN { printf "%.3f", s / n }') bytes/instruction in the file"
rm -f "$tmp"/t.db*
"$sim" --el3 --max-insns 1000000 --trace "$tmp/t.db" --trace-full "$build/tests/guest/mmu_s2.elf" >/dev/null 2>&1
bpi=$(sqlite3 "$tmp/t.db" "SELECT printf('%.3f', SUM(LENGTH(data)) * 1.0 / SUM(count)) FROM blocks")
echo "full stream (--trace-full, mmu_s2 guest test): $bpi bytes/instruction in blocks"

rm -f "$tmp"/t.db*
"$sim" --max-insns 1000000 --trace "$tmp/t.db" --trace-filter all --trace-regs --trace-mem "$elf" >/dev/null 2>&1
t0=$(now)
"$sim" trace tarmac "$tmp/t.db" --cpu 0 -o "$tmp/t.tarmac"
t1=$(now)
lines=$(wc -l < "$tmp/t.tarmac")
awk -v l="$lines" -v a="$t0" -v b="$t1" 'BEGIN { printf "tarmac export: %d lines in %.2f s: %.2f M lines/s\n", l, b - a, l / (b - a) / 1e6 }'
