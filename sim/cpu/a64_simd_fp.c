/* Advanced SIMD floating point: the vector and scalar FP forms of each class (three same, two-register
 * miscellaneous, across lanes, pairwise, shift by immediate (fixed-point conversions), by element),
 * decoded here and computed by fpcore.c with the full FPCR (AArch64 Advanced SIMD obeys RMode, FZ,
 * DN and AHP like scalar FP) and FPSR's cumulative flags.
 *
 * insn fields as in a64_simd.h: op = enum simd_fp_op, op2 = log2 of the element size in bytes (2:
 * single, 3: double), sf = Q, ra = elements, aux = flags and by-element index; imm = the conversion's
 * fbits (bits 7:0) and rounding (bits 15:8, FP_RMODE_FPCR for FPCR's).
 */
#include "a64_simd.h"
#include "vreg.h"

enum simd_fp_op {
    SF_ADD, SF_SUB, SF_MUL, SF_MULX, SF_DIV, SF_MAX, SF_MIN, SF_MAXNM, SF_MINNM, SF_MLA, SF_MLS,
    SF_ABD, SF_RECPS, SF_RSQRTS, SF_CMEQ, SF_CMGE, SF_CMGT, SF_ACGE, SF_ACGT,
    SF_ABS, SF_NEG, SF_SQRT, SF_RECPE, SF_RSQRTE, SF_RECPX,
    SF_CMGT0, SF_CMEQ0, SF_CMLT0, SF_CMGE0, SF_CMLE0,
    SF_RINT, SF_RINTX, SF_TO_S, SF_TO_U, SF_FROM_S, SF_FROM_U,
};

#define FP_RMODE_FPCR 0xff
#define CONV_IMM(rounding, fbits) ((int64_t)((rounding) << 8 | (fbits)))

static inline enum fp_rounding conv_rounding(const struct cpu *c, int64_t imm)
{
    unsigned r = (unsigned)(imm >> 8 & 0xff);
    return r == FP_RMODE_FPCR ? fp_rounding_mode(c->fpcr) : (enum fp_rounding)r;
}

static inline uint64_t all_ones_if(int cond, unsigned n)
{
    return cond ? (n == 64 ? ~0ull : (1ull << n) - 1) : 0;
}

