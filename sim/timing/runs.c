/* Runs of instructions issued on the scoreboard at once, memoized (runs.h). */
#include "timing/runs.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/codecache.h"

/* The scoreboard's cycles as one array of byte offsets into struct pipeline: the registers, then
 * each port's two pipes. */
#define REG_AT(r) ((uint16_t)(offsetof(struct pipeline, ready) + (r) * sizeof(uint64_t)))
#define PIPE_AT(port, k) ((uint16_t)(offsetof(struct pipeline, port_free) + ((port) * 2 + (k)) * sizeof(uint64_t)))
#define STATE_SLOTS (PIPE_REGS + 1 + 2 * PORT_COUNT)

_Static_assert(offsetof(struct pipeline, ready) == 0 &&
                   offsetof(struct pipeline, port_free) == (PIPE_REGS + 1) * sizeof(uint64_t),
               "the scoreboard's cycles are one array: byte offset / 8 is its index");
_Static_assert(RUN_OUTPUTS <= 32, "run_outcome.kept has a bit per output");

static inline uint64_t *at(struct pipeline *p, uint16_t off) { return (uint64_t *)((char *)p + off); }
static inline bool is_f_pipe(uint16_t off) { return off >= PIPE_AT(PORT_F, 0) && off <= PIPE_AT(PORT_F, 1); }

/* The shape of the run that starts at slot index: its length, inputs, outputs and memory accesses.
 * false: an instruction in it is not decoded yet. It stops short of an instruction that would take
 * it past RUN_INPUTS inputs or RUN_OUTPUTS outputs; len 0: a barrier or system instruction. */
static bool run_shape(const struct code_page *page, unsigned index, struct run_memo *r)
{
    bool seen[STATE_SLOTS] = { false }; /* an input or an output already */
    unsigned units = 0, n = 0;
    r->len = 0;
    r->n_in = r->n_out = 0;
    r->has_f = 0;
    r->branch = 0;
    r->mem_mask = r->load_mask = 0;
    for (; n < RUN_MAX_INSNS && index + n < CODE_PAGE_INSNS - 1; n++) {
        if (!code_slot_decoded(&page->insns[index + n]))
            return false;
        const struct insn_timing *d = &page->timing[index + n];
        bool last = false;
        if (d->flags & RUN_END_FLAGS) {
            if (d->flags & (TF_SERIALIZE | TF_SYNC))
                break;
            last = true; /* a branch ends the run, in it */
        }
        /* Its writes count PIPE_REG_SINK too: the scoreboard ends as the instrumented loop leaves it. */
        uint16_t reads[5], writes[5];
        unsigned n_reads = 0, n_writes = 0;
        for (unsigned j = 0; j < 3; j++)
            if (d->src[j] != PIPE_REG_NONE) /* register 0 is never written: always ready */
                reads[n_reads++] = REG_AT(d->src[j]);
        if (d->dst[0] == PIPE_REG_NONE || d->dst[1] == PIPE_REG_NONE || d->dst_fast == PIPE_REG_NONE)
            break; /* it would write register 0, which the inputs take as always ready */
        writes[n_writes++] = REG_AT(d->dst[0]);
        writes[n_writes++] = REG_AT(d->dst[1]);
        writes[n_writes++] = REG_AT(d->dst_fast);
        if (d->port != PORT_I) {
            reads[n_reads++] = writes[n_writes++] = PIPE_AT(d->port, 0);
            if (d->port == PORT_F) {
                reads[n_reads++] = writes[n_writes++] = PIPE_AT(d->port, 1);
                r->has_f = 1;
            }
        }
        unsigned n_in = r->n_in, n_out = r->n_out;
        for (unsigned j = 0; j < n_reads; j++) {
            unsigned idx = reads[j] / sizeof(uint64_t);
            if (seen[idx])
                continue;
            if (n_in == RUN_INPUTS)
                goto full;
            seen[idx] = true;
            r->in[n_in] = reads[j];
            /* Which F pipe an instruction takes compares the pipes' cycles themselves: no slack. */
            unsigned dispatch = units / PIPE_UNITS_CYCLE;
            r->slack[n_in++] = is_f_pipe(reads[j]) ? 0 : (uint8_t)(dispatch < UINT8_MAX ? dispatch : UINT8_MAX);
        }
        for (unsigned j = 0; j < n_writes; j++) {
            bool listed = false;
            for (unsigned w = 0; w < n_out && !listed; w++)
                listed = r->out[w] == writes[j];
            if (listed)
                continue;
            if (n_out == RUN_OUTPUTS)
                goto full;
            r->out[n_out++] = writes[j];
            seen[writes[j] / sizeof(uint64_t)] = true;
        }
        r->n_in = (uint8_t)n_in;
        r->n_out = (uint8_t)n_out;
        if (d->flags & (TF_LOAD | TF_STORE))
            r->mem_mask |= 1ull << n;
        if (d->flags & TF_LOAD)
            r->load_mask |= 1ull << n;
        units += d->units;
        if (last) {
            r->branch = 1;
            n++;
            break;
        }
    }
full:
    r->len = (uint8_t)n;
    r->credit = RUN_CREDIT;
    r->victim = 0;
    memset(r->e, 0, sizeof(r->e));
    return true;
}

