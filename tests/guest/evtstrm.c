/* The generic timer's event streams (Arm ARM D11.2.3): with CNTHCTL_EL2.EVNTEN an event is generated
 * each time the selected bit (EVNTI) of the physical count makes the transition EVNTDIR selects, and
 * with CNTKCTL_EL1.EVNTEN the same on the virtual count. An event sets the event register and wakes a
 * waiting WFE; the register stays set (WaitForEvent), so the next WFE completes at once and the one
 * after waits for the next event: a loop of WFEs advances at half an event per WFE. With the streams
 * off nothing would wake it (a72sim would end the run: every core asleep). On a72sim the time taken is
 * checked against the stream's period; QEMU treats WFE as a hint that returns at once, so there only
 * the loop is run. */
#include "smp.h"

#define EVNTEN (1u << 2)
#define EVNTDIR (1u << 3)
#define EVNTI(n) ((uint64_t)(n) << 4)

/* n WFEs (the first one may just consume an event already pending); the counter ticks they took */
static uint64_t wfe_ticks(unsigned n)
{
    uint64_t t0 = cntpct();
    for (unsigned k = 0; k < n; k++)
        __asm__ volatile("wfe" ::: "memory");
    return cntpct() - t0;
}

static void check_stream(const char *what, unsigned bit)
{
    (void)what;
    uint64_t period = 2ull << bit;
    uint64_t ticks = wfe_ticks(9);
    if (!test_on_qemu) {
        /* 9 WFEs wait for 4 or 5 events (the first one may find the register set): at least 3 full
         * periods, at most 5 (plus the loop). */
        CHECK(ticks >= 3 * period);
        CHECK(ticks <= 5 * period + period / 2);
    }
}

void test_main(void)
{
    uint64_t cnthctl = read_sysreg(cnthctl_el2);
    /* The physical-count stream of EL2, bit 6 (every 128 ticks, 0 to 1), then bit 8 (1 to 0). */
    write_sysreg(cnthctl_el2, cnthctl | EVNTEN | EVNTI(6));
    isb();
    check_stream("CNTHCTL_EL2 bit 6", 6);
    write_sysreg(cnthctl_el2, cnthctl | EVNTEN | EVNTDIR | EVNTI(8));
    isb();
    check_stream("CNTHCTL_EL2 bit 8", 8);
    write_sysreg(cnthctl_el2, cnthctl);
    /* The virtual-count stream of EL1 (CNTKCTL_EL1), read at EL2: it runs whatever the EL. A
     * CNTVOFF_EL2 shifts the virtual count, not the period. */
    write_sysreg(cntvoff_el2, 12345);
    write_sysreg(cntkctl_el1, EVNTEN | EVNTI(7));
    isb();
    check_stream("CNTKCTL_EL1 bit 7", 7);
    write_sysreg(cntkctl_el1, 0);
    write_sysreg(cntvoff_el2, 0);
    isb();
}
