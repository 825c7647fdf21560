/* Synchronisation between the two cores (Arm ARM B2.9, D1.16.2): WFE woken by the other core's SEV
 * or by the clearing of its global monitor (the other core's store), and the global exclusive
 * monitor (a store by one core to a location the other core holds in exclusive state makes that
 * core's STXR fail; without the store the STXR succeeds). Core 1 is started with PSCI CPU_ON; the
 * cores talk through volatile flags.
 * A WFE may complete early (Arm ARM: spurious wake-ups are allowed), so waiting loops re-check;
 * on a72sim, which models no spurious event, the number of WFEs shows that the core slept. QEMU
 * treats WFE as a yield, so that count is not checked there. */
#include "smp.h"

static volatile uint64_t step, cpu1_waiting, cpu1_woken, cpu1_done, cpu1_wfes;
#define MAX_WFES 4 /* a72sim: the first WFE sleeps until the event; a few more are tolerated */
static volatile uint64_t shared_word __attribute__((aligned(64)));
static volatile uint64_t cpu1_store_value;

/* Clear the event register (SEVL sets it, WFE consumes it) and wait in WFE until the flag is set;
 * count the WFEs (a WFE may complete early for other reasons, so this loops). */
static void cpu1_wfe_job(void)
{
    __asm__ volatile("sevl\n wfe" ::: "memory");
    cpu1_waiting = 1;
    __asm__ volatile("dsb sy" ::: "memory");
    while (!step) {
        __asm__ volatile("wfe" ::: "memory");
        cpu1_wfes++;
    }
    cpu1_woken = 1;
}

static void test_wfe_sev(void)
{
    step = cpu1_waiting = cpu1_woken = cpu1_wfes = 0;
    CHECK_EQ(smp_start_cpu1(cpu1_wfe_job), PSCI_SUCCESS);
    wait_flag(&cpu1_waiting);
    CHECK_EQ(cpu1_waiting, 1);
    delay_ticks(2000);
    step = 1;
    __asm__ volatile("dsb sy\n sev" ::: "memory");
    wait_flag(&cpu1_woken);
    CHECK_EQ(cpu1_woken, 1);
    if (!test_on_qemu)
        CHECK(cpu1_wfes <= MAX_WFES);
    CHECK(smp_wait_cpu1_off());
}

/* Core 1 stores to shared_word when step becomes 1, then reports. */
static void cpu1_store_job(void)
{
    while (step != 1)
        cpu_relax();
    shared_word = cpu1_store_value;
    __asm__ volatile("dsb sy" ::: "memory");
    cpu1_done = 1;
}

static uint64_t ldxr(volatile uint64_t *p)
{
    uint64_t v;
    __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static uint32_t stxr(volatile uint64_t *p, uint64_t v)
{
    uint32_t status;
    __asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(status) : "r"(v), "r"(p) : "memory");
    return status;
}

static void test_exclusives(void)
{
    /* Without interference the pair succeeds (status 0) and stores. */
    shared_word = 5;
    CHECK_EQ(ldxr(&shared_word), 5);
    CHECK_EQ(stxr(&shared_word, 6), 0);
    CHECK_EQ(shared_word, 6);

    /* Core 0 marks the location; core 1 stores to it; core 0's STXR must fail and not store. */
    step = cpu1_done = 0;
    cpu1_store_value = 0x1111;
    CHECK_EQ(smp_start_cpu1(cpu1_store_job), PSCI_SUCCESS);
    CHECK_EQ(ldxr(&shared_word), 6);
    step = 1;
    wait_flag(&cpu1_done);
    CHECK_EQ(cpu1_done, 1);
    CHECK_EQ(stxr(&shared_word, 0x2222), 1);
    CHECK_EQ(shared_word, 0x1111);
    CHECK(smp_wait_cpu1_off());

    /* The monitor is open after the failed STXR: a new pair succeeds. */
    CHECK_EQ(ldxr(&shared_word), 0x1111);
    CHECK_EQ(stxr(&shared_word, 0x3333), 0);
    CHECK_EQ(shared_word, 0x3333);

    /* CLREX opens the local monitor: the STXR fails. */
    (void)ldxr(&shared_word);
    __asm__ volatile("clrex" ::: "memory");
    CHECK_EQ(stxr(&shared_word, 0x4444), 1);
    CHECK_EQ(shared_word, 0x3333);
}

/* The spinlock idiom: LDAXR marks the lock word, WFE sleeps; the other core's plain store (no SEV)
 * clears this core's global monitor, which is a WFE wake-up event (Arm ARM D1.16.2, B2.9.5). */
static volatile uint64_t lock_word __attribute__((aligned(64)));

static void cpu1_lock_wait_job(void)
{
    uint64_t v;
    __asm__ volatile("sevl\n wfe" ::: "memory"); /* event register clear */
    cpu1_waiting = 1;
    for (;;) {
        __asm__ volatile("ldaxr %0, [%1]" : "=r"(v) : "r"(&lock_word) : "memory");
        if (v)
            break;
        __asm__ volatile("wfe" ::: "memory");
        cpu1_wfes++;
    }
    __asm__ volatile("clrex" ::: "memory");
    cpu1_woken = 1;
}

static void test_wfe_monitor_event(void)
{
    lock_word = 0;
    cpu1_waiting = cpu1_woken = cpu1_wfes = 0;
    CHECK_EQ(smp_start_cpu1(cpu1_lock_wait_job), PSCI_SUCCESS);
    wait_flag(&cpu1_waiting);
    CHECK_EQ(cpu1_waiting, 1);
    delay_ticks(2000);
    lock_word = 1; /* no SEV */
    __asm__ volatile("dsb sy" ::: "memory");
    wait_flag(&cpu1_woken);
    CHECK_EQ(cpu1_woken, 1);
    if (!test_on_qemu)
        CHECK(cpu1_wfes <= MAX_WFES);
    CHECK(smp_wait_cpu1_off());
}

void test_main(void)
{
    test_wfe_sev();
    test_wfe_monitor_event();
    test_exclusives();
}
