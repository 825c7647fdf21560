/* Unit tests of the full timing model's parts: the LRU caches, the branch predictor and the
 * scoreboard (sim/timing/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/insn.h"
#include "cpu/timing.h"
#include "timing/deps.h"
#include "timing/bpred.h"
#include "timing/cache.h"
#include "timing/pipeline.h"
#include "timing/runs.h"

/* Address of line n of a cache with 2 sets: even lines go to one set, odd ones to the other. */
static uint64_t line(unsigned n) { return (uint64_t)n << CACHE_LINE_BITS; }

static void test_cache_geometry(void **state)
{
    (void)state;
    struct cache k;
    assert_true(cache_init(&k, 48u << 10, 3)); /* the L1I */
    assert_int_equal(k.sets, 256);
    cache_free(&k);
    assert_true(cache_init(&k, 1u << 20, 16)); /* the L2 */
    assert_int_equal(k.sets, 1024);
    cache_free(&k);
}

static void test_cache_hit_miss_lru(void **state)
{
    (void)state;
    struct cache k;
    assert_true(cache_init(&k, 4 * 64, 2)); /* 2 sets of 2 ways */
    assert_false(cache_access(&k, line(0)));       /* cold miss */
    assert_true(cache_access(&k, line(0) + 63));   /* the same line */
    assert_false(cache_access(&k, line(2)));       /* same set, second way */
    assert_false(cache_access(&k, line(1)));       /* the other set: no effect on the first */
    assert_true(cache_access(&k, line(0)));        /* 0 becomes the most recently used ... */
    assert_false(cache_access(&k, line(4)));       /* ... so 4 evicts 2, the least recently used */
    assert_true(cache_access(&k, line(0)));
    assert_true(cache_access(&k, line(4)));
    assert_false(cache_access(&k, line(2)));       /* 2 was evicted; now it evicts 0 */
    assert_false(cache_access(&k, line(0)));
    assert_true(cache_access(&k, line(1)));        /* the other set kept its line throughout */
    assert_int_equal(k.misses, 6);
    cache_invalidate_all(&k);
    assert_false(cache_access(&k, line(1)));
    cache_free(&k);
}

static void test_cache_cyclic_sweep_larger_than_cache_always_misses(void **state)
{
    (void)state;
    struct cache k;
    assert_true(cache_init(&k, 32u << 10, 2)); /* the L1D */
    for (unsigned pass = 0; pass < 3; pass++)
        for (unsigned n = 0; n < 1024; n++) /* 64 KiB: twice the cache */
            cache_access(&k, line(n));
    assert_int_equal(k.misses, 3 * 1024); /* LRU never keeps a line of a cyclic sweep twice its size */
    for (unsigned pass = 0; pass < 2; pass++)
        for (unsigned n = 0; n < 256; n++) /* 16 KiB: fits */
            cache_access(&k, line(n));
    assert_int_equal(k.misses, 3 * 1024 + 256);
    cache_free(&k);
}

/* A 16-way set against a reference LRU list (most recent first, moved on every access): over a
 * pseudo-random stream of 24 lines in one set, every hit and miss agree, way 0 holds the most
 * recently used line, and cache_lru_order lists the lines in the reference's order. */
