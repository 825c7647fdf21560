/* Advanced SIMD integer instructions and data movement, checked by the guest itself (and on QEMU as
 * the oracle case): each case loads V0 (the old destination), V1 and V2 from memory, runs one
 * instruction, stores V0 and reads FPSR. The expected values were worked out by hand from the Arm
 * ARM's pseudocode (the same inputs as tests/unit/test_simd.c), so a72sim and QEMU must both give
 * them; the last part runs a small vectorised loop (what a compiler makes of a dot product). */
#include "test.h"

/* C is compiled with -mgeneral-regs-only; only the asm touches the SIMD&FP registers. */
#define FP_ASM ".arch_extension fp\n .arch_extension simd\n .arch_extension aes\n"
#define QC (1u << 27)

static uint64_t in_d[2] __attribute__((aligned(16)));
static uint64_t in_n[2] __attribute__((aligned(16)));
static uint64_t in_m[2] __attribute__((aligned(16)));
static uint64_t out[2] __attribute__((aligned(16)));

static void set_inputs(uint64_t d_lo, uint64_t d_hi, uint64_t n_lo, uint64_t n_hi, uint64_t m_lo,
                       uint64_t m_hi)
{
    in_d[0] = d_lo, in_d[1] = d_hi;
    in_n[0] = n_lo, in_n[1] = n_hi;
    in_m[0] = m_lo, in_m[1] = m_hi;
}

/* Run `insn` (on v0, v1, v2) and check V0 and FPSR.QC. */
#define CASE(insn, lo, hi, qc)                                                                    \
    do {                                                                                          \
        uint64_t fpsr;                                                                            \
        __asm__ volatile(FP_ASM "ldr q0, [%[d]]\n ldr q1, [%[n]]\n ldr q2, [%[m]]\n msr fpsr, xzr\n" \
                         insn "\n str q0, [%[o]]\n mrs %[f], fpsr"                                \
                         : [f] "=r"(fpsr)                                                         \
                         : [d] "r"(in_d), [n] "r"(in_n), [m] "r"(in_m), [o] "r"(out)              \
                         : "v0", "v1", "v2", "memory");                                           \
        CHECK_EQ(out[0], (lo));                                                                   \
        CHECK_EQ(out[1], (hi));                                                                   \
        CHECK_EQ(fpsr & QC, (qc) ? QC : 0);                                                       \
    } while (0)

#define A 0x7f80ff0001fe7f80ull  /* bytes 7..0: 7f 80 ff 00 01 fe 7f 80 */
#define B 0x0102030405060708ull
#define ONES 0x0101010101010101ull
#define I_LO 0x0706050403020100ull  /* byte k = k */
#define I_HI 0x0f0e0d0c0b0a0908ull
#define J_LO 0x1716151413121110ull  /* byte k = 0x10 + k */
#define J_HI 0x1f1e1d1c1b1a1918ull

