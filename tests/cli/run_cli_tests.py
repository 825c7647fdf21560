#!/usr/bin/env python3
"""Command-line tests of a72sim: bad input and options, and the behaviour a user sees.

usage: run_cli_tests.py A72SIM GUEST_DIR [CASE...]

GUEST_DIR holds the guest programs built from tests/cli/guest/*.S by tests/cli/CMakeLists.txt.
Every function test_NAME below is one case; CMake registers each as the CTest test cli/NAME.
Without CASE every case runs. Each case prints "ok NAME" or "FAIL NAME: why"; the last line is
"N passed, N failed, N skipped". Exit status 0 when every case passed or was skipped with others
passing, 77 when every case was skipped (CTest: skipped), 1 otherwise.
"""
import json
import os
import re
import resource
import time
import shutil
import struct
import subprocess
import sys
import tempfile

TIMEOUT = 30  # seconds; a guest that never exits fails its case instead of hanging the suite

# a72sim's own exit statuses (sim/main.c)
EXIT_USAGE, EXIT_MAX_INSNS = 2, 124
EXIT_FIRMWARE = 123
EXIT_EXCEPTION_LOOP = 122

EM_AARCH64 = 183
PT_LOAD = 1


class Failure(Exception):
    pass


class Skip(Exception):
    """The case cannot run here (its reason is printed); CTest shows it as skipped (status 77)."""


def require_unsanitized(ctx):
    """Host-memory limits and RSS figures mean nothing under AddressSanitizer, which reserves
    terabytes of shadow address space and keeps freed memory in quarantine."""
    with open(ctx.sim, "rb") as f:
        if b"__asan_init" in f.read():
            raise Skip("a72sim is built with AddressSanitizer")


class Context:
    def __init__(self, sim, guest_dir, tmp):
        self.sim, self.guest_dir, self.tmp = sim, guest_dir, tmp

    def guest(self, name):
        return os.path.join(self.guest_dir, name + ".elf")

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def run(self, *args):
        try:
            return subprocess.run([self.sim, *args], stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=TIMEOUT, cwd=self.tmp)
        except subprocess.TimeoutExpired:
            raise Failure(f"a72sim {' '.join(args)}: no exit within {TIMEOUT} s")


def check(cond, what):
    if not cond:
        raise Failure(what)


def describe(r):
    return f"exit status {r.returncode}, stdout {r.stdout[:200]!r}, stderr {r.stderr[:400]!r}"


def expect_status(r, status):
    check(r.returncode == status, f"expected exit status {status}: {describe(r)}")


def expect_usage_error(ctx, args, *names):
    """a72sim ARGS exits 2 with one line on stderr that names every one of NAMES, and prints nothing
    on stdout."""
    r = ctx.run(*args)
    expect_status(r, EXIT_USAGE)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 1, f"a72sim {' '.join(args)}: expected one line on stderr, got {lines!r}")
    for name in names:
        check(name in lines[0], f"a72sim {' '.join(args)}: the message {lines[0]!r} does not name {name!r}")
    check(r.stdout == b"", f"a72sim {' '.join(args)}: unexpected stdout {r.stdout[:200]!r}")


def elf_load_offsets(data):
    """(e_phoff, file offset of the first PT_LOAD segment with bytes in the file) of an ELF64 LE."""
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for n in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + n * phentsize)
        if p_type == PT_LOAD and p_filesz:
            return phoff, p_offset
    raise Failure("no PT_LOAD segment with file bytes in the test image")


# --- bad input: exit status 2 and one line naming the problem ---

def test_missing_file(ctx):
    expect_usage_error(ctx, [ctx.path("no-such-image.elf")], "no-such-image.elf")


def test_directory_as_image(ctx):
    os.mkdir(ctx.path("a-directory"))
    expect_usage_error(ctx, [ctx.path("a-directory")], "a-directory")


def test_empty_file(ctx):
    expect_usage_error(ctx, [ctx.write("empty.elf", b"")], "empty.elf")


def test_non_elf_file(ctx):
    expect_usage_error(ctx, [ctx.write("text.elf", b"this is not an ELF file\n" * 10)], "text.elf")


def test_truncated_elf(ctx):
    with open(ctx.guest("exit7"), "rb") as f:
        data = f.read()
    phoff, seg = elf_load_offsets(data)
    # Inside e_ident, inside the ELF header, inside the program headers, inside the first segment.
    for cut in (8, 40, phoff + 20, seg + 4):
        name = f"truncated-{cut}.elf"
        expect_usage_error(ctx, [ctx.write(name, data[:cut])], name, "truncated")


def test_x86_64_elf(ctx):
    host = shutil.which("true") or "/bin/true"
    with open(host, "rb") as f:
        head = f.read(64)
    check(head[:4] == b"\x7fELF", f"{host} is not an ELF file on this host")
    machine, = struct.unpack_from("<H", head, 0x12)
    if machine == EM_AARCH64:
        print(f"  (skipped the host binary: {host} is AArch64 on this host)")
        return
    copy = ctx.write("host-true", open(host, "rb").read())
    expect_usage_error(ctx, [copy], "host-true")


def test_arm32_elf(ctx):
    expect_usage_error(ctx, [ctx.guest("arm32")], "arm32.elf")


def test_segment_outside_ram(ctx):
    # Linked at 0x9000_0000: past DDR low (0..2 GiB), and nothing else is mapped there.
    expect_usage_error(ctx, [ctx.guest("outside_ram")], "outside_ram.elf")


