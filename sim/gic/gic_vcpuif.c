/* The virtual CPU interface of the Cortex-A72 (GICv3 ICH_/ICV_, Arm IHI 0069 chapter 6):
 * four list registers, 5 priority and preemption bits, the maintenance interrupt (PPI 25) and
 * the vIRQ/vFIQ lines. Function names follow the specification's pseudocode.
 */
#include "gic_vcpuif.h"

#include "../cpu/irq.h"

#define ICH_VTR_VALUE 0x90b80000u     /* PRIbits 4, PREbits 4, IDbits 1 (24), A3V, nV4, TDS; ListRegs in 4:0 */
#define ICH_LR_RES0 0x0f07fc0000000000ull /* 59:56, priority bits 50:48 (unimplemented), 47:42 */
#define ICH_HCR_MASK (0xf8000000u | ICH_HCR_TDIR | ICH_HCR_TALL1 | ICH_HCR_TALL0 | ICH_HCR_TC | 0xffu)
#define ICH_VMCR_MASK (0xf8000000u | (7u << ICH_VMCR_VBPR0_SHIFT) | (7u << ICH_VMCR_VBPR1_SHIFT) | \
                       ICH_VMCR_VEOIM | ICH_VMCR_VCBPR | ICH_VMCR_VFIQEN | ICH_VMCR_VACKCTL |          \
                       ICH_VMCR_VENG1 | ICH_VMCR_VENG0)

static unsigned lr_state(uint64_t lr) { return (unsigned)(lr >> ICH_LR_STATE_SHIFT); }
static uint8_t lr_priority(uint64_t lr) { return (uint8_t)(lr >> ICH_LR_PRIORITY_SHIFT); }
static bool lr_group1(uint64_t lr) { return lr & ICH_LR_GROUP; }
static uint64_t lr_with_state(uint64_t lr, unsigned state)
{
    return (lr & ~(3ull << ICH_LR_STATE_SHIFT)) | (uint64_t)state << ICH_LR_STATE_SHIFT;
}

static uint8_t vmcr_vpmr(const struct gic_vcpuif *v) { return (uint8_t)(v->vmcr >> ICH_VMCR_VPMR_SHIFT); }
static unsigned vmcr_vbpr0(const struct gic_vcpuif *v) { return (v->vmcr >> ICH_VMCR_VBPR0_SHIFT) & 7; }
static unsigned vmcr_vbpr1(const struct gic_vcpuif *v) { return (v->vmcr >> ICH_VMCR_VBPR1_SHIFT) & 7; }

/* VPriorityRunning: the highest active priority in ICH_AP0R0/ICH_AP1R0. */
static uint8_t virtual_priority_running(const struct gic_vcpuif *v)
{
    uint32_t ap = v->ap0r | v->ap1r;
    return ap ? (uint8_t)(__builtin_ctz(ap) << 3) : GIC_IDLE_PRIORITY;
}

/* VGroupPriority: the priority with the bits below the virtual binary point cleared. */
static uint8_t virtual_group_priority(const struct gic_vcpuif *v, bool grp1, uint8_t prio)
{
    unsigned shift = grp1 && !(v->vmcr & ICH_VMCR_VCBPR) ? vmcr_vbpr1(v) : vmcr_vbpr0(v) + 1;
    return (uint8_t)(prio & (0xffu << shift));
}

/* HighestPriorityVirtualInterrupt: the pending list register of highest priority whose group
 * is enabled in ICH_VMCR_EL2, or -1. */
static int highest_priority_virtual_interrupt(const struct gic_vcpuif *v)
{
    int best = -1;
    unsigned best_prio = 0x100;
    for (int n = 0; n < GIC_NUM_LRS; n++) {
        uint64_t lr = v->lr[n];
        if (lr_state(lr) != ICH_LR_PENDING || lr_priority(lr) >= best_prio)
            continue;
        if (!(v->vmcr & (lr_group1(lr) ? ICH_VMCR_VENG1 : ICH_VMCR_VENG0)))
            continue;
        best = n;
        best_prio = lr_priority(lr);
    }
    return best;
}

