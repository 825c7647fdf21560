/* System registers for debuggers: lookup by name over the simulator's table (sim/cpu/sysreg.h), reads
 * and writes without side effects, the fields of the registers hypervisors use, and the one-line
 * summary of an exception from its syndrome. */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "inspect_internal.h"
#include "machine.h"
#include "stats.h"

static uint64_t field64(uint64_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((hi - lo == 63) ? ~0ull : ((1ull << (hi - lo + 1)) - 1));
}

/* ---- lookup, read, write ---- */

const struct sysreg_info *inspect_sysreg_lookup(const char *name)
{
    const struct sysreg_info *r = sysreg_by_name(name);
    return r && !(r->flags & SYSREG_INSN) ? r : NULL;
}

const char *inspect_sysreg_name(const struct sysreg_info *r)
{
    return r->name;
}

/* Reading these acknowledges an interrupt (ICC_IAR*, and ICV_IAR* through them). */
static bool read_has_side_effect(const struct sysreg_info *r)
{
    return r->key == SYSREG_KEY(3, 0, 12, 8, 0) || r->key == SYSREG_KEY(3, 0, 12, 12, 0);
}

bool inspect_sysreg_read(struct cpu *c, const struct sysreg_info *r, uint64_t *value)
{
    if (r->flags & (SYSREG_INSN | SYSREG_WO) || read_has_side_effect(r))
        return false;
    *value = sysreg_get(c, r);
    return true;
}

bool inspect_sysreg_write(struct cpu *c, const struct sysreg_info *r, uint64_t value)
{
    /* Write-only registers are all actions (EOI, deactivate, send an SGI, software increment, OS lock). */
    if (r->flags & (SYSREG_INSN | SYSREG_RO | SYSREG_WO))
        return false;
    (void)sysreg_write(c, r, value);
    return true;
}

struct for_each_arg {
    void (*fn)(const struct sysreg_info *r, void *arg);
    void *arg;
};

static void visit_register(const struct sysreg_info *r, void *arg)
{
    const struct for_each_arg *a = arg;
    if (!(r->flags & SYSREG_INSN))
        a->fn(r, a->arg);
}

void inspect_sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg)
{
    struct for_each_arg a = { fn, arg };
    sysreg_for_each(visit_register, &a);
}

/* ---- fields ---- */

/* A field of a register: one bit (hi == lo) is listed by name when set; a wider one as NAME=value
 * (only when not 0 for a quiet one), or as an address (the field's bits in place) for an address. */
enum field_kind { FIELD_VALUE, FIELD_QUIET, FIELD_ADDRESS };
struct field {
    const char *name;
    uint8_t hi, lo;
    uint8_t kind;
};
#define F(n, h, l) { n, h, l, FIELD_VALUE }
#define Q(n, h, l) { n, h, l, FIELD_QUIET }
#define A(n, h, l) { n, h, l, FIELD_ADDRESS }
#define B(n, b) { n, b, b, FIELD_VALUE }
#define END { NULL, 0, 0, 0 }

