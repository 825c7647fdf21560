/* Shared by the mmu_* guest tests: a translation-table builder (stage 1 and stage 2, 4K and 64K
 * granules, any start level, concatenated stage-2 start tables), the register values that turn on
 * the EL1&0 stage 1 and the stage 2, and an EL2 vector wrapper that records HPFAR_EL2 and emulates
 * MMIO-style stage-2 data aborts (Arm ARM D5 "The AArch64 Virtual Memory System Architecture",
 * D17.2.37 ESR_ELx, HPFAR_EL2). Include it once per test program.
 *
 * Every table lives in .bss, which all the tests map with VA == IPA == PA, so a table's address is
 * its pointer at every stage. */
#ifndef A72SIM_GUEST_MMU_PT_H
#define A72SIM_GUEST_MMU_PT_H

#include "test.h"

/* ---- descriptors (D5.3) ---- */
#define DESC_BLOCK 1ull
#define DESC_TABLE 3ull
#define DESC_PAGE 3ull
/* stage 1 lower attributes */
#define S1_ATTRIDX(n) ((uint64_t)(n) << 2)
#define S1_AP_EL1_RW (0ull << 6)
#define S1_AP_ALL_RW (1ull << 6)
#define S1_AP_EL1_RO (2ull << 6)
#define S1_AP_ALL_RO (3ull << 6)
#define SH_NONE (0ull << 8)
#define SH_OUTER (2ull << 8)
#define SH_INNER (3ull << 8)
#define DESC_AF (1ull << 10)
#define S1_NG (1ull << 11)
#define S1_PXN (1ull << 53)
#define S1_UXN (1ull << 54)
/* stage 2: MemAttr[3:0] = 0b1111 Normal WB, 0b0101 Normal NC, 0b0001 Device-nGnRE, 0b0000 nGnRnE */
#define S2_MEMATTR(x) ((uint64_t)(x) << 2)
#define S2AP_RO (1ull << 6)
#define S2AP_WO (2ull << 6)
#define S2AP_RW (3ull << 6)
#define S2_XN (1ull << 54)

/* MAIR_ELx of every test: Attr0 Normal WB RW-allocate (0xFF), Attr1 Device-nGnRnE (0x00),
 * Attr2 Normal Non-cacheable (0x44), Attr3 Device-nGnRE (0x04), Attr4 Normal WT R-allocate (0xAA). */
#define MAIR_VALUE 0x000000AA044400FFull
enum { ATTR_WB, ATTR_DEV_NGNRNE, ATTR_NC, ATTR_DEV_NGNRE, ATTR_WT };
#define S1_NORMAL (S1_ATTRIDX(ATTR_WB) | SH_INNER | DESC_AF)
#define S1_DEVICE (S1_ATTRIDX(ATTR_DEV_NGNRE) | DESC_AF)
#define S2_NORMAL (S2_MEMATTR(0xF) | S2AP_RW | SH_INNER | DESC_AF)

/* ---- system register fields ---- */
#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)
#define HCR_VM (1ull << 0)
#define HCR_PTW (1ull << 2)
/* TCR_EL1 / TCR_EL2 / VTCR_EL2: IRGN0 = ORGN0 = WB RW-allocate, SH0 = Inner Shareable */
#define TCR_WALK_ATTRS (1ull << 8 | 1ull << 10 | 3ull << 12)
#define TCR_TG0_4K (0ull << 14)
#define TCR_TG0_64K (1ull << 14)
#define TCR_EL1_EPD1 (1ull << 23)
#define TCR_EL1_IPS_40 (2ull << 32)
#define TCR_EL2_RES1 (1ull << 31 | 1ull << 23)
#define TCR_EL2_PS_40 (2ull << 16)
#define VTCR_RES1 (1ull << 31)
#define VTCR_SL0(x) ((uint64_t)(x) << 6)
#define VTCR_PS_40 (2ull << 16)

