/* Identification registers of the Versal's Cortex-A72 r0p3 (Arm ARM D13.2; Cortex-A72 TRM 100095
 * chapter 4; docs/board.md), with the traps of HCR_EL2.TID1/TID2/TID3 and the
 * virtualization of MIDR/MPIDR by VPIDR_EL2/VMPIDR_EL2.
 *
 * a72sim implements AArch64 only, so it reports AArch64-only Exception levels where the silicon
 * reports AArch32 support as well: ID_AA64PFR0_EL1 = 0x01001111 (EL0..EL3 = 0b0001 "AArch64
 * only", FP = AdvSIMD = 0b0000 "implemented", GIC = 0b0001 "system-register interface") where the
 * board has 0x01002222. The AArch32 ID registers (ID_PFR0_EL1 .. MVFR2_EL1) are then "Reserved,
 * UNKNOWN" (Arm ARM: "when AArch32 is not implemented") but stay accessible from EL1; they read
 * 0, like the reserved encodings of the ID space (op0=3, op1=0, CRn=0, CRm=1..7), which are RAZ
 * (named S3_0_C0_Cm_n, or by the name a later version of the architecture gives them).
 */
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)

#define ID_AA64PFR0_VALUE 0x01001111ull /* see above: the board's 0x01002222 without AArch32 */
#define ID_AA64DFR0_VALUE 0x10305106ull /* 6 breakpoints, 4 watchpoints, 2 context-aware, PMUv3, v8 debug */
#define ID_AA64ISAR0_VALUE 0x00011120ull /* AES + PMULL, SHA1, SHA256, CRC32 */
#define ID_AA64MMFR0_VALUE 0x1124ull    /* 44-bit PA, 16-bit ASID, mixed endian, 4K + 64K granules */
#define CTR_EL0_VALUE 0x8444c004ull     /* 64-byte lines, PIPT instruction cache */
#define CLIDR_EL1_VALUE 0x0a200023ull   /* L1 I+D, L2 unified; LoUU 1, LoC 2, LoUIS 1 */
#define DCZID_BS 4u                     /* DC ZVA block: 2^4 words = 64 bytes */
#define DCZID_DZP (1u << 4)

/* CCSIDR_EL1 of the Cortex-A72 (TRM 4.3.23): L1D 32 KiB 2-way, L1I 48 KiB 3-way, L2 1 MiB 16-way,
 * 64-byte lines. Fields: WT 31, WB 30, RA 29, WA 28, NumSets-1 27:13, Associativity-1 12:3,
 * log2(line bytes) - 4 in 2:0. */
#define CCSIDR(wt, wb, ra, wa, sets, ways) \
    ((uint64_t)(wt) << 31 | (uint64_t)(wb) << 30 | (uint64_t)(ra) << 29 | (uint64_t)(wa) << 28 | \
     (uint64_t)((sets) - 1) << 13 | (uint64_t)((ways) - 1) << 3 | 2u)
#define CCSIDR_L1D CCSIDR(0, 1, 1, 1, 256, 2)    /* 0x701fe00a */
#define CCSIDR_L1I CCSIDR(0, 0, 1, 0, 256, 3)    /* 0x201fe012 */
#define CCSIDR_L2 CCSIDR(0, 1, 1, 1, 1024, 16)   /* 0x707fe07a */

static bool is_el1_nonsecure_with_el2(const struct cpu *c) { return c->pstate.el == EL1 && el2_enabled(c); }

/* MIDR_EL1 / MPIDR_EL1: Non-secure EL1 reads VPIDR_EL2 / VMPIDR_EL2 (Arm ARM, MIDR_EL1 accessibility). */
static uint64_t read_midr(struct cpu *c, const struct sysreg_info *r)
{
    return is_el1_nonsecure_with_el2(c) ? c->sr.vpidr_el2 : c->config.midr;
}
static uint64_t mpidr(const struct cpu *c) { return c->config.mpidr; }
static uint64_t read_mpidr(struct cpu *c, const struct sysreg_info *r)
{
    return is_el1_nonsecure_with_el2(c) ? c->sr.vmpidr_el2 : mpidr(c);
}
static uint64_t reset_vpidr(const struct cpu *c) { return c->config.midr; }

