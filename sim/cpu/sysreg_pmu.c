/* Performance Monitors registers (Arm ARM D13.4, PMUv3; Cortex-A72 TRM 11): the table rows, their
 * traps and the views MDCR_EL2.HPMN gives EL0 and EL1. The counting is pmu.c's: every access to a
 * counter or a control folds first, so reads are current and a change of control applies from the
 * instruction that made it.
 *
 * Traps, in the pseudocode's order: PMUSERENR_EL0 for EL0 (to EL1, or EL2 with TGE), then
 * MDCR_EL2.TPM (and TPMCR for PMCR_EL0) for EL0/EL1, then counters at or above HPMN are UNDEFINED
 * at EL0/EL1, then MDCR_EL3.TPM for EL0-EL2. At EL0/EL1 (EL2 enabled) PMCR_EL0.N reads as HPMN and
 * the bits of the EL2 counters in PMCNTEN/PMOVS/PMINTEN/PMSWINC are RAZ/WI. PMXEVCNTR/PMXEVTYPER
 * with PMSELR_EL0.SEL at or above the counters the EL sees (CONSTRAINED UNPREDICTABLE in ARMv8.0)
 * are UNDEFINED, as later versions of the Arm ARM require; SEL = 31 selects PMCCFILTR_EL0 for
 * PMXEVTYPER and nothing for PMXEVCNTR.
 */
#include "pmu.h"
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define LOW32 0x00000000ffffffffull

/* PMCR_EL0 of the Cortex-A72: IMP 0x41, IDCODE 0x02, N = 6 (read-only); E, P, C, D, X, DP, LC. */
#define PMCR_RO_VALUE 0x41023000ull
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK (0x1full << PMCR_N_SHIFT)
#define PMCR_WRITABLE 0x7full
#define PMCNT_MASK ((1ull << PMU_CYCLE) | ((1ull << PMU_COUNTERS) - 1))
#define PMEVTYPER_WRITABLE 0xfc0003ffull /* P, U, NSK, NSU, NSH, M, evtCount */
#define PMCCFILTR_WRITABLE 0xfc000000ull

#define PMUSERENR_EN (1u << 0)
#define PMUSERENR_SW (1u << 1)
#define PMUSERENR_CR (1u << 2)
#define PMUSERENR_ER (1u << 3)

/* MDCR_EL2.TPM (with TPMCR: also MDCR_EL2.TPMCR, for PMCR_EL0) for EL0 and EL1. */
static enum sysreg_access pmu_el2_traps(const struct cpu *c, bool tpmcr)
{
    uint64_t el2_bits = MDCR_EL2_TPM | (tpmcr ? MDCR_EL2_TPMCR : 0);
    if (c->pstate.el <= EL1 && el2_enabled(c) && (c->sr.mdcr_el2 & el2_bits))
        return SYSREG_TRAP_EL2;
    return SYSREG_OK;
}
static enum sysreg_access pmu_el3_traps(const struct cpu *c)
{
    if (c->pstate.el <= EL2 && (c->sr.mdcr_el3 & MDCR_EL3_TPM))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}
/* The whole chain for a register of counter n (UINT32_MAX: none in particular). EL0 is allowed
 * when PMUSERENR_EL0 has EN or one of the bits in `also`. */
static enum sysreg_access pmu_access(const struct cpu *c, unsigned also, bool tpmcr, unsigned n)
{
    if (c->pstate.el == EL0 && !(c->sr.pmuserenr_el0 & (PMUSERENR_EN | also)))
        return sysreg_el0_trap(c);
    enum sysreg_access a = pmu_el2_traps(c, tpmcr);
    if (a != SYSREG_OK)
        return a;
    if (n != UINT32_MAX && n != PMU_CYCLE && n >= pmu_counters_accessible(c))
        return SYSREG_UNDEFINED;
    return pmu_el3_traps(c);
}

