#!/usr/bin/env python3
"""Tests of `a72sim regress`: usage: test_regress.py A72SIM CLI_GUEST_DIR CASE [ARGS...].

The suites are written into a temporary directory and use the tiny guests of tests/cli/guest:
exit7 (exits 7), spin (never exits), uart (writes bytes, 0x00 and 0xff among them, to UART0; exits 0),
crlf (CRLF lines on UART0 and UART1), uart1_flood (1 MiB of "a72sim" lines on UART1).
uart_echo (prints "ready", echoes UART0 input up to a newline, exits 0), kernel_image (an arm64 Image in an
ELF that exits 15 when booted by the protocol).
"""
import atexit
import fcntl
import os
import pty
import resource
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
import xml.etree.ElementTree as ET

SIM, GUESTS = sys.argv[1], sys.argv[2]


def tempdir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, d, True)
    return d


def run(suite_text, *options, preexec=None):
    """Write the suite (text, or bytes as they are), run `a72sim regress OPTIONS suite.ini`; returns
    (status, stdout, stderr, dir)."""
    d = tempdir("regress-")
    path = os.path.join(d, "suite.ini")
    with open(path, "wb") as f:
        f.write(suite_text if isinstance(suite_text, bytes) else suite_text.encode())
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
    for bad in ("0/3", "4/3", "1", "a/b", "0/4"):
        status, out, err, _ = run(text, "--shard", bad)
        expect(status == 2, f"--shard {bad}: status {status}")
        expect(f"got '{bad}'" in err, f"--shard {bad}: the message must quote the whole argument: {err!r}")


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
        ("[a]\nimage = ${BUILD}/exit7.elf\nexpect_exceptions = ,,,\n", 3, "expect_exceptions"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nexpect_exceptions = 0x16:1,,0x18:2\n", 3, "expect_exceptions"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nexpect_exceptions =\n", 3, "expect_exceptions"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nexpect_uart1_matches = (\n", 3, "expect_uart1_matches"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nargs = a\x00b\n", 3, "NUL byte"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nargs = " + "x" * 300 + "\n", 3, "longer than"),
        ("[a]\nimage = ${BUILD}/exit7.elf\nbogus\x1b[2J = 1\n", 3, "unknown key 'bogus\\x1b[2J'"),
    ]
    for text, line, words in cases:
        status, out, err, d = run(text)
        path = os.path.join(d, "suite.ini")
        expect(status == 2, f"{text!r}: status {status}")
        lines = err.splitlines()
        expect(len(lines) == 1 and lines[0].startswith(f"{path}:{line}: ") and words in lines[0],
               f"{text!r}: {err!r}")
        expect(not any(ord(c) < 0x20 for c in lines[0]), f"{text!r}: control characters echoed raw: {err!r}")
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
    # stacked repetition operators (undefined in POSIX, exponential in glibc's regcomp) are refused,
    # in --filter and in a suite's expect_*_matches
    status, out, err, d = run("[a_x]\nimage = ${BUILD}/exit7.elf\n", "--filter", "a" + "+" * 60)
    expect(status == 2 and "--filter" in err, f"--filter a+++...: status {status}\n{out}{err}")
    status, out, err, d = run("[a]\nimage = ${BUILD}/exit7.elf\nexpect_uart_matches = x*+\n")
    expect(status == 2 and "repetition" in err, f"expect_uart_matches x*+: status {status}\n{out}{err}")


def test_exceptions(_):
    # exit7 exits with a semihosting call (HLT): no exception is taken, so every EC counts 0
    status, out, err, _ = run("[none]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\nexpect_exceptions = 0x16:0\n"
                              "[wrong]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\nexpect_exceptions = 0x16:3\n")
    expect(status == 1, out + err)
    expect(summary_row(out, "none")[1] == "pass", out)
    expect(summary_row(out, "wrong")[1] == "fail" and "0 exceptions with EC 0x16, expected 3" in out, out)


def test_bom(_):
    """A suite that starts with a UTF-8 byte order mark (as some Windows editors write it)."""
    status, out, err, _ = run(b"\xef\xbb\xbf[a]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\n"
                              b"[b]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\n")
    expect(status == 0, f"status {status}\n{out}{err}")
    expect(summary_row(out, "a")[1] == "pass" and summary_row(out, "b")[1] == "pass", out)


def test_defaults_args_only(_):
    """[defaults] with args, a test without (the defaults' args alone)."""
    status, out, err, _ = run("[defaults]\nargs = --smp 1\nexpect_exit = 7\n[a]\nimage = ${BUILD}/exit7.elf\n")
    expect(status == 0, f"status {status}\n{out}{err}")


def test_crlf(_):
    """`$` matches before a CRLF line end, on UART0 and on UART1 (expect_uart1_*)."""
    status, out, err, _ = run("[crlf]\nimage = ${BUILD}/crlf.elf\n"
                              "expect_uart_matches = ^PASSED: [0-9]+ checks, 0 failures$\n"
                              "expect_uart1_matches = ^uart1: ready$\nexpect_uart1_contains = ready\n"
                              "args = --stats\n"
                              "[wrong1]\nimage = ${BUILD}/crlf.elf\nexpect_uart1_contains = PASSED\n"
                              "[stats_not_uart1]\nimage = ${BUILD}/crlf.elf\n"
                              "expect_uart1_matches = instructions\n")
    expect(status == 1, f"status {status}\n{out}{err}")
    expect(summary_row(out, "crlf")[1] == "pass", out)
    expect(summary_row(out, "wrong1")[1] == "fail" and "UART1 output lacks 'PASSED'" in out, out)
    expect(summary_row(out, "stats_not_uart1")[1] == "fail", out)


def test_uart1_flood(_):
    """A failing test whose 1 MiB stderr capture ends in "a72sim" (no over-read: the sanitized build
    checks it); the reason names the exit status."""
    status, out, err, _ = run("[flood]\nimage = ${BUILD}/uart1_flood.elf\nexpect_exit = 3\n")
    expect(status == 1, f"status {status}\n{out}{err}")
    expect(summary_row(out, "flood")[1] == "fail" and "exit status 0, expected 3" in out, out)


def test_junit_destination(_):
    """--junit refuses a device or a missing directory before anything runs."""
    text = "[slow]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000000000\ntimeout = 20\n"
    for dest, words in (("/dev/null", "not a regular file"), ("/nonexistent-dir/x.xml", "/nonexistent-dir")):
        t0 = time.monotonic()
        status, out, err, _ = run(text, "--junit", dest)
        expect(status == 2 and len(err.splitlines()) == 1 and "--junit" in err and words in err, f"{dest}: {err!r}")
        expect(time.monotonic() - t0 < 10 and out == "", f"{dest}: the suite ran first ({out!r})")
    expect(os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null")
    status, out, err, _ = run(text, "--tap", "/dev/null")
    expect(status == 2 and "--tap" in err and "not a regular file" in err, err)


def test_tap(_):
    with tempfile.TemporaryDirectory() as d:
        report = os.path.join(d, "report.tap")
        status, out, err, _ = run("[pass]\nimage = ${BUILD}/uart.elf\n"
                                  "[fail]\nimage = ${BUILD}/uart.elf\nexpect_uart_contains = \"quoted\" \\ text\n"
                                  "[hang]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000000000\n"
                                  "timeout = 1\n", "--tap", report)
        expect(status == 1, f"status {status}\n{out}{err}")
        lines = open(report).read().splitlines()
        expect(lines[:3] == ["TAP version 13", "1..3", "ok 1 - pass"], lines)
        expect("not ok 2 - fail" in lines and "not ok 3 - hang" in lines, lines)
        reason = [l for l in lines if l.startswith("  reason: ")]
        expect(len(reason) == 2 and '\\"quoted\\" \\\\ text' in reason[0], reason)
        expect("  outcome: timeout" in lines, lines)
        expect(os.listdir(d) == ["report.tap"], "temporary files left behind")
    # on stdout: only TAP there; the summary goes to stderr
    status, out, err, _ = run("[a]\nimage = ${BUILD}/exit7.elf\nexpect_exit = 7\n", "--tap", "-")
    expect(status == 0 and out.splitlines()[:3] == ["TAP version 13", "1..1", "ok 1 - a"], out)
    expect("1 tests: 1 passed" in err, err)


def test_interrupt_clears_progress(_):
    """Ctrl-C on a terminal: the progress line is cleared before "interrupted" is printed."""
    master, slave = pty.openpty()
    d = tempdir("regress-int-")
    path = os.path.join(d, "suite.ini")
    with open(path, "w") as f:
        f.write("[hang]\nimage = ${BUILD}/spin.elf\nargs = --max-insns 100000000000\ntimeout = 60\n")
    p = subprocess.Popen([SIM, "regress", "--build-dir", GUESTS, path], stdout=slave, stderr=slave,
                         stdin=subprocess.DEVNULL)
    os.close(slave)
    data = b""
    deadline = time.monotonic() + 20
    while b"running: hang" not in data and time.monotonic() < deadline:
        if select.select([master], [], [], 0.5)[0]:
            data += os.read(master, 4096)
    p.send_signal(signal.SIGINT)
    status = p.wait(timeout=20)
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    expect(status == 130, f"status {status}: {data!r}")
    text = data.decode(errors="replace")
    where = text.find("a72sim regress: interrupted")
    expect(where > 0, text)
    before = text[:where]
    expect(before.endswith("\r\x1b[K") or before.endswith("\n"), f"not at the start of a line: {text!r}")
    expect("running: hang" not in text[text.rfind("\r\x1b[K", 0, where):where], text)


def test_wide_terminal(_):
    """A progress line on a terminal 5000 columns wide with long test names (the line buffer holds 1024)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 5000, 0, 0))
    d = tempdir("regress-wide-")
    path = os.path.join(d, "suite.ini")
    names = [f"{n}" + "x" * 120 for n in range(12)]
    with open(path, "w") as f:
        f.write("".join(f"[{n}]\nimage = ${{BUILD}}/exit7.elf\nexpect_exit = 7\n" for n in names))
    p = subprocess.Popen([SIM, "regress", "-j", "12", "--build-dir", GUESTS, path], stdout=slave, stderr=slave,
                         stdin=subprocess.DEVNULL)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    status = p.wait(timeout=60)
    os.close(master)
    expect(status == 0, f"status {status}: {data[-2000:]!r}")
    expect(b"12 tests: 12 passed" in data, data[-2000:])


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
