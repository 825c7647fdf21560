/* For --stress: a flag handshake between the two cores with the barrier missing. Core 0 publishes
 * the flag before the data, as a store buffer may make it appear without a DMB between the two
 * stores; core 1 waits for the flag and reads the data. Whether core 1 reads the data too early
 * depends on where the cores' turns interleave: under a72sim's --stress SEED some seeds hit the
 * window and some do not, each the same way every time. On a72sim the program fails when the race
 * is hit ("race: core 1 read 0"); on QEMU it only reports what it saw. */
#include "smp.h"

static volatile uint64_t flag, data, seen, done;

static void cpu1_job(void)
{
    while (!flag)
        ;
    seen = data;
    done = 1;
}

void test_main(void)
{
    CHECK_EQ(smp_start_cpu1(cpu1_job), PSCI_SUCCESS);
    for (volatile unsigned i = 0; i < 20; i++)
        ;
    flag = 1; /* the bug: the flag before the data, no barrier between them */
    for (volatile unsigned i = 0; i < 8; i++)
        ;
    data = 42;
    CHECK(wait_flag(&done));
    sh_puts(seen == 42 ? "race: core 1 read 42\n" : "race: core 1 read 0\n");
    if (!test_on_qemu)
        CHECK_EQ(seen, 42);
    CHECK(smp_wait_cpu1_off());
}