/* The counter a PMEVCNTR<n>/PMEVTYPER<n> row names: CRm<1:0>:op2. */
static unsigned row_counter(const struct sysreg_info *r)
{
    return (sysreg_key_crm(r->key) & 3) << 3 | sysreg_key_op2(r->key);
}
static unsigned selected_counter(const struct cpu *c)
{
    return (unsigned)(c->sr.pmselr_el0 & 31);
}

static enum sysreg_access access_pmu(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, 0, false, UINT32_MAX);
}
static enum sysreg_access access_pmcr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, 0, true, UINT32_MAX);
}
/* PMCCNTR_EL0: EL0 may read it with PMUSERENR_EL0.CR. */
static enum sysreg_access access_pmccntr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, is_read ? PMUSERENR_CR : 0, false, UINT32_MAX);
}
/* PMEVCNTR<n>_EL0: EL0 may read them with PMUSERENR_EL0.ER. */
static enum sysreg_access access_pmevcntr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, is_read ? PMUSERENR_ER : 0, false, row_counter(r));
}
static enum sysreg_access access_pmevtyper(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, 0, false, row_counter(r));
}
/* PMXEVCNTR_EL0 follows ER like the counters, and the selected counter must exist for the EL
 * (SEL = 31, the cycle counter, has no PMXEVCNTR view: UNDEFINED). */
static enum sysreg_access access_pmxevcntr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    unsigned sel = selected_counter(c);
    return pmu_access(c, is_read ? PMUSERENR_ER : 0, false, sel == PMU_CYCLE ? PMU_COUNTERS : sel);
}
/* PMXEVTYPER_EL0: SEL = 31 is PMCCFILTR_EL0. */
static enum sysreg_access access_pmxevtyper(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, 0, false, selected_counter(c));
}
/* PMSELR_EL0 follows ER both ways. */
static enum sysreg_access access_pmselr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, PMUSERENR_ER, false, UINT32_MAX);
}
static enum sysreg_access access_pmswinc(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, PMUSERENR_SW, false, UINT32_MAX);
}
/* PMUSERENR_EL0 is read-only at EL0. */
static enum sysreg_access access_pmuserenr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !is_read)
        return SYSREG_UNDEFINED;
    enum sysreg_access a = pmu_el2_traps(c, false);
    return a != SYSREG_OK ? a : pmu_el3_traps(c);
}
static enum sysreg_access access_pmu_el1(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    enum sysreg_access a = pmu_el2_traps(c, false);
    return a != SYSREG_OK ? a : pmu_el3_traps(c);
}

/* The bits of PMCNTEN/PMOVS/PMINTEN/PMSWINC the current EL sees: the cycle counter and the
 * accessible event counters. */
static uint64_t visible_bits(const struct cpu *c)
{
    return (1ull << PMU_CYCLE) | ((1ull << pmu_counters_accessible(c)) - 1);
}

static uint64_t read_pmcr(struct cpu *c, const struct sysreg_info *r)
{
    return (c->sr.pmcr_el0 & ~PMCR_N_MASK) | (uint64_t)pmu_counters_accessible(c) << PMCR_N_SHIFT;
}
/* P resets the event counters the EL may see, C the cycle counter; both read as 0. */
static bool write_pmcr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    pmu_fold(c);
    if (v & PMCR_EL0_P)
        for (unsigned n = 0; n < pmu_counters_accessible(c); n++)
            c->sr.pmevcntr_el0[n] = 0;
    if (v & PMCR_EL0_C)
        c->sr.pmccntr_el0 = 0;
    c->sr.pmcr_el0 = v & ~(PMCR_EL0_P | PMCR_EL0_C);
    pmu_control_changed(c);
    return true;
}

/* The SET/CLR pairs share one storage: writing 1 sets or clears a bit, reads show the bits. */
static uint64_t read_bits(struct cpu *c, const struct sysreg_info *r)
{
    pmu_fold(c);
    return *sysreg_storage(c, r) & visible_bits(c);
}
static bool write_set_bits(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    pmu_fold(c);
    *sysreg_storage(c, r) |= v & visible_bits(c);
    pmu_control_changed(c);
    return true;
}
static bool write_clear_bits(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    pmu_fold(c);
    *sysreg_storage(c, r) &= ~(v & visible_bits(c));
    pmu_control_changed(c);
    return true;
}