static void test_cache_16_ways_match_a_reference_lru_list(void **state)
{
    (void)state;
    struct cache k;
    assert_true(cache_init(&k, 16 * 64, 16)); /* one set */
    uint64_t ref[16] = { 0 };                  /* line numbers + 1, most recently used first */
    uint32_t x = 12345;
    unsigned misses = 0;
    for (unsigned n = 0; n < 20000; n++) {
        x = x * 1103515245u + 12345u;
        uint64_t l = (x >> 16) % 24 + 1;
        unsigned pos = 0;
        while (pos < 16 && ref[pos] != l)
            pos++;
        bool ref_hit = pos < 16;
        if (!ref_hit) {
            pos = 15;
            misses++;
        }
        for (; pos > 0; pos--)
            ref[pos] = ref[pos - 1];
        ref[0] = l;
        assert_int_equal(cache_access(&k, line((unsigned)l - 1)), ref_hit);
        assert_true(cache_mru_hit(&k, line((unsigned)l - 1)));
    }
    assert_int_equal(k.misses, misses);
    assert_true(misses > 16 && misses < 20000); /* the stream both hits and misses */
    unsigned order[CACHE_MAX_WAYS];
    cache_lru_order(&k, 0, order);
    for (unsigned w = 0; w < 16; w++)
        assert_int_equal(k.tags[order[w]], ref[w]); /* line n's tag is n + 1 */
    cache_free(&k);
}

static void test_bpred_always_taken_loop_branch(void **state)
{
    (void)state;
    static struct bpred b;
    bpred_reset(&b);
    unsigned mispredicts = 0, misfetches = 0;
    for (unsigned n = 0; n < 100; n++) {
        enum bpred_outcome r = bpred_branch(&b, 0x1000, TF_BR_COND, false, true, 0x0f00);
        mispredicts += r == BPRED_MISPREDICT;
        misfetches += r == BPRED_MISFETCH;
    }
    /* Counters start weakly not-taken; the global history fills with ones over 12 branches, each a
     * fresh counter: 13 mispredictions (histories 0, 1, 3, ... 0xfff), then none. */
    assert_int_equal(mispredicts, BPRED_HISTORY_BITS + 1);
    assert_int_equal(misfetches, 0); /* the BTB learnt the branch at its first (mispredicted) execution */
}

static void test_bpred_direct_branch_btb(void **state)
{
    (void)state;
    static struct bpred b;
    bpred_reset(&b);
    assert_int_equal(bpred_branch(&b, 0x2000, TF_BR_DIRECT, false, true, 0x3000), BPRED_MISFETCH);
    assert_int_equal(bpred_branch(&b, 0x2000, TF_BR_DIRECT, false, true, 0x3000), BPRED_CORRECT);
    /* Another branch at an address that maps to the same BTB entry replaces it. */
    uint64_t alias = 0x2000 + 4 * BPRED_BTB_ENTRIES;
    assert_int_equal(bpred_branch(&b, alias, TF_BR_DIRECT, false, true, 0x3000), BPRED_MISFETCH);
    assert_int_equal(bpred_branch(&b, 0x2000, TF_BR_DIRECT, false, true, 0x3000), BPRED_MISFETCH);
}

static void test_bpred_return_stack(void **state)
{
    (void)state;
    static struct bpred b;
    bpred_reset(&b);
    assert_int_equal(bpred_branch(&b, 0x100, TF_BR_RETURN, false, true, 0x500), BPRED_MISPREDICT); /* empty */
    bpred_branch(&b, 0x100, TF_BR_DIRECT, true, true, 0x800);                                /* BL */
    assert_int_equal(bpred_branch(&b, 0x800, TF_BR_RETURN, false, true, 0x104), BPRED_CORRECT);
    /* Nine nested calls overflow the eight entries: the outermost return is mispredicted. */
    for (unsigned n = 0; n <= BPRED_RETURN_STACK; n++)
        bpred_branch(&b, 0x1000 + 16 * n, TF_BR_DIRECT, true, true, 0x1004 + 16 * n);
    unsigned wrong = 0;
    for (int n = BPRED_RETURN_STACK; n >= 0; n--)
        wrong += bpred_branch(&b, 0x9000, TF_BR_RETURN, false, true, 0x1004 + 16 * (uint64_t)n) != BPRED_CORRECT;
    assert_int_equal(wrong, 1);
}

