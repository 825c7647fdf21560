#include "trace_text.h"

#include <inttypes.h>
#include <string.h>

#include "machine.h"

static void on_event(void *ctx, const struct obs_event *e)
{
    struct text_trace *t = ctx;
    fprintf(t->f, "cpu%d EL%u %016" PRIx64 " %08x\n", e->cpu, e->el, e->pc, e->u.insn.opcode);
}

bool text_trace_start(struct text_trace *t, struct machine *m, const char *path)
{
    t->own = strcmp(path, "-") != 0;
    t->f = t->own ? fopen(path, "w") : stderr;
    if (!t->f)
        return false;
    t->obs = (struct observer){ .name = "trace", .kinds = OBS_MASK(OBS_INSN), .event = on_event, .ctx = t };
    return machine_attach_observer(m, &t->obs);
}

bool text_trace_stop(struct text_trace *t, struct machine *m)
{
    machine_detach_observer(m, &t->obs);
    bool ok = fflush(t->f) == 0 && !ferror(t->f);
    if (t->own && fclose(t->f) != 0)
        ok = false;
    return ok;
}
