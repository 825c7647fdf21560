/* The decoder's structure (sim/cpu/decode.c and every group in a64_groups[]) and FMOV (a64_fp.c, a64_simd.c).
 *
 * Structure: the encoding table is data, so its shape can be checked: no two rows overlap (a word
 * matched by two rows would be decoded by whichever the bucket lists first), and no row's match has
 * a bit its mask does not test (such a row matches no word at all).
 *
 * FMOV: each form of ARMv8.0, decoded and executed on a core; the words were assembled with llvm-mc
 * and the expected values follow the Arm ARM (VFPExpandImm, the V[] and X[] accessors, the
 * CPACR_EL1 trap's syndrome), with FP constants taken from the host's IEEE 754 encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "machine.h"

/* ---- Structure of the encoding table ------------------------------------------------------ */

/* Row pairs allowed to overlap, each with its reason. Empty: the groups are disjoint today. */
static const struct overlap_allowed {
    const char *row1, *row2;
    const char *reason;
} overlaps_allowed[] = {
    { NULL, NULL, NULL },
};

static int overlap_is_allowed(const struct a64_encoding *a, const struct a64_encoding *b)
{
    for (size_t n = 0; overlaps_allowed[n].row1; n++) {
        const struct overlap_allowed *o = &overlaps_allowed[n];
        if ((!strcmp(o->row1, a->name) && !strcmp(o->row2, b->name)) ||
            (!strcmp(o->row1, b->name) && !strcmp(o->row2, a->name)))
            return 1;
    }
    return 0;
}

/* Two rows overlap when some word matches both: they agree on every bit both masks test. */
static int rows_overlap(const struct a64_encoding *a, const struct a64_encoding *b)
{
    return ((a->mask & b->mask) & (a->match ^ b->match)) == 0;
}

static void test_no_rows_overlap(void **state)
{
    (void)state;
    unsigned bad = 0, rows = 0;
    for (unsigned g1 = 0; g1 < a64_group_count; g1++)
        for (unsigned r1 = 0; r1 < a64_groups[g1]->count; r1++) {
            const struct a64_encoding *a = &a64_groups[g1]->rows[r1];
            rows++;
            for (unsigned g2 = g1; g2 < a64_group_count; g2++)
                for (unsigned r2 = g2 == g1 ? r1 + 1 : 0; r2 < a64_groups[g2]->count; r2++) {
                    const struct a64_encoding *b = &a64_groups[g2]->rows[r2];
                    if (rows_overlap(a, b) && !overlap_is_allowed(a, b)) {
                        printf("overlap: %s/%s {%08x, %08x} and %s/%s {%08x, %08x}, e.g. %08x\n",
                               a64_groups[g1]->name, a->name, a->mask, a->match, a64_groups[g2]->name,
                               b->name, b->mask, b->match, a->match | b->match);
                        bad++;
                    }
                }
        }
    assert_true(rows > 0);
    assert_int_equal(bad, 0);
}

static void test_match_within_mask(void **state)
{
    (void)state;
    unsigned bad = 0;
    for (unsigned g = 0; g < a64_group_count; g++)
        for (unsigned r = 0; r < a64_groups[g]->count; r++) {
            const struct a64_encoding *e = &a64_groups[g]->rows[r];
            if (e->match & ~e->mask) {
                printf("%s/%s: match %08x has bits outside mask %08x\n", a64_groups[g]->name, e->name,
                       e->match, e->mask);
                bad++;
            }
            if (!e->decode || !e->name) {
                printf("%s row %u: no decode fn or name\n", a64_groups[g]->name, r);
                bad++;
            }
        }
    assert_int_equal(bad, 0);
}

/* Every row's own match word must find that row (the buckets by bits 28:25 lose none). */
static void test_rows_are_found(void **state)
{
    (void)state;
    for (unsigned g = 0; g < a64_group_count; g++)
        for (unsigned r = 0; r < a64_groups[g]->count; r++) {
            const struct a64_encoding *e = &a64_groups[g]->rows[r];
            assert_ptr_equal(a64_find_encoding(e->match), e);
        }
}

/* ---- FP/SIMD verdicts (Arm ARM C4.1's tables for op0 = x111, ARMv8.0 + Crypto) ------------ */

