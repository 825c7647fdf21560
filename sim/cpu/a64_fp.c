/* Data Processing -- Scalar Floating-Point (Arm ARM C4.1, op0 = x0x1 within op0 = x111): the
 * conversions, data-processing, compare, select and immediate classes. ftype 11 (half precision)
 * is ARMv8.2 arithmetic and unallocated here, except in FCVT between precisions.
 *
 * The handlers take the precision from insn->op (16, 32 or 64) and do the arithmetic in fpcore.c.
 */
#include "a64_fpsimd.h"
#include "fpcore.h"

/* ---- FMOV --------------------------------------------------------------------------------- */

/* Writing an S or D register zeroes the rest of the V register (Arm ARM "V[] - assignment" with
 * a narrower write). */
static enum exec_status exec_fmov_s_reg(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = (uint32_t)c->v[i->rn][0];
    c->v[i->rd][1] = 0;
    return EXEC_NEXT;
}

static enum exec_status exec_fmov_d_reg(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = c->v[i->rn][0];
    c->v[i->rd][1] = 0;
    return EXEC_NEXT;
}

/* FMOV Wd, Sn */
static enum exec_status exec_fmov_w_from_s(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    set_reg(c, i->rd, (uint32_t)c->v[i->rn][0]);
    return EXEC_NEXT;
}

/* FMOV Sd, Wn */
static enum exec_status exec_fmov_s_from_w(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = (uint32_t)c->x[i->rn];
    c->v[i->rd][1] = 0;
    return EXEC_NEXT;
}

/* FMOV Xd, Dn */
static enum exec_status exec_fmov_x_from_d(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    set_reg(c, i->rd, c->v[i->rn][0]);
    return EXEC_NEXT;
}

/* FMOV Dd, Xn */
static enum exec_status exec_fmov_d_from_x(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = c->x[i->rn];
    c->v[i->rd][1] = 0;
    return EXEC_NEXT;
}

/* FMOV Xd, Vn.D[1] */
static enum exec_status exec_fmov_x_from_top(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    set_reg(c, i->rd, c->v[i->rn][1]);
    return EXEC_NEXT;
}

/* FMOV Vd.D[1], Xn: the low half is kept. */
static enum exec_status exec_fmov_top_from_x(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][1] = c->x[i->rn];
    return EXEC_NEXT;
}

/* FMOV Sd/Dd, #imm and FMOV Vd.2S, #imm: bits 63:0 = imm, bits 127:64 = 0. */
enum exec_status exec_fmov_imm_low(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = (uint64_t)i->imm;
    c->v[i->rd][1] = 0;
    return EXEC_NEXT;
}

/* FMOV Vd.4S, #imm and FMOV Vd.2D, #imm: both halves = imm. */
enum exec_status exec_fmov_imm_both(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = (uint64_t)i->imm;
    c->v[i->rd][1] = (uint64_t)i->imm;
    return EXEC_NEXT;
}

/* VFPExpandImm(): the 8-bit FP immediate as a single (n = 32) or double (n = 64). */
uint64_t vfp_expand_imm(uint32_t imm8, unsigned n)
{
    unsigned e = n == 32 ? 8 : 11;          /* exponent bits */
    unsigned f = n - e - 1;                 /* fraction bits */
    uint64_t sign = bit(imm8, 7);
    uint64_t b6 = bit(imm8, 6);
    /* exp = NOT(imm8<6>) : Replicate(imm8<6>, e - 3) : imm8<5:4> */
    uint64_t exp = (b6 ^ 1) << (e - 1) | (b6 ? ((1ull << (e - 3)) - 1) << 2 : 0) | bits(imm8, 5, 4);
    uint64_t frac = (uint64_t)bits(imm8, 3, 0) << (f - 4);
    return sign << (n - 1) | exp << f | frac;
}


/* ---- Register access ---------------------------------------------------------------------- */

/* The low n bits of V[r]: an H, S or D register. */
static inline uint64_t read_fp(const struct cpu *c, unsigned r, unsigned n)
{
    return n == 64 ? c->v[r][0] : c->v[r][0] & ((1ull << n) - 1);
}

/* Writing an H, S or D register zeroes the rest of the V register; v has no bits above n. */
static inline void write_fp(struct cpu *c, unsigned r, uint64_t v)
{
    c->v[r][0] = v;
    c->v[r][1] = 0;
}

