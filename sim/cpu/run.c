/* Running a core: instruction fetch through the fast TLB into the decoded-page cache, and the
 * two variants of the run loop. */
#include "run.h"

#include <inttypes.h>
#include <string.h>

#include "../mmu/mmu.h"
#include "../debug.h"
#include "codecache.h"
#include "exception.h"
#include "insn.h"
#include "irq.h"
#include "sysreg_bits.h"
#include "timer.h"
#include "timing.h"
#include "timing/uarch.h"
#include "machine.h"
#include "obs_emit.h"

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
    c->pipe.walk_cycles = 0; /* a fetch's walk stalls the front end: charged as it is */
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
        cpu_fast_tlb_filled(c, c->mmu_idx);
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

/* The run stopped inside a block and goes on: the instruction at PC is found as the block would
 * have reached it, without a TLB lookup or cycles the uninterrupted run never spent. NULL when it
 * cannot be (the state was changed from outside meanwhile): the run then goes on between blocks. */
static const struct insn *fetch_resumed(struct cpu *c)
{
    uint64_t pc = c->pc;
    const struct fast_fetch_entry *e = &c->tlb[c->mmu_idx].fetch[(pc >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
    if (e->tag == (pc & (GUEST_PAGE_MASK | 3)))
        return &e->page->insns[(pc >> 2) & (CODE_PAGE_INSNS - 1)];
    struct translation t;
    debug_translate(c, c->mmu_idx, pc, MMU_FETCH, false, &t);
    if (t.fault || (pc & 3))
        return NULL;
    struct machine *m = c->machine;
    struct bus_region *r = bus_find(&m->bus, t.pa);
    if (!r || !r->ram)
        return NULL;
    struct code_page *page = code_page_get(m, r, t.pa);
    return page ? &page->insns[(pc >> 2) & (CODE_PAGE_INSNS - 1)] : NULL;
}

/* The registers an instruction may write, for OBS_REG_WRITE: compared before and after. */
static void snapshot_registers(const struct cpu *c, struct reg_snapshot *r)
{
    memcpy(r->x, c->x, sizeof(r->x));
    memcpy(r->sp_el, c->sp_el, sizeof(r->sp_el));
    memcpy(r->v, c->v, sizeof(r->v));
    r->nzcv = cpu_get_psr(c) & 0xf0000000u;
    r->fpsr = c->fpsr;
    r->fpcr = c->fpcr;
}

static void emit_reg_write(struct cpu *c, unsigned reg, unsigned sp_el, uint64_t lo, uint64_t hi)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_REG_WRITE, c);
    e.seq = c->icount - 1; /* the instruction that wrote it */
    e.pc = c->machine->observers.insn_pc;
    e.u.reg.reg = (uint16_t)reg;
    e.u.reg.sp_el = (uint8_t)sp_el;
    e.u.reg.value[0] = lo;
    e.u.reg.value[1] = hi;
    obs_deliver(c->machine, &e);
}

static void emit_register_changes(struct cpu *c, const struct reg_snapshot *r)
{
    for (unsigned n = 0; n < 31; n++)
        if (c->x[n] != r->x[n])
            emit_reg_write(c, OBS_REG_X0 + n, 0, c->x[n], 0);
    for (unsigned n = 0; n < 4; n++)
        if (c->sp_el[n] != r->sp_el[n])
            emit_reg_write(c, OBS_REG_SP, n, c->sp_el[n], 0);
    uint32_t nzcv = cpu_get_psr(c) & 0xf0000000u;
    if (nzcv != r->nzcv)
        emit_reg_write(c, OBS_REG_NZCV, 0, nzcv, 0);
    if (c->fpsr != r->fpsr)
        emit_reg_write(c, OBS_REG_FPSR, 0, c->fpsr, 0);
    if (c->fpcr != r->fpcr)
        emit_reg_write(c, OBS_REG_FPCR, 0, c->fpcr, 0);
    for (unsigned n = 0; n < 32; n++)
        if (c->v[n][0] != r->v[n][0] || c->v[n][1] != r->v[n][1])
            emit_reg_write(c, OBS_REG_V0 + n, 0, c->v[n][0], c->v[n][1]);
}

/* An observer asked to stop: the run ends at this instruction boundary. */
static bool observer_stop(struct machine *m)
{
    if (!m->observers.stop_requested)
        return false;
    m->observers.stop_requested = false;
    machine_request_stop(m, STOP_OBSERVER, 0);
    return true;
}

/* The instrumented loop's hook before each instruction; true stops the run before it executes. */
static bool run_hook_before(struct cpu *c, const struct insn *i)
{
    struct machine *m = c->machine;
    m->observers.insn_pc = c->pc;
    bool delivered = c->insn_event_delivered && c->insn_event_pc == c->pc; /* before a stop here */
    c->insn_event_delivered = false;
    if (obs_wants(m, OBS_INSN) && !delivered) {
        struct obs_event e;
        obs_fill_header(&e, OBS_INSN, c); /* the commonest event: no clearing of the union */
        e.u.insn.opcode = code_slot_word(i);
        obs_deliver(m, &e);
    }
    if (!observer_stop(m)) {
        if (obs_wants(m, OBS_REG_WRITE))
            snapshot_registers(c, &m->observers.regs);
        return false;
    }
    c->insn_event_delivered = true;
    c->insn_event_pc = c->pc;
    return true;
}

