#include "timing/cache.h"

#include <stdlib.h>
#include <string.h>

bool cache_init(struct cache *k, uint64_t size, unsigned ways)
{
    *k = (struct cache){ .sets = (unsigned)(size >> CACHE_LINE_BITS) / ways, .ways = ways };
    k->tags = calloc((size_t)k->sets * ways, sizeof(*k->tags));
    return k->tags != NULL;
}

void cache_free(struct cache *k)
{
    free(k->tags);
    k->tags = NULL;
}

void cache_invalidate_all(struct cache *k)
{
    memset(k->tags, 0, (size_t)k->sets * k->ways * sizeof(*k->tags));
}
