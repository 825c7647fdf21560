/* Check psci: calls the built-in firmware answers that make no sense in the cores' state (PSCI,
 * Arm DEN 0022): CPU_ON of a core that is on, CPU_ON with an entry point outside RAM, SYSTEM_OFF
 * while another core is still running with its IRQs unmasked (a warning: its work is lost). A core
 * asleep in WFI/WFE or running with IRQs masked is taken as parked or parking: Linux and Xen stop
 * their other cores so (IRQs masked, then a WFI loop) without turning them off. */
#include "check_internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "../bus.h"

#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u

#define RULE_ON "PSCI (Arm DEN 0022) CPU_ON: the target core must be off (ALREADY_ON otherwise)"
#define RULE_ENTRY "PSCI (Arm DEN 0022) CPU_ON: entry_point_address must be a valid physical address of the " \
                   "caller's memory (INVALID_ADDRESS otherwise)"
#define RULE_OFF "PSCI (Arm DEN 0022) SYSTEM_OFF: the other cores should be off (CPU_OFF) first; their work is lost"

void check_psci_event(struct check_state *s, const struct obs_event *e)
{
    if (e->cpu < 0)
        return;
    struct machine *m = s->m;
    uint32_t fn = e->u.call.function;
    uint64_t pc = check_insn_pc(s, e);
    char what[200], evidence[160];
    if (fn == PSCI_CPU_ON_32 || fn == PSCI_CPU_ON_64) {
        uint64_t target = e->u.call.args[0], entry = e->u.call.args[1];
        if ((int64_t)e->u.call.result == -4 /* ALREADY_ON */) {
            snprintf(what, sizeof what, "PSCI CPU_ON of core with MPIDR 0x%" PRIx64 ", which is on", target);
            snprintf(evidence, sizeof evidence, "the firmware answered ALREADY_ON (-4)");
            check_report(s, CHECK_PSCI, e->cpu, pc, what, RULE_ON, evidence);
        }
        if (!bus_ram_ptr(&m->bus, entry, 4)) {
            snprintf(what, sizeof what, "PSCI CPU_ON with entry point 0x%" PRIx64 " outside RAM", entry);
            snprintf(evidence, sizeof evidence, "the firmware answered %" PRId64, (int64_t)e->u.call.result);
            check_report(s, CHECK_PSCI, e->cpu, pc, what, RULE_ENTRY, evidence);
        }
    } else if (fn == PSCI_SYSTEM_OFF) {
        for (unsigned n = 0; n < m->ncpus; n++) {
            const struct cpu *o = m->cpus[n];
            if ((int)n == e->cpu || o->powered_off || o->wfi_pending || o->pstate.i)
                continue;
            snprintf(what, sizeof what, "warning: PSCI SYSTEM_OFF while cpu%u is still running", n);
            snprintf(evidence, sizeof evidence, "cpu%u was at pc 0x%" PRIx64 " EL%u, running, IRQs unmasked", n,
                     o->pc, o->pstate.el);
            check_report(s, CHECK_PSCI, e->cpu, pc, what, RULE_OFF, evidence);
            break;
        }
    }
}
