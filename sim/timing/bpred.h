/* The branch predictor of the full timing model: a BTB, a global-history direction predictor
 * (gshare), an indirect-target predictor indexed by address and history, and a return stack.
 * The A72's sizes are not published; the ones here are estimates (docs/timing.md). */
#ifndef A72SIM_TIMING_BPRED_H
#define A72SIM_TIMING_BPRED_H

#include <stdbool.h>
#include <stdint.h>

#include "timing/pipeline.h"

#define BPRED_BTB_ENTRIES 2048    /* estimate */
#define BPRED_HISTORY_BITS 12     /* global history length; 4096 two-bit counters (estimate) */
#define BPRED_INDIRECT_ENTRIES 256 /* estimate */
#define BPRED_RETURN_STACK 8      /* estimate */

/* What the front end got wrong about one branch. */
enum bpred_outcome {
    BPRED_CORRECT,
    BPRED_MISFETCH,   /* taken as predicted, but the BTB did not know the target: redirected at decode */
    BPRED_MISPREDICT, /* wrong direction or wrong target: redirected when the branch executes */
};

struct bpred {
    uint64_t btb[BPRED_BTB_ENTRIES];           /* tag: the branch's address + 1 (direct-mapped) */
    uint64_t indirect[BPRED_INDIRECT_ENTRIES]; /* predicted targets of BR/BLR */
    uint64_t ras[BPRED_RETURN_STACK];          /* return addresses, a circular stack */
    uint8_t counters[1u << BPRED_HISTORY_BITS];/* two-bit saturating counters; >= 2 predicts taken */
    unsigned ras_top;                          /* entries pushed (mod the size) */
    uint32_t history;                          /* outcomes of the last conditional branches, newest in bit 0 */
};

void bpred_reset(struct bpred *b);

static inline unsigned btb_index(uint64_t pc) { return (unsigned)(pc >> 2) & (BPRED_BTB_ENTRIES - 1); }

/* The BTB knows a taken branch at pc once it has been taken there (its target: the instruction's own
 * immediate for direct branches, so only presence is kept). */
static inline bool btb_lookup_update(struct bpred *b, uint64_t pc)
{
    uint64_t *e = &b->btb[btb_index(pc)];
    bool hit = *e == pc + 1;
    *e = pc + 1;
    return hit;
}

/* A two-bit counter after a branch taken ([1]) or not ([0]): saturating at 0 and 3. */
static const uint8_t bpred_counter_next[2][4] = { { 0, 0, 1, 2 }, { 1, 2, 3, 3 } };

/* Predict the branch at pc of kind (TF_BR_*), whose actual outcome is taken to target (target is
 * pc + 4 when not taken); learn from it. call: it is BL/BLR (the return stack gets pc + 4). Inline:
 * the run loop calls it for every branch, conditional ones the most, so each kind has its own
 * straight path. */
static inline enum bpred_outcome bpred_branch(struct bpred *b, uint64_t pc, unsigned kind, bool call, bool taken,
                                              uint64_t target)
{
    const unsigned mask = (1u << BPRED_HISTORY_BITS) - 1;
    enum bpred_outcome r;
    if (__builtin_expect(kind == TF_BR_COND, 1)) {
        unsigned history = b->history;
        uint8_t *ctr = &b->counters[((unsigned)(pc >> 2) ^ history) & mask];
        unsigned v = *ctr;
        *ctr = bpred_counter_next[taken][v];
        b->history = (history << 1 | taken) & mask;
        bool known = !taken || btb_lookup_update(b, pc); /* the BTB learns every taken branch */
        if ((v >> 1) != (unsigned)taken)
            return BPRED_MISPREDICT;
        return known ? BPRED_CORRECT : BPRED_MISFETCH;
    }
    r = BPRED_CORRECT;
    if (kind == TF_BR_DIRECT) {
        if (!btb_lookup_update(b, pc))
            r = BPRED_MISFETCH;
    } else if (kind == TF_BR_INDIRECT) {
        uint64_t *e = &b->indirect[((pc >> 2) ^ b->history) & (BPRED_INDIRECT_ENTRIES - 1)];
        if (*e != target)
            r = BPRED_MISPREDICT;
        *e = target;
    } else { /* TF_BR_RETURN */
        uint64_t predicted = 0;
        if (b->ras_top) {
            b->ras_top--;
            predicted = b->ras[b->ras_top % BPRED_RETURN_STACK];
        }
        if (predicted != target)
            r = BPRED_MISPREDICT;
    }
    if (call) {
        b->ras[b->ras_top % BPRED_RETURN_STACK] = pc + 4;
        b->ras_top++;
    }
    return r;
}

#endif
