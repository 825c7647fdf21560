/* Data Processing -- Advanced SIMD, scalar and vector (Arm ARM C4.1, op0 = 0xx0 and 01x1).
 *
 * One row per encoding class of the Arm ARM's table; each row's decode fn checks the class's
 * unallocated combinations against ARMv8.0-A, the Cortex-A72's feature set: the later extensions
 * that live in this space (FP16 arithmetic, RDM, dot product, FCMA, FHM, BFloat16) are unallocated.
 *
 * Most classes are checked with tables indexed by U:opcode whose entries say which element sizes
 * are allocated (enum size_rule); a second table per class gives the element operation, and the
 * decoder picks the handler of the instruction's shape (a64_simd.h). The integer operations are in
 * a64_simd_int.c (with fast paths in a64_simd_fast.c), the FP forms are decoded and run in
 * a64_simd_fp.c, and data movement (DUP, INS, permutes, TBL, immediates) is in a64_simd_perm.c.
 * Every allocated ARMv8.0 encoding of this space is implemented.
 */
#include "a64_simd.h"

/* Advanced SIMD three same (vector), by U:opcode. */
static const uint8_t simd_three_same[64] = {
    [UOP(0, 0b00000)] = SZ_BHS,  /* SHADD */
    [UOP(0, 0b00001)] = SZ_ALL,  /* SQADD */
    [UOP(0, 0b00010)] = SZ_BHS,  /* SRHADD */
    [UOP(0, 0b00011)] = SZ_ANY,  /* AND, BIC, ORR, ORN */
    [UOP(0, 0b00100)] = SZ_BHS,  /* SHSUB */
    [UOP(0, 0b00101)] = SZ_ALL,  /* SQSUB */
    [UOP(0, 0b00110)] = SZ_ALL,  /* CMGT */
    [UOP(0, 0b00111)] = SZ_ALL,  /* CMGE */
    [UOP(0, 0b01000)] = SZ_ALL,  /* SSHL */
    [UOP(0, 0b01001)] = SZ_ALL,  /* SQSHL */
    [UOP(0, 0b01010)] = SZ_ALL,  /* SRSHL */
    [UOP(0, 0b01011)] = SZ_ALL,  /* SQRSHL */
    [UOP(0, 0b01100)] = SZ_BHS,  /* SMAX */
    [UOP(0, 0b01101)] = SZ_BHS,  /* SMIN */
    [UOP(0, 0b01110)] = SZ_BHS,  /* SABD */
    [UOP(0, 0b01111)] = SZ_BHS,  /* SABA */
    [UOP(0, 0b10000)] = SZ_ALL,  /* ADD */
    [UOP(0, 0b10001)] = SZ_ALL,  /* CMTST */
    [UOP(0, 0b10010)] = SZ_BHS,  /* MLA */
    [UOP(0, 0b10011)] = SZ_BHS,  /* MUL */
    [UOP(0, 0b10100)] = SZ_BHS,  /* SMAXP */
    [UOP(0, 0b10101)] = SZ_BHS,  /* SMINP */
    [UOP(0, 0b10110)] = SZ_HS,   /* SQDMULH */
    [UOP(0, 0b10111)] = SZ_ALL,  /* ADDP */
    [UOP(0, 0b11000)] = F_BOTH,  /* FMAXNM, FMINNM */
    [UOP(0, 0b11001)] = F_BOTH,  /* FMLA, FMLS */
    [UOP(0, 0b11010)] = F_BOTH,  /* FADD, FSUB */
    [UOP(0, 0b11011)] = F_LO,    /* FMULX */
    [UOP(0, 0b11100)] = F_LO,    /* FCMEQ */
    [UOP(0, 0b11110)] = F_BOTH,  /* FMAX, FMIN */
    [UOP(0, 0b11111)] = F_BOTH,  /* FRECPS, FRSQRTS */
    [UOP(1, 0b00000)] = SZ_BHS,  /* UHADD */
    [UOP(1, 0b00001)] = SZ_ALL,  /* UQADD */
    [UOP(1, 0b00010)] = SZ_BHS,  /* URHADD */
    [UOP(1, 0b00011)] = SZ_ANY,  /* EOR, BSL, BIT, BIF */
    [UOP(1, 0b00100)] = SZ_BHS,  /* UHSUB */
    [UOP(1, 0b00101)] = SZ_ALL,  /* UQSUB */
    [UOP(1, 0b00110)] = SZ_ALL,  /* CMHI */
    [UOP(1, 0b00111)] = SZ_ALL,  /* CMHS */
    [UOP(1, 0b01000)] = SZ_ALL,  /* USHL */
    [UOP(1, 0b01001)] = SZ_ALL,  /* UQSHL */
    [UOP(1, 0b01010)] = SZ_ALL,  /* URSHL */
    [UOP(1, 0b01011)] = SZ_ALL,  /* UQRSHL */
    [UOP(1, 0b01100)] = SZ_BHS,  /* UMAX */
    [UOP(1, 0b01101)] = SZ_BHS,  /* UMIN */
    [UOP(1, 0b01110)] = SZ_BHS,  /* UABD */
    [UOP(1, 0b01111)] = SZ_BHS,  /* UABA */
    [UOP(1, 0b10000)] = SZ_ALL,  /* SUB */
    [UOP(1, 0b10001)] = SZ_ALL,  /* CMEQ */
    [UOP(1, 0b10010)] = SZ_BHS,  /* MLS */
    [UOP(1, 0b10011)] = SZ_B,    /* PMUL */
    [UOP(1, 0b10100)] = SZ_BHS,  /* UMAXP */
    [UOP(1, 0b10101)] = SZ_BHS,  /* UMINP */
    [UOP(1, 0b10110)] = SZ_HS,   /* SQRDMULH */
    [UOP(1, 0b11000)] = F_BOTH,  /* FMAXNMP, FMINNMP */
    [UOP(1, 0b11010)] = F_BOTH,  /* FADDP, FABD */
    [UOP(1, 0b11011)] = F_LO,    /* FMUL */
    [UOP(1, 0b11100)] = F_BOTH,  /* FCMGE, FCMGT */
    [UOP(1, 0b11101)] = F_BOTH,  /* FACGE, FACGT */
    [UOP(1, 0b11110)] = F_BOTH,  /* FMAXP, FMINP */
    [UOP(1, 0b11111)] = F_LO,    /* FDIV */
};

/* Advanced SIMD scalar three same. */
static const uint8_t scalar_three_same[64] = {
    [UOP(0, 0b00001)] = SZ_ANY,  /* SQADD */
    [UOP(0, 0b00101)] = SZ_ANY,  /* SQSUB */
    [UOP(0, 0b00110)] = SZ_D,    /* CMGT */
    [UOP(0, 0b00111)] = SZ_D,    /* CMGE */
    [UOP(0, 0b01000)] = SZ_D,    /* SSHL */
    [UOP(0, 0b01001)] = SZ_ANY,  /* SQSHL */
    [UOP(0, 0b01010)] = SZ_D,    /* SRSHL */
    [UOP(0, 0b01011)] = SZ_ANY,  /* SQRSHL */
    [UOP(0, 0b10000)] = SZ_D,    /* ADD */
    [UOP(0, 0b10001)] = SZ_D,    /* CMTST */
    [UOP(0, 0b10110)] = SZ_HS,   /* SQDMULH */
    [UOP(0, 0b11011)] = SZ_BH,   /* FMULX */
    [UOP(0, 0b11100)] = SZ_BH,   /* FCMEQ */
    [UOP(0, 0b11111)] = SZ_ANY,  /* FRECPS, FRSQRTS */
    [UOP(1, 0b00001)] = SZ_ANY,  /* UQADD */
    [UOP(1, 0b00101)] = SZ_ANY,  /* UQSUB */
    [UOP(1, 0b00110)] = SZ_D,    /* CMHI */
    [UOP(1, 0b00111)] = SZ_D,    /* CMHS */
    [UOP(1, 0b01000)] = SZ_D,    /* USHL */
    [UOP(1, 0b01001)] = SZ_ANY,  /* UQSHL */
    [UOP(1, 0b01010)] = SZ_D,    /* URSHL */
    [UOP(1, 0b01011)] = SZ_ANY,  /* UQRSHL */
    [UOP(1, 0b10000)] = SZ_D,    /* SUB */
    [UOP(1, 0b10001)] = SZ_D,    /* CMEQ */
    [UOP(1, 0b10110)] = SZ_HS,   /* SQRDMULH */
    [UOP(1, 0b11010)] = SZ_SD,   /* FABD */
    [UOP(1, 0b11100)] = SZ_ANY,  /* FCMGE, FCMGT */
    [UOP(1, 0b11101)] = SZ_ANY,  /* FACGE, FACGT */
};

