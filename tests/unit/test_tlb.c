/* The architectural TLB: entries stay until invalidated (stale translations are visible, as on
 * silicon), and each TLBI operation removes exactly its scope: VA, ASID (global entries survive),
 * VMID (other VMIDs survive), regime, and the IS forms reach the other core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/sysreg_bits.h"
#include "machine.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"

#define D_TABLE 3ull
#define D_BLOCK 1ull
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_AP_RO (1ull << 7)
#define S2_RW (3ull << 6)
#define S2_WB (0xfull << 2)

static struct machine *m;
static struct cpu *c;

static void put(uint64_t pa, uint64_t desc)
{
    uint8_t *p = bus_ram_ptr(&m->bus, pa, 8);
    assert_non_null(p);
    memcpy(p, &desc, 8);
}

/* Stage 1 of EL1&0: 4K granule, 39-bit VA, tables at 0x100000 (L1), 0x101000 (L2), 0x102000 (L3).
 * VA page n (n < 512) is L3 entry n. */
static void setup_core(struct cpu *k)
{
    k->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE;
    k->pstate.el = EL1;
    cpu_update_derived(k);
    k->sr.tcr_el1 = 25 | (2ull << 32) | (1ull << 23) | (1ull << 36); /* 16-bit ASIDs */
    k->sr.ttbr0_el1 = 0x100000 | (5ull << 48);                      /* ASID 5 */
    k->sr.mair_el1 = 0xff;
    k->sr.sctlr_el1 = 0x00C50838 | SCTLR_M;
    k->sr.hcr_el2 = HCR_EL2_RW;
    k->sr.vttbr_el2 = 0; /* VMID 0: a TLBI is scoped by the issuing core's current VMID */
}

static int setup(void **state)
{
    (void)state;
    m = machine_create(2);
    assert_non_null(m);
    assert_true(bus_add_ram(&m->bus, "ram", 0, 64u << 20));
    c = m->cpus[0];
    setup_core(m->cpus[0]);
    setup_core(m->cpus[1]);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

static void reset_tables(void)
{
    memset(bus_ram_ptr(&m->bus, 0x100000, 0x100000), 0, 0x100000);
    put(0x100000, 0x101000 | D_TABLE);
    put(0x101000, 0x102000 | D_TABLE);
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct tlbi_request all = { .scope = TLBI_ALL_REGIME, .regime = TLB_EL10_NS };
        tlb_invalidate(m->cpus[n]->arch_tlb, &all);
        setup_core(m->cpus[n]);
    }
}

static void map(unsigned page, uint64_t pa, uint64_t attrs)
{
    put(0x102000 + page * 8ull, pa | D_TABLE | D_AF | attrs);
}

static uint64_t pa_of(struct cpu *k, uint64_t va)
{
    struct translation t;
    mmu_translate(k, MMU_EL1, va, MMU_READ, &t);
    assert_false(t.fault);
    return t.pa;
}

static uint64_t tlbi_va_operand(uint64_t va, unsigned asid)
{
    return (va >> 12) | (uint64_t)asid << 48;
}

static void test_stale_until_tlbi_va(void **state)
{
    (void)state;
    reset_tables();
    map(3, 0x400000, 0);
    assert_int_equal(pa_of(c, 0x3010), 0x400010);
    map(3, 0x500000, 0);                               /* no TLBI yet */
    assert_int_equal(pa_of(c, 0x3010), 0x400010);      /* the stale entry is still used */
    mmu_tlbi(c, "test", TLBI_VA_ASID, MMU_EL1, tlbi_va_operand(0x3000, 5), false);
    assert_int_equal(pa_of(c, 0x3010), 0x500010);
}

