/* The machine's hypervisor views, through the inspection library: translate, why, trace, profile,
 * and the 'info' sub-commands cpus, tlb, s1, s2, gic, timers, sysreg, stats. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../check/check.h"
#include "../inspect/inspect.h"
#include "../profile/profile.h"
#include "../stats.h"
#include "../trace/trace_run.h"
#include "shell_internal.h"

/* "vmid N", "asid N", "cpu N" pairs; a word that is none of them is returned. */
static bool take_number(struct shell *sh, char **args, const char *key, long max, long *out)
{
    char *w = shell_next_word(args);
    uint64_t v;
    if (!w || !shell_parse_u64(w, &v) || v > (uint64_t)max) {
        shell_error(sh, "\"%s\" needs a number 0..%ld", key, max);
        return false;
    }
    *out = (long)v;
    return true;
}

/* The last word of s (trailing spaces removed), or NULL when s has only one word. */
static char *last_word(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : NULL;
}

static int do_translate(struct shell *sh, char *args)
{
    /* VA-EXPRESSION [REGIME] [vmid N], the options read from the end. */
    enum inspect_regime r = INSPECT_CURRENT;
    long vmid = -1;
    bool have_regime = false, have_vmid = false;
    for (;;) {
        char *w = last_word(args);
        if (!w)
            break;
        uint64_t v;
        char *prev = NULL;
        if (!have_vmid && shell_parse_u64(w, &v)) {
            w[-1] = 0;
            prev = last_word(args);
            if (prev && !strcasecmp(prev, "vmid")) {
                if (v > 0xffff) {
                    shell_error(sh, "translate: a VMID is 0..65535");
                    return -1;
                }
                vmid = (long)v;
                have_vmid = true;
                prev[-1] = 0;
                continue;
            }
            for (char *q = args + strlen(args); q < w; q++)
                *q = ' '; /* a number that is part of the expression: put the spaces back */
            break;
        }
        if (!have_regime && inspect_regime_parse(w, &r)) {
            have_regime = true;
            w[-1] = 0;
            continue;
        }
        break;
    }
    uint64_t va;
    if (!*args) {
        shell_error(sh, "usage: translate VA [el0|el1|el2|el3|s12|s1|ipa] [vmid N]");
        return -1;
    }
    if (shell_eval(sh, args, &va) < 0)
        return -1;
    return inspect_translate(sh->out, sh->m, sh->cpu, va, r, (int)vmid);
}

static int do_why(struct shell *sh, char *args)
{
    int el = -1;
    char *w = shell_next_word(&args);
    if (w) {
        if (strlen(w) != 3 || strncasecmp(w, "el", 2) || w[2] < '1' || w[2] > '3') {
            shell_error(sh, "usage: why [el1|el2|el3]");
            return -1;
        }
        el = w[2] - '0';
    }
    return inspect_why(sh->out, sh->m, sh->cpu, el);
}

/* Start sh->trace with o (for 'trace start' and 'profile start'); false with the reason in err. */
static bool shell_trace_begin(struct shell *sh, const struct trace_run_options *o, char *err, size_t errlen)
{
    /* A core stopped before an instruction had that instruction's event before the stop: with no
     * other observer to see it twice, it comes again, so the trace starts with it. */
    bool redeliver = sh->m->observers.count == 0;
    if (!(sh->trace = trace_run_start(sh->m, o, err, errlen)))
        return false;
    if (redeliver)
        for (unsigned n = 0; n < sh->m->ncpus; n++)
            sh->m->cpus[n]->insn_event_delivered = false;
    return true;
}

static int do_trace(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    char err[512];
    if (sh->no_host_files) {
        shell_error(sh, "trace: host files are not available here");
        return -1;
    }
    if (w && !strcmp(w, "start")) {
        char *file = shell_next_word(&args);
        while (isspace((unsigned char)*args))
            args++;
        if (!file) {
            shell_error(sh, "usage: trace start FILE [FILTER]");
            return -1;
        }
        if (sh->trace) {
            shell_error(sh, "a trace is being recorded already: 'trace stop' first");
            return -1;
        }
        struct trace_run_options o = { .path = file, .filter = *args ? args : NULL, .images = sh->images,
                                       .nimages = sh->nimages, .syms = &sh->syms, .argc = sh->argc,
                                       .argv = sh->argv };
        if (!trace_run_check(&o, err, sizeof(err)) || !shell_trace_begin(sh, &o, err, sizeof(err))) {
            shell_error(sh, "trace: %s", err);
            return -1;
        }
        fprintf(sh->out, "Tracing to %s\n", file);
        return 0;
    }
    if (w && !strcmp(w, "stop")) {
        if (!sh->trace || sh->profile) {
            shell_error(sh, sh->profile ? "a profile is being recorded: 'profile stop'" : "no trace is being recorded");
            return -1;
        }
        return shell_end_trace(sh) ? 0 : -1;
    }
    shell_error(sh, "usage: trace start FILE [FILTER] | trace stop");
    return -1;
}

