/* `info gic`, `info gic lrs` and `info timers`: the GIC's state and the generic timers read without
 * side effects (the ICH_ and CNT* values through the system-register table's read functions). */
#include <inttypes.h>
#include <string.h>

#include "cpu/irq.h"
#include "cpu/sysreg.h"
#include "cpu/timer.h"
#include "gic/gic_internal.h"
#include "inspect_internal.h"
#include "machine.h"
#include "versal/versal.h"

/* The value of a register of the table by name (its read function has no side effect). */
static uint64_t reg(struct cpu *c, const char *name)
{
    const struct sysreg_info *r = sysreg_by_name(name);
    return r ? sysreg_get(c, r) : 0;
}

static const char *group_name(const struct gic_irq *q)
{
    static const char *const names[3] = { [GIC_G0] = "G0", [GIC_G1S] = "G1S", [GIC_G1NS] = "G1NS" };
    return names[gic_irq_group(q)];
}

/* One interrupt's state on one line, without a newline. */
static void print_irq(FILE *f, const struct gic_irq *q)
{
    fprintf(f, "%s prio 0x%02x %s%s%s%s%s", group_name(q), q->priority, q->edge ? "edge" : "level",
            q->enabled ? " enabled" : " disabled", q->pending ? " pending" : "", q->active ? " active" : "",
            q->level ? " (line high)" : "");
}

static bool interesting(const struct gic_irq *q)
{
    return q->enabled || q->pending || q->active || q->level;
}

static void print_lines(FILE *f, unsigned lines)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = { { CPU_LINE_IRQ, "IRQ" }, { CPU_LINE_FIQ, "FIQ" }, { CPU_LINE_VIRQ, "vIRQ" },
                  { CPU_LINE_VFIQ, "vFIQ" }, { CPU_LINE_VSERROR, "vSError" } };
    bool any = false;
    for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++)
        if (lines & names[n].bit) {
            fprintf(f, "%s%s", any ? " " : "", names[n].name);
            any = true;
        }
    if (!any)
        fputs("none", f);
}

static struct gic *gic_of(FILE *f, struct machine *m)
{
    if (!m->gic)
        fputs("this machine has no GIC\n", f);
    return m->gic;
}

int inspect_gic(FILE *f, struct machine *m)
{
    struct gic *g = gic_of(f, m);
    if (!g)
        return -1;
    uint32_t ctlr = g->gicd_ctlr;
    fprintf(f, "GICD_CTLR 0x%08x:%s%s%s%s%s%s\n", ctlr, ctlr & GICD_CTLR_ENGRP0 ? " EnableGrp0" : "",
            ctlr & GICD_CTLR_ENGRP1NS ? " EnableGrp1NS" : "", ctlr & GICD_CTLR_ENGRP1S ? " EnableGrp1S" : "",
            ctlr & GICD_CTLR_ARE_S ? " ARE_S" : "", ctlr & GICD_CTLR_ARE_NS ? " ARE_NS" : "",
            ctlr & GICD_CTLR_DS ? " DS" : "");
    fputs("SPIs enabled, pending, active or with their line high:\n", f);
    unsigned shown = 0;
    for (unsigned id = 32; id < GIC_NUM_INTIDS; id++) {
        const struct gic_irq *q = &g->spi[id - 32];
        if (!interesting(q))
            continue;
        fprintf(f, "  INTID %3u ", id);
        print_irq(f, q);
        if (q->route >> 31 & 1)
            fputs(", routed to any core (IRM)", f);
        else
            fprintf(f, ", routed to %u.%u.%u.%u", (unsigned)(q->route >> 32) & 0xff, (unsigned)(q->route >> 16) & 0xff,
                    (unsigned)(q->route >> 8) & 0xff, (unsigned)q->route & 0xff);
        fputc('\n', f);
        shown++;
    }
    if (!shown)
        fputs("  none\n", f);
    for (unsigned n = 0; n < g->ncpus; n++) {
        const struct gic_redist *r = &g->redist[n];
        const struct gic_cpuif *ci = &r->cpuif;
        fprintf(f, "cpu%u: redistributor %s; ICC PMR 0x%02x, running priority 0x%02x, IGRPEN0 %u IGRPEN1 NS %u S %u",
                n, r->processor_sleep ? "asleep (ProcessorSleep)" : "awake", ci->pmr, gic_running_priority(ci),
                ci->igrpen0, ci->igrpen1[0], ci->igrpen1[1]);
        unsigned hppi = gic_highest_pending(g, n);
        if (hppi == GIC_SPURIOUS)
            fputs(", no pending interrupt to forward", f);
        else
            fprintf(f, ", highest pending INTID %u (prio 0x%02x)", hppi, gic_irq(g, n, hppi)->priority);
        fputs("; lines: ", f);
        print_lines(f, m->cpus[n]->irq_lines);
        fputc('\n', f);
        for (unsigned id = 0; id < 32; id++) {
            const struct gic_irq *q = &r->irq[id];
            if (!interesting(q))
                continue;
            fprintf(f, "  %s %2u ", id < 16 ? "SGI" : "PPI", id);
            print_irq(f, q);
            fputc('\n', f);
        }
    }
    return 0;
}

