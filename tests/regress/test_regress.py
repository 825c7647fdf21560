#!/usr/bin/env python3
"""Tests of `a72sim regress`: usage: test_regress.py A72SIM CLI_GUEST_DIR CASE [ARGS...].

The suites are written into a temporary directory and use the tiny guests of tests/cli/guest:
exit7 (exits 7), spin (never exits), uart (writes bytes, 0x00 and 0xff among them, to UART0; exits 0),
uart_echo (prints "ready", echoes UART0 input up to a newline, exits 0), kernel_image (an arm64 Image in an
ELF that exits 15 when booted by the protocol).
"""
import atexit
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SIM, GUESTS = sys.argv[1], sys.argv[2]


def tempdir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, d, True)
    return d


def run(suite_text, *options, preexec=None):
    """Write the suite, run `a72sim regress OPTIONS suite.ini`; returns (status, stdout, stderr, dir)."""
    d = tempdir("regress-")
    path = os.path.join(d, "suite.ini")
    with open(path, "w") as f:
        f.write(suite_text)
    p = subprocess.run([SIM, "regress", "--build-dir", GUESTS, *options, path], capture_output=True, text=True,
                       errors="replace", timeout=100, preexec_fn=preexec)
    return p.returncode, p.stdout, p.stderr, d


def junit(path):
    root = ET.parse(path).getroot()
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    return suite, cases


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def summary_row(out, name):
    rows = [line.split() for line in out.splitlines() if line.split()[:1] == [name]]
    expect(rows, f"no summary row for {name} in:\n{out}")
    return rows[-1]


def test_pass(_):
    status, out, err, d = run("[defaults]\nexpect_exit = 7\n\n[a]\nimage = ${BUILD}/exit7.elf\n"
                              "[b]\nimages = ${BUILD}/uart.elf\nexpect_exit = 0\nexpect_uart_contains = end\n"
                              "expect_uart_matches = ^uart: .*$\n", "-j", "2")
    expect(status == 0, f"status {status}\n{out}{err}")
    expect(summary_row(out, "a")[1] == "pass" and summary_row(out, "b")[1] == "pass", out)
    expect("PASS    a (" in out and out.index("PASS    a") < out.index("PASS    b"), "plain lines in suite order")


def test_wrong_exit_and_uart(_):
    status, out, err, d = run("[exit]\nimage = ${BUILD}/exit7.elf\n"
                              "[text]\nimage = ${BUILD}/uart.elf\nexpect_uart_contains = PASSED\n"
                              "[regex]\nimage = ${BUILD}/uart.elf\nexpect_uart_matches = ^end[0-9]$\n"
                              "[ok]\nimage = ${BUILD}/uart.elf\n")
    expect(status == 1, f"status {status}\n{out}{err}")
    expect(summary_row(out, "exit")[1] == "fail" and "exit status 7, expected 0" in out, out)
    expect(summary_row(out, "text")[1] == "fail" and "lacks 'PASSED'" in out, out)
    expect(summary_row(out, "regex")[1] == "fail" and "does not match" in out, out)
    expect(summary_row(out, "ok")[1] == "pass", out)


def test_crash_bad_image(_):
    """An "image" that is no ELF: a72sim exits 2; the suite goes on."""
    d = tempdir("regress-img-")
    bad = os.path.join(d, "not_an_elf.elf")
    with open(bad, "w") as f:
        f.write("hello\n")
    status, out, err, _ = run(f"[bad]\nimage = {bad}\n[good]\nimage = ${{BUILD}}/uart.elf\n")
    expect(status == 1, f"status {status}\n{out}{err}")
    row = summary_row(out, "bad")
    expect(row[1] == "fail" and "exit status 2, expected 0: a72sim:" in out, out)
    expect(summary_row(out, "good")[1] == "pass", out)


def test_crash_signal(_):
    """A child killed by a signal (SIGXCPU from a 1 s CPU limit) is a crash; the next test still runs."""
    def limit_cpu():
        resource.setrlimit(resource.RLIMIT_CPU, (1, 3))
    status, out, err, _ = run("[spin]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000000000\ntimeout = 60\n"
                              "[after]\nimage = ${BUILD}/uart.elf\n", "-j", "1",
                              preexec=limit_cpu)
    expect(status == 1, f"status {status}\n{out}{err}")
    expect(summary_row(out, "spin")[1] == "crash" and "killed by signal" in out, out)
    expect(summary_row(out, "after")[1] == "pass", out)


