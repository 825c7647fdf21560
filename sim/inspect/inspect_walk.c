/* `translate` and `why`: the simulator's own walker (sim/mmu) run as a debug access with its walk
 * log, printed level by level, and the fault explained from the descriptor that caused it. */
#include <inttypes.h>
#include <string.h>

#include "cpu/exception.h"
#include "cpu/sysreg_bits.h"
#include "debug.h"
#include "inspect_internal.h"
#include "machine.h"
#include "mmu/mmu.h"

static uint64_t field64(uint64_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((hi - lo == 63) ? ~0ull : ((1ull << (hi - lo + 1)) - 1));
}

/* Bits [47:lo] of a descriptor: an output address. */
static uint64_t desc_oa(uint64_t desc, unsigned lo)
{
    return desc & (((1ull << 48) - 1) & ~((1ull << lo) - 1));
}

const char *inspect_mair_name(uint8_t attr, char *buf, size_t len)
{
    static const char *const device[4] = { "Device-nGnRnE", "Device-nGnRE", "Device-nGRE", "Device-GRE" };
    if ((attr & 0xf0) == 0) {
        snprintf(buf, len, "%s", (attr & 3) ? "Device (UNPREDICTABLE)" : device[(attr >> 2) & 3]);
        return buf;
    }
    char nib[2][8];
    for (int n = 0; n < 2; n++) {
        unsigned v = n == 0 ? attr >> 4 : attr & 15;
        const char *type = v == 4 ? "NC" : (v >> 2) == 0 || (v >> 2) == 2 ? "WT" : "WB";
        snprintf(nib[n], sizeof(nib[n]), "%s%s", type, v != 4 && (v >> 3) == 0 ? "t" : "");
    }
    snprintf(buf, len, "Normal o%s i%s", nib[0], nib[1]);
    return buf;
}

const char *inspect_sh_name(unsigned sh)
{
    static const char *const names[4] = { "non-shareable", "reserved-SH", "outer-shareable", "inner-shareable" };
    return names[sh & 3];
}

/* Stage 2's MemAttr[3:0]. */
static const char *s2_memattr_name(unsigned memattr, char *buf, size_t len)
{
    static const char *const device[4] = { "Device-nGnRnE", "Device-nGnRE", "Device-nGRE", "Device-GRE" };
    static const char *const cache[4] = { "?", "NC", "WT", "WB" };
    if ((memattr & 0xc) == 0)
        snprintf(buf, len, "%s", device[memattr & 3]);
    else
        snprintf(buf, len, "Normal o%s i%s", cache[memattr >> 2], (memattr & 3) ? cache[memattr & 3] : "?");
    return buf;
}

/* Stage-1 AP[2:1]: what EL1 (or the one privilege level of EL2/EL3) and EL0 may do. */
static const char *s1_ap_name(unsigned ap, bool two_levels)
{
    static const char *const el10[4] = { "EL1 RW, EL0 none", "EL1 RW, EL0 RW", "EL1 RO, EL0 none", "EL1 RO, EL0 RO" };
    static const char *const one[4] = { "RW", "RW (AP[1] ignored)", "RO", "RO (AP[1] ignored)" };
    return two_levels ? el10[ap & 3] : one[ap & 3];
}

static const char *s2ap_name(unsigned s2ap)
{
    static const char *const names[4] = { "none", "RO", "WO", "RW" };
    return names[s2ap & 3];
}

unsigned inspect_level_lsb(unsigned grain, int level)
{
    return grain + (unsigned)(3 - level) * (grain - 3);
}

enum inspect_desc_kind inspect_desc_kind(uint64_t desc, int level, unsigned grain)
{
    if (!(desc & 1))
        return DESC_INVALID;
    if (desc & 2)
        return level == 3 ? DESC_PAGE : DESC_TABLE;
    if (level == 3)
        return DESC_RESERVED;
    if (level == 0 || (grain == 16 && level == 1))
        return DESC_BLOCK_NOT_HERE;
    return DESC_BLOCK;
}

