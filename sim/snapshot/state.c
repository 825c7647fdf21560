/* The machine's state without RAM, as bytes: a sequence of records (tag, length, payload) in a
 * fixed order, each payload in this build's layout. The file's header names the a72sim version, so
 * a layout never meets another build's; a damaged payload is still checked before it is used (the
 * loader must not crash on any input). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/codecache.h"
#include "dev/pl011.h"
#include "gic/gic.h"
#include "machine.h"
#include "mmu/tlb.h"
#include "snapshot.h"
#include "timing/uarch.h"
#include "versal/versal.h"

enum record {
    REC_MACHINE = 1,
    REC_CPU,
    REC_ARCH_TLB,
    REC_CODE_PAGES,
    REC_FAST_TLB,
    REC_GIC,
    REC_UART,
    REC_TIMING,    /* a core's caches and branch predictor (empty with static timing) */
    REC_TIMING_L2, /* the cluster's L2 (empty with static timing) */
    REC_END,
};

/* The part of struct cpu that is state: everything before the host-side fields. */
#define CPU_STATE_SIZE offsetof(struct cpu, debug_access)

static void put(struct snapshot_state *s, const void *p, size_t n)
{
    if (s->oom)
        return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 1 << 16;
        while (cap < s->len + n)
            cap *= 2;
        uint8_t *d = realloc(s->data, cap);
        if (!d) {
            s->oom = true;
            return;
        }
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
}

static void put_u32(struct snapshot_state *s, uint32_t v) { put(s, &v, 4); }
static void put_u64(struct snapshot_state *s, uint64_t v) { put(s, &v, 8); }

/* Start a record; its length is patched in by end_record. */
static size_t begin_record(struct snapshot_state *s, enum record tag)
{
    put_u32(s, tag);
    put_u32(s, 0);
    return s->len;
}

static void end_record(struct snapshot_state *s, size_t start)
{
    if (!s->oom) {
        uint32_t len = (uint32_t)(s->len - start);
        memcpy(s->data + start - 4, &len, 4);
    }
}

/* The guest page a host pointer into RAM belongs to, as a physical address. */
static bool host_to_pa(const struct machine *m, uintptr_t host, uint64_t *pa)
{
    for (unsigned n = 0; n < m->bus.count; n++) {
        const struct bus_region *r = &m->bus.regions[n];
        if (r->ram && host >= (uintptr_t)r->ram && host - (uintptr_t)r->ram < r->size) {
            *pa = r->base + (host - (uintptr_t)r->ram);
            return true;
        }
    }
    return false;
}

struct fast_record {
    uint8_t kind, idx;       /* kind: 0 read, 1 write, 2 fetch */
    uint16_t slot;
    uint32_t pad;
    uint64_t tag, pa;
};

static void put_fast_tlb(struct snapshot_state *s, const struct machine *m, const struct cpu *c)
{
    put_u32(s, c->fast_tlb_used);
    for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++) {
        const struct fast_tlb *f = &c->tlb[idx];
        for (unsigned k = 0; k < FAST_TLB_SIZE; k++) {
            struct fast_record r = { .idx = (uint8_t)idx, .slot = (uint16_t)k };
            if (f->read[k].tag != FAST_TLB_INVALID &&
                host_to_pa(m, (uintptr_t)(f->read[k].tag & GUEST_PAGE_MASK) + f->read[k].addend, &r.pa)) {
                r.kind = 0;
                r.tag = f->read[k].tag;
                put(s, &r, sizeof(r));
            }
            if (f->write[k].tag != FAST_TLB_INVALID &&
                host_to_pa(m, (uintptr_t)(f->write[k].tag & GUEST_PAGE_MASK) + f->write[k].addend, &r.pa)) {
                r.kind = 1;
                r.tag = f->write[k].tag;
                put(s, &r, sizeof(r));
            }
            if (f->fetch[k].tag != FAST_TLB_INVALID && f->fetch[k].page) {
                r.kind = 2;
                r.tag = f->fetch[k].tag;
                r.pa = f->fetch[k].page->pa;
                put(s, &r, sizeof(r));
            }
        }
    }
}

