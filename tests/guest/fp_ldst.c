/* SIMD&FP loads/stores of B/H/S/D/Q, FMOV in all its forms, and the FP/SIMD access traps of
 * CPACR_EL1, CPTR_EL2 and CPTR_EL3 (Arm ARM AArch64.CheckFPAdvSIMDEnabled). Runs at EL3 so that it
 * can set CPTR_EL3; the trap probes run at EL2, EL1 and EL0 through run_at(). */
#include "test.h"

TEST_STAY_EL3;

static uint64_t buf[8] __attribute__((aligned(64)));
#define V_CLOBBERS "v0", "v1", "v2", "v3"

/* C is compiled with -mgeneral-regs-only (so that it never traps); the asm enables FP/SIMD itself */
#define FP_ASM ".arch_extension fp\n .arch_extension simd\n"

static const uint64_t ones[2] __attribute__((aligned(16))) = { ~0ull, ~0ull };
static uint64_t out[2] __attribute__((aligned(16)));

/* d[0], d[1] of v0 after `s` (which may use %[a] as the address and %[x] as a GPR input). v0 starts
 * all ones; it is read back with a Q store so that only loads, stores and FMOV are exercised. */
#define V0_AFTER(s, addr, xin, lo, hi)                                                            \
    do {                                                                                          \
        __asm__ volatile(FP_ASM "ldr q0, [%[o]]\n" s "\n str q0, [%[r]]"                          \
                         : : [a] "r"(addr), [x] "r"((uint64_t)(xin)), [o] "r"(ones), [r] "r"(out) \
                         : V_CLOBBERS, "memory");                                                 \
        (lo) = out[0];                                                                            \
        (hi) = out[1];                                                                            \
    } while (0)

static void fill(void)
{
    buf[0] = 0x0706050403020100ull;
    buf[1] = 0x0f0e0d0c0b0a0908ull;
    buf[2] = 0x1716151413121110ull;
    buf[3] = 0x1f1e1d1c1b1a1918ull;
    for (int k = 4; k < 8; k++)
        buf[k] = 0;
}

static void test_loads(void)
{
    uint64_t a = (uint64_t)buf, lo, hi;
    fill();
    /* a scalar load writes the low bits and zeroes the rest of the 128-bit register */
    V0_AFTER("ldr b0, [%[a], #5]", a, 0, lo, hi);
    CHECK_EQ(lo, 0x05);
    CHECK_EQ(hi, 0);
    V0_AFTER("ldr h0, [%[a], #6]", a, 0, lo, hi);
    CHECK_EQ(lo, 0x0706);
    CHECK_EQ(hi, 0);
    V0_AFTER("ldr s0, [%[a], #12]", a, 0, lo, hi);
    CHECK_EQ(lo, 0x0f0e0d0c);
    V0_AFTER("ldr d0, [%[a], #16]", a, 0, lo, hi);
    CHECK_EQ(lo, buf[2]);
    CHECK_EQ(hi, 0);
    V0_AFTER("ldr q0, [%[a], #16]", a, 0, lo, hi);
    CHECK_EQ(lo, buf[2]);
    CHECK_EQ(hi, buf[3]);
    V0_AFTER("ldur q0, [%[a], #-16]", a + 32, 0, lo, hi);
    CHECK_EQ(lo, buf[2]);
    CHECK_EQ(hi, buf[3]);
    V0_AFTER("ldr q0, [%[a], %[x], lsl #4]", a, 1, lo, hi);
    CHECK_EQ(lo, buf[2]);
    V0_AFTER("ldr h0, [%[a], %w[x], sxtw #1]", a + 8, -1, lo, hi);
    CHECK_EQ(lo, 0x0706);
    V0_AFTER("ldr s0, 1f\n b 2f\n .balign 4\n 1: .word 0x3f800000\n 2:", a, 0, lo, hi);
    CHECK_EQ(lo, 0x3f800000);
    CHECK_EQ(hi, 0);
    V0_AFTER("ldr q0, 1f\n b 2f\n .balign 16\n 1: .quad 0x1111, 0x2222\n 2:", a, 0, lo, hi);
    CHECK_EQ(lo, 0x1111);
    CHECK_EQ(hi, 0x2222);
    /* pairs and writeback */
    uint64_t l1, h1, base = a;
    __asm__ volatile(FP_ASM "ldp q0, q1, [%2], #32\n fmov %0, d1\n fmov %1, v1.d[1]"
                     : "=&r"(l1), "=&r"(h1), "+r"(base) : : V_CLOBBERS, "memory");
    CHECK_EQ(base, a + 32);
    CHECK_EQ(l1, buf[2]);
    CHECK_EQ(h1, buf[3]);
    __asm__ volatile(FP_ASM "ldp s0, s1, [%2, #-8]!\n fmov %w0, s0\n fmov %w1, s1"
                     : "=&r"(l1), "=&r"(h1), "+r"(base) : : V_CLOBBERS, "memory");
    CHECK_EQ(base, a + 24);
    CHECK_EQ(l1, 0x1b1a1918u);
    CHECK_EQ(h1, 0x1f1e1d1cu);
    __asm__ volatile(FP_ASM "ldp d0, d1, [%2]\n fmov %0, d0\n fmov %1, d1"
                     : "=&r"(l1), "=&r"(h1) : "r"(a + 8) : V_CLOBBERS, "memory");
    CHECK_EQ(l1, buf[1]);
    CHECK_EQ(h1, buf[2]);
}

