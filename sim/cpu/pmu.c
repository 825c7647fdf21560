/* The PMU's counting: folds, the EL filters, overflow and its interrupt (pmu.h). The registers'
 * table and traps are in sysreg_pmu.c. */
#include "pmu.h"

#include <string.h>

#include "cpu.h"
#include "exception.h"
#include "sysreg_bits.h"

#define LOW32 0xffffffffull

/* The events this model counts, by number (Arm ARM D13.12 "PMU events and event numbers";
 * Cortex-A72 TRM 11.8): the architectural totals, then struct perf_counts. */
enum pmu_source pmu_event_source(unsigned event)
{
    switch (event) {
    case 0x01: return PMU_SRC_PERF + PERF_L1I_CACHE_REFILL;
    case 0x02: return PMU_SRC_PERF + PERF_L1I_TLB_REFILL;
    case 0x03: return PMU_SRC_PERF + PERF_L1D_CACHE_REFILL;
    case 0x04: return PMU_SRC_PERF + PERF_L1D_CACHE;
    case 0x05: return PMU_SRC_PERF + PERF_L1D_TLB_REFILL;
    case 0x08: return PMU_SRC_INSNS;      /* INST_RETIRED */
    case 0x09: return PMU_SRC_EXC_TAKEN;  /* EXC_TAKEN */
    case 0x0a: return PMU_SRC_EXC_RETURN; /* EXC_RETURN */
    case 0x10: return PMU_SRC_PERF + PERF_BR_MIS_PRED;
    case 0x11: return PMU_SRC_CYCLES;     /* CPU_CYCLES */
    case 0x12: return PMU_SRC_PERF + PERF_BR_RETIRED; /* BR_PRED: predictable branches, here all of them */
    case 0x13: return PMU_SRC_PERF + PERF_MEM_ACCESS;
    case 0x14: return PMU_SRC_PERF + PERF_L1I_CACHE;
    case 0x16: return PMU_SRC_PERF + PERF_L2D_CACHE;
    case 0x17: return PMU_SRC_PERF + PERF_L2D_CACHE_REFILL;
    case 0x21: return PMU_SRC_PERF + PERF_BR_RETIRED;
    case 0x81: return PMU_SRC_PERF + PERF_EXC_UNDEF;
    case 0x82: return PMU_SRC_PERF + PERF_EXC_SVC;
    case 0x83: return PMU_SRC_PERF + PERF_EXC_PABORT;
    case 0x84: return PMU_SRC_PERF + PERF_EXC_DABORT;
    case 0x86: return PMU_SRC_PERF + PERF_EXC_IRQ;
    case 0x87: return PMU_SRC_PERF + PERF_EXC_FIQ;
    case 0x88: return PMU_SRC_PERF + PERF_EXC_SMC;
    case 0x8a: return PMU_SRC_PERF + PERF_EXC_HVC;
    default: return PMU_SRC_NONE;
    }
}

uint64_t pmu_ceid(unsigned which)
{
    uint64_t bits = which ? 0 : 1; /* 0x00 SW_INCR: PMSWINC_EL0 */
    for (unsigned e = 0; e < 32; e++)
        if (pmu_event_source(e + 32 * which) != PMU_SRC_NONE)
            bits |= 1ull << e;
    return bits;
}

unsigned pmu_hpmn(const struct cpu *c)
{
    unsigned hpmn = (unsigned)(c->sr.mdcr_el2 & MDCR_EL2_HPMN_MASK);
    return hpmn < PMU_COUNTERS ? hpmn : PMU_COUNTERS;
}

/* AArch64.GetNumEventCountersAccessible() */
unsigned pmu_counters_accessible(const struct cpu *c)
{
    return c->pstate.el <= EL1 && el2_enabled(c) ? pmu_hpmn(c) : PMU_COUNTERS;
}

/* AArch64.PMUCounterIsEnabled(n): the main enables. Counters from HPMN up are EL2's: MDCR_EL2.HPME
 * enables them instead of PMCR_EL0.E. */
static bool pmu_counter_is_enabled(const struct cpu *c, unsigned n)
{
    bool reserved_for_el2 = n != PMU_CYCLE && n >= pmu_hpmn(c);
    bool e = reserved_for_el2 ? (c->sr.mdcr_el2 & MDCR_EL2_HPME) : (c->sr.pmcr_el0 & PMCR_EL0_E);
    return e && ((c->sr.pmcntenset_el0 >> n) & 1);
}

/* AArch64.CountEvents(n) for a core at `el` in the given security state (ARMv8.0: no HPMD, no
 * debug state). Secure counting is prohibited unless MDCR_EL3.SPME; the cycle counter still counts
 * there unless PMCR_EL0.DP. Then the filter of PMEVTYPER<n>_EL0 (PMCCFILTR_EL0 for the cycle
 * counter): P/U exclude EL1/EL0, NSK/NSU invert them in Non-secure state, NSH includes EL2, M
 * (against P) EL3. */
