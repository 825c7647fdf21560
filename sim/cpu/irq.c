#include "irq.h"

#include "exception.h"
#include "sysreg_bits.h"

void cpu_set_line(struct cpu *c, enum cpu_line line, bool level)
{
    if (level) {
        c->irq_lines |= line;
        c->wfi_pending = false; /* WFI and WFE wake on a pending interrupt, masked or not */
    } else {
        c->irq_lines &= ~line;
    }
}

unsigned cpu_pending_lines(const struct cpu *c)
{
    unsigned lines = c->irq_lines;
    uint64_t hcr = c->sr.hcr_el2;
    if (hcr & HCR_EL2_VI)
        lines |= CPU_LINE_VIRQ;
    if (hcr & HCR_EL2_VF)
        lines |= CPU_LINE_VFIQ;
    if (hcr & HCR_EL2_VSE)
        lines |= CPU_LINE_VSERROR;
    return lines;
}

bool cpu_check_interrupts(struct cpu *c)
{
    unsigned lines = cpu_pending_lines(c);
    if ((lines & CPU_LINE_FIQ) && aarch64_take_interrupt(c, VECT_FIQ, false))
        return true;
    if ((lines & CPU_LINE_IRQ) && aarch64_take_interrupt(c, VECT_IRQ, false))
        return true;
    if ((lines & CPU_LINE_VSERROR) && aarch64_take_interrupt(c, VECT_SERROR, true)) {
        c->sr.hcr_el2 &= ~HCR_EL2_VSE; /* the virtual SError is consumed when taken */
        return true;
    }
    if ((lines & CPU_LINE_VFIQ) && aarch64_take_interrupt(c, VECT_FIQ, true))
        return true;
    if ((lines & CPU_LINE_VIRQ) && aarch64_take_interrupt(c, VECT_IRQ, true))
        return true;
    return false;
}
