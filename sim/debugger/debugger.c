/* The debugger engine (debugger.h): points as data, one observer that matches events against them,
 * and the run control around machine_run(). */
#include "debugger.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../debug.h"
#include "../snapshot/reverse.h"

#define MAX_POINTS 256
#define MAX_PHYS_WATCH_PAGES (MAX_WATCHED_PAGES / 2) /* pages all physical watchpoints may span */

enum run_goal { GOAL_CONTINUE, GOAL_STEP, GOAL_RUN_TO };

struct dbg {
    struct machine *m;
    struct dbg_point *points[MAX_POINTS];   /* in id order */
    unsigned npoints;
    int next_id;

    struct observer obs;
    bool attached;
    volatile sig_atomic_t interrupted;

    /* The run in progress. */
    enum run_goal goal;
    unsigned goal_cpu;
    uint64_t steps_left;           /* GOAL_STEP: instructions of goal_cpu still to start, plus one */
    uint64_t target_pc, target_sp;
    unsigned target_el;
    struct {                       /* each core's position when the run started: its first instruction
                                      steps over a breakpoint there */
        uint64_t pc, seq;
        bool pending;
    } resume[MAX_CPUS];
    bool have_pa_breaks;
    struct dbg_stop stop;          /* what an event decided, kind NONE until then */
    /* Physical pages watched through machine_watch_page() during this run. */
    struct { uint64_t pa; bool read, write; } pages[MAX_POINTS];
    unsigned npages;
};

static const char *const catch_names[DBG_CATCH_KIND_COUNT] = {
    [DBG_CATCH_EXCEPTION] = "exception", [DBG_CATCH_HVC] = "hvc", [DBG_CATCH_SMC] = "smc",
    [DBG_CATCH_SVC] = "svc", [DBG_CATCH_ERET] = "eret", [DBG_CATCH_IRQ] = "irq", [DBG_CATCH_FIQ] = "fiq",
    [DBG_CATCH_EL_CHANGE] = "el-change", [DBG_CATCH_VM_SWITCH] = "vm-switch", [DBG_CATCH_TLBI] = "tlbi",
    [DBG_CATCH_MAINTENANCE] = "maintenance", [DBG_CATCH_STAGE2_FAULT] = "stage2-fault",
};

const char *dbg_catch_name(enum dbg_catch_kind k)
{
    return (unsigned)k < DBG_CATCH_KIND_COUNT ? catch_names[k] : "?";
}

bool dbg_catch_parse(const char *name, enum dbg_catch_kind *out)
{
    for (unsigned k = 0; k < DBG_CATCH_KIND_COUNT; k++)
        if (strcmp(name, catch_names[k]) == 0) {
            *out = (enum dbg_catch_kind)k;
            return true;
        }
    return false;
}

static void on_event(void *ctx, const struct obs_event *e);

struct dbg *dbg_create(struct machine *m)
{
    struct dbg *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->m = m;
    d->next_id = 1;
    d->obs = (struct observer){ .name = "debugger", .event = on_event, .ctx = d };
    return d;
}

static void free_point(struct dbg_point *p)
{
    if (p->cond_free)
        p->cond_free(p->cond_ctx);
    free(p->cond_text);
    free(p);
}

void dbg_destroy(struct dbg *d)
{
    if (!d)
        return;
    dbg_point_delete_all(d);
    free(d);
}

struct machine *dbg_machine(const struct dbg *d) { return d->m; }

void dbg_set_machine(struct dbg *d, struct machine *m)
{
    d->m = m;
    for (unsigned n = 0; n < d->npoints; n++)
        d->points[n]->old_valid = false;
}

/* ---- points ---- */

static struct dbg_point *new_point(struct dbg *d, enum dbg_point_type type)
{
    if (d->npoints >= MAX_POINTS)
        return NULL;
    struct dbg_point *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->id = d->next_id++;
    p->type = type;
    p->enabled = true;
    d->points[d->npoints++] = p;
    return p;
}