static uint64_t read_pmccntr(struct cpu *c, const struct sysreg_info *r)
{
    pmu_fold(c);
    return c->sr.pmccntr_el0;
}
static bool write_pmccntr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    pmu_fold(c);
    c->sr.pmccntr_el0 = v;
    pmu_control_changed(c);
    return false;
}

static uint64_t read_counter(struct cpu *c, unsigned n)
{
    pmu_fold(c);
    return n < PMU_COUNTERS ? c->sr.pmevcntr_el0[n] : 0;
}
static void write_counter(struct cpu *c, unsigned n, uint64_t v)
{
    pmu_fold(c);
    if (n < PMU_COUNTERS)
        c->sr.pmevcntr_el0[n] = v & LOW32;
    pmu_control_changed(c);
}
static void write_type(struct cpu *c, unsigned n, uint64_t v)
{
    pmu_fold(c);
    if (n == PMU_CYCLE)
        c->sr.pmccfiltr_el0 = v & PMCCFILTR_WRITABLE;
    else if (n < PMU_COUNTERS)
        c->sr.pmevtyper_el0[n] = v & PMEVTYPER_WRITABLE;
    pmu_control_changed(c);
}
static uint64_t read_type(const struct cpu *c, unsigned n)
{
    if (n == PMU_CYCLE)
        return c->sr.pmccfiltr_el0;
    return n < PMU_COUNTERS ? c->sr.pmevtyper_el0[n] : 0;
}

static uint64_t read_pmevcntr(struct cpu *c, const struct sysreg_info *r) { return read_counter(c, row_counter(r)); }
static bool write_pmevcntr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    write_counter(c, row_counter(r), v);
    return false;
}
static uint64_t read_pmevtyper(struct cpu *c, const struct sysreg_info *r) { return read_type(c, row_counter(r)); }
static bool write_pmevtyper(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    write_type(c, row_counter(r), v);
    return false;
}
static uint64_t read_pmccfiltr(struct cpu *c, const struct sysreg_info *r) { return read_type(c, PMU_CYCLE); }
static bool write_pmccfiltr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    write_type(c, PMU_CYCLE, v);
    return false;
}
static uint64_t read_pmxevcntr(struct cpu *c, const struct sysreg_info *r) { return read_counter(c, selected_counter(c)); }
static bool write_pmxevcntr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    write_counter(c, selected_counter(c), v);
    return false;
}
static uint64_t read_pmxevtyper(struct cpu *c, const struct sysreg_info *r) { return read_type(c, selected_counter(c)); }
static bool write_pmxevtyper(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    write_type(c, selected_counter(c), v);
    return false;
}

static bool write_pmswinc(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    pmu_software_increment(c, v & visible_bits(c));
    pmu_control_changed(c);
    return true;
}

static uint64_t read_pmceid(struct cpu *c, const struct sysreg_info *r) { return pmu_ceid(sysreg_key_op2(r->key) & 1); }

/* MDCR_EL2 (HPMN, HPME) and MDCR_EL3 (SPME) decide which counters count: fold under the old value. */
bool pmu_write_mdcr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    pmu_fold(c);
    *sysreg_storage(c, r) = v;
    pmu_control_changed(c);
    return true;
}

#define PMU_PAIR(set_name, clr_name, k_set, k_clr, field, min, acc)                                  \
    { .name = set_name, .key = k_set, .min_el = min, .res0 = ~PMCNT_MASK, .offset = SR(field),         \
      .access = acc, .read = read_bits, .write = write_set_bits },                                      \
    { .name = clr_name, .key = k_clr, .min_el = min, .res0 = ~PMCNT_MASK, .offset = SR(field),         \
      .access = acc, .read = read_bits, .write = write_clear_bits }
