/* Data: x, xp, print, set, disassemble, backtrace, and 'info registers'. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../debug.h"
#include "../trace/disasm.h"
#include "shell_internal.h"

/* ---- x / xp ---- */

struct xfmt {
    uint64_t count;
    char fmt;    /* x d u o t c a i s */
    char size;   /* b h w g */
};

static int parse_xfmt(struct shell *sh, char **args, struct xfmt *f)
{
    f->count = 1;
    f->fmt = sh->x_fmt ? sh->x_fmt : 'x';
    f->size = sh->x_size ? sh->x_size : 'w';
    char *p = *args;
    if (*p != '/')
        return 0;
    p++;
    if (isdigit((unsigned char)*p)) {
        char *end;
        f->count = strtoull(p, &end, 10);
        p = end;
        if (f->count == 0 || f->count > 65536) {
            shell_error(sh, "x: the count must be 1..65536");
            return -1;
        }
    }
    for (; *p && !isspace((unsigned char)*p); p++) {
        if (strchr("xduotcais", *p))
            f->fmt = *p;
        else if (strchr("bhwg", *p))
            f->size = *p;
        else {
            shell_error(sh, "Undefined output format \"%c\".", *p);
            return -1;
        }
    }
    if (f->fmt == 'a')
        f->size = 'g';
    if (f->fmt == 'c' && !strchr(*args, 'b') && !strchr(*args, 'h') && !strchr(*args, 'w') && !strchr(*args, 'g'))
        f->size = 'b';
    *args = p;
    return 0;
}

static bool read_mem(struct shell *sh, bool phys, uint64_t addr, void *buf, size_t len)
{
    struct cpu *c = shell_cpu(sh);
    return phys ? debug_read_phys(sh->m, addr, buf, len, is_secure(c)) : debug_read_virt(c, sh->x_idx, addr, buf, len);
}

/* An "el0:".."el3:" in front of x's address: that regime instead of the core's current one. */
static enum mmu_idx take_regime(struct shell *sh, char **args)
{
    char *p = *args;
    if (strlen(p) > 4 && !strncasecmp(p, "el", 2) && p[2] >= '0' && p[2] <= '3' && p[3] == ':') {
        *args = p + 4;
        static const enum mmu_idx idx[4] = { MMU_EL0, MMU_EL1, MMU_EL2, MMU_EL3 };
        return idx[p[2] - '0'];
    }
    return shell_cpu(sh)->mmu_idx;
}

/* One value in a format; x pads to the unit's size unless pad is false (print). */
static void print_unit(struct shell *sh, char fmt, unsigned size, uint64_t v, bool pad)
{
    FILE *o = sh->out;
    unsigned bits = size * 8;
    int64_t sv = bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
    char sym[160];
    switch (fmt) {
    case 'x': fprintf(o, "0x%0*" PRIx64, pad ? (int)size * 2 : 1, v); break;
    case 'd': fprintf(o, "%" PRId64, sv); break;
    case 'u': fprintf(o, "%" PRIu64, v); break;
    case 'o': fprintf(o, "0%" PRIo64, v); break;
    case 't':
        for (int b = (int)bits - 1; b >= 0; b--)
            fputc('0' + (int)(v >> b & 1), o);
        break;
    case 'c': fprintf(o, "%" PRIu64 " '%c'", v & 0xff, isprint((int)(v & 0xff)) ? (int)(v & 0xff) : '.'); break;
    case 'a': fprintf(o, "0x%" PRIx64 "%s", v, shell_symbolize(sh, v, sym, sizeof(sym))); break;
    }
}

