/* A64 "Data Processing -- Register" (op0 = x101): logical and add/subtract (shifted register),
 * add/subtract (extended register), add/subtract with carry, conditional compare, conditional
 * select, and data processing with one, two and three sources (CRC32 included: the A72 has it).
 *
 * The hot shifted-register forms get one handler per operation, width and shift type (generated
 * by the macros below), so no handler switches at run time. Register 31 is XZR in every operand
 * here except Rn and (without S) Rd of the extended-register form, which are SP; a result-only
 * instruction whose destination is XZR decodes to exec_result_discarded. */
#include "a64_dp.h"
#include "insn.h"
#include "timing.h"

static enum decode_result set_exec(struct insn *i, exec_fn fn, unsigned cost)
{
    i->exec = fn;
    i->cost = (uint8_t)cost;
    return DECODE_OK;
}

/* ---- Shifted register operands: ShiftReg(m, type, amount), the amount in op2 ------------------- */

#define SHIFTED64_none(c, i) ((c)->x[(i)->rm])
#define SHIFTED64_lsl(c, i) ((c)->x[(i)->rm] << (i)->op2)
#define SHIFTED64_lsr(c, i) ((c)->x[(i)->rm] >> (i)->op2)
#define SHIFTED64_asr(c, i) ((uint64_t)((int64_t)(c)->x[(i)->rm] >> (i)->op2))
#define SHIFTED64_ror(c, i) ror64((c)->x[(i)->rm], (i)->op2)
#define SHIFTED32_none(c, i) ((uint32_t)(c)->x[(i)->rm])
#define SHIFTED32_lsl(c, i) ((uint32_t)(c)->x[(i)->rm] << (i)->op2)
#define SHIFTED32_lsr(c, i) ((uint32_t)(c)->x[(i)->rm] >> (i)->op2)
#define SHIFTED32_asr(c, i) ((uint32_t)((int32_t)(uint32_t)(c)->x[(i)->rm] >> (i)->op2))
#define SHIFTED32_ror(c, i) ror32((uint32_t)(c)->x[(i)->rm], (i)->op2)

enum shift_kind { SHIFT_NONE, SHIFT_LSL, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR, SHIFT_KINDS };

/* ---- Logical (shifted register): AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS --------------------- */

/* A result-only operation: a = Rn, b = the shifted Rm. */
#define DEF_LOGICAL(NAME, EXPR, SHIFT)                                                        \
    static enum exec_status exec_##NAME##_##SHIFT##64(struct cpu *c, const struct insn *i)    \
    {                                                                                         \
        uint64_t a = c->x[i->rn], b = SHIFTED64_##SHIFT(c, i);                                \
        c->x[i->rd] = (EXPR);                                                                 \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_##NAME##_##SHIFT##32(struct cpu *c, const struct insn *i)    \
    {                                                                                         \
        uint32_t a = (uint32_t)c->x[i->rn], b = SHIFTED32_##SHIFT(c, i);                      \
        c->x[i->rd] = (uint32_t)(EXPR);                                                       \
        return EXEC_NEXT;                                                                     \
    }

/* ANDS and BICS: N and Z from the result, C = V = 0. */
#define DEF_LOGICAL_FLAGS(NAME, EXPR, SHIFT)                                                  \
    static enum exec_status exec_##NAME##_##SHIFT##64(struct cpu *c, const struct insn *i)    \
    {                                                                                         \
        uint64_t a = c->x[i->rn], b = SHIFTED64_##SHIFT(c, i), r = (EXPR);                    \
        set_logical_flags64(c, r);                                                            \
        set_reg(c, i->rd, r);                                                                 \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_##NAME##_##SHIFT##32(struct cpu *c, const struct insn *i)    \
    {                                                                                         \
        uint32_t a = (uint32_t)c->x[i->rn], b = SHIFTED32_##SHIFT(c, i), r = (EXPR);          \
        set_logical_flags32(c, r);                                                            \
        set_reg(c, i->rd, r);                                                                 \
        return EXEC_NEXT;                                                                     \
    }

#define DEF_ALL_SHIFTS(DEF, NAME, EXPR)                                                       \
    DEF(NAME, EXPR, none) DEF(NAME, EXPR, lsl) DEF(NAME, EXPR, lsr) DEF(NAME, EXPR, asr)      \
    DEF(NAME, EXPR, ror)

DEF_ALL_SHIFTS(DEF_LOGICAL, and, a & b)
DEF_ALL_SHIFTS(DEF_LOGICAL, bic, a & ~b)
DEF_ALL_SHIFTS(DEF_LOGICAL, orr, a | b)
DEF_ALL_SHIFTS(DEF_LOGICAL, orn, a | ~b)
DEF_ALL_SHIFTS(DEF_LOGICAL, eor, a ^ b)
DEF_ALL_SHIFTS(DEF_LOGICAL, eon, a ^ ~b)
DEF_ALL_SHIFTS(DEF_LOGICAL_FLAGS, ands, a & b)
DEF_ALL_SHIFTS(DEF_LOGICAL_FLAGS, bics, a & ~b)

#define WIDTH_FNS(NAME, SHIFT) { exec_##NAME##_##SHIFT##32, exec_##NAME##_##SHIFT##64 }
#define SHIFT_FNS5(NAME)                                                                      \
    { WIDTH_FNS(NAME, none), WIDTH_FNS(NAME, lsl), WIDTH_FNS(NAME, lsr), WIDTH_FNS(NAME, asr), \
      WIDTH_FNS(NAME, ror) }

/* [opc:N][shift kind][sf] */
static const exec_fn logical_shifted_fns[8][SHIFT_KINDS][2] = {
    SHIFT_FNS5(and), SHIFT_FNS5(bic), SHIFT_FNS5(orr), SHIFT_FNS5(orn),
    SHIFT_FNS5(eor), SHIFT_FNS5(eon), SHIFT_FNS5(ands), SHIFT_FNS5(bics),
};

/* MOV (register): ORR Rd, XZR, Rm. */
static enum exec_status exec_mov_reg64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rm];
    return EXEC_NEXT;
}

