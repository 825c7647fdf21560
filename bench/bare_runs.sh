#!/bin/sh
# What the full model's fast run loop costs before any modelling: usage: bench/bare_runs.sh BUILD_DIR [REPEATS]
#
# Builds a72sim in BUILD_DIR-bare with -DA72SIM_BARE_RUNS=ON: its fast loop executes the same runs as
# the full model's and counts them, but neither puts their branches through the predictor nor issues
# them on the scoreboard. Then bench/timing_cost.py runs BUILD_DIR's programs on it. Its static
# column is the static loop, unchanged; its other two say what delimiting the runs costs alone,
# the floor under the full model's cost (docs/timing.md, "Speed"). Its cycle counts are not the model's.
set -e
build=${1:?usage: bench/bare_runs.sh BUILD_DIR [REPEATS]}
repeats=${2:-3}
here=$(dirname "$0")
bare="$build-bare"
cmake -S "$here/.." -B "$bare" -DCMAKE_BUILD_TYPE=Release -DA72SIM_BARE_RUNS=ON -DA72SIM_GUEST_TESTS=OFF >/dev/null
cmake --build "$bare" --target a72sim >/dev/null
exec python3 "$here/timing_cost.py" "$build" "$repeats" --sim "$bare/a72sim"