static const struct field hcr_el2[] = {
    B("VM", 0), B("SWIO", 1), B("PTW", 2), B("FMO", 3), B("IMO", 4), B("AMO", 5), B("VF", 6), B("VI", 7),
    B("VSE", 8), B("FB", 9), Q("BSU", 11, 10), B("DC", 12), B("TWI", 13), B("TWE", 14), B("TID0", 15),
    B("TID1", 16), B("TID2", 17), B("TID3", 18), B("TSC", 19), B("TIDCP", 20), B("TACR", 21), B("TSW", 22),
    B("TPCP", 23), B("TPU", 24), B("TTLB", 25), B("TVM", 26), B("TGE", 27), B("TDZ", 28), B("HCD", 29),
    B("TRVM", 30), B("RW", 31), B("CD", 32), B("ID", 33), END,
};
static const struct field scr_el3[] = {
    B("NS", 0), B("IRQ", 1), B("FIQ", 2), B("EA", 3), B("SMD", 7), B("HCE", 8), B("SIF", 9), B("RW", 10),
    B("ST", 11), B("TWI", 12), B("TWE", 13), END,
};
static const struct field sctlr_el1[] = {
    B("M", 0), B("A", 1), B("C", 2), B("SA", 3), B("SA0", 4), B("CP15BEN", 5), B("ITD", 7), B("SED", 8),
    B("UMA", 9), B("I", 12), B("DZE", 14), B("UCT", 15), B("nTWI", 16), B("nTWE", 18), B("WXN", 19),
    B("E0E", 24), B("EE", 25), B("UCI", 26), END,
};
static const struct field sctlr_el2[] = {
    B("M", 0), B("A", 1), B("C", 2), B("SA", 3), B("I", 12), B("WXN", 19), B("EE", 25), END,
};
static const struct field tcr_el1[] = {
    F("T0SZ", 5, 0), B("EPD0", 7), F("IRGN0", 9, 8), F("ORGN0", 11, 10), F("SH0", 13, 12), F("TG0", 15, 14),
    F("T1SZ", 21, 16), B("A1", 22), B("EPD1", 23), F("IRGN1", 25, 24), F("ORGN1", 27, 26), F("SH1", 29, 28),
    F("TG1", 31, 30), F("IPS", 34, 32), B("AS", 36), B("TBI0", 37), B("TBI1", 38), END,
};
static const struct field tcr_el2[] = {
    F("T0SZ", 5, 0), F("IRGN0", 9, 8), F("ORGN0", 11, 10), F("SH0", 13, 12), F("TG0", 15, 14), F("PS", 18, 16),
    B("TBI", 20), END,
};
static const struct field vtcr_el2[] = {
    F("T0SZ", 5, 0), F("SL0", 7, 6), F("IRGN0", 9, 8), F("ORGN0", 11, 10), F("SH0", 13, 12), F("TG0", 15, 14),
    F("PS", 18, 16), END,
};
static const struct field vttbr_el2[] = { F("VMID", 55, 48), A("BADDR", 47, 1), END };
static const struct field ttbr_el1[] = { F("ASID", 63, 48), A("BADDR", 47, 1), END };
static const struct field ttbr_el2[] = { A("BADDR", 47, 1), END };
static const struct field hpfar_el2[] = { F("FIPA[47:12]", 39, 4), END };
static const struct field ich_hcr[] = {
    B("En", 0), B("UIE", 1), B("LRENPIE", 2), B("NPIE", 3), B("VGrp0EIE", 4), B("VGrp0DIE", 5),
    B("VGrp1EIE", 6), B("VGrp1DIE", 7), B("TC", 10), B("TALL0", 11), B("TALL1", 12), B("TSEI", 13),
    B("TDIR", 14), Q("EOIcount", 31, 27), END,
};
static const struct field ich_vmcr[] = {
    B("VENG0", 0), B("VENG1", 1), B("VAckCtl", 2), B("VFIQEn", 3), B("VCBPR", 4), B("VEOIM", 9),
    F("VBPR1", 20, 18), F("VBPR0", 23, 21), F("VPMR", 31, 24), END,
};
static const struct field ich_misr[] = {
    B("EOI", 0), B("U", 1), B("LRENP", 2), B("NP", 3), B("VGrp0E", 4), B("VGrp0D", 5), B("VGrp1E", 6),
    B("VGrp1D", 7), END,
};
static const struct field mdcr_el2[] = {
    F("HPMN", 4, 0), B("TPMCR", 5), B("TPM", 6), B("HPME", 7), B("TDE", 8), B("TDA", 9), B("TDOSA", 10),
    B("TDRA", 11), END,
};
static const struct field cptr_el2[] = { B("TFP", 10), B("TTA", 20), B("TCPAC", 31), END };
static const struct field cptr_el3[] = { B("TFP", 10), B("TTA", 20), B("TCPAC", 31), END };
static const struct field cpacr_el1[] = { F("FPEN", 21, 20), B("TTA", 28), END };
static const struct field cnthctl_el2[] = { B("EL1PCTEN", 0), B("EL1PCEN", 1), B("EVNTEN", 2), B("EVNTDIR", 3),
                                            Q("EVNTI", 7, 4), END };
