/* --check=psci: CPU_ON of the calling core, which is on (site cpu_on_site: the firmware answers
 * ALREADY_ON), and CPU_ON of core 1 at an entry point outside RAM (site cpu_on_bad_entry: the
 * firmware answers INVALID_ADDRESS; not on QEMU, whose firmware does not check the address and would
 * start the core there); "good" starts core 1, lets it run and waits until it is off. With "off"
 * on its command line, core 0 powers the system off (SYSTEM_OFF, site system_off_site) while core 1
 * still runs with its IRQs unmasked: a warning, and the run ends there with status 0. */
#include "check_common.h"
#include "smp.h"

extern char cpu_on_site[], cpu_on_bad_entry[], system_off_site[];
#define PSCI_INVALID_ADDRESS (-9)
static volatile uint64_t cpu1_ran;

static __attribute__((noinline)) int64_t cpu_on_self(void)
{
    register uint64_t x0 __asm__("x0") = PSCI_CPU_ON_64;
    register uint64_t x1 __asm__("x1") = 0;          /* MPIDR affinity 0: this core */
    register uint64_t x2 __asm__("x2") = 0x200000;   /* an entry point in RAM */
    register uint64_t x3 __asm__("x3") = 0;
    __asm__ volatile(".global cpu_on_site\ncpu_on_site: smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}

static __attribute__((noinline)) int64_t cpu_on_outside_ram(void)
{
    register uint64_t x0 __asm__("x0") = PSCI_CPU_ON_64;
    register uint64_t x1 __asm__("x1") = 1;          /* core 1 */
    register uint64_t x2 __asm__("x2") = 0xf0000000; /* no memory there (docs/board.md) */
    register uint64_t x3 __asm__("x3") = 0;
    __asm__ volatile(".global cpu_on_bad_entry\ncpu_on_bad_entry: smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}

static void cpu1_job(void) { cpu1_ran = 1; }

/* Core 1 works on with IRQs unmasked until the system goes off. */
static void cpu1_busy(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    cpu1_ran = 1;
    for (;;)
        cpu1_ran++;
}

static void system_off_while_busy(void)
{
    CHECK_EQ(smp_start_cpu1(cpu1_busy), PSCI_SUCCESS);
    CHECK(wait_flag(&cpu1_ran));
    register uint64_t x0 __asm__("x0") = 0x84000008; /* SYSTEM_OFF */
    __asm__ volatile(".global system_off_site\nsystem_off_site: smc #0" : "+r"(x0) : : "memory");
}

void test_main(void)
{
    bool good = check_arg("good");
    print_site("cpu_on", cpu_on_site);
    print_site("cpu_on_bad_entry", cpu_on_bad_entry);
    print_site("system_off", system_off_site);
    if (check_arg("off") && !test_on_qemu)
        system_off_while_busy();
    if (!good) {
        CHECK_EQ(cpu_on_self(), PSCI_ALREADY_ON);
        if (!test_on_qemu)
            CHECK_EQ(cpu_on_outside_ram(), PSCI_INVALID_ADDRESS);
        return;
    }
    CHECK_EQ(smp_start_cpu1(cpu1_job), PSCI_SUCCESS);
    CHECK(wait_flag(&cpu1_ran));
    CHECK(smp_wait_cpu1_off());
}
