#!/usr/bin/env python3
"""Ctrl-C (SIGINT) in `a72sim run` stops the run with status 130, one line per core (PC, EL, VMID,
state) and the last exceptions each core took.

usage: ctrl_c_run.py A72SIM LOOP.elf"""
import re
import signal
import subprocess
import sys
import time


def main():
    sim, loop = sys.argv[1:3]
    # The guest takes the same exception at its vector forever (no --exception-loop stop).
    p = subprocess.Popen([sim, "run", "--console", "none", "--exception-loop", "0", loop], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    lines = err.splitlines()
    problems = []
    if p.returncode != 130:
        problems.append(f"exit status {p.returncode}, expected 130")
    if not lines or not re.match(r"a72sim: interrupted \(Ctrl-C\) after \d+ instructions:$", lines[0]):
        problems.append("no first line saying the run was interrupted")
    if not any(re.match(r"a72sim:   cpu0: running, pc 0x0000000000000200 EL2 VMID 0, \d+ instructions", l)
               for l in lines):
        problems.append("no line giving cpu0's state at its vector")
    if not any("cpu1: off" in l for l in lines):
        problems.append("no line giving cpu1's state")
    if not any(re.match(r"a72sim:   cpu0: the last 4 of \d+ exceptions taken:", l) for l in lines):
        problems.append("no list of cpu0's last exceptions")
    if sum(1 for l in lines if re.match(r"a72sim:     EC 0x00 UNKNOWN EL2 -> EL2, return address "
                                           r"0x0000000000000200, after \d+ instructions", l)) != 4:
        problems.append("not four lines naming the exception (EC 0x00 at 0x200)")
    if not any("cpu1: no exception taken" in l for l in lines):
        problems.append("cpu1's (no) exceptions not given")
    print(err)
    for pr in problems:
        print("FAIL:", pr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
