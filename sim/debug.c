#include "debug.h"

#include <string.h>

void debug_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, bool stage1_only,
                     struct translation *t)
{
    bool was = c->debug_access;
    c->debug_access = true;
    mmu_walk(c, idx, va, acc, stage1_only, t);
    c->debug_access = was;
}

bool debug_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len, bool secure)
{
    uint8_t *out = buf;
    struct bus_attrs attrs = { .secure = secure, .debug = true };
    while (len) {
        struct bus_region *r = bus_find(&m->bus, pa);
        if (!r)
            return false;
        uint64_t in_region = r->base + r->size - pa;
        size_t chunk = len < in_region ? len : (size_t)in_region;
        if (r->ram) {
            memcpy(out, r->ram + (pa - r->base), chunk);
        } else {
            /* Registers are read whole where the address allows it, else byte by byte. */
            unsigned size = (pa & 3) == 0 && chunk >= 4 ? 4 : 1;
            uint64_t v;
            if (!r->ops->read(r->opaque, pa - r->base, size, &v, attrs))
                return false;
            memcpy(out, &v, size);
            chunk = size;
        }
        out += chunk;
        pa += chunk;
        len -= chunk;
    }
    return true;
}

/* Run fn on each page-sized piece of [va, va + len) after translating it. */
static bool for_each_page(struct cpu *c, enum mmu_idx idx, uint64_t va, size_t len, bool write,
                          bool (*fn)(struct cpu *c, uint64_t pa, uint8_t *buf, size_t n, const struct translation *t),
                          uint8_t *buf)
{
    while (len) {
        size_t chunk = GUEST_PAGE_SIZE - (va & (GUEST_PAGE_SIZE - 1));
        if (chunk > len)
            chunk = len;
        struct translation t;
        debug_translate(c, idx, va, write ? MMU_WRITE : MMU_READ, false, &t);
        if (t.fault || !fn(c, t.pa, buf, chunk, &t))
            return false;
        buf += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

static bool read_piece(struct cpu *c, uint64_t pa, uint8_t *buf, size_t n, const struct translation *t)
{
    return debug_read_phys(c->machine, pa, buf, n, !t->ns);
}

static bool write_piece(struct cpu *c, uint64_t pa, uint8_t *buf, size_t n, const struct translation *t)
{
    (void)t;
    return machine_write_phys(c->machine, pa, buf, n);
}

bool debug_read_virt(struct cpu *c, enum mmu_idx idx, uint64_t va, void *buf, size_t len)
{
    return for_each_page(c, idx, va, len, false, read_piece, buf);
}

bool debug_write_phys(struct machine *m, uint64_t pa, const void *buf, size_t len)
{
    return machine_write_phys(m, pa, buf, len);
}

bool debug_write_virt(struct cpu *c, enum mmu_idx idx, uint64_t va, const void *buf, size_t len)
{
    /* Translated first, all pages, so that a failure writes nothing. */
    for (uint64_t off = 0; off < len;) {
        size_t chunk = GUEST_PAGE_SIZE - ((va + off) & (GUEST_PAGE_SIZE - 1));
        struct translation t;
        debug_translate(c, idx, va + off, MMU_WRITE, false, &t);
        if (t.fault || !bus_ram_ptr(&c->machine->bus, t.pa, chunk < len - off ? chunk : len - off))
            return false;
        off += chunk;
    }
    return for_each_page(c, idx, va, len, true, write_piece, (uint8_t *)(uintptr_t)buf);
}
