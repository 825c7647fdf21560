/* Translation table walks and permission checks (see mmu.h). */
#include "mmu.h"

#include <string.h>

#include "../bus.h"
#include "../check/check.h"
#include "../cpu/exception.h"
#include "../cpu/sysreg_bits.h"
#include "timing/uarch.h"
#include "machine.h"
#include "obs_emit.h"
#include "tlb.h"
#include "../cpu/timing.h"

static uint64_t extract(uint64_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((hi - lo == 63) ? ~0ull : ((1ull << (hi - lo + 1)) - 1));
}

/* Bits [47:lo] of a descriptor or base register: an output address. */
static uint64_t oa_bits(uint64_t v, unsigned lo)
{
    return v & (((1ull << 48) - 1) & ~((1ull << lo) - 1));
}

static void set_fault(struct translation *t, uint32_t fsc_base, int level, bool stage2, bool s1ptw, uint64_t ipa)
{
    t->fault = true;
    t->fsc = fsc_base + (uint32_t)(level < 0 ? 0 : level);
    t->stage2 = stage2;
    t->s1ptw = s1ptw;
    t->ipa = ipa;
}

/* PAMax() limited by a TCR's IPS/PS field (AArch64.TranslationTableWalk's outputsize). */
static unsigned output_size(unsigned ps)
{
    static const unsigned sizes[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    unsigned s = sizes[ps & 7];
    return s > MMU_PA_BITS ? MMU_PA_BITS : s;
}

/* The A72 implements the 4K and 64K granules only; a 16K (or reserved) setting is treated as 4K. */
static unsigned granule_bits_tg0(unsigned tg0) { return tg0 == 1 ? 16 : 12; }  /* TCR.TG0/VTCR.TG0 */
static unsigned granule_bits_tg1(unsigned tg1) { return tg1 == 3 ? 16 : 12; }  /* TCR_EL1.TG1 */

/* T0SZ/T1SZ outside 16..39 behave as the nearest limit (a CONSTRAINED UNPREDICTABLE choice the
 * Arm ARM allows; QEMU makes the same one). */
static unsigned input_size(unsigned txsz)
{
    if (txsz < 16)
        txsz = 16;
    if (txsz > 39)
        txsz = 39;
    return 64 - txsz;
}

/* The walk of one stage. */
struct walk {
    bool stage2;
    bool s1_through_s2;   /* stage 1 of EL1&0 with stage 2 on: descriptor addresses are IPAs */
    bool big_endian;      /* SCTLR_ELx.EE of the regime: descriptor byte order */
    unsigned grain, stride, inputsize, outputsize;
    int start_level;
    uint64_t base;
};

/* Result of a successful walk. */
struct leaf {
    uint64_t desc;
    int level;
    uint64_t oa;          /* output address of the input address */
    bool ap_table_no_el0, ap_table_ro, xn_table, pxn_table, ns_table;
};

static void s2_translate(struct cpu *c, uint64_t ipa, enum mmu_access acc, bool s1ptw, struct translation *t);

/* Append a record to the walk log of a debug access (the caller checked c->walk_log). */
static void log_walk_step(struct cpu *c, const struct walk *w, enum mmu_walk_kind kind, int level, uint64_t ia,
                          uint64_t table, uint64_t pa, uint64_t desc)
{
    struct mmu_walk_log *log = c->walk_log;
    if (log->count >= MMU_WALK_LOG_MAX)
        return;
    log->step[log->count++] = (struct mmu_walk_step){ .kind = (uint8_t)kind, .stage2 = w->stage2,
                                                      .level = (int8_t)level, .grain = (uint8_t)w->grain,
                                                      .inputsize = (uint8_t)w->inputsize, .ia = ia,
                                                      .table = table, .pa = pa, .desc = desc };
}

/* Read one descriptor at address addr (a PA, or an IPA sent through stage 2 first) for the
 * translation of ia. */
static bool fetch_descriptor(struct cpu *c, const struct walk *w, uint64_t ia, uint64_t addr, int level,
                             uint64_t *desc, struct translation *t)
{
    uint64_t pa = addr;
    if (w->s1_through_s2) {
        struct translation s2;
        s2_translate(c, addr, MMU_READ, true, &s2);
        if (s2.fault) {
            *t = s2;
            if (UNLIKELY(c->debug_access) && c->walk_log)
                log_walk_step(c, w, MMU_WALK_S2_FAULT, level, ia, addr, 0, 0);
            return false;
        }
        /* HCR_EL2.PTW: a stage-1 walk that reaches Device memory is a stage-2 permission fault. */
        if (s2.device && (c->sr.hcr_el2 & HCR_EL2_PTW)) {
            set_fault(t, FSC_PERMISSION_L0, s2.level, true, true, addr);
            if (UNLIKELY(c->debug_access) && c->walk_log)
                log_walk_step(c, w, MMU_WALK_S2_FAULT, level, ia, addr, s2.pa, 0);
            return false;
        }
        pa = s2.pa;
    }
    const uint8_t *p = bus_ram_ptr(&c->machine->bus, pa, 8);
    if (!p) {
        /* A walk that reaches no memory: synchronous External abort on a translation table walk. */
        set_fault(t, FSC_SYNC_EXTERNAL_WALK_L0, level, w->stage2, false, 0);
        if (UNLIKELY(c->debug_access) && c->walk_log)
            log_walk_step(c, w, MMU_WALK_NO_MEMORY, level, ia, addr, pa, 0);
        return false;
    }
    uint64_t v;
    memcpy(&v, p, 8);
    *desc = w->big_endian ? __builtin_bswap64(v) : v;
    if (LIKELY(!c->debug_access)) {
        c->arch_tlb->stats.descriptor_fetches[w->stage2][level & 3]++;
        timing_sync(c); /* the walk's charge comes after what executed before it */
        unsigned cost = timing_walk_read(c, p);
        cpu_charge(c, cost);
        c->pipe.walk_cycles += cost;
        if (UNLIKELY(c->machine->check_walks))
            check_note_descriptor(c, pa, level, w->stage2, *desc);
    } else if (c->walk_log) {
        log_walk_step(c, w, MMU_WALK_DESC, level, ia, addr, pa, *desc);
    }
    return true;
}

/* AArch64.TranslationTableWalk(): walk from the start level to a leaf. */
static bool table_walk(struct cpu *c, const struct walk *w, uint64_t ia, struct leaf *out, struct translation *t)
{
    int level = w->start_level;
    uint64_t table = w->base;
    *out = (struct leaf){ 0 };
    if (UNLIKELY(c->debug_access) && c->walk_log)
        log_walk_step(c, w, MMU_WALK_START, level, ia, table, 0, 0);
    for (;;) {
        unsigned lsb = w->grain + (unsigned)(3 - level) * w->stride;
        unsigned msb = level == w->start_level ? w->inputsize - 1 : lsb + w->stride - 1;
        uint64_t index = extract(ia, msb, lsb);
        uint64_t desc;
        if (!fetch_descriptor(c, w, ia, table + index * 8, level, &desc, t))
            return false;
        bool valid = desc & 1;
        bool is_table = (desc & 2) && level < 3;
        bool is_page = (desc & 2) && level == 3;
        bool is_block = !(desc & 2) && level < 3;
        /* Blocks exist at level 1 and 2 with 4K, at level 2 with 64K (level-1 64K blocks need 52-bit PAs). */
        if (is_block && (level == 0 || (w->grain == 16 && level == 1)))
            valid = false;
        if (!valid || (!is_table && !is_page && !is_block)) {
            set_fault(t, FSC_TRANSLATION_L0, level, w->stage2, false, 0);
            return false;
        }
        if (!is_table) {
            uint64_t oa = oa_bits(desc, lsb);
            if (oa >> w->outputsize) {
                set_fault(t, FSC_ADDR_SIZE_L0, level, w->stage2, false, 0);
                return false;
            }
            out->desc = desc;
            out->level = level;
            out->oa = oa | (ia & ((1ull << lsb) - 1));
            return true;
        }
        uint64_t next = oa_bits(desc, w->grain);
        if (next >> w->outputsize) {
            set_fault(t, FSC_ADDR_SIZE_L0, level, w->stage2, false, 0);
            return false;
        }
        if (!w->stage2) {
            /* Hierarchical attributes of stage-1 table descriptors. */
            out->ns_table |= (desc >> 63) & 1;
            out->ap_table_ro |= (desc >> 62) & 1;
            out->ap_table_no_el0 |= (desc >> 61) & 1;
            out->xn_table |= (desc >> 60) & 1;
            out->pxn_table |= (desc >> 59) & 1;
        }
        table = next;
        level++;
    }
}

/* Memory attributes: a MAIR-format byte is Device when its top nibble is 0. */
static bool attr_is_device(uint8_t attr) { return (attr & 0xf0) == 0; }

/* Stage-2 MemAttr[3:0] as a MAIR-format byte (Device when MemAttr[3:2] == 00). */
static uint8_t s2_attr_to_mair(unsigned memattr)
{
    if ((memattr & 0xc) == 0)
        return (uint8_t)((memattr & 3) << 2);
    static const uint8_t cache[4] = { 0, 0x4, 0xa, 0xf }; /* -, NC, WT, WB (non-transient, RW-allocate) */
    return (uint8_t)(cache[memattr >> 2] << 4 | cache[memattr & 3]);
}

/* One cacheability nibble of a Normal MAIR attribute: its type ordered by strength (NC < WT < WB)
 * and its allocation hints (R, W and transient). */
enum cacheability { CACHE_NC, CACHE_WT, CACHE_WB };
static enum cacheability nibble_type(unsigned n)
{
    if (n == 4)
        return CACHE_NC;
    return (n >> 2) == 0 || (n >> 2) == 2 ? CACHE_WT : CACHE_WB; /* 00RW/10RW write-through, 01RW/11RW back */
}

/* CombineS1S2AttrHints(): the weaker cacheability of the two, with stage 1's allocation hints. */
static unsigned combine_nibble(unsigned s1, unsigned s2)
{
    enum cacheability t1 = nibble_type(s1), t2 = nibble_type(s2);
    enum cacheability t = t1 < t2 ? t1 : t2;
    if (t == CACHE_NC)
        return 4;
    unsigned hints = t1 == CACHE_NC ? 3 : (s1 & 3);                  /* stage 1's R, W */
    bool transient = t1 != CACHE_NC && (s1 >> 3) == 0;               /* 0xxx: transient forms */
    if (t == CACHE_WT)
        return (transient ? 0 : 8) | hints;
    return (transient ? 4 : 12) | hints;
}

/* CombineS1S2Desc(): the more restrictive of the two memory types. */
static uint8_t combine_attrs(uint8_t s1, uint8_t s2)
{
    if (attr_is_device(s1) || attr_is_device(s2)) {
        unsigned d1 = attr_is_device(s1) ? (s1 >> 2) & 3 : 3, d2 = attr_is_device(s2) ? (s2 >> 2) & 3 : 3;
        return (uint8_t)((d1 < d2 ? d1 : d2) << 2);
    }
    return (uint8_t)(combine_nibble(s1 >> 4, s2 >> 4) << 4 | combine_nibble(s1 & 15, s2 & 15));
}

/* The combined shareability: Outer if either stage says Outer, else Inner if either says Inner. */
static uint8_t combine_sh(unsigned s1, unsigned s2)
{
    if (s1 == 2 || s2 == 2)
        return 2;
    if (s1 == 3 || s2 == 3)
        return 3;
    return 0;
}

/* The stage-2 configuration from VTCR_EL2/VTTBR_EL2; false with a level-0 translation fault when
 * VTCR_EL2.{SL0, T0SZ} are inconsistent (AArch64.SecondStageTranslate's checks). */
static bool s2_config(struct cpu *c, struct walk *w, struct translation *t, uint64_t ipa)
{
    uint64_t vtcr = c->sr.vtcr_el2;
    *w = (struct walk){ .stage2 = true, .big_endian = (c->sr.sctlr_el2 & SCTLR_EE) != 0 };
    w->grain = granule_bits_tg0((unsigned)extract(vtcr, 15, 14));
    w->stride = w->grain - 3;
    w->inputsize = input_size((unsigned)extract(vtcr, 5, 0));
    w->outputsize = output_size((unsigned)extract(vtcr, 18, 16));
    unsigned sl0 = (unsigned)extract(vtcr, 7, 6);
    w->start_level = w->grain == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
    /* The start table resolves (inputsize - its lsb) bits: 1 .. stride + 4 (up to 16 concatenated
     * tables); SL0 = 3, a start level the granule lacks, or an IPA size beyond the PA size fault. */
    int lsb = (int)w->grain + (3 - w->start_level) * (int)w->stride;
    int resolved = (int)w->inputsize - lsb;
    if (sl0 == 3 || (w->grain == 16 && w->start_level < 1) || resolved < 1 || resolved > (int)w->stride + 4 ||
        w->inputsize > MMU_PA_BITS) {
        set_fault(t, FSC_TRANSLATION_L0, 0, true, false, ipa);
        return false;
    }
    /* VTTBR_EL2.BADDR, aligned to the start table (concatenated tables included). */
    unsigned table_bits = (unsigned)resolved + 3;
    uint64_t baddr = extract(c->sr.vttbr_el2, 47, 1) << 1;
    if (baddr >> w->outputsize) {
        set_fault(t, FSC_ADDR_SIZE_L0, 0, true, false, ipa);
        return false;
    }
    w->base = baddr & ~((1ull << table_bits) - 1);
    return true;
}

/* Bits of tlb_entry.table_bits: the stage-1 hierarchical attributes collected on the walk. */
enum { TB_AP_NO_EL0 = 1, TB_AP_RO = 2, TB_XN = 4, TB_PXN = 8, TB_NS = 16 };

/* AArch64.S2Walk: walk stage 2 for ipa, its leaf into e (s2_desc, s2_level, output, size); false
 * with t->fault. */
static bool s2_walk(struct cpu *c, uint64_t ipa, bool s1ptw, struct tlb_entry *e, struct translation *t)
{
    struct walk w;
    if (!s2_config(c, &w, t, ipa)) {
        t->s1ptw = s1ptw;
        return false;
    }
    if (ipa >> w.inputsize) {
        set_fault(t, FSC_TRANSLATION_L0, 0, true, s1ptw, ipa);
        return false;
    }
    struct leaf leaf;
    if (!table_walk(c, &w, ipa, &leaf, t)) {
        t->stage2 = true;
        t->s1ptw = s1ptw;
        t->ipa = ipa;
        return false;
    }
    if (!((leaf.desc >> 10) & 1)) { /* no hardware Access flag update in v8.0 */
        set_fault(t, FSC_ACCESS_FLAG_L0, leaf.level, true, s1ptw, ipa);
        return false;
    }
    unsigned size = w.grain + (unsigned)(3 - leaf.level) * w.stride;
    e->s2_on = true;
    e->s2_desc = leaf.desc;
    e->s2_level = (uint8_t)leaf.level;
    e->pa = leaf.oa & ~((1ull << size) - 1);
    e->size_log2 = (uint8_t)size;
    return true;
}

/* AArch64.CheckS2Permission(): S2AP[0] read, S2AP[1] write, XN execute; a stage-1 walk only reads. */
static bool check_s2_permission(const struct tlb_entry *e, enum mmu_access acc, bool s1ptw)
{
    uint64_t d = e->s2_desc;
    bool r = (d >> 6) & 1, w = (d >> 7) & 1, xn = (d >> 54) & 1;
    if (acc == MMU_FETCH)
        return !xn;
    if (acc == MMU_WRITE && !s1ptw)
        return w;
    return r;
}

/* AArch64.S2Translate (AArch64.SecondStageTranslate in older Arm ARMs) of one address, with its
 * permission check (used for the descriptor fetches of a stage-1 walk). */
static void s2_translate(struct cpu *c, uint64_t ipa, enum mmu_access acc, bool s1ptw, struct translation *t)
{
    struct tlb_entry e = { 0 };
    *t = (struct translation){ 0 };
    if (!s2_walk(c, ipa, s1ptw, &e, t))
        return;
    if (!check_s2_permission(&e, acc, s1ptw)) {
        set_fault(t, FSC_PERMISSION_L0, e.s2_level, true, s1ptw, ipa);
        return;
    }
    t->pa = e.pa | (ipa & ((1ull << e.size_log2) - 1));
    t->level = e.s2_level;
    t->attr = s2_attr_to_mair((unsigned)extract(e.s2_desc, 5, 2));
    t->sh = (uint8_t)extract(e.s2_desc, 9, 8);
    t->device = attr_is_device(t->attr);
}

enum regime { REGIME_EL10, REGIME_EL2, REGIME_EL3 };

static enum regime regime_of(enum mmu_idx idx)
{
    return idx <= MMU_EL1 ? REGIME_EL10 : idx == MMU_EL2 ? REGIME_EL2 : REGIME_EL3;
}

static bool stage2_enabled(const struct cpu *c, enum regime r)
{
    /* HCR_EL2.DC behaves as if HCR_EL2.VM were set. */
    return r == REGIME_EL10 && el2_enabled(c) && (c->sr.hcr_el2 & (HCR_EL2_VM | HCR_EL2_DC));
}

static uint64_t regime_sctlr(const struct cpu *c, enum regime r)
{
    return r == REGIME_EL10 ? c->sr.sctlr_el1 : r == REGIME_EL2 ? c->sr.sctlr_el2 : c->sr.sctlr_el3;
}

static bool stage1_enabled(const struct cpu *c, enum regime r)
{
    bool dc = r == REGIME_EL10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_DC);
    return (regime_sctlr(c, r) & SCTLR_M) && !dc;
}

