/* The target description and register access of the GDB stub (see gdb_target.h). */
#define _GNU_SOURCE
#include "gdb_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/cpu.h"
#include "cpu/sysreg.h"
#include "inspect/inspect.h"
#include "gdb_stub_internal.h"
#include "machine.h"

/* The fixed part: the two features gdb's AArch64 support requires, with the vector types its own
 * descriptions give the V registers (so that `p $v0.d.u` and the q/d/s pseudo-registers work). */
static const char xml_head[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
    "<architecture>aarch64</architecture>\n"
    "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
    "<flags id=\"cpsr_flags\" size=\"4\">"
    "<field name=\"SP\" start=\"0\" end=\"0\"/><field name=\"EL\" start=\"2\" end=\"3\"/>"
    "<field name=\"F\" start=\"6\" end=\"6\"/><field name=\"I\" start=\"7\" end=\"7\"/>"
    "<field name=\"A\" start=\"8\" end=\"8\"/><field name=\"D\" start=\"9\" end=\"9\"/>"
    "<field name=\"IL\" start=\"20\" end=\"20\"/><field name=\"SS\" start=\"21\" end=\"21\"/>"
    "<field name=\"V\" start=\"28\" end=\"28\"/><field name=\"C\" start=\"29\" end=\"29\"/>"
    "<field name=\"Z\" start=\"30\" end=\"30\"/><field name=\"N\" start=\"31\" end=\"31\"/></flags>\n";
static const char xml_fpu_types[] =
    "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/><vector id=\"v2u\" type=\"uint64\" count=\"2\"/>"
    "<vector id=\"v2i\" type=\"int64\" count=\"2\"/><vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
    "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/><vector id=\"v4i\" type=\"int32\" count=\"4\"/>"
    "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/><vector id=\"v8i\" type=\"int16\" count=\"8\"/>"
    "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/><vector id=\"v16i\" type=\"int8\" count=\"16\"/>"
    "<vector id=\"v1u\" type=\"uint128\" count=\"1\"/><vector id=\"v1i\" type=\"int128\" count=\"1\"/>\n"
    "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/>"
    "<field name=\"s\" type=\"v2i\"/></union>\n"
    "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/>"
    "<field name=\"s\" type=\"v4i\"/></union>\n"
    "<union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>\n"
    "<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>\n"
    "<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/></union>\n"
    "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
    "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/></union>\n";

/* FPSR and FPCR are in the FPU feature already; the table's rows of those names are left out. */
static bool in_fixed_features(const char *name)
{
    return strcasecmp(name, "FPSR") == 0 || strcasecmp(name, "FPCR") == 0;
}

struct collect {
    const struct sysreg_info **list;
    unsigned count, cap;
    bool failed;
};

static void collect_sysreg(const struct sysreg_info *r, void *arg)
{
    struct collect *k = arg;
    if (k->failed || in_fixed_features(inspect_sysreg_name(r)))
        return;
    if (k->count == k->cap) {
        unsigned cap = k->cap ? 2 * k->cap : 256;
        const struct sysreg_info **list = realloc(k->list, cap * sizeof(*list));
        if (!list) {
            k->failed = true;
            return;
        }
        k->list = list;
        k->cap = cap;
    }
    k->list[k->count++] = r;
}

bool gdb_target_init(struct gdb_target *t)
{
    memset(t, 0, sizeof(*t));
    struct collect k = { 0 };
    inspect_sysreg_for_each(collect_sysreg, &k);
    if (k.failed) {
        free(k.list);
        return false;
    }
    t->sysregs = k.list;
    t->nsysregs = k.count;

    char *xml = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&xml, &len);
    if (!f)
        return false;
    fputs(xml_head, f);
    for (unsigned n = 0; n < 31; n++)
        fprintf(f, "<reg name=\"x%u\" bitsize=\"64\" type=\"int\" regnum=\"%u\"/>\n", n, GDB_REG_X0 + n);
    fputs("<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
          "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\"/>\n</feature>\n", f);
    fputs(xml_fpu_types, f);
    for (unsigned n = 0; n < 32; n++)
        fprintf(f, "<reg name=\"v%u\" bitsize=\"128\" type=\"aarch64v\" regnum=\"%u\"/>\n", n, GDB_REG_V0 + n);
    fputs("<reg name=\"fpsr\" bitsize=\"32\" type=\"int\"/>\n<reg name=\"fpcr\" bitsize=\"32\" type=\"int\"/>\n"
          "</feature>\n<feature name=\"org.a72sim.sysregs\">\n", f);
    for (unsigned n = 0; n < t->nsysregs; n++) {
        fputs("<reg name=\"", f);
        for (const char *p = inspect_sysreg_name(t->sysregs[n]); *p; p++)
            fputc(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p, f);
        fprintf(f, "\" bitsize=\"64\" type=\"uint64\" group=\"system\" regnum=\"%u\"/>\n", GDB_REG_SYSREG0 + n);
    }
    fputs("</feature>\n</target>\n", f);
    if (fclose(f) != 0 || !xml) {
        free(xml);
        gdb_target_free(t);
        return false;
    }
    t->xml = xml;
    t->xml_len = len;
    return true;
}

void gdb_target_free(struct gdb_target *t)
{
    free(t->sysregs);
    free(t->xml);
    memset(t, 0, sizeof(*t));
}

