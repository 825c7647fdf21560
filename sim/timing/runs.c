/* Runs of instructions issued on the scoreboard at once, memoized (runs.h). */
#include "timing/runs.h"

#include <stddef.h>
#include <string.h>

#include "cpu/codecache.h"
#include "timing/uarch.h"

/* The length of the run that starts at slot index of page (0: a barrier or system instruction), or
 * -1 when an instruction in it is not decoded yet. */
static int run_length(const struct code_page *page, unsigned index)
{
    int n = 0;
    for (; n < RUN_MAX_INSNS && index + n < CODE_PAGE_INSNS - 1; n++) {
        if (!code_slot_decoded(&page->insns[index + n]))
            return -1;
        const struct insn_timing *d = &page->timing[index + n];
        if (d->flags & (TF_SERIALIZE | TF_SYNC))
            break;
        if (d->dst[0] == PIPE_REG_NONE || d->dst[1] == PIPE_REG_NONE || d->dst_fast == PIPE_REG_NONE)
            break; /* it would write register 0, which a state takes as always ready */
        if (d->flags & TF_BRANCH) {
            n++; /* a branch ends the run, in it */
            break;
        }
    }
    return n;
}

unsigned run_memo_make(struct code_page *page, unsigned index)
{
    int len = run_length(page, index);
    if (len < 0)
        return RUN_UNKNOWN;
    static uint64_t next_id; /* shared by every machine of the process (threads may run several) */
    uint64_t id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
    if (id > UINT32_MAX)
        return RUN_UNKNOWN; /* (four billion runs made: never in practice) */
    page->timing[index].run_id = (uint32_t)id;
    page->timing[index].run = (uint8_t)(len ? (unsigned)len : RUN_ALONE);
    return page->timing[index].run;
}

void run_memo_forget(struct code_page *page, unsigned first, unsigned last)
{
    /* A run's length depends on its instructions and on the one that ends it: every run that may
     * reach first is looked at again (and gets a new id). */
    for (unsigned j = first > RUN_MAX_INSNS ? first - RUN_MAX_INSNS : 0; j <= last; j++)
        page->timing[j].run = RUN_UNKNOWN;
}

void timing_issue_run_slow(struct cpu *c, const struct insn_timing *s, unsigned n, unsigned cls, uint64_t key)
{
    struct pipe_states *t = &c->uarch->states;
    struct pipeline *p = &c->pipe;
    uint64_t start = c->cycles;
    struct pipe_state *from = (struct pipe_state *)c->run.state; /* the core's own table */
    if (from) {
        uint64_t cycles;
        struct pipe_state *to = pipe_state_step(t, from, key, &cycles);
        if (to) {
            c->cycles += cycles;
            c->run.state = to;
            return;
        }
    }
    c->run.state = NULL;
    if (from)
        pipe_state_materialize(from, p, start);
    else
        from = pipe_state_intern(t, p, start);
    uint64_t generation = t->generation;
    uint64_t done;
    if (n != RUN_ALONE) {
        uint64_t top;
        done = timing_replay_run(c, s, n, c->run.miss, &top);
    } else {
        uint64_t now = c->cycles, latest = p->latest;
        unsigned slot = p->slot;
        done = timing_issue_serialized(c, &now, &slot, &latest, s, 0, 0, 0);
        c->cycles = now;
        p->slot = slot;
        p->latest = latest;
    }
    if (cls) {
        uint64_t now = c->cycles;
        unsigned slot = p->slot;
        timing_branch_charge(&now, &slot, run_class_outcome(cls), run_class_taken(cls), done);
        c->cycles = now;
        p->slot = slot;
    }
    struct pipe_state *to = pipe_state_intern(t, p, c->cycles);
    if (from && to && t->generation == generation)
        pipe_state_remember(t, from, key, to, c->cycles - start);
    c->run.state = to;
}

void timing_sync_pending(struct cpu *c)
{
    if (c->run.state) {
        pipe_state_materialize(c->run.state, &c->pipe, c->cycles);
        c->run.state = NULL;
    }
    const struct insn_timing *s = c->run.start;
    if (s) {
        uint64_t before = (c->pc - c->run.start_pc) >> 2; /* (at most the run: c->pc may have left it) */
        unsigned issued = before < s->run ? (unsigned)before : s->run;
        c->run.start = NULL;
        c->icount += issued + (issued < s->run); /* what executed of the run, the executing instruction too */
        uint64_t top;
        (void)timing_replay_run(c, s, issued, c->run.miss, &top);
        c->run.miss = 0;
        c->run.synced_cycles = c->cycles;
    }
}