def test_overlapping_images(ctx):
    # Both are linked at 0x200000.
    expect_usage_error(ctx, [ctx.guest("exit7"), ctx.guest("exit_extended")], "exit7.elf", "exit_extended.elf")


def test_unknown_option(ctx):
    expect_usage_error(ctx, ["--bogus", ctx.guest("exit7")], "--bogus")
    expect_usage_error(ctx, ["-x", ctx.guest("exit7")], "-x")


def test_option_without_value(ctx):
    expect_usage_error(ctx, ["--max-insns"], "--max-insns", "value")
    expect_usage_error(ctx, ["--load"], "--load", "value")


def test_option_with_unwanted_value(ctx):
    expect_usage_error(ctx, ["--el3=yes", ctx.guest("exit7")], "--el3")
    expect_usage_error(ctx, ["--stats=1", ctx.guest("exit7")], "--stats")


def test_option_after_image(ctx):
    expect_usage_error(ctx, [ctx.guest("exit7"), "--stats"], "--stats")


def test_no_image(ctx):
    expect_usage_error(ctx, [], "image")
    expect_usage_error(ctx, ["run"], "image")


def test_shell_without_image(ctx):
    expect_usage_error(ctx, ["shell"], "image")


def test_bad_load(ctx):
    blob = ctx.write("blob.bin", bytes(range(16)))
    exit7 = ctx.guest("exit7")
    expect_usage_error(ctx, ["--load", blob, exit7], "--load", "blob.bin")              # no @ADDR
    expect_usage_error(ctx, ["--load", blob + "@", exit7], "--load")                    # empty address
    expect_usage_error(ctx, ["--load", blob + "@0xzz", exit7], "--load", "0xzz")        # not a number
    expect_usage_error(ctx, ["--load", "@0x300000", exit7], "--load")                   # no file
    expect_usage_error(ctx, ["--load", ctx.path("missing.bin") + "@0x300000", exit7], "missing.bin")
    expect_usage_error(ctx, ["--load", blob + "@0x90000000", exit7], "blob.bin")        # outside RAM
    expect_usage_error(ctx, ["--load", blob + "@0x200000", exit7], "blob.bin", "exit7.elf")  # overlaps


def test_bad_max_insns(ctx):
    for value in ("abc", "0", "-5", "12x", "", "99999999999999999999999", " -1", " 5", "+5"):
        expect_usage_error(ctx, ["--max-insns", value, ctx.guest("exit7")], "--max-insns")


# --- behaviour ---

def test_help(ctx):
    r = ctx.run("--help")
    expect_status(r, 0)
    check(r.stdout.startswith(b"usage: a72sim"), f"--help: {describe(r)}")
    for option in (b"--load", b"--el3", b"--append", b"--max-insns", b"--stats", b"--semihosting-files"):
        check(option in r.stdout, f"--help does not mention {option.decode()}")


def test_version(ctx):
    r = ctx.run("--version")
    expect_status(r, 0)
    check(re.fullmatch(rb"a72sim \S+\n", r.stdout) is not None, f"--version: {describe(r)}")


def test_exit_status(ctx):
    r = ctx.run(ctx.guest("exit7"))
    expect_status(r, 7)
    check(r.stdout == b"" and r.stderr == b"", f"exit7 printed something: {describe(r)}")
    expect_status(ctx.run("run", ctx.guest("exit7")), 7)


def test_exit_extended(ctx):
    r = ctx.run(ctx.guest("exit_extended"))
    expect_status(r, 42)


def test_max_insns(ctx):
    r = ctx.run("--max-insns", "1000", ctx.guest("spin"))
    expect_status(r, EXIT_MAX_INSNS)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 3 and "--max-insns" in lines[0] and re.search(r"\b1000\b", lines[0]),
          f"--max-insns 1000: expected a line naming --max-insns and 1000, then one per core: {lines!r}")
    check(re.search(r"cpu0: running, pc 0x0+200000 EL2 VMID 0, 1000 instructions", lines[1]) and
          "cpu1: off" in lines[2], f"--max-insns 1000: each core's state: {lines!r}")


def test_fetch_abort_loop_is_bounded(ctx):
    # Exceptions whose vector fetch aborts again and again still reach --max-insns, and cost time.
    r = ctx.run("--max-insns", "100000", "--exception-loop", "0", "--stats=json", ctx.guest("vector_abort"))
    expect_status(r, EXIT_MAX_INSNS)
    err = r.stderr.decode(errors="replace")
    stats = json.loads(err.splitlines()[-1])
    check(stats["cores"][0]["cycles"] >= 100000, f"a fetch-abort loop must cost cycles: {err!r}")


def test_exception_loop_stops(ctx):
    # A vector that faults at its own address is an exception loop: one line names the core, EL, PC,
    # class and vector, then each core's state; exit 122. The threshold is an option.
    r = ctx.run(ctx.guest("vector_abort"))
    expect_status(r, EXIT_EXCEPTION_LOOP)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 3 and re.search(r"cpu0: exception loop: EL2 takes EC 0x21 IABT_CUR at pc 0xf0000200, "
                                        r"the vector it goes to \(VBAR_EL2 \+ 0x200\), 1000 times", lines[0]),
          f"expected the loop named, then the cores: {lines!r}")
    r = ctx.run("--exception-loop", "5", "--stats=json", ctx.guest("vector_abort"))
    expect_status(r, EXIT_EXCEPTION_LOOP)
    check(" 5 times" in r.stderr.decode(errors="replace"), f"--exception-loop 5: {describe(r)}")
    expect_usage_error(ctx, ["--exception-loop", "x", ctx.guest("exit7")], "--exception-loop")