/* CanSignalVirtualInterrupt: the interface is enabled, and the interrupt is above the virtual
 * priority mask and preempts the virtual running priority. */
static bool can_signal_virtual_interrupt(const struct gic_vcpuif *v, int n)
{
    if (n < 0 || !(v->hcr & ICH_HCR_EN))
        return false;
    uint64_t lr = v->lr[n];
    return lr_priority(lr) < vmcr_vpmr(v) &&
           virtual_group_priority(v, lr_group1(lr), lr_priority(lr)) < virtual_priority_running(v);
}

/* ICH_EISR_EL2: list registers that request an EOI maintenance interrupt. */
static uint32_t ich_eisr(const struct gic_vcpuif *v)
{
    uint32_t eisr = 0;
    for (unsigned n = 0; n < GIC_NUM_LRS; n++)
        if (lr_state(v->lr[n]) == 0 && !(v->lr[n] & ICH_LR_HW) && (v->lr[n] & ICH_LR_EOI))
            eisr |= 1u << n;
    return eisr;
}

/* ICH_ELRSR_EL2: list registers with no interrupt and no EOI maintenance request. */
static uint32_t ich_elrsr(const struct gic_vcpuif *v)
{
    uint32_t elrsr = 0;
    for (unsigned n = 0; n < GIC_NUM_LRS; n++)
        if (lr_state(v->lr[n]) == 0 && ((v->lr[n] & ICH_LR_HW) || !(v->lr[n] & ICH_LR_EOI)))
            elrsr |= 1u << n;
    return elrsr;
}

/* MaintenanceInterruptStatus (ICH_MISR_EL2). */
static uint32_t ich_misr(const struct gic_vcpuif *v)
{
    uint32_t misr = 0, hcr = v->hcr;
    unsigned valid = 0;
    bool any_pending = false;
    for (unsigned n = 0; n < GIC_NUM_LRS; n++) {
        valid += lr_state(v->lr[n]) != 0;
        any_pending |= lr_state(v->lr[n]) == ICH_LR_PENDING;
    }
    if (ich_eisr(v))
        misr |= ICH_MISR_EOI;
    if ((hcr & ICH_HCR_UIE) && valid <= 1)
        misr |= ICH_MISR_U;
    if ((hcr & ICH_HCR_LRENPIE) && (hcr >> ICH_HCR_EOICOUNT_SHIFT))
        misr |= ICH_MISR_LRENP;
    if ((hcr & ICH_HCR_NPIE) && !any_pending)
        misr |= ICH_MISR_NP;
    bool g0 = v->vmcr & ICH_VMCR_VENG0, g1 = v->vmcr & ICH_VMCR_VENG1;
    if ((hcr & ICH_HCR_VGRP0EIE) && g0)
        misr |= ICH_MISR_VGRP0E;
    if ((hcr & ICH_HCR_VGRP0DIE) && !g0)
        misr |= ICH_MISR_VGRP0D;
    if ((hcr & ICH_HCR_VGRP1EIE) && g1)
        misr |= ICH_MISR_VGRP1E;
    if ((hcr & ICH_HCR_VGRP1DIE) && !g1)
        misr |= ICH_MISR_VGRP1D;
    return misr;
}

void gic_vcpuif_update(struct gic *g, unsigned cpu)
{
    struct gic_redist *r = &g->redist[cpu];
    struct gic_vcpuif *v = &r->vcpuif;
    /* The maintenance interrupt is a level-sensitive PPI, asserted while ICH_MISR_EL2 != 0. */
    bool maintenance = gic_output(g, cpu, GIC_OUT_MAINT, (v->hcr & ICH_HCR_EN) && ich_misr(v));
    if (maintenance != r->irq[GIC_MAINT_INTID].level) {
        r->irq[GIC_MAINT_INTID].level = maintenance;
        g->hppi_valid = 0;
        gic_note_maintenance(g, cpu, maintenance);
    }
    int n = highest_priority_virtual_interrupt(v);
    bool signal = can_signal_virtual_interrupt(v, n);
    bool grp1 = signal && lr_group1(v->lr[n]);
    struct cpu *c = g->m->cpus[cpu];
    /* Group 1: vIRQ; Group 0: vFIQ (VFIQEn is RES1 with SRE) */
    cpu_set_line(c, CPU_LINE_VIRQ, gic_output(g, cpu, GIC_OUT_VIRQ, signal && grp1));
    cpu_set_line(c, CPU_LINE_VFIQ, gic_output(g, cpu, GIC_OUT_VFIQ, signal && !grp1));
}

