#!/usr/bin/env python3
"""Runs the FP/SIMD differential test ELF on a72sim and on QEMU and compares them bit for bit.

Usage: compare.py --sim A72SIM --qemu QEMU --elf DIFF.ELF [--min-executions N] [--not-yet C,...]
                  [--append GUEST_ARGS]

Both print one line per class (a hash of the outputs of every execution, see driver.c). For each
class that differs the script asks both for per-form hashes ("forms class=C"), lists the forms that
differ (and those UNDEFINED on a72sim), then asks for the records of the first differing form
("dump=F") and prints the form (encoding and assembler text), the inputs and both outputs of the
first records that differ. Classes named by --not-yet (default: gen.NOT_YET, the classes a72sim does
not implement yet) are reported but do not fail.
Exit status 0 when every other class agrees and QEMU ran at least --min-executions.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (NOT_YET: the classes a72sim does not implement yet)


def runner(args):
    def sim(append):
        cmd = [args.sim, "--el3", "--max-insns", "100000000000", "--append", append, args.elf]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
        return p.returncode, p.stdout + p.stderr

    def qemu(append):
        cmd = [args.qemu, "-M", "xlnx-versal-virt", "-smp", "4", "-display", "none", "-monitor", "none",
               "-serial", "file:/dev/stdout", "-semihosting", "-kernel", args.elf, "-append",
               "oracle=qemu " + append]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout + p.stderr

    return sim, qemu


def lines(out, prefix):
    return [l for l in out.splitlines() if l.startswith(prefix)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--min-executions", type=int, default=0)
    ap.add_argument("--not-yet", default=",".join(sorted(gen.NOT_YET)),
                    help="classes whose differences are reported only (default: gen.NOT_YET)")
    ap.add_argument("--append", default="", help="extra guest command line, e.g. records=16")
    args = ap.parse_args()
    not_yet = {c for c in args.not_yet.split(",") if c}
    sim, qemu = runner(args)

    rs, out_s = sim(args.append)
    rq, out_q = qemu(args.append)
    cs, cq = lines(out_s, "class "), lines(out_q, "class ")
    if rq != 0 or not cq:
        print(f"QEMU failed (status {rq}):\n{out_q}")
        return 1
    if rs != 0 or len(cs) != len(cq):
        print(f"a72sim failed (status {rs}):\n{out_s}")
        return 1
    total = lines(out_q, "total executions")
    print(total[0] if total else "no total line from QEMU")
    executions = int(total[0].split()[2]) if total else 0

    failed = False
    bad = []
    for ls, lq in zip(cs, cq):
        name = lq.split()[2]
        if ls == lq:
            print(f"same     {lq}")
            continue
        if name in not_yet:
            print(f"NOT YET  {name}: a72sim: {' '.join(ls.split()[3:])}")
            continue
        print(f"DIFFERS  {name}:\n  a72sim: {ls}\n  QEMU:   {lq}")
        failed = True
        bad.append(lq.split()[1])
    if executions < args.min_executions:
        print(f"only {executions} executions, at least {args.min_executions} expected")
        failed = True

    for cls in bad:
        explain(sim, qemu, cls, args.append)
    return 1 if failed else 0


def explain(sim, qemu, cls, append):
    """Per-form hashes of class cls, then the first differing record of the first differing form."""
    _, fs = sim(f"{append} forms class={cls}")
    _, fq = qemu(f"{append} forms class={cls}")
    diffs = [(a, b) for a, b in zip(lines(fs, "form "), lines(fq, "form ")) if a != b]
    undef = [b.split(" hash ")[0] for a, b in diffs if " undefined " in a]
    diffs = [(a, b) for a, b in diffs if " undefined " not in a]
    if undef:
        print(f"class {cls}: {len(undef)} forms UNDEFINED on a72sim, e.g. " +
              "; ".join(u.split(" ", 3)[3] if u.count(" ") >= 3 else u for u in undef[:8]))
    for a, b in diffs[:20]:
        print(f"  a72sim: {a}\n  QEMU:   {b}")
    if not diffs:
        return
    form = diffs[0][1].split()[1]
    _, ds = sim(f"{append} dump={form}")
    _, dq = qemu(f"{append} dump={form}")
    head = lines(dq, "form ")
    print(f"first differing form: {head[0] if head else form}")
    shown = 0
    for a, b in zip(lines(ds, "rec ") or lines(ds, "undefined"), lines(dq, "rec ")):
        if a != b:
            print(f"  a72sim: {a}\n  QEMU:   {b}")
            shown += 1
            if shown == 5:
                break
    if lines(ds, "undefined"):
        print("  a72sim: the instruction is UNDEFINED")


if __name__ == "__main__":
    sys.exit(main())
