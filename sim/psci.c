#include "psci.h"

#include <stdio.h>
#include <string.h>

#include "machine.h"
#include "obs_emit.h"
#include "cpu/timer.h"
#include "mmu/tlb.h"
#include "versal/versal.h"

#define PSCI_VERSION_1_1 0x00010001u
#define MPIDR_AFFINITY_MASK 0xff00ffffffull  /* Aff3, Aff2, Aff1, Aff0 */

enum { AFFINITY_ON = 0, AFFINITY_OFF = 1 };

/* The core whose MPIDR affinity fields match target (bit 31 and other RES bits ignored). */
static struct cpu *psci_find_cpu(struct machine *m, uint64_t target)
{
    for (unsigned n = 0; n < m->ncpus; n++)
        if ((m->cpus[n]->config.mpidr & MPIDR_AFFINITY_MASK) == (target & MPIDR_AFFINITY_MASK))
            return m->cpus[n];
    return NULL;
}

static bool psci_supported(uint32_t fn)
{
    switch (fn) {
    case PSCI_VERSION_FN:
    case PSCI_CPU_OFF_FN:
    case PSCI_CPU_ON_FN:
    case PSCI_CPU_ON_FN | PSCI_SMC64:
    case PSCI_AFFINITY_INFO_FN:
    case PSCI_AFFINITY_INFO_FN | PSCI_SMC64:
    case PSCI_MIGRATE_INFO_TYPE_FN:
    case PSCI_SYSTEM_OFF_FN:
    case PSCI_SYSTEM_RESET_FN:
    case PSCI_FEATURES_FN:
    case SMCCC_VERSION_FN: /* PSCI_FEATURES(SMCCC_VERSION) is how a caller finds SMCCC 1.1 */
        return true;
    default:
        return false;
    }
}

/* CPU_ON: the target restarts from reset in the board's EL2 boot state at entry, X0 = context. */
static int64_t psci_cpu_on(struct cpu *c, uint64_t target_mpidr, uint64_t entry, uint64_t context)
{
    struct machine *m = c->machine;
    struct cpu *t = psci_find_cpu(m, target_mpidr);
    if (!t)
        return PSCI_INVALID_PARAMETERS;
    if (!t->powered_off)
        return PSCI_ALREADY_ON;
    if ((entry & 3) || !bus_ram_ptr(&m->bus, entry, 4))
        return PSCI_INVALID_ADDRESS; /* the entry point is not RAM the core could run */
    /* Its timers restart disabled: lower the outputs it last drove. */
    t->sr.cntp_ctl_el0 = t->sr.cntv_ctl_el0 = t->sr.cnthp_ctl_el2 = t->sr.cntps_ctl_el1 = 0;
    timer_update(t);
    t->sr.pmcr_el0 &= ~PMCR_EL0_E; /* and so does its PMU's overflow interrupt */
    t->sr.mdcr_el2 &= ~MDCR_EL2_HPME;
    pmu_control_changed(t);
    uint64_t icount = t->icount;
    struct perf_counts perf = t->perf; /* counted since power-on, like icount */
    unsigned lines = t->irq_lines; /* driven by the GIC, which keeps its own state */
    struct tlb *arch_tlb = t->arch_tlb;
    cpu_reset(t, m, t->index);
    memset(arch_tlb, 0, sizeof(*arch_tlb)); /* a core comes out of reset with empty TLBs */
    t->icount = icount;
    t->perf = perf;
    t->irq_lines = lines;
    cpu_sync_cycles(t, c->cycles); /* its counter agrees with the caller's */
    versal_boot_cpu(t, false);
    t->pc = entry;
    t->x[0] = context;
    return PSCI_SUCCESS;
}

/* SMCCC_ARCH_FEATURES: which Arm Architecture Service functions exist, as TF-A answers on the A72. */
static int64_t smccc_arch_features(uint32_t fn)
{
    switch (fn) {
    case SMCCC_VERSION_FN:
    case SMCCC_ARCH_FEATURES_FN:
    case SMCCC_ARCH_WORKAROUND_1_FN:
        return 0;
    case SMCCC_ARCH_WORKAROUND_2_FN:
        return SMCCC_NOT_REQUIRED;
    default:
        return SMCCC_NOT_SUPPORTED;
    }
}