/* VirtualReadIAR0/VirtualReadIAR1: acknowledge the highest-priority virtual interrupt of the
 * group; its list register becomes active and its priority active. */
uint64_t gic_virtual_read_iar(struct cpu *c, bool grp1)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    int n = highest_priority_virtual_interrupt(v);
    if (!can_signal_virtual_interrupt(v, n) || lr_group1(v->lr[n]) != grp1)
        return GIC_SPURIOUS;
    v->lr[n] = lr_with_state(v->lr[n], ICH_LR_ACTIVE);
    uint32_t bit = 1u << (virtual_group_priority(v, grp1, lr_priority(v->lr[n])) >> 3);
    if (grp1)
        v->ap1r |= bit;
    else
        v->ap0r |= bit;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
    gic_emit_irq(cpu_gic(c), (unsigned)c->index, OBS_IRQ_ACK, true, (uint32_t)(v->lr[n] & 0xffffff), n);
    return v->lr[n] & 0xffffff;
}

uint64_t gic_virtual_read_hppir(struct cpu *c, bool grp1)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    int n = highest_priority_virtual_interrupt(v);
    if (n < 0 || lr_group1(v->lr[n]) != grp1)
        return GIC_SPURIOUS;
    return v->lr[n] & 0xffffff;
}

/* VirtualPriorityDrop: clear the highest active virtual priority (Group 0 first at equal
 * priority); returns that priority, or 0xff when none was active. */
static unsigned virtual_priority_drop(struct gic_vcpuif *v)
{
    uint32_t ap = v->ap0r | v->ap1r;
    if (!ap)
        return GIC_IDLE_PRIORITY;
    uint32_t lowest = ap & -ap;
    if (v->ap0r & lowest)
        v->ap0r &= ~lowest;
    else
        v->ap1r &= ~lowest;
    return (unsigned)__builtin_ctz(lowest) << 3;
}

/* FindActiveVirtualInterrupt: the list register holding intid active, or -1. */
static int find_active_virtual_interrupt(const struct gic_vcpuif *v, uint32_t intid)
{
    for (int n = 0; n < GIC_NUM_LRS; n++)
        if ((v->lr[n] & 0xffffff) == intid && (lr_state(v->lr[n]) & ICH_LR_ACTIVE))
            return n;
    return -1;
}

/* VirtualDeactivate: deactivate the interrupt of list register n; with HW = 1 the physical interrupt pINTID is
 * deactivated too. */
static void virtual_deactivate(struct cpu *c, int n)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    uint64_t lr = v->lr[n];
    v->lr[n] = lr_with_state(lr, lr_state(lr) & ICH_LR_PENDING);
    gic_emit_irq(cpu_gic(c), (unsigned)c->index, OBS_IRQ_DEACTIVATE, true, (uint32_t)(lr & 0xffffff), n);
    if (lr & ICH_LR_HW) {
        unsigned pintid = (lr >> ICH_LR_PINTID_SHIFT) & 0x3ff;
        if (pintid < GIC_SPECIAL_SECURE)
            gic_deactivate(cpu_gic(c), (unsigned)c->index, pintid);
    }
}

/* VirtualIncrementEOICount: an EOI or DIR that no list register matches is counted in ICH_HCR_EL2.EOIcount (5 bits,
 * wrapping), for the LRENP maintenance interrupt. */
static void virtual_increment_eoi_count(struct gic_vcpuif *v) { v->hcr += 1u << ICH_HCR_EOICOUNT_SHIFT; }

