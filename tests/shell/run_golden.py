#!/usr/bin/env python3
"""Run one piped shell script and compare its output with the golden file.

usage: run_golden.py A72SIM GUEST_DIR SCRIPT.cmd GOLDEN.out [DEMO_DIR]

The script's first line is "# args: OPTIONS IMAGE..." (GUEST_DIR replaces @GUEST@, DEMO_DIR @DEMO@, the
script's own directory @SRC@), and may be
followed by "# status: N" (the shell's expected exit status, default 0). stdout and stderr are
compared together (the shell flushes stdout before each error line). With A72SIM_UPDATE_GOLDEN=1
the golden file is written instead."""
import os
import shlex
import subprocess
import sys


def main():
    sim, guest_dir, script, golden = sys.argv[1:5]
    demo_dir = sys.argv[5] if len(sys.argv) > 5 else "@DEMO@"
    with open(script) as f:
        text = f.read()
    lines = text.splitlines()
    src_dir = os.path.dirname(os.path.abspath(script))
    args = shlex.split(lines[0].split(":", 1)[1].replace("@GUEST@", guest_dir).replace("@DEMO@", demo_dir)
                       .replace("@SRC@", src_dir))
    status = 0
    if len(lines) > 1 and lines[1].startswith("# status:"):
        status = int(lines[1].split(":", 1)[1])
    env = dict(os.environ, HOME=os.path.dirname(os.path.abspath(golden)) + "/no-home", A72SIM_HISTORY="")
    p = subprocess.run([sim, "shell"] + args, input=text, capture_output=False, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=env, timeout=120)
    out = p.stdout.replace(guest_dir, "@GUEST@").replace(demo_dir, "@DEMO@").replace(src_dir, "@SRC@")
    if os.environ.get("A72SIM_UPDATE_GOLDEN"):
        with open(golden, "w") as f:
            f.write(out)
    with open(golden) as f:
        want = f.read()
    ok = True
    if out != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), out.splitlines(True), golden, "actual"))
        ok = False
    if p.returncode != status:
        print(f"exit status {p.returncode}, expected {status}")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
