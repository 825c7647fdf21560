/* The full timing model's view of one decoded instruction (pipeline.h): which registers it reads
 * and writes, its latency, port and occupancy, from its word and the static cost the decoder chose. */
#ifndef A72SIM_TIMING_DEPS_H
#define A72SIM_TIMING_DEPS_H

#include "cpu/insn.h"
#include "timing/pipeline.h"

/* Fill *t for the decoded instruction i (its word is i->raw; exec_undefined's get no dependencies). */
void timing_insn_deps(const struct insn *i, struct insn_timing *t);
/* What a slot not yet decoded holds: nothing read, nothing written. */
extern const struct insn_timing timing_insn_nothing;

#endif
