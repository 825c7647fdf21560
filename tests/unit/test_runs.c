/* The fast run loop's runs (sim/timing/runs.h) against the instrumented loop, which issues every
 * instruction on the scoreboard as it goes: on random programs (integer, multiply, divide, loads and
 * stores over 32 KiB, FP, forward branches, calls, barriers, counter reads, exceptions and aborts in
 * the middle of runs, stores into their own code), run in random slices, both loops end with the same cycles, event counts,
 * scoreboard, predictor and registers, in both full timing modes; also when the fast loop's table of
 * scoreboard states (sim/timing/states.h) is too small to keep them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/run.h"
#include "harness.h"
#include "observe.h"
#include "timing/uarch.h"

#define CODE 0x1000u
#define LEAF 0x30000u
#define VBAR 0x40000u
#define DATA 0x80000u      /* x20: 32 KiB of data */
#define NOWHERE 0x40000000u /* x24: no memory there (an external abort) */
#define RAM_SIZE (1u << 20)

static uint32_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) % n;
}

static uint32_t xr(void) { return rnd(8); }         /* x0..x7 */
static uint32_t op3(uint32_t base, uint32_t d, uint32_t n, uint32_t m) { return base | m << 16 | n << 5 | d; }

/* One random instruction of the body; *skip > 0 after a forward branch over that many. */
static uint32_t random_insn(unsigned *skip)
{
    switch (rnd(20)) {
    case 0: return op3(0x8b000000u, xr(), xr(), xr());                  /* ADD */
    case 1: return op3(0xcb000000u, xr(), xr(), xr());                  /* SUB */
    case 2: return op3(0xca000000u, xr(), xr(), xr());                  /* EOR */
    case 3: return op3(0xab000000u, xr(), xr(), xr());                  /* ADDS */
    case 4: return op3(0x9b000000u, xr(), xr(), xr()) | xr() << 10;     /* MADD */
    case 5: return op3(0x9ac00800u, xr(), xr(), xr());                  /* UDIV */
    case 6: return 0xf9400000u | rnd(512) << 10 | 20u << 5 | xr();      /* LDR Xt, [x20, #imm] */
    case 7: return 0xf9000000u | rnd(512) << 10 | 20u << 5 | xr();      /* STR Xt, [x20, #imm] */
    case 8: return 0xd3403800u | 3u << 16 | xr() << 5 | 9u;             /* UBFX x9, Xn, #3, #12 */
    case 9: return op3(0xf8607800u, xr(), 20, 9);                       /* LDR Xt, [x20, x9, LSL #3] */
    case 10: return op3(0xf8207800u, xr(), 20, 9);                      /* STR Xt, [x20, x9, LSL #3] */
    case 11: return op3(0x1e602800u, xr(), xr(), xr());                 /* FADD Dd */
    case 12: return op3(0x1e600800u, xr(), xr(), xr());                 /* FMUL Dd */
    case 13: return op3(0x1f400000u, xr(), xr(), xr()) | xr() << 10;    /* FMADD Dd */
    case 14: return rnd(4) ? op3(0x1e601800u, xr(), xr(), xr()) : 0x9e670000u | xr() << 5 | xr(); /* FDIV, FMOV Dd, Xn */
    case 15:
        *skip = 1 + rnd(4);
        return 0x54000000u | (*skip + 1) << 5 | rnd(14);                /* B.cond forward */
    case 16: return 0x94000000u | (((LEAF - CODE) >> 2) & 0x3ffffffu);  /* BL leaf (patched: see below) */
    case 17:
        switch (rnd(6)) {
        case 0: return 0xd5033f9fu;                                     /* DSB SY */
        case 1: return 0xd53be040u | xr();                              /* MRS Xt, CNTVCT_EL0 */
        case 2: return 0xd4000001u;                                     /* SVC #0 */
        case 3: return 0xf9400000u | 24u << 5 | xr();                   /* LDR Xt, [x24]: an abort */
        case 4: return 0xb9000000u | 25u << 5 | 26u;                      /* STR w26, [x25]: the loop's first instruction, rewritten */
        default: return 0xd503201fu;                                    /* NOP */
        }
    default: return op3(0xeb000000u, 31, xr(), xr());                   /* CMP Xn, Xm */
    }
}

