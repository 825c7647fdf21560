/* The checks' registry (sim/check/check.c): names, turning checks on and off and what that does to
 * the machine, one report per (check, PC); the sync check's rule fed with events; --stress's draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "check/check.h"
#include "check/stress.h"
#include "harness.h"
#include "obs_emit.h"

static void test_parse_list(void **state)
{
    (void)state;
    char err[128];
    unsigned mask;
    assert_null(check_parse_list("all", &mask, err, sizeof err));
    assert_int_equal(mask, CHECK_ALL);
    assert_null(check_parse_list("tlb,gic", &mask, err, sizeof err));
    assert_int_equal(mask, 1u << CHECK_TLB | 1u << CHECK_GIC);
    assert_non_null(check_parse_list("tlb,bogus", &mask, err, sizeof err));
    assert_non_null(strstr(err, "'bogus'"));
    assert_non_null(check_parse_list("", &mask, err, sizeof err));
    assert_non_null(check_parse_list("tlb,", &mask, err, sizeof err));
    for (int n = 0; n < CHECK_COUNT; n++) {
        assert_null(check_parse_list(check_name(n), &mask, err, sizeof err));
        assert_int_equal(mask, 1u << n);
    }
}

static void test_enable_disable(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, 1 << 20);
    assert_null(check_enable(m, "sync", true));
    assert_int_equal(m->observers.count, 1);
    assert_false(m->check_tlb);
    assert_true(m->instrumented_memory); /* sync watches data accesses */
    assert_null(check_enable(m, "tlb", true));
    assert_int_equal(m->observers.count, 1);
    assert_true(m->check_tlb);
    assert_true(m->check_walks);
    assert_null(check_enable(m, "tlb", false));
    assert_false(m->check_tlb);
    assert_false(m->check_walks);
    assert_null(check_enable(m, "all", false));
    assert_int_equal(m->observers.count, 0);
    assert_false(m->instrumented_memory);
    assert_non_null(check_enable(m, "nonsense", true));
    machine_destroy(m);
}

static void deliver_insn(struct machine *m, uint64_t pc, uint32_t opcode)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_INSN, m->cpus[0]);
    e.pc = pc;
    e.u.insn.opcode = opcode;
    m->observers.insn_pc = pc;
    obs_deliver(m, &e);
}

static void deliver_cptr_write(struct machine *m, uint64_t pc, uint64_t old, uint64_t now)
{
    deliver_insn(m, pc, 0xd51c1148); /* msr cptr_el2, x8 */
    struct obs_event e;
    obs_fill_core(&e, OBS_SYSREG_WRITE, m->cpus[0]);
    e.u.sysreg.name = "CPTR_EL2";
    e.u.sysreg.old_value = old;
    e.u.sysreg.new_value = now;
    obs_deliver(m, &e);
}

/* CPTR_EL2.TFP cleared, then an FMOV at EL2: reported without an ISB between them, once per PC. */
static void test_sync_rule(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, 1 << 20);
    m->log = tmpfile();
    assert_non_null(m->log);
    struct cpu *c = m->cpus[0];
    harness_enter(c, EL2, 1);
    assert_null(check_enable(m, "sync", true));
    const uint32_t fmov = 0x9e670000; /* fmov d0, x0 */
    deliver_cptr_write(m, 0x1000, 0x33ff | 1u << 10, 0x33ff);
    deliver_insn(m, 0x1004, 0xd5033fdf); /* isb */
    deliver_insn(m, 0x1008, fmov);
    assert_int_equal(check_report_count(m), 0);
    deliver_cptr_write(m, 0x2000, 0x33ff | 1u << 10, 0x33ff);
    deliver_insn(m, 0x2004, fmov);
    assert_int_equal(check_report_count(m), 1);
    deliver_cptr_write(m, 0x2000, 0x33ff | 1u << 10, 0x33ff); /* the same PC again: no second report */
    deliver_insn(m, 0x2004, fmov);
    assert_int_equal(check_report_count(m), 1);
    deliver_cptr_write(m, 0x3000, 0x33ff, 0x33ff); /* no change of TFP: nothing depends on it */
    deliver_insn(m, 0x3004, fmov);
    assert_int_equal(check_report_count(m), 1);
    fclose(m->log);
    machine_destroy(m);
}

static void test_stress_draws(void **state)
{
    (void)state;
    struct stress a, b;
    stress_init(&a, 42, 100);
    stress_init(&b, 42, 100);
    bool differ = false;
    uint64_t first = 0;
    for (unsigned n = 0; n < 1000; n++) {
        uint64_t q = stress_quantum(&a);
        assert_int_equal(q, stress_quantum(&b));
        assert_true(q >= 1 && q <= 200);
        if (n == 0)
            first = q;
        differ |= q != first;
        unsigned core = stress_first_core(&a, 2);
        assert_int_equal(core, stress_first_core(&b, 2));
        assert_true(core < 2);
        unsigned hold = stress_hold_rounds(&a);
        assert_int_equal(hold, stress_hold_rounds(&b));
        assert_true(hold <= 3);
    }
    assert_true(differ);
    stress_init(&b, 43, 100);
    stress_init(&a, 42, 100);
    bool other_seed_differs = false;
    for (unsigned n = 0; n < 16; n++)
        other_seed_differs |= stress_quantum(&a) != stress_quantum(&b);
    assert_true(other_seed_differs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_list),
        cmocka_unit_test(test_enable_disable),
        cmocka_unit_test(test_sync_rule),
        cmocka_unit_test(test_stress_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