/* ---- ESR (D17.2.37) and HPFAR_EL2 ---- */
#define EC(x) ((uint64_t)(x) << 26)
#define IL (1ull << 25)
#define ISV (1ull << 24)
#define SAS(x) ((uint64_t)(x) << 22)
#define SSE (1ull << 21)
#define SRT(x) ((uint64_t)(x) << 16)
#define SF (1ull << 15)
#define AR (1ull << 14)
#define CM (1ull << 8)
#define S1PTW (1ull << 7)
#define WNR (1ull << 6)
#define FSC_TRANS(l) (0x04u + (l))
#define FSC_AF(l) (0x08u + (l))
#define FSC_PERM(l) (0x0Cu + (l))
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
/* HPFAR_EL2.FIPA (bits 39:4) = IPA[47:12] */
#define HPFAR(ipa) (((uint64_t)(ipa) >> 12) << 4)

/* ---- table builder ---- */
#ifndef PT_POOL_SIZE
#define PT_POOL_SIZE (256u * 1024u)
#endif
static uint8_t pt_pool[PT_POOL_SIZE] __attribute__((aligned(65536)));
static size_t pt_pool_used;

/* zeroed, aligned table memory from the pool (.bss starts zeroed; reused memory is cleared) */
static inline uint64_t *pt_alloc(size_t size, size_t align)
{
    uintptr_t base = (uintptr_t)pt_pool;
    size_t at = ((base + pt_pool_used + align - 1) & ~(uintptr_t)(align - 1)) - base;
    if (at + size > PT_POOL_SIZE) {
        sh_puts("FAIL: page-table pool exhausted\n");
        test_exit();
    }
    pt_pool_used = at + size;
    memset(pt_pool + at, 0, size);
    return (uint64_t *)(pt_pool + at);
}

/* One set of tables: granule 2^gbits (12 or 16), input size ia_bits, start level (which may need
 * several concatenated tables: 2^(ia_bits - shift(start)) entries at the start level). */
struct pt {
    uint64_t *root;
    unsigned gbits, ia_bits;
    int start;
};

static inline unsigned pt_shift(const struct pt *pt, int level)
{
    return pt->gbits + (unsigned)(3 - level) * (pt->gbits - 3);
}

static inline size_t pt_root_bytes(const struct pt *pt)
{
    size_t bytes = (size_t)8 << (pt->ia_bits - pt_shift(pt, pt->start));
    return bytes < 64 ? 64 : bytes;
}

static inline void pt_init(struct pt *pt, unsigned gbits, unsigned ia_bits, int start)
{
    pt->gbits = gbits;
    pt->ia_bits = ia_bits;
    pt->start = start;
    size_t bytes = pt_root_bytes(pt);
    pt->root = pt_alloc(bytes, bytes);
}

static inline uint64_t pt_out_addr(const struct pt *pt, uint64_t desc)
{
    return desc & ((1ull << 48) - 1) & ~((1ull << pt->gbits) - 1);
}

/* The descriptor slot for va at level, creating the tables on the way. */
static inline uint64_t *pt_slot(struct pt *pt, uint64_t va, int level)
{
    uint64_t *table = pt->root;
    for (int l = pt->start;; l++) {
        unsigned bits = l == pt->start ? pt->ia_bits - pt_shift(pt, l) : pt->gbits - 3;
        uint64_t *slot = &table[(va >> pt_shift(pt, l)) & ((1ull << bits) - 1)];
        if (l == level)
            return slot;
        if ((*slot & 3) != DESC_TABLE) {
            uint64_t *next = pt_alloc(1u << pt->gbits, 1u << pt->gbits);
            *slot = (uint64_t)(uintptr_t)next | DESC_TABLE;
        }
        table = (uint64_t *)(uintptr_t)pt_out_addr(pt, *slot);
    }
}

/* Map one block (level < 3) or page (level 3): va -> pa with the given attributes. */
static inline void pt_map(struct pt *pt, uint64_t va, uint64_t pa, int level, uint64_t attrs)
{
    *pt_slot(pt, va, level) = pa | attrs | (level == 3 ? DESC_PAGE : DESC_BLOCK);
}

/* Map [va, va + size) with blocks or pages of `level`. */
static inline void pt_map_range(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, int level, uint64_t attrs)
{
    uint64_t step = 1ull << pt_shift(pt, level);
    for (uint64_t off = 0; off < size; off += step)
        pt_map(pt, va + off, pa + off, level, attrs);
}

/* Make the entry at level a table descriptor pointing at next (an address that need not hold a table). */
static inline void pt_set_table(struct pt *pt, uint64_t va, int level, uint64_t next)
{
    *pt_slot(pt, va, level) = next | DESC_TABLE;
}