static void test_fpsimd_verdicts(void **state)
{
    (void)state;
    static const struct {
        uint32_t word;
        enum decode_result expected;
        const char *what;
    } cases[] = {
        { 0x1e222820, DECODE_OK, "FADD s0, s1, s2" },
        { 0x1ee22820, DECODE_UNALLOCATED, "FADD h0, h1, h2: FP16 is ARMv8.2" },
        { 0x4e284820, DECODE_OK, "AESE v0.16b, v1.16b: the A72 has the Crypto Extension" },
        { 0x5e004020, DECODE_OK, "SHA256H q0, q1, v0.4s" },
        { 0xcec08020, DECODE_UNALLOCATED, "SHA512SU0: ARMv8.2 SHA512" },
        { 0x2e828420, DECODE_UNALLOCATED, "SQRDMLAH v0.2s: ARMv8.1 RDM" },
        { 0x2e829420, DECODE_UNALLOCATED, "UDOT: ARMv8.2 dot product" },
        { 0x1e7e0020, DECODE_UNALLOCATED, "FJCVTZS: ARMv8.3" },
        { 0x0ee1e020, DECODE_OK, "PMULL v0.1q, v1.1d, v1.1d (Crypto)" },
        { 0x0ea1e020, DECODE_UNALLOCATED, "PMULL with size = 10" },
        { 0x0ee08420, DECODE_UNALLOCATED, "ADD v0.1d: size:Q = 110 is reserved" },
        { 0x4ee08420, DECODE_OK, "ADD v0.2d" },
        { 0x1e660020, DECODE_UNALLOCATED, "FMOV with sf = 0, ftype = 01" },
        { 0x1e2e1021, DECODE_UNALLOCATED, "FMOV (scalar, immediate) with imm5 != 0" },
        { 0x2f00f400, DECODE_UNALLOCATED, "modified immediate, op = 1, cmode = 1111, Q = 0" },
        { 0x0f00fc00, DECODE_UNALLOCATED, "FMOV (vector, half-precision immediate), o2 = 1: ARMv8.2" },
        { 0x1e204020, DECODE_OK, "FMOV s0, s1" },
    };
    struct insn i;
    for (size_t n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
        enum decode_result r = a64_decode(&i, cases[n].word);
        if (r != cases[n].expected)
            printf("%08x (%s): got %d, expected %d\n", cases[n].word, cases[n].what, r, cases[n].expected);
        assert_int_equal(r, cases[n].expected);
        if (r != DECODE_OK)
            assert_ptr_equal(i.exec, exec_undefined);
    }
}

/* ---- FMOV on a core ----------------------------------------------------------------------- */

#define VBAR 0x40000ull
#define CODE 0x1000ull

static struct machine *m;
static struct cpu *c;