def test_exception_to_el3_stops(ctx):
    # Under the built-in firmware nothing of the guest runs at EL3: a trap there ends the run.
    r = ctx.run(ctx.guest("el3_trap"))
    expect_status(r, EXIT_FIRMWARE)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 1 and "EL3" in lines[0] and "0x18" in lines[0] and "cpu0" in lines[0],
          f"expected one line naming the core, EL3 and EC 0x18: {lines!r}")
    # With a guest EL3 (--el3) the same program is the firmware and exits normally.
    expect_status(ctx.run("--el3", ctx.guest("el3_trap")), 0)


def test_max_insns_not_reached(ctx):
    # exit7 runs 3 instructions: a limit of exactly 3 lets it exit with its own status.
    expect_status(ctx.run("--max-insns", "3", ctx.guest("exit7")), 7)
    expect_status(ctx.run("--max-insns", "2", ctx.guest("exit7")), EXIT_MAX_INSNS)


def test_uart_output(ctx):
    r = ctx.run(ctx.guest("uart"))
    expect_status(r, 0)
    want = b"uart: " + bytes([0x00, 0xFF, 0x01, 0x7F, 0x80, 0x0D, 0x0A]) + b"end\n"
    check(r.stdout == want, f"UART0 output {r.stdout!r}, expected {want!r}")


def test_semihosting_console(ctx):
    r = ctx.run(ctx.guest("console"))
    expect_status(r, 0)
    want = b"write0\nC\nwrite\n"
    check(r.stdout == want, f"console output {r.stdout!r}, expected {want!r}")


def test_get_cmdline(ctx):
    text = "hello world --not-an-option 123"
    r = ctx.run("--append", text, ctx.guest("cmdline"))
    expect_status(r, 0)
    check(r.stdout == text.encode() + b"\n", f"SYS_GET_CMDLINE gave {r.stdout!r}, expected {text!r}")
    r = ctx.run(ctx.guest("cmdline"))
    expect_status(r, 0)
    check(r.stdout == b"\n", f"SYS_GET_CMDLINE without --append gave {r.stdout!r}, expected an empty line")


def test_open_host_file_refused(ctx):
    target = ctx.path("created-by-guest.txt")
    r = ctx.run("--append", target, ctx.guest("open_file"))
    expect_status(r, 3)  # the guest's status for "SYS_OPEN returned -1"
    check(not os.path.exists(target), "SYS_OPEN without --semihosting-files created the host file")


def test_open_host_file_allowed(ctx):
    target = ctx.path("created-by-guest.txt")
    r = ctx.run("--semihosting-files", "--append", target, ctx.guest("open_file"))
    expect_status(r, 0)
    check(os.path.exists(target), "SYS_OPEN with --semihosting-files did not create the host file")
    with open(target, "rb") as f:
        content = f.read()
    check(content == b"host file\n", f"the guest wrote {content!r} to the host file")


def test_load_raw(ctx):
    data = bytes([0x00, 0xFF, 0x41, 0x0A, 0x80, 0x7F, 0x01, 0xFE, 0x10, 0x20, 0x30, 0x40, 0xAA, 0x55, 0x0D, 0x99])
    blob = ctx.write("blob.bin", data)
    r = ctx.run("--load", blob + "@0x300000", ctx.guest("load"))
    expect_status(r, 0)
    check(r.stdout == data, f"the guest read back {r.stdout!r}, expected {data!r}")


def test_stats(ctx):
    # exit7 executes 3 instructions (ADR, MOV, HLT) on cpu0; cpu1 stays off.
    r = ctx.run("--stats", ctx.guest("exit7"))
    expect_status(r, 7)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) >= 5, f"--stats printed {lines!r}")
    m = re.fullmatch(r"a72sim: instructions (\d+) \(all cores\) in \d+\.\d+ host seconds: \d+\.\d+ MIPS; "
                     r"simulated time (\d+\.\d+ (?:ns|us|ms|s)) \(the longest core's\)", lines[0])
    check(m and int(m.group(1)) == 3, f"--stats total line {lines[0]!r}: expected 3 instructions")
    per_core = r"cpu(\d): (\d+) instructions, (\d+) cycles = (\d+\.\d+) (ns|us|ms|s) simulated at 1\.7 GHz"
    cores = [re.fullmatch(per_core, line) for line in lines if re.fullmatch(per_core, line)]
    check([c.group(1) for c in cores] == ["0", "1"], f"--stats: expected a line for cpu0 and cpu1: {lines!r}")
    check(int(cores[0].group(2)) == 3 and int(cores[1].group(2)) == 0,
          f"--stats: expected 3 instructions on cpu0, 0 on cpu1: {lines!r}")
    cycles = int(cores[0].group(3))
    seconds = float(cores[0].group(4)) * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1}[cores[0].group(5)]
    check(cycles > 0 and abs(seconds - cycles / 1.7e9) < 1e-3 * seconds,
          f"--stats: simulated time {cores[0].group(4)} {cores[0].group(5)} is not {cycles} cycles at 1.7 GHz")
    split = re.compile(r"cpu0:   executing (\d+) cycles \(CPI (\d+\.\d+)\), asleep in WFI/WFE (\d+) \(0\.0 ns\), idle (\d+) .*")
    m = next((split.fullmatch(line) for line in lines if split.fullmatch(line)), None)
    check(m, f"--stats: no executing/asleep/idle line for cpu0: {lines!r}")
    executing, asleep, idle = int(m.group(1)), int(m.group(3)), int(m.group(4))
    check(executing + asleep + idle == cycles and asleep == 0,
          f"--stats: executing {executing} + asleep {asleep} + idle {idle} != {cycles} cycles, or asleep != 0")
    # The run's time is cpu0's (cpu1 never ran), printed as cpu0's line prints it.
    check(m_total_time(lines[0]) == f"{cores[0].group(4)} {cores[0].group(5)}",
          f"--stats: the run's simulated time in {lines[0]!r} is not cpu0's {cores[0].group(4)} {cores[0].group(5)}")
    # exit7 runs its 3 instructions at EL2 (the default boot).
    check("cpu0:   instructions by EL: EL0 0, EL1 0, EL2 3, EL3 0" in lines, f"--stats: instructions by EL: {lines!r}")