static int examine(struct shell *sh, char *args, bool phys)
{
    struct xfmt f;
    bool fmt_given = *args == '/';
    if (parse_xfmt(sh, &args, &f) < 0)
        return -1;
    uint64_t addr;
    while (isspace((unsigned char)*args))
        args++;
    char *before = args;
    enum mmu_idx idx = take_regime(sh, &args);
    if (phys && args != before) {
        shell_error(sh, "xp reads physical memory: no regime applies");
        return -1;
    }
    if (*args || args != before || !sh->x_fmt)
        sh->x_idx = idx; /* x alone goes on in the regime it read last */
    if (!*args) {
        if (sh->x_phys != phys || (!sh->x_fmt)) {
            shell_error(sh, "Argument required (starting display address).");
            return -1;
        }
        addr = sh->x_next;
        if (!fmt_given && sh->x_count)
            f.count = sh->x_count; /* x alone goes on as the last x did */
    } else if (shell_eval(sh, args, &addr) < 0) {
        return -1;
    }
    sh->x_fmt = f.fmt;
    sh->x_size = f.size;
    sh->x_count = f.count;
    sh->x_phys = phys;
    FILE *o = sh->out;
    char sym[160];
    struct cpu *c = shell_cpu(sh);
    if (f.fmt == 'i') {
        if (phys) {
            shell_error(sh, "xp/i: disassemble physical memory with 'disassemble' at a virtual address");
            return -1;
        }
        for (uint64_t k = 0; k < f.count; k++, addr += 4) {
            char text[160];
            uint32_t word;
            bool ok = read_mem(sh, false, addr, &word, 4);
            if (ok)
                snprintf(text, sizeof(text), "%s", disasm_insn(sh->dis, addr, word));
            else
                snprintf(text, sizeof(text), "(cannot read memory at 0x%" PRIx64 ")", addr);
            fprintf(o, "%s0x%016" PRIx64 "%s:\t%s\n", addr == c->pc ? "=> " : "   ", addr,
                    shell_symbolize(sh, addr, sym, sizeof(sym)), text);
            if (!ok) {
                sh->x_next = addr;
                return -1;
            }
        }
        sh->x_next = addr;
        return 0;
    }
    if (f.fmt == 's') {
        for (uint64_t k = 0; k < f.count; k++) {
            fprintf(o, "0x%016" PRIx64 "%s:\t\"", addr, shell_symbolize(sh, addr, sym, sizeof(sym)));
            for (unsigned n = 0; n < 4096; n++, addr++) {
                uint8_t b;
                if (!read_mem(sh, phys, addr, &b, 1)) {
                    fputs("\"\n", o);
                    shell_error(sh, "Cannot access memory at address 0x%" PRIx64, addr);
                    return -1;
                }
                if (!b) {
                    addr++;
                    break;
                }
                if (isprint(b) && b != '"' && b != '\\')
                    fputc(b, o);
                else
                    fprintf(o, "\\%03o", b);
            }
            fputs("\"\n", o);
        }
        sh->x_next = addr;
        return 0;
    }
    unsigned size = f.size == 'b' ? 1 : f.size == 'h' ? 2 : f.size == 'w' ? 4 : 8;
    unsigned per_line = size == 8 ? 2 : size == 4 ? 4 : 8;
    for (uint64_t k = 0; k < f.count; k++) {
        if (k % per_line == 0) {
            if (k)
                fputc('\n', o);
            fprintf(o, "0x%016" PRIx64 "%s:", addr, phys ? "" : shell_symbolize(sh, addr, sym, sizeof(sym)));
        }
        uint64_t v = 0;
        if (!read_mem(sh, phys, addr, &v, size)) {
            fputc('\n', o);
            shell_error(sh, "Cannot access memory at address 0x%" PRIx64, addr);
            sh->x_next = addr;
            return -1;
        }
        fputc('\t', o);
        print_unit(sh, f.fmt, size, v, true);
        addr += size;
    }
    fputc('\n', o);
    sh->x_next = addr;
    return 0;
}

static int do_x(struct shell *sh, char *args) { return examine(sh, args, false); }
static int do_xp(struct shell *sh, char *args) { return examine(sh, args, true); }

/* ---- print ---- */

static int do_print(struct shell *sh, char *args)
{
    char fmt = 0;
    if (*args == '/') {
        fmt = args[1];
        if (!fmt || !strchr("xduotca", fmt) || (args[2] && !isspace((unsigned char)args[2]))) {
            shell_error(sh, "print: the format is one of /x /d /u /o /t /c /a");
            return -1;
        }
        args += 2;
    }
    while (isspace((unsigned char)*args))
        args++;
    /* $vN as a whole: the 128-bit register. */
    unsigned vn;
    char extra;
    if (!fmt && sscanf(args, "$v%u%c", &vn, &extra) == 1 && vn < 32) {
        struct cpu *c = shell_cpu(sh);
        fprintf(sh->out, "$%u = 0x%016" PRIx64 "%016" PRIx64 "\n", ++sh->value_count, c->v[vn][1], c->v[vn][0]);
        return 0;
    }
    uint64_t v;
    if (shell_eval(sh, args, &v) < 0)
        return -1;
    fprintf(sh->out, "$%u = ", ++sh->value_count);
    if (fmt)
        print_unit(sh, fmt, 8, v, false);
    else
        fprintf(sh->out, "0x%" PRIx64 " (%" PRIu64 ")", v, v);
    fputc('\n', sh->out);
    return 0;
}

/* ---- set ---- */

/* The '=' of an assignment: not part of ==, !=, <=, >=. */
static char *find_assign(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '=' && p[1] != '=' && (p == s || !strchr("=!<>", p[-1])))
            return p;
    return NULL;
}

