/* `info tlb`, `info s1` and `info s2`: the architectural TLB's entries (with a stale check against a
 * fresh walk), and the mappings of a regime found by walking its address space with the simulator's
 * walker: each walk's leaf (or the level where it stopped) says how far to go for the next one. */
#include <inttypes.h>
#include <string.h>

#include "cpu/sysreg_bits.h"
#include "inspect_internal.h"
#include "machine.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"

/* ---- info tlb ---- */

static const char *tlb_regime_name(unsigned r)
{
    static const char *const names[4] = { [TLB_EL10_NS] = "EL1&0", [TLB_EL10_S] = "EL1&0-S", [TLB_EL2] = "EL2",
                                          [TLB_EL3] = "EL3" };
    return r < 4 ? names[r] : "?";
}

/* The leaf descriptor of a stage in a walk log, or 0 when the walk did not reach one. */
static uint64_t leaf_of(const struct mmu_walk_log *log, bool stage2)
{
    for (unsigned n = log->count; n-- > 0;) {
        const struct mmu_walk_step *s = &log->step[n];
        if (s->stage2 != stage2 || s->kind == MMU_WALK_START)
            continue;
        if (s->kind != MMU_WALK_DESC)
            return 0;
        enum inspect_desc_kind k = inspect_desc_kind(s->desc, s->level, s->grain);
        return k == DESC_BLOCK || k == DESC_PAGE ? s->desc : 0;
    }
    return 0;
}

/* Is e made in the context the core's registers select now (so that a fresh walk can check it)? */
static bool entry_in_current_context(const struct cpu *c, const struct tlb_entry *e)
{
    if (e->regime == TLB_EL2 || e->regime == TLB_EL3)
        return true;
    bool ns = (c->sr.scr_el3 & SCR_EL3_NS) != 0;
    if ((e->regime == TLB_EL10_NS) != ns)
        return false;
    unsigned vmid = el2_enabled(c) ? (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff : 0;
    if (e->vmid != vmid)
        return false;
    uint64_t ttbr = (c->sr.tcr_el1 >> 22) & 1 ? c->sr.ttbr1_el1 : c->sr.ttbr0_el1;
    unsigned asid = (unsigned)(ttbr >> 48) & ((c->sr.tcr_el1 >> 36) & 1 ? 0xffff : 0xff);
    return e->global || e->asid == asid;
}

/* Compare an entry with a fresh walk: NULL when it agrees, else why it is stale. */
static const char *stale_reason(struct cpu *c, const struct tlb_entry *e)
{
    struct mmu_walk_log log;
    struct translation t;
    enum inspect_regime r = e->regime == TLB_EL2 ? INSPECT_EL2 : e->regime == TLB_EL3 ? INSPECT_EL3
                            : e->s1_on ? INSPECT_EL1 : INSPECT_IPA;
    inspect_debug_walk(c, r, e->va, MMU_READ, &t, &log);
    if (e->s1_on) {
        uint64_t d = leaf_of(&log, false);
        if (!d)
            return "the stage-1 walk now finds no mapping";
        if (d != e->s1_desc)
            return "the stage-1 leaf descriptor changed";
    }
    if (e->s2_on) {
        uint64_t d = leaf_of(&log, true);
        if (!d)
            return "the stage-2 walk now finds no mapping";
        if (d != e->s2_desc)
            return "the stage-2 leaf descriptor changed";
    }
    return NULL;
}

struct tlb_listing {
    FILE *f;
    struct cpu *c;
    int vmid, asid;
    bool check;
    unsigned shown, stale, unchecked;
};

static void list_entry(struct tlb_listing *l, const char *where, const struct tlb_entry *e)
{
    if (!e->valid || (l->vmid >= 0 && e->vmid != l->vmid) || (l->asid >= 0 && (e->global || e->asid != l->asid)))
        return;
    FILE *f = l->f;
    char size[24];
    l->shown++;
    fprintf(f, "  %-9s %-7s", where, tlb_regime_name(e->regime));
    if (e->regime <= TLB_EL10_S)
        fprintf(f, " VMID %3u", e->vmid);
    if (e->global)
        fputs(" global  ", f);
    else
        fprintf(f, " ASID %3u", e->asid);
    if (e->s1_on)
        fprintf(f, " VA 0x%016" PRIx64, e->va);
    else
        fprintf(f, " IPA 0x%015" PRIx64, e->va);
    if (e->s1_on && e->s2_on)
        fprintf(f, " -> IPA 0x%" PRIx64, e->ipa);
    fprintf(f, " -> PA 0x%" PRIx64 ", %s", e->s2_on ? e->pa : e->ipa, inspect_size_name(1ull << e->size_log2, size));
    if (e->s1_on)
        fprintf(f, ", s1 L%u", e->s1_level);
    if (e->s2_on)
        fprintf(f, ", s2 L%u", e->s2_level);
    if (l->check) {
        if (!entry_in_current_context(l->c, e)) {
            fputs("  (not checked: not the context loaded now)", f);
            l->unchecked++;
        } else {
            const char *why = stale_reason(l->c, e);
            if (why) {
                fprintf(f, "  STALE: %s (a TLBI is missing)", why);
                l->stale++;
            }
        }
    }
    fputc('\n', f);
}

int inspect_tlb(FILE *f, struct machine *m, unsigned core, int vmid, int asid, bool check_stale)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c)
        return -1;
    struct tlb *t = c->arch_tlb;
    struct tlb_listing l = { f, c, vmid, asid, check_stale, 0, 0, 0 };
    fprintf(f, "cpu%u TLB", core);
    if (vmid >= 0)
        fprintf(f, ", VMID %d", vmid);
    if (asid >= 0)
        fprintf(f, ", ASID %d (non-global entries)", asid);
    fputs(":\n", f);
    char where[16];
    for (unsigned n = 0; n < TLB_L1I_ENTRIES; n++) {
        snprintf(where, sizeof(where), "L1I[%u]", n);
        list_entry(&l, where, &t->l1i[n]);
    }
    for (unsigned n = 0; n < TLB_L1D_ENTRIES; n++) {
        snprintf(where, sizeof(where), "L1D[%u]", n);
        list_entry(&l, where, &t->l1d[n]);
    }
    for (unsigned s = 0; s < TLB_L2_SETS; s++)
        for (unsigned w = 0; w < TLB_L2_WAYS; w++) {
            snprintf(where, sizeof(where), "L2[%u.%u]", s, w);
            list_entry(&l, where, &t->l2[s][w]);
        }
    fprintf(f, "%u entr%s", l.shown, l.shown == 1 ? "y" : "ies");
    if (check_stale)
        fprintf(f, ", %u stale, %u not checked", l.stale, l.unchecked);
    fputc('\n', f);
    return 0;
}