static bool pmu_count_events(const struct cpu *c, unsigned n, unsigned el, bool secure)
{
    if (!pmu_counter_is_enabled(c, n))
        return false;
    bool prohibited = secure && !(c->sr.mdcr_el3 & MDCR_EL3_SPME);
    if (prohibited && n == PMU_CYCLE)
        prohibited = (c->sr.pmcr_el0 & PMCR_EL0_DP) != 0;
    if (prohibited)
        return false;
    uint64_t filter = n == PMU_CYCLE ? c->sr.pmccfiltr_el0 : c->sr.pmevtyper_el0[n];
    bool p = (filter >> 31) & 1, u = (filter >> 30) & 1, nsk = (filter >> 29) & 1;
    bool nsu = (filter >> 28) & 1, nsh = (filter >> 27) & 1, m = (filter >> 26) & 1;
    bool filtered;
    switch (el) {
    case EL0: filtered = secure ? u : u != nsu; break;
    case EL1: filtered = secure ? p : p != nsk; break;
    case EL2: filtered = !nsh; break;
    default: filtered = m != p; break;
    }
    return !filtered;
}

static bool core_is_secure_at(const struct cpu *c, unsigned el)
{
    return el == EL3 || !(c->sr.scr_el3 & SCR_EL3_NS);
}

static uint64_t source_total(const struct cpu *c, unsigned s)
{
    switch (s) {
    case PMU_SRC_CYCLES: return c->cycles;
    case PMU_SRC_INSNS: return c->icount;
    case PMU_SRC_EXC_TAKEN: return c->exceptions_taken;
    case PMU_SRC_EXC_RETURN: return c->exception_returns;
    default: return c->perf.n[s - PMU_SRC_PERF];
    }
}

/* Add `events` to event counter n (32 bits: PMOVSSET<n> on the carry out of bit 31). */
static void event_counter_add(struct cpu *c, unsigned n, uint64_t events)
{
    uint64_t sum = c->sr.pmevcntr_el0[n] + events;
    if (sum >> 32)
        c->sr.pmovsset_el0 |= 1ull << n;
    c->sr.pmevcntr_el0[n] = sum & LOW32;
}

/* Add steps to PMCCNTR_EL0: it overflows out of bit 63 with PMCR_EL0.LC, else out of bit 31. */
static void cycle_counter_add(struct cpu *c, uint64_t steps)
{
    uint64_t old = c->sr.pmccntr_el0;
    bool overflow = (c->sr.pmcr_el0 & PMCR_EL0_LC) ? old + steps < old : ((old & LOW32) + steps) >> 32 != 0;
    if (overflow)
        c->sr.pmovsset_el0 |= 1ull << PMU_CYCLE;
    c->sr.pmccntr_el0 = old + steps;
}

/* CheckForPMUOverflow(): the interrupt request is high while an enabled counter's overflow flag
 * and interrupt enable are both set. */
static void check_for_pmu_overflow(struct cpu *c)
{
    uint64_t pending = c->sr.pmovsset_el0 & c->sr.pmintenset_el1;
    bool irq = false;
    for (unsigned n = 0; n < PMU_COUNTERS; n++) {
        bool e = n >= pmu_hpmn(c) ? (c->sr.mdcr_el2 & MDCR_EL2_HPME) : (c->sr.pmcr_el0 & PMCR_EL0_E);
        irq |= e && ((pending >> n) & 1);
    }
    irq |= (c->sr.pmcr_el0 & PMCR_EL0_E) && ((pending >> PMU_CYCLE) & 1);
    if (irq != c->pmu.irq_level) {
        c->pmu.irq_level = irq;
        if (c->ports && c->ports->pmu_line)
            c->ports->pmu_line(c, irq);
    }
}

/* The fold, counted as at `el` in the given security state. */
static void pmu_fold_at(struct cpu *c, unsigned el, bool secure)
{
    uint64_t now[PMU_SOURCES];
    for (unsigned s = 0; s < PMU_SOURCES; s++)
        now[s] = source_total(c, s);
    if (c->pmu.active) {
        for (unsigned n = 0; n < PMU_COUNTERS; n++) {
            enum pmu_source s = pmu_event_source((unsigned)(c->sr.pmevtyper_el0[n] & PMEVTYPER_EVTCOUNT));
            if (s != PMU_SRC_NONE && pmu_count_events(c, n, el, secure))
                event_counter_add(c, n, now[s] - c->pmu.at[s]);
        }
        if (pmu_count_events(c, PMU_CYCLE, el, secure)) {
            uint64_t cycles = now[PMU_SRC_CYCLES] - c->pmu.at[PMU_SRC_CYCLES];
            if (c->sr.pmcr_el0 & PMCR_EL0_D) {
                /* PMCR_EL0.D: one step every 64 cycles */
                cycles += c->pmu.ccnt_rest;
                c->pmu.ccnt_rest = cycles % 64;
                cycles /= 64;
            }
            cycle_counter_add(c, cycles);
        }
    }
    memcpy(c->pmu.at, now, sizeof(now));
    check_for_pmu_overflow(c);
}