static void test_asid_scope_keeps_global(void **state)
{
    (void)state;
    reset_tables();
    map(1, 0x410000, D_NG);   /* non-global: tagged with ASID 5 */
    map(2, 0x420000, 0);      /* global */
    assert_int_equal(pa_of(c, 0x1000), 0x410000);
    assert_int_equal(pa_of(c, 0x2000), 0x420000);
    map(1, 0x510000, D_NG);
    map(2, 0x520000, 0);
    mmu_tlbi(c, "test", TLBI_ASID, MMU_EL1, 5ull << 48, false);
    assert_int_equal(pa_of(c, 0x1000), 0x510000);      /* ASID 5's entry went */
    assert_int_equal(pa_of(c, 0x2000), 0x420000);      /* the global entry stays */
    /* An entry of ASID 5 is not used under ASID 6, and TLBI VAE1 with ASID 6 keeps ASID 5's. */
    c->sr.ttbr0_el1 = 0x100000 | (6ull << 48);
    map(1, 0x610000, D_NG);
    assert_int_equal(pa_of(c, 0x1000), 0x610000);
    map(1, 0x710000, D_NG);
    mmu_tlbi(c, "test", TLBI_VA_ASID, MMU_EL1, tlbi_va_operand(0x1000, 5), false);
    assert_int_equal(pa_of(c, 0x1000), 0x610000);      /* ASID 6's entry untouched */
    mmu_tlbi(c, "test", TLBI_VA_ALL_ASID, MMU_EL1, tlbi_va_operand(0x1000, 0), false);
    assert_int_equal(pa_of(c, 0x1000), 0x710000);
}

/* Stage 2: 4K, 40-bit IPA, start level 1 with two concatenated tables at 0x180000; L1[0] -> L2
 * table 0x190000 with IPA 0..2 MiB (the stage-1 tables) and 4..6 MiB identity-mapped by 2 MiB
 * blocks. Every VMID uses the same tables here: only the TLB tags differ. */
static void enable_stage2(struct cpu *k, unsigned vmid)
{
    k->sr.vtcr_el2 = 24 | (1ull << 6) | (2ull << 16);
    k->sr.vttbr_el2 = 0x180000 | (uint64_t)vmid << 48;
    k->sr.hcr_el2 = HCR_EL2_RW | HCR_EL2_VM;
    put(0x180000, 0x190000 | D_TABLE);
    put(0x190000, 0x000000 | D_BLOCK | D_AF | S2_RW | S2_WB);
    put(0x190010, 0x400000 | D_BLOCK | D_AF | S2_RW | S2_WB);
}

static void test_vmid_scope(void **state)
{
    (void)state;
    reset_tables();
    map(4, 0x440000, 0);
    enable_stage2(c, 1);
    assert_int_equal(pa_of(c, 0x4000), 0x440000);
    enable_stage2(c, 2);
    assert_int_equal(pa_of(c, 0x4000), 0x440000);
    map(4, 0x540000, 0);
    /* TLBI VMALLE1 under VMID 2 clears VMID 2's entries only. */
    mmu_tlbi(c, "test", TLBI_VMID_ALL, MMU_EL1, 0, false);
    assert_int_equal(pa_of(c, 0x4000), 0x540000);
    enable_stage2(c, 1);
    assert_int_equal(pa_of(c, 0x4000), 0x440000);      /* VMID 1 still sees its (stale) entry */
    /* TLBI ALLE1 clears every VMID. */
    mmu_tlbi(c, "test", TLBI_ALL_REGIME, MMU_EL1, 0, false);
    assert_int_equal(pa_of(c, 0x4000), 0x540000);
    c->sr.hcr_el2 = HCR_EL2_RW;
}

static void test_ipas2_keeps_combined_entries(void **state)
{
    (void)state;
    reset_tables();
    map(5, 0x450000, 0);
    enable_stage2(c, 3);
    assert_int_equal(pa_of(c, 0x5000), 0x450000);
    /* Move IPA 4..6 MiB at stage 2 to PA 8..10 MiB. */
    put(0x190010, 0x800000 | D_BLOCK | D_AF | S2_RW | S2_WB);
    mmu_tlbi(c, "test", TLBI_IPA, MMU_EL1, 0x450, false);
    /* The combined stage-1+2 entry survives IPAS2E1, as the Arm ARM allows... */
    assert_int_equal(pa_of(c, 0x5000), 0x450000);
    /* ...until the stage-1 invalidation the architecture requires after it. */
    mmu_tlbi(c, "test", TLBI_VMID_ALL, MMU_EL1, 0, false);
    assert_int_equal(pa_of(c, 0x5000), 0x850000);
    c->sr.hcr_el2 = HCR_EL2_RW;
}

