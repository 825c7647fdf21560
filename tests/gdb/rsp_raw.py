#!/usr/bin/env python3
"""The GDB stub's remote protocol spoken raw: the errors of --gdb, malformed and oversized packets,
bad checksums, random bytes, the target description, physical memory mode, no-ack mode, Ctrl-C of a
running machine, detach and kill.

usage: rsp_raw.py A72SIM HYP.ELF
"""
import random
import re
import socket
import subprocess
import sys
import time

A72SIM, IMAGE = sys.argv[1:3]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)
    return cond


def checksum(data):
    return sum(data) & 0xff


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""
        self.ack = True

    def send_raw(self, data):
        self.s.sendall(data)

    def send(self, payload):
        if isinstance(payload, str):
            payload = payload.encode()
        self.s.sendall(b"$" + payload + b"#%02x" % checksum(payload))

    def read_byte(self):
        while not self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self):
        """The next packet (acks before it are skipped); its checksum is checked."""
        while self.read_byte() != b"$":
            pass
        data = b""
        while True:
            b = self.read_byte()
            if b == b"#":
                break
            data += b
        cs = self.read_byte() + self.read_byte()
        check(int(cs, 16) == checksum(data), f"reply checksum of {data[:40]!r}")
        return data.decode("latin-1")

    def ack_byte(self):
        return self.read_byte()

    def ask(self, payload):
        self.send(payload)
        if self.ack:
            a = self.ack_byte()
            check(a == b"+", f"'+' for {payload!r}, got {a!r}")
        return self.packet()

    def close(self):
        self.s.close()


