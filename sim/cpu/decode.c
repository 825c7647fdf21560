/* The A64 decoder: rows of the encoding table, bucketed by op0 (bits 28:25), the first field of
 * the Arm ARM's top-level encoding index. */
#include <stdlib.h>

#include "exception.h"
#include "insn.h"
#include "timing.h"

const struct a64_encoding_group *const a64_groups[] = {
    &a64_group_dp_imm, &a64_group_dp_reg, &a64_group_ldst, &a64_group_branch_sys, &a64_group_fp,
    &a64_group_simd, &a64_group_crypto,
    &a64_group_sysreg,
};
const unsigned a64_group_count = sizeof(a64_groups) / sizeof(a64_groups[0]);

/* Rows whose fixed bits 28:25 admit each op0 value, built on first use. */
static struct bucket {
    const struct a64_encoding **rows;
    unsigned count;
} buckets[16];
static int buckets_ready;

static void build_buckets(void)
{
    for (unsigned op0 = 0; op0 < 16; op0++) {
        uint32_t w = op0 << 25;
        unsigned n = 0;
        for (unsigned g = 0; g < a64_group_count; g++)
            for (unsigned r = 0; r < a64_groups[g]->count; r++) {
                const struct a64_encoding *e = &a64_groups[g]->rows[r];
                if (((w ^ e->match) & e->mask & (0xfu << 25)) == 0)
                    n++;
            }
        buckets[op0].rows = calloc(n ? n : 1, sizeof(*buckets[op0].rows));
        n = 0;
        for (unsigned g = 0; g < a64_group_count; g++)
            for (unsigned r = 0; r < a64_groups[g]->count; r++) {
                const struct a64_encoding *e = &a64_groups[g]->rows[r];
                if (((w ^ e->match) & e->mask & (0xfu << 25)) == 0)
                    buckets[op0].rows[n++] = e;
            }
        buckets[op0].count = n;
    }
    buckets_ready = 1;
}

const struct a64_encoding *a64_find_encoding(uint32_t word)
{
    if (!buckets_ready)
        build_buckets();
    const struct bucket *b = &buckets[(word >> 25) & 15];
    for (unsigned n = 0; n < b->count; n++)
        if ((word & b->rows[n]->mask) == b->rows[n]->match)
            return b->rows[n];
    return NULL;
}

enum exec_status exec_undefined(struct cpu *c, const struct insn *i)
{
    (void)i;
    aarch64_undefined_fault(c);
    return EXEC_JUMP;
}

enum decode_result a64_decode(struct insn *i, uint32_t word)
{
    const struct a64_encoding *e = a64_find_encoding(word);
    enum decode_result r = DECODE_UNALLOCATED;
    *i = (struct insn){ .raw = word };
    if (e) {
        r = e->decode(i, word);
        i->raw = word;
    }
    if (r != DECODE_OK) {
        *i = (struct insn){ .exec = exec_undefined, .raw = word, .cost = TIMING_EXCEPTION };
    }
    return r;
}
