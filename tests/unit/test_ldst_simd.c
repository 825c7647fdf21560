/* The Advanced SIMD structure loads and stores (a64_ldst.c): LD1-LD4/ST1-ST4 of multiple structures,
 * of one lane, and LD1R-LD4R, with their post-index forms.
 *
 * Each instruction word was assembled with llvm-mc and is checked against Capstone's disassembly
 * before it runs. Expected register and memory contents are computed here from the Arm ARM's
 * pseudocode ("SIMD load/store multiple structures" / "single structure"): element e of structure
 * element s of repeat r lives at address + ((r * elements + e) * selem + s) * ebytes and belongs to
 * V((t + r + s) mod 32); a 64-bit load zeroes the upper half of each register; post-indexing adds the
 * transfer size (Rm = 31) or Xm. */
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
#define DATA 0x8000ull  /* source pattern for loads */
#define OUT 0x9000ull   /* destination of stores */
#define VBAR 0x40000ull

#define ISS_DFSC(iss) ((iss) & 0x3f)

static struct machine *m;
static struct cpu *c;


/* The byte at DATA + k before each test: distinct for k < 256. */
static uint8_t pattern(unsigned k) { return (uint8_t)(k * 3 + 1); }

/* Little-endian element of ebytes bytes at DATA + offset of the pattern. */
static uint64_t pattern_elem(unsigned offset, unsigned ebytes)
{
    uint64_t v = 0;
    for (unsigned b = 0; b < ebytes; b++)
        v |= (uint64_t)pattern(offset + b) << (8 * b);
    return v;
}

/* Element e (ebytes wide) of V[n]. */
static uint64_t velem(unsigned n, unsigned e, unsigned ebytes)
{
    uint64_t v = 0;
    memcpy(&v, (const uint8_t *)c->v[n] + e * ebytes, ebytes);
    return v;
}

static uint64_t mem_elem(uint64_t pa, unsigned ebytes)
{
    uint64_t v = 0;
    memcpy(&v, harness_ram(m, pa, ebytes), ebytes);
    return v;
}

/* Fill every V register with a recognisable value that no load produces. */
static void poison_vregs(void)
{
    for (unsigned n = 0; n < 32; n++) {
        c->v[n][0] = 0xdead000000000000ull | n;
        c->v[n][1] = 0xbeef000000000000ull | n;
    }
}