/* The precision of ftype (23:22): 00 single, 01 double, 11 half. */
static unsigned ftype_bits(unsigned ftype)
{
    return ftype == 0 ? 32 : ftype == 1 ? 64 : 16;
}

#define FP_ENABLED_OR_TRAP()                                                                        \
    do {                                                                                            \
        if (!aarch64_check_fp_enabled(c))                                                           \
            return EXEC_JUMP;                                                                       \
    } while (0)

/* ---- Data-processing (2 source): FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL ---- */

/* FNMUL: FPNeg(FPMul()), a NaN result included. */
static uint64_t fp_nmul(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_neg(fp_mul(op1, op2, n, fpcr, fpsr), n);
}

/* One handler per operation and precision, so the precision is a constant in each. */
#define FP_BINARY(name, fn, n)                                                                      \
    static enum exec_status exec_##name(struct cpu *c, const struct insn *i)                        \
    {                                                                                               \
        FP_ENABLED_OR_TRAP();                                                                       \
        write_fp(c, i->rd, fn(read_fp(c, i->rn, n), read_fp(c, i->rm, n), n, c->fpcr, &c->fpsr));  \
        return EXEC_NEXT;                                                                           \
    }
#define FP_BINARY_SD(name, fn) FP_BINARY(name##_s, fn, 32) FP_BINARY(name##_d, fn, 64)

FP_BINARY_SD(fmul, fp_mul)
FP_BINARY_SD(fdiv, fp_div)
FP_BINARY_SD(fadd, fp_add)
FP_BINARY_SD(fsub, fp_sub)
FP_BINARY_SD(fmax, fp_max)
FP_BINARY_SD(fmin, fp_min)
FP_BINARY_SD(fmaxnm, fp_maxnum)
FP_BINARY_SD(fminnm, fp_minnum)
FP_BINARY_SD(fnmul, fp_nmul)

/* By opcode (15:12): {single, double} handlers and their cost. */
static const struct {
    exec_fn exec[2];
    uint8_t cost[2];
} fp_two_source_ops[9] = {
    { { exec_fmul_s, exec_fmul_d }, { TIMING_FP_MUL, TIMING_FP_MUL } },
    { { exec_fdiv_s, exec_fdiv_d }, { TIMING_FP_DIV_S, TIMING_FP_DIV_D } },
    { { exec_fadd_s, exec_fadd_d }, { TIMING_FP_ADD, TIMING_FP_ADD } },
    { { exec_fsub_s, exec_fsub_d }, { TIMING_FP_ADD, TIMING_FP_ADD } },
    { { exec_fmax_s, exec_fmax_d }, { TIMING_FP_ADD, TIMING_FP_ADD } },
    { { exec_fmin_s, exec_fmin_d }, { TIMING_FP_ADD, TIMING_FP_ADD } },
    { { exec_fmaxnm_s, exec_fmaxnm_d }, { TIMING_FP_ADD, TIMING_FP_ADD } },
    { { exec_fminnm_s, exec_fminnm_d }, { TIMING_FP_ADD, TIMING_FP_ADD } },
    { { exec_fnmul_s, exec_fnmul_d }, { TIMING_FP_MUL, TIMING_FP_MUL } },
};

/* ---- Data-processing (3 source): FMADD, FMSUB, FNMADD, FNMSUB ------------------------------ */

/* Rd = Ra + Rn * Rm with the operands the encoding negates (FPNeg: NaNs too) negated first. */
#define FP_MULADD(name, neg_a, neg_n, n)                                                            \
    static enum exec_status exec_##name(struct cpu *c, const struct insn *i)                        \
    {                                                                                               \
        FP_ENABLED_OR_TRAP();                                                                       \
        uint64_t a = read_fp(c, i->ra, n), op1 = read_fp(c, i->rn, n);                              \
        if (neg_a)                                                                                  \
            a = fp_neg(a, n);                                                                       \
        if (neg_n)                                                                                  \
            op1 = fp_neg(op1, n);                                                                   \
        write_fp(c, i->rd, fp_muladd(a, op1, read_fp(c, i->rm, n), n, c->fpcr, &c->fpsr));         \
        return EXEC_NEXT;                                                                           \
    }