static void test_bpred_indirect(void **state)
{
    (void)state;
    static struct bpred b;
    bpred_reset(&b);
    assert_int_equal(bpred_branch(&b, 0x400, TF_BR_INDIRECT, true, true, 0x7000), BPRED_MISPREDICT);
    assert_int_equal(bpred_branch(&b, 0x400, TF_BR_INDIRECT, true, true, 0x7000), BPRED_CORRECT);
    assert_int_equal(bpred_branch(&b, 0x400, TF_BR_INDIRECT, true, true, 0x7100), BPRED_MISPREDICT);
}

static struct insn_timing alu(uint8_t dst, uint8_t src)
{
    return (struct insn_timing){ .src = { src }, .dst = { dst, PIPE_REG_SINK }, .dst_fast = PIPE_REG_SINK,
                                 .lat = TIMING_ALU, .port = PORT_I, .occupancy = 1, .units = PIPE_UNITS_INT };
}

/* A run's key in the states tells every run id apart, whatever its miss and branch outcome: ids go up
 * to 2^32 - 1, so none of their bits may be shifted out of the key. */
static void test_run_keys_tell_every_run_apart(void **state)
{
    (void)state;
    const uint32_t ids[] = { 1, 2, 1u << 13, 1u << 14, 1u << 17, 1u << 28, 1u << 31, UINT32_MAX };
    const unsigned misses[] = { 0, 1, 3 | 17u << RUN_MISS_EXTRA_SHIFT, RUN_MAX_INSNS | 255u << RUN_MISS_EXTRA_SHIFT };
    uint64_t keys[8 * 4 * 7];
    unsigned n = 0;
    for (unsigned a = 0; a < 8; a++)
        for (unsigned b = 0; b < 4; b++)
            for (unsigned cls = 0; cls < 7; cls++) {
                uint64_t key = run_key(ids[a], misses[b], cls);
                assert_true(key != 0); /* 0 marks an empty entry */
                for (unsigned k = 0; k < n; k++)
                    assert_true(keys[k] != key);
                keys[n++] = key;
            }
}

static void test_scoreboard_dependent_and_independent(void **state)
{
    (void)state;
    static struct pipeline p;
    pipeline_reset(&p, TIMING_MODE_FULL);
    uint64_t now = 100;
    unsigned slot = 0;
    /* X1 = f(X0), X2 = f(X1), X3 = f(X2): each waits for the one before. */
    struct insn_timing a = alu(PIPE_REG_X0 + 1, PIPE_REG_X0), b = alu(PIPE_REG_X0 + 2, PIPE_REG_X0 + 1),
                       c = alu(PIPE_REG_X0 + 3, PIPE_REG_X0 + 2);
    assert_int_equal(pipeline_issue(&p, &now, &slot, &a, 0), 101);
    assert_int_equal(pipeline_issue(&p, &now, &slot, &b, 0), 102);
    assert_int_equal(pipeline_issue(&p, &now, &slot, &c, 0), 103);
    /* Two integer instructions a cycle: three of them took a cycle and a half of dispatch. */
    assert_int_equal(now, 101);
    assert_int_equal(slot, 3);
    /* Independent ones issue at dispatch. */
    struct insn_timing d = alu(PIPE_REG_X0 + 4, PIPE_REG_X0 + 10);
    assert_int_equal(pipeline_issue(&p, &now, &slot, &d, 0), 102);
    assert_int_equal(now, 102);
    assert_int_equal(slot, 0);
}

