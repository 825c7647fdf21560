/* Observers (sim/observe.h): instruction and register-write events from the instrumented loop,
 * watched pages (OBS_WATCH) that leave only themselves off the fast path, and stop requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/run.h"
#include "harness.h"
#include "observe.h"

#define MOVZ_X(rd, imm, shift16) (0xd2800000u | (uint32_t)(shift16) << 21 | (uint32_t)(imm) << 5 | (rd))
#define LDR_X(rt, rn, off8) (0xf9400000u | (uint32_t)((off8) / 8) << 10 | (uint32_t)(rn) << 5 | (rt))
#define STR_X(rt, rn, off8) (0xf9000000u | (uint32_t)((off8) / 8) << 10 | (uint32_t)(rn) << 5 | (rt))
#define WATCHED 0x10000u
#define PLAIN 0x20000u

struct seen {
    unsigned insns, watch, regs;
    uint64_t watch_va[8];
    bool watch_write[8];
    uint64_t last_x3;
    int stop_at;        /* request a stop at this instruction number, or -1 */
    struct machine *m;
};

static void on_event(void *ctx, const struct obs_event *e)
{
    struct seen *s = ctx;
    switch (e->kind) {
    case OBS_INSN:
        if ((int)e->seq == s->stop_at)
            obs_request_stop(s->m);
        s->insns++;
        break;
    case OBS_WATCH:
        s->watch_va[s->watch & 7] = e->u.mem.va;
        s->watch_write[s->watch & 7] = e->u.mem.write;
        s->watch++;
        break;
    case OBS_REG_WRITE:
        if (e->u.reg.reg == OBS_REG_X0 + 3)
            s->last_x3 = e->u.reg.value[0];
        s->regs++;
        break;
    default:
        break;
    }
}

static const uint32_t program[] = {
    MOVZ_X(1, 1, 1),   /* x1 = 0x10000 */
    MOVZ_X(2, 2, 1),   /* x2 = 0x20000 */
    LDR_X(3, 1, 0),    /* watched read */
    STR_X(3, 2, 0),
    LDR_X(4, 2, 0),
    STR_X(4, 1, 8),    /* watched write */
};

static struct machine *load(void)
{
    struct machine *m = harness_machine(1, 1 << 20);
    struct cpu *c = m->cpus[0];
    harness_enter(c, EL1, 1);
    for (unsigned n = 0; n < 6; n++)
        harness_put32(m, 0x1000 + 4 * n, program[n]);
    harness_put64(m, WATCHED, 0x5555);
    c->pc = 0x1000;
    return m;
}

static void test_watched_page(void **state)
{
    (void)state;
    struct machine *m = load();
    struct cpu *c = m->cpus[0];
    struct seen s = { .stop_at = -1 };
    struct observer o = { "test", OBS_MASK(OBS_INSN) | OBS_MASK(OBS_WATCH) | OBS_MASK(OBS_REG_WRITE), on_event, &s };
    assert_true(machine_attach_observer(m, &o));
    assert_true(machine_watch_page(m, WATCHED + 0x123, true, true));
    assert_int_equal(cpu_run(c, 6), 6);
    assert_int_equal(s.insns, 6);
    assert_int_equal(s.watch, 2);
    assert_int_equal(s.watch_va[0], WATCHED);
    assert_false(s.watch_write[0]);
    assert_int_equal(s.watch_va[1], WATCHED + 8);
    assert_true(s.watch_write[1]);
    assert_int_equal(s.last_x3, 0x5555);
    assert_int_equal(s.regs, 4); /* x1, x2, x3, x4 */
    /* The plain page went into the fast TLB; the watched one did not. */
    unsigned slot_plain = (PLAIN >> 12) & (FAST_TLB_SIZE - 1), slot_watched = (WATCHED >> 12) & (FAST_TLB_SIZE - 1);
    assert_int_equal(c->tlb[MMU_EL1].read[slot_plain].tag, PLAIN);
    assert_int_equal(c->tlb[MMU_EL1].read[slot_watched].tag, FAST_TLB_INVALID);
    assert_int_equal(c->tlb[MMU_EL1].write[slot_watched].tag, FAST_TLB_INVALID);
    machine_unwatch_page(m, WATCHED, true, true);
    assert_false(machine_page_watched(m, WATCHED, false));
    machine_detach_observer(m, &o);
    machine_destroy(m);
}

static void test_stop_before_an_instruction(void **state)
{
    (void)state;
    struct machine *m = load();
    struct cpu *c = m->cpus[0];
    struct seen s = { .stop_at = 3, .m = m };
    struct observer o = { "test", OBS_MASK(OBS_INSN), on_event, &s };
    assert_true(machine_attach_observer(m, &o));
    machine_run(m, 100);
    assert_int_equal(m->reason, STOP_OBSERVER);
    assert_int_equal(c->icount, 3);            /* instructions 0, 1, 2 ran; 3 did not */
    assert_int_equal(c->pc, 0x1000 + 4 * 3);
    assert_int_equal(c->x[3], 0x5555);
    assert_int_equal(c->x[2], PLAIN);
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watched_page),
        cmocka_unit_test(test_stop_before_an_instruction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