static int setup(void **state)
{
    (void)state;
    m = machine_create(1);
    assert_non_null(m);
    c = m->cpus[0];
    c->sr.cptr_el3 = 0;
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    c->sr.vbar_el1 = VBAR;
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW;
    c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT; /* FP/SIMD enabled at EL0 and EL1 */
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    harness_enter(c, EL1, 1);
    c->pc = CODE;
    for (unsigned n = 0; n < 32; n++) {
        c->v[n][0] = 0x1111111111111111ull * (n & 15) ^ 0xa5a5a5a5a5a5a5a5ull;
        c->v[n][1] = ~c->v[n][0];
        if (n < 31)
            c->x[n] = 0x0123456789abcdefull + n;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* Decode one word, require DECODE_OK, and run it; the handler must fall through. */
static void run(uint32_t word)
{
    struct insn i;
    assert_int_equal(a64_decode(&i, word), DECODE_OK);
    assert_int_equal(i.exec(c, &i), EXEC_NEXT);
    assert_int_equal(c->pc, CODE);
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static void test_fmov_register(void **state)
{
    (void)state;
    uint64_t v2 = c->v[2][0], v4 = c->v[4][0];
    run(0x1e204041);                            /* FMOV s1, s2 */
    assert_int_equal(c->v[1][0], v2 & 0xffffffffu);
    assert_int_equal(c->v[1][1], 0);
    run(0x1e604083);                            /* FMOV d3, d4 */
    assert_int_equal(c->v[3][0], v4);
    assert_int_equal(c->v[3][1], 0);
}

static void test_fmov_general(void **state)
{
    (void)state;
    uint64_t v6 = c->v[6][0], v10 = c->v[10][0], v14_hi = c->v[14][1], v15_lo = c->v[15][0];
    run(0x1e2600c5);                            /* FMOV w5, s6: zero-extended into X5 */
    assert_int_equal(c->x[5], v6 & 0xffffffffu);
    run(0x1e270107);                            /* FMOV s7, w8 */
    assert_int_equal(c->v[7][0], c->x[8] & 0xffffffffu);
    assert_int_equal(c->v[7][1], 0);
    run(0x9e660149);                            /* FMOV x9, d10 */
    assert_int_equal(c->x[9], v10);
    run(0x9e67018b);                            /* FMOV d11, x12 */
    assert_int_equal(c->v[11][0], c->x[12]);
    assert_int_equal(c->v[11][1], 0);
    run(0x9eae01cd);                            /* FMOV x13, v14.d[1] */
    assert_int_equal(c->x[13], v14_hi);
    run(0x9eaf020f);                            /* FMOV v15.d[1], x16: the low half is kept */
    assert_int_equal(c->v[15][1], c->x[16]);
    assert_int_equal(c->v[15][0], v15_lo);
}

static void test_fmov_zero_register(void **state)
{
    (void)state;
    run(0x1e2703e0);                            /* FMOV s0, wzr */
    assert_int_equal(c->v[0][0], 0);
    assert_int_equal(c->v[0][1], 0);
    run(0x1e26001f);                            /* FMOV wzr, s0: the write is discarded */
    assert_int_equal(c->x[31], 0);
    run(0x9eae003f);                            /* FMOV xzr, v1.d[1] */
    assert_int_equal(c->x[31], 0);
}

static void test_fmov_scalar_immediate(void **state)
{
    (void)state;
    run(0x1e2e1011);                            /* FMOV s17, #1.0 */
    assert_int_equal(c->v[17][0], f32_bits(1.0f));
    assert_int_equal(c->v[17][1], 0);
    run(0x1e709012);                            /* FMOV d18, #-2.5 */
    assert_int_equal(c->v[18][0], f64_bits(-2.5));
    assert_int_equal(c->v[18][1], 0);
    run(0x1e281013);                            /* FMOV s19, #0.125 (the smallest exponent) */
    assert_int_equal(c->v[19][0], f32_bits(0.125f));
    run(0x1e67f014);                            /* FMOV d20, #31.0 (the largest magnitude) */
    assert_int_equal(c->v[20][0], f64_bits(31.0));
    run(0x1e7ff000);                            /* FMOV d0, #-1.9375 (every fraction bit) */
    assert_int_equal(c->v[0][0], f64_bits(-1.9375));
}

static void test_fmov_vector_immediate(void **state)
{
    (void)state;
    uint64_t s15 = f32_bits(1.5f), sm05 = f32_bits(-0.5f);
    run(0x0f03f714);                            /* FMOV v20.2s, #1.5: the top half is zeroed */
    assert_int_equal(c->v[20][0], s15 << 32 | s15);
    assert_int_equal(c->v[20][1], 0);
    run(0x4f07f415);                            /* FMOV v21.4s, #-0.5 */
    assert_int_equal(c->v[21][0], sm05 << 32 | sm05);
    assert_int_equal(c->v[21][1], sm05 << 32 | sm05);
    run(0x6f00f516);                            /* FMOV v22.2d, #3.0 */
    assert_int_equal(c->v[22][0], f64_bits(3.0));
    assert_int_equal(c->v[22][1], f64_bits(3.0));
}

/* CPACR_EL1.FPEN = 00 at EL1: AArch64.AdvSIMDFPAccessTrap(EL1), EC 0x07, ISS CV = 1, COND = 1110. */
static void test_fmov_fp_trap(void **state)
{
    (void)state;
    static const uint32_t words[] = { 0x1e204041, 0x9e660149, 0x9eaf020f, 0x1e2e1011, 0x6f00f516 };
    for (size_t n = 0; n < sizeof(words) / sizeof(words[0]); n++) {
        teardown(NULL);                                         /* a fresh core for each word */
        setup(NULL);
        c->sr.cpacr_el1 = 0;
        cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
        uint64_t x9 = c->x[9], v[32][2];
        memcpy(v, c->v, sizeof(v));
        struct insn i;
        assert_int_equal(a64_decode(&i, words[n]), DECODE_OK);
        assert_int_equal(i.exec(c, &i), EXEC_JUMP);
        assert_int_equal(c->sr.esr_el1 >> 26 & 0x3f, EC_FP_ACCESS);
        assert_int_equal(c->sr.esr_el1 & 0x1ffffff, 0x1e00000);
        assert_int_equal(c->sr.esr_el1 >> 25 & 1, 1);             /* IL: a 32-bit instruction */
        assert_int_equal(c->elr_el[1], CODE);
        assert_int_equal(c->pc, VBAR + 0x200);                   /* current EL with SP_ELx, sync */
        assert_int_equal(c->pstate.el, EL1);
        assert_int_equal(c->x[9], x9);                           /* nothing was written */
        assert_memory_equal(c->v, v, sizeof(v));
    }
}

/* FPEN = 01 enables EL1 (not EL0): the same FMOV runs. */
static void test_fmov_fpen_el1_only(void **state)
{
    (void)state;
    c->sr.cpacr_el1 = 1ull << CPACR_EL1_FPEN_SHIFT;
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    run(0x1e2e1011);                            /* FMOV s17, #1.0 */
    assert_int_equal(c->v[17][0], f32_bits(1.0f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_rows_overlap),
        cmocka_unit_test(test_match_within_mask),
        cmocka_unit_test(test_rows_are_found),
        cmocka_unit_test(test_fpsimd_verdicts),
        cmocka_unit_test_setup_teardown(test_fmov_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fmov_general, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fmov_zero_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fmov_scalar_immediate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fmov_vector_immediate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fmov_fp_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fmov_fpen_el1_only, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