/* Advanced SIMD three different (vector), by U:opcode(4). */
static const uint8_t simd_three_diff[32] = {
    [UOP4(0, 0b0000)] = SZ_BHS,  /* SADDL */
    [UOP4(0, 0b0001)] = SZ_BHS,  /* SADDW */
    [UOP4(0, 0b0010)] = SZ_BHS,  /* SSUBL */
    [UOP4(0, 0b0011)] = SZ_BHS,  /* SSUBW */
    [UOP4(0, 0b0100)] = SZ_BHS,  /* ADDHN */
    [UOP4(0, 0b0101)] = SZ_BHS,  /* SABAL */
    [UOP4(0, 0b0110)] = SZ_BHS,  /* SUBHN */
    [UOP4(0, 0b0111)] = SZ_BHS,  /* SABDL */
    [UOP4(0, 0b1000)] = SZ_BHS,  /* SMLAL */
    [UOP4(0, 0b1001)] = SZ_HS,   /* SQDMLAL */
    [UOP4(0, 0b1010)] = SZ_BHS,  /* SMLSL */
    [UOP4(0, 0b1011)] = SZ_HS,   /* SQDMLSL */
    [UOP4(0, 0b1100)] = SZ_BHS,  /* SMULL */
    [UOP4(0, 0b1101)] = SZ_HS,   /* SQDMULL */
    [UOP4(0, 0b1110)] = SZ_BD,   /* PMULL */
    [UOP4(1, 0b0000)] = SZ_BHS,  /* UADDL */
    [UOP4(1, 0b0001)] = SZ_BHS,  /* UADDW */
    [UOP4(1, 0b0010)] = SZ_BHS,  /* USUBL */
    [UOP4(1, 0b0011)] = SZ_BHS,  /* USUBW */
    [UOP4(1, 0b0100)] = SZ_BHS,  /* RADDHN */
    [UOP4(1, 0b0101)] = SZ_BHS,  /* UABAL */
    [UOP4(1, 0b0110)] = SZ_BHS,  /* RSUBHN */
    [UOP4(1, 0b0111)] = SZ_BHS,  /* UABDL */
    [UOP4(1, 0b1000)] = SZ_BHS,  /* UMLAL */
    [UOP4(1, 0b1010)] = SZ_BHS,  /* UMLSL */
    [UOP4(1, 0b1100)] = SZ_BHS,  /* UMULL */
};

/* Advanced SIMD scalar three different. */
static const uint8_t scalar_three_diff[32] = {
    [UOP4(0, 0b1001)] = SZ_HS,   /* SQDMLAL */
    [UOP4(0, 0b1011)] = SZ_HS,   /* SQDMLSL */
    [UOP4(0, 0b1101)] = SZ_HS,   /* SQDMULL */
};

/* Advanced SIMD two-register miscellaneous (vector). */
static const uint8_t simd_two_misc[64] = {
    [UOP(0, 0b00000)] = SZ_BHS,  /* REV64 */
    [UOP(0, 0b00001)] = SZ_B,    /* REV16 */
    [UOP(0, 0b00010)] = SZ_BHS,  /* SADDLP */
    [UOP(0, 0b00011)] = SZ_ALL,  /* SUQADD */
    [UOP(0, 0b00100)] = SZ_BHS,  /* CLS */
    [UOP(0, 0b00101)] = SZ_B,    /* CNT */
    [UOP(0, 0b00110)] = SZ_BHS,  /* SADALP */
    [UOP(0, 0b00111)] = SZ_ALL,  /* SQABS */
    [UOP(0, 0b01000)] = SZ_ALL,  /* CMGT (zero) */
    [UOP(0, 0b01001)] = SZ_ALL,  /* CMEQ (zero) */
    [UOP(0, 0b01010)] = SZ_ALL,  /* CMLT (zero) */
    [UOP(0, 0b01011)] = SZ_ALL,  /* ABS */
    [UOP(0, 0b01100)] = F_HI,    /* FCMGT (zero) */
    [UOP(0, 0b01101)] = F_HI,    /* FCMEQ (zero) */
    [UOP(0, 0b01110)] = F_HI,    /* FCMLT (zero) */
    [UOP(0, 0b01111)] = F_HI,    /* FABS */
    [UOP(0, 0b10010)] = SZ_BHS,  /* XTN */
    [UOP(0, 0b10100)] = SZ_BHS,  /* SQXTN */
    [UOP(0, 0b10110)] = SZ_BH,   /* FCVTN */
    [UOP(0, 0b10111)] = SZ_BH,   /* FCVTL */
    [UOP(0, 0b11000)] = F_BOTH,  /* FRINTN, FRINTP */
    [UOP(0, 0b11001)] = F_BOTH,  /* FRINTM, FRINTZ */
    [UOP(0, 0b11010)] = F_BOTH,  /* FCVTNS, FCVTPS */
    [UOP(0, 0b11011)] = F_BOTH,  /* FCVTMS, FCVTZS */
    [UOP(0, 0b11100)] = F_LO_URECPE, /* FCVTAS, URECPE */
    [UOP(0, 0b11101)] = F_BOTH,  /* SCVTF, FRECPE */
    [UOP(1, 0b00000)] = SZ_BH,   /* REV32 */
    [UOP(1, 0b00010)] = SZ_BHS,  /* UADDLP */
    [UOP(1, 0b00011)] = SZ_ALL,  /* USQADD */
    [UOP(1, 0b00100)] = SZ_BHS,  /* CLZ */
    [UOP(1, 0b00101)] = SZ_BH,   /* NOT, RBIT */
    [UOP(1, 0b00110)] = SZ_BHS,  /* UADALP */
    [UOP(1, 0b00111)] = SZ_ALL,  /* SQNEG */
    [UOP(1, 0b01000)] = SZ_ALL,  /* CMGE (zero) */
    [UOP(1, 0b01001)] = SZ_ALL,  /* CMLE (zero) */
    [UOP(1, 0b01011)] = SZ_ALL,  /* NEG */
    [UOP(1, 0b01100)] = F_HI,    /* FCMGE (zero) */
    [UOP(1, 0b01101)] = F_HI,    /* FCMLE (zero) */
    [UOP(1, 0b01111)] = F_HI,    /* FNEG */
    [UOP(1, 0b10010)] = SZ_BHS,  /* SQXTUN */
    [UOP(1, 0b10011)] = SZ_BHS,  /* SHLL */
    [UOP(1, 0b10100)] = SZ_BHS,  /* UQXTN */
    [UOP(1, 0b10110)] = SZ_H,    /* FCVTXN */
    [UOP(1, 0b11000)] = F_LO,    /* FRINTA */
    [UOP(1, 0b11001)] = F_BOTH,  /* FRINTX, FRINTI */
    [UOP(1, 0b11010)] = F_BOTH,  /* FCVTNU, FCVTPU */
    [UOP(1, 0b11011)] = F_BOTH,  /* FCVTMU, FCVTZU */
    [UOP(1, 0b11100)] = F_LO_URECPE, /* FCVTAU, URSQRTE */
    [UOP(1, 0b11101)] = F_BOTH,  /* UCVTF, FRSQRTE */
    [UOP(1, 0b11111)] = F_HI,    /* FSQRT */
};

