/* The full timing model's scoreboard (docs/timing.md): the Cortex-A72's issue and overlap, cheaply.
 *
 * Each decoded instruction carries a struct insn_timing, computed once at decode (deps.c): the
 * registers it reads and writes, its result latency, the issue port it needs and for how long.
 * The core keeps, per architectural register, the cycle its value is ready, and per multi-cycle,
 * load, store and divide port the cycle it is free. An instruction is dispatched in order, at most
 * three a cycle and two of them integer (c->cycles is the dispatch cycle); it issues when its sources are ready and its port is free, and its results are
 * ready its latency later (the latest of them is what a pipeline flush waits for). Independent
 * instructions overlap; dependent ones wait. A result more
 * than PIPE_WINDOW cycles after dispatch stalls dispatch (the 128-entry reorder buffer filling up,
 * at three instructions a cycle). */
#ifndef A72SIM_TIMING_PIPELINE_H
#define A72SIM_TIMING_PIPELINE_H

#include <stdint.h>

/* What --timing selects (struct cpu_config.timing_mode). */
enum timing_mode {
    TIMING_MODE_STATIC = 0, /* every instruction costs its static latency, one after another */
    TIMING_MODE_FULL = 1,   /* scoreboard and branch predictor, without caches (--no-cache-model) */
    TIMING_MODE_CACHES = 2, /* scoreboard, branch predictor and the caches (the default of a72sim run) */
};

/* Scoreboard register numbers: 0 reads as always ready, PIPE_REG_SINK takes writes nobody reads. */
enum {
    PIPE_REG_NONE = 0,
    PIPE_REG_X0 = 1,     /* X0..X30 are 1..31 */
    PIPE_REG_SP = 32,    /* the stack pointer in use */
    PIPE_REG_NZCV = 33,
    PIPE_REG_V0 = 34,    /* V0..V31 are 34..65 */
    PIPE_REG_SINK = 66,
    PIPE_REGS = 67,
};

/* Issue ports (Software Optimization Guide 3.1). I and F have two pipes each. */
enum pipe_port {
    PORT_I,  /* integer 0/1 (also system instructions) */
    PORT_M,  /* integer multi-cycle: MUL, DIV */
    PORT_L,  /* load */
    PORT_S,  /* store */
    PORT_B,  /* branch */
    PORT_F,  /* FP/ASIMD 0/1 */
    PORT_FDIV, /* the FP divide/square-root unit inside the F pipes: not pipelined */
    PORT_COUNT,
};

/* insn_timing.flags */
#define TF_LOAD      0x01u  /* reads memory: the L1D (caches on) */
#define TF_STORE     0x02u  /* writes memory */
#define TF_BRANCH    0x04u  /* a branch: the predictor (the class is in TF_BR_* ) */
#define TF_SERIALIZE 0x08u  /* DSB, DMB, ISB, WFI, WFE: waits for every older instruction */
#define TF_BR_SHIFT  4      /* bits 5:4: 0 direct unconditional, 1 conditional, 2 indirect, 3 return */
#define TF_BR_CALL   0x40u  /* BL, BLR: pushes the return stack */
#define TF_SYNC      0x80u  /* a system instruction or exception generation, whose execution may read or
                               charge the cycle count: it ends a run (sim/timing/runs.h) */
enum { TF_BR_DIRECT, TF_BR_COND, TF_BR_INDIRECT, TF_BR_RETURN };

/* Per decoded instruction (struct code_page.timing, parallel to its insns). */
struct insn_timing {
    uint8_t src[3];   /* registers read (PIPE_REG_NONE: none) */
    uint8_t dst[2];   /* registers written with the full latency (PIPE_REG_SINK: none) */
    uint8_t dst_fast; /* a register written one cycle after issue: base writeback, flags, link */
    uint8_t lat;      /* result latency (the static cost of sim/cpu/timing.h) */
    uint8_t port;     /* enum pipe_port */
    uint8_t occupancy;/* cycles the port stays busy (inverse throughput) */
    uint8_t flags;    /* TF_* */
    uint8_t units;    /* dispatch bandwidth it takes, in sixths of a cycle (PIPE_UNITS_*) */
    uint8_t run;      /* as the first of a run, how the fast loop executes it (runs.h: RUN_UNKNOWN,
                         RUN_ALONE, or the run's length) ... */
    uint32_t run_id;  /* ... and the run's id (beside the rest: the fast loop reads both at once) */
};
_Static_assert(sizeof(struct insn_timing) == 16, "struct insn_timing should stay 16 bytes");

/* Dispatch: three instructions a cycle, of which at most two go to the integer pipes I0/I1. Each
 * instruction takes its share of a cycle, in sixths: an integer one a half, any other a third. */
#define PIPE_UNITS_CYCLE 6
#define PIPE_UNITS_INT 3
#define PIPE_UNITS_OTHER 2
#define PIPE_WINDOW 42  /* 128 reorder-buffer entries at 3 a cycle */

