/* Loads and stores (a64_ldst.c) on a real machine: every addressing mode, sign extension, writeback,
 * pairs, SP as base and its alignment check, exclusives, literals, SIMD&FP sizes, the FP trap, the
 * Device-memory alignment fault, external aborts with their syndromes, and the unallocated encodings.
 *
 * Each instruction word was assembled with llvm-mc and is checked against Capstone's disassembly
 * before it runs; expected values follow the Arm ARM's pseudocode and ESR/ISS encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/mem.h"
#include "cpu/sysreg_bits.h"
#include "cpu/timing.h"
#include "harness.h"
#include "machine.h"

#define RAM_SIZE (1u << 20)
#define CODE 0x1000ull
#define DATA 0x8000ull
#define VBAR 0x40000ull
#define UNMAPPED 0x10000000ull
#define SYNC_SAME_EL_SPX 0x200ull /* vector offset: synchronous, current EL, SP_ELx */

/* ESR_ELx fields (Arm ARM D13.2.37) */
#define ESR_EC(esr) ((unsigned)((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((uint32_t)(esr) & 0x1ffffff)
#define ISS_DFSC(iss) ((iss) & 0x3f)
#define ISS_SAS(iss) (((iss) >> 22) & 3)
#define ISS_SRT(iss) (((iss) >> 16) & 31)

static struct machine *m;
static struct cpu *c;

static void enter_el1(void) { harness_enter(c, EL1, 1); }

static int setup(void **state)
{
    (void)state;
    m = harness_machine(1, RAM_SIZE);
    c = m->cpus[0];
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW;
    c->sr.vbar_el1 = VBAR;
    c->sr.vbar_el2 = VBAR + 0x1000;
    c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT; /* FP/SIMD enabled at EL0 and EL1 */
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    enter_el1();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* Run one instruction at CODE after checking Capstone's text for it (NULL: not checked). */
static void exec1(uint32_t word, const char *text) { harness_exec_at(c, CODE, word, text); }

static void assert_completed(void) { assert_int_equal(c->pc, CODE + 4); }

/* A synchronous exception from EL1 to EL1 with the given class; returns the ISS and restores EL1. */
static uint32_t assert_exception_el1(unsigned ec) { return harness_assert_el1_exception(c, VBAR, CODE, ec); }

static void test_unsigned_offset(void **state)
{
    (void)state;
    c->x[1] = 0x1122334455667788ull;
    c->x[2] = DATA;
    exec1(0xf9000841, "str x1, [x2, #0x10]");
    assert_completed();
    assert_int_equal(harness_get64(m, DATA + 16), 0x1122334455667788ull);
    exec1(0xf9400843, "ldr x3, [x2, #0x10]");
    assert_int_equal(c->x[3], 0x1122334455667788ull);

    harness_put64(m, DATA, 0);
    exec1(0x39000441, "strb w1, [x2, #1]");
    exec1(0x79000441, "strh w1, [x2, #2]");
    exec1(0xb9000441, "str w1, [x2, #4]");
    /* bytes: 00 88 | 88 77 | 88 77 66 55 */
    assert_int_equal(harness_get64(m, DATA), 0x5566778877888800ull);

    /* Loads to W zero-extend into X. */
    c->x[3] = ~0ull;
    exec1(0x39400443, "ldrb w3, [x2, #1]");
    assert_int_equal(c->x[3], 0x88);
    c->x[3] = ~0ull;
    exec1(0x79400443, "ldrh w3, [x2, #2]");
    assert_int_equal(c->x[3], 0x7788);
    c->x[3] = ~0ull;
    exec1(0xb9400443, "ldr w3, [x2, #4]");
    assert_int_equal(c->x[3], 0x55667788);
}

static void test_sign_extension(void **state)
{
    (void)state;
    c->x[2] = DATA;
    harness_put64(m, DATA, 0x0000000080008081ull);
    c->x[3] = ~0ull;
    exec1(0x39c00043, "ldrsb w3, [x2]");
    assert_int_equal(c->x[3], 0xffffff81ull); /* sign-extended to 32 bits, then zero-extended */
    exec1(0x39800043, "ldrsb x3, [x2]");
    assert_int_equal(c->x[3], 0xffffffffffffff81ull);
    c->x[3] = ~0ull;
    exec1(0x79c00043, "ldrsh w3, [x2]");
    assert_int_equal(c->x[3], 0xffff8081ull);
    exec1(0x79800043, "ldrsh x3, [x2]");
    assert_int_equal(c->x[3], 0xffffffffffff8081ull);
    exec1(0xb9800043, "ldrsw x3, [x2]");
    assert_int_equal(c->x[3], 0xffffffff80008081ull);
    /* Positive values stay positive. */
    harness_put64(m, DATA, 0x000000007f7f7f7full);
    exec1(0xb9800043, "ldrsw x3, [x2]");
    assert_int_equal(c->x[3], 0x7f7f7f7full);
    exec1(0x39800043, "ldrsb x3, [x2]");
    assert_int_equal(c->x[3], 0x7f);
}

static void test_unscaled(void **state)
{
    (void)state;
    harness_put64(m, DATA, 0x0102030405060708ull);
    c->x[2] = DATA + 8;
    exec1(0xf85f8043, "ldur x3, [x2, #-8]");
    assert_int_equal(c->x[3], 0x0102030405060708ull);
    assert_int_equal(c->x[2], DATA + 8);
    c->x[1] = 0xaabbccdd;
    c->x[2] = DATA + 7;
    exec1(0xb81fd041, "stur w1, [x2, #-3]");
    assert_int_equal(harness_get64(m, DATA), 0xaabbccdd05060708ull);
    harness_put64(m, DATA, 0xfffe);
    c->x[2] = DATA + 1;
    exec1(0x789ff043, "ldursh x3, [x2, #-1]");
    assert_int_equal(c->x[3], (uint64_t)-2);
}

static void test_pre_post_index(void **state)
{
    (void)state;
    harness_put64(m, DATA, 0x1111);
    harness_put64(m, DATA + 8, 0x2222);
    c->x[2] = DATA;
    exec1(0xf8408c43, "ldr x3, [x2, #8]!");
    assert_int_equal(c->x[3], 0x2222);
    assert_int_equal(c->x[2], DATA + 8);
    exec1(0xf85f8443, "ldr x3, [x2], #0xfffffffffffffff8");
    assert_int_equal(c->x[3], 0x2222); /* post-index: the access uses the old base */
    assert_int_equal(c->x[2], DATA);

    c->x[1] = 0x5555666677778888ull;
    c->x[2] = DATA + 16;
    exec1(0xf81f0c41, "str x1, [x2, #-0x10]!");
    assert_int_equal(harness_get64(m, DATA), 0x5555666677778888ull);
    assert_int_equal(c->x[2], DATA);
    harness_put64(m, DATA, 0);
    exec1(0xb8004441, "str w1, [x2], #4");
    assert_int_equal(harness_get64(m, DATA), 0x77778888ull);
    assert_int_equal(c->x[2], DATA + 4);

    harness_put64(m, DATA, 0xff00);
    c->x[2] = DATA;
    exec1(0x38801c43, "ldrsb x3, [x2, #1]!");
    assert_int_equal(c->x[3], ~0ull);
    assert_int_equal(c->x[2], DATA + 1);

    /* A faulting access writes neither Rt nor the base. */
    c->x[2] = UNMAPPED - 8;
    c->x[3] = 0x1234;
    exec1(0xf8408c43, "ldr x3, [x2, #8]!");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_SYNC_EXTERNAL);
    assert_int_equal(c->x[2], UNMAPPED - 8);
    assert_int_equal(c->x[3], 0x1234);
}