/* Entries made with stage 1 off and stage 2 on are stage-2-only (IPA = VA): they are not used once
 * stage 1 is on (no TLBI needed for that), and TLBI IPAS2E1 removes them. */
static void test_stage2_only_entries(void **state)
{
    (void)state;
    reset_tables();
    enable_stage2(c, 4);
    c->sr.sctlr_el1 &= ~SCTLR_M;
    assert_int_equal(pa_of(c, 0x450000), 0x450000);    /* stage 1 off: IPA = VA */
    /* Stage 1 on: VA 0x450000 is not mapped at stage 1 (its level-2 entry, index 2, is invalid). */
    c->sr.sctlr_el1 |= SCTLR_M;
    struct translation t;
    mmu_translate(c, MMU_EL1, 0x450000, MMU_READ, &t);
    assert_true(t.fault);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0 + 2);
    /* Stage 1 off again: the stage-2-only entry is still there until IPAS2E1 removes it. */
    c->sr.sctlr_el1 &= ~SCTLR_M;
    put(0x190010, 0x800000 | D_BLOCK | D_AF | S2_RW | S2_WB);
    assert_int_equal(pa_of(c, 0x450000), 0x450000);
    mmu_tlbi(c, "test", TLBI_IPA, MMU_EL1, 0x450000 >> 12, false);
    assert_int_equal(pa_of(c, 0x450000), 0x850000);
    c->sr.sctlr_el1 |= SCTLR_M;
    c->sr.hcr_el2 = HCR_EL2_RW;
}

static void test_broadcast_reaches_other_core(void **state)
{
    (void)state;
    reset_tables();
    struct cpu *c1 = m->cpus[1];
    map(6, 0x460000, 0);
    assert_int_equal(pa_of(c1, 0x6000), 0x460000);
    map(6, 0x560000, 0);
    mmu_tlbi(c, "test", TLBI_VA_ASID, MMU_EL1, tlbi_va_operand(0x6000, 5), false); /* TLBI VAE1: local only */
    assert_int_equal(pa_of(c1, 0x6000), 0x460000);
    mmu_tlbi(c, "test", TLBI_VA_ASID, MMU_EL1, tlbi_va_operand(0x6000, 5), true);  /* TLBI VAE1IS */
    assert_int_equal(pa_of(c1, 0x6000), 0x560000);
}

static void test_el2_regime_invalidation(void **state)
{
    (void)state;
    reset_tables();
    c->sr.tcr_el2 = 25 | (2ull << 16);
    c->sr.ttbr0_el2 = 0x100000;
    c->sr.sctlr_el2 = 0x30C50838 | SCTLR_M;
    c->sr.mair_el2 = 0xff;
    map(7, 0x470000, 0);
    struct translation t;
    mmu_translate(c, MMU_EL2, 0x7000, MMU_READ, &t);
    assert_int_equal(t.pa, 0x470000);
    map(7, 0x570000, 0);
    mmu_tlbi(c, "test", TLBI_VMID_ALL, MMU_EL1, 0, false);     /* an EL1 invalidation leaves EL2's entries */
    mmu_translate(c, MMU_EL2, 0x7000, MMU_READ, &t);
    assert_int_equal(t.pa, 0x470000);
    mmu_tlbi(c, "test", TLBI_VA_ASID, MMU_EL2, tlbi_va_operand(0x7000, 0), false); /* TLBI VAE2 */
    mmu_translate(c, MMU_EL2, 0x7000, MMU_READ, &t);
    assert_int_equal(t.pa, 0x570000);
    c->sr.sctlr_el2 &= ~SCTLR_M;
}

static void test_cached_permissions(void **state)
{
    (void)state;
    reset_tables();
    map(8, 0x480000, D_AP_RO);
    assert_int_equal(pa_of(c, 0x8000), 0x480000);      /* fills the TLB */
    struct translation t;
    mmu_translate(c, MMU_EL1, 0x8000, MMU_WRITE, &t);
    assert_true(t.fault);
    assert_int_equal(t.fsc, FSC_PERMISSION_L0 + 3);
    assert_true(c->arch_tlb->stats.l1_hits + c->arch_tlb->stats.l2_hits > 0);
}

