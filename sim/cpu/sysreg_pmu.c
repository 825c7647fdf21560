/* Performance Monitors registers (Arm ARM D13.4, PMUv3; Cortex-A72 TRM 11): six event counters
 * and the cycle counter. PMCCNTR_EL0 counts the core's simulated cycles (c->cycles) while
 * PMCR_EL0.E and PMCNTENSET_EL0.C are set, every 64th cycle with PMCR_EL0.D; the event counters
 * are storage that only PMSWINC_EL0 advances until the profiling issue adds events. Not modelled:
 * the PMCCFILTR/PMEVTYPER filters, overflow flags and the overflow interrupt.
 *
 * Traps: PMUSERENR_EL0 for EL0, then MDCR_EL2.TPM (and TPMCR for PMCR_EL0) for EL0/EL1, then
 * MDCR_EL3.TPM for EL0-EL2.
 */
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define LOW32 0x00000000ffffffffull

#define PMU_COUNTERS 6u
/* PMCR_EL0 of the Cortex-A72: IMP 0x41, IDCODE 0x02, N = 6 (read-only); E, P, C, D, X, DP, LC. */
#define PMCR_RO_VALUE 0x41023000ull
#define PMCR_WRITABLE 0x7full
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define PMCR_C (1u << 2)
#define PMCR_D (1u << 3)
#define PMCNTEN_C (1u << 31)
#define PMCNT_MASK (PMCNTEN_C | ((1u << PMU_COUNTERS) - 1))
/* PMCEID0_EL0: the common events the Cortex-A72 implements: 0x00-0x05, 0x08-0x0B, 0x10-0x1E. */
#define PMCEID0_VALUE 0x7fff0f3full
#define PMEVTYPER_WRITABLE 0xfc0003ffull /* P, U, NSK, NSU, NSH, M, evtCount */
#define PMCCFILTR_WRITABLE 0xfc000000ull
#define PMSELR_CYCLE 31u

#define PMUSERENR_EN (1u << 0)
#define PMUSERENR_SW (1u << 1)
#define PMUSERENR_CR (1u << 2)
#define PMUSERENR_ER (1u << 3)

/* The EL2 and EL3 traps of every PMU register (tpmcr: also MDCR_EL2.TPMCR, for PMCR_EL0). */
static enum sysreg_access pmu_higher_traps(const struct cpu *c, bool tpmcr)
{
    uint64_t el2_bits = MDCR_EL2_TPM | (tpmcr ? MDCR_EL2_TPMCR : 0);
    if (c->pstate.el <= EL1 && el2_enabled(c) && (c->sr.mdcr_el2 & el2_bits))
        return SYSREG_TRAP_EL2;
    if (c->pstate.el <= EL2 && (c->sr.mdcr_el3 & MDCR_EL3_TPM))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}
/* EL0 is allowed when PMUSERENR_EL0 has EN or one of the bits in also. */
static enum sysreg_access pmu_access(const struct cpu *c, unsigned also, bool tpmcr)
{
    if (c->pstate.el == EL0 && !(c->sr.pmuserenr_el0 & (PMUSERENR_EN | also)))
        return sysreg_el0_trap(c);
    return pmu_higher_traps(c, tpmcr);
}

static enum sysreg_access access_pmu(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, 0, false);
}
static enum sysreg_access access_pmcr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, 0, true);
}
/* PMCCNTR_EL0: EL0 may read it with PMUSERENR_EL0.CR. */
static enum sysreg_access access_pmccntr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, is_read ? PMUSERENR_CR : 0, false);
}
/* Event counters: EL0 may read them with PMUSERENR_EL0.ER; PMSELR_EL0 follows ER both ways. */
static enum sysreg_access access_pmevcntr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, is_read ? PMUSERENR_ER : 0, false);
}
static enum sysreg_access access_pmselr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, PMUSERENR_ER, false);
}
static enum sysreg_access access_pmswinc(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_access(c, PMUSERENR_SW, false);
}
/* PMUSERENR_EL0 is read-only at EL0. */
static enum sysreg_access access_pmuserenr(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !is_read)
        return SYSREG_UNDEFINED;
    return pmu_higher_traps(c, false);
}
static enum sysreg_access access_pmu_el1(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return pmu_higher_traps(c, false);
}