static const struct field cntkctl_el1[] = { B("EL0PCTEN", 0), B("EL0VCTEN", 1), B("EVNTEN", 2), B("EVNTDIR", 3),
                                            F("EVNTI", 7, 4), B("EL0VTEN", 8), B("EL0PTEN", 9), END };
static const struct field cnt_ctl[] = { B("ENABLE", 0), B("IMASK", 1), B("ISTATUS", 2), END };
static const struct field icc_sre[] = { B("SRE", 0), B("DFB", 1), B("DIB", 2), B("Enable", 3), END };

static const struct {
    const char *pattern;          /* fnmatch() pattern of the names */
    const struct field *fields;
} decoded[] = {
    { "HCR_EL2", hcr_el2 },         { "SCR_EL3", scr_el3 },        { "SCTLR_EL1", sctlr_el1 },
    { "SCTLR_EL[23]", sctlr_el2 },  { "TCR_EL1", tcr_el1 },        { "TCR_EL[23]", tcr_el2 },
    { "VTCR_EL2", vtcr_el2 },       { "VTTBR_EL2", vttbr_el2 },    { "TTBR[01]_EL1", ttbr_el1 },
    { "TTBR0_EL[23]", ttbr_el2 },   { "HPFAR_EL2", hpfar_el2 },    { "ICH_HCR_EL2", ich_hcr },
    { "ICH_VMCR_EL2", ich_vmcr },   { "ICH_MISR_EL2", ich_misr },  { "MDCR_EL2", mdcr_el2 },
    { "CPTR_EL2", cptr_el2 },       { "CPTR_EL3", cptr_el3 },      { "CPACR_EL1", cpacr_el1 },
    { "CNTHCTL_EL2", cnthctl_el2 }, { "CNTKCTL_EL1", cntkctl_el1 }, { "CNT*_CTL_EL*", cnt_ctl },
    { "ICC_SRE_EL*", icc_sre },
};

static void print_fields(FILE *f, const struct field *fl, uint64_t v)
{
    const char *sep = "";
    for (; fl->name; fl++) {
        uint64_t x = field64(v, fl->hi, fl->lo);
        if (fl->hi == fl->lo) {
            if (x)
                fprintf(f, "%s%s", sep, fl->name), sep = " ";
        } else if (fl->kind == FIELD_ADDRESS) {
            fprintf(f, "%s%s=0x%" PRIx64, sep, fl->name, x << fl->lo), sep = " ";
        } else if (x || fl->kind != FIELD_QUIET) {
            fprintf(f, "%s%s=0x%" PRIx64, sep, fl->name, x), sep = " ";
        }
    }
    if (!*sep)
        fputs("(no field set)", f);
}

/* SPSR_ELx (AArch64 format): NZCV, SS, IL, DAIF, M[3:0]. */
static void print_spsr(FILE *f, uint64_t v)
{
    static const char *const modes[16] = { [0] = "EL0t", [4] = "EL1t", [5] = "EL1h", [8] = "EL2t", [9] = "EL2h",
                                           [12] = "EL3t", [13] = "EL3h" };
    unsigned m = (unsigned)v & 15;
    fprintf(f, "M=%s%s %c%c%c%c DAIF=%c%c%c%c%s%s", modes[m] ? modes[m] : "reserved", (v >> 4) & 1 ? " (AArch32!)" : "",
            (v >> 31) & 1 ? 'N' : 'n', (v >> 30) & 1 ? 'Z' : 'z', (v >> 29) & 1 ? 'C' : 'c', (v >> 28) & 1 ? 'V' : 'v',
            (v >> 9) & 1 ? 'D' : '-', (v >> 8) & 1 ? 'A' : '-', (v >> 7) & 1 ? 'I' : '-', (v >> 6) & 1 ? 'F' : '-',
            (v >> 21) & 1 ? " SS" : "", (v >> 20) & 1 ? " IL" : "");
}

