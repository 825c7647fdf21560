/* Snapshots and reverse execution in the shell (sim/snapshot): save, record, reverse-stepi,
 * reverse-nexti, reverse-continue, reverse-finish, checkpoint, restart, info checkpoints. The
 * shell records from its start (shell_reverse_attach); the points that stop reverse-continue are the
 * shell's breakpoints and watchpoints. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../debug.h"
#include "../snapshot/reverse.h"
#include "../snapshot/snapshot.h"
#include "shell_internal.h"

bool shell_reverse_attach(struct machine *m, uint64_t interval)
{
    char err[256];
    if (reverse_enable(m, interval, 0, err, sizeof(err)))
        return true;
    fprintf(stderr, "a72sim: shell: no reverse execution: %s\n", err);
    return false;
}

static bool recording(struct shell *sh)
{
    if (reverse_enabled(sh->m))
        return true;
    shell_error(sh, "Not recording: 'record' starts a recording here.");
    return false;
}

/* After going back the guest runs again, whatever ended it later. */
static void went_back(struct shell *sh)
{
    sh->exited = false;
    shell_print_where(sh, sh->cpu);
}

static int count_arg(struct shell *sh, char *args, uint64_t *n)
{
    *n = 1;
    return *args ? shell_eval(sh, args, n) : 0;
}

static int do_save(struct shell *sh, char *args)
{
    if (sh->no_host_files) {
        shell_error(sh, "save: host files are not available here");
        return -1;
    }
    if (!*args) {
        shell_error(sh, "save FILE: which file?");
        return -1;
    }
    char err[SNAPSHOT_ERR_LEN];
    if (!snapshot_save(sh->m, args, err, sizeof(err))) {
        shell_error(sh, "%s", err);
        return -1;
    }
    fprintf(sh->out, "Saved the machine to %s after %" PRIu64 " instructions ('a72sim run --restore %s' goes on).\n",
            args, machine_total_insns(sh->m), args);
    return 0;
}

static int do_record(struct shell *sh, char *args)
{
    if (strcmp(args, "stop") == 0) {
        if (!recording(sh))
            return -1;
        reverse_disable(sh->m);
        fprintf(sh->out, "Recording stopped: the history is gone.\n");
        return 0;
    }
    if (*args) {
        shell_error(sh, "record [stop]");
        return -1;
    }
    if (reverse_enabled(sh->m)) {
        fprintf(sh->out, "Already recording.\n");
        return 0;
    }
    if (!shell_reverse_attach(sh->m, 0))
        return -1;
    fprintf(sh->out, "Recording from here (instruction %" PRIu64 ").\n", machine_total_insns(sh->m));
    return 0;
}

static int do_reverse_stepi(struct shell *sh, char *args)
{
    uint64_t n;
    char err[256];
    if (count_arg(sh, args, &n) < 0 || !recording(sh))
        return -1;
    if (!reverse_stepi(sh->m, sh->cpu, n, err, sizeof(err))) {
        shell_error(sh, "%s", err);
        return -1;
    }
    went_back(sh);
    return 0;
}

static bool is_call(uint32_t w) { return (w & 0xfc000000u) == 0x94000000u || (w & 0xfffffc1fu) == 0xd63f0000u; }
static bool is_ret(uint32_t w) { return (w & 0xfffffc1fu) == 0xd65f0000u; }

/* reverse-finish: the call of the current function, found going back through the calls and returns
 * of the core at its EL. Each segment between checkpoints is scanned forward; its calls without a
 * return in it, newest first, then its returns without a call, tell the depth left to climb. */
struct finish_scan {
    unsigned cpu, el;
    uint64_t hits;             /* calls and returns seen in the segment (the hit numbers) */
    uint64_t open[4096];       /* hit numbers of the calls not yet returned from */
    unsigned nopen;
    uint64_t unmatched_returns;
    uint64_t depth;            /* returns seen after the segment, still to be matched */
};

