/* The GIC CPU interface through system registers (ICC_*, Arm IHI 0069 chapters 4 and 12.2):
 * acknowledge, priority drop and deactivation, running priority and preemption, the
 * assignment of groups to IRQ and FIQ, SGI generation, and the traps of the ICC_ registers.
 * At Non-secure EL1 with HCR_EL2.IMO/FMO the accesses go to the virtual interface
 * (gic_vcpuif.c) instead.
 */
#include "gic_internal.h"
#include "gic_vcpuif.h"

#include "../cpu/irq.h"
#include "../cpu/sysreg.h"

/* Which of a core's banked (Secure/Non-secure) registers an access uses: at EL3 the one of
 * SCR_EL3.NS, else the one of the current Security state. 1 = Secure. */
static unsigned icc_bank(const struct cpu *c)
{
    return c->pstate.el == EL3 ? !(c->sr.scr_el3 & SCR_EL3_NS) : is_secure(c);
}

uint8_t gic_running_priority(const struct gic_cpuif *ci)
{
    uint32_t ap = ci->ap0r | ci->ap1r[0] | ci->ap1r[1];
    return ap ? (uint8_t)(__builtin_ctz(ap) << 3) : GIC_IDLE_PRIORITY;
}

/* The group priority field of a priority for its group's binary point (Arm IHI 0069,
 * "Priority grouping"): BPR0 n keeps bits 7:n+1; BPR1 n keeps bits 7:n; CBPR makes Group 1
 * use BPR0. */
static uint8_t group_priority(const struct gic_cpuif *ci, enum gic_group grp, uint8_t prio)
{
    unsigned shift;
    if (grp == GIC_G0 || (ci->ctlr_el1[grp == GIC_G1S] & ICC_CTLR_EL1_CBPR))
        shift = ci->bpr0 + 1u;
    else
        shift = ci->bpr1[grp == GIC_G1S];
    return (uint8_t)(prio & (0xffu << shift));
}

/* CanSignalInterrupt / the CPU interface's priority checks: above the mask and preempting. */
static bool can_signal(const struct gic_cpuif *ci, const struct gic_irq *q)
{
    return q->priority < ci->pmr && group_priority(ci, gic_irq_group(q), q->priority) < gic_running_priority(ci);
}

/* Interrupt assignment to IRQ and FIQ signals (Arm IHI 0069 4.6.2): Group 0 is always FIQ;
 * Group 1 of the current Security state is IRQ, the other Security state's is FIQ; at EL3 both
 * Group 1s are FIQ. */
static bool group_is_fiq(const struct cpu *c, enum gic_group grp)
{
    if (grp == GIC_G0 || c->pstate.el == EL3)
        return true;
    return (grp == GIC_G1S) != is_secure(c);
}

void gic_cpuif_update(struct gic *g, unsigned cpu)
{
    struct cpu *c = g->m->cpus[cpu];
    struct gic_cpuif *ci = &g->redist[cpu].cpuif;
    unsigned id = gic_highest_pending_cached(g, cpu);
    bool irq = false, fiq = false;
    if (id != GIC_SPURIOUS) {
        const struct gic_irq *q = gic_irq(g, cpu, id);
        if (can_signal(ci, q)) {
            fiq = group_is_fiq(c, gic_irq_group(q));
            irq = !fiq;
        }
    }
    cpu_set_line(c, CPU_LINE_IRQ, gic_output(g, cpu, GIC_OUT_IRQ, irq));
    cpu_set_line(c, CPU_LINE_FIQ, gic_output(g, cpu, GIC_OUT_FIQ, fiq));
}

/* ---- Acknowledge, EOI, deactivate ---- */

/* The INTID ICC_HPPIR0/1 or ICC_IAR0/1 report for the highest-priority pending interrupt, with
 * the special INTIDs 1020/1021 for Group 1 seen from EL3 through the Group 0 registers
 * (CheckGroup0ForSpecialIdentifiers). */
