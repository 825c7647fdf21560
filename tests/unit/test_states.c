/* Interned scoreboard states (sim/timing/states.h): a state is what the scoreboard means at a
 * dispatch cycle, written back as the same scoreboard in canonical form; the runs remembered from a
 * state are found again; a full table forgets its states and goes on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "timing/states.h"

#define NOW 100000u

/* A scoreboard at reset, then every register, the pipes and the latest result at NOW - 20 + a
 * pseudo-random 0..39 (half of them at or before NOW), and slot 3. */
static void scattered(struct pipeline *p, uint32_t seed)
{
    pipeline_reset(p, TIMING_MODE_FULL);
    for (unsigned r = PIPE_REG_X0; r < PIPE_REG_SINK; r++) {
        seed = seed * 1103515245u + 12345u;
        p->ready[r] = NOW - 20 + (seed >> 16) % 40;
    }
    static const unsigned ports[] = { PORT_M, PORT_L, PORT_S, PORT_B, PORT_F, PORT_FDIV };
    for (unsigned n = 0; n < sizeof(ports) / sizeof(ports[0]); n++) {
        seed = seed * 1103515245u + 12345u;
        p->port_free[ports[n]][0] = NOW - 20 + (seed >> 16) % 40;
    }
    p->port_free[PORT_F][1] = NOW + 7;
    p->latest = NOW + 30;
    p->slot = 3;
}

static void test_state_is_the_canonical_scoreboard(void **state)
{
    (void)state;
    struct pipe_states t = { 0 };
    for (uint32_t seed = 1; seed <= 50; seed++) {
        struct pipeline p, back;
        scattered(&p, seed);
        struct pipe_state *s = pipe_state_intern(&t, &p, NOW);
        assert_non_null(s);
        memset(&back, 0xa5, sizeof(back));
        back.ready[PIPE_REG_NONE] = 0;
        pipe_state_materialize(s, &back, NOW);
        /* Written back: each cycle at or before NOW as NOW, the others as they were. */
        pipeline_canonicalize(&p, NOW);
        assert_memory_equal(&back.ready[PIPE_REG_X0], &p.ready[PIPE_REG_X0], (PIPE_REG_SINK - 1) * sizeof(uint64_t));
        static const unsigned ports[] = { PORT_M, PORT_L, PORT_S, PORT_B, PORT_F, PORT_FDIV };
        for (unsigned n = 0; n < sizeof(ports) / sizeof(ports[0]); n++)
            assert_int_equal(back.port_free[ports[n]][0], p.port_free[ports[n]][0]);
        assert_int_equal(back.port_free[PORT_F][1], p.port_free[PORT_F][1]);
        assert_int_equal(back.latest, p.latest);
        assert_int_equal(back.slot, 3);
        /* And it is the same state. */
        assert_ptr_equal(pipe_state_intern(&t, &back, NOW), s);
        assert_ptr_equal(pipe_state_intern(&t, &p, NOW), s);
    }
    pipe_states_free(&t);
}

static void test_what_differs_makes_another_state(void **state)
{
    (void)state;
    struct pipe_states t = { 0 };
    struct pipeline p;
    scattered(&p, 7);
    p.ready[PIPE_REG_X0 + 3] = NOW - 5;
    struct pipe_state *s = pipe_state_intern(&t, &p, NOW);
    p.ready[PIPE_REG_X0 + 3] = NOW - 900; /* also before NOW: the same */
    assert_ptr_equal(pipe_state_intern(&t, &p, NOW), s);
    p.ready[PIPE_REG_X0 + 3] = NOW + 1;   /* one cycle late: another */
    assert_ptr_not_equal(pipe_state_intern(&t, &p, NOW), s);
    p.ready[PIPE_REG_X0 + 3] = NOW - 5;
    p.slot = 4;
    assert_ptr_not_equal(pipe_state_intern(&t, &p, NOW), s);
    p.slot = 3;
    p.ready[PIPE_REG_X0 + 3] = NOW + 256;   /* too late for a byte: no state */
    assert_null(pipe_state_intern(&t, &p, NOW));
    pipe_states_free(&t);
}

/* Which F pipe the next FP instruction takes when both are free is part of the state. */
static void test_f_pipes_order(void **state)
{
    (void)state;
    struct pipe_states t = { 0 };
    struct pipeline p, back;
    scattered(&p, 3);
    p.port_free[PORT_F][0] = NOW - 2;
    p.port_free[PORT_F][1] = NOW - 9;
    struct pipe_state *earlier1 = pipe_state_intern(&t, &p, NOW);
    p.port_free[PORT_F][1] = NOW - 1;
    struct pipe_state *earlier0 = pipe_state_intern(&t, &p, NOW);
    assert_ptr_not_equal(earlier0, earlier1);
    pipe_state_materialize(earlier1, &back, NOW);
    assert_true(back.port_free[PORT_F][1] < back.port_free[PORT_F][0]);
    pipe_state_materialize(earlier0, &back, NOW);
    assert_false(back.port_free[PORT_F][1] < back.port_free[PORT_F][0]);
    /* The drained state keeps the order. */
    assert_ptr_not_equal(pipe_state_drained_from(&t, earlier0), pipe_state_drained_from(&t, earlier1));
    pipe_state_materialize(pipe_state_drained_from(&t, earlier1), &back, NOW);
    assert_true(back.port_free[PORT_F][1] < back.port_free[PORT_F][0]);
    assert_int_equal(back.latest, NOW);
    assert_int_equal(back.slot, 0);
    pipe_states_free(&t);
}

