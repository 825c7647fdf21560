/* The shell's expressions: a recursive-descent parser that evaluates as it parses, over 64-bit
 * unsigned values (comparisons give 0 or 1, as in C). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../debug.h"
#include "shell_internal.h"

struct parser {
    struct shell *sh;
    struct cpu *c;
    const char *p;
    char *err;
    size_t errlen;
    bool failed;
    int depth;
};

static void fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parser *ps, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err, ps->errlen, fmt, ap);
    va_end(ap);
}

static void skip_space(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

/* Consume tok when the input starts with it (and, for one-character operators, not with a longer
 * operator that begins the same way: "<" is not "<=" or "<<"). */
static bool accept(struct parser *ps, const char *tok)
{
    skip_space(ps);
    size_t n = strlen(tok);
    if (strncmp(ps->p, tok, n) != 0)
        return false;
    char next = ps->p[n];
    if (n == 1 && (tok[0] == '<' || tok[0] == '>') && (next == '=' || next == tok[0]))
        return false;
    if (n == 1 && (tok[0] == '&' || tok[0] == '|') && next == tok[0])
        return false;
    if (n == 1 && (tok[0] == '=' || tok[0] == '!') && next == '=')
        return false;
    ps->p += n;
    return true;
}

static bool ident_char(char ch, bool first)
{
    return isalpha((unsigned char)ch) || ch == '_' || ch == '.' || (!first && (isdigit((unsigned char)ch) || ch == '$'));
}

static uint64_t parse_expr(struct parser *ps);

static uint64_t read_memory(struct parser *ps, uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    if (!debug_read_virt(ps->c, ps->c->mmu_idx, addr, &v, size))
        fail(ps, "cannot read %u bytes at 0x%llx", size, (unsigned long long)addr);
    return v;
}

static uint64_t pseudo_or_symbol(struct parser *ps, const char *name)
{
    struct cpu *c = ps->c;
    if (strcmp(name, "el") == 0)
        return c->pstate.el;
    if (strcmp(name, "vmid") == 0)
        return cpu_current_vmid(c);
    if (strcmp(name, "asid") == 0)
        return cpu_current_asid(c);
    if (strcmp(name, "cpu") == 0)
        return (uint64_t)c->index;
    if (strcmp(name, "icount") == 0)
        return c->icount;
    if (strcmp(name, "cycles") == 0)
        return c->cycles;
    const struct symbol *s = symtab_find(&ps->sh->syms, name);
    if (!s) {
        fail(ps, "no symbol \"%s\"", name);
        return 0;
    }
    return s->addr;
}

static uint64_t parse_primary(struct parser *ps)
{
    skip_space(ps);
    const char *p = ps->p;
    if (*p == '(') {
        ps->p++;
        uint64_t v = parse_expr(ps);
        if (!accept(ps, ")"))
            fail(ps, "missing ')'");
        return v;
    }
    if (isdigit((unsigned char)*p)) {
        uint64_t v = 0;
        unsigned base = 10;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            base = 16;
            p += 2;
        } else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
            base = 2;
            p += 2;
        }
        const char *start = p;
        for (;; p++) {
            unsigned d;
            if (isdigit((unsigned char)*p))
                d = (unsigned)(*p - '0');
            else if (isxdigit((unsigned char)*p))
                d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
            else
                break;
            if (d >= base)
                break;
            if (v > (UINT64_MAX - d) / base) {
                fail(ps, "number too large");
                return 0;
            }
            v = v * base + d;
        }
        if (p == start || ident_char(*p, false)) {
            fail(ps, "bad number near \"%.20s\"", ps->p);
            return 0;
        }
        ps->p = p;
        return v;
    }
    if (*p == '$' || ident_char(*p, true)) {
        bool reg = *p == '$';
        if (reg)
            p++;
        char name[128];
        size_t n = 0;
        while (ident_char(*p, n == 0) && n + 1 < sizeof(name))
            name[n++] = *p++;
        name[n] = 0;
        ps->p = p;
        if (!n) {
            fail(ps, "a register name must follow '$'");
            return 0;
        }
        if (!reg)
            return pseudo_or_symbol(ps, name);
        uint64_t v = 0;
        if (!shell_reg_read(ps->c, name, &v))
            fail(ps, "no register $%s (or it cannot be read without a side effect)", name);
        return v;
    }
    if (!*p)
        fail(ps, "missing operand at the end of the expression");
    else
        fail(ps, "unexpected \"%.20s\"", p);
    return 0;
}

