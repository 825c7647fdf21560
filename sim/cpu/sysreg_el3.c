/* EL3 system registers (Arm ARM D13.2). a72sim has no AArch32, so SCR_EL3.RW ("the next lower EL
 * is AArch64") and RMR_EL3.AA64 are RES1, as the Arm ARM allows when no lower EL can use AArch32. */
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define LOW32 0x00000000ffffffffull

/* Same layouts as SCTLR_EL2 / TCR_EL2 (sysreg_el2.c). */
#define SCTLR_EL3_RES1 0x30c50830ull
#define SCTLR_EL3_RES0 (~(SCTLR_EL3_RES1 | SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN | SCTLR_EE))
#define TCR_EL3_RES1 0x80800000ull
#define TCR_EL3_RES0 (~(TCR_EL3_RES1 | 0x17ff3full))
#define TTBR_EL3_RES0 0xffff000000000001ull
/* SCR_EL3 in ARMv8.0: NS, IRQ, FIQ, EA, SMD, HCE, SIF, RW, ST, TWI, TWE; RES1 5:4. */
#define SCR_EL3_RES1 (0x30ull | SCR_EL3_RW)
#define SCR_EL3_RES0 (~0x3fbfull)
#define CPTR_EL3_RES0 (~(CPTR_EL3_TFP | CPTR_EL3_TTA | CPTR_EL3_TCPAC))
/* MDCR_EL3 in ARMv8.0: TPM, TDA, TDOSA, SPD32, SDD, SPME, EDAD, EPMAD. */
#define MDCR_EL3_RES0 (~0x33c640ull)
#define ACTLR_A72_RES0 (~0x73ull)

#define EL3REG(nm, k, field, mask0, extra_flags) \
    { .name = nm, .key = k, .min_el = 3, .flags = extra_flags, .res0 = mask0, .offset = SR(field) }

static const struct sysreg_info rows[] = {
    { .name = "SCTLR_EL3", .key = SYSREG_KEY(3, 6, 1, 0, 0), .min_el = 3, .flags = SYSREG_FLUSH_TLB,
      .reset = 0x30c50838, .res0 = SCTLR_EL3_RES0, .res1 = SCTLR_EL3_RES1, .offset = SR(sctlr_el3) },
    EL3REG("ACTLR_EL3", SYSREG_KEY(3, 6, 1, 0, 1), actlr_el3, ACTLR_A72_RES0, 0),
    { .name = "SCR_EL3", .key = SYSREG_KEY(3, 6, 1, 1, 0), .min_el = 3, .flags = SYSREG_FLUSH_TLB,
      .res0 = SCR_EL3_RES0, .res1 = SCR_EL3_RES1, .offset = SR(scr_el3) },
    EL3REG("CPTR_EL3", SYSREG_KEY(3, 6, 1, 1, 2), cptr_el3, CPTR_EL3_RES0, SYSREG_END_BLOCK),
    { .name = "MDCR_EL3", .key = SYSREG_KEY(3, 6, 1, 3, 1), .min_el = 3, .flags = SYSREG_END_BLOCK,
      .res0 = MDCR_EL3_RES0, .offset = SR(mdcr_el3), .write = pmu_write_mdcr },
    EL3REG("TTBR0_EL3", SYSREG_KEY(3, 6, 2, 0, 0), ttbr0_el3, TTBR_EL3_RES0, SYSREG_FLUSH_TLB),
    { .name = "TCR_EL3", .key = SYSREG_KEY(3, 6, 2, 0, 2), .min_el = 3, .flags = SYSREG_FLUSH_TLB,
      .reset = TCR_EL3_RES1, .res0 = TCR_EL3_RES0, .res1 = TCR_EL3_RES1, .offset = SR(tcr_el3) },
    EL3REG("AFSR0_EL3", SYSREG_KEY(3, 6, 5, 1, 0), afsr0_el3, ~LOW32, 0),
    EL3REG("AFSR1_EL3", SYSREG_KEY(3, 6, 5, 1, 1), afsr1_el3, ~LOW32, 0),
    EL3REG("ESR_EL3", SYSREG_KEY(3, 6, 5, 2, 0), esr_el3, ~LOW32, 0),
    EL3REG("FAR_EL3", SYSREG_KEY(3, 6, 6, 0, 0), far_el3, 0, 0),
    EL3REG("MAIR_EL3", SYSREG_KEY(3, 6, 10, 2, 0), mair_el3, 0, SYSREG_FLUSH_TLB),
    EL3REG("AMAIR_EL3", SYSREG_KEY(3, 6, 10, 3, 0), amair_el3, 0, 0),
    EL3REG("VBAR_EL3", SYSREG_KEY(3, 6, 12, 0, 0), vbar_el3, 0x7ff, 0),
    /* RVBAR_EL3: the reset vector the board ties off (Versal FPD_APU RVBAR_L/H; the board sets it). */
    EL3REG("RVBAR_EL3", SYSREG_KEY(3, 6, 12, 0, 1), rvbar_el3, 0x3, SYSREG_RO),
    /* RMR_EL3: AA64 is RES1; a warm-reset request (RR) is not modelled, so RR reads 0. */
    { .name = "RMR_EL3", .key = SYSREG_KEY(3, 6, 12, 0, 2), .min_el = 3, .res0 = ~1ull, .res1 = 1,
      .offset = SR(rmr_el3) },
    EL3REG("TPIDR_EL3", SYSREG_KEY(3, 6, 13, 0, 2), tpidr_el3, 0, 0),
};
SYSREG_AREA(sysreg_area_el3, "el3", rows);