static int64_t psci_affinity_info(struct cpu *c, uint64_t target_mpidr, uint64_t level)
{
    if (level != 0)
        return PSCI_INVALID_PARAMETERS; /* only affinity level 0 (the cores) is reported */
    struct cpu *t = psci_find_cpu(c->machine, target_mpidr);
    if (!t)
        return PSCI_INVALID_PARAMETERS;
    return t->powered_off ? AFFINITY_OFF : AFFINITY_ON;
}

static void emit_psci(struct cpu *c, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_PSCI, c);
    e.u.call.function = fn;
    e.u.call.args[0] = a1;
    e.u.call.args[1] = a2;
    e.u.call.args[2] = a3;
    e.u.call.result = c->x[0];
    obs_deliver(c->machine, &e);
}

static enum exec_status psci_dispatch(struct cpu *c);

enum exec_status psci_call(struct cpu *c)
{
    uint32_t fn = (uint32_t)c->x[0];
    uint64_t a1 = c->x[1], a2 = c->x[2], a3 = c->x[3];
    enum exec_status s = psci_dispatch(c);
    if (obs_wants(c->machine, OBS_PSCI))
        emit_psci(c, fn, a1, a2, a3);
    return s;
}

static enum exec_status psci_dispatch(struct cpu *c)
{
    struct machine *m = c->machine;
    uint32_t fn = (uint32_t)c->x[0];
    bool smc64 = fn & PSCI_SMC64;
    /* SMC32 calls take their arguments from W1-W3. */
    uint64_t arg_mask = smc64 ? UINT64_MAX : UINT32_MAX;
    uint64_t a1 = c->x[1] & arg_mask, a2 = c->x[2] & arg_mask, a3 = c->x[3] & arg_mask;
    int64_t ret;
    c->pc += 4; /* the firmware returns past the SMC */
    switch (fn) {
    case SMCCC_VERSION_FN: ret = SMCCC_VERSION_1_1; break;
    case SMCCC_ARCH_FEATURES_FN: ret = smccc_arch_features((uint32_t)a1); break;
    case SMCCC_ARCH_WORKAROUND_1_FN:
    case SMCCC_ARCH_WORKAROUND_2_FN:
        return EXEC_END_BLOCK; /* no result: the registers stay as they were */
    case PSCI_VERSION_FN: ret = PSCI_VERSION_1_1; break;
    case PSCI_FEATURES_FN: ret = psci_supported((uint32_t)a1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED; break;
    case PSCI_CPU_ON_FN:
    case PSCI_CPU_ON_FN | PSCI_SMC64: ret = psci_cpu_on(c, a1, a2, a3); break;
    case PSCI_AFFINITY_INFO_FN:
    case PSCI_AFFINITY_INFO_FN | PSCI_SMC64: ret = psci_affinity_info(c, a1, a2); break;
    case PSCI_MIGRATE_INFO_TYPE_FN: ret = 2; break; /* no Trusted OS: migration not required */
    case PSCI_CPU_OFF_FN:
        c->powered_off = true;
        c->wfi_pending = false;
        c->excl_valid = false;
        return EXEC_END_BLOCK;
    case PSCI_SYSTEM_OFF_FN:
        machine_request_stop(m, STOP_GUEST_EXIT, 0);
        return EXEC_END_BLOCK;
    case PSCI_SYSTEM_RESET_FN:
        fflush(m->out);
        fprintf(stderr, "a72sim: the guest asked for PSCI SYSTEM_RESET; the run ends (no reboot)\n");
        machine_request_stop(m, STOP_GUEST_EXIT, 0);
        return EXEC_END_BLOCK;
    default: ret = PSCI_NOT_SUPPORTED; break;
    }
    /* The result sign-extended into X0 for SMC32 calls too, as TF-A returns its int results. */
    c->x[0] = (uint64_t)ret;
    return EXEC_END_BLOCK;
}
