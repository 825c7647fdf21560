#ifndef A72SIM_CPU_RUN_H
#define A72SIM_CPU_RUN_H

#include "cpu.h"

/* Run the core for at most budget instructions, stopping early at a block boundary when the
 * machine is asked to stop. Returns the instructions executed (also added to c->icount). */
uint64_t cpu_run(struct cpu *c, uint64_t budget);

#endif
