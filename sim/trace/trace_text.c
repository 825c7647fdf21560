/* The text trace: an observer printing instructions with their disassembly. */
#include "trace_text.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cpu/exception.h"
#include "disasm.h"
#include "machine.h"
#include "names.h"

static void on_event(void *ctx, const struct obs_event *e)
{
    struct text_trace *t = ctx;
    unsigned cpu = (unsigned)e->cpu & 63;
    char name[8];
    switch (e->kind) {
    case OBS_INSN:
        t->selected[cpu] = !t->filter || trace_filter_insn(t->filter, e);
        if (t->selected[cpu])
            fprintf(t->f, "cpu%d EL%u %016" PRIx64 " %08x  %s\n", e->cpu, e->el, e->pc, e->u.insn.opcode,
                    disasm_insn(t->dis, e->pc, e->u.insn.opcode));
        return;
    case OBS_REG_WRITE:
        if (!t->selected[cpu])
            return;
        if (e->u.reg.reg >= OBS_REG_V0)
            fprintf(t->f, "    R %s %016" PRIx64 "%016" PRIx64 "\n", trace_reg_name(e->u.reg.reg, 0, name),
                    e->u.reg.value[1], e->u.reg.value[0]);
        else
            fprintf(t->f, "    R %s %016" PRIx64 "\n", trace_reg_name(e->u.reg.reg, e->u.reg.sp_el, name),
                    e->u.reg.value[0]);
        return;
    case OBS_MEM:
        if (t->selected[cpu])
            fprintf(t->f, "    M%c%u %016" PRIx64 ":%012" PRIx64 " %0*" PRIx64 "\n", e->u.mem.write ? 'W' : 'R',
                    e->u.mem.size, e->u.mem.va, e->u.mem.pa, 2 * e->u.mem.size, e->u.mem.data);
        return;
    case OBS_EXCEPTION:
        if (t->filter)
            trace_filter_event(t->filter, e);
        fprintf(t->f, "cpu%d EL%u -- exception %s EL%u->EL%u ESR %08x (%s) ELR %016" PRIx64 "\n", e->cpu, e->el,
                trace_vector_kind(e->u.exc.vector_offset), e->u.exc.from_el, e->u.exc.to_el, e->u.exc.esr,
                ec_label(e->u.exc.esr >> 26), e->u.exc.elr);
        return;
    case OBS_ERET:
        fprintf(t->f, "cpu%d EL%u -- eret EL%u->EL%u to %016" PRIx64 "\n", e->cpu, e->el, e->u.eret.from_el,
                e->u.eret.to_el, e->pc);
        return;
    default:
        if (t->filter)
            trace_filter_event(t->filter, e);
        return;
    }
}

bool text_trace_start(struct text_trace *t, struct machine *m, const char *path, struct trace_filter *filter,
                      const struct symtab *syms, bool regs, bool mem)
{
    (void)syms;
    memset(t, 0, sizeof *t);
    t->filter = filter;
    t->dis = disasm_create();
    if (!t->dis) {
        errno = ENOMEM;
        return false;
    }
    t->own = strcmp(path, "-") != 0;
    t->f = t->own ? fopen(path, "w") : stderr;
    if (!t->f) {
        disasm_destroy(t->dis);
        return false;
    }
    uint32_t kinds = OBS_MASK(OBS_INSN) | OBS_MASK(OBS_EXCEPTION) | OBS_MASK(OBS_ERET) | OBS_MASK(OBS_VM_SWITCH);
    if (regs)
        kinds |= OBS_MASK(OBS_REG_WRITE);
    if (mem)
        kinds |= OBS_MASK(OBS_MEM);
    t->obs = (struct observer){ .name = "trace-text", .kinds = kinds, .event = on_event, .ctx = t };
    if (machine_attach_observer(m, &t->obs))
        return true;
    if (t->own)
        fclose(t->f);
    disasm_destroy(t->dis);
    errno = EBUSY;
    return false;
}

bool text_trace_stop(struct text_trace *t, struct machine *m)
{
    machine_detach_observer(m, &t->obs);
    bool ok = fflush(t->f) == 0 && !ferror(t->f);
    if (t->own && fclose(t->f) != 0)
        ok = false;
    disasm_destroy(t->dis);
    return ok;
}