/* One element of an FP operation on n-bit values: d is the old destination (FMLA, FMLS). */
static inline uint64_t simd_fp_op(struct cpu *c, unsigned op, unsigned n, int64_t imm, uint64_t d,
                                  uint64_t a, uint64_t b)
{
    uint32_t fpcr = c->fpcr, *fpsr = &c->fpsr;
    switch ((enum simd_fp_op)op) {
    case SF_ADD: return fp_add(a, b, n, fpcr, fpsr);
    case SF_SUB: return fp_sub(a, b, n, fpcr, fpsr);
    case SF_MUL: return fp_mul(a, b, n, fpcr, fpsr);
    case SF_MULX: return fp_mulx(a, b, n, fpcr, fpsr);
    case SF_DIV: return fp_div(a, b, n, fpcr, fpsr);
    case SF_MAX: return fp_max(a, b, n, fpcr, fpsr);
    case SF_MIN: return fp_min(a, b, n, fpcr, fpsr);
    case SF_MAXNM: return fp_maxnum(a, b, n, fpcr, fpsr);
    case SF_MINNM: return fp_minnum(a, b, n, fpcr, fpsr);
    case SF_MLA: return fp_muladd(d, a, b, n, fpcr, fpsr);
    case SF_MLS: return fp_muladd(d, fp_neg(a, n), b, n, fpcr, fpsr);
    case SF_ABD: return fp_abs(fp_sub(a, b, n, fpcr, fpsr), n);
    case SF_RECPS: return fp_recip_step(a, b, n, fpcr, fpsr);
    case SF_RSQRTS: return fp_rsqrt_step(a, b, n, fpcr, fpsr);
    case SF_CMEQ: return all_ones_if(fp_compare_eq(a, b, n, fpcr, fpsr), n);
    case SF_CMGE: return all_ones_if(fp_compare_ge(a, b, n, fpcr, fpsr), n);
    case SF_CMGT: return all_ones_if(fp_compare_gt(a, b, n, fpcr, fpsr), n);
    case SF_ACGE: return all_ones_if(fp_compare_ge(fp_abs(a, n), fp_abs(b, n), n, fpcr, fpsr), n);
    case SF_ACGT: return all_ones_if(fp_compare_gt(fp_abs(a, n), fp_abs(b, n), n, fpcr, fpsr), n);
    case SF_ABS: return fp_abs(a, n);
    case SF_NEG: return fp_neg(a, n);
    case SF_SQRT: return fp_sqrt(a, n, fpcr, fpsr);
    case SF_RECPE: return fp_recip_estimate(a, n, fpcr, fpsr);
    case SF_RSQRTE: return fp_rsqrt_estimate(a, n, fpcr, fpsr);
    case SF_RECPX: return fp_recpx(a, n, fpcr, fpsr);
    case SF_CMGT0: return all_ones_if(fp_compare_gt(a, 0, n, fpcr, fpsr), n);
    case SF_CMEQ0: return all_ones_if(fp_compare_eq(a, 0, n, fpcr, fpsr), n);
    case SF_CMLT0: return all_ones_if(fp_compare_gt(0, a, n, fpcr, fpsr), n);
    case SF_CMGE0: return all_ones_if(fp_compare_ge(a, 0, n, fpcr, fpsr), n);
    case SF_CMLE0: return all_ones_if(fp_compare_ge(0, a, n, fpcr, fpsr), n);
    case SF_RINT: return fp_round_int(a, n, fpcr, conv_rounding(c, imm), 0, fpsr);
    case SF_RINTX: return fp_round_int(a, n, fpcr, conv_rounding(c, imm), 1, fpsr);
    case SF_TO_S: return fp_to_fixed(a, n, imm & 0xff, 0, n, fpcr, conv_rounding(c, imm), fpsr);
    case SF_TO_U: return fp_to_fixed(a, n, imm & 0xff, 1, n, fpcr, conv_rounding(c, imm), fpsr);
    case SF_FROM_S: return fixed_to_fp(a, n, imm & 0xff, 0, n, fpcr, conv_rounding(c, imm), fpsr);
    case SF_FROM_U: return fixed_to_fp(a, n, imm & 0xff, 1, n, fpcr, conv_rounding(c, imm), fpsr);
    }
    return 0;
}

/* ---- Shapes ------------------------------------------------------------------------------- */

static inline void fp_same_body(struct cpu *c, const struct insn *i, const struct vreg *n,
                                const struct vreg *m, int by_element)
{
    struct vreg d = vreg_read(c, i->rd), r = vreg_zero();
    unsigned sz = i->op2, bits_ = 8u << sz;
    uint64_t mconst = by_element ? elem_get(m, i->aux >> SIMD_IDX_SHIFT, sz) : 0;
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t b = by_element ? mconst : elem_get(m, e, sz);
        elem_set(&r, e, sz, simd_fp_op(c, i->op, bits_, i->imm, elem_get(&d, e, sz), elem_get(n, e, sz), b));
    }
    vreg_write(c, i->rd, &r, i->sf);
}

/* Elementwise: Vd[e] = op(Vn[e], Vm[e]) (unary ops ignore Vm). */
static enum exec_status exec_simd_fp_same(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    fp_same_body(c, i, &n, &m, 0);
    return EXEC_NEXT;
}

/* By element: Vd[e] = op(Vn[e], Vm[index]). */
static enum exec_status exec_simd_fp_elem(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm);
    fp_same_body(c, i, &n, &m, 1);
    return EXEC_NEXT;
}