static unsigned hppi_for_group(struct cpu *c, unsigned id, bool grp1)
{
    if (id == GIC_SPURIOUS)
        return GIC_SPURIOUS;
    enum gic_group grp = gic_irq_group(gic_irq(cpu_gic(c), (unsigned)c->index, id));
    if (!grp1) {
        if (grp == GIC_G0)
            return id;
        if (c->pstate.el == EL3)
            return grp == GIC_G1S ? GIC_SPECIAL_SECURE : GIC_SPECIAL_NONSECURE;
        return GIC_SPURIOUS;
    }
    /* CheckGroup1ForSpecialIdentifiers: EL3 sees both Group 1s, Secure EL1 only Secure Group 1,
     * Non-secure state only Non-secure Group 1. */
    if (grp == GIC_G0 || (c->pstate.el != EL3 && (grp == GIC_G1S) != is_secure(c)))
        return GIC_SPURIOUS;
    return id;
}

/* AcknowledgeInterrupt: the interrupt becomes active and its priority is marked active. */
static uint64_t icc_read_iar(struct cpu *c, bool grp1)
{
    struct gic *g = cpu_gic(c);
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    unsigned id = gic_highest_pending(g, (unsigned)c->index);
    if (id == GIC_SPURIOUS || !can_signal(ci, gic_irq(g, (unsigned)c->index, id)))
        return GIC_SPURIOUS;
    unsigned result = hppi_for_group(c, id, grp1);
    if (result != id)
        return result;
    struct gic_irq *q = gic_irq(g, (unsigned)c->index, id);
    q->pending = false;
    q->active = true;
    /* The active priority recorded is the group priority (Arm IHI 0069, "Preemption"). */
    uint32_t bit = 1u << (group_priority(ci, gic_irq_group(q), q->priority) >> 3);
    switch (gic_irq_group(q)) {
    case GIC_G0: ci->ap0r |= bit; break;
    case GIC_G1S: ci->ap1r[1] |= bit; break;
    case GIC_G1NS: ci->ap1r[0] |= bit; break;
    }
    gic_update(g);
    gic_emit_irq(g, (unsigned)c->index, OBS_IRQ_ACK, false, id, -1);
    return id;
}

/* Whether priority drop and deactivation are split (ICC_CTLR_EL3.EOImode_EL3 / ICC_CTLR_EL1.EOImode). */
static bool eoi_mode(const struct cpu *c, const struct gic_cpuif *ci)
{
    if (c->pstate.el == EL3)
        return ci->ctlr_el3 & ICC_CTLR_EL3_EOIMODE_EL3;
    return ci->ctlr_el1[icc_bank(c)] & ICC_CTLR_EL1_EOIMODE;
}

/* The group of the highest active priority, or -1 when nothing is active. */
static int highest_active_group(const struct gic_cpuif *ci)
{
    uint32_t ap = ci->ap0r | ci->ap1r[0] | ci->ap1r[1];
    if (!ap)
        return -1;
    uint32_t lowest = ap & -ap;
    return ci->ap0r & lowest ? GIC_G0 : ci->ap1r[1] & lowest ? GIC_G1S : GIC_G1NS;
}

/* ICC_EOIR0/1: the priority drop applies when the highest active priority belongs to the
 * register's group (EOIR1: Secure Group 1 in Secure state); without EOImode it deactivates too. */
static void icc_write_eoir(struct cpu *c, bool grp1, uint64_t value)
{
    struct gic *g = cpu_gic(c);
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    unsigned id = value & 0xffffff;
    enum gic_group grp = !grp1 ? GIC_G0 : is_secure(c) ? GIC_G1S : GIC_G1NS;
    if (id >= GIC_NUM_INTIDS || highest_active_group(ci) != (int)grp)
        return; /* special INTIDs; an EOI out of order is UNPREDICTABLE: ignored */
    uint32_t *ap = grp == GIC_G0 ? &ci->ap0r : &ci->ap1r[grp == GIC_G1S];
    *ap &= *ap - 1; /* PriorityDrop */
    gic_emit_irq(g, (unsigned)c->index, OBS_IRQ_EOI, false, id, -1);
    if (!eoi_mode(c, ci)) {
        gic_deactivate(g, (unsigned)c->index, id);
        gic_emit_irq(g, (unsigned)c->index, OBS_IRQ_DEACTIVATE, false, id, -1);
    }
    gic_update(g);
}

/* ---- Row functions ---- */