int dbg_break_add(struct dbg *d, const struct dbg_loc *loc, bool temporary)
{
    struct dbg_point *p = new_point(d, DBG_BREAKPOINT);
    if (!p)
        return -1;
    p->loc = *loc;
    p->temporary = temporary;
    return p->id;
}

/* The 4 KiB pages a physical range covers. */
static uint64_t pages_of(uint64_t addr, uint64_t len)
{
    return ((addr + len - 1) >> GUEST_PAGE_BITS) - (addr >> GUEST_PAGE_BITS) + 1;
}

int dbg_watch_add(struct dbg *d, const struct dbg_loc *loc, uint64_t len, enum dbg_watch_kind kind)
{
    if (len == 0 || loc->addr + (len - 1) < loc->addr)
        return -1;
    if (loc->space == DBG_PA) {
        /* The machine watches at most MAX_WATCHED_PAGES pages for everyone: take at most half. */
        uint64_t pages = pages_of(loc->addr, len);
        for (unsigned n = 0; n < d->npoints; n++)
            if (d->points[n]->type == DBG_WATCHPOINT && d->points[n]->loc.space == DBG_PA)
                pages += pages_of(d->points[n]->loc.addr, d->points[n]->len);
        if (pages > MAX_PHYS_WATCH_PAGES)
            return -1;
    }
    struct dbg_point *p = new_point(d, DBG_WATCHPOINT);
    if (!p)
        return -1;
    p->loc = *loc;
    p->len = len;
    p->watch = kind;
    return p->id;
}

int dbg_catch_add(struct dbg *d, const struct dbg_catch *c)
{
    if ((unsigned)c->kind >= DBG_CATCH_KIND_COUNT)
        return -1;
    struct dbg_point *p = new_point(d, DBG_CATCHPOINT);
    if (!p)
        return -1;
    p->catch_ = *c;
    return p->id;
}

static int point_index(const struct dbg *d, int id)
{
    for (unsigned n = 0; n < d->npoints; n++)
        if (d->points[n]->id == id)
            return (int)n;
    return -1;
}

bool dbg_point_delete(struct dbg *d, int id)
{
    int n = point_index(d, id);
    if (n < 0)
        return false;
    free_point(d->points[n]);
    memmove(&d->points[n], &d->points[n + 1], (d->npoints - (unsigned)n - 1) * sizeof(d->points[0]));
    d->npoints--;
    return true;
}

void dbg_point_delete_all(struct dbg *d)
{
    for (unsigned n = 0; n < d->npoints; n++)
        free_point(d->points[n]);
    d->npoints = 0;
}

bool dbg_point_enable(struct dbg *d, int id, bool enabled)
{
    int n = point_index(d, id);
    if (n < 0)
        return false;
    d->points[n]->enabled = enabled;
    d->points[n]->old_valid = false;
    return true;
}

bool dbg_point_set_condition(struct dbg *d, int id, dbg_cond_fn fn, void *ctx, void (*free_fn)(void *),
                             const char *text)
{
    int n = point_index(d, id);
    if (n < 0) {
        if (free_fn)
            free_fn(ctx);
        return false;
    }
    struct dbg_point *p = d->points[n];
    if (p->cond_free)
        p->cond_free(p->cond_ctx);
    free(p->cond_text);
    p->cond = fn;
    p->cond_ctx = ctx;
    p->cond_free = free_fn;
    p->cond_text = fn && text ? strdup(text) : NULL;
    return true;
}

unsigned dbg_point_count(const struct dbg *d) { return d->npoints; }

const struct dbg_point *dbg_point_at(const struct dbg *d, unsigned index)
{
    return index < d->npoints ? d->points[index] : NULL;
}

const struct dbg_point *dbg_point_find(const struct dbg *d, int id)
{
    int n = point_index(d, id);
    return n < 0 ? NULL : d->points[n];
}

/* ---- matching events ---- */

