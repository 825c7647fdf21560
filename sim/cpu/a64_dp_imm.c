/* A64 "Data Processing -- Immediate" (op0 = 100x): PC-relative addressing, add/subtract
 * (immediate), logical (immediate), move wide, bitfield and extract.
 *
 * The decode functions do all the field work (immediates shifted, negated or expanded by
 * DecodeBitMasks), so each handler is one or two host operations. Where register 31 is SP the
 * decoder picks a separate handler, so the common handlers index x[] directly; a result-only
 * instruction whose destination is XZR decodes to exec_result_discarded. */
#include "a64_dp.h"
#include "insn.h"
#include "timing.h"

static enum decode_result set_exec(struct insn *i, exec_fn fn)
{
    i->exec = fn;
    i->cost = TIMING_ALU;
    return DECODE_OK;
}

/* ---- PC-relative addressing: ADR, ADRP ------------------------------------------------------- */

static enum exec_status exec_adr(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->pc + (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum exec_status exec_adrp(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (c->pc & ~0xfffull) + (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum decode_result decode_pc_rel(struct insn *i, uint32_t w)
{
    bool page = bit(w, 31);
    int64_t imm = sign_extend(bits(w, 23, 5) << 2 | bits(w, 30, 29), 21);
    i->rd = (uint8_t)bits(w, 4, 0);
    i->imm = page ? (int64_t)((uint64_t)imm << 12) : imm;
    if (i->rd == 31)
        return set_exec(i, exec_result_discarded);
    return set_exec(i, page ? exec_adrp : exec_adr);
}

/* ---- Add/subtract (immediate) ------------------------------------------------------------------ */

/* ADD and SUB (SUB adds the negated immediate), neither Rd nor Rn being SP. */
static enum exec_status exec_add_imm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] + (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum exec_status exec_add_imm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->rn] + (uint64_t)i->imm);
    return EXEC_NEXT;
}

/* ADD and SUB where Rd or Rn is SP (MOV to/from SP, stack adjustment). */
static enum exec_status exec_add_imm64_sp(struct cpu *c, const struct insn *i)
{
    set_reg_or_sp(c, i->rd, reg_or_sp(c, i->rn) + (uint64_t)i->imm);
    return EXEC_NEXT;
}

static enum exec_status exec_add_imm32_sp(struct cpu *c, const struct insn *i)
{
    set_reg_or_sp(c, i->rd, (uint32_t)(reg_or_sp(c, i->rn) + (uint64_t)i->imm));
    return EXEC_NEXT;
}

/* ADDS and SUBS (CMN, CMP): imm holds the second AddWithCarry operand (NOT(imm) for SUBS). */
static enum exec_status exec_adds_imm64(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry64(c, c->x[i->rn], (uint64_t)i->imm, 0));
    return EXEC_NEXT;
}

static enum exec_status exec_subs_imm64(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry64(c, c->x[i->rn], (uint64_t)i->imm, 1));
    return EXEC_NEXT;
}

static enum exec_status exec_adds_imm32(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry32(c, (uint32_t)c->x[i->rn], (uint32_t)i->imm, 0));
    return EXEC_NEXT;
}

static enum exec_status exec_subs_imm32(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry32(c, (uint32_t)c->x[i->rn], (uint32_t)i->imm, 1));
    return EXEC_NEXT;
}

/* CMP (SUBS to XZR): only the flags. */
static enum exec_status exec_cmp_imm64(struct cpu *c, const struct insn *i)
{
    (void)add_with_carry64(c, c->x[i->rn], (uint64_t)i->imm, 1);
    return EXEC_NEXT;
}

static enum exec_status exec_cmp_imm32(struct cpu *c, const struct insn *i)
{
    (void)add_with_carry32(c, (uint32_t)c->x[i->rn], (uint32_t)i->imm, 1);
    return EXEC_NEXT;
}