def m_total_time(line):
    m = re.search(r"simulated time (\S+ \S+) \(the longest", line)
    return m.group(1) if m else None


def stats_json(ctx, *args):
    """Run a72sim --stats=json ARGS; the last line of stderr is the JSON object."""
    r = ctx.run("--stats=json", *args)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(lines, f"--stats=json printed nothing: {describe(r)}")
    try:
        return r, json.loads(lines[-1])
    except ValueError as e:
        raise Failure(f"--stats=json: the last line of stderr is not JSON ({e}): {lines[-1]!r}")


def test_stats_json(ctx):
    r, s = stats_json(ctx, ctx.guest("exit7"))
    expect_status(r, 7)
    check(s["instructions"] == 3 and s["cpu_hz"] == 1700000000 and s["counter_hz"] == 100000000,
          f"--stats=json totals: {s!r}")
    check([c["cpu"] for c in s["cores"]] == [0, 1], f"--stats=json cores: {s['cores']!r}")
    c0, c1 = s["cores"]
    check(c0["instructions"] == 3 and c1["instructions"] == 0, f"--stats=json instructions per core: {s!r}")
    check(c0["executing_cycles"] + c0["asleep_cycles"] + c0["idle_cycles"] == c0["cycles"] > 0,
          f"--stats=json: cycles do not add up: {c0!r}")
    check(c0["exceptions"] == [] and c0["vm_exits"] == {}, f"--stats=json: exit7 takes no exception: {c0!r}")
    check(c0["instructions_by_el"] == [0, 0, 3, 0] and c1["instructions_by_el"] == [0, 0, 0, 0],
          f"--stats=json instructions_by_el: {c0!r}")
    check(s["simulated_seconds"] == max(c0["simulated_seconds"], c1["simulated_seconds"]) > 0,
          f"--stats=json: the run's simulated_seconds is not the longest core's: {s!r}")
    check(not any(line.startswith("a72sim: instructions") for line in r.stderr.decode().splitlines()),
          "--stats=json also printed the text form")


def test_stats_bad_format(ctx):
    expect_usage_error(ctx, ["--stats=xml", ctx.guest("exit7")], "--stats", "xml")


def test_uart_to_file(ctx):
    # UART0 and UART1 to files of their own: stdout and stderr carry none of it.
    r = ctx.run("--uart0", "u0.txt", "--uart1", "u1.txt", ctx.guest("uart_both"))
    expect_status(r, 0)
    check(r.stdout == b"" and r.stderr == b"", f"UART output leaked to stdout/stderr: {describe(r)}")
    with open(ctx.path("u0.txt"), "rb") as f0, open(ctx.path("u1.txt"), "rb") as f1:
        got = (f0.read(), f1.read())
    check(got == (b"zero\n", b"one\n"), f"UART files hold {got!r}, expected (b'zero\\n', b'one\\n')")


def test_uart_defaults_and_streams(ctx):
    r = ctx.run(ctx.guest("uart_both"))
    check((r.returncode, r.stdout, r.stderr) == (0, b"zero\n", b"one\n"), f"default destinations: {describe(r)}")
    r = ctx.run("--uart0", "stderr", "--uart1", "stdout", ctx.guest("uart_both"))
    check((r.returncode, r.stdout, r.stderr) == (0, b"one\n", b"zero\n"), f"swapped destinations: {describe(r)}")
    r = ctx.run("--uart0", "none", "--uart1", "none", ctx.guest("uart_both"))
    check((r.returncode, r.stdout, r.stderr) == (0, b"", b""), f"--uartN none: {describe(r)}")


def test_uart_same_file(ctx):
    # Both UARTs into one file: one stream, bytes in the order the guest wrote them.
    r = ctx.run("--uart0", "both.txt", "--uart1", "both.txt", ctx.guest("uart_both"))
    expect_status(r, 0)
    with open(ctx.path("both.txt"), "rb") as f:
        data = f.read()
    check(data == b"zero\none\n", f"both UARTs into one file gave {data!r}")