/* Does a virtual location's space and VMID match a core at el in vmid? */
static bool space_matches(const struct dbg_loc *l, unsigned el, unsigned vmid)
{
    switch (l->space) {
    case DBG_VA_ANY: break;
    case DBG_VA_EL1: if (el > EL1) return false; break;
    case DBG_VA_EL2: if (el != EL2) return false; break;
    case DBG_VA_EL3: if (el != EL3) return false; break;
    case DBG_PA: return false;
    }
    return l->vmid < 0 || (unsigned)l->vmid == vmid;
}

/* The translation context of a core's own accesses at its current EL. */
static enum mmu_idx current_idx(const struct cpu *c) { return c->mmu_idx; }

/* The physical address the core would fetch pc from, or false when it does not translate. */
static bool fetch_pa(struct cpu *c, uint64_t pc, uint64_t *pa)
{
    struct translation t;
    debug_translate(c, current_idx(c), pc, MMU_FETCH, false, &t);
    if (t.fault)
        return false;
    *pa = t.pa;
    return true;
}

/* Record a stop (the first one of an instruction wins) and ask the machine to stop. */
static void stop_at(struct dbg *d, enum dbg_stop_kind kind, const struct obs_event *e, int id)
{
    if (d->stop.kind != DBG_STOP_NONE)
        return;
    d->stop.kind = kind;
    d->stop.cpu = e->cpu;
    d->stop.id = id;
    d->stop.event = *e;
    obs_request_stop(d->m);
}

/* Evaluate a point's condition; a point that stops counts a hit. */
static bool point_fires(struct dbg *d, struct dbg_point *p, unsigned cpu)
{
    if (p->cond && p->cond(p->cond_ctx, d->m, cpu) == 0)
        return false;
    p->hits++;
    return true;
}

static void on_insn(struct dbg *d, const struct obs_event *e)
{
    unsigned cpu = (unsigned)e->cpu;
    bool first = false;
    if (d->resume[cpu].pending) {
        d->resume[cpu].pending = false;
        first = e->seq == d->resume[cpu].seq && e->pc == d->resume[cpu].pc;
    }
    if (!first) {
        struct cpu *c = d->m->cpus[cpu];
        uint64_t pa = 0;
        bool pa_known = d->have_pa_breaks && fetch_pa(c, e->pc, &pa);
        for (unsigned n = 0; n < d->npoints; n++) {
            struct dbg_point *p = d->points[n];
            if (p->type != DBG_BREAKPOINT || !p->enabled)
                continue;
            bool hit = p->loc.space == DBG_PA ? pa_known && pa == p->loc.addr
                                              : p->loc.addr == e->pc && space_matches(&p->loc, e->el, e->vmid);
            if (hit && point_fires(d, p, cpu)) {
                stop_at(d, DBG_STOP_BREAKPOINT, e, p->id);
                return;
            }
        }
    }
    if (cpu != d->goal_cpu)
        return;
    if (d->goal == GOAL_STEP && --d->steps_left == 0)
        stop_at(d, DBG_STOP_STEP, e, 0);
    else if (d->goal == GOAL_RUN_TO && !first && e->pc == d->target_pc && e->el == d->target_el &&
             *cpu_sp(d->m->cpus[cpu]) >= d->target_sp)
        stop_at(d, DBG_STOP_TARGET, e, 0);
}

/* Read a watched value (up to 8 bytes, little-endian) without side effects. */
static bool read_watched(struct dbg *d, const struct dbg_point *p, unsigned cpu, uint64_t *value)
{
    uint64_t v = 0;
    size_t len = p->len < 8 ? (size_t)p->len : 8;
    bool ok;
    if (p->loc.space == DBG_PA) {
        ok = debug_read_phys(d->m, p->loc.addr, &v, len, false);
    } else {
        struct cpu *c = d->m->cpus[cpu];
        enum mmu_idx idx = p->loc.space == DBG_VA_EL2 ? MMU_EL2 : p->loc.space == DBG_VA_EL3 ? MMU_EL3
                         : p->loc.space == DBG_VA_EL1 ? MMU_EL1 : current_idx(c);
        ok = debug_read_virt(c, idx, p->loc.addr, &v, len);
    }
    *value = v;
    return ok;
}