static void test_register_offset(void **state)
{
    (void)state;
    for (unsigned n = 0; n < 4; n++)
        harness_put64(m, DATA + 8 * n, 0x1000 + n);
    c->x[2] = DATA;
    c->x[3] = 2;
    exec1(0xf8637841, "ldr x1, [x2, x3, lsl #3]");
    assert_int_equal(c->x[1], 0x1002);

    /* SXTW takes W3 = -2 and ignores the upper half of X3. */
    c->x[2] = DATA + 16;
    c->x[3] = 0xdeadbeeffffffffeull;
    exec1(0xb863d841, "ldr w1, [x2, w3, sxtw #2]");
    assert_int_equal(c->x[1], 0x1001);

    c->x[2] = DATA;
    c->x[3] = 0xffffffff00000008ull;
    exec1(0x38634841, "ldrb w1, [x2, w3, uxtw]");
    assert_int_equal(c->x[1], 0x01);

    c->x[1] = 0xabcdef;
    c->x[3] = 24;
    exec1(0xf8236841, "str x1, [x2, x3]");
    assert_int_equal(harness_get64(m, DATA + 24), 0xabcdef);

    c->x[2] = DATA + 8;
    c->x[3] = (uint64_t)-2;
    harness_put64(m, DATA, 0x0000cafe00000000ull);
    exec1(0x7863f841, "ldrh w1, [x2, x3, sxtx #1]");
    assert_int_equal(c->x[1], 0xcafe);
}

static void test_literal(void **state)
{
    (void)state;
    harness_put32(m, CODE - 4, 0x89abcdef);
    harness_put64(m, CODE + 8, 0x00000000fffffff0ull);
    harness_put64(m, CODE + 16, 0x0123456789abcdefull);
    harness_put64(m, CODE + 32, 0x1111111111111111ull);
    harness_put64(m, CODE + 40, 0x2222222222222222ull);
    exec1(0x58000081, "ldr x1, #0x1010");
    assert_completed();
    assert_int_equal(c->x[1], 0x0123456789abcdefull);
    c->x[1] = ~0ull;
    exec1(0x18ffffe1, "ldr w1, #0xffc");
    assert_int_equal(c->x[1], 0x89abcdef);
    exec1(0x98000041, "ldrsw x1, #0x1008");
    assert_int_equal(c->x[1], (uint64_t)-16);
    exec1(0x9c000101, "ldr q1, #0x1020");
    assert_int_equal(c->v[1][0], 0x1111111111111111ull);
    assert_int_equal(c->v[1][1], 0x2222222222222222ull);
    c->v[1][1] = ~0ull;
    exec1(0x1c000041, "ldr s1, #0x1008");
    assert_int_equal(c->v[1][0], 0xfffffff0ull);
    assert_int_equal(c->v[1][1], 0);
    exec1(0x5c000041, "ldr d1, #0x1008");
    assert_int_equal(c->v[1][0], 0x00000000fffffff0ull);
    /* PRFM (literal) is a hint: even a target nothing answers at does not fault. */
    exec1(0xd8000200, "prfm pldl1keep, #0x1040");
    assert_completed();
}

