#include "timer.h"

uint64_t timer_physical_count(const struct cpu *c)
{
    return (uint64_t)((unsigned __int128)c->cycles * c->config.cntfrq_hz / c->config.clock_hz);
}

uint64_t timer_cycles_at_count(const struct cpu *c, uint64_t count)
{
    /* The least cycles with cycles * FRQ / HZ >= count: ceil(count * HZ / FRQ). */
    uint64_t hz = c->config.clock_hz, frq = c->config.cntfrq_hz;
    unsigned __int128 cycles = ((unsigned __int128)count * hz + frq - 1) / frq;
    return cycles > UINT64_MAX ? UINT64_MAX : (uint64_t)cycles;
}

struct timer_view {
    uint64_t ctl, cval;
    uint64_t offset;   /* CNTVOFF_EL2 for the virtual timer, else 0 */
};

/* The least count after now at which bit n of a counter makes the transition an event stream
 * watches: 0 to 1, or 1 to 0 with EVNTDIR (Arm ARM D11.2.3, "Event streams"). */
static uint64_t next_event_count(uint64_t now, unsigned n, bool one_to_zero)
{
    uint64_t period = 2ull << n, phase = one_to_zero ? 0 : 1ull << n;
    return now + ((phase - now - 1) & (period - 1)) + 1;
}

/* The event streams: CNTKCTL_EL1 watches the virtual count, CNTHCTL_EL2 the physical count. An event
 * sets the event register and wakes a WFE (not a WFI). Returns the physical count of the next one,
 * or UINT64_MAX when neither stream is on. */
static uint64_t event_streams_update(struct cpu *c, uint64_t pcount)
{
    uint64_t next = UINT64_MAX;
    for (unsigned s = 0; s < 2; s++) {
        uint64_t ctl = s ? c->sr.cnthctl_el2 : c->sr.cntkctl_el1;
        if (!(ctl & CNTXCTL_EVNTEN)) {
            c->evtstrm_armed[s] = false;
            continue;
        }
        if (c->evtstrm_armed[s] && pcount >= c->evtstrm_next[s]) {
            cpu_signal_event(c);
            c->evtstrm_armed[s] = false;
        }
        if (!c->evtstrm_armed[s]) {
            /* The watched count (virtual: modulo 2^64), and the physical count of its next event. */
            uint64_t count = s ? pcount : pcount - c->sr.cntvoff_el2;
            uint64_t distance = next_event_count(count, (unsigned)(ctl >> 4) & 15, ctl & CNTXCTL_EVNTDIR) - count;
            c->evtstrm_next[s] = pcount + distance;
            c->evtstrm_armed[s] = true;
        }
        if (c->evtstrm_next[s] < next)
            next = c->evtstrm_next[s];
    }
    return next;
}

void timer_update(struct cpu *c)
{
    const struct timer_view timers[4] = {
        [TIMER_CNTP] = { c->sr.cntp_ctl_el0, c->sr.cntp_cval_el0, 0 },
        [TIMER_CNTV] = { c->sr.cntv_ctl_el0, c->sr.cntv_cval_el0, c->sr.cntvoff_el2 },
        [TIMER_CNTHP] = { c->sr.cnthp_ctl_el2, c->sr.cnthp_cval_el2, 0 },
        [TIMER_CNTPS] = { c->sr.cntps_ctl_el1, c->sr.cntps_cval_el1, 0 },
    };
    uint64_t pcount = timer_physical_count(c);
    uint64_t next = UINT64_MAX;
    for (unsigned n = 0; n < 4; n++) {
        const struct timer_view *t = &timers[n];
        /* The timer condition: (count - offset) - CVAL >= 0, as unsigned 64-bit values. */
        bool enabled = t->ctl & CNT_CTL_ENABLE;
        bool met = enabled && pcount - t->offset >= t->cval;
        bool level = met && !(t->ctl & CNT_CTL_IMASK);
        unsigned bitmask = 1u << n;
        if (level != ((c->timer_levels & bitmask) != 0)) {
            c->timer_levels ^= bitmask;
            if (c->ports && c->ports->timer_line)
                c->ports->timer_line(c, n, level);
        }
        if (enabled && !met && !(t->ctl & CNT_CTL_IMASK)) {
            uint64_t target = t->cval + t->offset;  /* physical count at which it fires */
            if (target >= t->cval) {                /* else beyond the counter's range */
                uint64_t at = timer_cycles_at_count(c, target);
                if (at < next)
                    next = at;
            }
        }
    }
    uint64_t pmu_check = pmu_update(c); /* the PMU's next overflow check shares the deadline */
    if (pmu_check < next)
        next = pmu_check;
    uint64_t event = event_streams_update(c, pcount);
    if (event != UINT64_MAX) {
        uint64_t at = timer_cycles_at_count(c, event);
        if (at < next)
            next = at;
    }
    c->next_timer_cycles = next;
}