void inspect_describe_leaf(FILE *f, uint64_t desc, bool stage2, bool two_levels, uint64_t mair)
{
    char buf[48];
    if (stage2) {
        fprintf(f, "MemAttr 0x%x (%s), S2AP %s, %s%s%s", (unsigned)field64(desc, 5, 2),
                s2_memattr_name((unsigned)field64(desc, 5, 2), buf, sizeof(buf)), s2ap_name((unsigned)field64(desc, 7, 6)),
                inspect_sh_name((unsigned)field64(desc, 9, 8)), (desc >> 10) & 1 ? ", AF" : ", AF=0",
                (desc >> 54) & 1 ? ", XN" : "");
    } else {
        unsigned idx = (unsigned)field64(desc, 4, 2);
        fprintf(f, "AttrIndx %u (%s), AP %u%u (%s), %s%s%s%s%s%s", idx,
                inspect_mair_name((uint8_t)(mair >> (8 * idx)), buf, sizeof(buf)), (unsigned)(desc >> 7) & 1,
                (unsigned)(desc >> 6) & 1, s1_ap_name((unsigned)field64(desc, 7, 6), two_levels),
                inspect_sh_name((unsigned)field64(desc, 9, 8)), (desc >> 10) & 1 ? ", AF" : ", AF=0",
                (desc >> 11) & 1 ? ", nG" : "", (desc >> 5) & 1 ? ", NS" : "",
                (desc >> 53) & 1 ? (two_levels ? ", PXN" : "") : "", (desc >> 54) & 1 ? (two_levels ? ", UXN" : ", XN") : "");
    }
    if ((desc >> 52) & 1)
        fputs(", contiguous", f);
}

/* One descriptor fetch of the log. */
static void print_desc_step(FILE *f, const struct mmu_walk_step *s, int start_level, const char *indent,
                            bool two_levels, uint64_t mair)
{
    unsigned lsb = inspect_level_lsb(s->grain, s->level);
    unsigned msb = s->level == start_level ? s->inputsize - 1u : lsb + s->grain - 4;
    uint64_t index = field64(s->ia, msb, lsb);
    fprintf(f, "%sL%d[%" PRIu64 "] at %s 0x%" PRIx64, indent, s->level, index, s->table != s->pa ? "IPA" : "PA",
            s->table);
    if (s->table != s->pa)
        fprintf(f, " (PA 0x%" PRIx64 ")", s->pa);
    fprintf(f, " = 0x%016" PRIx64 ": ", s->desc);
    switch (inspect_desc_kind(s->desc, s->level, s->grain)) {
    case DESC_INVALID:
        fputs("invalid (bit 0 = 0)\n", f);
        return;
    case DESC_RESERVED:
        fputs("reserved (bits[1:0] = 01 at level 3)\n", f);
        return;
    case DESC_BLOCK_NOT_HERE:
        fprintf(f, "a block descriptor, which level %d of a %uK granule does not allow\n", s->level,
                1u << (s->grain - 10));
        return;
    case DESC_TABLE:
        fprintf(f, "table at 0x%" PRIx64, desc_oa(s->desc, s->grain));
        if (!s->stage2 && (s->desc >> 59)) {
            fprintf(f, " (%s%s%s%s%s)", (s->desc >> 63) & 1 ? " NSTable" : "", (s->desc >> 62) & 1 ? " APTable[1]=RO" : "",
                    (s->desc >> 61) & 1 ? " APTable[0]=no-EL0" : "", (s->desc >> 60) & 1 ? " UXNTable" : "",
                    (s->desc >> 59) & 1 ? " PXNTable" : "");
        }
        fputc('\n', f);
        return;
    case DESC_BLOCK:
    case DESC_PAGE: {
        char size[24];
        fprintf(f, "%s of %s -> 0x%" PRIx64 ", ", s->level == 3 ? "page" : "block",
                inspect_size_name(1ull << lsb, size), desc_oa(s->desc, lsb));
        inspect_describe_leaf(f, s->desc, s->stage2, two_levels, mair);
        fputc('\n', f);
        return;
    }
    }
}

const char *inspect_size_name(uint64_t size, char buf[24])
{
    static const char *const units[4] = { "B", "KiB", "MiB", "GiB" };
    unsigned u = 0;
    while (u < 3 && size >= 1024 && !(size & 1023))
        size >>= 10, u++;
    snprintf(buf, 24, "%" PRIu64 " %s", size, units[u]);
    return buf;
}

