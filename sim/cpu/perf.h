/* Microarchitectural event counts of a core: what the timing model observes (cache and TLB refills,
 * branch predictions) and what the core does (exceptions by kind), counted since reset. The PMU
 * (PMEVCNTRn_EL0), --stats and the profiles read these; the architectural counts that already have a
 * field of struct cpu (icount, cycles, exceptions_taken, exception_returns) are not repeated here.
 *
 * Each enumerator's comment gives the Armv8 PMU event number it is counted as (Arm ARM D13.12,
 * Cortex-A72 TRM 11.8). Counting is one add on paths that are already slow, or on the full timing
 * model's path; the plain run's fast path counts nothing. */
#ifndef A72SIM_CPU_PERF_H
#define A72SIM_CPU_PERF_H

#include <stdint.h>

enum perf_event {
    PERF_L1I_CACHE_REFILL, /* 0x01 */
    PERF_L1I_TLB_REFILL,   /* 0x02 */
    PERF_L1D_CACHE_REFILL, /* 0x03 */
    PERF_L1D_CACHE,        /* 0x04 */
    PERF_L1D_TLB_REFILL,   /* 0x05 */
    PERF_BR_MIS_PRED,      /* 0x10 */
    PERF_MEM_ACCESS,       /* 0x13 */
    PERF_L1I_CACHE,        /* 0x14 */
    PERF_L2D_CACHE,        /* 0x16 */
    PERF_L2D_CACHE_REFILL, /* 0x17 */
    PERF_BR_RETIRED,       /* 0x21, and 0x12 BR_PRED: every branch the model runs is predicted and retired */
    PERF_EXC_UNDEF,        /* 0x81 */
    PERF_EXC_SVC,          /* 0x82 */
    PERF_EXC_PABORT,       /* 0x83 */
    PERF_EXC_DABORT,       /* 0x84 */
    PERF_EXC_IRQ,          /* 0x86 */
    PERF_EXC_FIQ,          /* 0x87 */
    PERF_EXC_SMC,          /* 0x88 */
    PERF_EXC_HVC,          /* 0x8A */
    PERF_EVENTS
};

struct perf_counts {
    uint64_t n[PERF_EVENTS];
};

#endif
