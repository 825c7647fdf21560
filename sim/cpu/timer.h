/* The generic timers of one core (Arm ARM D11 "The Generic Timer in AArch64 state").
 *
 * The system counter runs from simulated cycles, never from host time: CNTPCT_EL0 =
 * cycles * CNTFRQ / CPU clock (VERSAL_CNTFRQ / VERSAL_CPU_HZ). Each timer's output is a
 * level-sensitive PPI, level = ENABLE && ISTATUS && !IMASK, driven into the GIC with
 * gic_set_irq_level(). The core keeps the cycle count at which the next unmasked timer fires
 * (cpu->next_timer_cycles); the run loop calls timer_update() between blocks once cycles reach
 * it, and every CTL/CVAL/TVAL/CNTVOFF write calls it at once.
 */
#ifndef A72SIM_CPU_TIMER_H
#define A72SIM_CPU_TIMER_H

#include <stdint.h>

#include "cpu.h"

/* The timers' PPIs (Arm BSA / Linux "arm,armv8-timer" order: secure, non-secure, virtual, hyp). */
#define TIMER_PPI_CNTHP 26
#define TIMER_PPI_CNTV 27
#define TIMER_PPI_CNTPS 29
#define TIMER_PPI_CNTP 30

#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

/* CNTPCT_EL0 now, and the first cycle at which the physical count reaches count. */
uint64_t timer_physical_count(const struct cpu *c);
uint64_t timer_cycles_at_count(uint64_t count);

/* Re-evaluate the four timers: drive changed output levels into the GIC and set
 * c->next_timer_cycles (UINT64_MAX when no unmasked enabled timer is still to fire). */
void timer_update(struct cpu *c);

#endif
