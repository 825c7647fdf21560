#include "timing/bpred.h"

#include <string.h>

#include "timing/pipeline.h"

void bpred_reset(struct bpred *b)
{
    memset(b, 0, sizeof(*b));
    memset(b->counters, 1, sizeof(b->counters)); /* weakly not taken */
}

static unsigned btb_index(uint64_t pc) { return (unsigned)(pc >> 2) & (BPRED_BTB_ENTRIES - 1); }

/* The BTB knows a taken branch at pc once it has been taken there (its target: the instruction's own
 * immediate for direct branches, so only presence is kept). */
static bool btb_lookup_update(struct bpred *b, uint64_t pc)
{
    uint64_t *e = &b->btb[btb_index(pc)];
    bool hit = *e == pc + 1;
    *e = pc + 1;
    return hit;
}

enum bpred_outcome bpred_branch(struct bpred *b, uint64_t pc, unsigned kind, bool call, bool taken,
                                uint64_t target)
{
    enum bpred_outcome r = BPRED_CORRECT;
    switch (kind) {
    case TF_BR_COND: {
        unsigned idx = ((unsigned)(pc >> 2) ^ b->history) & ((1u << BPRED_HISTORY_BITS) - 1);
        uint8_t *ctr = &b->counters[idx];
        bool predicted = *ctr >= 2;
        if (predicted != taken)
            r = BPRED_MISPREDICT;
        if (taken && *ctr < 3)
            (*ctr)++;
        else if (!taken && *ctr > 0)
            (*ctr)--;
        b->history = (b->history << 1 | taken) & ((1u << BPRED_HISTORY_BITS) - 1);
        if (taken && !btb_lookup_update(b, pc) && r == BPRED_CORRECT)
            r = BPRED_MISFETCH;
        break;
    }
    case TF_BR_DIRECT:
        if (!btb_lookup_update(b, pc))
            r = BPRED_MISFETCH;
        break;
    case TF_BR_INDIRECT: {
        uint64_t *e = &b->indirect[((pc >> 2) ^ b->history) & (BPRED_INDIRECT_ENTRIES - 1)];
        if (*e != target)
            r = BPRED_MISPREDICT;
        *e = target;
        break;
    }
    default: { /* TF_BR_RETURN */
        uint64_t predicted = 0;
        if (b->ras_top) {
            b->ras_top--;
            predicted = b->ras[b->ras_top % BPRED_RETURN_STACK];
        }
        if (predicted != target)
            r = BPRED_MISPREDICT;
        break;
    }
    }
    if (call) {
        b->ras[b->ras_top % BPRED_RETURN_STACK] = pc + 4;
        b->ras_top++;
    }
    return r;
}