/* Pairwise: result e = op(concat[2e], concat[2e + 1]), concat = Vm:Vn (the scalar form has Vm = Vn
 * and one element). */
static enum exec_status exec_simd_fp_pairwise(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r = vreg_zero();
    unsigned sz = i->op2, half = i->ra / 2 ? i->ra / 2 : 1;
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t a, b;
        pair_operands(&n, &m, e, half, sz, &a, &b);
        elem_set(&r, e, sz, simd_fp_op(c, i->op, 8u << sz, 0, 0, a, b));
    }
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}

/* Reduce(): the pseudocode's recursive halving, op(Reduce(lower half), Reduce(upper half)). */
static uint64_t fp_reduce(struct cpu *c, unsigned op, const struct vreg *v, unsigned first,
                          unsigned count, unsigned sz)
{
    if (count == 1)
        return elem_get(v, first, sz);
    unsigned half = count / 2;
    uint64_t lo = fp_reduce(c, op, v, first, half, sz), hi = fp_reduce(c, op, v, first + half, half, sz);
    return simd_fp_op(c, op, 8u << sz, 0, 0, lo, hi);
}

/* FMAXV, FMINV, FMAXNMV, FMINNMV */
static enum exec_status exec_simd_fp_across(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), r = vreg_zero();
    elem_set(&r, 0, i->op2, fp_reduce(c, i->op, &n, 0, i->ra, i->op2));
    vreg_write(c, i->rd, &r, 0);
    return EXEC_NEXT;
}

/* FCVTN, FCVTN2 (op = 0), FCVTXN, FCVTXN2 (op = 1): wide elements (op2 = log2 bytes of the narrow
 * one) converted to the narrow precision; the "2" forms (aux) write the upper half and keep the
 * lower, the others zero the upper half. ra = elements (1 for the scalar FCVTXN). */
static enum exec_status exec_simd_fp_narrow(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), r = vreg_read(c, i->rd);
    unsigned sz = i->op2, half = (i->aux & SIMD_PART2) ? 8u >> sz : 0;
    if (!half)
        r = vreg_zero();
    for (unsigned e = 0; e < i->ra; e++) {
        uint64_t v = elem_get(&n, e, sz + 1);
        v = i->op ? fp_convert_to_odd(v, c->fpcr, &c->fpsr)
                  : fp_convert(v, 16u << sz, 8u << sz, c->fpcr, &c->fpsr);
        elem_set(&r, half + e, sz, v);
    }
    vreg_write(c, i->rd, &r, half != 0);
    return EXEC_NEXT;
}

/* FCVTL, FCVTL2: narrow elements (op2 = log2 bytes of the narrow one) of the lower or upper half
 * widened to twice the precision. */
static enum exec_status exec_simd_fp_long(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), r;
    unsigned sz = i->op2, count = 8u >> sz, half = (i->aux & SIMD_PART2) ? count : 0;
    for (unsigned e = 0; e < count; e++)
        elem_set(&r, e, sz + 1, fp_convert(elem_get(&n, half + e, sz), 8u << sz, 16u << sz, c->fpcr, &c->fpsr));
    vreg_write(c, i->rd, &r, 1);
    return EXEC_NEXT;
}

/* ---- Fast paths --------------------------------------------------------------------------- */

/* The commonest arithmetic (FADD, FSUB, FMUL, FDIV, FMLA, FMLS, vector and by element) as one
 * handler each, the fpcore call inlined into a loop per precision: the same calls as simd_fp_op(),
 * without its dispatch per element. In EXPR: a, b, x are the lanes of Vn, Vm (or Vm[index]) and Vd,
 * N the precision. */
#define FP_FAST_LOOP(field, N, M_OPERAND, EXPR)                                                   \
    for (unsigned e = 0; e < i->ra; e++) {                                                        \
        uint64_t a = n.field[e], b = M_OPERAND, x = d.field[e];                                   \
        (void)x;                                                                                  \
        r.field[e] = (__typeof__(r.field[0]))(EXPR);                                              \
    }