/* ---- info s1 / info s2 ---- */

/* A run of mappings with the same attributes and contiguous output. */
struct map_range {
    bool open;
    uint64_t in_start, in_end;   /* [in_start, in_end] inclusive, so that a range may end at 2^64 - 1 */
    uint64_t out_start;
    uint64_t attrs;              /* the leaf descriptor without its output address */
    uint64_t table_bits;         /* stage 1: APTable/XNTable/PXNTable/NSTable above the leaf (bits 63:59) */
};

struct map_listing {
    FILE *f;
    bool stage2, two_levels;
    uint64_t mair;
    struct map_range r;
    unsigned ranges;
    bool s2_unreachable;         /* stage-1 tables that stage 2 does not map were skipped */
};

/* Descriptor bits that are not the output address: what two mappings must share to merge. */
#define OA_BITS (((1ull << 48) - 1) & ~0xfffull)

static void flush_range(struct map_listing *l)
{
    if (!l->r.open)
        return;
    const struct map_range *r = &l->r;
    char size[24];
    fprintf(l->f, "  0x%016" PRIx64 "-0x%016" PRIx64 " -> 0x%" PRIx64 " %9s  ", r->in_start, r->in_end, r->out_start,
            inspect_size_name(r->in_end - r->in_start + 1, size));
    inspect_describe_leaf(l->f, r->attrs, l->stage2, l->two_levels, l->mair);
    if (r->table_bits)
        fprintf(l->f, "%s%s%s%s", (r->table_bits >> 62) & 1 ? ", APTable RO" : "",
                (r->table_bits >> 61) & 1 ? ", APTable no-EL0" : "", (r->table_bits >> 60) & 1 ? ", XNTable" : "",
                (r->table_bits >> 59) & 1 ? ", PXNTable" : "");
    fputc('\n', l->f);
    l->ranges++;
    l->r.open = false;
}

