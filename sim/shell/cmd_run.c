/* Run commands: stepi, nexti, continue, until, finish, cpu, reset; the report of a stop. */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "../debug.h"
#include "../inspect/inspect.h"
#include "../trace/trace_run.h"
#include "shell_internal.h"

static struct dbg *sigint_dbg;

static void on_sigint(int sig)
{
    (void)sig;
    if (sigint_dbg)
        dbg_interrupt(sigint_dbg);
}

/* Ctrl-C stops the run at the next instruction boundary while it lasts. */
static void run_begin(struct shell *sh, struct sigaction *old)
{
    sigint_dbg = sh->dbg;
    struct sigaction sa = { .sa_handler = on_sigint };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, old);
}

static void run_end(struct sigaction *old)
{
    sigaction(SIGINT, old, NULL);
    sigint_dbg = NULL;
}

bool shell_can_run(struct shell *sh)
{
    if (!sh->exited)
        return true;
    shell_error(sh, "The guest is not running (it exited with status %d); 'reset' starts it again.", sh->guest_status);
    return false;
}

/* A command that waits for the current core's own instructions: not while that core is off. */
static bool core_can_run(struct shell *sh)
{
    if (!shell_can_run(sh))
        return false;
    if (!shell_cpu(sh)->powered_off)
        return true;
    shell_error(sh, "cpu%u is off (until a PSCI CPU_ON starts it): 'continue', or 'cpu N' for another core", sh->cpu);
    return false;
}

uint64_t shell_budget(struct shell *sh)
{
    if (!sh->max_insns)
        return 0;
    uint64_t done = machine_total_insns(sh->m);
    return done >= sh->max_insns ? 1 : sh->max_insns - done; /* at the limit: stop at once */
}

static const char *watch_word(enum dbg_watch_kind k)
{
    return k == DBG_WATCH_WRITE ? "Watchpoint" : k == DBG_WATCH_READ ? "Read watchpoint" : "Access watchpoint";
}

void shell_report_stop(struct shell *sh, const struct dbg_stop *st)
{
    FILE *o = sh->out;
    if (st->cpu >= 0)
        sh->cpu = (unsigned)st->cpu;
    switch (st->kind) {
    case DBG_STOP_NONE:
    case DBG_STOP_STEP:
    case DBG_STOP_TARGET:
        break;
    case DBG_STOP_BREAKPOINT:
        fprintf(o, "Breakpoint %d, ", st->id);
        break;
    case DBG_STOP_WATCHPOINT: {
        const struct dbg_point *p = dbg_point_find(sh->dbg, st->id);
        const struct obs_event *e = &st->event;
        fprintf(o, "%s %d: %s of %u bytes at va 0x%" PRIx64 " (pa 0x%" PRIx64 ") by cpu%d at pc 0x%" PRIx64
                   ", data 0x%" PRIx64 "\n",
                p ? watch_word(p->watch) : "Watchpoint", st->id, e->u.mem.write ? "write" : "read", e->u.mem.size,
                e->u.mem.va, e->u.mem.pa, e->cpu, e->pc, e->u.mem.data);
        if (st->value_known && e->u.mem.write)
            fprintf(o, "Old value = 0x%" PRIx64 "\nNew value = 0x%" PRIx64 "\n", st->old_value, st->new_value);
        else if (st->value_known)
            fprintf(o, "Value = 0x%" PRIx64 "\n", st->new_value);
        break;
    }
    case DBG_STOP_CATCH: {
        const struct dbg_point *p = dbg_point_find(sh->dbg, st->id);
        const struct obs_event *e = &st->event;
        fprintf(o, "Catchpoint %d (%s), cpu%d: ", st->id, p ? dbg_catch_name(p->catch_.kind) : "?", e->cpu);
        char buf[512];
        switch (e->kind) {
        case OBS_EXCEPTION: {
            struct inspect_exception x = { .esr = e->u.exc.esr, .far = e->u.exc.far, .hpfar = e->u.exc.hpfar,
                                           .from_pc = e->u.exc.elr, .from_el = e->u.exc.from_el,
                                           .to_el = e->u.exc.to_el, .vmid = e->vmid, .core = -1 };
            unsigned kind = e->u.exc.vector_offset & 0x180;
            if (kind)
                fprintf(o, "%s from EL%u to EL%u (vmid %u), ELR 0x%" PRIx64 "\n",
                        kind == 0x80 ? "IRQ" : kind == 0x100 ? "FIQ" : "SError", e->u.exc.from_el, e->u.exc.to_el,
                        e->vmid, e->u.exc.elr);
            else
                fprintf(o, "%s\n", inspect_exception_summary(buf, sizeof(buf), &x));
            break;
        }
        case OBS_ERET:
            fprintf(o, "ERET from EL%u to EL%u at 0x%" PRIx64 ", SPSR 0x%" PRIx64 "\n", e->u.eret.from_el,
                    e->u.eret.to_el, e->pc, e->u.eret.spsr);
            break;
        case OBS_VM_SWITCH:
            fprintf(o, "VMID %u -> %u (VTTBR_EL2 0x%" PRIx64 ")\n", e->u.vm.old_vmid, e->u.vm.new_vmid, e->u.vm.vttbr);
            break;
        case OBS_TLBI:
            fprintf(o, "TLBI %s, 0x%" PRIx64 " at pc 0x%" PRIx64 "\n", e->u.tlbi.op, e->u.tlbi.arg, e->pc);
            break;
        case OBS_IRQ:
            fprintf(o, "maintenance interrupt asserted\n");
            break;
        case OBS_PSCI:
            fprintf(o, "SMC answered by the board's firmware: function 0x%08x (x1 0x%" PRIx64 ", x2 0x%" PRIx64
                       ", x3 0x%" PRIx64 ") -> 0x%" PRIx64 "\n",
                    e->u.call.function, e->u.call.args[0], e->u.call.args[1], e->u.call.args[2], e->u.call.result);
            break;
        default:
            fputc('\n', o);
            break;
        }
        break;
    }
    case DBG_STOP_INTERRUPT:
        fprintf(o, "Interrupted.\n");
        break;
    case DBG_STOP_EXITED:
        fprintf(o, "[guest exited with status %d]\n", st->exit_status);
        sh->exited = true;
        sh->guest_status = st->exit_status;
        return;
    case DBG_STOP_MACHINE:
        switch (st->reason) {
        case STOP_MAX_INSNS:
            fprintf(o, "[stopped after %" PRIu64 " instructions (--max-insns)]\n", machine_total_insns(sh->m));
            break;
        case STOP_ALL_ASLEEP:
            fprintf(o, "[every core is waiting for an interrupt or event that nothing can raise]\n");
            break;
        case STOP_EXCEPTION_LOOP:
            fprintf(o, "[exception loop: see the line above]\n");
            break;
        case STOP_FIRMWARE:
            fprintf(o, "[the guest raised an exception to EL3, where the board's firmware runs]\n");
            break;
        default:
            fprintf(o, "[the machine stopped: host error]\n");
            break;
        }
        fflush(o);
        machine_describe_cores(sh->m, o);
        break;
    }
    if (st->reason == STOP_GUEST_EXIT && st->kind != DBG_STOP_EXITED) {
        sh->exited = true;
        sh->guest_status = st->exit_status;
    }
    shell_print_where(sh, sh->cpu);
    if (sh->exited)
        fprintf(o, "[guest exited with status %d]\n", sh->guest_status);
}