/* The regime a translate/why works in: which mmu_idx, whether stage 2 is walked. */
struct walk_setup {
    enum mmu_idx idx;
    bool stage2_only;      /* INSPECT_IPA */
    bool stage1_only;
    bool two_levels;       /* EL1&0: EL1 and EL0 permissions */
    uint64_t mair, sctlr;  /* the regime's */
};

/* INSPECT_CURRENT as the regime of the core's EL. */
static enum inspect_regime resolve_regime(const struct cpu *c, enum inspect_regime r)
{
    if (r != INSPECT_CURRENT)
        return r;
    static const enum inspect_regime by_el[4] = { INSPECT_EL0, INSPECT_EL1, INSPECT_EL2, INSPECT_EL3 };
    return by_el[c->pstate.el & 3];
}

static struct walk_setup setup_for(const struct cpu *c, enum inspect_regime r)
{
    struct walk_setup w = { .idx = MMU_EL1, .two_levels = true, .mair = c->sr.mair_el1, .sctlr = c->sr.sctlr_el1 };
    switch (resolve_regime(c, r)) {
    case INSPECT_EL0: w.idx = MMU_EL0; break;
    case INSPECT_EL1_S1: w.stage1_only = true; break;
    case INSPECT_EL2: w.idx = MMU_EL2; w.two_levels = false; w.mair = c->sr.mair_el2; w.sctlr = c->sr.sctlr_el2; break;
    case INSPECT_EL3: w.idx = MMU_EL3; w.two_levels = false; w.mair = c->sr.mair_el3; w.sctlr = c->sr.sctlr_el3; break;
    case INSPECT_IPA: w.stage2_only = true; break;
    default: break;
    }
    return w;
}

static bool stage2_on(const struct cpu *c)
{
    return el2_enabled(c) && (c->sr.hcr_el2 & (HCR_EL2_VM | HCR_EL2_DC));
}

/* A debug walk with its log (no cycles, no statistics, no TLB). */
static void logged_walk(struct cpu *c, const struct walk_setup *w, uint64_t va, enum mmu_access acc,
                        struct translation *t, struct mmu_walk_log *log);

void inspect_debug_walk(struct cpu *c, enum inspect_regime r, uint64_t va, int acc, struct translation *t,
                        struct mmu_walk_log *log)
{
    struct walk_setup w = setup_for(c, r);
    logged_walk(c, &w, va, (enum mmu_access)acc, t, log);
}

static void logged_walk(struct cpu *c, const struct walk_setup *w, uint64_t va, enum mmu_access acc,
                        struct translation *t, struct mmu_walk_log *log)
{
    bool was = c->debug_access;
    struct mmu_walk_log *old = c->walk_log;
    if (log)
        log->count = 0;
    c->debug_access = true;
    c->walk_log = log;
    if (w->stage2_only)
        mmu_walk_stage2(c, va, acc, t);
    else
        mmu_walk(c, w->idx, va, acc, w->stage1_only, t);
    c->walk_log = old;
    c->debug_access = was;
}