static void on_access(struct dbg *d, const struct obs_event *e)
{
    unsigned cpu = (unsigned)e->cpu;
    bool physical = e->kind == OBS_WATCH;
    for (unsigned n = 0; n < d->npoints; n++) {
        struct dbg_point *p = d->points[n];
        if (p->type != DBG_WATCHPOINT || !p->enabled || (p->loc.space == DBG_PA) != physical)
            continue;
        uint64_t a = physical ? e->u.mem.pa : e->u.mem.va;
        if (a + e->u.mem.size <= p->loc.addr || a > p->loc.addr + (p->len - 1))
            continue;
        if (!physical && !space_matches(&p->loc, e->el, e->vmid))
            continue;
        if (e->u.mem.write ? p->watch == DBG_WATCH_READ : p->watch == DBG_WATCH_WRITE)
            continue;
        uint64_t now = 0;
        bool known = p->len <= 8 && read_watched(d, p, cpu, &now);
        if (p->watch == DBG_WATCH_WRITE && known && p->old_valid && now == p->old_value)
            continue; /* a write that leaves the value as it was */
        if (!point_fires(d, p, cpu))
            continue;
        if (d->stop.kind == DBG_STOP_NONE) {
            d->stop.value_known = known && (p->old_valid || p->watch != DBG_WATCH_WRITE);
            d->stop.old_value = p->old_value;
            d->stop.new_value = now;
        }
        p->old_value = now;
        p->old_valid = known;
        stop_at(d, DBG_STOP_WATCHPOINT, e, p->id);
        return;
    }
}

/* Does a catchpoint's filter take this event? */
static bool catch_matches(const struct dbg_catch *c, const struct obs_event *e)
{
    unsigned kind = 0, ec = 0, to_el = 0;
    if (e->kind == OBS_EXCEPTION) {
        kind = e->u.exc.vector_offset & 0x180;
        ec = (e->u.exc.esr >> 26) & 63;
        to_el = e->u.exc.to_el;
    } else if (e->kind == OBS_ERET) {
        to_el = e->u.eret.to_el;
    }
    if (c->to_el >= 0 && (e->kind == OBS_EXCEPTION || e->kind == OBS_ERET) && to_el != (unsigned)c->to_el)
        return false;
    bool sync = e->kind == OBS_EXCEPTION && kind == 0;
    switch (c->kind) {
    case DBG_CATCH_EXCEPTION:
        return e->kind == OBS_EXCEPTION && (!c->ec_mask || (sync && (c->ec_mask >> ec & 1)));
    case DBG_CATCH_HVC: return sync && ec == 0x16;
    case DBG_CATCH_SMC: return (sync && ec == 0x17) || e->kind == OBS_PSCI; /* or the board's firmware answered it */
    case DBG_CATCH_SVC: return sync && ec == 0x15;
    case DBG_CATCH_ERET: return e->kind == OBS_ERET;
    case DBG_CATCH_IRQ: return e->kind == OBS_EXCEPTION && kind == 0x080;
    case DBG_CATCH_FIQ: return e->kind == OBS_EXCEPTION && kind == 0x100;
    case DBG_CATCH_EL_CHANGE:
        return (e->kind == OBS_EXCEPTION && e->u.exc.from_el != e->u.exc.to_el) ||
               (e->kind == OBS_ERET && e->u.eret.from_el != e->u.eret.to_el);
    case DBG_CATCH_VM_SWITCH: return e->kind == OBS_VM_SWITCH;
    case DBG_CATCH_TLBI: return e->kind == OBS_TLBI && !e->u.tlbi.broadcast;
    case DBG_CATCH_MAINTENANCE:
        return e->kind == OBS_IRQ && e->u.irq.what == OBS_IRQ_MAINTENANCE && e->u.irq.level;
    case DBG_CATCH_STAGE2_FAULT:
        return sync && to_el == EL2 && e->u.exc.hpfar_valid && (ec == 0x20 || ec == 0x24);
    case DBG_CATCH_KIND_COUNT: break;
    }
    return false;
}