/* The top-byte-ignore rule of data addresses (TCR_ELx.TBI*): bits 63:56 are replaced by bit 55's
 * value before translation. Instruction addresses are canonical already (AArch64.BranchAddr). */
static uint64_t strip_tag(const struct cpu *c, enum regime r, uint64_t va, enum mmu_access acc)
{
    if (acc == MMU_FETCH)
        return va;
    bool upper = (va >> 55) & 1;
    bool tbi = r == REGIME_EL10 ? (c->sr.tcr_el1 >> (upper ? 38 : 37)) & 1
                                : ((r == REGIME_EL2 ? c->sr.tcr_el2 : c->sr.tcr_el3) >> 20) & 1;
    if (!tbi)
        return va;
    return (va & 0x00ffffffffffffffull) | (upper ? 0xff00000000000000ull : 0);
}

/* AArch64.S1Translate (AArch64.FirstStageTranslate) without its permission check: the stage-1
 * leaf into e. va has had its tag removed. */
static bool s1_translate(struct cpu *c, enum regime r, uint64_t va, struct tlb_entry *e, struct translation *t)
{
    uint64_t sctlr = regime_sctlr(c, r);
    uint64_t tcr = r == REGIME_EL10 ? c->sr.tcr_el1 : r == REGIME_EL2 ? c->sr.tcr_el2 : c->sr.tcr_el3;
    struct walk w = { .big_endian = (sctlr & SCTLR_EE) != 0, .s1_through_s2 = stage2_enabled(c, r) };
    bool upper = r == REGIME_EL10 && ((va >> 55) & 1);
    unsigned txsz, ps;
    bool epd = false;
    uint64_t ttbr;
    if (r == REGIME_EL10) {
        txsz = (unsigned)extract(tcr, upper ? 21 : 5, upper ? 16 : 0);
        w.grain = upper ? granule_bits_tg1((unsigned)extract(tcr, 31, 30))
                        : granule_bits_tg0((unsigned)extract(tcr, 15, 14));
        epd = (tcr >> (upper ? 23 : 7)) & 1;
        ttbr = upper ? c->sr.ttbr1_el1 : c->sr.ttbr0_el1;
        ps = (unsigned)extract(tcr, 34, 32); /* IPS */
    } else {
        txsz = (unsigned)extract(tcr, 5, 0);
        w.grain = granule_bits_tg0((unsigned)extract(tcr, 15, 14));
        ttbr = r == REGIME_EL2 ? c->sr.ttbr0_el2 : c->sr.ttbr0_el3;
        ps = (unsigned)extract(tcr, 18, 16); /* PS */
    }
    w.stride = w.grain - 3;
    w.inputsize = input_size(txsz);
    w.outputsize = output_size(ps);
    w.start_level = 4 - (int)((w.inputsize - w.grain + w.stride - 1) / w.stride);

    /* The address must lie in a region: bits above inputsize all equal to the selecting bit. */
    uint64_t top = va >> w.inputsize;
    bool in_range = upper ? top == (~0ull >> w.inputsize) : top == 0;
    if (!in_range || epd) {
        set_fault(t, FSC_TRANSLATION_L0, 0, false, false, 0);
        return false;
    }
    uint64_t baddr = extract(ttbr, 47, 1) << 1;
    if (baddr >> w.outputsize) {
        set_fault(t, FSC_ADDR_SIZE_L0, 0, false, false, 0);
        return false;
    }
    unsigned lsb = w.grain + (unsigned)(3 - w.start_level) * w.stride;
    w.base = baddr & ~((1ull << (w.inputsize - lsb + 3)) - 1);

    struct leaf leaf;
    if (!table_walk(c, &w, va, &leaf, t))
        return false; /* a stage-2 fault on the walk keeps stage 2's level (S1PTW) */
    if (!((leaf.desc >> 10) & 1)) {
        set_fault(t, FSC_ACCESS_FLAG_L0, leaf.level, false, false, 0);
        return false;
    }
    unsigned size = w.grain + (unsigned)(3 - leaf.level) * w.stride;
    e->s1_on = true;
    e->s1_desc = leaf.desc;
    e->s1_level = (uint8_t)leaf.level;
    e->table_bits = (uint8_t)((leaf.ap_table_no_el0 ? TB_AP_NO_EL0 : 0) | (leaf.ap_table_ro ? TB_AP_RO : 0) |
                              (leaf.xn_table ? TB_XN : 0) | (leaf.pxn_table ? TB_PXN : 0) |
                              (leaf.ns_table ? TB_NS : 0));
    e->va = va & ~((1ull << size) - 1);
    e->ipa = leaf.oa & ~((1ull << size) - 1);
    e->size_log2 = (uint8_t)size;
    e->global = r != REGIME_EL10 || !((leaf.desc >> 11) & 1); /* nG */
    uint64_t mair = r == REGIME_EL10 ? c->sr.mair_el1 : r == REGIME_EL2 ? c->sr.mair_el2 : c->sr.mair_el3;
    e->attr = (uint8_t)(mair >> (8 * extract(leaf.desc, 4, 2)));
    e->sh = (uint8_t)extract(leaf.desc, 9, 8);
    e->ns = !is_secure(c) || ((leaf.desc >> 5) & 1) || leaf.ns_table;
    return true;
}

