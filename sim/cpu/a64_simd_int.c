/* Advanced SIMD integer arithmetic: the element operations (enum simd_int_op, enum simd_narrow_op)
 * after the Arm ARM's shared pseudocode for each instruction, and the handlers of each shape
 * (elementwise, long, wide, narrow, pairwise, across lanes, by element) that apply them.
 *
 * Elements are computed exactly in 128-bit integers (the pseudocode's unbounded "integer") and then
 * truncated or saturated (SignedSatQ/UnsignedSatQ, which set FPSR.QC) to the element size.
 */
#include "a64_simd.h"
#include "vreg.h"

typedef __int128 i128;

static inline unsigned esize_of(unsigned sz) { return 8u << sz; }

/* SInt() of an element of 8 << sz bits. */
static inline int64_t sint(uint64_t v, unsigned sz)
{
    unsigned sh = 64 - esize_of(sz);
    return (int64_t)(v << sh) >> sh;
}

/* UInt() of an element (its bits above esize cleared). */
static inline uint64_t uint_(uint64_t v, unsigned sz)
{
    return sz == 3 ? v : v & ((1ull << esize_of(sz)) - 1);
}

static inline uint64_t ones(unsigned sz) { return uint_(~0ull, sz); }

/* SignedSatQ(): v saturated to a signed esize-bit integer; saturation sets FPSR.QC. */
static uint64_t signed_sat_q(struct cpu *c, i128 v, unsigned sz)
{
    i128 max = ((i128)1 << (esize_of(sz) - 1)) - 1, min = -max - 1;
    if (v > max) {
        c->fpsr |= FPSR_QC;
        return (uint64_t)max;
    }
    if (v < min) {
        c->fpsr |= FPSR_QC;
        return (uint64_t)min;
    }
    return (uint64_t)v;
}

/* UnsignedSatQ() */
static uint64_t unsigned_sat_q(struct cpu *c, i128 v, unsigned sz)
{
    i128 max = ((i128)1 << esize_of(sz)) - 1;
    if (v > max) {
        c->fpsr |= FPSR_QC;
        return (uint64_t)max;
    }
    if (v < 0) {
        c->fpsr |= FPSR_QC;
        return 0;
    }
    return (uint64_t)v;
}

/* (v + round_const) << shift of the shift-by-register pseudocode (SSHL, SRSHL, SQSHL, SQRSHL, ...),
 * in unbounded integers: shift < 0 shifts right, rounding adds 1 << (-shift - 1) first. A left
 * shift of 64 or more gives a value no element can hold (0 after truncation, saturated otherwise). */
static i128 shift_round(i128 v, int shift, int round)
{
    if (shift >= 0) {
        if (v == 0)
            return 0;
        if (shift >= 64)
            return v > 0 ? (i128)1 << 100 : -((i128)1 << 100);
        return v * ((i128)1 << shift);
    }
    int s = -shift > 65 ? 65 : -shift;
    if (round)
        v += (i128)1 << (s - 1);
    return v >> s;
}

static uint64_t count_leading_zeros(uint64_t v, unsigned sz)
{
    unsigned esize = esize_of(sz);
    v = uint_(v, sz);
    return v ? (uint64_t)(__builtin_clzll(v) - (64 - esize)) : esize;
}

static uint64_t poly_mul(uint64_t a, uint64_t b, unsigned bits_)
{
    uint64_t r = 0;
    for (unsigned k = 0; k < bits_; k++)
        if (b >> k & 1)
            r ^= a << k;
    return r;
}

static uint64_t reverse_bits(uint64_t v, unsigned sz)
{
    uint64_t r = 0;
    for (unsigned k = 0; k < esize_of(sz); k++)
        r |= (v >> k & 1) << (esize_of(sz) - 1 - k);
    return r;
}