def test_uart_bad_destination(ctx):
    missing = ctx.path("no/such/dir/u1.txt")
    expect_usage_error(ctx, ["--uart1", missing, ctx.guest("uart_both")], "--uart1", missing)
    expect_usage_error(ctx, ["--uart0", "", ctx.guest("uart_both")], "--uart0")
    # A bad image is reported before any UART file is created.
    expect_usage_error(ctx, ["--uart0", "u0.txt", ctx.path("missing.elf")], "missing.elf")
    check(not os.path.exists(ctx.path("u0.txt")), "--uart0 created its file although the image was missing")


def test_exit_reason_named(ctx):
    r = ctx.run(ctx.guest("exit_reason"))
    expect_status(r, 1)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 1 and "0x20023" in lines[0] and "ADP_Stopped_RunTimeErrorUnknown" in lines[0],
          f"SYS_EXIT with reason 0x20023: expected one stderr line naming it: {lines!r}")
    # An application exit prints nothing.
    r = ctx.run(ctx.guest("exit7"))
    check(r.returncode == 7 and r.stderr == b"", f"ApplicationExit: {describe(r)}")


def test_help_matches_readme(ctx):
    # Every option --help lists is in the README's option table, and the other way round.
    r = ctx.run("--help")
    expect_status(r, 0)
    helped = set(re.findall(r"^  (?:-h, )?(--[a-z0-9-]+)", r.stdout.decode(), re.M))
    readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("## Running an image"):]
    section = section[:section.index("\nExit status")]
    documented = set(re.findall(r"^\| `(?:-h, )?(--[a-z0-9-]+)", section, re.M))
    check(helped and helped == documented,
          f"--help and the README's option table differ: only in --help {sorted(helped - documented)}, "
          f"only in the README {sorted(documented - helped)}")
    r2 = ctx.run("-h")
    check(r2.returncode == 0 and r2.stdout == r.stdout, "-h and --help differ")
    r = ctx.run("--version")
    check(r.returncode == 0 and re.fullmatch(rb"a72sim \d+\.\d+(\.\d+)?\n", r.stdout), f"--version: {describe(r)}")


def test_regress_help_matches_readme(ctx):
    # `a72sim regress --help` and the README's regress section name the same options and exit statuses.
    r = ctx.run("regress", "--help")
    expect_status(r, 0)
    text = r.stdout.decode()
    helped = set(re.findall(r"--[a-z0-9-]+", "\n".join(l for l in text.splitlines() if l.startswith("  -"))))
    readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
    with open(readme, encoding="utf-8") as f:
        section = f.read()
    section = section[section.index("## Regression suites"):]
    section = section[:section.index("\n## ", 1)]
    table = [l for l in section.splitlines() if l.startswith("| `-")]
    documented = set(re.findall(r"--[a-z0-9-]+", "\n".join(table)))
    check(helped and helped == documented,
          f"regress --help and the README differ: only in --help {sorted(helped - documented)}, "
          f"only in the README {sorted(documented - helped)}")
    for status in ("0", "1", "2", "130"):
        check(re.search(rf"\b{status}\b", text.split("Exit status:")[1]),
              f"regress --help does not give exit status {status}")
        check(re.search(rf"\b{status}\b", section.split("Exit status:")[1]),
              f"the README's regress section does not give exit status {status}")


def test_boot_state_el2(ctx):
    # The board's hypervisor entry (docs/board.md): Non-secure EL2, DAIF = 0xF,
    # x0 = the device tree blob's address. boot_state's status: CurrentEL.EL | DAIF << 2 |
    # (x0 != 0) << 6 | (x0 holds the FDT magic) << 7 -> 2 | 0x3C | 0x40 | 0x80 = 254.
    r = ctx.run(ctx.guest("boot_state"))
    check(r.returncode == 254, f"default boot: expected EL2, DAIF 0xF, x0 -> DTB (status 254): {describe(r)}")


def test_boot_state_el3(ctx):
    # Secure EL3 at reset, x0 = 0: 3 | 0x3C = 63.
    r = ctx.run("--el3", ctx.guest("boot_state"))
    check(r.returncode == 63, f"--el3: expected EL3, DAIF 0xF, x0 0 (status 63): {describe(r)}")


# --- robustness: files that are not what they seem, host limits ---

def test_fifo_refused(ctx):
    """A FIFO as image, --load file or --dtb is refused at once (open() must not wait for a writer)."""
    fifo = ctx.path("fifo")
    os.mkfifo(fifo)
    exit7 = ctx.guest("exit7")
    expect_usage_error(ctx, [fifo], "fifo", "not a regular file")
    expect_usage_error(ctx, ["--load", fifo + "@0x300000", exit7], "fifo", "not a regular file")
    expect_usage_error(ctx, ["--dtb", fifo, exit7], "--dtb", "fifo", "not a regular file")


def test_dtb_directory(ctx):
    os.mkdir(ctx.path("dir.dtb"))
    expect_usage_error(ctx, ["--dtb", ctx.path("dir.dtb"), ctx.guest("exit7")], "--dtb", "dir.dtb",
                       "not a regular file")


