#!/usr/bin/env python3
"""Scripting the shell as gdb is scripted: -ex CMD and -x FILE in order, -batch (no command loop,
status 1 at the first failing command, the rest not run), ~/.a72simrc unless -nx, commands from a
pipe with no prompt; bad options and images end with status 2 and one line.

usage: scripting.py A72SIM HYP.elf"""
import os
import subprocess
import sys
import tempfile

problems = []


def run(sim, args, home, stdin=""):
    p = subprocess.run([sim, "shell", *args], input=stdin, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, HOME=home, A72SIM_HISTORY=""))
    return p.returncode, p.stdout, p.stderr


def expect(what, got, want):
    if got != want:
        problems.append(f"{what}: got {got!r}, expected {want!r}")


def main():
    sim, hyp = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as home:
        expect("-batch -ex", run(sim, ["-batch", "-ex", "stepi 2", "-ex", "print $pc", hyp], home),
               (0, "[cpu0 EL2] 0x0000000000200008 <_start+8>:  adr x0, #0x200800\n$1 = 0x200008 (2097160)\n", ""))
        expect("-batch stops at the first error", run(sim, ["-batch", "-ex", "frob", "-ex", "print 1", hyp], home),
               (1, "", 'Undefined command: "frob".  Try "help".\n'))
        script = os.path.join(home, "cmds")
        with open(script, "w") as f:
            f.write("# a comment\n\nbreak guest_hvc\ncontinue\nprint vmid\n")
        expect("-x FILE then -ex", run(sim, ["-batch", "-x", script, "-ex", "print el", hyp], home),
               (0, "Breakpoint 1 at 0x2000c0 <guest_hvc>\n"
                   "Breakpoint 1, [cpu0 EL1 vmid2] 0x00000000002000c0 <guest_hvc>:  hvc #0x42\n"
                   "$1 = 0x2 (2)\n$2 = 0x1 (1)\n", ""))
        expect("piped commands, no prompt", run(sim, [hyp], home, "print 6 * 7\nquit\n"), (0, "$1 = 0x2a (42)\n", ""))
        expect("piped: an error does not end the shell", run(sim, [hyp], home, "frob\nprint 1\n"),
               (0, "$1 = 0x1 (1)\n", 'Undefined command: "frob".  Try "help".\n'))
        expect("quit STATUS", run(sim, [hyp], home, "quit 7\nprint 1\n"), (7, "", ""))
        with open(os.path.join(home, ".a72simrc"), "w") as f:
            f.write("tbreak guest_store\n")
        expect("~/.a72simrc", run(sim, ["-batch", "-ex", "info breakpoints", hyp], home)[1].splitlines(),
               ["Temporary breakpoint 1 at 0x2000c8 <guest_store>", "Num     Type            Disp Enb What",
                "1       breakpoint      del  y   0x2000c8 <guest_store>"])
        expect("-nx", run(sim, ["-nx", "-batch", "-ex", "info breakpoints", hyp], home),
               (0, "No breakpoints, watchpoints or catchpoints.\n", ""))
        trace = os.path.join(home, "t.txt")
        rc, out, err = run(sim, ["-batch", "-ex", f"trace start {trace}", "-ex", "stepi 2", "-ex", "reset", hyp], home)
        expect("trace start, then reset closes the trace", (rc, err), (0, ""))
        with open(trace) as f:
            lines = f.read().splitlines()
        expect("the trace of two steps", lines[:2], ["cpu0 EL2 0000000000200000 580063c0  ldr x0, #0x200c78",
                                                     "cpu0 EL2 0000000000200004 9100001f  mov sp, x0"])
        # Started where a step stopped: the trace begins with the instruction the core stands before.
        rc, out, err = run(sim, ["-batch", "-ex", "stepi", "-ex", f"trace start {trace}", "-ex", "stepi",
                                 "-ex", "trace stop", hyp], home)
        with open(trace) as f:
            lines = f.read().splitlines()
        expect("a trace started after a step", (rc, lines[0]), (0, "cpu0 EL2 0000000000200004 9100001f  mov sp, x0"))
        # A trace started in the shell names functions from --symbols too: its filter selects one.
        names = os.path.join(home, "names.map")
        with open(names, "w") as f:
            f.write("0000000000200000 T map_first_two\n0000000000200008 T map_after\n")
        rc, out, err = run(sim, ["--symbols", names, "-batch", "-ex", f"trace start {trace} func=map_first_two",
                                 "-ex", "stepi 4", "-ex", "trace stop", hyp], home)
        with open(trace) as f:
            lines = f.read().splitlines()
        expect("a shell trace filtered by a --symbols function", (rc, err, [l.split()[2] for l in lines]),
               (0, "", ["0000000000200000", "0000000000200004"]))
        rc, out, err = run(sim, ["-batch", "-ex"], home)
        expect("-ex without a command", (rc, out, len(err.splitlines())), (2, "", 1))
        rc, out, err = run(sim, ["--frobnicate", hyp], home)
        expect("a bad run option", (rc, out, len(err.splitlines())), (2, "", 1))
        rc, out, err = run(sim, ["-batch", os.path.join(home, "missing.elf")], home)
        expect("a missing image", (rc, out, len(err.splitlines())), (2, "", 1))
    for p in problems:
        print("FAIL:", p)
    if not problems:
        print("scripting behaves as gdb's")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