#define FP_MULADD_SD(name, neg_a, neg_n)                                                            \
    FP_MULADD(name##_s, neg_a, neg_n, 32) FP_MULADD(name##_d, neg_a, neg_n, 64)

FP_MULADD_SD(fmadd, 0, 0)
FP_MULADD_SD(fmsub, 0, 1)
FP_MULADD_SD(fnmadd, 1, 1)
FP_MULADD_SD(fnmsub, 1, 0)

/* By o1:o0 (21, 15), then single/double. */
static const exec_fn fp_three_source_exec[4][2] = {
    { exec_fmadd_s, exec_fmadd_d },
    { exec_fmsub_s, exec_fmsub_d },
    { exec_fnmadd_s, exec_fnmadd_d },
    { exec_fnmsub_s, exec_fnmsub_d },
};

/* ---- Data-processing (1 source) ----------------------------------------------------------- */

/* FABS, FNEG (insn->op = precision): the sign bit only, no flags. */
static enum exec_status exec_fabs(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    write_fp(c, i->rd, fp_abs(read_fp(c, i->rn, i->op), i->op));
    return EXEC_NEXT;
}

static enum exec_status exec_fneg(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    write_fp(c, i->rd, fp_neg(read_fp(c, i->rn, i->op), i->op));
    return EXEC_NEXT;
}

static enum exec_status exec_fsqrt(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    write_fp(c, i->rd, fp_sqrt(read_fp(c, i->rn, i->op), i->op, c->fpcr, &c->fpsr));
    return EXEC_NEXT;
}

/* FCVT: from precision insn->op to precision insn->op2. */
static enum exec_status exec_fcvt(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    write_fp(c, i->rd, fp_convert(read_fp(c, i->rn, i->op), i->op, i->op2, c->fpcr, &c->fpsr));
    return EXEC_NEXT;
}

/* insn->op2 of FRINTX and FRINTI: the rounding mode is FPCR's. */
#define ROUNDING_FPCR 7

/* FRINT{N,P,M,Z,A,X,I}: rounding insn->op2, IXC when insn->aux (FRINTX). */
static enum exec_status exec_frint(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    enum fp_rounding rounding =
        i->op2 == ROUNDING_FPCR ? fp_rounding_mode(c->fpcr) : (enum fp_rounding)i->op2;
    write_fp(c, i->rd, fp_round_int(read_fp(c, i->rn, i->op), i->op, c->fpcr, rounding, (int)i->aux,
                                    &c->fpsr));
    return EXEC_NEXT;
}

/* FRINT* by opcode<2:0> (17:15): the rounding mode (FPDecodeRounding order for N, P, M, Z). */
static const uint8_t frint_rounding[8] = {
    FPROUNDING_TIEEVEN, FPROUNDING_POSINF, FPROUNDING_NEGINF, FPROUNDING_ZERO,
    FPROUNDING_TIEAWAY, 0 /* unallocated */, ROUNDING_FPCR /* X */, ROUNDING_FPCR /* I */,
};

/* ---- Conversions between floating point and integer or fixed point ----------------------- */

/* FCVT[NPMZA][SU] and FCVTZS/FCVTZU (fixed point): insn->op = precision, op2 = rounding,
 * aux = unsigned, sf = 64-bit integer, imm = fraction bits. */
static enum exec_status exec_fcvt_to_int(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    uint64_t r = fp_to_fixed(read_fp(c, i->rn, i->op), i->op, (unsigned)i->imm, (int)i->aux,
                             i->sf ? 64 : 32, c->fpcr, (enum fp_rounding)i->op2, &c->fpsr);
    set_reg(c, i->rd, r);
    return EXEC_NEXT;
}

/* SCVTF, UCVTF (integer and fixed point): FPCR's rounding; operands as above. */
static enum exec_status exec_int_to_fp(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    write_fp(c, i->rd, fixed_to_fp(c->x[i->rn], i->sf ? 64 : 32, (unsigned)i->imm, (int)i->aux, i->op,
                                   c->fpcr, fp_rounding_mode(c->fpcr), &c->fpsr));
    return EXEC_NEXT;
}

/* ---- Compare, conditional compare, conditional select ------------------------------------- */

static void set_nzcv(struct cpu *c, unsigned nzcv)
{
    c->pstate.n = nzcv >> 3 & 1;
    c->pstate.z = nzcv >> 2 & 1;
    c->pstate.c = nzcv >> 1 & 1;
    c->pstate.v = nzcv & 1;
}

/* FCMP, FCMPE: insn->op = precision, op2 bit 0 = signal quiet NaNs (E), bit 1 = with #0.0. */
static enum exec_status exec_fcmp(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    uint64_t op2 = (i->op2 & 2) ? 0 : read_fp(c, i->rm, i->op);
    set_nzcv(c, fp_compare(read_fp(c, i->rn, i->op), op2, i->op, i->op2 & 1, c->fpcr, &c->fpsr));
    return EXEC_NEXT;
}

/* FCCMP, FCCMPE: the comparison if condition insn->aux holds, else the flags insn->imm. */
static enum exec_status exec_fccmp(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    if (condition_holds(c, i->aux))
        set_nzcv(c, fp_compare(read_fp(c, i->rn, i->op), read_fp(c, i->rm, i->op), i->op, i->op2,
                               c->fpcr, &c->fpsr));
    else
        set_nzcv(c, (unsigned)i->imm);
    return EXEC_NEXT;
}

/* FCSEL: Rn if condition insn->aux holds, else Rm. */
static enum exec_status exec_fcsel(struct cpu *c, const struct insn *i)
{
    FP_ENABLED_OR_TRAP();
    unsigned r = condition_holds(c, i->aux) ? i->rn : i->rm;
    write_fp(c, i->rd, read_fp(c, r, i->op));
    return EXEC_NEXT;
}

/* ---- Decode fns of the scalar floating-point classes -------------------------------------- */

/* The checks every FP class shares: M (31) and S (29) are 0; ftype 10 is unallocated and
 * ftype 11 (half precision) is ARMv8.2 except in FCVT, which checks it itself. */
static int fp_single_or_double(uint32_t w)
{
    return bit(w, 31) == 0 && bit(w, 29) == 0 && SIZE(w) <= 1;
}

static void decode_rd_rn(struct insn *i, uint32_t w)
{
    i->rd = (uint8_t)bits(w, 4, 0);
    i->rn = (uint8_t)bits(w, 9, 5);
}

/* Conversion between floating-point and fixed-point: SCVTF, UCVTF, FCVTZS, FCVTZU.
 * A 32-bit integer needs scale >= 32 (scale<5> = 1). */
static enum decode_result decode_fp_fixed(struct insn *i, uint32_t w)
{
    unsigned rmode_opcode = bits(w, 20, 16);
    int op_ok = rmode_opcode == 0b00010 || rmode_opcode == 0b00011 ||   /* SCVTF, UCVTF */
                rmode_opcode == 0b11000 || rmode_opcode == 0b11001;     /* FCVTZS, FCVTZU */
    if (!(bit(w, 29) == 0 && SIZE(w) <= 1 && op_ok && (bit(w, 31) || bit(w, 15))))
        return DECODE_UNALLOCATED;
    decode_rd_rn(i, w);
    i->sf = (uint8_t)bit(w, 31);
    i->op = (uint8_t)ftype_bits(SIZE(w));
    i->imm = 64 - (int64_t)bits(w, 15, 10);     /* fbits */
    i->aux = rmode_opcode & 1;                  /* unsigned */
    i->op2 = FPROUNDING_ZERO;
    i->exec = rmode_opcode >> 3 ? exec_fcvt_to_int : exec_int_to_fp;
    i->cost = TIMING_FP_INT;
    return DECODE_OK;
}

/* Conversion between floating-point and integer: FCVT[NPMZA][SU], SCVTF, UCVTF, FMOV (general). */
static enum decode_result decode_fp_int(struct insn *i, uint32_t w)
{
    unsigned sf = bit(w, 31), type = SIZE(w), rmode = bits(w, 20, 19), opcode = bits(w, 18, 16);
    if (bit(w, 29))
        return DECODE_UNALLOCATED;
    decode_rd_rn(i, w);
    i->sf = (uint8_t)sf;
    i->cost = TIMING_FP;
    if (opcode >= 0b110) {                      /* FMOV (general) */
        int to_fp = opcode & 1;
        if (rmode == 0b00 && type == sf) {      /* W <-> S, X <-> D */
            if (sf)
                i->exec = to_fp ? exec_fmov_d_from_x : exec_fmov_x_from_d;
            else
                i->exec = to_fp ? exec_fmov_s_from_w : exec_fmov_w_from_s;
            return DECODE_OK;
        }
        if (sf && type == 0b10 && rmode == 0b01) { /* X <-> V.D[1] */
            i->exec = to_fp ? exec_fmov_top_from_x : exec_fmov_x_from_top;
            return DECODE_OK;
        }
        return DECODE_UNALLOCATED;              /* type 11: FP16; sf=0 type=01 rmode=11: FJCVTZS */
    }
    if (type > 1)
        return DECODE_UNALLOCATED;
    /* FCVT{N,P,M,Z}{S,U} for every rmode; SCVTF, UCVTF, FCVTAS, FCVTAU with rmode 00 only. */
    if (!(opcode <= 0b001 || rmode == 0b00))
        return DECODE_UNALLOCATED;
    i->op = (uint8_t)ftype_bits(type);
    i->imm = 0;
    i->aux = opcode & 1;                        /* unsigned */
    i->cost = TIMING_FP_INT;
    if (opcode == 0b010 || opcode == 0b011) {
        i->exec = exec_int_to_fp;
        return DECODE_OK;
    }
    /* rmode is FPDecodeRounding's order (N, P, M, Z); opcode 10x is FCVTA*. */
    i->op2 = (uint8_t)(opcode >= 0b100 ? FPROUNDING_TIEAWAY : rmode);
    i->exec = exec_fcvt_to_int;
    return DECODE_OK;
}

/* FP data-processing (1 source), by opcode: which ftypes (bit n = ftype n) are allocated. */
static const uint8_t fp_one_source_types[64] = {
    [0b000000] = 0x3,  /* FMOV (register) */
    [0b000001] = 0x3,  /* FABS */
    [0b000010] = 0x3,  /* FNEG */
    [0b000011] = 0x3,  /* FSQRT */
    [0b000100] = 0xa,  /* FCVT to single, from double or half */
    [0b000101] = 0x9,  /* FCVT to double, from single or half */
    [0b000111] = 0x3,  /* FCVT to half, from single or double */
    [0b001000] = 0x3,  /* FRINTN */
    [0b001001] = 0x3,  /* FRINTP */
    [0b001010] = 0x3,  /* FRINTM */
    [0b001011] = 0x3,  /* FRINTZ */
    [0b001100] = 0x3,  /* FRINTA */
    [0b001110] = 0x3,  /* FRINTX */
    [0b001111] = 0x3,  /* FRINTI */
};

static enum decode_result decode_fp_one_source(struct insn *i, uint32_t w)
{
    unsigned opcode = bits(w, 20, 15), type = SIZE(w);
    if (bit(w, 31) || bit(w, 29) || !(fp_one_source_types[opcode] >> type & 1))
        return DECODE_UNALLOCATED;
    decode_rd_rn(i, w);
    i->op = (uint8_t)ftype_bits(type);
    i->cost = TIMING_FP_ADD;
    switch (opcode) {
    case 0b000000:
        i->exec = type ? exec_fmov_d_reg : exec_fmov_s_reg;
        i->cost = TIMING_FP;
        break;
    case 0b000001: i->exec = exec_fabs; break;
    case 0b000010: i->exec = exec_fneg; break;
    case 0b000011:
        i->exec = exec_fsqrt;
        i->cost = type ? TIMING_FP_SQRT_D : TIMING_FP_SQRT_S;
        break;
    case 0b000100: case 0b000101: case 0b000111:
        i->exec = exec_fcvt;
        i->op2 = (uint8_t)ftype_bits(opcode & 3);
        break;
    default:                                    /* FRINT* */
        i->exec = exec_frint;
        i->op2 = frint_rounding[opcode & 7];
        i->aux = (opcode & 7) == 0b110;         /* FRINTX: exact */
        break;
    }
    return DECODE_OK;
}

/* FCMP, FCMPE (register and #0.0): op (15:14) = 00, opcode2<2:0> = 000. */
static enum decode_result decode_fp_compare(struct insn *i, uint32_t w)
{
    if (!(fp_single_or_double(w) && bits(w, 15, 14) == 0 && bits(w, 2, 0) == 0))
        return DECODE_UNALLOCATED;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->op = (uint8_t)ftype_bits(SIZE(w));
    i->op2 = (uint8_t)(bit(w, 3) << 1 | bit(w, 4));  /* with #0.0, signalling (FCMPE) */
    i->exec = exec_fcmp;
    i->cost = TIMING_FP_ADD;
    return DECODE_OK;
}

/* FMOV (scalar, immediate): imm5 (9:5) must be 0. */
static enum decode_result decode_fp_imm(struct insn *i, uint32_t w)
{
    if (!fp_single_or_double(w) || bits(w, 9, 5) != 0)
        return DECODE_UNALLOCATED;
    i->rd = (uint8_t)bits(w, 4, 0);
    i->imm = (int64_t)vfp_expand_imm(bits(w, 20, 13), SIZE(w) ? 64 : 32);
    i->exec = exec_fmov_imm_low;
    i->cost = TIMING_FP;
    return DECODE_OK;
}

/* FCCMP, FCCMPE */
static enum decode_result decode_fp_cond_compare(struct insn *i, uint32_t w)
{
    if (!fp_single_or_double(w))
        return DECODE_UNALLOCATED;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->op = (uint8_t)ftype_bits(SIZE(w));
    i->op2 = (uint8_t)bit(w, 4);                /* FCCMPE */
    i->aux = bits(w, 15, 12);                   /* cond */
    i->imm = bits(w, 3, 0);                     /* nzcv */
    i->exec = exec_fccmp;
    i->cost = TIMING_FP_ADD;
    return DECODE_OK;
}

/* FCSEL */
static enum decode_result decode_fp_cond_select(struct insn *i, uint32_t w)
{
    if (!fp_single_or_double(w))
        return DECODE_UNALLOCATED;
    decode_rd_rn(i, w);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->op = (uint8_t)ftype_bits(SIZE(w));
    i->aux = bits(w, 15, 12);                   /* cond */
    i->exec = exec_fcsel;
    i->cost = TIMING_FP_ADD;
    return DECODE_OK;
}

/* FMADD, FMSUB, FNMADD, FNMSUB */
static enum decode_result decode_fp_three_source(struct insn *i, uint32_t w)
{
    if (!fp_single_or_double(w))
        return DECODE_UNALLOCATED;
    decode_rd_rn(i, w);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->ra = (uint8_t)bits(w, 14, 10);
    i->exec = fp_three_source_exec[bit(w, 21) << 1 | bit(w, 15)][SIZE(w)];
    i->cost = TIMING_FP_FMA;
    return DECODE_OK;
}

/* FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL: opcode 0000-1000. */
static enum decode_result decode_fp_two_source(struct insn *i, uint32_t w)
{
    unsigned opcode = bits(w, 15, 12);
    if (!(fp_single_or_double(w) && opcode <= 0b1000))
        return DECODE_UNALLOCATED;
    decode_rd_rn(i, w);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->exec = fp_two_source_ops[opcode].exec[SIZE(w)];
    i->cost = fp_two_source_ops[opcode].cost[SIZE(w)];
    return DECODE_OK;
}

/* ---- The encoding table ------------------------------------------------------------------- */

static const struct a64_encoding rows[] = {
    /* Scalar floating-point (op0 = x0x1) */
    { 0x5f200000, 0x1e000000, "Conversion between floating-point and fixed-point", decode_fp_fixed },
    { 0x5f20fc00, 0x1e200000, "Conversion between floating-point and integer", decode_fp_int },
    { 0x5f207c00, 0x1e204000, "Floating-point data-processing (1 source)", decode_fp_one_source },
    { 0x5f203c00, 0x1e202000, "Floating-point compare", decode_fp_compare },
    { 0x5f201c00, 0x1e201000, "Floating-point immediate", decode_fp_imm },
    { 0x5f200c00, 0x1e200400, "Floating-point conditional compare", decode_fp_cond_compare },
    { 0x5f200c00, 0x1e200800, "Floating-point data-processing (2 source)", decode_fp_two_source },
    { 0x5f200c00, 0x1e200c00, "Floating-point conditional select", decode_fp_cond_select },
    { 0x5f000000, 0x1f000000, "Floating-point data-processing (3 source)", decode_fp_three_source },
};

const struct a64_encoding_group a64_group_fp = { "fp", rows, sizeof(rows) / sizeof(rows[0]) };
