/* Advanced SIMD: what the decoder (a64_simd.c) and the handler files (a64_simd_int.c,
 * a64_simd_fast.c, a64_simd_perm.c, a64_simd_fp.c) share.
 *
 * Handlers are generic over the shape of an instruction (elementwise, long, narrow, pairwise,
 * across lanes, by element), and an element operation (enum simd_int_op / simd_fp_op) selects what
 * is done to each element. The decoder fills struct insn as follows:
 *   op   the element operation;        op2  log2 of the element size in bytes (sz: 0 = 8 bits);
 *   sf   Q: 1 writes all 128 bits, 0 writes bits 63:0 and zeroes the rest (vector or scalar);
 *   ra   the number of elements;       imm  a constant operand (shift amount; DUP/INS/UMOV's index);
 *   aux  shape flags (SIMD_*) and, for "by element", the index of Vm's element (SIMD_IDX_SHIFT).
 */
#ifndef A72SIM_CPU_A64_SIMD_H
#define A72SIM_CPU_A64_SIMD_H

#include "a64_fpsimd.h"
#include "fpcore.h"

/* Every handler's first step: AArch64.CheckFPAdvSIMDEnabled() (the trap, if taken, ends the block). */
#define CHECK_FP_ENABLED(c)                                                                       \
    do {                                                                                          \
        if (!aarch64_check_fp_enabled(c))                                                         \
            return EXEC_JUMP;                                                                     \
    } while (0)

/* aux flags */
#define SIMD_SIGNED 0x1u   /* long/across: the narrow operands are signed (else unsigned) */
#define SIMD_PART2 0x2u    /* the "2" form: the upper half of the narrow vector */
#define SIMD_ACC 0x4u      /* pairwise long: accumulate into Vd (SADALP/UADALP) */
#define SIMD_ROUND 0x8u    /* three different, high narrow: round (RADDHN/RSUBHN) */
#define SIMD_IDX_SHIFT 8   /* aux bits 15:8: element index of Vm (by element) */

/* Integer element operations. Operands and results are element bits (zero-extended); signed ops
 * sign-extend them. d is the old destination element (accumulating ops), m the second operand,
 * or the shift amount (SInt of its low byte) of the shift ops. */
enum simd_int_op {
    SI_ADD, SI_SUB, SI_MUL, SI_MLA, SI_MLS, SI_PMUL,
    SI_SHADD, SI_UHADD, SI_SRHADD, SI_URHADD, SI_SHSUB, SI_UHSUB,
    SI_SQADD, SI_UQADD, SI_SQSUB, SI_UQSUB, SI_SUQADD, SI_USQADD,
    SI_CMGT, SI_CMHI, SI_CMGE, SI_CMHS, SI_CMEQ, SI_CMTST, SI_CMLE0, SI_CMLT0,
    SI_SSHL, SI_USHL, SI_SRSHL, SI_URSHL, SI_SQSHL, SI_UQSHL, SI_SQRSHL, SI_UQRSHL, SI_SQSHLU,
    SI_SSRA, SI_USRA, SI_SRSRA, SI_URSRA, SI_SLI, SI_SRI,
    SI_SMAX, SI_UMAX, SI_SMIN, SI_UMIN, SI_SABD, SI_UABD, SI_SABA, SI_UABA,
    SI_SQDMULH, SI_SQRDMULH, SI_SQDMULL, SI_SQDMLAL, SI_SQDMLSL,
    SI_ABS, SI_NEG, SI_SQABS, SI_SQNEG, SI_CLS, SI_CLZ, SI_CNT, SI_NOT, SI_RBIT,
    SI_AND, SI_BIC, SI_ORR, SI_ORN, SI_EOR, SI_BSL, SI_BIT, SI_BIF,
    SI_URECPE, SI_URSQRTE,   /* UnsignedRecipEstimate, UnsignedRSqrtEstimate of 32-bit elements */
};

/* Narrowing operations: a wide element (2 * esize) to esize bits, after an optional right shift
 * by imm (the shift-narrow forms). */
enum simd_narrow_op {
    SN_XTN, SN_SQXTN, SN_UQXTN, SN_SQXTUN,
    SN_SHRN, SN_RSHRN, SN_SQSHRN, SN_SQRSHRN, SN_UQSHRN, SN_UQRSHRN, SN_SQSHRUN, SN_SQRSHRUN,
};