#define FP_FAST(name, by_element, EXPR)                                                           \
    static enum exec_status name(struct cpu *c, const struct insn *i)                             \
    {                                                                                             \
        CHECK_FP_ENABLED(c);                                                                      \
        struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), d = vreg_read(c, i->rd);    \
        struct vreg r = vreg_zero();                                                              \
        uint32_t fpcr = c->fpcr, fpsr = c->fpsr;                                                  \
        unsigned idx = i->aux >> SIMD_IDX_SHIFT;                                                  \
        (void)idx;                                                                                \
        if (i->op2 == 2) {                                                                        \
            enum { N = 32 };                                                                      \
            FP_FAST_LOOP(s, N, (by_element) ? m.s[idx] : m.s[e], EXPR)                            \
        } else {                                                                                  \
            enum { N = 64 };                                                                      \
            FP_FAST_LOOP(d, N, (by_element) ? m.d[idx] : m.d[e], EXPR)                            \
        }                                                                                         \
        c->fpsr = fpsr;                                                                           \
        vreg_write(c, i->rd, &r, i->sf);                                                          \
        return EXEC_NEXT;                                                                         \
    }

FP_FAST(fast_fadd, 0, fp_add(a, b, N, fpcr, &fpsr))
FP_FAST(fast_fsub, 0, fp_sub(a, b, N, fpcr, &fpsr))
FP_FAST(fast_fmul, 0, fp_mul(a, b, N, fpcr, &fpsr))
FP_FAST(fast_fdiv, 0, fp_div(a, b, N, fpcr, &fpsr))
FP_FAST(fast_fmla, 0, fp_muladd(x, a, b, N, fpcr, &fpsr))
FP_FAST(fast_fmls, 0, fp_muladd(x, fp_neg(a, N), b, N, fpcr, &fpsr))
FP_FAST(fast_fmul_elem, 1, fp_mul(a, b, N, fpcr, &fpsr))
FP_FAST(fast_fmla_elem, 1, fp_muladd(x, a, b, N, fpcr, &fpsr))
FP_FAST(fast_fmls_elem, 1, fp_muladd(x, fp_neg(a, N), b, N, fpcr, &fpsr))

/* The fast handler for an elementwise FP operation, or the generic one. */
static exec_fn fp_fast_path(exec_fn exec, unsigned op)
{
    if (exec == exec_simd_fp_same) {
        switch ((enum simd_fp_op)op) {
        case SF_ADD: return fast_fadd;
        case SF_SUB: return fast_fsub;
        case SF_MUL: return fast_fmul;
        case SF_DIV: return fast_fdiv;
        case SF_MLA: return fast_fmla;
        case SF_MLS: return fast_fmls;
        default: return exec;
        }
    }
    if (exec == exec_simd_fp_elem) {
        switch ((enum simd_fp_op)op) {
        case SF_MUL: return fast_fmul_elem;
        case SF_MLA: return fast_fmla_elem;
        case SF_MLS: return fast_fmls_elem;
        default: return exec;
        }
    }
    return exec;
}

/* ---- Decode ------------------------------------------------------------------------------- */

/* Table entries are the operation + 1; 0: not an FP operation of this table. Indexed by
 * U:opcode:a with a = size<1> (the FP opcodes' extra bit). */
#define E(op) ((op) + 1)
#define FK(u, opcode, a) ((u) << 6 | (opcode) << 1 | (a))

