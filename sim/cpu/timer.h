/* The generic timers of one core (Arm ARM D11 "The Generic Timer in AArch64 state").
 *
 * The system counter runs from simulated cycles, never from host time: CNTPCT_EL0 =
 * cycles * counter frequency / core clock (cpu->config). Each timer's output is a level,
 * ENABLE && ISTATUS && !IMASK, driven out through cpu->ports->timer_line (the board wires it to a
 * GIC PPI). The core keeps the cycle count at which the next unmasked timer fires
 * (cpu->next_timer_cycles); the run loop calls timer_update() between blocks once cycles reach
 * it, and every CTL/CVAL/TVAL/CNTVOFF/CNTKCTL/CNTHCTL write calls it at once. The event streams
 * (CNTKCTL_EL1/CNTHCTL_EL2.EVNTEN) are timed the same way.
 */
#ifndef A72SIM_CPU_TIMER_H
#define A72SIM_CPU_TIMER_H

#include <stdint.h>

#include "cpu.h"

/* The timers, as numbered on cpu_ports.timer_line. */
enum { TIMER_CNTP, TIMER_CNTV, TIMER_CNTHP, TIMER_CNTPS };

/* The event-stream fields shared by CNTKCTL_EL1 and CNTHCTL_EL2 (EVNTI is bits 7:4). */
#define CNTXCTL_EVNTEN (1u << 2)
#define CNTXCTL_EVNTDIR (1u << 3)

#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

/* CNTPCT_EL0 now, and the first cycle at which the physical count reaches count. */
uint64_t timer_physical_count(const struct cpu *c);
uint64_t timer_cycles_at_count(const struct cpu *c, uint64_t count);

/* Re-evaluate the four timers: drive changed output levels into the GIC and set
 * c->next_timer_cycles (UINT64_MAX when no unmasked enabled timer is still to fire). */
void timer_update(struct cpu *c);

#endif
