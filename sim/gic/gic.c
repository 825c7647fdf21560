/* The GIC's interrupt logic shared by the distributor, the redistributors and the CPU
 * interfaces: pending state, routing, the highest-priority pending interrupt of a core and the
 * recomputation of a core's lines (Arm IHI 0069, chapter 4 "Physical Interrupt Handling and
 * Prioritization").
 */
#include "gic_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../check/stress.h"
#include "../cpu/irq.h"

static void emit(struct gic *g, unsigned cpu, enum obs_irq_what what, bool is_virtual, uint32_t intid, int lr,
                 bool level)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_IRQ, g->m->cpus[cpu]);
    e.u.irq.what = what;
    e.u.irq.is_virtual = is_virtual;
    e.u.irq.intid = intid;
    e.u.irq.lr = lr;
    e.u.irq.level = level;
    obs_deliver(g->m, &e);
}

void gic_emit_irq(struct gic *g, unsigned cpu, enum obs_irq_what what, bool is_virtual, uint32_t intid, int lr)
{
    if (obs_wants(g->m, OBS_IRQ))
        emit(g, cpu, what, is_virtual, intid, lr, false);
}

void gic_note_maintenance(struct gic *g, unsigned cpu, bool level)
{
    if (obs_wants(g->m, OBS_IRQ))
        emit(g, cpu, OBS_IRQ_MAINTENANCE, false, GIC_MAINT_INTID, -1, level);
}

static void gic_reset(struct gic *g)
{
    /* With security, everything resets to Group 0, disabled, priority 0 (GICD_CTLR.DS = 0). */
    for (unsigned n = 0; n < GIC_NUM_INTIDS - 32; n++)
        g->spi[n] = (struct gic_irq){ 0 };
    for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
        struct gic_redist *r = &g->redist[cpu];
        *r = (struct gic_redist){ 0 };
        r->processor_sleep = true;
        for (unsigned id = 0; id < 16; id++)
            r->irq[id].edge = true; /* SGIs are edge-triggered (ICFGR0 reads 0xAAAAAAAA) */
        struct gic_cpuif *ci = &r->cpuif;
        ci->bpr0 = 2;                       /* the minimum binary points with 5 preemption bits */
        ci->bpr1[0] = ci->bpr1[1] = 3;
        ci->sre_el1[0] = ci->sre_el1[1] = 0x7; /* SRE, DFB, DIB: RAO/WI (no legacy interface) */
        ci->sre_el2 = ci->sre_el3 = 0xf;    /* ... and Enable (reset UNKNOWN: 1) */
        r->vcpuif.vmcr = (2u << ICH_VMCR_VBPR0_SHIFT) | (3u << ICH_VMCR_VBPR1_SHIFT) | ICH_VMCR_VFIQEN;
    }
    g->gicd_ctlr = 0;
}

struct gic *gic_create(struct machine *m)
{
    struct gic *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->m = m;
    g->ncpus = m->ncpus < MAX_CPUS ? m->ncpus : MAX_CPUS;
    g->num_lrs = GIC_NUM_LRS;
    gic_reset(g);
    return g;
}

void gic_destroy(struct gic *g) { free(g); }

void gic_firmware_setup(struct gic *g)
{
    g->gicd_ctlr = GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_ENGRP1NS;
    for (unsigned n = 0; n < GIC_NUM_INTIDS - 32; n++)
        g->spi[n].group = true;
    for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
        struct gic_redist *r = &g->redist[cpu];
        r->processor_sleep = false;
        for (unsigned id = 0; id < 32; id++)
            r->irq[id].group = true;
        r->cpuif.sre_el2 = r->cpuif.sre_el3 = 0xf;
    }
    gic_update(g);
}

bool gic_irq_targets(const struct gic *g, unsigned cpu, unsigned intid)
{
    if (intid < 32)
        return true;
    uint64_t route = g->spi[intid - 32].route;
    if (route & (1ull << 31))
        return true; /* IRM = 1: any participating core (1 of N) */
    /* Aff3 (39:32), Aff2 (23:16), Aff1 (15:8) must be 0 and Aff0 (7:0) the core, as in MPIDR_EL1 */
    return (route & 0xff00ffffffull) == cpu;
}

static bool group_enabled_in_distributor(const struct gic *g, enum gic_group grp)
{
    static const uint32_t bit[] = { [GIC_G0] = GICD_CTLR_ENGRP0, [GIC_G1S] = GICD_CTLR_ENGRP1S,
                                    [GIC_G1NS] = GICD_CTLR_ENGRP1NS };
    return g->gicd_ctlr & bit[grp];
}

static bool group_enabled_in_cpuif(const struct gic_cpuif *ci, enum gic_group grp)
{
    return grp == GIC_G0 ? ci->igrpen0 : ci->igrpen1[grp == GIC_G1S];
}