/* ADDS and SUBS with Rn = SP: op holds the carry in. */
static enum exec_status exec_adds_subs_imm64_sp(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry64(c, reg_or_sp(c, i->rn), (uint64_t)i->imm, i->op));
    return EXEC_NEXT;
}

static enum exec_status exec_adds_subs_imm32_sp(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry32(c, (uint32_t)reg_or_sp(c, i->rn), (uint32_t)i->imm, i->op));
    return EXEC_NEXT;
}

static enum decode_result decode_add_sub_imm(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31), sub = bit(w, 30), setflags = bit(w, 29);
    uint64_t imm = (uint64_t)bits(w, 21, 10) << (bit(w, 22) ? 12 : 0);
    i->sf = sf;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (!setflags) {
        /* Rd and Rn are both X[n]|SP. */
        i->imm = (int64_t)(sub ? -imm : imm);
        if (i->rd == 31 || i->rn == 31)
            return set_exec(i, sf ? exec_add_imm64_sp : exec_add_imm32_sp);
        return set_exec(i, sf ? exec_add_imm64 : exec_add_imm32);
    }
    /* Rn is X[n]|SP, Rd is X[d] (XZR for CMN/CMP). SUBS is AddWithCarry(x, NOT(imm), 1). */
    i->imm = (int64_t)(sub ? ~imm : imm);
    i->op = sub;
    if (i->rn == 31)
        return set_exec(i, sf ? exec_adds_subs_imm64_sp : exec_adds_subs_imm32_sp);
    if (sub && i->rd == 31)
        return set_exec(i, sf ? exec_cmp_imm64 : exec_cmp_imm32);
    if (sf)
        return set_exec(i, sub ? exec_subs_imm64 : exec_adds_imm64);
    return set_exec(i, sub ? exec_subs_imm32 : exec_adds_imm32);
}

/* ---- Logical (immediate) ----------------------------------------------------------------------- */

/* DecodeBitMasks(): the wmask and tmask of a logical immediate or a bitfield move. */
bool decode_bit_masks(unsigned imm_n, unsigned imms, unsigned immr, bool immediate, unsigned m,
                      uint64_t *wmask, uint64_t *tmask)
{
    /* len = HighestSetBit(immN:NOT(imms)); 2^len is the element size. */
    unsigned combined = (imm_n << 6) | (~imms & 0x3f);
    if (combined < 2)
        return false;                       /* len < 1 */
    unsigned len = 31 - (unsigned)__builtin_clz(combined);
    unsigned esize = 1u << len;
    if (esize > m)
        return false;
    unsigned levels = esize - 1;
    if (immediate && (imms & levels) == levels)
        return false;                       /* an all-ones S is reserved for logical immediates */
    unsigned s = imms & levels, r = immr & levels;
    unsigned d = (s - r) & levels;          /* diff<len-1:0> */
    uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    uint64_t welem = s + 1 == 64 ? ~0ull : (1ull << (s + 1)) - 1;
    uint64_t telem = d + 1 == 64 ? ~0ull : (1ull << (d + 1)) - 1;
    /* ROR(welem, R) within esize bits. */
    if (r)
        welem = ((welem >> r) | (welem << (esize - r))) & emask;
    /* Replicate the element to 64 bits, then keep M. */
    for (unsigned e = esize; e < 64; e *= 2) {
        welem |= welem << e;
        telem |= telem << e;
    }
    uint64_t mmask = m == 64 ? ~0ull : (1ull << m) - 1;
    *wmask = welem & mmask;
    *tmask = telem & mmask;
    return true;
}

/* MOVZ, MOVN and MOV (bitmask immediate): a constant computed by the decoder. */
static enum exec_status exec_mov_const(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint64_t)i->imm;
    return EXEC_NEXT;
}

/* AND, ORR, EOR with Rd not SP. The 32-bit immediate has no bits above 31. */
static enum exec_status exec_and_imm(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] & (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum exec_status exec_orr_imm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] | (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum exec_status exec_orr_imm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->rn] | (uint64_t)i->imm);
    return EXEC_NEXT;
}

