#include "machine.h"

#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/stress.h"
#include "cpu/codecache.h"
#include "cpu/exception.h"
#include "gic/gic.h"
#include "cpu/run.h"
#include "cpu/timer.h"
#include "mmu/tlb.h"
#include "obs_emit.h"
#include "timing/uarch.h"
#include "psci.h"
#include <inttypes.h>

static void machine_sev(struct cpu *c) { machine_send_event(c->machine); }

const struct cpu_ports machine_ports = {
    .timer_line = NULL,
    .firmware_call = psci_call,
    .semihosting_call = semihosting_call,
    .send_event = machine_sev,
};

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
    m->log = stderr;
    m->quantum = 10000;
    m->exception_loop_limit = 1000;
    for (unsigned n = 0; n < ncpus; n++) {
        m->cpus[n] = aligned_alloc(64, (sizeof(struct cpu) + 63) & ~(size_t)63);
        if (!m->cpus[n]) {
            machine_destroy(m);
            return NULL;
        }
        m->cpus[n]->config = (struct cpu_config){
            .midr = 0x410FD083,            /* Cortex-A72 r0p3 */
            .mpidr = 0x80000000u | n,      /* cluster 0, core n */
            .cntfrq_hz = 100000000,
            .clock_hz = 1700000000,
        };
        m->cpus[n]->ports = &machine_ports;
        cpu_reset(m->cpus[n], m, (int)n);
        m->cpus[n]->uarch = NULL; /* static timing until timing_configure */
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
        if (m->cpus[n]) {
            free(m->cpus[n]->arch_tlb);
            timing_free(m->cpus[n]);
        }
        free(m->cpus[n]);
    }
    if (m->gic)
        gic_destroy(m->gic);
    check_free(m);
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

void observers_changed(struct machine *m)
{
    uint32_t kinds = 0;
    for (unsigned n = 0; n < m->observers.count; n++)
        kinds |= m->observers.list[n]->kinds;
    m->observers.kinds = kinds;
    bool slow = (kinds & OBS_MASK(OBS_MEM)) || m->check_tlb;
    if (slow && !m->instrumented_memory)
        for (unsigned n = 0; n < m->ncpus; n++)
            cpu_flush_fast_tlb(m->cpus[n]); /* entries made so far would bypass the slow path */
    m->instrumented_memory = slow;
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
        if (c->wfi_pending && c->cycles < now)
            m->stats[n].asleep_cycles += now - c->cycles;
        cpu_sync_cycles(c, now);
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

/* The end of a round: outside input, time brought level across the cores (or skipped ahead when
 * every core sleeps), and the devices' events that are due. */
static void machine_end_round(struct machine *m, bool any_ran)
{
    uint64_t now = machine_latest_cycles(m);
    bool input = m->io_poll && m->io_poll(m->io_opaque, false);
    if (!any_ran && !input) {
        /* Every core sleeps: skip to the first timer deadline of a core that is on, or to
         * the next device event, whichever comes first. */
        uint64_t deadline = event_next(&m->events);
        for (unsigned n = 0; n < m->ncpus; n++)
            if (!m->cpus[n]->powered_off && m->cpus[n]->next_timer_cycles < deadline)
                deadline = m->cpus[n]->next_timer_cycles;
        if (deadline == UINT64_MAX) {
            /* Nothing but outside input can wake a core now: wait for it, if any can come. */
            if (!(m->io_poll && m->io_poll(m->io_opaque, true)) && !m->stop)
                machine_request_stop(m, STOP_ALL_ASLEEP, 0);
            if (m->stop)
                return;
        } else if (deadline > now) {
            now = deadline;
        }
    }
    machine_sync_time(m, now);
    event_run_due(&m->events, m, now);
}

void machine_run(struct machine *m, uint64_t max_insns)
{
    struct sched_state *s = &m->sched;
    uint64_t total = machine_total_insns(m);
    while (!m->stop) {
        while (s->core < m->ncpus && !m->stop) {
            unsigned n = (s->core + s->first) % m->ncpus; /* --stress: the round starts at a drawn core */
            struct cpu *c = m->cpus[n];
            if (!s->left) {
                /* The core's turn begins (a sleeping or powered-off core passes it). */
                if (!cpu_runnable(c)) {
                    s->core++;
                    continue;
                }
                s->left = m->stress ? stress_quantum(m->stress) : m->quantum;
            }
            uint64_t budget = s->left;
            if (max_insns) {
                if (total >= max_insns) {
                    machine_request_stop(m, STOP_MAX_INSNS, 0);
                    break;
                }
                if (budget > max_insns - total)
                    budget = max_insns - total;
            }
            uint64_t cycles_before = c->cycles;
            uint64_t done = cpu_run(c, budget);
            total += done;
            s->left -= done;
            m->stats[n].executing_cycles += c->cycles - cycles_before;
            s->any_ran = true;
            if (s->left && cpu_runnable(c))
                continue; /* stopped inside the turn, or at max_insns: the turn goes on when the run does */
            /* The turn is over: the core's next one starts between blocks. */
            s->left = 0;
            c->resume_in_block = false;
            s->core++;
        }
        if (m->stop || s->core < m->ncpus)
            break;
        bool any_ran = s->any_ran;
        *s = (struct sched_state){ .first = m->stress ? stress_first_core(m->stress, m->ncpus) : 0 };
        machine_end_round(m, any_ran);
        if (max_insns && total >= max_insns)
            machine_request_stop(m, STOP_MAX_INSNS, 0);
    }
}

void machine_clear_stop(struct machine *m)
{
    m->stop = false;
    m->reason = STOP_NONE;
    m->exit_status = 0;
    m->observers.stop_requested = false;
}

void machine_note_exception(struct machine *m, struct cpu *c, const struct exception_record *e, unsigned target_el,
                            unsigned kind)
{
    struct core_stats *s = &m->stats[c->index];
    /* Called after the entry: the EL it came from is in the SPSR just written. */
    bool vm_exit = target_el == EL2 && ((c->spsr_el[EL2] >> 2) & 3) < EL2;
    if (kind == VECT_SYNC) {
        s->exceptions[e->ec & 63][target_el & 3]++;
        if (vm_exit)
            s->vm_exits[e->ec & 63]++;
    } else {
        s->interrupts[(kind >> 7) & 3][target_el & 3]++;
        if (vm_exit)
            s->vm_exit_interrupts[(kind >> 7) & 3]++;
    }
    uint64_t n = m->exc_history_count[c->index]++;
    m->exc_history[c->index][n % EXC_HISTORY] = (struct exc_note){
        .elr = c->elr_el[target_el & 3], .icount = c->icount, .ec = kind == VECT_SYNC ? (uint8_t)(e->ec & 63) : 0,
        .kind = (uint8_t)((kind >> 7) & 3), .from_el = (uint8_t)((c->spsr_el[target_el & 3] >> 2) & 3),
        .to_el = (uint8_t)target_el };
}

void machine_note_exception_at_vector(struct machine *m, struct cpu *c, unsigned ec, unsigned target_el,
                                      unsigned vect_offset)
{
    if (!m->exception_loop_limit || ++c->exceptions_at_vector < m->exception_loop_limit || m->stop)
        return;
    static const char *const kinds[4] = { "synchronous", "IRQ", "FIQ", "SError" };
    char what[64];
    if (ec < 64)
        snprintf(what, sizeof(what), "EC 0x%02x %s", ec, ec_label(ec));
    else
        snprintf(what, sizeof(what), "an %s interrupt", kinds[ec & 3]);
    fflush(m->out);
    fprintf(m->log,
            "a72sim: cpu%d: exception loop: EL%u takes %s at pc 0x%" PRIx64 ", the vector it goes to "
            "(VBAR_EL%u + 0x%03x), %u times in a row; the run stops\n",
            c->index, c->pstate.el, what, c->pc, target_el, vect_offset, c->exceptions_at_vector);
    machine_request_stop(m, STOP_EXCEPTION_LOOP, 0);
}

const char *machine_core_state(const struct cpu *c)
{
    return c->powered_off ? "off" : !c->wfi_pending ? "running" : c->waiting_for_event ? "WFE" : "WFI";
}

void machine_describe_cores(const struct machine *m, FILE *f)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *c = m->cpus[n];
        fprintf(f, "a72sim:   cpu%u: %s, pc 0x%016" PRIx64 " EL%u VMID %u, %" PRIu64 " instructions\n", n,
                machine_core_state(c), c->pc, c->pstate.el, cpu_current_vmid(c), c->icount);
    }
}

