/* The Cortex-A72's IMPLEMENTATION DEFINED registers (TRM 100095, 4.3: CPUACTLR_EL1, CPUECTLR_EL1,
 * CPUMERRSR_EL1, L2CTLR_EL1, L2ECTLR_EL1, L2ACTLR_EL1, L2MERRSR_EL1): storage, with the TRM's
 * access rules. HCR_EL2.TIDCP traps every EL1 access to the IMPLEMENTATION DEFINED space to EL2
 * (unallocated encodings there too: see a64_sysreg.c). Writes from below EL3 need the register's
 * bit in ACTLR_EL3, and Non-secure EL1 writes also its bit in ACTLR_EL2; a write without them is
 * trapped to EL3 (ACTLR_EL3) or EL2 (ACTLR_EL2). Reads are not gated. */
#include "sysreg.h"

#include "machine.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define HIGH32 0xffffffff00000000ull

/* ACTLR_EL2/ACTLR_EL3 write-access bits. */
#define ACTLR_CPUACTLR (1u << 0)
#define ACTLR_CPUECTLR (1u << 1)
#define ACTLR_L2CTLR (1u << 4)
#define ACTLR_L2ECTLR (1u << 5)
#define ACTLR_L2ACTLR (1u << 6)

/* L2CTLR_EL1[25:24]: number of cores in the cluster - 1 (read-only). */
#define L2CTLR_NCORES_SHIFT 24
#define L2CTLR_NCORES_MASK (3ull << L2CTLR_NCORES_SHIFT)

static enum sysreg_access impdef_access(const struct cpu *c, bool is_read, uint64_t actlr_bit)
{
    unsigned el = c->pstate.el;
    if (el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TIDCP))
        return SYSREG_TRAP_EL2;
    if (!is_read && actlr_bit) {
        if (el <= EL2 && !(c->sr.actlr_el3 & actlr_bit))
            return SYSREG_TRAP_EL3;
        if (el == EL1 && el2_enabled(c) && !(c->sr.actlr_el2 & actlr_bit))
            return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

#define IMPDEF_ACCESS(fn, bit) \
    static enum sysreg_access fn(struct cpu *c, const struct sysreg_info *r, bool is_read) \
    {                                                                                      \
        return impdef_access(c, is_read, bit);                                             \
    }
IMPDEF_ACCESS(access_cpuactlr, ACTLR_CPUACTLR)
IMPDEF_ACCESS(access_cpuectlr, ACTLR_CPUECTLR)
IMPDEF_ACCESS(access_l2ctlr, ACTLR_L2CTLR)
IMPDEF_ACCESS(access_l2ectlr, ACTLR_L2ECTLR)
IMPDEF_ACCESS(access_l2actlr, ACTLR_L2ACTLR)
IMPDEF_ACCESS(access_merrsr, 0)

static uint64_t read_l2ctlr(struct cpu *c, const struct sysreg_info *r)
{
    unsigned ncores = c->machine ? c->machine->ncpus : 1;
    return c->sr.l2ctlr_el1 | (uint64_t)(ncores - 1) << L2CTLR_NCORES_SHIFT;
}

static const struct sysreg_info rows[] = {
    { .name = "L2CTLR_EL1", .key = SYSREG_KEY(3, 1, 11, 0, 2), .min_el = 1, .res0 = HIGH32 | L2CTLR_NCORES_MASK,
      .offset = SR(l2ctlr_el1), .access = access_l2ctlr, .read = read_l2ctlr },
    { .name = "L2ECTLR_EL1", .key = SYSREG_KEY(3, 1, 11, 0, 3), .min_el = 1, .res0 = HIGH32,
      .offset = SR(l2ectlr_el1), .access = access_l2ectlr },
    { .name = "L2ACTLR_EL1", .key = SYSREG_KEY(3, 1, 15, 0, 0), .min_el = 1, .res0 = HIGH32,
      .offset = SR(l2actlr_el1), .access = access_l2actlr },
    { .name = "CPUACTLR_EL1", .key = SYSREG_KEY(3, 1, 15, 2, 0), .min_el = 1, .offset = SR(cpuactlr_el1),
      .access = access_cpuactlr },
    /* Reset: L2 load/store and instruction prefetch distances as the TRM gives them; SMPEN clear. */
    { .name = "CPUECTLR_EL1", .key = SYSREG_KEY(3, 1, 15, 2, 1), .min_el = 1, .reset = 0x0000001b00000000ull,
      .offset = SR(cpuectlr_el1), .access = access_cpuectlr },
    { .name = "CPUMERRSR_EL1", .key = SYSREG_KEY(3, 1, 15, 2, 2), .min_el = 1, .offset = SR(cpumerrsr_el1),
      .access = access_merrsr },
    { .name = "L2MERRSR_EL1", .key = SYSREG_KEY(3, 1, 15, 2, 3), .min_el = 1, .offset = SR(l2merrsr_el1),
      .access = access_merrsr },
};
SYSREG_AREA(sysreg_area_impdef, "impdef", rows);