/* One element of an integer operation at element size 8 << sz. */
static inline uint64_t simd_int_op(struct cpu *c, unsigned op, unsigned sz, uint64_t d, uint64_t n,
                                   uint64_t m)
{
    /* The operands as the pseudocode's integers, computed where a case needs them. */
#define sn ((i128)sint(n, sz))
#define sm ((i128)sint(m, sz))
#define un ((i128)uint_(n, sz))
#define um ((i128)uint_(m, sz))
    int shift = (int8_t)m;
    unsigned esize = esize_of(sz);
    switch ((enum simd_int_op)op) {
    case SI_ADD: return n + m;
    case SI_SUB: return n - m;
    case SI_MUL: return n * m;
    case SI_MLA: return d + n * m;
    case SI_MLS: return d - n * m;
    case SI_PMUL: return poly_mul(un, um, esize);
    case SI_SHADD: return (uint64_t)((sn + sm) >> 1);
    case SI_UHADD: return (uint64_t)((un + um) >> 1);
    case SI_SRHADD: return (uint64_t)((sn + sm + 1) >> 1);
    case SI_URHADD: return (uint64_t)((un + um + 1) >> 1);
    case SI_SHSUB: return (uint64_t)((sn - sm) >> 1);
    case SI_UHSUB: return (uint64_t)((un - um) >> 1);
    case SI_SQADD: return signed_sat_q(c, sn + sm, sz);
    case SI_UQADD: return unsigned_sat_q(c, un + um, sz);
    case SI_SQSUB: return signed_sat_q(c, sn - sm, sz);
    case SI_UQSUB: return unsigned_sat_q(c, un - um, sz);
    case SI_SUQADD: return signed_sat_q(c, sint(d, sz) + un, sz);
    case SI_USQADD: return unsigned_sat_q(c, (i128)uint_(d, sz) + sn, sz);
    case SI_CMGT: return sn > sm ? ones(sz) : 0;
    case SI_CMHI: return un > um ? ones(sz) : 0;
    case SI_CMGE: return sn >= sm ? ones(sz) : 0;
    case SI_CMHS: return un >= um ? ones(sz) : 0;
    case SI_CMEQ: return un == um ? ones(sz) : 0;
    case SI_CMTST: return (un & um) ? ones(sz) : 0;
    case SI_CMLE0: return sn <= 0 ? ones(sz) : 0;
    case SI_CMLT0: return sn < 0 ? ones(sz) : 0;
    case SI_SSHL: return (uint64_t)shift_round(sn, shift, 0);
    case SI_USHL: return (uint64_t)shift_round(un, shift, 0);
    case SI_SRSHL: return (uint64_t)shift_round(sn, shift, 1);
    case SI_URSHL: return (uint64_t)shift_round(un, shift, 1);
    case SI_SQSHL: return signed_sat_q(c, shift_round(sn, shift, 0), sz);
    case SI_UQSHL: return unsigned_sat_q(c, shift_round(un, shift, 0), sz);
    case SI_SQRSHL: return signed_sat_q(c, shift_round(sn, shift, 1), sz);
    case SI_UQRSHL: return unsigned_sat_q(c, shift_round(un, shift, 1), sz);
    case SI_SQSHLU: return unsigned_sat_q(c, shift_round(sn, shift, 0), sz);
    case SI_SSRA: return d + (uint64_t)shift_round(sn, shift, 0);
    case SI_USRA: return d + (uint64_t)shift_round(un, shift, 0);
    case SI_SRSRA: return d + (uint64_t)shift_round(sn, shift, 1);
    case SI_URSRA: return d + (uint64_t)shift_round(un, shift, 1);
    case SI_SLI: {                          /* m = shift (0 .. esize - 1) */
        uint64_t mask = ones(sz) << shift;
        return (d & ~mask) | ((un << shift) & mask);
    }
    case SI_SRI: {                          /* m = -shift (1 .. esize) */
        if (-shift >= 64)
            return d;
        uint64_t mask = ones(sz) >> -shift;
        return (d & ~mask) | ((un >> -shift) & mask);
    }
    case SI_SMAX: return (uint64_t)(sn > sm ? sn : sm);
    case SI_UMAX: return (uint64_t)(un > um ? un : um);
    case SI_SMIN: return (uint64_t)(sn < sm ? sn : sm);
    case SI_UMIN: return (uint64_t)(un < um ? un : um);
    case SI_SABD: return (uint64_t)(sn > sm ? sn - sm : sm - sn);
    case SI_UABD: return (uint64_t)(un > um ? un - um : um - un);
    case SI_SABA: return d + (uint64_t)(sn > sm ? sn - sm : sm - sn);
    case SI_UABA: return d + (uint64_t)(un > um ? un - um : um - un);
    case SI_SQDMULH: return signed_sat_q(c, (2 * sn * sm) >> esize, sz);
    case SI_SQRDMULH: return signed_sat_q(c, (2 * sn * sm + ((i128)1 << (esize - 1))) >> esize, sz);
    /* The long saturating doubling multiplies run at the wide size on sign-extended operands. */
    case SI_SQDMULL: return signed_sat_q(c, 2 * sn * sm, sz);
    case SI_SQDMLAL: return signed_sat_q(c, (i128)sint(d, sz) + sint(signed_sat_q(c, 2 * sn * sm, sz), sz), sz);
    case SI_SQDMLSL: return signed_sat_q(c, (i128)sint(d, sz) - sint(signed_sat_q(c, 2 * sn * sm, sz), sz), sz);
    case SI_ABS: return (uint64_t)(sn < 0 ? -sn : sn);
    case SI_NEG: return (uint64_t)-sn;
    case SI_SQABS: return signed_sat_q(c, sn < 0 ? -sn : sn, sz);
    case SI_SQNEG: return signed_sat_q(c, -sn, sz);
    case SI_CLS: return count_leading_zeros(n ^ (uint64_t)(sn >> 1), sz) - 1;
    case SI_CLZ: return count_leading_zeros(n, sz);
    case SI_CNT: return (uint64_t)__builtin_popcountll(un);
    case SI_NOT: return ~n;
    case SI_RBIT: return reverse_bits(un, sz);
    case SI_AND: return n & m;
    case SI_BIC: return n & ~m;
    case SI_ORR: return n | m;
    case SI_ORN: return n | ~m;
    case SI_EOR: return n ^ m;
    case SI_BSL: return (d & n) | (~d & m);
    case SI_BIT: return (d & ~m) | (n & m);
    case SI_BIF: return (d & m) | (n & ~m);
    case SI_URECPE: return unsigned_recip_estimate((uint32_t)n);
    case SI_URSQRTE: return unsigned_rsqrt_estimate((uint32_t)n);
    }
    return 0;
}
#undef sn
#undef sm
#undef un
#undef um

