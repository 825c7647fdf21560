/* gdb's `monitor` commands (qRcmd): the hypervisor views of sim/inspect, physical addressing, and
 * the EL/VMID qualifiers and exception catches the remote protocol has no packet for. The output
 * goes back as `O` packets, then OK. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_stub_internal.h"
#include "inspect/inspect.h"
#include "machine.h"

#define MAX_WORDS 8
#define MAX_LINE 1024

static const char help_text[] =
    "a72sim monitor commands (the core is gdb's current thread):\n"
    "  phys on|off                  addresses of memory accesses and breakpoints are physical (as\n"
    "                               QEMU's Qqemu.PhyMemMode) or virtual in the core's current regime\n"
    "  qualify ADDR [el 1|2|3|any] [vmid N|any]\n"
    "                               limit the breakpoints and watchpoints gdb inserts at ADDR to an\n"
    "                               EL's regime and/or a VMID; 'qualify ADDR clear' removes it,\n"
    "                               'qualify' lists them\n"
    "  catch KIND [el N]            stop when KIND happens (exception hvc smc svc eret irq fiq\n"
    "                               el-change vm-switch tlbi maintenance stage2-fault);\n"
    "                               'catch' lists, 'catch delete' removes them all\n"
    "  translate VA [REGIME] [vmid N]  walk VA (REGIME: current el0 el1 s1 el2 el3 ipa)\n"
    "  why [EL]                     explain the last synchronous exception taken to EL\n"
    "  info cpus | info tlb [vmid N] [asid N] [check] | info gic [lrs] | info timers\n"
    "  info sysreg NAME|GLOB | info s1 [REGIME] | info s2 [vmid N]\n";

static bool parse_u64(const char *word, uint64_t *v)
{
    if (!word || !*word)
        return false;
    char *end;
    *v = strtoull(word, &end, 0);
    return *end == 0 && word[0] != '-';
}

/* "N" or "any" (-1), at most max. */
static bool parse_int_or_any(const char *word, int max, int *out)
{
    uint64_t v;
    if (word && strcmp(word, "any") == 0) {
        *out = -1;
        return true;
    }
    if (!parse_u64(word, &v) || v > (uint64_t)max)
        return false;
    *out = (int)v;
    return true;
}

/* [vmid N] [asid N] [check] style options: returns false at an unknown word. */
static bool parse_options(char **w, int n, int *vmid, int *asid, bool *check)
{
    for (int k = 0; k < n; k++) {
        if (strcmp(w[k], "vmid") == 0 && vmid && k + 1 < n && parse_int_or_any(w[k + 1], 0xffff, vmid))
            k++;
        else if (strcmp(w[k], "asid") == 0 && asid && k + 1 < n && parse_int_or_any(w[k + 1], 0xffff, asid))
            k++;
        else if (strcmp(w[k], "check") == 0 && check)
            *check = true;
        else
            return false;
    }
    return true;
}

static void list_qualifiers(struct gdb_stub *s, FILE *f)
{
    if (!s->nqualifiers)
        fputs("no qualifiers\n", f);
    for (unsigned n = 0; n < s->nqualifiers; n++) {
        const struct gdb_qualifier *q = &s->qualifiers[n];
        fprintf(f, "0x%" PRIx64 ":", q->addr);
        if (q->el >= 0)
            fprintf(f, " el %d", q->el);
        if (q->vmid >= 0)
            fprintf(f, " vmid %d", q->vmid);
        fputc('\n', f);
    }
}

static void cmd_qualify(struct gdb_stub *s, FILE *f, char **w, int n)
{
    uint64_t addr;
    if (n == 1) {
        list_qualifiers(s, f);
        return;
    }
    if (!parse_u64(w[1], &addr)) {
        fprintf(f, "qualify: '%s' is not an address\n", w[1]);
        return;
    }
    unsigned k;
    for (k = 0; k < s->nqualifiers && s->qualifiers[k].addr != addr; k++)
        ;
    if (n == 3 && strcmp(w[2], "clear") == 0) {
        if (k < s->nqualifiers)
            s->qualifiers[k] = s->qualifiers[--s->nqualifiers];
        return;
    }
    struct gdb_qualifier q = { .addr = addr, .el = -1, .vmid = -1 };
    for (int a = 2; a < n; a += 2) {
        bool ok = a + 1 < n;
        if (ok && strcmp(w[a], "el") == 0)
            ok = parse_int_or_any(w[a + 1], 3, &q.el) && q.el != 0;
        else if (ok && strcmp(w[a], "vmid") == 0)
            ok = parse_int_or_any(w[a + 1], 0xffff, &q.vmid);
        else
            ok = false;
        if (!ok) {
            fprintf(f, "qualify: expected 'el 1|2|3|any' or 'vmid N|any' at '%s'\n", w[a]);
            return;
        }
    }
    if (k == s->nqualifiers && k == GDB_MAX_QUALIFIERS) {
        fprintf(f, "qualify: at most %d addresses\n", GDB_MAX_QUALIFIERS);
        return;
    }
    if (k == s->nqualifiers)
        s->nqualifiers++;
    s->qualifiers[k] = q;
    fputs("applies to breakpoints and watchpoints gdb inserts at this address from now on\n", f);
}