/* MAIR_ELx: the eight attributes. */
static void print_mair(FILE *f, uint64_t v)
{
    for (unsigned n = 0; n < 8; n++) {
        char buf[48];
        fprintf(f, "%sAttr%u=0x%02x (%s)", n ? " " : "", n, (unsigned)(v >> (8 * n)) & 0xff,
                inspect_mair_name((uint8_t)(v >> (8 * n)), buf, sizeof(buf)));
    }
}

/* ICH_LR<n>_EL2. */
void inspect_print_lr(FILE *f, uint64_t lr)
{
    static const char *const states[4] = { "invalid", "pending", "active", "pending+active" };
    bool hw = (lr >> 61) & 1;
    if (!(lr >> 62) && (hw || !((lr >> 41) & 1))) {
        fputs("empty", f);
        return;
    }
    fprintf(f, "vINTID %" PRIu64 ", %s, %s, Group%u, priority 0x%02x", field64(lr, 31, 0), states[lr >> 62],
            hw ? "HW" : "SW", (unsigned)(lr >> 60) & 1, (unsigned)field64(lr, 55, 48));
    if (hw)
        fprintf(f, ", pINTID %" PRIu64, field64(lr, 41, 32));
    else if ((lr >> 41) & 1)
        fputs(", EOI (maintenance on deactivation)", f);
}

bool inspect_decode_sysreg(FILE *f, const char *name, uint64_t value)
{
    if (fnmatch("ESR_EL[123]", name, FNM_CASEFOLD) == 0) {
        char buf[256];
        fputs(inspect_esr_fields(buf, sizeof(buf), value), f);
        return true;
    }
    if (fnmatch("SPSR_EL[123]", name, FNM_CASEFOLD) == 0) {
        print_spsr(f, value);
        return true;
    }
    if (fnmatch("MAIR_EL[123]", name, FNM_CASEFOLD) == 0) {
        print_mair(f, value);
        return true;
    }
    if (fnmatch("ICH_LR[0-9]*_EL2", name, FNM_CASEFOLD) == 0) {
        inspect_print_lr(f, value);
        return true;
    }
    for (size_t n = 0; n < sizeof(decoded) / sizeof(decoded[0]); n++)
        if (fnmatch(decoded[n].pattern, name, FNM_CASEFOLD) == 0) {
            print_fields(f, decoded[n].fields, value);
            return true;
        }
    return false;
}

struct sysreg_print {
    FILE *f;
    struct cpu *c;
    const char *glob;
    unsigned matched;
};

static void print_one(const struct sysreg_info *r, void *arg)
{
    struct sysreg_print *p = arg;
    if (fnmatch(p->glob, r->name, FNM_CASEFOLD) != 0)
        return;
    p->matched++;
    uint64_t v;
    if (!inspect_sysreg_read(p->c, r, &v)) {
        fprintf(p->f, "%-16s (not read: %s)\n", r->name,
                r->flags & SYSREG_WO ? "write-only" : "reading it acknowledges an interrupt");
        return;
    }
    fprintf(p->f, "%-16s 0x%016" PRIx64, r->name, v);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        bool any = inspect_decode_sysreg(mem, r->name, v);
        fclose(mem);
        if (any && text)
            fprintf(p->f, "  %s", text);
        free(text);
    }
    fputc('\n', p->f);
}

int inspect_sysreg(FILE *f, struct machine *m, unsigned core, const char *name_or_glob)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c)
        return -1;
    struct sysreg_print p = { f, c, name_or_glob, 0 };
    inspect_sysreg_for_each(print_one, &p);
    if (!p.matched) {
        fprintf(f, "no system register is named '%s'\n", name_or_glob);
        return -1;
    }
    return 0;
}

