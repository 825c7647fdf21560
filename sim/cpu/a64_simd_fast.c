/* Advanced SIMD fast paths: the integer operations compiled code uses most (ADD, SUB, MUL, MLA, MLS,
 * compares, MAX/MIN, the bitwise ops, shifts by immediate, EXT) as one handler each, with the element
 * operation inlined in a loop per element size, instead of the generic shapes' call per element.
 * They compute exactly what the generic element operations of a64_simd_int.c compute (the Arm ARM's
 * pseudocode for each); the decoder picks them through simd_fast_same().
 *
 * Every lane of the 128-bit register is computed; a 64-bit form (Q = 0) then writes the low half
 * and zeroes the top, as V[d] = result of 64 bits does.
 */
#include "a64_simd.h"
#include "vreg.h"

/* One loop over the lanes of each size. In EXPR: a, b, x are the lanes of Vn, Vm (or the
 * immediate) and Vd as uint64_t (zero-extended); sa, sb are Vn's and Vm's lanes sign-extended; ONES
 * is the lane of all ones. M_OPERAND reads b from lane e. */
#define LANE_LOOP(field, count, UT, ST, M_OPERAND, EXPR)                                          \
    for (unsigned e = 0; e < (count); e++) {                                                      \
        uint64_t a = n.field[e], b = M_OPERAND, x = d.field[e];                                   \
        int64_t sa = (ST)n.field[e], sb = (ST)(UT)b;                                              \
        const uint64_t ONES = (UT)~0ull;                                                          \
        (void)a, (void)sa, (void)sb, (void)x, (void)ONES;                                                \
        r.field[e] = (UT)(EXPR);                                                                  \
    }

#define SIZE_SWITCH(M8, M16, M32, M64, EXPR)                                                      \
    switch (i->op2) {                                                                             \
    case 0: LANE_LOOP(b, 16, uint8_t, int8_t, M8, EXPR) break;                                    \
    case 1: LANE_LOOP(h, 8, uint16_t, int16_t, M16, EXPR) break;                                  \
    case 2: LANE_LOOP(s, 4, uint32_t, int32_t, M32, EXPR) break;                                  \
    default: LANE_LOOP(d, 2, uint64_t, int64_t, M64, EXPR) break;                                 \
    }

/* Vd = op(Vn, Vm) lane by lane. */
#define FAST_SAME(name, EXPR)                                                                     \
    static enum exec_status name(struct cpu *c, const struct insn *i)                             \
    {                                                                                             \
        CHECK_FP_ENABLED(c);                                                                      \
        struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), d = vreg_read(c, i->rd), r; \
        SIZE_SWITCH(m.b[e], m.h[e], m.s[e], m.d[e], EXPR)                                         \
        vreg_write(c, i->rd, &r, i->sf);                                                          \
        return EXEC_NEXT;                                                                         \
    }

/* Vd = op(Vn, imm) lane by lane (imm: the shift amount of the shift-by-immediate forms). */
#define FAST_IMM(name, EXPR)                                                                      \
    static enum exec_status name(struct cpu *c, const struct insn *i)                             \
    {                                                                                             \
        CHECK_FP_ENABLED(c);                                                                      \
        struct vreg n = vreg_read(c, i->rn), d = vreg_read(c, i->rd), r;                          \
        const uint64_t imm = (uint64_t)i->imm;                                                    \
        SIZE_SWITCH(imm, imm, imm, imm, EXPR)                                                     \
        vreg_write(c, i->rd, &r, i->sf);                                                          \
        return EXEC_NEXT;                                                                         \
    }

FAST_SAME(fast_add, a + b)
FAST_SAME(fast_sub, a - b)
FAST_SAME(fast_mul, a * b)
FAST_SAME(fast_mla, x + a * b)
FAST_SAME(fast_mls, x - a * b)
FAST_SAME(fast_cmeq, a == b ? ONES : 0)
FAST_SAME(fast_cmtst, (a & b) ? ONES : 0)
FAST_SAME(fast_cmgt, sa > sb ? ONES : 0)
FAST_SAME(fast_cmge, sa >= sb ? ONES : 0)
FAST_SAME(fast_cmhi, a > b ? ONES : 0)
FAST_SAME(fast_cmhs, a >= b ? ONES : 0)
FAST_SAME(fast_smax, sa > sb ? a : b)
FAST_SAME(fast_smin, sa < sb ? a : b)
FAST_SAME(fast_umax, a > b ? a : b)
FAST_SAME(fast_umin, a < b ? a : b)
FAST_SAME(fast_and, a & b)
FAST_SAME(fast_bic, a & ~b)
FAST_SAME(fast_orr, a | b)
FAST_SAME(fast_orn, a | ~b)
FAST_SAME(fast_eor, a ^ b)
FAST_SAME(fast_bsl, (x & a) | (~x & b))
FAST_SAME(fast_bit, (x & ~b) | (a & b))
FAST_SAME(fast_bif, (x & b) | (a & ~b))

