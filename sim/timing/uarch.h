/* The full timing model's microarchitecture beyond the scoreboard: caches and the branch
 * predictor of each core, and the charges of the slow paths (docs/timing.md). */
#ifndef A72SIM_TIMING_UARCH_H
#define A72SIM_TIMING_UARCH_H

#include "cpu/cpu.h"
#include "cpu/timing.h"
#include "timing/bpred.h"
#include "timing/cache.h"
#include "timing/runs.h"
#include "timing/states.h"

/* The A72 caches: 64-byte lines; L1I 48 KiB 3-way, L1D 32 KiB 2-way (TRM 100095 6.1, 7.1), the
 * Versal's L2 1 MiB 16-way, shared by the cluster's cores (AM011). */
#define UARCH_L1I_SIZE (48u << 10)
#define UARCH_L1I_WAYS 3
#define UARCH_L1D_SIZE (32u << 10)
#define UARCH_L1D_WAYS 2
#define UARCH_L2_SIZE (1u << 20)
#define UARCH_L2_WAYS 16

struct uarch {
    struct cache l1i, l1d;
    struct cache *l2;      /* the cluster's: core 0 owns it */
    struct cache l2_own;
    struct bpred bp;
    struct pipe_states states; /* the scoreboard states the fast loop met (states.h) */
};

/* Is the line of host the most recently used of its set in the L1I (L1D)? cache_mru_hit with the
 * caches' geometry as constants: the fast loop asks at every run and memory access. */
static inline bool uarch_l1i_mru_hit(const struct uarch *u, uintptr_t host)
{
    return cache_mru_hit_in(u->l1i.tags, UARCH_L1I_SIZE / 64 / UARCH_L1I_WAYS, UARCH_L1I_WAYS, host);
}
static inline bool uarch_l1d_mru_hit(const struct uarch *u, uintptr_t host)
{
    return cache_mru_hit_in(u->l1d.tags, UARCH_L1D_SIZE / 64 / UARCH_L1D_WAYS, UARCH_L1D_WAYS, host);
}

struct machine;

/* Set every core of m to mode at clock_hz simulated cycles a second, allocating the caches and
 * predictors the mode needs; false when host memory is short (nothing is left half set up). */
bool timing_configure(struct machine *m, enum timing_mode mode, uint64_t clock_hz) __attribute__((warn_unused_result));
/* Release what timing_configure allocated for c (machine_destroy). */
void timing_free(struct cpu *c);

/* An instruction fetch from a new 64-byte line at host address host (caches on): an L1I miss
 * stalls the front end for the L2 (or memory) latency. */
void timing_fetch_line_slow(struct cpu *c, uintptr_t host);
static inline void timing_fetch_line(struct cpu *c, uintptr_t host)
{
    if (uarch_l1i_mru_hit(c->uarch, host))
        c->perf.n[PERF_L1I_CACHE]++;
    else
        timing_fetch_line_slow(c, host);
}

/* A pipeline flush (exception entry, exception return): wait for every instruction in flight,
 * then refill the pipeline. Nothing with static timing (the instructions' costs include it). */
void timing_flush_slow(struct cpu *c);
static inline void timing_flush(struct cpu *c)
{
    const struct pipe_state *s = c->run.state;
    if (s && !c->run.start) {
        /* A state with nothing pending: every result is in by its latest, then the flush. */
        uint64_t latest = c->cycles + s->rel[STATE_LATEST]; /* (read first: interning may forget s) */
        struct pipe_state *drained = pipe_state_drained_from(&c->uarch->states, s);
        if (drained) {
            cpu_sync_cycles(c, latest + TIMING_EXCEPTION);
            c->run.state = drained;
            return;
        }
    }
    timing_flush_slow(c);
}

/* The latency of a table walk's descriptor read at host address host: through the L1D and L2
 * with the caches on, TIMING_WALK_DESCRIPTOR otherwise. */
unsigned timing_walk_read(struct cpu *c, const void *host);

/* The cycle by which every instruction in flight has its result. */
uint64_t pipeline_drained(const struct cpu *c);
/* An access to the line at host through the L1 cache l1 and the L2: the cycles beyond an L1 hit
 * (counted in c->perf as l1_access, l1_refill and the L2's events). */
unsigned timing_cache_hierarchy(struct cpu *c, struct cache *l1, enum perf_event l1_access,
                                enum perf_event l1_refill, uintptr_t host);

/* The branch d at pc through the predictor (taken, to c->pc when taken): what it got wrong, counted
 * in c->perf. */
static inline __attribute__((always_inline)) enum bpred_outcome timing_branch_predict(struct cpu *c,
                                                                                     const struct insn_timing *d,
                                                                                     uint64_t pc, bool taken)
{
    unsigned kind = (d->flags >> TF_BR_SHIFT) & 3;
    c->perf.n[PERF_BR_RETIRED]++;
    enum bpred_outcome r = bpred_branch(&c->uarch->bp, pc, kind, (d->flags & TF_BR_CALL) != 0, taken,
                                        taken ? c->pc : pc + 4);
    if (__builtin_expect(r != BPRED_CORRECT, 0))
        c->perf.n[PERF_BR_MIS_PRED]++;
    return r;
}

