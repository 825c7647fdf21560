/* Registers by name for expressions, 'set $reg' and completion: the core's own registers here,
 * system registers through the inspection library's table lookup. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../inspect/inspect.h"
#include "shell_internal.h"

/* "x12" -> 12 for prefix "x" and 0..max; -1 when name is not of that form. */
static int numbered(const char *name, const char *prefix, int max)
{
    size_t n = strlen(prefix);
    if (strncasecmp(name, prefix, n) != 0 || !isdigit((unsigned char)name[n]))
        return -1;
    char *end;
    long v = strtol(name + n, &end, 10);
    if (*end || v > max || (name[n] == '0' && name[n + 1]))
        return -1;
    return (int)v;
}

bool shell_reg_read(struct cpu *c, const char *name, uint64_t *value)
{
    int n;
    if ((n = numbered(name, "x", 30)) >= 0)
        *value = c->x[n];
    else if ((n = numbered(name, "w", 30)) >= 0)
        *value = (uint32_t)c->x[n];
    else if ((n = numbered(name, "v", 31)) >= 0 || (n = numbered(name, "d", 31)) >= 0)
        *value = c->v[n][0];
    else if ((n = numbered(name, "s", 31)) >= 0)
        *value = (uint32_t)c->v[n][0];
    else if (!strcasecmp(name, "sp"))
        *value = *cpu_sp(c);
    else if (!strcasecmp(name, "lr"))
        *value = c->x[30];
    else if (!strcasecmp(name, "fp"))
        *value = c->x[29];
    else if (!strcasecmp(name, "pc"))
        *value = c->pc;
    else if (!strcasecmp(name, "cpsr") || !strcasecmp(name, "pstate"))
        *value = cpu_get_psr(c);
    else if (!strcasecmp(name, "xzr") || !strcasecmp(name, "wzr"))
        *value = 0;
    else if (!strcasecmp(name, "fpsr"))
        *value = c->fpsr;
    else if (!strcasecmp(name, "fpcr"))
        *value = c->fpcr;
    else {
        const struct sysreg_info *r = inspect_sysreg_lookup(name);
        return r && inspect_sysreg_read(c, r, value);
    }
    return true;
}

bool shell_reg_write(struct cpu *c, const char *name, uint64_t value, char *err, size_t errlen)
{
    int n;
    if ((n = numbered(name, "x", 30)) >= 0)
        c->x[n] = value;
    else if ((n = numbered(name, "w", 30)) >= 0)
        c->x[n] = (uint32_t)value;
    else if ((n = numbered(name, "v", 31)) >= 0 || (n = numbered(name, "d", 31)) >= 0)
        c->v[n][0] = value;
    else if (!strcasecmp(name, "sp"))
        *cpu_sp(c) = value;
    else if (!strcasecmp(name, "lr"))
        c->x[30] = value;
    else if (!strcasecmp(name, "fp"))
        c->x[29] = value;
    else if (!strcasecmp(name, "pc")) {
        if (value & 3) {
            snprintf(err, errlen, "$pc must be a multiple of 4");
            return false;
        }
        c->pc = value;
    } else if (!strcasecmp(name, "cpsr") || !strcasecmp(name, "pstate")) {
        /* Only an AArch64 state the core can be in: M[4] = 0, M[1] = 0, an EL that exists. */
        unsigned el = (value >> 2) & 3;
        if ((value & 0x12) || (el == EL2 && !el2_enabled(c) && c->pstate.el != EL2)) {
            snprintf(err, errlen, "$cpsr 0x%llx is not an AArch64 state of this core", (unsigned long long)value);
            return false;
        }
        cpu_set_psr(c, value);
        cpu_update_derived(c);
        machine_note_context_change(c->machine, c);
    } else if (!strcasecmp(name, "fpsr"))
        c->fpsr = (uint32_t)value;
    else if (!strcasecmp(name, "fpcr"))
        c->fpcr = (uint32_t)value;
    else if (!strcasecmp(name, "xzr") || !strcasecmp(name, "wzr")) {
        snprintf(err, errlen, "$%s cannot be written", name);
        return false;
    } else {
        const struct sysreg_info *r = inspect_sysreg_lookup(name);
        if (!r) {
            snprintf(err, errlen, "no register $%s", name);
            return false;
        }
        if (!inspect_sysreg_write(c, r, value)) {
            snprintf(err, errlen, "$%s cannot be written by a debugger (read-only, or the write has a side effect)",
                     name);
            return false;
        }
    }
    c->x[31] = 0;
    return true;
}

struct names_ctx {
    void (*fn)(const char *name, void *arg);
    void *arg;
};

static void sysreg_name(const struct sysreg_info *r, void *arg)
{
    struct names_ctx *n = arg;
    n->fn(inspect_sysreg_name(r), n->arg);
}

void shell_reg_names(void (*fn)(const char *name, void *arg), void *arg)
{
    char buf[8];
    for (int n = 0; n <= 30; n++) {
        snprintf(buf, sizeof(buf), "x%d", n);
        fn(buf, arg);
        snprintf(buf, sizeof(buf), "w%d", n);
        fn(buf, arg);
    }
    for (int n = 0; n <= 31; n++) {
        snprintf(buf, sizeof(buf), "v%d", n);
        fn(buf, arg);
    }
    static const char *const others[] = { "sp", "lr", "fp", "pc", "cpsr", "fpsr", "fpcr" };
    for (unsigned n = 0; n < sizeof(others) / sizeof(others[0]); n++)
        fn(others[n], arg);
    struct names_ctx ctx = { fn, arg };
    inspect_sysreg_for_each(sysreg_name, &ctx);
}