static void test_stores(void)
{
    uint64_t a = (uint64_t)buf, base;
    fill();
    __asm__ volatile(FP_ASM "ldr q0, [%0]\n str q0, [%0, #32]\n str b0, [%0, #48]\n str h0, [%0, #50]\n"
                     "str s0, [%0, #52]\n stur d0, [%0, #-8]"
                     : : "r"(a) : V_CLOBBERS, "memory");
    CHECK_EQ(buf[4], buf[0]);
    CHECK_EQ(buf[5], buf[1]);
    CHECK_EQ(buf[6], 0x0302010001000000ull);
    base = a + 64;
    __asm__ volatile(FP_ASM "ldr q2, [%1, #16]\n ldr d3, [%1]\n stp q3, q2, [%0, #-32]!"
                     : "+r"(base) : "r"(a) : V_CLOBBERS, "memory");
    CHECK_EQ(base, a + 32);
    CHECK_EQ(buf[4], buf[0]);
    CHECK_EQ(buf[5], 0);
    CHECK_EQ(buf[6], buf[2]);
    CHECK_EQ(buf[7], buf[3]);
    __asm__ volatile(FP_ASM "fmov d0, %1\n str d0, [%0], #8" : "+r"(base) : "r"(0x55ull) : V_CLOBBERS, "memory");
    CHECK_EQ(base, a + 40);
    CHECK_EQ(buf[4], 0x55);
    __asm__ volatile(FP_ASM "fmov s0, %w1\n fmov s1, %w2\n stp s0, s1, [%0, #8]"
                     : : "r"(a), "r"(0xaaaaaaaaull), "r"(0xbbbbbbbbull) : V_CLOBBERS, "memory");
    CHECK_EQ(buf[1], 0xbbbbbbbbaaaaaaaaull);
}