static void test_capacity_eviction(void **state)
{
    (void)state;
    reset_tables();
    /* Five pages that share an L2 set (VA[19:12] equal) in a 4-way set: the oldest is evicted, so a
     * changed descriptor is seen on the next access (L1 copies of an evicted entry are dropped too). */
    for (unsigned n = 0; n < 5; n++) {
        put(0x101000 + 8 * n, (0x103000 + 0x1000 * n) | D_TABLE);   /* L2 entry n -> L3 table n */
        put(0x103000 + 0x1000 * n, (0x600000 + 0x1000 * n) | D_TABLE | D_AF);
    }
    /* VA of L2 entry n, L3 entry 0 = n << 21: bits 19:12 are 0 for all, one L2 set. */
    for (unsigned n = 0; n < 5; n++)
        assert_int_equal(pa_of(c, (uint64_t)n << 21), 0x600000 + 0x1000 * n);
    put(0x103000, 0x700000 | D_TABLE | D_AF);
    assert_int_equal(pa_of(c, 0), 0x700000);
    uint64_t misses = c->arch_tlb->stats.misses;
    assert_true(misses >= 6);
}

/* The L2 TLB itself: a 2 MiB block filled by an access in one set is removed by a TLBI by an
 * address of the block that indexes another set, and only by one inside it; page entries outside
 * the TLBI's page stay. (A TLBI by address looks in the set its address indexes and in the sets that
 * hold blocks.) */
static void test_tlbi_by_address_finds_blocks_in_any_set(void **state)
{
    (void)state;
    static struct tlb t;
    memset(&t, 0, sizeof(t));
    struct tlb_entry evicted, l1_evicted;
    struct tlb_entry block = { .va = 0x40200000, .pa = 0x80200000, .size_log2 = 21, .regime = TLB_EL10_NS,
                               .vmid = 1, .global = true, .s1_on = true, .s2_on = true };
    tlb_insert(&t, &block, 0x40234000, false, &evicted, &l1_evicted); /* set 0x34 */
    struct tlb_entry page = block;
    page.size_log2 = 12;
    for (unsigned n = 0; n < 4; n++) {
        page.va = page.pa = 0x10000000 + 0x1000 * n; /* sets 0..3 */
        tlb_insert(&t, &page, page.va, false, &evicted, &l1_evicted);
    }
    assert_int_equal(t.l2_large, 1);
    assert_int_equal(t.l2_large_in_set[0x34], 1);
    struct tlbi_request r = { .scope = TLBI_VA_ALL_ASID, .regime = TLB_EL10_NS, .vmid = 1, .va = 0x40400000 };
    assert_int_equal(tlb_invalidate(&t, &r).removed, 0);      /* just past the block */
    r.va = 0x40201000;                                          /* in the block, set 1 */
    struct tlbi_result res = tlb_invalidate(&t, &r);
    assert_int_equal(res.removed, 2); /* the L2 entry and its micro-TLB copy */
    assert_true(res.large);
    assert_int_equal(t.l2_large, 0);
    assert_int_equal(t.l2_large_in_set[0x34], 0);
    unsigned pages = 0;
    for (unsigned set = 0; set < TLB_L2_SETS; set++)
        for (unsigned w = 0; w < TLB_L2_WAYS; w++)
            pages += t.l2[set][w].valid;
    assert_int_equal(pages, 4); /* the page in set 1 is another VA: kept */
    r.va = 0x10001000;
    assert_int_equal(tlb_invalidate(&t, &r).removed, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stale_until_tlbi_va),
        cmocka_unit_test(test_asid_scope_keeps_global),
        cmocka_unit_test(test_vmid_scope),
        cmocka_unit_test(test_ipas2_keeps_combined_entries),
        cmocka_unit_test(test_stage2_only_entries),
        cmocka_unit_test(test_broadcast_reaches_other_core),
        cmocka_unit_test(test_el2_regime_invalidation),
        cmocka_unit_test(test_cached_permissions),
        cmocka_unit_test(test_capacity_eviction),
        cmocka_unit_test(test_tlbi_by_address_finds_blocks_in_any_set),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