static bool irq_is_pending(const struct gic_irq *q) { return q->pending || (!q->edge && q->level); }

unsigned gic_highest_pending(struct gic *g, unsigned cpu)
{
    struct gic_redist *r = &g->redist[cpu];
    if (r->processor_sleep)
        return GIC_SPURIOUS;
    unsigned best = GIC_SPURIOUS;
    unsigned best_prio = 0x100;
    for (unsigned id = 0; id < GIC_NUM_INTIDS; id++) {
        const struct gic_irq *q = gic_irq(g, cpu, id);
        if (!q->enabled || q->active || !irq_is_pending(q) || q->priority >= best_prio)
            continue;
        enum gic_group grp = gic_irq_group(q);
        if (!group_enabled_in_distributor(g, grp) || !group_enabled_in_cpuif(&r->cpuif, grp) ||
            !gic_irq_targets(g, cpu, id))
            continue;
        best = id;
        best_prio = q->priority;
    }
    return best;
}

unsigned gic_highest_pending_cached(struct gic *g, unsigned cpu)
{
    if (!(g->hppi_valid >> cpu & 1)) {
        g->hppi[cpu] = gic_highest_pending(g, cpu);
        g->hppi_valid |= 1u << cpu;
    }
    return g->hppi[cpu];
}

void gic_set_pending(struct gic *g, unsigned cpu, unsigned intid, bool pending)
{
    gic_irq(g, cpu, intid)->pending = pending;
}

void gic_deactivate(struct gic *g, unsigned cpu, unsigned intid)
{
    if (intid < GIC_NUM_INTIDS)
        gic_irq(g, cpu, intid)->active = false;
}

void gic_set_irq_level(struct gic *g, unsigned cpu, unsigned intid, bool level)
{
    if (intid >= GIC_NUM_INTIDS || (intid < 32 && cpu >= g->ncpus))
        return;
    struct gic_irq *q = gic_irq(g, cpu, intid);
    if (level && !q->level)
        gic_emit_irq(g, cpu, OBS_IRQ_PENDING, false, intid, -1);
    if (q->edge && level && !q->level)
        q->pending = true;
    q->level = level;
    gic_update(g);
}

void gic_send_sgi(struct gic *g, unsigned from, uint64_t value, enum gic_group group)
{
    unsigned intid = (value >> 24) & 0xf;
    bool all_but_self = value & (1ull << 40);          /* IRM */
    uint64_t aff321 = value & 0x00ff00ff00ff0000ull;    /* Aff3 55:48, Aff2 39:32, Aff1 23:16 */
    unsigned rs = (value >> 44) & 0xf;
    for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
        if (all_but_self) {
            if (cpu == from)
                continue;
        } else if (aff321 != 0 || rs != cpu / 16 || !(value & (1u << (cpu % 16)))) {
            continue; /* our cores have Aff1..3 = 0 and Aff0 = the core number */
        }
        struct gic_irq *q = &g->redist[cpu].irq[intid];
        /* Forwarded only to a core that has the SGI in the group the write generates (Arm IHI
         * 0069, "Forwarding an SGI to a target PE"; GICR_NSACR is 0: no Non-secure extension). */
        if (gic_irq_group(q) == group) {
            q->pending = true;
            gic_emit_irq(g, cpu, OBS_IRQ_PENDING, false, intid, -1);
        }
    }
    gic_update(g);
}

/* What of the core's state the GIC's outputs to it depend on: interrupts go to IRQ or FIQ by whether
 * it is at EL3 and by its Security state (IHI 0069 4.6.2; gic_cpuif.c group_is_fiq). Never 0. */
static uint8_t core_signal_ctx(const struct cpu *c)
{
    return (uint8_t)(1u | (c->pstate.el == EL3) << 1 | is_secure(c) << 2);
}

/* Recompute one core's lines from the GIC's state and the core's (its EL, security, masks). */
static void update_lines(struct gic *g, unsigned cpu)
{
    g->signal_ctx[cpu] = core_signal_ctx(g->m->cpus[cpu]);
    gic_vcpuif_update(g, cpu); /* first: it drives the maintenance PPI the physical side sees */
    gic_cpuif_update(g, cpu);
}

void gic_update_cpu(struct gic *g, unsigned cpu)
{
    g->hppi_valid = 0; /* SPIs are shared: every core's cached HPPI may have changed */
    update_lines(g, cpu);
}

void gic_update(struct gic *g)
{
    g->hppi_valid = 0;
    for (unsigned cpu = 0; cpu < g->ncpus; cpu++)
        update_lines(g, cpu);
}