static const uint8_t fp_three_same_op[128] = {
    [FK(0, 0b11000, 0)] = E(SF_MAXNM), [FK(0, 0b11000, 1)] = E(SF_MINNM),
    [FK(0, 0b11001, 0)] = E(SF_MLA),   [FK(0, 0b11001, 1)] = E(SF_MLS),
    [FK(0, 0b11010, 0)] = E(SF_ADD),   [FK(0, 0b11010, 1)] = E(SF_SUB),
    [FK(0, 0b11011, 0)] = E(SF_MULX),  [FK(0, 0b11100, 0)] = E(SF_CMEQ),
    [FK(0, 0b11110, 0)] = E(SF_MAX),   [FK(0, 0b11110, 1)] = E(SF_MIN),
    [FK(0, 0b11111, 0)] = E(SF_RECPS), [FK(0, 0b11111, 1)] = E(SF_RSQRTS),
    [FK(1, 0b11000, 0)] = E(SF_MAXNM), [FK(1, 0b11000, 1)] = E(SF_MINNM),   /* pairwise */
    [FK(1, 0b11010, 0)] = E(SF_ADD),   [FK(1, 0b11010, 1)] = E(SF_ABD),     /* FADDP, FABD */
    [FK(1, 0b11011, 0)] = E(SF_MUL),
    [FK(1, 0b11100, 0)] = E(SF_CMGE),  [FK(1, 0b11100, 1)] = E(SF_CMGT),
    [FK(1, 0b11101, 0)] = E(SF_ACGE),  [FK(1, 0b11101, 1)] = E(SF_ACGT),
    [FK(1, 0b11110, 0)] = E(SF_MAX),   [FK(1, 0b11110, 1)] = E(SF_MIN),     /* pairwise */
    [FK(1, 0b11111, 0)] = E(SF_DIV),
};

/* The costs of the FP operations (timing.h). */
static uint8_t fp_cost(unsigned op, unsigned sz)
{
    switch ((enum simd_fp_op)op) {
    case SF_MUL: case SF_MULX: return TIMING_FP_MUL;
    case SF_MLA: case SF_MLS: case SF_RECPS: case SF_RSQRTS: return TIMING_FP_FMA;
    case SF_DIV: return sz == 3 ? TIMING_FP_DIV_D : TIMING_FP_DIV_S;
    case SF_SQRT: return sz == 3 ? TIMING_FP_SQRT_D : TIMING_FP_SQRT_S;
    default: return TIMING_FP_ADD;
    }
}

/* Fill the elementwise fields: sz = 2 (single) or 3 (double); scalar forms have one element. */
static enum decode_result fp_op(struct insn *i, exec_fn exec, unsigned op, unsigned sz, unsigned q,
                                int scalar)
{
    i->exec = fp_fast_path(exec, op);
    i->op = (uint8_t)op;
    i->op2 = (uint8_t)sz;
    i->sf = scalar ? 0 : (uint8_t)q;
    i->ra = scalar ? 1 : (uint8_t)((q ? 16u : 8u) >> sz);
    i->cost = fp_cost(op, sz);
    return DECODE_OK;
}

enum decode_result simd_fp_decode_three_same(struct insn *i, uint32_t w, int scalar)
{
    unsigned opcode = bits(w, 15, 11), a = bit(w, 23), sz = 2 + bit(w, 22), u = U(w);
    unsigned entry = fp_three_same_op[FK(u, opcode, a)];
    if (!entry)
        return DECODE_UNALLOCATED;
    /* The pairwise forms: FMAXNMP, FMINNMP, FADDP, FMAXP, FMINP (vector only). */
    int pairwise = u && (opcode == 0b11000 || opcode == 0b11110 || (opcode == 0b11010 && !a));
    if (pairwise && !scalar)
        return fp_op(i, exec_simd_fp_pairwise, entry - 1u, sz, Q(w), 0);
    return fp_op(i, exec_simd_fp_same, entry - 1u, sz, Q(w), scalar);
}