/* AArch64.CheckPermission() for stage 1 from a leaf and the table attributes above it. */
static bool check_s1_permission(const struct cpu *c, enum mmu_idx idx, const struct tlb_entry *e,
                                enum mmu_access acc)
{
    enum regime r = regime_of(idx);
    uint64_t d = e->s1_desc;
    bool wxn = (regime_sctlr(c, r) & SCTLR_WXN) != 0;
    unsigned ap = (unsigned)extract(d, 7, 6);
    bool ap_ro = e->table_bits & TB_AP_RO;
    if (r != REGIME_EL10) {
        /* One privilege level: AP[1] is ignored, APTable[0] is RES0. */
        bool w = !(ap & 2) && !ap_ro;
        bool xn = ((d >> 54) & 1) || (e->table_bits & TB_XN) || (w && wxn);
        return acc == MMU_FETCH ? !xn : acc == MMU_WRITE ? w : true;
    }
    bool no_el0 = e->table_bits & TB_AP_NO_EL0;
    bool user_r = (ap & 1) && !no_el0;
    bool user_w = ap == 1 && !no_el0 && !ap_ro;
    bool priv_w = !(ap & 2) && !ap_ro;
    bool uxn = ((d >> 54) & 1) || (e->table_bits & TB_XN);
    bool pxn = ((d >> 53) & 1) || (e->table_bits & TB_PXN);
    bool user_xn = !user_r || uxn || (user_w && wxn);
    bool priv_xn = pxn || (priv_w && wxn) || user_w; /* EL0-writable memory is never EL1-executable */
    bool priv = idx != MMU_EL0;
    if (acc == MMU_FETCH)
        return !(priv ? priv_xn : user_xn);
    if (acc == MMU_WRITE)
        return priv ? priv_w : user_w;
    return priv || user_r;
}

