/* Check cache: instruction/data coherence. A line of code written by data stores must be cleaned
 * to the point of unification (DC CVAU, or DC CVAC/CIVAC, which clean further), the clean completed
 * (DSB), the instruction cache invalidated (IC IVAU, IC IALLU or IC IALLUIS), that completed (DSB)
 * and the fetch stream synchronised (ISB, exception entry or ERET) before the line is executed.
 * What is required follows the caches that are on: a store with SCTLR_ELx.M or C clear reaches
 * memory (no DC needed), a fetch with SCTLR_ELx.I clear reads memory (no IC or ISB needed).
 * Only the instructions written are tracked (a store to data that shares a line with code does not
 * make that code stale), and an instruction written as B, BL, NOP, BRK, SVC, HVC, SMC or ISB is
 * exempt: the Arm ARM lets such an instruction be modified while it may execute, which then runs
 * either the old or the new one (Linux patches its jump labels so, before the maintenance).
 * The simulator itself drops decoded instructions at once when their memory is written: this check
 * only reports what silicon would get wrong. Writes from outside the cores (the loader, semihosting,
 * a debugger) are not tracked. */
#include "check_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "../bus.h"
#include "../cpu/sysreg_bits.h"
#include "../debug.h"

#define RULE_CACHE "Arm ARM B2.4.4 and D4.4.7 (instruction cache maintenance for modified instructions): DC CVAU, " \
                   "DSB, IC IVAU, DSB, ISB between writing an instruction and executing it"
#define MAX_ISSUED 65536

static struct code_page *page_get(struct cache_state *cs, uint64_t page)
{
    struct code_page *p = page_set_find(&cs->pages, page);
    if (!p && (p = page_set_add(&cs->pages, page, sizeof(*p))))
        cs->gen++;
    return p;
}

static void list_push(struct line_list *l, struct code_page *p, unsigned line)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct line_ref *v = cap <= MAX_ISSUED ? realloc(l->v, cap * sizeof(*v)) : NULL;
        if (!v) {
            l->overflow = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (struct line_ref){ p, (uint8_t)line };
}

void check_cache_free(struct cache_state *cs, struct cache_core *cores)
{
    page_set_free(&cs->pages);
    free(cs->ic_done.v);
    free(cs->dc_done.v);
    free(cs->suspects);
    for (unsigned n = 0; n < MAX_CPUS; n++)
        free(cores[n].issued.v);
}

static uint64_t sctlr_of(const struct cpu *c, unsigned el)
{
    return el <= 1 ? c->sr.sctlr_el1 : el == 2 ? c->sr.sctlr_el2 : c->sr.sctlr_el3;
}

/* The PA of va in the core's current regime, as a fresh walk gives it; false on a fault. */
static bool pa_of(struct cpu *c, uint64_t va, enum mmu_access acc, uint64_t *pa)
{
    struct translation t;
    debug_translate(c, c->mmu_idx, va, acc, false, &t);
    *pa = t.pa;
    return !t.fault;
}

/* Every line of every page in state from goes to state to (pushed on l when given). */
static void promote_all(struct cache_state *cs, uint8_t from, uint8_t to, struct line_list *l)
{
    for (size_t n = 0; n < cs->pages.cap; n++) {
        struct code_page *p = cs->pages.slots[n];
        if (!p)
            continue;
        for (unsigned i = 0; i < 64; i++)
            if (p->state[i] == from) {
                p->state[i] = to;
                if (to == LINE_CLEAN)
                    p->written[i] = 0;
                if (l)
                    list_push(l, p, i);
            }
    }
}

static void forgive(struct cache_state *cs, const struct code_page *p, unsigned line);
static void convict(struct check_state *s, const struct code_page *p, unsigned line);

static void maintenance(struct check_state *s, const struct obs_event *e, struct cpu *c, uint32_t op)
{
    struct cache_state *cs = &s->cache;
    struct cache_core *k = &s->cache_core[e->cpu];
    unsigned op1 = A64_SYS_OP1(op), crm = A64_SYS_CRM(op), op2 = A64_SYS_OP2(op);
    bool dc = op1 == 3 && op2 == 1 && (crm == 11 || crm == 10 || crm == 14); /* DC CVAU, CVAC, CIVAC */
    bool ic_va = op1 == 3 && crm == 5 && op2 == 1;                         /* IC IVAU */
    bool ic_all = op1 == 0 && (crm == 5 || crm == 1) && op2 == 0;          /* IC IALLU, IC IALLUIS */
    if (ic_all) {
        /* The lines cleaned since the last IC IALLU(IS) (all of them, when too many to list). */
        cs->nsuspects = 0;
        if (cs->dc_done.overflow) {
            promote_all(cs, LINE_DC_DONE, LINE_IC_ISSUED, &k->issued);
        } else {
            for (size_t n = 0; n < cs->dc_done.n; n++) {
                struct line_ref r = cs->dc_done.v[n];
                if (r.p->state[r.line] == LINE_DC_DONE) {
                    r.p->state[r.line] = LINE_IC_ISSUED;
                    list_push(&k->issued, r.p, r.line);
                }
            }
        }
        cs->dc_done.n = 0;
        cs->dc_done.overflow = false;
        return;
    }
    if (!dc && !ic_va)
        return;
    uint64_t pa;
    if (!pa_of(c, c->x[A64_RT(op)], MMU_READ, &pa))
        return;
    struct code_page *p = page_set_find(&cs->pages, pa >> 12);
    if (!p)
        return;
    unsigned line = (unsigned)(pa >> 6) & 63;
    if (s->cache.nsuspects)
        forgive(&s->cache, p, line);
    if (dc && (p->state[line] == LINE_WRITTEN || p->state[line] == LINE_DC_ISSUED)) {
        p->state[line] = LINE_DC_ISSUED;
        list_push(&k->issued, p, line);
    } else if (ic_va && (p->state[line] == LINE_DC_DONE || p->state[line] == LINE_IC_ISSUED)) {
        p->state[line] = LINE_IC_ISSUED;
        list_push(&k->issued, p, line);
    }
}