/* ADDP (vector): lane e of the result adds the pair 2e, 2e + 1 of Vm:Vn. A 64-bit form takes its
 * pairs from the low halves only: half = the lanes of one 64-bit (Q = 0) or 128-bit source. */
#define ADDP_LOOP(field, UT)                                                                      \
    for (unsigned e = 0; e < half; e++) {                                                         \
        r.field[e] = (UT)(n.field[2 * e] + n.field[2 * e + 1]);                                   \
        r.field[half + e] = (UT)(m.field[2 * e] + m.field[2 * e + 1]);                            \
    }

static enum exec_status fast_addp(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r = vreg_zero();
    unsigned half = i->ra / 2;
    switch (i->op2) {
    case 0: ADDP_LOOP(b, uint8_t) break;
    case 1: ADDP_LOOP(h, uint16_t) break;
    case 2: ADDP_LOOP(s, uint32_t) break;
    default: ADDP_LOOP(d, uint64_t) break;
    }
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}

exec_fn simd_fast_pairwise(unsigned op, unsigned elements)
{
    return op == SI_ADD && elements >= 2 ? fast_addp : NULL;
}

/* Shifts by immediate. imm = the left shift (0 .. esize - 1), or minus the right shift (1 .. esize):
 * a right shift by esize gives 0 (USHR) or the sign (SSHR); 64-bit lanes need the guard in C. */
static inline uint64_t lsr_sat(uint64_t a, unsigned s) { return s >= 64 ? 0 : a >> s; }
static inline int64_t asr_sat(int64_t a, unsigned s) { return a >> (s >= 64 ? 63 : s); }

FAST_IMM(fast_shl, a << b)
FAST_IMM(fast_ushr, lsr_sat(a, (unsigned)-b))
FAST_IMM(fast_sshr, (uint64_t)asr_sat(sa, (unsigned)-imm))
FAST_IMM(fast_usra, x + lsr_sat(a, (unsigned)-b))
FAST_IMM(fast_ssra, x + (uint64_t)asr_sat(sa, (unsigned)-imm))

/* The fast handler of an elementwise (vector or scalar) operation with Vm (imm = 0) or an
 * immediate operand (imm = 1), or NULL when there is none. */
exec_fn simd_fast_same(unsigned op, int imm)
{
    if (imm) {
        switch ((enum simd_int_op)op) {
        case SI_SSHL: return fast_sshr;         /* SSHR: the decoder gives minus the amount */
        case SI_USHL: return NULL;              /* SHL and USHR share SI_USHL: see simd_fast_shift() */
        case SI_SSRA: return fast_ssra;
        case SI_USRA: return fast_usra;
        default: return NULL;
        }
    }
    switch ((enum simd_int_op)op) {
    case SI_ADD: return fast_add;
    case SI_SUB: return fast_sub;
    case SI_MUL: return fast_mul;
    case SI_MLA: return fast_mla;
    case SI_MLS: return fast_mls;
    case SI_CMEQ: return fast_cmeq;
    case SI_CMTST: return fast_cmtst;
    case SI_CMGT: return fast_cmgt;
    case SI_CMGE: return fast_cmge;
    case SI_CMHI: return fast_cmhi;
    case SI_CMHS: return fast_cmhs;
    case SI_SMAX: return fast_smax;
    case SI_SMIN: return fast_smin;
    case SI_UMAX: return fast_umax;
    case SI_UMIN: return fast_umin;
    case SI_AND: return fast_and;
    case SI_BIC: return fast_bic;
    case SI_ORR: return fast_orr;
    case SI_ORN: return fast_orn;
    case SI_EOR: return fast_eor;
    case SI_BSL: return fast_bsl;
    case SI_BIT: return fast_bit;
    case SI_BIF: return fast_bif;
    default: return NULL;
    }
}

/* SHL (imm >= 0) and USHR (imm < 0), both SI_USHL by the immediate. */
exec_fn simd_fast_shift(int64_t imm)
{
    return imm >= 0 ? fast_shl : fast_ushr;
}
