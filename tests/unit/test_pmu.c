/* The PMU's counting (sim/cpu/pmu.c): the timing model's events (struct perf_counts, set directly
 * here) through the EL filters, the EXC_* events of exception entry, the overflow deadline the run
 * loop checks and the interrupt request, PMCR_EL0.D and LC, and the Secure-state prohibition with
 * MDCR_EL3.SPME and PMCR_EL0.DP (Arm ARM D13, AArch64.CountEvents).
 *
 * Event numbers and register bits are the Arm ARM's (D13.12 events, D13.4 registers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/sysreg.h"
#include "cpu/timer.h"
#include "harness.h"

#define HVC_1 0xd4000022u  /* HVC #1 */
#define FILT_P (1ull << 31)
#define FILT_U (1ull << 30)
#define FILT_NSH (1ull << 27)
#define FILT_M (1ull << 26)
#define ONLY_EL1 FILT_U
#define ONLY_EL2 (FILT_P | FILT_U | FILT_NSH)

static struct machine *m;
static struct cpu *c;
static int line_level = -1, line_changes;

static void record_line(struct cpu *core, bool level)
{
    (void)core;
    line_level = level;
    line_changes++;
}
static const struct cpu_ports ports = { .pmu_line = record_line };

static uint64_t get(const char *name) { return sysreg_get(c, sysreg_by_name(name)); }
static void set(const char *name, uint64_t v) { sysreg_set(c, sysreg_by_name(name), v); }

static void enter(unsigned el)
{
    harness_enter(c, el, 1);
    c->pc = 0x1000;
}

static int setup(void **state)
{
    (void)state;
    m = harness_machine(1, 1 << 20);
    c = m->cpus[0];
    c->ports = &ports;
    line_level = -1;
    line_changes = 0;
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_HCE | SCR_EL3_RW;
    c->sr.hcr_el2 = HCR_EL2_RW;
    c->sr.vbar_el2 = 0x20000;
    return 0;
}
static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* PMCEID0_EL0 bit n = common event n: SW_INCR 0x00, L1I_CACHE_REFILL 0x01, L1I_TLB_REFILL 0x02,
 * L1D_CACHE_REFILL 0x03, L1D_CACHE 0x04, L1D_TLB_REFILL 0x05, INST_RETIRED 0x08, EXC_TAKEN 0x09,
 * EXC_RETURN 0x0A, BR_MIS_PRED 0x10, CPU_CYCLES 0x11, BR_PRED 0x12, MEM_ACCESS 0x13, L1I_CACHE 0x14,
 * L2D_CACHE 0x16, L2D_CACHE_REFILL 0x17; PMCEID1_EL0 bit 1 = BR_RETIRED 0x21. */
static void test_ceid(void **state)
{
    (void)state;
    enter(EL2);
    uint64_t want = 0x3f | 1u << 8 | 1u << 9 | 1u << 10 | 0x1full << 16 | 1u << 22 | 1u << 23;
    assert_int_equal(get("PMCEID0_EL0"), want);
    assert_int_equal(get("PMCEID1_EL0"), 1u << 1);
}

/* L1D_CACHE_REFILL (0x03) counted at EL1 only by counter 0, at EL2 only by counter 1: the refills
 * before the HVC belong to EL1, those after it to EL2; the HVC counts as EXC_HVC (0x8A). */
static void test_perf_events_follow_the_el(void **state)
{
    (void)state;
    enter(EL2);
    set("PMEVTYPER0_EL0", ONLY_EL1 | 0x03);
    set("PMEVTYPER1_EL0", ONLY_EL2 | 0x03);
    set("PMEVTYPER2_EL0", FILT_NSH | 0x8a);
    set("PMCNTENSET_EL0", 7);
    set("PMCR_EL0", 1);
    enter(EL1);
    c->perf.n[PERF_L1D_CACHE_REFILL] += 7;
    harness_run_word(c, HVC_1);
    assert_int_equal(c->pstate.el, EL2);
    c->perf.n[PERF_L1D_CACHE_REFILL] += 5;
    assert_int_equal(get("PMEVCNTR0_EL0"), 7);
    assert_int_equal(get("PMEVCNTR1_EL0"), 5);
    assert_int_equal(c->perf.n[PERF_EXC_HVC], 1);
    assert_int_equal(get("PMEVCNTR2_EL0"), 1);
    /* Disabled, nothing more counts. */
    set("PMCNTENCLR_EL0", 7);
    c->perf.n[PERF_L1D_CACHE_REFILL] += 100;
    assert_int_equal(get("PMEVCNTR1_EL0"), 5);
}

/* CPU_CYCLES (0x11) in counter 2 at 0xFFFFFF00 with its interrupt enabled: the overflow check is
 * due exactly 0x100 cycles on; the flag and the request rise then, and fall with PMOVSCLR. */