/* The memory type of a regime whose stage-1 MMU is off (AArch64.TranslateAddressS1Off):
 * Device-nGnRnE data, Normal instructions (cacheable when SCTLR.I), or Normal write-back for
 * everything with HCR_EL2.DC. It depends on the access, so a stage-2-only TLB entry does not hold it. */
static uint8_t s1_disabled_attr(const struct cpu *c, enum regime r, enum mmu_access acc)
{
    bool dc = r == REGIME_EL10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_DC);
    return dc ? 0xff : acc == MMU_FETCH ? ((regime_sctlr(c, r) & SCTLR_I) ? 0xaa : 0x44) : 0x00;
}

/* AArch64.S1DisabledOutput: the flat stage 1 of a regime whose stage-1 MMU is off. */
static bool s1_disabled_translate(struct cpu *c, uint64_t va, struct tlb_entry *e, struct translation *t)
{
    if (va >> MMU_PA_BITS) {
        set_fault(t, FSC_ADDR_SIZE_L0, 0, false, false, 0);
        return false;
    }
    e->s1_on = false;
    e->va = e->ipa = va & GUEST_PAGE_MASK;
    e->size_log2 = GUEST_PAGE_BITS;
    e->global = true;
    e->sh = 3;
    e->ns = !is_secure(c);
    return true;
}

