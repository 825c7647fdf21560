/* Decoded instructions cached per physical 4 KiB page of RAM.
 *
 * A slot starts as a stub that decodes the word on first execution and replaces itself with the
 * decoded instruction. A store to a page that holds decoded code resets the slots it overwrites,
 * so self-modifying code and loaders always see their new instructions (the architecture only
 * requires this after IC IVAU/IALLU; doing it at once is a permitted behaviour).
 *
 * The decoded pages of a machine take at most its budget (machine.code_cache_bytes, --code-cache;
 * a decoded page costs about 44 KiB of host memory per 4 KiB of guest code, and up to 17 KiB more for
 * the full timing model's remembered runs): when a new page would exceed it, every decoded page is
 * dropped and decoded again on its next execution.
 */
#ifndef A72SIM_CPU_CODECACHE_H
#define A72SIM_CPU_CODECACHE_H

#include "../bus.h"
#include "insn.h"

#define CODE_PAGE_INSNS 1024
#define CODE_CACHE_DEFAULT_BYTES (256ull << 20) /* --code-cache default: 256 MiB */

struct code_page {
    struct insn insns[CODE_PAGE_INSNS];
    struct insn_timing timing[CODE_PAGE_INSNS]; /* the full timing model's view of each (sim/timing/deps.h) */
    const uint8_t *host;   /* the page's RAM */
    uint64_t pa;
    struct code_page *next; /* the region's next decoded page (bus_region.code_list) */
};

struct machine;

/* The decoded page for the RAM page that holds pa (created on first use). NULL if pa is not RAM
 * or host memory is exhausted. */
struct code_page *code_page_get(struct machine *m, struct bus_region *r, uint64_t pa);

/* The page that holds slot i, the instruction at pc. */
static inline const struct code_page *code_page_of(const struct insn *i, uint64_t pc)
{
    return (const struct code_page *)(i - ((pc >> 2) & (CODE_PAGE_INSNS - 1)));
}

/* Has the slot been decoded (rather than holding the stub that decodes it on first execution)? */
bool code_slot_decoded(const struct insn *slot);

/* The instruction word of a slot, decoded or not yet (for observers: no memory access, no walk). */
uint32_t code_slot_word(const struct insn *slot);

/* How many decoded pages a budget of BYTES holds (0: the default budget); at least one. */
uint64_t code_cache_page_limit(uint64_t bytes);

/* Forget decoded instructions in [pa, pa + len) of region r (a store was made there). */
void code_cache_invalidate_slow(struct bus_region *r, uint64_t pa, uint64_t len);
/* Does the page of pa in r hold decoded instructions? */
static inline bool code_cache_holds(const struct bus_region *r, uint64_t pa)
{
    return r->code && r->code[(pa - r->base) >> 12];
}
/* Does [pa, pa + len) of r overlap a decoded instruction (a store there changes code)? */
bool code_cache_decoded(const struct bus_region *r, uint64_t pa, uint64_t len);
static inline void code_cache_invalidate(struct bus_region *r, uint64_t pa, uint64_t len)
{
    if (code_cache_holds(r, pa))
        code_cache_invalidate_slow(r, pa, len);
}
/* Forget every decoded instruction (IC IALLU and friends, or a change of the decoder's inputs). */
void code_cache_invalidate_all(struct machine *m);
void code_cache_free_region(struct bus_region *r);
/* Free every decoded page and every fast-TLB fetch entry, counting no flush (a snapshot restore
 * rebuilds the set of pages the machine had). */
void code_cache_drop_all(struct machine *m);

#endif
