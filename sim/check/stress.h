/* --stress SEED: deterministic variation of the cores' schedule. Each round of machine_run starts
 * at a core drawn from the seed and gives every core a quantum drawn from 1 to twice --quantum, so
 * the points where one core's instructions interleave with the other's, and where an interrupt
 * raised by the other core or by a device (delivered between rounds) is taken, move with the seed.
 * The same seed gives the same run exactly. */
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

#endif
