/* The physical bus: a short sorted list of regions, looked up with a one-entry cache. */
#include "bus.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/codecache.h"

void bus_init(struct bus *b)
{
    memset(b, 0, sizeof(*b));
}

void bus_free(struct bus *b)
{
    for (unsigned n = 0; n < b->count; n++) {
        struct bus_region *r = &b->regions[n];
        if (r->ram)
            munmap(r->ram, r->size);
        if (r->code) {
            code_cache_free_region(r);
        }
    }
    b->count = 0;
    b->last = NULL;
}

static bool insert_region(struct bus *b, const struct bus_region *nr)
{
    if (b->count == BUS_MAX_REGIONS || nr->size == 0 || nr->base + nr->size - 1 < nr->base)
        return false;
    unsigned pos = 0;
    while (pos < b->count && b->regions[pos].base < nr->base)
        pos++;
    if (pos > 0) {
        const struct bus_region *prev = &b->regions[pos - 1];
        if (prev->base + prev->size > nr->base)
            return false;
    }
    if (pos < b->count && nr->base + nr->size > b->regions[pos].base)
        return false;
    memmove(&b->regions[pos + 1], &b->regions[pos], (b->count - pos) * sizeof(*nr));
    b->regions[pos] = *nr;
    b->count++;
    b->last = NULL;
    return true;
}

bool bus_add_ram(struct bus *b, const char *name, uint64_t base, uint64_t size)
{
    /* The kernel hands out zero pages lazily, so a large DDR costs only what the guest touches.
     * The mapping is 2 MiB-aligned: the low 21 bits of a host address are those of the guest's
     * physical address (from the region's base), as the timing model's caches index by them. */
    const size_t align = 2u << 20;
    uint8_t *raw = mmap(NULL, size + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        return false;
    uint8_t *mem = (uint8_t *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
    if (mem > raw)
        munmap(raw, (size_t)(mem - raw));
    munmap(mem + size, (size_t)(raw + align - mem));
    struct bus_region r = { .base = base, .size = size, .name = name, .ram = mem };
    if (!insert_region(b, &r)) {
        munmap(mem, size);
        return false;
    }
    return true;
}

bool bus_add_device(struct bus *b, const char *name, uint64_t base, uint64_t size,
                    const struct device_ops *ops, void *opaque)
{
    struct bus_region r = { .base = base, .size = size, .name = name, .ops = ops, .opaque = opaque };
    return insert_region(b, &r);
}

struct bus_region *bus_find(struct bus *b, uint64_t pa)
{
    struct bus_region *r = b->last;
    if (r && pa - r->base < r->size)
        return r;
    unsigned lo = 0, hi = b->count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        r = &b->regions[mid];
        if (pa < r->base)
            hi = mid;
        else if (pa - r->base >= r->size)
            lo = mid + 1;
        else {
            b->last = r;
            return r;
        }
    }
    return NULL;
}

uint8_t *bus_ram_ptr(struct bus *b, uint64_t pa, uint64_t len)
{
    struct bus_region *r = bus_find(b, pa);
    if (!r || !r->ram || len > r->size - (pa - r->base))
        return NULL;
    return r->ram + (pa - r->base);
}

bool bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *value)
{
    return bus_read_attrs(b, pa, size, value, BUS_SECURE);
}

bool bus_read_attrs(struct bus *b, uint64_t pa, unsigned size, uint64_t *value, struct bus_attrs attrs)
{
    struct bus_region *r = bus_find(b, pa);
    if (!r || size > r->size - (pa - r->base))
        return false;
    if (r->ram) {
        uint64_t v = 0;
        memcpy(&v, r->ram + (pa - r->base), size);
        *value = v;
        return true;
    }
    return r->ops->read(r->opaque, pa - r->base, size, value, attrs);
}

bool bus_write(struct bus *b, uint64_t pa, unsigned size, uint64_t value)
{
    return bus_write_attrs(b, pa, size, value, BUS_SECURE);
}

bool bus_write_attrs(struct bus *b, uint64_t pa, unsigned size, uint64_t value, struct bus_attrs attrs)
{
    struct bus_region *r = bus_find(b, pa);
    if (!r || size > r->size - (pa - r->base))
        return false;
    if (r->ram) {
        memcpy(r->ram + (pa - r->base), &value, size);
        code_cache_invalidate(r, pa, size);
        return true;
    }
    return r->ops->write(r->opaque, pa - r->base, size, value, attrs);
}