static bool finish_hit(void *ctx, const struct obs_event *e)
{
    struct finish_scan *f = ctx;
    if (e->cpu != (int)f->cpu || e->el != f->el)
        return false;
    uint32_t w = e->u.insn.opcode;
    if (is_call(w)) {
        f->hits++;
        if (f->nopen < sizeof(f->open) / sizeof(f->open[0]))
            f->open[f->nopen++] = f->hits;
        return true;
    }
    if (is_ret(w)) {
        f->hits++;
        if (f->nopen)
            f->nopen--;
        else
            f->unmatched_returns++;
        return true;
    }
    return false;
}

static void finish_begin(void *ctx)
{
    struct finish_scan *f = ctx;
    f->hits = f->nopen = 0;
    f->unmatched_returns = 0;
}

static uint64_t finish_choose(void *ctx, uint64_t hits)
{
    struct finish_scan *f = ctx;
    (void)hits;
    if (f->nopen > f->depth)
        return f->open[f->nopen - 1 - f->depth];
    f->depth = f->depth - f->nopen + f->unmatched_returns;
    return 0;
}

static int reverse_to_call(struct shell *sh, const char *what)
{
    struct cpu *c = shell_cpu(sh);
    struct finish_scan *f = calloc(1, sizeof(*f));
    if (!f) {
        shell_error(sh, "out of host memory");
        return -1;
    }
    f->cpu = sh->cpu;
    f->el = c->pstate.el;
    struct reverse_stop stop = { .kinds = OBS_MASK(OBS_INSN), .hit = finish_hit, .segment_begin = finish_begin,
                                 .choose = finish_choose, .ctx = f };
    char err[256];
    bool ok = reverse_continue(sh->m, &stop, NULL, err, sizeof(err));
    free(f);
    if (!ok) {
        fprintf(sh->out, "%s: %s\n", what, err);
        went_back(sh);
        return 0;
    }
    went_back(sh);
    return 0;
}

static int do_reverse_finish(struct shell *sh, char *args)
{
    if (*args) {
        shell_error(sh, "reverse-finish takes no argument");
        return -1;
    }
    if (!recording(sh))
        return -1;
    fprintf(sh->out, "Run back to the call of the current function.\n");
    return reverse_to_call(sh, "reverse-finish");
}

/* reverse-nexti: back one instruction, but over a call: back from the instruction after a BL/BLR to
 * the BL/BLR itself rather than into the function it called. */
static int do_reverse_nexti(struct shell *sh, char *args)
{
    uint64_t n;
    if (count_arg(sh, args, &n) < 0 || !recording(sh))
        return -1;
    char err[256];
    for (uint64_t k = 0; k < n; k++) {
        struct cpu *c = shell_cpu(sh);
        uint64_t pc = c->pc;
        if (!reverse_stepi(sh->m, sh->cpu, 1, err, sizeof(err))) {
            shell_error(sh, "%s", err);
            return -1;
        }
        c = shell_cpu(sh);
        uint32_t here = 0, before = 0;
        if (debug_read_virt(c, c->mmu_idx, c->pc, &here, 4) && is_ret(here) &&
            debug_read_virt(c, c->mmu_idx, pc - 4, &before, 4) && is_call(before)) {
            struct finish_scan *f = calloc(1, sizeof(*f));
            if (!f) {
                shell_error(sh, "out of host memory");
                return -1;
            }
            /* At the callee's RET: one level up is the call. */
            f->cpu = sh->cpu;
            f->el = c->pstate.el;
            f->depth = 0;
            struct reverse_stop stop = { .kinds = OBS_MASK(OBS_INSN), .hit = finish_hit,
                                         .segment_begin = finish_begin, .choose = finish_choose, .ctx = f };
            bool ok = reverse_continue(sh->m, &stop, NULL, err, sizeof(err));
            free(f);
            if (!ok) {
                shell_error(sh, "%s", err);
                return -1;
            }
        }
    }
    went_back(sh);
    return 0;
}