static void dsb(struct check_state *s, struct cache_core *k)
{
    struct cache_state *cs = &s->cache;
    if (k->issued.overflow) {
        promote_all(cs, LINE_DC_ISSUED, LINE_DC_DONE, &cs->dc_done);
        promote_all(cs, LINE_IC_ISSUED, LINE_IC_DONE, &cs->ic_done);
        k->issued.overflow = false;
    }
    for (size_t n = 0; n < k->issued.n; n++) {
        struct line_ref r = k->issued.v[n];
        if (r.p->state[r.line] == LINE_DC_ISSUED) {
            r.p->state[r.line] = LINE_DC_DONE;
            list_push(&cs->dc_done, r.p, r.line);
        } else if (r.p->state[r.line] == LINE_IC_ISSUED) {
            r.p->state[r.line] = LINE_IC_DONE;
            list_push(&cs->ic_done, r.p, r.line);
        }
    }
    k->issued.n = 0;
}

static void context_sync(struct cache_state *cs)
{
    if (cs->ic_done.overflow) {
        promote_all(cs, LINE_IC_DONE, LINE_CLEAN, NULL);
        cs->ic_done.overflow = false;
    }
    for (size_t n = 0; n < cs->ic_done.n; n++) {
        struct line_ref r = cs->ic_done.v[n];
        if (r.p->state[r.line] == LINE_IC_DONE) {
            r.p->state[r.line] = LINE_CLEAN;
            r.p->written[r.line] = 0;
        }
    }
    cs->ic_done.n = 0;
}

/* B, BL, NOP, BRK, SVC, HVC, SMC, ISB: the instructions the Arm ARM allows to be modified while they
 * may be executed (B2.2.5, concurrent modification and execution of instructions). */
static bool cmodx_allowed(uint32_t op)
{
    return (op & 0x7c000000u) == 0x14000000u || op == 0xd503201fu || A64_IS_ISB(op) ||
           (op & 0xffe0001fu) == 0xd4200000u || ((op & 0xffe0001cu) == 0xd4000000u && (op & 3));
}

static void report_suspect(struct check_state *s, const struct cache_suspect *k)
{
    char what[200], evidence[200];
    snprintf(what, sizeof what, "executing code written by data stores: %s", k->missing);
    snprintf(evidence, sizeof evidence, "the instruction 0x%08x at PA 0x%" PRIx64 " was written by a store at pc 0x%" PRIx64
             " (cpu%d), and its line was not maintained afterwards either", k->opcode,
             (k->p->page << 12) | (k->pc & 0xfff), k->store_pc, k->store_cpu);
    check_report(s, CHECK_CACHE, k->cpu, k->pc, what, RULE_CACHE, evidence);
}

/* The line is maintained (DC or IC): what executed early in it is forgiven. */
static void forgive(struct cache_state *cs, const struct code_page *p, unsigned line)
{
    for (size_t n = 0; n < cs->nsuspects;)
        if (cs->suspects[n].p == p && (line == 64 || cs->suspects[n].line == line))
            cs->suspects[n] = cs->suspects[--cs->nsuspects];
        else
            n++;
}

/* The line is written again, or the run ends: what executed early in it and was never maintained
 * is reported. */
static void convict(struct check_state *s, const struct code_page *p, unsigned line)
{
    struct cache_state *cs = &s->cache;
    for (size_t n = 0; n < cs->nsuspects;) {
        if (!p || (cs->suspects[n].p == p && cs->suspects[n].line == line)) {
            struct cache_suspect k = cs->suspects[n];
            cs->suspects[n] = cs->suspects[--cs->nsuspects];
            report_suspect(s, &k);
        } else {
            n++;
        }
    }
}

void check_cache_finish(struct check_state *s)
{
    convict(s, NULL, 0);
}

