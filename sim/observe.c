/* Attaching observers and delivering events to them (observe.h, obs_emit.h). */
#include "observe.h"

#include <string.h>

#include "machine.h"
#include "obs_emit.h"

bool machine_attach_observer(struct machine *m, const struct observer *o)
{
    if (m->observers.count >= MAX_OBSERVERS)
        return false;
    m->observers.list[m->observers.count++] = o;
    observers_changed(m);
    return true;
}

void machine_detach_observer(struct machine *m, const struct observer *o)
{
    struct observer_set *s = &m->observers;
    for (unsigned n = 0; n < s->count; n++) {
        if (s->list[n] != o)
            continue;
        memmove(&s->list[n], &s->list[n + 1], (s->count - n - 1) * sizeof(s->list[0]));
        s->count--;
        break;
    }
    observers_changed(m);
}

void obs_request_stop(struct machine *m)
{
    m->observers.stop_requested = true;
}

void obs_fill_header(struct obs_event *e, enum obs_kind kind, const struct cpu *c)
{
    e->kind = kind;
    e->cpu = c->index;
    e->el = c->pstate.el;
    e->vmid = cpu_current_vmid(c);
    e->asid = cpu_current_asid(c);
    e->seq = c->icount;
    e->cycle = c->cycles;
    e->pc = c->pc;
}

void obs_deliver(struct machine *m, const struct obs_event *e)
{
    const struct observer_set *s = &m->observers;
    uint32_t bit = OBS_MASK(e->kind);
    for (unsigned n = 0; n < s->count; n++)
        if (s->list[n]->kinds & bit)
            s->list[n]->event(s->list[n]->ctx, e);
}
