/* Data Processing -- Advanced SIMD, scalar and vector (Arm ARM C4.1, op0 = 0xx0 and 01x1).
 *
 * One row per encoding class of the Arm ARM's table; each row's decode fn checks the class's
 * unallocated combinations against ARMv8.0-A, the Cortex-A72's feature set: the later extensions
 * that live in this space (FP16 arithmetic, RDM, dot product, FCMA, FHM, BFloat16) are unallocated.
 *
 * Most classes are checked with tables indexed by U:opcode whose entries say which element sizes
 * are allocated (enum size_rule). Only FMOV (vector, immediate) is implemented so far; every other
 * allocated encoding decodes to DECODE_UNIMPLEMENTED (UNDEFINED in the guest).
 */
#include "a64_fpsimd.h"


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

/* Advanced SIMD scalar copy: DUP (element), scalar. imm5 = x0000 is reserved. */
static enum decode_result decode_scalar_copy(struct insn *i, uint32_t w)
{
    return allocated_if(U(w) == 0 && bits(w, 14, 11) == 0 && bits(w, 19, 16) != 0);
}

/* Advanced SIMD copy: DUP, INS, SMOV, UMOV. The element size is imm5's lowest set bit. */
static enum decode_result decode_simd_copy(struct insn *i, uint32_t w)
{
    unsigned imm5 = bits(w, 20, 16), imm4 = bits(w, 14, 11), q = Q(w);
    if ((imm5 & 0xf) == 0)
        return DECODE_UNALLOCATED;
    unsigned size = (unsigned)__builtin_ctz(imm5);
    if (U(w))                                   /* INS (element) */
        return allocated_if(q);
    switch (imm4) {
    case 0b0000:                                /* DUP (element) */
    case 0b0001:                                /* DUP (general) */
        return allocated_if(size < 3 || q);
    case 0b0011:                                /* INS (general) */
        return allocated_if(q);
    case 0b0101:                                /* SMOV: to W from B/H, to X from B/H/S */
        return allocated_if(size < 2 || (size == 2 && q));
    case 0b0111:                                /* UMOV: to W from B/H/S, to X from D */
        return allocated_if(q ? size == 3 : size < 3);
    default:
        return DECODE_UNALLOCATED;
    }
}

static enum decode_result decode_simd_three_same(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(simd_three_same[U(w) << 5 | bits(w, 15, 11)], SIZE(w), Q(w)));
}

static enum decode_result decode_scalar_three_same(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(scalar_three_same[U(w) << 5 | bits(w, 15, 11)], SIZE(w), ANY_Q));
}

static enum decode_result decode_simd_three_diff(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(simd_three_diff[U(w) << 4 | bits(w, 15, 12)], SIZE(w), ANY_Q));
}

static enum decode_result decode_scalar_three_diff(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(scalar_three_diff[U(w) << 4 | bits(w, 15, 12)], SIZE(w), ANY_Q));
}

static enum decode_result decode_simd_two_misc(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(simd_two_misc[U(w) << 5 | bits(w, 16, 12)], SIZE(w), Q(w)));
}

static enum decode_result decode_scalar_two_misc(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(scalar_two_misc[U(w) << 5 | bits(w, 16, 12)], SIZE(w), ANY_Q));
}

static enum decode_result decode_simd_across_lanes(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(simd_across_lanes[U(w) << 5 | bits(w, 16, 12)], SIZE(w), Q(w)));
}

static enum decode_result decode_scalar_pairwise(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(scalar_pairwise[U(w) << 5 | bits(w, 16, 12)], SIZE(w), ANY_Q));
}

/* Shift by immediate: immh (22:19) != 0 gives the element size (its highest set bit). */
static unsigned immh_size(uint32_t w)
{
    return 31u - (unsigned)__builtin_clz(bits(w, 22, 19));
}

static enum decode_result decode_simd_shift_imm(struct insn *i, uint32_t w)
{
    return allocated_if(size_allowed(simd_shift_imm[U(w) << 5 | bits(w, 15, 11)], immh_size(w), Q(w)));
}

static enum decode_result decode_scalar_shift_imm(struct insn *i, uint32_t w)
{
    if (bits(w, 22, 19) == 0)
        return DECODE_UNALLOCATED;
    return allocated_if(size_allowed(scalar_shift_imm[U(w) << 5 | bits(w, 15, 11)], immh_size(w), ANY_Q));
}

/* By element: the FP forms also reserve sz:L = 11 (a double's index is H alone). */
static int by_element_allowed(uint8_t rule, uint32_t w, unsigned q)
{
    if (rule == F_HI && SIZE(w) == 3 && bit(w, 21))
        return 0;
    return size_allowed(rule, SIZE(w), q);
}

static enum decode_result decode_simd_by_element(struct insn *i, uint32_t w)
{
    return allocated_if(by_element_allowed(simd_by_element[U(w) << 4 | bits(w, 15, 12)], w, Q(w)));
}

static enum decode_result decode_scalar_by_element(struct insn *i, uint32_t w)
{
    return allocated_if(by_element_allowed(scalar_by_element[U(w) << 4 | bits(w, 15, 12)], w, ANY_Q));
}

/* TBL, TBX: op2 (23:22) must be 00. */
static enum decode_result decode_simd_table(struct insn *i, uint32_t w)
{
    return allocated_if(SIZE(w) == 0);
}

/* UZP1/2, TRN1/2, ZIP1/2: opcode x00 is unallocated; size:Q = 110 is reserved. */
static enum decode_result decode_simd_permute(struct insn *i, uint32_t w)
{
    return allocated_if(bits(w, 13, 12) != 0 && size_allowed(SZ_ALL, SIZE(w), Q(w)));
}

/* EXT: op2 must be 00; a 64-bit vector has byte positions 0-7 only. */
static enum decode_result decode_simd_extract(struct insn *i, uint32_t w)
{
    return allocated_if(SIZE(w) == 0 && (Q(w) || bit(w, 14) == 0));
}

/* Advanced SIMD modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector, immediate).
 * o2 = 1 is FMOV (half-precision), ARMv8.2; op = 1, cmode = 1111, Q = 0 is unallocated. */
static enum decode_result decode_simd_modified_imm(struct insn *i, uint32_t w)
{
    unsigned op = U(w), cmode = bits(w, 15, 12), q = Q(w);
    if (bit(w, 11))
        return DECODE_UNALLOCATED;
    if (cmode != 0b1111)
        return DECODE_UNIMPLEMENTED;
    if (op == 1 && q == 0)
        return DECODE_UNALLOCATED;
    uint32_t imm8 = bits(w, 18, 16) << 5 | bits(w, 9, 5);
    i->rd = (uint8_t)bits(w, 4, 0);
    i->cost = TIMING_FP;
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
