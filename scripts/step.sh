#!/bin/sh
# step.sh LABEL LOG COMMAND...: run COMMAND with its output in LOG; print one line "LABEL" when it
# succeeds, or "LABEL: failed" and the whole log when it fails (and exit with its status).
set -u
label=$1 log=$2
shift 2
mkdir -p "$(dirname "$log")"
if "$@" >"$log" 2>&1; then
    echo "$label"
else
    status=$?
    echo "$label: failed (exit status $status); the log, $log:" >&2
    cat "$log" >&2
    exit "$status"
fi
