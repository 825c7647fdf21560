#!/usr/bin/env python3
"""The shell's Readline under a real terminal (tmux on a private server): completion of a command,
a symbol, a system register and a file name; history (Up, and the history file); Enter repeating a step;
Ctrl-C dropping the line at the prompt, and stopping a `continue` and giving the prompt back;
Ctrl-D quitting.

usage: readline_tmux.py A72SIM HYP.elf LOOP.elf"""
import os
import shlex
import subprocess
import sys
import tempfile
import time

SERVER = f"a72sim-shell-test-{os.getpid()}"
target = "t"   # the session the helpers talk to


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SERVER, *args], capture_output=True, text=True, check=check)


def screen():
    return tmux("capture-pane", "-p", "-t", target).stdout


def wait_for(text, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        s = screen()
        if text in s:
            return s
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; the screen:\n{screen()}")


def keys(*k):
    tmux("send-keys", "-t", target, *k)


def main():
    sim, hyp, loop = sys.argv[1:4]
    home = tempfile.mkdtemp()
    hist = os.path.join(home, "history")
    env = f"HOME={shlex.quote(home)} A72SIM_HISTORY={shlex.quote(hist)} TERM=xterm"
    failures = 0
    try:
        tmux("new-session", "-d", "-s", "t", "-x", "160", "-y", "50",
             f"env {env} {shlex.quote(sim)} shell {shlex.quote(hyp)}; sleep 30")
        wait_for("(a72sim cpu0 EL2)")
        # A command: "brea" + Tab completes to "break "; a symbol: "guest_h" + Tab to guest_hvc.
        keys("brea", "Tab")
        wait_for("(a72sim cpu0 EL2) break")
        keys("guest_h", "Tab")
        wait_for("break guest_hvc")
        keys("Enter")
        wait_for("Breakpoint 1 at 0x2000c0 <guest_hvc>")
        # A catch kind with a '-' in it, and a symbol after a location's qualifiers.
        keys("catch el-", "Tab")
        wait_for("catch el-change")
        keys("Enter")
        wait_for("Catchpoint 2 (el-change)")
        keys("delete 2", "Enter")
        keys("tbreak *el1:vmid2:guest_loo", "Tab")
        wait_for("tbreak *el1:vmid2:guest_loop")
        keys("Enter")
        wait_for("Temporary breakpoint 3 at el1:vmid2:0x2000d8 <guest_loop>")
        # A system register after '$'.
        keys("print/x $HCR_E", "Tab")
        wait_for("print/x $HCR_EL2")
        keys("Enter")
        wait_for("$1 = 0x80000000")
        # History: Up brings the last line back.
        keys("Up")
        wait_for("(a72sim cpu0 EL2) print/x $HCR_EL2")
        keys("Enter")
        wait_for("$2 = 0x80000000")
        # Ctrl-C at the prompt drops the line and the shell goes on.
        keys("print 12")
        wait_for("(a72sim cpu0 EL2) print 12")
        keys("C-c")
        wait_for("print 12^C")
        keys("print 3", "Enter")
        s = wait_for("$3 = 0x3 (3)")
        assert "(12)" not in s, "the interrupted line ran"
        # Enter on an empty line repeats the last step command.
        keys("stepi", "Enter")
        wait_for("<_start+4>:  mov sp, x0")
        keys("Enter")
        wait_for("<_start+8>:  adr x0")
        # ... and of x, from where it stopped.
        keys("x/2gx 0x200000", "Enter")
        wait_for("0x0000000000200000 <_start>:")
        keys("Enter")
        wait_for("0x0000000000200010 <_start+16>:")
        # A file name after source.
        with open(os.path.join(home, "commands.a72"), "w") as f:
            f.write("print 5\n")
        keys(f"source {home}/comm", "Tab")
        wait_for(f"source {home}/commands.a72")
        keys("Enter")
        wait_for("$4 = 0x5 (5)")
        # Ctrl-D quits.
        keys("C-d")
        end = time.time() + 10
        while time.time() < end and "(a72sim" in screen().strip().splitlines()[-1]:
            time.sleep(0.1)
        with open(hist) as f:
            saved = f.read()
        assert "print/x $HCR_EL2" in saved and "break guest_hvc" in saved, f"history file: {saved!r}"
        # Ctrl-C during continue: a guest that loops forever (no exception-loop stop), in a second
        # session (the first one stays: a server without sessions would be on its way out).
        global target
        target = "t2"
        tmux("new-session", "-d", "-s", "t2", "-x", "160", "-y", "50",
             f"env {env} {shlex.quote(sim)} shell --exception-loop 0 {shlex.quote(loop)}; sleep 30")
        wait_for("(a72sim cpu0 EL2)")
        keys("continue", "Enter")
        time.sleep(1.0)
        assert screen().strip().splitlines()[-1] == "(a72sim cpu0 EL2) continue", "continue returned early"
        keys("C-c")
        wait_for("Interrupted.")
        wait_for("Interrupted.\n[cpu0 EL2]", 5)
        keys("info cpus", "Enter")
        wait_for("cpu0: running")
        keys("quit", "Enter")
    except AssertionError as e:
        print(e)
        failures += 1
    finally:
        tmux("kill-server", check=False)
    if not failures:
        print("completion, history, repeat, Ctrl-C and Ctrl-D behave")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