static enum exec_status exec_eor_imm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] ^ (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum exec_status exec_eor_imm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->rn] ^ (uint64_t)i->imm);
    return EXEC_NEXT;
}

/* AND, ORR, EOR with Rd = SP (stack alignment); op is opc. */
static enum exec_status exec_logical_imm_sp(struct cpu *c, const struct insn *i)
{
    uint64_t a = c->x[i->rn], r;
    switch (i->op) {
    case 0: r = a & (uint64_t)i->imm; break;
    case 1: r = a | (uint64_t)i->imm; break;
    default: r = a ^ (uint64_t)i->imm; break;
    }
    *cpu_sp(c) = i->sf ? r : (uint32_t)r;
    return EXEC_NEXT;
}

/* ANDS (TST): Rd is X[d]. */
static enum exec_status exec_ands_imm64(struct cpu *c, const struct insn *i)
{
    uint64_t r = c->x[i->rn] & (uint64_t)i->imm;
    set_logical_flags64(c, r);
    set_reg(c, i->rd, r);
    return EXEC_NEXT;
}

static enum exec_status exec_ands_imm32(struct cpu *c, const struct insn *i)
{
    uint32_t r = (uint32_t)(c->x[i->rn] & (uint64_t)i->imm);
    set_logical_flags32(c, r);
    set_reg(c, i->rd, r);
    return EXEC_NEXT;
}

static enum decode_result decode_logical_imm(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned opc = bits(w, 30, 29), n = bit(w, 22);
    uint64_t wmask, tmask;
    if (!sf && n)
        return DECODE_UNALLOCATED;
    if (!decode_bit_masks(n, bits(w, 15, 10), bits(w, 21, 16), true, sf ? 64 : 32, &wmask, &tmask))
        return DECODE_UNALLOCATED;
    i->sf = sf;
    i->op = (uint8_t)opc;
    i->imm = (int64_t)wmask;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (opc == 3)
        return set_exec(i, sf ? exec_ands_imm64 : exec_ands_imm32);
    if (i->rd == 31)
        return set_exec(i, exec_logical_imm_sp);
    if (opc == 1 && i->rn == 31)
        return set_exec(i, exec_mov_const);
    if (opc == 0)
        return set_exec(i, exec_and_imm);
    if (opc == 1)
        return set_exec(i, sf ? exec_orr_imm64 : exec_orr_imm32);
    return set_exec(i, sf ? exec_eor_imm64 : exec_eor_imm32);
}

/* ---- Move wide (immediate): MOVN, MOVZ, MOVK --------------------------------------------------- */

/* MOVK: imm is imm16 << pos, op is pos. */
static enum exec_status exec_movk64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (c->x[i->rd] & ~(0xffffull << i->op)) | (uint64_t)i->imm;
    return EXEC_NEXT;
}

static enum exec_status exec_movk32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)((c->x[i->rd] & ~(0xffffull << i->op)) | (uint64_t)i->imm);
    return EXEC_NEXT;
}

static enum decode_result decode_move_wide(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned opc = bits(w, 30, 29), hw = bits(w, 22, 21);
    if (!sf && (hw & 2))
        return DECODE_UNALLOCATED;
    unsigned pos = hw * 16;
    uint64_t imm = (uint64_t)bits(w, 20, 5) << pos;
    i->sf = sf;
    i->rd = (uint8_t)bits(w, 4, 0);
    if (i->rd == 31)
        return set_exec(i, exec_result_discarded);
    if (opc == 3) {
        i->imm = (int64_t)imm;
        i->op = (uint8_t)pos;
        return set_exec(i, sf ? exec_movk64 : exec_movk32);
    }
    if (opc == 0)
        imm = sf ? ~imm : (uint32_t)~imm;   /* MOVN */
    i->imm = (int64_t)imm;
    return set_exec(i, exec_mov_const);
}