/* ---- exception syndromes ---- */

static const char *const fsc_names[64] = {
    [0x00] = "address size fault, level 0",  [0x01] = "address size fault, level 1",
    [0x02] = "address size fault, level 2",  [0x03] = "address size fault, level 3",
    [0x04] = "translation fault, level 0",   [0x05] = "translation fault, level 1",
    [0x06] = "translation fault, level 2",   [0x07] = "translation fault, level 3",
    [0x09] = "access flag fault, level 1",   [0x0a] = "access flag fault, level 2",
    [0x0b] = "access flag fault, level 3",   [0x0d] = "permission fault, level 1",
    [0x0e] = "permission fault, level 2",    [0x0f] = "permission fault, level 3",
    [0x10] = "synchronous external abort",   [0x14] = "external abort on walk, level 0",
    [0x15] = "external abort on walk, level 1", [0x16] = "external abort on walk, level 2",
    [0x17] = "external abort on walk, level 3", [0x18] = "parity/ECC error",
    [0x21] = "alignment fault",              [0x30] = "TLB conflict abort",
};

const char *inspect_fsc_name(unsigned fsc)
{
    return fsc < 64 && fsc_names[fsc] ? fsc_names[fsc] : "reserved FSC";
}

/* Append to buf at *pos (never past len). */
static void add(char *buf, size_t len, size_t *pos, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
    if (*pos >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
    va_end(ap);
    if (n > 0)
        *pos += (size_t)n < len - *pos ? (size_t)n : len - *pos - 1;
}

char *inspect_esr_fields(char *buf, size_t len, uint64_t esr)
{
    size_t pos = 0;
    if (!len)
        return buf;
    buf[0] = 0;
    unsigned ec = (unsigned)field64(esr, 31, 26);
    uint32_t iss = (uint32_t)field64(esr, 24, 0);
    add(buf, len, &pos, "EC 0x%02x %s", ec, ec_label(ec));
    switch (ec) {
    case EC_SVC64:
    case EC_HVC64:
    case EC_SMC64:
    case EC_BRK64:
        add(buf, len, &pos, " #0x%x", iss & 0xffff);
        break;
    case EC_WFX:
        add(buf, len, &pos, " %s", iss & 1 ? "WFE" : "WFI");
        break;
    case EC_SYSREG: {
        unsigned op0 = (unsigned)field64(iss, 21, 20), op2 = (unsigned)field64(iss, 19, 17), op1 = (unsigned)field64(iss, 16, 14);
        unsigned crn = (unsigned)field64(iss, 13, 10), rt = (unsigned)field64(iss, 9, 5), crm = (unsigned)field64(iss, 4, 1);
        bool read = iss & 1;
        const struct sysreg_info *r = sysreg_lookup(SYSREG_KEY(op0, op1, crn, crm, op2));
        char enc[40];
        snprintf(enc, sizeof(enc), "S%u_%u_C%u_C%u_%u", op0, op1, crn, crm, op2);
        const char *reg = r ? r->name : enc;
        if (op0 == 1)
            add(buf, len, &pos, " %s %s, x%u", read ? "SYSL" : "SYS", reg, rt);
        else if (read)
            add(buf, len, &pos, " MRS x%u, %s", rt, reg);
        else
            add(buf, len, &pos, " MSR %s, x%u", reg, rt);
        break;
    }
    case EC_IABORT_LOWER:
    case EC_IABORT_SAME:
    case EC_DABORT_LOWER:
    case EC_DABORT_SAME: {
        bool data = ec == EC_DABORT_LOWER || ec == EC_DABORT_SAME;
        unsigned fsc = iss & 0x3f;
        if (data)
            add(buf, len, &pos, " %s,", (iss >> 6) & 1 ? "write" : "read");
        add(buf, len, &pos, " %s (%cFSC 0x%02x)", inspect_fsc_name(fsc), data ? 'D' : 'I', fsc);
        if ((iss >> 7) & 1)
            add(buf, len, &pos, " S1PTW");
        if ((iss >> 9) & 1)
            add(buf, len, &pos, " EA");
        if ((iss >> 10) & 1)
            add(buf, len, &pos, " FnV");
        if (data && (iss >> 8) & 1)
            add(buf, len, &pos, " CM");
        if (data && (iss >> 24) & 1) {
            unsigned sas = (unsigned)field64(iss, 23, 22), srt = (unsigned)field64(iss, 20, 16);
            add(buf, len, &pos, " ISV: %u-byte%s %s %c%u%s", 1u << sas, (iss >> 21) & 1 ? " sign-extended" : "",
                (iss >> 6) & 1 ? "from" : "to", (iss >> 15) & 1 ? 'x' : 'w', srt, (iss >> 14) & 1 ? " acquire/release" : "");
        }
        break;
    }
    case EC_SERROR:
        add(buf, len, &pos, " ISS 0x%07x", iss);
        break;
    default:
        if (iss)
            add(buf, len, &pos, " ISS 0x%07x", iss);
        break;
    }
    return buf;
}

/* Classes that write FAR_ELx. */
static bool writes_far(unsigned ec)
{
    return ec == EC_IABORT_LOWER || ec == EC_IABORT_SAME || ec == EC_DABORT_LOWER || ec == EC_DABORT_SAME ||
           ec == EC_PC_ALIGN || ec == EC_WATCHPOINT_LOWER || ec == EC_WATCHPOINT_SAME;
}

char *inspect_exception_summary(char *buf, size_t len, const struct inspect_exception *e)
{
    size_t pos = 0;
    if (!len)
        return buf;
    buf[0] = 0;
    if (e->core >= 0)
        add(buf, len, &pos, "cpu%d: ", e->core);
    char fields[256];
    add(buf, len, &pos, "%s (ESR_EL%u 0x%08" PRIx64 ")", inspect_esr_fields(fields, sizeof(fields), e->esr), e->to_el,
        e->esr);
    unsigned ec = (unsigned)field64(e->esr, 31, 26);
    bool fnv = (e->esr >> 10) & 1;
    if (writes_far(ec) && !((ec & ~5u) == EC_IABORT_LOWER && fnv))
        add(buf, len, &pos, " FAR 0x%" PRIx64, e->far);
    bool abort = ec == EC_IABORT_LOWER || ec == EC_DABORT_LOWER;
    if (e->to_el == EL2 && abort) {
        uint64_t ipa = field64(e->hpfar, 39, 4) << 12 | (e->far & 0xfff);
        add(buf, len, &pos, " HPFAR 0x%" PRIx64 " (IPA 0x%" PRIx64 ")", e->hpfar, ipa);
    }
    add(buf, len, &pos, ", EL%u -> EL%u at pc 0x%" PRIx64, e->from_el, e->to_el, e->from_pc);
    if (e->from_el < EL2)
        add(buf, len, &pos, ", VMID %u", e->vmid);
    return buf;
}

char *inspect_last_exception_summary(char *buf, size_t len, struct cpu *c, unsigned el)
{
    if (el < 1 || el > 3)
        el = 1;
    struct inspect_exception e = {
        .esr = el == 1 ? c->sr.esr_el1 : el == 2 ? c->sr.esr_el2 : c->sr.esr_el3,
        .far = el == 1 ? c->sr.far_el1 : el == 2 ? c->sr.far_el2 : c->sr.far_el3,
        .hpfar = c->sr.hpfar_el2,
        .from_pc = c->elr_el[el],
        .from_el = (unsigned)(c->spsr_el[el] >> 2) & 3,
        .to_el = el,
        .core = c->index,
    };
    bool s2 = el2_enabled(c) && (c->sr.hcr_el2 & (HCR_EL2_VM | HCR_EL2_DC));
    e.vmid = e.from_el < EL2 && s2 ? (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff : 0;
    return inspect_exception_summary(buf, len, &e);
}