void gdb_monitor_qualify(const struct gdb_stub *s, struct dbg_loc *loc)
{
    for (unsigned n = 0; n < s->nqualifiers; n++) {
        const struct gdb_qualifier *q = &s->qualifiers[n];
        if (q->addr != loc->addr)
            continue;
        loc->vmid = q->vmid;
        if (loc->space != DBG_PA && q->el > 0)
            loc->space = q->el == 1 ? DBG_VA_EL1 : q->el == 2 ? DBG_VA_EL2 : DBG_VA_EL3;
    }
}

static void cmd_catch(struct gdb_stub *s, FILE *f, char **w, int n)
{
    if (n == 1) {
        if (!s->ncatches)
            fputs("no catchpoints\n", f);
        for (unsigned k = 0; k < s->ncatches; k++) {
            const struct dbg_point *p = dbg_point_find(s->dbg, s->catches[k]);
            if (!p)
                continue;
            fprintf(f, "catch %d: %s", p->id, dbg_catch_name(p->catch_.kind));
            if (p->catch_.to_el >= 0)
                fprintf(f, " el %d", p->catch_.to_el);
            fputc('\n', f);
        }
        return;
    }
    if (n == 2 && strcmp(w[1], "delete") == 0) {
        for (unsigned k = 0; k < s->ncatches; k++)
            (void)dbg_point_delete(s->dbg, s->catches[k]);
        s->ncatches = 0;
        return;
    }
    struct dbg_catch c = { .to_el = -1 };
    if (!dbg_catch_parse(w[1], &c.kind)) {
        fprintf(f, "catch: unknown kind '%s' (monitor help lists them)\n", w[1]);
        return;
    }
    if (n == 4 && strcmp(w[2], "el") == 0) {
        if (!parse_int_or_any(w[3], 3, &c.to_el)) {
            fprintf(f, "catch: '%s' is not an EL\n", w[3]);
            return;
        }
    } else if (n != 2) {
        fputs("catch: expected 'catch KIND [el N]'\n", f);
        return;
    }
    int id = s->ncatches < GDB_MAX_POINTS ? dbg_catch_add(s->dbg, &c) : -1;
    if (id < 0) {
        fputs("catch: too many points\n", f);
        return;
    }
    s->catches[s->ncatches++] = id;
    fprintf(f, "catch %d: %s\n", id, w[1]);
}

static void cmd_info(struct gdb_stub *s, FILE *f, char **w, int n)
{
    struct machine *m = s->m;
    unsigned core = s->g_core;
    const char *what = n > 1 ? w[1] : "";
    int vmid = -1, asid = -1;
    bool check = false;
    enum inspect_regime regime = INSPECT_CURRENT;
    if (strcmp(what, "cpus") == 0 && n == 2) {
        (void)inspect_cpus(f, m);
    } else if (strcmp(what, "tlb") == 0 && parse_options(w + 2, n - 2, &vmid, &asid, &check)) {
        (void)inspect_tlb(f, m, core, vmid, asid, check);
    } else if (strcmp(what, "gic") == 0 && n == 2) {
        (void)inspect_gic(f, m);
    } else if (strcmp(what, "gic") == 0 && n == 3 && strcmp(w[2], "lrs") == 0) {
        (void)inspect_gic_lrs(f, m, core);
    } else if (strcmp(what, "timers") == 0 && n == 2) {
        (void)inspect_timers(f, m, core);
    } else if (strcmp(what, "sysreg") == 0 && n == 3) {
        (void)inspect_sysreg(f, m, core, w[2]);
    } else if (strcmp(what, "s1") == 0 && (n == 2 || (n == 3 && inspect_regime_parse(w[2], &regime)))) {
        (void)inspect_s1(f, m, core, regime);
    } else if (strcmp(what, "s2") == 0 && parse_options(w + 2, n - 2, &vmid, NULL, NULL)) {
        (void)inspect_s2(f, m, core, vmid);
    } else {
        fputs("info: expected cpus, tlb, gic [lrs], timers, sysreg NAME, s1 [REGIME] or s2 (monitor help)\n", f);
    }
}