/* One element of a narrowing operation: wide (2 * esize bits) to esize bits, shifted right by
 * shift first (0 for XTN and its saturating forms). */
static inline uint64_t simd_narrow_op(struct cpu *c, unsigned op, unsigned sz, uint64_t n, int shift)
{
    i128 sn = sint(n, sz + 1), un = uint_(n, sz + 1);
    switch ((enum simd_narrow_op)op) {
    case SN_XTN: return n;
    case SN_SQXTN: return signed_sat_q(c, sn, sz);
    case SN_UQXTN: return unsigned_sat_q(c, un, sz);
    case SN_SQXTUN: return unsigned_sat_q(c, sn, sz);
    case SN_SHRN: return (uint64_t)shift_round(un, -shift, 0);
    case SN_RSHRN: return (uint64_t)shift_round(un, -shift, 1);
    case SN_SQSHRN: return signed_sat_q(c, shift_round(sn, -shift, 0), sz);
    case SN_SQRSHRN: return signed_sat_q(c, shift_round(sn, -shift, 1), sz);
    case SN_UQSHRN: return unsigned_sat_q(c, shift_round(un, -shift, 0), sz);
    case SN_UQRSHRN: return unsigned_sat_q(c, shift_round(un, -shift, 1), sz);
    case SN_SQSHRUN: return unsigned_sat_q(c, shift_round(sn, -shift, 0), sz);
    case SN_SQRSHRUN: return unsigned_sat_q(c, shift_round(sn, -shift, 1), sz);
    }
    return 0;
}

/* ---- Elementwise: Vd[e] = op(Vd[e], Vn[e], m) --------------------------------------------- */

static inline void same_body(struct cpu *c, const struct insn *i, const struct vreg *n,
                             const struct vreg *m, uint64_t mconst, int use_const)
{
    struct vreg d = vreg_read(c, i->rd), r = vreg_zero();
    unsigned sz = i->op2;
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t mv = use_const ? mconst : elem_get(m, e, sz);
        elem_set(&r, e, sz, simd_int_op(c, i->op, sz, elem_get(&d, e, sz), elem_get(n, e, sz), mv));
    }
    vreg_write(c, i->rd, &r, i->sf);
}

