#!/bin/sh
# Run one libFuzzer target for a bounded time: run.sh FUZZER SEED_CORPUS SECONDS [libFuzzer options]
# The checked-in seed corpus is only read; new inputs go to a temporary directory. Exit status 77
# (CTest: skipped) when the target was not built (no libFuzzer runtime); otherwise libFuzzer's.
set -u
fuzzer=$1 corpus=$2 seconds=$3
shift 3
if [ ! -x "$fuzzer" ]; then
    echo "skipped: $fuzzer was not built (clang's libFuzzer runtime, libclang-rt-14-dev, is missing)"
    exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/a72sim-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
# -close_fd_mask=3: the guests' UART and semihosting output is not the fuzzer's report
"$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -close_fd_mask=3 -print_final_stats=1 \
    -artifact_prefix="${A72SIM_FUZZ_ARTIFACTS:-$work}/" "$@" "$work" "$corpus"
status=$?
for crash in "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-*; do
    [ -e "$crash" ] && { echo "finding: $crash"; od -A x -t x1z "$crash" | head -20; }
done
exit $status