static void add_mapping(struct map_listing *l, uint64_t in, uint64_t size, uint64_t out, uint64_t desc,
                        uint64_t table_bits)
{
    /* Neither the contiguous hint nor block-or-page changes what the mapping is. */
    uint64_t attrs = desc & ~OA_BITS & ~(1ull << 52) & ~2ull;
    struct map_range *r = &l->r;
    if (r->open && r->in_end + 1 == in && r->out_start + (in - r->in_start) == out && r->attrs == attrs &&
        r->table_bits == table_bits) {
        r->in_end = in + (size - 1);
        return;
    }
    flush_range(l);
    *r = (struct map_range){ true, in, in + (size - 1), out, attrs, table_bits };
}

/* Walk [start, end] of one translation (stage 1 of a regime, or stage 2), one walk per leaf or per
 * unmapped region at the level where the walk stopped. */
static void map_region(struct map_listing *l, struct cpu *c, enum inspect_regime regime, uint64_t start, uint64_t end)
{
    struct mmu_walk_log log;
    struct translation t;
    uint64_t addr = start;
    for (;;) {
        inspect_debug_walk(c, regime, addr, MMU_READ, &t, &log);
        /* The last record of the stage listed: a leaf, or where the walk stopped. */
        const struct mmu_walk_step *last = NULL;
        uint64_t table_bits = 0;
        for (unsigned n = 0; n < log.count; n++) {
            const struct mmu_walk_step *s = &log.step[n];
            if (s->stage2 != l->stage2 || s->kind == MMU_WALK_START)
                continue;
            last = s;
            if (!s->stage2 && s->kind == MMU_WALK_DESC && inspect_desc_kind(s->desc, s->level, s->grain) == DESC_TABLE)
                table_bits |= s->desc & (0x1full << 59);
        }
        uint64_t size;
        if (!last) {
            /* Nothing read: the address is outside what the tables translate (or the log is full). */
            flush_range(l);
            return;
        }
        /* A descriptor fetch that stage 2 refuses: the whole table it belongs to is unreachable. */
        int skip_level = last->kind == MMU_WALK_S2_FAULT && last->level > 0 ? last->level - 1 : last->level;
        size = 1ull << inspect_level_lsb(last->grain, skip_level);
        uint64_t base = addr & ~(size - 1);
        enum inspect_desc_kind k = last->kind == MMU_WALK_DESC ? inspect_desc_kind(last->desc, last->level, last->grain)
                                                               : DESC_INVALID;
        if (last->kind == MMU_WALK_S2_FAULT)
            l->s2_unreachable = true;
        if (k == DESC_BLOCK || k == DESC_PAGE) {
            uint64_t oa = last->desc & OA_BITS & ~(size - 1);
            add_mapping(l, base, size, oa, last->desc, table_bits);
        } else {
            flush_range(l);
        }
        uint64_t next = base + size;
        if (next == 0 || next - 1 >= end)
            break;
        addr = next;
    }
    flush_range(l);
}

/* The input size of a translation from the start record of a walk of addr (0 when nothing is walked). */
static unsigned input_bits(struct cpu *c, enum inspect_regime regime, uint64_t addr, bool stage2)
{
    struct mmu_walk_log log;
    struct translation t;
    inspect_debug_walk(c, regime, addr, MMU_READ, &t, &log);
    for (unsigned n = 0; n < log.count; n++)
        if (log.step[n].kind == MMU_WALK_START && log.step[n].stage2 == stage2)
            return log.step[n].inputsize;
    return 0;
}