enum exec_status exec_simd_same(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    same_body(c, i, &n, &m, 0, 0);
    return EXEC_NEXT;
}

enum exec_status exec_simd_same_imm(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn);
    same_body(c, i, &n, NULL, (uint64_t)i->imm, 1);
    return EXEC_NEXT;
}

enum exec_status exec_simd_same_elem(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    same_body(c, i, &n, NULL, elem_get(&m, i->aux >> SIMD_IDX_SHIFT, i->op2), 1);
    return EXEC_NEXT;
}

/* ---- Long and wide: 2 * esize results from esize sources ---------------------------------- */

/* Element e of the narrow half (part) of v, extended to 64 bits by signedness. */
static inline uint64_t narrow_ext(const struct vreg *v, unsigned e, unsigned sz, unsigned flags)
{
    unsigned idx = e + ((flags & SIMD_PART2) ? (8u >> sz) : 0);
    return (flags & SIMD_SIGNED) ? (uint64_t)elem_get_s(v, idx, sz) : elem_get(v, idx, sz);
}

/* op2 = sz of the narrow sources; ra results of 2 * esize bits (8 >> sz of them, 1 in the scalar
 * forms).
 * wide_n: Vn already holds wide elements (SADDW ...); mconst: m is a constant (by element). */
static inline void long_body(struct cpu *c, const struct insn *i, const struct vreg *n,
                             const struct vreg *m, int wide_n, int use_const, uint64_t mconst)
{
    struct vreg d = vreg_read(c, i->rd), r = vreg_zero();
    unsigned sz = i->op2, flags = i->aux;
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t nv = wide_n ? elem_get(n, e, sz + 1) : narrow_ext(n, e, sz, flags);
        uint64_t mv = use_const ? mconst : narrow_ext(m, e, sz, flags);
        elem_set(&r, e, sz + 1, simd_int_op(c, i->op, sz + 1, elem_get(&d, e, sz + 1), nv, mv));
    }
    vreg_write(c, i->rd, &r, i->sf);
}

enum exec_status exec_simd_long(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    long_body(c, i, &n, &m, 0, 0, 0);
    return EXEC_NEXT;
}

enum exec_status exec_simd_wide(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    long_body(c, i, &n, &m, 1, 0, 0);
    return EXEC_NEXT;
}

enum exec_status exec_simd_long_elem(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    unsigned idx = i->aux >> SIMD_IDX_SHIFT, sz = i->op2;
    uint64_t mv = (i->aux & SIMD_SIGNED) ? (uint64_t)elem_get_s(&m, idx, sz) : elem_get(&m, idx, sz);
    long_body(c, i, &n, NULL, 0, 1, mv);
    return EXEC_NEXT;
}

/* SSHLL, USHLL, SHLL: the extended element shifted left by imm (op = SI_SSHL/SI_USHL at the wide
 * size: imm < esize, so no bits are lost). */
enum exec_status exec_simd_long_imm(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn);
    long_body(c, i, &n, NULL, 0, 1, (uint64_t)i->imm);
    return EXEC_NEXT;
}

/* ADDHN, SUBHN, RADDHN, RSUBHN: the high half of n +/- m (+ 1 << (esize - 1) when rounding), op2 =
 * sz of the narrow result; the "2" forms write the upper half and keep the lower. */
enum exec_status exec_simd_high_narrow(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r = vreg_read(c, i->rd);
    unsigned sz = i->op2, esize = esize_of(sz), half = (i->aux & SIMD_PART2) ? 8u >> sz : 0;
    uint64_t round = (i->aux & SIMD_ROUND) ? 1ull << (esize - 1) : 0;
    for (unsigned e = 0; e < (8u >> sz); e++) {
        uint64_t a = elem_get(&n, e, sz + 1), b = elem_get(&m, e, sz + 1);
        uint64_t w = uint_((i->op == SI_SUB ? a - b : a + b) + round, sz + 1);
        elem_set(&r, half + e, sz, w >> esize);
    }
    vreg_write(c, i->rd, &r, half != 0);
    return EXEC_NEXT;
}

