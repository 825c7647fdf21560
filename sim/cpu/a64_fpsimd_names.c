/* Mnemonics of the FP/SIMD/crypto encodings (a64_fpsimd_names.h), from the Arm ARM's encoding
 * tables (C4.1, "Data Processing -- Scalar Floating-Point and Advanced SIMD"): each class maps its
 * opcode fields to a name; the "2" suffix of the upper-half forms and the preferred aliases follow
 * the instruction pages' "Alias conditions". The class is found by the same mask/match pairs as the
 * decoder's rows (a64_fp.c, a64_simd.c, a64_crypto.c). */
#include <stddef.h>

#include "a64_fpsimd_names.h"
#include "insn.h"

#define U_(w) bit(w, 29)
#define Q_(w) bit(w, 30)
#define SZ1(w) bit(w, 23) /* size<1>: the second FP opcode bit */

/* ---- Scalar floating point ---- */

static const char *fp_int_conv(uint32_t w)
{
    static const char *const names[4][8] = {
        { "fcvtns", "fcvtnu", "scvtf", "ucvtf", "fcvtas", "fcvtau", "fmov", "fmov" },
        { "fcvtps", "fcvtpu", NULL, NULL, NULL, NULL, "fmov", "fmov" },
        { "fcvtms", "fcvtmu", NULL, NULL, NULL, NULL, NULL, NULL },
        { "fcvtzs", "fcvtzu", NULL, NULL, NULL, NULL, NULL, NULL },
    };
    return names[bits(w, 20, 19)][bits(w, 18, 16)];
}

static const char *fp_fixed_conv(uint32_t w)
{
    static const char *const names[4][8] = {
        { NULL, NULL, "scvtf", "ucvtf" },
        { NULL },
        { NULL },
        { "fcvtzs", "fcvtzu" },
    };
    return names[bits(w, 20, 19)][bits(w, 18, 16)];
}

static const char *fp_one_source(uint32_t w)
{
    static const char *const names[16] = {
        "fmov", "fabs", "fneg", "fsqrt", "fcvt", "fcvt", "fcvt", "fcvt",
        "frintn", "frintp", "frintm", "frintz", "frinta", NULL, "frintx", "frinti",
    };
    unsigned opcode = bits(w, 20, 15);
    return opcode < 16 ? names[opcode] : NULL;
}

static const char *fp_two_source(uint32_t w)
{
    static const char *const names[16] = { "fmul", "fdiv", "fadd", "fsub", "fmax", "fmin", "fmaxnm",
                                           "fminnm", "fnmul" };
    return names[bits(w, 15, 12)];
}

static const char *fp_three_source(uint32_t w)
{
    static const char *const names[4] = { "fmadd", "fmsub", "fnmadd", "fnmsub" };
    return names[bit(w, 21) << 1 | bit(w, 15)];
}

/* ---- Advanced SIMD ---- */

/* Three same, integer opcodes 00000..10111 (U:opcode) and the FP ones 11000..11111 by size<1>. */
static const char *three_same(uint32_t w, int scalar)
{
    static const char *const names[2][24] = {
        { "shadd", "sqadd", "srhadd", NULL, "shsub", "sqsub", "cmgt", "cmge", "sshl", "sqshl", "srshl",
          "sqrshl", "smax", "smin", "sabd", "saba", "add", "cmtst", "mla", "mul", "smaxp", "sminp",
          "sqdmulh", "addp" },
        { "uhadd", "uqadd", "urhadd", NULL, "uhsub", "uqsub", "cmhi", "cmhs", "ushl", "uqshl", "urshl",
          "uqrshl", "umax", "umin", "uabd", "uaba", "sub", "cmeq", "mls", "pmul", "umaxp", "uminp",
          "sqrdmulh", NULL },
    };
    static const char *const fp[2][2][8] = {
        { { "fmaxnm", "fmla", "fadd", "fmulx", "fcmeq", NULL, "fmax", "frecps" },
          { "fminnm", "fmls", "fsub", NULL, NULL, NULL, "fmin", "frsqrts" } },
        { { "fmaxnmp", NULL, "faddp", "fmul", "fcmge", "facge", "fmaxp", "fdiv" },
          { "fminnmp", NULL, "fabd", NULL, "fcmgt", "facgt", "fminp", NULL } },
    };
    static const char *const logic[2][4] = { { "and", "bic", "orr", "orn" }, { "eor", "bsl", "bit", "bif" } };
    unsigned opcode = bits(w, 15, 11), u = U_(w);
    if (opcode >= 0b11000)
        return fp[u][SZ1(w)][opcode - 0b11000];
    if (opcode == 0b00011 && !scalar) {
        /* MOV (vector): ORR with Rn == Rm */
        if (!u && bits(w, 23, 22) == 2 && bits(w, 9, 5) == bits(w, 20, 16))
            return "mov";
        return logic[u][bits(w, 23, 22)];
    }
    return names[u][opcode];
}