static void test_arithmetic(void)
{
    set_inputs(ONES, ONES, A, B, ONES, 0x8080808080808080ull);
    CASE("add v0.16b, v1.16b, v2.16b", 0x8081000102ff8081ull, 0x8182838485868788ull, 0);
    CASE("sqadd v0.8b, v1.8b, v2.8b", 0x7f81000102ff7f81ull, 0, 1);
    CASE("uqsub v0.8b, v2.8b, v1.8b", 0x0000000100000000ull, 0, 1);
    CASE("shadd v0.8b, v1.8b, v2.8b", 0x40c0000001ff40c0ull, 0, 0);
    CASE("urhadd v0.8b, v1.8b, v2.8b", 0x4041800101804041ull, 0, 0);
    CASE("cmhi v0.8b, v1.8b, v2.8b", 0xffffff0000ffffffull, 0, 0);
    CASE("mla v0.8b, v1.8b, v2.8b", 0x8081000102ff8081ull, 0, 0);
    CASE("smaxp v0.8b, v1.8b, v2.8b", 0x010101017f00017full, 0, 0);
    CASE("abs v0.8b, v1.8b", 0x7f80010001027f80ull, 0, 0);
    CASE("sqabs v0.8b, v1.8b", 0x7f7f010001027f7full, 0, 1);
    CASE("cls v0.8b, v1.8b", 0x0000070706060000ull, 0, 0);
    CASE("cnt v0.8b, v1.8b", 0x0701080001070701ull, 0, 0);
    CASE("rbit v0.8b, v1.8b", 0xfe01ff00807ffe01ull, 0, 0);
    CASE("smull v0.4s, v1.4h, v2.4h", 0x0001fffe007fff80ull, 0x007fff80fffeff00ull, 0);
    CASE("uaddlv h0, v1.16b", 0x420, 0, 0);
    CASE("saddlv h0, v1.8b", 0xfffc, 0, 0);
    CASE("sqshl v0.16b, v1.16b, #1", 0x7f80fe0002fc7f80ull, 0x020406080a0c0e10ull, 1);
    CASE("sqshlu v0.8b, v1.8b, #1", 0xfe0000000200fe00ull, 0, 1);
    CASE("sshll v0.8h, v1.8b, #0", 0x0001fffe007fff80ull, 0x007fff80ffff0000ull, 0);

    set_inputs(0x0010001000100010ull, 0x0010001000100010ull, A, B, ONES, 0);
    CASE("smlal v0.8h, v1.8b, v2.8b", 0x0011000e008fff90ull, 0x008fff90000f0010ull, 0);

    /* shifts by register: s lanes 80000008, 10, fffffff0, 1 by -4, 2, -32, 40 */
    set_inputs(0, 0, 0x0000001080000008ull, 0x00000001fffffff0ull, 0x12345602000000fcull,
               0x00000028000000e0ull);
    CASE("sshl v0.4s, v1.4s, v2.4s", 0x00000040f8000000ull, 0x00000000ffffffffull, 0);
    CASE("srshl v0.4s, v1.4s, v2.4s", 0x00000040f8000001ull, 0, 0);
    CASE("sqshl v0.4s, v1.4s, v2.4s", 0x00000040f8000000ull, 0x7fffffffffffffffull, 1);
    CASE("srshr v0.4s, v1.4s, #4", 0x00000001f8000001ull, 0x00000000ffffffffull, 0);
    CASE("sminv s0, v1.4s", 0x80000008, 0, 0);

    /* saturating doubling multiplies: h 8000 4000 0001 c000 by 8000 4000 4000 4000 */
    set_inputs(5, 0x77, 0xc000000140008000ull, 0, 0x4000400040008000ull, 0);
    CASE("sqrdmulh v0.8h, v1.8h, v2.8h", 0xe000000120007fffull, 0, 1);
    CASE("sqdmull v0.4s, v1.4h, v2.4h", 0x200000007fffffffull, 0xe000000000008000ull, 1);
    CASE("sqdmlal s0, h1, h2", 0x7fffffff, 0, 1);
    CASE("sqdmulh v0.4h, v1.4h, v2.h[0]", 0x4000ffffc0007fffull, 0, 1);

    /* narrowing: h 007f 0080 ff80 ff7f 0001 ffff 0000 8000 */
    set_inputs(0x1111111111111111ull, 0x2222222222222222ull, 0xff7fff800080007full,
               0x80000000ffff0001ull, 0, 0);
    CASE("sqxtn v0.8b, v1.8h", 0x8000ff0180807f7full, 0, 1);
    CASE("sqxtun v0.8b, v1.8h", 0x000000010000807full, 0, 1);
    CASE("rshrn v0.8b, v1.8h, #4", 0x00000000f8f80808ull, 0, 0);
    CASE("sqrshrn v0.8b, v1.8h, #1", 0x80000001c0c04040ull, 0, 1);
    CASE("shrn2 v0.16b, v1.8h, #4", 0x1111111111111111ull, 0x0000ff00f7f80807ull, 0);

    /* PMULL: (x^63 + 1)(x^63 + x + 1) = x^126 + x^64 + x + 1 */
    set_inputs(0, 0, 0x8000000000000001ull, ~0ull, 0x8000000000000003ull, 2);
    CASE("pmull v0.1q, v1.1d, v2.1d", 0x3, 0x4000000000000001ull, 0);
    CASE("pmull2 v0.1q, v1.2d, v2.2d", 0xfffffffffffffffeull, 1, 0);
}

