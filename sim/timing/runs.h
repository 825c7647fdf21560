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
 * Issuing a run is memoized (FastSim's idea, Schnarr and Larus, 1998), per the run's first
 * instruction, in its decoded page. What a run does to the scoreboard depends only on its starting
 * dispatch slot, on which F pipe is free first, and on how late each input is relative to the
 * dispatch cycle N it starts at. The inputs are the registers it reads before writing them and the
 * pipes of the ports it uses. An input's lateness is max(0, ready - (N + slack)), where slack is the
 * dispatch cycle of its first reader counted without stalls: a value ready by then is as good as
 * ready at the start. The outputs are then N plus a constant each: the registers and pipes it
 * writes, the dispatch cycle and slot it ends at, its latest result and its last instruction's
 * result. A run met again with a remembered key costs a few loads and stores; any other is issued
 * one instruction at a time, and its outcome remembered in place of the older of two. */
#ifndef A72SIM_TIMING_RUNS_H
#define A72SIM_TIMING_RUNS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/codecache.h"
#include "cpu/cpu.h"
#include "timing/pipeline.h"

#define RUN_MAX_INSNS 64   /* instructions in one run (mem_mask has a bit for each) */
#define RUN_INPUTS 16      /* a run with more inputs or outputs is issued as it goes */
#define RUN_OUTPUTS 24
#define RUN_ENTRIES 2      /* outcomes remembered per run */
#define RUN_PAGE_MAX 32    /* runs remembered per decoded page: the others go one instruction at a time */
#define RUN_MIN_LEN 8      /* a shorter run costs less issued one instruction at a time (measured) */
/* A run's credit: it starts at RUN_CREDIT, a hit adds 1 (up to 255), a miss takes RUN_MISS_COST. A run
 * whose credit runs out (it misses more than about once in RUN_MISS_COST look-ups: its inputs' lateness
 * keeps changing) is issued one instruction at a time from then on: a miss costs more than that. */
#define RUN_CREDIT 128
#define RUN_MISS_COST 8
#define RUN_LATENESS_WORDS 2 /* uint64_t words that hold a byte of lateness per input */
_Static_assert(RUN_INPUTS <= 8 * RUN_LATENESS_WORDS && RUN_LATENESS_WORDS == 2,
               "timing_issue_run compares a key's two words of lateness");

/* The flags that end a run: the instruction needs the predictor, a drain, or the exact cycle count. */
#define RUN_END_FLAGS (TF_BRANCH | TF_SERIALIZE | TF_SYNC)

/* insn_timing.run of a run's first instruction: what the fast run loop knows of the run. */
enum run_kind {
    RUN_UNKNOWN = 0, /* not met yet (run_memo_make finds out) */
    RUN_ONE_BY_ONE,  /* short, or its outcomes keep changing: it and the rest of its block go one at a time */
    RUN_ALONE,       /* a barrier or system instruction: it goes on its own */
    RUN_MEMOIZED,    /* page->runs holds it */
};

/* One remembered outcome of a run: for a starting slot and F-pipe order, and its inputs' lateness. */
struct run_outcome {
    uint8_t key;                      /* 0: empty; else 1 + slot_in + 8 * f_order */
    uint8_t slot_out;                 /* the dispatch slot it ended in */
    uint16_t now_out;                 /* its end dispatch cycle - N */
    uint16_t latest_out;              /* its latest result - N */
    uint16_t branch_out;              /* its last instruction's result - N (for a branch's misprediction) */
    uint32_t kept;                    /* outputs it left alone (bit j: out[j], an F pipe it did not take) */
    uint64_t lateness[RUN_LATENESS_WORDS]; /* a byte per input, then zeros */
    uint16_t value[RUN_OUTPUTS];      /* each output - N */
};

/* The run that starts at one instruction (struct code_page.runs). */
struct run_memo {
    uint8_t len;                      /* instructions in it (RUN_MIN_LEN or more) */
    uint8_t n_in, n_out;
    uint8_t has_f;                    /* it uses the F pipes: which one is free first is part of the key */
    uint8_t branch;                   /* its last instruction is a branch (not issued as the others: the
                                         run loop puts it through the predictor) */
    uint8_t victim;                   /* the entry a new outcome replaces */
    int16_t credit;                   /* RUN_CREDIT */
    uint64_t mem_mask;                /* bit k: its k-th instruction loads or stores ... */
    uint64_t load_mask;               /* ... and loads */
    uint16_t in[RUN_INPUTS];          /* inputs: byte offsets of scoreboard cycles in struct pipeline */
    uint8_t slack[RUN_INPUTS];
    uint16_t out[RUN_OUTPUTS];        /* outputs: byte offsets, as in */
    struct run_outcome e[RUN_ENTRIES];
};

/* The most host memory one decoded page's remembered runs take (the code cache's budget counts it). */
#define RUN_PAGE_BYTES (CODE_PAGE_INSNS * sizeof(struct run_memo *) + RUN_PAGE_MAX * sizeof(struct run_memo))

/* Find out the kind of the run that starts at slot index of page (RUN_UNKNOWN when an instruction in
 * it is not decoded yet or host memory is short: it is looked at again next time). */
enum run_kind run_memo_make(struct code_page *page, unsigned index);
/* Forget the runs of page that hold or end at a slot in [first, last] (their instructions changed). */
void run_memo_forget(struct code_page *page, unsigned first, unsigned last);
/* Forget every run of page (its instructions changed), or free them (the page goes). */
void run_memo_drop_page(struct code_page *page);

/* Issue the run [s, s + n) from the dispatch cycle c->cycles and slot c->pipe.slot, one instruction
 * at a time (pipeline_issue, with no extra latency). Returns the cycle its last instruction's result
 * is ready (0 for none); *top is the latest of its results. */
static inline __attribute__((always_inline)) uint64_t timing_replay_run(struct cpu *c, const struct insn_timing *s,
                                                                       unsigned n, uint64_t *top)
{
    struct pipeline *p = &c->pipe;
    uint64_t now = c->cycles, latest = 0, last = 0;
    unsigned slot = p->slot;
    for (unsigned k = 0; k < n; k++) {
        last = pipeline_issue(p, &now, &slot, &s[k], 0);
        latest = pipe_max(latest, last);
    }
    c->cycles = now;
    p->slot = slot;
    p->latest = pipe_max(p->latest, latest);
    *top = latest;
    return last;
}

/* Each input's lateness from the dispatch cycle start, a byte each from the low end of late (zeros
 * after them); false if one is too late to remember. */
static inline __attribute__((always_inline)) bool run_lateness(const struct run_memo *r, struct pipeline *p,
                                                              uint64_t start, uint64_t late[RUN_LATENESS_WORDS])
{
    uint64_t low = 0, high = 0, too_late = 0; /* in registers: late[] is written once */
    for (unsigned j = 0; j < r->n_in; j++) {
        uint64_t v = *(const uint64_t *)((const char *)p + r->in[j]), from = start + r->slack[j];
        uint64_t l = v > from ? v - from : 0;
        too_late |= l >> 8;
        uint64_t byte = (l & 0xff) << (8 * (j % 8));
        low |= j < 8 ? byte : 0;
        high |= j < 8 ? 0 : byte;
    }
    late[0] = low;
    late[1] = high;
    return !too_late;
}

/* The remembered outcomes' key besides the lateness: the starting slot and which F pipe is free first. */
static inline unsigned run_key(const struct run_memo *r, const struct pipeline *p)
{
    unsigned f_order = r->has_f ? 1 + (p->port_free[PORT_F][1] < p->port_free[PORT_F][0]) : 0;
    return 1 + p->slot + 8 * f_order;
}

/* timing_issue_run when no remembered outcome fits. */
uint64_t timing_issue_run_slow(struct cpu *c, struct run_memo *r, const struct insn_timing *s, unsigned key,
                               const uint64_t *late, bool ok);

/* Issue the whole run r that starts at s: from a remembered outcome when one fits, else one at a time.
 * Returns the cycle its last instruction's result is ready. */
static inline __attribute__((always_inline)) uint64_t timing_issue_run(struct cpu *c, struct run_memo *r,
                                                                      const struct insn_timing *s)
{
    struct pipeline *p = &c->pipe;
    uint64_t start = c->cycles;
    uint64_t late[RUN_LATENESS_WORDS];
    bool ok = run_lateness(r, p, start, late);
    unsigned key = run_key(r, p);
    for (unsigned w = 0; w < RUN_ENTRIES; w++) {
        const struct run_outcome *e = &r->e[w];
        if (e->key != key || ((e->lateness[0] ^ late[0]) | (e->lateness[1] ^ late[1])))
            continue;
        for (unsigned j = 0; j < r->n_out; j++) {
            uint64_t *v = (uint64_t *)((char *)p + r->out[j]);
            *v = (e->kept >> j) & 1 ? *v : start + e->value[j];
        }
        c->cycles = start + e->now_out;
        p->slot = e->slot_out;
        p->latest = pipe_max(p->latest, start + e->latest_out);
        r->credit += r->credit < UINT8_MAX;
        return start + e->branch_out;
    }
    return timing_issue_run_slow(c, r, s, key, late, ok);
}

/* Issue what the fast loop has left pending before the instruction at c->pc. */
void timing_sync_pending(struct cpu *c);

/* Bring the scoreboard and the cycle count up to date before the instruction executing (issue what
 * the fast loop has left pending). Nothing to do outside a run. */
static inline void timing_sync(struct cpu *c)
{
    if (__builtin_expect(c->run.start != NULL, 0))
        timing_sync_pending(c);
}

#endif
