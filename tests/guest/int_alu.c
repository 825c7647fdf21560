/* Integer data processing: every group with its edge cases (Arm ARM C3.4, C3.5, C6.2). */
#include "test.h"

/* Operands go through registers (the compiler cannot fold them); %[d] result, %[a] %[b] %[c] inputs.
 * The _F forms set NZCV to `nin` first and return the NZCV after the instruction in `fout`. */
#define OP(s, xa, xb)                                                                              \
    ({ uint64_t d_;                                                                              \
       __asm__ volatile(s : [d] "=&r"(d_) : [a] "r"((uint64_t)(xa)), [b] "r"((uint64_t)(xb)) : "cc"); \
       d_; })
#define OP3(s, xa, xb, xc)                                                                          \
    ({ uint64_t d_;                                                                              \
       __asm__ volatile(s : [d] "=&r"(d_)                                                        \
                        : [a] "r"((uint64_t)(xa)), [b] "r"((uint64_t)(xb)), [c] "r"((uint64_t)(xc))); \
       d_; })
#define OP_F(s, xa, xb, nin, fout)                                                                 \
    ({ uint64_t d_, f_;                                                                          \
       __asm__ volatile("msr nzcv, %[n]\n" s "\nmrs %[f], nzcv"                                   \
                        : [d] "=&r"(d_), [f] "=&r"(f_)                                           \
                        : [a] "r"((uint64_t)(xa)), [b] "r"((uint64_t)(xb)), [n] "r"((uint64_t)(nin) << 28) \
                        : "cc");                                                                 \
       (fout) = f_ >> 28; d_; })

enum { N = 8, Z = 4, C = 2, V = 1 };
#define MIN64 0x8000000000000000ull
#define MAX64 0x7fffffffffffffffull

