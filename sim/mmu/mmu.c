/* Translation table walks and permission checks (see mmu.h). */
#include "mmu.h"

#include <string.h>

#include "../bus.h"
#include "../cpu/exception.h"
#include "../cpu/sysreg_bits.h"
#include "machine.h"

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

static void s2_walk_translate(struct cpu *c, uint64_t ipa, enum mmu_access acc, bool s1ptw, struct translation *t);

/* Read one descriptor at address addr (a PA, or an IPA sent through stage 2 first). */
static bool fetch_descriptor(struct cpu *c, const struct walk *w, uint64_t addr, int level, uint64_t *desc,
                             struct translation *t)
{
    uint64_t pa = addr;
    if (w->s1_through_s2) {
        struct translation s2;
        s2_walk_translate(c, addr, MMU_READ, true, &s2);
        if (s2.fault) {
            *t = s2;
            return false;
        }
        /* HCR_EL2.PTW: a stage-1 walk that reaches Device memory is a stage-2 permission fault. */
        if (s2.device && (c->sr.hcr_el2 & HCR_EL2_PTW)) {
            set_fault(t, FSC_PERMISSION_L0, s2.level, true, true, addr);
            return false;
        }
        pa = s2.pa;
    }
    const uint8_t *p = bus_ram_ptr(&c->machine->bus, pa, 8);
    if (!p) {
        /* A walk that reaches no memory: synchronous External abort on a translation table walk. */
        set_fault(t, FSC_SYNC_EXTERNAL_WALK_L0, level, w->stage2, false, 0);
        return false;
    }
    uint64_t v;
    memcpy(&v, p, 8);
    *desc = w->big_endian ? __builtin_bswap64(v) : v;
    c->machine->stats.walk_descriptor_fetches[w->stage2][level & 3]++;
    return true;
}