/* The timing model's caches are tagged with host addresses of RAM (sim/timing/uarch.c): a snapshot
 * holds the physical addresses, which a restore maps to its own RAM. */
static uint64_t host_line_to_pa(const struct machine *m, uintptr_t host)
{
    uint64_t pa;
    return host && host_to_pa(m, host, &pa) ? pa + 1 : 0;
}

/* The nonzero elements of a: their count, then (index, value) pairs (most are zero in a short run). */
static void put_sparse(struct snapshot_state *s, const uint64_t *a, uint32_t n)
{
    uint32_t count = 0;
    for (uint32_t k = 0; k < n; k++)
        count += a[k] != 0;
    put_u32(s, count);
    for (uint32_t k = 0; k < n; k++)
        if (a[k]) {
            put_u32(s, k);
            put_u64(s, a[k]);
        }
}

/* A cache's lines by set and LRU position (slot set * ways + position, position 0 the most recently
 * used), as physical line addresses + 1. */
static void put_cache(struct snapshot_state *s, const struct machine *m, const struct cache *k)
{
    uint32_t n = k->sets * k->ways, count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += k->tags[i] != 0;
    put_u32(s, n);
    put_u64(s, k->misses);
    put_u32(s, count);
    for (uint32_t set = 0; set < k->sets; set++) {
        unsigned order[CACHE_MAX_WAYS];
        cache_lru_order(k, set, order);
        for (uint32_t pos = 0; pos < k->ways; pos++) {
            uint64_t tag = k->tags[set * k->ways + order[pos]];
            if (tag) {
                put_u32(s, set * k->ways + pos);
                put_u64(s, host_line_to_pa(m, (uintptr_t)((tag - 1) << CACHE_LINE_BITS)));
            }
        }
    }
}

static void put_bpred(struct snapshot_state *s, const struct bpred *b)
{
    put_sparse(s, b->btb, BPRED_BTB_ENTRIES);
    put_sparse(s, b->indirect, BPRED_INDIRECT_ENTRIES);
    put(s, b->ras, sizeof(b->ras));
    put(s, b->counters, sizeof(b->counters));
    put_u32(s, b->ras_top);
    put_u32(s, b->history);
}