def test_dump_dtb_destination(ctx):
    # a device is never replaced; a missing directory is named; a good dump leaves no temporary file
    expect_usage_error(ctx, ["--dump-dtb", "/dev/null"], "/dev/null", "not a regular file")
    expect_usage_error(ctx, ["--dump-dtb", ctx.path("no-dir/x.dtb")], "no-dir")
    r = ctx.run("--dump-dtb", ctx.path("ok.dtb"))
    expect_status(r, 0)
    with open(ctx.path("ok.dtb"), "rb") as f:
        check(f.read(4) == b"\xd0\x0d\xfe\xed", "--dump-dtb wrote no FDT magic")
    check(os.listdir(ctx.tmp) == ["ok.dtb"], f"files left behind: {os.listdir(ctx.tmp)}")
    # an existing file is replaced whole, not written into
    with open(ctx.path("old.dtb"), "wb") as f:
        f.write(b"x" * 100000)
    expect_status(ctx.run("--dump-dtb", ctx.path("old.dtb")), 0)
    check(os.path.getsize(ctx.path("old.dtb")) == os.path.getsize(ctx.path("ok.dtb")), "--dump-dtb left old bytes")


def test_dump_dtb_write_error(ctx):
    """A failed write (a file size limit stands in for a full disk) leaves the old file as it was
    and no temporary file."""
    with open(ctx.path("keep.dtb"), "wb") as f:
        f.write(b"old contents")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    r = subprocess.run([ctx.sim, "--dump-dtb", ctx.path("keep.dtb")], capture_output=True, timeout=TIMEOUT,
                       preexec_fn=limit)
    expect_status(r, EXIT_USAGE)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 1 and "--dump-dtb" in lines[0] and "keep.dtb" in lines[0], f"stderr {lines!r}")
    with open(ctx.path("keep.dtb"), "rb") as f:
        check(f.read() == b"old contents", "the old file was changed")
    check(os.listdir(ctx.tmp) == ["keep.dtb"], f"files left behind: {os.listdir(ctx.tmp)}")


def test_trace_write_error(ctx):
    r = ctx.run("--trace", "/dev/full", ctx.guest("exit7"))
    expect_status(r, 125)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 1 and "--trace" in lines[0] and "/dev/full" in lines[0], f"stderr {lines!r}")


def test_large_non_elf_is_cheap(ctx):
    """A 2 GiB file that is no ELF (sparse: no disk used) is refused from its first bytes."""
    big = ctx.path("big.img")
    with open(big, "wb") as f:
        f.truncate(2 << 30)
    t0 = time.monotonic()
    expect_usage_error(ctx, [big], "big.img", "not an ELF file")
    check(time.monotonic() - t0 < 5, f"refusing a 2 GiB non-ELF file took {time.monotonic() - t0:.1f} s")


def test_many_segments(ctx):
    """200,000 program headers (the count in section 0, PN_XNUM): "too many segments" at once."""
    n = 200000
    phoff, shoff = 64, 64 + n * 56
    eh = bytearray(64)
    eh[0:16] = b"\x7fELF\x02\x01\x01" + bytes(9)
    struct.pack_into("<HHIQQQIHHHHHH", eh, 16, 2, EM_AARCH64, 1, 0x200000, phoff, shoff, 0, 64, 56, 0xFFFF, 64, 1, 0)
    ph = b"".join(struct.pack("<IIQQQQQQ", PT_LOAD, 5, 0, 0x200000 + k * 16, 0x200000 + k * 16, 0, 8, 8)
                  for k in range(n))
    sh0 = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, n, 0, 0)
    image = ctx.write("many.elf", bytes(eh) + ph + sh0)
    t0 = time.monotonic()
    expect_usage_error(ctx, [image], "many.elf", "too many segments")
    check(time.monotonic() - t0 < 5, f"refusing 200,000 segments took {time.monotonic() - t0:.1f} s")


def test_overlapping_segments_in_one_image(ctx):
    eh = bytearray(64)
    eh[0:16] = b"\x7fELF\x02\x01\x01" + bytes(9)
    struct.pack_into("<HHIQQQIHHHHHH", eh, 16, 2, EM_AARCH64, 1, 0x200000, 64, 0, 0, 64, 56, 3, 64, 0, 0)
    ph = b"".join(struct.pack("<IIQQQQQQ", PT_LOAD, 5, 0, base, base, 0, size, 8)
                  for base, size in ((0x300000, 0x1000), (0x200000, 0x1000), (0x300ff0, 0x10)))
    image = ctx.write("overlap.elf", bytes(eh) + ph)
    expect_usage_error(ctx, [image], "overlap.elf", "overlaps", "0x300ff0")


def run_code_pages(ctx, *options, as_limit=None):
    """Run the code_pages guest (decodes 8192 pages of code) with OPTIONS; returns (status, stderr,
    the process's maximum RSS in KiB)."""
    def limit():
        if as_limit:
            resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit))
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen([ctx.sim, "--mem", "64M", *options, ctx.guest("code_pages")], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit)
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                p.wait()
                raise Failure(f"code_pages {' '.join(options)}: no exit within {TIMEOUT} s")
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
        err.seek(0)
        return p.returncode, err.read(), usage.ru_maxrss


def test_code_cache_budget(ctx):
    """--code-cache bounds the host memory of decoded code: 8192 pages of code (about 350 MiB
    decoded) run in a process of a few tens of MiB."""
    require_unsanitized(ctx)
    status, err, rss = run_code_pages(ctx, "--code-cache", "4M")
    check(status == 0, f"--code-cache 4M: status {status}, stderr {err!r}")
    check(rss < 120 * 1024, f"--code-cache 4M: max RSS {rss} KiB")
    status, err, rss = run_code_pages(ctx, "--code-cache", "1G")
    check(status == 0 and rss > 200 * 1024, f"--code-cache 1G: status {status}, max RSS {rss} KiB (the "
                                            "unbounded run must need more, or this test proves nothing)")
    expect_usage_error(ctx, ["--code-cache", "100K", ctx.guest("exit7")], "--code-cache")
    expect_usage_error(ctx, ["--code-cache", "lots", ctx.guest("exit7")], "--code-cache")