/* ---- Bitfield: SBFM, BFM, UBFM ----------------------------------------------------------------
 * SBFM and UBFM copy a field of Rn to a field of Rd and sign- or zero-fill the rest; both cases of
 * the pseudocode (S >= R: extract bits S:R to the bottom; S < R: insert bits S:0 at datasize - R)
 * are a left shift that puts bit S at the top, then a right shift (arithmetic for SBFM) that puts
 * it where it belongs: op is the left shift, op2 the right shift. The aliases LSL, LSR and ASR
 * need only one of the two. */

static enum exec_status exec_ubfm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (c->x[i->rn] << i->op) >> i->op2;
    return EXEC_NEXT;
}

static enum exec_status exec_ubfm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = ((uint32_t)c->x[i->rn] << i->op) >> i->op2;
    return EXEC_NEXT;
}

static enum exec_status exec_sbfm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint64_t)((int64_t)(c->x[i->rn] << i->op) >> i->op2);
    return EXEC_NEXT;
}

static enum exec_status exec_sbfm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)((int32_t)((uint32_t)c->x[i->rn] << i->op) >> i->op2);
    return EXEC_NEXT;
}

static enum exec_status exec_lsl_imm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] << i->op;
    return EXEC_NEXT;
}

static enum exec_status exec_lsl_imm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)((uint32_t)c->x[i->rn] << i->op);
    return EXEC_NEXT;
}

static enum exec_status exec_lsr_imm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] >> i->op2;
    return EXEC_NEXT;
}

static enum exec_status exec_lsr_imm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)c->x[i->rn] >> i->op2;
    return EXEC_NEXT;
}

static enum exec_status exec_asr_imm64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint64_t)((int64_t)c->x[i->rn] >> i->op2);
    return EXEC_NEXT;
}

static enum exec_status exec_asr_imm32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)((int32_t)(uint32_t)c->x[i->rn] >> i->op2);
    return EXEC_NEXT;
}

/* BFM: the bits of wmask AND tmask come from ROR(Rn, R), the rest of Rd is kept (the
 * pseudocode's bot/top merge with top = dst). imm is that mask, op is R. */
static enum exec_status exec_bfm64(struct cpu *c, const struct insn *i)
{
    uint64_t mask = (uint64_t)i->imm;
    c->x[i->rd] = (c->x[i->rd] & ~mask) | (ror64(c->x[i->rn], i->op) & mask);
    return EXEC_NEXT;
}

static enum exec_status exec_bfm32(struct cpu *c, const struct insn *i)
{
    uint32_t mask = (uint32_t)i->imm;
    c->x[i->rd] = ((uint32_t)c->x[i->rd] & ~mask) | (ror32((uint32_t)c->x[i->rn], i->op) & mask);
    return EXEC_NEXT;
}

static enum decode_result decode_bitfield(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned opc = bits(w, 30, 29), n = bit(w, 22), immr = bits(w, 21, 16), imms = bits(w, 15, 10);
    uint64_t wmask, tmask;
    if (sf && !n)
        return DECODE_UNALLOCATED;
    if (!sf && (n || (immr & 32) || (imms & 32)))
        return DECODE_UNALLOCATED;
    unsigned datasize = sf ? 64 : 32;
    if (!decode_bit_masks(n, imms, immr, false, datasize, &wmask, &tmask))
        return DECODE_UNALLOCATED;
    i->sf = sf;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (i->rd == 31)
        return set_exec(i, exec_result_discarded);
    if (opc == 1) {
        i->imm = (int64_t)(wmask & tmask);
        i->op = (uint8_t)immr;
        return set_exec(i, sf ? exec_bfm64 : exec_bfm32);
    }
    unsigned top = datasize - 1;
    unsigned left = top - imms;
    unsigned right = imms >= immr ? top - imms + immr : immr - imms - 1;
    i->op = (uint8_t)left;
    i->op2 = (uint8_t)right;
    bool sign = opc == 0;
    if (right == 0)   /* LSL, or a field that reaches the top: no fill needed */
        return set_exec(i, sf ? exec_lsl_imm64 : exec_lsl_imm32);
    if (left == 0) {  /* LSR, ASR */
        if (sign)
            return set_exec(i, sf ? exec_asr_imm64 : exec_asr_imm32);
        return set_exec(i, sf ? exec_lsr_imm64 : exec_lsr_imm32);
    }
    if (sign)
        return set_exec(i, sf ? exec_sbfm64 : exec_sbfm32);
    return set_exec(i, sf ? exec_ubfm64 : exec_ubfm32);
}