bool snapshot_capture(struct machine *m, struct snapshot_state *s, char *err, size_t errlen)
{
    if (m->events.count) {
        snprintf(err, errlen, "the event queue holds %u device event(s), which a snapshot cannot name",
                 m->events.count);
        return false;
    }
    for (unsigned h = 3; h < SEMIHOST_MAX_HANDLES; h++)
        if (m->semihost.used[h]) {
            snprintf(err, errlen, "the guest has host files open through semihosting, which a snapshot cannot hold");
            return false;
        }

    size_t rec = begin_record(s, REC_MACHINE);
    put_u32(s, m->ncpus);
    put_u32(s, m->cpus[0]->config.timing_mode);
    put_u64(s, m->cpus[0]->config.clock_hz);
    put_u64(s, m->quantum);
    put_u64(s, m->code_cache_flushes);
    put(s, m->stats, sizeof(m->stats));
    put_u64(s, m->events.posted);
    for (unsigned h = 0; h < 3; h++)
        put_u32(s, m->semihost.used[h]);
    put_u32(s, (uint32_t)m->semihost.last_errno);
    put_u32(s, m->sched.core);
    put_u64(s, m->sched.left);
    put_u32(s, m->sched.any_ran);
    end_record(s, rec);

    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *c = m->cpus[n];
        rec = begin_record(s, REC_CPU);
        put(s, c, CPU_STATE_SIZE);
        put(s, &c->config, sizeof(c->config));
        end_record(s, rec);
        rec = begin_record(s, REC_ARCH_TLB);
        put(s, c->arch_tlb, sizeof(*c->arch_tlb));
        end_record(s, rec);
    }

    /* The decoded pages, oldest first so that a restore rebuilds the same lists. */
    rec = begin_record(s, REC_CODE_PAGES);
    for (unsigned n = 0; n < m->bus.count; n++) {
        /* The list is newest first: write it, then reverse the addresses in place. */
        size_t first = s->len;
        for (const struct code_page *p = m->bus.regions[n].code_list; p; p = p->next)
            put_u64(s, p->pa);
        if (s->oom)
            break;
        for (size_t a = first, b = s->len - 8; a < b; a += 8, b -= 8) {
            uint64_t x, y;
            memcpy(&x, s->data + a, 8);
            memcpy(&y, s->data + b, 8);
            memcpy(s->data + a, &y, 8);
            memcpy(s->data + b, &x, 8);
        }
    }
    end_record(s, rec);

    for (unsigned n = 0; n < m->ncpus; n++) {
        rec = begin_record(s, REC_FAST_TLB);
        put_fast_tlb(s, m, m->cpus[n]);
        end_record(s, rec);
    }

    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *c = m->cpus[n];
        rec = begin_record(s, REC_TIMING);
        if (c->uarch) {
            put_u64(s, host_line_to_pa(m, c->pipe.mem_host));
            put_cache(s, m, &c->uarch->l1i);
            put_cache(s, m, &c->uarch->l1d);
            put_bpred(s, &c->uarch->bp);
        }
        end_record(s, rec);
    }
    rec = begin_record(s, REC_TIMING_L2);
    if (m->cpus[0]->uarch)
        put_cache(s, m, m->cpus[0]->uarch->l2);
    end_record(s, rec);

    rec = begin_record(s, REC_GIC);
    uint8_t *gic = malloc(gic_state_size());
    if (!gic) {
        s->oom = true;
    } else {
        gic_state_save(m->gic, gic);
        put(s, gic, gic_state_size());
        free(gic);
    }
    end_record(s, rec);

    for (unsigned n = 0; n < 2; n++) {
        uint8_t uart[256];
        _Static_assert(sizeof(struct pl011) <= sizeof(uart), "the UART's state fits");
        rec = begin_record(s, REC_UART);
        pl011_state_save(versal_uart(m, n), uart);
        put(s, uart, pl011_state_size());
        end_record(s, rec);
    }

    rec = begin_record(s, REC_END);
    end_record(s, rec);
    if (s->oom) {
        snprintf(err, errlen, "out of host memory for the machine's state");
        return false;
    }
    return true;
}

void snapshot_state_free(struct snapshot_state *s)
{
    free(s->data);
    *s = (struct snapshot_state){ 0 };
}

/* Reading records back: every read is bounded by the record. */
struct reader {
    const uint8_t *p, *end;
    char *err;
    size_t errlen;
    bool bad;
};

static bool fail(struct reader *r, const char *what)
{
    if (!r->bad)
        snprintf(r->err, r->errlen, "malformed machine state (%s)", what);
    r->bad = true;
    return false;
}

static bool get(struct reader *r, void *out, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n)
        return fail(r, "a record is cut short");
    memcpy(out, r->p, n);
    r->p += n;
    return true;
}

static uint32_t get_u32(struct reader *r)
{
    uint32_t v = 0;
    get(r, &v, 4);
    return v;
}

static uint64_t get_u64(struct reader *r)
{
    uint64_t v = 0;
    get(r, &v, 8);
    return v;
}

/* Enter the next record, which must be tag; *body is its reader. */
static bool enter(struct reader *r, enum record tag, struct reader *body)
{
    uint32_t t = get_u32(r), len = get_u32(r);
    if (r->bad)
        return false;
    if (t != tag)
        return fail(r, "records out of order");
    if ((size_t)(r->end - r->p) < len)
        return fail(r, "a record runs past the end");
    *body = (struct reader){ r->p, r->p + len, r->err, r->errlen, false };
    r->p += len;
    return true;
}

/* The record was read whole. */
static bool leave(struct reader *r, struct reader *body)
{
    if (body->bad) {
        r->bad = true;
        return false;
    }
    if (body->p != body->end)
        return fail(r, "a record has the wrong length");
    return true;
}

static uint8_t clamp_bool(const void *b)
{
    uint8_t v;
    memcpy(&v, b, 1);
    return v != 0;
}

