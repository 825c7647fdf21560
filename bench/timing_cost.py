#!/usr/bin/env python3
"""What the timing model costs: usage: bench/timing_cost.py BUILD_DIR [REPEATS] [--sim A72SIM]

Runs each benchmark program (BUILD_DIR/bench/*.elf) and, when it was built (cmake
-DA72SIM_COREMARK_DIR=...), CoreMark (BUILD_DIR/tests/guest/coremark.elf), with --timing=static,
--no-cache-model and the full model, REPEATS times each (default 3) with the modes interleaved,
and prints MIPS over the a72sim process's CPU time (user + system: a shared machine's load
disturbs it less than wall time), the best of the repeats, with each full mode's cost against
static timing (each mode's MIPS over its own instruction count: CoreMark prints the time it measured,
so its count differs by a few instructions between the modes). --sim runs another build's a72sim
on BUILD_DIR's programs (bench/bare_runs.sh: a build whose full model is not modelled).

Exit status: 0 when every run exited 0, 1 otherwise.
"""
import json
import os
import resource
import subprocess
import sys

PROGRAMS = ["alu", "ldst", "ldst_mmu", "call", "world_switch", "exc_storm", "fp", "neon", "crypto"]
MODES = [("static", ["--timing=static"]), ("no-cache", ["--no-cache-model"]), ("full", [])]


def cpu_seconds_of(cmd):
    """Run cmd; its CPU seconds, its exit status and its --stats=json object."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = p.stderr.strip().splitlines()
    stats = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
    return seconds, p.returncode, stats


def main():
    args = sys.argv[1:]
    sim = None
    if "--sim" in args:
        at = args.index("--sim")
        if at + 1 >= len(args):
            sys.exit("bench/timing_cost.py: --sim needs the path of an a72sim")
        sim = args[at + 1]
        del args[at:at + 2]
    if not 1 <= len(args) <= 2:
        sys.exit("usage: bench/timing_cost.py BUILD_DIR [REPEATS] [--sim A72SIM]")
    build = args[0]
    repeats = int(args[1]) if len(args) > 1 else 3
    sim = sim or os.path.join(build, "a72sim")
    runs = [(name, [os.path.join(build, "bench", name + ".elf")]) for name in PROGRAMS]
    coremark = os.path.join(build, "tests", "guest", "coremark.elf")
    if os.path.exists(coremark):
        runs.append(("CoreMark", ["--el3", coremark]))
    failed = False
    print("| program | `--timing=static` | `--no-cache-model` | full (default) |")
    print("|---|---|---|---|")
    for name, image in runs:
        best, insns = {}, {}
        for _ in range(repeats):
            for mode, opts in MODES:
                seconds, status, stats = cpu_seconds_of([sim, "run", "--stats=json"] + opts + image)
                if status != 0 or stats is None:
                    print(f"{name} {mode}: exit status {status}", file=sys.stderr)
                    failed = True
                    continue
                insns[mode] = stats["instructions"]
                best[mode] = min(best.get(mode, float("inf")), seconds)
        if len(best) != len(MODES):
            continue
        mips = {mode: insns[mode] / best[mode] / 1e6 for mode, _ in MODES}
        cells = [f"{mips['static']:.3g}"]
        for mode in ("no-cache", "full"):
            cells.append(f"{mips[mode]:.3g} ({(mips[mode] / mips['static'] - 1) * 100:+.0f}%)".replace("-", "−"))
        label = name if name == "CoreMark" else f"`{name}`"
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
