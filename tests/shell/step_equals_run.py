#!/usr/bin/env python3
"""A run stopped and resumed by the shell ends exactly as `a72sim run` does: the same instructions
and cycles on every core, the same UART output and the same exit.

usage: step_equals_run.py A72SIM SMALL.elf TWO_CORE.elf

SMALL.elf is stepped one instruction at a time to its end; TWO_CORE.elf (the two-VM demo, both
cores) is stepped 1,000 times one by one, then 30,000 instructions at once on each core in turn,
then continued to its end."""
import json
import os
import subprocess
import sys
import tempfile


def cores(stats_line):
    d = json.loads(stats_line)
    return [(c["cpu"], c["instructions"], c["cycles"]) for c in d["cores"]]


def plain_run(sim, elf, uart):
    p = subprocess.run([sim, "run", "--uart0", uart, "--stats=json", elf], capture_output=True, text=True,
                       timeout=300)
    return p.returncode, cores(p.stderr.strip().splitlines()[-1])


def shell_run(sim, elf, uart, script):
    p = subprocess.run([sim, "shell", "--uart0", uart, elf], input=script, capture_output=True, text=True,
                       timeout=300, env=dict(os.environ, HOME=tempfile.gettempdir() + "/no-home"))
    lines = p.stdout.strip().splitlines()
    exited = [l for l in lines if l.startswith("[guest exited with status")]
    status = int(exited[-1].split()[-1].rstrip("]")) if exited else None
    return status, cores(lines[-1]), p.stderr


def check(sim, elf, script, what):
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "run.txt"), os.path.join(tmp, "shell.txt")
        rc, want = plain_run(sim, elf, a)
        status, got, err = shell_run(sim, elf, b, script)
        ok = True
        if (rc, want) != (status, got):
            print(f"{what}: run exits {rc} with {want}, the shell {status} with {got}\n{err}")
            ok = False
        if open(a, "rb").read() != open(b, "rb").read():
            print(f"{what}: the UART output differs")
            ok = False
        if ok:
            print(f"{what}: same exit {rc}, instructions and cycles {got}")
        return ok


def main():
    sim, small, demo = sys.argv[1:4]
    ok = True
    # Every instruction by itself: more stepi than the program has; the extra ones fail politely.
    n = cores(subprocess.run([sim, "run", "--stats=json", small], capture_output=True, text=True).stderr
              .strip().splitlines()[-1])[0][1]
    ok &= check(sim, small, "stepi\n" * (n + 5) + "info stats json\n", "stepi one by one")
    if os.path.exists(demo):
        script = "stepi\n" * 1000 + "stepi 30000\ncpu 1\nstepi 30000\ncpu 0\ncontinue\ninfo stats json\n"
        ok &= check(sim, demo, script, "two cores, stepped then continued")
        script = "catch exception\n" + \
                 "continue\n" * 400 + "delete\ncontinue\ninfo stats json\n"
        ok &= check(sim, demo, script, "two cores, stopped at every exception")
        # Watchpoints send accesses through the slow path (all of them for a virtual one): the run
        # must still be the same.
        script = "awatch el1:0x40000000 4096\nrwatch pa:0x100000 4096\nbreak *pa:0x0\n" + \
                 "continue\n" * 50 + "delete\ncontinue\ninfo stats json\n"
        ok &= check(sim, demo, script, "two cores, under watchpoints")
    else:
        print(f"{demo} is not built: the two-core checks are skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