static void on_catchable(struct dbg *d, const struct obs_event *e)
{
    if (e->cpu < 0)
        return;
    for (unsigned n = 0; n < d->npoints; n++) {
        struct dbg_point *p = d->points[n];
        if (p->type == DBG_CATCHPOINT && p->enabled && catch_matches(&p->catch_, e) &&
            point_fires(d, p, (unsigned)e->cpu)) {
            stop_at(d, DBG_STOP_CATCH, e, p->id);
            return;
        }
    }
}

static void on_event(void *ctx, const struct obs_event *e)
{
    struct dbg *d = ctx;
    if (e->cpu < 0 || (unsigned)e->cpu >= d->m->ncpus)
        return;
    switch (e->kind) {
    case OBS_INSN: on_insn(d, e); break;
    case OBS_MEM:
    case OBS_WATCH: on_access(d, e); break;
    default: on_catchable(d, e); break;
    }
}

/* ---- run control ---- */

/* The events this run needs, and the physical pages to watch. */
static uint32_t arm(struct dbg *d)
{
    uint32_t kinds = 0;
    d->have_pa_breaks = false;
    d->npages = 0;
    if (d->goal != GOAL_CONTINUE)
        kinds |= OBS_MASK(OBS_INSN);
    for (unsigned n = 0; n < d->npoints; n++) {
        struct dbg_point *p = d->points[n];
        if (!p->enabled)
            continue;
        switch (p->type) {
        case DBG_BREAKPOINT:
            kinds |= OBS_MASK(OBS_INSN);
            d->have_pa_breaks |= p->loc.space == DBG_PA;
            break;
        case DBG_WATCHPOINT:
            if (p->watch == DBG_WATCH_WRITE && p->len <= 8 && !p->old_valid) {
                uint64_t v;
                /* The value a write must change; a core that cannot read it yet compares nothing. */
                p->old_valid = read_watched(d, p, 0, &v);
                p->old_value = v;
            }
            if (p->loc.space != DBG_PA) {
                kinds |= OBS_MASK(OBS_MEM);
                break;
            }
            kinds |= OBS_MASK(OBS_WATCH);
            bool rd = p->watch != DBG_WATCH_WRITE, wr = p->watch != DBG_WATCH_READ;
            for (uint64_t pg = p->loc.addr & GUEST_PAGE_MASK; pg <= ((p->loc.addr + p->len - 1) & GUEST_PAGE_MASK);
                 pg += GUEST_PAGE_SIZE) {
                if (d->npages < MAX_POINTS && machine_watch_page(d->m, pg, rd, wr))
                    d->pages[d->npages++] = (typeof(d->pages[0])){ pg, rd, wr };
                if (pg + GUEST_PAGE_SIZE == 0)
                    break;
            }
            break;
        case DBG_CATCHPOINT:
            switch (p->catch_.kind) {
            case DBG_CATCH_ERET: kinds |= OBS_MASK(OBS_ERET); break;
            case DBG_CATCH_EL_CHANGE: kinds |= OBS_MASK(OBS_ERET) | OBS_MASK(OBS_EXCEPTION); break;
            case DBG_CATCH_VM_SWITCH: kinds |= OBS_MASK(OBS_VM_SWITCH); break;
            case DBG_CATCH_TLBI: kinds |= OBS_MASK(OBS_TLBI); break;
            case DBG_CATCH_MAINTENANCE: kinds |= OBS_MASK(OBS_IRQ); break;
            case DBG_CATCH_SMC: kinds |= OBS_MASK(OBS_EXCEPTION) | OBS_MASK(OBS_PSCI); break;
            default: kinds |= OBS_MASK(OBS_EXCEPTION); break;
            }
            break;
        }
    }
    return kinds;
}

