/* The generic timers (sim/cpu/timer.c, sysreg_timer.c), the SMP scheduler's global time
 * (sim/machine.c) and the coherence of exclusives between cores.
 *
 * Expectations follow the Arm ARM (D11.2 "The AArch64 view of the Generic Timer": ISTATUS is the
 * timer condition CNTxCT - CVAL >= 0 of an enabled timer, the output is asserted when ENABLE = 1,
 * ISTATUS = 1 and IMASK = 0; TVAL = CVAL - count as a signed 32-bit value) and the board's clocks
 * (docs/board.md: CNTFRQ 100 MHz, CPU 1.7 GHz, so one count is 17 cycles).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/run.h"
#include "cpu/sysreg.h"
#include "cpu/timer.h"
#include "gic/gic_internal.h"
#include "machine.h"
#include "versal/versal.h"

#define CYCLES_PER_COUNT (VERSAL_CPU_HZ / VERSAL_CNTFRQ) /* 17 */
#define CODE 0x10000ull

static struct machine *m;

static struct machine *board(unsigned ncpus)
{
    struct versal_config cfg = { .ncpus = ncpus, .ddr_size = 64u << 20 };
    struct machine *b = versal_create(&cfg);
    assert_non_null(b);
    versal_boot(b, CODE, false, 0);
    return b;
}

static int setup(void **state) { (void)state; m = board(1); return 0; }
static int teardown(void **state) { (void)state; machine_destroy(m); m = NULL; return 0; }

static void set(struct cpu *c, const char *name, uint64_t v) { sysreg_set(c, sysreg_by_name(name), v); }
static uint64_t get(struct cpu *c, const char *name) { return sysreg_get(c, sysreg_by_name(name)); }

/* The level the GIC sees on core cpu's PPI intid. */
static bool gic_level(unsigned cpu, unsigned intid) { return m->gic->redist[cpu].irq[intid].level; }

static void put_code(const uint32_t *words, unsigned n, uint64_t at)
{
    for (unsigned k = 0; k < n; k++)
        assert_true(bus_write(&m->bus, at + 4 * k, 4, words[k]));
}

static void test_counter_from_cycles(void **state)
{
    (void)state;
    struct cpu *c = m->cpus[0];
    assert_int_equal(get(c, "CNTFRQ_EL0"), 100000000);
    c->cycles = 17 * 1000 + 16;
    assert_int_equal(get(c, "CNTPCT_EL0"), 1000);
    set(c, "CNTVOFF_EL2", 300);
    assert_int_equal(get(c, "CNTVCT_EL0"), 700);
}

