/* Points: break, tbreak, delete, disable, enable, condition, watch, rwatch, awatch, catch, and the
 * 'info breakpoints' listing; locations as the user writes them. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cpu/exception.h"
#include "shell_internal.h"

/* "el1:", "vmid2:", "pa:" qualifiers in front of an address expression: the location's space and
 * VMID, and where the expression starts (NULL after a message). */
static const char *parse_qualifiers(struct shell *sh, const char *text, struct dbg_loc *loc)
{
    loc->space = DBG_VA_ANY;
    loc->vmid = -1;
    const char *p = text;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        size_t n = strcspn(p, ":");
        if (!p[n] || n > 12)
            break;
        char q[16];
        snprintf(q, sizeof(q), "%.*s", (int)n, p);
        if (!strcasecmp(q, "el0") || !strcasecmp(q, "el1"))
            loc->space = DBG_VA_EL1;
        else if (!strcasecmp(q, "el2"))
            loc->space = DBG_VA_EL2;
        else if (!strcasecmp(q, "el3"))
            loc->space = DBG_VA_EL3;
        else if (!strcasecmp(q, "pa"))
            loc->space = DBG_PA;
        else if (!strncasecmp(q, "vmid", 4)) {
            uint64_t v;
            if (!shell_parse_u64(q + 4, &v) || v > 0xffff) {
                shell_error(sh, "bad VMID in \"%s\"", q);
                return NULL;
            }
            loc->vmid = (int)v;
        } else
            break;
        p += n + 1;
    }
    if (loc->space == DBG_PA && loc->vmid >= 0) {
        shell_error(sh, "a physical address has no VMID");
        return NULL;
    }
    return p;
}

static int parse_qualified(struct shell *sh, const char *text, struct dbg_loc *loc)
{
    const char *p = parse_qualifiers(sh, text, loc);
    return p ? shell_eval(sh, p, &loc->addr) : -1;
}

int shell_parse_loc(struct shell *sh, const char *text, struct dbg_loc *loc)
{
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '*')
        return parse_qualified(sh, text + 1, loc);
    /* SYMBOL or SYMBOL+OFF, else any expression (an address). */
    loc->space = DBG_VA_ANY;
    loc->vmid = -1;
    return shell_eval(sh, text, &loc->addr);
}

static const char *space_name(enum dbg_space s)
{
    switch (s) {
    case DBG_VA_ANY: return "";
    case DBG_VA_EL1: return "el1:";
    case DBG_VA_EL2: return "el2:";
    case DBG_VA_EL3: return "el3:";
    case DBG_PA: return "pa:";
    }
    return "";
}

static void describe_loc(struct shell *sh, const struct dbg_loc *l, char *buf, size_t len)
{
    char sym[160] = "", vm[16] = "";
    if (l->space != DBG_PA)
        shell_symbolize(sh, l->addr, sym, sizeof(sym));
    if (l->vmid >= 0)
        snprintf(vm, sizeof(vm), "vmid%d:", l->vmid);
    snprintf(buf, len, "%s%s0x%" PRIx64 "%s", space_name(l->space), vm, l->addr, sym);
}

/* A breakpoint's condition: the expression's text, evaluated for the core that hit it. */
struct cond {
    struct shell *sh;
    char text[];
};

static int eval_cond(void *ctx, struct machine *m, unsigned cpu)
{
    (void)m;
    struct cond *c = ctx;
    uint64_t v;
    char err[256];
    if (!expr_eval(c->sh, cpu, c->text, &v, err, sizeof(err))) {
        shell_error(c->sh, "Error in the condition \"%s\": %s", c->text, err);
        return -1;
    }
    return v != 0;
}

static int set_condition(struct shell *sh, int id, const char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    if (!*text) {
        dbg_point_set_condition(sh->dbg, id, NULL, NULL, NULL, NULL);
        return 0;
    }
    /* Check it now, for the current core, so a typo is reported at once. */
    uint64_t v;
    char err[256];
    if (!expr_eval(sh, sh->cpu, text, &v, err, sizeof(err)) && strncmp(err, "cannot read", 11) != 0) {
        shell_error(sh, "%s", err);
        return -1;
    }
    struct cond *c = malloc(sizeof(*c) + strlen(text) + 1);
    if (!c) {
        shell_error(sh, "out of host memory");
        return -1;
    }
    c->sh = sh;
    strcpy(c->text, text);
    dbg_point_set_condition(sh->dbg, id, eval_cond, c, free, text);
    return 0;
}