/* Print the log: stage-1 steps at one indent, the stage-2 walks inside them one deeper. */
static void print_log(FILE *f, const struct cpu *c, const struct mmu_walk_log *log, const struct walk_setup *w)
{
    int start[2] = { 0, 0 };
    bool in_s1 = false;
    for (unsigned n = 0; n < log->count; n++) {
        const struct mmu_walk_step *s = &log->step[n];
        const char *indent = s->stage2 && in_s1 ? "      " : "    ";
        switch (s->kind) {
        case MMU_WALK_START:
            start[s->stage2] = s->level;
            if (!s->stage2) {
                in_s1 = true;
                bool upper = w->idx <= MMU_EL1 && ((s->ia >> 55) & 1);
                const char *ttbr = w->idx <= MMU_EL1 ? (upper ? "TTBR1_EL1" : "TTBR0_EL1")
                                   : w->idx == MMU_EL2 ? "TTBR0_EL2" : "TTBR0_EL3";
                fprintf(f, "  stage 1 of VA 0x%016" PRIx64 ": %s table at 0x%" PRIx64 ", %uK granule, %u-bit input, "
                           "start level %d\n",
                        s->ia, ttbr, s->table, 1u << (s->grain - 10), s->inputsize, s->level);
            } else {
                fprintf(f, "%sstage 2 of IPA 0x%" PRIx64 ": VTTBR_EL2 table at 0x%" PRIx64 " (VMID %u), %uK granule, "
                           "%u-bit input, start level %d\n",
                        in_s1 ? "    " : "  ", s->ia, s->table, (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff,
                        1u << (s->grain - 10), s->inputsize, s->level);
            }
            break;
        case MMU_WALK_DESC:
            print_desc_step(f, s, start[s->stage2], indent, !s->stage2 && w->two_levels, w->mair);
            if (!s->stage2 && inspect_desc_kind(s->desc, s->level, s->grain) >= DESC_BLOCK)
                in_s1 = false; /* what follows is the stage-2 walk of the output */
            break;
        case MMU_WALK_NO_MEMORY:
            fprintf(f, "%sL%d descriptor at PA 0x%" PRIx64 ": no RAM there (external abort on the walk)\n", indent,
                    s->level, s->pa);
            break;
        case MMU_WALK_S2_FAULT:
            fprintf(f, "%sL%d descriptor at IPA 0x%" PRIx64 ": its stage-2 translation faults (S1PTW)\n", indent,
                    s->level, s->table);
            break;
        }
    }
    if (log->count == MMU_WALK_LOG_MAX)
        fputs("    (walk log full: later steps not shown)\n", f);
}

/* The registers an abort of this translation would write, as the hardware reports it. */
struct abort_report {
    unsigned el;
    uint64_t esr, far, hpfar;
    bool hpfar_valid;
};

static struct abort_report abort_for(const struct cpu *c, const struct walk_setup *w, const struct translation *t,
                                     uint64_t va, enum mmu_access acc)
{
    struct abort_report r = { 0 };
    bool lower;   /* taken from a lower EL than its target */
    if (t->stage2 || w->stage2_only) {
        r.el = EL2;
        lower = true;
        r.hpfar_valid = true;
        r.hpfar = (t->ipa >> 12) << 4;
    } else if (w->idx <= MMU_EL1) {
        r.el = w->idx == MMU_EL0 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_TGE) ? EL2 : EL1;
        lower = w->idx == MMU_EL0;
    } else {
        r.el = w->idx == MMU_EL2 ? EL2 : EL3;
        lower = false;
    }
    unsigned ec = acc == MMU_FETCH ? (lower ? EC_IABORT_LOWER : EC_IABORT_SAME)
                                   : (lower ? EC_DABORT_LOWER : EC_DABORT_SAME);
    uint64_t iss = t->fsc & 0x3f;
    if (t->s1ptw)
        iss |= 1u << 7;
    if (acc == MMU_WRITE && !t->s1ptw)
        iss |= 1u << 6;
    r.esr = (uint64_t)ec << 26 | 1u << 25 | iss;
    r.far = va;
    return r;
}

static void print_permissions(FILE *f, struct cpu *c, const struct walk_setup *w, uint64_t va)
{
    static const enum mmu_access accs[3] = { MMU_READ, MMU_WRITE, MMU_FETCH };
    static const char letters[3] = { 'r', 'w', 'x' };
    fputs("  permissions:", f);
    for (int lvl = 0; lvl < (w->two_levels && !w->stage2_only ? 2 : 1); lvl++) {
        struct walk_setup p = *w;
        if (w->two_levels && !w->stage2_only)
            p.idx = lvl == 0 ? MMU_EL1 : MMU_EL0;
        if (w->two_levels && !w->stage2_only)
            fprintf(f, " EL%u ", lvl == 0 ? 1 : 0);
        else
            fputc(' ', f);
        for (int a = 0; a < 3; a++) {
            struct translation t;
            logged_walk(c, &p, va, accs[a], &t, NULL);
            fputc(t.fault ? '-' : letters[a], f);
        }
    }
    fputc('\n', f);
}