def test_code_cache_eviction(ctx):
    """The smallest budget (1M: 16 decoded pages) against 8,192 pages of code: the decoded pages are
    dropped over and over, also the one the main loop returns to, and the guest still runs right
    (under AddressSanitizer a stale pointer into a dropped page would be reported)."""
    for smp in ("1", "2"):
        r = ctx.run("--mem", "64M", "--smp", smp, "--code-cache", "1M", ctx.guest("code_pages"))
        expect_status(r, 0)
        check(r.stderr == b"", f"--code-cache 1M: {describe(r)}")


def test_host_memory_exhausted(ctx):
    """Under a 300 MiB address-space limit: an unbounded code cache runs out of host memory and ends
    with status 125 and one line; the same run within a budget passes."""
    require_unsanitized(ctx)
    status, err, _ = run_code_pages(ctx, "--code-cache", "1024G", as_limit=300 << 20)
    lines = err.decode(errors="replace").splitlines()
    check(status == 125, f"unbounded code cache under a 300 MiB limit: status {status}, stderr {lines!r}")
    check(len(lines) == 1 and "host memory" in lines[0], f"stderr {lines!r}")
    status, err, _ = run_code_pages(ctx, "--code-cache", "32M", as_limit=300 << 20)
    check(status == 0, f"--code-cache 32M under a 300 MiB limit: status {status}, stderr {err!r}")


def test_machine_too_large_for_host(ctx):
    """DDR that cannot be mapped under the address-space limit: status 125 and one line."""
    require_unsanitized(ctx)
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
    r = subprocess.run([ctx.sim, "--mem", "4G", ctx.guest("exit7")], capture_output=True, timeout=TIMEOUT,
                       preexec_fn=limit)
    expect_status(r, 125)
    lines = r.stderr.decode(errors="replace").splitlines()
    check(len(lines) == 1 and "host memory" in lines[0], f"stderr {lines!r}")
# --- booting a kernel (docs/booting.md) ---

def image_bytes(ctx):
    """The arm64 Image inside kernel_image.elf: the file bytes of its first loadable segment."""
    with open(ctx.guest("kernel_image"), "rb") as f:
        data = f.read()
    _, offset = elf_load_offsets(data)
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for n in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + n * phentsize)
        if p_type == PT_LOAD and p_offset == offset:
            return data[offset:offset + p_filesz]
    raise Failure("no segment")


def test_kernel_image(ctx):
    image = image_bytes(ctx)
    check(image[56:60] == b"ARM\x64", "kernel_image.elf does not start with an Image header")
    r = ctx.run("--kernel", ctx.write("Image", image))
    check(r.returncode == 15, f"an Image by the boot protocol: expected status 15: {describe(r)}")
    # gzip-compressed (Debian's vmlinuz), and an ELF kernel at its own addresses
    import gzip
    r = ctx.run("--kernel", ctx.write("Image.gz", gzip.compress(image)))
    check(r.returncode == 15, f"a gzip-compressed Image: expected status 15: {describe(r)}")


def test_kernel_chosen(ctx):
    if not shutil.which("dtc"):
        return
    image = ctx.write("Image", image_bytes(ctx))
    rd = ctx.write("rd.img", b"R" * 1000)
    mod = ctx.write("dom0", b"K" * 5000)
    r = ctx.run("--dump-dtb", ctx.path("out.dtb"), "--kernel", image, "--initrd", rd, "--append", "console=ttyAMA0",
                "--module", mod + ",type=kernel,args=console=hvc0 root=/dev/ram0")
    expect_status(r, 0)
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", ctx.path("out.dtb")], capture_output=True, text=True).stdout
    # Image at 0x80000 with image_size 64 KiB: the module at the next 2 MiB boundary, then the initrd.
    for want in ('bootargs = "console=ttyAMA0";', "linux,initrd-start = <0x00 0x400000>;",
                 "linux,initrd-end = <0x00 0x4003e8>;", "module@200000 {",
                 'compatible = "multiboot,kernel\\0multiboot,module";', "reg = <0x00 0x200000 0x00 0x1388>;",
                 'bootargs = "console=hvc0 root=/dev/ram0";'):
        check(want in dts, f"the device tree lacks {want!r}:\n{dts}")


def test_kernel_errors(ctx):
    expect_usage_error(ctx, ["--kernel", ctx.write("junk.bin", b"\x01" * 200)], "junk.bin", "neither")
    expect_usage_error(ctx, ["--kernel", ctx.path("none.img")], "none.img")
    expect_usage_error(ctx, ["--kernel", ctx.write("bad.gz", b"\x1f\x8b" + b"\x00" * 50)], "bad.gz", "gzip")
    big_endian = bytearray(image_bytes(ctx))
    big_endian[24] |= 1
    expect_usage_error(ctx, ["--kernel", ctx.write("be.img", bytes(big_endian))], "be.img", "big-endian")
    expect_usage_error(ctx, ["--module", "x,size=1", ctx.guest("exit7")], "size=1")
    expect_usage_error(ctx, ["--entry", "zz", ctx.guest("exit7")], "--entry")
    expect_usage_error(ctx, ["--uart-send", "a\\q", ctx.guest("exit7")], "\\q")
    expect_usage_error(ctx, ["--console", "tcp", ctx.guest("exit7")], "--console")