static const char *three_diff(uint32_t w, int scalar)
{
    static const char *const names[2][15] = {
        { "saddl", "saddw", "ssubl", "ssubw", "addhn", "sabal", "subhn", "sabdl", "smlal", "sqdmlal",
          "smlsl", "sqdmlsl", "smull", "sqdmull", "pmull" },
        { "uaddl", "uaddw", "usubl", "usubw", "raddhn", "uabal", "rsubhn", "uabdl", "umlal", NULL,
          "umlsl", NULL, "umull", NULL, NULL },
    };
    static const char *const names2[2][15] = {
        { "saddl2", "saddw2", "ssubl2", "ssubw2", "addhn2", "sabal2", "subhn2", "sabdl2", "smlal2",
          "sqdmlal2", "smlsl2", "sqdmlsl2", "smull2", "sqdmull2", "pmull2" },
        { "uaddl2", "uaddw2", "usubl2", "usubw2", "raddhn2", "uabal2", "rsubhn2", "uabdl2", "umlal2", NULL,
          "umlsl2", NULL, "umull2", NULL, NULL },
    };
    unsigned opcode = bits(w, 15, 12);
    if (opcode == 15)
        return NULL;
    return (Q_(w) && !scalar ? names2 : names)[U_(w)][opcode];
}

static const char *two_misc(uint32_t w, int scalar)
{
    static const char *const names[2][12] = {
        { "rev64", "rev16", "saddlp", "suqadd", "cls", "cnt", "sadalp", "sqabs", "cmgt", "cmeq", "cmlt",
          "abs" },
        { "rev32", NULL, "uaddlp", "usqadd", "clz", NULL, "uadalp", "sqneg", "cmge", "cmle", NULL, "neg" },
    };
    /* 01100..01111 with size<1> = 1: the compares with zero and FABS/FNEG */
    static const char *const fp_zero[2][4] = { { "fcmgt", "fcmeq", "fcmlt", "fabs" },
                                               { "fcmge", "fcmle", NULL, "fneg" } };
    /* 11000..11111 by U and size<1> */
    static const char *const fp_ops[2][2][8] = {
        { { "frintn", "frintm", "fcvtns", "fcvtms", "fcvtas", "scvtf", NULL, NULL },
          { "frintp", "frintz", "fcvtps", "fcvtzs", "urecpe", "frecpe", NULL, "frecpx" } },
        { { "frinta", "frintx", "fcvtnu", "fcvtmu", "fcvtau", "ucvtf", NULL, NULL },
          { NULL, "frinti", "fcvtpu", "fcvtzu", "ursqrte", "frsqrte", NULL, "fsqrt" } },
    };
    unsigned opcode = bits(w, 16, 12), u = U_(w);
    int q = Q_(w) && !scalar;
    if (opcode < 12) {
        if (u && opcode == 0b00101)  /* NOT (preferred disassembly MVN) and RBIT */
            return bits(w, 23, 22) == 0 ? "mvn" : "rbit";
        return names[u][opcode];
    }
    if (opcode < 16)
        return SZ1(w) ? fp_zero[u][opcode - 12] : NULL;
    if (opcode >= 0b11000) {
        const char *n = fp_ops[u][SZ1(w)][opcode - 0b11000];
        if (scalar && n && n[0] == 'u' && n[1] == 'r') /* URECPE/URSQRTE have no scalar form */
            return NULL;
        return n;
    }
    switch (u << 5 | opcode) {
    case 0b010010: return q ? "xtn2" : "xtn";
    case 0b010100: return q ? "sqxtn2" : "sqxtn";
    case 0b010110: return q ? "fcvtn2" : "fcvtn";
    case 0b010111: return q ? "fcvtl2" : "fcvtl";
    case 0b110010: return q ? "sqxtun2" : "sqxtun";
    case 0b110011: return q ? "shll2" : "shll";
    case 0b110100: return q ? "uqxtn2" : "uqxtn";
    case 0b110110: return q ? "fcvtxn2" : "fcvtxn";
    default: return NULL;
    }
}

static const char *across_lanes(uint32_t w)
{
    unsigned opcode = bits(w, 16, 12), u = U_(w);
    switch (opcode) {
    case 0b00011: return u ? "uaddlv" : "saddlv";
    case 0b01010: return u ? "umaxv" : "smaxv";
    case 0b11010: return u ? "uminv" : "sminv";
    case 0b11011: return u ? NULL : "addv";
    case 0b01100: return SZ1(w) ? "fminnmv" : "fmaxnmv";
    case 0b01111: return SZ1(w) ? "fminv" : "fmaxv";
    default: return NULL;
    }
}

