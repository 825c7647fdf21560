#!/usr/bin/env python3
"""Timing-model tests of a72sim: the calibration kernels (bench/cal_*.S) cost exactly what the
model's documented parameters (sim/cpu/timing.h, sim/timing/, docs/timing.md) say.

usage: run_timing_tests.py A72SIM BENCH_DIR [CASE...]

Each kernel is built with 1000 and 2000 iterations; the difference of the two runs' cycles,
divided by 1000, is the cost of one iteration in the steady state (start-up and the warm-up of
caches and predictor cancel out). Each case prints "ok NAME" or "FAIL NAME: why".
"""
import json
import math
import subprocess
import sys

# The model's parameters (sim/cpu/timing.h, sim/timing/pipeline.h), as docs/timing.md gives them.
ALU, MUL64, DIV, LOAD, L2_HIT, DDR = 1, 5, 12, 4, 21, 200
EXCEPTION, MISPREDICT = 15, 14
SYS, BARRIER = 1, 10                              # TLBI and other SYS; DSB/ISB after the drain
TLB_L2_HIT, WALK_DESCRIPTOR = 2, 20               # a micro-TLB miss that hits the L2 TLB; a descriptor
                                                  # fetch without the cache model (with it: a load)
UNITS_CYCLE, UNITS_INT, UNITS_OTHER = 6, 3, 2   # dispatch: a cycle is 6 units; integer 3, other 2
ITERS = 1000


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


class Context:
    def __init__(self, sim, bench):
        self.sim, self.bench = sim, bench

    def stats(self, elf, *opts):
        p = subprocess.run([self.sim, "--smp", "1", "--stats=json", *opts, elf], capture_output=True, text=True,
                           timeout=120)
        check(p.returncode == 0, f"{elf}: exit status {p.returncode}: {p.stderr[-300:]}")
        return json.loads(p.stderr.splitlines()[-1])

    def cycles(self, elf, *opts):
        return self.stats(elf, *opts)["cores"][0]["cycles"]

    def per_iteration(self, kernel, *opts):
        a = self.cycles(f"{self.bench}/{kernel}.elf", *opts)
        b = self.cycles(f"{self.bench}/{kernel}_2x.elf", *opts)
        return (b - a) / ITERS

    def tlb_per_iteration(self, kernel, *opts):
        """The TLB statistics of --stats (lookups, walks, descriptor fetches) of one iteration."""
        a = self.stats(f"{self.bench}/{kernel}.elf", *opts)["cores"][0]["tlb"]
        b = self.stats(f"{self.bench}/{kernel}_2x.elf", *opts)["cores"][0]["tlb"]
        per = {k: (b[k] - a[k]) / ITERS for k in ("l2_hits", "walks")}
        per["descriptor_fetches"] = [[(y - x) / ITERS for x, y in zip(sa, sb)]
                                     for sa, sb in zip(a["descriptor_fetches"], b["descriptor_fetches"])]
        return per


def expect(ctx, kernel, want, *opts):
    got = ctx.per_iteration(kernel, *opts)
    check(got == want, f"{kernel} {' '.join(opts)}: {got} cycles per iteration, the model says {want}")


# Each loop ends with SUBS (integer) and a taken B.NE (branch), which ends its dispatch group.

def test_alu_dependent(ctx):
    """16 dependent ADDs: the chain's latency, 16 x 1 (the loop overhead overlaps it)."""
    expect(ctx, "cal_alu_dep", 16 * ALU)


def test_alu_independent(ctx):
    """16 independent ADDs + SUBS + B.NE: dispatch-bound, two integer instructions a cycle."""
    expect(ctx, "cal_alu_indep", math.ceil((17 * UNITS_INT + UNITS_OTHER) / UNITS_CYCLE))


def test_mul_chain(ctx):
    """8 dependent 64-bit MULs: 8 x 5."""
    expect(ctx, "cal_mul", 8 * MUL64)


def test_div_chain(ctx):
    """4 dependent UDIVs: 4 x 12 (the model's worst case of the guide's 4-12)."""
    expect(ctx, "cal_div", 4 * DIV)


def test_load_use_l1(ctx):
    """8 dependent loads that hit the L1D: 8 x 4."""
    expect(ctx, "cal_chase_l1", 8 * LOAD)


def test_pointer_chase_l2(ctx):
    """8 dependent loads that miss the L1D (512 KiB list) and hit the L2: 8 x 21."""
    expect(ctx, "cal_chase_l2", 8 * L2_HIT)


def test_pointer_chase_ddr(ctx):
    """8 dependent loads that miss the L2 (4 MiB list): 8 x (21 + 200)."""
    expect(ctx, "cal_chase_ddr", 8 * (L2_HIT + DDR))