static bool is_branch(uint32_t w) { return (w & 0xff000010u) == 0x54000000u || (w & 0xfc000000u) == 0x94000000u; }

/* A random instruction that is not a branch. */
static uint32_t random_plain(void)
{
    for (;;) {
        unsigned skip = 0;
        uint32_t w = random_insn(&skip);
        if (!is_branch(w))
            return w;
    }
}

static void put(struct machine *m, uint64_t *pa, uint32_t word)
{
    harness_put32(m, *pa, word);
    *pa += 4;
}

/* A machine with the random program of seed: a loop of body instructions, a leaf function, and an
 * exception vector that returns past the instruction that raised it. */
static struct machine *program(unsigned seed, unsigned body, enum timing_mode mode, const uint32_t *fixed,
                               unsigned target)
{
    struct machine *m = harness_el1_fp_machine(RAM_SIZE, VBAR);
    assert_true(timing_configure(m, mode, 1700000000ull));
    struct cpu *c = m->cpus[0];
    rng_state = seed;
    uint64_t pa = CODE;
    put(m, &pa, 0xd2a00000u | (DATA >> 16) << 5 | 20);     /* MOVZ x20, #DATA >> 16, LSL #16 */
    put(m, &pa, 0xd2a00000u | (NOWHERE >> 16) << 5 | 24);  /* MOVZ x24, #NOWHERE >> 16, LSL #16 */
    put(m, &pa, 0xd2a00000u | 1u << 5 | 21);               /* MOVZ x21, #0x10000 (iterations) */
    put(m, &pa, 0xd2800000u | 0x0000u << 5 | 26);          /* MOVZ x26, #0 */
    put(m, &pa, 0xf2a00000u | 0x9b00u << 5 | 26);          /* MOVK x26, #0x9b00, LSL #16: MADD x0, x0, x0, x0 */
    put(m, &pa, 0xd2800000u | (uint32_t)(pa + 4 * (9 + target)) << 5 | 25); /* MOVZ x25, #loop + 4 * target */
    for (unsigned r = 0; r < 8; r++)
        put(m, &pa, 0xd2800000u | (rnd(65536)) << 5 | r);  /* MOVZ xr, #random */
    uint64_t loop = pa;
    put(m, &pa, 0xd503201fu);                                /* NOP (the random bodies store a MADD here) */
    for (unsigned k = 0; k < body; k++) {
        unsigned skip = 0;
        uint32_t w = fixed ? fixed[k] : random_insn(&skip);
        if ((w & 0xfc000000u) == 0x94000000u)
            w = 0x94000000u | (uint32_t)(((LEAF - pa) >> 2) & 0x3ffffffu);
        put(m, &pa, w);
        for (; skip; skip--, k++)
            put(m, &pa, random_plain());
    }
    put(m, &pa, 0xf10006b5u);                                /* SUBS x21, x21, #1 */
    put(m, &pa, 0x54000001u | (uint32_t)(((loop - pa) >> 2) & 0x7ffffu) << 5); /* B.NE loop */
    put(m, &pa, 0x14000000u);                                /* B . */
    pa = LEAF;
    for (unsigned k = 0, n = 1 + rnd(12); k < n; k++)
        put(m, &pa, random_plain());
    put(m, &pa, 0xd65f03c0u);                                /* RET */
    pa = VBAR + 0x200;                                       /* synchronous, current EL with SPx */
    put(m, &pa, 0xd538402au);                                /* MRS x10, ELR_EL1 */
    put(m, &pa, 0x9100114au);                                /* ADD x10, x10, #4 */
    put(m, &pa, 0xd518402au);                                /* MSR ELR_EL1, x10 */
    put(m, &pa, 0xd69f03e0u);                                /* ERET */
    c->pc = CODE;
    return m;
}

static void on_event(void *ctx, const struct obs_event *e)
{
    (void)ctx;
    (void)e;
}

/* Run c for total instructions, in slices of at most slice (random sizes when slice > 1). */
static void run_for(struct cpu *c, uint64_t total, unsigned slice)
{
    for (uint64_t done = 0; done < total;) {
        uint64_t n = slice > 1 ? 1 + rnd(slice) : total - done;
        if (n > total - done)
            n = total - done;
        done += cpu_run(c, n);
        assert_false(c->wfi_pending);
    }
}