/* The core whose registers hold the tables of vmid (-1: c itself), or NULL after a message. */
static struct cpu *core_for_vmid(FILE *f, struct machine *m, struct cpu *c, int vmid)
{
    if (vmid < 0 || (int)((c->sr.vttbr_el2 >> 48) & 0xff) == vmid)
        return c;
    for (unsigned n = 0; n < m->ncpus; n++)
        if ((int)((m->cpus[n]->sr.vttbr_el2 >> 48) & 0xff) == vmid) {
            fprintf(f, "VMID %d is loaded on cpu%u: its registers are used\n", vmid, n);
            return m->cpus[n];
        }
    fprintf(f, "VMID %d is not loaded on any core (cpu%d's VTTBR_EL2.VMID is %u): only its hypervisor knows its tables\n",
            vmid, c->index, (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff);
    return NULL;
}

int inspect_translate(FILE *f, struct machine *m, unsigned core, uint64_t va, enum inspect_regime regime, int vmid)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c || !(c = core_for_vmid(f, m, c, vmid)))
        return -1;
    struct walk_setup w = setup_for(c, regime);
    if (w.stage2_only && !stage2_on(c))
        fputs("note: stage 2 is off (HCR_EL2.VM = 0); walking VTTBR_EL2's tables as configured\n", f);
    struct mmu_walk_log log;
    struct translation t;
    logged_walk(c, &w, va, MMU_READ, &t, &log);
    fprintf(f, "translate 0x%016" PRIx64 " on cpu%d in %s", va, c->index, inspect_regime_name(resolve_regime(c, regime)));
    if (w.idx <= MMU_EL1)
        fprintf(f, ", VMID %u, ASID %u, stage 2 %s", stage2_on(c) || w.stage2_only ? (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff : 0,
                cpu_current_asid(c), stage2_on(c) || w.stage2_only ? "on" : "off");
    fputc('\n', f);
    bool s1_walked = false;
    for (unsigned n = 0; n < log.count; n++)
        s1_walked |= log.step[n].kind == MMU_WALK_START && !log.step[n].stage2;
    if (!s1_walked && !w.stage2_only && !t.fault)
        fprintf(f, "  stage 1 is off (SCTLR_EL%u.M = 0%s): the %s is the VA\n", w.idx <= MMU_EL1 ? 1 : (unsigned)w.idx,
                w.idx <= MMU_EL1 ? " or HCR_EL2.DC" : "", w.idx <= MMU_EL1 && stage2_on(c) ? "IPA" : "PA");
    print_log(f, c, &log, &w);
    if (!t.fault) {
        char buf[48];
        fprintf(f, "  => %s 0x%" PRIx64 ", %s, %s%s\n", w.stage1_only && stage2_on(c) ? "IPA" : "PA", t.pa,
                inspect_mair_name(t.attr, buf, sizeof(buf)), inspect_sh_name(t.sh), t.ns ? ", Non-secure" : ", Secure");
        print_permissions(f, c, &w, va);
        return 0;
    }
    struct abort_report r = abort_for(c, &w, &t, va, MMU_READ);
    fprintf(f, "  => %s %s%s\n", t.stage2 ? "stage-2" : "stage-1", inspect_fsc_name(t.fsc),
            t.s1ptw ? ", on the stage-1 walk (S1PTW)" : "");
    fprintf(f, "  a read would report ESR_EL%u 0x%08" PRIx64 " (%s, FSC 0x%02x%s), FAR_EL%u 0x%" PRIx64, r.el, r.esr,
            ec_label((unsigned)(r.esr >> 26)), (unsigned)(r.esr & 0x3f), t.s1ptw ? ", S1PTW" : "", r.el, r.far);
    if (r.hpfar_valid)
        fprintf(f, ", HPFAR_EL2 0x%" PRIx64 " (IPA 0x%" PRIx64 ")", r.hpfar, t.ipa & ~(uint64_t)0xfff);
    fputc('\n', f);
    print_permissions(f, c, &w, va);
    return 0;
}

/* ---- why ---- */

/* The last record of a stage in the log (the descriptor the walk stopped at), or NULL. */
static const struct mmu_walk_step *last_step(const struct mmu_walk_log *log, bool stage2, int kind)
{
    for (unsigned n = log->count; n-- > 0;)
        if (log->step[n].stage2 == stage2 && (kind < 0 || log->step[n].kind == kind))
            return &log->step[n];
    return NULL;
}

