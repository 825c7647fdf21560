#!/usr/bin/env python3
"""Write the seed corpora of the libFuzzer targets elf, suite, cli and gdb into fuzz/corpus/ (the exec
corpus comes from the campaign: fuzz_campaign --seeds 1-40 --write-corpus fuzz/corpus/exec).
Small inputs that reach the interesting paths: valid images and suites, and each kind of damage
the loader and the parser must refuse. Run it again after changing it; the output is checked in."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
EM_AARCH64, PT_LOAD, PT_NOTE = 183, 1, 4
RET = struct.pack("<I", 0xD65F03C0)


def elf(segments, entry=0x200000, machine=EM_AARCH64, cls=2, data_enc=1, phnum=None, xnum=False, shoff=None):
    """An ELF64 file with program headers SEGMENTS: (type, paddr, vaddr, file bytes, memsz)."""
    n = len(segments)
    phoff = 64
    body_off = phoff + 56 * n + (64 if xnum else 0)
    eh = bytearray(64)
    eh[0:16] = b"\x7fELF" + bytes([cls, data_enc, 1]) + bytes(9)
    sh = phoff + 56 * n if xnum else (shoff or 0)
    struct.pack_into("<HHIQQQIHHHHHH", eh, 16, 2, machine, 1, entry, phoff, sh, 0, 64, 56,
                     0xFFFF if xnum else (n if phnum is None else phnum), 64, 1 if xnum else 0, 0)
    ph, body = b"", b""
    for p_type, paddr, vaddr, data, memsz in segments:
        ph += struct.pack("<IIQQQQQQ", p_type, 5, body_off + len(body), vaddr, paddr, len(data), memsz, 4)
        body += data
    sh0 = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, n, 0, 0) if xnum else b""
    return bytes(eh) + ph + sh0 + body


def write(kind, name, data):
    d = os.path.join(HERE, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def elf_seeds():
    one = elf([(PT_LOAD, 0x200000, 0x200000, RET * 4, 16)])
    write("elf", "one_segment", one)
    write("elf", "bss", elf([(PT_LOAD, 0x200000, 0x200000, RET, 0x10000)]))
    write("elf", "two_segments", elf([(PT_LOAD, 0x200000, 0x200000, RET, 4), (PT_LOAD, 0x300000, 0x300000, RET, 4)]))
    write("elf", "virt_ne_phys", elf([(PT_LOAD, 0x200000, 0xFFFF000000200000, RET, 4)], entry=0xFFFF000000200000))
    write("elf", "overlap", elf([(PT_LOAD, 0x200000, 0x200000, RET * 4, 16), (PT_LOAD, 0x200008, 0x200008, RET, 4)]))
    write("elf", "outside_ram", elf([(PT_LOAD, 0x90000000, 0x90000000, RET, 4)]))
    write("elf", "wraps", elf([(PT_LOAD, 0xFFFFFFFFFFFFF000, 0, RET, 0x2000)]))
    write("elf", "note_only", elf([(PT_NOTE, 0, 0, b"abcd", 4)]))
    write("elf", "xnum", elf([(PT_LOAD, 0x200000 + 16 * k, 0x200000 + 16 * k, RET, 4) for k in range(3)], xnum=True))
    write("elf", "phnum_past_end", elf([(PT_LOAD, 0x200000, 0x200000, RET, 4)], phnum=40))
    write("elf", "x86_64", elf([(PT_LOAD, 0x200000, 0x200000, RET, 4)], machine=62))
    write("elf", "elf32", elf([(PT_LOAD, 0x200000, 0x200000, RET, 4)], cls=1))
    write("elf", "big_endian", elf([(PT_LOAD, 0x200000, 0x200000, RET, 4)], data_enc=2))
    write("elf", "truncated", one[:100])
    write("elf", "not_elf", b"#!/bin/sh\necho not an image\n")


def suite_seeds():
    write("suite", "basic.ini", "[defaults]\nexpect_exit = 0\nexpect_uart_matches = ^PASSED$\n\n"
                                "[a]\nimage = a.elf\nargs = --el3 --max-insns 1000\n")
    write("suite", "full.ini", "; comment\n[suite]\nname = s\nargs = --smp 1\ntimeout = 5\n"
                               "[t1]\nimages = ${BUILD}/a.elf a.elf\nexpect_exit = 7\nexpect_uart_contains = x\n"
                               "expect_uart1_contains = y\nexpect_uart1_matches = ^y$\nmax_insns = 100\n"
                               "expect_exceptions = 0x16:3, 0x18:2\n[t2]\nimage = a.elf\n")
    write("suite", "bom.ini", b"\xef\xbb\xbf[a]\nimage = a.elf\n")
    write("suite", "crlf.ini", "[a]\r\nimage = a.elf\r\nexpect_exit = 1\r\n")
    write("suite", "bad_regex.ini", "[a]\nimage = a.elf\nexpect_uart_matches = ([\n")
    write("suite", "nul.ini", b"[a]\nimage = a\x00.elf\n")
    write("suite", "empty_exc.ini", "[a]\nimage = a.elf\nexpect_exceptions = ,,,\n")
    write("suite", "variable.ini", "[a]\nimage = ${HOME}/a.elf\n")
    write("suite", "long_line.ini", "[a]\nimage = a.elf\nargs = " + "y" * 300 + "\n")


def cli_seeds():
    """The first byte chooses the command: even for `a72sim run`, odd for `a72sim regress`."""
    argv = lambda *a: b"\0" + b"\0".join(x.encode() for x in a)
    regress = lambda *a: b"\1" + b"\0".join(x.encode() for x in a)
    write("cli", "image", argv("x.elf"))
    write("cli", "all_options", argv("--load", "b@0x300000", "--el3", "--append", "a b", "--max-insns", "10",
                                     "--mem", "512M", "--smp", "1", "--quantum", "5", "--stats", "--trace", "-",
                                     "--semihosting-files", "--check-tlb", "--dtb", "d", "--code-cache", "64M",
                                     "x.elf"))
    write("cli", "dump_dtb", argv("--dump-dtb", "o.dtb"))
    write("cli", "bad_number", argv("--max-insns", " -1", "x.elf"))
    write("cli", "equals", argv("--mem=2G", "--el3=1", "x.elf"))
    write("cli", "help", argv("--help"))
    write("cli", "after_image", argv("x.elf", "--stats"))
    write("cli", "regress", regress("-j", "2", "--shard", "1/4", "--junit", "r.xml", "--tap", "-", "--list",
                                    "--build-dir", "b", "s.ini"))
    write("cli", "regress_bad_shard", regress("--shard", "0/4", "s.ini"))
    write("cli", "regress_junit_device", regress("--junit", "/dev/null", "s.ini"))


def gdb_seeds():
    """Packet streams as gdb sends them (fuzz_gdb: a two-core machine looping at 0x200000)."""
    def pk(*payloads):
        out = b""
        for p in payloads:
            p = p.encode("latin-1") if isinstance(p, str) else p
            out += b"$" + p + b"#%02x" % (sum(p) & 0xff) + b"+"
        return out
    write("gdb", "connect", pk("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+", "vMustReplyEmpty",
                               "QStartNoAckMode", "Hg0", "qXfer:features:read:target.xml:0,ffb", "qTStatus",
                               "?", "qfThreadInfo", "qsThreadInfo", "qAttached", "Hc-1", "qC", "qOffsets", "g"))
    write("gdb", "registers", pk("p20", "p21", "p44", "p60", "P0=0100000000000000", "P21=00002000",
                                 "p4a", "P4a=ffffffffffffffff", "G" + "00" * 788, "qThreadExtraInfo,2"))
    write("gdb", "memory", pk("m200000,10", "M300000,4:01020304", "X300010,4:}\x03}\x04}]}\x0a",
                              "Qqemu.PhyMemMode:1", "m200000,4", "qqemu.PhyMemMode", "Qqemu.PhyMemMode:0",
                              "mffffffffffff0000,100000"))
    write("gdb", "step_break", pk("Z0,200008,4", "vCont?", "vCont;s:1;c", "vCont;c", "z0,200008,4",
                                  "Z2,300000,8", "c", "z2,300000,8", "Z1,200004,4", "Hc1", "s", "k"))
    write("gdb", "watch_read", pk("Z3,300000,8", "Z4,300000,4", "vCont;c:1", "?", "D"))
    write("gdb", "monitor", pk("qRcmd," + b"help".hex(), "qRcmd," + b"info cpus".hex(),
                               "qRcmd," + b"qualify 0x200008 el 2 vmid 3".hex(), "qRcmd," + b"qualify".hex(),
                               "qRcmd," + b"catch exception el 2".hex(), "qRcmd," + b"translate 0x200000".hex(),
                               "qRcmd," + b"phys on".hex(), "Z0,200008,4", "c"))
    write("gdb", "garbage", b"$m0,#xx-+\x03$$$##}}" + pk("", "vCont;", "Hg99", "Z0,1,2,3", "bs"))


if __name__ == "__main__":
    elf_seeds()
    suite_seeds()
    cli_seeds()
    gdb_seeds()
