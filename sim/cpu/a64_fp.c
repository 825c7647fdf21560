/* Data Processing -- Scalar Floating-Point (Arm ARM C4.1, op0 = x0x1 within op0 = x111): the
 * conversions, data-processing, compare, select and immediate classes. ftype 11 (half precision)
 * is ARMv8.2 arithmetic and unallocated here, except in FCVT between precisions.
 *
 * Only FMOV is implemented so far; every other allocated encoding decodes to DECODE_UNIMPLEMENTED
 * (UNDEFINED in the guest).
 */
#include "a64_fpsimd.h"

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

/* ---- Decode fns of the scalar floating-point classes -------------------------------------- */

/* The checks every FP class shares: M (31) and S (29) are 0; ftype 10 is unallocated and
 * ftype 11 (half precision) is ARMv8.2 except in FCVT, which checks it itself. */
static int fp_single_or_double(uint32_t w)
{
    return bit(w, 31) == 0 && bit(w, 29) == 0 && SIZE(w) <= 1;
}

/* Conversion between floating-point and fixed-point: SCVTF, UCVTF, FCVTZS, FCVTZU.
 * A 32-bit integer needs scale >= 32 (scale<5> = 1). */
static enum decode_result decode_fp_fixed(struct insn *i, uint32_t w)
{
    unsigned rmode_opcode = bits(w, 20, 16);
    int op_ok = rmode_opcode == 0b00010 || rmode_opcode == 0b00011 ||   /* SCVTF, UCVTF */
                rmode_opcode == 0b11000 || rmode_opcode == 0b11001;     /* FCVTZS, FCVTZU */
    return allocated_if(bit(w, 29) == 0 && SIZE(w) <= 1 && op_ok && (bit(w, 31) || bit(w, 15)));
}

/* Conversion between floating-point and integer: FCVT[NPMZA][SU], SCVTF, UCVTF, FMOV (general). */
static enum decode_result decode_fp_int(struct insn *i, uint32_t w)
{
    unsigned sf = bit(w, 31), type = SIZE(w), rmode = bits(w, 20, 19), opcode = bits(w, 18, 16);
    if (bit(w, 29))
        return DECODE_UNALLOCATED;
    i->rd = (uint8_t)bits(w, 4, 0);
    i->rn = (uint8_t)bits(w, 9, 5);
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
    return allocated_if(opcode <= 0b001 || rmode == 0b00);
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
    if (opcode != 0)
        return DECODE_UNIMPLEMENTED;
    i->rd = (uint8_t)bits(w, 4, 0);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->exec = type ? exec_fmov_d_reg : exec_fmov_s_reg;
    i->cost = TIMING_FP;
    return DECODE_OK;
}

/* FCMP, FCMPE (register and #0.0): op (15:14) = 00, opcode2<2:0> = 000. */
static enum decode_result decode_fp_compare(struct insn *i, uint32_t w)
{
    return allocated_if(fp_single_or_double(w) && bits(w, 15, 14) == 0 && bits(w, 2, 0) == 0);
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

/* FCCMP, FCCMPE; FCSEL; FMADD, FMSUB, FNMADD, FNMSUB. */
static enum decode_result decode_fp_single_or_double(struct insn *i, uint32_t w)
{
    return allocated_if(fp_single_or_double(w));
}

/* FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL: opcode 0000-1000. */
static enum decode_result decode_fp_two_source(struct insn *i, uint32_t w)
{
    return allocated_if(fp_single_or_double(w) && bits(w, 15, 12) <= 0b1000);
}

/* ---- The encoding table ------------------------------------------------------------------- */

static const struct a64_encoding rows[] = {
    /* Scalar floating-point (op0 = x0x1) */
    { 0x5f200000, 0x1e000000, "Conversion between floating-point and fixed-point", decode_fp_fixed },
    { 0x5f20fc00, 0x1e200000, "Conversion between floating-point and integer", decode_fp_int },
    { 0x5f207c00, 0x1e204000, "Floating-point data-processing (1 source)", decode_fp_one_source },
    { 0x5f203c00, 0x1e202000, "Floating-point compare", decode_fp_compare },
    { 0x5f201c00, 0x1e201000, "Floating-point immediate", decode_fp_imm },
    { 0x5f200c00, 0x1e200400, "Floating-point conditional compare", decode_fp_single_or_double },
    { 0x5f200c00, 0x1e200800, "Floating-point data-processing (2 source)", decode_fp_two_source },
    { 0x5f200c00, 0x1e200c00, "Floating-point conditional select", decode_fp_single_or_double },
    { 0x5f000000, 0x1f000000, "Floating-point data-processing (3 source)", decode_fp_single_or_double },
};

const struct a64_encoding_group a64_group_fp = { "fp", rows, sizeof(rows) / sizeof(rows[0]) };