/* Advanced SIMD scalar two-register miscellaneous. */
static const uint8_t scalar_two_misc[64] = {
    [UOP(0, 0b00011)] = SZ_ANY,  /* SUQADD */
    [UOP(0, 0b00111)] = SZ_ANY,  /* SQABS */
    [UOP(0, 0b01000)] = SZ_D,    /* CMGT (zero) */
    [UOP(0, 0b01001)] = SZ_D,    /* CMEQ (zero) */
    [UOP(0, 0b01010)] = SZ_D,    /* CMLT (zero) */
    [UOP(0, 0b01011)] = SZ_D,    /* ABS */
    [UOP(0, 0b01100)] = SZ_SD,   /* FCMGT (zero) */
    [UOP(0, 0b01101)] = SZ_SD,   /* FCMEQ (zero) */
    [UOP(0, 0b01110)] = SZ_SD,   /* FCMLT (zero) */
    [UOP(0, 0b10100)] = SZ_BHS,  /* SQXTN */
    [UOP(0, 0b11010)] = SZ_ANY,  /* FCVTNS, FCVTPS */
    [UOP(0, 0b11011)] = SZ_ANY,  /* FCVTMS, FCVTZS */
    [UOP(0, 0b11100)] = SZ_BH,   /* FCVTAS */
    [UOP(0, 0b11101)] = SZ_ANY,  /* SCVTF, FRECPE */
    [UOP(0, 0b11111)] = SZ_SD,   /* FRECPX */
    [UOP(1, 0b00011)] = SZ_ANY,  /* USQADD */
    [UOP(1, 0b00111)] = SZ_ANY,  /* SQNEG */
    [UOP(1, 0b01000)] = SZ_D,    /* CMGE (zero) */
    [UOP(1, 0b01001)] = SZ_D,    /* CMLE (zero) */
    [UOP(1, 0b01011)] = SZ_D,    /* NEG */
    [UOP(1, 0b01100)] = SZ_SD,   /* FCMGE (zero) */
    [UOP(1, 0b01101)] = SZ_SD,   /* FCMLE (zero) */
    [UOP(1, 0b10010)] = SZ_BHS,  /* SQXTUN */
    [UOP(1, 0b10100)] = SZ_BHS,  /* UQXTN */
    [UOP(1, 0b10110)] = SZ_H,    /* FCVTXN */
    [UOP(1, 0b11010)] = SZ_ANY,  /* FCVTNU, FCVTPU */
    [UOP(1, 0b11011)] = SZ_ANY,  /* FCVTMU, FCVTZU */
    [UOP(1, 0b11100)] = SZ_BH,   /* FCVTAU */
    [UOP(1, 0b11101)] = SZ_ANY,  /* UCVTF, FRSQRTE */
};

/* Advanced SIMD across lanes. */
static const uint8_t simd_across_lanes[64] = {
    [UOP(0, 0b00011)] = SZ_LANES, /* SADDLV */
    [UOP(0, 0b01010)] = SZ_LANES, /* SMAXV */
    [UOP(0, 0b11010)] = SZ_LANES, /* SMINV */
    [UOP(0, 0b11011)] = SZ_LANES, /* ADDV */
    [UOP(1, 0b00011)] = SZ_LANES, /* UADDLV */
    [UOP(1, 0b01010)] = SZ_LANES, /* UMAXV */
    [UOP(1, 0b11010)] = SZ_LANES, /* UMINV */
    [UOP(1, 0b01100)] = F_LANES,  /* FMAXNMV, FMINNMV */
    [UOP(1, 0b01111)] = F_LANES,  /* FMAXV, FMINV */
};

/* Advanced SIMD scalar pairwise. */
static const uint8_t scalar_pairwise[64] = {
    [UOP(0, 0b11011)] = SZ_D,    /* ADDP */
    [UOP(1, 0b01100)] = SZ_ANY,  /* FMAXNMP, FMINNMP */
    [UOP(1, 0b01101)] = SZ_BH,   /* FADDP */
    [UOP(1, 0b01111)] = SZ_ANY,  /* FMAXP, FMINP */
};

/* Shift by immediate: the rule applies to immh's highest set bit (the element size). */
static const uint8_t simd_shift_imm[64] = {
    [UOP(0, 0b00000)] = SZ_ALL,  /* SSHR */
    [UOP(0, 0b00010)] = SZ_ALL,  /* SSRA */
    [UOP(0, 0b00100)] = SZ_ALL,  /* SRSHR */
    [UOP(0, 0b00110)] = SZ_ALL,  /* SRSRA */
    [UOP(0, 0b01010)] = SZ_ALL,  /* SHL */
    [UOP(0, 0b01110)] = SZ_ALL,  /* SQSHL (immediate) */
    [UOP(0, 0b10000)] = SZ_BHS,  /* SHRN */
    [UOP(0, 0b10001)] = SZ_BHS,  /* RSHRN */
    [UOP(0, 0b10010)] = SZ_BHS,  /* SQSHRN */
    [UOP(0, 0b10011)] = SZ_BHS,  /* SQRSHRN */
    [UOP(0, 0b10100)] = SZ_BHS,  /* SSHLL */
    [UOP(0, 0b11100)] = SZ_SD,   /* SCVTF (fixed-point); immh = 001x is FP16 */
    [UOP(0, 0b11111)] = SZ_SD,   /* FCVTZS (fixed-point) */
    [UOP(1, 0b00000)] = SZ_ALL,  /* USHR */
    [UOP(1, 0b00010)] = SZ_ALL,  /* USRA */
    [UOP(1, 0b00100)] = SZ_ALL,  /* URSHR */
    [UOP(1, 0b00110)] = SZ_ALL,  /* URSRA */
    [UOP(1, 0b01000)] = SZ_ALL,  /* SRI */
    [UOP(1, 0b01010)] = SZ_ALL,  /* SLI */
    [UOP(1, 0b01100)] = SZ_ALL,  /* SQSHLU */
    [UOP(1, 0b01110)] = SZ_ALL,  /* UQSHL (immediate) */
    [UOP(1, 0b10000)] = SZ_BHS,  /* SQSHRUN */
    [UOP(1, 0b10001)] = SZ_BHS,  /* SQRSHRUN */
    [UOP(1, 0b10010)] = SZ_BHS,  /* UQSHRN */
    [UOP(1, 0b10011)] = SZ_BHS,  /* UQRSHRN */
    [UOP(1, 0b10100)] = SZ_BHS,  /* USHLL */
    [UOP(1, 0b11100)] = SZ_SD,   /* UCVTF (fixed-point) */
    [UOP(1, 0b11111)] = SZ_SD,   /* FCVTZU (fixed-point) */
};

static const uint8_t scalar_shift_imm[64] = {
    [UOP(0, 0b00000)] = SZ_D,    /* SSHR */
    [UOP(0, 0b00010)] = SZ_D,    /* SSRA */
    [UOP(0, 0b00100)] = SZ_D,    /* SRSHR */
    [UOP(0, 0b00110)] = SZ_D,    /* SRSRA */
    [UOP(0, 0b01010)] = SZ_D,    /* SHL */
    [UOP(0, 0b01110)] = SZ_ANY,  /* SQSHL (immediate) */
    [UOP(0, 0b10010)] = SZ_BHS,  /* SQSHRN */
    [UOP(0, 0b10011)] = SZ_BHS,  /* SQRSHRN */
    [UOP(0, 0b11100)] = SZ_SD,   /* SCVTF (fixed-point) */
    [UOP(0, 0b11111)] = SZ_SD,   /* FCVTZS (fixed-point) */
    [UOP(1, 0b00000)] = SZ_D,    /* USHR */
    [UOP(1, 0b00010)] = SZ_D,    /* USRA */
    [UOP(1, 0b00100)] = SZ_D,    /* URSHR */
    [UOP(1, 0b00110)] = SZ_D,    /* URSRA */
    [UOP(1, 0b01000)] = SZ_D,    /* SRI */
    [UOP(1, 0b01010)] = SZ_D,    /* SLI */
    [UOP(1, 0b01100)] = SZ_ANY,  /* SQSHLU */
    [UOP(1, 0b01110)] = SZ_ANY,  /* UQSHL (immediate) */
    [UOP(1, 0b10000)] = SZ_BHS,  /* SQSHRUN */
    [UOP(1, 0b10001)] = SZ_BHS,  /* SQRSHRUN */
    [UOP(1, 0b10010)] = SZ_BHS,  /* UQSHRN */
    [UOP(1, 0b10011)] = SZ_BHS,  /* UQRSHRN */
    [UOP(1, 0b11100)] = SZ_SD,   /* UCVTF (fixed-point) */
    [UOP(1, 0b11111)] = SZ_SD,   /* FCVTZU (fixed-point) */
};

