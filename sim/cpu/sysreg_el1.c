/* EL1 and EL0 system registers of the EL1&0 regime (Arm ARM D13.2), with the EL2/EL3 controls
 * that trap them: HCR_EL2.TVM/TRVM (the virtual-memory registers), HCR_EL2.TACR (ACTLR_EL1) and
 * CPTR_EL2/CPTR_EL3.TCPAC (CPACR_EL1). */
#include "irq.h"
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)

/* SCTLR_EL1 in ARMv8.0: RES0 63:30, 27, 21, 17, 13, 10, 6; RES1 23, 22, 11. Bits 29, 28 and 20
 * (RES1 in v8.0) are kept as written: the Cortex-A72 resets SCTLR_EL1 to 0x00C50838 with them clear. */
#define SCTLR_EL1_RES0 0xffffffffc8222440ull
#define SCTLR_EL1_RES1 0x00c00800ull
/* TCR_EL1 in ARMv8.0: T0SZ, EPD0, IRGN0, ORGN0, SH0, TG0, T1SZ, A1, EPD1, IRGN1, ORGN1, SH1, TG1,
 * IPS, AS, TBI0, TBI1. */
#define TCR_EL1_WRITABLE 0x00000077ffffffbfull
#define CPACR_EL1_WRITABLE (3ull << CPACR_EL1_FPEN_SHIFT | 1ull << 28) /* FPEN, TTA */
#define LOW32 0x00000000ffffffffull

/* HCR_EL2.TVM traps EL1 writes, HCR_EL2.TRVM EL1 reads, of the virtual-memory control registers. */
static enum sysreg_access access_vm(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL1 && sysreg_hcr_traps(c, is_read ? HCR_EL2_TRVM : HCR_EL2_TVM))
        return SYSREG_TRAP_EL2;
    return SYSREG_OK;
}

static enum sysreg_access access_actlr_el1(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TACR) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}

/* CPACR_EL1: CPTR_EL2.TCPAC traps EL1 accesses, CPTR_EL3.TCPAC EL1 and EL2 accesses. */
static enum sysreg_access access_cpacr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL1 && el2_enabled(c) && (c->sr.cptr_el2 & CPTR_EL2_TCPAC))
        return SYSREG_TRAP_EL2;
    if (c->pstate.el <= EL2 && (c->sr.cptr_el3 & CPTR_EL3_TCPAC))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}

/* TPIDRRO_EL0 is read-only at EL0. */
static enum sysreg_access access_tpidrro(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL0 && !is_read ? SYSREG_UNDEFINED : SYSREG_OK;
}

/* ISR_EL1: pending SError (A), IRQ (I), FIQ (F). At EL1 with HCR_EL2.{TGE, AMO/IMO/FMO} = {0, 1}
 * the bit shows the virtual interrupt (HCR_EL2.VSE/VI/VF or the GIC's virtual CPU interface);
 * otherwise the physical one, whichever EL it targets. No physical SError is ever pending. */
static uint64_t read_isr(struct cpu *c, const struct sysreg_info *r)
{
    uint64_t hcr = c->sr.hcr_el2, isr = 0;
    unsigned lines = cpu_pending_lines(c);
    bool virt = c->pstate.el == EL1 && el2_enabled(c) && !(hcr & HCR_EL2_TGE);
    if (virt && (hcr & HCR_EL2_AMO) && (lines & CPU_LINE_VSERROR))
        isr |= 1u << 8;
    if (virt && (hcr & HCR_EL2_IMO) ? (lines & CPU_LINE_VIRQ) : (lines & CPU_LINE_IRQ))
        isr |= 1u << 7;
    if (virt && (hcr & HCR_EL2_FMO) ? (lines & CPU_LINE_VFIQ) : (lines & CPU_LINE_FIQ))
        isr |= 1u << 6;
    return isr;
}