/* How many scoreboard states the fast machine keeps (0: as many as a core does). */
static unsigned fast_states;

static void compare(unsigned seed, unsigned body, enum timing_mode mode, uint64_t total, const uint32_t *fixed,
                    unsigned target)
{
    struct machine *fast = program(seed, body, mode, fixed, target);
    struct machine *slow = program(seed, body, mode, fixed, target);
    fast->cpus[0]->uarch->states.capacity = fast_states;
    struct observer o = { .name = "test", .kinds = OBS_MASK(OBS_INSN), .event = on_event };
    assert_true(machine_attach_observer(slow, &o));
    rng_state = seed * 7 + 1;
    run_for(fast->cpus[0], total, 3000);
    run_for(slow->cpus[0], total, 1);
    const struct cpu *a = fast->cpus[0], *b = slow->cpus[0];
    assert_int_equal(a->icount, b->icount);
    /* (the instruction count each exception saw: the fast loop counts a run's at its end) */
    assert_memory_equal(&fast->stats[0], &slow->stats[0], sizeof(fast->stats[0]));
    assert_int_equal(a->pc, b->pc);
    assert_memory_equal(a->x, b->x, sizeof(a->x));
    assert_int_equal(a->cycles, b->cycles);
    assert_int_equal(a->exceptions_taken, b->exceptions_taken);
    assert_memory_equal(&a->perf, &b->perf, sizeof(a->perf));
    assert_memory_equal(a->pipe.ready, b->pipe.ready, sizeof(a->pipe.ready));
    assert_memory_equal(a->pipe.port_free, b->pipe.port_free, sizeof(a->pipe.port_free));
    assert_int_equal(a->pipe.latest, b->pipe.latest);
    assert_int_equal(a->pipe.slot, b->pipe.slot);
    assert_memory_equal(&a->uarch->bp, &b->uarch->bp, sizeof(a->uarch->bp));
    machine_detach_observer(slow, &o);
    machine_destroy(fast);
    machine_destroy(slow);
}

static void test_runs_equal_instruction_by_instruction(void **state)
{
    (void)state;
    static const unsigned bodies[] = { 3, 8, 20, 60, 150 };
    for (unsigned seed = 1; seed <= 12; seed++)
        for (unsigned b = 0; b < sizeof(bodies) / sizeof(bodies[0]); b++) {
            compare(seed, bodies[b], TIMING_MODE_FULL, 40000, NULL, 0);
            compare(seed, bodies[b], TIMING_MODE_CACHES, 40000, NULL, 0);
        }
}

/* The same with a table of one or three states, which forgets them all at every new state or every
 * few (and the runs remembered from them, and the drained states). */
static void test_runs_with_few_states(void **state)
{
    (void)state;
    for (fast_states = 1; fast_states <= 3; fast_states += 2)
        for (unsigned seed = 1; seed <= 6; seed++) {
            compare(seed, 20, TIMING_MODE_FULL, 40000, NULL, 0);
            compare(seed, 60, TIMING_MODE_CACHES, 40000, NULL, 0);
        }
    fast_states = 0;
}

/* A run that rewrites one of its own instructions ahead of it (an ADD becomes a MADD): what ran
 * before the store is issued first, the rest one at a time, with the new instruction. */
static void test_run_that_stores_into_itself(void **state)
{
    (void)state;
    uint32_t body[24];
    for (unsigned k = 0; k < 24; k++)
        body[k] = op3(0x8b000000u, k % 8, (k + 1) % 8, (k + 3) % 8);     /* ADD */
    body[12] = 0xb9000000u | 25u << 5 | 26u;                             /* STR w26, [x25] */
    compare(1, 24, TIMING_MODE_FULL, 20000, body, 1 + 16);               /* after the loop's NOP: body[16] */
    compare(1, 24, TIMING_MODE_CACHES, 20000, body, 1 + 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_equal_instruction_by_instruction),
        cmocka_unit_test(test_runs_with_few_states),
        cmocka_unit_test(test_run_that_stores_into_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