/* Apply an entry (fresh or cached) to one access: permissions of both stages, then the output. */
static void apply_entry(const struct cpu *c, enum mmu_idx idx, const struct tlb_entry *e, uint64_t va,
                        enum mmu_access acc, struct translation *t)
{
    uint64_t offset = va - e->va;
    *t = (struct translation){ 0 };
    if (e->s1_on && !check_s1_permission(c, idx, e, acc)) {
        set_fault(t, FSC_PERMISSION_L0, e->s1_level, false, false, 0);
        return;
    }
    if (e->s2_on && !check_s2_permission(e, acc, false)) {
        set_fault(t, FSC_PERMISSION_L0, e->s2_level, true, false, e->ipa + offset);
        return;
    }
    uint8_t s1_attr = e->s1_on ? e->attr : s1_disabled_attr(c, regime_of(idx), acc);
    t->pa = (e->s2_on ? e->pa : e->ipa) + offset;
    t->level = e->s2_on ? e->s2_level : e->s1_level;
    t->attr = e->s2_on ? combine_attrs(s1_attr, s2_attr_to_mair((unsigned)extract(e->s2_desc, 5, 2))) : s1_attr;
    t->device = attr_is_device(t->attr);
    t->sh = e->s2_on ? combine_sh(e->sh, (unsigned)extract(e->s2_desc, 9, 8)) : e->sh;
    t->ns = e->ns;
}