/* VirtualWriteEOIR0/VirtualWriteEOIR1 */
void gic_virtual_write_eoir(struct cpu *c, bool grp1, uint32_t intid)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    intid &= 0xffffff;
    if (intid >= 1020 && intid < 1024)
        return;
    unsigned dropped = virtual_priority_drop(v);
    gic_emit_irq(cpu_gic(c), (unsigned)c->index, OBS_IRQ_EOI, true, intid, -1);
    if (dropped == GIC_IDLE_PRIORITY)
        return; /* nothing active: CONSTRAINED UNPREDICTABLE, the list registers are not checked */
    int n = find_active_virtual_interrupt(v, intid);
    if (n < 0) {
        virtual_increment_eoi_count(v);
    } else if (lr_group1(v->lr[n]) == grp1 && virtual_group_priority(v, grp1, lr_priority(v->lr[n])) == dropped &&
               !(v->vmcr & ICH_VMCR_VEOIM)) {
        virtual_deactivate(c, n);
    }
    gic_update(cpu_gic(c));
}

/* VirtualWriteDIR: only with VEOIM (else the write is ignored). */
void gic_virtual_write_dir(struct cpu *c, uint32_t intid)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    intid &= 0xffffff;
    if (!(v->vmcr & ICH_VMCR_VEOIM) || (intid >= 1020 && intid < 1024))
        return;
    int n = find_active_virtual_interrupt(v, intid);
    if (n < 0)
        virtual_increment_eoi_count(v);
    else
        virtual_deactivate(c, n);
    gic_update(cpu_gic(c));
}

uint64_t gic_icv_read_pmr(struct cpu *c) { return vmcr_vpmr(&cpu_redist(c)->vcpuif); }

void gic_icv_write_pmr(struct cpu *c, uint64_t val)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    v->vmcr = (v->vmcr & ~(0xffu << ICH_VMCR_VPMR_SHIFT)) | (uint32_t)(val & GIC_PRIO_MASK) << ICH_VMCR_VPMR_SHIFT;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
}

uint64_t gic_icv_read_rpr(struct cpu *c) { return virtual_priority_running(&cpu_redist(c)->vcpuif); }

/* ICV_BPR1_EL1 with VCBPR reads VBPR0 + 1 (saturated) and ignores writes. */
uint64_t gic_icv_read_bpr(struct cpu *c, bool grp1)
{
    const struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    if (!grp1)
        return vmcr_vbpr0(v);
    if (v->vmcr & ICH_VMCR_VCBPR)
        return vmcr_vbpr0(v) < 7 ? vmcr_vbpr0(v) + 1 : 7;
    return vmcr_vbpr1(v);
}

void gic_icv_write_bpr(struct cpu *c, bool grp1, uint64_t val)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    unsigned b = val & 7;
    if (!grp1) {
        b = b < 2 ? 2 : b;
        v->vmcr = (v->vmcr & ~(7u << ICH_VMCR_VBPR0_SHIFT)) | b << ICH_VMCR_VBPR0_SHIFT;
    } else if (!(v->vmcr & ICH_VMCR_VCBPR)) {
        b = b < 3 ? 3 : b;
        v->vmcr = (v->vmcr & ~(7u << ICH_VMCR_VBPR1_SHIFT)) | b << ICH_VMCR_VBPR1_SHIFT;
    }
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
}

/* ICV_CTLR_EL1: CBPR = VCBPR, EOImode = VEOIM; PRIbits 4, IDbits 1 (24 bits), A3V. */
uint64_t gic_icv_read_ctlr(struct cpu *c)
{
    const struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    return (v->vmcr & ICH_VMCR_VCBPR ? ICC_CTLR_EL1_CBPR : 0) | (v->vmcr & ICH_VMCR_VEOIM ? ICC_CTLR_EL1_EOIMODE : 0) |
           (4u << 8) | (1u << 11) | (1u << 15);
}

void gic_icv_write_ctlr(struct cpu *c, uint64_t val)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    v->vmcr &= ~(ICH_VMCR_VCBPR | ICH_VMCR_VEOIM);
    v->vmcr |= (val & ICC_CTLR_EL1_CBPR ? ICH_VMCR_VCBPR : 0) | (val & ICC_CTLR_EL1_EOIMODE ? ICH_VMCR_VEOIM : 0);
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
}

