/* The producing side of the observation interface (observe.h): how the core, the MMU, the GIC and
 * the firmware services hand events to the attached observers. Every producer first asks
 * obs_wants(), which is one load and a test, so a run with no observer pays nothing more. */
#ifndef A72SIM_OBS_EMIT_H
#define A72SIM_OBS_EMIT_H

#include "machine.h"
#include "observe.h"

static inline bool obs_wants(const struct machine *m, enum obs_kind kind)
{
    return UNLIKELY(m->observers.kinds & OBS_MASK(kind));
}

/* Fill the fields every event of core c carries (cpu, EL, VMID, ASID, seq, cycle, pc) and clear
 * the rest. */
void obs_fill_core(struct obs_event *e, enum obs_kind kind, const struct cpu *c);

/* Hand e to every observer that wants its kind. */
void obs_deliver(struct machine *m, const struct obs_event *e);

#endif