static enum exec_status exec_mov_reg32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)c->x[i->rm];
    return EXEC_NEXT;
}

static enum shift_kind shift_kind(unsigned type, unsigned amount)
{
    return amount == 0 ? SHIFT_NONE : (enum shift_kind)(SHIFT_LSL + type);
}

static enum decode_result decode_logical_shifted(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned op = bits(w, 30, 29) << 1 | bit(w, 21); /* opc:N */
    unsigned amount = bits(w, 15, 10);
    if (!sf && (amount & 32))
        return DECODE_UNALLOCATED;
    enum shift_kind kind = shift_kind(bits(w, 23, 22), amount);
    i->sf = sf;
    i->op2 = (uint8_t)amount;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    bool setflags = op >= 6;
    if (!setflags && i->rd == 31)
        return set_exec(i, exec_result_discarded, TIMING_ALU);
    if (op == 2 && i->rn == 31 && kind == SHIFT_NONE)
        return set_exec(i, sf ? exec_mov_reg64 : exec_mov_reg32, TIMING_ALU);
    return set_exec(i, logical_shifted_fns[op][kind][sf], TIMING_ALU);
}

/* ---- Add/subtract (shifted register): ADD, ADDS, SUB, SUBS ------------------------------------- */

#define DEF_ADDSUB_SHIFTED(SHIFT)                                                             \
    static enum exec_status exec_add_##SHIFT##64(struct cpu *c, const struct insn *i)         \
    {                                                                                         \
        c->x[i->rd] = c->x[i->rn] + SHIFTED64_##SHIFT(c, i);                                  \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_add_##SHIFT##32(struct cpu *c, const struct insn *i)         \
    {                                                                                         \
        c->x[i->rd] = (uint32_t)(c->x[i->rn] + SHIFTED32_##SHIFT(c, i));                      \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_sub_##SHIFT##64(struct cpu *c, const struct insn *i)         \
    {                                                                                         \
        c->x[i->rd] = c->x[i->rn] - SHIFTED64_##SHIFT(c, i);                                  \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_sub_##SHIFT##32(struct cpu *c, const struct insn *i)         \
    {                                                                                         \
        c->x[i->rd] = (uint32_t)(c->x[i->rn] - SHIFTED32_##SHIFT(c, i));                      \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_adds_##SHIFT##64(struct cpu *c, const struct insn *i)        \
    {                                                                                         \
        set_reg(c, i->rd, add_with_carry64(c, c->x[i->rn], SHIFTED64_##SHIFT(c, i), 0));      \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_adds_##SHIFT##32(struct cpu *c, const struct insn *i)        \
    {                                                                                         \
        set_reg(c, i->rd, add_with_carry32(c, (uint32_t)c->x[i->rn], SHIFTED32_##SHIFT(c, i), 0)); \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_subs_##SHIFT##64(struct cpu *c, const struct insn *i)        \
    {                                                                                         \
        set_reg(c, i->rd, add_with_carry64(c, c->x[i->rn], ~SHIFTED64_##SHIFT(c, i), 1));     \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_subs_##SHIFT##32(struct cpu *c, const struct insn *i)        \
    {                                                                                         \
        set_reg(c, i->rd,                                                                     \
                add_with_carry32(c, (uint32_t)c->x[i->rn], ~SHIFTED32_##SHIFT(c, i), 1));     \
        return EXEC_NEXT;                                                                     \
    }

DEF_ADDSUB_SHIFTED(none)
DEF_ADDSUB_SHIFTED(lsl)
DEF_ADDSUB_SHIFTED(lsr)
DEF_ADDSUB_SHIFTED(asr)

#define SHIFT_FNS4(NAME)                                                                      \
    { WIDTH_FNS(NAME, none), WIDTH_FNS(NAME, lsl), WIDTH_FNS(NAME, lsr), WIDTH_FNS(NAME, asr) }

/* [op:S][shift kind, without ROR][sf] */
static const exec_fn addsub_shifted_fns[4][SHIFT_ROR][2] = {
    SHIFT_FNS4(add), SHIFT_FNS4(adds), SHIFT_FNS4(sub), SHIFT_FNS4(subs),
};

/* CMP (SUBS to XZR), unshifted: only the flags. */
static enum exec_status exec_cmp_reg64(struct cpu *c, const struct insn *i)
{
    (void)add_with_carry64(c, c->x[i->rn], ~c->x[i->rm], 1);
    return EXEC_NEXT;
}

static enum exec_status exec_cmp_reg32(struct cpu *c, const struct insn *i)
{
    (void)add_with_carry32(c, (uint32_t)c->x[i->rn], ~(uint32_t)c->x[i->rm], 1);
    return EXEC_NEXT;
}

static enum decode_result decode_add_sub_shifted(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned op = bits(w, 30, 29); /* op:S */
    unsigned type = bits(w, 23, 22), amount = bits(w, 15, 10);
    if (type == 3 || (!sf && (amount & 32)))
        return DECODE_UNALLOCATED; /* ROR is reserved here */
    i->sf = sf;
    i->op2 = (uint8_t)amount;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    enum shift_kind kind = shift_kind(type, amount);
    if (!(op & 1) && i->rd == 31)
        return set_exec(i, exec_result_discarded, TIMING_ALU);
    if (op == 3 && i->rd == 31 && kind == SHIFT_NONE)
        return set_exec(i, sf ? exec_cmp_reg64 : exec_cmp_reg32, TIMING_ALU);
    return set_exec(i, addsub_shifted_fns[op][kind][sf], TIMING_ALU);
}

/* ---- Add/subtract (extended register) ----------------------------------------------------------
 * ExtendReg(m, option, shift): op = 64 - the extended width (so the extension is a shift up and
 * back down), op2 = the left shift (0-4). Rn is X[n]|SP; Rd is X[d]|SP without S. */

#define EXTENDED_uxt(c, i) ((((c)->x[(i)->rm] << (i)->op) >> (i)->op) << (i)->op2)
#define EXTENDED_sxt(c, i) ((uint64_t)((int64_t)((c)->x[(i)->rm] << (i)->op) >> (i)->op) << (i)->op2)

#define DEF_ADDSUB_EXTENDED(EXT)                                                              \
    static enum exec_status exec_add_##EXT##64(struct cpu *c, const struct insn *i)           \
    {                                                                                         \
        set_reg_or_sp(c, i->rd, reg_or_sp(c, i->rn) + EXTENDED_##EXT(c, i));                  \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_add_##EXT##32(struct cpu *c, const struct insn *i)           \
    {                                                                                         \
        set_reg_or_sp(c, i->rd, (uint32_t)(reg_or_sp(c, i->rn) + EXTENDED_##EXT(c, i)));      \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_sub_##EXT##64(struct cpu *c, const struct insn *i)           \
    {                                                                                         \
        set_reg_or_sp(c, i->rd, reg_or_sp(c, i->rn) - EXTENDED_##EXT(c, i));                  \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_sub_##EXT##32(struct cpu *c, const struct insn *i)           \
    {                                                                                         \
        set_reg_or_sp(c, i->rd, (uint32_t)(reg_or_sp(c, i->rn) - EXTENDED_##EXT(c, i)));      \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_adds_##EXT##64(struct cpu *c, const struct insn *i)          \
    {                                                                                         \
        set_reg(c, i->rd, add_with_carry64(c, reg_or_sp(c, i->rn), EXTENDED_##EXT(c, i), 0)); \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_adds_##EXT##32(struct cpu *c, const struct insn *i)          \
    {                                                                                         \
        set_reg(c, i->rd,                                                                     \
                add_with_carry32(c, (uint32_t)reg_or_sp(c, i->rn), (uint32_t)EXTENDED_##EXT(c, i), 0)); \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_subs_##EXT##64(struct cpu *c, const struct insn *i)          \
    {                                                                                         \
        set_reg(c, i->rd, add_with_carry64(c, reg_or_sp(c, i->rn), ~EXTENDED_##EXT(c, i), 1)); \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_subs_##EXT##32(struct cpu *c, const struct insn *i)          \
    {                                                                                         \
        set_reg(c, i->rd,                                                                     \
                add_with_carry32(c, (uint32_t)reg_or_sp(c, i->rn), (uint32_t)~EXTENDED_##EXT(c, i), 1)); \
        return EXEC_NEXT;                                                                     \
    }

DEF_ADDSUB_EXTENDED(uxt)
DEF_ADDSUB_EXTENDED(sxt)

#define EXT_FNS(NAME) { WIDTH_FNS(NAME, uxt), WIDTH_FNS(NAME, sxt) }

/* [op:S][signed][sf] */
static const exec_fn addsub_extended_fns[4][2][2] = {
    EXT_FNS(add), EXT_FNS(adds), EXT_FNS(sub), EXT_FNS(subs),
};

static enum decode_result decode_add_sub_extended(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned op = bits(w, 30, 29); /* op:S */
    unsigned option = bits(w, 15, 13), amount = bits(w, 12, 10);
    if (bits(w, 23, 22) != 0 || amount > 4)
        return DECODE_UNALLOCATED;
    i->sf = sf;
    i->op = (uint8_t)(64 - (8u << (option & 3))); /* UXTB/SXTB 8 ... UXTX/SXTX 64 */
    i->op2 = (uint8_t)amount;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    return set_exec(i, addsub_extended_fns[op][option >> 2][sf], TIMING_ALU);
}

/* ---- Add/subtract with carry: ADC, ADCS, SBC, SBCS --------------------------------------------- */

static enum exec_status exec_adc64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] + c->x[i->rm] + c->pstate.c;
    return EXEC_NEXT;
}

static enum exec_status exec_adc32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->rn] + c->x[i->rm] + c->pstate.c);
    return EXEC_NEXT;
}

static enum exec_status exec_sbc64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] + ~c->x[i->rm] + c->pstate.c;
    return EXEC_NEXT;
}

static enum exec_status exec_sbc32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->rn] + ~c->x[i->rm] + c->pstate.c);
    return EXEC_NEXT;
}

static enum exec_status exec_adcs64(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry64(c, c->x[i->rn], c->x[i->rm], c->pstate.c));
    return EXEC_NEXT;
}

static enum exec_status exec_adcs32(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry32(c, (uint32_t)c->x[i->rn], (uint32_t)c->x[i->rm], c->pstate.c));
    return EXEC_NEXT;
}

static enum exec_status exec_sbcs64(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry64(c, c->x[i->rn], ~c->x[i->rm], c->pstate.c));
    return EXEC_NEXT;
}

static enum exec_status exec_sbcs32(struct cpu *c, const struct insn *i)
{
    set_reg(c, i->rd, add_with_carry32(c, (uint32_t)c->x[i->rn], ~(uint32_t)c->x[i->rm], c->pstate.c));
    return EXEC_NEXT;
}

/* [op:S][sf] */
static const exec_fn adc_fns[4][2] = {
    { exec_adc32, exec_adc64 }, { exec_adcs32, exec_adcs64 },
    { exec_sbc32, exec_sbc64 }, { exec_sbcs32, exec_sbcs64 },
};

static enum decode_result decode_add_sub_carry(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned op = bits(w, 30, 29);
    i->sf = sf;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (!(op & 1) && i->rd == 31)
        return set_exec(i, exec_result_discarded, TIMING_ALU);
    return set_exec(i, adc_fns[op][sf], TIMING_ALU);
}

/* ---- Conditional compare: CCMN, CCMP (register and immediate) ---------------------------------
 * op = cond, op2 = nzcv (the flags when the condition fails), imm = imm5 for the immediate form. */

static inline void set_nzcv(struct cpu *c, unsigned nzcv)
{
    c->pstate.n = (nzcv >> 3) & 1;
    c->pstate.z = (nzcv >> 2) & 1;
    c->pstate.c = (nzcv >> 1) & 1;
    c->pstate.v = nzcv & 1;
}

#define DEF_CCMP(NAME, OPERAND64, OPERAND32, OPERAND_FN, CARRY)                                   \
    static enum exec_status exec_##NAME##64(struct cpu *c, const struct insn *i)              \
    {                                                                                         \
        if (condition_holds(c, i->op))                                                        \
            (void)add_with_carry64(c, c->x[i->rn], OPERAND_FN(OPERAND64), CARRY);                 \
        else                                                                                  \
            set_nzcv(c, i->op2);                                                              \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_##NAME##32(struct cpu *c, const struct insn *i)              \
    {                                                                                         \
        if (condition_holds(c, i->op))                                                        \
            (void)add_with_carry32(c, (uint32_t)c->x[i->rn], OPERAND_FN(OPERAND32), CARRY);       \
        else                                                                                  \
            set_nzcv(c, i->op2);                                                              \
        return EXEC_NEXT;                                                                     \
    }

/* CCMN compares with AddWithCarry(n, m, 0), CCMP with AddWithCarry(n, NOT(m), 1). */
#define KEEP(x) (x)
#define INVERT(x) (~(x))
DEF_CCMP(ccmn_reg, c->x[i->rm], (uint32_t)c->x[i->rm], KEEP, 0)
DEF_CCMP(ccmp_reg, c->x[i->rm], (uint32_t)c->x[i->rm], INVERT, 1)
DEF_CCMP(ccmn_imm, (uint64_t)i->imm, (uint32_t)i->imm, KEEP, 0)
DEF_CCMP(ccmp_imm, (uint64_t)i->imm, (uint32_t)i->imm, INVERT, 1)

/* [imm][op][sf] */
static const exec_fn ccmp_fns[2][2][2] = {
    { { exec_ccmn_reg32, exec_ccmn_reg64 }, { exec_ccmp_reg32, exec_ccmp_reg64 } },
    { { exec_ccmn_imm32, exec_ccmn_imm64 }, { exec_ccmp_imm32, exec_ccmp_imm64 } },
};

static enum decode_result decode_cond_compare(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31), imm = bit(w, 11);
    i->sf = sf;
    i->op = (uint8_t)bits(w, 15, 12);
    i->op2 = (uint8_t)bits(w, 3, 0);
    i->rn = (uint8_t)bits(w, 9, 5);
    if (imm)
        i->imm = bits(w, 20, 16);
    else
        i->rm = (uint8_t)bits(w, 20, 16);
    return set_exec(i, ccmp_fns[imm][bit(w, 30)][sf], TIMING_ALU);
}

/* ---- Conditional select: CSEL, CSINC, CSINV, CSNEG (op = cond) -------------------------------- */

#define DEF_CSEL(NAME, ELSE64, ELSE32)                                                        \
    static enum exec_status exec_##NAME##64(struct cpu *c, const struct insn *i)              \
    {                                                                                         \
        uint64_t m = c->x[i->rm];                                                             \
        c->x[i->rd] = condition_holds(c, i->op) ? c->x[i->rn] : (ELSE64);                     \
        return EXEC_NEXT;                                                                     \
    }                                                                                         \
    static enum exec_status exec_##NAME##32(struct cpu *c, const struct insn *i)              \
    {                                                                                         \
        uint32_t m = (uint32_t)c->x[i->rm];                                                   \
        c->x[i->rd] = condition_holds(c, i->op) ? (uint32_t)c->x[i->rn] : (uint32_t)(ELSE32); \
        return EXEC_NEXT;                                                                     \
    }

DEF_CSEL(csel, m, m)
DEF_CSEL(csinc, m + 1, m + 1)
DEF_CSEL(csinv, ~m, ~m)
DEF_CSEL(csneg, -m, -m)

/* [op:op2<0>][sf] */
static const exec_fn csel_fns[4][2] = {
    { exec_csel32, exec_csel64 }, { exec_csinc32, exec_csinc64 },
    { exec_csinv32, exec_csinv64 }, { exec_csneg32, exec_csneg64 },
};

static enum decode_result decode_cond_select(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    i->sf = sf;
    i->op = (uint8_t)bits(w, 15, 12);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (i->rd == 31)
        return set_exec(i, exec_result_discarded, TIMING_ALU);
    return set_exec(i, csel_fns[bit(w, 30) << 1 | bit(w, 10)][sf], TIMING_ALU);
}

/* ---- Data-processing (1 source): RBIT, REV16, REV32, REV, CLZ, CLS ---------------------------- */

static uint64_t reverse_bits64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}

static uint64_t rev16_64(uint64_t x)
{
    return ((x >> 8) & 0x00ff00ff00ff00ffull) | ((x & 0x00ff00ff00ff00ffull) << 8);
}

static enum exec_status exec_rbit64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = reverse_bits64(c->x[i->rn]);
    return EXEC_NEXT;
}

static enum exec_status exec_rbit32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = reverse_bits64(c->x[i->rn]) >> 32;
    return EXEC_NEXT;
}

static enum exec_status exec_rev16_64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = rev16_64(c->x[i->rn]);
    return EXEC_NEXT;
}

static enum exec_status exec_rev16_32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)rev16_64(c->x[i->rn]);
    return EXEC_NEXT;
}

/* REV32 Xd: the bytes of each word reversed; REV Xd and REV Wd: all bytes reversed. */
static enum exec_status exec_rev32_x(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = ror64(__builtin_bswap64(c->x[i->rn]), 32);
    return EXEC_NEXT;
}

static enum exec_status exec_rev_x(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = __builtin_bswap64(c->x[i->rn]);
    return EXEC_NEXT;
}

static enum exec_status exec_rev_w(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = __builtin_bswap32((uint32_t)c->x[i->rn]);
    return EXEC_NEXT;
}

static enum exec_status exec_clz64(struct cpu *c, const struct insn *i)
{
    uint64_t x = c->x[i->rn];
    c->x[i->rd] = x ? (uint64_t)__builtin_clzll(x) : 64;
    return EXEC_NEXT;
}

static enum exec_status exec_clz32(struct cpu *c, const struct insn *i)
{
    uint32_t x = (uint32_t)c->x[i->rn];
    c->x[i->rd] = x ? (uint64_t)__builtin_clz(x) : 32;
    return EXEC_NEXT;
}

/* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>): the EOR sits in bits
 * N-1:1 of x ^ (x << 1); a 1 in bit 0 bounds the count at N - 1. */
static enum exec_status exec_cls64(struct cpu *c, const struct insn *i)
{
    uint64_t x = c->x[i->rn];
    c->x[i->rd] = (uint64_t)__builtin_clzll((x ^ (x << 1)) | 1);
    return EXEC_NEXT;
}

static enum exec_status exec_cls32(struct cpu *c, const struct insn *i)
{
    uint32_t x = (uint32_t)c->x[i->rn];
    c->x[i->rd] = (uint64_t)__builtin_clz((x ^ (x << 1)) | 1);
    return EXEC_NEXT;
}

static enum decode_result decode_dp_1src(struct insn *i, uint32_t w)
{
    static const exec_fn fns[6][2] = {
        { exec_rbit32, exec_rbit64 }, { exec_rev16_32, exec_rev16_64 }, { exec_rev_w, exec_rev32_x },
        { NULL, exec_rev_x },         { exec_clz32, exec_clz64 },       { exec_cls32, exec_cls64 },
    };
    bool sf = bit(w, 31);
    unsigned opcode = bits(w, 15, 10);
    if (opcode >= 6 || !fns[opcode][sf])
        return DECODE_UNALLOCATED;
    i->sf = sf;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    if (i->rd == 31)
        return set_exec(i, exec_result_discarded, TIMING_ALU);
    return set_exec(i, fns[opcode][sf], TIMING_ALU);
}

/* ---- Data-processing (2 source): UDIV, SDIV, LSLV, LSRV, ASRV, RORV, CRC32*, CRC32C* ---------- */

/* Division by zero gives 0 and INT_MIN / -1 gives INT_MIN (the pseudocode's rounded quotient,
 * truncated to the register width); neither traps. */
static enum exec_status exec_udiv64(struct cpu *c, const struct insn *i)
{
    uint64_t m = c->x[i->rm];
    c->x[i->rd] = m ? c->x[i->rn] / m : 0;
    return EXEC_NEXT;
}

static enum exec_status exec_udiv32(struct cpu *c, const struct insn *i)
{
    uint32_t m = (uint32_t)c->x[i->rm];
    c->x[i->rd] = m ? (uint32_t)c->x[i->rn] / m : 0;
    return EXEC_NEXT;
}

static enum exec_status exec_sdiv64(struct cpu *c, const struct insn *i)
{
    int64_t n = (int64_t)c->x[i->rn], m = (int64_t)c->x[i->rm];
    if (m == 0)
        c->x[i->rd] = 0;
    else if (m == -1)
        c->x[i->rd] = 0 - (uint64_t)n;
    else
        c->x[i->rd] = (uint64_t)(n / m);
    return EXEC_NEXT;
}

static enum exec_status exec_sdiv32(struct cpu *c, const struct insn *i)
{
    int32_t n = (int32_t)(uint32_t)c->x[i->rn], m = (int32_t)(uint32_t)c->x[i->rm];
    if (m == 0)
        c->x[i->rd] = 0;
    else if (m == -1)
        c->x[i->rd] = (uint32_t)(0 - (uint32_t)n);
    else
        c->x[i->rd] = (uint32_t)(n / m);
    return EXEC_NEXT;
}

/* ShiftReg(n, type, UInt(m) MOD datasize). */
static enum exec_status exec_lslv64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] << (c->x[i->rm] & 63);
    return EXEC_NEXT;
}

static enum exec_status exec_lslv32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)((uint32_t)c->x[i->rn] << (c->x[i->rm] & 31));
    return EXEC_NEXT;
}

static enum exec_status exec_lsrv64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] >> (c->x[i->rm] & 63);
    return EXEC_NEXT;
}

static enum exec_status exec_lsrv32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)c->x[i->rn] >> (c->x[i->rm] & 31);
    return EXEC_NEXT;
}

static enum exec_status exec_asrv64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint64_t)((int64_t)c->x[i->rn] >> (c->x[i->rm] & 63));
    return EXEC_NEXT;
}

static enum exec_status exec_asrv32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)((int32_t)(uint32_t)c->x[i->rn] >> (c->x[i->rm] & 31));
    return EXEC_NEXT;
}

static enum exec_status exec_rorv64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = ror64(c->x[i->rn], (unsigned)(c->x[i->rm] & 63));
    return EXEC_NEXT;
}

static enum exec_status exec_rorv32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = ror32((uint32_t)c->x[i->rn], (unsigned)(c->x[i->rm] & 31));
    return EXEC_NEXT;
}

/* CRC32 and CRC32C: the pseudocode's bit-reversed polynomial division is the reflected CRC
 * update, without the initial and final inversion, of the low 'size' bytes of Rm, lowest byte
 * first. Byte tables of the reflected polynomials, filled by the decoder before first use. */
static uint32_t crc_tables[2][256];
static bool crc_tables_ready;

static void init_crc_tables(void)
{
    static const uint32_t reflected_poly[2] = { 0xedb88320u, 0x82f63b78u }; /* 0x04C11DB7, 0x1EDC6F41 */
    for (unsigned p = 0; p < 2; p++)
        for (uint32_t b = 0; b < 256; b++) {
            uint32_t r = b;
            for (unsigned k = 0; k < 8; k++)
                r = (r >> 1) ^ (reflected_poly[p] & (0u - (r & 1)));
            crc_tables[p][b] = r;
        }
    crc_tables_ready = true;
}

/* op = 0 for CRC32, 1 for CRC32C; op2 = the size in bytes. */
static enum exec_status exec_crc32(struct cpu *c, const struct insn *i)
{
    const uint32_t *table = crc_tables[i->op];
    uint32_t acc = (uint32_t)c->x[i->rn];
    uint64_t val = c->x[i->rm];
    for (unsigned k = 0; k < i->op2; k++, val >>= 8)
        acc = table[(acc ^ val) & 0xff] ^ (acc >> 8);
    c->x[i->rd] = acc;
    return EXEC_NEXT;
}

static enum decode_result decode_dp_2src(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31);
    unsigned opcode = bits(w, 15, 10);
    exec_fn fn;
    unsigned cost = TIMING_ALU;
    i->sf = sf;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    switch (opcode) {
    case 0x02: fn = sf ? exec_udiv64 : exec_udiv32; cost = TIMING_DIV; break;
    case 0x03: fn = sf ? exec_sdiv64 : exec_sdiv32; cost = TIMING_DIV; break;
    case 0x08: fn = sf ? exec_lslv64 : exec_lslv32; break;
    case 0x09: fn = sf ? exec_lsrv64 : exec_lsrv32; break;
    case 0x0a: fn = sf ? exec_asrv64 : exec_asrv32; break;
    case 0x0b: fn = sf ? exec_rorv64 : exec_rorv32; break;
    default:
        /* CRC32{B,H,W,X} 0x10-0x13, CRC32C{B,H,W,X} 0x14-0x17; the rows fix sf (1 only for X). */
        if (opcode < 0x10 || opcode > 0x17)
            return DECODE_UNALLOCATED;
        if (!crc_tables_ready)
            init_crc_tables();
        i->op = (opcode >> 2) & 1;
        i->op2 = (uint8_t)(1u << (opcode & 3));
        fn = exec_crc32;
        break;
    }
    if (i->rd == 31)
        fn = exec_result_discarded;
    return set_exec(i, fn, cost);
}

/* ---- Data-processing (3 source): MADD, MSUB, SMADDL, SMSUBL, UMADDL, UMSUBL, SMULH, UMULH ------ */

static enum exec_status exec_mul64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->rn] * c->x[i->rm];
    return EXEC_NEXT;
}

static enum exec_status exec_mul32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->rn] * c->x[i->rm]);
    return EXEC_NEXT;
}

