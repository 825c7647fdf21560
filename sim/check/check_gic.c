/* Check gic: programming errors of the GIC's virtual and physical interfaces.
 *   - a list register written valid with the vINTID of another valid list register;
 *   - a list register written with HW = 1 and a pINTID of an SGI (0-15) or a special INTID
 *     (1020-1023), or with HW = 1 and the state pending and active;
 *   - ICC_EOIR0/1_EL1 or ICC_DIR_EL1 naming a physical interrupt that is not active; ICV_EOIR with no
 *     virtual interrupt active;
 *   - GICD_CTLR written again with no read of it (the RWP poll) since the previous write;
 *   - the maintenance interrupt acknowledged and EOId with no ICH_ register written in between,
 *     while it is still asserted (the handler did nothing about its cause). */
#include "check_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../bus.h"
#include "../gic/gic.h"

#define RULE_LR_DUP "GIC architecture (IHI 0069) ICH_LR<n>_EL2: if two or more List registers hold the same vINTID, " \
                    "behavior is UNPREDICTABLE"
#define RULE_LR_HW "GIC architecture (IHI 0069) ICH_LR<n>_EL2: with HW = 1 the pINTID must be a valid PPI or SPI " \
                   "(not an SGI, not 1020-1023) and the state must not be pending and active: otherwise UNPREDICTABLE"
#define RULE_EOI "GIC architecture (IHI 0069) ICC_EOIR<n>_EL1/ICC_DIR_EL1: an EOI or deactivation of an interrupt " \
                 "that is not active is UNPREDICTABLE"
#define RULE_RWP "GIC architecture (IHI 0069) GICD_CTLR.RWP: a write to GICD_CTLR is complete only when RWP " \
                 "reads 0; poll it before changing GICD_CTLR again"
#define RULE_MAINT "GIC architecture (IHI 0069) maintenance interrupts: the interrupt stays asserted while " \
                   "ICH_MISR_EL2 is not zero; its handler must change the state that raised it"

/* A GICD_CTLR write while the previous one may still be in progress: its RWP bit was not polled
 * (read) since. Only GICD_CTLR itself is held to it: Linux and Xen configure interrupts (ICFGR,
 * IGROUPR, IROUTER) right after disabling them, polling RWP only at the end, and run on GIC-500s. */
static void mmio(struct check_state *s, const struct obs_event *e)
{
    struct bus_region *r = bus_find(&s->m->bus, e->u.mem.pa);
    if (!r || r->ram || r->ops != &gicd_ops || e->u.mem.pa - r->base >= 4)
        return;
    struct gic_check *g = &s->gic;
    if (!e->u.mem.write) {
        g->rwp_pending = false;
        return;
    }
    if (g->rwp_pending) {
        char evidence[160];
        snprintf(evidence, sizeof evidence, "GICD_CTLR written at pc 0x%" PRIx64 " (cpu%d), not read (RWP) since",
                 g->rwp_pc, g->rwp_cpu);
        check_report(s, CHECK_GIC, e->cpu, e->pc, "GICD_CTLR written while the previous GICD_CTLR write may be "
                     "in progress (RWP not polled)", RULE_RWP, evidence);
    }
    g->rwp_pending = true;
    g->rwp_pc = e->pc;
    g->rwp_cpu = e->cpu;
}

static void list_register_write(struct check_state *s, const struct obs_event *e, unsigned n, uint64_t lr)
{
    struct gic *gic = s->m->gic;
    unsigned state = (unsigned)(lr >> 62);
    if (!state)
        return;
    uint64_t pc = check_insn_pc(s, e);
    char what[200], evidence[160];
    for (unsigned j = 0; j < gic_list_registers(gic); j++) {
        uint64_t other = gic_peek_lr(gic, (unsigned)e->cpu, j);
        if (j == n || !(other >> 62) || (uint32_t)other != (uint32_t)lr)
            continue;
        snprintf(what, sizeof what, "ICH_LR%u_EL2 written with vINTID %u, which ICH_LR%u_EL2 holds too", n,
                 (uint32_t)lr, j);
        snprintf(evidence, sizeof evidence, "ICH_LR%u_EL2 = 0x%016" PRIx64 ", ICH_LR%u_EL2 = 0x%016" PRIx64, n, lr, j,
                 other);
        check_report(s, CHECK_GIC, e->cpu, pc, what, RULE_LR_DUP, evidence);
        return;
    }
    if (!(lr >> 61 & 1))
        return;
    unsigned pintid = (unsigned)(lr >> 32) & 0x1fff;
    if (pintid >= 16 && !(pintid >= 1020 && pintid < 1024) && state != 3)
        return;
    snprintf(what, sizeof what, "ICH_LR%u_EL2 written with HW = 1 and %s", n,
             state == 3 ? "the state pending and active" : pintid < 16 ? "the pINTID of an SGI" : "a special pINTID");
    snprintf(evidence, sizeof evidence, "ICH_LR%u_EL2 = 0x%016" PRIx64 " (pINTID %u, state %u)", n, lr, pintid, state);
    check_report(s, CHECK_GIC, e->cpu, pc, what, RULE_LR_HW, evidence);
}

