/* --stress SEED: deterministic variation of the run. Each round of machine_run starts at a core
 * drawn from the seed and gives every core a quantum drawn from 1 to twice --quantum, so the points
 * where one core's instructions interleave with the other's move with the seed; the GIC holds back
 * each rise of its outputs to a core (IRQ, FIQ, vIRQ, vFIQ, the maintenance interrupt) for a number
 * of rounds drawn here (sim/gic/gic.c, gic_stress_output). The same seed gives the same run. */
#ifndef A72SIM_CHECK_STRESS_H
#define A72SIM_CHECK_STRESS_H

#include <stdint.h>

struct stress {
    uint64_t state;
    uint64_t quantum;    /* --quantum: the mean of the drawn quanta */
};

void stress_init(struct stress *s, uint64_t seed, uint64_t quantum);
/* The core that runs first in this round (of ncpus). */
unsigned stress_first_core(struct stress *s, unsigned ncpus);
/* The next core's quantum: 1 .. 2 * quantum. */
uint64_t stress_quantum(struct stress *s);
/* Rounds of the scheduler an interrupt output's rise waits (0 .. 3; 0 half the time). */
unsigned stress_hold_rounds(struct stress *s);

#endif
