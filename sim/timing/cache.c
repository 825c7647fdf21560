#include "timing/cache.h"

#include <stdlib.h>
#include <string.h>

bool cache_init(struct cache *k, uint64_t size, unsigned ways)
{
    if (ways == 0 || ways > CACHE_MAX_WAYS)
        return false;
    *k = (struct cache){ .sets = (unsigned)(size >> CACHE_LINE_BITS) / ways, .ways = ways };
    k->tags = calloc((size_t)k->sets * ways, sizeof(*k->tags));
    k->used = calloc((size_t)k->sets * ways, sizeof(*k->used));
    if (!k->tags || !k->used) {
        cache_free(k);
        return false;
    }
    return true;
}

void cache_free(struct cache *k)
{
    free(k->tags);
    free(k->used);
    k->tags = NULL;
    k->used = NULL;
}

void cache_invalidate_all(struct cache *k)
{
    memset(k->tags, 0, (size_t)k->sets * k->ways * sizeof(*k->tags));
    memset(k->used, 0, (size_t)k->sets * k->ways * sizeof(*k->used));
    k->clock = 0;
}

void cache_lru_order(const struct cache *k, unsigned set, unsigned order[])
{
    const uint64_t *used = &k->used[(size_t)set * k->ways];
    for (unsigned w = 0; w < k->ways; w++) { /* insertion sort by `used`, largest first (way 0's is) */
        unsigned j = w;
        for (; j > 0 && used[order[j - 1]] < used[w]; j--)
            order[j] = order[j - 1];
        order[j] = w;
    }
}
