/* Advanced SIMD fast paths: the integer operations compiled code uses most (ADD, SUB, MUL, MLA, MLS,
 * saturating ADD/SUB, compares, MAX/MIN, the bitwise ops, shifts by immediate, ADDP) as one handler each, with the element
 * operation written once as an expression on host vectors of each lane size, instead of the generic
 * shapes' call per element.
 * They compute exactly what the generic element operations of a64_simd_int.c compute (the Arm ARM's
 * pseudocode for each); the decoder picks them through simd_fast_same().
 *
 * Every lane of the 128-bit register is computed; a 64-bit form (Q = 0) then writes the low half
 * and zeroes the top, as V[d] = result of 64 bits does.
 */
#include "a64_simd.h"
#include "vreg.h"

/* 128-bit values as GCC/Clang vectors of each lane size (the host compiles each operation to one
 * SSE/NEON instruction where it has one). */
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef int8_t s8x16 __attribute__((vector_size(16)));
typedef int16_t s16x8 __attribute__((vector_size(16)));
typedef int32_t s32x4 __attribute__((vector_size(16)));
typedef int64_t s64x2 __attribute__((vector_size(16)));

/* In EXPR: a, b, x are Vn, Vm (or the immediate, in every lane) and Vd as unsigned lanes, sa, sb
 * Vn and Vm as signed lanes, ESIZE the lane size in bits; MASK(cond) turns a lane comparison into
 * all ones or zero, SEL(mask, p, q) takes p where mask is set and q elsewhere. */
#define MASK(cond) ((__typeof__(a))(cond))
#define SEL(mask, p, q) (((p) & (mask)) | ((q) & ~(mask)))

#define VEC_CASE(UV, SV, bits_, EXPR)                                                             \
    {                                                                                             \
        enum { ESIZE = bits_ };                                                                   \
        UV a, b, x, res;                                                                          \
        memcpy(&a, &n, 16);                                                                       \
        memcpy(&b, &m, 16);                                                                       \
        memcpy(&x, &d, 16);                                                                       \
        SV sa = (SV)a, sb = (SV)b;                                                                \
        (void)sa, (void)sb, (void)x;                                                              \
        res = (UV)(EXPR);                                                                         \
        memcpy(&r, &res, 16);                                                                     \
    }

#define SIZE_SWITCH(EXPR)                                                                         \
    switch (i->op2) {                                                                             \
    case 0: VEC_CASE(u8x16, s8x16, 8, EXPR) break;                                                \
    case 1: VEC_CASE(u16x8, s16x8, 16, EXPR) break;                                               \
    case 2: VEC_CASE(u32x4, s32x4, 32, EXPR) break;                                               \
    default: VEC_CASE(u64x2, s64x2, 64, EXPR) break;                                              \
    }

/* Vd = op(Vn, Vm) lane by lane. */
#define FAST_SAME(name, EXPR)                                                                     \
    static enum exec_status name(struct cpu *c, const struct insn *i)                             \
    {                                                                                             \
        CHECK_FP_ENABLED(c);                                                                      \
        struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), d = vreg_read(c, i->rd), r; \
        SIZE_SWITCH(EXPR)                                                                         \
        vreg_write(c, i->rd, &r, i->sf);                                                          \
        return EXEC_NEXT;                                                                         \
    }

/* Vd = op(Vn, s) lane by lane, s = the immediate (a shift amount); Vm's lanes are unused. */
#define FAST_IMM(name, EXPR)                                                                      \
    static enum exec_status name(struct cpu *c, const struct insn *i)                             \
    {                                                                                             \
        CHECK_FP_ENABLED(c);                                                                      \
        struct vreg n = vreg_read(c, i->rn), m = n, d = vreg_read(c, i->rd), r;                   \
        const int s = (int)i->imm;                                                                \
        SIZE_SWITCH(EXPR)                                                                         \
        vreg_write(c, i->rd, &r, i->sf);                                                          \
        return EXEC_NEXT;                                                                         \
    }

FAST_SAME(fast_add, a + b)
FAST_SAME(fast_sub, a - b)
FAST_SAME(fast_mul, a * b)
FAST_SAME(fast_mla, x + a * b)
FAST_SAME(fast_mls, x - a * b)
FAST_SAME(fast_cmeq, MASK(a == b))
FAST_SAME(fast_cmtst, MASK((a & b) != 0))
FAST_SAME(fast_cmgt, MASK(sa > sb))
FAST_SAME(fast_cmge, MASK(sa >= sb))
FAST_SAME(fast_cmhi, MASK(a > b))
FAST_SAME(fast_cmhs, MASK(a >= b))
FAST_SAME(fast_smax, SEL(MASK(sa > sb), a, b))
FAST_SAME(fast_smin, SEL(MASK(sa < sb), a, b))
FAST_SAME(fast_umax, SEL(MASK(a > b), a, b))
FAST_SAME(fast_umin, SEL(MASK(a < b), a, b))
FAST_SAME(fast_and, a & b)
FAST_SAME(fast_bic, a & ~b)
FAST_SAME(fast_orr, a | b)
FAST_SAME(fast_orn, a | ~b)
FAST_SAME(fast_eor, a ^ b)
FAST_SAME(fast_bsl, (x & a) | (~x & b))
FAST_SAME(fast_bit, (x & ~b) | (a & b))
FAST_SAME(fast_bif, (x & b) | (a & ~b))

