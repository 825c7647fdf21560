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
    c->next_timer_cycles = next;
}