static void test_fmov(void)
{
    uint64_t lo, hi, r;
    V0_AFTER("fmov s0, %w[x]", 0, 0xffffffff12345678ull, lo, hi);
    CHECK_EQ(lo, 0x12345678);
    CHECK_EQ(hi, 0);
    V0_AFTER("fmov d0, %[x]", 0, 0x8000000000000001ull, lo, hi);
    CHECK_EQ(lo, 0x8000000000000001ull);
    CHECK_EQ(hi, 0);
    /* FMOV Vd.D[1], Xn writes only the top half */
    V0_AFTER("fmov d0, xzr\n fmov v0.d[1], %[x]", 0, 0x1234ull, lo, hi);
    CHECK_EQ(lo, 0);
    CHECK_EQ(hi, 0x1234);
    V0_AFTER("fmov v0.d[1], %[x]", 0, 0x4321ull, lo, hi);
    CHECK_EQ(lo, ~0ull);
    CHECK_EQ(hi, 0x4321);
    __asm__ volatile(FP_ASM "fmov d1, %1\n fmov v1.d[1], %2\n fmov %0, v1.d[1]" : "=r"(r) : "r"(1ull), "r"(0xfeedull)
                     : V_CLOBBERS);
    CHECK_EQ(r, 0xfeed);
    __asm__ volatile(FP_ASM "fmov s1, %w1\n fmov %w0, s1" : "=r"(r) : "r"(0x87654321ull) : V_CLOBBERS);
    CHECK_EQ(r, 0x87654321u);
    __asm__ volatile(FP_ASM "fmov d1, %1\n fmov %0, d1" : "=r"(r) : "r"(0xfedcba9876543210ull) : V_CLOBBERS);
    CHECK_EQ(r, 0xfedcba9876543210ull);
    /* immediates: VFPExpandImm */
    V0_AFTER("fmov d0, #1.0", 0, 0, lo, hi);
    CHECK_EQ(lo, 0x3ff0000000000000ull);
    CHECK_EQ(hi, 0);
    V0_AFTER("fmov s0, #-2.5", 0, 0, lo, hi);
    CHECK_EQ(lo, 0xc0200000u);
    V0_AFTER("fmov d0, #0.125", 0, 0, lo, hi);
    CHECK_EQ(lo, 0x3fc0000000000000ull);
    V0_AFTER("fmov s0, #31.0", 0, 0, lo, hi);
    CHECK_EQ(lo, 0x41f80000u);
    /* register to register: scalar S copies the low 32 bits and zeroes the rest */
    V0_AFTER("fmov d1, %[x]\n fmov v1.d[1], %[x]\n fmov s0, s1", 0, 0x1111222233334444ull, lo, hi);
    CHECK_EQ(lo, 0x33334444);
    CHECK_EQ(hi, 0);
    V0_AFTER("fmov d1, %[x]\n fmov d0, d1", 0, 0x1111222233334444ull, lo, hi);
    CHECK_EQ(lo, 0x1111222233334444ull);
    CHECK_EQ(hi, 0);
    /* vector immediate FMOV .2D/.4S */
    V0_AFTER("fmov v0.2d, #-1.0", 0, 0, lo, hi);
    CHECK_EQ(lo, 0xbff0000000000000ull);
    CHECK_EQ(hi, 0xbff0000000000000ull);
    V0_AFTER("fmov v0.4s, #0.5", 0, 0, lo, hi);
    CHECK_EQ(lo, 0x3f0000003f000000ull);
    CHECK_EQ(hi, 0x3f0000003f000000ull);
}

/* FP probe: a single FMOV (to trap), then return. */
__asm__(FP_ASM ".text\n .balign 4\n fp_probe: fmov d0, x0\n ret\n");
extern uint64_t fp_probe(uint64_t);
extern char fp_probe_insn[] __asm__("fp_probe");

#define ESR_FP_TRAP 0x1FE00000u /* EC 0x07, IL, CV = 1, COND = 0xE (Arm ARM ISS for EC 0x07) */
#define ESR_UNCATEGORIZED 0x02000000u

static void set_cpacr_fpen(unsigned fpen)
{
    write_sysreg(cpacr_el1, (uint64_t)fpen << 20);
    isb();
}

/* run fp_probe at `el` (EL0 through EL1), check where and how it trapped */
static uint64_t probe_el0_from_el1(uint64_t arg) { return run_at(0, fp_probe, arg); }
static uint64_t probe_el0_tge(uint64_t arg) {
    write_sysreg(hcr_el2, HCR_RW | HCR_TGE);
    isb();
    uint64_t r = run_at(0, fp_probe, arg);
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    return r;
}