/* The saturating additions and subtractions: the wrapped result r, the lanes that overflowed (ov:
 * all ones), and there the saturated value; FPSR.QC is set when a lane of the result overflowed
 * (a 64-bit form's upper lanes are not part of it). SMAX is the largest signed lane. */
#define SAT_CASE(UV, SV, bits_, R_EXPR, OV_EXPR, SAT_EXPR)                                        \
    {                                                                                             \
        enum { ESIZE = bits_ };                                                                   \
        UV a, b, res;                                                                             \
        memcpy(&a, &n, 16);                                                                       \
        memcpy(&b, &m, 16);                                                                       \
        SV sa = (SV)a, sb = (SV)b;                                                                \
        (void)sa, (void)sb;                                                                       \
        const UV SMAX = (UV)~(UV){ 0 } >> 1;                                                      \
        (void)SMAX;                                                                               \
        UV r_ = (R_EXPR);                                                                         \
        SV sr = (SV)r_;                                                                           \
        (void)sr;                                                                                 \
        UV ov = (UV)(OV_EXPR);                                                                    \
        res = SEL(ov, (UV)(SAT_EXPR), r_);                                                        \
        memcpy(&r, &res, 16);                                                                     \
        memcpy(ovf, &ov, 16);                                                                     \
    }

#define FAST_SAT(name, R_EXPR, OV_EXPR, SAT_EXPR)                                                 \
    static enum exec_status name(struct cpu *c, const struct insn *i)                             \
    {                                                                                             \
        CHECK_FP_ENABLED(c);                                                                      \
        struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r;                          \
        uint64_t ovf[2];                                                                          \
        switch (i->op2) {                                                                         \
        case 0: SAT_CASE(u8x16, s8x16, 8, R_EXPR, OV_EXPR, SAT_EXPR) break;                       \
        case 1: SAT_CASE(u16x8, s16x8, 16, R_EXPR, OV_EXPR, SAT_EXPR) break;                      \
        case 2: SAT_CASE(u32x4, s32x4, 32, R_EXPR, OV_EXPR, SAT_EXPR) break;                      \
        default: SAT_CASE(u64x2, s64x2, 64, R_EXPR, OV_EXPR, SAT_EXPR) break;                     \
        }                                                                                         \
        if (ovf[0] | (i->sf ? ovf[1] : 0))                                                        \
            c->fpsr |= FPSR_QC;                                                                   \
        vreg_write(c, i->rd, &r, i->sf);                                                          \
        return EXEC_NEXT;                                                                         \
    }

/* The signed saturated value is the largest or smallest lane, by the sign of the first operand
 * (overflow needs both operands of that sign, for addition, or the first's sign, for subtraction). */
#define SIGNED_SAT ((__typeof__(a))(sa >> (ESIZE - 1)) ^ SMAX)
FAST_SAT(fast_uqadd, a + b, MASK(a + b < a), ~(__typeof__(a)){ 0 })
FAST_SAT(fast_uqsub, a - b, MASK(a < b), (__typeof__(a)){ 0 })
FAST_SAT(fast_sqadd, a + b, MASK(((sa ^ sr) & (sb ^ sr)) < 0), SIGNED_SAT)
FAST_SAT(fast_sqsub, a - b, MASK(((sa ^ sb) & (sa ^ sr)) < 0), SIGNED_SAT)

/* Shifts by immediate. The immediate is the left shift (0 .. ESIZE - 1), or minus the right shift
 * (1 .. ESIZE): a right shift by ESIZE gives 0 (USHR) or the sign (SSHR), which C's shifts do not. */
#define USHR(v) (-s >= ESIZE ? (v) ^ (v) : (v) >> -s)
#define SSHR(v) ((v) >> (-s >= ESIZE ? ESIZE - 1 : -s))

FAST_IMM(fast_shl, a << s)
FAST_IMM(fast_ushr, USHR(a))
FAST_IMM(fast_sshr, SSHR(sa))
FAST_IMM(fast_usra, x + USHR(a))
FAST_IMM(fast_ssra, x + (__typeof__(a))SSHR(sa))

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
    case SI_UQADD: return fast_uqadd;
    case SI_UQSUB: return fast_uqsub;
    case SI_SQADD: return fast_sqadd;
    case SI_SQSUB: return fast_sqsub;
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