/* reverse-continue: the shell's enabled breakpoints and watchpoints, their conditions included. */
struct point_scan {
    struct shell *sh;
    int id;                    /* the point of the last hit */
};

static bool space_matches(const struct dbg_loc *l, const struct obs_event *e)
{
    if (l->vmid >= 0 && e->vmid != (uint16_t)l->vmid)
        return false;
    switch (l->space) {
    case DBG_VA_EL1: return e->el <= 1;
    case DBG_VA_EL2: return e->el == 2;
    case DBG_VA_EL3: return e->el == 3;
    default: return true;
    }
}

static bool point_hit(void *ctx, const struct obs_event *e)
{
    struct point_scan *s = ctx;
    struct dbg *d = s->sh->dbg;
    for (unsigned k = 0; k < dbg_point_count(d); k++) {
        const struct dbg_point *p = dbg_point_at(d, k);
        if (!p->enabled || e->cpu < 0)
            continue;
        bool hit = false;
        if (p->type == DBG_BREAKPOINT && e->kind == OBS_INSN)
            hit = p->loc.space == DBG_PA ? false : e->pc == p->loc.addr && space_matches(&p->loc, e);
        else if (p->type == DBG_WATCHPOINT && e->kind == OBS_MEM) {
            bool kind_ok = p->watch == DBG_WATCH_ACCESS || (p->watch == DBG_WATCH_WRITE) == e->u.mem.write;
            uint64_t a = p->loc.space == DBG_PA ? e->u.mem.pa : e->u.mem.va;
            hit = kind_ok && a < p->loc.addr + p->len && p->loc.addr < a + e->u.mem.size &&
                  (p->loc.space == DBG_PA || space_matches(&p->loc, e));
        }
        if (hit && p->cond && p->cond(p->cond_ctx, s->sh->m, (unsigned)e->cpu) == 0)
            hit = false;
        if (hit) {
            s->id = p->id;
            return true;
        }
    }
    return false;
}

static int do_reverse_continue(struct shell *sh, char *args)
{
    if (*args) {
        shell_error(sh, "reverse-continue takes no argument");
        return -1;
    }
    if (!recording(sh))
        return -1;
    uint32_t kinds = 0;
    for (unsigned k = 0; k < dbg_point_count(sh->dbg); k++) {
        const struct dbg_point *p = dbg_point_at(sh->dbg, k);
        if (p->enabled && p->type == DBG_BREAKPOINT)
            kinds |= OBS_MASK(OBS_INSN);
        if (p->enabled && p->type == DBG_WATCHPOINT)
            kinds |= OBS_MASK(OBS_MEM);
    }
    struct point_scan s = { sh, 0 };
    struct reverse_stop stop = { .kinds = kinds, .hit = point_hit, .ctx = &s };
    struct obs_event e;
    char err[256];
    if (!reverse_continue(sh->m, &stop, &e, err, sizeof(err))) {
        fprintf(sh->out, "No more reverse-execution history (%s).\n", err);
        went_back(sh);
        return 0;
    }
    /* point_hit saw the last hit last during the final replay. */
    const struct dbg_point *p = dbg_point_find(sh->dbg, s.id);
    sh->cpu = (unsigned)e.cpu;
    if (p && p->type == DBG_BREAKPOINT)
        fprintf(sh->out, "Breakpoint %d, ", p->id);
    else if (p)
        fprintf(sh->out, "Watchpoint %d: %s of %u bytes at va 0x%" PRIx64 " (pa 0x%" PRIx64 ") by cpu%d at pc 0x%" PRIx64
                ", data 0x%" PRIx64 "\n", p->id, e.u.mem.write ? "write" : "read", e.u.mem.size, e.u.mem.va,
                e.u.mem.pa, e.cpu, e.pc, e.u.mem.data);
    went_back(sh);
    return 0;
}