static enum exec_status exec_madd64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->ra] + c->x[i->rn] * c->x[i->rm];
    return EXEC_NEXT;
}

static enum exec_status exec_madd32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->ra] + c->x[i->rn] * c->x[i->rm]);
    return EXEC_NEXT;
}

static enum exec_status exec_msub64(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->ra] - c->x[i->rn] * c->x[i->rm];
    return EXEC_NEXT;
}

static enum exec_status exec_msub32(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = (uint32_t)(c->x[i->ra] - c->x[i->rn] * c->x[i->rm]);
    return EXEC_NEXT;
}

static inline uint64_t smull(uint64_t n, uint64_t m)
{
    return (uint64_t)((int64_t)(int32_t)(uint32_t)n * (int32_t)(uint32_t)m);
}

static inline uint64_t umull(uint64_t n, uint64_t m)
{
    return (uint64_t)(uint32_t)n * (uint32_t)m;
}

static enum exec_status exec_smaddl(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->ra] + smull(c->x[i->rn], c->x[i->rm]);
    return EXEC_NEXT;
}

static enum exec_status exec_smsubl(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->ra] - smull(c->x[i->rn], c->x[i->rm]);
    return EXEC_NEXT;
}

static enum exec_status exec_umaddl(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->ra] + umull(c->x[i->rn], c->x[i->rm]);
    return EXEC_NEXT;
}