/* The scoreboard of one core (in struct cpu: cleared by cpu_reset). */
struct pipeline {
    uint64_t ready[PIPE_REGS + 1];        /* cycle each register's value is ready */
    uint64_t port_free[PORT_COUNT][2];    /* cycle each pipe of each port is free (single pipes: [1] unused) */
    unsigned slot;                        /* dispatch units (PIPE_UNITS_*) used so far in the current cycle */
    unsigned slow_flags;                  /* TF_ flags that need timing_retire_slow (uarch.c) */
    uintptr_t mem_host;                   /* host address of the last data access to RAM (0: none) */
    uint64_t latest;                      /* the latest cycle any issued instruction completes */
    uint64_t walker_free;                 /* the cycle the table walker is free (one walk at a time) */
    unsigned walk_cycles;                 /* of the cycles the executing instruction's translation charged,
                                             those of its table walk's descriptor fetches (mmu.c) */
};

struct pipe_state;

/* The instructions the fast run loop has executed but not yet issued on the scoreboard
 * (sim/timing/runs.h): [start, the instruction at PC) of the run that starts at start_pc (of
 * start->run instructions; c->icount does not count them yet); and the
 * interned state the scoreboard is in while the loop goes from run to run (sim/timing/states.h). */
struct pipe_run {
    const struct pipe_state *state;  /* NULL: struct pipeline is up to date */
    const struct insn_timing *start; /* NULL: none pending */
    uint64_t start_pc;
    unsigned miss;                   /* a load in it that missed the L1D: 1 + its index, plus the latency the
                                        miss added << RUN_MISS_EXTRA_SHIFT (0: none) */
    bool active;                     /* the fast loop of a full mode is running: a flush leaves a state */
    uint64_t synced_cycles;          /* the cycle count issuing the last pending run left (before any charge
                                        after it) */
};

/* The TF_ flags that need timing_retire_slow in mode (struct pipeline.slow_flags). */
static inline unsigned pipeline_slow_flags(enum timing_mode mode)
{
    return mode == TIMING_MODE_STATIC ? 0
           : mode == TIMING_MODE_FULL ? TF_BRANCH | TF_SERIALIZE
                                      : TF_BRANCH | TF_SERIALIZE | TF_LOAD | TF_STORE;
}

/* The scoreboard at reset: everything ready, every port free. */
static inline void pipeline_reset(struct pipeline *p, enum timing_mode mode)
{
    *p = (struct pipeline){ 0 };
    for (unsigned n = 0; n < PORT_COUNT; n++)
        p->port_free[n][1] = n == PORT_I || n == PORT_F ? 0 : UINT64_MAX; /* a single pipe never picks [1] */
    p->slow_flags = pipeline_slow_flags(mode);
}

static inline uint64_t pipe_max(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* Issue one instruction dispatched at *now (the *slot-th of its cycle), with extra cycles of result
 * latency (a cache miss) and, for a memory access, translate cycles of translation when it issues
 * (an L2 TLB hit, a walk), of which walk are the table walker's: a walk waits for the walker and
 * keeps it busy. Returns the cycle its result is ready. Advances *now and *slot for the dispatch
 * width and the window. The run loop keeps now and slot in locals (registers) and stores them
 * back into c->cycles and p->slot after each instruction. */
static inline __attribute__((always_inline)) uint64_t pipeline_issue_access(struct pipeline *p, uint64_t *now,
                                                                           unsigned *slot,
                                                                           const struct insn_timing *d,
                                                                           unsigned extra, unsigned translate,
                                                                           unsigned walk)
{
    uint64_t n = *now;
    uint64_t t = pipe_max(n, p->ready[d->src[0]]);
    t = pipe_max(t, p->ready[d->src[1]]);
    t = pipe_max(t, p->ready[d->src[2]]);
    if (d->port != PORT_I) {
        uint64_t *pf = p->port_free[d->port];
        unsigned k = pf[1] < pf[0];
        t = pipe_max(t, pf[k]);
        pf[k] = t + d->occupancy;
    }
    uint64_t done = t + d->lat + extra;
    if (translate) {
        /* The access translates its address once it has it: a walk starts when the walker is free. */
        uint64_t start = walk ? pipe_max(t, p->walker_free) : t;
        if (walk)
            p->walker_free = start + walk;
        done += start - t + translate;
    }
    p->ready[d->dst[0]] = done;
    p->ready[d->dst[1]] = done;
    p->ready[d->dst_fast] = t + 1;
    if (__builtin_expect(done > n + PIPE_WINDOW, 0)) {
        n = done - PIPE_WINDOW;
        /* A branch, not a conditional move: the dispatch cycle must not wait for every result on the
         * host (the model's answer is the same either way; the host's critical path is shorter). */
        __asm__ volatile("" : "+r"(n));
    }
    unsigned s = *slot + d->units;
    unsigned wrap = s >= PIPE_UNITS_CYCLE;
    *now = n + wrap;
    *slot = wrap ? s - PIPE_UNITS_CYCLE : s;
    return done;
}

/* pipeline_issue_access for an instruction with no translation to wait for: every instruction but
 * a memory access that missed the fast TLB. */
static inline uint64_t pipeline_issue(struct pipeline *p, uint64_t *now, unsigned *slot,
                                      const struct insn_timing *d, unsigned extra)
{
    return pipeline_issue_access(p, now, slot, d, extra, 0, 0);
}

#endif