/* The cycle counter: pmccntr_el0 is its value at cycle pmccntr_at. */
static bool ccnt_enabled(const struct cpu *c)
{
    return (c->sr.pmcr_el0 & PMCR_E) && (c->sr.pmcntenset_el0 & PMCNTEN_C);
}
static uint64_t ccnt_now(const struct cpu *c)
{
    if (!ccnt_enabled(c))
        return c->sr.pmccntr_el0;
    uint64_t delta = c->cycles - c->sr.pmccntr_at;
    return c->sr.pmccntr_el0 + ((c->sr.pmcr_el0 & PMCR_D) ? delta / 64 : delta);
}
/* Fold the cycles counted so far into pmccntr_el0 before a change of E, D or PMCNTENSET.C
 * (keeping the part of a 64-cycle step already run). */
static void ccnt_settle(struct cpu *c)
{
    uint64_t rest = 0;
    if (ccnt_enabled(c) && (c->sr.pmcr_el0 & PMCR_D))
        rest = (c->cycles - c->sr.pmccntr_at) % 64;
    c->sr.pmccntr_el0 = ccnt_now(c);
    c->sr.pmccntr_at = c->cycles - rest;
}

static bool write_pmcr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    ccnt_settle(c);
    if (v & PMCR_P)
        for (unsigned n = 0; n < PMU_COUNTERS; n++)
            c->sr.pmevcntr_el0[n] = 0;
    if (v & PMCR_C)
        c->sr.pmccntr_el0 = 0;
    c->sr.pmcr_el0 = v & ~(uint64_t)(PMCR_P | PMCR_C); /* P and C are actions that read as 0 */
    return false;
}

static uint64_t read_pmccntr(struct cpu *c, const struct sysreg_info *r) { return ccnt_now(c); }
static bool write_pmccntr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->sr.pmccntr_el0 = v;
    c->sr.pmccntr_at = c->cycles;
    return false;
}

/* The SET/CLR pairs share one storage: writing 1 sets or clears a bit, reads show the bits. */
static bool write_pmcntenset(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    ccnt_settle(c);
    c->sr.pmcntenset_el0 |= v;
    return false;
}
static bool write_pmcntenclr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    ccnt_settle(c);
    c->sr.pmcntenset_el0 &= ~v;
    return false;
}
static bool write_set_bits(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    *sysreg_storage(c, r) |= v;
    return false;
}
static bool write_clear_bits(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    *sysreg_storage(c, r) &= ~v;
    return false;
}

/* PMSWINC_EL0: counters that are enabled and count event 0x00 (SW_INCR) step by one. */
static bool write_pmswinc(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    for (unsigned n = 0; n < PMU_COUNTERS; n++) {
        bool counting = (c->sr.pmcr_el0 & PMCR_E) && (c->sr.pmcntenset_el0 & (1u << n));
        if ((v & (1u << n)) && counting && (c->sr.pmevtyper_el0[n] & 0x3ff) == 0)
            c->sr.pmevcntr_el0[n] = (c->sr.pmevcntr_el0[n] + 1) & LOW32;
    }
    return false;
}

/* PMXEVTYPER_EL0 / PMXEVCNTR_EL0: the counter PMSELR_EL0.SEL selects (SEL = 31: PMCCFILTR_EL0 for
 * the type). An unimplemented selection is CONSTRAINED UNPREDICTABLE: RAZ/WI here. */
static uint64_t read_pmxevtyper(struct cpu *c, const struct sysreg_info *r)
{
    unsigned sel = c->sr.pmselr_el0 & 31;
    if (sel == PMSELR_CYCLE)
        return c->sr.pmccfiltr_el0;
    return sel < PMU_COUNTERS ? c->sr.pmevtyper_el0[sel] : 0;
}
static bool write_pmxevtyper(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    unsigned sel = c->sr.pmselr_el0 & 31;
    if (sel == PMSELR_CYCLE)
        c->sr.pmccfiltr_el0 = v & PMCCFILTR_WRITABLE;
    else if (sel < PMU_COUNTERS)
        c->sr.pmevtyper_el0[sel] = v & PMEVTYPER_WRITABLE;
    return false;
}
static uint64_t read_pmxevcntr(struct cpu *c, const struct sysreg_info *r)
{
    unsigned sel = c->sr.pmselr_el0 & 31;
    return sel < PMU_COUNTERS ? c->sr.pmevcntr_el0[sel] : 0;
}
static bool write_pmxevcntr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    unsigned sel = c->sr.pmselr_el0 & 31;
    if (sel < PMU_COUNTERS)
        c->sr.pmevcntr_el0[sel] = v & LOW32;
    return false;
}