def test_raw_entry(ctx):
    # A raw binary with no ELF: --load and --entry (the Image's code does not care about its header).
    r = ctx.run("--load", ctx.write("raw.bin", image_bytes(ctx)) + "@0x80000", "--entry", "0x80000")
    check(r.returncode == 15, f"--load raw.bin@0x80000 --entry 0x80000: expected status 15: {describe(r)}")


# --- the console: UART0 input from a script ---

def test_uart_script(ctx):
    r = ctx.run("--stats", "--uart-expect", "ready", "--uart-send", "hel", "--uart-send", "lo\\x21\\n",
                ctx.guest("uart_echo"))
    expect_status(r, 0)
    check(r.stdout == b"ready\nhello!\n", f"expected the echo of the script: {describe(r)}")
    # Deterministic: the same run again counts the same instructions.
    insns = re.search(rb"instructions +(\d+)", r.stderr).group(1)
    r2 = ctx.run("--stats", "--uart-expect", "ready", "--uart-send", "hel", "--uart-send", "lo\\x21\\n",
                 ctx.guest("uart_echo"))
    check(re.search(rb"instructions +(\d+)", r2.stderr).group(1) == insns, "two scripted runs differ")
    # From a file, the same.
    r = ctx.run("--uart-input", ctx.write("in.txt", b"file\n"), ctx.guest("uart_echo"))
    check(r.stdout == b"ready\nfile\n", f"--uart-input: {describe(r)}")


def test_uart_script_waits(ctx):
    # An expect that never comes holds the send back: the guest never gets its line.
    r = ctx.run("--max-insns", "2000000", "--uart-expect", "never", "--uart-send", "x\\n", ctx.guest("uart_echo"))
    expect_status(r, EXIT_MAX_INSNS)
    check(r.stdout == b"ready\n", f"expected no echo: {describe(r)}")
    # Without a script (stdin is not a terminal here) nothing is received either.
    r = ctx.run("--max-insns", "2000000", ctx.guest("uart_echo"))
    expect_status(r, EXIT_MAX_INSNS)


def run_on_pty(ctx, args, keys, wait_for):
    """a72sim ARGS with a pseudo-terminal as its stdin and stdout: wait until it prints WAIT_FOR, type
    KEYS, and return (exit status, everything it printed, the terminal's settings before, after)."""
    import pty
    import select
    import termios
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    p = subprocess.Popen([ctx.sim, *args], stdin=slave, stdout=slave, stderr=slave, cwd=ctx.tmp)
    out = b""
    sent = False
    deadline = 100  # seconds: the sanitizer build on a busy host is slow
    import time
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                out += os.read(master, 4096)
            except OSError:
                break
        if not sent and wait_for in out:
            os.write(master, keys)
            sent = True
        if p.poll() is not None and not ready:
            break
    if p.poll() is None:
        p.kill()
        raise Failure(f"a72sim on a terminal did not exit; it printed {out!r}")
    after = termios.tcgetattr(slave)
    os.close(master)
    os.close(slave)
    return p.returncode, out, before, after


def test_terminal_console(ctx):
    # Keys typed at the terminal reach UART0 (raw mode: no line editing, no echo by the terminal).
    rc, out, before, after = run_on_pty(ctx, [ctx.guest("uart_echo")], b"ok\r\x01\x01\n", b"ready")
    check(rc == 0, f"exit status {rc}, output {out!r}")
    check(b"ok\r\x01\r\n" in out, f"the guest did not echo the keys (Ctrl-A Ctrl-A sends one Ctrl-A): {out!r}")
    check(before == after, "the terminal's settings were not restored")
    # Ctrl-A x ends the run with status 0, as QEMU does, and restores the terminal.
    rc, out, before, after = run_on_pty(ctx, [ctx.guest("uart_echo")], b"\x01x", b"ready")
    check(rc == 0, f"Ctrl-A x: exit status {rc}, output {out!r}")
    check(b"terminated (Ctrl-A x)" in out, f"Ctrl-A x: no message: {out!r}")
    check(before == after, "Ctrl-A x: the terminal's settings were not restored")
    # --console none: the keys go nowhere; the guest waits until --max-insns.
    rc, out, _, _ = run_on_pty(ctx, ["--console", "none", "--max-insns", "50000000", ctx.guest("uart_echo")],
                               b"zz\n", b"ready")
    # (not in raw mode, the terminal itself echoes the keys once; the guest would echo them again)
    check(rc == EXIT_MAX_INSNS and out.count(b"zz") == 1, f"--console none: exit status {rc}, output {out!r}")


def cases():
    return {name[5:]: fn for name, fn in globals().items() if name.startswith("test_") and callable(fn)}


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    sim, guest_dir, wanted = os.path.abspath(argv[1]), os.path.abspath(argv[2]), argv[3:]
    all_cases = cases()
    unknown = [w for w in wanted if w not in all_cases]
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    for name in wanted or all_cases:
        with tempfile.TemporaryDirectory(prefix="a72sim-cli-") as tmp:
            try:
                all_cases[name](Context(sim, guest_dir, tmp))
            except Failure as e:
                print(f"FAIL {name}: {e}")
                failed += 1
                continue
            except Skip as e:
                print(f"skipped {name}: {e}")
                skipped += 1
                continue
        print(f"ok {name}")
        passed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 77 if skipped and not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