static void load_cpu(struct cpu *c, const uint8_t *bytes, const struct cpu_config *config)
{
    struct machine *m = c->machine;
    int index = c->index;
    memcpy(c, bytes, CPU_STATE_SIZE);
    c->config.firmware_el3 = clamp_bool(&config->firmware_el3); /* the rest is the board's (checked) */
    c->machine = m;
    c->index = index;
    c->debug_access = false;
    /* The scoreboard: its slow-path flags are the mode's, its last access is the timing record's. */
    struct pipeline fresh;
    pipeline_reset(&fresh, c->config.timing_mode);
    c->pipe.slow_flags = fresh.slow_flags;
    c->pipe.mem_host = 0;
    c->pipe.slot %= PIPE_UNITS_CYCLE;
    c->pipe.ready[PIPE_REG_NONE] = 0; /* never written: "always ready" (the runs of runs.h rely on it) */
    for (unsigned n = 0; n < PORT_COUNT; n++)
        if (fresh.port_free[n][1] == UINT64_MAX)
            c->pipe.port_free[n][1] = UINT64_MAX; /* a single pipe's unused half */
    /* Keep every value the code indexes with or branches on in its range. */
    c->x[31] = 0;
    struct pstate *p = &c->pstate;
    uint8_t *flags[] = { &p->n, &p->z, &p->c, &p->v, &p->d, &p->a, &p->i, &p->f, &p->sp, &p->ss, &p->il };
    for (unsigned n = 0; n < sizeof(flags) / sizeof(flags[0]); n++)
        *flags[n] &= 1;
    p->el &= 3;
    bool *bools[] = { &c->excl_valid, &c->event_register, &c->wfi_pending, &c->waiting_for_event, &c->powered_off,
                      &c->observed_asleep, &c->resume_in_block, &c->resume_new_line, &c->insn_event_delivered,
                      &c->evtstrm_armed[0], &c->evtstrm_armed[1], &c->config.firmware_el3, &c->pmu.active,
                      &c->pmu.irq_level };
    for (unsigned n = 0; n < sizeof(bools) / sizeof(bools[0]); n++)
        *bools[n] = clamp_bool(bools[n]);
    if (c->excl_size > 16)
        c->excl_valid = false;
    cpu_update_derived(c);
}

static void load_arch_tlb(struct tlb *t)
{
    struct tlb_entry *all[] = { t->l1i, t->l1d, &t->l2[0][0] };
    size_t counts[] = { TLB_L1I_ENTRIES, TLB_L1D_ENTRIES, TLB_L2_SETS * TLB_L2_WAYS };
    t->l2_large = 0;
    memset(t->l2_large_in_set, 0, sizeof(t->l2_large_in_set));
    for (unsigned a = 0; a < 3; a++)
        for (size_t n = 0; n < counts[a]; n++) {
            struct tlb_entry *e = &all[a][n];
            bool *bools[] = { &e->global, &e->valid, &e->s1_on, &e->s2_on, &e->ns };
            for (unsigned b = 0; b < sizeof(bools) / sizeof(bools[0]); b++)
                *bools[b] = clamp_bool(bools[b]);
            if (e->size_log2 < GUEST_PAGE_BITS || e->size_log2 > 48)
                e->valid = false;
            e->regime &= 3;
            e->s1_level &= 3;
            e->s2_level &= 3;
            if (a == 2 && e->valid && e->size_log2 > GUEST_PAGE_BITS) {
                t->l2_large++;
                t->l2_large_in_set[n / TLB_L2_WAYS]++;
            }
        }
    t->l1i_next %= TLB_L1I_ENTRIES;
    t->l1d_next %= TLB_L1D_ENTRIES;
    for (unsigned s = 0; s < TLB_L2_SETS; s++)
        t->l2_next[s] %= TLB_L2_WAYS;
}

/* The RAM region holding the whole page of pa, or NULL. */
static struct bus_region *ram_page_region(struct machine *m, uint64_t pa)
{
    if (pa & ~GUEST_PAGE_MASK)
        return NULL;
    struct bus_region *r = bus_find(&m->bus, pa);
    if (!r || !r->ram || pa - r->base > r->size - GUEST_PAGE_SIZE || r->size < GUEST_PAGE_SIZE)
        return NULL;
    return r;
}