enum icc_class { ICC_GROUP0, ICC_GROUP1, ICC_COMMON, ICC_DIR_REG, ICC_SGI };

/* Is this EL1 access to an ICC_ register of the class redirected to ICV_ (HCR_EL2.IMO/FMO)? */
static bool icv_redirected(const struct cpu *c, enum icc_class cls)
{
    if (c->pstate.el != EL1 || !el2_enabled(c))
        return false;
    uint64_t hcr = c->sr.hcr_el2;
    switch (cls) {
    case ICC_GROUP0: return hcr & HCR_EL2_FMO;
    case ICC_GROUP1: return hcr & HCR_EL2_IMO;
    default: return hcr & (HCR_EL2_IMO | HCR_EL2_FMO);
    }
}

/* The traps of the ICC_ registers in the pseudocode's order: ICH_HCR_EL2 (TALL0, TALL1, TC,
 * TDIR) and HCR_EL2.IMO/FMO for the SGI registers to EL2, then SCR_EL3.FIQ/IRQ to EL3 for
 * accesses that are not virtualized. */
static enum sysreg_access icc_access_class(struct cpu *c, enum icc_class cls)
{
    unsigned el = c->pstate.el;
    if (!cpu_gic(c))
        return SYSREG_UNDEFINED; /* a machine built without a GIC */
    if (el == EL3)
        return SYSREG_OK;
    uint64_t scr = c->sr.scr_el3;
    if (el == EL1 && el2_enabled(c)) {
        uint32_t hcr = cpu_redist(c)->vcpuif.hcr;
        if ((cls == ICC_GROUP0 && (hcr & ICH_HCR_TALL0)) || (cls == ICC_GROUP1 && (hcr & ICH_HCR_TALL1)) ||
            (cls >= ICC_COMMON && (hcr & ICH_HCR_TC)) || (cls == ICC_DIR_REG && (hcr & ICH_HCR_TDIR)))
            return SYSREG_TRAP_EL2;
        if (cls == ICC_SGI && (c->sr.hcr_el2 & (HCR_EL2_IMO | HCR_EL2_FMO)))
            return SYSREG_TRAP_EL2;
        if (icv_redirected(c, cls))
            return SYSREG_OK;
    }
    switch (cls) {
    case ICC_GROUP0: return scr & SCR_EL3_FIQ ? SYSREG_TRAP_EL3 : SYSREG_OK;
    case ICC_GROUP1: return scr & SCR_EL3_IRQ ? SYSREG_TRAP_EL3 : SYSREG_OK;
    default:
        return (scr & SCR_EL3_IRQ) && (scr & SCR_EL3_FIQ) ? SYSREG_TRAP_EL3 : SYSREG_OK;
    }
}

#define ACCESS_FN(name, cls) \
    static enum sysreg_access name(struct cpu *c, const struct sysreg_info *r, bool is_read) \
    {                                                                                          \
        return icc_access_class(c, cls);                                                       \
    }
ACCESS_FN(access_g0, ICC_GROUP0)
ACCESS_FN(access_g1, ICC_GROUP1)
ACCESS_FN(access_common, ICC_COMMON)
ACCESS_FN(access_dir, ICC_DIR_REG)
ACCESS_FN(access_sgi, ICC_SGI)

/* The Non-secure view of ICC_PMR_EL1/ICC_RPR_EL1 when EL3 takes Group 0 as FIQ (SCR_EL3.FIQ,
 * Arm IHI 0069 4.8.6): Non-secure software sees the Non-secure half of the range shifted. */
static bool ns_priority_view(const struct cpu *c)
{
    return !is_secure(c) && (c->sr.scr_el3 & SCR_EL3_FIQ);
}

static uint64_t read_pmr(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_COMMON))
        return gic_icv_read_pmr(c);
    uint8_t pmr = cpu_redist(c)->cpuif.pmr;
    if (ns_priority_view(c))
        return pmr & 0x80 ? (uint8_t)(pmr << 1) : 0;
    return pmr;
}

static bool write_pmr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_COMMON)) {
        gic_icv_write_pmr(c, v);
        return true;
    }
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    if (ns_priority_view(c)) {
        if (!(ci->pmr & 0x80))
            return true; /* a Secure mask is out of Non-secure reach */
        v = 0x80 | ((v & 0xff) >> 1);
    }
    ci->pmr = v & GIC_PRIO_MASK;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}