uint64_t gic_icv_read_igrpen(struct cpu *c, bool grp1)
{
    return (cpu_redist(c)->vcpuif.vmcr & (grp1 ? ICH_VMCR_VENG1 : ICH_VMCR_VENG0)) != 0;
}

void gic_icv_write_igrpen(struct cpu *c, bool grp1, bool enable)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    uint32_t bit = grp1 ? ICH_VMCR_VENG1 : ICH_VMCR_VENG0;
    v->vmcr = enable ? v->vmcr | bit : v->vmcr & ~bit;
    gic_update_cpu(cpu_gic(c), (unsigned)c->index);
}

/* ---- ICH_ rows: EL2 and EL3 only; no trap controls them in ARMv8.0 ---- */

enum sysreg_access gic_ich_access(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (!cpu_gic(c))
        return SYSREG_UNDEFINED;
    /* ICH_LR<n>_EL2 beyond ICH_VTR_EL2.ListRegs are not implemented (--gic-lrs) */
    if (sysreg_key_crm(r->key) == 12 && sysreg_key_op2(r->key) >= cpu_gic(c)->num_lrs)
        return SYSREG_UNDEFINED;
    return SYSREG_OK;
}

uint64_t gic_ich_read(struct cpu *c, const struct sysreg_info *r)
{
    const struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    unsigned crm = sysreg_key_crm(r->key), op2 = sysreg_key_op2(r->key);
    if (crm == 12)
        return v->lr[op2];
    if (crm == 8)
        return v->ap0r;
    if (crm == 9)
        return v->ap1r;
    switch (op2) {
    case 0: return v->hcr;
    case 1: return ICH_VTR_VALUE | (cpu_gic(c)->num_lrs - 1);
    case 2: return ich_misr(v);
    case 3: return ich_eisr(v);
    case 5: return ich_elrsr(v) & ((1u << cpu_gic(c)->num_lrs) - 1); /* the list registers that exist */
    default: return v->vmcr;
    }
}

bool gic_ich_write(struct cpu *c, const struct sysreg_info *r, uint64_t val)
{
    struct gic_vcpuif *v = &cpu_redist(c)->vcpuif;
    unsigned crm = sysreg_key_crm(r->key), op2 = sysreg_key_op2(r->key);
    if (crm == 12) {
        uint64_t old = v->lr[op2];
        v->lr[op2] = val & ~ICH_LR_RES0;
        if ((lr_state(v->lr[op2]) & ICH_LR_PENDING) && !(lr_state(old) & ICH_LR_PENDING))
            gic_emit_irq(cpu_gic(c), (unsigned)c->index, OBS_IRQ_PENDING, true,
                         (uint32_t)(v->lr[op2] & 0xffffff), (int)op2);
    } else if (crm == 8) {
        v->ap0r = (uint32_t)val;
    } else if (crm == 9) {
        v->ap1r = (uint32_t)val;
    } else if (op2 == 0) {
        v->hcr = (uint32_t)val & ICH_HCR_MASK;
    } else {
        uint32_t vmcr = (uint32_t)val & ICH_VMCR_MASK;
        /* Binary points below the minimum read back as the minimum. */
        if (((vmcr >> ICH_VMCR_VBPR0_SHIFT) & 7) < 2)
            vmcr = (vmcr & ~(7u << ICH_VMCR_VBPR0_SHIFT)) | 2u << ICH_VMCR_VBPR0_SHIFT;
        if (((vmcr >> ICH_VMCR_VBPR1_SHIFT) & 7) < 3)
            vmcr = (vmcr & ~(7u << ICH_VMCR_VBPR1_SHIFT)) | 3u << ICH_VMCR_VBPR1_SHIFT;
        v->vmcr = vmcr | ICH_VMCR_VFIQEN; /* VFIQEn is RES1 with the system-register interface */
    }
    gic_update(cpu_gic(c));
    return true;
}
