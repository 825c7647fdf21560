/* Check gic: programming errors of the GIC's virtual and physical interfaces.
 *   - a list register written valid with the vINTID of another valid list register;
 *   - a list register written with HW = 1 and a pINTID of an SGI (0-15) or a special INTID
 *     (1020-1023), or with HW = 1 and the state pending and active;
 *   - ICC_EOIR0/1_EL1 or ICC_DIR_EL1 naming a physical interrupt that is not active; ICV_EOIR with no
 *     virtual interrupt active;
 *   - a GICD (GICR) configuration register written after a write that sets GICD_CTLR.RWP
 *     (GICR_CTLR.RWP) without GICD_CTLR (GICR_CTLR) read since (the RWP poll);
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
#define RULE_RWP "GIC architecture (IHI 0069) GICD_CTLR.RWP/GICR_CTLR.RWP: after writing GICD_CTLR or " \
                 "GICD_ICENABLER<n> (GICR_ICENABLER0), poll RWP until 0 before relying on the change"
#define RULE_MAINT "GIC architecture (IHI 0069) maintenance interrupts: the interrupt stays asserted while " \
                   "ICH_MISR_EL2 is not zero; its handler must change the state that raised it"

#define GICD_ICENABLER 0x180
#define GICD_IGROUPR 0x080
#define GICD_ICFGR 0xc00
#define GICD_IGRPMODR 0xd00
#define GICD_IROUTER 0x6100
#define GICR_SGI_BASE 0x10000

/* The registers that configure interrupts (group, trigger, routing): changed only once a disable
 * is complete. After a GICD_CTLR write GICD_CTLR itself counts too (group enables, ARE); after a
 * GICD_ICENABLER write it does not (Linux enables the distributor right after disabling every SPI,
 * then polls RWP). */
static bool gicd_config_reg(uint64_t off, bool after_ctlr)
{
    return (off == 0 && after_ctlr) || (off >= GICD_IGROUPR && off < 0x100) || (off >= GICD_ICFGR && off < 0xd80) ||
           (off >= GICD_IROUTER && off < 0x8000);
}

static bool gicr_config_reg(uint64_t off)
{
    off -= GICR_SGI_BASE;
    return off == GICD_IGROUPR || (off >= GICD_ICFGR && off < 0xc08) || off == GICD_IGRPMODR;
}

static void rwp_report(struct check_state *s, const struct obs_event *e, const char *reg, uint64_t off, const char *sets,
                       uint64_t sets_pc)
{
    char what[200], evidence[160];
    snprintf(what, sizeof what, "%s register at offset 0x%" PRIx64 " written while RWP may still be set", reg, off);
    snprintf(evidence, sizeof evidence, "%s written at pc 0x%" PRIx64 ", no %s_CTLR read (RWP poll) since", sets,
             sets_pc, reg);
    check_report(s, CHECK_GIC, e->cpu, e->pc, what, RULE_RWP, evidence);
}

static void mmio(struct check_state *s, const struct obs_event *e)
{
    struct bus_region *r = bus_find(&s->m->bus, e->u.mem.pa);
    if (!r || r->ram)
        return;
    uint64_t off = e->u.mem.pa - r->base;
    struct gic_check *g = &s->gic;
    if (r->ops == &gicd_ops) {
        if (!e->u.mem.write) {
            if (off == 0)
                g->rwp_pending = false;
            return;
        }
        if (g->rwp_pending && gicd_config_reg(off, g->rwp_after_ctlr))
            rwp_report(s, e, "GICD", off, g->rwp_reg, g->rwp_pc);
        if (off == 0 || (off >= GICD_ICENABLER && off < 0x200)) {
            g->rwp_pending = true;
            g->rwp_pc = e->pc;
            g->rwp_reg = off == 0 ? "GICD_CTLR" : "GICD_ICENABLER";
            g->rwp_after_ctlr = off == 0;
        }
    } else if (r->ops == &gicr_ops) {
        unsigned cpu = (unsigned)(off / GICR_FRAME_SIZE);
        off %= GICR_FRAME_SIZE;
        if (cpu >= MAX_CPUS)
            return;
        struct gic_core *k = &g->core[cpu];
        if (!e->u.mem.write) {
            if (off == 0)
                k->rwp_pending = false;
            return;
        }
        if (k->rwp_pending && gicr_config_reg(off))
            rwp_report(s, e, "GICR", off, "GICR_ICENABLER0", k->rwp_pc);
        if (off == GICR_SGI_BASE + GICD_ICENABLER) {
            k->rwp_pending = true;
            k->rwp_pc = e->pc;
        }
    }
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
