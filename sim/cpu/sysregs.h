/* Storage of the system registers of one core.
 *
 * Only the values live here; what each register is (encoding, reset value, RES0/RES1, who may
 * access it, traps) is described by the system-register table (sysreg.h). Registers whose value
 * is derived (CurrentEL, NZCV, DAIF, SPSel, the ID registers, counters) have no field here.
 */
#ifndef A72SIM_CPU_SYSREGS_H
#define A72SIM_CPU_SYSREGS_H

#include <stdint.h>

struct sysregs {
    /* EL0/EL1 */
    uint64_t sctlr_el1, actlr_el1, cpacr_el1;
    uint64_t ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1, amair_el1;
    uint64_t esr_el1, far_el1, afsr0_el1, afsr1_el1, par_el1;
    uint64_t vbar_el1, contextidr_el1, csselr_el1;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1;
    uint64_t cntkctl_el1, mdscr_el1;
    /* EL2 */
    uint64_t sctlr_el2, actlr_el2, hcr_el2, mdcr_el2, cptr_el2, hstr_el2, hacr_el2;
    uint64_t ttbr0_el2, tcr_el2, mair_el2, amair_el2, vttbr_el2, vtcr_el2;
    uint64_t esr_el2, far_el2, hpfar_el2, afsr0_el2, afsr1_el2;
    uint64_t vbar_el2, tpidr_el2, vpidr_el2, vmpidr_el2;
    uint64_t cnthctl_el2, cntvoff_el2;
    /* EL3 */
    uint64_t sctlr_el3, actlr_el3, scr_el3, cptr_el3, mdcr_el3;
    uint64_t ttbr0_el3, tcr_el3, mair_el3, amair_el3;
    uint64_t esr_el3, far_el3, afsr0_el3, afsr1_el3;
    uint64_t vbar_el3, tpidr_el3, rmr_el3, rvbar_el3;
    /* Cortex-A72 IMPLEMENTATION DEFINED */
    uint64_t cpuactlr_el1, cpuectlr_el1, cpumerrsr_el1, l2ctlr_el1, l2ectlr_el1, l2actlr_el1, l2merrsr_el1;
    /* Debug (storage only: no self-hosted debug events are generated) */
    uint64_t osdlr_el1, oslsr_el1, dbgprcr_el1, dbgclaim;
    uint64_t osdtrrx_el1, osdtrtx_el1, oseccr_el1, dbgdtr_el0;
    uint64_t dbgbvr_el1[6], dbgbcr_el1[6], dbgwvr_el1[4], dbgwcr_el1[4];
    uint64_t mdccint_el1;
    /* PMU (issue: timing/profiling fills in counting) */
    uint64_t pmcr_el0, pmcntenset_el0, pmovsset_el0, pmintenset_el1, pmselr_el0;
    uint64_t pmuserenr_el0, pmccfiltr_el0;
    uint64_t pmccntr_el0;        /* PMCCNTR_EL0 at the PMU's last fold (pmu.h) */
    uint64_t pmevcntr_el0[6], pmevtyper_el0[6];
    /* Generic timer (the GIC/timer issue adds behaviour) */
    uint64_t cntfrq_el0;
    uint64_t cntp_ctl_el0, cntp_cval_el0, cntv_ctl_el0, cntv_cval_el0;
    uint64_t cnthp_ctl_el2, cnthp_cval_el2, cntps_ctl_el1, cntps_cval_el1;
};

#endif