static int do_set(struct shell *sh, char *args)
{
    if (!strncmp(args, "var ", 4) || !strncmp(args, "variable ", 9))
        args += args[3] == ' ' ? 4 : 9;
    char *eq = find_assign(args);
    if (!eq) {
        shell_error(sh, "usage: set $REG = EXPR | set *ADDR = EXPR | set *(u32*)ADDR = EXPR");
        return -1;
    }
    *eq = 0;
    char *lhs = args, *rhs = eq + 1;
    while (isspace((unsigned char)*lhs))
        lhs++;
    size_t n = strlen(lhs);
    while (n && isspace((unsigned char)lhs[n - 1]))
        lhs[--n] = 0;
    uint64_t v;
    if (shell_eval(sh, rhs, &v) < 0)
        return -1;
    struct cpu *c = shell_cpu(sh);
    if (*lhs == '$') {
        char err[256];
        for (char *p = lhs + 1; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '_') {
                shell_error(sh, "set: bad register name \"%s\"", lhs);
                return -1;
            }
        if (!shell_reg_write(c, lhs + 1, v, err, sizeof(err))) {
            shell_error(sh, "%s", err);
            return -1;
        }
        return 0;
    }
    if (*lhs != '*') {
        shell_error(sh, "set: the left side must be $REG or *ADDR");
        return -1;
    }
    lhs++;
    unsigned size = 8;
    static const struct { const char *cast; unsigned size; } casts[] = {
        { "(u8*)", 1 }, { "(u16*)", 2 }, { "(u32*)", 4 }, { "(u64*)", 8 },
    };
    while (isspace((unsigned char)*lhs))
        lhs++;
    for (unsigned k = 0; k < 4; k++)
        if (!strncmp(lhs, casts[k].cast, strlen(casts[k].cast))) {
            size = casts[k].size;
            lhs += strlen(casts[k].cast);
            break;
        }
    /* pa:ADDR writes physical memory. */
    bool phys = false;
    while (isspace((unsigned char)*lhs))
        lhs++;
    if (!strncasecmp(lhs, "pa:", 3)) {
        phys = true;
        lhs += 3;
    }
    uint64_t addr;
    if (shell_eval(sh, lhs, &addr) < 0)
        return -1;
    bool ok = phys ? debug_write_phys(sh->m, addr, &v, size) : debug_write_virt(c, c->mmu_idx, addr, &v, size);
    if (!ok) {
        shell_error(sh, "Cannot write %u bytes at %saddress 0x%" PRIx64 " (not RAM, or not mapped)", size,
                    phys ? "physical " : "", addr);
        return -1;
    }
    return 0;
}

/* ---- info registers ---- */

static void print_reg(struct shell *sh, const char *name, uint64_t v)
{
    fprintf(sh->out, "%-15s0x%-18" PRIx64 "%" PRIu64 "\n", name, v, v);
}

/* PSTATE as gdb users read it: "[ EL2h n z c v D A I F ]". */
static void print_cpsr(struct shell *sh, struct cpu *c)
{
    const struct pstate *p = &c->pstate;
    fprintf(sh->out, "%-15s0x%-18" PRIx64 "[ EL%u%c %c%c%c%c %s%s%s%s%s%s]\n", "cpsr", cpu_get_psr(c), p->el,
            p->sp ? 'h' : 't', p->n ? 'N' : 'n', p->z ? 'Z' : 'z', p->c ? 'C' : 'c', p->v ? 'V' : 'v',
            p->d ? "D" : "", p->a ? "A" : "", p->i ? "I" : "", p->f ? "F" : "", p->ss ? " SS" : "",
            p->il ? " IL " : " ");
}

int shell_info_registers(struct shell *sh, char *args);
int shell_info_registers(struct shell *sh, char *args)
{
    struct cpu *c = shell_cpu(sh);
    char *w;
    bool any = false;
    while ((w = shell_next_word(&args)) != NULL) {
        any = true;
        const char *name = *w == '$' ? w + 1 : w;
        uint64_t v;
        if (!strcasecmp(name, "cpsr") || !strcasecmp(name, "pstate")) {
            print_cpsr(sh, c);
            continue;
        }
        if (!shell_reg_read(c, name, &v)) {
            shell_error(sh, "Invalid register `%s'", name);
            return -1;
        }
        print_reg(sh, name, v);
    }
    if (any)
        return 0;
    char name[8];
    for (int n = 0; n < 31; n++) {
        snprintf(name, sizeof(name), "x%d", n);
        print_reg(sh, name, c->x[n]);
    }
    print_reg(sh, "sp", *cpu_sp(c));
    print_reg(sh, "pc", c->pc);
    print_cpsr(sh, c);
    print_reg(sh, "fpsr", c->fpsr);
    print_reg(sh, "fpcr", c->fpcr);
    return 0;
}

/* ---- disassemble ---- */