/* By element, by U:opcode(4). FP rows (F_HI) also reserve sz:L = 11 (a double has index H only). */
static const uint8_t simd_by_element[32] = {
    [UOP4(0, 0b0001)] = F_HI,    /* FMLA */
    [UOP4(0, 0b0010)] = SZ_HS,   /* SMLAL */
    [UOP4(0, 0b0011)] = SZ_HS,   /* SQDMLAL */
    [UOP4(0, 0b0101)] = F_HI,    /* FMLS */
    [UOP4(0, 0b0110)] = SZ_HS,   /* SMLSL */
    [UOP4(0, 0b0111)] = SZ_HS,   /* SQDMLSL */
    [UOP4(0, 0b1000)] = SZ_HS,   /* MUL */
    [UOP4(0, 0b1001)] = F_HI,    /* FMUL */
    [UOP4(0, 0b1010)] = SZ_HS,   /* SMULL */
    [UOP4(0, 0b1011)] = SZ_HS,   /* SQDMULL */
    [UOP4(0, 0b1100)] = SZ_HS,   /* SQDMULH */
    [UOP4(0, 0b1101)] = SZ_HS,   /* SQRDMULH */
    [UOP4(1, 0b0000)] = SZ_HS,   /* MLA */
    [UOP4(1, 0b0010)] = SZ_HS,   /* UMLAL */
    [UOP4(1, 0b0100)] = SZ_HS,   /* MLS */
    [UOP4(1, 0b0110)] = SZ_HS,   /* UMLSL */
    [UOP4(1, 0b1001)] = F_HI,    /* FMULX */
    [UOP4(1, 0b1010)] = SZ_HS,   /* UMULL */
};

static const uint8_t scalar_by_element[32] = {
    [UOP4(0, 0b0001)] = F_HI,    /* FMLA */
    [UOP4(0, 0b0011)] = SZ_HS,   /* SQDMLAL */
    [UOP4(0, 0b0101)] = F_HI,    /* FMLS */
    [UOP4(0, 0b0111)] = SZ_HS,   /* SQDMLSL */
    [UOP4(0, 0b1001)] = F_HI,    /* FMUL */
    [UOP4(0, 0b1011)] = SZ_HS,   /* SQDMULL */
    [UOP4(0, 0b1100)] = SZ_HS,   /* SQDMULH */
    [UOP4(0, 0b1101)] = SZ_HS,   /* SQRDMULH */
    [UOP4(1, 0b1001)] = F_HI,    /* FMULX */
};

/* ---- Element operations of each class ----------------------------------------------------- */

/* Table entries are the element operation + 1; 0 marks an opcode this table does not cover. */
#define E(op) ((op) + 1)

/* Three same, integer opcodes (00000-10111), by U:opcode. 00011 (logic) is chosen by size. */
static const uint8_t three_same_int_op[64] = {
    [UOP(0, 0b00000)] = E(SI_SHADD),  [UOP(0, 0b00001)] = E(SI_SQADD),   [UOP(0, 0b00010)] = E(SI_SRHADD),
    [UOP(0, 0b00100)] = E(SI_SHSUB),  [UOP(0, 0b00101)] = E(SI_SQSUB),   [UOP(0, 0b00110)] = E(SI_CMGT),
    [UOP(0, 0b00111)] = E(SI_CMGE),   [UOP(0, 0b01000)] = E(SI_SSHL),    [UOP(0, 0b01001)] = E(SI_SQSHL),
    [UOP(0, 0b01010)] = E(SI_SRSHL),  [UOP(0, 0b01011)] = E(SI_SQRSHL),  [UOP(0, 0b01100)] = E(SI_SMAX),
    [UOP(0, 0b01101)] = E(SI_SMIN),   [UOP(0, 0b01110)] = E(SI_SABD),    [UOP(0, 0b01111)] = E(SI_SABA),
    [UOP(0, 0b10000)] = E(SI_ADD),    [UOP(0, 0b10001)] = E(SI_CMTST),   [UOP(0, 0b10010)] = E(SI_MLA),
    [UOP(0, 0b10011)] = E(SI_MUL),    [UOP(0, 0b10100)] = E(SI_SMAX),    [UOP(0, 0b10101)] = E(SI_SMIN),
    [UOP(0, 0b10110)] = E(SI_SQDMULH),[UOP(0, 0b10111)] = E(SI_ADD),
    [UOP(1, 0b00000)] = E(SI_UHADD),  [UOP(1, 0b00001)] = E(SI_UQADD),   [UOP(1, 0b00010)] = E(SI_URHADD),
    [UOP(1, 0b00100)] = E(SI_UHSUB),  [UOP(1, 0b00101)] = E(SI_UQSUB),   [UOP(1, 0b00110)] = E(SI_CMHI),
    [UOP(1, 0b00111)] = E(SI_CMHS),   [UOP(1, 0b01000)] = E(SI_USHL),    [UOP(1, 0b01001)] = E(SI_UQSHL),
    [UOP(1, 0b01010)] = E(SI_URSHL),  [UOP(1, 0b01011)] = E(SI_UQRSHL),  [UOP(1, 0b01100)] = E(SI_UMAX),
    [UOP(1, 0b01101)] = E(SI_UMIN),   [UOP(1, 0b01110)] = E(SI_UABD),    [UOP(1, 0b01111)] = E(SI_UABA),
    [UOP(1, 0b10000)] = E(SI_SUB),    [UOP(1, 0b10001)] = E(SI_CMEQ),    [UOP(1, 0b10010)] = E(SI_MLS),
    [UOP(1, 0b10011)] = E(SI_PMUL),   [UOP(1, 0b10100)] = E(SI_UMAX),    [UOP(1, 0b10101)] = E(SI_UMIN),
    [UOP(1, 0b10110)] = E(SI_SQRDMULH),
};

/* AND, BIC, ORR, ORN (U = 0) and EOR, BSL, BIT, BIF (U = 1), by U:size. */
static const uint8_t logic_op[8] = {
    SI_AND, SI_BIC, SI_ORR, SI_ORN, SI_EOR, SI_BSL, SI_BIT, SI_BIF,
};

/* Two-register miscellaneous, integer opcodes that are elementwise (m = 0). */
static const uint8_t two_misc_int_op[64] = {
    [UOP(0, 0b00011)] = E(SI_SUQADD), [UOP(0, 0b00100)] = E(SI_CLS),    [UOP(0, 0b00101)] = E(SI_CNT),
    [UOP(0, 0b00111)] = E(SI_SQABS),  [UOP(0, 0b01000)] = E(SI_CMGT),   [UOP(0, 0b01001)] = E(SI_CMEQ),
    [UOP(0, 0b01010)] = E(SI_CMLT0),  [UOP(0, 0b01011)] = E(SI_ABS),
    [UOP(1, 0b00011)] = E(SI_USQADD), [UOP(1, 0b00100)] = E(SI_CLZ),    [UOP(1, 0b00111)] = E(SI_SQNEG),
    [UOP(1, 0b01000)] = E(SI_CMGE),   [UOP(1, 0b01001)] = E(SI_CMLE0),  [UOP(1, 0b01011)] = E(SI_NEG),
};