void pmu_fold(struct cpu *c)
{
    pmu_fold_at(c, c->pstate.el, core_is_secure_at(c, c->pstate.el));
}

void pmu_control_changed(struct cpu *c)
{
    bool e = (c->sr.pmcr_el0 & PMCR_EL0_E) || (c->sr.mdcr_el2 & MDCR_EL2_HPME);
    c->pmu.active = e && c->sr.pmcntenset_el0 != 0;
    check_for_pmu_overflow(c);
    c->next_timer_cycles = 0; /* the next overflow check moved: pmu_update() between blocks */
}

static void exception_level_changed(struct cpu *c, unsigned from_el)
{
    if (!c->pmu.active)
        return;
    pmu_fold_at(c, from_el, core_is_secure_at(c, from_el));
    c->next_timer_cycles = 0; /* counting changed with the EL: pmu_update() between blocks */
}

/* The Cortex-A72's EXC_* events (TRM 11.8): by the kind of exception; every synchronous class
 * that is not a call or an abort is EXC_UNDEF ("other synchronous"), an SError is EXC_DABORT. */
static enum perf_event exception_event(unsigned ec, unsigned kind)
{
    if (kind == VECT_IRQ)
        return PERF_EXC_IRQ;
    if (kind == VECT_FIQ)
        return PERF_EXC_FIQ;
    if (kind == VECT_SERROR)
        return PERF_EXC_DABORT;
    switch (ec) {
    case EC_SVC64: return PERF_EXC_SVC;
    case EC_HVC64: return PERF_EXC_HVC;
    case EC_SMC64: return PERF_EXC_SMC;
    case EC_IABORT_LOWER:
    case EC_IABORT_SAME: return PERF_EXC_PABORT;
    case EC_DABORT_LOWER:
    case EC_DABORT_SAME: return PERF_EXC_DABORT;
    default: return PERF_EXC_UNDEF;
    }
}

void pmu_exception_taken(struct cpu *c, unsigned from_el, unsigned ec, unsigned kind)
{
    c->perf.n[exception_event(ec, kind)]++;
    exception_level_changed(c, from_el);
}

void pmu_exception_returned(struct cpu *c, unsigned from_el)
{
    exception_level_changed(c, from_el);
}

/* The cycles before counter n (counting in the current state) can overflow: exact for cycles; for
 * other events, a quarter of what is left at one event per cycle, at least 1 (events that come
 * only with exceptions, or never, need no check: the exception folds). */
static uint64_t cycles_to_overflow(const struct cpu *c, unsigned n)
{
    if (n == PMU_CYCLE) {
        uint64_t v = c->sr.pmccntr_el0;
        uint64_t steps = (c->sr.pmcr_el0 & PMCR_EL0_LC) ? -v : (1ull << 32) - (v & LOW32);
        if (!(c->sr.pmcr_el0 & PMCR_EL0_D))
            return steps ? steps : UINT64_MAX; /* LC with 0: 2^64 steps away */
        return steps > UINT64_MAX / 64 || !steps ? UINT64_MAX : steps * 64 - c->pmu.ccnt_rest;
    }
    enum pmu_source s = pmu_event_source((unsigned)(c->sr.pmevtyper_el0[n] & PMEVTYPER_EVTCOUNT));
    if (s == PMU_SRC_NONE || s == PMU_SRC_EXC_TAKEN || s == PMU_SRC_EXC_RETURN)
        return UINT64_MAX;
    uint64_t left = (1ull << 32) - c->sr.pmevcntr_el0[n];
    if (s == PMU_SRC_CYCLES)
        return left;
    return left / 4 ? left / 4 : 1;
}

uint64_t pmu_update(struct cpu *c)
{
    if (!c->pmu.active)
        return UINT64_MAX;
    pmu_fold(c);
    unsigned el = c->pstate.el;
    bool secure = core_is_secure_at(c, el);
    uint64_t next = UINT64_MAX;
    for (unsigned k = 0; k <= PMU_COUNTERS; k++) {
        unsigned n = k < PMU_COUNTERS ? k : PMU_CYCLE;
        if (!pmu_count_events(c, n, el, secure))
            continue;
        uint64_t d = cycles_to_overflow(c, n);
        if (d != UINT64_MAX && c->cycles + d > c->cycles && c->cycles + d < next)
            next = c->cycles + d;
    }
    return next;
}

/* PMSWINC_EL0: each counter named in v that counts SW_INCR (event 0x00) and counts events now
 * steps by one. */
void pmu_software_increment(struct cpu *c, uint64_t v)
{
    pmu_fold(c);
    unsigned el = c->pstate.el;
    bool secure = core_is_secure_at(c, el);
    for (unsigned n = 0; n < PMU_COUNTERS; n++)
        if (((v >> n) & 1) && (c->sr.pmevtyper_el0[n] & PMEVTYPER_EVTCOUNT) == 0 &&
            pmu_count_events(c, n, el, secure))
            event_counter_add(c, n, 1);
    check_for_pmu_overflow(c);
}
