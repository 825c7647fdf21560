#include "machine.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/exception.h"
#include "gic/gic.h"
#include "cpu/run.h"
#include "cpu/timer.h"
#include "mmu/tlb.h"
#include <inttypes.h>

struct machine *machine_create(unsigned ncpus)
{
    if (ncpus == 0 || ncpus > MAX_CPUS)
        return NULL;
    struct machine *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    bus_init(&m->bus);
    m->ncpus = ncpus;
    m->out = stdout;
    m->quantum = 10000;
    for (unsigned n = 0; n < ncpus; n++) {
        m->cpus[n] = aligned_alloc(64, (sizeof(struct cpu) + 63) & ~(size_t)63);
        if (!m->cpus[n]) {
            machine_destroy(m);
            return NULL;
        }
        cpu_reset(m->cpus[n], m, (int)n);
        m->cpus[n]->arch_tlb = calloc(1, sizeof(struct tlb));
        if (!m->cpus[n]->arch_tlb) {
            machine_destroy(m);
            return NULL;
        }
    }
    return m;
}

void machine_destroy(struct machine *m)
{
    if (!m)
        return;
    for (unsigned n = 0; n < m->ncpus; n++) {
        if (m->cpus[n])
            free(m->cpus[n]->arch_tlb);
        free(m->cpus[n]);
    }
    if (m->gic)
        gic_destroy(m->gic);
    bus_free(&m->bus);
    free(m->board); /* the board's state: plain memory the board allocated */
    free(m);
}

void machine_request_stop(struct machine *m, enum stop_reason reason, int status)
{
    if (!m->stop) {
        m->reason = reason;
        m->exit_status = status;
    }
    m->stop = true;
}

void machine_set_instrumented(struct machine *m, bool on)
{
    m->instrumented = on;
}

uint64_t machine_total_insns(const struct machine *m)
{
    uint64_t t = 0;
    for (unsigned n = 0; n < m->ncpus; n++)
        t += m->cpus[n]->icount;
    return t;
}

/* Cores run in turn, each for a quantum of instructions. Time is global: after each round every
 * core's cycle count (hence its system counter) is brought up to the latest one, so the counters
 * of all cores agree at round boundaries; a sleeping core costs no host time and its cycles just
 * follow. When every core sleeps, time jumps to the earliest timer deadline; with none, no
 * interrupt can ever rise and the run stops (STOP_ALL_ASLEEP). Nothing depends on host time, so
 * a run is deterministic. */
static bool cpu_runnable(const struct cpu *c)
{
    return !c->wfi_pending && !c->powered_off;
}

/* Bring every core that is on to the cycle count now and let the timers that are due fire (a
 * core that is off takes the time of the core that starts it: PSCI CPU_ON). */
static void machine_sync_time(struct machine *m, uint64_t now)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        if (c->powered_off)
            continue;
        if (c->cycles < now)
            c->cycles = now;
        if (c->cycles >= c->next_timer_cycles)
            timer_update(c);
    }
}

static uint64_t machine_latest_cycles(const struct machine *m)
{
    uint64_t now = 0;
    for (unsigned n = 0; n < m->ncpus; n++)
        if (m->cpus[n]->cycles > now)
            now = m->cpus[n]->cycles;
    return now;
}

void machine_run(struct machine *m, uint64_t max_insns)
{
    uint64_t total = machine_total_insns(m);
    while (!m->stop) {
        bool any_ran = false;
        for (unsigned n = 0; n < m->ncpus && !m->stop; n++) {
            struct cpu *c = m->cpus[n];
            if (!cpu_runnable(c))
                continue;
            uint64_t budget = m->quantum;
            if (max_insns) {
                if (total >= max_insns) {
                    machine_request_stop(m, STOP_MAX_INSNS, 0);
                    break;
                }
                if (budget > max_insns - total)
                    budget = max_insns - total;
            }
            m->current = c;
            total += cpu_run(c, budget);
            m->current = NULL;
            any_ran = true;
        }
        if (m->stop)
            break;
        uint64_t now = machine_latest_cycles(m);
        bool input = m->io_poll && m->io_poll(m->io_opaque, false);
        if (!any_ran && !input) {
            /* Every core sleeps: skip to the first timer deadline of a core that is on. */
            uint64_t deadline = UINT64_MAX;
            for (unsigned n = 0; n < m->ncpus; n++)
                if (!m->cpus[n]->powered_off && m->cpus[n]->next_timer_cycles < deadline)
                    deadline = m->cpus[n]->next_timer_cycles;
            if (deadline == UINT64_MAX) {
                /* Nothing but outside input can wake a core now: wait for it, if any can come. */
                if (!(m->io_poll && m->io_poll(m->io_opaque, true)) && !m->stop)
                    machine_request_stop(m, STOP_ALL_ASLEEP, 0);
                if (m->stop)
                    break;
            } else if (deadline > now) {
                now = deadline;
            }
        }
        machine_sync_time(m, now);
        if (max_insns && total >= max_insns)
            machine_request_stop(m, STOP_MAX_INSNS, 0);
    }
}