/* The front end's charge for a branch whose result is ready at done, predicted with outcome r: a
 * misprediction refills the pipeline from the branch's execution, a misfetch redirects at decode,
 * a taken branch ends its dispatch group. */
static inline __attribute__((always_inline)) void timing_branch_charge(uint64_t *now, unsigned *slot,
                                                                      enum bpred_outcome r, bool taken,
                                                                      uint64_t done)
{
    if (__builtin_expect(r == BPRED_MISPREDICT, 0)) {
        *now = pipe_max(*now, done + TIMING_MISPREDICT);
        *slot = 0;
    } else if (__builtin_expect(r == BPRED_MISFETCH, 0)) {
        *now += TIMING_MISFETCH;
        *slot = 0;
    } else if (taken && *slot) {
        *now += 1; /* a taken branch ends the dispatch group */
        *slot = 0;
    }
}

/* A run's branch outcome as the states key it (1..6; 0: the run has no branch), and back. */
static inline unsigned run_outcome_class(enum bpred_outcome r, bool taken) { return 1 + 2 * (unsigned)r + taken; }
static inline enum bpred_outcome run_class_outcome(unsigned cls) { return (enum bpred_outcome)((cls - 1) / 2); }
static inline bool run_class_taken(unsigned cls) { return (cls - 1) & 1; }

/* The branch d at pc (taken, to c->pc when taken), whose result is ready at done: through the
 * predictor, then charged. */
static inline __attribute__((always_inline)) void timing_branch_outcome(struct cpu *c, uint64_t *now, unsigned *slot,
                                                                       const struct insn_timing *d, uint64_t pc,
                                                                       bool taken, uint64_t done)
{
    timing_branch_charge(now, slot, timing_branch_predict(c, d, pc, taken), taken, done);
}

/* Issue d as pipeline_issue_access does, and if it is a barrier, drain the pipeline before it and
 * charge the barrier after it. Returns the cycle its result is ready. */
static inline __attribute__((always_inline)) uint64_t timing_issue_serialized(struct cpu *c, uint64_t *now,
                                                                             unsigned *slot, uint64_t *latest,
                                                                             const struct insn_timing *d,
                                                                             unsigned extra, unsigned translate,
                                                                             unsigned walk)
{
    if (__builtin_expect(d->flags & TF_SERIALIZE, 0)) {
        c->cycles = *now;
        *now = pipeline_drained(c);
        *slot = 0;
    }
    uint64_t done = pipeline_issue_access(&c->pipe, now, slot, d, extra, translate, walk);
    *latest = pipe_max(*latest, done);
    if (__builtin_expect(d->flags & TF_SERIALIZE, 0)) {
        *now = done + TIMING_BARRIER;
        *slot = 0;
    }
    return done;
}

/* The run loop's charge for an instruction that needs more than the scoreboard: a memory access
 * through the caches or one that translated its address (translate cycles, walk of them the
 * walker's: pipeline_issue_access), a branch through the predictor, a barrier's drain. now, slot
 * and latest are the loop's dispatch cycle and slot and the pipeline's latest result; pc is the
 * instruction's address, taken whether it branched (c->pc is then the target). */
static inline __attribute__((always_inline)) void timing_retire_slow(struct cpu *c, uint64_t *now, unsigned *slot,
                                                                    uint64_t *latest, const struct insn_timing *d,
                                                                    uint64_t pc, bool taken, unsigned translate,
                                                                    unsigned walk)
{
    struct pipeline *p = &c->pipe;
    unsigned extra = 0;
    if (d->flags & p->slow_flags & (TF_LOAD | TF_STORE)) {
        /* Only with the caches on (pipeline_reset's slow_flags). A store's miss goes to the
         * store buffer and delays nothing; a load's delays its result. */
        c->perf.n[PERF_MEM_ACCESS]++;
        if (p->mem_host) {
            if (uarch_l1d_mru_hit(c->uarch, p->mem_host)) {
                c->perf.n[PERF_L1D_CACHE]++;
            } else {
                unsigned miss = timing_cache_hierarchy(c, &c->uarch->l1d, PERF_L1D_CACHE, PERF_L1D_CACHE_REFILL,
                                                       p->mem_host);
                if (d->flags & TF_LOAD)
                    extra = miss;
            }
            p->mem_host = 0;
        }
    }
    uint64_t done = timing_issue_serialized(c, now, slot, latest, d, extra, translate, walk);
    if (d->flags & TF_BRANCH)
        timing_branch_outcome(c, now, slot, d, pc, taken, done);
}

#endif