static int setup(void **state)
{
    (void)state;
    m = harness_el1_fp_machine(RAM_SIZE, VBAR);
    c = m->cpus[0];
    for (unsigned k = 0; k < 256; k++)
        harness_ram(m, DATA + k, 1)[0] = pattern(k);
    memset(harness_ram(m, OUT, 256), 0, 256);
    poison_vregs();
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

/* A load of multiple structures from DATA: t, registers per element rpt, selem, ebytes, Q. */
static void assert_loaded_multiple(unsigned t, unsigned rpt, unsigned selem, unsigned ebytes, bool q)
{
    unsigned elements = (q ? 16 : 8) / ebytes;
    for (unsigned r = 0; r < rpt; r++)
        for (unsigned e = 0; e < elements; e++)
            for (unsigned s = 0; s < selem; s++) {
                unsigned n = (t + r + s) % 32, offset = ((r * elements + e) * selem + s) * ebytes;
                if (velem(n, e, ebytes) != pattern_elem(offset, ebytes))
                    fail_msg("v%u element %u: %#llx, expected %#llx", n, e,
                             (unsigned long long)velem(n, e, ebytes),
                             (unsigned long long)pattern_elem(offset, ebytes));
            }
    for (unsigned k = 0; k < rpt * selem; k++)
        if (!q)
            assert_int_equal(c->v[(t + k) % 32][1], 0);
}

/* The inverse for stores to OUT from registers filled with the pattern's layout. */
static void assert_stored_multiple(unsigned t, unsigned rpt, unsigned selem, unsigned ebytes, bool q)
{
    unsigned elements = (q ? 16 : 8) / ebytes;
    for (unsigned r = 0; r < rpt; r++)
        for (unsigned e = 0; e < elements; e++)
            for (unsigned s = 0; s < selem; s++) {
                unsigned n = (t + r + s) % 32, offset = ((r * elements + e) * selem + s) * ebytes;
                assert_int_equal(mem_elem(OUT + offset, ebytes), velem(n, e, ebytes));
            }
    /* Nothing beyond the transfer. */
    assert_int_equal(mem_elem(OUT + rpt * selem * elements * ebytes, 8), 0);
}

static void test_ld3_deinterleaves(void **state)
{
    (void)state;
    c->x[2] = DATA;
    exec1(0x0c404040, "ld3 {v0.8b, v1.8b, v2.8b}, [x2]");
    assert_completed();
    /* v0 gets bytes 0, 3, 6, ..., v1 bytes 1, 4, 7, ..., and the upper halves are zeroed. */
    for (unsigned e = 0; e < 8; e++) {
        assert_int_equal(velem(0, e, 1), pattern(3 * e));
        assert_int_equal(velem(1, e, 1), pattern(3 * e + 1));
        assert_int_equal(velem(2, e, 1), pattern(3 * e + 2));
    }
    assert_loaded_multiple(0, 1, 3, 1, false);
    assert_int_equal(c->v[3][0], 0xdead000000000003ull); /* untouched */
    assert_int_equal(c->x[2], DATA);

    c->x[3] = OUT;
    exec1(0x0c004060, "st3 {v0.8b, v1.8b, v2.8b}, [x3]");
    assert_completed();
    /* the round trip re-interleaves */
    assert_int_equal(memcmp(harness_ram(m, OUT, 24), harness_ram(m, DATA, 24), 24), 0);
    assert_stored_multiple(0, 1, 3, 1, false);
    assert_int_equal(c->x[3], OUT);
}

static void test_ld4_st4_words(void **state)
{
    (void)state;
    c->x[2] = DATA;
    exec1(0x4cdf0844, "ld4 {v4.4s, v5.4s, v6.4s, v7.4s}, [x2], #0x40");
    assert_completed();
    assert_loaded_multiple(4, 1, 4, 4, true);
    assert_int_equal(velem(5, 2, 4), pattern_elem(4 * (2 * 4 + 1), 4)); /* word 9 */
    assert_int_equal(c->x[2], DATA + 64);

    c->x[3] = OUT;
    exec1(0x4c000864, "st4 {v4.4s, v5.4s, v6.4s, v7.4s}, [x3]");
    assert_completed();
    assert_int_equal(memcmp(harness_ram(m, OUT, 64), harness_ram(m, DATA, 64), 64), 0);
    assert_int_equal(c->x[3], OUT);
}

static void test_ld2_register_postindex_wraps(void **state)
{
    (void)state;
    c->x[2] = DATA;
    c->x[5] = (uint64_t)-0x100; /* post-index by Xm adds Xm, not the transfer size */
    exec1(0x4cc5845e, "ld2 {v30.8h, v31.8h}, [x2], x5");
    assert_completed();
    assert_loaded_multiple(30, 1, 2, 2, true);
    assert_int_equal(c->x[2], DATA - 0x100);
    assert_int_equal(c->v[0][0], 0xdead000000000000ull);

    /* LD1 with three registers from V31 wraps to V0 and V1: consecutive 16-byte blocks. */
    c->x[2] = DATA;
    exec1(0x4c40605f, "ld1 {v31.16b, v0.16b, v1.16b}, [x2]");
    assert_completed();
    assert_loaded_multiple(31, 3, 1, 1, true);
    assert_int_equal(memcmp(c->v[0], harness_ram(m, DATA + 16, 16), 16), 0);
    assert_int_equal(c->v[2][0], 0xdead000000000002ull);
}

static void test_ld1_st1_registers(void **state)
{
    (void)state;
    c->x[2] = DATA;
    exec1(0x0c407c48, "ld1 {v8.1d}, [x2]");
    assert_completed();
    assert_int_equal(c->v[8][0], pattern_elem(0, 8));
    assert_int_equal(c->v[8][1], 0); /* Q = 0 zeroes the upper 64 bits */

    exec1(0x4c407843, "ld1 {v3.4s}, [x2]");
    assert_loaded_multiple(3, 1, 1, 4, true);

    c->x[3] = OUT;
    exec1(0x4c9fac60, "st1 {v0.2d, v1.2d}, [x3], #0x20");
    assert_completed();
    assert_stored_multiple(0, 2, 1, 8, true);
    assert_int_equal(mem_elem(OUT + 8, 8), c->v[0][1]);
    assert_int_equal(mem_elem(OUT + 16, 8), c->v[1][0]);
    assert_int_equal(c->x[3], OUT + 32);
}

static void test_single_lane(void **state)
{
    (void)state;
    c->x[2] = DATA;
    exec1(0x4d401441, "ld1 {v1.b}[0xd], [x2]");
    assert_completed();
    /* Only byte 13 changes; the rest of the register, upper half included, is kept. */
    assert_int_equal(c->v[1][0], 0xdead000000000001ull);
    assert_int_equal(c->v[1][1], (0xbeef000000000001ull & ~(0xffull << 40)) | (uint64_t)pattern(0) << 40);
    assert_int_equal(c->x[2], DATA);

    exec1(0x0d405841, "ld1 {v1.h}[3], [x2]");
    assert_int_equal(velem(1, 3, 2), pattern_elem(0, 2));
    assert_int_equal(velem(1, 0, 2), 1); /* low halfword of the poison value */

    poison_vregs();
    exec1(0x4ddfb041, "ld3 {v1.s, v2.s, v3.s}[3], [x2], #0xc");
    assert_completed();
    for (unsigned s = 0; s < 3; s++) {
        assert_int_equal(velem(1 + s, 3, 4), pattern_elem(4 * s, 4));
        assert_int_equal(c->v[1 + s][0], 0xdead000000000000ull | (1 + s));
    }
    assert_int_equal(c->x[2], DATA + 12);

    c->x[2] = DATA;
    c->x[5] = 0x40;
    exec1(0x4de58441, "ld2 {v1.d, v2.d}[1], [x2], x5");
    assert_completed();
    assert_int_equal(c->v[1][1], pattern_elem(0, 8));
    assert_int_equal(c->v[2][1], pattern_elem(8, 8));
    assert_int_equal(c->v[1][0], 0xdead000000000001ull);
    assert_int_equal(c->x[2], DATA + 0x40);

    poison_vregs();
    c->x[3] = OUT;
    exec1(0x4dbf4861, "st2 {v1.h, v2.h}[5], [x3], #4");
    assert_completed();
    assert_int_equal(mem_elem(OUT, 2), velem(1, 5, 2));
    assert_int_equal(mem_elem(OUT + 2, 2), velem(2, 5, 2));
    assert_int_equal(mem_elem(OUT + 4, 4), 0);
    assert_int_equal(c->x[3], OUT + 4);

    /* ST4 of lane 15 from V31, V0, V1, V2. */
    c->x[3] = OUT + 0x20;
    exec1(0x4d203c7f, "st4 {v31.b, v0.b, v1.b, v2.b}[0xf], [x3]");
    assert_completed();
    static const unsigned regs[4] = { 31, 0, 1, 2 };
    for (unsigned s = 0; s < 4; s++)
        assert_int_equal(mem_elem(OUT + 0x20 + s, 1), velem(regs[s], 15, 1));
    assert_int_equal(mem_elem(OUT + 0x24, 1), 0);
    assert_int_equal(c->x[3], OUT + 0x20);
}

static void test_replicate(void **state)
{
    (void)state;
    c->x[2] = DATA;
    exec1(0x0d40c042, "ld1r {v2.8b}, [x2]");
    assert_completed();
    assert_int_equal(c->v[2][0], 0x0101010101010101ull * pattern(0));
    assert_int_equal(c->v[2][1], 0);
    assert_int_equal(c->x[2], DATA);

    exec1(0x4ddfc842, "ld1r {v2.4s}, [x2], #4");
    for (unsigned e = 0; e < 4; e++)
        assert_int_equal(velem(2, e, 4), pattern_elem(0, 4));
    assert_int_equal(c->x[2], DATA + 4);

    c->x[2] = DATA;
    exec1(0x4dffe444, "ld4r {v4.8h, v5.8h, v6.8h, v7.8h}, [x2], #8");
    for (unsigned s = 0; s < 4; s++)
        for (unsigned e = 0; e < 8; e++)
            assert_int_equal(velem(4 + s, e, 2), pattern_elem(2 * s, 2));
    assert_int_equal(c->x[2], DATA + 8);

    c->x[2] = DATA;
    c->x[5] = 3;
    exec1(0x0dc5ec44, "ld3r {v4.1d, v5.1d, v6.1d}, [x2], x5");
    for (unsigned s = 0; s < 3; s++) {
        assert_int_equal(c->v[4 + s][0], pattern_elem(8 * s, 8));
        assert_int_equal(c->v[4 + s][1], 0);
    }
    assert_int_equal(c->v[7][1], pattern_elem(6, 2) * 0x0001000100010001ull); /* from the LD4R */
    assert_int_equal(c->x[2], DATA + 3);

    /* SP as the base: aligned, it works; misaligned with SCTLR_EL1.SA, it faults before any access. */
    c->sp_el[EL1] = DATA + 0x10;
    exec1(0x0d60cbe4, "ld2r {v4.2s, v5.2s}, [sp]");
    assert_completed();
    assert_int_equal(c->v[4][0], pattern_elem(0x10, 4) * 0x100000001ull);
    assert_int_equal(c->v[5][0], pattern_elem(0x14, 4) * 0x100000001ull);
    assert_int_equal(c->v[5][1], 0);
    assert_true(c->sr.sctlr_el1 & SCTLR_SA);
    c->sp_el[EL1] = DATA + 4;
    poison_vregs();
    exec1(0x0d60cbe4, "ld2r {v4.2s, v5.2s}, [sp]");
    assert_exception_el1(EC_SP_ALIGN);
    assert_int_equal(c->v[4][0], 0xdead000000000004ull);
}

static void test_faults_write_nothing(void **state)
{
    (void)state;
    /* The last 32 bytes of RAM, then nothing: the first eight words load, the ninth aborts. */
    c->x[2] = RAM_SIZE - 32;
    exec1(0x4cdf0844, "ld4 {v4.4s, v5.4s, v6.4s, v7.4s}, [x2], #0x40");
    uint32_t iss = assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(ISS_DFSC(iss), FSC_SYNC_EXTERNAL);
    assert_false(iss & ISS_ISV); /* SIMD structure accesses give no instruction syndrome */
    assert_int_equal(c->sr.far_el1, RAM_SIZE);
    for (unsigned n = 4; n < 8; n++)
        assert_int_equal(c->v[n][0], 0xdead000000000000ull | n);
    assert_int_equal(c->x[2], RAM_SIZE - 32);

    c->x[2] = RAM_SIZE - 4;
    exec1(0x4ddfb041, "ld3 {v1.s, v2.s, v3.s}[3], [x2], #0xc");
    assert_exception_el1(EC_DABORT_SAME);
    assert_int_equal(c->v[1][1], 0xbeef000000000001ull);
    assert_int_equal(c->x[2], RAM_SIZE - 4);

    /* A store reports WnR and keeps the base. */
    c->x[3] = RAM_SIZE - 16;
    exec1(0x4c9fac60, "st1 {v0.2d, v1.2d}, [x3], #0x20");
    iss = assert_exception_el1(EC_DABORT_SAME);
    assert_true(iss & ISS_WNR);
    assert_int_equal(c->x[3], RAM_SIZE - 16);

    /* MMU off: Device memory, so each element must be aligned to its own size. */
    c->x[2] = DATA + 2;
    exec1(0x4c407843, "ld1 {v3.4s}, [x2]");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);
    assert_int_equal(c->sr.far_el1, DATA + 2);
    c->x[2] = DATA + 1;
    exec1(0x0c404040, "ld3 {v0.8b, v1.8b, v2.8b}, [x2]"); /* bytes: never misaligned */
    assert_completed();
    assert_int_equal(velem(0, 1, 1), pattern(4));
    exec1(0x4de58441, "ld2 {v1.d, v2.d}[1], [x2], x5");
    assert_int_equal(ISS_DFSC(assert_exception_el1(EC_DABORT_SAME)), FSC_ALIGNMENT);
}