void machine_note_exception(struct machine *m, struct cpu *c, const struct exception_record *e, unsigned target_el,
                            unsigned kind)
{
    (void)c;
    if (kind == VECT_SYNC)
        m->stats.exceptions_by_ec[e->ec & 63]++;
    else
        m->stats.interrupts[(kind >> 7) & 3]++;
    m->stats.exceptions_to_el[target_el & 3]++;
}

void machine_note_store(struct machine *m, struct cpu *c, uint64_t pa, unsigned size)
{
    /* A store by one core to a location another core has marked clears that core's monitor, and
     * the clearing of a global monitor is a WFE wake-up event for that core (Arm ARM D1.16.1). */
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *o = m->cpus[n];
        if (o != c && o->excl_valid && pa < o->excl_pa + o->excl_size && o->excl_pa < pa + size) {
            o->excl_valid = false;
            o->event_register = true;
            if (o->wfi_pending && o->waiting_for_event)
                o->wfi_pending = false;
        }
    }
}

void machine_note_reservation(struct machine *m, struct cpu *c, uint64_t pa)
{
    if (m->ncpus < 2)
        return;
    uint8_t *host = bus_ram_ptr(&m->bus, pa & GUEST_PAGE_MASK, 1);
    if (!host)
        return;
    /* Other cores' stores to this page must take the slow path, which sees the reservation. */
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *o = m->cpus[n];
        if (o == c || o->powered_off)
            continue; /* a core that is off has no entries: PSCI CPU_ON starts it with none */
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++) {
            struct fast_tlb_entry *w = o->tlb[idx].write;
            for (unsigned k = 0; k < FAST_TLB_SIZE; k++)
                if (w[k].tag != FAST_TLB_INVALID && (uint8_t *)(uintptr_t)(w[k].tag + w[k].addend) == host)
                    w[k].tag = FAST_TLB_INVALID;
        }
    }
}

bool machine_page_reserved_by_other(const struct machine *m, const struct cpu *c, uint64_t page_pa)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *o = m->cpus[n];
        if (o != c && o->excl_valid && (o->excl_pa & GUEST_PAGE_MASK) == page_pa)
            return true;
    }
    return false;
}

bool machine_exclusive_global_pass(struct machine *m, struct cpu *c, uint64_t pa)
{
    (void)m;
    (void)c;
    (void)pa;
    return true; /* other cores' stores clear the local monitor (machine_note_store) */
}

void machine_flush_fast_write_tlbs(struct machine *m)
{
    for (unsigned n = 0; n < m->ncpus; n++)
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++)
            memset(m->cpus[n]->tlb[idx].write, 0xff, sizeof(m->cpus[n]->tlb[idx].write));
}

void machine_send_event(struct machine *m)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        c->event_register = true;
        if (c->wfi_pending && c->waiting_for_event)
            c->wfi_pending = false;
    }
}

void machine_report_stale_tlb(struct machine *m, struct cpu *c, unsigned vmid, unsigned asid, uint64_t va,
                              bool tlb_fault, uint64_t tlb_pa, bool walk_fault, uint64_t walk_pa, uint32_t walk_fsc)
{
    uint64_t key = (va & GUEST_PAGE_MASK) ^ ((uint64_t)vmid << 1) ^ ((uint64_t)asid << 4) ^ (uint64_t)c->pstate.el;
    unsigned kept = m->stale_reports < 256 ? m->stale_reports : 256;
    for (unsigned n = 0; n < kept; n++)
        if (m->stale_seen[n] == key)
            return;
    if (m->stale_reports < 256)
        m->stale_seen[m->stale_reports] = key;
    m->stale_reports++;
    char now[64];
    if (walk_fault)
        snprintf(now, sizeof(now), "a fault (FSC 0x%02x)", walk_fsc);
    else
        snprintf(now, sizeof(now), "PA 0x%" PRIx64, walk_pa);
    fprintf(stderr,
            "a72sim: check-tlb: stale TLB entry used: cpu%d pc 0x%" PRIx64 " EL%u VMID %u ASID %u VA 0x%" PRIx64
            ": the TLB gives %s0x%" PRIx64 ", the tables now give %s (a TLBI is missing after a descriptor change)\n",
            c->index, c->pc, c->pstate.el, vmid, asid, va, tlb_fault ? "a fault, " : "PA ", tlb_pa, now);
}

void machine_note_context_change(struct machine *m, struct cpu *c)
{
    if (m->gic)
        gic_core_state_changed(m->gic, (unsigned)c->index);
}
