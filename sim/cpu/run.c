/* Running a core: instruction fetch through the fast TLB into the decoded-page cache, and the
 * two variants of the run loop. */
#include "run.h"

#include <inttypes.h>

#include "../mmu/mmu.h"
#include "codecache.h"
#include "exception.h"
#include "insn.h"
#include "irq.h"
#include "sysreg_bits.h"
#include "timer.h"
#include "machine.h"

/* Find or create the decoded instruction at PC; NULL when the fetch raised an exception. */
static const struct insn *fetch_slow(struct cpu *c)
{
    uint64_t pc = c->pc;
    if (pc & 3) {
        aarch64_pc_alignment_fault(c);
        return NULL;
    }
    struct translation t;
    mmu_translate(c, c->mmu_idx, pc, MMU_FETCH, &t);
    if (t.fault) {
        aarch64_instruction_abort(c, pc, t.fsc, t.s1ptw ? 1u << 7 : 0, t.stage2, t.stage2, t.ipa);
        return NULL;
    }
    struct machine *m = c->machine;
    struct bus_region *r = bus_find(&m->bus, t.pa);
    if (!r || !r->ram) {
        /* Nothing executable answers here: a synchronous External abort on the fetch. */
        aarch64_instruction_abort(c, pc, FSC_SYNC_EXTERNAL, 0, false, false, 0);
        return NULL;
    }
    struct code_page *page = code_page_get(m, r, t.pa);
    if (!page) {
        fprintf(stderr, "a72sim: out of host memory for decoded code\n");
        machine_request_stop(m, STOP_HOST_ERROR, 0);
        return NULL;
    }
    if (!m->instrumented_memory) {
        struct fast_fetch_entry *e = &c->tlb[c->mmu_idx].fetch[(pc >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
        e->tag = pc & GUEST_PAGE_MASK;
        e->page = page;
    }
    return &page->insns[(pc >> 2) & (CODE_PAGE_INSNS - 1)];
}

static inline const struct insn *fetch_insn(struct cpu *c)
{
    uint64_t pc = c->pc;
    const struct fast_fetch_entry *e = &c->tlb[c->mmu_idx].fetch[(pc >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
    if (LIKELY(e->tag == (pc & (GUEST_PAGE_MASK | 3))))
        return &e->page->insns[(pc >> 2) & (CODE_PAGE_INSNS - 1)];
    return fetch_slow(c);
}

/* The instrumented loop's hook before each instruction; true stops the run here. */
static bool run_hook_before(struct cpu *c, const struct insn *i)
{
    struct machine *m = c->machine;
    if (m->trace) {
        uint32_t word = i->raw;
        if (i->exec == NULL || i->raw == 0) {
            /* Not decoded yet: read the word as the decoder will. */
            struct translation t;
            mmu_walk(c, c->mmu_idx, c->pc, MMU_FETCH, false, &t);
            uint8_t *p = t.fault ? NULL : bus_ram_ptr(&m->bus, t.pa, 4);
            word = p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 : 0;
        }
        fprintf(m->trace, "cpu%d EL%u %016" PRIx64 " %08x\n", c->index, c->pstate.el, c->pc, word);
    }
    return false;
}

#define RUN_LOOP_NAME run_fast
#define RUN_LOOP_INSTRUMENTED 0
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_INSTRUMENTED

#define RUN_LOOP_NAME run_instrumented
#define RUN_LOOP_INSTRUMENTED 1
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_INSTRUMENTED

uint64_t cpu_run(struct cpu *c, uint64_t budget)
{
    if (c->machine->instrumented)
        return run_instrumented(c, budget);
    return run_fast(c, budget);
}