/* ---- barriers and TLB maintenance ---- */
#define dsb_ish() __asm__ volatile("dsb ish" : : : "memory")
#define dsb_ishst() __asm__ volatile("dsb ishst" : : : "memory")
#define tlbi(op) __asm__ volatile("tlbi " #op : : : "memory")
#define tlbi_x(op, x) __asm__ volatile("tlbi " #op ", %0" : : "r"((uint64_t)(x)) : "memory")

/* After descriptor writes: make them visible to walks, then invalidate everything of EL1&0. */
static inline void tlb_flush_all_el1(void)
{
    dsb_ishst();
    tlbi(alle1);
    dsb_ish();
    isb();
}

/* EL1&0 stage 1 from TTBR0_EL1 (granule tg0, VA size 64 - t0sz, ASID asid), TTBR1 walks off,
 * 40-bit IPA; SCTLR_EL1 with M, C and I on (written from EL2). */
static inline void el1_stage1_on(const struct pt *pt, uint64_t tg0, unsigned t0sz, uint64_t asid)
{
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, t0sz | TCR_WALK_ATTRS | tg0 | TCR_EL1_EPD1 | TCR_EL1_IPS_40);
    write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)pt->root | asid << 48);
    isb();
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();
}

static inline void el1_stage1_off(void)
{
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT);
    isb();
}

static inline uint64_t vttbr(const struct pt *pt, uint64_t vmid)
{
    return (uint64_t)(uintptr_t)pt->root | vmid << 48;
}

/* Stage 2 on for EL1&0 with VMID vmid; sl0 is VTCR_EL2.SL0's encoding for the granule. */
static inline void stage2_on(const struct pt *pt, uint64_t tg0, unsigned sl0, uint64_t vmid)
{
    write_sysreg(vtcr_el2, VTCR_RES1 | (64 - pt->ia_bits) | VTCR_SL0(sl0) | TCR_WALK_ATTRS | tg0 | VTCR_PS_40);
    write_sysreg(vttbr_el2, vttbr(pt, vmid));
    write_sysreg(hcr_el2, HCR_RW | HCR_VM);
    isb();
    tlb_flush_all_el1();
}

static inline void stage2_off(void)
{
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    tlb_flush_all_el1();
}

/* ---- EL2 vector wrapper: stage-2 aborts ----
 * Installed in VBAR_EL2 by mmu_vectors_install(). Every vector but "synchronous from a lower EL
 * (AArch64)" branches to the library's; that one calls mmu_el2_sync() first, which records
 * HPFAR_EL2 for every abort and handles the aborts on the MMIO window itself (returns 1): it emulates
 * loads and stores that have a valid instruction syndrome, as a hypervisor does, and skips the
 * others. Everything else continues in the library's vector (exc records it). */
#define MMIO_IPA 0x09000000ull        /* 2 MiB window, never mapped at stage 2 */
#define MMIO_SIZE 0x00200000ull
#define MMIO_DEVICE_VALUE 0xF1E2D3C4B5A69788ull

struct mmio_record {
    uint64_t count, esr, far, hpfar, elr;
    uint64_t stored;           /* the value a store wrote (SAS bytes of register SRT) */
    uint64_t store_count;
};
static volatile struct mmio_record mmio;
static volatile uint64_t last_hpfar; /* HPFAR_EL2 of the last stage-2 abort outside the MMIO window */