static bool load_fast_tlb(struct machine *m, struct cpu *c, struct reader *r)
{
    cpu_flush_fast_tlb(c);
    uint32_t used = get_u32(r);
    while (!r->bad && r->p < r->end) {
        struct fast_record f;
        if (!get(r, &f, sizeof(f)))
            return false;
        struct bus_region *reg = ram_page_region(m, f.pa);
        if (f.kind > 2 || f.idx >= MMU_IDX_COUNT || f.slot != ((f.tag >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)) ||
            (f.tag & ~GUEST_PAGE_MASK) || !reg)
            return fail(r, "a fast-TLB entry");
        if (f.kind == 2) {
            struct code_page *page = code_page_get(m, reg, f.pa);
            if (!page)
                return fail(r, "no host memory for decoded code");
            c->tlb[f.idx].fetch[f.slot] = (struct fast_fetch_entry){ f.tag, page };
        } else {
            uintptr_t addend = (uintptr_t)(reg->ram + (f.pa - reg->base)) - (uintptr_t)f.tag;
            struct fast_tlb_entry *e = f.kind ? &c->tlb[f.idx].write[f.slot] : &c->tlb[f.idx].read[f.slot];
            *e = (struct fast_tlb_entry){ f.tag, addend };
        }
    }
    c->fast_tlb_used = used & MMU_IDX_MASK_ALL;
    return !r->bad;
}

/* The host address of the RAM byte at physical address pa_plus_1 - 1 (0: none), or false when it
 * is outside RAM. */
static bool pa_to_host(struct machine *m, uint64_t pa_plus_1, uintptr_t *host)
{
    *host = 0;
    if (!pa_plus_1)
        return true;
    uint64_t pa = pa_plus_1 - 1;
    struct bus_region *reg = bus_find(&m->bus, pa);
    if (!reg || !reg->ram || pa - reg->base >= reg->size)
        return false;
    *host = (uintptr_t)(reg->ram + (pa - reg->base));
    return true;
}

static bool get_sparse(struct reader *r, uint64_t *a, uint32_t n)
{
    memset(a, 0, n * sizeof(*a));
    uint32_t count = get_u32(r);
    if (count > n)
        return fail(r, "a timing table's size");
    for (uint32_t k = 0; k < count && !r->bad; k++) {
        uint32_t i = get_u32(r);
        uint64_t v = get_u64(r);
        if (i >= n || !v)
            return fail(r, "a timing table's entry");
        a[i] = v;
    }
    return !r->bad;
}

static bool load_cache(struct machine *m, struct cache *k, struct reader *r)
{
    uint32_t n = k->sets * k->ways;
    if (get_u32(r) != n)
        return fail(r, "a cache's size");
    k->misses = get_u64(r);
    cache_invalidate_all(k);
    uint32_t count = get_u32(r);
    if (count > n)
        return fail(r, "a cache's size");
    for (uint32_t c = 0; c < count && !r->bad; c++) {
        uint32_t i = get_u32(r);
        uintptr_t host;
        if (!pa_to_host(m, get_u64(r), &host) || i >= n || r->bad)
            return fail(r, "a cache line");
        if (host) {
            k->tags[i] = ((uint64_t)host >> CACHE_LINE_BITS) + 1;
            k->used[i] = k->ways - i % k->ways; /* position 0, the most recently used: the largest */
        }
    }
    k->clock = k->ways;
    return !r->bad;
}

static bool load_bpred(struct bpred *b, struct reader *r)
{
    if (!get_sparse(r, b->btb, BPRED_BTB_ENTRIES) || !get_sparse(r, b->indirect, BPRED_INDIRECT_ENTRIES) ||
        !get(r, b->ras, sizeof(b->ras)) || !get(r, b->counters, sizeof(b->counters)))
        return false;
    b->ras_top = get_u32(r);
    b->history = get_u32(r);
    for (unsigned k = 0; k < sizeof(b->counters); k++)
        if (b->counters[k] > 3)
            return fail(r, "a branch predictor's counter");
    if (b->history >= 1u << BPRED_HISTORY_BITS)
        return fail(r, "a branch predictor's history");
    return !r->bad;
}