static int do_checkpoint(struct shell *sh, char *args)
{
    if (*args) {
        shell_error(sh, "checkpoint takes no argument");
        return -1;
    }
    unsigned id;
    char err[256];
    if (!recording(sh))
        return -1;
    if (!reverse_checkpoint(sh->m, &id, err, sizeof(err))) {
        shell_error(sh, "%s", err);
        return -1;
    }
    fprintf(sh->out, "checkpoint %u: after %" PRIu64 " instructions, cpu%u at pc 0x%" PRIx64 "\n", id,
            machine_total_insns(sh->m), sh->cpu, shell_cpu(sh)->pc);
    return 0;
}

static int do_restart(struct shell *sh, char *args)
{
    uint64_t id;
    if (!*args) {
        shell_error(sh, "restart N: which checkpoint? ('info checkpoints' lists them)");
        return -1;
    }
    if (shell_eval(sh, args, &id) < 0 || !recording(sh))
        return -1;
    char err[256];
    if (id == 0 || id > UINT32_MAX || !reverse_restart(sh->m, (unsigned)id, err, sizeof(err))) {
        shell_error(sh, "%s", id == 0 || id > UINT32_MAX ? "checkpoints are numbered from 1" : err);
        return -1;
    }
    went_back(sh);
    return 0;
}

int shell_info_checkpoints(struct shell *sh, char *args)
{
    (void)args;
    if (!recording(sh))
        return -1;
    struct reverse_checkpoint_info info[256];
    unsigned n = reverse_list(sh->m, info, 256);
    unsigned shown = n < 256 ? n : 256, automatic = 0;
    for (unsigned k = 0; k < shown; k++) {
        if (!info[k].id) {
            automatic++;
            continue;
        }
        fprintf(sh->out, "%3u  after %" PRIu64 " instructions:", info[k].id, info[k].total_insns);
        for (unsigned c = 0; c < sh->m->ncpus && c < 2; c++)
            fprintf(sh->out, "  cpu%u pc 0x%" PRIx64 " (%" PRIu64 " instructions)", c, info[k].pc[c], info[k].icount[c]);
        fputc('\n', sh->out);
    }
    fprintf(sh->out, "%u automatic checkpoint%s; the recording starts after %" PRIu64 " instructions; %zu KiB held\n",
            automatic, automatic == 1 ? "" : "s", n ? info[0].total_insns : 0, reverse_memory(sh->m) >> 10);
    return 0;
}

static const struct shell_cmd cmds[] = {
    { "save", NULL, do_save, "save FILE", "Write a snapshot of the whole machine to FILE (a72sim run --restore FILE)",
      false, COMPLETE_NONE },
    { "record", NULL, do_record, "record [stop]", "Record for reverse execution (on from the start); stop: forget",
      false, COMPLETE_NONE },
    { "reverse-stepi", "rsi", do_reverse_stepi, "reverse-stepi [N]", "Go back N instructions of the current core",
      true, COMPLETE_NONE },
    { "reverse-nexti", "rni", do_reverse_nexti, "reverse-nexti [N]",
      "Go back N instructions of the current core, over calls", true, COMPLETE_NONE },
    { "reverse-continue", "rc", do_reverse_continue, "reverse-continue",
      "Go back to the last breakpoint or watchpoint hit before now", false, COMPLETE_NONE },
    { "reverse-finish", NULL, do_reverse_finish, "reverse-finish", "Go back to the call of the current function",
      false, COMPLETE_NONE },
    { "checkpoint", NULL, do_checkpoint, "checkpoint", "Remember this point (restart N comes back to it)", false,
      COMPLETE_NONE },
    { "restart", NULL, do_restart, "restart N", "Go back to checkpoint N", false, COMPLETE_NONE },
};
SHELL_CMD_FAMILY(shell_cmds_reverse, cmds);
