/* The debugger engine (sim/debugger): steps, breakpoints (stepping over the one a core stands at,
 * conditions, tbreak, regimes), watchpoints, catchpoints, run_to, the machine's own stops, and that
 * nothing stays attached between runs. One core at EL3, MMU off, runs a small counting loop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "debugger/debugger.h"
#include "harness.h"
#include "machine.h"

#define CODE 0x1000
#define DATA 0x8000
#define VBAR 0x2000

static struct machine *m;
static struct cpu *c;
static struct dbg *d;

/* x0 counts 1..5, stored at DATA each time; then UDF, whose vector at VBAR + 0x200 spins. */
static int setup(void **state)
{
    (void)state;
    m = harness_machine(1, 1u << 20);
    c = m->cpus[0];
    static const uint32_t prog[] = {
        0xd2800000, /* 0x1000: mov x0, #0 */
        0x91000400, /* 0x1004: add x0, x0, #1 */
        0xf9000020, /* 0x1008: str x0, [x1] */
        0xf100141f, /* 0x100c: cmp x0, #5 */
        0x54ffffa1, /* 0x1010: b.ne 0x1004 */
        0x00000000, /* 0x1014: udf #0 */
    };
    for (unsigned k = 0; k < sizeof(prog) / sizeof(prog[0]); k++)
        harness_put32(m, CODE + 4 * k, prog[k]);
    harness_put32(m, VBAR + 0x200, 0x14000000); /* b . */
    harness_enter(c, EL3, 1);
    c->sr.vbar_el3 = VBAR;
    c->pc = CODE;
    c->x[1] = DATA;
    d = dbg_create(m);
    assert_non_null(d);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(m->observers.count, 0); /* nothing stays attached between runs */
    dbg_destroy(d);
    machine_destroy(m);
    return 0;
}

static void test_step(void **state)
{
    (void)state;
    struct dbg_stop st;
    dbg_step(d, 0, 3, 0, &st);
    assert_int_equal(st.kind, DBG_STOP_STEP);
    assert_int_equal(st.cpu, 0);
    assert_int_equal(st.pc, 0x100c);
    assert_int_equal(c->icount, 3);
    dbg_step(d, 0, 1, 0, &st);
    assert_int_equal(st.pc, 0x1010);
    assert_int_equal(c->icount, 4);
    dbg_step(d, 0, 1, 0, &st); /* the branch back */
    assert_int_equal(st.pc, 0x1004);
    assert_int_equal(c->icount, 5);
}

static void test_breakpoint_steps_over_itself(void **state)
{
    (void)state;
    struct dbg_loc loc = { .space = DBG_VA_ANY, .vmid = -1, .addr = 0x1008 };
    int id = dbg_break_add(d, &loc, false);
    assert_true(id > 0);
    struct dbg_stop st;
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_BREAKPOINT);
    assert_int_equal(st.id, id);
    assert_int_equal(st.pc, 0x1008);
    assert_int_equal(c->x[0], 1);
    assert_int_equal(harness_get64(m, DATA), 0); /* stopped before the store */
    dbg_continue(d, 1000, &st); /* the next run steps over it: the next hit is the next iteration */
    assert_int_equal(st.kind, DBG_STOP_BREAKPOINT);
    assert_int_equal(c->x[0], 2);
    assert_int_equal(harness_get64(m, DATA), 1);
    assert_int_equal(dbg_point_find(d, id)->hits, 2);
    /* A step from a breakpoint executes its instruction. */
    dbg_step(d, 0, 1, 0, &st);
    assert_int_equal(st.kind, DBG_STOP_STEP);
    assert_int_equal(st.pc, 0x100c);
    assert_int_equal(harness_get64(m, DATA), 2);
}

static int x0_is(void *ctx, struct machine *mm, unsigned cpu)
{
    return mm->cpus[cpu]->x[0] == (uint64_t)(uintptr_t)ctx;
}

static int failing_condition(void *ctx, struct machine *mm, unsigned cpu)
{
    (void)ctx, (void)mm, (void)cpu;
    return -1;
}

static void test_condition_and_tbreak(void **state)
{
    (void)state;
    struct dbg_loc loc = { .space = DBG_VA_ANY, .vmid = -1, .addr = 0x1008 };
    int id = dbg_break_add(d, &loc, true);
    assert_true(dbg_point_set_condition(d, id, x0_is, (void *)(uintptr_t)4, NULL, "x0 == 4"));
    assert_string_equal(dbg_point_find(d, id)->cond_text, "x0 == 4");
    struct dbg_stop st;
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_BREAKPOINT);
    assert_int_equal(c->x[0], 4);
    assert_null(dbg_point_find(d, id)); /* a temporary point goes when it stops the machine */
    assert_int_equal(dbg_point_count(d), 0);
    /* A condition that cannot be evaluated stops the machine. */
    id = dbg_break_add(d, &loc, false);
    dbg_point_set_condition(d, id, failing_condition, NULL, NULL, "bad");
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_BREAKPOINT);
    assert_int_equal(c->x[0], 5);
}

