/* Advanced SIMD integer instructions and data movement (a64_simd*.c): one test per class, run on a
 * core at EL1 with FP/SIMD enabled.
 *
 * Each instruction word was assembled with llvm-mc and is checked against Capstone's disassembly
 * before it runs. The expected results were worked out by hand from the Arm ARM's pseudocode of each
 * instruction (the comment beside a check gives the working where it is not obvious); the inputs
 * cover saturation (FPSR.QC), rounding shifts, shifts by more than the element size and by negative
 * amounts, out-of-range table indices, Vd == Vn aliasing and the 64-bit forms zeroing bits 127:64.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/sysreg_bits.h"
#include "cpu/timing.h"
#include "harness.h"
#include "machine.h"

#define RAM_SIZE (1u << 20)
#define CODE 0x1000ull
#define VBAR 0x40000ull
#define QC (1u << 27)

static struct machine *m;
static struct cpu *c;

static int setup(void **state)
{
    (void)state;
    m = harness_el1_fp_machine(RAM_SIZE, VBAR);
    c = m->cpus[0];
    for (unsigned n = 0; n < 32; n++) {
        c->v[n][0] = 0xdead000000000000ull | n;
        c->v[n][1] = 0xbeef000000000000ull | n;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

static void setv(unsigned n, uint64_t lo, uint64_t hi)
{
    c->v[n][0] = lo;
    c->v[n][1] = hi;
}

/* Run word (Capstone's text checked unless NULL) with FPSR cleared; it must complete. */
static void run(uint32_t word, const char *text)
{
    c->fpsr = 0;
    harness_exec_at(c, CODE, word, text);
    assert_int_equal(c->pc, CODE + 4);
}

#define EXPECT_V(n, lo, hi)                                                                       \
    do {                                                                                          \
        if (c->v[n][0] != (lo) || c->v[n][1] != (hi))                                             \
            fail_msg("v%u = %016llx:%016llx, expected %016llx:%016llx", (unsigned)(n),            \
                     (unsigned long long)c->v[n][1], (unsigned long long)c->v[n][0],              \
                     (unsigned long long)(hi), (unsigned long long)(lo));                         \
    } while (0)

/* Run, then check V0 and whether FPSR.QC was set. */
#define T(word, text, lo, hi, qc)                                                                 \
    do {                                                                                          \
        run(word, text);                                                                          \
        EXPECT_V(0, lo, hi);                                                                      \
        assert_int_equal(c->fpsr & QC, (qc) ? QC : 0);                                            \
    } while (0)

