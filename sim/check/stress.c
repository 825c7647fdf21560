/* --stress: the schedule's random draws (splitmix64 from the seed: the same on every host). */
#include "stress.h"

static uint64_t next(struct stress *s)
{
    uint64_t z = (s->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void stress_init(struct stress *s, uint64_t seed, uint64_t quantum)
{
    s->state = seed;
    s->quantum = quantum ? quantum : 1;
}

unsigned stress_first_core(struct stress *s, unsigned ncpus)
{
    return ncpus > 1 ? (unsigned)(next(s) % ncpus) : 0;
}

uint64_t stress_quantum(struct stress *s)
{
    return 1 + next(s) % (2 * s->quantum);
}

unsigned stress_hold_rounds(struct stress *s)
{
    uint64_t r = next(s);
    return (r & 1) ? 0 : 1 + (unsigned)((r >> 1) % 3);
}