/* Split "LOC if COND" at the word "if". */
static char *split_if(char *args)
{
    for (char *p = args; (p = strstr(p, "if")) != NULL; p += 2) {
        bool before = p == args || isspace((unsigned char)p[-1]);
        bool after = !p[2] || isspace((unsigned char)p[2]) || p[2] == '(';
        if (before && after) {
            *p = 0;
            return p + 2;
        }
    }
    return NULL;
}

static int add_break(struct shell *sh, char *args, bool temporary)
{
    char *cond = split_if(args);
    struct dbg_loc loc = { .space = DBG_VA_ANY, .vmid = -1, .addr = shell_cpu(sh)->pc };
    char *p = args;
    while (isspace((unsigned char)*p))
        p++;
    if (*p && shell_parse_loc(sh, p, &loc) < 0)
        return -1;
    if (loc.addr & 3) {
        shell_error(sh, "0x%" PRIx64 " is not a multiple of 4: no instruction starts there", loc.addr);
        return -1;
    }
    int id = dbg_break_add(sh->dbg, &loc, temporary);
    if (id < 0) {
        shell_error(sh, "too many breakpoints");
        return -1;
    }
    if (cond && set_condition(sh, id, cond) < 0) {
        dbg_point_delete(sh->dbg, id);
        return -1;
    }
    char where[256];
    describe_loc(sh, &loc, where, sizeof(where));
    fprintf(sh->out, "%s %d at %s\n", temporary ? "Temporary breakpoint" : "Breakpoint", id, where);
    return 0;
}

static int do_break(struct shell *sh, char *args) { return add_break(sh, args, false); }
static int do_tbreak(struct shell *sh, char *args) { return add_break(sh, args, true); }

/* Each id of a list ("1 3 5", or "2-4"); an empty list means every point when all_if_empty. */
static int for_each_id(struct shell *sh, char *args, const char *what, bool (*fn)(struct dbg *d, int id, bool arg),
                       bool arg)
{
    char *w;
    bool any = false;
    while ((w = shell_next_word(&args)) != NULL) {
        any = true;
        uint64_t a, b;
        char *dash = strchr(w, '-');
        if (dash && dash != w) {
            *dash = 0;
            if (!shell_parse_u64(w, &a) || !shell_parse_u64(dash + 1, &b) || a > b || b > 1000000) {
                shell_error(sh, "%s: bad range \"%s-%s\"", what, w, dash + 1);
                return -1;
            }
        } else if (!shell_parse_u64(w, &a) || a > 1000000) {
            shell_error(sh, "%s: bad breakpoint number \"%s\"", what, w);
            return -1;
        } else {
            b = a;
        }
        for (uint64_t id = a; id <= b; id++)
            if (!fn(sh->dbg, (int)id, arg) && a == b) {
                shell_error(sh, "No breakpoint number %" PRIu64 ".", id);
                return -1;
            }
    }
    if (!any) {
        /* No list: every point. */
        unsigned n = dbg_point_count(sh->dbg);
        int ids[256];
        unsigned k = 0;
        for (unsigned i = 0; i < n && k < 256; i++)
            ids[k++] = dbg_point_at(sh->dbg, i)->id;
        for (unsigned i = 0; i < k; i++)
            fn(sh->dbg, ids[i], arg);
    }
    return 0;
}

static bool delete_one(struct dbg *d, int id, bool arg) { (void)arg; return dbg_point_delete(d, id); }
static bool enable_one(struct dbg *d, int id, bool on) { return dbg_point_enable(d, id, on); }

static int do_delete(struct shell *sh, char *args)
{
    /* gdb's "delete breakpoints N" is "delete N". */
    if (!strncmp(args, "breakpoints", 11) && (!args[11] || isspace((unsigned char)args[11])))
        args += 11;
    return for_each_id(sh, args, "delete", delete_one, false);
}
static int do_disable(struct shell *sh, char *args) { return for_each_id(sh, args, "disable", enable_one, false); }
static int do_enable(struct shell *sh, char *args) { return for_each_id(sh, args, "enable", enable_one, true); }

static int do_condition(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    uint64_t id;
    if (!w || !shell_parse_u64(w, &id) || id > 1000000) {
        shell_error(sh, "usage: condition N [EXPR]");
        return -1;
    }
    if (!dbg_point_find(sh->dbg, (int)id)) {
        shell_error(sh, "No breakpoint number %" PRIu64 ".", id);
        return -1;
    }
    if (set_condition(sh, (int)id, args) < 0)
        return -1;
    if (!*args)
        fprintf(sh->out, "Breakpoint %" PRIu64 " now unconditional.\n", id);
    return 0;
}