int inspect_gic_lrs(FILE *f, struct machine *m, unsigned core)
{
    struct cpu *c = inspect_core(f, m, core);
    struct gic *g = c ? gic_of(f, m) : NULL;
    if (!g)
        return -1;
    const struct gic_vcpuif *v = &g->redist[core].vcpuif;
    fprintf(f, "cpu%u ICH_HCR_EL2  0x%08x  ", core, v->hcr);
    inspect_decode_sysreg(f, "ICH_HCR_EL2", v->hcr);
    fprintf(f, "\ncpu%u ICH_VMCR_EL2 0x%08x  ", core, v->vmcr);
    inspect_decode_sysreg(f, "ICH_VMCR_EL2", v->vmcr);
    fputc('\n', f);
    for (unsigned n = 0; n < g->num_lrs; n++) { /* the list registers that exist (--gic-lrs) */
        fprintf(f, "  LR%u 0x%016" PRIx64 "  ", n, v->lr[n]);
        inspect_print_lr(f, v->lr[n]);
        fputc('\n', f);
    }
    uint64_t elrsr = reg(c, "ICH_ELRSR_EL2"), eisr = reg(c, "ICH_EISR_EL2"), misr = reg(c, "ICH_MISR_EL2");
    fprintf(f, "ICH_ELRSR_EL2 0x%" PRIx64 " (empty LRs), ICH_EISR_EL2 0x%" PRIx64 " (EOI maintenance requests), "
               "ICH_MISR_EL2 0x%" PRIx64 "  ",
            elrsr, eisr, misr);
    inspect_decode_sysreg(f, "ICH_MISR_EL2", misr);
    fputc('\n', f);
    bool maint = (v->hcr & ICH_HCR_EN) && misr;
    const struct gic_irq *ppi = &g->redist[core].irq[GIC_MAINT_INTID];
    fprintf(f, "maintenance interrupt (PPI %u): %s", GIC_MAINT_INTID, maint ? "asserted" : "not asserted");
    if (!(v->hcr & ICH_HCR_EN))
        fputs(" (ICH_HCR_EL2.En is 0: the virtual interface is off)", f);
    fprintf(f, "; its PPI: ");
    print_irq(f, ppi);
    fputc('\n', f);
    static const struct {
        uint32_t bit;
        const char *why;
    } reasons[] = {
        { ICH_MISR_EOI, "EOI: a list register with EOI set was deactivated (ICH_EISR_EL2)" },
        { ICH_MISR_U, "U: ICH_HCR_EL2.UIE and at most one list register holds a valid interrupt" },
        { ICH_MISR_LRENP, "LRENP: ICH_HCR_EL2.LRENPIE and EOIcount is not 0 (EOIs with no list register)" },
        { ICH_MISR_NP, "NP: ICH_HCR_EL2.NPIE and no list register is pending" },
        { ICH_MISR_VGRP0E, "VGrp0E: ICH_HCR_EL2.VGrp0EIE and virtual Group 0 is enabled" },
        { ICH_MISR_VGRP0D, "VGrp0D: ICH_HCR_EL2.VGrp0DIE and virtual Group 0 is disabled" },
        { ICH_MISR_VGRP1E, "VGrp1E: ICH_HCR_EL2.VGrp1EIE and virtual Group 1 is enabled" },
        { ICH_MISR_VGRP1D, "VGrp1D: ICH_HCR_EL2.VGrp1DIE and virtual Group 1 is disabled" },
    };
    for (size_t n = 0; n < sizeof(reasons) / sizeof(reasons[0]); n++)
        if (misr & reasons[n].bit)
            fprintf(f, "  because %s\n", reasons[n].why);
    fputs("vIRQ/vFIQ lines: ", f);
    print_lines(f, c->irq_lines & (CPU_LINE_VIRQ | CPU_LINE_VFIQ));
    fputc('\n', f);
    return 0;
}