void machine_describe_exceptions(const struct machine *m, FILE *f)
{
    static const char *const kinds[4] = { "sync", "IRQ", "FIQ", "SError" };
    for (unsigned n = 0; n < m->ncpus; n++) {
        uint64_t count = m->exc_history_count[n];
        if (!count) {
            fprintf(f, "a72sim:   cpu%u: no exception taken\n", n);
            continue;
        }
        fprintf(f, "a72sim:   cpu%u: the last %u of %" PRIu64 " exceptions taken:\n", n,
                count < EXC_HISTORY ? (unsigned)count : EXC_HISTORY, count);
        for (uint64_t k = count < EXC_HISTORY ? 0 : count - EXC_HISTORY; k < count; k++) {
            const struct exc_note *x = &m->exc_history[n][k % EXC_HISTORY];
            if (x->kind)
                fprintf(f, "a72sim:     %s", kinds[x->kind]);
            else
                fprintf(f, "a72sim:     EC 0x%02x %s", x->ec, ec_label(x->ec));
            fprintf(f, " EL%u -> EL%u, return address 0x%016" PRIx64 ", after %" PRIu64 " instructions\n", x->from_el,
                    x->to_el, x->elr, x->icount);
        }
    }
}

void machine_firmware_exception(struct machine *m, struct cpu *c, unsigned ec, uint32_t iss, unsigned kind)
{
    if (m->stop)
        return;
    fflush(m->out);
    if (kind == VECT_SYNC)
        fprintf(m->log,
                "a72sim: cpu%d: EL%u at pc 0x%" PRIx64 " raised an exception to EL3 (EC 0x%02x %s, ISS 0x%07x), "
                "where only the board's firmware runs (TF-A would panic); the run stops\n",
                c->index, c->pstate.el, c->pc, ec, ec_label(ec), iss);
    else
        fprintf(m->log,
                "a72sim: cpu%d: EL%u at pc 0x%" PRIx64 " took an %s routed to EL3 (SCR_EL3), where only the board's "
                "firmware runs; the run stops\n",
                c->index, c->pstate.el, c->pc, kind == VECT_IRQ ? "IRQ" : kind == VECT_FIQ ? "FIQ" : "SError");
    machine_request_stop(m, STOP_FIRMWARE, 0);
}

void machine_note_context_change(struct machine *m, struct cpu *c)
{
    if (m->gic)
        gic_core_state_changed(m->gic, (unsigned)c->index);
}