bool shell_end_trace(struct shell *sh)
{
    if (!sh->trace)
        return true;
    char err[512];
    bool ok = trace_run_end(sh->trace, sh->m, "observer", 0, err, sizeof(err));
    sh->trace = NULL;
    if (sh->profile) {
        if (ok)
            ok = profile_write(sh->profile, sh->profile_dir, sh->profile_db, sh->m, sh->out, err, sizeof(err));
        else
            profile_abandon(sh->profile, sh->m);
        sh->profile = NULL;
        if (ok)
            fprintf(sh->out, "Profile written to %s.\n", sh->profile_dir);
        free(sh->profile_dir);
        free(sh->profile_db);
        sh->profile_dir = sh->profile_db = NULL;
    } else if (ok) {
        fprintf(sh->out, "Trace written.\n");
    }
    if (!ok)
        shell_error(sh, "%s", err);
    return ok;
}

/* 'profile start [DIR]' ... 'profile stop': the profile of --profile (sim/profile), of the run
 * between the two. */
static int do_profile(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    char err[512];
    if (sh->no_host_files) {
        shell_error(sh, "profile: host files are not available here");
        return -1;
    }
    if (w && !strcmp(w, "start")) {
        char *dir = shell_next_word(&args);
        if (sh->trace) {
            shell_error(sh, "a %s is being recorded already: '%s stop' first", sh->profile ? "profile" : "trace",
                        sh->profile ? "profile" : "trace");
            return -1;
        }
        if (!(sh->profile_dir = strdup(dir ? dir : PROFILE_DEFAULT_DIR)) ||
            !(sh->profile_db = profile_prepare(sh->profile_dir, err, sizeof(err)))) {
            shell_error(sh, "profile: %s", sh->profile_dir ? err : "out of host memory");
            free(sh->profile_dir);
            sh->profile_dir = NULL;
            return -1;
        }
        struct trace_run_options o = { .path = sh->profile_db, .full = true, .images = sh->images,
                                       .nimages = sh->nimages, .syms = &sh->syms, .argc = sh->argc,
                                       .argv = sh->argv };
        if (!shell_trace_begin(sh, &o, err, sizeof(err)) || !(sh->profile = profile_attach(sh->m))) {
            if (sh->trace) {
                snprintf(err, sizeof(err), "too many observers attached");
                char ignored[512];
                (void)trace_run_end(sh->trace, sh->m, "observer", 0, ignored, sizeof(ignored));
                sh->trace = NULL;
            }
            shell_error(sh, "profile: %s", err);
            free(sh->profile_dir);
            free(sh->profile_db);
            sh->profile_dir = sh->profile_db = NULL;
            return -1;
        }
        fprintf(sh->out, "Profiling into %s\n", sh->profile_dir);
        return 0;
    }
    if (w && !strcmp(w, "stop")) {
        if (!sh->profile) {
            shell_error(sh, "no profile is being recorded");
            return -1;
        }
        return shell_end_trace(sh) ? 0 : -1;
    }
    shell_error(sh, "usage: profile start [DIR] | profile stop");
    return -1;
}

/* 'check on|off NAME|all': the hypervisor sanitizers of --check=LIST (sim/check), from now on. */
static int do_check(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    char *name = shell_next_word(&args);
    if (!w || !name || *args || (strcmp(w, "on") && strcmp(w, "off"))) {
        shell_error(sh, "usage: check on|off NAME (tlb, bbm, sync, cache, gic, psci, all)");
        return -1;
    }
    bool on = !strcmp(w, "on");
    if (on)
        check_set_symbols(sh->m, &sh->syms); /* the reports name the images' functions */
    const char *why = check_enable(sh->m, name, on);
    if (why) {
        shell_error(sh, "check: %s", why);
        return -1;
    }
    fprintf(sh->out, "Check %s %s.\n", name, on ? "on" : "off");
    return 0;
}

/* ---- info sub-commands ---- */

static int info_cpus(struct shell *sh, char *args)
{
    (void)args;
    return inspect_cpus(sh->out, sh->m);
}

static int info_tlb(struct shell *sh, char *args)
{
    long cpu = sh->cpu, vmid = -1, asid = -1;
    bool check = false;
    char *w;
    while ((w = shell_next_word(&args)) != NULL) {
        if (!strcmp(w, "cpu")) {
            if (!take_number(sh, &args, "cpu", (long)sh->m->ncpus - 1, &cpu))
                return -1;
        } else if (!strcmp(w, "vmid")) {
            if (!take_number(sh, &args, "vmid", 0xffff, &vmid))
                return -1;
        } else if (!strcmp(w, "asid")) {
            if (!take_number(sh, &args, "asid", 0xffff, &asid))
                return -1;
        } else if (!strcmp(w, "check")) {
            check = true;
        } else {
            shell_error(sh, "usage: info tlb [cpu N] [vmid N] [asid N] [check]");
            return -1;
        }
    }
    return inspect_tlb(sh->out, sh->m, (unsigned)cpu, (int)vmid, (int)asid, check);
}

