/* The per-core statistics behind --stats (sim/stats.h): exceptions counted by core, class and target
 * EL, VM exits (EL1/EL0 to EL2 only), cycles split into executing and asleep, and the EC names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness.h"

#include "cpu/sysreg_bits.h"
#include "cpu/timer.h"
#include "stats.h"

enum { EC_SVC64 = 0x15, EC_HVC64 = 0x16 };
#define HVC_1 0xd4000022u  /* HVC #1 */
#define SVC_1 0xd4000021u  /* SVC #1 */
#define WFI 0xd503207fu

/* A core at EL1h, Non-secure, with EL2 enabled (SCR_EL3.NS/HCE/RW, HCR_EL2.RW). */
static void enter_el1_under_el2(struct cpu *c, uint64_t pc)
{
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_HCE | SCR_EL3_RW;
    c->sr.hcr_el2 = HCR_EL2_RW;
    harness_enter(c, EL1, 1);
    c->pc = pc;
}

static void test_exceptions_per_core_and_target(void **state)
{
    (void)state;
    struct machine *m = harness_machine(2, 1 << 20);
    struct cpu *c = m->cpus[1];
    enter_el1_under_el2(c, 0x1000);
    harness_run_word(c, HVC_1);                 /* EL1 -> EL2: a VM exit */
    assert_int_equal(c->pstate.el, EL2);
    const struct core_stats *s = &m->stats[1];
    assert_int_equal(s->exceptions[EC_HVC64][EL2], 1);
    assert_int_equal(s->vm_exits[EC_HVC64], 1);

    c->pc = 0x2000;
    harness_run_word(c, HVC_1);                 /* EL2 -> EL2: counted, not a VM exit */
    assert_int_equal(s->exceptions[EC_HVC64][EL2], 2);
    assert_int_equal(s->vm_exits[EC_HVC64], 1);

    enter_el1_under_el2(c, 0x3000);
    harness_run_word(c, SVC_1);                 /* EL1 -> EL1 */
    assert_int_equal(s->exceptions[EC_SVC64][EL1], 1);
    assert_int_equal(s->exceptions[EC_SVC64][EL2], 0);
    assert_int_equal(s->vm_exits[EC_SVC64], 0);

    /* Nothing was counted for core 0. */
    for (unsigned ec = 0; ec < 64; ec++)
        for (unsigned el = 0; el < 4; el++)
            assert_int_equal(m->stats[0].exceptions[ec][el], 0);
    machine_destroy(m);
}

/* One core executes WFI with the physical timer due at count 1000: the machine skips it forward to
 * the deadline (asleep), and with no interrupt controller to wake it the run then stops. */
static void test_cycles_executing_and_asleep(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, 1 << 20);
    struct cpu *c = m->cpus[0];
    harness_enter(c, EL3, 1);
    c->pc = 0x1000;
    harness_put32(m, 0x1000, WFI);
    c->sr.cntp_cval_el0 = 1000;
    c->sr.cntp_ctl_el0 = 1;                     /* ENABLE, not masked */
    machine_run(m, 100);
    assert_int_equal(m->reason, STOP_ALL_ASLEEP);
    const struct core_stats *s = &m->stats[0];
    assert_int_equal(c->icount, 1);
    assert_true(s->executing_cycles > 0);
    assert_int_equal(s->executing_cycles + s->asleep_cycles, c->cycles);
    assert_int_equal(c->cycles, timer_cycles_at_count(c, 1000)); /* 17,000 cycles: 1000 ticks at 100 MHz */
    assert_int_equal(c->cycles, 17000);
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exceptions_per_core_and_target),
        cmocka_unit_test(test_cycles_executing_and_asleep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