static void test_movement(void)
{
    set_inputs(0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull, I_LO, I_HI, J_LO, J_HI);
    CASE("movi v0.2s, #0x34, msl #16", 0x0034ffff0034ffffull, 0, 0);
    CASE("mvni v0.4s, #0x12, lsl #8", 0xffffedffffffedffull, 0xffffedffffffedffull, 0);
    CASE("bic v0.8h, #0xff", 0xaa00aa00aa00aa00ull, 0xaa00aa00aa00aa00ull, 0);
    CASE("dup v0.4s, v1.s[3]", 0x0f0e0d0c0f0e0d0cull, 0x0f0e0d0c0f0e0d0cull, 0);
    CASE("mov v0.b[3], v2.b[9]", 0xaaaaaaaa19aaaaaaull, 0xaaaaaaaaaaaaaaaaull, 0);
    CASE("zip1 v0.16b, v1.16b, v2.16b", 0x1303120211011000ull, 0x1707160615051404ull, 0);
    CASE("uzp1 v0.8h, v1.8h, v2.8h", 0x0d0c090805040100ull, 0x1d1c191815141110ull, 0);
    CASE("trn2 v0.4h, v1.4h, v2.4h", 0x1716070613120302ull, 0, 0);
    CASE("ext v0.16b, v1.16b, v2.16b, #3", 0x0a09080706050403ull, 0x1211100f0e0d0c0bull, 0);
    CASE("rev32 v0.8h, v1.8h", 0x0504070601000302ull, 0x0d0c0f0e09080b0aull, 0);
    CASE("addv b0, v1.16b", 120, 0, 0);
    CASE("ushll2 v0.4s, v1.8h, #3", 0x0000585000004840ull, 0x0000787000006860ull, 0);
    CASE("sli v0.4h, v1.4h, #8", 0x06aa04aa02aa00aaull, 0, 0);

    /* table lookups: 0x10 and 0xff are out of range of a one-register table */
    set_inputs(0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull, I_LO, I_HI, 0x0505050500ff100full, B);
    CASE("tbl v0.16b, {v1.16b}, v2.16b", 0x050505050000000full, 0x0102030405060708ull, 0);
    CASE("tbx v0.8b, {v1.16b}, v2.8b", 0x0505050500aaaa0full, 0, 0);
    CASE("tbl v0.8b, {v1.16b, v2.16b}, v1.8b", I_LO, 0, 0);

    /* UMOV, SMOV, INS (general) */
    uint64_t u, s;
    __asm__ volatile(FP_ASM "ldr q1, [%[n]]\n umov %w[u], v1.h[5]\n smov %[s], v1.b[15]"
                     : [u] "=r"(u), [s] "=r"(s) : [n] "r"(in_n) : "v1", "memory");
    CHECK_EQ(u, 0x0b0a);
    CHECK_EQ(s, 0x0f);
    in_n[1] = 0x8f8e8d8c8b8a8988ull;
    __asm__ volatile(FP_ASM "ldr q1, [%[n]]\n smov %[s], v1.b[15]\n mov v1.s[2], %w[x]\n str q1, [%[o]]"
                     : [s] "=r"(s) : [n] "r"(in_n), [x] "r"(0xdeadbeefcafef00dull), [o] "r"(out)
                     : "v1", "memory");
    CHECK_EQ(s, 0xffffffffffffff8full);
    CHECK_EQ(out[0], I_LO);
    CHECK_EQ(out[1], 0x8f8e8d8ccafef00dull);
}

/* A dot product of 16-bit vectors as clang vectorises it (SMULL/SMLAL2 into 32-bit lanes, ADDV):
 * a[k] = k - 20, b[k] = 3 * k + 1 for k < 40; the sum is computed here by the formula. */
static int16_t va[40] __attribute__((aligned(16)));
static int16_t vb[40] __attribute__((aligned(16)));

static void test_dot_product_loop(void)
{
    for (int k = 0; k < 40; k++) {
        va[k] = (int16_t)(k - 20);
        vb[k] = (int16_t)(3 * k + 1);
    }
    /* sum (k - 20)(3k + 1) = 3 sum k^2 - 59 sum k - 20 * 40, sums over k = 0..39 */
    int64_t expected = 3 * 20540 - 59 * 780 - 800;
    uint64_t result;
    const int16_t *pa = va, *pb = vb;
    uint64_t n = 40 / 8;
    __asm__ volatile(FP_ASM
                     "movi v0.2d, #0\n"
                     "movi v3.2d, #0\n"
                     "1: ldr q1, [%[a]], #16\n"
                     " ldr q2, [%[b]], #16\n"
                     " smlal v0.4s, v1.4h, v2.4h\n"
                     " smlal2 v3.4s, v1.8h, v2.8h\n"
                     " subs %[n], %[n], #1\n"
                     " b.ne 1b\n"
                     " add v0.4s, v0.4s, v3.4s\n"
                     " addv s0, v0.4s\n"
                     " smov %[r], v0.s[0]\n"
                     : [r] "=r"(result), [a] "+r"(pa), [b] "+r"(pb), [n] "+r"(n)
                     :
                     : "v0", "v1", "v2", "v3", "memory", "cc");
    CHECK_EQ(result, (uint64_t)expected);
}

void test_main(void)
{
    test_arithmetic();
    test_movement();
    test_dot_product_loop();
}
