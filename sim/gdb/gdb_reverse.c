/* Reverse execution over gdb: bs (reverse-stepi) and bc (reverse-continue) on the recording of
 * sim/snapshot/reverse.h, offered while the machine records (`a72sim run --gdb PORT --record`). */
#include <stdio.h>

#include "gdb_stub_internal.h"
#include "machine.h"
#include "snapshot/reverse.h"

bool gdb_reverse_available(const struct gdb_stub *s)
{
    return reverse_enabled(s->m);
}

/* Does the event take place in the regime and VMID a point is limited to? */
static bool space_matches(const struct dbg_loc *loc, const struct obs_event *e)
{
    if (loc->vmid >= 0 && e->vmid != (unsigned)loc->vmid)
        return false;
    switch (loc->space) {
    case DBG_VA_ANY: return true;
    case DBG_VA_EL1: return e->el <= 1;
    case DBG_VA_EL2: return e->el == 2;
    case DBG_VA_EL3: return e->el == 3;
    case DBG_PA: return e->kind == OBS_MEM;
    }
    return false;
}

struct reverse_scan {
    struct gdb_stub *s;
    int point;   /* the gdb point of the last hit, an index into s->points */
};

/* One of gdb's points at this event: a breakpoint before its instruction, a watchpoint at an access
 * of its kind that overlaps it (every write counts for a write watchpoint: the value before a
 * write is not known going backwards). */
static bool point_hit(void *ctx, const struct obs_event *e)
{
    struct reverse_scan *r = ctx;
    const struct gdb_stub *s = r->s;
    for (unsigned n = 0; n < s->npoints; n++) {
        const struct gdb_point *gp = &s->points[n];
        const struct dbg_point *p = dbg_point_find(s->dbg, gp->id);
        if (!p || !p->enabled || !space_matches(&p->loc, e))
            continue;
        bool hit;
        if (e->kind == OBS_INSN) {
            hit = p->type == DBG_BREAKPOINT && p->loc.space != DBG_PA && e->pc == p->loc.addr;
        } else {
            uint64_t a = p->loc.space == DBG_PA ? e->u.mem.pa : e->u.mem.va;
            hit = p->type == DBG_WATCHPOINT && a + e->u.mem.size > p->loc.addr && a <= p->loc.addr + (p->len - 1) &&
                  (e->u.mem.write ? p->watch != DBG_WATCH_READ : p->watch != DBG_WATCH_WRITE);
        }
        if (hit) {
            r->point = (int)n;
            return true;
        }
    }
    return false;
}

void gdb_reverse(struct gdb_stub *s, bool step)
{
    if (!reverse_enabled(s->m)) {
        gdb_send_str(s, "E01"); /* not recording: ReverseStep/ReverseContinue were not offered */
        return;
    }
    char err[256], reply[64];
    unsigned core = s->c_core;
    struct reverse_scan scan = { .s = s, .point = -1 };
    struct obs_event found;
    bool ok;
    if (step) {
        ok = reverse_stepi(s->m, core, 1, err, sizeof(err));
        s->last_stop = (struct dbg_stop){ .kind = DBG_STOP_STEP, .cpu = (int)core };
    } else {
        struct reverse_stop stop = { .kinds = OBS_MASK(OBS_INSN) | OBS_MASK(OBS_MEM), .hit = point_hit, .ctx = &scan };
        ok = reverse_continue(s->m, &stop, &found, err, sizeof(err));
        if (ok) {
            core = (unsigned)found.cpu;
            s->last_stop = (struct dbg_stop){ .kind = found.kind == OBS_INSN ? DBG_STOP_BREAKPOINT : DBG_STOP_WATCHPOINT,
                                              .cpu = found.cpu, .id = s->points[scan.point].id };
        }
    }
    s->g_core = s->c_core = core;
    if (ok) {
        gdb_stub_stop_reply(s);
        return;
    }
    /* The start of the recording (or a recording that cannot go back): gdb says "No more
     * reverse-execution history" and shows where the machine is. */
    snprintf(reply, sizeof(reply), "T05thread:%x;replaylog:begin;", core + 1);
    s->last_stop = (struct dbg_stop){ .kind = DBG_STOP_STEP, .cpu = (int)core };
    gdb_send_str(s, reply);
}