/* Explain a translation or access flag or address size fault from the descriptor at its level. */
static void explain_descriptor(FILE *f, const struct mmu_walk_step *s, uint32_t fsc)
{
    const char *stage = s->stage2 ? "stage-2" : "stage-1";
    fprintf(f, "  the %s L%d descriptor at %s 0x%" PRIx64 " is 0x%016" PRIx64 ": ", stage, s->level,
            s->table != s->pa ? "IPA" : "PA", s->table, s->desc);
    switch (fsc & 0x3c) {
    case FSC_TRANSLATION_L0:
        switch (inspect_desc_kind(s->desc, s->level, s->grain)) {
        case DESC_INVALID: fputs("bit 0 (valid) is 0\n", f); return;
        case DESC_RESERVED: fputs("bits[1:0] = 01 at level 3 is reserved\n", f); return;
        case DESC_BLOCK_NOT_HERE:
            fprintf(f, "a block (bits[1:0] = 01) at level %d, where a %uK granule has none\n", s->level,
                    1u << (s->grain - 10));
            return;
        default: fputs("valid now (the tables changed since the fault, or a TLB entry was stale)\n", f); return;
        }
    case FSC_ACCESS_FLAG_L0:
        if ((s->desc >> 10) & 1)
            fputs("AF (bit 10) is set now (the tables changed since the fault)\n", f);
        else
            fputs("AF (bit 10) is 0; ARMv8.0 has no hardware Access flag update: software must set it\n", f);
        return;
    case FSC_ADDR_SIZE_L0:
        fprintf(f, "its output address 0x%" PRIx64 " has bits set above the %s size (bits[47:%u])\n",
                desc_oa(s->desc, s->grain), s->stage2 ? "VTCR_EL2.PS" : "TCR (I)PS", s->grain);
        return;
    }
    fputc('\n', f);
}

/* Explain a permission fault from the leaf descriptor and the access. */
static void explain_permission(FILE *f, const struct cpu *c, const struct walk_setup *w,
                               const struct mmu_walk_log *log, const struct mmu_walk_step *leaf, enum mmu_access acc,
                               bool s1ptw)
{
    bool el0 = w->idx == MMU_EL0, two_levels = w->two_levels && !leaf->stage2;
    const char *what = acc == MMU_FETCH ? "an instruction fetch" : acc == MMU_WRITE ? "a write" : "a read";
    uint64_t d = leaf->desc;
    fprintf(f, "  the %s L%d descriptor at %s 0x%" PRIx64 " is 0x%016" PRIx64 ": ", leaf->stage2 ? "stage-2" : "stage-1",
            leaf->level, leaf->table != leaf->pa ? "IPA" : "PA", leaf->table, d);
    if (leaf->stage2) {
        unsigned s2ap = (unsigned)field64(d, 7, 6);
        if (s1ptw) {
            if (!(s2ap & 1))
                fprintf(f, "S2AP = %s, bit 6 (S2AP[0], read) is 0: the stage-1 walk must read its tables\n",
                        s2ap_name(s2ap));
            else
                fputs("the stage-1 table is in Device memory and HCR_EL2.PTW is 1\n", f);
        } else if (acc == MMU_FETCH) {
            fprintf(f, "%s, for %s\n", (d >> 54) & 1 ? "bit 54 (XN) is 1" : "XN is 0 now (the tables changed)", what);
        } else if (acc == MMU_WRITE) {
            fprintf(f, "S2AP = %s: bit 7 (S2AP[1], write) is %u, for %s\n", s2ap_name(s2ap), s2ap >> 1, what);
        } else {
            fprintf(f, "S2AP = %s: bit 6 (S2AP[0], read) is %u, for %s\n", s2ap_name(s2ap), s2ap & 1, what);
        }
        return;
    }
    /* Stage 1: the leaf's AP/XN and the table attributes above it. */
    bool ap_ro = false, no_el0 = false, xn_t = false, pxn_t = false;
    for (unsigned n = 0; n < log->count; n++) {
        const struct mmu_walk_step *s = &log->step[n];
        if (s->stage2 || s->kind != MMU_WALK_DESC || inspect_desc_kind(s->desc, s->level, s->grain) != DESC_TABLE)
            continue;
        ap_ro |= (s->desc >> 62) & 1;
        no_el0 |= (s->desc >> 61) & 1;
        xn_t |= (s->desc >> 60) & 1;
        pxn_t |= (s->desc >> 59) & 1;
    }
    unsigned ap = (unsigned)field64(d, 7, 6);
    fprintf(f, "AP[2:1] = %u%u (%s)", ap >> 1, ap & 1, s1_ap_name(ap, two_levels));
    if (acc == MMU_FETCH) {
        bool wxn = (w->sctlr & SCTLR_WXN) != 0;
        if (two_levels)
            fprintf(f, ", %s = %u%s%s%s, for %s at EL%u\n", el0 ? "UXN (bit 54)" : "PXN (bit 53)",
                    (unsigned)(d >> (el0 ? 54 : 53)) & 1, (el0 ? xn_t : pxn_t) ? ", and a table above sets XNTable" : "",
                    wxn ? ", SCTLR_EL1.WXN makes writable memory execute-never" : "",
                    !el0 && ap == 1 ? ", and EL0-writable memory is never executable at EL1" : "", what, el0 ? 0 : 1);
        else
            fprintf(f, ", XN (bit 54) = %u%s%s, for %s\n", (unsigned)(d >> 54) & 1, xn_t ? ", XNTable above" : "",
                    wxn ? ", SCTLR.WXN makes writable memory execute-never" : "", what);
        return;
    }
    if (ap_ro || no_el0)
        fprintf(f, ", a table above sets%s%s", ap_ro ? " APTable[1] (read-only)" : "", no_el0 ? " APTable[0] (no EL0)" : "");
    fprintf(f, ", for %s at EL%u\n", what, el0 ? 0 : two_levels ? 1 : (unsigned)c->pstate.el);
}