/* a64_simd_int.c: integer shapes. */
enum exec_status exec_simd_same(struct cpu *c, const struct insn *i);       /* Vd[e] = op(Vd, Vn, Vm) */
enum exec_status exec_simd_same_imm(struct cpu *c, const struct insn *i);   /* m = imm (shifts) */
enum exec_status exec_simd_same_elem(struct cpu *c, const struct insn *i);  /* m = Vm[index] */
enum exec_status exec_simd_long(struct cpu *c, const struct insn *i);       /* wide = op(ext n, ext m) */
enum exec_status exec_simd_wide(struct cpu *c, const struct insn *i);       /* wide = op(n, ext m) */
enum exec_status exec_simd_long_elem(struct cpu *c, const struct insn *i);  /* m = Vm[index] */
enum exec_status exec_simd_long_imm(struct cpu *c, const struct insn *i);   /* SSHLL/USHLL/SHLL */
enum exec_status exec_simd_high_narrow(struct cpu *c, const struct insn *i);/* ADDHN, SUBHN, R* */
enum exec_status exec_simd_narrow(struct cpu *c, const struct insn *i);     /* XTN, shift-narrow */
enum exec_status exec_simd_pairwise(struct cpu *c, const struct insn *i);   /* ADDP, SMAXP, ... */
enum exec_status exec_simd_pairwise_long(struct cpu *c, const struct insn *i); /* SADDLP, SADALP */
enum exec_status exec_simd_across(struct cpu *c, const struct insn *i);     /* ADDV, SADDLV, SMAXV */
enum exec_status exec_simd_pmull(struct cpu *c, const struct insn *i);      /* PMULL/PMULL2 8 and 64 */

/* a64_simd_fast.c: inlined handlers of the commonest elementwise operations (Vm operand, or an
 * immediate when imm), or NULL; simd_fast_shift() for SHL/USHR (SI_USHL by the immediate). */
exec_fn simd_fast_same(unsigned op, int imm);
exec_fn simd_fast_shift(int64_t imm);
exec_fn simd_fast_pairwise(unsigned op, unsigned elements); /* ADDP (vector) */

/* a64_simd_perm.c: moves, permutes, table lookups, immediates. */
enum exec_status exec_simd_dup_elem(struct cpu *c, const struct insn *i);   /* imm = index */
enum exec_status exec_simd_dup_gen(struct cpu *c, const struct insn *i);
enum exec_status exec_simd_ins_elem(struct cpu *c, const struct insn *i);   /* imm = dst, aux = src */
enum exec_status exec_simd_ins_gen(struct cpu *c, const struct insn *i);
enum exec_status exec_simd_umov(struct cpu *c, const struct insn *i);
enum exec_status exec_simd_smov(struct cpu *c, const struct insn *i);       /* sf: to X */
enum exec_status exec_simd_movi(struct cpu *c, const struct insn *i);       /* imm = 64-bit pattern */
enum exec_status exec_simd_orr_imm(struct cpu *c, const struct insn *i);
enum exec_status exec_simd_bic_imm(struct cpu *c, const struct insn *i);
enum exec_status exec_simd_rev(struct cpu *c, const struct insn *i);        /* imm = container bytes */
enum exec_status exec_simd_permute(struct cpu *c, const struct insn *i);    /* op = opcode<2:0> */
enum exec_status exec_simd_ext(struct cpu *c, const struct insn *i);        /* imm = byte position */
enum exec_status exec_simd_tbl(struct cpu *c, const struct insn *i);        /* ra = regs, op = TBX */

/* a64_simd_fp.c: the floating-point forms of each class, decoded there (the decoder in a64_simd.c
 * has checked the allocation rules and set Rd/Rn/Rm). scalar = 1 for the scalar classes. */
enum decode_result simd_fp_decode_three_same(struct insn *i, uint32_t w, int scalar);
enum decode_result simd_fp_decode_two_misc(struct insn *i, uint32_t w, int scalar);
enum decode_result simd_fp_decode_across(struct insn *i, uint32_t w);
enum decode_result simd_fp_decode_pairwise(struct insn *i, uint32_t w);
enum decode_result simd_fp_decode_shift_imm(struct insn *i, uint32_t w, int scalar);
enum decode_result simd_fp_decode_by_element(struct insn *i, uint32_t w, int scalar);

#endif