/* AArch64.TranslationTableWalk(): walk from the start level to a leaf. */
static bool table_walk(struct cpu *c, const struct walk *w, uint64_t ia, struct leaf *out, struct translation *t)
{
    int level = w->start_level;
    uint64_t table = w->base;
    *out = (struct leaf){ 0 };
    for (;;) {
        unsigned lsb = w->grain + (unsigned)(3 - level) * w->stride;
        unsigned msb = level == w->start_level ? w->inputsize - 1 : lsb + w->stride - 1;
        uint64_t index = extract(ia, msb, lsb);
        uint64_t desc;
        if (!fetch_descriptor(c, w, table + index * 8, level, &desc, t))
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

/* CombineS1S2Desc(): the more restrictive of the two memory types. */
static uint8_t combine_attrs(uint8_t s1, uint8_t s2)
{
    if (attr_is_device(s1) || attr_is_device(s2)) {
        unsigned d1 = attr_is_device(s1) ? (s1 >> 2) & 3 : 3, d2 = attr_is_device(s2) ? (s2 >> 2) & 3 : 3;
        return (uint8_t)((d1 < d2 ? d1 : d2) << 2);
    }
    unsigned hi1 = s1 >> 4, lo1 = s1 & 15, hi2 = s2 >> 4, lo2 = s2 & 15;
    /* Non-cacheable (0x4) < write-through (0x8-0xb) < write-back (0xc-0xf): keep the weaker. */
    unsigned hi = (hi1 == 4 || hi2 == 4) ? 4 : (hi1 < hi2 ? hi1 : hi2);
    unsigned lo = (lo1 == 4 || lo2 == 4) ? 4 : (lo1 < lo2 ? lo1 : lo2);
    return (uint8_t)(hi << 4 | lo);
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

/* AArch64.SecondStageTranslate() for one IPA. */
static void s2_walk_translate(struct cpu *c, uint64_t ipa, enum mmu_access acc, bool s1ptw, struct translation *t)
{
    struct walk w;
    *t = (struct translation){ 0 };
    if (!s2_config(c, &w, t, ipa)) {
        t->s1ptw = s1ptw;
        return;
    }
    if (ipa >> w.inputsize) {
        set_fault(t, FSC_TRANSLATION_L0, 0, true, s1ptw, ipa);
        return;
    }
    struct leaf leaf;
    if (!table_walk(c, &w, ipa, &leaf, t)) {
        t->stage2 = true;
        t->s1ptw = s1ptw;
        t->ipa = ipa;
        return;
    }
    uint64_t d = leaf.desc;
    if (!((d >> 10) & 1)) { /* AF */
        set_fault(t, FSC_ACCESS_FLAG_L0, leaf.level, true, s1ptw, ipa);
        return;
    }
    /* AArch64.CheckS2Permission(): S2AP[0] read, S2AP[1] write, XN execute. A stage-1 walk only reads. */
    bool r = (d >> 6) & 1, wr = (d >> 7) & 1, xn = (d >> 54) & 1;
    bool fail = acc == MMU_FETCH ? xn : acc == MMU_WRITE && !s1ptw ? !wr : !r;
    if (fail) {
        set_fault(t, FSC_PERMISSION_L0, leaf.level, true, s1ptw, ipa);
        return;
    }
    t->pa = leaf.oa;
    t->level = (uint8_t)leaf.level;
    t->attr = s2_attr_to_mair((unsigned)extract(d, 5, 2));
    t->device = attr_is_device(t->attr);
    t->sh = (uint8_t)extract(d, 9, 8);
    t->ns = true;
}

enum regime { REGIME_EL10, REGIME_EL2, REGIME_EL3 };

static enum regime regime_of(enum mmu_idx idx)
{
    return idx <= MMU_EL1 ? REGIME_EL10 : idx == MMU_EL2 ? REGIME_EL2 : REGIME_EL3;
}

static bool stage2_enabled(const struct cpu *c, enum regime r)
{
    return r == REGIME_EL10 && el2_enabled(c) && (c->sr.hcr_el2 & (HCR_EL2_VM | HCR_EL2_DC));
}

/* The top-byte-ignore rule for data addresses (TCR_ELx.TBI*): bits 63:56 take bit 55's value. */
static uint64_t strip_tag(uint64_t va, bool tbi)
{
    if (!tbi)
        return va;
    return (va & 0x00ffffffffffffffull) | ((va >> 55) & 1 ? 0xff00000000000000ull : 0);
}

/* AArch64.FirstStageTranslate() and AArch64.CheckPermission(); stage-1 output in t->pa. */
static void s1_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    enum regime r = regime_of(idx);
    uint64_t sctlr = r == REGIME_EL10 ? c->sr.sctlr_el1 : r == REGIME_EL2 ? c->sr.sctlr_el2 : c->sr.sctlr_el3;
    uint64_t tcr = r == REGIME_EL10 ? c->sr.tcr_el1 : r == REGIME_EL2 ? c->sr.tcr_el2 : c->sr.tcr_el3;
    uint64_t mair = r == REGIME_EL10 ? c->sr.mair_el1 : r == REGIME_EL2 ? c->sr.mair_el2 : c->sr.mair_el3;
    bool dc = r == REGIME_EL10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_DC);
    *t = (struct translation){ 0 };

    if (!(sctlr & SCTLR_M) || dc) {
        /* AArch64.TranslateAddressS1Off(): flat; Device-nGnRnE data, Normal instructions, or Normal
         * write-back for everything with HCR_EL2.DC. */
        if (va >> MMU_PA_BITS) {
            set_fault(t, FSC_ADDR_SIZE_L0, 0, false, false, 0);
            return;
        }
        t->pa = va;
        t->attr = dc ? 0xff : acc == MMU_FETCH ? ((sctlr & SCTLR_I) ? 0xaa : 0x44) : 0x00;
        t->device = attr_is_device(t->attr);
        t->sh = 3;
        t->ns = !is_secure(c);
        return;
    }

    struct walk w = { .big_endian = (sctlr & SCTLR_EE) != 0, .s1_through_s2 = stage2_enabled(c, r) };
    bool upper = false;
    unsigned txsz, tg_bits, ps;
    bool tbi, epd;
    uint64_t ttbr;
    if (r == REGIME_EL10) {
        upper = (va >> 55) & 1;
        txsz = (unsigned)extract(tcr, upper ? 21 : 5, upper ? 16 : 0);
        tg_bits = upper ? granule_bits_tg1((unsigned)extract(tcr, 31, 30)) : granule_bits_tg0((unsigned)extract(tcr, 15, 14));
        tbi = (tcr >> (upper ? 38 : 37)) & 1;
        epd = (tcr >> (upper ? 23 : 7)) & 1;
        ttbr = upper ? c->sr.ttbr1_el1 : c->sr.ttbr0_el1;
        ps = (unsigned)extract(tcr, 34, 32); /* IPS */
    } else {
        txsz = (unsigned)extract(tcr, 5, 0);
        tg_bits = granule_bits_tg0((unsigned)extract(tcr, 15, 14));
        tbi = (tcr >> 20) & 1;
        epd = false;
        ttbr = r == REGIME_EL2 ? c->sr.ttbr0_el2 : c->sr.ttbr0_el3;
        ps = (unsigned)extract(tcr, 18, 16); /* PS */
    }
    if (acc == MMU_FETCH)
        tbi = false; /* branch targets are already canonical; the tag check applies to data */
    uint64_t addr = strip_tag(va, tbi);
    w.grain = tg_bits;
    w.stride = tg_bits - 3;
    w.inputsize = input_size(txsz);
    w.outputsize = output_size(ps);
    w.start_level = 4 - (int)((w.inputsize - w.grain + w.stride - 1) / w.stride);

    /* The address must lie in the region: bits above inputsize all equal to the selecting bit. */
    uint64_t top = addr >> w.inputsize;
    bool in_range = r == REGIME_EL10 ? (upper ? top == (~0ull >> w.inputsize) : top == 0) : top == 0;
    if (!in_range || epd) {
        set_fault(t, FSC_TRANSLATION_L0, 0, false, false, 0);
        return;
    }
    uint64_t baddr = extract(ttbr, 47, 1) << 1;
    if (baddr >> w.outputsize) {
        set_fault(t, FSC_ADDR_SIZE_L0, 0, false, false, 0);
        return;
    }
    unsigned lsb = w.grain + (unsigned)(3 - w.start_level) * w.stride;
    unsigned table_bits = w.inputsize - lsb + 3;
    w.base = baddr & ~((1ull << table_bits) - 1);

    struct leaf leaf;
    if (!table_walk(c, &w, addr, &leaf, t))
        return; /* a stage-2 fault on the walk keeps stage 2's level (S1PTW) */
    uint64_t d = leaf.desc;
    if (!((d >> 10) & 1)) {
        set_fault(t, FSC_ACCESS_FLAG_L0, leaf.level, false, false, 0);
        return;
    }
    /* AArch64.CheckPermission() */
    bool wxn = (sctlr & SCTLR_WXN) != 0;
    unsigned ap = (unsigned)extract(d, 7, 6);
    bool ok;
    if (r == REGIME_EL10) {
        bool user_r = (ap & 1) && !leaf.ap_table_no_el0;
        bool user_w = ap == 1 && !leaf.ap_table_no_el0 && !leaf.ap_table_ro;
        bool priv_w = !(ap & 2) && !leaf.ap_table_ro;
        bool uxn = ((d >> 54) & 1) || leaf.xn_table;
        bool pxn = ((d >> 53) & 1) || leaf.pxn_table;
        bool user_xn = !user_r || uxn || (user_w && wxn);
        bool priv_xn = pxn || (priv_w && wxn) || user_w;
        bool priv = idx != MMU_EL0;
        if (acc == MMU_FETCH)
            ok = !(priv ? priv_xn : user_xn);
        else if (acc == MMU_WRITE)
            ok = priv ? priv_w : user_w;
        else
            ok = priv ? true : user_r;
    } else {
        bool w_ok = !(ap & 2) && !leaf.ap_table_ro;
        bool xn = ((d >> 54) & 1) || leaf.xn_table || (w_ok && wxn);
        ok = acc == MMU_FETCH ? !xn : acc == MMU_WRITE ? w_ok : true;
    }
    if (!ok) {
        set_fault(t, FSC_PERMISSION_L0, leaf.level, false, false, 0);
        return;
    }
    t->pa = leaf.oa;
    t->level = (uint8_t)leaf.level;
    t->attr = (uint8_t)(mair >> (8 * extract(d, 4, 2)));
    t->device = attr_is_device(t->attr);
    t->sh = (uint8_t)extract(d, 9, 8);
    t->ns = !is_secure(c) || ((d >> 5) & 1) || leaf.ns_table;
}

void mmu_translate_stage1(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    s1_translate(c, idx, va, acc, t);
}

void mmu_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    s1_translate(c, idx, va, acc, t);
    if (t->fault || !stage2_enabled(c, regime_of(idx)))
        return;
    uint8_t s1_attr = t->attr;
    bool s1_ns = t->ns;
    uint64_t ipa = t->pa;
    s2_walk_translate(c, ipa, acc, false, t);
    if (t->fault)
        return;
    t->attr = combine_attrs(s1_attr, t->attr);
    t->device = attr_is_device(t->attr);
    t->ns = s1_ns;
}