static int stop_status(const struct dbg_stop *st)
{
    return st->kind == DBG_STOP_MACHINE && st->reason == STOP_HOST_ERROR ? -1 : 0;
}

/* An optional count argument (default 1). */
static int count_arg(struct shell *sh, char *args, uint64_t *n)
{
    *n = 1;
    if (!*args)
        return 0;
    if (shell_eval(sh, args, n) < 0)
        return -1;
    return 0;
}

static int do_stepi(struct shell *sh, char *args)
{
    uint64_t n;
    if (count_arg(sh, args, &n) < 0 || !core_can_run(sh))
        return -1;
    struct dbg_stop st;
    struct sigaction old;
    run_begin(sh, &old);
    dbg_step(sh->dbg, sh->cpu, n, shell_budget(sh), &st);
    run_end(&old);
    shell_report_stop(sh, &st);
    return stop_status(&st);
}

/* BL or BLR: nexti runs to the instruction after it. */
static bool is_call(uint32_t w)
{
    return (w & 0xfc000000u) == 0x94000000u || (w & 0xfffffc1fu) == 0xd63f0000u;
}

static int do_nexti(struct shell *sh, char *args)
{
    uint64_t n;
    if (count_arg(sh, args, &n) < 0 || !core_can_run(sh))
        return -1;
    struct dbg_stop st = { .kind = DBG_STOP_STEP, .cpu = (int)sh->cpu };
    struct sigaction old;
    run_begin(sh, &old);
    for (uint64_t k = 0; k < n; k++) {
        struct cpu *c = shell_cpu(sh);
        uint32_t w = 0;
        if (debug_read_virt(c, c->mmu_idx, c->pc, &w, 4) && is_call(w))
            dbg_run_to(sh->dbg, sh->cpu, c->pc + 4, c->pstate.el, *cpu_sp(c), shell_budget(sh), &st);
        else
            dbg_step(sh->dbg, sh->cpu, 1, shell_budget(sh), &st);
        if (st.kind != DBG_STOP_STEP && st.kind != DBG_STOP_TARGET)
            break;
    }
    run_end(&old);
    shell_report_stop(sh, &st);
    return stop_status(&st);
}

