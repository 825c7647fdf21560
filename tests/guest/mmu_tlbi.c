/* TLB maintenance scoping (Arm ARM D5.10 "TLB maintenance requirements and the TLB maintenance
 * instructions", C5.5 TLBI): a descriptor is changed without invalidation, so the TLB holds a stale
 * translation; then a TLBI of some scope runs and the test checks which translations it removed.
 * - TLBI VMALLE1 under VMID 2 leaves VMID 1's entries; VMALLS12E1 under VMID 1 removes them;
 * - TLBI ASIDE1 removes the ASID's non-global entries and keeps global ones;
 * - TLBI VAE1 removes one page of one ASID (VALE1 too), VAAE1 one page of every ASID;
 * - TLBI ALLE1 removes every VMID's entries.
 * Whether a stale entry is still used is not architecturally required (a TLB may drop entries at any
 * time), but silicon keeps them and so does a72sim: those checks are a72sim-only. QEMU's TLB is not
 * tagged by VMID and flushes more than silicon (versal.md), so stale entries are never visible there.
 * The checks that the right TLBI makes the new translation visible run on both. */
#include "mmu_pt.h"

#define VA_TEST 0x40000000ull
#define IPA_DATA 0x10000000ull
#define IDENTITY_SIZE 0x00800000ull
#define ASID_A 5ull
#define ASID_B 6ull

/* guest pages (VA_TEST + n * 4K -> IPA_DATA + n * 4K) and the physical pages they can map to */
enum { G_VMID, G_GLOBAL, G_NONGLOBAL, G_VA1, G_VA2, G_VAA, G_ALL, NGUEST };
enum { NPHYS = 2 * NGUEST + 1 };
#define VA(p) (VA_TEST + (uint64_t)(p) * 0x1000)
#define IPA(p) (IPA_DATA + (uint64_t)(p) * 0x1000)
#define IPA_ALT(p) (IPA_DATA + 0x100000 + (uint64_t)(p) * 0x1000) /* second IPA of each page */

static uint64_t phys[NPHYS][512] __attribute__((aligned(4096)));
#define OLD(p) (0x01D0000000000000ull | (uint64_t)(p))
#define NEW(p) (0x0E30000000000000ull | (uint64_t)(p))
#define VMID2_VALUE 0x2222222222222222ull
#define PA_OLD(p) ((uint64_t)(uintptr_t)phys[p])
#define PA_NEW(p) ((uint64_t)(uintptr_t)phys[NGUEST + (p)])
#define PA_VMID2 ((uint64_t)(uintptr_t)phys[2 * NGUEST])

static struct pt s1, s2_vm1, s2_vm2;

PROBE(rd64, "ldr x0, [x0]");

static uint64_t guest_read(uint64_t va)
{
    exc_reset();
    uint64_t v = run_at(1, rd64, va);
    CHECK_EQ(exc.count, 0);
    return v;
}

static void set_vmid(const struct pt *s2, uint64_t vmid)
{
    write_sysreg(vttbr_el2, vttbr(s2, vmid));
    isb();
}

static void set_asid(uint64_t asid)
{
    write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)s1.root | asid << 48);
    isb();
}

/* Change a descriptor with no TLB maintenance (only the barrier that orders the write before the
 * next walk). */
static void change(uint64_t *slot, uint64_t desc)
{
    *(volatile uint64_t *)slot = desc;
    dsb_ish();
    isb();
}

static void tlbi_done(void)
{
    dsb_ish();
    isb();
}

#define STALE(expr, old)            \
    do {                            \
        uint64_t v_ = (expr);       \
        if (!test_on_qemu)          \
            CHECK_EQ(v_, old);      \
    } while (0)

static void build_tables(void)
{
    pt_init(&s1, 12, 39, 1);
    pt_init(&s2_vm1, 12, 32, 2);
    pt_init(&s2_vm2, 12, 32, 2);
    pt_map_range(&s1, 0, 0, IDENTITY_SIZE, 2, S1_NORMAL);
    pt_map_range(&s2_vm1, 0, 0, IDENTITY_SIZE, 2, S2_NORMAL);
    pt_map_range(&s2_vm2, 0, 0, IDENTITY_SIZE, 2, S2_NORMAL);
    for (unsigned p = 0; p < NGUEST; p++) {
        phys[p][0] = OLD(p);
        phys[NGUEST + p][0] = NEW(p);
        uint64_t ng = p == G_GLOBAL ? 0 : S1_NG;
        pt_map(&s1, VA(p), IPA(p), 3, S1_NORMAL | ng);
        pt_map(&s2_vm1, IPA(p), PA_OLD(p), 3, S2_NORMAL);
        pt_map(&s2_vm1, IPA_ALT(p), PA_NEW(p), 3, S2_NORMAL);
        pt_map(&s2_vm2, IPA(p), PA_OLD(p), 3, S2_NORMAL);
        pt_map(&s2_vm2, IPA_ALT(p), PA_NEW(p), 3, S2_NORMAL);
    }
    phys[2 * NGUEST][0] = VMID2_VALUE;
    pt_map(&s2_vm2, IPA(G_VMID), PA_VMID2, 3, S2_NORMAL);
}

/* stage 1 of page p now points at its second IPA (the "new" physical page) */
static void s1_retarget(unsigned p)
{
    uint64_t *slot = pt_slot(&s1, VA(p), 3);
    change(slot, (*slot & ~(uint64_t)0xFFFFFFFFF000ull) | IPA_ALT(p));
}

