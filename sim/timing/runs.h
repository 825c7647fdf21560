/* Runs: how the fast run loop keeps the full timing model cheap without changing what it counts
 * (docs/timing.md, "Speed").
 *
 * The scoreboard (pipeline.h) is a pure function of its state and of the instructions issued, so
 * the fast run loop does not issue each instruction as it executes it. A *run* is the instructions
 * from where execution enters a block up to its next branch (included), barrier, system
 * instruction or exception generation (not included), at most RUN_MAX_INSNS and never the page's
 * last. The loop executes a run's instructions with nothing issued, then issues the whole run at
 * once. Anything that reads or charges the cycle count while a run is pending (an exception's entry
 * or return, a walk or an L2 TLB hit, a device access, a store into decoded code) calls timing_sync()
 * first: that issues what executed before it exactly as the instrumented loop would have.
 *
 * Issuing a run is memoized (FastSim's idea, Schnarr and Larus, 1998) on the interned state the
 * scoreboard is in (states.h): a run issued again from the same state, with the same branch outcome,
 * moves the core to the state and the cycle it did the first time, for a compare and two loads.
 * Any other is issued one instruction at a time, and where it led is remembered. */
#ifndef A72SIM_TIMING_RUNS_H
#define A72SIM_TIMING_RUNS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/codecache.h"
#include "cpu/cpu.h"
#include "timing/pipeline.h"
#include "timing/states.h"

#define RUN_MAX_INSNS 64   /* instructions in one run */

/* insn_timing.run of a run's first instruction: what the fast run loop knows of the run, RUN_UNKNOWN,
 * RUN_ALONE or, from 1 to RUN_MAX_INSNS, the length of a run (its last instruction may be a
 * branch, which the run loop puts through the predictor). Its insn_timing.run_id, unique in the
 * process and never reused, is the run's part of the states' key (run_key). */
enum {
    RUN_UNKNOWN = 0,  /* not met yet (run_memo_make finds out) */
    RUN_ALONE = 0xff, /* a barrier or system instruction: it goes on its own */
};
_Static_assert(RUN_MAX_INSNS < RUN_ALONE, "a run's length fits insn_timing.run");

/* The 64-byte lines the run of n instructions from slot index starts after its first one's (the fast
 * loop's L1I check, caches on). */
static inline unsigned run_lines(unsigned index, unsigned n) { return (index + n - 1) / 16 - index / 16; }

/* Find out what the run that starts at slot index of page is, and give it an id: its insn_timing.run,
 * or RUN_UNKNOWN when an instruction in it is not decoded yet (it is looked at again next time) or
 * the process has used up the ids (it stays unknown: its instructions are issued one at a time). */
unsigned run_memo_make(struct code_page *page, unsigned index);
/* Forget the runs of page that hold or end at a slot in [first, last] (their instructions changed). */
void run_memo_forget(struct code_page *page, unsigned first, unsigned last);

/* struct pipe_run.miss */
#define RUN_MISS_EXTRA_SHIFT 7
_Static_assert(RUN_MAX_INSNS < 1 << RUN_MISS_EXTRA_SHIFT, "pipe_run.miss has room for the index of a miss");

/* Issue the run [s, s + n) from the dispatch cycle c->cycles and slot c->pipe.slot, one instruction
 * at a time (pipeline_issue; the load miss says, if any, with extra latency). Returns the cycle its
 * last instruction's result is ready (0 for none); *top is the latest of its results. */
static inline __attribute__((always_inline)) uint64_t timing_replay_run(struct cpu *c, const struct insn_timing *s,
                                                                       unsigned n, unsigned miss, uint64_t *top)
{
    unsigned miss_at = miss & ((1u << RUN_MISS_EXTRA_SHIFT) - 1), extra = miss >> RUN_MISS_EXTRA_SHIFT;
    struct pipeline *p = &c->pipe;
    uint64_t now = c->cycles, latest = 0, last = 0;
    unsigned slot = p->slot;
    for (unsigned k = 0; k < n; k++) {
        last = pipeline_issue(p, &now, &slot, &s[k], k + 1 == miss_at ? extra : 0);
        latest = pipe_max(latest, last);
    }
    c->cycles = now;
    p->slot = slot;
    p->latest = pipe_max(p->latest, latest);
    *top = latest;
    return last;
}

/* The key of a run in the states (states.h): the run, where a load missed and the latency it added
 * (15 bits: the L1D miss latency fits a byte, uarch.c), and its branch's outcome (3 bits). */
static inline uint64_t run_key(uint32_t id, unsigned miss, unsigned cls)
{
    _Static_assert(STATE_KEY_ID_SHIFT == 15 + 3, "a run's id starts where states.h looks for it");
    return ((uint64_t)id << 15 | miss) << 3 | cls;
}

/* timing_issue_run when the core's state has not issued the run with outcome cls before (key: both). */
void timing_issue_run_slow(struct cpu *c, const struct insn_timing *s, unsigned n, unsigned cls, uint64_t key);

/* Issue the whole run that starts at s, of id and n (insn_timing.run_id and run as they were when it
 * started: a system instruction may have forgotten them since), with the load miss miss (c->run.miss:
 * 0 without the caches), whose branch (if it ends in one) had outcome cls (run_outcome_class; 0 for a
 * run without a branch): from the state the core is in, where it led before when it did, else one
 * instruction at a time. A RUN_ALONE is one barrier or system instruction, issued as
 * timing_issue_serialized does. */
static inline __attribute__((always_inline)) void timing_issue_run(struct cpu *c, const struct insn_timing *s,
                                                                  uint32_t id, unsigned n, unsigned cls,
                                                                  unsigned miss)
{
    const struct pipe_state *st = c->run.state;
    uint64_t key = run_key(id, miss, cls);
    if (__builtin_expect(st != NULL, 1)) {
        const struct pipe_next *e = pipe_state_next(st, key);
        if (__builtin_expect(e != NULL, 1)) {
            c->cycles += e->cycles;
            c->run.state = e->next;
            return;
        }
    }
    timing_issue_run_slow(c, s, n, cls, key);
}

/* Issue what the fast loop has left pending before the instruction at c->pc. */
void timing_sync_pending(struct cpu *c);

/* Bring the scoreboard and the cycle count up to date before the instruction executing (write back
 * the state the core is in, issue what the fast loop has left pending). Nothing to do outside the
 * fast loop's runs. */
static inline void timing_sync(struct cpu *c)
{
    if (__builtin_expect(((uintptr_t)c->run.start | (uintptr_t)c->run.state) != 0, 0))
        timing_sync_pending(c);
}

/* Issue what the fast loop has left pending of a run (and so the cycle count is up to date); a
 * state the core is in stays (timing_flush drains from it). */
static inline void timing_sync_run(struct cpu *c)
{
    if (__builtin_expect(c->run.start != NULL, 0))
        timing_sync_pending(c);
}

#endif