/* Each timer: ISTATUS, IMASK and the level into the GIC on its own PPI. */
static void check_timer(const char *ctl, const char *cval, const char *tval, unsigned intid, uint64_t offset)
{
    struct cpu *c = m->cpus[0];
    c->cycles = 100 * CYCLES_PER_COUNT; /* physical count 100 */
    uint64_t now = 100 - offset;
    set(c, cval, now + 50);
    set(c, ctl, CNT_CTL_ENABLE);
    assert_int_equal(get(c, ctl), CNT_CTL_ENABLE);           /* condition not met: ISTATUS 0 */
    assert_false(gic_level(0, intid));
    assert_int_equal(get(c, tval), 50);
    /* The next deadline is the first cycle at which the physical count reaches 150 + offset... */
    assert_int_equal(c->next_timer_cycles, (150 + offset - offset) * CYCLES_PER_COUNT);
    c->cycles = c->next_timer_cycles - 1;
    timer_update(c);
    assert_false(gic_level(0, intid));
    c->cycles++;
    timer_update(c);
    assert_int_equal(get(c, ctl), CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
    assert_true(gic_level(0, intid));
    assert_int_equal(c->next_timer_cycles, UINT64_MAX);
    assert_int_equal(get(c, tval), 0);
    /* IMASK lowers the output; ISTATUS still reports the condition. */
    set(c, ctl, CNT_CTL_ENABLE | CNT_CTL_IMASK);
    assert_int_equal(get(c, ctl), CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS);
    assert_false(gic_level(0, intid));
    set(c, ctl, CNT_CTL_ENABLE);
    assert_true(gic_level(0, intid));
    /* A TVAL write moves CVAL to count + SInt32(TVAL): -5 keeps it met, +5 clears it. */
    set(c, tval, 0xfffffffb);
    assert_int_equal(get(c, cval), now + 50 - 5);
    assert_true(gic_level(0, intid));
    set(c, tval, 5);
    assert_false(gic_level(0, intid));
    assert_int_equal(get(c, ctl), CNT_CTL_ENABLE);
    /* Disabled: ISTATUS reads 0 and the output is low even when the condition holds. */
    set(c, tval, 0);
    assert_true(gic_level(0, intid));
    set(c, ctl, 0);
    assert_int_equal(get(c, ctl), 0);
    assert_false(gic_level(0, intid));
}

static void test_physical_timer(void **state) { (void)state; check_timer("CNTP_CTL_EL0", "CNTP_CVAL_EL0", "CNTP_TVAL_EL0", 30, 0); }
static void test_hyp_timer(void **state) { (void)state; check_timer("CNTHP_CTL_EL2", "CNTHP_CVAL_EL2", "CNTHP_TVAL_EL2", 26, 0); }
static void test_secure_timer(void **state) { (void)state; check_timer("CNTPS_CTL_EL1", "CNTPS_CVAL_EL1", "CNTPS_TVAL_EL1", 29, 0); }
static void test_virtual_timer(void **state)
{
    (void)state;
    set(m->cpus[0], "CNTVOFF_EL2", 40);
    check_timer("CNTV_CTL_EL0", "CNTV_CVAL_EL0", "CNTV_TVAL_EL0", 27, 40);
}

/* A CNTVOFF write alone can meet the virtual timer's condition. */
static void test_cntvoff_write_reevaluates(void **state)
{
    (void)state;
    struct cpu *c = m->cpus[0];
    c->cycles = 0;
    set(c, "CNTV_CVAL_EL0", 10);
    set(c, "CNTV_CTL_EL0", CNT_CTL_ENABLE);
    assert_false(gic_level(0, 27));
    set(c, "CNTVOFF_EL2", (uint64_t)-10); /* CNTVCT = 0 - (-10) = 10 */
    assert_true(gic_level(0, 27));
}

/* The run loop fires a timer once the core's cycles pass CVAL, without any register access. */
static void test_timer_fires_in_run_loop(void **state)
{
    (void)state;
    struct cpu *c = m->cpus[0];
    const uint32_t loop[] = { 0x14000000 }; /* B . */
    put_code(loop, 1, CODE);
    set(c, "CNTP_CVAL_EL0", 1000);
    set(c, "CNTP_CTL_EL0", CNT_CTL_ENABLE);
    machine_run(m, 100);
    assert_true(c->cycles < 1000 * CYCLES_PER_COUNT);
    assert_false(gic_level(0, 30));
    m->stop = false;
    machine_run(m, 100 + 1000 * CYCLES_PER_COUNT); /* B costs at least a cycle */
    assert_true(c->cycles >= 1000 * CYCLES_PER_COUNT);
    assert_true(gic_level(0, 30));
}

/* Every core asleep: time jumps to the earliest deadline; with none left the run stops. */
static void test_sleep_jumps_to_deadline(void **state)
{
    (void)state;
    struct cpu *c = m->cpus[0];
    const uint32_t wfi[] = { 0xd503207f, 0x14000000 }; /* WFI; B . */
    put_code(wfi, 2, CODE);
    set(c, "CNTP_CVAL_EL0", 5000000); /* 50 ms at 100 MHz */
    set(c, "CNTP_CTL_EL0", CNT_CTL_ENABLE);
    machine_run(m, 0);
    /* The PPI is not enabled at the GIC, so nothing wakes the core: the run ends asleep, but
     * only after the timer's deadline, in no host time. */
    assert_int_equal(m->reason, STOP_ALL_ASLEEP);
    assert_int_equal(c->icount, 1);
    assert_true(get(c, "CNTPCT_EL0") >= 5000000);
    assert_true(gic_level(0, 30));
}

/* Two cores share one time: after a run both counters agree at the round boundary. */
static uint64_t run_two_cores(uint64_t *cycles1, uint64_t *shared)
{
    struct machine *b = board(2);
    struct machine *saved = m;
    m = b;
    /* Core 0 counts by 1 in x1 with cheap ADDs; core 1 multiplies (costlier) and stores. */
    const uint32_t core0[] = { 0x91000421, 0x14000000 - 1 + 0x4000000 }; /* add x1,x1,#1; b .-4 */
    const uint32_t core1[] = { 0x9b027c42, 0xf9000062, 0x17fffffe };     /* mul x2,x2,x2; str x2,[x3]; b .-8 */
    put_code(core0, 2, CODE);
    put_code(core1, 3, CODE + 0x1000);
    b->cpus[1]->powered_off = false;
    b->cpus[1]->pc = CODE + 0x1000;
    b->cpus[1]->x[2] = 3;
    b->cpus[1]->x[3] = 0x20000;
    b->quantum = 1000;
    machine_run(b, 100000);
    assert_int_equal(b->cpus[0]->cycles, b->cpus[1]->cycles);
    assert_int_equal(machine_total_insns(b), 100000);
    uint64_t c0 = b->cpus[0]->cycles;
    *cycles1 = b->cpus[1]->icount;
    assert_true(bus_read(&b->bus, 0x20000, 8, shared));
    machine_destroy(b);
    m = saved;
    return c0;
}

static void test_scheduling_deterministic(void **state)
{
    (void)state;
    uint64_t i1a, i1b, sa, sb;
    uint64_t ca = run_two_cores(&i1a, &sa);
    uint64_t cb = run_two_cores(&i1b, &sb);
    assert_int_equal(ca, cb);
    assert_int_equal(i1a, i1b);
    assert_int_equal(sa, sb);
    assert_int_equal(i1a, 50000); /* equal quanta: each core ran half of the instructions */
}

/* A store of another core through its fast TLB clears this core's reservation, and the clearing
 * is a wake-up event (Arm ARM D1.16.1 / B2.9.6). */
static void test_exclusive_cleared_by_other_core_fast_store(void **state)
{
    (void)state;
    struct machine *b = board(2);
    struct machine *saved = m;
    m = b;
    struct cpu *c0 = b->cpus[0], *c1 = b->cpus[1];
    c1->powered_off = false;
    const uint32_t store[] = { 0xf9000041, 0x14000000 };  /* str x1, [x2]; b . */
    const uint32_t ldxr[] = { 0xc85f7c43, 0x14000000 };   /* ldxr x3, [x2]; b . */
    const uint32_t stxr[] = { 0xc8047c45, 0x14000000 };   /* stxr w4, x5, [x2]; b . */
    put_code(store, 2, CODE);
    put_code(ldxr, 2, CODE + 0x100);
    put_code(stxr, 2, CODE + 0x200);
    c0->x[2] = c1->x[2] = 0x30000;
    c0->x[1] = 7;
    c1->x[5] = 9;
    c0->pc = CODE;
    assert_int_equal(cpu_run(c0, 1), 1);             /* fills core 0's fast write entry */
    c1->pc = CODE + 0x100;
    assert_int_equal(cpu_run(c1, 1), 1);
    assert_true(c1->excl_valid);
    c1->event_register = false;
    c0->pc = CODE;
    assert_int_equal(cpu_run(c0, 1), 1);             /* the same store again */
    assert_false(c1->excl_valid);
    assert_true(c1->event_register);
    c1->pc = CODE + 0x200;
    assert_int_equal(cpu_run(c1, 1), 1);
    assert_int_equal(c1->x[4], 1);                   /* STXR failed */
    uint64_t v;
    assert_true(bus_read(&b->bus, 0x30000, 8, &v));
    assert_int_equal(v, 7);
    machine_destroy(b);
    m = saved;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counter_from_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_physical_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hyp_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secure_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virtual_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cntvoff_write_reevaluates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timer_fires_in_run_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sleep_jumps_to_deadline, setup, teardown),
        cmocka_unit_test(test_scheduling_deterministic),
        cmocka_unit_test(test_exclusive_cleared_by_other_core_fast_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