int inspect_timers(FILE *f, struct machine *m, unsigned core)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c)
        return -1;
    static const struct {
        const char *name, *ctl, *cval;
        bool is_virtual;
        unsigned ppi;
    } timers[4] = {
        { "EL1 physical (CNTP)", "CNTP_CTL_EL0", "CNTP_CVAL_EL0", false, VERSAL_PPI_CNTP },
        { "EL1 virtual (CNTV)", "CNTV_CTL_EL0", "CNTV_CVAL_EL0", true, VERSAL_PPI_CNTV },
        { "EL2 physical (CNTHP)", "CNTHP_CTL_EL2", "CNTHP_CVAL_EL2", false, VERSAL_PPI_CNTHP },
        { "secure physical (CNTPS)", "CNTPS_CTL_EL1", "CNTPS_CVAL_EL1", false, VERSAL_PPI_CNTPS },
    };
    uint64_t freq = c->sr.cntfrq_el0 ? c->sr.cntfrq_el0 : c->config.cntfrq_hz;
    uint64_t pcount = timer_physical_count(c);
    uint64_t vcount = pcount - c->sr.cntvoff_el2;
    fprintf(f, "cpu%u: CNTPCT 0x%" PRIx64 ", CNTVOFF_EL2 0x%" PRIx64 " (CNTVCT 0x%" PRIx64 "), CNTFRQ %" PRIu64
               " Hz, CNTHCTL_EL2 0x%" PRIx64 "  ",
            core, pcount, c->sr.cntvoff_el2, vcount, freq, c->sr.cnthctl_el2);
    inspect_decode_sysreg(f, "CNTHCTL_EL2", c->sr.cnthctl_el2);
    fputc('\n', f);
    for (unsigned n = 0; n < 4; n++) {
        uint64_t ctl = reg(c, timers[n].ctl), cval = reg(c, timers[n].cval);
        uint64_t now = timers[n].is_virtual ? vcount : pcount;
        bool enabled = ctl & CNT_CTL_ENABLE, masked = ctl & CNT_CTL_IMASK, istatus = ctl & CNT_CTL_ISTATUS;
        fprintf(f, "  %-24s CTL 0x%" PRIx64 " (%s%s%s) CVAL 0x%" PRIx64, timers[n].name, ctl,
                enabled ? "ENABLE" : "disabled", masked ? " IMASK" : "", istatus ? " ISTATUS" : "", cval);
        if (!enabled) {
            fputs(", not counting down", f);
        } else if (istatus) {
            fprintf(f, ", fired %" PRIu64 " counts ago", now - cval);
        } else {
            uint64_t left = cval - now;
            double ns = freq ? (double)left * 1e9 / (double)freq : 0;
            fprintf(f, ", fires in %" PRIu64 " counts (%.0f ns)", left, ns);
        }
        bool output = enabled && istatus && !masked;
        fprintf(f, "; output %s", output ? "high" : "low");
        if (m->gic) {
            fprintf(f, "; PPI %u: ", timers[n].ppi);
            print_irq(f, gic_irq(m->gic, core, timers[n].ppi));
        }
        fputc('\n', f);
    }
    return 0;
}