static int do_continue(struct shell *sh, char *args)
{
    /* continue N: ignore the breakpoint that stopped the machine N-1 more times, as gdb does. */
    uint64_t n = 1;
    if (*args && shell_eval(sh, args, &n) < 0)
        return -1;
    if (!shell_can_run(sh))
        return -1;
    struct dbg_stop st;
    struct sigaction old;
    run_begin(sh, &old);
    for (;;) {
        dbg_continue(sh->dbg, shell_budget(sh), &st);
        if (st.kind != DBG_STOP_BREAKPOINT || n <= 1)
            break;
        n--;
    }
    run_end(&old);
    shell_report_stop(sh, &st);
    return stop_status(&st);
}

static int do_until(struct shell *sh, char *args)
{
    if (!*args)
        return do_nexti(sh, args);
    struct dbg_loc loc;
    if (shell_parse_loc(sh, args, &loc) < 0 || !core_can_run(sh))
        return -1;
    if (loc.space == DBG_PA) {
        shell_error(sh, "until: a virtual address is needed");
        return -1;
    }
    struct cpu *c = shell_cpu(sh);
    struct dbg_stop st;
    struct sigaction old;
    run_begin(sh, &old);
    dbg_run_to(sh->dbg, sh->cpu, loc.addr, c->pstate.el, 0, shell_budget(sh), &st);
    run_end(&old);
    shell_report_stop(sh, &st);
    return stop_status(&st);
}

/* finish: run until the current function returns, to the address its frame says: LR at the
 * function's first instruction, else the frame record at FP. */
static int do_finish(struct shell *sh, char *args)
{
    if (*args) {
        shell_error(sh, "finish takes no argument");
        return -1;
    }
    if (!core_can_run(sh))
        return -1;
    struct cpu *c = shell_cpu(sh);
    const struct symbol *s = symtab_lookup(&sh->syms, c->pc, shell_symbol_ctx(c));
    uint64_t ret = c->x[30];
    if (!(s && s->addr == c->pc)) {
        uint64_t rec[2];
        if (c->x[29] && debug_read_virt(c, c->mmu_idx, c->x[29], rec, sizeof(rec)))
            ret = rec[1];
    }
    struct dbg_stop st;
    struct sigaction old;
    run_begin(sh, &old);
    dbg_run_to(sh->dbg, sh->cpu, ret, c->pstate.el, *cpu_sp(c), shell_budget(sh), &st);
    run_end(&old);
    if (st.kind == DBG_STOP_TARGET)
        fprintf(sh->out, "Run till exit: returned to 0x%" PRIx64 "\n", ret);
    shell_report_stop(sh, &st);
    if (st.kind == DBG_STOP_TARGET)
        fprintf(sh->out, "Value returned: $x0 = 0x%" PRIx64 "\n", shell_cpu(sh)->x[0]);
    return stop_status(&st);
}

static int do_cpu(struct shell *sh, char *args)
{
    if (!*args) {
        fprintf(sh->out, "Current core: cpu%u\n", sh->cpu);
        return 0;
    }
    uint64_t n;
    if (!shell_parse_u64(args, &n) || n >= sh->m->ncpus) {
        shell_error(sh, "cpu: no core \"%s\" (cores 0..%u)", args, sh->m->ncpus - 1);
        return -1;
    }
    sh->cpu = (unsigned)n;
    shell_print_where(sh, sh->cpu);
    return 0;
}

static int do_reset(struct shell *sh, char *args)
{
    if (*args) {
        shell_error(sh, "reset takes no argument");
        return -1;
    }
    if (!sh->hooks.reset) {
        shell_error(sh, "reset is not available");
        return -1;
    }
    (void)shell_end_trace(sh); /* the trace (or profile) belongs to the machine that goes away */
    struct machine *m = sh->m;
    if (!sh->hooks.reset(sh->hooks.ctx, &m))
        return -1;
    sh->m = m;
    dbg_set_machine(sh->dbg, m);
    sh->cpu = 0;
    sh->exited = false;
    fprintf(sh->out, "The machine is reset; breakpoints, watchpoints and catchpoints are kept.\n");
    shell_print_where(sh, 0);
    return 0;
}

static const struct shell_cmd cmds[] = {
    { "stepi", "si", do_stepi, "stepi [N]", "Execute N instructions (default 1) of the current core", true, COMPLETE_NONE },
    { "nexti", "ni", do_nexti, "nexti [N]", "Like stepi, but run a call (BL, BLR) to its return", true, COMPLETE_NONE },
    { "continue", "c cont fg", do_continue, "continue [N]",
      "Run until something stops the machine (N: ignore the current breakpoint N-1 more times)", true, COMPLETE_NONE },
    { "until", "u advance", do_until, "until [LOC]", "Run until the current core reaches LOC (no LOC: nexti)",
      false, COMPLETE_SYMBOL },
    { "finish", "fin", do_finish, "finish", "Run until the current function returns", false, COMPLETE_NONE },
    { "cpu", "thread", do_cpu, "cpu [N]", "Make core N the current core (no N: show it)", false, COMPLETE_NONE },
    { "reset", "system_reset", do_reset, "reset", "Rebuild the machine from the command line and stop it at reset",
      false, COMPLETE_NONE },
};
SHELL_CMD_FAMILY(shell_cmds_run, cmds);