__asm__(".text\n"
        " .balign 0x800\n"
        "mmu_vectors_el2:\n"
        " .irp off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380\n"
        " .balign 0x80\n"
        " b vectors_el2 + \\off\n"
        " .endr\n"
        " .balign 0x80\n"
        " sub sp, sp, #256\n"
        " stp x0, x1, [sp]\n"
        " b mmu_el2_sync_lower\n"
        " .irp off, 0x480, 0x500, 0x580, 0x600, 0x680, 0x700, 0x780\n"
        " .balign 0x80\n"
        " b vectors_el2 + \\off\n"
        " .endr\n"
        "mmu_el2_sync_lower:\n"
        " stp x2, x3, [sp, #16]\n stp x4, x5, [sp, #32]\n stp x6, x7, [sp, #48]\n"
        " stp x8, x9, [sp, #64]\n stp x10, x11, [sp, #80]\n stp x12, x13, [sp, #96]\n"
        " stp x14, x15, [sp, #112]\n stp x16, x17, [sp, #128]\n stp x18, x19, [sp, #144]\n"
        " stp x20, x21, [sp, #160]\n stp x22, x23, [sp, #176]\n stp x24, x25, [sp, #192]\n"
        " stp x26, x27, [sp, #208]\n stp x28, x29, [sp, #224]\n str x30, [sp, #240]\n"
        " mov x0, sp\n"
        " bl mmu_el2_sync\n"
        " str x0, [sp, #248]\n"
        " ldp x2, x3, [sp, #16]\n ldp x4, x5, [sp, #32]\n ldp x6, x7, [sp, #48]\n"
        " ldp x8, x9, [sp, #64]\n ldp x10, x11, [sp, #80]\n ldp x12, x13, [sp, #96]\n"
        " ldp x14, x15, [sp, #112]\n ldp x16, x17, [sp, #128]\n ldp x18, x19, [sp, #144]\n"
        " ldp x20, x21, [sp, #160]\n ldp x22, x23, [sp, #176]\n ldp x24, x25, [sp, #192]\n"
        " ldp x26, x27, [sp, #208]\n ldp x28, x29, [sp, #224]\n ldr x30, [sp, #240]\n"
        " ldr x0, [sp, #248]\n"
        " cbnz x0, 1f\n"
        " ldp x0, x1, [sp]\n"
        " add sp, sp, #256\n"
        " b vectors_el2 + 0x400\n"
        "1: ldp x0, x1, [sp]\n"
        " add sp, sp, #256\n"
        " eret\n");
extern char mmu_vectors_el2[];

/* The emulated device: loads read the low SAS bytes of MMIO_DEVICE_VALUE, sign-extended to the
 * register width when SSE (ESR ISS: SAS, SSE, SRT, SF; a W register's upper half is zeroed). */
static inline uint64_t mmio_load_value(uint64_t esr)
{
    unsigned bytes = 1u << ((esr >> 22) & 3);
    uint64_t v = MMIO_DEVICE_VALUE;
    if (bytes < 8) {
        unsigned bits = bytes * 8;
        v &= (1ull << bits) - 1;
        if ((esr & SSE) && (v >> (bits - 1)) & 1)
            v |= ~0ull << bits;
    }
    return (esr & SF) ? v : (uint32_t)v;
}

uint64_t mmu_el2_sync(uint64_t *frame);
uint64_t mmu_el2_sync(uint64_t *frame)
{
    uint64_t esr = read_sysreg(esr_el2);
    unsigned ec = ESR_EC(esr);
    if (ec != EC_DABT_LOW && ec != EC_IABT_LOW)
        return 0;
    uint64_t hpfar = read_sysreg(hpfar_el2);
    uint64_t ipa = (hpfar >> 4) << 12;
    if (ec != EC_DABT_LOW || ipa < MMIO_IPA || ipa >= MMIO_IPA + MMIO_SIZE) {
        last_hpfar = hpfar;
        return 0;
    }
    mmio.count++;
    mmio.esr = esr;
    mmio.far = read_sysreg(far_el2);
    mmio.hpfar = hpfar;
    mmio.elr = read_sysreg(elr_el2);
    if (esr & ISV) {
        unsigned srt = (esr >> 16) & 31;
        uint64_t size_mask = ~0ull >> (64 - (8u << ((esr >> 22) & 3)));
        if (esr & WNR) {
            mmio.stored = srt == 31 ? 0 : frame[srt] & size_mask;
            mmio.store_count++;
        } else if (srt != 31) {
            frame[srt] = mmio_load_value(esr);
        }
    }
    write_sysreg(elr_el2, mmio.elr + 4);
    return 1;
}

static inline void mmu_vectors_install(void)
{
    write_sysreg(vbar_el2, (uint64_t)(uintptr_t)mmu_vectors_el2);
    isb();
}

static inline void mmio_reset(void)
{
    mmio.count = mmio.esr = mmio.far = mmio.hpfar = mmio.elr = 0;
    mmio.stored = ~0ull;
    mmio.store_count = 0;
    last_hpfar = ~0ull;
}

#define PROBE(name, body) \
    __asm__(".text\n .balign 4\n .globl " #name "\n " #name ": " body "\n ret\n"); \
    extern uint64_t name(uint64_t)

#endif
