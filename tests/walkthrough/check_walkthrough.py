#!/usr/bin/env python3
"""Keeps the README's "Your first hypervisor test" walkthrough true.

usage: check_walkthrough.py A72SIM README EXAMPLE_DIR

Each fenced block of the README that follows a marker `<!-- walkthrough: NAME -->` is checked:
- a file name (first.S, link.ld, first.ini): the block is that file of EXAMPLE_DIR, byte for byte;
- `commands`: run in order in a scratch copy of EXAMPLE_DIR, `a72sim` standing for A72SIM; each
  must exit 0, and the stdout of `a72sim first.elf` must be the `output` block.
Then the suite must be able to fail: with the HVC count expected to be 2, `a72sim regress` exits 1.
Prints "ok" or "FAIL: why"; exit status 0 or 1.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile


def blocks(readme):
    """{name: text} of every fenced block after a walkthrough marker."""
    found = {}
    for m in re.finditer(r"<!-- walkthrough: ([\w.]+) -->\n```[a-z]*\n(.*?)^```", readme, re.S | re.M):
        found[m.group(1)] = m.group(2)
    return found


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    sim, readme_path, example = os.path.abspath(argv[1]), argv[2], argv[3]
    with open(readme_path, encoding="utf-8") as f:
        shown = blocks(f.read())
    problems = []
    files = sorted(n for n in os.listdir(example) if not n.startswith("."))
    for name in files:
        with open(os.path.join(example, name), encoding="utf-8") as f:
            if shown.get(name) != f.read():
                problems.append(f"the README's {name} is not {os.path.join(example, name)}")
    for needed in ("commands", "output"):
        if needed not in shown:
            problems.append(f"the README has no '{needed}' walkthrough block")
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1

    with tempfile.TemporaryDirectory(prefix="a72sim-walkthrough-") as tmp:
        for name in files:
            shutil.copy(os.path.join(example, name), tmp)
        run_output = None
        for line in shown["commands"].splitlines():
            line = line.split("  #")[0].strip()
            if not line:
                continue
            args = shlex.split(line)
            if args[0] == "a72sim":
                args[0] = sim
            r = subprocess.run(args, cwd=tmp, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
            if r.returncode != 0:
                print(f"FAIL: `{line}` exited {r.returncode}: {r.stdout.decode()!r} {r.stderr.decode()!r}")
                return 1
            if args[1:] == ["first.elf"]:
                run_output = r.stdout.decode()
        if run_output != shown["output"]:
            print(f"FAIL: `a72sim first.elf` printed {run_output!r}, the README shows {shown['output']!r}")
            return 1
        # The suite is not vacuous: a wrong expectation makes it fail.
        with open(os.path.join(tmp, "first.ini"), encoding="utf-8") as f:
            suite = f.read()
        with open(os.path.join(tmp, "wrong.ini"), "w", encoding="utf-8") as f:
            f.write(suite.replace("0x16:1", "0x16:2"))
        r = subprocess.run([sim, "regress", "wrong.ini"], cwd=tmp, capture_output=True, timeout=60)
        if r.returncode != 1 or b"expected 2" not in r.stdout:
            print(f"FAIL: a suite expecting two HVCs did not fail: exit {r.returncode}, {r.stdout.decode()!r}")
            return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