static void execute(struct check_state *s, const struct obs_event *e, struct cpu *c)
{
    struct cache_core *k = &s->cache_core[e->cpu];
    uint64_t va_page = e->pc >> 12;
    if (!k->valid || k->va_page != va_page || k->el != e->el || k->gen != s->cache.gen) {
        uint64_t pa;
        k->page = pa_of(c, e->pc, MMU_FETCH, &pa) ? page_set_find(&s->cache.pages, pa >> 12) : NULL;
        k->va_page = va_page;
        k->el = e->el;
        k->gen = s->cache.gen;
        k->valid = true;
    }
    struct code_page *p = k->page;
    if (!p)
        return;
    unsigned line = (unsigned)(e->pc >> 6) & 63;
    uint16_t word = (uint16_t)(1u << ((e->pc >> 2) & 15));
    uint8_t st = p->state[line];
    if (st == LINE_CLEAN || !(p->written[line] & word))
        return;
    p->written[line] &= (uint16_t)~word;
    if (!p->written[line])
        p->state[line] = LINE_CLEAN;
    if (cmodx_allowed(e->u.insn.opcode))
        return;
    bool icache = sctlr_of(c, e->el) & SCTLR_I;
    const char *missing;
    if (st == LINE_WRITTEN)
        missing = "the data cache was not cleaned (DC CVAU)";
    else if (st == LINE_DC_ISSUED)
        missing = "the DC clean was not completed (DSB)";
    else if (!icache)
        return; /* the fetch reads memory, which holds the new code */
    else if (st == LINE_DC_DONE)
        missing = "the instruction cache was not invalidated (IC IVAU/IALLU)";
    else if (st == LINE_IC_ISSUED)
        missing = "the IC invalidation was not completed (DSB)";
    else
        missing = "no ISB (or exception entry/return) after the IC invalidation";
    struct cache_state *cs = &s->cache;
    for (size_t n = 0; n < cs->nsuspects; n++)
        if (cs->suspects[n].p == p && cs->suspects[n].line == line)
            return; /* one report per line: its first instruction executed */
    if (cs->nsuspects == cs->cap_suspects) {
        size_t cap = cs->cap_suspects ? cs->cap_suspects * 2 : 16;
        struct cache_suspect *v = cap <= MAX_ISSUED ? realloc(cs->suspects, cap * sizeof(*v)) : NULL;
        if (!v)
            return;
        cs->suspects = v;
        cs->cap_suspects = cap;
    }
    cs->suspects[cs->nsuspects++] = (struct cache_suspect){
        .p = p, .line = (uint8_t)line, .cpu = (int8_t)e->cpu, .store_cpu = p->store_cpu, .opcode = e->u.insn.opcode,
        .pc = e->pc, .store_pc = p->store_pc, .missing = missing,
    };
}

static void store(struct check_state *s, const struct obs_event *e, const struct cpu *c)
{
    uint64_t pa = e->u.mem.pa;
    if (!bus_ram_ptr(&s->m->bus, pa, 1))
        return;
    uint64_t sctlr = sctlr_of(c, e->el);
    uint8_t st = (sctlr & SCTLR_M) && (sctlr & SCTLR_C) ? LINE_WRITTEN : LINE_DC_DONE;
    for (uint64_t a = pa & ~63ull; a < pa + e->u.mem.size; a += 64) {
        struct code_page *p = page_get(&s->cache, a >> 12);
        if (!p)
            return;
        unsigned line = (unsigned)(a >> 6) & 63;
        if (s->cache.nsuspects)
            convict(s, p, line);
        for (uint64_t w = pa > a ? pa & ~3ull : a; w < pa + e->u.mem.size && w < a + 64; w += 4)
            p->written[line] |= (uint16_t)(1u << ((w >> 2) & 15));
        if (st == LINE_DC_DONE && p->state[line] != LINE_DC_DONE)
            list_push(&s->cache.dc_done, p, line);
        p->state[line] = st;
        p->store_pc = e->pc;
        p->store_cpu = (int8_t)e->cpu;
    }
}

void check_cache_event(struct check_state *s, const struct obs_event *e)
{
    if (e->cpu < 0)
        return;
    struct cpu *c = s->m->cpus[e->cpu];
    struct cache_core *k = &s->cache_core[e->cpu];
    switch (e->kind) {
    case OBS_INSN: {
        uint32_t op = e->u.insn.opcode;
        if (A64_IS_DSB(op))
            dsb(s, k);
        else if (A64_IS_ISB(op))
            context_sync(&s->cache);
        else if (A64_IS_SYS(op) && A64_SYS_CRN(op) == 7)
            maintenance(s, e, c, op);
        execute(s, e, c);
        break;
    }
    case OBS_MEM:
        if (e->u.mem.write)
            store(s, e, c);
        break;
    case OBS_EXCEPTION:
    case OBS_ERET:
        context_sync(&s->cache);
        k->valid = false;
        break;
    case OBS_SYSREG_WRITE:
    case OBS_TLBI:
        k->valid = false;
        break;
    default:
        break;
    }
}