/* AArch64.FullTranslate: both stages walked afresh for va (tag removed): the entry, or a fault in
 * t. The stage-1 permission check comes before the stage-2 walk of the output, as in the pseudocode. */
static bool full_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, bool stage1_only,
                           struct tlb_entry *e, struct translation *t)
{
    enum regime r = regime_of(idx);
    *e = (struct tlb_entry){ 0 };
    *t = (struct translation){ 0 };
    if (!(stage1_enabled(c, r) ? s1_translate(c, r, va, e, t) : s1_disabled_translate(c, va, e, t)))
        return false;
    if (e->s1_on && !check_s1_permission(c, idx, e, acc)) {
        set_fault(t, FSC_PERMISSION_L0, e->s1_level, false, false, 0);
        return false;
    }
    if (stage1_only || !stage2_enabled(c, r))
        return true;
    uint64_t ipa = e->ipa + (va - e->va);
    struct tlb_entry s2 = { 0 };
    if (!s2_walk(c, ipa, false, &s2, t))
        return false;
    /* The combined entry covers the smaller of the two blocks around va. */
    unsigned size = s2.size_log2 < e->size_log2 ? s2.size_log2 : e->size_log2;
    uint64_t mask = ~((1ull << size) - 1);
    e->s2_on = true;
    e->s2_desc = s2.s2_desc;
    e->s2_level = s2.s2_level;
    e->va = va & mask;
    e->ipa = ipa & mask;
    e->pa = (s2.pa | (ipa & ((1ull << s2.size_log2) - 1))) & mask;
    e->size_log2 = (uint8_t)size;
    return true;
}

