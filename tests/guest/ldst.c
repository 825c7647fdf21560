/* Loads and stores: every addressing mode, sizes, sign extension, pairs, writeback, exclusives,
 * acquire/release and the unprivileged LDTR/STTR (Arm ARM C3.2, C6.2). With the MMU off all data
 * accesses are Device-nGnRnE, so every access here is naturally aligned. */
#include "test.h"

static uint64_t buf[8] __attribute__((aligned(64)));

static void fill(void)
{
    buf[0] = 0x8182838485868788ull; /* little-endian bytes 88 87 86 ... 81 */
    buf[1] = 0x0102030405060708ull;
    buf[2] = 0xf0e0d0c0b0a09080ull;
    buf[3] = 0x7fff8000ffff0001ull;
    for (int k = 4; k < 8; k++)
        buf[k] = 0;
}

static void test_sizes_and_extension(void)
{
    uint64_t a = (uint64_t)buf, r;
    fill();
    __asm__ volatile("ldrb %w0, [%1]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0x88);
    __asm__ volatile("ldrsb %w0, [%1]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0xffffff88u); /* 32-bit form zero-extends into X */
    __asm__ volatile("ldrsb %x0, [%1, #8]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0x08);
    __asm__ volatile("ldrsb %x0, [%1, #7]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0xffffffffffffff81ull);
    __asm__ volatile("ldrh %w0, [%1, #2]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0x8586);
    __asm__ volatile("ldrsh %w0, [%1, #2]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0xffff8586u);
    __asm__ volatile("ldrsh %x0, [%1, #28]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0xffffffffffff8000ull);
    __asm__ volatile("ldr %w0, [%1, #4]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0x81828384u);
    __asm__ volatile("ldrsw %0, [%1, #4]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0xffffffff81828384ull);
    __asm__ volatile("ldrsw %0, [%1, #28]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0x7fff8000u);
    __asm__ volatile("ldr %0, [%1, #16]" : "=r"(r) : "r"(a) : "memory");
    CHECK_EQ(r, 0xf0e0d0c0b0a09080ull);
    /* unscaled (LDUR family) with a negative offset */
    __asm__ volatile("ldur %0, [%1, #-8]" : "=r"(r) : "r"(a + 16) : "memory");
    CHECK_EQ(r, 0x0102030405060708ull);
    __asm__ volatile("ldursh %x0, [%1, #-1]" : "=r"(r) : "r"(a + 3) : "memory");
    CHECK_EQ(r, 0xffffffffffff8586ull);
    __asm__ volatile("ldursb %w0, [%1, #-255]" : "=r"(r) : "r"(a + 255) : "memory");
    CHECK_EQ(r, 0xffffff88u);
    /* a load into XZR is discarded; a store of XZR writes zeros */
    buf[4] = ~0ull;
    __asm__ volatile("ldr xzr, [%0]\n str wzr, [%0, #32]" : : "r"(a) : "memory");
    CHECK_EQ(buf[4], 0xffffffff00000000ull);
}

static void test_stores(void)
{
    uint64_t a = (uint64_t)buf;
    fill();
    __asm__ volatile("strb %w0, [%1, #32]" : : "r"(0x1234ull), "r"(a) : "memory");
    __asm__ volatile("strh %w0, [%1, #34]" : : "r"(0xabcdefull), "r"(a) : "memory");
    __asm__ volatile("str %w0, [%1, #36]" : : "r"(0x1122334455667788ull), "r"(a) : "memory");
    CHECK_EQ(buf[4], 0x55667788cdef0034ull);
    __asm__ volatile("stur %0, [%1, #-8]" : : "r"(0xdeadbeefcafef00dull), "r"(a + 48) : "memory");
    CHECK_EQ(buf[5], 0xdeadbeefcafef00dull);
    __asm__ volatile("sturb %w0, [%1, #-1]" : : "r"(0xeeull), "r"(a + 48) : "memory");
    CHECK_EQ(buf[5], 0xeeadbeefcafef00dull);
}

static void test_writeback_and_register_offsets(void)
{
    uint64_t a = (uint64_t)buf, base, r;
    fill();
    base = a;
    __asm__ volatile("ldr %0, [%1, #8]!" : "=r"(r), "+r"(base) : : "memory");
    CHECK_EQ(r, buf[1]);
    CHECK_EQ(base, a + 8);
    __asm__ volatile("ldr %0, [%1], #-8" : "=r"(r), "+r"(base) : : "memory");
    CHECK_EQ(r, buf[1]);
    CHECK_EQ(base, a);
    __asm__ volatile("ldrb %w0, [%1], #255" : "=r"(r), "+r"(base) : : "memory");
    CHECK_EQ(r, 0x88);
    CHECK_EQ(base, a + 255);
    base = a + 24;
    __asm__ volatile("ldrsh %x0, [%1, #-256]!" : "=r"(r), "+r"(base) : : "memory");
    CHECK_EQ(base, a + 24 - 256);
    base = a + 32;
    __asm__ volatile("str %w2, [%1, #-4]!" : "=r"(r), "+r"(base) : "r"(0x5a5a5a5aull) : "memory");
    CHECK_EQ(base, a + 28);
    CHECK_EQ(buf[3], 0x5a5a5a5affff0001ull);
    __asm__ volatile("strh %w2, [%1], #4" : "=r"(r), "+r"(base) : "r"(0x77ull) : "memory");
    CHECK_EQ(base, a + 32);
    CHECK_EQ(buf[3], 0x5a5a0077ffff0001ull);
    /* register offsets: LSL #size, UXTW, SXTW, SXTX */
    fill();
    __asm__ volatile("ldr %0, [%1, %2, lsl #3]" : "=r"(r) : "r"(a), "r"(2ull) : "memory");
    CHECK_EQ(r, buf[2]);
    __asm__ volatile("ldr %w0, [%1, %w2, uxtw #2]" : "=r"(r) : "r"(a), "r"(0xffffffff00000003ull) : "memory");
    CHECK_EQ(r, 0x01020304u);
    __asm__ volatile("ldrh %w0, [%1, %w2, sxtw #1]" : "=r"(r) : "r"(a + 16), "r"(0xfffffffcull) : "memory");
    CHECK_EQ(r, 0x0708); /* (a + 16) - 8 */
    __asm__ volatile("ldrsb %x0, [%1, %2, sxtx]" : "=r"(r) : "r"(a + 8), "r"(-2ull) : "memory");
    CHECK_EQ(r, 0xffffffffffffff82ull);
    __asm__ volatile("ldrb %w0, [%1, %2]" : "=r"(r) : "r"(a), "r"(17ull) : "memory");
    CHECK_EQ(r, 0x90);
    __asm__ volatile("str %0, [%1, %2, lsl #3]" : : "r"(0x42ull), "r"(a), "r"(6ull) : "memory");
    CHECK_EQ(buf[6], 0x42);
    /* PC-relative literals */
    __asm__ volatile("ldr %0, 1f\n b 2f\n .balign 8\n 1: .quad 0x8877665544332211\n 2:" : "=r"(r));
    CHECK_EQ(r, 0x8877665544332211ull);
    __asm__ volatile("ldrsw %0, 1f\n b 2f\n .balign 4\n 1: .word 0x80000001\n 2:" : "=r"(r));
    CHECK_EQ(r, 0xffffffff80000001ull);
    __asm__ volatile("ldr %w0, 1f\n b 2f\n .balign 4\n 1: .word 0x80000001\n 2:" : "=r"(r));
    CHECK_EQ(r, 0x80000001u);
    /* PRFM is a hint: no effect, no fault */
    __asm__ volatile("prfm pldl1keep, [%0]\n prfm pstl2strm, [%0, #4096]" : : "r"(a));
}

static void test_pairs(void)
{
    uint64_t a = (uint64_t)buf, base, r1, r2;
    fill();
    __asm__ volatile("ldp %0, %1, [%2, #16]" : "=&r"(r1), "=&r"(r2) : "r"(a) : "memory");
    CHECK_EQ(r1, buf[2]);
    CHECK_EQ(r2, buf[3]);
    __asm__ volatile("ldp %w0, %w1, [%2, #-8]" : "=&r"(r1), "=&r"(r2) : "r"(a + 8) : "memory");
    CHECK_EQ(r1, 0x85868788u);
    CHECK_EQ(r2, 0x81828384u);
    __asm__ volatile("ldpsw %0, %1, [%2]" : "=&r"(r1), "=&r"(r2) : "r"(a) : "memory");
    CHECK_EQ(r1, 0xffffffff85868788ull);
    CHECK_EQ(r2, 0xffffffff81828384ull);
    base = a;
    __asm__ volatile("ldp %0, %1, [%2, #16]!" : "=&r"(r1), "=&r"(r2), "+r"(base) : : "memory");
    CHECK_EQ(base, a + 16);
    CHECK_EQ(r2, buf[3]);
    __asm__ volatile("ldp %0, %1, [%2], #-16" : "=&r"(r1), "=&r"(r2), "+r"(base) : : "memory");
    CHECK_EQ(base, a);
    CHECK_EQ(r1, buf[2]);
    base = a + 64;
    __asm__ volatile("stp %1, %2, [%0, #-16]!" : "+r"(base) : "r"(0x1111ull), "r"(0x2222ull) : "memory");
    CHECK_EQ(base, a + 48);
    CHECK_EQ(buf[6], 0x1111);
    CHECK_EQ(buf[7], 0x2222);
    __asm__ volatile("stp %w1, %w2, [%0], #8" : "+r"(base) : "r"(0xaaaabbbbccccddddull), "r"(0x12345678ull)
                     : "memory");
    CHECK_EQ(base, a + 56);
    CHECK_EQ(buf[6], 0x12345678ccccddddull);
    __asm__ volatile("stnp %1, %2, [%0]\n ldnp %1, %2, [%0]" : : "r"(a + 32), "r"(7ull), "r"(9ull) : "memory");
    CHECK_EQ(buf[4], 7);
    CHECK_EQ(buf[5], 9);
    __asm__ volatile("stp xzr, xzr, [%0]" : : "r"(a + 32) : "memory");
    CHECK_EQ(buf[4] | buf[5], 0);
}

static void test_exclusives(void)
{
    uint64_t a = (uint64_t)buf, r, st;
    fill();
    /* LDXR then STXR to the same address succeeds (status 0) */
    __asm__ volatile("ldxr %0, [%2]\n add %0, %0, #1\n stxr %w1, %0, [%2]" : "=&r"(r), "=&r"(st) : "r"(a) : "memory");
    CHECK_EQ(st, 0);
    CHECK_EQ(buf[0], 0x8182838485868789ull);
    /* CLREX clears the monitor: STXR fails (status 1) and memory is not written */
    __asm__ volatile("ldxr %0, [%2]\n clrex\n stxr %w1, xzr, [%2]" : "=&r"(r), "=&r"(st) : "r"(a) : "memory");
    CHECK_EQ(st, 1);
    CHECK_EQ(buf[0], 0x8182838485868789ull);
    /* STXR without a preceding LDXR fails too */
    __asm__ volatile("clrex\n stxr %w0, xzr, [%1]" : "=&r"(st) : "r"(a) : "memory");
    CHECK_EQ(st, 1);
    CHECK_EQ(buf[0], 0x8182838485868789ull);
    /* byte, halfword and word exclusives, acquire/release variants */
    __asm__ volatile("ldaxrb %w0, [%2]\n stlxrb %w1, %w3, [%2]" : "=&r"(r), "=&r"(st) : "r"(a + 8), "r"(0xabull)
                     : "memory");
    CHECK_EQ(r, 0x08);
    CHECK_EQ(st, 0);
    __asm__ volatile("ldxrh %w0, [%2]\n stxrh %w1, %w3, [%2]" : "=&r"(r), "=&r"(st) : "r"(a + 10), "r"(0xcdefull)
                     : "memory");
    CHECK_EQ(r, 0x0506);
    CHECK_EQ(st, 0);
    __asm__ volatile("ldxr %w0, [%2]\n stlxr %w1, %w3, [%2]" : "=&r"(r), "=&r"(st) : "r"(a + 12), "r"(0x77ull)
                     : "memory");
    CHECK_EQ(r, 0x01020304u);
    CHECK_EQ(st, 0);
    CHECK_EQ(buf[1], 0x00000077cdef07abull);
    /* pairs: LDXP/STXP (64-bit pair must be 16-byte aligned) */
    uint64_t r2;
    __asm__ volatile("ldaxp %0, %1, [%3]\n stlxp %w2, %1, %0, [%3]" : "=&r"(r), "=&r"(r2), "=&r"(st) : "r"(a + 16)
                     : "memory");
    CHECK_EQ(st, 0);
    CHECK_EQ(r, 0xf0e0d0c0b0a09080ull);
    CHECK_EQ(buf[2], 0x7fff8000ffff0001ull);
    CHECK_EQ(buf[3], 0xf0e0d0c0b0a09080ull);
    __asm__ volatile("ldxp %w0, %w1, [%3]\n stxp %w2, %w1, %w0, [%3]" : "=&r"(r), "=&r"(r2), "=&r"(st) : "r"(a + 16)
                     : "memory");
    CHECK_EQ(st, 0);
    CHECK_EQ(buf[2], 0xffff00017fff8000ull);
    /* load-acquire / store-release */
    __asm__ volatile("stlr %1, [%2]\n ldar %0, [%2]" : "=&r"(r) : "r"(0x1122334455667788ull), "r"(a + 32) : "memory");
    CHECK_EQ(r, 0x1122334455667788ull);
    __asm__ volatile("stlrb %w1, [%2]\n ldarh %w0, [%2]" : "=&r"(r) : "r"(0xffull), "r"(a + 32) : "memory");
    CHECK_EQ(r, 0x77ff);
    __asm__ volatile("stlrh %w1, [%2]\n ldar %w0, [%2]" : "=&r"(r) : "r"(0xeeeeull), "r"(a + 32) : "memory");
    CHECK_EQ(r, 0x5566eeeeu);
    __asm__ volatile("ldarb %w0, [%1]" : "=&r"(r) : "r"(a + 35) : "memory");
    CHECK_EQ(r, 0x55);
}

/* LDTR/STTR at EL1 make EL0-permission accesses; with the MMU off there are no permissions to
 * check, so they behave as ordinary loads and stores (Arm ARM C6.2 LDTR: "as if executed at EL0"). */
static uint64_t unprivileged_at_el1(uint64_t a)
{
    uint64_t r, s, b;
    __asm__ volatile("ldtr %0, [%3, #8]\n ldtrsw %1, [%3, #4]\n ldtrb %w2, [%3, #15]\n sttr %0, [%3, #48]\n"
                     "sttrh %w1, [%3, #56]\n sttrb %w2, [%3, #58]"
                     : "=&r"(r), "=&r"(s), "=&r"(b) : "r"(a) : "memory");
    return r ^ s;
}

static void test_unprivileged(void)
{
    fill();
    uint64_t r = run_at(1, unprivileged_at_el1, (uint64_t)buf);
    CHECK_EQ(r, 0x0102030405060708ull ^ 0xffffffff81828384ull);
    CHECK_EQ(buf[6], 0x0102030405060708ull);
    CHECK_EQ(buf[7], 0x0000000000018384ull);
}

void test_main(void)
{
    test_sizes_and_extension();
    test_stores();
    test_writeback_and_register_offsets();
    test_pairs();
    test_exclusives();
    test_unprivileged();
}