def test_no_cache_model(ctx):
    """--no-cache-model: the same DDR chase costs L1 hits."""
    expect(ctx, "cal_chase_ddr", 8 * LOAD, "--no-cache-model")


def test_static_timing(ctx):
    """--timing=static: latencies one after another (16 ADDs, SUBS, B.NE: 18; the chase: 8 x 4 + 2)."""
    expect(ctx, "cal_alu_dep", 16 * ALU + 2, "--timing=static")
    expect(ctx, "cal_chase_ddr", 8 * LOAD + 2, "--timing=static")


def test_predicted_branches(ctx):
    """8 never-taken CBZs and the loop's B.NE, all predicted: one branch port, 9 cycles."""
    expect(ctx, "cal_branch", 9)


def test_call_return(ctx):
    """4 BL + 4 RET (the return stack predicts each) + B.NE: 9 branches on the one branch port."""
    expect(ctx, "cal_call", 9)


def test_random_branches(ctx):
    """A branch on a pseudo-random bit: between every prediction right and every one wrong."""
    got = ctx.per_iteration("cal_branch_random")
    # Three dependent EORs and the TBZ: at least their chain (4); each mispredict adds at most the
    # penalty plus the chain it waits for.
    check(4 <= got <= 4 + MISPREDICT + 3, f"{got} cycles per iteration")
    check(got > 4 + 0.3 * MISPREDICT, f"{got}: the predictor cannot learn xorshift's bit")


def test_exception_round_trip(ctx):
    """SVC to EL2 and ERET back: two pipeline flushes of 15, each after the instruction before it
    completes (the SVC, one cycle after it issues; the ERET's flush likewise); then the ERET and SUBS
    share a dispatch cycle and the B.NE issues in the next, its result one cycle later, which the next
    SVC's flush waits for: 15 + 1 + 15 + 1 + 1."""
    expect(ctx, "cal_exception", 2 * EXCEPTION + 3)


# cal_tlb_stride: 8 loads a iteration, each from another page (8 KiB apart) and each followed by the
# ADD that steps the address; an AND wraps it at the end. A load's translation (an L2 TLB hit, a walk)
# delays the load once it issues, not dispatch; a walk also waits for the one table walker. Nothing
# reads the loaded values, so an L2 TLB hit's latency is hidden and the ADD chain (8 ADDs and the AND:
# 9 x 1) bounds the iteration, not dispatch (48 units: 8 cycles). Walks of W cycles each keep the
# walker busy for 8 W an iteration, which bounds it when longer.
def tlb_stride(walk):
    return max(9 * ALU, math.ceil((8 * (UNITS_OTHER + UNITS_INT) + 2 * UNITS_INT + UNITS_OTHER) / UNITS_CYCLE),
               8 * walk)


def test_tlb_l1_miss(ctx):
    """64 pages: L1 micro-TLB misses that hit the L2 TLB, an L2 TLB hit each. The host's fast TLB
    serves a page only while the modelled micro-TLB holds it, so a plain run charges them as
    --check-tlb (every access through the modelled TLB) does: full model, their latency hidden
    (nothing waits for the loads); static, 8 x (LDR + ADD + L2 TLB hit) + AND, SUBS, B.NE. And
    --check-tlb changes no cycle of the whole run, in any mode."""
    expect(ctx, "cal_tlb_stride_64", tlb_stride(0))
    expect(ctx, "cal_tlb_stride_64", tlb_stride(0), "--no-cache-model")
    expect(ctx, "cal_tlb_stride_64", tlb_stride(0), "--check-tlb")
    expect(ctx, "cal_tlb_stride_64", 8 * (LOAD + ALU + TLB_L2_HIT) + 3 * ALU, "--timing=static")
    expect(ctx, "cal_tlb_stride_64", 8 * (LOAD + ALU + TLB_L2_HIT) + 3 * ALU, "--timing=static", "--check-tlb")
    for opts in ((), ("--check-tlb",)):
        t = ctx.tlb_per_iteration("cal_tlb_stride_64", *opts)
        check(t["l2_hits"] == 8 and t["walks"] == 0, f"{' '.join(opts)}: {t}")
    elf = f"{ctx.bench}/cal_tlb_stride_64.elf"
    for mode in ((), ("--no-cache-model",), ("--timing=static",)):
        plain, checked = ctx.cycles(elf, *mode), ctx.cycles(elf, *mode, "--check-tlb")
        check(plain == checked, f"{' '.join(mode)}: {plain} cycles, {checked} with --check-tlb")


