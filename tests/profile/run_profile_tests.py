#!/usr/bin/env python3
"""Profile tests: run_profile_tests.py A72SIM HVC_CALLS_ELF WORKDIR TEST_NAME.

hvc_calls.elf (hvc_calls.S) starts VM 5 at EL1; its function make_calls executes HVC #1 seven times
(23 instructions at EL1), each answered by handle_hvc at EL2 with an ERET. The expectations below come
from that structure, not from a72sim's output."""
import json
import os
import re
import shutil
import subprocess
import sys


class Failure(Exception):
    pass


def check(ok, message):
    if not ok:
        raise Failure(message)


def run(sim, *args):
    return subprocess.run([sim, *args], capture_output=True, timeout=60)


def profile(sim, elf, directory, *extra):
    shutil.rmtree(directory, ignore_errors=True)
    r = run(sim, "--smp", "1", f"--profile={directory}", *extra, elf)
    check(r.returncode == 0, f"a72sim --profile exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    return r


def section(summary, title_start):
    """The table under the line starting with title_start: its rows as lists of cells."""
    lines = summary.splitlines()
    k = next((i for i, line in enumerate(lines) if line.startswith(title_start)), None)
    check(k is not None, f"no section '{title_start}' in the summary:\n{summary}")
    rows = []
    for line in lines[k + 3:]:  # title, header, dashes
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def test_known_counts(sim, elf, work):
    d = os.path.join(work, "known")
    r = profile(sim, elf, d)
    with open(os.path.join(d, "summary.txt")) as f:
        summary = f.read()
    check(summary in r.stderr.decode(), "the summary printed on stderr is not summary.txt")
    exits = section(summary, "VM exits")
    check(len(exits) == 1 and exits[0][:3] == ["5", "HVC64", "7"],
          f"VM exits: expected exactly 7 HVC64 from VMID 5, got {exits}")
    total, mean = int(exits[0][3]), float(exits[0][4])
    check(total > 0 and abs(mean - total / 7) < 0.1, f"VM exits: total {total}, mean {mean} of 7 exits")
    funcs = {(row[0], row[1], row[2]): int(row[3]) for row in section(summary, "functions")}
    check(funcs.get(("make_calls", "5", "1")) == 23, f"functions: make_calls should run 23 instructions in VM 5 at EL1: {funcs}")
    check(funcs.get(("handle_hvc", "0", "2")) == 7 * 5, f"functions: handle_hvc runs 5 instructions per HVC: {funcs}")
    by_el = {(row[0], row[1], row[2]): int(row[3]) for row in section(summary, "cycles and instructions by core")}
    check(by_el.get(("0", "1", "5"), 0) >= 23, f"by core/EL/VM: VM 5's EL1 instructions: {by_el}")
    with open(os.path.join(d, "folded.txt")) as f:
        folded = f.read().splitlines()
    stacks = {line.rsplit(" ", 1)[0]: int(line.rsplit(" ", 1)[1]) for line in folded}
    check(stacks.get("VM5;EL1;make_calls", 0) >= 23, f"folded: VM5;EL1;make_calls with its cycles: {folded}")
    check(all(re.fullmatch(r"VM\d+;EL\d;\S+ \d+", line) for line in folded), f"folded format: {folded}")
    with open(os.path.join(d, "timeline.json")) as f:
        timeline = json.load(f)
    names = {e["args"]["name"] for e in timeline["traceEvents"] if e.get("ph") == "M"}
    check({"hypervisor", "VM 5"} <= names, f"timeline: processes {names}")
    check(any(e.get("name") == "EL1" and e.get("pid") == 5 for e in timeline["traceEvents"]),
          "timeline: no EL1 residency of VM 5")
    # VM 5 (stage 2 only) fetches from one page (guest, make_calls) and loads one literal from the
    # page after the vectors: each misses the micro-TLBs and the L2 TLB (whose set is the accessed
    # page's), and walks.
    lines = summary.splitlines()
    k = next((i for i, line in enumerate(lines) if line.startswith("micro-TLB misses per VMID")), None)
    check(k is not None, f"no micro-TLB section:\n{summary}")
    check(lines[k + 1:k + 3] == ["  VMID 5: 2 micro-TLB misses, 0 L2 TLB hits, 2 L2 misses (walks): L2 TLB hit rate 0.00%",
                                 ""], f"micro-TLB misses of VM 5: {lines[k + 1:k + 3]}")
    # The full timing model (the default) counts VM 5's cache accesses and branches at EL1 ...
    rates = [l for l in summary.splitlines() if l.startswith("  EL1:")]
    check(len(rates) == 1 and re.fullmatch(r"  EL1:  L1I \d+/\d+ = [\d.]+%  L1D \d+/\d+ = [\d.]+%  "
                                           r"L2 \d+/\d+ = [\d.]+%  branches \d+/\d+ = [\d.]+%", rates[0]),
          f"cache rates at EL1 under the full model:\n{summary}")
    # ... static timing counts none: every rate is n/a, none is made up.
    static = os.path.join(work, "known-static")
    profile(sim, elf, static, "--timing=static")
    with open(os.path.join(static, "summary.txt")) as f:
        static_summary = f.read()
    check("  EL1:  L1I n/a  L1D n/a  L2 n/a  branches n/a" in static_summary.splitlines(),
          f"cache rates under --timing=static:\n{static_summary}")


def test_deterministic(sim, elf, work):
    a, b = os.path.join(work, "a"), os.path.join(work, "b")
    profile(sim, elf, a)
    profile(sim, elf, b)
    for name in ("summary.txt", "folded.txt", "timeline.json"):
        with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
            check(fa.read() == fb.read(), f"{name} differs between two runs")


def test_unobserved_run_unchanged(sim, elf, work):
    # Profiling changes no count: --stats=json is the same with and without it (but host time).
    def stats(*extra):
        r = run(sim, "--smp", "1", "--stats=json", *extra, elf)
        check(r.returncode == 0, f"exit {r.returncode}: {r.stderr.decode(errors='replace')}")
        s = json.loads(r.stderr.decode().splitlines()[-1])
        for k in ("host_seconds", "mips"):
            s.pop(k)
        return s
    plain = stats()
    shutil.rmtree(os.path.join(work, "u"), ignore_errors=True)
    profiled = stats(f"--profile={os.path.join(work, 'u')}")
    check(profiled == plain, f"--profile changed the run's statistics: {profiled} against {plain}")


def test_stats_format(sim, elf, work):
    r = run(sim, "--smp", "1", "--stats", elf)
    check(r.returncode == 0, f"exit {r.returncode}")
    lines = r.stderr.decode().splitlines()
    check(re.fullmatch(r"a72sim: instructions \d+ \(all cores\) in \d+\.\d+ host seconds: \d+\.\d+ MIPS; "
                       r"simulated time \d+\.\d+ (ns|us|ms|s) \(the longest core's\)", lines[0]), lines[0])
    check("cpu0:   EC 0x16 HVC64 \u2192 EL2: 7" in lines, f"--stats: 7 HVC64 to EL2: {lines}")
    check("cpu0:   VM exits (EL1/EL0 \u2192 EL2) 7: HVC64 7" in lines, f"--stats: the VM exits: {lines}")
    m = next((re.fullmatch(r"cpu0:   instructions by EL: EL0 0, EL1 (\d+), EL2 (\d+), EL3 0", l) for l in lines
              if l.startswith("cpu0:   instructions by EL")), None)
    check(m and int(m.group(1)) >= 23 and int(m.group(2)) >= 7 * 5, f"--stats: instructions by EL: {lines}")
    r = run(sim, "--smp", "1", "--stats=json", elf)
    s = json.loads(r.stderr.decode().splitlines()[-1])
    c0 = s["cores"][0]
    check(sum(c0["instructions_by_el"]) == c0["instructions"], f"--stats=json: instructions_by_el {c0}")
    check(c0["exceptions"] == [{"ec": 22, "name": "HVC64", "target_el": 2, "count": 7}], f"--stats=json: {c0}")


def test_bad_options(sim, elf, work):
    r = run(sim, "--profile=", elf)
    check(r.returncode == 2 and b"--profile" in r.stderr, f"--profile= : {r.returncode} {r.stderr!r}")
    r = run(sim, "--profile", "--trace", os.path.join(work, "t.db"), elf)
    check(r.returncode == 2 and b"--trace" in r.stderr, f"--profile with --trace: {r.returncode} {r.stderr!r}")
    r = run(sim, "--symbols", "x@zz", elf)
    check(r.returncode == 2 and b"--symbols" in r.stderr, f"--symbols x@zz: {r.returncode} {r.stderr!r}")


def raw_image(elf, work):
    """The program's bytes (llvm-objcopy -O binary) in work (each test's own: CTest runs them side by
    side), to load raw at their link address."""
    objcopy = shutil.which("llvm-objcopy")
    if not objcopy:
        sys.exit(77)
    raw = os.path.join(work, "hvc_calls.bin")
    os.makedirs(work, exist_ok=True)
    subprocess.run([objcopy, "-O", "binary", elf, raw], check=True)
    return raw


def raw_run_functions(sim, raw, work, symbols):
    """The profile's functions of the raw program run with --symbols symbols: {(function, vmid, el): instructions}."""
    d = os.path.join(work, "raw")
    shutil.rmtree(d, ignore_errors=True)
    r = run(sim, "--smp", "1", f"--profile={d}", "--load", raw + "@0x200000", "--entry", "0x200000",
            "--symbols", symbols)
    check(r.returncode == 0, f"raw run with --symbols {symbols}: {r.returncode} {r.stderr!r}")
    with open(os.path.join(d, "summary.txt")) as f:
        return {(row[0], row[1], row[2]): int(row[3]) for row in section(f.read(), "functions")}


def test_symbols_for_raw_image(sim, elf, work):
    # The same program loaded raw (its bytes at their link address) is named through --symbols.
    work = os.path.join(work, "symbols_elf")
    funcs = raw_run_functions(sim, raw_image(elf, work), work, elf + "@0")
    check(funcs.get(("make_calls", "5", "1")) == 23, f"--symbols: make_calls not named: {funcs}")


def test_symbol_map_for_raw_image(sim, elf, work):
    # The same raw run named through a symbol map (nm's output, as System.map and /proc/kallsyms are);
    # a file that is neither ELF nor a map is refused with one line, before the run.
    nm = shutil.which("nm") or shutil.which("llvm-nm")
    if not nm:
        sys.exit(77)
    work = os.path.join(work, "symbols_map")
    raw = raw_image(elf, work)
    symbol_map = os.path.join(work, "hvc_calls.map")
    with open(symbol_map, "w") as f:
        subprocess.run([nm, elf], stdout=f, check=True)
    funcs = raw_run_functions(sim, raw, work, symbol_map + "@0")
    check(funcs.get(("make_calls", "5", "1")) == 23, f"--symbols MAP: make_calls not named: {funcs}")
    bad = os.path.join(work, "bad.map")
    with open(bad, "w") as f:
        f.write("ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n")
    r = run(sim, "--smp", "1", "--load", raw + "@0x200000", "--entry", "0x200000", "--symbols", bad)
    lines = r.stderr.decode().strip().splitlines()
    check(r.returncode == 2 and len(lines) == 1 and "bad.map' line 1" in lines[0], f"bad map: {r.returncode} {lines}")


def functions_of(sim, elf, directory, *extra):
    """The profile's functions: {(function, vmid, el): instructions}, and its folded stacks."""
    profile(sim, elf, directory, *extra)
    with open(os.path.join(directory, "summary.txt")) as f:
        funcs = {(row[0], row[1], row[2]): int(row[3]) for row in section(f.read(), "functions")}
    with open(os.path.join(directory, "folded.txt")) as f:
        stacks = {line.rsplit(" ", 1)[0] for line in f.read().splitlines()}
    return funcs, stacks


def test_scoped_symbols(sim, elf, work):
    # Symbols given with a scope name only the code of that VM or EL, and there they win over the
    # image's own: make_calls (VM 5, EL1) takes the name from the vmid=5 map, handle_hvc (EL2) from
    # the el=2 map; the vmid=6 map names nothing (there is no VM 6); _start (EL2, below the el=2
    # map's only function) keeps the image's name.
    work = os.path.join(work, "scoped")
    os.makedirs(work, exist_ok=True)
    plain, _ = functions_of(sim, elf, os.path.join(work, "plain"))
    maps = {}
    for name, text in (("vm5", "000000000020008c T vm5_calls\n"), ("vm6", "000000000020008c T vm6_calls\n"),
                       ("el2", "0000000000201000 T el2_handler\n")):
        maps[name] = os.path.join(work, name + ".map")
        with open(maps[name], "w") as f:
            f.write(text)
    funcs, stacks = functions_of(sim, elf, os.path.join(work, "scoped"), "--symbols", maps["vm5"] + ",vmid=5",
                                 "--symbols", maps["vm6"] + ",vmid=6", "--symbols", maps["el2"] + ",el=2")
    check(funcs.get(("vm5_calls", "5", "1")) == plain[("make_calls", "5", "1")] == 23,
          f"vmid=5: make_calls's 23 instructions should be vm5_calls's: {funcs}")
    check(funcs.get(("el2_handler", "0", "2")) == plain[("handle_hvc", "0", "2")],
          f"el=2: handle_hvc's instructions should be el2_handler's: {funcs}")
    check(funcs.get(("_start", "0", "2")) == plain.get(("_start", "0", "2")) and ("_start", "0", "2") in plain,
          f"_start should keep the image's name: {funcs}")
    names = {k[0] for k in funcs}
    check(not names & {"make_calls", "handle_hvc", "vm6_calls"}, f"names that should lose: {funcs}")
    check("VM5;EL1;vm5_calls" in stacks and not any("make_calls" in x for x in stacks), f"folded: {stacks}")
    # The image itself given as --symbols with a scope: only that scoped copy names its code.
    funcs, _ = functions_of(sim, elf, os.path.join(work, "rescoped"), "--symbols", elf + ",el=2")
    check(funcs.get(("handle_hvc", "0", "2")) == plain[("handle_hvc", "0", "2")], f"{elf},el=2: {funcs}")
    check(funcs.get(("?", "5", "1"), 0) >= 23 and not any(k[1] == "5" and k[0] != "?" for k in funcs),
          f"{elf},el=2 should leave VM 5's code unnamed: {funcs}")
    for bad in ("x,vmid=256", "x,el=4", "x,vmid=1,vmid=2", ",el=1", "x,el=-1"):
        r = run(sim, "--symbols", bad, elf)
        lines = r.stderr.decode().strip().splitlines()
        check(r.returncode == 2 and len(lines) == 1 and "--symbols" in lines[0], f"--symbols {bad}: {r.returncode} {lines}")


def main():
    sim, elf, work, name = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    try:
        globals()["test_" + name](sim, elf, work)
    except Failure as e:
        print(f"FAIL {name}: {e}")
        sys.exit(1)
    print(f"PASS {name}")


if __name__ == "__main__":
    main()