#define PMEV(n)                                                                                        \
    { .name = "PMEVCNTR" #n "_EL0", .key = SYSREG_KEY(3, 3, 14, 8 + (n) / 8, (n) % 8), .min_el = 0,   \
      .res0 = ~LOW32, .offset = SR(pmevcntr_el0[n]), .access = access_pmevcntr, .read = read_pmevcntr, \
      .write = write_pmevcntr },                                                                       \
    { .name = "PMEVTYPER" #n "_EL0", .key = SYSREG_KEY(3, 3, 14, 12 + (n) / 8, (n) % 8), .min_el = 0, \
      .res0 = ~PMEVTYPER_WRITABLE, .offset = SR(pmevtyper_el0[n]), .access = access_pmevtyper,         \
      .read = read_pmevtyper, .write = write_pmevtyper }

static const struct sysreg_info rows[] = {
    PMU_PAIR("PMINTENSET_EL1", "PMINTENCLR_EL1", SYSREG_KEY(3, 0, 9, 14, 1), SYSREG_KEY(3, 0, 9, 14, 2),
             pmintenset_el1, 1, access_pmu_el1),
    { .name = "PMCR_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 0), .min_el = 0, .reset = PMCR_RO_VALUE,
      .res0 = ~(PMCR_RO_VALUE | PMCR_WRITABLE), .res1 = PMCR_RO_VALUE, .offset = SR(pmcr_el0),
      .access = access_pmcr, .read = read_pmcr, .write = write_pmcr },
    PMU_PAIR("PMCNTENSET_EL0", "PMCNTENCLR_EL0", SYSREG_KEY(3, 3, 9, 12, 1), SYSREG_KEY(3, 3, 9, 12, 2),
             pmcntenset_el0, 0, access_pmu),
    PMU_PAIR("PMOVSSET_EL0", "PMOVSCLR_EL0", SYSREG_KEY(3, 3, 9, 14, 3), SYSREG_KEY(3, 3, 9, 12, 3),
             pmovsset_el0, 0, access_pmu),
    { .name = "PMSWINC_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 4), .min_el = 0, .flags = SYSREG_WO | SYSREG_NO_STORAGE,
      .res0 = ~((1ull << PMU_COUNTERS) - 1), .access = access_pmswinc, .write = write_pmswinc },
    { .name = "PMSELR_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 5), .min_el = 0, .res0 = ~0x1full,
      .offset = SR(pmselr_el0), .access = access_pmselr },
    { .name = "PMCEID0_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 6), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_pmu, .read = read_pmceid },
    { .name = "PMCEID1_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 7), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_pmu, .read = read_pmceid },
    { .name = "PMCCNTR_EL0", .key = SYSREG_KEY(3, 3, 9, 13, 0), .min_el = 0, .offset = SR(pmccntr_el0),
      .access = access_pmccntr, .read = read_pmccntr, .write = write_pmccntr },
    { .name = "PMXEVTYPER_EL0", .key = SYSREG_KEY(3, 3, 9, 13, 1), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .access = access_pmxevtyper, .read = read_pmxevtyper, .write = write_pmxevtyper },
    { .name = "PMXEVCNTR_EL0", .key = SYSREG_KEY(3, 3, 9, 13, 2), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .access = access_pmxevcntr, .read = read_pmxevcntr, .write = write_pmxevcntr },
    { .name = "PMUSERENR_EL0", .key = SYSREG_KEY(3, 3, 9, 14, 0), .min_el = 0, .res0 = ~0xfull,
      .offset = SR(pmuserenr_el0), .access = access_pmuserenr },
    PMEV(0), PMEV(1), PMEV(2), PMEV(3), PMEV(4), PMEV(5),
    { .name = "PMCCFILTR_EL0", .key = SYSREG_KEY(3, 3, 14, 15, 7), .min_el = 0, .res0 = ~PMCCFILTR_WRITABLE,
      .offset = SR(pmccfiltr_el0), .access = access_pmu, .read = read_pmccfiltr, .write = write_pmccfiltr },
};
SYSREG_AREA(sysreg_area_pmu, "pmu", rows);