def test_timeout(_):
    status, out, err, d = run("[hang]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000000000\ntimeout = 1\n"
                              "[ok]\nimage = ${BUILD}/uart.elf\n")
    expect(status == 1, f"status {status}\n{out}{err}")
    row = summary_row(out, "hang")
    expect(row[1] == "timeout" and 0.9 < float(row[2]) < 10, out)


def test_instruction_budget(_):
    status, out, err, _ = run("[budget]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\nmax_insns = 2\n"
                              "[limit]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000\n"
                              "[roomy]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\nmax_insns = 1000000\n")
    expect(status == 1, f"status {status}\n{out}{err}")
    expect(summary_row(out, "budget")[1] == "fail" and "more than max_insns 2" in out, out)
    row = summary_row(out, "limit")
    expect(row[1] == "fail" and row[3] == "100000" and "exit status 124" in out, out)
    expect(summary_row(out, "roomy")[1] == "pass", out)


def test_junit(_):
    with tempfile.TemporaryDirectory() as d:
        report = os.path.join(d, "report.xml")
        status, out, err, _ = run("[pass]\nimage = ${BUILD}/uart.elf\n"
                                  "[fail]\nimage = ${BUILD}/uart.elf\nexpect_uart_contains = <&\"x\">\n"
                                  "[hang]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000000000\n"
                                  "timeout = 1\n", "--junit", report)
        expect(status == 1, f"status {status}\n{out}{err}")
        suite, cases = junit(report)  # the UART output holds 0x00 and 0xff: must still be valid XML
        expect(suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "1",
               str(suite.attrib))
        expect(list(cases) == ["pass", "fail", "hang"], "suite order")
        failure = cases["fail"].find("failure")
        expect(failure is not None and "<&\"x\">" in failure.get("message"), "failure message")
        expect("uart: \\x00" in failure.text, failure.text)
        expect(cases["hang"].find("error") is not None and cases["pass"].find("failure") is None, "elements")
        expect([f for f in os.listdir(d) if f != "report.xml"] == [], "temporary files left behind")


def test_shard(_):
    names = [f"t{n}" for n in range(11)]
    text = "".join(f"[{n}]\nimage = ${{BUILD}}/exit7.elf\nexpect_exit = 7\n" for n in names)
    status, out, err, _ = run(text, "--list")
    expect(status == 0 and out.split() == names, out + err)
    for shards in (1, 3, 4):
        seen = []
        for k in range(1, shards + 1):
            status, out, err, _ = run(text, "--list", "--shard", f"{k}/{shards}")
            expect(status == 0, err)
            expect(out.split() == [n for i, n in enumerate(names) if i % shards == k - 1], out)
            seen += out.split()
        expect(sorted(seen) == sorted(names) and len(seen) == len(names), f"{shards} shards: {seen}")
    for bad in ("0/3", "4/3", "1", "a/b"):
        status, out, err, _ = run(text, "--shard", bad)
        expect(status == 2, f"--shard {bad}: status {status}")