static enum exec_status exec_umsubl(struct cpu *c, const struct insn *i)
{
    c->x[i->rd] = c->x[i->ra] - umull(c->x[i->rn], c->x[i->rm]);
    return EXEC_NEXT;
}

static enum exec_status exec_smulh(struct cpu *c, const struct insn *i)
{
    __int128 p = (__int128)(int64_t)c->x[i->rn] * (int64_t)c->x[i->rm];
    c->x[i->rd] = (uint64_t)((unsigned __int128)p >> 64);
    return EXEC_NEXT;
}

static enum exec_status exec_umulh(struct cpu *c, const struct insn *i)
{
    unsigned __int128 p = (unsigned __int128)c->x[i->rn] * c->x[i->rm];
    c->x[i->rd] = (uint64_t)(p >> 64);
    return EXEC_NEXT;
}

static enum decode_result decode_dp_3src(struct insn *i, uint32_t w)
{
    bool sf = bit(w, 31), o0 = bit(w, 15);
    unsigned op31 = bits(w, 23, 21);
    exec_fn fn;
    unsigned cost;
    i->sf = sf;
    i->rm = (uint8_t)bits(w, 20, 16);
    i->ra = (uint8_t)bits(w, 14, 10);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    switch (op31) {
    case 0: /* MADD (MUL when Ra is XZR), MSUB */
        if (!o0 && i->ra == 31)
            fn = sf ? exec_mul64 : exec_mul32;
        else if (!o0)
            fn = sf ? exec_madd64 : exec_madd32;
        else
            fn = sf ? exec_msub64 : exec_msub32;
        cost = sf ? TIMING_MUL64 : TIMING_MUL32;
        break;
    case 1: fn = o0 ? exec_smsubl : exec_smaddl; cost = TIMING_MUL32; break;
    case 5: fn = o0 ? exec_umsubl : exec_umaddl; cost = TIMING_MUL32; break;
    case 2: fn = exec_smulh; cost = TIMING_MULH; break;
    case 6: fn = exec_umulh; cost = TIMING_MULH; break;
    default: return DECODE_UNALLOCATED; /* the rows admit no other op31 */
    }
    if (i->rd == 31)
        fn = exec_result_discarded;
    return set_exec(i, fn, cost);
}