#define VMREG(nm, k, field, mask0, extra_flags) \
    { .name = nm, .key = k, .min_el = 1, .flags = extra_flags, .res0 = mask0, .offset = SR(field), .access = access_vm }

static const struct sysreg_info rows[] = {
    { .name = "SCTLR_EL1", .key = SYSREG_KEY(3, 0, 1, 0, 0), .min_el = 1, .flags = SYSREG_FLUSH_TLB,
      .reset = 0x00c50838, .res0 = SCTLR_EL1_RES0, .res1 = SCTLR_EL1_RES1, .offset = SR(sctlr_el1),
      .access = access_vm },
    /* The Cortex-A72's ACTLR_EL1 has no fields. */
    { .name = "ACTLR_EL1", .key = SYSREG_KEY(3, 0, 1, 0, 1), .min_el = 1, .res0 = ~0ull, .offset = SR(actlr_el1),
      .access = access_actlr_el1 },
    { .name = "CPACR_EL1", .key = SYSREG_KEY(3, 0, 1, 0, 2), .min_el = 1, .flags = SYSREG_END_BLOCK,
      .res0 = ~CPACR_EL1_WRITABLE, .offset = SR(cpacr_el1), .access = access_cpacr },
    VMREG("TTBR0_EL1", SYSREG_KEY(3, 0, 2, 0, 0), ttbr0_el1, 1, SYSREG_FLUSH_TLB), /* CnP is v8.2 */
    VMREG("TTBR1_EL1", SYSREG_KEY(3, 0, 2, 0, 1), ttbr1_el1, 1, SYSREG_FLUSH_TLB),
    VMREG("TCR_EL1", SYSREG_KEY(3, 0, 2, 0, 2), tcr_el1, ~TCR_EL1_WRITABLE, SYSREG_FLUSH_TLB),
    VMREG("AFSR0_EL1", SYSREG_KEY(3, 0, 5, 1, 0), afsr0_el1, ~LOW32, 0),
    VMREG("AFSR1_EL1", SYSREG_KEY(3, 0, 5, 1, 1), afsr1_el1, ~LOW32, 0),
    VMREG("ESR_EL1", SYSREG_KEY(3, 0, 5, 2, 0), esr_el1, ~LOW32, 0),
    VMREG("FAR_EL1", SYSREG_KEY(3, 0, 6, 0, 0), far_el1, 0, 0),
    { .name = "PAR_EL1", .key = SYSREG_KEY(3, 0, 7, 4, 0), .min_el = 1, .offset = SR(par_el1) },
    VMREG("MAIR_EL1", SYSREG_KEY(3, 0, 10, 2, 0), mair_el1, 0, SYSREG_FLUSH_TLB),
    VMREG("AMAIR_EL1", SYSREG_KEY(3, 0, 10, 3, 0), amair_el1, 0, 0),
    { .name = "VBAR_EL1", .key = SYSREG_KEY(3, 0, 12, 0, 0), .min_el = 1, .res0 = 0x7ff, .offset = SR(vbar_el1) },
    { .name = "ISR_EL1", .key = SYSREG_KEY(3, 0, 12, 1, 0), .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .read = read_isr },
    VMREG("CONTEXTIDR_EL1", SYSREG_KEY(3, 0, 13, 0, 1), contextidr_el1, ~LOW32, 0),
    { .name = "TPIDR_EL1", .key = SYSREG_KEY(3, 0, 13, 0, 4), .min_el = 1, .offset = SR(tpidr_el1) },
    { .name = "TPIDR_EL0", .key = SYSREG_KEY(3, 3, 13, 0, 2), .min_el = 0, .offset = SR(tpidr_el0) },
    { .name = "TPIDRRO_EL0", .key = SYSREG_KEY(3, 3, 13, 0, 3), .min_el = 0, .offset = SR(tpidrro_el0),
      .access = access_tpidrro },
};
SYSREG_AREA(sysreg_area_el1, "el1", rows);