/* ---- Extract: EXTR (ROR immediate) -------------------------------------------------------------
 * Rd = (Rn:Rm)<lsb + datasize - 1 : lsb>, lsb in op; the double shift of Rn keeps lsb = 0 defined. */

static enum exec_status exec_extr64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (c->x[i->rm] >> i->op) | ((c->x[i->rn] << 1) << (63 - i->op));
    return EXEC_NEXT;
}

static enum exec_status exec_extr32(struct cpu *c, const struct insn *i)
{
    uint32_t lo = (uint32_t)c->x[i->rm], hi = (uint32_t)c->x[i->rn];
    c->x[i->rd] = (uint32_t)((lo >> i->op) | ((hi << 1) << (31 - i->op)));
    return EXEC_NEXT;
}

static enum decode_result decode_extract(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned imms = bits(w, 15, 10);
    if (bit(w, 22) != sf || (!sf && (imms & 32)))
        return DECODE_UNALLOCATED;
    i->sf = sf;
    i->op = (uint8_t)imms;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (i->rd == 31)
        return set_exec(i, exec_result_discarded);
    return set_exec(i, sf ? exec_extr64 : exec_extr32);
}

/* ---- The group's rows (Arm ARM A64 encoding index, "Data Processing -- Immediate") ------------ */

static const struct a64_encoding dp_imm_rows[] = {
    { 0x9f000000, 0x10000000, "ADR", decode_pc_rel },
    { 0x9f000000, 0x90000000, "ADRP", decode_pc_rel },
    /* Add/subtract (immediate): bits 28:23 = 100010 (100011, with tags, is not in ARMv8.0). */
    { 0x7f800000, 0x11000000, "ADD (immediate)", decode_add_sub_imm },
    { 0x7f800000, 0x31000000, "ADDS (immediate)", decode_add_sub_imm },
    { 0x7f800000, 0x51000000, "SUB (immediate)", decode_add_sub_imm },
    { 0x7f800000, 0x71000000, "SUBS (immediate)", decode_add_sub_imm },
    /* Logical (immediate): bits 28:23 = 100100. */
    { 0x7f800000, 0x12000000, "AND (immediate)", decode_logical_imm },
    { 0x7f800000, 0x32000000, "ORR (immediate)", decode_logical_imm },
    { 0x7f800000, 0x52000000, "EOR (immediate)", decode_logical_imm },
    { 0x7f800000, 0x72000000, "ANDS (immediate)", decode_logical_imm },
    /* Move wide (immediate): bits 28:23 = 100101; opc = 01 is unallocated. */
    { 0x7f800000, 0x12800000, "MOVN", decode_move_wide },
    { 0x7f800000, 0x52800000, "MOVZ", decode_move_wide },
    { 0x7f800000, 0x72800000, "MOVK", decode_move_wide },
    /* Bitfield: bits 28:23 = 100110; opc = 11 is unallocated. */
    { 0x7f800000, 0x13000000, "SBFM", decode_bitfield },
    { 0x7f800000, 0x33000000, "BFM", decode_bitfield },
    { 0x7f800000, 0x53000000, "UBFM", decode_bitfield },
    /* Extract: bits 28:23 = 100111, op21 = 00, o0 = 0. */
    { 0x7fa00000, 0x13800000, "EXTR", decode_extract },
};

const struct a64_encoding_group a64_group_dp_imm = {
    "Data Processing -- Immediate", dp_imm_rows, sizeof(dp_imm_rows) / sizeof(dp_imm_rows[0]),
};