/* MSR ICC_EOIR0/1_EL1 or ICC_DIR_EL1, before it executes. */
static void end_of_interrupt(struct check_state *s, const struct obs_event *e, uint32_t op)
{
    if (!A64_IS_MSR3(op) || A64_SYS_OP1(op) != 0 || A64_SYS_CRN(op) != 12 || A64_SYS_OP2(op) != 1)
        return;
    unsigned crm = A64_SYS_CRM(op);
    if (crm != 8 && crm != 12 && crm != 11)
        return;
    const struct cpu *c = s->m->cpus[e->cpu];
    unsigned intid = (unsigned)c->x[A64_RT(op)] & 0xffffff;
    if (intid >= 1020 && intid < 1024)
        return;
    const char *reg = crm == 8 ? "ICC_EOIR0_EL1" : crm == 12 ? "ICC_EOIR1_EL1" : "ICC_DIR_EL1";
    uint64_t routed = crm == 8 ? 1u << 3 : crm == 12 ? 1u << 4 : 3u << 3; /* HCR_EL2.FMO, IMO */
    bool is_virtual = e->el < 2 && (c->sr.hcr_el2 & routed) && (c->sr.scr_el3 & 1);
    char what[200], evidence[160];
    if (is_virtual) {
        if (crm == 11 || gic_peek_virtual_active(s->m->gic, (unsigned)e->cpu))
            return; /* an EOI or DIR that no list register matches is counted in EOIcount: defined */
        snprintf(what, sizeof what, "ICV_%s written (vINTID %u) with no virtual interrupt active", reg + 4, intid);
        snprintf(evidence, sizeof evidence, "ICH_AP0R0_EL2 and ICH_AP1R0_EL2 are both 0");
    } else {
        if (gic_peek_active(s->m->gic, (unsigned)e->cpu, intid))
            return;
        snprintf(what, sizeof what, "%s written with INTID %u, which is not active", reg, intid);
        snprintf(evidence, sizeof evidence, "INTID %u was not acknowledged (or already deactivated)", intid);
    }
    check_report(s, CHECK_GIC, e->cpu, e->pc, what, RULE_EOI, evidence);
}

void check_gic_event(struct check_state *s, const struct obs_event *e)
{
    if (e->cpu < 0 || !s->m->gic)
        return;
    struct gic_core *k = &s->gic.core[e->cpu];
    switch (e->kind) {
    case OBS_MEM:
        mmio(s, e);
        break;
    case OBS_INSN:
        if (A64_IS_MSR3(e->u.insn.opcode))
            end_of_interrupt(s, e, e->u.insn.opcode);
        break;
    case OBS_SYSREG_WRITE: {
        const char *name = e->u.sysreg.name;
        if (strncmp(name, "ICH_", 4) != 0)
            break;
        k->maint_handled = true;
        if (strncmp(name, "ICH_LR", 6) == 0 && name[6] >= '0' && name[6] <= '9')
            list_register_write(s, e, (unsigned)(name[6] - '0'), e->u.sysreg.new_value);
        break;
    }
    case OBS_IRQ:
        if (e->u.irq.is_virtual || e->u.irq.intid != 25)
            break;
        if (e->u.irq.what == OBS_IRQ_ACK) {
            k->maint_acked = true;
            k->maint_handled = false;
        } else if (e->u.irq.what == OBS_IRQ_EOI && k->maint_acked) {
            k->maint_acked = false;
            if (k->maint_handled || !gic_peek_maintenance(s->m->gic, (unsigned)e->cpu))
                break;
            check_report(s, CHECK_GIC, e->cpu, check_insn_pc(s, e),
                         "maintenance interrupt EOId while still asserted, with no ICH_ register written by its "
                         "handler", RULE_MAINT, "INTID 25 acknowledged and EOId, ICH_MISR_EL2 still not zero");
        }
        break;
    default:
        break;
    }
}
