#include "codecache.h"

#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "timing/deps.h"
#include "timing/runs.h"

/* The first execution of a slot: decode the word, then run it. imm holds the slot's offset in
 * the page until the slot is decoded. */
static enum exec_status exec_decode_stub(struct cpu *c, const struct insn *i)
{
    struct insn *slot = (struct insn *)i;
    unsigned index = (unsigned)(slot->imm >> 2);
    struct code_page *page = (struct code_page *)(slot - index);
    uint32_t word;
    memcpy(&word, page->host + slot->imm, 4);
    (void)a64_decode(slot, word);
    timing_insn_deps(slot, &page->timing[index]);
    /* A run never holds a slot not yet decoded (run_shape): none is pending here. */
    if (c->config.timing_mode == TIMING_MODE_STATIC)
        cpu_charge(c, insn_cost(slot)); /* the run loop charged the stub's cost (0) for this first execution */
    return slot->exec(c, slot);
}

bool code_slot_decoded(const struct insn *slot) { return slot->exec != exec_decode_stub; }

uint32_t code_slot_word(const struct insn *slot)
{
    if (slot->exec != exec_decode_stub)
        return slot->raw;
    const struct code_page *page = (const struct code_page *)(slot - (slot->imm >> 2));
    uint32_t word;
    memcpy(&word, page->host + slot->imm, 4);
    return word;
}

static void reset_slot(struct insn *slot, unsigned index)
{
    memset(slot, 0, sizeof(*slot));
    slot->exec = exec_decode_stub;
    slot->imm = (int64_t)index * 4;
    ((struct code_page *)(slot - index))->timing[index] = timing_insn_nothing;
}

uint64_t code_cache_page_limit(uint64_t bytes)
{
    uint64_t pages = (bytes ? bytes : CODE_CACHE_DEFAULT_BYTES) / sizeof(struct code_page);
    return pages ? pages : 1;
}

/* Free every decoded page of every region (QEMU's tb_flush when its code buffer is full), and
 * every core's fast-TLB fetch entries, which point into them. Called between blocks only
 * (code_page_get from the fetch at a block's start): no core holds an insn pointer then. */
static void code_cache_flush(struct machine *m)
{
    code_cache_drop_all(m);
    m->code_cache_flushes++;
}

struct code_page *code_page_get(struct machine *m, struct bus_region *r, uint64_t pa)
{
    if (!r->ram)
        return NULL;
    uint64_t npages = (r->size + 4095) >> 12;
    if (!r->code) {
        r->code = calloc(npages, sizeof(*r->code));
        if (!r->code)
            return NULL;
    }
    uint64_t idx = (pa - r->base) >> 12;
    struct code_page *page = r->code[idx];
    if (page)
        return page;
    if (m->code_cache_pages >= code_cache_page_limit(m->code_cache_bytes))
        code_cache_flush(m);
    page = malloc(sizeof(*page));
    if (!page)
        return NULL;
    for (unsigned n = 0; n < CODE_PAGE_INSNS; n++)
        reset_slot(&page->insns[n], n);
    page->pa = r->base + (idx << 12);
    page->host = r->ram + (idx << 12);
    page->next = r->code_list;
    r->code_list = page;
    r->code[idx] = page;
    m->code_cache_pages++;
    /* Stores to this page must now take the slow path, which invalidates what they overwrite. */
    machine_flush_fast_write_tlbs(m);
    return page;
}

bool code_cache_decoded(const struct bus_region *r, uint64_t pa, uint64_t len)
{
    for (uint64_t off = (pa - r->base) & ~(uint64_t)3; off < pa - r->base + len; off += 4) {
        const struct code_page *page = r->code[off >> 12];
        if (page && code_slot_decoded(&page->insns[(off & 4095) >> 2]))
            return true;
    }
    return false;
}

void code_cache_invalidate_slow(struct bus_region *r, uint64_t pa, uint64_t len)
{
    uint64_t off = pa - r->base;
    uint64_t end = off + len;
    while (off < end) {
        struct code_page *page = r->code[off >> 12];
        uint64_t page_end = (off | 4095) + 1;
        uint64_t stop = end < page_end ? end : page_end;
        if (page) {
            unsigned first = (unsigned)(off & 4095) >> 2, last = (unsigned)((stop - 1) & 4095) >> 2;
            bool decoded = false;
            for (unsigned s = first; s <= last; s++) {
                decoded |= code_slot_decoded(&page->insns[s]);
                reset_slot(&page->insns[s], s);
            }
            if (decoded)
                run_memo_forget(page, first, last); /* runs hold decoded slots only: these are stale */
        }
        off = stop;
    }
}

void code_cache_invalidate_all(struct machine *m)
{
    for (unsigned n = 0; n < m->bus.count; n++)
        for (struct code_page *page = m->bus.regions[n].code_list; page; page = page->next) {
            for (unsigned s = 0; s < CODE_PAGE_INSNS; s++)
                reset_slot(&page->insns[s], s); /* (and its timing: the runs go too) */
        }
}

void code_cache_free_region(struct bus_region *r)
{
    while (r->code_list) {
        struct code_page *next = r->code_list->next;
        free(r->code_list);
        r->code_list = next;
    }
    free(r->code);
    r->code = NULL;
}

void code_cache_drop_all(struct machine *m)
{
    for (unsigned n = 0; n < m->bus.count; n++) {
        struct bus_region *r = &m->bus.regions[n];
        while (r->code_list) {
            struct code_page *page = r->code_list;
            r->code_list = page->next;
            r->code[(page->pa - r->base) >> 12] = NULL;
            free(page);
        }
    }
    for (unsigned n = 0; n < m->ncpus; n++)
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++)
            for (unsigned k = 0; k < FAST_TLB_SIZE; k++)
                m->cpus[n]->tlb[idx].fetch[k] = (struct fast_fetch_entry){ FAST_TLB_INVALID, NULL };
    m->code_cache_pages = 0;
}