def start(extra=()):
    p = subprocess.Popen([A72SIM, "--gdb", "0", "--gdb-wait", *extra, IMAGE], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    line = p.stderr.readline()
    m = re.search(r"gdb: listening on 127\.0\.0\.1:(\d+) \(waiting for gdb to connect\)$", line)
    if not check(m, f"the listening line: {line!r}"):
        p.kill()
        sys.exit(1)
    return p, Conn(int(m.group(1)))


def finish(p):
    try:
        out, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        check(False, "a72sim did not end")
    return p.returncode, out, err


def usage_errors():
    # A port in use: one line, status 2, nothing run.
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    r = subprocess.run([A72SIM, "--gdb", str(port), IMAGE], capture_output=True, text=True, timeout=60)
    check(r.returncode == 2, f"port in use: status {r.returncode}")
    check(re.fullmatch(rf"a72sim: --gdb: cannot listen on 127\.0\.0\.1:{port}: Address already in use\n", r.stderr),
          f"port in use: {r.stderr!r}")
    check(r.stdout == "", "port in use: nothing ran")
    busy.close()
    for args, pattern in ((["--gdb", "12x"], r"a72sim: --gdb: '12x' is not \[HOST:\]PORT"),
                          (["--gdb", "70000"], r"a72sim: --gdb: '70000' is not \[HOST:\]PORT"),
                          (["--gdb", ""], r"a72sim: --gdb wants \[HOST:\]PORT"),
                          (["--gdb-wait"], r"a72sim: --gdb-wait needs --gdb"),
                          (["--gdb", "no.such.host.invalid:1234"], r"a72sim: --gdb: cannot listen on no\.such")):
        r = subprocess.run([A72SIM, *args, IMAGE], capture_output=True, text=True, timeout=60)
        check(r.returncode == 2 and r.stderr.count("\n") == 1 and re.match(pattern, r.stderr),
              f"{args}: status {r.returncode}, {r.stderr!r}")


def protocol():
    p, c = start()
    # Bytes outside packets are ignored; a bad checksum gets '-'.
    c.send_raw(b"garbage")
    c.send_raw(b"$?#00")
    check(c.ack_byte() == b"-", "'-' for a bad checksum")
    check(re.fullmatch(r"T05thread:1;", c.ask("?")), "the first stop reply")
    sup = c.ask("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=aarch64")
    for feature in ("PacketSize=4000", "qXfer:features:read+", "vContSupported+", "swbreak+", "hwbreak+",
                    "QStartNoAckMode+"):
        check(feature in sup.split(";"), f"qSupported offers {feature}: {sup}")
    check("ReverseStep" not in sup, "no reverse execution offered")
    check(c.ask("vCont?") == "vCont;c;C;s;S;t", "vCont?")

    # The target description, read in pieces.
    xml, off = "", 0
    while True:
        r = c.ask(f"qXfer:features:read:target.xml:{off:x},200")
        if not check(r[:1] in ("m", "l"), f"qXfer reply {r[:20]!r}"):
            break
        xml += r[1:]
        off += len(r) - 1
        if r[0] == "l":
            break
    for needle in ('<feature name="org.gnu.gdb.aarch64.core">', '<feature name="org.gnu.gdb.aarch64.fpu">',
                   '<reg name="x30"', '<reg name="cpsr" bitsize="32"', '<reg name="v31" bitsize="128"',
                   '<reg name="fpcr"', '<reg name="hcr_el2" bitsize="64"', '<reg name="ich_lr0_el2"',
                   '<reg name="vttbr_el2"', '<reg name="icc_pmr_el1"', '<reg name="cntv_ctl_el0"'):
        check(needle in xml, f"target.xml has {needle}")
    check(xml.rstrip().endswith("</target>"), "target.xml is whole")
    check(c.ask("qXfer:features:read:other.xml:0,100").startswith("E"), "an unknown annex")
    regnum = {name: n for n, name in enumerate(re.findall(r'<reg name="([^"]+)"', xml))}

    # Threads.
    check(c.ask("qfThreadInfo") == "m1,2", "qfThreadInfo")
    check(c.ask("qsThreadInfo") == "l", "qsThreadInfo")
    check(c.ask("qC") == "QC1", "qC")
    check(c.ask("Hg2") == "OK" and c.ask("qC") == "QC2", "Hg2")
    check(c.ask("Hg9") == "E01", "Hg of no thread")
    check(c.ask("T2") == "OK" and c.ask("T3") == "E01", "T")
    check(c.ask("Hg1") == "OK", "Hg1")
    check(c.ask("qAttached") == "1", "qAttached")

    # Registers: the PC is the image's entry; HCR_EL2 is RW as the firmware leaves it; writes stick.
    pc = int.from_bytes(bytes.fromhex(c.ask(f"p{regnum['pc']:x}")), "little")
    check(pc == 0x100000, f"the PC at reset: {pc:#x}")
    hcr = int.from_bytes(bytes.fromhex(c.ask(f"p{regnum['hcr_el2']:x}")), "little")
    check(hcr == 1 << 31, f"HCR_EL2 at the EL2 entry: {hcr:#x}")
    check(c.ask(f"P{regnum['x5']:x}=efbeadde00000000") == "OK", "P x5")
    check(c.ask(f"p{regnum['x5']:x}") == "efbeadde00000000", "x5 written")
    g = c.ask("g")
    check(len(g) == 2 * (31 * 8 + 8 + 8 + 4 + 32 * 16 + 4 + 4), f"g's length {len(g)}")
    check(g[5 * 16:6 * 16] == "efbeadde00000000", "x5 in g")
    check(c.ask("G" + g) == "OK" and c.ask("g") == g, "G writes back what g read")
    g2 = g[:6 * 16] + "0700000000000000" + g[7 * 16:]
    check(c.ask("G" + g2) == "OK" and c.ask(f"p{regnum['x6']:x}") == "0700000000000000", "G writes x6")
    check(c.ask(f"p{regnum['icc_iar1_el1']:x}") == "x" * 16, "ICC_IAR1_EL1 is not read (a side effect)")

    # Memory: virtual (EL2, MMU off) and physical agree; a write reads back.
    virt = c.ask("m100000,10")
    check(re.fullmatch(r"[0-9a-f]{32}", virt), f"m: {virt!r}")
    check(c.ask("Qqemu.PhyMemMode:1") == "OK" and c.ask("qqemu.PhyMemMode") == "1", "PhyMemMode on")
    check(c.ask("m100000,10") == virt, "physical = virtual with the MMU off")
    check(re.fullmatch(r"[0-9a-f]{8}", c.ask("mf9000000,4")), "GICD_CTLR read physically")
    check(c.ask("Qqemu.PhyMemMode:0") == "OK" and c.ask("qqemu.PhyMemMode") == "0", "PhyMemMode off")
    check(c.ask("M7000000,4:78563412") == "OK" and c.ask("m7000000,4") == "78563412", "M")
    # '#', '$', '}' and '*' escaped as '}' then the byte XOR 0x20.
    check(c.ask("X7000004,4:}\x03}\x04}]}\x0a") == "OK", "X with escapes")
    check(c.ask("m7000004,4") == "23247d2a", "X wrote the unescaped bytes")
    check(c.ask("m4000000000000000,4") == "E14", "m of an unmapped address")
    check(c.ask("M4000000000000000,4:00000000") == "E14", "M of an unmapped address")

    # Malformed packets: an error or an empty reply, and the stub goes on.
    for bad in ("m", "mzz,4", "m0,", "m0,4x", "p", "pzzz", "p99999", "P1=zz", "P1", "G00", "Z9,0,4", "Z0,zz,4",
                "Z0,1000,3", "Z2,1000,0", "z0", "Hx1", "vCont;x", "vCont;s:9", "vCont", "qRcmd,zz", "qRcmd,0",
                "X0,4:ab", "X0,1:}", "c zz", "C", "Sxx", "qXfer:features:read:target.xml:zz", "T", "Hg-2",
                "bs", "bc", "\x00\x01\xff", "M0,2:00", "M0,1000000000000000000:00"):
        r = c.ask(bad)
        check(r == "" or re.fullmatch(r"E[0-9a-f]{2}", r), f"{bad!r} answered {r!r}")
    c.send("x" * 20000)  # longer than PacketSize: refused whole
    check(c.ack_byte() == b"+" and c.packet() == "E01", "an oversized packet")
    rnd = random.Random(15)
    for _ in range(20):
        junk = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300))).replace(b"$", b"").replace(b"#", b"")
        c.send_raw(junk)
        c.send(junk.replace(b"}", b""))
        while c.ack_byte() != b"+":
            pass
        c.packet()
    check(re.fullmatch(r"T05thread:1;", c.ask("?")), "the stub answers after random packets")

    # monitor: hex output in O packets, then OK.
    c.send("qRcmd," + "help".encode().hex())
    c.ack_byte()
    text = ""
    while True:
        r = c.packet()
        if r == "OK":
            break
        check(r.startswith("O"), f"monitor output packet {r[:10]!r}")
        text += bytes.fromhex(r[1:]).decode()
    check("phys on|off" in text and "qualify ADDR" in text, "monitor help")

    # No-ack mode, then Ctrl-C of a machine spinning in `b .` written at its PC.
    check(c.ask("QStartNoAckMode") == "OK", "QStartNoAckMode")
    c.ack = False
    check(c.ask("M100000,4:00000014") == "OK", "b . written")
    c.send("vCont;c")
    time.sleep(0.5)
    check(p.poll() is None, "the machine runs")
    c.send_raw(b"\x03")
    r = c.packet()
    check(re.fullmatch(r"T02thread:1;", r), f"Ctrl-C stops it with SIGINT: {r!r}")
    check(int.from_bytes(bytes.fromhex(c.ask(f"p{regnum['pc']:x}")), "little") == 0x100000, "still at b .")
    c.send("k")
    rc, out, err = finish(p)
    check(rc == 0 and "a72sim: killed by gdb" in err, f"kill: status {rc}, {err!r}")
    c.close()


def detach():
    # Detach: the machine runs on to its end, as without gdb.
    p, c = start()
    check(c.ask("D") == "OK", "D")
    c.close()
    rc, out, err = finish(p)
    check(rc == 0 and "all VMs finished" in out, f"after detach: status {rc}")
    plain = subprocess.run([A72SIM, IMAGE], capture_output=True, text=True, timeout=120)
    check(out == plain.stdout, "the detached run's output is the plain run's")

    # gdb going away without a word is a detach too.
    p, c = start()
    check(c.ask("?").startswith("T05"), "?")
    c.close()
    rc, out, err = finish(p)
    check(rc == 0 and out == plain.stdout, f"after a dropped connection: status {rc}")


usage_errors()
protocol()
detach()
if failures:
    print(f"{failures} failures")
    sys.exit(1)
print("ok")
