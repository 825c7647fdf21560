/* A set-associative cache with LRU replacement, as the full timing model's L1I, L1D and L2 use it.
 * It holds tags only (the data stays in the guest's RAM): an access says hit or miss and
 * updates the replacement state. Addresses are host addresses of guest RAM (uarch.c says why
 * that is deterministic). */
#ifndef A72SIM_TIMING_CACHE_H
#define A72SIM_TIMING_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_LINE_BITS 6 /* 64-byte lines in every A72 cache */
#define CACHE_MAX_WAYS 16  /* the L2's */

struct cache {
    unsigned sets, ways;   /* sets is a power of two */
    uint64_t *tags;        /* [set * ways + way]: line address + 1 (0: invalid); way 0 holds the set's
                              most recently used line */
    uint64_t *used;        /* [set * ways + way]: when the line last became its set's most recently used
                              (0: never) */
    uint64_t clock;        /* accesses that changed a set's order so far: the next `used` is one more */
    uint64_t misses;       /* for tests: the model counts in struct perf_counts */
};

/* Set up a cache of size bytes and ways ways (size / 64 / ways sets, a power of two); false when
 * host memory is short. */
bool cache_init(struct cache *k, uint64_t size, unsigned ways);
void cache_free(struct cache *k);
/* Forget every line. */
void cache_invalidate_all(struct cache *k);

/* Is addr in the most recently used way of its set (a hit that changes nothing)? The common case,
 * checked inline before cache_access. cache_mru_hit_in takes the geometry (sets, ways) as arguments:
 * constants make it cheaper. */
static inline bool cache_mru_hit_in(const uint64_t *tags, unsigned sets, unsigned ways, uint64_t addr)
{
    uint64_t line = (addr >> CACHE_LINE_BITS) + 1;
    return tags[(line & (sets - 1)) * ways] == line;
}
static inline bool cache_mru_hit(const struct cache *k, uint64_t addr)
{
    return cache_mru_hit_in(k->tags, k->sets, k->ways, addr);
}

/* Is addr in any way of its set? (Nothing changes.) */
static inline bool cache_holds(const struct cache *k, uint64_t addr)
{
    uint64_t line = (addr >> CACHE_LINE_BITS) + 1;
    const uint64_t *set = &k->tags[(line & (k->sets - 1)) * k->ways];
    for (unsigned w = 0; w < k->ways; w++)
        if (set[w] == line)
            return true;
    return false;
}

/* Look up the line that holds addr; on a miss, fill it in place of the least recently used way.
 * Returns true on a hit. Way 0 is the set's most recently used line, so a hit there (the common case)
 * changes nothing; the other ways are in no order, and `used` says which of them was used least
 * recently. That is exact LRU (a line's `used` only grows while it is way 0's, whose is the largest),
 * without moving a 16-way set's lines at every access. */
static inline bool cache_access(struct cache *k, uint64_t addr)
{
    uint64_t line = (addr >> CACHE_LINE_BITS) + 1;
    size_t base = (size_t)(line & (k->sets - 1)) * k->ways;
    uint64_t *set = &k->tags[base];
    if (set[0] == line)
        return true;
    uint64_t *used = &k->used[base];
    unsigned w = 1;
    while (w < k->ways && set[w] != line)
        w++;
    bool hit = w < k->ways;
    if (!hit) {
        k->misses++;
        w = k->ways - 1; /* the victim: the least recently used of ways 1..ways-1 (an invalid one first) */
        for (unsigned v = 1; v + 1 < k->ways; v++)
            if (used[v] < used[w])
                w = v;
    }
    set[w] = set[0]; /* the most recently used line gives way 0 to this one */
    used[w] = used[0];
    set[0] = line;
    used[0] = ++k->clock;
    return hit;
}

/* The ways of set in order of last use, most recent first: order[0..ways-1],
 * for saving a cache's state independently of where its lines sit. */
void cache_lru_order(const struct cache *k, unsigned set, unsigned order[]);

#endif