static const char *scalar_pairwise(uint32_t w)
{
    unsigned opcode = bits(w, 16, 12);
    switch (opcode) {
    case 0b11011: return "addp";
    case 0b01100: return SZ1(w) ? "fminnmp" : "fmaxnmp";
    case 0b01101: return "faddp";
    case 0b01111: return SZ1(w) ? "fminp" : "fmaxp";
    default: return NULL;
    }
}

static const char *copy(uint32_t w)
{
    unsigned imm5 = bits(w, 20, 16), imm4 = bits(w, 14, 11);
    if (U_(w))
        return "mov"; /* INS (element) */
    switch (imm4) {
    case 0b0000: return "dup";
    case 0b0001: return "dup";
    case 0b0011: return "mov"; /* INS (general) */
    case 0b0101: return "smov";
    case 0b0111:
        /* UMOV: MOV when Wd gets an S element or Xd a D element */
        if ((!Q_(w) && (imm5 & 7) == 4) || (Q_(w) && (imm5 & 15) == 8))
            return "mov";
        return "umov";
    default: return NULL;
    }
}

static const char *permute(uint32_t w)
{
    static const char *const names[8] = { NULL, "uzp1", "trn1", "zip1", NULL, "uzp2", "trn2", "zip2" };
    return names[bits(w, 14, 12)];
}

static const char *modified_imm(uint32_t w)
{
    unsigned cmode = bits(w, 15, 12), op = U_(w);
    if (cmode == 0b1111)
        return "fmov";
    if (cmode == 0b1110)
        return "movi";
    if (cmode < 0b1100 && (cmode & 1))
        return op ? "bic" : "orr";
    return op ? "mvni" : "movi";
}

static const char *shift_imm(uint32_t w, int scalar)
{
    static const char *const names[2][32] = {
        { [0] = "sshr", [2] = "ssra", [4] = "srshr", [6] = "srsra", [10] = "shl", [14] = "sqshl",
          [16] = "shrn", [17] = "rshrn", [18] = "sqshrn", [19] = "sqrshrn", [20] = "sshll", [28] = "scvtf",
          [31] = "fcvtzs" },
        { [0] = "ushr", [2] = "usra", [4] = "urshr", [6] = "ursra", [8] = "sri", [10] = "sli",
          [12] = "sqshlu", [14] = "uqshl", [16] = "sqshrun", [17] = "sqrshrun", [18] = "uqshrn",
          [19] = "uqrshrn", [20] = "ushll", [28] = "ucvtf", [31] = "fcvtzu" },
    };
    static const char *const upper[2][5] = {
        { "shrn2", "rshrn2", "sqshrn2", "sqrshrn2", "sshll2" },
        { "sqshrun2", "sqrshrun2", "uqshrn2", "uqrshrn2", "ushll2" },
    };
    unsigned opcode = bits(w, 15, 11), u = U_(w);
    const char *n = names[u][opcode];
    if (!n || scalar || opcode < 16 || opcode > 20)
        return n;
    if (opcode == 20) {
        /* SXTL/UXTL: SSHLL/USHLL with shift = 0, i.e. immh:immb = esize (immh's highest bit) */
        unsigned immh = bits(w, 22, 19), immb = bits(w, 18, 16), esize = 8;
        while (immh >> 1)
            immh >>= 1, esize <<= 1;
        if ((bits(w, 22, 19) << 3 | immb) == esize)
            return Q_(w) ? (u ? "uxtl2" : "sxtl2") : (u ? "uxtl" : "sxtl");
    }
    return Q_(w) ? upper[u][opcode - 16] : n;
}

static const char *by_element(uint32_t w, int scalar)
{
    static const char *const names[2][16] = {
        { NULL, "fmla", "smlal", "sqdmlal", NULL, "fmls", "smlsl", "sqdmlsl", "mul", "fmul", "smull",
          "sqdmull", "sqdmulh", "sqrdmulh" },
        { "mla", NULL, "umlal", NULL, "mls", NULL, "umlsl", NULL, NULL, "fmulx", "umull" },
    };
    unsigned opcode = bits(w, 15, 12), u = U_(w);
    const char *n = names[u][opcode];
    int long_form = opcode == 2 || opcode == 3 || opcode == 6 || opcode == 7 || opcode == 10 || opcode == 11;
    if (n && long_form && Q_(w) && !scalar) {
        static const char *const n2[2][16] = {
            { [2] = "smlal2", [3] = "sqdmlal2", [6] = "smlsl2", [7] = "sqdmlsl2", [10] = "smull2",
              [11] = "sqdmull2" },
            { [2] = "umlal2", [6] = "umlsl2", [10] = "umull2" },
        };
        return n2[u][opcode];
    }
    return n;
}