/* "(u8*)", "(u16*)", "(u32*)", "(u64*)" after a '*': the access size, or 0 when there is no cast. */
static unsigned parse_cast(struct parser *ps)
{
    skip_space(ps);
    static const struct { const char *text; unsigned size; } casts[] = {
        { "u8", 1 }, { "u16", 2 }, { "u32", 4 }, { "u64", 8 },
        { "uint8_t", 1 }, { "uint16_t", 2 }, { "uint32_t", 4 }, { "uint64_t", 8 },
    };
    if (*ps->p != '(')
        return 0;
    const char *q = ps->p + 1;
    while (isspace((unsigned char)*q))
        q++;
    for (unsigned n = 0; n < sizeof(casts) / sizeof(casts[0]); n++) {
        size_t len = strlen(casts[n].text);
        if (strncmp(q, casts[n].text, len) != 0 || ident_char(q[len], false))
            continue;
        const char *r = q + len;
        while (isspace((unsigned char)*r))
            r++;
        if (*r++ != '*')
            continue;
        while (isspace((unsigned char)*r))
            r++;
        if (*r++ != ')')
            continue;
        ps->p = r;
        return casts[n].size;
    }
    return 0;
}

static uint64_t parse_unary(struct parser *ps)
{
    if (++ps->depth > 64) {
        fail(ps, "expression nested too deeply");
        return 0;
    }
    uint64_t v;
    if (accept(ps, "-"))
        v = -parse_unary(ps);
    else if (accept(ps, "~"))
        v = ~parse_unary(ps);
    else if (accept(ps, "!"))
        v = !parse_unary(ps);
    else if (accept(ps, "+"))
        v = parse_unary(ps);
    else if (accept(ps, "*")) {
        unsigned size = parse_cast(ps);
        uint64_t addr = parse_unary(ps);
        v = ps->failed ? 0 : read_memory(ps, addr, size ? size : 8);
    } else
        v = parse_primary(ps);
    ps->depth--;
    return v;
}

/* Binary operators by precedence level, loosest first. */
static uint64_t parse_binary(struct parser *ps, int level)
{
    static const char *const ops[][4] = {
        { "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" }, { "<=", ">=", "<", ">" },
        { "<<", ">>" }, { "+", "-" }, { "*", "/", "%" },
    };
    if (level == (int)(sizeof(ops) / sizeof(ops[0])))
        return parse_unary(ps);
    uint64_t a = parse_binary(ps, level + 1);
    for (;;) {
        if (ps->failed)
            return 0;
        const char *op = NULL;
        for (unsigned k = 0; k < 4 && ops[level][k]; k++)
            if (accept(ps, ops[level][k])) {
                op = ops[level][k];
                break;
            }
        if (!op)
            return a;
        uint64_t b = parse_binary(ps, level + 1);
        if (ps->failed)
            return 0;
        if (!strcmp(op, "||")) a = a || b;
        else if (!strcmp(op, "&&")) a = a && b;
        else if (!strcmp(op, "|")) a |= b;
        else if (!strcmp(op, "^")) a ^= b;
        else if (!strcmp(op, "&")) a &= b;
        else if (!strcmp(op, "==")) a = a == b;
        else if (!strcmp(op, "!=")) a = a != b;
        else if (!strcmp(op, "<=")) a = a <= b;
        else if (!strcmp(op, ">=")) a = a >= b;
        else if (!strcmp(op, "<")) a = a < b;
        else if (!strcmp(op, ">")) a = a > b;
        else if (!strcmp(op, "<<")) a = b >= 64 ? 0 : a << b;
        else if (!strcmp(op, ">>")) a = b >= 64 ? 0 : a >> b;
        else if (!strcmp(op, "+")) a += b;
        else if (!strcmp(op, "-")) a -= b;
        else if (!strcmp(op, "*")) a *= b;
        else if (b == 0) {
            fail(ps, "division by zero");
            return 0;
        } else if (!strcmp(op, "/")) a /= b;
        else a %= b;
    }
}

static uint64_t parse_expr(struct parser *ps)
{
    if (++ps->depth > 64) {
        fail(ps, "expression nested too deeply");
        return 0;
    }
    uint64_t v = parse_binary(ps, 0);
    ps->depth--;
    return v;
}

bool expr_eval(struct shell *sh, unsigned cpu, const char *text, uint64_t *value, char *err, size_t errlen)
{
    struct parser ps = { .sh = sh, .c = sh->m->cpus[cpu < sh->m->ncpus ? cpu : 0], .p = text, .err = err,
                         .errlen = errlen };
    skip_space(&ps);
    if (!*ps.p) {
        snprintf(err, errlen, "an expression is needed");
        return false;
    }
    uint64_t v = parse_expr(&ps);
    skip_space(&ps);
    if (!ps.failed && *ps.p)
        fail(&ps, "unexpected \"%.20s\" in the expression", ps.p);
    if (ps.failed)
        return false;
    *value = v;
    return true;
}

int shell_eval(struct shell *sh, const char *text, uint64_t *value)
{
    char err[256];
    if (expr_eval(sh, sh->cpu, text, value, err, sizeof(err)))
        return 0;
    shell_error(sh, "%s", err);
    return -1;
}