static int add_watch(struct shell *sh, char *args, enum dbg_watch_kind kind)
{
    char *cond = split_if(args);
    char *p = args;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        p[--n] = 0;
    if (!*p) {
        shell_error(sh, "usage: %s [el1:|el2:|el3:|pa:][vmidN:]ADDR [LEN] [if COND]",
                    kind == DBG_WATCH_WRITE ? "watch" : kind == DBG_WATCH_READ ? "rwatch" : "awatch");
        return -1;
    }
    struct dbg_loc loc;
    const char *expr = parse_qualifiers(sh, *p == '*' ? p + 1 : p, &loc);
    if (!expr)
        return -1;
    /* ADDR, or ADDR LEN when ADDR alone is no expression ("watch $sp + 8" is an address). */
    uint64_t len = 8;
    char err[256];
    if (!expr_eval(sh, sh->cpu, expr, &loc.addr, err, sizeof(err))) {
        char *last = strrchr(p, ' ');
        uint64_t v;
        if (last && last + 1 > expr && shell_parse_u64(last + 1, &v)) {
            len = v;
            *last = 0;
        }
        if (shell_eval(sh, expr, &loc.addr) < 0)
            return -1;
    }
    if (len == 0 || len > 4096) {
        shell_error(sh, "watch: the length must be 1..4096 bytes");
        return -1;
    }
    int id = dbg_watch_add(sh->dbg, &loc, len, kind);
    if (id < 0) {
        shell_error(sh, "watch: cannot watch %" PRIu64 " bytes at 0x%" PRIx64 " (range wraps, more than 32 pages watched physically, or too many points)",
                    len, loc.addr);
        return -1;
    }
    if (cond && set_condition(sh, id, cond) < 0) {
        dbg_point_delete(sh->dbg, id);
        return -1;
    }
    char where[256];
    describe_loc(sh, &loc, where, sizeof(where));
    fprintf(sh->out, "%s %d: %" PRIu64 " bytes at %s\n",
            kind == DBG_WATCH_WRITE ? "Watchpoint" : kind == DBG_WATCH_READ ? "Read watchpoint" : "Access watchpoint",
            id, len, where);
    return 0;
}

static int do_watch(struct shell *sh, char *args) { return add_watch(sh, args, DBG_WATCH_WRITE); }
static int do_rwatch(struct shell *sh, char *args) { return add_watch(sh, args, DBG_WATCH_READ); }
static int do_awatch(struct shell *sh, char *args) { return add_watch(sh, args, DBG_WATCH_ACCESS); }

/* The EC of a word: a number, or a class name (HVC64, DABT_LOW, ...). */
static bool parse_ec(const char *w, unsigned *ec)
{
    uint64_t v;
    if (shell_parse_u64(w, &v)) {
        if (v > 63)
            return false;
        *ec = (unsigned)v;
        return true;
    }
    for (unsigned k = 0; k < 64; k++) {
        const char *n = ec_name(k);
        if (n && !strcasecmp(n, w)) {
            *ec = k;
            return true;
        }
    }
    return false;
}

static int do_catch(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    struct dbg_catch c = { .to_el = -1 };
    if (!w || !dbg_catch_parse(w, &c.kind)) {
        shell_error(sh, "usage: catch exception [EC...] [to elN] | hvc | smc | svc | eret | irq | fiq | el-change | "
                        "vm-switch | tlbi | maintenance | stage2-fault");
        return -1;
    }
    char *a;
    while ((a = shell_next_word(&args)) != NULL) {
        if (!strcmp(a, "to")) {
            char *el = shell_next_word(&args);
            if (!el || strlen(el) != 3 || strncasecmp(el, "el", 2) || el[2] < '0' || el[2] > '3') {
                shell_error(sh, "catch: \"to\" needs el0..el3");
                return -1;
            }
            c.to_el = el[2] - '0';
            continue;
        }
        unsigned ec;
        if (c.kind != DBG_CATCH_EXCEPTION || !parse_ec(a, &ec)) {
            shell_error(sh, "catch %s: unexpected \"%s\"", dbg_catch_name(c.kind), a);
            return -1;
        }
        c.ec_mask |= 1ull << ec;
    }
    int id = dbg_catch_add(sh->dbg, &c);
    if (id < 0) {
        shell_error(sh, "too many catchpoints");
        return -1;
    }
    fprintf(sh->out, "Catchpoint %d (%s", id, dbg_catch_name(c.kind));
    for (unsigned ec = 0; ec < 64; ec++)
        if (c.ec_mask >> ec & 1) {
            const char *n = ec_name(ec);
            fprintf(sh->out, " 0x%02x%s%s", ec, n ? " " : "", n ? n : "");
        }
    if (c.to_el >= 0)
        fprintf(sh->out, " to EL%d", c.to_el);
    fputs(")\n", sh->out);
    return 0;
}