static int do_disassemble(struct shell *sh, char *args)
{
    struct cpu *c = shell_cpu(sh);
    uint64_t start, end;
    char *comma = strchr(args, ',');
    if (comma) {
        *comma = 0;
        char *second = comma + 1;
        while (isspace((unsigned char)*second))
            second++;
        if (shell_eval(sh, args, &start) < 0)
            return -1;
        uint64_t v;
        if (shell_eval(sh, *second == '+' ? second + 1 : second, &v) < 0)
            return -1;
        end = *second == '+' ? start + v : v;
    } else {
        uint64_t at = c->pc;
        if (*args && shell_eval(sh, args, &at) < 0)
            return -1;
        const struct symbol *s = symtab_lookup(&sh->syms, at, shell_symbol_ctx(c));
        if (s && s->size && at - s->addr < s->size) {
            start = s->addr;
            end = s->addr + s->size;
            fprintf(sh->out, "Dump of assembler code for function %s:\n", s->name);
        } else {
            start = at;
            end = at + 32;
            fprintf(sh->out, "Dump of assembler code from 0x%" PRIx64 " to 0x%" PRIx64 ":\n", start, end);
        }
    }
    if (end < start || end - start > 65536) {
        shell_error(sh, "disassemble: the range must be 0..65536 bytes");
        return -1;
    }
    start &= ~3ull;
    char sym[160], text[160];
    for (uint64_t a = start; a < end; a += 4) {
        bool ok = shell_disasm_at(sh, c, a, text, sizeof(text));
        fprintf(sh->out, "%s0x%016" PRIx64 "%s:\t%s\n", a == c->pc ? "=> " : "   ", a,
                shell_symbolize(sh, a, sym, sizeof(sym)), text);
        if (!ok)
            return -1;
    }
    fprintf(sh->out, "End of assembler dump.\n");
    return 0;
}

/* ---- backtrace ---- */

static int do_backtrace(struct shell *sh, char *args)
{
    uint64_t limit = 64;
    if (*args && shell_eval(sh, args, &limit) < 0)
        return -1;
    struct cpu *c = shell_cpu(sh);
    char sym[160];
    fprintf(sh->out, "#0  0x%016" PRIx64 "%s\n", c->pc, shell_symbolize(sh, c->pc, sym, sizeof(sym)));
    /* A function that has not pushed its frame record (a leaf, or at its first instructions)
     * returns through LR: when LR is in another function than the PC, it is frame 1. */
    uint64_t n = 1, last = 0;
    const struct symbol *here = symtab_lookup(&sh->syms, c->pc, shell_symbol_ctx(c));
    if (c->x[30] && here && symtab_lookup(&sh->syms, c->x[30], shell_symbol_ctx(c)) != here && n < limit) {
        fprintf(sh->out, "#1  0x%016" PRIx64 "%s\n", c->x[30], shell_symbolize(sh, c->x[30], sym, sizeof(sym)));
        last = c->x[30];
        n++;
    }
    /* Frame records: [FP] = the caller's FP, [FP + 8] = the return address (AAPCS64). */
    uint64_t fp = c->x[29];
    while (n < limit && fp && !(fp & 7)) {
        uint64_t rec[2];
        if (!debug_read_virt(c, c->mmu_idx, fp, rec, sizeof(rec)) || !rec[1])
            break;
        if (rec[1] != last) /* the record of the function LR already named */
            fprintf(sh->out, "#%-2" PRIu64 " 0x%016" PRIx64 "%s\n", n++, rec[1],
                    shell_symbolize(sh, rec[1], sym, sizeof(sym)));
        last = 0;
        if (rec[0] <= fp)
            break; /* frames go up the stack; anything else ends the chain */
        fp = rec[0];
    }
    return 0;
}

static const struct shell_cmd cmds[] = {
    { "x", NULL, do_x, "x/NFU [el0:|el1:|el2:|el3:]ADDR",
      "Examine virtual memory (the current regime, or the one named): N units of size U (b h w g) in format F "
      "(x d u o t c a i s)", SHELL_REPEAT_NAME, COMPLETE_SYMBOL },
    { "xp", NULL, do_xp, "xp/NFU PADDR", "Examine physical memory (as x)", SHELL_REPEAT_NAME, COMPLETE_SYMBOL },
    { "print", "p inspect output", do_print, "print[/F] EXPR", "Evaluate EXPR and print it", false, COMPLETE_SYMBOL },
    { "set", NULL, do_set, "set $REG = EXPR | set *[(uN*)][pa:]ADDR = EXPR", "Write a register or memory", false,
      COMPLETE_SYMBOL },
    { "disassemble", NULL, do_disassemble, "disassemble [LOC[,END|,+LEN]]",
      "Disassemble the function at LOC (default $pc) or a range", false, COMPLETE_SYMBOL },
    { "backtrace", "bt where", do_backtrace, "backtrace [N]", "The call chain from the frame records (x29)", false, COMPLETE_NONE },
};
SHELL_CMD_FAMILY(shell_cmds_data, cmds);