static void expect_trap(unsigned line, uint64_t target_el, uint64_t esr)
{
    test_check_eq(exc.count, 1, __FILE__, (int)line, "exc.count", "1");
    test_check_eq(exc.el, target_el, __FILE__, (int)line, "exc.el", "target_el");
    test_check_eq(exc.esr, esr, __FILE__, (int)line, "exc.esr", "esr");
    test_check_eq(exc.elr, (uint64_t)fp_probe_insn, __FILE__, (int)line, "exc.elr", "fp_probe");
}

static void test_traps(void)
{
    /* CPACR_EL1.FPEN = 00: EL1 and EL0 trap to EL1 */
    set_cpacr_fpen(0);
    exc_reset();
    run_at(1, fp_probe, 0);
    expect_trap(__LINE__, 1, ESR_FP_TRAP);
    CHECK_EQ(exc.offset, 0x200); /* current EL with SPx */
    exc_reset();
    run_at(1, probe_el0_from_el1, 0);
    expect_trap(__LINE__, 1, ESR_FP_TRAP);
    CHECK_EQ(exc.offset, 0x400);
    /* ...but EL2 is not affected by CPACR_EL1 */
    exc_reset();
    run_at(2, fp_probe, 0);
    CHECK_EQ(exc.count, 0);
    /* FPEN = 01: only EL0 traps */
    set_cpacr_fpen(1);
    exc_reset();
    run_at(1, fp_probe, 0);
    CHECK_EQ(exc.count, 0);
    exc_reset();
    run_at(1, probe_el0_from_el1, 0);
    expect_trap(__LINE__, 1, ESR_FP_TRAP);
    /* EL0 under HCR_EL2.TGE: the CPACR_EL1 trap is routed to EL2 as EC 0 (Uncategorized) */
    exc_reset();
    run_at(2, probe_el0_tge, 0);
    expect_trap(__LINE__, 2, ESR_UNCATEGORIZED);
    CHECK_EQ(exc.offset, 0x400);
    set_cpacr_fpen(3);

    /* CPTR_EL2.TFP traps EL2, EL1 and EL0 to EL2 */
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT | (1u << 10));
    isb();
    exc_reset();
    run_at(2, fp_probe, 0);
    expect_trap(__LINE__, 2, ESR_FP_TRAP);
    CHECK_EQ(exc.offset, 0x200);
    exc_reset();
    run_at(1, fp_probe, 0);
    expect_trap(__LINE__, 2, ESR_FP_TRAP);
    CHECK_EQ(exc.offset, 0x400);
    exc_reset();
    run_at(1, probe_el0_from_el1, 0);
    expect_trap(__LINE__, 2, ESR_FP_TRAP);
    /* CPACR_EL1 is checked first: with both set, EL1 takes the trap */
    set_cpacr_fpen(0);
    exc_reset();
    run_at(1, fp_probe, 0);
    expect_trap(__LINE__, 1, ESR_FP_TRAP);
    set_cpacr_fpen(3);
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
    isb();

    /* CPTR_EL3.TFP traps every EL to EL3, and EL3 itself */
    write_sysreg(cptr_el3, 1u << 10);
    isb();
    exc_reset();
    run_at(2, fp_probe, 0);
    expect_trap(__LINE__, 3, ESR_FP_TRAP);
    CHECK_EQ(exc.offset, 0x400);
    exc_reset();
    run_at(1, fp_probe, 0);
    expect_trap(__LINE__, 3, ESR_FP_TRAP);
    exc_reset();
    fp_probe(0);
    expect_trap(__LINE__, 3, ESR_FP_TRAP);
    CHECK_EQ(exc.offset, 0x200);
    /* CPTR_EL2.TFP has priority over CPTR_EL3.TFP for EL1 */
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT | (1u << 10));
    isb();
    exc_reset();
    run_at(1, fp_probe, 0);
    expect_trap(__LINE__, 2, ESR_FP_TRAP);
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
    write_sysreg(cptr_el3, 0);
    isb();
}

void test_main(void)
{
    exc_reset();
    test_loads();
    test_stores();
    test_fmov();
    CHECK_EQ(exc.count, 0); /* none of the above is UNDEFINED */
    test_traps();
}