static void test_pairs(void **state)
{
    (void)state;
    c->x[1] = 0x1111111111111111ull;
    c->x[2] = 0x2222222222222222ull;
    c->x[3] = DATA + 16;
    exec1(0xa9bf0861, "stp x1, x2, [x3, #-0x10]!");
    assert_int_equal(harness_get64(m, DATA), c->x[1]);
    assert_int_equal(harness_get64(m, DATA + 8), c->x[2]);
    assert_int_equal(c->x[3], DATA);
    exec1(0xa8c11464, "ldp x4, x5, [x3], #0x10");
    assert_int_equal(c->x[4], 0x1111111111111111ull);
    assert_int_equal(c->x[5], 0x2222222222222222ull);
    assert_int_equal(c->x[3], DATA + 16);

    c->x[1] = 0x80000001;
    c->x[2] = 0x7ffffffe;
    c->x[3] = DATA;
    exec1(0x29010861, "stp w1, w2, [x3, #8]");
    assert_int_equal(harness_get64(m, DATA + 8), 0x7ffffffe80000001ull);
    c->x[4] = c->x[5] = ~0ull;
    exec1(0x29411464, "ldp w4, w5, [x3, #8]");
    assert_int_equal(c->x[4], 0x80000001ull);
    assert_int_equal(c->x[5], 0x7ffffffeull);
    c->x[3] = DATA + 8;
    exec1(0x69401464, "ldpsw x4, x5, [x3]");
    assert_int_equal(c->x[4], 0xffffffff80000001ull);
    assert_int_equal(c->x[5], 0x7ffffffeull);

    c->x[3] = DATA;
    exec1(0xa8010861, "stnp x1, x2, [x3, #0x10]");
    exec1(0xa8411464, "ldnp x4, x5, [x3, #0x10]");
    assert_int_equal(c->x[4], 0x80000001ull);
    assert_int_equal(c->x[5], 0x7ffffffeull);
    assert_int_equal(c->x[3], DATA);

    /* The second element faults: no register is written, no writeback, and no ISV (a pair). */
    c->x[3] = RAM_SIZE - 8;
    c->x[4] = 0x4444;
    exec1(0xa8c11464, "ldp x4, x5, [x3], #0x10");
    uint32_t iss = assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(ISS_DFSC(iss), FSC_SYNC_EXTERNAL);
    assert_false(iss & ISS_ISV);
    assert_int_equal(c->sr.far_el1, RAM_SIZE);
    assert_int_equal(c->x[4], 0x4444);
    assert_int_equal(c->x[3], RAM_SIZE - 8);
}

static void test_sp_base(void **state)
{
    (void)state;
    uint64_t *sp = &c->sp_el[EL1];
    harness_put64(m, DATA + 0x108, 0x5a5a);
    *sp = DATA + 0x100;
    exec1(0xf94007e1, "ldr x1, [sp, #8]");
    assert_completed();
    assert_int_equal(c->x[1], 0x5a5a);
    exec1(0xf81f0fe1, "str x1, [sp, #-0x10]!");
    assert_int_equal(harness_get64(m, DATA + 0xf0), 0x5a5a);
    assert_int_equal(*sp, DATA + 0xf0);

    /* SCTLR_EL1.SA is set at reset: a misaligned SP faults before the access (EC 0x26). */
    assert_true(c->sr.sctlr_el1 & SCTLR_SA);
    *sp = DATA + 0x108;
    c->x[1] = 0;
    exec1(0xf94007e1, "ldr x1, [sp, #8]");
    assert_int_equal(assert_exception_el1(EC_SP_ALIGN), 0);
    assert_int_equal(c->x[1], 0);
    exec1(0xf81f0fe1, "str x1, [sp, #-0x10]!");
    assert_exception_el1(EC_SP_ALIGN);
    assert_int_equal(*sp, DATA + 0x108);
    /* A prefetch is never checked. */
    exec1(0xf98007e0, "prfm pldl1keep, [sp, #8]");
    assert_completed();
    /* Without SCTLR_EL1.SA the same load completes. */
    c->sr.sctlr_el1 &= ~SCTLR_SA;
    harness_put64(m, DATA + 0x110, 0x77);
    exec1(0xf94007e1, "ldr x1, [sp, #8]");
    assert_completed();
    assert_int_equal(c->x[1], 0x77);
}

static void test_sp_alignment_at_el2(void **state)
{
    (void)state;
    harness_enter(c, EL2, 1);
    c->sp_el[EL2] = DATA + 8;
    assert_true(c->sr.sctlr_el2 & SCTLR_SA);
    exec1(0xf94007e1, "ldr x1, [sp, #8]");
    assert_int_equal(c->pc, VBAR + 0x1000 + SYNC_SAME_EL_SPX);
    assert_int_equal(ESR_EC(c->sr.esr_el2), EC_SP_ALIGN);
    assert_int_equal(c->elr_el[EL2], CODE);
    /* An aligned SP_EL2 is used as the base. */
    harness_enter(c, EL2, 1);
    c->sp_el[EL2] = DATA;
    harness_put64(m, DATA + 8, 0x99);
    exec1(0xf94007e1, "ldr x1, [sp, #8]");
    assert_completed();
    assert_int_equal(c->x[1], 0x99);
}

