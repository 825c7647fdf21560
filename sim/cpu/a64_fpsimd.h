/* What the three groups of "Data Processing -- Scalar Floating-Point and Advanced SIMD" (Arm ARM
 * C4.1, op0 = x111) share: a64_fp.c (scalar floating point), a64_simd.c (Advanced SIMD, scalar and
 * vector) and a64_crypto.c (the Cryptographic Extension). */
#ifndef A72SIM_CPU_A64_FPSIMD_H
#define A72SIM_CPU_A64_FPSIMD_H

#include "exception.h"
#include "insn.h"
#include "timing.h"

#define Q(w) bit(w, 30)
#define U(w) bit(w, 29)
#define SIZE(w) bits(w, 23, 22)
#define ANY_Q 1 /* q argument of size_allowed() where Q restricts no size: scalar, long and narrow forms */

static inline enum decode_result allocated_if(int cond)
{
    return cond ? DECODE_UNIMPLEMENTED : DECODE_UNALLOCATED;
}

/* ---- Element-size rules ------------------------------------------------------------------- */

/* Which values of the size field (23:22, or immh's highest set bit for shifts) an opcode allows.
 * Bit n of the low nibble: size = n is allocated. Bit n of the high nibble: size = n needs Q = 1
 * (the RESERVED 64-bit-element-in-a-64-bit-vector arrangement; scalar forms ignore it). FP ops use
 * size<1> as part of the opcode and size<0> (sz) for the precision, so they are rules on size too. */
enum size_rule {
    SZ_NONE = 0x00,
    SZ_B = 0x01,    /* 8-bit elements only */
    SZ_BH = 0x03,   /* 8/16-bit (also FP ops with size = 0x and no Q constraint) */
    SZ_H = 0x02,    /* FCVTXN: size = 01 only */
    SZ_HS = 0x06,   /* 16/32-bit: the saturating doubling multiplies */
    SZ_BHS = 0x07,  /* anything but 64-bit */
    SZ_D = 0x08,    /* 64-bit only (the scalar integer ops) */
    SZ_BD = 0x09,   /* PMULL: 8 -> 16 bits, or 64 -> 128 bits (Cryptographic Extension) */
    SZ_ANY = 0x0f,  /* every size, any Q: size selects the operation (bitwise ops) */
    SZ_ALL = 0x8f,  /* every size, a 64-bit element needs Q = 1 */
    SZ_SD = 0x8c,   /* size = 1x, sz selects single/double: an FP op with a 64-bit form */
    F_LO = 0x23,    /* FP op at size = 0x: single, or double with Q = 1 */
    F_HI = 0x8c,    /* FP op at size = 1x */
    F_BOTH = 0xaf,  /* FP ops at both size = 0x and size = 1x */
    SZ_LANES = 0x47,/* across lanes: 8/16-bit, or 32-bit with Q = 1 (4 lanes at least) */
    F_LANES = 0x55, /* FP across lanes: single only, Q = 1 */
    F_LO_URECPE = 0x27, /* FP op at size = 0x plus URECPE/URSQRTE at size = 10 */
};


static inline int size_allowed(uint8_t rule, unsigned size, unsigned q)
{
    return (rule >> size & 1) && (q || !(rule >> (4 + size) & 1));
}

#define UOP(u, opcode) ((u) << 5 | (opcode))
#define UOP4(u, opcode) ((u) << 4 | (opcode))

/* VFPExpandImm(): the 8-bit FP immediate as a single (n = 32) or double (n = 64). */
uint64_t vfp_expand_imm(uint32_t imm8, unsigned n);

/* FMOV Sd/Dd/Vd.2S, #imm (bits 63:0 = insn->imm, 127:64 = 0) and Vd.4S/2D (both halves = imm). */
enum exec_status exec_fmov_imm_low(struct cpu *c, const struct insn *i);
enum exec_status exec_fmov_imm_both(struct cpu *c, const struct insn *i);

#endif