static struct tlb_key key_for(const struct cpu *c, enum regime r, uint64_t va)
{
    struct tlb_key k = { .va = va, .s1_on = stage1_enabled(c, r) };
    if (r == REGIME_EL10) {
        /* The security state of the EL1&0 regime is SCR_EL3.NS's, also when EL3 asks (TLBI). */
        k.regime = (c->sr.scr_el3 & SCR_EL3_NS) ? TLB_EL10_NS : TLB_EL10_S;
        k.vmid = el2_enabled(c) ? (uint8_t)(c->sr.vttbr_el2 >> 48) : 0;
        uint64_t ttbr = (c->sr.tcr_el1 >> 22) & 1 ? c->sr.ttbr1_el1 : c->sr.ttbr0_el1; /* TCR_EL1.A1 */
        k.asid = (uint16_t)(ttbr >> 48);
        if (!((c->sr.tcr_el1 >> 36) & 1)) /* TCR_EL1.AS: 8-bit ASIDs */
            k.asid &= 0xff;
    } else {
        k.regime = r == REGIME_EL2 ? TLB_EL2 : TLB_EL3;
    }
    return k;
}

/* Drop the fast-TLB entries that an architectural entry leaving the TLB could have filled (which:
 * FAST_TLB_DATA, FAST_TLB_FETCH or both). A fast-TLB entry stands for a micro-TLB hit: once the
 * micro-TLB entry is gone, the next access to its pages must look it up again (and miss). */
static void forget_fast_entries(struct cpu *c, const struct tlb_entry *gone, unsigned which)
{
    cpu_flush_fast_tlb_range(c, MMU_IDX_MASK_ALL, which, gone->va, gone->size_log2);
}

static bool same_translation(const struct translation *a, const struct translation *b)
{
    if (a->fault || b->fault)
        return a->fault == b->fault && a->fsc == b->fsc && a->stage2 == b->stage2;
    return a->pa == b->pa && a->attr == b->attr;
}

/* --check-tlb: compare a TLB hit with a fresh walk; report the first stale use of each page. */
static void check_tlb_hit(struct cpu *c, enum mmu_idx idx, const struct tlb_key *k, uint64_t va,
                          enum mmu_access acc, const struct translation *cached)
{
    struct tlb_entry fresh_e;
    struct translation fresh;
    /* The check is invisible to the guest and to the model: its walk is a debugger's (no cycles,
     * no statistics, no cache lookups). */
    bool debug_access = c->debug_access;
    c->debug_access = true;
    if (full_translate(c, idx, va, acc, false, &fresh_e, &fresh))
        apply_entry(c, idx, &fresh_e, va, acc, &fresh);
    c->debug_access = debug_access;
    if (same_translation(cached, &fresh))
        return;
    check_report_stale_tlb(c, k->vmid, k->asid, va, cached->fault, cached->pa, fresh.fault, fresh.pa, fresh.fsc);
}

static void emit_tlb_fill(struct cpu *c, const struct tlb_entry *te)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_TLB_FILL, c);
    e.u.tlb_fill.regime = te->regime <= TLB_EL10_S ? 1 : te->regime == TLB_EL2 ? 2 : 3;
    e.u.tlb_fill.stage2_only = !te->s1_on && te->s2_on;
    e.u.tlb_fill.vmid = te->vmid;
    e.u.tlb_fill.asid = te->asid;
    e.u.tlb_fill.global = te->global;
    e.u.tlb_fill.va = te->va;
    e.u.tlb_fill.pa = te->pa;
    e.u.tlb_fill.size = 1ull << te->size_log2;
    obs_deliver(c->machine, &e);
}