def test_malformed_suite(_):
    cases = [
        ("[a]\nimage = ${BUILD}/exit7.elf\nbogus = 1\n", 3, "unknown key 'bogus'"),
        ("[a]\nimage = ${BUILD}/exit7.elf\n\n[b]\nimage = ${BUILD}/exit7.elf\ntimeout = soon\n", 6, "timeout"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nmax_insns = 12x\n", 3, "max_insns"),
        ("[a]\nexpect_exit = 0\n", 1, "no image"),
        ("[a]\nimage = ${BUILD}/missing.elf\n", 2, "missing.elf"),
        ("[a]\nimage = ${NOPE}/exit7.elf\n", 2, "unknown variable"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nexpect_exceptions = 0x16\n", 3, "expect_exceptions"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nthis line is wrong\n", 3, "syntax error"),
    ]
    for text, line, words in cases:
        status, out, err, d = run(text)
        path = os.path.join(d, "suite.ini")
        expect(status == 2, f"{text!r}: status {status}")
        lines = err.splitlines()
        expect(len(lines) == 1 and lines[0].startswith(f"{path}:{line}: ") and words in lines[0],
               f"{text!r}: {err!r}")
    status, out, err, _ = run("[a]\nimage = ${BUILD}/exit7.elf\n", "--frobnicate")
    expect(status == 2 and "unknown option" in err, err)


def test_console_and_boot_keys(_):
    """uart_wait/uart_input drive the console in order; append, kernel and module become run options;
    --filter picks tests by name; a failure shows the last UART lines."""
    status, out, err, d = run("[echo]\nimage = ${BUILD}/uart_echo.elf\nuart_wait = ready\nuart_input = hi there\\n\n"
                              "expect_uart_matches = ^hi there$\n"
                              "[elf_kernel]\nkernel = ${BUILD}/kernel_image.elf\nmodule = ${BUILD}/exit7.elf,args=a, b\n"
                              "append = x y\nexpect_exit = 15\n"
                              "[no_input]\nimage = ${BUILD}/uart_echo.elf\nargs = --max-insns 100000\n", "-j", "2")
    expect(status == 1, f"status {status}\n{out}{err}")
    expect(summary_row(out, "echo")[1] == "pass", out)
    # kernel_image.elf as an ELF kernel: entered at its ELF entry (not at 0x80000: bit 2 clear) -> 1|2|8 = 11
    expect(summary_row(out, "elf_kernel")[1] == "fail" and "exit status 11, expected 15" in out, out)
    expect(summary_row(out, "no_input")[1] == "fail" and "stopped after 100000 instructions" in out, out)
    expect("last UART lines:\n        | ready" in out, f"no UART lines after the failure:\n{out}")
    status, out, err, d = run("[a_x]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\n"
                              "[b_y]\nimage = ${BUILD}/spin.elf\n", "--filter", "_x$")
    expect(status == 0 and "a_x" in out and "b_y" not in out, f"--filter: status {status}\n{out}{err}")
    status, out, err, d = run("[a_x]\nimage = ${BUILD}/exit7.elf\n", "--filter", "nothing")
    expect(status == 2 and "matches no test" in err, f"--filter matching nothing: status {status}\n{out}{err}")


def test_exceptions(_):
    # exit7 exits with a semihosting call (HLT): no exception is taken, so every EC counts 0
    status, out, err, _ = run("[none]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\nexpect_exceptions = 0x16:0\n"
                              "[wrong]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\nexpect_exceptions = 0x16:3\n")
    expect(status == 1, out + err)
    expect(summary_row(out, "none")[1] == "pass", out)
    expect(summary_row(out, "wrong")[1] == "fail" and "0 exceptions with EC 0x16, expected 3" in out, out)


def guest_suite(_, ini):
    """regress/guest_suite: the project's guest tests as a suite, two at a time, checked through JUnit."""
    with tempfile.TemporaryDirectory() as d:
        report = os.path.join(d, "guest.xml")
        build = os.path.dirname(os.path.abspath(SIM))
        p = subprocess.run([SIM, "regress", "-j", "2", "--build-dir", build, "--junit", report, ini],
                           capture_output=True, text=True, errors="replace", timeout=280)
        print(p.stdout, p.stderr)
        expect(p.returncode == 0, f"status {p.returncode}")
        names = subprocess.run([SIM, "regress", "--list", "--build-dir", build, ini], capture_output=True,
                               text=True, check=True).stdout.split()
        suite, cases = junit(report)
        expect(suite.get("tests") == str(len(names)) and list(cases) == names, f"{suite.attrib} {list(cases)}")
        expect(suite.get("failures") == "0" and suite.get("errors") == "0", str(suite.attrib))
        expect(all(c.find("failure") is None and c.find("error") is None for c in cases.values()), "clean")


if __name__ == "__main__":
    case = sys.argv[3]
    fn = guest_suite if case == "guest_suite" else globals()["test_" + case]
    fn(None, *sys.argv[4:])
    print(f"{case}: ok")