void gic_core_state_changed(struct gic *g, unsigned cpu)
{
    /* The GIC's state is unchanged (the cached HPPI holds), so its outputs change only with what of
     * the core's state they depend on: most exceptions, returns and MSRs leave that as it was. */
    if (cpu < g->ncpus && g->signal_ctx[cpu] != core_signal_ctx(g->m->cpus[cpu]))
        update_lines(g, cpu);
}

/* The saved state: everything after the machine pointer, the core count and the HPPI cache. */
#define GIC_STATE_START offsetof(struct gic, gicd_ctlr)

size_t gic_state_size(void) { return sizeof(struct gic) - GIC_STATE_START; }

void gic_state_save(const struct gic *g, void *buf) { memcpy(buf, (const char *)g + GIC_STATE_START, gic_state_size()); }

/* A bool read from a file may hold any byte: make it 0 or 1 before C reads it as a bool. */
static void normalize_bool(bool *b)
{
    uint8_t v;
    memcpy(&v, b, 1);
    v = v != 0;
    memcpy(b, &v, 1);
}

static void normalize_irq(struct gic_irq *q)
{
    bool *flags[] = { &q->group, &q->grpmod, &q->enabled, &q->pending, &q->active, &q->edge, &q->level };
    for (unsigned n = 0; n < sizeof(flags) / sizeof(flags[0]); n++)
        normalize_bool(flags[n]);
}

void gic_state_load(struct gic *g, const void *buf)
{
    /* The list-register count (--gic-lrs) and --stress's held outputs are the restoring run's,
     * not the file's: a file cannot make the GIC index past its list registers. */
    unsigned num_lrs = g->num_lrs;
    memcpy((char *)g + GIC_STATE_START, buf, gic_state_size());
    g->num_lrs = num_lrs;
    memset(g->hold, 0, sizeof(g->hold));
    for (unsigned n = 0; n < GIC_NUM_INTIDS - 32; n++)
        normalize_irq(&g->spi[n]);
    for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
        struct gic_redist *r = &g->redist[cpu];
        for (unsigned id = 0; id < 32; id++)
            normalize_irq(&r->irq[id]);
        normalize_bool(&r->processor_sleep);
        normalize_bool(&r->cpuif.igrpen0);
        normalize_bool(&r->cpuif.igrpen1[0]);
        normalize_bool(&r->cpuif.igrpen1[1]);
    }
    g->hppi_valid = 0; /* recomputed from the state on the next use */
    memset(g->signal_ctx, 0, sizeof(g->signal_ctx));
}

bool gic_set_list_registers(struct gic *g, unsigned n)
{
    if (n < 1 || n > GIC_NUM_LRS)
        return false;
    g->num_lrs = n;
    return true;
}

unsigned gic_list_registers(const struct gic *g) { return g->num_lrs; }

uint64_t gic_peek_lr(const struct gic *g, unsigned cpu, unsigned n)
{
    return cpu < g->ncpus && n < g->num_lrs ? g->redist[cpu].vcpuif.lr[n] : 0;
}

bool gic_peek_active(struct gic *g, unsigned cpu, unsigned intid)
{
    return cpu < g->ncpus && intid < GIC_NUM_INTIDS && gic_irq(g, cpu, intid)->active;
}

bool gic_peek_virtual_active(const struct gic *g, unsigned cpu)
{
    return cpu < g->ncpus && (g->redist[cpu].vcpuif.ap0r | g->redist[cpu].vcpuif.ap1r);
}

bool gic_peek_maintenance(const struct gic *g, unsigned cpu)
{
    return cpu < g->ncpus && g->redist[cpu].irq[GIC_MAINT_INTID].level;
}

/* A held output's round passed (an event of the machine's queue, run between rounds). */
static void hold_round(struct machine *m, void *ctx)
{
    struct gic_hold *h = ctx;
    if (h->state != 1)
        return;
    if (h->rounds > 1) {
        h->rounds--;
        if (event_post(&m->events, m->cpus[h->cpu]->cycles, hold_round, h))
            return;
    }
    h->state = 2;
    gic_update_cpu(h->g, h->cpu);
}

bool gic_stress_output(struct gic *g, unsigned cpu, enum gic_out out, bool level)
{
    struct gic_hold *h = &g->hold[cpu][out];
    if (!level) {
        if (h->state == 1)
            event_cancel(&g->m->events, hold_round, h);
        h->state = 0;
        return false;
    }
    if (h->state)
        return h->state == 2;
    unsigned rounds = stress_hold_rounds(g->m->stress);
    h->g = g;
    h->cpu = (uint8_t)cpu;
    h->rounds = (uint8_t)rounds;
    h->state = rounds && event_post(&g->m->events, g->m->cpus[cpu]->cycles, hold_round, h) ? 1 : 2;
    return h->state == 2;
}