void mmu_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    enum regime r = regime_of(idx);
    bool s2 = stage2_enabled(c, r);
    if (!stage1_enabled(c, r) && !s2) {
        /* Nothing to walk, nothing for a TLB to hold. */
        struct tlb_entry e = { 0 }; /* s1_disabled_translate() fills only the stage-1 fields: s2_on must read false */
        *t = (struct translation){ 0 };
        if (s1_disabled_translate(c, va, &e, t))
            apply_entry(c, idx, &e, va, acc, t);
        return;
    }
    va = strip_tag(c, r, va, acc);
    struct tlb_key k = key_for(c, r, va);
    struct tlb *tlb = c->arch_tlb;
    bool l1_hit;
    const unsigned l1_side = acc == MMU_FETCH ? FAST_TLB_FETCH : FAST_TLB_DATA;
    struct tlb_entry l1_evicted;
    const struct tlb_entry *hit = tlb_lookup(tlb, &k, acc == MMU_FETCH, &l1_hit, &l1_evicted);
    if (l1_evicted.valid)
        forget_fast_entries(c, &l1_evicted, l1_side);
    if (hit) {
        if (l1_hit) {
            tlb->stats.l1_hits++;
        } else {
            tlb->stats.l2_hits++;
            tlb->stats.l2_hits_by_vmid[k.vmid]++;
            c->perf.n[acc == MMU_FETCH ? PERF_L1I_TLB_REFILL : PERF_L1D_TLB_REFILL]++;
            timing_sync(c);
            cpu_charge(c, TIMING_TLB_L2_HIT);
        }
        apply_entry(c, idx, hit, va, acc, t);
        if (UNLIKELY(c->machine->check_tlb))
            check_tlb_hit(c, idx, &k, va, acc, t);
        return;
    }
    tlb->stats.misses++;
    c->perf.n[acc == MMU_FETCH ? PERF_L1I_TLB_REFILL : PERF_L1D_TLB_REFILL]++;
    tlb->stats.misses_by_vmid[k.vmid]++;
    tlb->stats.walks++;
    struct tlb_entry e;
    if (!full_translate(c, idx, va, acc, false, &e, t))
        return; /* faulting walks are never cached */
    e.regime = k.regime;
    e.vmid = k.vmid;
    e.asid = e.global ? 0 : k.asid;
    struct tlb_entry evicted;
    tlb_insert(tlb, &e, va, acc == MMU_FETCH, &evicted, &l1_evicted);
    if (evicted.valid)
        forget_fast_entries(c, &evicted, FAST_TLB_DATA | FAST_TLB_FETCH);
    if (l1_evicted.valid)
        forget_fast_entries(c, &l1_evicted, l1_side);
    apply_entry(c, idx, &e, va, acc, t);
    if (obs_wants(c->machine, OBS_TLB_FILL))
        emit_tlb_fill(c, &e);
}

void mmu_walk(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, bool stage1_only,
              struct translation *t)
{
    enum regime r = regime_of(idx);
    struct tlb_entry e;
    va = strip_tag(c, r, va, acc);
    if (full_translate(c, idx, va, acc, stage1_only, &e, t)) {
        if (stage1_only)
            e.s2_on = false;
        apply_entry(c, idx, &e, va, acc, t);
    }
}

static void emit_tlbi(struct cpu *c, const char *name, uint64_t xt, bool broadcast)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_TLBI, c);
    e.u.tlbi.op = name;
    e.u.tlbi.arg = xt;
    e.u.tlbi.broadcast = broadcast;
    obs_deliver(c->machine, &e);
}

void mmu_tlbi(struct cpu *c, const char *tlbi_name, enum tlbi_scope scope, enum mmu_idx regime_idx, uint64_t xt,
              bool broadcast)
{
    enum regime r = regime_of(regime_idx);
    struct tlbi_request req = { .scope = scope };
    struct tlb_key k = key_for(c, r, 0);
    req.regime = k.regime;
    req.vmid = k.vmid;
    req.asid = (uint16_t)(xt >> 48);
    if (r == REGIME_EL10 && !((c->sr.tcr_el1 >> 36) & 1))
        req.asid &= 0xff;
    if (scope == TLBI_IPA) {
        req.va = (xt & 0xfffffffffull) << 12;                 /* Xt[35:0] = IPA[47:12] */
    } else {
        req.va = (xt & 0xfffffffffffull) << 12;               /* Xt[43:0] = VA[55:12] */
        if (r == REGIME_EL10 && ((req.va >> 55) & 1))
            req.va |= 0xff00000000000000ull;
    }
    struct machine *m = c->machine;
    unsigned contexts = r == REGIME_EL10 ? MMU_IDX_MASK_EL10 : 1u << regime_idx;
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *o = m->cpus[n];
        if (o != c && !broadcast)
            continue;
        struct tlbi_result res = tlb_invalidate(o->arch_tlb, &req);
        /* Every fast-TLB entry stands for an entry of the architectural TLB: drop only what the
         * TLBI removed there: one page for a by-address TLBI of page entries, else the regime. */
        bool by_address = scope == TLBI_VA_ASID || scope == TLBI_VA_ALL_ASID || scope == TLBI_IPA;
        if (res.removed && by_address && !res.large)
            cpu_flush_fast_tlb_range(o, contexts, FAST_TLB_DATA | FAST_TLB_FETCH, req.va, GUEST_PAGE_BITS);
        else if (res.removed)
            cpu_flush_fast_tlb_contexts(o, contexts);
        if (obs_wants(m, OBS_TLBI))
            emit_tlbi(o, tlbi_name, xt, o != c);
    }
}

void mmu_translate_stage1(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    mmu_walk(c, idx, va, acc, true, t);
}

void mmu_walk_stage2(struct cpu *c, uint64_t ipa, enum mmu_access acc, struct translation *t)
{
    s2_translate(c, ipa, acc, false, t);
    t->ns = true;
}