/* Two-register miscellaneous, the narrowing opcodes. */
static const uint8_t two_misc_narrow_op[64] = {
    [UOP(0, 0b10010)] = E(SN_XTN),    [UOP(0, 0b10100)] = E(SN_SQXTN),
    [UOP(1, 0b10010)] = E(SN_SQXTUN), [UOP(1, 0b10100)] = E(SN_UQXTN),
};

/* Three different, long (L), wide (W) or high-narrow (N) forms, by U:opcode. */
enum { TD_LONG = 1, TD_WIDE, TD_NARROW, TD_PMULL };
static const struct { uint8_t op, shape; } three_diff_op[32] = {
    [UOP4(0, 0b0000)] = { SI_ADD, TD_LONG },     [UOP4(0, 0b0001)] = { SI_ADD, TD_WIDE },
    [UOP4(0, 0b0010)] = { SI_SUB, TD_LONG },     [UOP4(0, 0b0011)] = { SI_SUB, TD_WIDE },
    [UOP4(0, 0b0100)] = { SI_ADD, TD_NARROW },   [UOP4(0, 0b0101)] = { SI_SABA, TD_LONG },
    [UOP4(0, 0b0110)] = { SI_SUB, TD_NARROW },   [UOP4(0, 0b0111)] = { SI_SABD, TD_LONG },
    [UOP4(0, 0b1000)] = { SI_MLA, TD_LONG },     [UOP4(0, 0b1001)] = { SI_SQDMLAL, TD_LONG },
    [UOP4(0, 0b1010)] = { SI_MLS, TD_LONG },     [UOP4(0, 0b1011)] = { SI_SQDMLSL, TD_LONG },
    [UOP4(0, 0b1100)] = { SI_MUL, TD_LONG },     [UOP4(0, 0b1101)] = { SI_SQDMULL, TD_LONG },
    [UOP4(0, 0b1110)] = { 0, TD_PMULL },
    [UOP4(1, 0b0000)] = { SI_ADD, TD_LONG },     [UOP4(1, 0b0001)] = { SI_ADD, TD_WIDE },
    [UOP4(1, 0b0010)] = { SI_SUB, TD_LONG },     [UOP4(1, 0b0011)] = { SI_SUB, TD_WIDE },
    [UOP4(1, 0b0100)] = { SI_ADD, TD_NARROW },   [UOP4(1, 0b0101)] = { SI_UABA, TD_LONG },
    [UOP4(1, 0b0110)] = { SI_SUB, TD_NARROW },   [UOP4(1, 0b0111)] = { SI_UABD, TD_LONG },
    [UOP4(1, 0b1000)] = { SI_MLA, TD_LONG },     [UOP4(1, 0b1010)] = { SI_MLS, TD_LONG },
    [UOP4(1, 0b1100)] = { SI_MUL, TD_LONG },
};

/* Across lanes, integer. */
static const uint8_t across_int_op[64] = {
    [UOP(0, 0b00011)] = E(SI_ADD),  [UOP(0, 0b01010)] = E(SI_SMAX), [UOP(0, 0b11010)] = E(SI_SMIN),
    [UOP(0, 0b11011)] = E(SI_ADD),  [UOP(1, 0b00011)] = E(SI_ADD),  [UOP(1, 0b01010)] = E(SI_UMAX),
    [UOP(1, 0b11010)] = E(SI_UMIN),
};

/* Shift by immediate, integer: what the shift amount is and which shape applies. */
enum { SH_RIGHT = 1, SH_LEFT, SH_NARROW, SH_LONG };
static const struct { uint8_t op, kind; } shift_imm_op[64] = {
    [UOP(0, 0b00000)] = { SI_SSHL, SH_RIGHT },    [UOP(0, 0b00010)] = { SI_SSRA, SH_RIGHT },
    [UOP(0, 0b00100)] = { SI_SRSHL, SH_RIGHT },   [UOP(0, 0b00110)] = { SI_SRSRA, SH_RIGHT },
    [UOP(0, 0b01010)] = { SI_USHL, SH_LEFT },     [UOP(0, 0b01110)] = { SI_SQSHL, SH_LEFT },
    [UOP(0, 0b10000)] = { SN_SHRN, SH_NARROW },   [UOP(0, 0b10001)] = { SN_RSHRN, SH_NARROW },
    [UOP(0, 0b10010)] = { SN_SQSHRN, SH_NARROW }, [UOP(0, 0b10011)] = { SN_SQRSHRN, SH_NARROW },
    [UOP(0, 0b10100)] = { SI_SSHL, SH_LONG },
    [UOP(1, 0b00000)] = { SI_USHL, SH_RIGHT },    [UOP(1, 0b00010)] = { SI_USRA, SH_RIGHT },
    [UOP(1, 0b00100)] = { SI_URSHL, SH_RIGHT },   [UOP(1, 0b00110)] = { SI_URSRA, SH_RIGHT },
    [UOP(1, 0b01000)] = { SI_SRI, SH_RIGHT },     [UOP(1, 0b01010)] = { SI_SLI, SH_LEFT },
    [UOP(1, 0b01100)] = { SI_SQSHLU, SH_LEFT },   [UOP(1, 0b01110)] = { SI_UQSHL, SH_LEFT },
    [UOP(1, 0b10000)] = { SN_SQSHRUN, SH_NARROW },[UOP(1, 0b10001)] = { SN_SQRSHRUN, SH_NARROW },
    [UOP(1, 0b10010)] = { SN_UQSHRN, SH_NARROW }, [UOP(1, 0b10011)] = { SN_UQRSHRN, SH_NARROW },
    [UOP(1, 0b10100)] = { SI_USHL, SH_LONG },
};

/* By element, integer: elementwise (same) or long. */
static const struct { uint8_t op, shape; } by_element_op[32] = {
    [UOP4(0, 0b0010)] = { SI_MLA, TD_LONG },     [UOP4(0, 0b0011)] = { SI_SQDMLAL, TD_LONG },
    [UOP4(0, 0b0110)] = { SI_MLS, TD_LONG },     [UOP4(0, 0b0111)] = { SI_SQDMLSL, TD_LONG },
    [UOP4(0, 0b1000)] = { SI_MUL, 0 },           [UOP4(0, 0b1010)] = { SI_MUL, TD_LONG },
    [UOP4(0, 0b1011)] = { SI_SQDMULL, TD_LONG }, [UOP4(0, 0b1100)] = { SI_SQDMULH, 0 },
    [UOP4(0, 0b1101)] = { SI_SQRDMULH, 0 },
    [UOP4(1, 0b0000)] = { SI_MLA, 0 },           [UOP4(1, 0b0010)] = { SI_MLA, TD_LONG },
    [UOP4(1, 0b0100)] = { SI_MLS, 0 },           [UOP4(1, 0b0110)] = { SI_MLS, TD_LONG },
    [UOP4(1, 0b1010)] = { SI_MUL, TD_LONG },
};

/* ---- Decode functions --------------------------------------------------------------------- */

/* Rd, Rn, Rm and the cost every Advanced SIMD instruction has. */
static void simd_regs(struct insn *i, uint32_t w)
{
    i->rd = (uint8_t)bits(w, 4, 0);
    i->rn = (uint8_t)bits(w, 9, 5);
    i->rm = (uint8_t)bits(w, 20, 16);
    i->cost = TIMING_FP;
}

/* The issue cost: the integer multiplies have the FP multiply's latency (the A72's FP/ASIMD pipes
 * run both); the rest that of a simple FP/ASIMD operation. Only the shapes whose op is an
 * enum simd_int_op can be multiplies. */
static uint8_t int_cost(exec_fn exec, unsigned op)
{
    if (exec != exec_simd_same && exec != exec_simd_same_elem && exec != exec_simd_long &&
        exec != exec_simd_long_elem)
        return TIMING_FP;
    switch ((enum simd_int_op)op) {
    case SI_MUL: case SI_MLA: case SI_MLS: case SI_PMUL: case SI_SQDMULH: case SI_SQRDMULH:
    case SI_SQDMULL: case SI_SQDMLAL: case SI_SQDMLSL:
        return TIMING_FP_MUL;
    default:
        return TIMING_FP;
    }
}