static uint64_t read_rpr(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_COMMON))
        return gic_icv_read_rpr(c);
    uint8_t rpr = gic_running_priority(&cpu_redist(c)->cpuif);
    if (ns_priority_view(c))
        return rpr & 0x80 ? (uint8_t)(rpr << 1) : 0;
    return rpr;
}

static uint64_t read_iar0(struct cpu *c, const struct sysreg_info *r)
{
    return icv_redirected(c, ICC_GROUP0) ? gic_virtual_read_iar(c, false) : icc_read_iar(c, false);
}
static uint64_t read_iar1(struct cpu *c, const struct sysreg_info *r)
{
    return icv_redirected(c, ICC_GROUP1) ? gic_virtual_read_iar(c, true) : icc_read_iar(c, true);
}
static uint64_t read_hppir0(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_GROUP0))
        return gic_virtual_read_hppir(c, false);
    return hppi_for_group(c, gic_highest_pending(cpu_gic(c), (unsigned)c->index), false);
}
static uint64_t read_hppir1(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_GROUP1))
        return gic_virtual_read_hppir(c, true);
    return hppi_for_group(c, gic_highest_pending(cpu_gic(c), (unsigned)c->index), true);
}
static bool write_eoir0(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP0))
        gic_virtual_write_eoir(c, false, (uint32_t)v);
    else
        icc_write_eoir(c, false, v);
    return true;
}
static bool write_eoir1(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP1))
        gic_virtual_write_eoir(c, true, (uint32_t)v);
    else
        icc_write_eoir(c, true, v);
    return true;
}
static bool write_dir(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_DIR_REG)) {
        gic_virtual_write_dir(c, (uint32_t)v);
    } else if (eoi_mode(c, &cpu_redist(c)->cpuif) && (v & 0xffffff) < GIC_NUM_INTIDS) {
        /* Without EOImode the write is UNPREDICTABLE: ignored */
        gic_deactivate(cpu_gic(c), (unsigned)c->index, v & 0xffffff);
        gic_emit_irq(cpu_gic(c), (unsigned)c->index, OBS_IRQ_DEACTIVATE, false, (uint32_t)(v & 0xffffff), -1);
        gic_update(cpu_gic(c));
    }
    return true;
}

static uint64_t read_bpr0(struct cpu *c, const struct sysreg_info *r)
{
    return icv_redirected(c, ICC_GROUP0) ? gic_icv_read_bpr(c, false) : cpu_redist(c)->cpuif.bpr0;
}
static bool write_bpr0(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP0)) {
        gic_icv_write_bpr(c, false, v);
    } else {
        unsigned b = v & 7;
        cpu_redist(c)->cpuif.bpr0 = (uint8_t)(b < 2 ? 2 : b);
        gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    }
    return true;
}
/* ICC_BPR1_EL1: with CBPR set, the Secure bank reads BPR0 and the Non-secure one BPR0 + 1
 * (saturated), and writes are ignored. */
static uint64_t read_bpr1(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_GROUP1))
        return gic_icv_read_bpr(c, true);
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    unsigned bank = icc_bank(c);
    if (ci->ctlr_el1[bank] & ICC_CTLR_EL1_CBPR)
        return bank ? ci->bpr0 : (ci->bpr0 < 7 ? ci->bpr0 + 1u : 7u);
    return ci->bpr1[bank];
}
static bool write_bpr1(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP1)) {
        gic_icv_write_bpr(c, true, v);
        return true;
    }
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    unsigned bank = icc_bank(c), b = v & 7;
    unsigned min = bank ? 2 : 3; /* the Non-secure minimum is one more than the Secure one */
    if (!(ci->ctlr_el1[bank] & ICC_CTLR_EL1_CBPR))
        ci->bpr1[bank] = (uint8_t)(b < min ? min : b);
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}

