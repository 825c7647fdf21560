/* EL2 system registers (Arm ARM D13.2), accessible at EL2 and EL3. a72sim has no AArch32, so
 * HCR_EL2.RW ("EL1 is AArch64") is RES1, as the Arm ARM allows when EL1 cannot use AArch32. */
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define LOW32 0x00000000ffffffffull

/* SCTLR_EL2 and SCTLR_EL3 in ARMv8.0: M, A, C, SA, I, WXN, EE; RES1 29:28, 23:22, 18, 16, 11, 5:4. */
#define SCTLR_EL2_RES1 0x30c50830ull
#define SCTLR_EL2_RES0 (~(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN | SCTLR_EE))
/* TCR_EL2 (and TCR_EL3): T0SZ, IRGN0, ORGN0, SH0, TG0, PS, TBI; RES1 31 and 23. */
#define TCR_EL2_RES1 0x80800000ull
#define TCR_EL2_RES0 (~(TCR_EL2_RES1 | 0x17ff3full))
/* VTCR_EL2: T0SZ, SL0, IRGN0, ORGN0, SH0, TG0, PS; RES1 31. */
#define VTCR_EL2_RES1 0x80000000ull
#define VTCR_EL2_RES0 (~(VTCR_EL2_RES1 | 0x7ffffull))
/* HCR_EL2: bits 33:0 exist in ARMv8.0. */
#define HCR_EL2_RES0 (~((1ull << 34) - 1))
/* CPTR_EL2: TFP, TTA, TCPAC; RES1 13:12 and 9:0. */
#define CPTR_EL2_RES1 0x33ffull
#define CPTR_EL2_RES0 (~(CPTR_EL2_RES1 | CPTR_EL2_TFP | CPTR_EL2_TTA | CPTR_EL2_TCPAC))
/* MDCR_EL2: HPMN, TPMCR, TPM, HPME, TDE, TDA, TDOSA, TDRA. HPMN resets to PMCR_EL0.N (6). */
#define MDCR_EL2_RES0 (~0xfffull)
/* The Cortex-A72's ACTLR_EL2/ACTLR_EL3: write access to CPUACTLR (0), CPUECTLR (1), L2CTLR (4),
 * L2ECTLR (5) and L2ACTLR (6) from the lower ELs. */
#define ACTLR_A72_RES0 (~0x73ull)
/* TTBR0_EL2 has no ASID; CnP (bit 0) is v8.2. */
#define TTBR_EL2_RES0 0xffff000000000001ull
/* VTTBR_EL2: 8-bit VMID in 55:48 (ID_AA64MMFR1_EL1.VMIDBits = 0). */
#define VTTBR_EL2_RES0 0xff00000000000001ull

/* CPTR_EL3.TCPAC traps EL2 accesses to CPTR_EL2. */
static enum sysreg_access access_cptr_el2(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL2 && (c->sr.cptr_el3 & CPTR_EL3_TCPAC) ? SYSREG_TRAP_EL3 : SYSREG_OK;
}

#define EL2REG(nm, k, field, mask0, extra_flags) \
    { .name = nm, .key = k, .min_el = 2, .flags = extra_flags, .res0 = mask0, .offset = SR(field) }

static const struct sysreg_info rows[] = {
    { .name = "SCTLR_EL2", .key = SYSREG_KEY(3, 4, 1, 0, 0), .min_el = 2, .flags = SYSREG_FLUSH_TLB,
      .reset = 0x30c50838, .res0 = SCTLR_EL2_RES0, .res1 = SCTLR_EL2_RES1, .offset = SR(sctlr_el2) },
    EL2REG("ACTLR_EL2", SYSREG_KEY(3, 4, 1, 0, 1), actlr_el2, ACTLR_A72_RES0, 0),
    { .name = "HCR_EL2", .key = SYSREG_KEY(3, 4, 1, 1, 0), .min_el = 2, .flags = SYSREG_FLUSH_TLB,
      .res0 = HCR_EL2_RES0, .res1 = HCR_EL2_RW, .offset = SR(hcr_el2) },
    { .name = "MDCR_EL2", .key = SYSREG_KEY(3, 4, 1, 1, 1), .min_el = 2, .flags = SYSREG_END_BLOCK, .reset = 6,
      .res0 = MDCR_EL2_RES0, .offset = SR(mdcr_el2), .write = pmu_write_mdcr },
    { .name = "CPTR_EL2", .key = SYSREG_KEY(3, 4, 1, 1, 2), .min_el = 2, .flags = SYSREG_END_BLOCK,
      .res0 = CPTR_EL2_RES0, .res1 = CPTR_EL2_RES1, .offset = SR(cptr_el2), .access = access_cptr_el2 },
    /* HSTR_EL2 traps AArch32 EL1/EL0 only: kept as storage (T0..T15 but T4 and T14). */
    EL2REG("HSTR_EL2", SYSREG_KEY(3, 4, 1, 1, 3), hstr_el2, ~0xbfefull, 0),
    EL2REG("HACR_EL2", SYSREG_KEY(3, 4, 1, 1, 7), hacr_el2, ~LOW32, 0),
    EL2REG("TTBR0_EL2", SYSREG_KEY(3, 4, 2, 0, 0), ttbr0_el2, TTBR_EL2_RES0, SYSREG_FLUSH_TLB),
    { .name = "TCR_EL2", .key = SYSREG_KEY(3, 4, 2, 0, 2), .min_el = 2, .flags = SYSREG_FLUSH_TLB,
      .reset = TCR_EL2_RES1, .res0 = TCR_EL2_RES0, .res1 = TCR_EL2_RES1, .offset = SR(tcr_el2) },
    EL2REG("VTTBR_EL2", SYSREG_KEY(3, 4, 2, 1, 0), vttbr_el2, VTTBR_EL2_RES0, SYSREG_FLUSH_TLB),
    { .name = "VTCR_EL2", .key = SYSREG_KEY(3, 4, 2, 1, 2), .min_el = 2, .flags = SYSREG_FLUSH_TLB,
      .reset = VTCR_EL2_RES1, .res0 = VTCR_EL2_RES0, .res1 = VTCR_EL2_RES1, .offset = SR(vtcr_el2) },
    EL2REG("AFSR0_EL2", SYSREG_KEY(3, 4, 5, 1, 0), afsr0_el2, ~LOW32, 0),
    EL2REG("AFSR1_EL2", SYSREG_KEY(3, 4, 5, 1, 1), afsr1_el2, ~LOW32, 0),
    EL2REG("ESR_EL2", SYSREG_KEY(3, 4, 5, 2, 0), esr_el2, ~LOW32, 0),
    EL2REG("FAR_EL2", SYSREG_KEY(3, 4, 6, 0, 0), far_el2, 0, 0),
    EL2REG("HPFAR_EL2", SYSREG_KEY(3, 4, 6, 0, 4), hpfar_el2, ~0xfffffffff0ull, 0), /* FIPA = IPA[47:12] */
    EL2REG("MAIR_EL2", SYSREG_KEY(3, 4, 10, 2, 0), mair_el2, 0, SYSREG_FLUSH_TLB),
    EL2REG("AMAIR_EL2", SYSREG_KEY(3, 4, 10, 3, 0), amair_el2, 0, 0),
    EL2REG("VBAR_EL2", SYSREG_KEY(3, 4, 12, 0, 0), vbar_el2, 0x7ff, 0),
    EL2REG("TPIDR_EL2", SYSREG_KEY(3, 4, 13, 0, 2), tpidr_el2, 0, 0),
};
SYSREG_AREA(sysreg_area_el2, "el2", rows);
