/* The checks' registry: names, turning them on and off, the one observer that feeds them, and the
 * report every family makes. */
#include "check_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../obs_emit.h"
#include "../trace/symbols.h"

static const struct {
    const char *name;
    uint32_t kinds;
    void (*event)(struct check_state *s, const struct obs_event *e);
} families[CHECK_COUNT] = {
    [CHECK_TLB] = { "tlb", CHECK_TLB_KINDS, check_tlb_event },
    [CHECK_BBM] = { "bbm", CHECK_BBM_KINDS, check_bbm_event },
    [CHECK_SYNC] = { "sync", CHECK_SYNC_KINDS, check_sync_event },
    [CHECK_CACHE] = { "cache", CHECK_CACHE_KINDS, check_cache_event },
    [CHECK_GIC] = { "gic", CHECK_GIC_KINDS, check_gic_event },
    [CHECK_PSCI] = { "psci", CHECK_PSCI_KINDS, check_psci_event },
};

const char *check_name(enum check_id id)
{
    return (unsigned)id < CHECK_COUNT ? families[id].name : "?";
}

static int check_by_name(const char *name, size_t len)
{
    for (int n = 0; n < CHECK_COUNT; n++)
        if (strlen(families[n].name) == len && strncmp(families[n].name, name, len) == 0)
            return n;
    return -1;
}

const char *check_parse_list(const char *list, unsigned *mask, char *err, unsigned errlen)
{
    *mask = 0;
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        int id = check_by_name(p, len);
        if (len == 3 && strncmp(p, "all", 3) == 0) {
            *mask |= CHECK_ALL;
        } else if (id >= 0) {
            *mask |= 1u << id;
        } else {
            snprintf(err, errlen, "unknown check '%.*s' (all, tlb, bbm, sync, cache, gic, psci)", (int)(len > 40 ? 40 : len),
                     p);
            return err;
        }
        if (!p[len])
            return NULL;
        p += len + 1;
    }
}

static void checks_event(void *ctx, const struct obs_event *e)
{
    struct check_state *s = ctx;
    uint32_t bit = OBS_MASK(e->kind);
    for (unsigned n = 0; n < CHECK_COUNT; n++)
        if ((s->enabled & (1u << n)) && (families[n].kinds & bit))
            families[n].event(s, e);
}

static struct check_state *state_of(struct machine *m)
{
    if (!m->checks) {
        m->checks = calloc(1, sizeof(*m->checks));
        if (!m->checks)
            return NULL;
        m->checks->m = m;
        m->checks->obs = (struct observer){ .name = "checks", .event = checks_event, .ctx = m->checks };
    }
    return m->checks;
}

const char *check_set(struct machine *m, unsigned mask, bool on)
{
    struct check_state *s = state_of(m);
    if (!s)
        return "out of host memory for the checks";
    unsigned enabled = on ? s->enabled | mask : s->enabled & ~mask;
    uint32_t kinds = 0;
    for (unsigned n = 0; n < CHECK_COUNT; n++)
        if (enabled & (1u << n))
            kinds |= families[n].kinds;
    if (s->attached)
        machine_detach_observer(m, &s->obs);
    s->attached = false;
    s->enabled = enabled;
    s->obs.kinds = kinds;
    /* tlb compares every TLB hit with a fresh walk (sim/mmu/mmu.c); tlb and bbm learn the live
     * tables from the walks' descriptor fetches. */
    m->check_tlb = enabled & (1u << CHECK_TLB);
    m->check_walks = enabled & ((1u << CHECK_TLB) | (1u << CHECK_BBM));
    if (kinds && !machine_attach_observer(m, &s->obs)) {
        s->enabled = 0;
        m->check_tlb = m->check_walks = false;
        observers_changed(m);
        return "too many observers attached for the checks";
    }
    s->attached = kinds != 0;
    if (!s->attached)
        observers_changed(m);
    return NULL;
}

const char *check_enable(struct machine *m, const char *name, bool on)
{
    static char err[96];
    unsigned mask;
    if (check_parse_list(name, &mask, err, sizeof err))
        return err;
    return check_set(m, mask, on);
}

