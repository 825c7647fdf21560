/* --check=psci: CPU_ON of the calling core, which is on (the violation, site cpu_on_site: the
 * firmware answers ALREADY_ON); "good" starts core 1, lets it run and waits until it is off. */
#include "check_common.h"
#include "smp.h"

extern char cpu_on_site[];
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

static void cpu1_job(void) { cpu1_ran = 1; }

void test_main(void)
{
    bool good = check_arg("good");
    print_site("cpu_on", cpu_on_site);
    if (!good) {
        CHECK_EQ(cpu_on_self(), PSCI_ALREADY_ON);
        return;
    }
    CHECK_EQ(smp_start_cpu1(cpu1_job), PSCI_SUCCESS);
    CHECK(wait_flag(&cpu1_ran));
    CHECK(smp_wait_cpu1_off());
}