static bool load_timing(struct machine *m, struct cpu *c, struct reader *r)
{
    if (!c->uarch)
        return r->p == r->end || fail(r, "a timing model in a static-timing machine");
    uintptr_t host;
    if (!pa_to_host(m, get_u64(r), &host))
        return fail(r, "the last data access");
    c->pipe.mem_host = host;
    return !r->bad && load_cache(m, &c->uarch->l1i, r) && load_cache(m, &c->uarch->l1d, r) &&
           load_bpred(&c->uarch->bp, r);
}

/* The options that select a timing mode. */
static const char *timing_mode_option(uint32_t mode)
{
    return mode == TIMING_MODE_STATIC ? "--timing static"
           : mode == TIMING_MODE_FULL ? "--timing full --no-cache-model"
                                      : "--timing full";
}

bool snapshot_apply(struct machine *m, const uint8_t *data, size_t len, char *err, size_t errlen)
{
    struct reader r = { data, data + len, err, errlen, false };
    struct reader b;

    if (!enter(&r, REC_MACHINE, &b))
        return false;
    if (get_u32(&b) != m->ncpus)
        return fail(&r, "the number of cores");
    uint32_t mode = get_u32(&b);
    uint64_t clock_hz = get_u64(&b);
    const struct cpu_config *board = &m->cpus[0]->config;
    if (!b.bad && (mode != board->timing_mode || clock_hz != board->clock_hz)) {
        if (mode > TIMING_MODE_CACHES || clock_hz < 1000000)
            return fail(&r, "the timing mode");
        snprintf(err, errlen, "it was saved with %s at %" PRIu64 " MHz; this run has %s at %" PRIu64
                 " MHz (give %s --cpu-mhz %" PRIu64 ")", timing_mode_option(mode), clock_hz / 1000000,
                 timing_mode_option(board->timing_mode), board->clock_hz / 1000000, timing_mode_option(mode),
                 clock_hz / 1000000);
        return false;
    }
    m->quantum = get_u64(&b);
    if (m->quantum == 0)
        m->quantum = 1;
    m->code_cache_flushes = get_u64(&b);
    get(&b, m->stats, sizeof(m->stats));
    m->events.posted = get_u64(&b);
    m->events.count = 0;
    for (unsigned h = 0; h < 3; h++)
        m->semihost.used[h] = get_u32(&b) != 0;
    m->semihost.last_errno = (int)get_u32(&b);
    m->sched.core = get_u32(&b);
    m->sched.left = get_u64(&b);
    m->sched.any_ran = get_u32(&b) != 0;
    if (m->sched.core > m->ncpus || m->sched.left > m->quantum)
        return fail(&r, "the scheduler's position");
    if (!leave(&r, &b))
        return false;

    for (unsigned n = 0; n < m->ncpus; n++) {
        uint8_t *bytes = malloc(CPU_STATE_SIZE);
        struct cpu_config config;
        if (!bytes)
            return fail(&r, "no host memory");
        bool ok = enter(&r, REC_CPU, &b) && get(&b, bytes, CPU_STATE_SIZE) && get(&b, &config, sizeof(config)) &&
                  leave(&r, &b);
        const struct cpu_config *own = &m->cpus[n]->config;
        if (ok && (config.midr != own->midr || config.mpidr != own->mpidr || config.cntfrq_hz != own->cntfrq_hz ||
                   config.clock_hz != own->clock_hz || config.timing_mode != own->timing_mode)) {
            free(bytes);
            return fail(&r, "a core of another board");
        }
        if (ok)
            load_cpu(m->cpus[n], bytes, &config);
        free(bytes);
        if (!ok || !enter(&r, REC_ARCH_TLB, &b) || !get(&b, m->cpus[n]->arch_tlb, sizeof(struct tlb)) ||
            !leave(&r, &b))
            return fail(&r, "a core");
        load_arch_tlb(m->cpus[n]->arch_tlb);
    }

    /* Decoded code: exactly the pages the machine had (their count decides when the budget is
     * reached); the slots decode again on first use. */
    code_cache_drop_all(m);
    if (!enter(&r, REC_CODE_PAGES, &b))
        return false;
    while (!b.bad && b.p < b.end) {
        uint64_t pa = get_u64(&b);
        struct bus_region *reg = ram_page_region(m, pa);
        if (!reg)
            return fail(&r, "a decoded page outside RAM");
        if (!code_page_get(m, reg, pa))
            return fail(&r, "no host memory for decoded code");
    }
    if (!leave(&r, &b))
        return false;

    for (unsigned n = 0; n < m->ncpus; n++)
        if (!enter(&r, REC_FAST_TLB, &b) || !load_fast_tlb(m, m->cpus[n], &b) || !leave(&r, &b))
            return fail(&r, "a fast TLB");

    for (unsigned n = 0; n < m->ncpus; n++)
        if (!enter(&r, REC_TIMING, &b) || !load_timing(m, m->cpus[n], &b) || !leave(&r, &b))
            return fail(&r, "a core's timing model");
    if (!enter(&r, REC_TIMING_L2, &b))
        return false;
    if (m->cpus[0]->uarch ? !load_cache(m, m->cpus[0]->uarch->l2, &b) : b.p != b.end)
        return fail(&r, "the L2 cache");
    if (!leave(&r, &b))
        return false;

    if (!enter(&r, REC_GIC, &b))
        return false;
    if ((size_t)(b.end - b.p) != gic_state_size())
        return fail(&r, "the GIC's size");
    /* The UARTs first: loading them may drive their lines, which the GIC's state then overrides. */
    const uint8_t *gic = b.p;
    for (unsigned n = 0; n < 2; n++) {
        struct reader u;
        if (!enter(&r, REC_UART, &u))
            return false;
        if ((size_t)(u.end - u.p) != pl011_state_size())
            return fail(&r, "a UART's size");
        pl011_state_load(versal_uart(m, n), u.p);
    }
    gic_state_load(m->gic, gic);

    if (!enter(&r, REC_END, &b) || !leave(&r, &b))
        return false;
    if (r.p != r.end)
        return fail(&r, "data after the end");
    /* The fast TLBs as saved, but never around what this machine's observers watch now. */
    if (m->instrumented_memory)
        for (unsigned n = 0; n < m->ncpus; n++)
            cpu_flush_fast_tlb(m->cpus[n]);
    for (unsigned n = 0; n < m->observers.nwatched; n++) {
        const struct watched_page *w = &m->observers.watched[n];
        machine_forget_fast_entries(m, w->page << GUEST_PAGE_BITS, w->reads != 0, w->writes != 0);
    }
    return true;
}