/* The generic elementwise handlers give way to a fast one where a64_simd_fast.c has it (i->imm
 * already set for the immediate forms). */
static void use_fast_path(struct insn *i)
{
    exec_fn f = NULL;
    if (i->exec == exec_simd_same)
        f = simd_fast_same(i->op, 0);
    else if (i->exec == exec_simd_same_imm)
        f = i->op == SI_USHL ? simd_fast_shift(i->imm) : simd_fast_same(i->op, 1);
    else if (i->exec == exec_simd_pairwise)
        f = simd_fast_pairwise(i->op, i->ra);
    if (f)
        i->exec = f;
}

/* An elementwise vector operation on elements of 8 << sz bits: Q selects 64 or 128 bits. */
static enum decode_result vector_op(struct insn *i, exec_fn exec, unsigned op, unsigned sz, unsigned q)
{
    i->exec = exec;
    i->op = (uint8_t)op;
    i->op2 = (uint8_t)sz;
    i->sf = (uint8_t)q;
    i->ra = (uint8_t)((q ? 16u : 8u) >> sz);
    i->cost = int_cost(exec, op);
    use_fast_path(i);
    return DECODE_OK;
}

/* The scalar form: one element, the rest of the register zeroed. */
static enum decode_result scalar_op(struct insn *i, exec_fn exec, unsigned op, unsigned sz)
{
    i->exec = exec;
    i->op = (uint8_t)op;
    i->op2 = (uint8_t)sz;
    i->sf = 0;
    i->ra = 1;
    i->cost = int_cost(exec, op);
    if (sz == 3)                                /* one 64-bit lane: the vector fast paths fit */
        use_fast_path(i);
    return DECODE_OK;
}

/* Advanced SIMD scalar copy: DUP (element), scalar. imm5 = x0000 is reserved. */
static enum decode_result decode_scalar_copy(struct insn *i, uint32_t w)
{
    if (!(U(w) == 0 && bits(w, 14, 11) == 0 && bits(w, 19, 16) != 0))
        return DECODE_UNALLOCATED;
    unsigned imm5 = bits(w, 20, 16), size = (unsigned)__builtin_ctz(imm5);
    simd_regs(i, w);
    i->imm = imm5 >> (size + 1);
    return scalar_op(i, exec_simd_dup_elem, 0, size);
}

/* Advanced SIMD copy: DUP, INS, SMOV, UMOV. The element size is imm5's lowest set bit. */
static enum decode_result decode_simd_copy(struct insn *i, uint32_t w)
{
    unsigned imm5 = bits(w, 20, 16), imm4 = bits(w, 14, 11), q = Q(w);
    if ((imm5 & 0xf) == 0)
        return DECODE_UNALLOCATED;
    unsigned size = (unsigned)__builtin_ctz(imm5);
    simd_regs(i, w);
    i->op2 = (uint8_t)size;
    i->imm = imm5 >> (size + 1);
    i->sf = (uint8_t)q;
    if (U(w)) {                                 /* INS (element) */
        if (!q)
            return DECODE_UNALLOCATED;
        i->aux = imm4 >> size;
        i->exec = exec_simd_ins_elem;
        return DECODE_OK;
    }
    switch (imm4) {
    case 0b0000:                                /* DUP (element) */
    case 0b0001:                                /* DUP (general) */
        if (size == 3 && !q)
            return DECODE_UNALLOCATED;
        i->ra = (uint8_t)((q ? 16u : 8u) >> size);
        i->exec = imm4 ? exec_simd_dup_gen : exec_simd_dup_elem;
        return DECODE_OK;
    case 0b0011:                                /* INS (general) */
        if (!q)
            return DECODE_UNALLOCATED;
        i->exec = exec_simd_ins_gen;
        return DECODE_OK;
    case 0b0101:                                /* SMOV: to W from B/H, to X from B/H/S */
        if (!(size < 2 || (size == 2 && q)))
            return DECODE_UNALLOCATED;
        i->exec = exec_simd_smov;
        return DECODE_OK;
    case 0b0111:                                /* UMOV: to W from B/H/S, to X from D */
        if (!(q ? size == 3 : size < 3))
            return DECODE_UNALLOCATED;
        i->exec = exec_simd_umov;
        return DECODE_OK;
    default:
        return DECODE_UNALLOCATED;
    }
}