/* Two-register miscellaneous, FP: opcode and a = size<1> select the operation. */
static const struct { uint8_t op, rounding; } fp_two_misc_op[128] = {
    [FK(0, 0b01100, 1)] = { E(SF_CMGT0) }, [FK(0, 0b01101, 1)] = { E(SF_CMEQ0) },
    [FK(0, 0b01110, 1)] = { E(SF_CMLT0) }, [FK(0, 0b01111, 1)] = { E(SF_ABS) },
    [FK(1, 0b01100, 1)] = { E(SF_CMGE0) }, [FK(1, 0b01101, 1)] = { E(SF_CMLE0) },
    [FK(1, 0b01111, 1)] = { E(SF_NEG) },   [FK(1, 0b11111, 1)] = { E(SF_SQRT) },
    [FK(0, 0b11000, 0)] = { E(SF_RINT), FPROUNDING_TIEEVEN },  /* FRINTN */
    [FK(0, 0b11000, 1)] = { E(SF_RINT), FPROUNDING_POSINF },   /* FRINTP */
    [FK(0, 0b11001, 0)] = { E(SF_RINT), FPROUNDING_NEGINF },   /* FRINTM */
    [FK(0, 0b11001, 1)] = { E(SF_RINT), FPROUNDING_ZERO },     /* FRINTZ */
    [FK(1, 0b11000, 0)] = { E(SF_RINT), FPROUNDING_TIEAWAY },  /* FRINTA */
    [FK(1, 0b11001, 0)] = { E(SF_RINTX), FP_RMODE_FPCR },      /* FRINTX */
    [FK(1, 0b11001, 1)] = { E(SF_RINT), FP_RMODE_FPCR },       /* FRINTI */
    [FK(0, 0b11010, 0)] = { E(SF_TO_S), FPROUNDING_TIEEVEN },  /* FCVTNS */
    [FK(0, 0b11010, 1)] = { E(SF_TO_S), FPROUNDING_POSINF },   /* FCVTPS */
    [FK(0, 0b11011, 0)] = { E(SF_TO_S), FPROUNDING_NEGINF },   /* FCVTMS */
    [FK(0, 0b11011, 1)] = { E(SF_TO_S), FPROUNDING_ZERO },     /* FCVTZS */
    [FK(0, 0b11100, 0)] = { E(SF_TO_S), FPROUNDING_TIEAWAY },  /* FCVTAS */
    [FK(1, 0b11010, 0)] = { E(SF_TO_U), FPROUNDING_TIEEVEN },  /* FCVTNU */
    [FK(1, 0b11010, 1)] = { E(SF_TO_U), FPROUNDING_POSINF },   /* FCVTPU */
    [FK(1, 0b11011, 0)] = { E(SF_TO_U), FPROUNDING_NEGINF },   /* FCVTMU */
    [FK(1, 0b11011, 1)] = { E(SF_TO_U), FPROUNDING_ZERO },     /* FCVTZU */
    [FK(1, 0b11100, 0)] = { E(SF_TO_U), FPROUNDING_TIEAWAY },  /* FCVTAU */
    [FK(0, 0b11101, 0)] = { E(SF_FROM_S), FP_RMODE_FPCR },     /* SCVTF */
    [FK(1, 0b11101, 0)] = { E(SF_FROM_U), FP_RMODE_FPCR },     /* UCVTF */
    [FK(0, 0b11101, 1)] = { E(SF_RECPE) }, [FK(1, 0b11101, 1)] = { E(SF_RSQRTE) },
    [FK(0, 0b11111, 1)] = { E(SF_RECPX) },                      /* scalar only */
};

