#include "timing/bpred.h"

#include <string.h>

#include "timing/pipeline.h"

void bpred_reset(struct bpred *b)
{
    memset(b, 0, sizeof(*b));
    memset(b->counters, 1, sizeof(b->counters)); /* weakly not taken */
}