/* ---- The group's rows (Arm ARM A64 encoding index, "Data Processing -- Register") ------------- */

static const struct a64_encoding dp_reg_rows[] = {
    /* Logical (shifted register): bits 28:24 = 01010; opc (30:29) and N (21) name it. */
    { 0x7f200000, 0x0a000000, "AND (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x0a200000, "BIC (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x2a000000, "ORR (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x2a200000, "ORN (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x4a000000, "EOR (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x4a200000, "EON (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x6a000000, "ANDS (shifted register)", decode_logical_shifted },
    { 0x7f200000, 0x6a200000, "BICS (shifted register)", decode_logical_shifted },
    /* Add/subtract (shifted register): bits 28:24 = 01011, bit 21 = 0. */
    { 0x7f200000, 0x0b000000, "ADD (shifted register)", decode_add_sub_shifted },
    { 0x7f200000, 0x2b000000, "ADDS (shifted register)", decode_add_sub_shifted },
    { 0x7f200000, 0x4b000000, "SUB (shifted register)", decode_add_sub_shifted },
    { 0x7f200000, 0x6b000000, "SUBS (shifted register)", decode_add_sub_shifted },
    /* Add/subtract (extended register): bits 28:24 = 01011, bit 21 = 1. */
    { 0x7f200000, 0x0b200000, "ADD (extended register)", decode_add_sub_extended },
    { 0x7f200000, 0x2b200000, "ADDS (extended register)", decode_add_sub_extended },
    { 0x7f200000, 0x4b200000, "SUB (extended register)", decode_add_sub_extended },
    { 0x7f200000, 0x6b200000, "SUBS (extended register)", decode_add_sub_extended },
    /* Add/subtract (with carry): bits 28:21 = 11010000, bits 15:10 = 000000. */
    { 0x7fe0fc00, 0x1a000000, "ADC", decode_add_sub_carry },
    { 0x7fe0fc00, 0x3a000000, "ADCS", decode_add_sub_carry },
    { 0x7fe0fc00, 0x5a000000, "SBC", decode_add_sub_carry },
    { 0x7fe0fc00, 0x7a000000, "SBCS", decode_add_sub_carry },
    /* Conditional compare: bits 28:21 = 11010010, S = 1, bit 11 = register/immediate, o2 = o3 = 0. */
    { 0x7fe00c10, 0x3a400000, "CCMN (register)", decode_cond_compare },
    { 0x7fe00c10, 0x7a400000, "CCMP (register)", decode_cond_compare },
    { 0x7fe00c10, 0x3a400800, "CCMN (immediate)", decode_cond_compare },
    { 0x7fe00c10, 0x7a400800, "CCMP (immediate)", decode_cond_compare },
    /* Conditional select: bits 28:21 = 11010100, S = 0, op2 = 0x. */
    { 0x7fe00c00, 0x1a800000, "CSEL", decode_cond_select },
    { 0x7fe00c00, 0x1a800400, "CSINC", decode_cond_select },
    { 0x7fe00c00, 0x5a800000, "CSINV", decode_cond_select },
    { 0x7fe00c00, 0x5a800400, "CSNEG", decode_cond_select },
    /* Data-processing (2 source): bit 30 = 0, S = 0, bits 28:21 = 11010110. */
    { 0x7fe0fc00, 0x1ac00800, "UDIV", decode_dp_2src },
    { 0x7fe0fc00, 0x1ac00c00, "SDIV", decode_dp_2src },
    { 0x7fe0fc00, 0x1ac02000, "LSLV", decode_dp_2src },
    { 0x7fe0fc00, 0x1ac02400, "LSRV", decode_dp_2src },
    { 0x7fe0fc00, 0x1ac02800, "ASRV", decode_dp_2src },
    { 0x7fe0fc00, 0x1ac02c00, "RORV", decode_dp_2src },
    { 0xffe0fc00, 0x1ac04000, "CRC32B", decode_dp_2src },
    { 0xffe0fc00, 0x1ac04400, "CRC32H", decode_dp_2src },
    { 0xffe0fc00, 0x1ac04800, "CRC32W", decode_dp_2src },
    { 0xffe0fc00, 0x9ac04c00, "CRC32X", decode_dp_2src },
    { 0xffe0fc00, 0x1ac05000, "CRC32CB", decode_dp_2src },
    { 0xffe0fc00, 0x1ac05400, "CRC32CH", decode_dp_2src },
    { 0xffe0fc00, 0x1ac05800, "CRC32CW", decode_dp_2src },
    { 0xffe0fc00, 0x9ac05c00, "CRC32CX", decode_dp_2src },
    /* Data-processing (1 source): bit 30 = 1, S = 0, bits 28:21 = 11010110, opcode2 = 00000. */
    { 0x7ffffc00, 0x5ac00000, "RBIT", decode_dp_1src },
    { 0x7ffffc00, 0x5ac00400, "REV16", decode_dp_1src },
    { 0xfffffc00, 0x5ac00800, "REV (32-bit)", decode_dp_1src },
    { 0xfffffc00, 0xdac00800, "REV32", decode_dp_1src },
    { 0xfffffc00, 0xdac00c00, "REV (64-bit)", decode_dp_1src },
    { 0x7ffffc00, 0x5ac01000, "CLZ", decode_dp_1src },
    { 0x7ffffc00, 0x5ac01400, "CLS", decode_dp_1src },
    /* Data-processing (3 source): bits 28:24 = 11011, op54 = 00; op31 and o0 name it. */
    { 0x7fe08000, 0x1b000000, "MADD", decode_dp_3src },
    { 0x7fe08000, 0x1b008000, "MSUB", decode_dp_3src },
    { 0xffe08000, 0x9b200000, "SMADDL", decode_dp_3src },
    { 0xffe08000, 0x9b208000, "SMSUBL", decode_dp_3src },
    { 0xffe08000, 0x9b400000, "SMULH", decode_dp_3src },
    { 0xffe08000, 0x9ba00000, "UMADDL", decode_dp_3src },
    { 0xffe08000, 0x9ba08000, "UMSUBL", decode_dp_3src },
    { 0xffe08000, 0x9bc00000, "UMULH", decode_dp_3src },
};

const struct a64_encoding_group a64_group_dp_reg = {
    "Data Processing -- Register", dp_reg_rows, sizeof(dp_reg_rows) / sizeof(dp_reg_rows[0]),
};