static void explain_fault(FILE *f, struct cpu *c, const struct walk_setup *w, uint64_t addr, enum mmu_access acc,
                          uint32_t fsc, bool stage2, bool s1ptw)
{
    struct mmu_walk_log log;
    struct translation t;
    logged_walk(c, w, addr, acc, &t, &log);
    print_log(f, c, &log, w);
    if (!t.fault) {
        fprintf(f, "  the tables translate it now (to 0x%" PRIx64 "): they changed since the fault, or a TLB entry "
                   "was stale (a missing TLBI)\n",
                t.pa);
        return;
    }
    if ((t.fsc & 0x3f) != (fsc & 0x3f) || t.stage2 != stage2 || t.s1ptw != s1ptw)
        fprintf(f, "  note: a fresh walk now gives a %s %s%s, not the fault reported\n", t.stage2 ? "stage-2" : "stage-1",
                inspect_fsc_name(t.fsc), t.s1ptw ? " (S1PTW)" : "");
    const struct mmu_walk_step *leaf = last_step(&log, t.stage2, MMU_WALK_DESC);
    if ((t.fsc & 0x3c) == FSC_PERMISSION_L0) {
        if (leaf)
            explain_permission(f, c, w, &log, leaf, acc, t.s1ptw);
        return;
    }
    if ((t.fsc & 0x3c) == FSC_SYNC_EXTERNAL_WALK_L0) {
        fputs("  the walk reached a physical address with no RAM\n", f);
        return;
    }
    /* A level-0 fault with no descriptor read: the address is outside what the regime translates. */
    bool read_at_level = leaf && leaf->level == (int)(t.fsc & 3);
    if (!read_at_level) {
        const struct mmu_walk_step *start = last_step(&log, t.stage2, MMU_WALK_START);
        if (t.stage2)
            fprintf(f, "  the IPA is outside the %u-bit input range of VTCR_EL2.T0SZ, or VTCR_EL2 is inconsistent "
                       "(SL0/T0SZ)\n",
                    start ? start->inputsize : 64 - (unsigned)field64(c->sr.vtcr_el2, 5, 0));
        else if (w->idx <= MMU_EL1 && ((addr >> 55) & 1))
            fputs("  the VA is in the TTBR1 half: outside T1SZ's range, or TCR_EL1.EPD1 disables walks there\n", f);
        else
            fputs("  the VA is outside the range of T0SZ (TCR_ELx), or TCR_EL1.EPD0 disables walks there\n", f);
        return;
    }
    explain_descriptor(f, leaf, t.fsc);
}