static void test_exclusives(void **state)
{
    (void)state;
    harness_put64(m, DATA, 5);
    c->x[2] = DATA;
    exec1(0xc85f7c41, "ldxr x1, [x2]");
    assert_int_equal(c->x[1], 5);
    c->x[3] = ~0ull;
    c->x[4] = 7;
    exec1(0xc8037c44, "stxr w3, x4, [x2]");
    assert_int_equal(c->x[3], 0);
    assert_int_equal(harness_get64(m, DATA), 7);
    /* The store cleared the monitor: a second one fails and leaves memory alone. */
    c->x[4] = 9;
    exec1(0xc8037c44, "stxr w3, x4, [x2]");
    assert_int_equal(c->x[3], 1);
    assert_int_equal(harness_get64(m, DATA), 7);

    /* CLREX in between: fails. */
    exec1(0xc85f7c41, "ldxr x1, [x2]");
    mem_clear_exclusive(c);
    exec1(0xc8037c44, "stxr w3, x4, [x2]");
    assert_int_equal(c->x[3], 1);
    assert_int_equal(harness_get64(m, DATA), 7);

    /* A store-exclusive to another address than the one marked fails. */
    harness_put64(m, DATA + 8, 0x88);
    exec1(0xc85f7c41, "ldxr x1, [x2]");
    c->x[2] = DATA + 8;
    exec1(0xc8037c44, "stxr w3, x4, [x2]");
    assert_int_equal(c->x[3], 1);
    assert_int_equal(harness_get64(m, DATA + 8), 0x88);

    /* Bytes, and the acquire/release forms. */
    c->x[2] = DATA;
    exec1(0x085f7c41, "ldxrb w1, [x2]");
    assert_int_equal(c->x[1], 7);
    c->x[4] = 0x1ff;
    exec1(0x08037c44, "stxrb w3, w4, [x2]");
    assert_int_equal(c->x[3], 0);
    assert_int_equal(harness_get64(m, DATA), 0xff);
    exec1(0x885ffc41, "ldaxr w1, [x2]");
    assert_int_equal(c->x[1], 0xff);
    c->x[4] = 0xfeedface;
    exec1(0x8803fc44, "stlxr w3, w4, [x2]");
    assert_int_equal(c->x[3], 0);
    assert_int_equal(harness_get64(m, DATA), 0xfeedface);

    /* Pairs. */
    harness_put64(m, DATA, 0xa);
    harness_put64(m, DATA + 8, 0xb);
    exec1(0xc87f1441, "ldxp x1, x5, [x2]");
    assert_int_equal(c->x[1], 0xa);
    assert_int_equal(c->x[5], 0xb);
    c->x[4] = 0xc;
    c->x[6] = 0xd;
    exec1(0xc8231844, "stxp w3, x4, x6, [x2]");
    assert_int_equal(c->x[3], 0);
    assert_int_equal(harness_get64(m, DATA), 0xc);
    assert_int_equal(harness_get64(m, DATA + 8), 0xd);
    exec1(0x887f1441, "ldxp w1, w5, [x2]");
    assert_int_equal(c->x[1], 0xc);
    assert_int_equal(c->x[5], 0);
    c->x[4] = 0x11111111;
    c->x[6] = 0x22222222;
    exec1(0x88239844, "stlxp w3, w4, w6, [x2]");
    assert_int_equal(c->x[3], 0);
    assert_int_equal(harness_get64(m, DATA), 0x2222222211111111ull);

    /* Exclusives must be aligned (to the pair's total size for pairs). */
    c->x[2] = DATA + 4;
    exec1(0xc85f7c41, "ldxr x1, [x2]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);
    c->x[2] = DATA + 8;
    exec1(0xc87f1441, "ldxp x1, x5, [x2]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);
}

static void test_acquire_release(void **state)
{
    (void)state;
    harness_put64(m, DATA, 0x8877665544332211ull);
    c->x[2] = DATA;
    exec1(0xc8dffc41, "ldar x1, [x2]");
    assert_int_equal(c->x[1], 0x8877665544332211ull);
    exec1(0x48dffc41, "ldarh w1, [x2]");
    assert_int_equal(c->x[1], 0x2211);
    c->x[4] = 0xaabbccdd;
    exec1(0x889ffc44, "stlr w4, [x2]");
    assert_int_equal(harness_get64(m, DATA), 0x88776655aabbccddull);
    exec1(0x089ffc44, "stlrb w4, [x2]");
    assert_completed();
    c->x[2] = DATA + 2;
    exec1(0xc8dffc41, "ldar x1, [x2]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);
}

static void test_unprivileged(void **state)
{
    (void)state;
    harness_put64(m, DATA + 8, 0x1234);
    harness_put64(m, DATA, 0x80000000);
    c->x[2] = DATA;
    exec1(0xf8408841, "ldtr x1, [x2, #8]");
    assert_completed();
    assert_int_equal(c->x[1], 0x1234);
    exec1(0xb8800841, "ldtrsw x1, [x2]");
    assert_int_equal(c->x[1], 0xffffffff80000000ull);
    c->x[1] = 0x7f;
    exec1(0x38000841, "sttrb w1, [x2]");
    assert_int_equal(harness_get64(m, DATA), 0x8000007f);
    /* The access is made with EL0's permissions at EL1. */
    struct insn i;
    assert_int_equal(a64_decode(&i, 0xf8408841), DECODE_OK);
    assert_int_equal(i.aux & MEM_KIND_MASK, MEM_UNPRIV);
}

static void test_simd_fp_sizes(void **state)
{
    (void)state;
    harness_put64(m, DATA, 0x0706050403020100ull);
    harness_put64(m, DATA + 8, 0x0f0e0d0c0b0a0908ull);
    c->x[1] = DATA;
    static const struct { uint32_t word; const char *text; uint64_t lo, hi; } loads[] = {
        { 0x3d400020, "ldr b0, [x1]", 0x00, 0 },
        { 0x7d400020, "ldr h0, [x1]", 0x0100, 0 },
        { 0xbd400020, "ldr s0, [x1]", 0x03020100, 0 },
        { 0xfd400020, "ldr d0, [x1]", 0x0706050403020100ull, 0 },
        { 0x3dc00020, "ldr q0, [x1]", 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull },
    };
    for (unsigned n = 0; n < sizeof(loads) / sizeof(loads[0]); n++) {
        c->v[0][0] = c->v[0][1] = ~0ull;
        exec1(loads[n].word, loads[n].text);
        assert_completed();
        assert_int_equal(c->v[0][0], loads[n].lo); /* the bits above the access are zeroed */
        assert_int_equal(c->v[0][1], loads[n].hi);
    }

    static const struct { uint32_t word; const char *text; uint64_t lo, hi; } stores[] = {
        { 0x3d004020, "str b0, [x1, #0x10]", 0xa5a5a5a5a5a5a588ull, 0xa5a5a5a5a5a5a5a5ull },
        { 0x7d002020, "str h0, [x1, #0x10]", 0xa5a5a5a5a5a57788ull, 0xa5a5a5a5a5a5a5a5ull },
        { 0xbd001020, "str s0, [x1, #0x10]", 0xa5a5a5a555667788ull, 0xa5a5a5a5a5a5a5a5ull },
        { 0xfd000820, "str d0, [x1, #0x10]", 0x1122334455667788ull, 0xa5a5a5a5a5a5a5a5ull },
        { 0x3d800420, "str q0, [x1, #0x10]", 0x1122334455667788ull, 0x99aabbccddeeff00ull },
    };
    c->v[0][0] = 0x1122334455667788ull;
    c->v[0][1] = 0x99aabbccddeeff00ull;
    for (unsigned n = 0; n < sizeof(stores) / sizeof(stores[0]); n++) {
        memset(harness_ram(m, DATA + 16, 16), 0xa5, 16);
        exec1(stores[n].word, stores[n].text);
        assert_completed();
        assert_int_equal(harness_get64(m, DATA + 16), stores[n].lo);
        assert_int_equal(harness_get64(m, DATA + 24), stores[n].hi);
    }

    /* Pairs of Q, D (pre-index) and S (post-index). */
    harness_put64(m, DATA + 16, 0x1717171717171717ull);
    harness_put64(m, DATA + 24, 0x1818181818181818ull);
    exec1(0xad400821, "ldp q1, q2, [x1]");
    assert_int_equal(c->v[1][0], 0x0706050403020100ull);
    assert_int_equal(c->v[1][1], 0x0f0e0d0c0b0a0908ull);
    assert_int_equal(c->v[2][0], 0x1717171717171717ull);
    assert_int_equal(c->v[2][1], 0x1818181818181818ull);
    exec1(0x6d820821, "stp d1, d2, [x1, #0x20]!");
    assert_int_equal(c->x[1], DATA + 32);
    assert_int_equal(harness_get64(m, DATA + 32), 0x0706050403020100ull);
    assert_int_equal(harness_get64(m, DATA + 40), 0x1717171717171717ull);
    exec1(0x2cc10821, "ldp s1, s2, [x1], #8");
    assert_int_equal(c->x[1], DATA + 40);
    assert_int_equal(c->v[1][0], 0x03020100);
    assert_int_equal(c->v[1][1], 0);
    assert_int_equal(c->v[2][0], 0x07060504);

    /* Register offset and unscaled forms of Q. */
    c->x[1] = DATA;
    c->x[2] = 2;
    exec1(0x3ce27820, "ldr q0, [x1, x2, lsl #4]");
    assert_int_equal(c->v[0][0], 0x0706050403020100ull);
    assert_int_equal(c->v[0][1], 0x1717171717171717ull);
    c->x[1] = DATA + 1;
    exec1(0x3cdff020, "ldur q0, [x1, #-1]");
    assert_int_equal(c->v[0][1], 0x0f0e0d0c0b0a0908ull);
    c->x[0] = DATA;
    exec1(0x3c810c00, "str q0, [x0, #0x10]!");
    assert_int_equal(c->x[0], DATA + 16);
    assert_int_equal(harness_get64(m, DATA + 24), 0x0f0e0d0c0b0a0908ull);
}

static void test_fp_trap(void **state)
{
    (void)state;
    c->sr.cpacr_el1 = 0; /* CPACR_EL1.FPEN = 00: EL0 and EL1 accesses trap */
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    c->x[1] = DATA;
    c->v[0][0] = 0x42;
    exec1(0x3dc00020, "ldr q0, [x1]");
    uint32_t iss = assert_exception_el1(EC_FP_ACCESS);
    assert_int_equal(iss, 1u << 24 | 0xeu << 20); /* CV = 1, COND = 0b1110 */
    assert_int_equal(c->v[0][0], 0x42);
    exec1(0x3d800420, "str q0, [x1, #0x10]");
    assert_exception_el1(EC_FP_ACCESS);
    exec1(0x6d820821, "stp d1, d2, [x1, #0x20]!");
    assert_exception_el1(EC_FP_ACCESS);
    assert_int_equal(c->x[1], DATA);
    exec1(0x9c000101, "ldr q1, #0x1020");
    assert_exception_el1(EC_FP_ACCESS);
    /* The FP check comes before the SP alignment check. */
    c->sp_el[EL1] = DATA + 4;
    exec1(0x3dc003e0, "ldr q0, [sp]");
    assert_exception_el1(EC_FP_ACCESS);
    c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT;
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    exec1(0x3dc003e0, "ldr q0, [sp]");
    assert_exception_el1(EC_SP_ALIGN);
}

/* Stage 2 (VTCR_EL2: 4K granule, 32-bit IPA, start level 1) mapping the first GiB to itself as a
 * level-1 block of Normal write-back memory, read/write (D5.3.3: AF, SH, S2AP, MemAttr 0b1111). */
static void stage2_identity_normal(void)
{
    const uint64_t table = 0x20000;
    memset(harness_ram(m, table, 32), 0, 32);
    harness_put64(m, table, 0x0ull | 1ull << 10 | 3ull << 8 | 3ull << 6 | 0xfull << 2 | 1);
    c->sr.vtcr_el2 = 32 | 1ull << 6; /* T0SZ = 32, SL0 = 1, TG0 = 4K, PS = 32 bits */
    c->sr.vttbr_el2 = table;
}

static void test_unaligned_device(void **state)
{
    (void)state;
    /* With the MMU off, data accesses are Device-nGnRnE: no unaligned access (DFSC 0x21). */
    c->x[2] = DATA + 1;
    c->x[3] = 0x33;
    exec1(0xf9400843, "ldr x3, [x2, #0x10]");
    uint32_t iss = assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(ISS_DFSC(iss), FSC_ALIGNMENT);
    assert_false(iss & ISS_WNR);
    assert_int_equal(c->sr.far_el1, DATA + 17);
    assert_int_equal(c->x[3], 0x33);
    exec1(0xf9000841, "str x1, [x2, #0x10]");
    iss = assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(ISS_DFSC(iss), FSC_ALIGNMENT);
    assert_true(iss & ISS_WNR);
    c->x[1] = DATA + 1;
    exec1(0xbd400020, "ldr s0, [x1]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);

    /* HCR_EL2.DC makes stage 1 of EL1&0 Normal write-back (and acts as HCR_EL2.VM = 1): with a
     * stage-2 identity block of Normal memory, unaligned accesses are allowed, even across a page. */
    stage2_identity_normal();
    c->sr.hcr_el2 = HCR_EL2_DC | HCR_EL2_VM;
    harness_put64(m, DATA - 8, 0x8877665544332211ull);
    harness_put64(m, DATA, 0x00ffeeddccbbaa99ull);
    c->x[2] = DATA - 3 - 16;
    exec1(0xf9400843, "ldr x3, [x2, #0x10]");
    assert_completed();
    assert_int_equal(c->x[3], 0xddccbbaa99887766ull);
    /* ... unless SCTLR_EL1.A asks for alignment checks. */
    c->sr.sctlr_el1 |= SCTLR_A;
    exec1(0xf9400843, "ldr x3, [x2, #0x10]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);
}

static void test_external_abort(void **state)
{
    (void)state;
    /* Nothing answers at UNMAPPED: a synchronous External abort, taken to EL1 (SCR_EL3.EA = 0). */
    c->x[2] = UNMAPPED;
    c->x[3] = 0x33;
    exec1(0xf9400843, "ldr x3, [x2, #0x10]");
    uint32_t iss = assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(ISS_DFSC(iss), FSC_SYNC_EXTERNAL);
    assert_false(iss & ISS_WNR);
    assert_int_equal(c->sr.far_el1, UNMAPPED + 16);
    assert_int_equal(c->x[3], 0x33);
    exec1(0x79000441, "strh w1, [x2, #2]");
    iss = assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(ISS_DFSC(iss), FSC_SYNC_EXTERNAL);
    assert_true(iss & ISS_WNR);
    assert_int_equal(c->sr.far_el1, UNMAPPED + 2);
    c->x[1] = UNMAPPED;
    exec1(0x3dc00020, "ldr q0, [x1]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_SYNC_EXTERNAL);
}

/* A stage-2 fault taken to EL2 from EL1; returns ESR_EL2's ISS and goes back to EL1. */
static uint32_t assert_stage2_abort(uint64_t va)
{
    assert_int_equal(c->pc, VBAR + 0x1000 + 0x400); /* lower EL using AArch64, synchronous */
    assert_int_equal(ESR_EC(c->sr.esr_el2), EC_DABORT_LOWER);
    assert_int_equal(c->elr_el[EL2], CODE);
    assert_int_equal(c->sr.far_el2, va);
    assert_int_equal(c->sr.hpfar_el2, va >> 12 << 4); /* FIPA: the IPA (= VA, stage 1 is off) */
    uint32_t iss = ESR_ISS(c->sr.esr_el2);
    assert_int_equal(ISS_DFSC(iss), FSC_TRANSLATION_L0 + 1); /* translation fault, level 1 */
    enter_el1();
    return iss;
}

/* The instruction syndrome (ISV, SAS, SSE, SRT, SF, AR) of a stage-2 Data Abort: valid for
 * single general-purpose-register accesses without writeback (Arm ARM D13.2.37, ISV). */
static void test_stage2_abort_syndrome(void **state)
{
    (void)state;
    const uint64_t hole = 0x40000000; /* IPA outside the stage-2 map: level-1 translation fault */
    stage2_identity_normal();
    c->sr.hcr_el2 = HCR_EL2_VM;
    c->x[2] = hole;
    exec1(0xf9400843, "ldr x3, [x2, #0x10]");
    uint32_t iss = assert_stage2_abort(hole + 16);
    assert_true(iss & ISS_ISV);
    assert_int_equal(ISS_SAS(iss), 3);
    assert_int_equal(ISS_SRT(iss), 3);
    assert_true(iss & ISS_SF);
    assert_false(iss & (ISS_SSE | ISS_AR | ISS_WNR));

    exec1(0x79000441, "strh w1, [x2, #2]");
    iss = assert_stage2_abort(hole + 2);
    assert_true(iss & ISS_ISV);
    assert_true(iss & ISS_WNR);
    assert_int_equal(ISS_SAS(iss), 1);
    assert_int_equal(ISS_SRT(iss), 1);
    assert_false(iss & (ISS_SF | ISS_SSE));

    exec1(0x39c00043, "ldrsb w3, [x2]");
    iss = assert_stage2_abort(hole);
    assert_true(iss & ISS_SSE);
    assert_false(iss & ISS_SF);
    assert_int_equal(ISS_SAS(iss), 0);

    exec1(0xb9800043, "ldrsw x3, [x2]");
    iss = assert_stage2_abort(hole);
    assert_true(iss & ISS_SSE);
    assert_true(iss & ISS_SF);
    assert_int_equal(ISS_SAS(iss), 2);

    exec1(0xc8dffc41, "ldar x1, [x2]");
    iss = assert_stage2_abort(hole);
    assert_true(iss & ISS_ISV);
    assert_true(iss & ISS_AR);
    assert_int_equal(ISS_SRT(iss), 1);

    exec1(0xf8408841, "ldtr x1, [x2, #8]");
    assert_true(assert_stage2_abort(hole + 8) & ISS_ISV);
    c->x[3] = 1;
    exec1(0x38634841, "ldrb w1, [x2, w3, uxtw]");
    assert_true(assert_stage2_abort(hole + 1) & ISS_ISV);

    /* No instruction syndrome for writeback, exclusives, pairs or SIMD&FP. */
    static const struct { uint32_t word; const char *text; } no_isv[] = {
        { 0xf85f8443, "ldr x3, [x2], #0xfffffffffffffff8" },
        { 0xf8408c43, "ldr x3, [x2, #8]!" },
        { 0xc85f7c41, "ldxr x1, [x2]" },
        { 0x29411464, "ldp w4, w5, [x3, #8]" },
        { 0xfd400040, "ldr d0, [x2]" },
    };
    c->x[3] = hole;
    for (unsigned n = 0; n < sizeof(no_isv) / sizeof(no_isv[0]); n++) {
        exec1(no_isv[n].word, no_isv[n].text);
        assert_int_equal(c->pc, VBAR + 0x1000 + 0x400);
        assert_int_equal(ESR_EC(c->sr.esr_el2), EC_DABORT_LOWER);
        assert_false(c->sr.esr_el2 & ISS_ISV);
        enter_el1();
    }
}

static void test_prefetch_never_faults(void **state)
{
    (void)state;
    c->x[0] = UNMAPPED;
    exec1(0xf8a06800, "prfm pldl1keep, [x0, x0]");
    assert_completed();
    exec1(0xf8800000, "prfum pldl1keep, [x0]");
    assert_completed();
    c->x[0] = DATA + 1;
    exec1(0xf9800000, "prfm pldl1keep, [x0]");
    assert_completed();
}

/* Our documented CONSTRAINED UNPREDICTABLE choices (Capstone 4 rejects these words; llvm-mc
 * disassembles them as the instructions named, with a "potentially undefined" warning). */
static void test_constrained_unpredictable(void **state)
{
    (void)state;
    harness_put64(m, DATA, 0x1111);
    harness_put64(m, DATA + 8, 0x2222);
    c->x[1] = DATA;
    exec1(0xf8408421, NULL); /* ldr x1, [x1], #8: the written-back address wins */
    assert_int_equal(c->x[1], DATA + 8);
    c->x[1] = DATA;
    exec1(0xf8008c21, "str x1, [x1, #8]!"); /* the value stored is X1 before the writeback */
    assert_int_equal(harness_get64(m, DATA + 8), DATA);
    assert_int_equal(c->x[1], DATA + 8);
    c->x[2] = DATA;
    exec1(0xa9400441, NULL); /* ldp x1, x1, [x2]: the second element wins */
    assert_int_equal(c->x[1], DATA);
}

static void test_decode_verdicts(void **state)
{
    (void)state;
    static const struct { uint32_t word; enum decode_result r; } cases[] = {
        /* Unallocated in ARMv8.0-A (llvm-mc: "invalid instruction encoding"). */
        { 0xf9c00000, DECODE_UNALLOCATED }, /* size 11, opc 11 */
        { 0xb9c00000, DECODE_UNALLOCATED }, /* LDRSW to W */
        { 0xb8c00400, DECODE_UNALLOCATED }, /* the same, post-index */
        { 0xf8800c00, DECODE_UNALLOCATED }, /* PRFM pre-index */
        { 0xf8800800, DECODE_UNALLOCATED }, /* PRFM unprivileged */
        { 0x3c400800, DECODE_UNALLOCATED }, /* SIMD&FP unprivileged */
        { 0x7d800000, DECODE_UNALLOCATED }, /* SIMD&FP opc 1x with size != 00 */
        { 0xf8600800, DECODE_UNALLOCATED }, /* register offset, option UXTB */
        { 0xf8600000, DECODE_UNALLOCATED }, /* LDADD (ARMv8.1) */
        { 0xf8600400, DECODE_UNALLOCATED }, /* LDRAA (ARMv8.3) */
        { 0xdc000000, DECODE_UNALLOCATED }, /* literal, V = 1, opc 11 */
        { 0xe9400000, DECODE_UNALLOCATED }, /* LDP opc 11 */
        { 0xec400000, DECODE_UNALLOCATED }, /* LDP SIMD&FP opc 11 */
        { 0x69000000, DECODE_UNALLOCATED }, /* STGP (ARMv8.5) */
        { 0x68400000, DECODE_UNALLOCATED }, /* LDNP opc 01 (no LDNPSW) */
        { 0x88a07c00, DECODE_UNALLOCATED }, /* CAS (ARMv8.1) */
        { 0x88df7c00, DECODE_UNALLOCATED }, /* LDLAR (ARMv8.1) */
        { 0x08207c00, DECODE_UNALLOCATED }, /* CASP (ARMv8.1) */
        { 0x99400000, DECODE_UNALLOCATED }, /* LDAPUR (ARMv8.4) */
        { 0x19000000, DECODE_UNALLOCATED }, /* STLURB (ARMv8.4) */
        { 0x8c000000, DECODE_UNALLOCATED }, /* SIMD structures with bit 31 set */
        { 0x0c401000, DECODE_UNALLOCATED }, /* multiple structures, opcode 0001 */
        { 0x0c408c00, DECODE_UNALLOCATED }, /* LD2 .1D (size:Q = 110) */
        { 0x0c600000, DECODE_UNALLOCATED }, /* multiple structures, bit 21 set */
        { 0x0d00c000, DECODE_UNALLOCATED }, /* "ST1R" */
        { 0x0d410000, DECODE_UNALLOCATED }, /* single structure, Rm != 0 without post-index */
        { 0x0d404400, DECODE_UNALLOCATED }, /* H lane with size<0> set */
        { 0x0d409400, DECODE_UNALLOCATED }, /* D lane with S set */
        { 0x0d40d000, DECODE_UNALLOCATED }, /* LD1R with S set */
        /* The Advanced SIMD structures next to the reserved encodings above. */
        { 0x0c407000, DECODE_OK }, /* ld1 {v0.8b}, [x0] */
        { 0x0c408000, DECODE_OK }, /* ld2 {v0.8b, v1.8b}, [x0] */
        { 0x4c400000, DECODE_OK }, /* ld4 {v0.16b-v3.16b}, [x0] */
        { 0x0cdf7000, DECODE_OK }, /* ld1 {v0.8b}, [x0], #8 */
        { 0x0d40c000, DECODE_OK }, /* ld1r {v0.8b}, [x0] */
        { 0x0d408400, DECODE_OK }, /* ld1 {v0.d}[0], [x0] */
        { 0x0d408000, DECODE_OK }, /* ld1 {v0.s}[0], [x0] */
        { 0x0ddf0000, DECODE_OK }, /* ld1 {v0.b}[0], [x0], #1 */
        /* Allocated neighbours of the above. */
        { 0xf8a04800, DECODE_OK }, /* prfm pldl1keep, [x0, w0, uxtw] */
        { 0x38e06800, DECODE_OK }, /* ldrsb w0, [x0, x0] */
        { 0xb8800c00, DECODE_OK }, /* ldrsw x0, [x0, #0]! */
        { 0xd8000200, DECODE_OK }, /* prfm pldl1keep, #64 */
        { 0x3c810c00, DECODE_OK }, /* str q0, [x0, #16]! */
        { 0x69401464, DECODE_OK }, /* ldpsw x4, x5, [x3] */
        { 0x089ffc44, DECODE_OK }, /* stlrb w4, [x2] */
    };
    for (unsigned n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
        struct insn i;
        enum decode_result r = a64_decode(&i, cases[n].word);
        if (r != cases[n].r)
            fail_msg("%08x: decode %d, expected %d", cases[n].word, r, cases[n].r);
        if (r != DECODE_OK)
            assert_ptr_equal(i.exec, exec_undefined);
    }
    /* An unallocated word raises UNDEFINED (EC 0x00) when run. */
    exec1(0xf9c00000, NULL);
    assert_exception_el1(EC_UNKNOWN);
}

static void test_costs(void **state)
{
    (void)state;
    static const struct { uint32_t word; unsigned cost; } cases[] = {
        { 0xf9400843, TIMING_LOAD },    /* ldr x3, [x2, #16] */
        { 0xf8408c43, TIMING_LOAD_WB }, /* ldr x3, [x2, #8]! */
        { 0xf9000841, TIMING_STORE },   /* str x1, [x2, #16] */
        { 0xfd400020, TIMING_LOAD_FP }, /* ldr d0, [x1] */
        { 0xa8c11464, TIMING_LOAD_WB }, /* ldp x4, x5, [x3], #16 */
    };
    for (unsigned n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
        struct insn i;
        assert_int_equal(a64_decode(&i, cases[n].word), DECODE_OK);
        assert_int_equal(i.cost, cases[n].cost);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_unsigned_offset),   T(test_sign_extension),        T(test_unscaled),
        T(test_pre_post_index),    T(test_register_offset),       T(test_literal),
        T(test_pairs),             T(test_sp_base),               T(test_sp_alignment_at_el2),
        T(test_exclusives),        T(test_acquire_release),       T(test_unprivileged),
        T(test_simd_fp_sizes),     T(test_fp_trap),               T(test_unaligned_device),
        T(test_external_abort),     T(test_stage2_abort_syndrome), T(test_prefetch_never_faults), T(test_constrained_unpredictable),
        T(test_decode_verdicts),   T(test_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
