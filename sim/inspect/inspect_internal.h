/* What the inspection views share (sim/inspect/). */
#ifndef A72SIM_INSPECT_INTERNAL_H
#define A72SIM_INSPECT_INTERNAL_H

#include <stdio.h>

#include "inspect.h"

struct machine;
struct cpu;

/* The core of that number, or NULL after a line saying there is none. */
struct cpu *inspect_core(FILE *f, struct machine *m, unsigned core);
/* "running", "WFI", "WFE" or "off". */
const char *inspect_core_state(const struct cpu *c);

#endif