void snapshot_config_of(const struct machine *m, struct snapshot_config *cfg)
{
    cfg->ncpus = m->ncpus;
    cfg->mem_size = 0;
    for (unsigned n = 0; n < m->bus.count; n++) {
        const struct bus_region *r = &m->bus.regions[n];
        if (r->ram && (r->base == VERSAL_DDR_LOW_BASE || r->base == VERSAL_DDR_HIGH_BASE))
            cfg->mem_size += r->size;
    }
    cfg->total_insns = machine_total_insns(m);
}

uint32_t snapshot_layout(void)
{
    const size_t sizes[] = { CPU_STATE_SIZE, sizeof(struct cpu_config), sizeof(struct tlb), gic_state_size(),
                             pl011_state_size(), sizeof(struct core_stats), sizeof(struct fast_record),
                             sizeof(struct pipeline), sizeof(struct bpred), UARCH_L1I_SIZE, UARCH_L1D_SIZE,
                             UARCH_L2_SIZE, UARCH_L1I_WAYS, UARCH_L1D_WAYS, UARCH_L2_WAYS };
    uint32_t h = 2166136261u; /* FNV-1a over the sizes */
    for (unsigned n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++)
        h = (h ^ (uint32_t)sizes[n]) * 16777619u;
    return h;
}