static void test_regime_disabled_and_limit(void **state)
{
    (void)state;
    /* The core runs at EL3: an EL2 breakpoint, an EL1 one with a VMID and a disabled one never stop
     * it; the run ends at its instruction limit. */
    struct dbg_loc el2 = { .space = DBG_VA_EL2, .vmid = -1, .addr = 0x1008 };
    struct dbg_loc vm = { .space = DBG_VA_EL1, .vmid = 2, .addr = 0x1008 };
    struct dbg_loc any = { .space = DBG_VA_ANY, .vmid = -1, .addr = 0x1004 };
    dbg_break_add(d, &el2, false);
    dbg_break_add(d, &vm, false);
    int id = dbg_break_add(d, &any, false);
    assert_true(dbg_point_enable(d, id, false));
    assert_false(dbg_point_enable(d, 999, true));
    struct dbg_stop st;
    dbg_continue(d, 12, &st);
    assert_int_equal(st.kind, DBG_STOP_MACHINE);
    assert_int_equal(st.reason, STOP_MAX_INSNS);
    assert_int_equal(c->icount, 12);
    dbg_continue(d, 10, &st); /* the limit is per run */
    assert_int_equal(c->icount, 22);
    /* A physical breakpoint (MMU off: PA == VA), hit after a debugger moved the PC. */
    struct dbg_loc pa = { .space = DBG_PA, .vmid = -1, .addr = 0x1008 };
    dbg_point_delete_all(d);
    dbg_break_add(d, &pa, false);
    c->pc = 0x1004;
    c->x[0] = 0;
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_BREAKPOINT);
    assert_int_equal(st.pc, 0x1008);
    assert_int_equal(c->x[0], 1);
}

static void test_watchpoints(void **state)
{
    (void)state;
    struct dbg_loc pa = { .space = DBG_PA, .vmid = -1, .addr = DATA };
    assert_int_equal(dbg_watch_add(d, &pa, 0, DBG_WATCH_WRITE), -1);
    pa.addr = UINT64_MAX - 2;
    assert_int_equal(dbg_watch_add(d, &pa, 8, DBG_WATCH_WRITE), -1); /* wraps */
    pa.addr = 0x100000;
    int big = dbg_watch_add(d, &pa, 32 * 4096, DBG_WATCH_READ); /* 32 pages: the most there may be */
    assert_true(big > 0);
    pa.addr = DATA;
    assert_int_equal(dbg_watch_add(d, &pa, 8, DBG_WATCH_WRITE), -1); /* a 33rd page */
    dbg_point_delete(d, big);
    pa.addr = DATA;
    int id = dbg_watch_add(d, &pa, 8, DBG_WATCH_WRITE);
    struct dbg_stop st;
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_WATCHPOINT);
    assert_int_equal(st.id, id);
    assert_int_equal(st.pc, 0x100c); /* after the store */
    assert_true(st.event.u.mem.write);
    assert_int_equal(st.event.u.mem.pa, DATA);
    assert_true(st.value_known);
    assert_int_equal(st.old_value, 0);
    assert_int_equal(st.new_value, 1);
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.old_value, 1);
    assert_int_equal(st.new_value, 2);
    dbg_point_delete(d, id);
    /* A virtual read watchpoint: nothing reads DATA, the run reaches its limit. */
    struct dbg_loc va = { .space = DBG_VA_EL3, .vmid = -1, .addr = DATA };
    dbg_watch_add(d, &va, 8, DBG_WATCH_READ);
    dbg_continue(d, 20, &st);
    assert_int_equal(st.kind, DBG_STOP_MACHINE);
    assert_int_equal(m->observers.nwatched, 0); /* pages are watched only during runs */
}

static void test_catch_and_run_to(void **state)
{
    (void)state;
    struct dbg_stop st;
    dbg_run_to(d, 0, 0x1010, EL3, 0, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_TARGET);
    assert_int_equal(st.pc, 0x1010);
    struct dbg_catch hvc = { .kind = DBG_CATCH_HVC, .to_el = -1 };
    struct dbg_catch udf = { .kind = DBG_CATCH_EXCEPTION, .ec_mask = 1ull << 0, .to_el = 3 };
    dbg_catch_add(d, &hvc);
    int id = dbg_catch_add(d, &udf);
    dbg_continue(d, 1000, &st);
    assert_int_equal(st.kind, DBG_STOP_CATCH);
    assert_int_equal(st.id, id);
    assert_int_equal(st.event.kind, OBS_EXCEPTION);
    assert_int_equal(st.event.u.exc.esr >> 26, 0);
    assert_int_equal(st.event.u.exc.elr, 0x1014);
    assert_int_equal(st.pc, VBAR + 0x200); /* after the event: at the vector */
    assert_int_equal(c->x[0], 5);
}

static void test_names(void **state)
{
    (void)state;
    enum dbg_catch_kind k;
    for (unsigned n = 0; n < DBG_CATCH_KIND_COUNT; n++) {
        assert_true(dbg_catch_parse(dbg_catch_name((enum dbg_catch_kind)n), &k));
        assert_int_equal(k, n);
    }
    assert_false(dbg_catch_parse("hvcx", &k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_step, setup, teardown),
        cmocka_unit_test_setup_teardown(test_breakpoint_steps_over_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(test_condition_and_tbreak, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regime_disabled_and_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchpoints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catch_and_run_to, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
