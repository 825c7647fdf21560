#!/usr/bin/env python3
"""Command-line tests of a72sim: bad input and options, and the behaviour a user sees.

usage: run_cli_tests.py A72SIM GUEST_DIR [CASE...]

GUEST_DIR holds the guest programs built from tests/cli/guest/*.S by tests/cli/CMakeLists.txt.
Every function test_NAME below is one case; CMake registers each as the CTest test cli/NAME.
Without CASE every case runs. Each case prints "ok NAME" or "FAIL NAME: why"; the last line is
"N passed, N failed". Exit status 0 when every case passed.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

TIMEOUT = 30  # seconds; a guest that never exits fails its case instead of hanging the suite

# a72sim's own exit statuses (sim/main.c)
EXIT_USAGE, EXIT_MAX_INSNS = 2, 124

EM_AARCH64 = 183
PT_LOAD = 1


class Failure(Exception):
    pass


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


def test_unavailable_command(ctx):
    expect_usage_error(ctx, ["shell"], "shell")


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
    for value in ("abc", "0", "-5", "12x", "", "99999999999999999999999"):
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
    check(len(lines) == 1 and "--max-insns" in lines[0] and re.search(r"\b1000\b", lines[0]),
          f"--max-insns 1000: expected one line naming --max-insns and 1000: {lines!r}")


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
    r = ctx.run("--stats", ctx.guest("exit7"))
    expect_status(r, 7)
    lines = r.stderr.decode(errors="replace").splitlines()
    patterns = (r"a72sim: instructions +(\d+)", r"a72sim: cycles +\d+", r"a72sim: host seconds +\d+\.\d+",
                r"a72sim: MIPS +\d+\.\d+")
    check(len(lines) >= 4, f"--stats printed {lines!r}")
    for line, pattern in zip(lines, patterns):
        check(re.fullmatch(pattern, line), f"--stats line {line!r} does not match {pattern!r}")
    insns = int(re.fullmatch(patterns[0], lines[0]).group(1))
    check(insns == 3, f"--stats counted {insns} instructions for exit7, which executes 3 (ADR, MOV, HLT)")


def test_boot_state_el2(ctx):
    # The board's hypervisor entry (shared/reference/versal.md): Non-secure EL2, DAIF = 0xF,
    # x0 = the device tree blob's address. boot_state's status: CurrentEL.EL | DAIF << 2 |
    # (x0 != 0) << 6 | (x0 holds the FDT magic) << 7 -> 2 | 0x3C | 0x40 | 0x80 = 254.
    r = ctx.run(ctx.guest("boot_state"))
    check(r.returncode == 254, f"default boot: expected EL2, DAIF 0xF, x0 -> DTB (status 254): {describe(r)}")


def test_boot_state_el3(ctx):
    # Secure EL3 at reset, x0 = 0: 3 | 0x3C = 63.
    r = ctx.run("--el3", ctx.guest("boot_state"))
    check(r.returncode == 63, f"--el3: expected EL3, DAIF 0xF, x0 0 (status 63): {describe(r)}")


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
    passed = failed = 0
    for name in wanted or all_cases:
        with tempfile.TemporaryDirectory(prefix="a72sim-cli-") as tmp:
            try:
                all_cases[name](Context(sim, guest_dir, tmp))
            except Failure as e:
                print(f"FAIL {name}: {e}")
                failed += 1
                continue
        print(f"ok {name}")
        passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