/* TID1: REVIDR_EL1, AIDR_EL1 at EL1. */
static enum sysreg_access access_tid1(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TID1) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* TID2: CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1 at EL1. */
static enum sysreg_access access_tid2(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TID2) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* TID3: the ID space op0=3, op1=0, CRn=0, CRm=1..7 at EL1. */
static enum sysreg_access access_tid3(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TID3) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* CTR_EL0: EL0 needs SCTLR_EL1.UCT; EL0 and EL1 are trapped by HCR_EL2.TID2. */
static enum sysreg_access access_ctr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.sctlr_el1 & SCTLR_UCT))
        return sysreg_el0_trap(c);
    if (c->pstate.el <= EL1 && sysreg_hcr_traps(c, HCR_EL2_TID2))
        return SYSREG_TRAP_EL2;
    return SYSREG_OK;
}

/* CCSIDR_EL1: the cache CSSELR_EL1 selects; a reserved selection reads 0 (UNKNOWN). */
static uint64_t read_ccsidr(struct cpu *c, const struct sysreg_info *r)
{
    switch (c->sr.csselr_el1 & 0xf) {
    case 0: return CCSIDR_L1D;  /* Level 1, data */
    case 1: return CCSIDR_L1I;  /* Level 1, instruction */
    case 2: return CCSIDR_L2;   /* Level 2, unified */
    default: return 0;
    }
}

/* DCZID_EL0.DZP: DC ZVA is prohibited at EL0 by SCTLR_EL1.DZE, at EL0/EL1 by HCR_EL2.TDZ. */
static uint64_t read_dczid(struct cpu *c, const struct sysreg_info *r)
{
    bool prohibited = (c->pstate.el == EL0 && !(c->sr.sctlr_el1 & SCTLR_DZE)) ||
                      (c->pstate.el <= EL1 && sysreg_hcr_traps(c, HCR_EL2_TDZ));
    return DCZID_BS | (prohibited ? DCZID_DZP : 0);
}

#define ID_RO(nm, k, value, acc) \
    { .name = nm, .key = k, .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE, .reset = value, \
      .access = acc, .read = sysreg_read_const }
/* An ID register of the TID3 group: op0=3, op1=0, CRn=0, CRm, op2. */
#define ID3(nm, crm, op2, value) ID_RO(nm, SYSREG_KEY(3, 0, 0, crm, op2), value, access_tid3)
#define ID3_RESERVED(crm, op2) ID3("S3_0_C0_C" #crm "_" #op2, crm, op2, 0)