def test_tlb_walk(ctx):
    """1024 pages, 8 to each of the L2 TLB sets they index: every load walks stage 1 (levels 1 to 3:
    3 descriptors), each an L1D hit with the cache model, WALK_DESCRIPTOR without."""
    expect(ctx, "cal_tlb_stride_1024", tlb_stride(3 * LOAD))
    expect(ctx, "cal_tlb_stride_1024", tlb_stride(3 * LOAD), "--check-tlb")
    expect(ctx, "cal_tlb_stride_1024", tlb_stride(3 * WALK_DESCRIPTOR), "--no-cache-model")
    expect(ctx, "cal_tlb_stride_1024", 8 * (LOAD + ALU + 3 * WALK_DESCRIPTOR) + 3 * ALU, "--timing=static")
    t = ctx.tlb_per_iteration("cal_tlb_stride_1024")
    check(t["walks"] == 8 and t["descriptor_fetches"] == [[0, 8, 8, 8], [0, 0, 0, 0]], f"{t}")


def test_tlb_dependent_walk(ctx):
    """cal_tlb_chase_1024: the same walks, each load's address depending on the load before (its
    value XORed to 0 and added): a walk starts only once its address is known. Each of the 8 loads:
    the walk, the load, EOR, ADD, ADD; then the AND. The loop's SUBS and B.NE overlap the chain."""
    expect(ctx, "cal_tlb_chase_1024", 8 * (3 * LOAD + LOAD + 3 * ALU) + ALU)
    expect(ctx, "cal_tlb_chase_1024", 8 * (3 * WALK_DESCRIPTOR + LOAD + 3 * ALU) + ALU, "--no-cache-model")
    expect(ctx, "cal_tlb_chase_1024", 8 * (3 * WALK_DESCRIPTOR + LOAD + 3 * ALU) + 3 * ALU, "--timing=static")


def test_walk_2stage(ctx):
    """TLBI VAE1, DSB, ISB, LDR: the load walks both stages, 4 levels each: 4 stage-1 descriptors,
    each table's IPA and the output IPA through 4 stage-2 levels: 24 fetches. Full model: the walk
    (once the load issues), then the load's latency, which the next DSB waits for (the TLBI, SUBS
    and B.NE overlap it), then each barrier's own cycle and its drain: W + LOAD + 2 x (1 + BARRIER).
    Static: W + TLBI + DSB + ISB + LDR + SUBS + B.NE."""
    walk = 24
    expect(ctx, "cal_walk_2stage", walk * LOAD + LOAD + 2 * (1 + BARRIER))
    expect(ctx, "cal_walk_2stage", walk * WALK_DESCRIPTOR + LOAD + 2 * (1 + BARRIER), "--no-cache-model")
    expect(ctx, "cal_walk_2stage", walk * WALK_DESCRIPTOR + SYS + 2 * BARRIER + LOAD + 2 * ALU,
           "--timing=static")
    t = ctx.tlb_per_iteration("cal_walk_2stage")
    check(t["walks"] == 1 and t["descriptor_fetches"] == [[1, 1, 1, 1], [5, 5, 5, 5]], f"{t}")


def test_deterministic(ctx):
    """The same run twice gives the same cycles, in each mode."""
    for opts in ((), ("--no-cache-model",), ("--timing=static",)):
        a = ctx.cycles(f"{ctx.bench}/cal_branch_random.elf", *opts)
        b = ctx.cycles(f"{ctx.bench}/cal_branch_random.elf", *opts)
        check(a == b, f"{opts}: {a} then {b}")


def test_cpu_mhz(ctx):
    """--cpu-mhz sets the clock that turns cycles into time."""
    s = ctx.stats(f"{ctx.bench}/cal_alu_dep.elf", "--cpu-mhz", "1000")
    check(s["cpu_hz"] == 1000000000, f"cpu_hz {s['cpu_hz']}")
    core = s["cores"][0]
    check(abs(core["simulated_seconds"] - core["cycles"] / 1e9) < 1e-12, f"{core}")
    d = ctx.stats(f"{ctx.bench}/cal_alu_dep.elf")
    check(d["cpu_hz"] == 1700000000, f"default cpu_hz {d['cpu_hz']}")


def main():
    sim, bench = sys.argv[1], sys.argv[2]
    cases = {n[5:]: f for n, f in globals().items() if n.startswith("test_")}
    names = sys.argv[3:] or list(cases)
    ctx = Context(sim, bench)
    failed = 0
    for name in names:
        try:
            cases[name](ctx)
            print(f"ok {name}")
        except (Failure, subprocess.TimeoutExpired, KeyError) as e:
            print(f"FAIL {name}: {e}")
            failed += 1
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
