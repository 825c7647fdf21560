#!/usr/bin/env python3
"""Trace capture end to end: `a72sim run --trace*` on guest programs and the `a72sim trace` commands.

usage: run_trace_tests.py A72SIM BUILD_DIR [CASE...]

BUILD_DIR is the CMake build directory (guest programs in tests/guest/, the spinning CLI guest in
tests/cli/guest/). Every function test_NAME is one case, registered by CMake as trace/NAME. Each
prints "ok NAME" or "FAIL NAME: why"; exit status 0 when every case passed.
"""
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

TIMEOUT = 120


class Failure(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Failure(why)


class Ctx:
    def __init__(self, sim, build, tmp):
        self.sim, self.build, self.tmp = sim, build, tmp

    def guest(self, name):
        return os.path.join(self.build, "tests", "guest", name + ".elf")

    def path(self, name):
        return os.path.join(self.tmp, name)

    def run(self, *args, cwd=None):
        p = subprocess.run([self.sim, *args], capture_output=True, text=True, timeout=TIMEOUT,
                           cwd=cwd or self.tmp)
        return p.returncode, p.stdout, p.stderr

    def db(self, name):
        return sqlite3.connect(self.path(name))


# Guests with what a72sim needs to start them like the guest tests do.
GUESTS = {"exc_calls": ["--el3"], "mmu_s2": ["--el3"], "mmu_tlbi": ["--el3"], "gic_virt": [],
          "trace_known": ["--el3"]}


def stats(stderr):
    """--stats=json (the last line of stderr): total instructions, total cycles, and synchronous
    exceptions by EC"""
    try:
        d = json.loads(stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise Failure("no --stats=json in: " + stderr[-300:])
    by_ec = {}
    for core in d["cores"]:
        for e in core["exceptions"]:
            by_ec[e["ec"]] = by_ec.get(e["ec"], 0) + e["count"]
    return d["instructions"], sum(c["cycles"] for c in d["cores"]), by_ec


def traced(ctx, guest, db, *opts):
    rc, out, err = ctx.run(*GUESTS[guest], "--trace", db, *opts, ctx.guest(guest))
    check(rc == 0, f"{guest} with --trace {db} {' '.join(opts)} exited {rc}: {err[-400:]}")
    return out, err


def q(con, sql, *args):
    return con.execute(sql, args).fetchall()


def one(con, sql, *args):
    return con.execute(sql, args).fetchone()[0]


def test_unchanged(ctx):
    """Tracing changes no output, exit status, instruction count or cycle count."""
    for guest, opts in GUESTS.items():
        rc0, out0, err0 = ctx.run(*opts, "--stats=json", ctx.guest(guest))
        check(rc0 == 0, f"{guest} exited {rc0}")
        base = stats(err0)
        for topts in (["--trace", "ev.db"], ["--trace", "all.db", "--trace-filter", "all", "--trace-regs",
                                              "--trace-mem"], ["--trace", "t.txt", "--trace-regs"]):
            rc, out, err = ctx.run(*opts, "--stats=json", *topts, ctx.guest(guest))
            check(rc == rc0 and out == out0, f"{guest} {topts}: output or status changed")
            check(stats(err) == base, f"{guest} {topts}: counts {stats(err)} != untraced {base}")


def test_events_match_the_run(ctx):
    """Each exception of the run is one row (by EC, as --stats counts them); each HVC and TLBI the
    guest executed (seen in the instruction rows) is one exception / tlbi row."""
    for guest in ("mmu_s2", "mmu_tlbi", "exc_calls"):
        _, err = traced(ctx, guest, guest + ".db", "--trace-filter", "all", "--stats=json")
        by_ec = stats(err)[2]
        con = ctx.db(guest + ".db")
        rows = dict(q(con, "SELECT ec, COUNT(*) FROM exceptions WHERE type = 'sync' GROUP BY ec"))
        check(rows == by_ec, f"{guest}: exceptions by EC {rows} != --stats {by_ec}")
        # An HVC at EL1 with stage 2 on (these two guests' only HVCs) is an HVC64 exception; exc_calls
        # also runs HVCs that are UNDEFINED (EL3, HCR_EL2.HCD).
        hvc_insns = one(con, "SELECT COUNT(*) FROM insns WHERE (opcode & 0xffe0001f) = 0xd4000002 AND el = 1")
        hvc_rows = one(con, "SELECT COUNT(*) FROM exceptions WHERE ec = 0x16")
        if guest != "exc_calls":
            check(hvc_insns == hvc_rows, f"{guest}: {hvc_insns} HVC instructions, {hvc_rows} HVC64 rows")
        # SYS with CRn = 8 is TLBI (executed at an EL that may run it: the guests do not trap them)
        tlbi_insns = one(con, "SELECT COUNT(*) FROM insns WHERE (opcode & 0xfff8f000) = 0xd5088000")
        tlbi_rows = one(con, "SELECT COUNT(*) FROM tlbis WHERE broadcast = 0")
        check(tlbi_insns == tlbi_rows, f"{guest}: {tlbi_insns} TLBI instructions, {tlbi_rows} tlbi rows")
        erets = one(con, "SELECT COUNT(*) FROM insns WHERE opcode = 0xd69f03e0")
        check(erets == one(con, "SELECT COUNT(*) FROM erets"), f"{guest}: ERET instructions != eret rows")
    con = ctx.db("mmu_tlbi.db")
    scopes = dict(q(con, "SELECT op, scope FROM tlbis"))
    check(scopes.get("VAE1") == "va" and scopes.get("ASIDE1") == "asid" and scopes.get("VMALLS12E1") == "vmid"
          and scopes.get("ALLE1") == "all", f"TLBI scopes: {scopes}")
    con = ctx.db("mmu_s2.db")
    s2 = one(con, "SELECT COUNT(*) FROM stage2_faults")
    check(s2 == one(con, "SELECT COUNT(*) FROM exceptions WHERE ec IN (0x20, 0x24) AND to_el = 2"), "stage-2 faults")
    check(s2 > 0, "mmu_s2 takes stage-2 faults")
    check(one(con, "SELECT COUNT(*) FROM vm_switches WHERE new_vmid = 1") >= 1, "mmu_s2 switches to VMID 1")


def test_known_guest(ctx):
    """trace_known (tests/guest/trace_known.c): exactly 5 HVCs from hvc_caller, one stage-2 data
    abort at IPA 0x20000000, and 3 TLBIs of each scope from tlbi_scopes, each as one row; and the
    filters select exactly hvc_caller's instructions."""
    traced(ctx, "trace_known", "k.db", "--trace-filter", "func=hvc_caller")
    con = ctx.db("k.db")
    lo, size = q(con, "SELECT addr, size FROM symbols WHERE name = 'hvc_caller'")[0]
    hvcs = q(con, "SELECT elr - 4, from_el, to_el, vmid FROM exceptions WHERE ec = 0x16 AND elr - 4 >= ? "
                  "AND elr - 4 < ?", lo, lo + size)
    check(len(hvcs) == 5 and all(h[1:] == (1, 2, 1) for h in hvcs), f"HVCs from hvc_caller: {hvcs}")
    check(one(con, "SELECT COUNT(*) FROM exceptions WHERE ec = 0x16") == 5 + 2,
          "and the two HVC #0xFFFF with which run_at returns")
    s2 = q(con, "SELECT far, hpfar, from_el, vmid, ec_name FROM stage2_faults")
    check(s2 == [(0x20000000, 0x200000, 1, 1, "DABT_LOW")], f"stage-2 faults: {s2}")
    t = q(con, "SELECT addr, size FROM symbols WHERE name = 'tlbi_scopes'")[0]
    scopes = q(con, "SELECT op, scope, COUNT(*) FROM tlbis WHERE broadcast = 0 AND pc >= ? AND pc < ? "
                    "GROUP BY op, scope ORDER BY op", t[0], t[0] + t[1])
    check(scopes == [("ALLE1IS", "all", 3), ("ASIDE1IS", "asid", 3), ("IPAS2E1IS", "ipa", 3),
                     ("VAE1IS", "va", 3), ("VMALLS12E1IS", "vmid", 3)], f"TLBIs of tlbi_scopes: {scopes}")
    # The rows: hvc_caller's instructions at EL1 in VM 1, each HVC among them.
    rows = q(con, "SELECT DISTINCT el, vmid FROM insns")
    check(rows == [(1, 1)], f"rows at {rows}")
    check(one(con, "SELECT COUNT(*) FROM insns WHERE (opcode & 0xffe0001f) = 0xd4000002") == 5, "5 HVC rows")
    check(one(con, "SELECT COUNT(*) FROM insns WHERE pc < ? OR pc >= ?", lo, lo + size) == 0, "only hvc_caller")


def test_virtual_interrupts(ctx):
    """gic_virt: each guest read of ICV_IAR1_EL1 that returned an INTID (seen in the instruction
    and register rows) is one virtual acknowledge event with that INTID, in order; each has the list
    register write that made it pending before it (virq_latency counts them all)."""
    traced(ctx, "gic_virt", "gv.db", "--trace-filter", "all", "--trace-regs")
    con = ctx.db("gv.db")
    reads = q(con, "SELECT i.seq, (i.opcode & 31) FROM insns i WHERE i.el = 1 AND (i.opcode & 0xffffffe0) = 0xd538cc00 "
                   "AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.cpu = i.cpu AND e.seq = i.seq + 1) ORDER BY i.seq")
    want = []
    for seq, rt in reads:
        v = q(con, "SELECT value FROM reg_writes WHERE cpu = 0 AND seq = ? AND reg = ?", seq, f"X{rt}")
        check(v, f"the IAR1 read at seq {seq} wrote X{rt}")
        if v[0][0] & 0xffffff != 1023:
            want.append(v[0][0] & 0xffffff)
    got = [r[0] for r in q(con, "SELECT intid FROM irqs WHERE what = 'ack' AND virtual = 1 ORDER BY id")]
    check(len(want) >= 3 and got == want, f"virtual acks {got}, guest reads {want}")
    rc, out, _ = ctx.run("trace", "query", "gv.db", "virq_latency")
    m = re.search(r"^0\s+(\d+)\s+(\d+)", out, re.M)
    check(rc == 0 and m and int(m.group(1)) == len(want) and int(m.group(2)) > 0, f"virq_latency: {out}")


def test_calls_sleeps_checks(ctx):
    """PSCI calls (one per SMC the built-in firmware answered), WFI/WFE sleeps and wakes, and each
    --check-tlb report (as printed on stderr) are rows."""
    GUESTS["smp_sync"] = []
    traced(ctx, "smp_sync", "ps.db", "--trace-filter", "all")
    con = ctx.db("ps.db")
    smcs = one(con, "SELECT COUNT(*) FROM insns WHERE (opcode & 0xffe0001f) = 0xd4000003")
    calls = one(con, "SELECT COUNT(*) FROM psci_calls")
    check(smcs > 0 and calls == smcs, f"{smcs} SMC instructions, {calls} psci rows")
    check(one(con, "SELECT COUNT(*) FROM psci_calls WHERE function = 0xc4000003") >= 1, "CPU_ON")
    sleeps = one(con, "SELECT COUNT(*) FROM sleeps WHERE kind = 'sleep'")
    wfx = one(con, "SELECT COUNT(*) FROM insns WHERE (opcode & 0xffffffdf) = 0xd503205f")
    check(0 < sleeps <= wfx, f"{sleeps} sleeps, {wfx} WFI/WFE instructions")
    check(one(con, "SELECT COUNT(*) FROM sleeps WHERE kind = 'wake'") >= sleeps - 2, "wakes")
    rc, _, err = ctx.run("--el3", "--check-tlb", "--append", "stale", "--trace", "ck.db",
                         ctx.guest("mmu_check_tlb"))
    reports = [l for l in err.splitlines() if "stale TLB entry" in l]
    con = ctx.db("ck.db")
    rows = [r[0] for r in q(con, "SELECT message FROM checks ORDER BY id")]
    check(reports and len(rows) == len(reports) and all(r in reports[i] for i, r in enumerate(rows)),
          f"check rows {rows}, reports {reports}")


def test_lossy_counts_what_it_drops(ctx):
    """--trace-lossy: the rows kept and the records dropped add up to every instruction."""
    traced(ctx, "mmu_s2", "lo.db", "--trace-filter", "all", "--trace-lossy")
    con = ctx.db("lo.db")
    rows = one(con, "SELECT COUNT(*) FROM insns")
    dropped = int(one(con, "SELECT value FROM run WHERE key = 'dropped_insns'"))
    check(rows + dropped == one(con, "SELECT SUM(end_seq - start_seq) FROM cores"), f"{rows} rows + {dropped} dropped")
    check(one(con, "PRAGMA integrity_check") == "ok", "integrity")


def rows_of(con, where="1"):
    return q(con, f"SELECT cpu, seq, cycle, pc, opcode, el, vmid, asid FROM insns WHERE {where} ORDER BY cpu, seq")


def test_filters_select_exactly(ctx):
    """Each filter selects exactly the rows of a full capture that satisfy it."""
    traced(ctx, "mmu_s2", "full.db", "--trace-filter", "all")
    full = ctx.db("full.db")
    check(one(full, "SELECT COUNT(*) FROM insns") == one(full, "SELECT SUM(end_seq - start_seq) FROM cores"),
          "--trace-filter all captures every instruction")
    f = q(full, "SELECT addr, size FROM symbols WHERE name = 'exc_handle'")
    check(f and f[0][1] > 0, "symbol 'exc_handle' in mmu_s2.elf")
    lo, size = f[0]
    hvc1 = one(full, "SELECT MIN(seq) FROM exceptions WHERE ec = 0x16")
    vms = one(full, "SELECT MIN(seq) FROM vm_switches")
    cases = [
        ("el=1", "el = 1"),
        ("vmid=1 el=1", "vmid = 1 AND el = 1"),
        ("el=2 asid=0", "el = 2 AND asid = 0"),
        ("insns=1000..2000", "seq >= 1000 AND seq < 2000"),
        (f"pc={lo:#x}..{lo + 64:#x}", f"pc >= {lo} AND pc < {lo + 64}"),
        ("func=exc_handle", f"pc >= {lo} AND pc < {lo + size}"),
        ("start=ec:0x16 stop=insn:" + str(hvc1 + 500), f"seq >= {hvc1} AND seq < {hvc1 + 500}"),
        ("start=vm-switch el=2", f"seq >= {vms} AND el = 2"),
        ("start=func:exc_handle stop=insn:400000", f"seq >= (SELECT MIN(seq) FROM insns WHERE pc = {lo}) AND seq < 400000"),
    ]
    for n, (expr, where) in enumerate(cases):
        traced(ctx, "mmu_s2", f"f{n}.db", "--trace-filter", expr)
        got = rows_of(ctx.db(f"f{n}.db"))
        want = rows_of(full, where)
        check(len(want) > 0, f"{expr}: the full capture has rows for it")
        check(got == want, f"{expr}: {len(got)} rows, expected {len(want)}")


def test_deterministic(ctx):
    """The same run twice gives identical table contents."""
    dumps = []
    for d in ("a", "b"):
        os.makedirs(ctx.path(d), exist_ok=True)
        rc, _, err = ctx.run("--el3", "--trace", "t.db", "--trace-filter", "el=1|2", "--trace-regs", "--trace-mem",
                             ctx.guest("mmu_s2"), cwd=ctx.path(d))
        check(rc == 0, err)
        con = sqlite3.connect(os.path.join(ctx.path(d), "t.db"))
        dumps.append("\n".join(con.iterdump()))
    check(len(dumps[0]) > 100000 and dumps[0] == dumps[1], "the two databases differ")
    # Two cores: the rows of each table, ordered by their keys, are the same.
    tables = ["events ORDER BY id", "insns ORDER BY cpu, seq", "reg_writes ORDER BY cpu, seq, idx",
              "pc_stats ORDER BY cpu, el, vmid, pc", "cores ORDER BY cpu"]
    rows = []
    for d in ("c", "d"):
        os.makedirs(ctx.path(d), exist_ok=True)
        rc, _, err = ctx.run("--trace", "t.db", "--trace-filter", "all", "--trace-regs",
                             os.path.join(ctx.build, "tests", "guest", "smp_sync.elf"), cwd=ctx.path(d))
        check(rc == 0, err)
        con = sqlite3.connect(os.path.join(ctx.path(d), "t.db"))
        rows.append([q(con, "SELECT * FROM " + t) for t in tables])
    check(len(rows[0][1]) > 1000 and any(r[0] == 1 for r in rows[0][1]), "both cores ran")
    check(rows[0] == rows[1], "two-core runs differ")


def test_sigkill_leaves_committed_batches(ctx):
    """A run killed with SIGKILL leaves a database that passes integrity_check and holds whole
    batches: every instruction of the core from the first, without a gap."""
    spin = os.path.join(ctx.build, "tests", "cli", "guest", "spin.elf")
    db = ctx.path("kill.db")
    p = subprocess.Popen([ctx.sim, "--max-insns", "100000000000", "--trace", db, "--trace-filter", "all", spin],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    n = 0
    while time.time() < deadline and n < 200000:
        time.sleep(0.5)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                n = one(con, "SELECT COUNT(*) FROM insns")
        except sqlite3.Error:
            pass
    p.send_signal(signal.SIGKILL)
    p.wait()
    check(n >= 200000, f"only {n} rows committed before the kill")
    con = sqlite3.connect(db)
    check(one(con, "PRAGMA integrity_check") == "ok", "integrity_check")
    check(one(con, "SELECT value FROM meta WHERE key = 'format'") == "a72sim-trace", "meta")
    total, lo, hi = q(con, "SELECT COUNT(*), MIN(seq), MAX(seq) FROM insns WHERE cpu = 0")[0]
    check(total >= n and lo == 0 and hi == total - 1, f"rows {total}, seq {lo}..{hi}: a batch is partial")


def one_line_status2(ctx, args, needle):
    rc, out, err = ctx.run(*args)
    lines = err.strip().splitlines()
    check(rc == 2 and len(lines) == 1 and needle in lines[0], f"{args}: status {rc}, stderr {err!r}")


def test_bad_input(ctx):
    """One line naming the problem, status 2."""
    traced(ctx, "exc_calls", "good.db", "--trace-filter", "insns=0..100")
    with open(ctx.path("text.db"), "w") as f:
        f.write("not a database\n" * 100)
    sqlite3.connect(ctx.path("other.db")).execute("CREATE TABLE x(a)").connection.commit()
    con = sqlite3.connect(ctx.path("future.db"))
    con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES('format','a72sim-trace'),('schema_version','99')")
    con.commit()
    one_line_status2(ctx, ["trace", "query", "text.db", "el_time"], "not an a72sim trace")
    one_line_status2(ctx, ["trace", "query", "other.db", "el_time"], "not an a72sim trace")
    one_line_status2(ctx, ["trace", "tarmac", "future.db", "--cpu", "0", "-o", "x"], "schema version 99")
    one_line_status2(ctx, ["trace", "query", "missing.db", "el_time"], "missing.db")
    one_line_status2(ctx, ["trace", "query", "good.db", "no_such_query"], "unknown query 'no_such_query'")
    one_line_status2(ctx, ["trace", "tarmac", "good.db", "--cpu", "0", "--seq", "5000..6000", "-o", "x"],
                     "outside the trace")
    one_line_status2(ctx, ["trace", "tarmac", "good.db", "--cpu", "0", "--seq", "9..3", "-o", "x"], "--seq")
    one_line_status2(ctx, ["trace", "expand", "good.db", "--seq", "0..10"], "no compressed instruction stream")
    one_line_status2(ctx, ["trace", "frobnicate", "good.db"], "unknown command")
    one_line_status2(ctx, ["--el3", "--trace", "x.txt", "--trace-full", ctx.guest("exc_calls")], "--trace-full")
    traced(ctx, "exc_calls", "full.db", "--trace-full")
    one_line_status2(ctx, ["trace", "expand", "full.db", "--seq", "90000000..90000010"], "outside the trace")
    one_line_status2(ctx, ["--el3", "--trace", "x.db", "--trace-filter", "func=nosuch", ctx.guest("exc_calls")],
                     "nosuch")
    one_line_status2(ctx, ["--el3", "--trace-regs", ctx.guest("exc_calls")], "need --trace")
    check(not os.path.exists(ctx.path("x.db")) and not os.path.exists(ctx.path("x.txt")),
          "a refused trace leaves no file")


TARMAC_IT = re.compile(r"^(\d+) clk IT \((\d+)\) ([0-9a-f]{16}) ([0-9a-f]{8}) O EL([0-3])([th])_(s|ns) : (\S.*)$")
TARMAC_R = re.compile(r"^(\d+) clk R (\S+) ([0-9a-f]+)$")
TARMAC_M = re.compile(r"^(\d+) clk M([RW])([1248]) ([0-9a-f]{16}):([0-9a-f]{16}) ([0-9a-f]+)$")
TARMAC_E = re.compile(r"^(\d+) clk E ([0-9a-f]{16}) ([0-9a-f]{8}) CoreEvent_(CURRENT_SP0|CURRENT_SPX|LOWER_AARCH64"
                      r"|LOWER_AARCH32)_(SYNC|IRQ|FIQ|SERROR)$")


def test_tarmac_format(ctx):
    """The Tarmac export, line by line, against the rules Arm's tarmac-trace-utilities apply."""
    traced(ctx, "mmu_s2", "tm.db", "--trace-filter", "all", "--trace-regs", "--trace-mem")
    rc, _, err = ctx.run("trace", "tarmac", "tm.db", "--cpu", "0", "-o", "tm.tarmac")
    check(rc == 0 and err == "", f"tarmac export: {rc} {err}")
    con = ctx.db("tm.db")
    n_insns = one(con, "SELECT COUNT(*) FROM insns WHERE cpu = 0")
    n_mem = one(con, "SELECT COUNT(*) FROM mem_accesses WHERE cpu = 0")
    counts = {"IT": 0, "M": 0, "E": 0, "call": 0, "sp": 0}
    ts = None
    seq = -1
    pending_call = None
    pending_sp = None  # an exception changed EL: the new EL's SP must be written before the next IT
    with open(ctx.path("tm.tarmac")) as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = f"tm.tarmac:{no}: {line!r}"
            m = TARMAC_IT.match(line)
            if m:
                check(pending_call is None, f"BL without an R X30 line before {where}")
                check(pending_sp is None, f"no R {pending_sp} after the exception before {where}")
                check(int(m.group(2)) > seq, f"seq not increasing at {where}")
                ts, seq = m.group(1), int(m.group(2))
                op = int(m.group(4), 16)
                if (op & 0xfc000000) == 0x94000000 or (op & 0xfffffc1f) == 0xd63f0000:
                    pending_call = int(m.group(3), 16) + 4
                counts["IT"] += 1
                continue
            m = TARMAC_R.match(line)
            if m:
                name, value = m.group(2), m.group(3)
                check(name != "LR" and not name.startswith("W"), f"register name at {where}")
                width = {"cpsr": 8}.get(name, 32 if name[0] in "QV" else 8 if name.startswith(("ESR", "SPSR")) else 16)
                check(len(value) == width, f"register value width at {where}")
                if name == "X30" and pending_call is not None:
                    check(int(value, 16) == pending_call, f"X30 at a call is the return address: {where}")
                    pending_call = None
                    counts["call"] += 1
                counts["sp"] += name.startswith("SP_EL")
                if name == pending_sp:
                    pending_sp = None
                if name.startswith("ESR_EL"):
                    pending_sp = "SP_EL" + name[-1]  # the exception's target EL: its SP follows
                check(m.group(1) == ts or ts is None, f"R line detached from its instruction at {where}")
                continue
            m = TARMAC_M.match(line)
            if m:
                check(len(m.group(6)) == 2 * int(m.group(3)), f"data width at {where}")
                check(m.group(1) == ts, f"M line detached at {where}")
                counts["M"] += 1
                continue
            m = TARMAC_E.match(line)
            if m:
                counts["E"] += 1
                continue
            raise Failure(f"not a Tarmac line the tools accept: {where}")
    check(counts["IT"] == n_insns, f"{counts['IT']} IT lines for {n_insns} instructions")
    check(counts["M"] == n_mem, f"{counts['M']} M lines for {n_mem} accesses")
    check(counts["E"] == one(con, "SELECT COUNT(*) FROM exceptions WHERE cpu = 0"), "one E line per exception")
    check(counts["call"] > 0 and counts["sp"] > 0, f"calls and SP writes seen: {counts}")
    # A window: exactly its instructions.
    rc, _, err = ctx.run("trace", "tarmac", "tm.db", "--cpu", "0", "--seq", "100..200", "-o", "w.tarmac")
    with open(ctx.path("w.tarmac")) as f:
        seqs = [int(m.group(2)) for m in map(TARMAC_IT.match, f) if m]
    check(rc == 0 and seqs == list(range(100, 200)), "--seq 100..200 gives instructions 100..199")


def test_perfetto_json(ctx):
    """The Perfetto export follows the Chrome trace-event format: every event has its fields, spans
    of a thread do not overlap, and they cover each core's simulated time."""
    traced(ctx, "mmu_s2", "pf.db")
    rc, _, err = ctx.run("trace", "perfetto", "pf.db", "-o", "pf.json")
    check(rc == 0 and err == "", f"perfetto export: {rc} {err}")
    with open(ctx.path("pf.json")) as f:
        doc = json.load(f)
    events = doc["traceEvents"]
    check(isinstance(events, list) and events, "traceEvents")
    con = ctx.db("pf.db")
    hz = int(one(con, "SELECT value FROM run WHERE key = 'cpu_hz'"))
    spans = {}
    names = set()
    for e in events:
        check(isinstance(e.get("name"), str) and e.get("ph") in ("X", "i", "M"), f"event {e}")
        check(isinstance(e.get("pid"), int) and isinstance(e.get("tid"), int), f"pid/tid of {e}")
        if e["ph"] == "M":
            names.add((e["name"], e["pid"], e["tid"]))
            continue
        check(isinstance(e.get("ts"), (int, float)) and e["ts"] >= 0, f"ts of {e}")
        if e["ph"] == "X":
            check(isinstance(e.get("dur"), (int, float)) and e["dur"] >= 0, f"dur of {e}")
            spans.setdefault(e["tid"], []).append((e["ts"], e["dur"], e["pid"]))
    for tid, s in spans.items():
        s.sort()
        for (t0, d0, _), (t1, _, _) in zip(s, s[1:]):
            check(t0 + d0 <= t1 + 1e-3, f"cpu {tid}: spans overlap at {t0}")
        total = sum(d for _, d, _ in s)
        want = one(con, "SELECT (end_cycle - start_cycle) * 1e6 / ? FROM cores WHERE cpu = ?", hz, tid)
        check(abs(total - want) < 1e-2 * max(1, len(s)), f"cpu {tid}: spans cover {total} us of {want}")
    pids = {p for _, _, p in sum(spans.values(), [])}
    check(0 in pids and 1 in pids, f"a process for the hypervisor and for VM 1: {pids}")
    check(("process_name", 0, 0) in names and ("process_name", 1, 0) in names, "process names")


def test_folded_sums_to_totals(ctx):
    """Folded stacks sum to the run's instructions and cycles."""
    traced(ctx, "exc_calls", "fo.db", "--trace-filter", "all")
    con = ctx.db("fo.db")
    insns = one(con, "SELECT SUM(end_seq - start_seq) FROM cores")
    cycles = one(con, "SELECT SUM(end_cycle - start_cycle) FROM cores WHERE end_seq > start_seq")
    for by, want in (("insns", insns), ("cycles", cycles)):
        rc, out, err = ctx.run("trace", "folded", "fo.db", "--by", by)
        check(rc == 0 and err == "", f"folded --by {by}: {err}")
        lines = out.splitlines()
        check(all(re.match(r"^VM\d+;EL[0-3];\S+ \d+$", l) for l in lines), f"folded lines: {lines[:3]}")
        total = sum(int(l.rsplit(" ", 1)[1]) for l in lines)
        check(total == want, f"--by {by}: sum {total}, run {want}")
        check(any(";test_main " in l for l in lines), "function frames from the symbols")
    # An events-only trace folds per VM and EL, to the same totals.
    traced(ctx, "exc_calls", "fe.db")
    rc, out, _ = ctx.run("trace", "folded", "fe.db")
    check(rc == 0 and sum(int(l.rsplit(" ", 1)[1]) for l in out.splitlines()) == insns, "events-only folded")


def test_queries(ctx):
    """Every canned query runs on a trace and prints a table; vm_exits agrees with the events."""
    traced(ctx, "mmu_s2", "qq.db", "--trace-filter", "all")
    rc, out, _ = ctx.run("trace", "query", "qq.db")
    names = re.findall(r"^  (\w+) ", out, re.M)
    check(rc == 0 and len(names) >= 8, f"query list: {out}")
    for name in names:
        rc, out, err = ctx.run("trace", "query", "qq.db", name)
        check(rc == 0 and err == "" and len(out.splitlines()) >= 2, f"query {name}: {rc} {err}")
    rc, out, _ = ctx.run("trace", "query", "qq.db", "vm_exits")
    hvc = re.search(r"^1\s+HVC64\s+(\d+)\s+(\d+)", out, re.M)
    con = ctx.db("qq.db")
    check(hvc and int(hvc.group(1)) == one(con, "SELECT COUNT(*) FROM exceptions WHERE ec = 0x16 AND from_el = 1") - 1,
          f"vm_exits HVC64 (every HVC but the last one, which does not return): {out}")
    rc, out, _ = ctx.run("trace", "query", "qq.db", "top_pcs", "3")
    check(rc == 0 and len(out.splitlines()) == 5, "top_pcs 3 prints 3 rows")
    p = subprocess.run([ctx.sim, "trace", "sql", "qq.db"], input="SELECT COUNT(*) FROM exceptions;\n",
                       capture_output=True, text=True, timeout=TIMEOUT, cwd=ctx.tmp)
    check(p.returncode == 0 and p.stdout.strip() == str(one(con, "SELECT COUNT(*) FROM exceptions")),
          f"trace sql: {p.stdout} {p.stderr}")
    one_line_status2(ctx, ["trace"], "missing command")
    rc, out, _ = ctx.run("trace", "--help")
    check(rc == 0 and "tarmac" in out and "perfetto" in out and "folded" in out, "trace --help")


def test_full_stream(ctx):
    """--trace-full stores every instruction in compressed blocks; expand gives the same rows as
    direct row capture of the same window; per-PC counts and folded stacks cover the whole run."""
    traced(ctx, "mmu_s2", "fs.db", "--trace-full", "--trace-filter", "insns=150000..160000")
    con = ctx.db("fs.db")
    total = one(con, "SELECT SUM(end_seq - start_seq) FROM cores")
    check(one(con, "SELECT SUM(count) FROM blocks") == total, "blocks hold every instruction")
    check(one(con, "SELECT SUM(count) FROM pc_stats") == total, "pc_stats counts every instruction")
    check(one(con, "SELECT COUNT(*) FROM blocks WHERE count > 4096 OR last_seq - first_seq + 1 != count") == 0,
          "block summaries")
    rc, out, err = ctx.run("trace", "expand", "fs.db", "--seq", "150000..160000", "--cpu", "0")
    check(rc == 0 and err == "", f"expand: {rc} {err}")
    got = [tuple(l.split()) for l in out.splitlines()[1:]]
    want = [(str(c), str(s), str(cy), f"{pc & (2**64 - 1):016x}", f"{op:08x}", str(el), str(v), str(a))
            for c, s, cy, pc, op, el, v, a in rows_of(con)]
    check(len(want) == 10000 and got == want, f"expand: {len(got)} rows, direct capture {len(want)}")
    rc, out, _ = ctx.run("trace", "folded", "fs.db")
    check(rc == 0 and sum(int(l.rsplit(" ", 1)[1]) for l in out.splitlines()) == total, "folded from the stream")


def test_text_trace(ctx):
    """--trace FILE (not .db) writes text with disassembly, MRS/MSR named from the register table."""
    traced(ctx, "mmu_s2", "t.txt", "--trace-filter", "el=2")
    with open(ctx.path("t.txt")) as f:
        lines = f.read().splitlines()
    insn = [l for l in lines if not l.startswith(" ") and "--" not in l]
    check(insn and all(re.match(r"^cpu\d EL2 [0-9a-f]{16} [0-9a-f]{8}  \S", l) for l in insn), f"{insn[:3]}")
    check(any("msr vttbr_el2, x" in l for l in insn), "msr vttbr_el2 disassembled with its name")
    check(any(" -- exception sync EL1->EL2 " in l and "(HVC64)" in l for l in lines), "exception lines")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    sim, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    cases = {n[5:]: f for n, f in globals().items() if n.startswith("test_")}
    wanted = sys.argv[3:] or list(cases)
    failed = 0
    for name in wanted:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                cases[name](Ctx(sim, build, tmp))
                print("ok", name)
            except (Failure, AssertionError, sqlite3.Error, OSError, ValueError, KeyError,
                    subprocess.TimeoutExpired) as e:
                print(f"FAIL {name}: {e}")
                failed += 1
    print(f"{len(wanted) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