/* The instrumented loop's hook after each instruction. */
static void run_hook_after(struct cpu *c)
{
    struct machine *m = c->machine;
    if (obs_wants(m, OBS_REG_WRITE))
        emit_register_changes(c, &m->observers.regs);
    observer_stop(m);
}

/* Issue the instruction d at pc, just executed with status s, on the scoreboard: now, slot and latest
 * are the loop's dispatch cycle and slot and the latest result (stored back into the core). */
static inline __attribute__((always_inline)) void retire_on_scoreboard(struct cpu *c, uint64_t *now, unsigned *slot,
                                                                      uint64_t *latest, const struct insn_timing *d,
                                                                      uint64_t pc, enum exec_status s,
                                                                      unsigned slow_flags)
{
    unsigned translate = 0, walk = 0;
    if (UNLIKELY(c->cycles != *now)) {
        /* The handler charged cycles. A memory access's translation (an L2 TLB hit, a walk) delays
         * the access once it issues; anything else (a flush, a system instruction's walk) stalls
         * dispatch. A flush in the fast loop left the drained state, and the scoreboard it drained:
         * the scoreboard goes on. */
        c->run.state = NULL;
        if (s == EXEC_NEXT && (d->flags & (TF_LOAD | TF_STORE))) {
            translate = (unsigned)(c->cycles - *now);
            walk = c->pipe.walk_cycles;
        } else {
            *now = c->cycles;
            *slot = 0;
        }
        c->pipe.walk_cycles = 0;
    }
    if (UNLIKELY((d->flags & slow_flags) | translate))
        timing_retire_slow(c, now, slot, latest, d, pc, s != EXEC_NEXT, translate, walk);
    else
        *latest = pipe_max(*latest, pipeline_issue(&c->pipe, now, slot, d, 0));
    c->cycles = *now;
    c->pipe.slot = *slot;
    c->pipe.latest = *latest;
}

/* retire_on_scoreboard from dispatch cycle now and the core's own slot and latest result, out of line:
 * the fast loop's paths that issue one instruction (an event inside a run, a barrier or system
 * instruction) are rare, and inlined they would take registers from its runs. */
static __attribute__((noinline)) void retire_from(struct cpu *c, uint64_t now, const struct insn_timing *d, uint64_t pc,
                                                  enum exec_status s, unsigned slow_flags)
{
    uint64_t latest = c->pipe.latest;
    unsigned slot = c->pipe.slot;
    retire_on_scoreboard(c, &now, &slot, &latest, d, pc, s, slow_flags);
}

/* The timing modes as the preprocessor sees them (enum timing_mode). */
#define LOOP_STATIC 0
#define LOOP_FULL 1
#define LOOP_CACHES 2
_Static_assert(LOOP_STATIC == TIMING_MODE_STATIC && LOOP_FULL == TIMING_MODE_FULL && LOOP_CACHES == TIMING_MODE_CACHES,
               "the run loops are indexed by enum timing_mode");

#define RUN_LOOP_INSTRUMENTED 0
#define RUN_LOOP_TIMING LOOP_STATIC
#define RUN_LOOP_NAME run_fast_static
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_TIMING
#define RUN_LOOP_TIMING LOOP_FULL
#define RUN_LOOP_NAME run_fast_full
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_TIMING
#define RUN_LOOP_TIMING LOOP_CACHES
#define RUN_LOOP_NAME run_fast_caches
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_TIMING
#undef RUN_LOOP_INSTRUMENTED

#define RUN_LOOP_INSTRUMENTED 1
#define RUN_LOOP_TIMING LOOP_STATIC
#define RUN_LOOP_NAME run_instrumented_static
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_TIMING
#define RUN_LOOP_TIMING LOOP_FULL
#define RUN_LOOP_NAME run_instrumented_full
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_TIMING
#define RUN_LOOP_TIMING LOOP_CACHES
#define RUN_LOOP_NAME run_instrumented_caches
#include "run_loop.inc"
#undef RUN_LOOP_NAME
#undef RUN_LOOP_TIMING
#undef RUN_LOOP_INSTRUMENTED

typedef uint64_t (*run_loop_fn)(struct cpu *c, uint64_t budget);
/* By enum timing_mode. */
static const run_loop_fn run_fast[] = { run_fast_static, run_fast_full, run_fast_caches };
static const run_loop_fn run_instrumented[] = { run_instrumented_static, run_instrumented_full,
                                                run_instrumented_caches };

static void emit_sleep_or_wake(struct cpu *c, enum obs_kind kind)
{
    struct obs_event e;
    obs_fill_core(&e, kind, c);
    e.u.sleep.wfe = c->waiting_for_event;
    obs_deliver(c->machine, &e);
}

uint64_t cpu_run(struct cpu *c, uint64_t budget)
{
    struct machine *m = c->machine;
    if (!m->observers.count)
        return run_fast[c->config.timing_mode](c, budget);
    if (c->observed_asleep) {
        c->observed_asleep = false;
        if (obs_wants(m, OBS_WAKE))
            emit_sleep_or_wake(c, OBS_WAKE);
    }
    uint64_t done = run_instrumented[c->config.timing_mode](c, budget);
    if (c->wfi_pending && !c->powered_off) {
        c->observed_asleep = true;
        if (obs_wants(m, OBS_SLEEP))
            emit_sleep_or_wake(c, OBS_SLEEP);
    }
    return done;
}