/* XTN, SQXTN, UQXTN, SQXTUN and the shift-right-narrow forms (imm = shift). op2 = sz of the narrow
 * result; ra = 8 >> sz elements, or 1 for the scalar forms. */
enum exec_status exec_simd_narrow(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), r = vreg_read(c, i->rd);
    unsigned sz = i->op2, half = (i->aux & SIMD_PART2) ? 8u >> sz : 0;
    if (!half)
        r = vreg_zero();
    for (unsigned e = 0; e < i->ra; e++)
        elem_set(&r, half + e, sz, simd_narrow_op(c, i->op, sz, elem_get(&n, e, sz + 1), (int)i->imm));
    vreg_write(c, i->rd, &r, half != 0);
    return EXEC_NEXT;
}

/* ---- Pairwise and across lanes ------------------------------------------------------------ */

/* ADDP, SMAXP, ... : result e = op(concat[2e], concat[2e + 1]) with concat = Vm:Vn; ra = elements.
 * The scalar ADDP (Vm = Vn, ra = 1, 64-bit) is the same shape. */
enum exec_status exec_simd_pairwise(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r = vreg_zero();
    unsigned sz = i->op2, half = i->ra / 2 ? i->ra / 2 : 1;
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t a, b;
        pair_operands(&n, &m, e, half, sz, &a, &b);
        elem_set(&r, e, sz, simd_int_op(c, i->op, sz, 0, a, b));
    }
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}

/* SADDLP, UADDLP, SADALP, UADALP: wide e = ext(n[2e]) + ext(n[2e + 1]) (+ d[e]); op2 = sz of the
 * narrow sources, ra = wide elements. */
enum exec_status exec_simd_pairwise_long(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), d = vreg_read(c, i->rd), r = vreg_zero();
    unsigned sz = i->op2, flags = i->aux & SIMD_SIGNED;
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t sum = narrow_ext(&n, 2 * e, sz, flags) + narrow_ext(&n, 2 * e + 1, sz, flags);
        if (i->aux & SIMD_ACC)
            sum += elem_get(&d, e, sz + 1);
        elem_set(&r, e, sz + 1, sum);
    }
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}

/* ADDV, SMAXV, ..., SADDLV/UADDLV (op2 = sz of the sources; SIMD_SIGNED/unsigned extension to the
 * wide result when op is SI_ADD and aux has the long flag): the scalar result zeroes the rest. */
enum exec_status exec_simd_across(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), r = vreg_zero();
    unsigned sz = i->op2, rsz = (unsigned)i->imm;      /* imm = result sz: sz, or sz + 1 (long) */
    uint64_t acc = rsz > sz ? narrow_ext(&n, 0, sz, i->aux) : elem_get(&n, 0, sz);
    for (unsigned e = 1; e < i->ra; e++) {
        uint64_t v = rsz > sz ? narrow_ext(&n, e, sz, i->aux) : elem_get(&n, e, sz);
        acc = simd_int_op(c, i->op, rsz, 0, acc, v);
    }
    elem_set(&r, 0, rsz, acc);
    vreg_write(c, i->rd, &r, 0);
    return EXEC_NEXT;
}

/* PMULL, PMULL2: polynomial multiply long, 8 x 8 -> 16 bits per element (op2 = 0) or one 64 x 64 ->
 * 128 bits (op2 = 3, the Cryptographic Extension). */
enum exec_status exec_simd_pmull(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r;
    unsigned part = (i->aux & SIMD_PART2) ? 1 : 0;
    if (i->op2 == 3) {
        uint64_t a = n.d[part], b = m.d[part], lo = 0, hi = 0;
        for (unsigned k = 0; k < 64; k++) {
            if (b >> k & 1) {
                lo ^= a << k;
                hi ^= k ? a >> (64 - k) : 0;
            }
        }
        r.d[0] = lo;
        r.d[1] = hi;
    } else {
        for (unsigned e = 0; e < 8; e++)
            r.h[e] = (uint16_t)poly_mul(n.b[8 * part + e], m.b[8 * part + e], 8);
    }
    vreg_write(c, i->rd, &r, 1);
    return EXEC_NEXT;
}