static const struct sysreg_info rows[] = {
    { .name = "MIDR_EL1", .key = SYSREG_KEY(3, 0, 0, 0, 0), .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .read = read_midr },
    { .name = "MPIDR_EL1", .key = SYSREG_KEY(3, 0, 0, 0, 5), .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .read = read_mpidr },
    ID_RO("REVIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 6), 0, access_tid1),
    ID3("ID_PFR0_EL1", 1, 0, 0), ID3("ID_PFR1_EL1", 1, 1, 0), ID3("ID_DFR0_EL1", 1, 2, 0),
    ID3("ID_AFR0_EL1", 1, 3, 0), ID3("ID_MMFR0_EL1", 1, 4, 0), ID3("ID_MMFR1_EL1", 1, 5, 0),
    ID3("ID_MMFR2_EL1", 1, 6, 0), ID3("ID_MMFR3_EL1", 1, 7, 0),
    ID3("ID_ISAR0_EL1", 2, 0, 0), ID3("ID_ISAR1_EL1", 2, 1, 0), ID3("ID_ISAR2_EL1", 2, 2, 0),
    ID3("ID_ISAR3_EL1", 2, 3, 0), ID3("ID_ISAR4_EL1", 2, 4, 0), ID3("ID_ISAR5_EL1", 2, 5, 0),
    ID3("ID_MMFR4_EL1", 2, 6, 0), ID3_RESERVED(2, 7), /* ID_MMFR4_EL1 and ID_AA64MMFR2_EL1: v8.2 names */
    ID3("MVFR0_EL1", 3, 0, 0), ID3("MVFR1_EL1", 3, 1, 0), ID3("MVFR2_EL1", 3, 2, 0),
    ID3_RESERVED(3, 3), ID3_RESERVED(3, 4), ID3_RESERVED(3, 5), ID3_RESERVED(3, 6), ID3_RESERVED(3, 7),
    ID3("ID_AA64PFR0_EL1", 4, 0, ID_AA64PFR0_VALUE), ID3("ID_AA64PFR1_EL1", 4, 1, 0),
    ID3_RESERVED(4, 2), ID3_RESERVED(4, 3), ID3_RESERVED(4, 4), ID3_RESERVED(4, 5), ID3_RESERVED(4, 6),
    ID3_RESERVED(4, 7),
    ID3("ID_AA64DFR0_EL1", 5, 0, ID_AA64DFR0_VALUE), ID3("ID_AA64DFR1_EL1", 5, 1, 0),
    ID3_RESERVED(5, 2), ID3_RESERVED(5, 3),
    ID3("ID_AA64AFR0_EL1", 5, 4, 0), ID3("ID_AA64AFR1_EL1", 5, 5, 0),
    ID3_RESERVED(5, 6), ID3_RESERVED(5, 7),
    ID3("ID_AA64ISAR0_EL1", 6, 0, ID_AA64ISAR0_VALUE), ID3("ID_AA64ISAR1_EL1", 6, 1, 0),
    ID3_RESERVED(6, 2), ID3_RESERVED(6, 3), ID3_RESERVED(6, 4), ID3_RESERVED(6, 5), ID3_RESERVED(6, 6),
    ID3_RESERVED(6, 7),
    ID3("ID_AA64MMFR0_EL1", 7, 0, ID_AA64MMFR0_VALUE), ID3("ID_AA64MMFR1_EL1", 7, 1, 0),
    ID3("ID_AA64MMFR2_EL1", 7, 2, 0), ID3_RESERVED(7, 3), ID3_RESERVED(7, 4), ID3_RESERVED(7, 5), ID3_RESERVED(7, 6),
    ID3_RESERVED(7, 7),
    { .name = "CCSIDR_EL1", .key = SYSREG_KEY(3, 1, 0, 0, 0), .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_tid2, .read = read_ccsidr },
    ID_RO("CLIDR_EL1", SYSREG_KEY(3, 1, 0, 0, 1), CLIDR_EL1_VALUE, access_tid2),
    ID_RO("AIDR_EL1", SYSREG_KEY(3, 1, 0, 0, 7), 0, access_tid1),
    { .name = "CSSELR_EL1", .key = SYSREG_KEY(3, 2, 0, 0, 0), .min_el = 1, .res0 = ~0xfull,
      .offset = SR(csselr_el1), .access = access_tid2 },
    { .name = "CTR_EL0", .key = SYSREG_KEY(3, 3, 0, 0, 1), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .reset = CTR_EL0_VALUE, .access = access_ctr, .read = sysreg_read_const },
    { .name = "DCZID_EL0", .key = SYSREG_KEY(3, 3, 0, 0, 7), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .read = read_dczid },
    { .name = "VPIDR_EL2", .key = SYSREG_KEY(3, 4, 0, 0, 0), .min_el = 2, .res0 = 0xffffffff00000000ull,
      .offset = SR(vpidr_el2), .reset_fn = reset_vpidr },
    { .name = "VMPIDR_EL2", .key = SYSREG_KEY(3, 4, 0, 0, 5), .min_el = 2, .res0 = 0xffffff003e000000ull,
      .res1 = 0x80000000ull, .offset = SR(vmpidr_el2), .reset_fn = mpidr },
};
SYSREG_AREA(sysreg_area_id, "id", rows);