static bool is_translation_fsc(uint32_t fsc)
{
    unsigned type = fsc & 0x3c;
    return fsc < 0x10 || type == FSC_SYNC_EXTERNAL_WALK_L0 || (type == FSC_ACCESS_FLAG_L0) ||
           type == FSC_PERMISSION_L0;
}

int inspect_why(FILE *f, struct machine *m, unsigned core, int el)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c)
        return -1;
    if (el < 0)
        el = c->pstate.el == EL0 ? EL1 : c->pstate.el;
    if (el < 1 || el > 3) {
        fprintf(f, "no EL%d: why reads ESR_EL1, ESR_EL2 or ESR_EL3\n", el);
        return -1;
    }
    uint64_t esr = el == 1 ? c->sr.esr_el1 : el == 2 ? c->sr.esr_el2 : c->sr.esr_el3;
    uint64_t far = el == 1 ? c->sr.far_el1 : el == 2 ? c->sr.far_el2 : c->sr.far_el3;
    unsigned from_el = (unsigned)(c->spsr_el[el] >> 2) & 3;
    struct inspect_exception e = { .esr = esr, .far = far, .hpfar = c->sr.hpfar_el2, .from_pc = c->elr_el[el],
                                   .from_el = from_el, .to_el = (unsigned)el, .core = c->index,
                                   .vmid = from_el < 2 && stage2_on(c) ? (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff : 0 };
    char line[320];
    fprintf(f, "%s\n", inspect_exception_summary(line, sizeof(line), &e));
    unsigned ec = (unsigned)(esr >> 26) & 63;
    bool iabort = ec == EC_IABORT_LOWER || ec == EC_IABORT_SAME;
    bool dabort = ec == EC_DABORT_LOWER || ec == EC_DABORT_SAME;
    if (!iabort && !dabort) {
        fputs("  not an instruction or data abort: nothing to explain from the translation tables\n", f);
        return 0;
    }
    uint32_t fsc = (uint32_t)esr & 0x3f;
    if (!is_translation_fsc(fsc)) {
        fprintf(f, "  FSC 0x%02x (%s) does not come from the translation tables\n", fsc, inspect_fsc_name(fsc));
        return 0;
    }
    if ((esr >> 10) & 1) {
        fputs("  FAR is not valid (ISS.FnV): the faulting address is unknown\n", f);
        return 0;
    }
    enum mmu_access acc = iabort ? MMU_FETCH : ((esr >> 6) & 1) && !((esr >> 7) & 1) ? MMU_WRITE : MMU_READ;
    bool lower = ec == EC_IABORT_LOWER || ec == EC_DABORT_LOWER;
    bool s1ptw = (esr >> 7) & 1;
    /* In ARMv8.0 an abort from EL0/EL1 taken to EL2 is a stage-2 fault (stage-1 faults go to EL1; with
     * HCR_EL2.TGE stage 1 of EL1&0 is off). */
    bool stage2 = el == 2 && lower && !(c->sr.hcr_el2 & HCR_EL2_TGE);
    struct walk_setup w = setup_for(c, el == 3 ? INSPECT_EL3 : el == 2 && !lower ? INSPECT_EL2
                                       : from_el == 0 ? INSPECT_EL0 : INSPECT_EL1);
    if (stage2 && !s1ptw) {
        uint64_t ipa = (field64(c->sr.hpfar_el2, 39, 4) << 12) | (far & 0xfff);
        fprintf(f, "  stage 2 of IPA 0x%" PRIx64 " (HPFAR_EL2 and FAR's page offset) for %s:\n", ipa,
                acc == MMU_FETCH ? "a fetch" : acc == MMU_WRITE ? "a write" : "a read");
        w = setup_for(c, INSPECT_IPA);
        explain_fault(f, c, &w, ipa, acc, fsc, true, false);
        return 0;
    }
    fprintf(f, "  %s of VA 0x%" PRIx64 " in the %s regime%s:\n", s1ptw ? "the stage-1 walk" : "stage 1", far,
            w.idx <= MMU_EL1 ? "EL1&0" : w.idx == MMU_EL2 ? "EL2" : "EL3",
            s1ptw ? " (a stage-2 fault on a descriptor fetch, IPA page in HPFAR_EL2)" : "");
    explain_fault(f, c, &w, far, acc, fsc, stage2, s1ptw);
    return 0;
}