enum run_kind run_memo_make(struct code_page *page, unsigned index)
{
    struct run_memo shape;
    if (!run_shape(page, index, &shape))
        return RUN_UNKNOWN;
    enum run_kind kind = !shape.len ? RUN_ALONE
                         : shape.len < RUN_MIN_LEN || page->nruns == RUN_PAGE_MAX ? RUN_ONE_BY_ONE
                                                                                 : RUN_MEMOIZED;
    if (kind == RUN_MEMOIZED) {
        if (!page->runs && !(page->runs = calloc(CODE_PAGE_INSNS, sizeof(*page->runs))))
            return RUN_UNKNOWN;
        struct run_memo *r = page->runs[index];
        if (!r) {
            if (!(r = malloc(sizeof(*r))))
                return RUN_UNKNOWN;
            page->runs[index] = r;
            page->nruns++;
        }
        *r = shape;
    }
    page->timing[index].run = (uint8_t)kind;
    return kind;
}

void run_memo_forget(struct code_page *page, unsigned first, unsigned last)
{
    /* A run's shape depends on its instructions and on the one that ends it: every run that may
     * reach first is looked at again. */
    for (unsigned j = first > RUN_MAX_INSNS ? first - RUN_MAX_INSNS : 0; j <= last; j++) {
        page->timing[j].run = RUN_UNKNOWN;
        if (page->runs && page->runs[j]) {
            free(page->runs[j]);
            page->runs[j] = NULL;
            page->nruns--;
        }
    }
}

void run_memo_drop_page(struct code_page *page)
{
    for (unsigned n = 0; n < CODE_PAGE_INSNS; n++)
        page->timing[n].run = RUN_UNKNOWN;
    if (!page->runs)
        return;
    for (unsigned n = 0; n < CODE_PAGE_INSNS; n++)
        free(page->runs[n]);
    free(page->runs);
    page->runs = NULL;
    page->nruns = 0;
}

/* Issue the run one instruction at a time and remember the outcome in e (key and late: its key).
 * Returns the cycle its last instruction's result is ready. */
static uint64_t issue_and_record(struct cpu *c, struct run_memo *r, const struct insn_timing *s, unsigned key,
                             const uint64_t *late, bool ok, struct run_outcome *e)
{
    struct pipeline *p = &c->pipe;
    uint64_t start = c->cycles, before[RUN_OUTPUTS];
    for (unsigned j = 0; j < r->n_out; j++)
        before[j] = *at(p, r->out[j]);
    uint64_t top;
    uint64_t last = timing_replay_run(c, s, r->len, &top);
    uint64_t now = c->cycles;
    unsigned slot = p->slot;
    e->key = 0;
    if (!ok || now - start > UINT16_MAX || top - start > UINT16_MAX)
        return last;
    e->kept = 0;
    for (unsigned j = 0; j < r->n_out; j++) {
        uint64_t v = *at(p, r->out[j]);
        /* An F pipe the run did not take keeps its cycle (the key says which pipes it takes). */
        if (is_f_pipe(r->out[j]) && v == before[j]) {
            e->kept |= 1u << j;
            e->value[j] = 0;
            continue;
        }
        if (v < start || v - start > UINT16_MAX)
            return last;
        e->value[j] = (uint16_t)(v - start);
    }
    memcpy(e->lateness, late, sizeof(e->lateness));
    e->slot_out = (uint8_t)slot;
    e->now_out = (uint16_t)(now - start);
    e->latest_out = (uint16_t)(top - start);
    e->branch_out = (uint16_t)(last - start);
    e->key = (uint8_t)key;
    return last;
}


uint64_t timing_issue_run_slow(struct cpu *c, struct run_memo *r, const struct insn_timing *s, unsigned key,
                               const uint64_t *late, bool ok)
{
    r->credit -= RUN_MISS_COST;
    if (r->credit < 0)
        ((struct insn_timing *)s)->run = RUN_ONE_BY_ONE; /* the decoded page's, which belongs to the timing model */
    struct run_outcome *e = &r->e[r->victim];
    r->victim = (uint8_t)((r->victim + 1) % RUN_ENTRIES);
    return issue_and_record(c, r, s, key, late, ok, e);
}

void timing_sync_pending(struct cpu *c)
{
    const struct insn_timing *s = c->run.start;
    uint64_t n = (c->pc - c->run.start_pc) >> 2;
    c->run.start = NULL;
    uint64_t top;
    (void)timing_replay_run(c, s, (unsigned)(n < c->run.len ? n : c->run.len), &top);
    c->run.synced_cycles = c->cycles;
}