static void test_overflow_deadline_and_interrupt(void **state)
{
    (void)state;
    enter(EL2);
    c->cycles = 1000;
    set("PMEVTYPER2_EL0", FILT_NSH | 0x11);
    set("PMEVCNTR2_EL0", 0xffffff00);
    set("PMINTENSET_EL1", 1u << 2);
    set("PMCNTENSET_EL0", 1u << 2);
    set("PMCR_EL0", 1);
    timer_update(c);
    assert_int_equal(c->next_timer_cycles, 1000 + 0x100);
    c->cycles += 0xff;
    timer_update(c);
    assert_int_equal(get("PMOVSSET_EL0"), 0);
    assert_int_not_equal(line_level, 1);
    c->cycles += 1;
    timer_update(c);
    assert_int_equal(get("PMOVSSET_EL0"), 1u << 2);
    assert_int_equal(line_level, 1);
    assert_int_equal(get("PMEVCNTR2_EL0"), 0);
    /* The interrupt request needs PMINTENSET and the enable: PMCR_EL0.E off drops it. */
    set("PMCR_EL0", 0);
    assert_int_equal(line_level, 0);
    set("PMCR_EL0", 1);
    assert_int_equal(line_level, 1);
    set("PMOVSCLR_EL0", 1u << 2);
    assert_int_equal(line_level, 0);
}

/* INST_RETIRED (0x08): the check comes no later than the overflow can, and finds it. */
static void test_instruction_overflow_check(void **state)
{
    (void)state;
    enter(EL2);
    set("PMEVTYPER0_EL0", FILT_NSH | 0x08);
    set("PMEVCNTR0_EL0", 0xffffffff - 399);
    set("PMCNTENSET_EL0", 1);
    set("PMCR_EL0", 1);
    timer_update(c);
    assert_true(c->next_timer_cycles > c->cycles && c->next_timer_cycles <= c->cycles + 100);
    c->icount += 400;
    c->cycles += 400;
    timer_update(c);
    assert_int_equal(get("PMOVSSET_EL0"), 1);
    assert_int_equal(get("PMEVCNTR0_EL0"), 0);
}

/* PMCCNTR_EL0: every 64th cycle with PMCR_EL0.D (the part of a step survives); the overflow out of
 * bit 31 without LC, with the count going on in 64 bits; none at 2^32 with LC. */
static void test_cycle_counter_d_and_lc(void **state)
{
    (void)state;
    enter(EL2);
    set("PMCCFILTR_EL0", FILT_NSH);
    set("PMCNTENSET_EL0", 1u << 31);
    set("PMCR_EL0", 1 | 4 | 8); /* E, C (reset), D */
    c->cycles += 64 * 10 + 40;
    assert_int_equal(get("PMCCNTR_EL0"), 10);
    c->cycles += 24;
    assert_int_equal(get("PMCCNTR_EL0"), 11);
    set("PMCR_EL0", 1);
    set("PMCCNTR_EL0", 0xfffffff0);
    c->cycles += 0x20;
    assert_int_equal(get("PMCCNTR_EL0"), 0x100000010ull);
    assert_int_equal(get("PMOVSSET_EL0"), 1u << 31);
    set("PMOVSCLR_EL0", 1u << 31);
    set("PMCR_EL0", 1 | 1u << 6); /* LC */
    set("PMCCNTR_EL0", 0xfffffff0);
    c->cycles += 0x20;
    assert_int_equal(get("PMCCNTR_EL0"), 0x100000010ull);
    assert_int_equal(get("PMOVSSET_EL0"), 0);
}

/* At EL3 (Secure) event counting is prohibited unless MDCR_EL3.SPME; the cycle counter counts on
 * unless PMCR_EL0.DP. The filter's M bit (against P) selects EL3. */
static void test_secure_prohibition(void **state)
{
    (void)state;
    enter(EL3);
    set("PMEVTYPER0_EL0", 0x11);
    set("PMCCFILTR_EL0", 0);
    set("PMCNTENSET_EL0", 1u << 31 | 1);
    set("PMCR_EL0", 1);
    c->cycles += 100;
    assert_int_equal(get("PMEVCNTR0_EL0"), 0);
    assert_int_equal(get("PMCCNTR_EL0"), 100);
    set("PMCR_EL0", 1 | 1u << 5); /* DP */
    c->cycles += 100;
    assert_int_equal(get("PMCCNTR_EL0"), 100);
    set("MDCR_EL3", 1u << 17); /* SPME */
    c->cycles += 50;
    assert_int_equal(get("PMEVCNTR0_EL0"), 50);
    assert_int_equal(get("PMCCNTR_EL0"), 150);
    set("PMEVTYPER0_EL0", FILT_M | 0x11); /* M != P: EL3 filtered out */
    c->cycles += 50;
    assert_int_equal(get("PMEVCNTR0_EL0"), 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ceid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_perf_events_follow_the_el, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overflow_deadline_and_interrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_instruction_overflow_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle_counter_d_and_lc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_prohibition, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