static uint64_t read_ap0r0(struct cpu *c, const struct sysreg_info *r)
{
    return icv_redirected(c, ICC_GROUP0) ? cpu_redist(c)->vcpuif.ap0r : cpu_redist(c)->cpuif.ap0r;
}
static bool write_ap0r0(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP0))
        cpu_redist(c)->vcpuif.ap0r = (uint32_t)v;
    else
        cpu_redist(c)->cpuif.ap0r = (uint32_t)v;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}
static uint64_t read_ap1r0(struct cpu *c, const struct sysreg_info *r)
{
    return icv_redirected(c, ICC_GROUP1) ? cpu_redist(c)->vcpuif.ap1r : cpu_redist(c)->cpuif.ap1r[icc_bank(c)];
}
static bool write_ap1r0(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP1))
        cpu_redist(c)->vcpuif.ap1r = (uint32_t)v;
    else
        cpu_redist(c)->cpuif.ap1r[icc_bank(c)] = (uint32_t)v;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}

static uint64_t read_ctlr_el1(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_COMMON))
        return gic_icv_read_ctlr(c);
    return cpu_redist(c)->cpuif.ctlr_el1[icc_bank(c)] | ICC_CTLR_RO_FIELDS;
}
static bool write_ctlr_el1(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_COMMON)) {
        gic_icv_write_ctlr(c, v);
        return true;
    }
    uint32_t *ctlr = &cpu_redist(c)->cpuif.ctlr_el1[icc_bank(c)];
    *ctlr = (*ctlr & ICC_CTLR_EL1_PMHE) | (uint32_t)(v & (ICC_CTLR_EL1_CBPR | ICC_CTLR_EL1_EOIMODE));
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}

/* ICC_CTLR_EL3 gathers the EL1 banks' CBPR and EOImode (Arm IHI 0069 12.2.7). */
static uint64_t read_ctlr_el3(struct cpu *c, const struct sysreg_info *r)
{
    const struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    uint64_t v = ci->ctlr_el3 | ICC_CTLR_RO_FIELDS;
    if (ci->ctlr_el1[1] & ICC_CTLR_EL1_CBPR)
        v |= ICC_CTLR_EL3_CBPR_EL1S;
    if (ci->ctlr_el1[0] & ICC_CTLR_EL1_CBPR)
        v |= ICC_CTLR_EL3_CBPR_EL1NS;
    if (ci->ctlr_el1[1] & ICC_CTLR_EL1_EOIMODE)
        v |= ICC_CTLR_EL3_EOIMODE_EL1S;
    if (ci->ctlr_el1[0] & ICC_CTLR_EL1_EOIMODE)
        v |= ICC_CTLR_EL3_EOIMODE_EL1NS;
    return v;
}
static bool write_ctlr_el3(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    ci->ctlr_el3 = (uint32_t)(v & (ICC_CTLR_EL3_EOIMODE_EL3 | ICC_CTLR_EL3_PMHE));
    for (unsigned bank = 0; bank < 2; bank++) {
        uint32_t cbpr = bank ? ICC_CTLR_EL3_CBPR_EL1S : ICC_CTLR_EL3_CBPR_EL1NS;
        uint32_t eoim = bank ? ICC_CTLR_EL3_EOIMODE_EL1S : ICC_CTLR_EL3_EOIMODE_EL1NS;
        ci->ctlr_el1[bank] = (v & cbpr ? ICC_CTLR_EL1_CBPR : 0) | (v & eoim ? ICC_CTLR_EL1_EOIMODE : 0) |
                             (v & ICC_CTLR_EL3_PMHE ? ICC_CTLR_EL1_PMHE : 0);
    }
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}