static void test_vmid_scope(void)
{
    CHECK_EQ(guest_read(VA(G_VMID)), OLD(G_VMID));
    /* the hypervisor moves VMID 1's IPA to another PA and forgets the TLBI */
    change(pt_slot(&s2_vm1, IPA(G_VMID), 3), PA_NEW(G_VMID) | S2_NORMAL | DESC_PAGE);
    /* VMID 2 has its own translation of the same VA and IPA */
    set_vmid(&s2_vm2, 2);
    CHECK_EQ(guest_read(VA(G_VMID)), VMID2_VALUE);
    tlbi(vmalle1); /* VMID 2's entries only */
    tlbi_done();
    set_vmid(&s2_vm1, 1);
    STALE(guest_read(VA(G_VMID)), OLD(G_VMID));
    tlbi(vmalls12e1); /* VMID 1's stage 1 and stage 2 entries */
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_VMID)), NEW(G_VMID));
}

static void test_asid_scope(void)
{
    set_asid(ASID_A);
    CHECK_EQ(guest_read(VA(G_GLOBAL)), OLD(G_GLOBAL));
    CHECK_EQ(guest_read(VA(G_NONGLOBAL)), OLD(G_NONGLOBAL));
    s1_retarget(G_GLOBAL);
    s1_retarget(G_NONGLOBAL);
    tlbi_x(aside1, ASID_B << 48); /* another ASID: removes neither */
    tlbi_done();
    STALE(guest_read(VA(G_NONGLOBAL)), OLD(G_NONGLOBAL));
    tlbi_x(aside1, ASID_A << 48); /* removes ASID_A's non-global entry, keeps the global one */
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_NONGLOBAL)), NEW(G_NONGLOBAL));
    STALE(guest_read(VA(G_GLOBAL)), OLD(G_GLOBAL));
    /* a global entry is used whatever the ASID */
    set_asid(ASID_B);
    STALE(guest_read(VA(G_GLOBAL)), OLD(G_GLOBAL));
    tlbi_x(vae1, VA(G_GLOBAL) >> 12 | ASID_B << 48); /* VAE1 matches global entries in any ASID */
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_GLOBAL)), NEW(G_GLOBAL));
    set_asid(ASID_A);
    CHECK_EQ(guest_read(VA(G_GLOBAL)), NEW(G_GLOBAL));
}

static void test_va_scope(void)
{
    set_asid(ASID_A);
    CHECK_EQ(guest_read(VA(G_VA1)), OLD(G_VA1));
    CHECK_EQ(guest_read(VA(G_VA2)), OLD(G_VA2));
    s1_retarget(G_VA1);
    s1_retarget(G_VA2);
    tlbi_x(vae1, VA(G_VA1) >> 12 | ASID_B << 48); /* the right page, the wrong ASID */
    tlbi_done();
    STALE(guest_read(VA(G_VA1)), OLD(G_VA1));
    tlbi_x(vae1, VA(G_VA1) >> 12 | ASID_A << 48); /* one page */
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_VA1)), NEW(G_VA1));
    STALE(guest_read(VA(G_VA2)), OLD(G_VA2));
    tlbi_x(vale1, VA(G_VA2) >> 12 | ASID_A << 48); /* last level: the entry is a leaf */
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_VA2)), NEW(G_VA2));

    /* VAAE1: the page in every ASID */
    set_asid(ASID_B);
    CHECK_EQ(guest_read(VA(G_VAA)), OLD(G_VAA));
    set_asid(ASID_A);
    CHECK_EQ(guest_read(VA(G_VAA)), OLD(G_VAA));
    s1_retarget(G_VAA);
    tlbi_x(vaae1, VA(G_VAA) >> 12);
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_VAA)), NEW(G_VAA));
    set_asid(ASID_B);
    CHECK_EQ(guest_read(VA(G_VAA)), NEW(G_VAA));
    set_asid(ASID_A);
}

static void test_all_vmids(void)
{
    /* both VMIDs cache the page; both stage-2 tables change; ALLE1 from VMID 1 removes both */
    set_vmid(&s2_vm2, 2);
    CHECK_EQ(guest_read(VA(G_ALL)), OLD(G_ALL));
    set_vmid(&s2_vm1, 1);
    CHECK_EQ(guest_read(VA(G_ALL)), OLD(G_ALL));
    change(pt_slot(&s2_vm1, IPA(G_ALL), 3), PA_NEW(G_ALL) | S2_NORMAL | DESC_PAGE);
    change(pt_slot(&s2_vm2, IPA(G_ALL), 3), PA_NEW(G_ALL) | S2_NORMAL | DESC_PAGE);
    STALE(guest_read(VA(G_ALL)), OLD(G_ALL));
    set_vmid(&s2_vm2, 2);
    STALE(guest_read(VA(G_ALL)), OLD(G_ALL));
    set_vmid(&s2_vm1, 1);
    tlbi(alle1);
    tlbi_done();
    CHECK_EQ(guest_read(VA(G_ALL)), NEW(G_ALL));
    set_vmid(&s2_vm2, 2);
    CHECK_EQ(guest_read(VA(G_ALL)), NEW(G_ALL));
    set_vmid(&s2_vm1, 1);
}

void test_main(void)
{
    build_tables();
    stage2_on(&s2_vm1, TCR_TG0_4K, 0, 1);
    el1_stage1_on(&s1, TCR_TG0_4K, 25, ASID_A);
    test_vmid_scope();
    test_asid_scope();
    test_va_scope();
    test_all_vmids();
    el1_stage1_off();
    stage2_off();
}
