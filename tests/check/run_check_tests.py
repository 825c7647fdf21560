#!/usr/bin/env python3
"""Tests of a72sim's checks (--check=LIST), --stress and --gic-lrs (CTest label check).

usage: run_check_tests.py A72SIM BUILD_DIR SOURCE_DIR TEST
Each test_NAME function below is the CTest test check/NAME."""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SIM, BUILD, SOURCE, TEST = sys.argv[1:5]
GUEST = os.path.join(BUILD, "tests", "guest")


class Failure(Exception):
    pass


def check(ok, what):
    if not ok:
        raise Failure(what)


def run(*args, timeout=600):
    r = subprocess.run([SIM, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def guest(name):
    return os.path.join(GUEST, name + ".elf")


def sites(out):
    return {m.group(1): int(m.group(2), 16) for m in re.finditer(r"^site (\S+) (0x[0-9a-f]+)$", out, re.M)}


def reports(err, name=None):
    """The report lines (each the first line of a report), of one check or of all."""
    pat = rf"^a72sim: check-{name or '[a-z]+'}: .*$"
    return re.findall(pat, err, re.M)


# program, a72sim options, the check, the sites it must report (each once)
VIOLATIONS = {
    "bbm": ("check_bbm", ["--el3"], "bbm", ["bbm"]),
    "tlb": ("check_tlbi", ["--el3"], "tlb", ["tlbi_nodsb", "rd64"]),
    "sync": ("check_sync", ["--el3"], "sync", ["fp"]),
    "cache": ("check_cache", ["--el3"], "cache", ["code"]),
    "gic": ("check_gic", [], "gic", ["lr_dup", "lr_hw", "eoi", "rwp", "maint_eoi"]),
    "psci": ("check_psci", [], "psci", ["cpu_on", "cpu_on_bad_entry"]),
}


def violation(key):
    prog, opts, name, want = VIOLATIONS[key]
    rc, out, err = run(*opts, f"--check={name}", "--max-insns", "50000000", "--append", "bad", guest(prog))
    check(rc == 0 and re.search(r"^PASSED: \d+ checks, 0 failures$", out, re.M), f"{prog} bad: status {rc}\n{out}{err}")
    where = sites(out)
    got = reports(err, name)
    check(len(got) == len(want), f"{prog}: expected {len(want)} reports of check-{name}, got {len(got)}:\n{err}")
    for site in want:
        pc = where[site]
        n = sum(1 for line in got if re.search(rf"\bpc 0x{pc:x}\b", line))
        check(n == 1, f"{prog}: site {site} (pc 0x{pc:x}) reported {n} times, expected once:\n{err}")
    check(all(re.search(r"\(cpu\d EL\d VMID \d+ pc 0x[0-9a-f]+", line) for line in got), f"core/EL/VMID/PC: {got}")
    check(err.count("a72sim:   rule: ") == len(want) and err.count("a72sim:   evidence: ") == len(want),
          f"every report gives its rule and evidence:\n{err}")
    # the correct sequence: nothing to report, under every check
    rc, out, err = run(*opts, "--check=all", "--max-insns", "50000000", "--append", "good", guest(prog))
    check(rc == 0 and re.search(r"^PASSED: \d+ checks, 0 failures$", out, re.M), f"{prog} good: status {rc}\n{out}{err}")
    check(not reports(err), f"{prog} good: unexpected reports:\n{err}")


def test_bbm(): violation("bbm")
def test_tlb(): violation("tlb")
def test_sync(): violation("sync")
def test_cache(): violation("cache")
def test_gic(): violation("gic")
def test_psci(): violation("psci")


def test_psci_system_off():
    """SYSTEM_OFF while the other core runs with IRQs unmasked: one warning, at the SMC."""
    rc, out, err = run("--check=psci", "--append", "off", guest("check_psci"))
    got = reports(err, "psci")
    pc = sites(out)["system_off"]
    check(rc == 0 and len(got) == 1 and "warning: PSCI SYSTEM_OFF while cpu1 is still running" in got[0]
          and f"pc 0x{pc:x}" in got[0], f"status {rc}:\n{out}{err}")


def test_fatal():
    """--check-fatal stops at the first report with status 121; --check-tlb is --check=tlb."""
    rc, out, err = run("--el3", "--check=bbm", "--check-fatal", "--append", "bad", guest("check_bbm"))
    check(rc == 121 and len(reports(err)) == 1 and "PASSED" not in out, f"--check-fatal: status {rc}\n{out}{err}")
    check("--check-fatal" in err, "the stop is explained")
    rc1, _, err1 = run("--el3", "--check-tlb", "--append", "stale", guest("mmu_check_tlb"))
    rc2, _, err2 = run("--el3", "--check=tlb", "--append", "stale", guest("mmu_check_tlb"))
    check(rc1 == rc2 == 0 and err1 == err2 and "stale TLB entry used" in err1, f"--check-tlb alias:\n{err1}\n{err2}")


def test_usage():
    """Bad values are usage errors: one line, status 2."""
    for args in (["--check=tlb,bogus"], ["--check="], ["--gic-lrs", "5"], ["--gic-lrs", "0"], ["--stress", "x"]):
        rc, out, err = run(*args, guest("check_bbm"))
        check(rc == 2 and len(err.strip().splitlines()) == 1 and not out, f"{args}: status {rc}: {err}")


def test_checks_change_nothing():
    """The checks observe: with all of them on, a program prints the same and runs the same
    instructions as without (its cycles may differ: check tlb sends every access through the
    modelled TLB)."""
    plain = run("--el3", "--stats=json", "--append", "good", guest("check_tlbi"))
    on = run("--el3", "--check=all", "--stats=json", "--append", "good", guest("check_tlbi"))
    check(plain[0] == on[0] == 0 and plain[1] == on[1], "same output")
    check(re.search(r'"instructions": ?(\d+)', plain[2]).group(1) == re.search(r'"instructions": ?(\d+)', on[2]).group(1),
          "same instruction count with the checks on")


def race(seed, quantum="100"):
    rc, out, err = run("--quantum", quantum, "--stress", str(seed), "--stats=json", guest("check_race"))
    m = re.search(r"race: core 1 read (\d+)", out)
    insns = re.search(r'"instructions": ?(\d+)', err)
    check(m and insns, f"seed {seed}: no outcome:\n{out}{err}")
    return rc, m.group(1), insns.group(1)


def test_stress_race():
    """The handshake without its barrier fails under some seeds and passes under others; each seed
    gives the same run every time (outcome and instruction count)."""
    results = {}
    for seed in range(1, 21):
        first, again = race(seed), race(seed)
        check(first == again, f"seed {seed} is not reproducible: {first} then {again}")
        check((first[0] == 0) == (first[1] == "42"), f"seed {seed}: status {first[0]} with outcome {first[1]}")
        results[seed] = first[1]
    check("0" in results.values() and "42" in results.values(),
          f"expected both outcomes over seeds 1-20, got {results}")
    rc, out, _ = run(guest("check_race"))
    check(rc == 0 and "read 42" in out, "the plain schedule passes")


def stats_of(err):
    m = re.search(r'"instructions": ?(\d+)', err)
    return m.group(1) if m else None


def test_stress_interrupts():
    """--stress also holds back the rise of the GIC's outputs to a core (IRQ, FIQ, vIRQ, vFIQ, the
    maintenance interrupt) for a few rounds: correct software (the demo) passes under every seed, with
    runs that differ between seeds and are the same for a seed; gic_virt, a test of the simulator that
    reads the maintenance interrupt's pending bit right after causing it, sees the latency under some
    seeds and not under others."""
    plain = run(os.path.join(BUILD, "demo", "hyp.elf"))
    counts = set()
    for seed in range(1, 7):
        a = run("--stress", str(seed), "--stats=json", os.path.join(BUILD, "demo", "hyp.elf"))
        b = run("--stress", str(seed), "--stats=json", os.path.join(BUILD, "demo", "hyp.elf"))
        check(a[0] == 0 and a[0] == b[0] and a[1] == b[1] and stats_of(a[2]) == stats_of(b[2]),
              f"demo, seed {seed}: not the same run twice, or failed ({a[0]})")
        check(sorted(a[1].splitlines()) == sorted(plain[1].splitlines()), f"demo, seed {seed}: other lines")
        counts.add(stats_of(a[2]))
    check(len(counts) > 1, f"the seeds all gave the same run: {counts}")
    outcomes = {}
    for seed in range(1, 13):  # gic_virt checks the pending bit several times: few seeds hold none back
        a = run("--stress", str(seed), "--quantum", "1000", guest("gic_virt"))
        b = run("--stress", str(seed), "--quantum", "1000", guest("gic_virt"))
        check(a == b, f"gic_virt, seed {seed}: not the same run twice")
        outcomes[seed] = a[0]
    check(0 in outcomes.values() and any(v != 0 for v in outcomes.values()),
          f"gic_virt: expected the maintenance latency to show under some seeds only: {outcomes}")


def test_stress_regress():
    """regress: stress_seeds = LO-HI runs one case per seed, named with it, with the seed's result."""
    with tempfile.TemporaryDirectory() as d:
        ini = os.path.join(d, "stress.ini")
        with open(ini, "w") as f:
            f.write("[race]\nimage = ${BUILD}/tests/guest/check_race.elf\nargs = --quantum 100\n"
                    "stress_seeds = 1-8\nexpect_exit = 0\n")
        junit = os.path.join(d, "r.xml")
        r = subprocess.run([SIM, "regress", "-j", "2", "--junit", junit, "--build-dir", BUILD, ini],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cases = {c.get("name"): c.find("failure") is None for c in ET.parse(junit).getroot().iter("testcase")}
        check(sorted(cases) == sorted(f"race.seed{s}" for s in range(1, 9)), f"cases {sorted(cases)}")
        for s in range(1, 9):
            check(cases[f"race.seed{s}"] == (race(s)[1] == "42"), f"seed {s}: regress and run disagree")
        check(r.returncode == (0 if all(cases.values()) else 1), f"regress status {r.returncode}")


def test_gic_lrs():
    """--gic-lrs 2: ICH_VTR_EL2 reports 2 list registers and only 2 exist; a hypervisor that assumes
    the A72's 4 fails, one that reads ICH_VTR_EL2 passes."""
    rc, out, err = run("--gic-lrs", "2", "--append", "bad", guest("check_lrs"))
    check(rc == 1 and "FAILED" in out, f"assuming 4 LRs with --gic-lrs 2: status {rc}\n{out}{err}")
    rc, out, err = run("--gic-lrs", "2", "--append", "good", guest("check_lrs"))
    check(rc == 0 and "list registers used: 0x2" in out, f"ICH_VTR_EL2 with --gic-lrs 2: status {rc}\n{out}{err}")
    rc, out, err = run("--append", "bad", guest("check_lrs"))
    check(rc == 0 and "list registers used: 0x4" in out, f"4 LRs by default: status {rc}\n{out}{err}")


# Guest tests that break a rule on purpose, and the checks they are run without.
DELIBERATE = {
    "mmu_tlbi": "sync,cache,gic,psci",            # keeps stale entries (tlb) and changes descriptors in place (bbm)
    "mmu_check_tlb_stale": None,                  # the --check-tlb test: a stale entry on purpose
    "mmu_check_tlb_tlbi": "tlb,sync,cache,gic,psci",  # changes a descriptor in place (bbm)
    "psci_dtb": "tlb,bbm,sync,cache,gic",         # CPU_ON of a core that is on: the ALREADY_ON answer
}


def test_guest_suite_clean():
    """Every guest test (tests/regress/guest.ini) runs clean under --check=all --check-fatal, but for
    the rules a few break on purpose (DELIBERATE)."""
    with open(os.path.join(SOURCE, "tests", "regress", "guest.ini")) as f:
        text = f.read()
    out, skip = [], False
    for line in text.splitlines():
        m = re.match(r"^\[([^\]]+)\]", line)
        if m:
            name = m.group(1)
            skip = name in DELIBERATE and DELIBERATE[name] is None
            if skip:
                continue
            out.append(line)
            if name not in ("defaults", "suite"):
                out.append(f"check = {DELIBERATE.get(name) or 'all'}")
                out.append("check_fatal = true")
            continue
        if not skip:
            # the checks are slow (and slower again under the sanitizers): more time per test
            out.append(re.sub(r"^timeout = \d+$", "timeout = 1500", line))
    with tempfile.TemporaryDirectory() as d:
        ini = os.path.join(d, "guest_checked.ini")
        with open(ini, "w") as f:
            f.write("\n".join(out) + "\n")
        r = subprocess.run([SIM, "regress", "-j", "2", "--build-dir", BUILD, ini], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=1700)
        check(r.returncode == 0, "guest suite under --check=all:\n" + r.stdout.decode() + r.stderr.decode())


def test_demo_clean():
    """The demo (two VMs under the demo hypervisor, both cores) runs clean under --check=all."""
    demo = os.path.join(BUILD, "demo", "hyp.elf")
    rc, out, err = run("--check=all", "--check-fatal", demo)
    plain = run(demo)
    check(rc == plain[0] == 0 and out == plain[1] and not reports(err), f"demo: status {rc}\n{err}")


def test_linux_clean():
    """Linux (the no-FP boot of tests/stacks) boots clean under --check=all on one core."""
    files = os.path.join(BUILD, "tests", "stacks")
    kernel = os.path.join(files, "files", "vmlinuz")
    if not os.path.exists(kernel):
        print("SKIP: no kernel (the stacks/prepare fixture was not run)")
        sys.exit(77)
    rc, out, err = run("--check=all", "--check-fatal", "--max-insns", "8000000000", "--smp", "1",
                       "--kernel", kernel, "--initrd", os.path.join(files, "nofp.cpio.gz"),
                       "--append", "console=ttyAMA0 panic=-1 rdinit=/init", timeout=3000)
    check(rc == 0 and "NOFP-INIT: fnv 551850533" in out and not reports(err), f"linux: status {rc}\n{err[-3000:]}")


if __name__ == "__main__":
    try:
        globals()["test_" + TEST]()
    except Failure as e:
        print(f"FAIL check/{TEST}: {e}")
        sys.exit(1)
    print(f"PASS check/{TEST}")