int inspect_s2(FILE *f, struct machine *m, unsigned core, int vmid)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c)
        return -1;
    if (vmid >= 0 && (int)((c->sr.vttbr_el2 >> 48) & 0xff) != vmid) {
        struct cpu *other = NULL;
        for (unsigned n = 0; n < m->ncpus; n++)
            if ((int)((m->cpus[n]->sr.vttbr_el2 >> 48) & 0xff) == vmid)
                other = m->cpus[n];
        if (!other) {
            fprintf(f, "VMID %d is not loaded on any core (cpu%u's VTTBR_EL2.VMID is %u): only its hypervisor knows its "
                       "tables\n",
                    vmid, core, (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff);
            return -1;
        }
        c = other;
    }
    bool on = el2_enabled(c) && (c->sr.hcr_el2 & (HCR_EL2_VM | HCR_EL2_DC));
    fprintf(f, "cpu%d stage 2, VMID %u, VTTBR_EL2 0x%" PRIx64 ", VTCR_EL2 0x%" PRIx64 "%s:\n", c->index,
            (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff, c->sr.vttbr_el2, c->sr.vtcr_el2,
            on ? "" : " (stage 2 is off: HCR_EL2.VM = 0)");
    unsigned bits = input_bits(c, INSPECT_IPA, 0, true);
    if (!bits) {
        fputs("  VTCR_EL2 is inconsistent (SL0/T0SZ): nothing is walked\n", f);
        return 0;
    }
    struct map_listing l = { .f = f, .stage2 = true };
    map_region(&l, c, INSPECT_IPA, 0, (1ull << bits) - 1);
    if (!l.ranges)
        fputs("  no mapping\n", f);
    return 0;
}

int inspect_s1(FILE *f, struct machine *m, unsigned core, enum inspect_regime regime)
{
    struct cpu *c = inspect_core(f, m, core);
    if (!c)
        return -1;
    if (regime == INSPECT_CURRENT)
        regime = c->pstate.el <= EL1 ? INSPECT_EL1 : c->pstate.el == EL2 ? INSPECT_EL2 : INSPECT_EL3;
    if (regime == INSPECT_IPA) {
        fputs("info s1 lists stage 1: el1, el2 or el3 (info s2 lists stage 2)\n", f);
        return -1;
    }
    bool el10 = regime == INSPECT_EL0 || regime == INSPECT_EL1 || regime == INSPECT_EL1_S1;
    uint64_t sctlr = el10 ? c->sr.sctlr_el1 : regime == INSPECT_EL2 ? c->sr.sctlr_el2 : c->sr.sctlr_el3;
    struct map_listing l = { .f = f, .two_levels = el10,
                             .mair = el10 ? c->sr.mair_el1 : regime == INSPECT_EL2 ? c->sr.mair_el2 : c->sr.mair_el3 };
    const char *name = el10 ? "EL1&0" : regime == INSPECT_EL2 ? "EL2" : "EL3";
    if (!(sctlr & SCTLR_M) || (el10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_DC))) {
        fprintf(f, "cpu%u %s stage 1 is off (SCTLR.M = 0%s): VA = %s\n", core, name, el10 ? " or HCR_EL2.DC" : "",
                el10 ? "IPA" : "PA");
        return 0;
    }
    /* Stage 1 only: its output (an IPA under stage 2) is what the tables say. */
    enum inspect_regime walk = el10 ? INSPECT_EL1_S1 : regime;
    fprintf(f, "cpu%u %s stage 1 (output: %s):\n", core, name,
            el10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_VM) ? "IPA" : "PA");
    unsigned lo = input_bits(c, walk, 0, false);
    if (lo) {
        if (el10)
            fprintf(f, " TTBR0_EL1 0x%" PRIx64 ":\n", c->sr.ttbr0_el1);
        map_region(&l, c, walk, 0, (1ull << lo) - 1);
    }
    if (el10) {
        unsigned hi = input_bits(c, walk, ~0ull & ~0xfffull, false);
        if (hi) {
            fprintf(f, " TTBR1_EL1 0x%" PRIx64 ":\n", c->sr.ttbr1_el1);
            map_region(&l, c, walk, ~0ull << hi, ~0ull);
        }
    }
    if (!l.ranges)
        fputs("  no mapping\n", f);
    if (l.s2_unreachable)
        fputs("  (some stage-1 tables are not mapped by stage 2: their ranges were skipped)\n", f);
    return 0;
}