static void run_command(struct gdb_stub *s, FILE *f, char *line)
{
    char *w[MAX_WORDS + 1], *save = NULL;
    int n = 0;
    for (char *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (n == MAX_WORDS) {
            fputs("too many words (monitor help)\n", f);
            return;
        }
        w[n++] = t;
    }
    w[n] = NULL;
    unsigned core = s->g_core;
    uint64_t v;
    if (n == 0 || strcmp(w[0], "help") == 0) {
        fputs(help_text, f);
    } else if (strcmp(w[0], "phys") == 0) {
        if (n == 2 && (strcmp(w[1], "on") == 0 || strcmp(w[1], "off") == 0))
            s->phys_mode = strcmp(w[1], "on") == 0;
        else if (n != 1)
            fputs("phys: expected 'on' or 'off'\n", f);
        fprintf(f, "addresses are %s\n", s->phys_mode ? "physical" : "virtual (the core's current regime)");
    } else if (strcmp(w[0], "qualify") == 0) {
        cmd_qualify(s, f, w, n);
    } else if (strcmp(w[0], "catch") == 0) {
        cmd_catch(s, f, w, n);
    } else if (strcmp(w[0], "translate") == 0 && n >= 2 && parse_u64(w[1], &v)) {
        enum inspect_regime regime = INSPECT_CURRENT;
        int vmid = -1, first_opt = 2;
        if (n > 2 && inspect_regime_parse(w[2], &regime))
            first_opt = 3;
        if (parse_options(w + first_opt, n - first_opt, &vmid, NULL, NULL))
            (void)inspect_translate(f, s->m, core, v, regime, vmid);
        else
            fputs("translate: expected 'translate VA [REGIME] [vmid N]'\n", f);
    } else if (strcmp(w[0], "why") == 0 && n <= 2) {
        int el = -1;
        if (n == 2 && (!parse_u64(w[1], &v) || v < 1 || v > 3))
            fputs("why: expected an EL, 1 to 3\n", f);
        else
            (void)inspect_why(f, s->m, core, n == 2 ? (int)v : el);
    } else if (strcmp(w[0], "info") == 0) {
        cmd_info(s, f, w, n);
    } else {
        fprintf(f, "unknown monitor command '%s' (monitor help lists them)\n", w[0]);
    }
}

void gdb_monitor_command(struct gdb_stub *s, const char *hex)
{
    size_t len = strlen(hex);
    char line[MAX_LINE + 1];
    if (len % 2 || len / 2 > MAX_LINE || !rsp_hex_decode(line, hex, len / 2)) {
        gdb_send_str(s, "E01");
        return;
    }
    line[len / 2] = 0;
    if (strlen(line) != len / 2) { /* a NUL inside the command */
        gdb_send_str(s, "E01");
        return;
    }
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f) {
        gdb_send_str(s, "E02");
        return;
    }
    run_command(s, f, line);
    if (fclose(f) == 0 && out)
        gdb_stub_console(s, out, out_len);
    free(out);
    gdb_send_str(s, "OK");
}

void gdb_monitor_report_catch(struct gdb_stub *s, const struct dbg_stop *st)
{
    const struct dbg_point *p = dbg_point_find(s->dbg, st->id);
    char line[512], summary[320] = "";
    const struct obs_event *e = &st->event;
    if (e->kind == OBS_EXCEPTION) {
        struct inspect_exception x = { .esr = e->u.exc.esr, .far = e->u.exc.far, .hpfar = e->u.exc.hpfar,
                                       .from_pc = e->u.exc.elr, .from_el = e->u.exc.from_el,
                                       .to_el = e->u.exc.to_el, .vmid = e->vmid, .core = st->cpu };
        inspect_exception_summary(summary, sizeof(summary), &x);
    }
    int n = snprintf(line, sizeof(line), "catch %d (%s) on core %d at pc 0x%" PRIx64 "%s%s\n", st->id,
                     p ? dbg_catch_name(p->catch_.kind) : "?", st->cpu, st->pc, summary[0] ? ": " : "", summary);
    gdb_stub_console(s, line, n > 0 && (size_t)n < sizeof(line) ? (size_t)n : strlen(line));
}

void gdb_monitor_free(struct gdb_stub *s)
{
    s->ncatches = 0;
    s->nqualifiers = 0;
}