/* Byte k of V2 is k, of V18 is 0x10 + k. */
static void set_index_bytes(void)
{
    setv(2, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    setv(18, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
}

/* ---- Copy and modified immediate ----------------------------------------------------------- */

static void test_copy_and_immediates(void **state)
{
    (void)state;
    T(0x4f05e560, "movi v0.16b, #0xab", 0xababababababababull, 0xababababababababull, 0);
    T(0x6f05e540, "movi v0.2d, #0xff00ff00ff00ff00", 0xff00ff00ff00ff00ull, 0xff00ff00ff00ff00ull, 0);
    T(0x2f04e420, "movi d0, #0xff000000000000ff", 0xff000000000000ffull, 0, 0);
    T(0x6f002640, "mvni v0.4s, #0x12, lsl #8", 0xffffedffffffedffull, 0xffffedffffffedffull, 0);
    T(0x0f01d680, "movi v0.2s, #0x34, msl #16", 0x0034ffff0034ffffull, 0, 0);
    setv(0, 0x0001000200030004ull, 0x1111111111111111ull);
    T(0x0f04b400, "orr v0.4h, #0x80, lsl #8", 0x8001800280038004ull, 0, 0);     /* 64-bit form: top zeroed */
    setv(0, 0x123456789abcdef0ull, ~0ull);
    T(0x6f0797e0, "bic v0.8h, #0xff", 0x120056009a00de00ull, 0xff00ff00ff00ff00ull, 0);

    c->x[5] = 0x1234;
    T(0x0e010ca0, "dup v0.8b, w5", 0x3434343434343434ull, 0, 0);
    c->x[5] = 0x1122334455667788ull;
    T(0x4e080ca0, "dup v0.2d, x5", 0x1122334455667788ull, 0x1122334455667788ull, 0);
    setv(1, 0x0706050403020100ull, 0x8f8e8d8c8b8a8988ull);
    T(0x4e1c0420, "dup v0.4s, v1.s[3]", 0x8f8e8d8c8f8e8d8cull, 0x8f8e8d8c8f8e8d8cull, 0);
    T(0x5e0f0420, "mov b0, v1.b[7]", 0x07, 0, 0);                                /* DUP (element), scalar */
    setv(0, 0x2222222211111111ull, 0x4444444433333333ull);
    T(0x4e0c0400, "dup v0.4s, v0.s[1]", 0x2222222222222222ull, 0x2222222222222222ull, 0); /* Vd == Vn */

    run(0x0e163c20, "umov w0, v1.h[5]");
    assert_int_equal(c->x[0], 0x8b8a);
    run(0x4e183c20, "mov x0, v1.d[1]");
    assert_int_equal(c->x[0], 0x8f8e8d8c8b8a8988ull);
    run(0x4e1f2c20, "smov x0, v1.b[0xf]");
    assert_int_equal(c->x[0], 0xffffffffffffff8full);
    run(0x0e122c20, "smov w0, v1.h[4]");
    assert_int_equal(c->x[0], 0xffff8988ull);                           /* W write: top zeroed */

    c->x[3] = 0xdeadbeefcafef00dull;
    run(0x4e141c61, "ins v1.s[2], w3");
    EXPECT_V(1, 0x0706050403020100ull, 0x8f8e8d8ccafef00dull);
    setv(2, 0, 0x5a00);
    run(0x6e074c41, "ins v1.b[3], v2.b[9]");
    EXPECT_V(1, 0x070605045a020100ull, 0x8f8e8d8ccafef00dull);
}

/* ---- Three same ---------------------------------------------------------------------------- */

static void test_three_same(void **state)
{
    (void)state;
    /* v1 bytes (7..0 of each half): 7f 80 ff 00 01 fe 7f 80 | 01 02 03 04 05 06 07 08 */
    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    setv(2, 0x0101010101010101ull, 0x8080808080808080ull);
    T(0x4e228420, "add v0.16b, v1.16b, v2.16b", 0x8081000102ff8081ull, 0x8182838485868788ull, 0);
    T(0x0e220c20, "sqadd v0.8b, v1.8b, v2.8b", 0x7f81000102ff7f81ull, 0, 1);   /* 7f + 1 saturates */
    T(0x2e212c40, "uqsub v0.8b, v2.8b, v1.8b", 0x0000000100000000ull, 0, 1);
    T(0x0e220420, "shadd v0.8b, v1.8b, v2.8b", 0x40c0000001ff40c0ull, 0, 0);   /* (-2 + 1) >> 1 = -1 */
    T(0x2e221420, "urhadd v0.8b, v1.8b, v2.8b", 0x4041800101804041ull, 0, 0);  /* (ff + 1 + 1) >> 1 = 80 */
    T(0x0e223420, "cmgt v0.8b, v1.8b, v2.8b", 0xff0000000000ff00ull, 0, 0);
    T(0x2e223420, "cmhi v0.8b, v1.8b, v2.8b", 0xffffff0000ffffffull, 0, 0);
    T(0x0e22a420, "smaxp v0.8b, v1.8b, v2.8b", 0x010101017f00017full, 0, 0);
    setv(9, 0x0101010101010101ull, 0x0101010101010101ull);
    run(0x0e229429, "mla v9.8b, v1.8b, v2.8b");
    EXPECT_V(9, 0x8081000102ff8081ull, 0);

    /* Shifts by register: the low byte of each lane of Vm is a signed amount. */
    setv(3, 0x0000001080000008ull, 0x00000001fffffff0ull);   /* s: 80000008, 10, fffffff0, 1 */
    setv(4, 0x12345602000000fcull, 0x00000028000000e0ull);   /* s: -4, 2, -32, 40 */
    T(0x4ea44460, "sshl v0.4s, v3.4s, v4.4s", 0x00000040f8000000ull, 0x00000000ffffffffull, 0);
    T(0x4ea45460, "srshl v0.4s, v3.4s, v4.4s", 0x00000040f8000001ull, 0, 0);   /* (x + 8) >> 4; 1 << 40 = 0 */
    T(0x4ea44c60, "sqshl v0.4s, v3.4s, v4.4s", 0x00000040f8000000ull, 0x7fffffffffffffffull, 1);
    setv(5, 0x8000000000000001ull, ~0ull);
    setv(6, 0xff, 64);
    T(0x6ee644a0, "ushl v0.2d, v5.2d, v6.2d", 0x4000000000000000ull, 0, 0);
    T(0x6ee654a0, "urshl v0.2d, v5.2d, v6.2d", 0x4000000000000001ull, 0, 0);
    T(0x6ee64ca0, "uqshl v0.2d, v5.2d, v6.2d", 0x4000000000000000ull, ~0ull, 1);

    /* Saturating doubling multiplies: 0x8000 * 0x8000 * 2 overflows. */
    setv(7, 0xc000000140008000ull, 0);
    setv(8, 0x4000400040008000ull, 0);
    T(0x4e68b4e0, "sqdmulh v0.8h, v7.8h, v8.8h", 0xe000000020007fffull, 0, 1);
    T(0x6e68b4e0, "sqrdmulh v0.8h, v7.8h, v8.8h", 0xe000000120007fffull, 0, 1);

    setv(10, 0x0000000000ff8003ull, 0);
    setv(11, 0x0000000000030203ull, 0);
    T(0x2e2b9d40, "pmul v0.8b, v10.8b, v11.8b", 0x0000000000010005ull, 0, 0);  /* 3*3 = 5, ff*3 = 101 */

    setv(12, 0xff00ff00f0f0f0f0ull, 0);
    setv(13, 0x1111111111111111ull, 0x1111111111111111ull);
    setv(14, 0x2222222222222222ull, 0x2222222222222222ull);
    run(0x6e6e1dac, "bsl v12.16b, v13.16b, v14.16b");
    EXPECT_V(12, 0x1122112212121212ull, 0x2222222222222222ull);
    setv(12, 0x3333333333333333ull, 0x3333333333333333ull);
    setv(14, 0x0f0f0f0f0f0f0f0full, 0x0f0f0f0f0f0f0f0full);
    run(0x6eae1dac, "bit v12.16b, v13.16b, v14.16b");
    EXPECT_V(12, 0x3131313131313131ull, 0x3131313131313131ull);
    setv(12, 0x3333333333333333ull, 0x3333333333333333ull);
    run(0x2eee1dac, "bif v12.8b, v13.8b, v14.8b");
    EXPECT_V(12, 0x1313131313131313ull, 0);

    /* ADDP with Vd == Vm: the pairs of Vn, then those of the old Vm. */
    setv(1, 0x0000000200000001ull, 0x0000000400000003ull);
    setv(0, 0x000000140000000aull, 0x000000280000001eull);
    T(0x4ea0bc20, "addp v0.4s, v1.4s, v0.4s", 0x0000000700000003ull, 0x000000460000001eull, 0);

    /* Saturation in the upper half of a 64-bit form is not part of the result: no QC. */
    setv(1, 0x0101010101010101ull, ~0ull);
    setv(2, 0x0202020202020202ull, 0x0101010101010101ull);
    T(0x2e220c20, "uqadd v0.8b, v1.8b, v2.8b", 0x0303030303030303ull, 0, 0);
    T(0x6e220c20, "uqadd v0.16b, v1.16b, v2.16b", 0x0303030303030303ull, ~0ull, 1);
    setv(1, 0x7fff000180000001ull, 0);                       /* h: 0001 8000 0001 7fff */
    setv(2, 0x0001000200010001ull, 0);
    T(0x0e620c20, "sqadd v0.4h, v1.4h, v2.4h", 0x7fff000380010002ull, 0, 1);
    T(0x0e622c20, "sqsub v0.4h, v1.4h, v2.4h", 0x7ffeffff80000000ull, 0, 1);

    /* Scalar forms */
    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    setv(2, 0x0101010101010101ull, 0x8080808080808080ull);
    T(0x5e222c20, "sqsub b0, b1, b2", 0x80, 0, 1);                                 /* -128 - 1 */
    T(0x5ee28420, "add d0, d1, d2", 0x8082000102ff8081ull, 0, 0);
    T(0x5ee23420, "cmgt d0, d1, d2", ~0ull, 0, 0);
    T(0x7ee13440, "cmhi d0, d2, d1", 0, 0, 0);
}

/* ---- Two-register miscellaneous ------------------------------------------------------------ */

static void test_two_misc(void **state)
{
    (void)state;
    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    T(0x0e20b820, "abs v0.8b, v1.8b", 0x7f80010001027f80ull, 0, 0);             /* abs(-128) wraps */
    T(0x0e207820, "sqabs v0.8b, v1.8b", 0x7f7f010001027f7full, 0, 1);
    T(0x6e20b820, "neg v0.16b, v1.16b", 0x81800100ff028180ull, 0xfffefdfcfbfaf9f8ull, 0);
    T(0x0e204820, "cls v0.8b, v1.8b", 0x0000070706060000ull, 0, 0);
    T(0x2e204820, "clz v0.8b, v1.8b", 0x0100000807000100ull, 0, 0);
    T(0x0e205820, "cnt v0.8b, v1.8b", 0x0701080001070701ull, 0, 0);
    T(0x2e605820, "rbit v0.8b, v1.8b", 0xfe01ff00807ffe01ull, 0, 0);
    T(0x2e205820, "mvn v0.8b, v1.8b", 0x807f00fffe01807full, 0, 0);
    T(0x0e209820, "cmeq v0.8b, v1.8b, #0", 0x000000ff00000000ull, 0, 0);
    T(0x0e20a820, "cmlt v0.8b, v1.8b, #0", 0x00ffff0000ff00ffull, 0, 0);
    T(0x0e208820, "cmgt v0.8b, v1.8b, #0", 0xff000000ff00ff00ull, 0, 0);

    set_index_bytes();
    T(0x4e200840, "rev64 v0.16b, v2.16b", 0x0001020304050607ull, 0x08090a0b0c0d0e0full, 0);
    T(0x6e600840, "rev32 v0.8h, v2.8h", 0x0504070601000302ull, 0x0d0c0f0e09080b0aull, 0);
    T(0x0e201840, "rev16 v0.8b, v2.8b", 0x0607040502030001ull, 0, 0);
    T(0x2e202840, "uaddlp v0.4h, v2.8b", 0x000d000900050001ull, 0, 0);
    T(0x2e213840, "shll v0.8h, v2.8b, #8", 0x0300020001000000ull, 0x0700060005000400ull, 0);
    setv(0, 0x00000010ffffffffull, 0x1234);
    T(0x0e606820, "sadalp v0.2s, v1.4h", 0x00007e900000817dull, 0, 0);          /* 7f80 + 01fe - 1, ff00 + 7f80 + 10 */

    /* Narrowing: h = 007f 0080 ff80 ff7f | 0001 ffff 0000 8000 */
    setv(4, 0xff7fff800080007full, 0x80000000ffff0001ull);
    T(0x0e212880, "xtn v0.8b, v4.8h", 0x0000ff017f80807full, 0, 0);
    T(0x0e214880, "sqxtn v0.8b, v4.8h", 0x8000ff0180807f7full, 0, 1);
    T(0x2e214880, "uqxtn v0.8b, v4.8h", 0xff00ff01ffff807full, 0, 1);
    T(0x2e212880, "sqxtun v0.8b, v4.8h", 0x000000010000807full, 0, 1);
    setv(0, 0xaaaaaaaaaaaaaaaaull, 0xbbbbbbbbbbbbbbbbull);
    T(0x4e212880, "xtn2 v0.16b, v4.8h", 0xaaaaaaaaaaaaaaaaull, 0x0000ff017f80807full, 0);

    /* Scalar forms */
    setv(5, 0x8000000000000000ull, 1);
    T(0x7ee078a0, "sqneg d0, d5", 0x7fffffffffffffffull, 0, 1);
    setv(6, 0x00012345, 0);
    T(0x5e6148c0, "sqxtn h0, s6", 0x7fff, 0, 1);
    setv(0, 0x05, 0);
    T(0x7e203820, "usqadd b0, b1", 0, 0, 1);                                       /* 5 + (-128) < 0 */
}

/* ---- Three different ----------------------------------------------------------------------- */

static void test_three_different(void **state)
{
    (void)state;
    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    setv(2, 0x0101010101010101ull, 0x8080808080808080ull);
    /* h of v1: 7f80 (32640), 01fe (510), ff00 (-256), 7f80; times 0x0101 (257) */
    T(0x0e62c020, "smull v0.4s, v1.4h, v2.4h", 0x0001fffe007fff80ull, 0x007fff80fffeff00ull, 0);
    T(0x6ea1c040, "umull2 v0.2d, v2.4s, v1.4s", 0x0285890d0a878400ull, 0x0081830504838200ull, 0);
    setv(0, 0x0010001000100010ull, 0x0010001000100010ull);
    T(0x0e228020, "smlal v0.8h, v1.8b, v2.8b", 0x0011000e008fff90ull, 0x008fff90000f0010ull, 0);
    setv(3, 0x1000100010001000ull, 0x1000100010001000ull);
    T(0x0e211060, "saddw v0.8h, v3.8h, v1.8b", 0x10010ffe107f0f80ull, 0x107f0f800fff1000ull, 0);
    setv(5, 0x1280128012801280ull, 0x1280128012801280ull);
    setv(6, 0, 0);
    T(0x0e2640a0, "addhn v0.8b, v5.8h, v6.8h", 0x1212121212121212ull, 0, 0);
    T(0x2e2640a0, "raddhn v0.8b, v5.8h, v6.8h", 0x1313131313131313ull, 0, 0);
    setv(0, 0x5555555555555555ull, 0x6666666666666666ull);
    T(0x4e2660a0, "subhn2 v0.16b, v5.8h, v6.8h", 0x5555555555555555ull, 0x1212121212121212ull, 0);

    setv(7, 0xc000000140008000ull, 0);
    setv(8, 0x4000400040008000ull, 0);
    T(0x0e68d0e0, "sqdmull v0.4s, v7.4h, v8.4h", 0x200000007fffffffull, 0xe000000000008000ull, 1);
    setv(0, 5, 0x77);
    T(0x5e6890e0, "sqdmlal s0, h7, h8", 0x7fffffff, 0, 1);

    setv(10, 0x0000000000ff8003ull, 0xffffffffffffffffull);
    setv(11, 0x0000000000030203ull, 2);
    T(0x0e2be140, "pmull v0.8h, v10.8b, v11.8b", 0x0000010101000005ull, 0, 0);
    setv(12, 0x8000000000000001ull, 0xffffffffffffffffull);
    setv(13, 0x8000000000000003ull, 2);
    /* (x^63 + 1)(x^63 + x + 1) = x^126 + x^64 + x + 1 */
    T(0x0eede180, "pmull v0.1q, v12.1d, v13.1d", 0x3, 0x4000000000000001ull, 0);
    T(0x4eede180, "pmull2 v0.1q, v12.2d, v13.2d", 0xfffffffffffffffeull, 1, 0);
}

/* ---- Across lanes and pairwise ------------------------------------------------------------- */

static void test_across_lanes(void **state)
{
    (void)state;
    set_index_bytes();
    T(0x4e31b840, "addv b0, v2.16b", 120, 0, 0);
    T(0x0e31b840, "addv b0, v2.8b", 28, 0, 0);
    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    T(0x6e303820, "uaddlv h0, v1.16b", 0x420, 0, 0);
    T(0x0e303820, "saddlv h0, v1.8b", 0xfffc, 0, 0);                             /* -128+127-2+1+0-1-128+127 */
    T(0x0e30a820, "smaxv b0, v1.8b", 0x7f, 0, 0);
    T(0x2e31a820, "uminv b0, v1.8b", 0x00, 0, 0);
    T(0x6e30a820, "umaxv b0, v1.16b", 0xff, 0, 0);
    setv(3, 0x0000001080000008ull, 0x00000001fffffff0ull);
    T(0x4eb1a860, "sminv s0, v3.4s", 0x80000008, 0, 0);
    T(0x5ef1b860, "addp d0, v3.2d", 0x000000127ffffff8ull, 0, 0);
}

/* ---- Shift by immediate -------------------------------------------------------------------- */

static void test_shift_immediate(void **state)
{
    (void)state;
    setv(3, 0x0000001080000008ull, 0x00000001fffffff0ull);   /* s: 80000008, 10, fffffff0, 1 */
    T(0x4f3c0460, "sshr v0.4s, v3.4s, #4", 0x00000001f8000000ull, 0x00000000ffffffffull, 0);
    T(0x4f3c2460, "srshr v0.4s, v3.4s, #4", 0x00000001f8000001ull, 0x00000000ffffffffull, 0);
    setv(9, 0x0000000500000005ull, 0x0000000500000005ull);
    run(0x4f201469, "ssra v9.4s, v3.4s, #0x20");
    EXPECT_V(9, 0x0000000500000004ull, 0x0000000500000004ull);
    setv(5, 0x8000000000000001ull, ~0ull);
    T(0x6f4004a0, "ushr v0.2d, v5.2d, #0x40", 0, 0, 0);
    T(0x4f4004a0, "sshr v0.2d, v5.2d, #0x40", ~0ull, ~0ull, 0);

    set_index_bytes();
    T(0x4f145440, "shl v0.8h, v2.8h, #4", 0x7060504030201000ull, 0xf0e0d0c0b0a09080ull, 0);
    setv(0, 0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull);
    T(0x2f185440, "sli v0.4h, v2.4h, #8", 0x06aa04aa02aa00aaull, 0, 0);
    setv(0, 0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull);
    T(0x2f144440, "sri v0.4h, v2.4h, #0xc", 0xaaa0aaa0aaa0aaa0ull, 0, 0);
    setv(0, 0x1234, 0x99);
    T(0x7f4044a0, "sri d0, d5, #0x40", 0x1234, 0, 0);                               /* shift 64: Vd kept */

    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    T(0x4f097420, "sqshl v0.16b, v1.16b, #1", 0x7f80fe0002fc7f80ull, 0x020406080a0c0e10ull, 1);
    T(0x2f096420, "sqshlu v0.8b, v1.8b, #1", 0xfe0000000200fe00ull, 0, 1);
    T(0x7f097420, "uqshl b0, b1, #1", 0xff, 0, 1);

    setv(4, 0xff7fff800080007full, 0x80000000ffff0001ull);   /* h: 007f 0080 ff80 ff7f 0001 ffff 0 8000 */
    T(0x0f0c8480, "shrn v0.8b, v4.8h, #4", 0x0000ff00f7f80807ull, 0, 0);
    T(0x0f0c8c80, "rshrn v0.8b, v4.8h, #4", 0x00000000f8f80808ull, 0, 0);
    T(0x0f0f9c80, "sqrshrn v0.8b, v4.8h, #1", 0x80000001c0c04040ull, 0, 1);
    T(0x2f0c9480, "uqshrn v0.8b, v4.8h, #4", 0xff00ff00ffff0807ull, 0, 1);
    T(0x2f0f8480, "sqshrun v0.8b, v4.8h, #1", 0x000000000000403full, 0, 1);
    setv(0, 0x1111111111111111ull, 0x2222222222222222ull);
    T(0x4f0c8480, "shrn2 v0.16b, v4.8h, #4", 0x1111111111111111ull, 0x0000ff00f7f80807ull, 0);

    T(0x0f08a420, "sshll v0.8h, v1.8b, #0", 0x0001fffe007fff80ull, 0x007fff80ffff0000ull, 0);
    T(0x6f13a440, "ushll2 v0.4s, v2.8h, #3", 0x0000585000004840ull, 0x0000787000006860ull, 0);
    T(0x5f4104a0, "sshr d0, d5, #0x3f", ~0ull, 0, 0);
}

/* ---- By element ---------------------------------------------------------------------------- */

static void test_by_element(void **state)
{
    (void)state;
    setv(3, 0x0000001080000008ull, 0x00000001fffffff0ull);
    setv(14, 0x0000000300000000ull, 0);
    T(0x4fae8060, "mul v0.4s, v3.4s, v14.s[1]", 0x0000003080000018ull, 0x00000003ffffffd0ull, 0);
    set_index_bytes();
    setv(15, 0, 0x0002000000000000ull);
    setv(0, 0x0001000100010001ull, 0x0001000100010001ull);
    T(0x6f7f0840, "mla v0.8h, v2.8h, v15.h[7]", 0x0e0d0a0906050201ull, 0x1e1d1a1916151211ull, 0);
    setv(1, 0x7f80ff0001fe7f80ull, 0x0102030405060708ull);
    T(0x4f7fa820, "smull2 v0.4s, v1.8h, v15.h[7]", 0x00000a0c00000e10ull, 0x0000020400000608ull, 0);
    setv(7, 0xc000000140008000ull, 0);
    setv(8, 0x4000400040008000ull, 0);
    T(0x0f48c0e0, "sqdmulh v0.4h, v7.4h, v8.h[0]", 0x4000ffffc0007fffull, 0, 1);
    setv(16, 0x40000000, 0);
    setv(17, 0, 0x0000000400000000ull);
    T(0x5fb1ba00, "sqdmull d0, s16, v17.s[3]", 0x200000000ull, 0, 0);
}

/* ---- Permutes, EXT, table lookup ----------------------------------------------------------- */

static void test_permute(void **state)
{
    (void)state;
    set_index_bytes();
    T(0x4e123840, "zip1 v0.16b, v2.16b, v18.16b", 0x1303120211011000ull, 0x1707160615051404ull, 0);
    T(0x0e127840, "zip2 v0.8b, v2.8b, v18.8b", 0x1707160615051404ull, 0, 0);
    T(0x4e521840, "uzp1 v0.8h, v2.8h, v18.8h", 0x0d0c090805040100ull, 0x1d1c191815141110ull, 0);
    T(0x4e925840, "uzp2 v0.4s, v2.4s, v18.4s", 0x0f0e0d0c07060504ull, 0x1f1e1d1c17161514ull, 0);
    T(0x4e122840, "trn1 v0.16b, v2.16b, v18.16b", 0x1606140412021000ull, 0x1e0e1c0c1a0a1808ull, 0);
    T(0x0e526840, "trn2 v0.4h, v2.4h, v18.4h", 0x1716070613120302ull, 0, 0);
    T(0x6e121840, "ext v0.16b, v2.16b, v18.16b, #3", 0x0a09080706050403ull, 0x1211100f0e0d0c0bull, 0);
    T(0x2e123840, "ext v0.8b, v2.8b, v18.8b, #7", 0x1615141312111007ull, 0, 0);

    /* Index bytes 0f 10 ff 00 05 05 05 05 | 08 07 ... 01: 0x10 and 0xff are out of range. */
    setv(19, 0x0505050500ff100full, 0x0102030405060708ull);
    T(0x4e130040, "tbl v0.16b, {v2.16b}, v19.16b", 0x050505050000000full, 0x0102030405060708ull, 0);
    setv(0, 0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull);
    T(0x0e131040, "tbx v0.8b, {v2.16b}, v19.8b", 0x0505050500aaaa0full, 0, 0);

    /* A three-register table that wraps from V31 to V0 (48 bytes: 0x20 .. 0x4f). */
    setv(30, 0x2726252423222120ull, 0x2f2e2d2c2b2a2928ull);
    setv(31, 0x3736353433323130ull, 0x3f3e3d3c3b3a3938ull);
    setv(0, 0x4746454443424140ull, 0x4f4e4d4c4b4a4948ull);
    setv(20, 0x02011f302f201000ull, ~0ull);
    run(0x4e1443c1, "tbl v1.16b, {v30.16b, v31.16b, v0.16b}, v20.16b");
    EXPECT_V(1, 0x22213f004f403020ull, 0);
}

/* ---- Traps and unallocated encodings -------------------------------------------------------- */

static void test_fp_disabled_traps(void **state)
{
    (void)state;
    c->sr.cpacr_el1 = 0;                                /* FPEN = 00: EL0 and EL1 trap */
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    harness_exec_at(c, CODE, 0x4e228420, "add v0.16b, v1.16b, v2.16b");
    harness_assert_el1_exception(c, VBAR, CODE, 0x07);
    harness_exec_at(c, CODE, 0x4e130040, "tbl v0.16b, {v2.16b}, v19.16b");
    harness_assert_el1_exception(c, VBAR, CODE, 0x07);
    c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT;
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    harness_exec_at(c, CODE, 0x0ee08420, NULL);         /* ADD v0.1d: size:Q = 110 reserved */
    harness_assert_el1_exception(c, VBAR, CODE, 0x00);
}

/* ---- Floating point ------------------------------------------------------------------------ */

#define FLAG_IOC (1u << 0)
#define FLAG_OFC (1u << 2)
#define FLAG_IXC (1u << 4)
#define FLAG_IDC (1u << 7)
#define RMODE(m) ((uint32_t)(m) << 22)
#define FZ_ON (1u << 24)

/* Run with FPCR = fpcr; check V0 and the whole of FPSR. */
#define TF(word, text, control, lo, hi, flags)                                                    \
    do {                                                                                          \
        c->fpcr = (control);                                                                      \
        run(word, text);                                                                          \
        EXPECT_V(0, lo, hi);                                                                      \
        assert_int_equal(c->fpsr, (flags));                                                       \
    } while (0)

static void test_fp_vector(void **state)
{
    (void)state;
    /* singles: 1.0 = 3f800000, 2.0 = 40000000, 1.5 = 3fc00000, 2.5 = 40200000, 3.0 = 40400000 */
    setv(1, 0x400000003f800000ull, 0x7f800000bfc00000ull);   /* 1.0, 2.0, -1.5, +inf */
    setv(2, 0x3f00000040000000ull, 0xff8000003fc00000ull);   /* 2.0, 0.5, 1.5, -inf */
    /* inf + -inf is invalid: the default NaN and FLAG_IOC */
    TF(0x4e22d420, "fadd v0.4s, v1.4s, v2.4s", 0, 0x4020000040400000ull, 0x7fc0000000000000ull, FLAG_IOC);
    TF(0x0e22e420, "fcmeq v0.2s, v1.2s, v2.2s", 0, 0, 0, 0);
    TF(0x6e21e440, "fcmge v0.4s, v2.4s, v1.4s", 0, 0x00000000ffffffffull, 0x00000000ffffffffull, 0);
    TF(0x0e617820, "fcvtl v0.2d, v1.2s", 0, 0x3ff0000000000000ull, 0x4000000000000000ull, 0);

    /* doubles: 1.5 = 3ff8..., -2.0 = c000..., 4.0 = 4010...; 6.0 = 4018..., -8.0 = c020... */
    setv(3, 0x3ff8000000000000ull, 0xc000000000000000ull);
    setv(4, 0, 0x4010000000000000ull);
    TF(0x4fc49860, "fmul v0.2d, v3.2d, v4.d[1]", 0, 0x4018000000000000ull, 0xc020000000000000ull, 0);
    setv(0, 0x3ff0000000000000ull, 0x3ff0000000000000ull);   /* 1.0 + 1.5 * 4.0, 1.0 + -2.0 * 4.0 */
    TF(0x4fc41860, "fmla v0.2d, v3.2d, v4.d[1]", 0, 0x401c000000000000ull, 0xc01c000000000000ull, 0);

    setv(5, 0x400000003f800000ull, 0x5555);
    TF(0x7e30d8a0, "faddp s0, v5.2s", 0, 0x40400000, 0, 0);
    setv(6, 0x3f8000007fc00000ull, 0x40000000c0400000ull);   /* qNaN, 1.0, -3.0, 2.0 */
    TF(0x6e30c8c0, "fmaxnmv s0, v6.4s", 0, 0x40000000, 0, 0);
    TF(0x6e30f8c0, "fmaxv s0, v6.4s", 0, 0x7fc00000, 0, 0);                     /* a quiet NaN propagates */

    /* 2.5, -2.5, 3e9 (4f32d05e), NaN to int32 */
    setv(7, 0xc020000040200000ull, 0x7fc000004f32d05eull);
    TF(0x4ea1b8e0, "fcvtzs v0.4s, v7.4s", 0, 0xfffffffe00000002ull, 0x000000007fffffffull, FLAG_IOC | FLAG_IXC);
    TF(0x0e21a8e0, "fcvtns v0.2s, v7.2s", 0, 0xfffffffe00000002ull, 0, FLAG_IXC);   /* ties to even */
    TF(0x0e21c8e0, "fcvtas v0.2s, v7.2s", 0, 0xfffffffd00000003ull, 0, FLAG_IXC);   /* ties away */
    setv(8, 0xfffffffd00000005ull, 0x0000000100000000ull);  /* 5, -3, 0, 1 */
    TF(0x4f3fe500, "scvtf v0.4s, v8.4s, #1", 0, 0xbfc0000040200000ull, 0x3f00000000000000ull, 0);

    /* 1.0 and 65520.0 (477ff000) to half: 65520 rounds up to 2^16, which overflows to infinity */
    setv(9, 0x477ff0003f800000ull, 0);
    TF(0x0e216920, "fcvtn v0.4h, v9.4s", 0, 0x7c003c00, 0, FLAG_OFC | FLAG_IXC);

    setv(10, 0x400000003fc00000ull, 0);                      /* 1.5, 2.0 */
    TF(0x2e219940, "frintx v0.2s, v10.2s", 0, 0x4000000040000000ull, 0, FLAG_IXC);
    TF(0x2e219940, "frintx v0.2s, v10.2s", RMODE(3), 0x400000003f800000ull, 0, FLAG_IXC);
    TF(0x2ea19940, "frinti v0.2s, v10.2s", RMODE(1), 0x4000000040000000ull, 0, 0);

    /* 1.0 + 2^-30 (30800000): rounds to 1.0 to nearest, to the next single up to +inf */
    setv(11, 0x3f800000, 0);
    setv(12, 0x30800000, 0);
    TF(0x0e2cd560, "fadd v0.2s, v11.2s, v12.2s", 0, 0x3f800000, 0, FLAG_IXC);
    TF(0x0e2cd560, "fadd v0.2s, v11.2s, v12.2s", RMODE(1), 0x3f800001, 0, FLAG_IXC);
    /* FZ: a denormal input is flushed to zero (FLAG_IDC) */
    setv(13, 0x00000001, 0);
    setv(14, 0, 0);
    TF(0x0e2ed5a0, "fadd v0.2s, v13.2s, v14.2s", 0, 0x00000001, 0, 0);
    TF(0x0e2ed5a0, "fadd v0.2s, v13.2s, v14.2s", FZ_ON, 0, 0, FLAG_IDC);
}

/* The scalar forms of the FP classes: pairwise, by element, fixed point, round to odd, FRECPX. */
static void test_fp_scalar(void **state)
{
    (void)state;
    setv(5, 0x7fc000003f800000ull, 0x1234);                   /* 1.0, qNaN */
    TF(0x7e30c8a0, "fmaxnmp s0, v5.2s", 0, 0x3f800000, 0, 0);
    TF(0x7e30f8a0, "fmaxp s0, v5.2s", 0, 0x7fc00000, 0, 0);
    /* 1 + 2^-30 to single, rounding to odd: 1.0 with the lowest bit set */
    setv(1, 0x3ff0000004000000ull, 7);
    TF(0x7e616820, "fcvtxn s0, d1", 0, 0x3f800001, 0, FLAG_IXC);
    setv(1, 0x4020000000000000ull, 0);                        /* 8.0: the exponent inverted, 0.25 */
    TF(0x5ee1f820, "frecpx d0, d1", 0, 0x3fd0000000000000ull, 0, 0);
    setv(1, 40, 0);
    TF(0x5f7ce420, "scvtf d0, d1, #4", 0, 0x4004000000000000ull, 0, 0);     /* 40 / 16 = 2.5 */
    setv(1, 0x40300000, 0);                                  /* 2.75 * 2 = 5.5, toward zero: 5 */
    TF(0x7f3ffc20, "fcvtzu s0, s1, #1", 0, 5, 0, FLAG_IXC);
    setv(1, 0x3fc00000, 0);                                  /* 1.5 * 2.0 */
    setv(2, 0, 0x4000000000000000ull);
    TF(0x5fa29820, "fmul s0, s1, v2.s[3]", 0, 0x40400000, 0, 0);
    setv(1, 0x3ff0000000000000ull, 0);                        /* |1.0 - 4.0| */
    setv(2, 0x4010000000000000ull, 0);
    TF(0x7ee2d420, "fabd d0, d1, d2", 0, 0x4008000000000000ull, 0, 0);
    setv(1, 0x8000000000000000ull, 0);                        /* -0.0 > 0.0 is false */
    TF(0x5ee0c820, "fcmgt d0, d1, #0.0", 0, 0, 0, 0);
    TF(0x7ee0c820, "fcmge d0, d1, #0.0", 0, ~0ull, 0, 0);
}

/* ---- Costs --------------------------------------------------------------------------------- */

/* The integer multiplies cost an FP multiply (TIMING_FP_MUL), other ops a simple FP/ASIMD op, FP
 * arithmetic its fpcore class; permutes whose opcode field looks like a multiply's are not multiplies. */
static void test_costs(void **state)
{
    (void)state;
    static const struct {
        uint32_t word;
        const char *text;
        unsigned cost;
    } cases[] = {
        { 0x4ea29c20, "mul v0.4s, v1.4s, v2.4s", TIMING_FP_MUL },
        { 0x4e628020, "smlal2 v0.4s, v1.8h, v2.8h", TIMING_FP_MUL },
        { 0x0f52c020, "sqdmulh v0.4h, v1.4h, v2.h[1]", TIMING_FP_MUL },
        { 0x4ee2e020, "pmull2 v0.1q, v1.2d, v2.2d", TIMING_FP_MUL },
        { 0x4ea28420, "add v0.4s, v1.4s, v2.4s", TIMING_FP },
        { 0x4e425820, "uzp2 v0.8h, v1.8h, v2.8h", TIMING_FP },
        { 0x4e22cc20, "fmla v0.4s, v1.4s, v2.4s", TIMING_FP_FMA },
        { 0x6e62fc20, "fdiv v0.2d, v1.2d, v2.2d", TIMING_FP_DIV_D },
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        struct insn i;
        harness_check_asm(cases[k].word, CODE, cases[k].text);
        assert_int_equal(a64_decode(&i, cases[k].word), DECODE_OK);
        assert_int_equal(i.cost, cases[k].cost);
    }
}

/* ---- Nothing left unimplemented ------------------------------------------------------------- */

/* Every word of every Advanced SIMD row (all values of the row's free bits, register fields Rd/Rn
 * fixed) is either unallocated or implemented: no DECODE_UNIMPLEMENTED remains. */
static void test_every_simd_encoding_implemented(void **state)
{
    (void)state;
    unsigned long ok = 0;
    for (unsigned r = 0; r < a64_group_simd.count; r++) {
        const struct a64_encoding *e = &a64_group_simd.rows[r];
        uint32_t free_bits = ~e->mask & ~0x3ffu;
        uint32_t x = 0;
        do {
            uint32_t word = e->match | x | 0x1a5;
            struct insn i;
            enum decode_result res = a64_decode(&i, word);
            if (res == DECODE_UNIMPLEMENTED)
                fail_msg("%08x (%s) is allocated but not implemented", word, e->name);
            ok += res == DECODE_OK;
            x = (x - free_bits) & free_bits;
        } while (x != 0);
    }
    assert_true(ok > 30000);                            /* the rows were walked: 39,539 words today */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_copy_and_immediates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_three_same, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_misc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_three_different, setup, teardown),
        cmocka_unit_test_setup_teardown(test_across_lanes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shift_immediate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_by_element, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_disabled_traps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_vector, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_scalar, setup, teardown),
        cmocka_unit_test(test_costs),
        cmocka_unit_test(test_every_simd_encoding_implemented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
