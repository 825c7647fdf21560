#!/usr/bin/env python3
"""Run one gdb test: a72sim under --gdb 0 --gdb-wait, gdb-multiarch in batch mode with a script,
and the script's expectations checked.

usage: run_gdb.py A72SIM GDB GUEST_DIR DEMO_DIR CASE.gdb   (A72SIM_GDB_VERBOSE=1: print gdb's output)

The case file is a gdb script whose comment lines say what to run and what must happen:
  # run: OPTIONS... IMAGE     a72sim's options and images (@GUEST@, @DEMO@ are the build directories)
  # symbols: FILE             a symbol file for gdb (the first is gdb's main file; repeatable)
  # status: N                 a72sim's exit status
  # expect: REGEX             gdb's output matches REGEX, after the previous expect's match
  # expect-not: REGEX         gdb's output never matches REGEX
  # output: REGEX             a72sim's standard output matches REGEX
  # same-as-plain             the run's output, instructions and cycles (--stats=json) equal those
                              of the same run without gdb
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def fail(msg, gdb_out="", sim_out="", sim_err=""):
    print("FAIL:", msg)
    for name, text in (("gdb output", gdb_out), ("a72sim stdout", sim_out), ("a72sim stderr", sim_err)):
        if text:
            print(f"---- {name} ----\n{text}")
    sys.exit(1)


def stats_of(stderr_text):
    """The --stats=json line without the host's timing (a watchpoint sends accesses through the slow
    path; everything the statistics count, the TLB's included, stays the same and is compared)."""
    for line in reversed(stderr_text.splitlines()):
        if line.startswith("{"):
            s = json.loads(line)
            s.pop("host_seconds", None)
            s.pop("mips", None)
            return s
    return None


def main():
    a72sim, gdb, guest_dir, demo_dir, case = sys.argv[1:6]
    run, symbols, expects, expect_not, outputs = [], [], [], [], []
    status, same_as_plain = None, False
    with open(case) as f:
        for line in f:
            m = re.match(r"#\s*([a-z-]+):\s?(.*)$", line.rstrip("\n"))
            if line.strip() == "# same-as-plain":
                same_as_plain = True
            if not m:
                continue
            key, value = m.group(1), m.group(2).replace("@GUEST@", guest_dir).replace("@DEMO@", demo_dir)
            if key == "run":
                run = value.split()
            elif key == "symbols":
                symbols.append(value)
            elif key == "status":
                status = int(value)
            elif key == "expect":
                expects.append(value)
            elif key == "expect-not":
                expect_not.append(value)
            elif key == "output":
                outputs.append(value)
    if same_as_plain:
        run = ["--stats=json"] + run

    with tempfile.TemporaryDirectory() as tmp:
        out_path, err_path = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        with open(out_path, "w") as out, open(err_path, "w") as err:
            sim = subprocess.Popen([a72sim, "--gdb", "0", "--gdb-wait"] + run, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
        port, deadline = None, time.time() + 30
        while port is None and time.time() < deadline and sim.poll() is None:
            m = re.search(r"gdb: listening on [^\s]*:(\d+)", open(err_path).read())
            if m:
                port = int(m.group(1))
            else:
                time.sleep(0.05)
        if port is None:
            sim.kill()
            sim.wait()
            fail("a72sim did not say where it listens", sim_out=open(out_path).read(), sim_err=open(err_path).read())

        cmd = [gdb, "-batch", "-nx", "-ex", "set pagination off", "-ex", "set confirm off",
               "-ex", "set width 0"]
        if symbols:
            cmd += ["-ex", f"file {symbols[0]}"]
            for extra in symbols[1:]:
                cmd += ["-ex", f"add-symbol-file {extra}"]
        cmd += ["-ex", f"target remote 127.0.0.1:{port}", "-x", case]
        try:
            g = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               timeout=240, text=True)
            gdb_out = g.stdout
        except subprocess.TimeoutExpired as e:
            sim.kill()
            sim.wait()
            fail("gdb did not finish", gdb_out=(e.stdout or b"").decode(errors="replace"))
        try:
            rc = sim.wait(timeout=120)
        except subprocess.TimeoutExpired:
            sim.kill()
            sim.wait()
            fail("a72sim did not end after gdb", gdb_out, open(out_path).read(), open(err_path).read())
        sim_out, sim_err = open(out_path).read(), open(err_path).read()

    if os.environ.get("A72SIM_GDB_VERBOSE"):
        print(gdb_out)
    pos = 0
    for regex in expects:
        m = re.compile(regex, re.M).search(gdb_out, pos)
        if not m:
            fail(f"expected /{regex}/ (after offset {pos})", gdb_out, sim_out, sim_err)
        pos = m.end()
    for regex in expect_not:
        if re.search(regex, gdb_out, re.M):
            fail(f"unexpected /{regex}/", gdb_out, sim_out, sim_err)
    for regex in outputs:
        if not re.search(regex, sim_out, re.M):
            fail(f"a72sim's output lacks /{regex}/", gdb_out, sim_out, sim_err)
    if status is not None and rc != status:
        fail(f"a72sim exited with {rc}, expected {status}", gdb_out, sim_out, sim_err)
    if same_as_plain:
        plain = subprocess.run([a72sim] + run, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL, timeout=240)
        if plain.returncode != rc or plain.stdout != sim_out:
            fail(f"the plain run differs: status {plain.returncode} vs {rc}, or its output", gdb_out, sim_out,
                 sim_err)
        a, b = stats_of(sim_err), stats_of(plain.stderr)
        if a is None or a != b:
            fail(f"instructions or cycles differ from the plain run:\n gdb:   {a}\n plain: {b}", gdb_out,
                 sim_out, sim_err)
    print(f"ok: {os.path.basename(case)} ({len(expects)} expectations, status {rc})")


if __name__ == "__main__":
    main()