static enum decode_result decode_simd_three_same(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 5 | bits(w, 15, 11), size = SIZE(w), q = Q(w), opcode = bits(w, 15, 11);
    if (!size_allowed(simd_three_same[key], size, q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    if (opcode >= 0b11000)
        return simd_fp_decode_three_same(i, w, 0);
    if (opcode == 0b00011)
        return vector_op(i, exec_simd_same, logic_op[U(w) << 2 | size], 3, q);
    unsigned op = three_same_int_op[key] - 1u;
    int pairwise = opcode == 0b10100 || opcode == 0b10101 || key == UOP(0, 0b10111);
    return vector_op(i, pairwise ? exec_simd_pairwise : exec_simd_same, op, size, q);
}

static enum decode_result decode_scalar_three_same(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 5 | bits(w, 15, 11), size = SIZE(w);
    if (!size_allowed(scalar_three_same[key], size, ANY_Q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    if (bits(w, 15, 11) >= 0b11000)
        return simd_fp_decode_three_same(i, w, 1);
    return scalar_op(i, exec_simd_same, three_same_int_op[key] - 1u, size);
}

/* Three different: long, wide, high-narrow forms and PMULL. The "2" forms (Q = 1) take the upper
 * halves of their narrow operands, or write the upper half of a narrow result. */
static enum decode_result decode_simd_three_diff(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 4 | bits(w, 15, 12), size = SIZE(w);
    if (!size_allowed(simd_three_diff[key], size, ANY_Q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    i->op = three_diff_op[key].op;
    i->cost = three_diff_op[key].shape == TD_PMULL ? TIMING_FP_MUL : int_cost(exec_simd_long, i->op);
    i->op2 = (uint8_t)size;
    i->sf = 1;
    i->ra = (uint8_t)(8u >> size);
    i->aux = (Q(w) ? SIMD_PART2 : 0) | (U(w) ? 0 : SIMD_SIGNED);
    switch (three_diff_op[key].shape) {
    case TD_LONG: i->exec = exec_simd_long; break;
    case TD_WIDE: i->exec = exec_simd_wide; break;
    case TD_NARROW:
        i->aux = (Q(w) ? SIMD_PART2 : 0) | (U(w) ? SIMD_ROUND : 0);
        i->exec = exec_simd_high_narrow;
        break;
    default: i->exec = exec_simd_pmull; break;
    }
    return DECODE_OK;
}

/* Scalar three different: SQDMLAL, SQDMLSL, SQDMULL (Sd from Hn/Hm, Dd from Sn/Sm). */
static enum decode_result decode_scalar_three_diff(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 4 | bits(w, 15, 12), size = SIZE(w);
    if (!size_allowed(scalar_three_diff[key], size, ANY_Q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    i->aux = SIMD_SIGNED;
    return scalar_op(i, exec_simd_long, three_diff_op[key].op, size);
}

static enum decode_result decode_simd_two_misc(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 5 | bits(w, 16, 12), size = SIZE(w), q = Q(w), opcode = bits(w, 16, 12);
    if (!size_allowed(simd_two_misc[key], size, q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    if (two_misc_int_op[key])
        return vector_op(i, exec_simd_same_imm, two_misc_int_op[key] - 1u, size, q);
    if (two_misc_narrow_op[key]) {
        vector_op(i, exec_simd_narrow, two_misc_narrow_op[key] - 1u, size, 0);
        i->aux = q ? SIMD_PART2 : 0;
        return DECODE_OK;
    }
    switch (key) {
    case UOP(0, 0b00000): i->imm = 8; return vector_op(i, exec_simd_rev, 0, size, q);   /* REV64 */
    case UOP(0, 0b00001): i->imm = 2; return vector_op(i, exec_simd_rev, 0, size, q);   /* REV16 */
    case UOP(1, 0b00000): i->imm = 4; return vector_op(i, exec_simd_rev, 0, size, q);   /* REV32 */
    case UOP(1, 0b00101):                                                               /* NOT, RBIT */
        return vector_op(i, exec_simd_same_imm, size ? SI_RBIT : SI_NOT, 0, q);
    case UOP(0, 0b00010): case UOP(1, 0b00010):                 /* SADDLP, UADDLP */
    case UOP(0, 0b00110): case UOP(1, 0b00110):                 /* SADALP, UADALP */
        vector_op(i, exec_simd_pairwise_long, 0, size, q);
        i->ra = (uint8_t)((q ? 8u : 4u) >> size);
        i->aux = (U(w) ? 0 : SIMD_SIGNED) | (opcode == 0b00110 ? SIMD_ACC : 0);
        return DECODE_OK;
    case UOP(1, 0b10011):                                       /* SHLL: shift by esize */
        vector_op(i, exec_simd_long_imm, SI_USHL, size, 1);
        i->ra = (uint8_t)(8u >> size);
        i->imm = 8 << size;
        i->aux = q ? SIMD_PART2 : 0;
        return DECODE_OK;
    case UOP(0, 0b11100): case UOP(1, 0b11100):                 /* URECPE, URSQRTE (else FP) */
        if (size == 2)
            return vector_op(i, exec_simd_same_imm, U(w) ? SI_URSQRTE : SI_URECPE, 2, q);
        return simd_fp_decode_two_misc(i, w, 0);
    default:
        return simd_fp_decode_two_misc(i, w, 0);
    }
}

static enum decode_result decode_scalar_two_misc(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 5 | bits(w, 16, 12), size = SIZE(w);
    if (!size_allowed(scalar_two_misc[key], size, ANY_Q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    if (two_misc_int_op[key])
        return scalar_op(i, exec_simd_same_imm, two_misc_int_op[key] - 1u, size);
    if (two_misc_narrow_op[key])
        return scalar_op(i, exec_simd_narrow, two_misc_narrow_op[key] - 1u, size);
    return simd_fp_decode_two_misc(i, w, 1);
}

static enum decode_result decode_simd_across_lanes(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 5 | bits(w, 16, 12), size = SIZE(w), q = Q(w);
    if (!size_allowed(simd_across_lanes[key], size, q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    if (!across_int_op[key])
        return simd_fp_decode_across(i, w);
    vector_op(i, exec_simd_across, across_int_op[key] - 1u, size, q);
    int long_form = bits(w, 16, 12) == 0b00011;                /* SADDLV, UADDLV */
    i->imm = long_form ? size + 1 : size;
    i->aux = U(w) ? 0 : SIMD_SIGNED;
    return DECODE_OK;
}

static enum decode_result decode_scalar_pairwise(struct insn *i, uint32_t w)
{
    unsigned key = U(w) << 5 | bits(w, 16, 12), size = SIZE(w);
    if (!size_allowed(scalar_pairwise[key], size, ANY_Q))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    if (key != UOP(0, 0b11011))
        return simd_fp_decode_pairwise(i, w);
    i->rm = i->rn;                                              /* ADDP Dd, Vn.2D */
    return scalar_op(i, exec_simd_pairwise, SI_ADD, 3);
}

/* Shift by immediate: immh (22:19) != 0 gives the element size (its highest set bit). */
static unsigned immh_size(uint32_t w)
{
    return 31u - (unsigned)__builtin_clz(bits(w, 22, 19));
}

/* Shift by immediate, vector (scalar = 0) or scalar. The shift amount is immh:immb - esize (left)
 * or 2 * esize - immh:immb (right); the narrowing and long forms have esize = the narrow size. */
static enum decode_result decode_shift_imm(struct insn *i, uint32_t w, int scalar)
{
    unsigned key = U(w) << 5 | bits(w, 15, 11), size = immh_size(w), q = Q(w);
    unsigned esize = 8u << size, immhb = bits(w, 22, 16);
    simd_regs(i, w);
    if (shift_imm_op[key].kind == 0)
        return simd_fp_decode_shift_imm(i, w, scalar);
    unsigned op = shift_imm_op[key].op;
    int right = (int)(2 * esize - immhb), left = (int)(immhb - esize);
    switch (shift_imm_op[key].kind) {
    case SH_RIGHT:
        i->imm = -right;
        break;
    case SH_LEFT:
        i->imm = left;
        break;
    case SH_NARROW:
        if (scalar)
            scalar_op(i, exec_simd_narrow, op, size);
        else
            vector_op(i, exec_simd_narrow, op, size, 0);
        i->aux = (!scalar && q) ? SIMD_PART2 : 0;
        i->imm = right;
        return DECODE_OK;
    default:                                                    /* SSHLL, USHLL */
        vector_op(i, exec_simd_long_imm, op, size, 1);
        i->ra = (uint8_t)(8u >> size);
        i->aux = (q ? SIMD_PART2 : 0) | (U(w) ? 0 : SIMD_SIGNED);
        i->imm = left;
        return DECODE_OK;
    }
    return scalar ? scalar_op(i, exec_simd_same_imm, op, size)
                  : vector_op(i, exec_simd_same_imm, op, size, q);
}

static enum decode_result decode_simd_shift_imm(struct insn *i, uint32_t w)
{
    if (!size_allowed(simd_shift_imm[U(w) << 5 | bits(w, 15, 11)], immh_size(w), Q(w)))
        return DECODE_UNALLOCATED;
    return decode_shift_imm(i, w, 0);
}

static enum decode_result decode_scalar_shift_imm(struct insn *i, uint32_t w)
{
    if (bits(w, 22, 19) == 0)
        return DECODE_UNALLOCATED;
    if (!size_allowed(scalar_shift_imm[U(w) << 5 | bits(w, 15, 11)], immh_size(w), ANY_Q))
        return DECODE_UNALLOCATED;
    return decode_shift_imm(i, w, 1);
}

/* By element: the FP forms also reserve sz:L = 11 (a double's index is H alone). */
static int by_element_allowed(uint8_t rule, uint32_t w, unsigned q)
{
    if (rule == F_HI && SIZE(w) == 3 && bit(w, 21))
        return 0;
    return size_allowed(rule, SIZE(w), q);
}

/* By element, integer forms: 16-bit elements index with H:L:M and Vm is V0-V15; 32-bit ones
 * index with H:L and Vm is M:Rm. */
static enum decode_result decode_by_element(struct insn *i, uint32_t w, int scalar)
{
    unsigned key = U(w) << 4 | bits(w, 15, 12), size = SIZE(w), q = Q(w);
    simd_regs(i, w);
    if (by_element_op[key].op == 0 && by_element_op[key].shape == 0)
        return simd_fp_decode_by_element(i, w, scalar);
    unsigned h = bit(w, 11), l = bit(w, 21), m = bit(w, 20), index;
    if (size == 1) {
        index = h << 2 | l << 1 | m;
        i->rm = (uint8_t)bits(w, 19, 16);
    } else {
        index = h << 1 | l;
    }
    unsigned op = by_element_op[key].op;
    if (by_element_op[key].shape == TD_LONG) {
        if (scalar)
            scalar_op(i, exec_simd_long_elem, op, size);
        else
            vector_op(i, exec_simd_long_elem, op, size, 1);
        if (!scalar)
            i->ra = (uint8_t)(8u >> size);
        i->aux = index << SIMD_IDX_SHIFT | (q && !scalar ? SIMD_PART2 : 0) | (U(w) ? 0 : SIMD_SIGNED);
        return DECODE_OK;
    }
    if (scalar)
        scalar_op(i, exec_simd_same_elem, op, size);
    else
        vector_op(i, exec_simd_same_elem, op, size, q);
    i->aux = index << SIMD_IDX_SHIFT;
    return DECODE_OK;
}

static enum decode_result decode_simd_by_element(struct insn *i, uint32_t w)
{
    if (!by_element_allowed(simd_by_element[U(w) << 4 | bits(w, 15, 12)], w, Q(w)))
        return DECODE_UNALLOCATED;
    return decode_by_element(i, w, 0);
}

static enum decode_result decode_scalar_by_element(struct insn *i, uint32_t w)
{
    if (!by_element_allowed(scalar_by_element[U(w) << 4 | bits(w, 15, 12)], w, ANY_Q))
        return DECODE_UNALLOCATED;
    return decode_by_element(i, w, 1);
}

/* TBL, TBX: op2 (23:22) must be 00. len (14:13) + 1 table registers; op (12) = TBX. */
static enum decode_result decode_simd_table(struct insn *i, uint32_t w)
{
    if (SIZE(w) != 0)
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    i->exec = exec_simd_tbl;
    i->ra = (uint8_t)(bits(w, 14, 13) + 1);
    i->op = (uint8_t)bit(w, 12);
    i->sf = (uint8_t)Q(w);
    return DECODE_OK;
}

/* UZP1/2, TRN1/2, ZIP1/2: opcode x00 is unallocated; size:Q = 110 is reserved. */
static enum decode_result decode_simd_permute(struct insn *i, uint32_t w)
{
    if (!(bits(w, 13, 12) != 0 && size_allowed(SZ_ALL, SIZE(w), Q(w))))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    return vector_op(i, exec_simd_permute, bits(w, 14, 12), SIZE(w), Q(w));
}

/* EXT: op2 must be 00; a 64-bit vector has byte positions 0-7 only. */
static enum decode_result decode_simd_extract(struct insn *i, uint32_t w)
{
    if (!(SIZE(w) == 0 && (Q(w) || bit(w, 14) == 0)))
        return DECODE_UNALLOCATED;
    simd_regs(i, w);
    i->imm = bits(w, 14, 11);
    return vector_op(i, exec_simd_ext, 0, 0, Q(w));
}

/* AdvSIMDExpandImm(): the 64-bit pattern of MOVI/MVNI/ORR/BIC (cmode != 1111). */
static uint64_t adv_simd_expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    uint64_t v;
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:             /* 32-bit, LSL #0/8/16/24 */
        v = imm8 << (8 * (cmode >> 1));
        return v << 32 | v;
    case 4: case 5:                             /* 16-bit, LSL #0/8 */
        v = imm8 << (8 * (cmode >> 1 & 1));
        return v * 0x0001000100010001ull;
    case 6:                                     /* 32-bit, MSL #8/16: ones shifted in */
        v = (cmode & 1) ? (imm8 << 16 | 0xffff) : (imm8 << 8 | 0xff);
        return v << 32 | v;
    default:                                    /* cmode = 1110 */
        if (op == 0)
            return imm8 * 0x0101010101010101ull;
        v = 0;
        for (unsigned b = 0; b < 8; b++)
            if (imm8 >> b & 1)
                v |= 0xffull << (8 * b);
        return v;
    }
}

/* Advanced SIMD modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector, immediate).
 * o2 = 1 is FMOV (half-precision), ARMv8.2; op = 1, cmode = 1111, Q = 0 is unallocated. */
static enum decode_result decode_simd_modified_imm(struct insn *i, uint32_t w)
{
    unsigned op = U(w), cmode = bits(w, 15, 12), q = Q(w);
    if (bit(w, 11))
        return DECODE_UNALLOCATED;
    uint32_t imm8 = bits(w, 18, 16) << 5 | bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    i->cost = TIMING_FP;
    i->sf = (uint8_t)q;
    if (cmode != 0b1111) {
        uint64_t imm = adv_simd_expand_imm(op, cmode, imm8);
        /* cmode 0xx1 and 10x1 are ORR (op = 0) and BIC (op = 1); the rest MOVI (op = 0, or the
         * 64-bit form cmode = 1110) and MVNI. */
        if ((cmode & 1) && cmode < 0b1100) {
            i->imm = (int64_t)imm;
            i->exec = op ? exec_simd_bic_imm : exec_simd_orr_imm;
        } else {
            i->imm = (int64_t)(op && cmode != 0b1110 ? ~imm : imm);
            i->exec = exec_simd_movi;
        }
        return DECODE_OK;
    }
    if (op == 1 && q == 0)
        return DECODE_UNALLOCATED;
    if (op == 0) {                              /* FMOV Vd.2S/4S: the single replicated */
        uint64_t s = vfp_expand_imm(imm8, 32);
        i->imm = (int64_t)(s << 32 | s);
    } else {                                    /* FMOV Vd.2D */
        i->imm = (int64_t)vfp_expand_imm(imm8, 64);
    }
    i->exec = q ? exec_fmov_imm_both : exec_fmov_imm_low;
    return DECODE_OK;
}

/* ---- The encoding table ------------------------------------------------------------------- */

static const struct a64_encoding rows[] = {
    /* Advanced SIMD scalar (op0 = 01x1) */
    { 0xdfe08400, 0x5e000400, "Advanced SIMD scalar copy", decode_scalar_copy },
    { 0xdf3e0c00, 0x5e200800, "Advanced SIMD scalar two-register miscellaneous", decode_scalar_two_misc },
    { 0xdf3e0c00, 0x5e300800, "Advanced SIMD scalar pairwise", decode_scalar_pairwise },
    { 0xdf200c00, 0x5e200000, "Advanced SIMD scalar three different", decode_scalar_three_diff },
    { 0xdf200400, 0x5e200400, "Advanced SIMD scalar three same", decode_scalar_three_same },
    { 0xdf800400, 0x5f000400, "Advanced SIMD scalar shift by immediate", decode_scalar_shift_imm },
    { 0xdf000400, 0x5f000000, "Advanced SIMD scalar x indexed element", decode_scalar_by_element },
    /* Advanced SIMD vector (op0 = 0xx0) */
    { 0xbf208c00, 0x0e000000, "Advanced SIMD table lookup", decode_simd_table },
    { 0xbf208c00, 0x0e000800, "Advanced SIMD permute", decode_simd_permute },
    { 0xbf208400, 0x2e000000, "Advanced SIMD extract", decode_simd_extract },
    { 0x9fe08400, 0x0e000400, "Advanced SIMD copy", decode_simd_copy },
    { 0x9f3e0c00, 0x0e200800, "Advanced SIMD two-register miscellaneous", decode_simd_two_misc },
    { 0x9f3e0c00, 0x0e300800, "Advanced SIMD across lanes", decode_simd_across_lanes },
    { 0x9f200c00, 0x0e200000, "Advanced SIMD three different", decode_simd_three_diff },
    { 0x9f200400, 0x0e200400, "Advanced SIMD three same", decode_simd_three_same },
    { 0x9ff80400, 0x0f000400, "Advanced SIMD modified immediate", decode_simd_modified_imm },
    /* Shift by immediate is op1 = 10 with immh != 0000: one row per position of immh's top bit. */
    { 0x9fc00400, 0x0f400400, "Advanced SIMD shift by immediate (immh = 1xxx)", decode_simd_shift_imm },
    { 0x9fe00400, 0x0f200400, "Advanced SIMD shift by immediate (immh = 01xx)", decode_simd_shift_imm },
    { 0x9ff00400, 0x0f100400, "Advanced SIMD shift by immediate (immh = 001x)", decode_simd_shift_imm },
    { 0x9ff80400, 0x0f080400, "Advanced SIMD shift by immediate (immh = 0001)", decode_simd_shift_imm },
    { 0x9f000400, 0x0f000000, "Advanced SIMD vector x indexed element", decode_simd_by_element },
};

const struct a64_encoding_group a64_group_simd = { "simd", rows, sizeof(rows) / sizeof(rows[0]) };