static void test_scoreboard_port_and_window(void **state)
{
    (void)state;
    static struct pipeline p;
    pipeline_reset(&p, TIMING_MODE_CACHES);
    uint64_t now = 0;
    unsigned slot = 0;
    /* Independent 64-bit MULs: the multi-cycle port takes one every 3 cycles. */
    struct insn_timing mul = { .src = { PIPE_REG_X0 + 5 }, .dst = { PIPE_REG_X0 + 6, PIPE_REG_SINK },
                               .dst_fast = PIPE_REG_SINK, .lat = TIMING_MUL64, .port = PORT_M, .occupancy = 3,
                               .units = PIPE_UNITS_OTHER };
    assert_int_equal(pipeline_issue(&p, &now, &slot, &mul, 0), 5);
    assert_int_equal(pipeline_issue(&p, &now, &slot, &mul, 0), 8);
    assert_int_equal(pipeline_issue(&p, &now, &slot, &mul, 0), 11);
    /* A load that waits 300 cycles for memory: dispatch stalls when the window fills. */
    struct insn_timing ld = { .src = { PIPE_REG_SP }, .dst = { PIPE_REG_X0 + 7, PIPE_REG_SINK },
                              .dst_fast = PIPE_REG_SINK, .lat = TIMING_LOAD, .port = PORT_L, .occupancy = 1,
                              .units = PIPE_UNITS_OTHER };
    uint64_t before = now;
    uint64_t done = pipeline_issue(&p, &now, &slot, &ld, 300);
    assert_int_equal(done, before + TIMING_LOAD + 300);
    assert_int_equal(now, done - PIPE_WINDOW);
}

/* The registers an instruction's word reads, as a bit mask of scoreboard registers (bit PIPE_REG_x). */
static uint64_t sources_of(uint32_t word, uint8_t *port)
{
    struct insn i = { 0 };
    struct insn_timing t = { 0 };
    assert_int_equal(a64_decode(&i, word), DECODE_OK);
    timing_insn_deps(&i, &t);
    uint64_t mask = 0;
    for (unsigned k = 0; k < 3; k++)
        if (t.src[k] != PIPE_REG_NONE) {
            assert_in_range(t.src[k], PIPE_REG_X0, PIPE_REG_X0 + 63); /* X0 is bit 0: up to V29 fit */
            mask |= 1ull << (t.src[k] - PIPE_REG_X0);
        }
    *port = t.port;
    return mask;
}
#define SRC(r) (1ull << ((r) - PIPE_REG_X0))
#define V(n) SRC(PIPE_REG_V0 + (n))

/* Scalar FP writes its whole destination register: it waits for its sources only, not for the
 * destination's older value; Advanced SIMD accumulates read their destination. */
static void test_deps_fp_destination(void **state)
{
    (void)state;
    uint8_t port;
    assert_int_equal(sources_of(0x1e63280a, &port), V(0) | V(3));             /* FADD d10, d0, d3 */
    assert_int_equal(port, PORT_F);
    assert_int_equal(sources_of(0x1f410800, &port), V(0) | V(1) | V(2));      /* FMADD d0, d0, d1, d2 */
    assert_int_equal(sources_of(0x1e620c20, &port), V(1) | V(2) | SRC(PIPE_REG_NZCV)); /* FCSEL d0, d1, d2, eq */
    assert_int_equal(sources_of(0x1e6618a4, &port), V(5) | V(6));             /* FDIV d4, d5, d6 */
    assert_int_equal(port, PORT_FDIV);
    assert_int_equal(sources_of(0x4e62cc20, &port), V(0) | V(1) | V(2));      /* FMLA v0.2d, v1.2d, v2.2d */
    assert_int_equal(sources_of(0x5fc21820, &port), V(0) | V(1) | V(2));      /* FMLA d0, d1, v2.d[1] */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_geometry),
        cmocka_unit_test(test_cache_hit_miss_lru),
        cmocka_unit_test(test_cache_cyclic_sweep_larger_than_cache_always_misses),
        cmocka_unit_test(test_cache_16_ways_match_a_reference_lru_list),
        cmocka_unit_test(test_bpred_always_taken_loop_branch),
        cmocka_unit_test(test_bpred_direct_branch_btb),
        cmocka_unit_test(test_bpred_return_stack),
        cmocka_unit_test(test_bpred_indirect),
        cmocka_unit_test(test_run_keys_tell_every_run_apart),
        cmocka_unit_test(test_scoreboard_dependent_and_independent),
        cmocka_unit_test(test_scoreboard_port_and_window),
        cmocka_unit_test(test_deps_fp_destination),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
