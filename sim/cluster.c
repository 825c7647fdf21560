/* The cluster's shared memory state, in one place: the exclusive monitors of the cores and the
 * events a store or SEV sends, the fast-TLB entries other cores must drop when a page gains a
 * reservation, decoded code or a watch, and the one way to write guest memory from outside a core
 * (machine.h). Broadcast TLB maintenance is mmu_tlbi's (sim/mmu/mmu.c). */
#include <string.h>

#include "cpu/codecache.h"
#include "machine.h"
#include "timing/runs.h"

bool machine_write_phys(struct machine *m, uint64_t pa, const void *buf, uint64_t len)
{
    /* Check the whole range first: nothing is written unless everything can be. */
    for (uint64_t done = 0; done < len;) {
        struct bus_region *r = bus_find(&m->bus, pa + done);
        if (!r || !r->ram)
            return false;
        done += r->base + r->size - (pa + done);
    }
    for (unsigned n = 0; n < m->ncpus; n++)
        timing_sync(m->cpus[n]); /* no core has instructions pending in code that changes */
    const uint8_t *p = buf;
    for (uint64_t done = 0; done < len;) {
        struct bus_region *r = bus_find(&m->bus, pa + done);
        uint64_t chunk = r->base + r->size - (pa + done);
        if (chunk > len - done)
            chunk = len - done;
        memcpy(r->ram + (pa + done - r->base), p + done, chunk);
        code_cache_invalidate(r, pa + done, chunk);
        machine_note_store(m, NULL, pa + done, chunk);
        done += chunk;
    }
    return true;
}

void machine_note_store(struct machine *m, struct cpu *c, uint64_t pa, uint64_t size)
{
    /* A store by one core to a location another core has marked clears that core's monitor, and
     * the clearing of a global monitor is a WFE wake-up event for that core (Arm ARM D1.16.1). */
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *o = m->cpus[n];
        if (o != c && o->excl_valid && pa < o->excl_pa + o->excl_size && o->excl_pa < pa + size) {
            o->excl_valid = false;
            cpu_signal_event(o);
        }
    }
}

void machine_forget_fast_entries(struct machine *m, uint64_t pa, bool read, bool write)
{
    uint8_t *host = bus_ram_ptr(&m->bus, pa & GUEST_PAGE_MASK, 1);
    if (!host)
        return;
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *o = m->cpus[n];
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++) {
            struct fast_tlb_entry *arrays[2] = { read ? o->tlb[idx].read : NULL, write ? o->tlb[idx].write : NULL };
            for (unsigned a = 0; a < 2; a++) {
                struct fast_tlb_entry *e = arrays[a];
                for (unsigned k = 0; e && k < FAST_TLB_SIZE; k++)
                    if (e[k].tag != FAST_TLB_INVALID && (uint8_t *)(uintptr_t)((e[k].tag & GUEST_PAGE_MASK) + e[k].addend) == host)
                        e[k].tag = FAST_TLB_INVALID;
            }
        }
    }
}

void machine_note_reservation(struct machine *m, struct cpu *c, uint64_t pa)
{
    if (m->ncpus < 2)
        return;
    /* Other cores' stores to this page must take the slow path, which sees the reservation (a core
     * that is off has no entries: PSCI CPU_ON starts it with none; c's own stores clear nothing). */
    machine_forget_fast_entries(m, pa, false, true);
}

static struct watched_page *find_watch(struct machine *m, uint64_t pa)
{
    for (unsigned n = 0; n < m->observers.nwatched; n++)
        if (m->observers.watched[n].page == pa >> GUEST_PAGE_BITS)
            return &m->observers.watched[n];
    return NULL;
}

bool machine_watch_page(struct machine *m, uint64_t pa, bool read, bool write)
{
    struct watched_page *w = find_watch(m, pa);
    if (!w) {
        if (m->observers.nwatched == MAX_WATCHED_PAGES)
            return false;
        w = &m->observers.watched[m->observers.nwatched++];
        *w = (struct watched_page){ .page = pa >> GUEST_PAGE_BITS };
    }
    w->reads += read;
    w->writes += write;
    machine_forget_fast_entries(m, pa, read, write); /* from now on these accesses take the slow path */
    return true;
}

void machine_unwatch_page(struct machine *m, uint64_t pa, bool read, bool write)
{
    struct watched_page *w = find_watch(m, pa);
    if (!w)
        return;
    w->reads -= read && w->reads;
    w->writes -= write && w->writes;
    if (!w->reads && !w->writes)
        *w = m->observers.watched[--m->observers.nwatched];
}

bool machine_page_watched(const struct machine *m, uint64_t pa, bool write)
{
    for (unsigned n = 0; n < m->observers.nwatched; n++) {
        const struct watched_page *w = &m->observers.watched[n];
        if (w->page == pa >> GUEST_PAGE_BITS)
            return write ? w->writes != 0 : w->reads != 0;
    }
    return false;
}

bool machine_page_reserved_by_other(const struct machine *m, const struct cpu *c, uint64_t page_pa)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *o = m->cpus[n];
        if (o != c && o->excl_valid && (o->excl_pa & GUEST_PAGE_MASK) == page_pa)
            return true;
    }
    return false;
}

bool machine_exclusive_global_pass(struct machine *m, struct cpu *c, uint64_t pa)
{
    (void)m;
    (void)c;
    (void)pa;
    return true; /* other cores' stores clear the local monitor (machine_note_store) */
}

void machine_flush_fast_write_tlbs(struct machine *m)
{
    for (unsigned n = 0; n < m->ncpus; n++)
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++)
            memset(m->cpus[n]->tlb[idx].write, 0xff, sizeof(m->cpus[n]->tlb[idx].write));
}

void machine_send_event(struct machine *m)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        cpu_signal_event(m->cpus[n]);
    }
}