unsigned gdb_target_nregs(const struct gdb_target *t)
{
    return GDB_REG_SYSREG0 + t->nsysregs;
}

static void put64(uint8_t *buf, uint64_t v)
{
    for (unsigned n = 0; n < 8; n++)
        buf[n] = (uint8_t)(v >> (8 * n));
}

static uint64_t get_le(const uint8_t *buf, size_t size)
{
    uint64_t v = 0;
    for (size_t n = 0; n < size; n++)
        v |= (uint64_t)buf[n] << (8 * n);
    return v;
}

static const struct sysreg_info *fp_row(unsigned regnum)
{
    return sysreg_by_name(regnum == GDB_REG_FPSR ? "FPSR" : "FPCR");
}

int gdb_reg_read(const struct gdb_target *t, struct cpu *c, unsigned regnum, uint8_t *buf)
{
    if (regnum < 31) {
        put64(buf, c->x[regnum]);
        return 8;
    }
    switch (regnum) {
    case GDB_REG_SP: put64(buf, *cpu_sp(c)); return 8;
    case GDB_REG_PC: put64(buf, c->pc); return 8;
    case GDB_REG_CPSR: {
        uint8_t tmp[8];
        put64(tmp, cpu_get_psr(c));
        memcpy(buf, tmp, 4);
        return 4;
    }
    case GDB_REG_FPSR:
    case GDB_REG_FPCR: {
        uint8_t tmp[8];
        put64(tmp, sysreg_get(c, fp_row(regnum)));
        memcpy(buf, tmp, 4);
        return 4;
    }
    }
    if (regnum >= GDB_REG_V0 && regnum < GDB_REG_V0 + 32) {
        put64(buf, c->v[regnum - GDB_REG_V0][0]);
        put64(buf + 8, c->v[regnum - GDB_REG_V0][1]);
        return 16;
    }
    if (regnum >= GDB_REG_SYSREG0 && regnum - GDB_REG_SYSREG0 < t->nsysregs) {
        uint64_t v;
        if (!inspect_sysreg_read(c, t->sysregs[regnum - GDB_REG_SYSREG0], &v))
            return 0;
        put64(buf, v);
        return 8;
    }
    return -1;
}

bool gdb_reg_write(const struct gdb_target *t, struct cpu *c, unsigned regnum, const uint8_t *buf, size_t size)
{
    size_t want = regnum == GDB_REG_CPSR || regnum == GDB_REG_FPSR || regnum == GDB_REG_FPCR ? 4
                  : regnum >= GDB_REG_V0 && regnum < GDB_REG_V0 + 32 ? 16 : 8;
    if (size != want)
        return false;
    uint64_t v = get_le(buf, size < 8 ? size : 8);
    if (regnum < 31) {
        c->x[regnum] = v;
        return true;
    }
    switch (regnum) {
    case GDB_REG_SP: *cpu_sp(c) = v; return true;
    case GDB_REG_PC:
        if (v != c->pc) /* gdb's G packet writes every register back, changed or not */
            gdb_set_pc(c, v);
        return true;
    case GDB_REG_CPSR:
        if (v == (cpu_get_psr(c) & 0xffffffffu))
            return true;
        cpu_set_psr(c, v);
        cpu_update_derived(c);
        machine_note_context_change(c->machine, c);
        gdb_state_changed(c);
        return true;
    case GDB_REG_FPSR:
    case GDB_REG_FPCR:
        sysreg_set(c, fp_row(regnum), v);
        return true;
    }
    if (regnum >= GDB_REG_V0 && regnum < GDB_REG_V0 + 32) {
        c->v[regnum - GDB_REG_V0][0] = v;
        c->v[regnum - GDB_REG_V0][1] = get_le(buf + 8, 8);
        return true;
    }
    if (regnum >= GDB_REG_SYSREG0 && regnum - GDB_REG_SYSREG0 < t->nsysregs &&
        inspect_sysreg_write(c, t->sysregs[regnum - GDB_REG_SYSREG0], v)) {
        gdb_state_changed(c);
        return true;
    }
    return false;
}

int gdb_reg_number(const struct gdb_target *t, const char *name)
{
    static const char *const fixed[] = { [GDB_REG_SP] = "sp", [GDB_REG_PC] = "pc", [GDB_REG_CPSR] = "cpsr" };
    unsigned n;
    char extra;
    if ((name[0] == 'x' || name[0] == 'X') && sscanf(name + 1, "%u%c", &n, &extra) == 1 && n < 31)
        return GDB_REG_X0 + (int)n;
    if ((name[0] == 'v' || name[0] == 'V') && sscanf(name + 1, "%u%c", &n, &extra) == 1 && n < 32)
        return GDB_REG_V0 + (int)n;
    for (n = GDB_REG_SP; n <= GDB_REG_CPSR; n++)
        if (strcasecmp(name, fixed[n]) == 0)
            return (int)n;
    if (strcasecmp(name, "fpsr") == 0)
        return GDB_REG_FPSR;
    if (strcasecmp(name, "fpcr") == 0)
        return GDB_REG_FPCR;
    for (n = 0; n < t->nsysregs; n++)
        if (strcasecmp(name, inspect_sysreg_name(t->sysregs[n])) == 0)
            return GDB_REG_SYSREG0 + (int)n;
    return -1;
}