void check_set_fatal(struct machine *m, bool fatal)
{
    struct check_state *s = state_of(m);
    if (s)
        s->fatal = fatal;
}

void check_set_symbols(struct machine *m, const struct symtab *symbols)
{
    struct check_state *s = state_of(m);
    if (s)
        s->symbols = symbols;
}

void check_finish(struct machine *m)
{
    if (m->checks && (m->checks->enabled & (1u << CHECK_CACHE)))
        check_cache_finish(m->checks);
}

unsigned check_report_count(const struct machine *m)
{
    return m->checks ? m->checks->reports : 0;
}

void check_free(struct machine *m)
{
    struct check_state *s = m->checks;
    if (!s)
        return;
    page_set_free(&s->tables);
    check_cache_free(&s->cache, s->cache_core);
    free(s->seen);
    free(s);
    m->checks = NULL;
}

uint64_t check_insn_pc(const struct check_state *s, const struct obs_event *e)
{
    return e->kind == OBS_INSN ? e->pc : s->m->observers.insn_pc;
}

static size_t hash_pc(uint64_t pc, unsigned id)
{
    uint64_t h = (pc ^ ((uint64_t)id << 56)) * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 20);
}

/* Insert (id, pc) in the set of reported ones; false when it was there. */
static bool first_report(struct check_state *s, uint64_t pc, unsigned id)
{
    if (s->seen_count * 2 >= s->seen_cap) {
        size_t cap = s->seen_cap ? s->seen_cap * 2 : 64;
        struct report_key *v = calloc(cap, sizeof(*v));
        if (!v)
            return false; /* out of host memory: stay quiet rather than repeat */
        for (size_t n = 0; n < s->seen_cap; n++) {
            if (!s->seen[n].id)
                continue;
            size_t k = hash_pc(s->seen[n].pc, s->seen[n].id) & (cap - 1);
            while (v[k].id)
                k = (k + 1) & (cap - 1);
            v[k] = s->seen[n];
        }
        free(s->seen);
        s->seen = v;
        s->seen_cap = cap;
    }
    size_t k = hash_pc(pc, id + 1) & (s->seen_cap - 1);
    for (; s->seen[k].id; k = (k + 1) & (s->seen_cap - 1))
        if (s->seen[k].pc == pc && s->seen[k].id == id + 1)
            return false;
    s->seen[k] = (struct report_key){ pc, id + 1 };
    s->seen_count++;
    return true;
}

void check_report(struct check_state *s, enum check_id id, int cpu, uint64_t pc, const char *what, const char *rule,
                  const char *evidence)
{
    struct machine *m = s->m;
    if (!first_report(s, pc, id))
        return;
    s->reports++;
    struct cpu *c = m->cpus[cpu >= 0 && (unsigned)cpu < m->ncpus ? cpu : 0];
    char where[160] = "";
    struct symbol_ctx ctx = { cpu_current_vmid(c), c->pstate.el };
    const struct symbol *sym = s->symbols ? symtab_lookup(s->symbols, pc, ctx) : NULL;
    if (sym)
        snprintf(where, sizeof where, " <%s+0x%" PRIx64 ">", sym->name, pc - sym->addr);
    char msg[512];
    snprintf(msg, sizeof msg, "%s (cpu%d EL%u VMID %u pc 0x%" PRIx64 "%s)", what, c->index, c->pstate.el,
             cpu_current_vmid(c), pc, where);
    fflush(m->out);
    fprintf(m->log, "a72sim: check-%s: %s\na72sim:   rule: %s\n", families[id].name, msg, rule);
    if (evidence && *evidence)
        fprintf(m->log, "a72sim:   evidence: %s\n", evidence);
    if (obs_wants(m, OBS_CHECK)) {
        struct obs_event e;
        obs_fill_core(&e, OBS_CHECK, c);
        e.pc = pc;
        e.u.check.check = families[id].name;
        e.u.check.message = msg;
        obs_deliver(m, &e);
    }
    if (s->fatal)
        machine_request_stop(m, STOP_CHECK, 0);
}
