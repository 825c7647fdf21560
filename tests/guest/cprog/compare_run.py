#!/usr/bin/env python3
"""Runs a compiled C guest program on a72sim and on QEMU and compares output and instruction count.

Usage: compare_run.py --sim A72SIM --qemu QEMU --elf PROG.ELF [--ignore REGEX ...] [--no-count]

1. Output: both runs' console lines must be equal, except lines matching an --ignore regex (for
   lines that print host or simulated time, which differ by design).
2. Instruction count: a72sim's --stats count against QEMU's, counted as the "Trace 0:" lines of
   `-singlestep -d nochain,exec` (one translation block per instruction, every block logged when
   executed). QEMU passes "ELF-PATH ARGS" as the semihosting command line, so a72sim gets the same
   string with --append: the guest then runs the same instructions.
Exit status 0 when both agree.
"""
import argparse
import re
import subprocess
import sys

QEMU_MACHINE = ["-M", "xlnx-versal-virt", "-smp", "4", "-display", "none", "-monitor", "none"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--ignore", action="append", default=[])
    ap.add_argument("--no-count", action="store_true")
    ap.add_argument("--max-insns", default="20000000000")
    args = ap.parse_args()
    ignore = [re.compile(r) for r in args.ignore]

    sim = subprocess.run([args.sim, "--el3", "--stats", "--max-insns", args.max_insns, "--append", args.elf,
                          args.elf], capture_output=True, text=True, timeout=3000)
    qemu = subprocess.run([args.qemu] + QEMU_MACHINE + ["-serial", "file:/dev/stdout", "-semihosting",
                          "-kernel", args.elf], capture_output=True, text=True, timeout=3000,
                          stdin=subprocess.DEVNULL)
    print(f"a72sim exit status {sim.returncode}, QEMU {qemu.returncode}")
    sys.stdout.write(sim.stdout)
    ok = sim.returncode == 0 and qemu.returncode == 0

    def keep(out):
        return [l for l in out.splitlines() if not any(r.search(l) for r in ignore)]

    # QEMU writes the semihosting console to stderr, a72sim to stdout (its --stats go to stderr);
    # QEMU's own messages ("qemu-system-aarch64: ...") are not the guest's.
    qemu_lines = "\n".join(l for l in (qemu.stdout + qemu.stderr).splitlines() if not l.startswith("qemu-system-"))
    ls, lq = keep(sim.stdout), keep(qemu_lines)
    if ls != lq:
        ok = False
        for n, (a, b) in enumerate(zip(ls + [""] * len(lq), lq + [""] * len(ls))):
            if a != b:
                print(f"output differs at line {n + 1}:\n  a72sim: {a}\n  QEMU:   {b}")
                break
    else:
        print(f"output: {len(ls)} lines equal ({len(sim.stdout.splitlines()) - len(ls)} ignored)")

    m = re.search(r"a72sim: instructions (\d+)", sim.stderr)
    sim_count = int(m.group(1)) if m else None
    if not args.no_count:
        p = subprocess.Popen([args.qemu] + QEMU_MACHINE + ["-serial", "null", "-semihosting", "-kernel",
                             args.elf, "-singlestep", "-d", "nochain,exec", "-D", "/dev/stdout"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        qemu_count = sum(1 for line in p.stdout if line.startswith(b"Trace 0:"))
        p.wait()
        same = sim_count == qemu_count
        print(f"instructions: a72sim {sim_count}, QEMU {qemu_count}: {'equal' if same else 'DIFFERENT'}")
        ok = ok and same
    else:
        print(f"instructions: a72sim {sim_count} (not counted on QEMU)")
    if sim.returncode != 0:
        sys.stdout.write(sim.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