static void test_steps_remembered(void **state)
{
    (void)state;
    struct pipe_states t = { 0 };
    struct pipeline p;
    scattered(&p, 11);
    struct pipe_state *a = pipe_state_intern(&t, &p, NOW);
    p.slot = 1;
    struct pipe_state *b = pipe_state_intern(&t, &p, NOW);
    uint64_t cycles = 0;
    assert_null(pipe_state_step(&t, a, 42 << 3, &cycles));
    pipe_state_remember(&t, a, 42 << 3, b, 9);
    /* More keys than a state holds itself: the table behind it still has the first. */
    for (uint64_t k = 1; k <= 2 * STATE_NEXT; k++)
        pipe_state_remember(&t, a, (100 + k) << 3, a, k);
    assert_ptr_equal(pipe_state_step(&t, a, 42 << 3, &cycles), b);
    assert_int_equal(cycles, 9);
    assert_null(pipe_state_step(&t, b, 42 << 3, &cycles));
    assert_null(pipe_state_step(&t, a, 43 << 3, &cycles));
    pipe_states_free(&t);
}

/* Runs whose keys share a set: the state itself holds the last two remembered, the later first; an
 * earlier one is still in the table behind it. */
static void test_runs_sharing_a_set(void **state)
{
    (void)state;
    struct pipe_states t = { 0 };
    struct pipeline p;
    scattered(&p, 7);
    struct pipe_state *a = pipe_state_intern(&t, &p, NOW);
    p.slot = 2;
    struct pipe_state *b = pipe_state_intern(&t, &p, NOW);
    uint64_t keys[3];
    unsigned n = 0;
    for (uint64_t id = 1; n < 3; id++) {
        uint64_t key = id << 18 | 1; /* a run's id and a branch's outcome, as run_key makes them */
        if (n == 0 || state_next_set(key) == state_next_set(keys[0]))
            keys[n++] = key;
    }
    pipe_state_remember(&t, a, keys[0], a, 1);
    pipe_state_remember(&t, a, keys[1], b, 2);
    const struct pipe_next *e0 = pipe_state_next(a, keys[0]), *e1 = pipe_state_next(a, keys[1]);
    assert_non_null(e0);
    assert_non_null(e1);
    assert_ptr_equal(e0->next, a);
    assert_int_equal(e0->cycles, 1);
    assert_ptr_equal(e1->next, b);
    assert_int_equal(e1->cycles, 2);
    assert_ptr_equal(e1 + 1, e0); /* the later first */
    pipe_state_remember(&t, a, keys[2], b, 3);
    assert_null(pipe_state_next(a, keys[0]));
    assert_non_null(pipe_state_next(a, keys[1]));
    assert_int_equal(pipe_state_next(a, keys[2])->cycles, 3);
    uint64_t cycles = 0;
    assert_ptr_equal(pipe_state_step(&t, a, keys[0], &cycles), a);
    assert_int_equal(cycles, 1);
    assert_non_null(pipe_state_next(a, keys[0])); /* found behind, it is the state's own again */
    assert_null(pipe_state_next(b, keys[0]));
    pipe_states_free(&t);
}

/* A full table forgets every state, its remembered runs and its drained states, and goes on. */
static void test_full_table_starts_again(void **state)
{
    (void)state;
    struct pipe_states t = { 0 };
    struct pipeline p;
    scattered(&p, 5);
    struct pipe_state *first = pipe_state_intern(&t, &p, NOW);
    pipe_state_remember(&t, first, 8, first, 1);
    (void)pipe_state_drained(&t, &p);
    uint64_t generation = t.generation;
    unsigned made = 0;
    for (unsigned a = 0; a < 256 && t.generation == generation; a++)
        for (unsigned b = 0; b < 256 && t.generation == generation; b++) {
            p.ready[PIPE_REG_X0] = NOW + a;
            p.ready[PIPE_REG_X0 + 1] = NOW + b;
            assert_non_null(pipe_state_intern(&t, &p, NOW));
            made++;
        }
    assert_int_equal(t.generation, generation + 1);
    assert_true(made >= STATE_MAX - 2);
    assert_int_equal(t.used, 1);
    assert_null(t.drained[0]);
    assert_null(t.drained[1]);
    /* The state made after forgetting is whole, and the steps are gone. */
    struct pipe_state *s = pipe_state_intern(&t, &p, NOW);
    struct pipeline back;
    pipe_state_materialize(s, &back, NOW);
    assert_int_equal(back.ready[PIPE_REG_X0 + 1], p.ready[PIPE_REG_X0 + 1]);
    uint64_t cycles;
    assert_null(pipe_state_step(&t, s, 8, &cycles));
    pipe_states_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_is_the_canonical_scoreboard),
        cmocka_unit_test(test_what_differs_makes_another_state),
        cmocka_unit_test(test_f_pipes_order),
        cmocka_unit_test(test_steps_remembered),
        cmocka_unit_test(test_runs_sharing_a_set),
        cmocka_unit_test(test_full_table_starts_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