static void disarm(struct dbg *d)
{
    for (unsigned n = 0; n < d->npages; n++)
        machine_unwatch_page(d->m, d->pages[n].pa, d->pages[n].read, d->pages[n].write);
    d->npages = 0;
    if (d->attached)
        machine_detach_observer(d->m, &d->obs);
    d->attached = false;
}

static void run(struct dbg *d, uint64_t max_insns, struct dbg_stop *stop)
{
    struct machine *m = d->m;
    memset(&d->stop, 0, sizeof(d->stop));
    d->stop.cpu = -1;
    for (unsigned n = 0; n < m->ncpus && n < MAX_CPUS; n++)
        d->resume[n] = (typeof(d->resume[0])){ m->cpus[n]->pc, m->cpus[n]->icount, true };
    d->obs.kinds = arm(d);
    if (d->obs.kinds) {
        d->attached = machine_attach_observer(m, &d->obs);
        if (!d->attached) {
            disarm(d);
            *stop = (struct dbg_stop){ .kind = DBG_STOP_MACHINE, .cpu = -1, .reason = STOP_HOST_ERROR };
            return;
        }
    }
    machine_clear_stop(m);
    d->interrupted = 0;
    /* machine_run, with reverse execution's checkpoints while the machine is recorded */
    reverse_run(m, max_insns ? machine_total_insns(m) + max_insns : 0);
    disarm(d);

    if (d->stop.kind == DBG_STOP_NONE) {
        if (d->interrupted) {
            d->stop.kind = DBG_STOP_INTERRUPT;
        } else if (m->reason == STOP_GUEST_EXIT) {
            d->stop.kind = DBG_STOP_EXITED;
        } else {
            d->stop.kind = DBG_STOP_MACHINE;
        }
        d->stop.reason = m->reason;
        d->stop.exit_status = m->exit_status;
    } else if (m->reason != STOP_OBSERVER) {
        d->stop.reason = m->reason; /* the guest ended during the instruction that hit the point */
        d->stop.exit_status = m->exit_status;
    }
    if (d->stop.cpu >= 0)
        d->stop.pc = m->cpus[d->stop.cpu]->pc;
    if (d->stop.id) {
        int n = point_index(d, d->stop.id);
        if (n >= 0 && d->points[n]->temporary)
            dbg_point_delete(d, d->stop.id);
    }
    *stop = d->stop;
}

void dbg_continue(struct dbg *d, uint64_t max_insns, struct dbg_stop *stop)
{
    d->goal = GOAL_CONTINUE;
    run(d, max_insns, stop);
}

void dbg_step(struct dbg *d, unsigned cpu, uint64_t n, uint64_t max_insns, struct dbg_stop *stop)
{
    if (n == 0 || cpu >= d->m->ncpus) {
        *stop = (struct dbg_stop){ .kind = DBG_STOP_STEP, .cpu = cpu < d->m->ncpus ? (int)cpu : -1 };
        if (stop->cpu >= 0)
            stop->pc = d->m->cpus[cpu]->pc;
        return;
    }
    d->goal = GOAL_STEP;
    d->goal_cpu = cpu;
    /* It stops at the event of the instruction after the n-th. The instruction at the PC has no
     * event of its own when the run stopped before it (its event came before the stop). */
    const struct cpu *c = d->m->cpus[cpu];
    bool delivered = c->insn_event_delivered && c->insn_event_pc == c->pc;
    d->steps_left = delivered ? n : n + 1;
    run(d, max_insns, stop);
}

void dbg_run_to(struct dbg *d, unsigned cpu, uint64_t pc, unsigned el, uint64_t min_sp, uint64_t max_insns,
                struct dbg_stop *stop)
{
    d->goal = cpu < d->m->ncpus ? GOAL_RUN_TO : GOAL_CONTINUE;
    d->goal_cpu = cpu;
    d->target_pc = pc;
    d->target_el = el;
    d->target_sp = min_sp;
    run(d, max_insns, stop);
}

void dbg_interrupt(struct dbg *d)
{
    d->interrupted = 1;
    machine_request_stop(d->m, STOP_INTERRUPTED, 0);
}
