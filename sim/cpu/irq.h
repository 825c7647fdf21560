/* The interrupt lines into a core: physical IRQ/FIQ from the GIC's CPU interface, virtual
 * IRQ/FIQ from its virtual CPU interface or HCR_EL2.VI/VF, and virtual SError from HCR_EL2.VSE.
 *
 * Devices never reach into the core: they change a line with cpu_set_line(). The run loop samples
 * the lines between blocks (a block ends at anything that can unmask or raise one: MSR DAIF*,
 * ERET, writes to GIC, timer or HCR registers, WFI) and takes the interrupt the architecture
 * allows first.
 */
#ifndef A72SIM_CPU_IRQ_H
#define A72SIM_CPU_IRQ_H

#include <stdbool.h>

#include "cpu.h"

enum cpu_line {
    CPU_LINE_IRQ = 1u << 0,
    CPU_LINE_FIQ = 1u << 1,
    CPU_LINE_VIRQ = 1u << 2,
    CPU_LINE_VFIQ = 1u << 3,
    CPU_LINE_VSERROR = 1u << 4,
};

/* Drive a line high or low. A line going high wakes the core from WFI (even when PSTATE masks
 * the interrupt, as the architecture's WFI wake-up rules say). */
void cpu_set_line(struct cpu *c, enum cpu_line line, bool level);

/* The lines asserted to the core (enum cpu_line): the GIC's, with the virtual ones of HCR_EL2.VI,
 * VF and VSE ORed in. */
unsigned cpu_pending_lines(const struct cpu *c);

/* Between blocks, with at least one line high: take the interrupt that routing and masking allow
 * (FIQ before IRQ, physical before virtual, per the Arm ARM's priorities); true when one was
 * taken (the core is then at its vector). */
bool cpu_check_interrupts(struct cpu *c);

#endif