int shell_info_breakpoints(struct shell *sh, char *args);
int shell_info_breakpoints(struct shell *sh, char *args)
{
    (void)args;
    unsigned n = dbg_point_count(sh->dbg);
    if (!n) {
        fprintf(sh->out, "No breakpoints, watchpoints or catchpoints.\n");
        return 0;
    }
    fprintf(sh->out, "Num     Type            Disp Enb What\n");
    for (unsigned k = 0; k < n; k++) {
        const struct dbg_point *p = dbg_point_at(sh->dbg, k);
        char what[256];
        const char *type = "breakpoint";
        if (p->type == DBG_BREAKPOINT) {
            describe_loc(sh, &p->loc, what, sizeof(what));
        } else if (p->type == DBG_WATCHPOINT) {
            type = p->watch == DBG_WATCH_WRITE ? "watchpoint" : p->watch == DBG_WATCH_READ ? "read watchpoint"
                                                                                           : "acc watchpoint";
            char loc[200];
            describe_loc(sh, &p->loc, loc, sizeof(loc));
            snprintf(what, sizeof(what), "%" PRIu64 " bytes at %s", p->len, loc);
        } else {
            type = "catchpoint";
            int len = snprintf(what, sizeof(what), "%s", dbg_catch_name(p->catch_.kind));
            for (unsigned ec = 0; ec < 64 && len < 200; ec++)
                if (p->catch_.ec_mask >> ec & 1)
                    len += snprintf(what + len, sizeof(what) - (size_t)len, " 0x%02x", ec);
            if (p->catch_.to_el >= 0)
                snprintf(what + len, sizeof(what) - (size_t)len, " to EL%d", p->catch_.to_el);
        }
        fprintf(sh->out, "%-7d %-15s %-4s %-3s %s\n", p->id, type, p->temporary ? "del" : "keep",
                p->enabled ? "y" : "n", what);
        if (p->cond_text)
            fprintf(sh->out, "\tstop only if %s\n", p->cond_text);
        if (p->hits)
            fprintf(sh->out, "\tbreakpoint already hit %u time%s\n", p->hits, p->hits == 1 ? "" : "s");
    }
    return 0;
}

static const struct shell_cmd cmds[] = {
    { "break", "b br brea", do_break, "break [LOC] [if COND]",
      "Stop before the instruction at LOC (SYMBOL, SYMBOL+OFF, *ADDR, *el1:vmid2:ADDR, *el2:ADDR, *pa:ADDR)", false,
      COMPLETE_SYMBOL },
    { "tbreak", NULL, do_tbreak, "tbreak [LOC] [if COND]", "A breakpoint deleted when it stops the machine", false,
      COMPLETE_SYMBOL },
    { "delete", "d", do_delete, "delete [N...]", "Delete points N (all when no N)", false, COMPLETE_NONE },
    { "disable", "dis disa", do_disable, "disable [N...]", "Disable points N (all when no N)", false, COMPLETE_NONE },
    { "enable", "en", do_enable, "enable [N...]", "Enable points N (all when no N)", false, COMPLETE_NONE },
    { "condition", NULL, do_condition, "condition N [EXPR]", "Stop at point N only when EXPR is not 0 (no EXPR: always)",
      false, COMPLETE_SYMBOL },
    { "watch", NULL, do_watch, "watch [el1:|el2:|el3:|pa:][vmidN:]ADDR [LEN]",
      "Stop after a write that changes LEN bytes (default 8) at ADDR", false, COMPLETE_SYMBOL },
    { "rwatch", NULL, do_rwatch, "rwatch [el1:|el2:|el3:|pa:][vmidN:]ADDR [LEN]", "Stop after a read of ADDR",
      false, COMPLETE_SYMBOL },
    { "awatch", NULL, do_awatch, "awatch [el1:|el2:|el3:|pa:][vmidN:]ADDR [LEN]",
      "Stop after a read or a write of ADDR", false, COMPLETE_SYMBOL },
    { "catch", NULL, do_catch, "catch KIND [EC...] [to elN]",
      "Stop when an exception (exception [EC...], hvc, smc, svc, irq, fiq), eret, el-change, vm-switch, tlbi, "
      "maintenance or stage2-fault happens",
      false, COMPLETE_CATCH },
};
SHELL_CMD_FAMILY(shell_cmds_points, cmds);
