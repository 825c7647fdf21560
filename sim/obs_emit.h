/* The producing side of the observation interface (observe.h): how the core, the MMU, the GIC and
 * the firmware services hand events to the attached observers. Every producer first asks
 * obs_wants(), which is one load and a test, so a run with no observer pays nothing more. */
#ifndef A72SIM_OBS_EMIT_H
#define A72SIM_OBS_EMIT_H

#include <string.h>

#include "machine.h"
#include "observe.h"

static inline bool obs_wants(const struct machine *m, enum obs_kind kind)
{
    return UNLIKELY(m->observers.kinds & OBS_MASK(kind));
}

/* Fill the fields every event of core c carries (kind, cpu, EL, VMID, ASID, seq, cycle, pc); the
 * union is left as it is (the instruction event, the commonest, sets its one field itself). */
void obs_fill_header(struct obs_event *e, enum obs_kind kind, const struct cpu *c);

/* The same, with the union cleared. */
static inline void obs_fill_core(struct obs_event *e, enum obs_kind kind, const struct cpu *c)
{
    obs_fill_header(e, kind, c);
    memset(&e->u, 0, sizeof(e->u));
}

/* Hand e to every observer that wants its kind. */
void obs_deliver(struct machine *m, const struct obs_event *e);

#endif
