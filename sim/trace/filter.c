/* The --trace-filter expression: parsing and evaluation. */
#define _GNU_SOURCE /* memmem */
#include "filter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_u64(const char *s, size_t len, uint64_t *out)
{
    char buf[32];
    if (len == 0 || len >= sizeof buf || *s == '-')
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(buf, &end, 0);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* "A..B" with A < B. */
static bool parse_range(const char *s, size_t len, uint64_t *lo, uint64_t *hi)
{
    const char *dots = memmem(s, len, "..", 2);
    if (!dots)
        return false;
    return parse_u64(s, (size_t)(dots - s), lo) && parse_u64(dots + 2, len - (size_t)(dots + 2 - s), hi) && *lo < *hi;
}

static bool parse_ids(const char *s, size_t len, struct trace_id_set *set, uint64_t max)
{
    set->count = 0;
    while (len) {
        const char *bar = memchr(s, '|', len);
        size_t n = bar ? (size_t)(bar - s) : len;
        uint64_t v;
        if (set->count == TRACE_FILTER_MAX_IDS || !parse_u64(s, n, &v) || v > max)
            return false;
        set->ids[set->count++] = (uint16_t)v;
        if (!bar)
            return true;
        s = bar + 1;
        len -= n + 1;
        if (!len)
            return false;
    }
    return set->count > 0;
}

static bool lookup_func(const struct symtab *syms, const char *s, size_t len, const struct symbol **out)
{
    char name[256];
    if (len == 0 || len >= sizeof name)
        return false;
    memcpy(name, s, len);
    name[len] = 0;
    *out = syms ? symtab_find(syms, name) : NULL;
    return *out != NULL;
}

static bool parse_trigger(const char *s, size_t len, const struct symtab *syms, struct trace_trigger *t)
{
    const struct symbol *sym;
    if (len == 9 && memcmp(s, "vm-switch", 9) == 0) {
        *t = (struct trace_trigger){ TRIGGER_VM_SWITCH, 0 };
        return true;
    }
    if (len > 5 && memcmp(s, "func:", 5) == 0 && lookup_func(syms, s + 5, len - 5, &sym)) {
        *t = (struct trace_trigger){ TRIGGER_PC, sym->addr };
        return true;
    }
    if (len > 5 && memcmp(s, "insn:", 5) == 0 && parse_u64(s + 5, len - 5, &t->value)) {
        t->kind = TRIGGER_INSN;
        return true;
    }
    if (len > 3 && memcmp(s, "ec:", 3) == 0 && parse_u64(s + 3, len - 3, &t->value) && t->value < 64) {
        t->kind = TRIGGER_EC;
        return true;
    }
    return false;
}

bool trace_filter_parse(struct trace_filter *f, const char *expr, const struct symtab *syms, char *err,
                        size_t errlen)
{
    *f = (struct trace_filter){ .cpu = -1 };
    const char *p = expr;
    for (;;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ,\t");
        const char *eq = memchr(p, '=', n);
        size_t klen = eq ? (size_t)(eq - p) : n;
        const char *v = eq ? eq + 1 : p + n;
        size_t vlen = eq ? n - klen - 1 : 0;
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(p, k, klen) == 0)
        bool ok = true;
        const struct symbol *sym;
        uint64_t x;
        if (KEY("all") && !eq) {
        } else if (KEY("cpu") && eq) {
            ok = parse_u64(v, vlen, &x) && x < 64;
            f->cpu = (int)x;
        } else if (KEY("el") && eq) {
            struct trace_id_set els;
            ok = parse_ids(v, vlen, &els, 3);
            for (unsigned k = 0; ok && k < els.count; k++)
                f->el_mask |= 1u << els.ids[k];
        } else if (KEY("vmid") && eq) {
            ok = parse_ids(v, vlen, &f->vmids, 0xffff);
        } else if (KEY("asid") && eq) {
            ok = parse_ids(v, vlen, &f->asids, 0xffff);
        } else if (KEY("pc") && eq) {
            ok = !f->has_pc && parse_range(v, vlen, &f->pc_lo, &f->pc_hi);
            f->has_pc = true;
        } else if (KEY("func") && eq) {
            if (f->has_pc || !lookup_func(syms, v, vlen, &sym)) {
                snprintf(err, errlen, "--trace-filter: no function '%.*s' in the images' symbols", (int)vlen, v);
                return false;
            }
            f->has_pc = true;
            f->pc_lo = sym->addr;
            f->pc_hi = sym->addr + (sym->size ? sym->size : 4);
        } else if (KEY("insns") && eq) {
            ok = !f->has_window && parse_range(v, vlen, &f->seq_lo, &f->seq_hi);
            f->has_window = true;
        } else if ((KEY("start") || KEY("stop")) && eq) {
            struct trace_trigger *t = KEY("start") ? &f->start : &f->stop;
            ok = t->kind == TRIGGER_NONE && parse_trigger(v, vlen, syms, t);
        } else {
            ok = false;
        }
#undef KEY
        if (!ok) {
            snprintf(err, errlen, "--trace-filter: bad term '%.*s' (see docs/tracing.md)", (int)n, p);
            return false;
        }
        p += n;
    }
    f->started = f->start.kind == TRIGGER_NONE;
    return true;
}

static bool in_set(const struct trace_id_set *s, uint16_t id)
{
    if (s->count == 0)
        return true;
    for (unsigned k = 0; k < s->count; k++)
        if (s->ids[k] == id)
            return true;
    return false;
}

static bool trigger_insn(const struct trace_trigger *t, const struct obs_event *e)
{
    return (t->kind == TRIGGER_PC && e->pc == t->value) || (t->kind == TRIGGER_INSN && e->seq >= t->value);
}

static bool trigger_event(const struct trace_trigger *t, const struct obs_event *e)
{
    if (t->kind == TRIGGER_VM_SWITCH)
        return e->kind == OBS_VM_SWITCH;
    return t->kind == TRIGGER_EC && e->kind == OBS_EXCEPTION && (e->u.exc.vector_offset & 0x180) == 0 &&
           (e->u.exc.esr >> 26) == t->value;
}

bool trace_filter_insn(struct trace_filter *f, const struct obs_event *e)
{
    if (!f->started && trigger_insn(&f->start, e))
        f->started = true;
    if (f->started && !f->stopped && trigger_insn(&f->stop, e))
        f->stopped = true;
    if (!f->started || f->stopped)
        return false;
    if (f->cpu >= 0 && e->cpu != f->cpu)
        return false;
    if (f->el_mask && !(f->el_mask & (1u << e->el)))
        return false;
    if (!in_set(&f->vmids, e->vmid) || !in_set(&f->asids, e->asid))
        return false;
    if (f->has_pc && (e->pc < f->pc_lo || e->pc >= f->pc_hi))
        return false;
    if (f->has_window && (e->seq < f->seq_lo || e->seq >= f->seq_hi))
        return false;
    return true;
}

void trace_filter_event(struct trace_filter *f, const struct obs_event *e)
{
    if (!f->started && trigger_event(&f->start, e))
        f->started = true;
    else if (f->started && !f->stopped && trigger_event(&f->stop, e))
        f->stopped = true;
}