#define PMU_PAIR(set_name, clr_name, k_set, k_clr, field, min, acc, wset, wclr)                       \
    { .name = set_name, .key = k_set, .min_el = min, .res0 = ~(uint64_t)PMCNT_MASK, .offset = SR(field), \
      .access = acc, .write = wset },                                                                   \
    { .name = clr_name, .key = k_clr, .min_el = min, .res0 = ~(uint64_t)PMCNT_MASK, .offset = SR(field), \
      .access = acc, .write = wclr }
#define PMEV(n)                                                                                        \
    { .name = "PMEVCNTR" #n "_EL0", .key = SYSREG_KEY(3, 3, 14, 8 + (n) / 8, (n) % 8), .min_el = 0,   \
      .res0 = ~LOW32, .offset = SR(pmevcntr_el0[n]), .access = access_pmevcntr },                      \
    { .name = "PMEVTYPER" #n "_EL0", .key = SYSREG_KEY(3, 3, 14, 12 + (n) / 8, (n) % 8), .min_el = 0, \
      .res0 = ~PMEVTYPER_WRITABLE, .offset = SR(pmevtyper_el0[n]), .access = access_pmu }

static const struct sysreg_info rows[] = {
    PMU_PAIR("PMINTENSET_EL1", "PMINTENCLR_EL1", SYSREG_KEY(3, 0, 9, 14, 1), SYSREG_KEY(3, 0, 9, 14, 2),
             pmintenset_el1, 1, access_pmu_el1, write_set_bits, write_clear_bits),
    { .name = "PMCR_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 0), .min_el = 0, .reset = PMCR_RO_VALUE,
      .res0 = ~(PMCR_RO_VALUE | PMCR_WRITABLE), .res1 = PMCR_RO_VALUE, .offset = SR(pmcr_el0),
      .access = access_pmcr, .write = write_pmcr },
    PMU_PAIR("PMCNTENSET_EL0", "PMCNTENCLR_EL0", SYSREG_KEY(3, 3, 9, 12, 1), SYSREG_KEY(3, 3, 9, 12, 2),
             pmcntenset_el0, 0, access_pmu, write_pmcntenset, write_pmcntenclr),
    { .name = "PMOVSCLR_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 3), .min_el = 0, .res0 = ~(uint64_t)PMCNT_MASK,
      .offset = SR(pmovsset_el0), .access = access_pmu, .write = write_clear_bits },
    { .name = "PMSWINC_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 4), .min_el = 0, .flags = SYSREG_WO | SYSREG_NO_STORAGE,
      .res0 = ~((1ull << PMU_COUNTERS) - 1), .access = access_pmswinc, .write = write_pmswinc },
    { .name = "PMSELR_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 5), .min_el = 0, .res0 = ~0x1full,
      .offset = SR(pmselr_el0), .access = access_pmselr },
    { .name = "PMCEID0_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 6), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .reset = PMCEID0_VALUE, .access = access_pmu, .read = sysreg_read_const },
    { .name = "PMCEID1_EL0", .key = SYSREG_KEY(3, 3, 9, 12, 7), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_pmu, .read = sysreg_read_const },
    { .name = "PMCCNTR_EL0", .key = SYSREG_KEY(3, 3, 9, 13, 0), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .access = access_pmccntr, .read = read_pmccntr, .write = write_pmccntr },
    { .name = "PMXEVTYPER_EL0", .key = SYSREG_KEY(3, 3, 9, 13, 1), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .access = access_pmu, .read = read_pmxevtyper, .write = write_pmxevtyper },
    { .name = "PMXEVCNTR_EL0", .key = SYSREG_KEY(3, 3, 9, 13, 2), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .access = access_pmevcntr, .read = read_pmxevcntr, .write = write_pmxevcntr },
    { .name = "PMUSERENR_EL0", .key = SYSREG_KEY(3, 3, 9, 14, 0), .min_el = 0, .res0 = ~0xfull,
      .offset = SR(pmuserenr_el0), .access = access_pmuserenr },
    { .name = "PMOVSSET_EL0", .key = SYSREG_KEY(3, 3, 9, 14, 3), .min_el = 0, .res0 = ~(uint64_t)PMCNT_MASK,
      .offset = SR(pmovsset_el0), .access = access_pmu, .write = write_set_bits },
    PMEV(0), PMEV(1), PMEV(2), PMEV(3), PMEV(4), PMEV(5),
    { .name = "PMCCFILTR_EL0", .key = SYSREG_KEY(3, 3, 14, 15, 7), .min_el = 0, .res0 = ~PMCCFILTR_WRITABLE,
      .offset = SR(pmccfiltr_el0), .access = access_pmu },
};
SYSREG_AREA(sysreg_area_pmu, "pmu", rows);