static int info_s2(struct shell *sh, char *args)
{
    long vmid = -1;
    char *w = shell_next_word(&args);
    if (w && (strcmp(w, "vmid") || !take_number(sh, &args, "vmid", 0xffff, &vmid))) {
        if (strcmp(w, "vmid"))
            shell_error(sh, "usage: info s2 [vmid N]");
        return -1;
    }
    return inspect_s2(sh->out, sh->m, sh->cpu, (int)vmid);
}

static int info_s1(struct shell *sh, char *args)
{
    enum inspect_regime r = INSPECT_CURRENT;
    char *w = shell_next_word(&args);
    if (w && !inspect_regime_parse(w, &r)) {
        shell_error(sh, "usage: info s1 [el1|el2|el3]");
        return -1;
    }
    return inspect_s1(sh->out, sh->m, sh->cpu, r);
}

static int info_gic(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    if (!w)
        return inspect_gic(sh->out, sh->m);
    if (!strcmp(w, "lrs") || !strcmp(w, "lr"))
        return inspect_gic_lrs(sh->out, sh->m, sh->cpu);
    shell_error(sh, "usage: info gic [lrs]");
    return -1;
}

static int info_timers(struct shell *sh, char *args)
{
    (void)args;
    return inspect_timers(sh->out, sh->m, sh->cpu);
}

static int info_sysreg(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    if (!w) {
        shell_error(sh, "usage: info sysreg NAME|GLOB");
        return -1;
    }
    return inspect_sysreg(sh->out, sh->m, sh->cpu, *w == '$' ? w + 1 : w);
}

static int info_stats(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    if (w && strcmp(w, "json")) {
        shell_error(sh, "usage: info stats [json]");
        return -1;
    }
    fflush(sh->out);
    stats_print(sh->out, sh->m, w ? STATS_JSON : STATS_TEXT, 0);
    return 0;
}

int shell_info_registers(struct shell *sh, char *args);
int shell_info_breakpoints(struct shell *sh, char *args);

const struct shell_cmd shell_info_cmds[] = {
    { "registers", "r reg", shell_info_registers, "info registers [REG...]",
      "The general registers, PC and PSTATE decoded (or the registers named)", false, COMPLETE_SYSREG },
    { "breakpoints", "b break watchpoints", shell_info_breakpoints, "info breakpoints",
      "Every breakpoint, watchpoint and catchpoint", false, COMPLETE_NONE },
    { "checkpoints", NULL, shell_info_checkpoints, "info checkpoints",
      "The checkpoints of 'checkpoint' and the recording's extent", false, COMPLETE_NONE },
    { "cpus", "threads", info_cpus, "info cpus", "Each core's PC, EL, VMID and state (running, WFI, WFE, off)", false, COMPLETE_NONE },
    { "sysreg", "sysregs", info_sysreg, "info sysreg NAME|GLOB", "System registers with their fields decoded", false,
      COMPLETE_SYSREG },
    { "tlb", NULL, info_tlb, "info tlb [cpu N] [vmid N] [asid N] [check]",
      "The architectural TLB's entries (check: mark stale ones)", false, COMPLETE_NONE },
    { "s1", NULL, info_s1, "info s1 [el1|el2|el3]", "Stage-1 mappings as merged ranges", false, COMPLETE_NONE },
    { "s2", NULL, info_s2, "info s2 [vmid N]", "Stage-2 mappings as merged ranges", false, COMPLETE_NONE },
    { "gic", NULL, info_gic, "info gic [lrs]", "The GIC's state, or the list registers decoded (lrs)", false, COMPLETE_NONE },
    { "timers", NULL, info_timers, "info timers", "The generic timers of the current core", false, COMPLETE_NONE },
    { "stats", NULL, info_stats, "info stats [json]", "The run's statistics so far, as --stats prints them", false, COMPLETE_NONE },
};
const unsigned shell_ninfo_cmds = sizeof(shell_info_cmds) / sizeof(shell_info_cmds[0]);

static const struct shell_cmd cmds[] = {
    { "translate", "tr", do_translate, "translate VA [el0|el1|el2|el3|s12|s1|ipa] [vmid N]",
      "Walk VA through stage 1 and stage 2, level by level", false, COMPLETE_SYMBOL },
    { "why", NULL, do_why, "why [el1|el2|el3]", "Explain the last synchronous exception from the translation tables",
      false, COMPLETE_NONE },
    { "trace", NULL, do_trace, "trace start FILE [FILTER] | trace stop", "Record a trace (as --trace) from now on",
      false, COMPLETE_NONE },
    { "check", NULL, do_check, "check on|off NAME",
      "Turn a hypervisor sanitizer (tlb, bbm, sync, cache, gic, psci, all) on or off, as --check", false,
      COMPLETE_NONE },
    { "profile", NULL, do_profile, "profile start [DIR] | profile stop",
      "Profile the run from now on, as --profile: where the cycles went, by EL, VM and function", false, COMPLETE_NONE },
};
SHELL_CMD_FAMILY(shell_cmds_machine, cmds);