static void test_add_sub(void)
{
    uint64_t f;
    CHECK_EQ(OP_F("adds %x[d], %x[a], %x[b]", MAX64, 1, 0, f), MIN64);
    CHECK_EQ(f, N | V);
    CHECK_EQ(OP_F("adds %x[d], %x[a], %x[b]", ~0ull, 1, 0, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(OP_F("adds %x[d], %x[a], %x[b]", MIN64, MIN64, 0, f), 0);
    CHECK_EQ(f, Z | C | V);
    CHECK_EQ(OP_F("subs %x[d], %x[a], %x[b]", 0, 1, 0, f), ~0ull);
    CHECK_EQ(f, N);
    CHECK_EQ(OP_F("subs %x[d], %x[a], %x[b]", 5, 5, 0, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(OP_F("subs %x[d], %x[a], %x[b]", MIN64, 1, 0, f), MAX64);
    CHECK_EQ(f, C | V);
    /* 32-bit: flags from bit 31, the result zero-extended */
    CHECK_EQ(OP_F("adds %w[d], %w[a], %w[b]", 0xffffffff7fffffffull, 1, 0, f), 0x80000000u);
    CHECK_EQ(f, N | V);
    CHECK_EQ(OP_F("subs %w[d], %w[a], %w[b]", 0x100000000ull, 1, 0, f), 0xffffffffu);
    CHECK_EQ(f, N);
    CHECK_EQ(OP("add %w[d], %w[a], %w[b]", 0xffffffffu, 2), 1);
    /* flags untouched by ADD/SUB without S */
    CHECK_EQ(OP_F("add %x[d], %x[a], %x[b]", ~0ull, 1, N | Z | C | V, f), 0);
    CHECK_EQ(f, N | Z | C | V);
    /* ADC/SBC with carry in */
    CHECK_EQ(OP_F("adcs %x[d], %x[a], %x[b]", ~0ull, 0, C, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(OP_F("adc %x[d], %x[a], %x[b]", 10, 20, C, f), 31);
    CHECK_EQ(OP_F("sbcs %x[d], %x[a], %x[b]", 10, 3, 0, f), 6);
    CHECK_EQ(f, C);
    CHECK_EQ(OP_F("sbcs %x[d], %x[a], %x[b]", 3, 3, 0, f), ~0ull);
    CHECK_EQ(f, N);
    CHECK_EQ(OP_F("sbcs %w[d], %w[a], %w[b]", 0x80000000u, 0, C, f), 0x80000000u);
    CHECK_EQ(f, N | C);
    CHECK_EQ(OP_F("ngcs %w[d], %w[b]", 0, 0, 0, f), 0xffffffffu);
    /* immediates, LSL #12 */
    CHECK_EQ(OP("add %x[d], %x[a], #0xfff", 1, 0), 0x1000);
    CHECK_EQ(OP("add %x[d], %x[a], #0xabc, lsl #12", 1, 0), 0xabc001);
    OP_F("cmp %x[a], #1", 0, 0, 0, f);
    CHECK_EQ(f, N);
    OP_F("cmn %w[a], #1", 0xffffffffu, 0, 0, f);
    CHECK_EQ(f, Z | C);
    /* shifted register */
    CHECK_EQ(OP("add %x[d], %x[a], %x[b], lsl #60", 1, 0x13), 0x3000000000000001ull);
    CHECK_EQ(OP("sub %x[d], %x[a], %x[b], lsr #4", 0x100, 0xff0), 0x1);
    CHECK_EQ(OP("add %x[d], %x[a], %x[b], asr #63", 5, MIN64), 4);
    CHECK_EQ(OP("add %w[d], %w[a], %w[b], asr #31", 5, 0x80000000u), 4);
    CHECK_EQ(OP("neg %x[d], %x[b], lsl #1", 0, 3), (uint64_t)-6);
    /* extended register */
    CHECK_EQ(OP("add %x[d], %x[a], %w[b], sxtb", 0x100, 0x80), 0x80);
    CHECK_EQ(OP("add %x[d], %x[a], %w[b], uxtb #2", 0x100, 0x1ff), 0x100 + 0x3fc);
    CHECK_EQ(OP("add %x[d], %x[a], %w[b], sxth #1", 0, 0x8001), 0xffffffffffff0002ull);
    CHECK_EQ(OP("add %x[d], %x[a], %w[b], uxth #4", 0, 0xffff8001ull), 0x80010);
    CHECK_EQ(OP("add %x[d], %x[a], %w[b], sxtw #3", 0, 0x80000000u), 0xfffffffc00000000ull);
    CHECK_EQ(OP("add %x[d], %x[a], %w[b], uxtw", 0, 0x1ffffffffull), 0xffffffffu);
    CHECK_EQ(OP("sub %x[d], %x[a], %x[b], sxtx #4", 0, 1), (uint64_t)-16);
    CHECK_EQ(OP("add %w[d], %w[a], %w[b], sxtb", 0, 0xff), 0xffffffffu);
    CHECK_EQ(OP_F("subs %x[d], %x[a], %w[b], uxtw", 0, 1, 0, f), ~0ull);
    CHECK_EQ(f, N);
    /* SP as operand and destination (extended form, LSL = UXTX) */
    uint64_t r;
    __asm__ volatile("mov x9, sp\n add sp, sp, #-32\n mov %0, sp\n mov sp, x9\n sub %0, x9, %0"
                     : "=&r"(r) : : "x9");
    CHECK_EQ(r, 32);
    __asm__ volatile("mov %0, #24\n add %0, sp, %0\n mov x9, sp\n sub %0, %0, x9" : "=&r"(r) : : "x9");
    CHECK_EQ(r, 24);
}

static void test_logical(void)
{
    uint64_t f;
    CHECK_EQ(OP("and %x[d], %x[a], #0x5555555555555555", ~0ull, 0), 0x5555555555555555ull);
    CHECK_EQ(OP("orr %x[d], %x[a], #0xff00ff00ff00ff00", 0x11, 0), 0xff00ff00ff00ff11ull);
    CHECK_EQ(OP("eor %w[d], %w[a], #0xfffffffe", 0xffffffffffffffffull, 0), 1);
    CHECK_EQ(OP("and %x[d], %x[a], #0x3fffc", ~0ull, 0), 0x3fffc);
    CHECK_EQ(OP("orr %x[d], xzr, #0x8000000000000001", 0, 0), 0x8000000000000001ull);
    CHECK_EQ(OP("bic %x[d], %x[a], %x[b]", 0xff, 0x0f), 0xf0);
    CHECK_EQ(OP("orn %x[d], %x[a], %x[b]", 0, 0xff), ~0xffull);
    CHECK_EQ(OP("eon %w[d], %w[a], %w[b]", 0xf0f0f0f0u, 0xffff0000u), 0xf0f00f0fu);
    CHECK_EQ(OP("eor %x[d], %x[a], %x[b], ror #4", 0, 0x1f), 0xf000000000000001ull);
    CHECK_EQ(OP("and %w[d], %w[a], %w[b], ror #31", ~0ull, 0x80000001u), 3);
    CHECK_EQ(OP("orr %x[d], %x[a], %x[b], asr #60", 0, MIN64), 0xfffffffffffffff8ull);
    CHECK_EQ(OP_F("ands %x[d], %x[a], %x[b]", MIN64, ~0ull, Z | C | V, f), MIN64);
    CHECK_EQ(f, N); /* ANDS clears C and V */
    CHECK_EQ(OP_F("bics %w[d], %w[a], %w[b]", 0x0f, 0x0f, C | V, f), 0);
    CHECK_EQ(f, Z);
    OP_F("tst %w[a], #0x80000000", 0x80000000u, 0, 0, f);
    CHECK_EQ(f, N);
    /* moves */
    CHECK_EQ(OP("movz %x[d], #0xbeef, lsl #48", 0, 0), 0xbeef000000000000ull);
    CHECK_EQ(OP("movn %x[d], #0x1234, lsl #16", 0, 0), ~0x12340000ull);
    CHECK_EQ(OP("movn %w[d], #0x1234, lsl #16", 0, 0), 0xedcbffffu);
    CHECK_EQ(OP("mov %x[d], %x[a]\n movk %x[d], #0xcafe, lsl #32", 0x1111222233334444ull, 0),
             0x1111cafe33334444ull);
    CHECK_EQ(OP("mov %x[d], %x[a]\n movk %w[d], #0xcafe", 0x1111222233334444ull, 0), 0x3333cafeu);
}

static void test_shifts(void)
{
    CHECK_EQ(OP("lsl %x[d], %x[a], %x[b]", 1, 65), 2); /* amount modulo 64 */
    CHECK_EQ(OP("lsr %w[d], %w[a], %w[b]", 0x80000000u, 33), 0x40000000u);
    CHECK_EQ(OP("asr %x[d], %x[a], %x[b]", MIN64, 63), ~0ull);
    CHECK_EQ(OP("asr %w[d], %w[a], %w[b]", 0x80000000u, 31), 0xffffffffu);
    CHECK_EQ(OP("ror %x[d], %x[a], %x[b]", 0x1, 0x41), MIN64);
    CHECK_EQ(OP("ror %w[d], %w[a], %w[b]", 0x12345678, 8), 0x78123456u);
    CHECK_EQ(OP("lsl %w[d], %w[a], #31", 3, 0), 0x80000000u);
    CHECK_EQ(OP("lsr %x[d], %x[a], #63", ~0ull, 0), 1);
    CHECK_EQ(OP("ror %x[d], %x[a], #8", 0xff, 0), 0xff00000000000000ull);
}

static void test_bitfield(void)
{
    CHECK_EQ(OP("ubfx %x[d], %x[a], #8, #12", 0x123456789abcdef0ull, 0), 0xcde);
    CHECK_EQ(OP("sbfx %x[d], %x[a], #4, #8", 0x0f80, 0), 0xfffffffffffffff8ull);
    CHECK_EQ(OP("sbfx %w[d], %w[a], #31, #1", 0x80000000u, 0), 0xffffffffu);
    CHECK_EQ(OP("mov %x[d], %x[a]\n bfi %x[d], %x[b], #60, #4", 0, 0xabc), 0xc000000000000000ull);
    CHECK_EQ(OP("mov %x[d], %x[a]\n bfxil %x[d], %x[b], #4, #8", ~0ull, 0x1230), 0xffffffffffffff23ull);
    CHECK_EQ(OP("mov %x[d], %x[a]\n bfi %w[d], %w[b], #0, #8", ~0ull, 0x12), 0xffffff12u);
    CHECK_EQ(OP("ubfiz %x[d], %x[a], #32, #16", 0x12345, 0), 0x234500000000ull);
    CHECK_EQ(OP("sbfiz %x[d], %x[a], #4, #4", 0x8, 0), 0xffffffffffffff80ull);
    CHECK_EQ(OP("sxtb %x[d], %w[a]", 0x180, 0), 0xffffffffffffff80ull);
    CHECK_EQ(OP("sxth %w[d], %w[a]", 0x8000, 0), 0xffff8000u);
    CHECK_EQ(OP("sxtw %x[d], %w[a]", 0x80000000u, 0), 0xffffffff80000000ull);
    CHECK_EQ(OP("uxtb %w[d], %w[a]", 0x1ff, 0), 0xff);
    CHECK_EQ(OP("uxth %w[d], %w[a]", 0x1ffff, 0), 0xffff);
    /* BFM with imms < immr: a rotate-and-insert (ROR by immr) */
    CHECK_EQ(OP("mov %x[d], %x[a]\n bfm %x[d], %x[b], #4, #3", 0, 0xf), 0xf000000000000000ull);
    CHECK_EQ(OP("extr %x[d], %x[a], %x[b], #16", 0x1234, 0xabcd000000000000ull), 0x1234abcd00000000ull);
    CHECK_EQ(OP("extr %w[d], %w[a], %w[b], #8", 0x11223344, 0x55667788), 0x44556677u);
}

static void test_conditional(void)
{
    uint64_t f;
    /* CCMP: condition holds -> compare, else NZCV = #imm */
    OP_F("cmp %x[a], %x[b]\n ccmp %x[a], #5, #0xf, eq", 3, 3, 0, f);
    CHECK_EQ(f, N); /* 3 - 5 */
    OP_F("cmp %x[a], %x[b]\n ccmp %x[a], #5, #0xa, ne", 3, 3, 0, f);
    CHECK_EQ(f, 0xa);
    OP_F("cmp %w[a], %w[b]\n ccmn %w[a], %w[b], #0, ge", 0x7fffffff, 1, 0, f);
    CHECK_EQ(f, N | V);
    OP_F("ccmp %x[a], %x[b], #3, al", 7, 7, 0, f);
    CHECK_EQ(f, Z | C);
    OP_F("ccmp %x[a], %x[b], #3, nv", 7, 8, 0, f); /* NV behaves as AL */
    CHECK_EQ(f, N);
    /* CSEL family */
    CHECK_EQ(OP_F("cmp %x[a], %x[b]\n csel %x[d], %x[a], %x[b], lt", 1, 2, 0, f), 1);
    CHECK_EQ(OP_F("cmp %x[a], %x[b]\n csinc %x[d], %x[a], %x[b], gt", 1, 2, 0, f), 3);
    CHECK_EQ(OP_F("cmp %x[a], %x[b]\n csinv %x[d], %x[a], %x[b], hi", 1, 2, 0, f), ~2ull);
    CHECK_EQ(OP_F("cmp %x[a], %x[b]\n csneg %x[d], %x[a], %x[b], hs", 1, 2, 0, f), (uint64_t)-2);
    CHECK_EQ(OP_F("csinc %w[d], %w[a], %w[b], mi", 5, 0xffffffff, 0, f), 0);
    CHECK_EQ(OP_F("cset %x[d], vs", 0, 0, V, f), 1);
    CHECK_EQ(OP_F("csetm %w[d], cc", 0, 0, 0, f), 0xffffffffu);
    CHECK_EQ(OP_F("cinc %x[d], %x[a], le", 9, 0, Z, f), 10);
    CHECK_EQ(OP_F("cneg %x[d], %x[a], ls", 9, 0, C, f), 9);
    /* every condition code against its NZCV rule (Arm ARM ConditionHolds) */
    for (unsigned flags = 0; flags < 16; flags++) {
        bool n = flags & N, z = flags & Z, c = flags & C, v = flags & V;
        uint64_t got = 0, t;
        uint64_t d;
        d = OP_F("cset %x[d], eq", 0, 0, flags, t); got |= d << 0;
        d = OP_F("cset %x[d], ne", 0, 0, flags, t); got |= d << 1;
        d = OP_F("cset %x[d], cs", 0, 0, flags, t); got |= d << 2;
        d = OP_F("cset %x[d], cc", 0, 0, flags, t); got |= d << 3;
        d = OP_F("cset %x[d], mi", 0, 0, flags, t); got |= d << 4;
        d = OP_F("cset %x[d], pl", 0, 0, flags, t); got |= d << 5;
        d = OP_F("cset %x[d], vs", 0, 0, flags, t); got |= d << 6;
        d = OP_F("cset %x[d], vc", 0, 0, flags, t); got |= d << 7;
        d = OP_F("cset %x[d], hi", 0, 0, flags, t); got |= d << 8;
        d = OP_F("cset %x[d], ls", 0, 0, flags, t); got |= d << 9;
        d = OP_F("cset %x[d], ge", 0, 0, flags, t); got |= d << 10;
        d = OP_F("cset %x[d], lt", 0, 0, flags, t); got |= d << 11;
        d = OP_F("cset %x[d], gt", 0, 0, flags, t); got |= d << 12;
        d = OP_F("cset %x[d], le", 0, 0, flags, t); got |= d << 13;
        uint64_t want = (uint64_t)z << 0 | (uint64_t)!z << 1 | (uint64_t)c << 2 | (uint64_t)!c << 3 |
                        (uint64_t)n << 4 | (uint64_t)!n << 5 | (uint64_t)v << 6 | (uint64_t)!v << 7 |
                        (uint64_t)(c && !z) << 8 | (uint64_t)!(c && !z) << 9 |
                        (uint64_t)(n == v) << 10 | (uint64_t)(n != v) << 11 |
                        (uint64_t)(n == v && !z) << 12 | (uint64_t)!(n == v && !z) << 13;
        CHECK_EQ(got, want);
    }
}

static void test_bits(void)
{
    CHECK_EQ(OP("clz %x[d], %x[a]", 0, 0), 64);
    CHECK_EQ(OP("clz %w[d], %w[a]", 0, 0), 32);
    CHECK_EQ(OP("clz %x[d], %x[a]", 0x00f0000000000000ull, 0), 8);
    CHECK_EQ(OP("clz %w[d], %w[a]", 0xffff00000001ull, 0), 31);
    CHECK_EQ(OP("cls %x[d], %x[a]", 0, 0), 63);
    CHECK_EQ(OP("cls %x[d], %x[a]", ~0ull, 0), 63);
    CHECK_EQ(OP("cls %w[d], %w[a]", 0xfff0ffff, 0), 11);
    CHECK_EQ(OP("cls %x[d], %x[a]", 0x4000000000000000ull, 0), 0);
    CHECK_EQ(OP("rbit %x[d], %x[a]", 0x1, 0), MIN64);
    CHECK_EQ(OP("rbit %w[d], %w[a]", 0x12345678, 0), 0x1e6a2c48u);
    CHECK_EQ(OP("rev %x[d], %x[a]", 0x0123456789abcdefull, 0), 0xefcdab8967452301ull);
    CHECK_EQ(OP("rev %w[d], %w[a]", 0xff12345678ull, 0), 0x78563412u);
    CHECK_EQ(OP("rev16 %x[d], %x[a]", 0x0123456789abcdefull, 0), 0x23016745ab89efcdull);
    CHECK_EQ(OP("rev16 %w[d], %w[a]", 0x12345678, 0), 0x34127856u);
    CHECK_EQ(OP("rev32 %x[d], %x[a]", 0x0123456789abcdefull, 0), 0x67452301efcdab89ull);
}

static void test_mul_div(void)
{
    CHECK_EQ(OP3("madd %x[d], %x[a], %x[b], %x[c]", 3, 4, 5), 17);
    CHECK_EQ(OP3("msub %x[d], %x[a], %x[b], %x[c]", 3, 4, 5), (uint64_t)-7);
    CHECK_EQ(OP3("madd %w[d], %w[a], %w[b], %w[c]", 0x10000, 0x10000, 7), 7);
    CHECK_EQ(OP3("mul %x[d], %x[a], %x[b]", ~0ull, ~0ull, 0), 1);
    CHECK_EQ(OP3("mneg %w[d], %w[a], %w[b]", 6, 7, 0), 0xffffffd6u);
    CHECK_EQ(OP3("smaddl %x[d], %w[a], %w[b], %x[c]", 0xffffffffu, 0x80000000u, 1), 0x80000001ull);
    CHECK_EQ(OP3("umaddl %x[d], %w[a], %w[b], %x[c]", 0xffffffffu, 0xffffffffu, 0), 0xfffffffe00000001ull);
    CHECK_EQ(OP3("smsubl %x[d], %w[a], %w[b], %x[c]", 0xfffffffeu, 3, 0), 6);
    CHECK_EQ(OP3("umsubl %x[d], %w[a], %w[b], %x[c]", 2, 3, 10), 4);
    CHECK_EQ(OP3("smull %x[d], %w[a], %w[b]", 0x80000000u, 0x80000000u, 0), 0x4000000000000000ull);
    CHECK_EQ(OP3("smulh %x[d], %x[a], %x[b]", ~0ull, ~0ull, 0), 0);
    CHECK_EQ(OP3("smulh %x[d], %x[a], %x[b]", MIN64, 2, 0), ~0ull);
    CHECK_EQ(OP3("smulh %x[d], %x[a], %x[b]", MIN64, MIN64, 0), 0x4000000000000000ull);
    CHECK_EQ(OP3("umulh %x[d], %x[a], %x[b]", ~0ull, ~0ull, 0), ~1ull);
    CHECK_EQ(OP3("umulh %x[d], %x[a], %x[b]", 0x123456789abcdef0ull, 0x10, 0), 1);
    /* divide: by zero gives 0, INT_MIN / -1 gives INT_MIN, rounding toward zero */
    CHECK_EQ(OP("udiv %x[d], %x[a], %x[b]", 100, 0), 0);
    CHECK_EQ(OP("sdiv %x[d], %x[a], %x[b]", 100, 0), 0);
    CHECK_EQ(OP("sdiv %w[d], %w[a], %w[b]", 100, 0), 0);
    CHECK_EQ(OP("sdiv %x[d], %x[a], %x[b]", MIN64, ~0ull), MIN64);
    CHECK_EQ(OP("sdiv %w[d], %w[a], %w[b]", 0x80000000u, 0xffffffffu), 0x80000000u);
    CHECK_EQ(OP("sdiv %x[d], %x[a], %x[b]", (uint64_t)-7, 2), (uint64_t)-3);
    CHECK_EQ(OP("sdiv %w[d], %w[a], %w[b]", 7, (uint32_t)-2), 0xfffffffdu);
    CHECK_EQ(OP("udiv %x[d], %x[a], %x[b]", ~0ull, 3), 0x5555555555555555ull);
    CHECK_EQ(OP("udiv %w[d], %w[a], %w[b]", 0xfffffffff0000000ull, 0x10), 0x0f000000u);
}

static void test_crc(void)
{
    static const uint8_t data[16] = { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38,
                                      0x39, 0x00, 0xff, 0x80, 0x7f, 0xa5, 0x5a, 0xc3 };
    const uint32_t crc32 = 0xEDB88320u, crc32c = 0x82F63B78u;
    uint64_t dword = 0, init = 0x12345678;
    for (int k = 7; k >= 0; k--)
        dword = dword << 8 | data[k];
    CHECK_EQ(OP("crc32b %w[d], %w[a], %w[b]", init, 0x131), crc32_ref((uint32_t)init, data, 1, crc32));
    CHECK_EQ(OP("crc32h %w[d], %w[a], %w[b]", init, 0xffff3231), crc32_ref((uint32_t)init, data, 2, crc32));
    CHECK_EQ(OP("crc32w %w[d], %w[a], %w[b]", init, dword), crc32_ref((uint32_t)init, data, 4, crc32));
    CHECK_EQ(OP("crc32x %w[d], %w[a], %x[b]", init, dword), crc32_ref((uint32_t)init, data, 8, crc32));
    CHECK_EQ(OP("crc32cb %w[d], %w[a], %w[b]", init, 0x31), crc32_ref((uint32_t)init, data, 1, crc32c));
    CHECK_EQ(OP("crc32ch %w[d], %w[a], %w[b]", init, 0x3231), crc32_ref((uint32_t)init, data, 2, crc32c));
    CHECK_EQ(OP("crc32cw %w[d], %w[a], %w[b]", init, dword), crc32_ref((uint32_t)init, data, 4, crc32c));
    CHECK_EQ(OP("crc32cx %w[d], %w[a], %x[b]", init, dword), crc32_ref((uint32_t)init, data, 8, crc32c));
    /* the upper 32 bits of the accumulator are ignored */
    CHECK_EQ(OP("crc32cx %w[d], %w[a], %x[b]", 0xffffffff00000000ull | init, dword),
             crc32_ref((uint32_t)init, data, 8, crc32c));
    /* the standard check values: CRC-32("123456789") = 0xCBF43926, CRC-32C = 0xE3069283 */
    uint32_t a = 0xffffffffu, b = 0xffffffffu;
    for (int k = 0; k < 9; k++) {
        a = (uint32_t)OP("crc32b %w[d], %w[a], %w[b]", a, data[k]);
        b = (uint32_t)OP("crc32cb %w[d], %w[a], %w[b]", b, data[k]);
    }
    CHECK_EQ(~a, 0xCBF43926u);
    CHECK_EQ(~b, 0xE3069283u);
}

static void test_adr(void)
{
    uint64_t here, page, label;
    __asm__ volatile("1: adr %0, 1b\n adrp %1, 1b\n adr %2, 2f\n 2:" : "=r"(here), "=r"(page), "=r"(label));
    CHECK_EQ(page, here & ~0xfffull);
    CHECK_EQ(label, here + 12);
}

void test_main(void)
{
    test_add_sub();
    test_logical();
    test_shifts();
    test_bitfield();
    test_conditional();
    test_bits();
    test_mul_div();
    test_crc();
    test_adr();
}