static uint64_t read_igrpen0(struct cpu *c, const struct sysreg_info *r)
{
    return icv_redirected(c, ICC_GROUP0) ? gic_icv_read_igrpen(c, false) : cpu_redist(c)->cpuif.igrpen0;
}
static bool write_igrpen0(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP0)) {
        gic_icv_write_igrpen(c, false, v & 1);
    } else {
        cpu_redist(c)->cpuif.igrpen0 = v & 1;
        gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    }
    return true;
}
static uint64_t read_igrpen1(struct cpu *c, const struct sysreg_info *r)
{
    if (icv_redirected(c, ICC_GROUP1))
        return gic_icv_read_igrpen(c, true);
    return cpu_redist(c)->cpuif.igrpen1[icc_bank(c)];
}
static bool write_igrpen1(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    if (icv_redirected(c, ICC_GROUP1)) {
        gic_icv_write_igrpen(c, true, v & 1);
    } else {
        cpu_redist(c)->cpuif.igrpen1[icc_bank(c)] = v & 1;
        gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    }
    return true;
}
/* ICC_IGRPEN1_EL3: EnableGrp1NS (bit 0) and EnableGrp1S (bit 1) of the two EL1 banks. */
static uint64_t read_igrpen1_el3(struct cpu *c, const struct sysreg_info *r)
{
    const struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    return (uint64_t)ci->igrpen1[0] | (uint64_t)ci->igrpen1[1] << 1;
}
static bool write_igrpen1_el3(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    ci->igrpen1[0] = v & 1;
    ci->igrpen1[1] = (v >> 1) & 1;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    return true;
}

static void send_sgi(struct cpu *c, uint64_t v, bool grp1, bool alias)
{
    enum gic_group grp = GIC_G0;
    if (grp1)
        grp = is_secure(c) != alias ? GIC_G1S : GIC_G1NS;
    /* Non-secure software generates Secure SGIs only with GICR_NSACR permission (none here). */
    if (!is_secure(c) && grp != GIC_G1NS)
        return;
    gic_send_sgi(cpu_gic(c), (unsigned)c->index, v, grp);
}
static bool write_sgi0r(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    send_sgi(c, v, false, false);
    return true;
}
static bool write_sgi1r(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    send_sgi(c, v, true, false);
    return true;
}
static bool write_asgi1r(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    send_sgi(c, v, true, true);
    return true;
}

/* ICC_SRE_ELx: SRE, DFB, DIB are RAO/WI (system-register interface only); Enable (bit 3) of
 * ICC_SRE_EL2/EL3 controls lower ELs' access to ICC_SRE_EL1/EL2. */
static enum sysreg_access access_sre_el1(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (!cpu_gic(c))
        return SYSREG_UNDEFINED;
    const struct gic_cpuif *ci = &cpu_redist(c)->cpuif;
    if (c->pstate.el == EL1 && el2_enabled(c) && !(ci->sre_el2 & 8))
        return SYSREG_TRAP_EL2;
    if (c->pstate.el < EL3 && !(ci->sre_el3 & 8))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}
static enum sysreg_access access_sre_el2(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (!cpu_gic(c))
        return SYSREG_UNDEFINED;
    return c->pstate.el == EL2 && !(cpu_redist(c)->cpuif.sre_el3 & 8) ? SYSREG_TRAP_EL3 : SYSREG_OK;
}
static enum sysreg_access access_el3(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return cpu_gic(c) ? SYSREG_OK : SYSREG_UNDEFINED;
}
static uint64_t read_sre_el1(struct cpu *c, const struct sysreg_info *r)
{
    return cpu_redist(c)->cpuif.sre_el1[icc_bank(c)];
}
static bool write_sre_el1(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    return false;
}
static uint64_t read_sre_el2(struct cpu *c, const struct sysreg_info *r)
{
    return cpu_redist(c)->cpuif.sre_el2;
}
static bool write_sre_el2(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    cpu_redist(c)->cpuif.sre_el2 = 7 | (uint32_t)(v & 8);
    return false;
}
static uint64_t read_sre_el3(struct cpu *c, const struct sysreg_info *r)
{
    return cpu_redist(c)->cpuif.sre_el3;
}
static bool write_sre_el3(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    cpu_redist(c)->cpuif.sre_el3 = 7 | (uint32_t)(v & 8);
    return false;
}

#define ICC(nm, k, el, fl, acc, rd, wr)                                                          \
    { .name = nm, .key = k, .min_el = el, .flags = SYSREG_NO_STORAGE | SYSREG_END_BLOCK | (fl), \
      .access = acc, .read = rd, .write = wr }