enum decode_result simd_fp_decode_two_misc(struct insn *i, uint32_t w, int scalar)
{
    unsigned opcode = bits(w, 16, 12), a = bit(w, 23), u = U(w), q = Q(w);
    if (opcode == 0b10110 || opcode == 0b10111) {
        /* FCVTN/FCVTN2 (U = 0), FCVTXN/FCVTXN2 (U = 1), FCVTL/FCVTL2: sz = 0 is single <-> half,
         * 1 double <-> single. op2 = log2 bytes of the narrow element. */
        unsigned narrow = 1 + bit(w, 22);
        i->op = (uint8_t)u;
        i->op2 = (uint8_t)narrow;
        i->cost = TIMING_FP_ADD;
        i->ra = scalar ? 1 : (uint8_t)(8u >> narrow);
        i->aux = (!scalar && q) ? SIMD_PART2 : 0;
        i->exec = opcode == 0b10110 ? exec_simd_fp_narrow : exec_simd_fp_long;
        return DECODE_OK;
    }
    unsigned entry = fp_two_misc_op[FK(u, opcode, a)].op;
    if (!entry)
        return DECODE_UNALLOCATED;
    fp_op(i, exec_simd_fp_same, entry - 1u, 2 + bit(w, 22), q, scalar);
    i->imm = CONV_IMM(fp_two_misc_op[FK(u, opcode, a)].rounding, 0u);
    return DECODE_OK;
}

/* FMAXNMV, FMINNMV, FMAXV, FMINV: Vn.4S only. */
enum decode_result simd_fp_decode_across(struct insn *i, uint32_t w)
{
    unsigned opcode = bits(w, 16, 12), a = bit(w, 23);
    unsigned op = opcode == 0b01100 ? (a ? SF_MINNM : SF_MAXNM) : (a ? SF_MIN : SF_MAX);
    fp_op(i, exec_simd_fp_across, op, 2, 1, 0);
    return DECODE_OK;
}

/* Scalar pairwise FP: FMAXNMP, FMINNMP, FADDP, FMAXP, FMINP of Vn's two elements. */
enum decode_result simd_fp_decode_pairwise(struct insn *i, uint32_t w)
{
    unsigned opcode = bits(w, 16, 12), a = bit(w, 23), op;
    switch (opcode) {
    case 0b01100: op = a ? SF_MINNM : SF_MAXNM; break;
    case 0b01101: op = SF_ADD; break;
    default: op = a ? SF_MIN : SF_MAX; break;
    }
    i->rm = i->rn;
    return fp_op(i, exec_simd_fp_pairwise, op, 2 + bit(w, 22), 0, 1);
}

/* SCVTF, UCVTF, FCVTZS, FCVTZU (vector and scalar, fixed-point): fbits = 2 * esize - immh:immb. */
enum decode_result simd_fp_decode_shift_imm(struct insn *i, uint32_t w, int scalar)
{
    unsigned opcode = bits(w, 15, 11), u = U(w), immhb = bits(w, 22, 16);
    unsigned sz = bit(w, 22) ? 3 : 2, fbits = (16u << sz) - immhb;
    unsigned op;
    if (opcode == 0b11100)
        op = u ? SF_FROM_U : SF_FROM_S;
    else
        op = u ? SF_TO_U : SF_TO_S;
    fp_op(i, exec_simd_fp_same, op, sz, Q(w), scalar);
    i->imm = CONV_IMM(opcode == 0b11100 ? FP_RMODE_FPCR : FPROUNDING_ZERO, fbits);
    return DECODE_OK;
}

/* FMLA, FMLS, FMUL, FMULX (by element): the index is H:L (single) or H (double); Vm is M:Rm. */
enum decode_result simd_fp_decode_by_element(struct insn *i, uint32_t w, int scalar)
{
    unsigned opcode = bits(w, 15, 12), sz = 2 + bit(w, 22), op;
    switch (opcode) {
    case 0b0001: op = SF_MLA; break;
    case 0b0101: op = SF_MLS; break;
    default: op = U(w) ? SF_MULX : SF_MUL; break;
    }
    fp_op(i, exec_simd_fp_elem, op, sz, Q(w), scalar);
    i->aux = (sz == 2 ? (bit(w, 11) << 1 | bit(w, 21)) : bit(w, 11)) << SIMD_IDX_SHIFT;
    return DECODE_OK;
}
