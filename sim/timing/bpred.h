/* The branch predictor of the full timing model: a BTB, a global-history direction predictor
 * (gshare), an indirect-target predictor indexed by address and history, and a return stack.
 * The A72's sizes are not published; the ones here are estimates (docs/timing.md). */
#ifndef A72SIM_TIMING_BPRED_H
#define A72SIM_TIMING_BPRED_H

#include <stdbool.h>
#include <stdint.h>

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

/* Predict the branch at pc of kind (TF_BR_*), whose actual outcome is taken to target (target is
 * pc + 4 when not taken); learn from it. call: it is BL/BLR (the return stack gets pc + 4). */
enum bpred_outcome bpred_branch(struct bpred *b, uint64_t pc, unsigned kind, bool call, bool taken,
                                uint64_t target);

#endif
