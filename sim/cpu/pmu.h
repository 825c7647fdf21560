/* The Performance Monitors Unit (Arm ARM D13, PMUv3 of ARMv8.0; Cortex-A72 TRM 11): six event
 * counters and the cycle counter, their EL filters, MDCR_EL2.HPMN partitioning and the overflow
 * interrupt (PPI 23 on the Versal).
 *
 * Counting costs nothing per instruction. Every event a counter can count comes from a running
 * total the core keeps anyway (c->cycles, c->icount, the exception counts, c->perf); the PMU
 * remembers each total at its last "fold" and, at the next one, adds what the totals advanced to
 * every counter that was counting (AArch64.CountEvents) in the state the core was in. The state a
 * counter's decision depends on changes only at an exception entry or return (the EL) and at a
 * write of a PMU control register or MDCR_EL2/MDCR_EL3, and the PMU folds at each of them, so every
 * count is exact.
 *
 * Overflow is noticed at a fold. For a counter of cycles a fold is due exactly when the cycle count
 * reaches the overflow (the run loop checks c->next_timer_cycles between blocks, as for the timers);
 * for instructions and the timing model's events the PMU asks again after a quarter of the events
 * left to overflow, counted as one per cycle (at least one cycle on); exceptions fold anyway. The
 * overflow flag and interrupt therefore come at the first block boundary after the overflow for
 * cycles, and close after it for the other events (pmu_update()). */
#ifndef A72SIM_CPU_PMU_H
#define A72SIM_CPU_PMU_H

#include <stdbool.h>
#include <stdint.h>

#include "perf.h"

#define PMU_COUNTERS 6u   /* PMCR_EL0.N of the Cortex-A72 */
#define PMU_CYCLE 31u     /* the cycle counter's index in PMCNTENSET_EL0 and friends */

/* Control bits (Arm ARM D13.4). */
#define PMCR_EL0_E  (1ull << 0)
#define PMCR_EL0_P  (1ull << 1)
#define PMCR_EL0_C  (1ull << 2)
#define PMCR_EL0_D  (1ull << 3)
#define PMCR_EL0_DP (1ull << 5)
#define PMCR_EL0_LC (1ull << 6)
#define PMEVTYPER_EVTCOUNT 0x3ffull
#define MDCR_EL2_HPMN_MASK 0x1full
#define MDCR_EL2_HPME (1ull << 7)
#define MDCR_EL3_SPME (1ull << 17)

/* The running totals a counter counts from: the core's own counts, then struct perf_counts. */
enum pmu_source {
    PMU_SRC_CYCLES,
    PMU_SRC_INSNS,
    PMU_SRC_EXC_TAKEN,
    PMU_SRC_EXC_RETURN,
    PMU_SRC_PERF,                    /* PMU_SRC_PERF + enum perf_event */
    PMU_SOURCES = PMU_SRC_PERF + PERF_EVENTS,
    PMU_SRC_NONE = PMU_SOURCES       /* an event the model does not produce (and SW_INCR) */
};

struct pmu_state {
    uint64_t at[PMU_SOURCES];  /* each total at the last fold */
    uint64_t ccnt_rest;        /* cycles counted toward PMCCNTR's next step with PMCR_EL0.D (< 64) */
    bool active;               /* some counter is enabled: EL changes fold */
    bool irq_level;            /* the overflow interrupt request as last driven */
};

struct cpu;

/* The event a PMEVTYPER evtCount names, as a source (PMU_SRC_NONE: counts nothing). */
enum pmu_source pmu_event_source(unsigned event);
/* PMCEID0_EL0 / PMCEID1_EL0: the common events 0x00-0x1F / 0x20-0x3F this model counts. */
uint64_t pmu_ceid(unsigned which);

/* Add to each counter what its source advanced since the last fold, as counted in the core's
 * current state, set overflow flags and drive the interrupt request. Every PMU register access
 * folds first. */
void pmu_fold(struct cpu *c);
/* After a PMU control register (or MDCR_ELx) changed: recompute the interrupt request, whether
 * counting is on at all, and the next overflow check. */
void pmu_control_changed(struct cpu *c);
/* An exception was taken from from_el (ESR class ec, vector kind VECT_*), or an ERET executed at
 * from_el: counts the EXC_* event, and the events so far belong to from_el (in the security state
 * the core is still in). Called after the exception count or the return count moved. */
void pmu_exception_taken(struct cpu *c, unsigned from_el, unsigned ec, unsigned kind);
void pmu_exception_returned(struct cpu *c, unsigned from_el);
/* Called by timer_update() between blocks: fold, and return the cycle count at which the PMU wants
 * to be asked again (UINT64_MAX: never). */
uint64_t pmu_update(struct cpu *c);

/* MDCR_EL2.HPMN as the PMU applies it (at most PMCR_EL0.N). */
unsigned pmu_hpmn(const struct cpu *c);
/* AArch64.GetNumEventCountersAccessible(): HPMN at EL0/EL1 when EL2 is enabled, else N. */
unsigned pmu_counters_accessible(const struct cpu *c);
/* PMSWINC_EL0: step the SW_INCR counters named in v. */
void pmu_software_increment(struct cpu *c, uint64_t v);

struct sysreg_info;
/* The write function of MDCR_EL2 and MDCR_EL3, whose HPMN, HPME and SPME decide what counts. */
bool pmu_write_mdcr(struct cpu *c, const struct sysreg_info *r, uint64_t v);

#endif