static void test_fp_trap(void **state)
{
    (void)state;
    c->sr.cpacr_el1 = 0; /* CPACR_EL1.FPEN = 00 */
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    c->x[2] = DATA;
    c->x[3] = OUT;
    exec1(0x4cdf0844, "ld4 {v4.4s, v5.4s, v6.4s, v7.4s}, [x2], #0x40");
    assert_exception_el1(EC_FP_ACCESS);
    assert_int_equal(c->v[4][0], 0xdead000000000004ull);
    assert_int_equal(c->x[2], DATA);
    exec1(0x4dbf4861, "st2 {v1.h, v2.h}[5], [x3], #4");
    assert_exception_el1(EC_FP_ACCESS);
    assert_int_equal(mem_elem(OUT, 8), 0);
    assert_int_equal(c->x[3], OUT);
    exec1(0x0d40c042, "ld1r {v2.8b}, [x2]");
    assert_exception_el1(EC_FP_ACCESS);
    /* The FP check comes before the SP alignment check. */
    c->sp_el[EL1] = DATA + 4;
    exec1(0x0d60cbe4, "ld2r {v4.2s, v5.2s}, [sp]");
    assert_exception_el1(EC_FP_ACCESS);
}

static void test_decode(void **state)
{
    (void)state;
    static const struct { uint32_t word; unsigned cost; } ok[] = {
        { 0x0c404040, TIMING_LOAD_FP }, /* ld3 {v0.8b-v2.8b}, [x2] */
        { 0x0c004060, TIMING_STORE },   /* st3 {v0.8b-v2.8b}, [x3] */
        { 0x4d203c7f, TIMING_STORE },   /* st4 {v31.b-v2.b}[15], [x3] */
        { 0x0dc5ec44, TIMING_LOAD_FP }, /* ld3r {v4.1d-v6.1d}, [x2], x5 */
        { 0x0c407c48, TIMING_LOAD_FP }, /* ld1 {v8.1d}, [x2]: size:Q = 110 is allowed with selem = 1 */
    };
    for (unsigned n = 0; n < sizeof(ok) / sizeof(ok[0]); n++) {
        struct insn i;
        assert_int_equal(a64_decode(&i, ok[n].word), DECODE_OK);
        assert_int_equal(i.cost, ok[n].cost);
    }
    static const uint32_t reserved[] = {
        0x0c408c00, /* ld2 .1d: size:Q = 110 with selem != 1 */
        0x0d00c000, /* "st1r" */
        0x0d404400, /* H lane with size<0> set */
        0x0d409400, /* D lane with S set */
    };
    for (unsigned n = 0; n < sizeof(reserved) / sizeof(reserved[0]); n++) {
        struct insn i;
        assert_int_equal(a64_decode(&i, reserved[n]), DECODE_UNALLOCATED);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_ld3_deinterleaves), T(test_ld4_st4_words), T(test_ld2_register_postindex_wraps),
        T(test_ld1_st1_registers), T(test_single_lane),   T(test_replicate),
        T(test_faults_write_nothing), T(test_fp_trap),    T(test_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