/* ---- Cryptographic Extension ---- */

static const char *crypto_aes(uint32_t w)
{
    static const char *const names[4] = { "aese", "aesd", "aesmc", "aesimc" };
    unsigned opcode = bits(w, 16, 12);
    return opcode >= 4 && opcode <= 7 ? names[opcode - 4] : NULL;
}

static const char *crypto_sha3(uint32_t w)
{
    static const char *const names[8] = { "sha1c", "sha1p", "sha1m", "sha1su0", "sha256h", "sha256h2",
                                          "sha256su1" };
    return names[bits(w, 14, 12)];
}

static const char *crypto_sha2(uint32_t w)
{
    static const char *const names[3] = { "sha1h", "sha1su1", "sha256su0" };
    unsigned opcode = bits(w, 16, 12);
    return opcode < 3 ? names[opcode] : NULL;
}

/* ---- The classes, by the decoder rows' mask/match (most specific first where they nest) ---- */

static const struct {
    uint32_t mask, match;
    const char *(*name)(uint32_t w);
} classes[] = {
    { 0xff3e0c00, 0x4e280800, crypto_aes },
    { 0xff208c00, 0x5e000000, crypto_sha3 },
    { 0xff3e0c00, 0x5e280800, crypto_sha2 },
    { 0x5f20fc00, 0x1e200000, fp_int_conv },
    { 0x5f200000, 0x1e000000, fp_fixed_conv },
    { 0x5f207c00, 0x1e204000, fp_one_source },
};

static const char *name_fp_compare(uint32_t w) { return bit(w, 4) ? "fcmpe" : "fcmp"; }
static const char *name_fp_ccmp(uint32_t w) { return bit(w, 4) ? "fccmpe" : "fccmp"; }

const char *a64_fpsimd_mnemonic(uint32_t w)
{
    for (unsigned k = 0; k < sizeof(classes) / sizeof(classes[0]); k++)
        if ((w & classes[k].mask) == classes[k].match)
            return classes[k].name(w);
    /* Scalar floating point (bits 28:24 = 11110 and bit 21 = 1, or 11111 for 3 source) */
    if ((w & 0x5f203c00) == 0x1e202000) return name_fp_compare(w);
    if ((w & 0x5f201c00) == 0x1e201000) return "fmov";
    if ((w & 0x5f200c00) == 0x1e200400) return name_fp_ccmp(w);
    if ((w & 0x5f200c00) == 0x1e200800) return fp_two_source(w);
    if ((w & 0x5f200c00) == 0x1e200c00) return "fcsel";
    if ((w & 0x5f000000) == 0x1f000000) return fp_three_source(w);
    /* Advanced SIMD scalar (bits 31:30 = 01, 28:24 = 11110 / 11111) */
    if ((w & 0xdfe08400) == 0x5e000400) return "mov"; /* DUP (element), scalar */
    if ((w & 0xdf3e0c00) == 0x5e200800) return two_misc(w, 1);
    if ((w & 0xdf3e0c00) == 0x5e300800) return scalar_pairwise(w);
    if ((w & 0xdf200c00) == 0x5e200000) return three_diff(w, 1);
    if ((w & 0xdf200400) == 0x5e200400) return three_same(w, 1);
    if ((w & 0xdf800400) == 0x5f000400) return shift_imm(w, 1);
    if ((w & 0xdf000400) == 0x5f000000) return by_element(w, 1);
    /* Advanced SIMD vector (bit 31 = 0) */
    if ((w & 0xbf208c00) == 0x0e000000) return bit(w, 12) ? "tbx" : "tbl";
    if ((w & 0xbf208c00) == 0x0e000800) return permute(w);
    if ((w & 0xbf208400) == 0x2e000000) return "ext";
    if ((w & 0x9fe08400) == 0x0e000400) return copy(w);
    if ((w & 0x9f3e0c00) == 0x0e200800) return two_misc(w, 0);
    if ((w & 0x9f3e0c00) == 0x0e300800) return across_lanes(w);
    if ((w & 0x9f200c00) == 0x0e200000) return three_diff(w, 0);
    if ((w & 0x9f200400) == 0x0e200400) return three_same(w, 0);
    if ((w & 0x9ff80400) == 0x0f000400) return modified_imm(w);
    if ((w & 0x9f800400) == 0x0f000400) return shift_imm(w, 0);
    if ((w & 0x9f000400) == 0x0f000000) return by_element(w, 0);
    return NULL;
}