static const struct sysreg_info rows[] = {
    ICC("ICC_PMR_EL1", SYSREG_KEY(3, 0, 4, 6, 0), 1, 0, access_common, read_pmr, write_pmr),
    ICC("ICC_IAR0_EL1", SYSREG_KEY(3, 0, 12, 8, 0), 1, SYSREG_RO, access_g0, read_iar0, NULL),
    ICC("ICC_EOIR0_EL1", SYSREG_KEY(3, 0, 12, 8, 1), 1, SYSREG_WO, access_g0, NULL, write_eoir0),
    ICC("ICC_HPPIR0_EL1", SYSREG_KEY(3, 0, 12, 8, 2), 1, SYSREG_RO, access_g0, read_hppir0, NULL),
    ICC("ICC_BPR0_EL1", SYSREG_KEY(3, 0, 12, 8, 3), 1, 0, access_g0, read_bpr0, write_bpr0),
    ICC("ICC_AP0R0_EL1", SYSREG_KEY(3, 0, 12, 8, 4), 1, 0, access_g0, read_ap0r0, write_ap0r0),
    ICC("ICC_AP1R0_EL1", SYSREG_KEY(3, 0, 12, 9, 0), 1, 0, access_g1, read_ap1r0, write_ap1r0),
    ICC("ICC_DIR_EL1", SYSREG_KEY(3, 0, 12, 11, 1), 1, SYSREG_WO, access_dir, NULL, write_dir),
    ICC("ICC_RPR_EL1", SYSREG_KEY(3, 0, 12, 11, 3), 1, SYSREG_RO, access_common, read_rpr, NULL),
    ICC("ICC_SGI1R_EL1", SYSREG_KEY(3, 0, 12, 11, 5), 1, SYSREG_WO, access_sgi, NULL, write_sgi1r),
    ICC("ICC_ASGI1R_EL1", SYSREG_KEY(3, 0, 12, 11, 6), 1, SYSREG_WO, access_sgi, NULL, write_asgi1r),
    ICC("ICC_SGI0R_EL1", SYSREG_KEY(3, 0, 12, 11, 7), 1, SYSREG_WO, access_sgi, NULL, write_sgi0r),
    ICC("ICC_IAR1_EL1", SYSREG_KEY(3, 0, 12, 12, 0), 1, SYSREG_RO, access_g1, read_iar1, NULL),
    ICC("ICC_EOIR1_EL1", SYSREG_KEY(3, 0, 12, 12, 1), 1, SYSREG_WO, access_g1, NULL, write_eoir1),
    ICC("ICC_HPPIR1_EL1", SYSREG_KEY(3, 0, 12, 12, 2), 1, SYSREG_RO, access_g1, read_hppir1, NULL),
    ICC("ICC_BPR1_EL1", SYSREG_KEY(3, 0, 12, 12, 3), 1, 0, access_g1, read_bpr1, write_bpr1),
    ICC("ICC_CTLR_EL1", SYSREG_KEY(3, 0, 12, 12, 4), 1, 0, access_common, read_ctlr_el1, write_ctlr_el1),
    ICC("ICC_SRE_EL1", SYSREG_KEY(3, 0, 12, 12, 5), 1, 0, access_sre_el1, read_sre_el1, write_sre_el1),
    ICC("ICC_IGRPEN0_EL1", SYSREG_KEY(3, 0, 12, 12, 6), 1, 0, access_g0, read_igrpen0, write_igrpen0),
    ICC("ICC_IGRPEN1_EL1", SYSREG_KEY(3, 0, 12, 12, 7), 1, 0, access_g1, read_igrpen1, write_igrpen1),
    ICC("ICC_SRE_EL2", SYSREG_KEY(3, 4, 12, 9, 5), 2, 0, access_sre_el2, read_sre_el2, write_sre_el2),
    ICC("ICC_CTLR_EL3", SYSREG_KEY(3, 6, 12, 12, 4), 3, 0, access_el3, read_ctlr_el3, write_ctlr_el3),
    ICC("ICC_SRE_EL3", SYSREG_KEY(3, 6, 12, 12, 5), 3, 0, access_el3, read_sre_el3, write_sre_el3),
    ICC("ICC_IGRPEN1_EL3", SYSREG_KEY(3, 6, 12, 12, 7), 3, 0, access_el3, read_igrpen1_el3, write_igrpen1_el3),
    GIC_VCPUIF_ROWS
};
SYSREG_AREA(sysreg_area_gic, "gic", rows);
