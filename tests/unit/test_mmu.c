/* The translation table walker on hand-built tables: granules, start levels, blocks, faults and their
 * levels, permissions, stage 2 with concatenated start tables, S1PTW, attribute combination.
 * Expected values follow the Arm ARM's descriptor formats (D5.3) and AArch64.CheckPermission. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "machine.h"
#include "mmu/mmu.h"

#define RAM_SIZE (64u << 20)

/* Descriptor bits (D5.3.3) */
#define D_VALID 1ull
#define D_TABLE 3ull     /* table (levels 0-2) or page (level 3) */
#define D_BLOCK 1ull
#define D_AF (1ull << 10)
#define D_AP_RO (1ull << 7)   /* AP[2] */
#define D_AP_EL0 (1ull << 6)  /* AP[1] */
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_APTABLE_NO_EL0 (1ull << 61)
#define D_APTABLE_RO (1ull << 62)
#define D_XNTABLE (1ull << 60)
#define S2_AP_R (1ull << 6)
#define S2_AP_W (1ull << 7)
#define S2_XN (1ull << 54)
#define S2_MEMATTR(a) ((uint64_t)(a) << 2)

static struct machine *m;
static struct cpu *c;

static int setup(void **state)
{
    (void)state;
    m = harness_machine(1, RAM_SIZE);
    c = m->cpus[0];
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE;
    harness_enter(c, EL1, 1);
    /* MAIR: index 0 Device-nGnRnE, 1 Normal WB, 2 Normal NC, 3 Device-nGnRE */
    c->sr.mair_el1 = 0x00ull | 0xffull << 8 | 0x44ull << 16 | 0x04ull << 24;
    c->sr.mair_el2 = c->sr.mair_el1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

static void clear_tables(void)
{
    memset(harness_ram(m, 0x100000, 0x100000), 0, 0x100000);
}

/* EL1&0 stage 1, 4K granule, T0SZ = 25 (39-bit VA): start at level 1. */
static void el1_4k_39(void)
{
    c->sr.tcr_el1 = 25 | (0ull << 14) /* TG0 4K */ | (2ull << 32) /* IPS 40 bits */ | (1ull << 23) /* EPD1 */;
    c->sr.ttbr0_el1 = 0x100000;
    c->sr.sctlr_el1 = 0x00C50838 | SCTLR_M;
    c->sr.hcr_el2 = HCR_EL2_RW;
}

/* A fresh walk: these tests rewrite descriptors between translations, which the TLB would hide. */
static void translate(enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    mmu_walk(c, idx, va, acc, false, t);
}

static void test_4k_page_and_block(void **state)
{
    (void)state;
    clear_tables();
    el1_4k_39();
    /* L1[0] -> table at 0x101000; L2[1] -> table 0x102000; L3[2] -> page 0x345000.
     * VA 0x00202123: L1 index = VA[38:30] = 0, L2 index = VA[29:21] = 1, L3 index = VA[20:12] = 2. */
    harness_put64(m, 0x100000 + 0 * 8, 0x101000 | D_TABLE);
    harness_put64(m, 0x101000 + 1 * 8, 0x102000 | D_TABLE);
    harness_put64(m, 0x102000 + 2 * 8, 0x345000 | D_TABLE | D_AF | D_ATTR(1) | (3ull << 8));
    struct translation t;
    translate(MMU_EL1, 0x00202123, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x345123);
    assert_int_equal(t.attr, 0xff);
    assert_false(t.device);
    assert_int_equal(t.level, 3);
    /* A 1 GiB block at L1[1]: VA 0x40000000 + x -> 0x80000000 + x (beyond RAM is fine: no access made). */
    harness_put64(m, 0x100000 + 1 * 8, 0x80000000 | D_BLOCK | D_AF | D_ATTR(0));
    translate(MMU_EL1, 0x40001234, MMU_WRITE, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x80001234);
    assert_true(t.device);
    assert_int_equal(t.level, 1);
    /* A 2 MiB block at L2[2]: VA 0x00400000 + x. */
    harness_put64(m, 0x101000 + 2 * 8, 0x00600000 | D_BLOCK | D_AF | D_ATTR(2));
    translate(MMU_EL1, 0x00412345, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x00612345);
    assert_int_equal(t.attr, 0x44);
}

static void test_4k_faults_and_levels(void **state)
{
    (void)state;
    clear_tables();
    el1_4k_39();
    struct translation t;
    /* Invalid L1 entry: translation fault, level 1. */
    translate(MMU_EL1, 0x1000, MMU_READ, &t);
    assert_true(t.fault);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0 + 1);
    assert_false(t.stage2);
    /* Outside the 39-bit TTBR0 region: level 0 translation fault. */
    translate(MMU_EL1, 1ull << 39, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0);
    /* TTBR1 region disabled by EPD1: level 0 translation fault. */
    translate(MMU_EL1, 0xffffffffffff0000ull, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0);
    /* Level-3 entry with bits[1:0] = 01 is reserved: translation fault level 3. */
    harness_put64(m, 0x100000, 0x101000 | D_TABLE);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE);
    harness_put64(m, 0x102000, 0x345000 | D_BLOCK | D_AF);
    translate(MMU_EL1, 0x0, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0 + 3);
    /* Access flag clear: access flag fault at the leaf level. */
    harness_put64(m, 0x102000, 0x345000 | D_TABLE);
    translate(MMU_EL1, 0x0, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_ACCESS_FLAG_L0 + 3);
    /* Output address above IPS (40 bits): address size fault at the leaf's level. */
    harness_put64(m, 0x102000, (1ull << 41) | D_TABLE | D_AF);
    translate(MMU_EL1, 0x0, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_ADDR_SIZE_L0 + 3);
    /* A next-level table address above IPS: address size fault at the table descriptor's level. */
    harness_put64(m, 0x101000, (1ull << 42) | D_TABLE);
    translate(MMU_EL1, 0x0, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_ADDR_SIZE_L0 + 2);
    /* A level-3 table in no memory: the fetch of the level-3 descriptor aborts: external abort on the
     * walk, reported at the level of that lookup (3). */
    harness_put64(m, 0x101000, 0x7f000000ull | D_TABLE);
    translate(MMU_EL1, 0x0, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_SYNC_EXTERNAL_WALK_L0 + 3);
}

static void test_4k_48bit_level0_start(void **state)
{
    (void)state;
    clear_tables();
    el1_4k_39();
    c->sr.tcr_el1 = 16 | (5ull << 32) | (1ull << 23); /* T0SZ 16: 48-bit VA, start level 0; IPS 48 -> 44 */
    /* VA 0x0000_0080_0020_3abc: L0 idx = VA[47:39] = 1, L1 idx = VA[38:30] = 0, L2 idx = 1, L3 idx = 3 */
    harness_put64(m, 0x100000 + 8, 0x101000 | D_TABLE);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE);
    harness_put64(m, 0x102000 + 8, 0x103000 | D_TABLE);
    harness_put64(m, 0x103000 + 3 * 8, 0x777000 | D_TABLE | D_AF);
    struct translation t;
    translate(MMU_EL1, 0x0000008000203abcull, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x777abc);
    /* A block descriptor at level 0 is invalid with 4K: translation fault level 0. */
    harness_put64(m, 0x100000 + 2 * 8, 0x0 | D_BLOCK | D_AF);
    translate(MMU_EL1, 0x0000010000000000ull, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0 + 0);
}

static void test_64k_granule(void **state)
{
    (void)state;
    clear_tables();
    el1_4k_39();
    /* 64K granule, T0SZ = 22 (42-bit VA): 42 - 16 = 26 bits = two levels of 13: start level 2. */
    c->sr.tcr_el1 = 22 | (1ull << 14) | (2ull << 32) | (1ull << 23);
    c->sr.ttbr0_el1 = 0x100000;
    uint64_t va = (5ull << 29) | (7ull << 16) | 0x1234; /* L2 idx 5, L3 idx 7 */
    harness_put64(m, 0x100000 + 5 * 8, 0x120000 | D_TABLE);      /* 64K-aligned next table */
    harness_put64(m, 0x120000 + 7 * 8, 0x3450000 | D_TABLE | D_AF);
    struct translation t;
    translate(MMU_EL1, va, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x3451234);
    /* A 512 MiB block at level 2 with 64K. */
    harness_put64(m, 0x100000 + 6 * 8, 0x20000000 | D_BLOCK | D_AF);
    translate(MMU_EL1, (6ull << 29) | 0xabcdef, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x20abcdef);
}

static void test_16k_setting_behaves_as_4k(void **state)
{
    (void)state;
    clear_tables();
    el1_4k_39();
    c->sr.tcr_el1 = 25 | (2ull << 14) /* TG0 = 16K: not implemented on the A72 */ | (2ull << 32) | (1ull << 23);
    harness_put64(m, 0x100000, 0x101000 | D_TABLE);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE);
    harness_put64(m, 0x102000 + 8, 0x888000 | D_TABLE | D_AF);
    struct translation t;
    translate(MMU_EL1, 0x1010, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x888010);
}

static void map_page(uint64_t va_l3_index, uint64_t pa, uint64_t attrs)
{
    harness_put64(m, 0x100000, 0x101000 | D_TABLE);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE);
    harness_put64(m, 0x102000 + va_l3_index * 8, pa | D_TABLE | D_AF | attrs);
}

static void expect_perm(enum mmu_idx idx, uint64_t va, enum mmu_access acc, bool allowed)
{
    struct translation t;
    translate(idx, va, acc, &t);
    if (allowed) {
        assert_false(t.fault);
    } else {
        assert_true(t.fault);
        assert_int_equal(t.fsc, FSC_PERMISSION_L0 + 3);
    }
}

static void test_permissions_el10(void **state)
{
    (void)state;
    clear_tables();
    el1_4k_39();
    map_page(0, 0x400000, 0);                       /* AP 00: EL1 RW, EL0 none */
    map_page(1, 0x401000, D_AP_EL0);                /* AP 01: EL1 RW, EL0 RW (so EL1 may not execute) */
    map_page(2, 0x402000, D_AP_RO);                 /* AP 10: EL1 RO */
    map_page(3, 0x403000, D_AP_RO | D_AP_EL0);      /* AP 11: EL1 RO, EL0 RO */
    map_page(4, 0x404000, D_AP_RO | D_AP_EL0 | D_UXN);
    map_page(5, 0x405000, D_PXN);
    expect_perm(MMU_EL1, 0x0000, MMU_WRITE, true);
    expect_perm(MMU_EL0, 0x0000, MMU_READ, false);
    expect_perm(MMU_EL1, 0x0000, MMU_FETCH, true);
    expect_perm(MMU_EL0, 0x1000, MMU_WRITE, true);
    expect_perm(MMU_EL1, 0x1000, MMU_FETCH, false);  /* EL0-writable implies PXN */
    expect_perm(MMU_EL0, 0x1000, MMU_FETCH, true);
    expect_perm(MMU_EL1, 0x2000, MMU_WRITE, false);
    expect_perm(MMU_EL1, 0x2000, MMU_READ, true);
    expect_perm(MMU_EL0, 0x3000, MMU_READ, true);
    expect_perm(MMU_EL0, 0x3000, MMU_WRITE, false);
    expect_perm(MMU_EL0, 0x3000, MMU_FETCH, true);
    expect_perm(MMU_EL0, 0x4000, MMU_FETCH, false);  /* UXN */
    expect_perm(MMU_EL1, 0x4000, MMU_FETCH, true);
    expect_perm(MMU_EL1, 0x5000, MMU_FETCH, false);  /* PXN */
    /* SCTLR_EL1.WXN: writable means never executable. */
    c->sr.sctlr_el1 |= SCTLR_WXN;
    expect_perm(MMU_EL1, 0x0000, MMU_FETCH, false);
    expect_perm(MMU_EL1, 0x2000, MMU_FETCH, true);
    c->sr.sctlr_el1 &= ~SCTLR_WXN;
    /* APTable in the level-2 descriptor: no EL0 access, read-only below it. */
    harness_put64(m, 0x101000, 0x102000 | D_TABLE | D_APTABLE_NO_EL0);
    expect_perm(MMU_EL0, 0x3000, MMU_READ, false);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE | D_APTABLE_RO);
    expect_perm(MMU_EL1, 0x0000, MMU_WRITE, false);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE | D_XNTABLE);
    expect_perm(MMU_EL0, 0x3000, MMU_FETCH, false);
}

static void test_el2_regime(void **state)
{
    (void)state;
    clear_tables();
    /* EL2: T0SZ 25, 4K, PS 40 bits; AP[1] is ignored (one privilege level), AP[2] read-only, XN. */
    c->sr.tcr_el2 = 25 | (2ull << 16);
    c->sr.ttbr0_el2 = 0x100000;
    c->sr.sctlr_el2 = 0x30C50838 | SCTLR_M;
    map_page(0, 0x500000, D_ATTR(1));
    map_page(1, 0x501000, D_AP_RO | D_UXN);
    struct translation t;
    translate(MMU_EL2, 0x0042, MMU_WRITE, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x500042);
    translate(MMU_EL2, 0x1000, MMU_WRITE, &t);
    assert_int_equal(t.fsc, FSC_PERMISSION_L0 + 3);
    translate(MMU_EL2, 0x1000, MMU_FETCH, &t);
    assert_int_equal(t.fsc, FSC_PERMISSION_L0 + 3);
    /* EL2 has one VA range: an address with top bits set is a level-0 translation fault. */
    translate(MMU_EL2, 0xffffffffff000000ull, MMU_READ, &t);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0);
    c->sr.sctlr_el2 &= ~SCTLR_M;
}

/* Stage 2: 4K, T0SZ = 24 (40-bit IPA), SL0 = 1 (start level 1): the level-1 table resolves
 * IPA[39:30] = 10 bits, so two concatenated 4K tables (8 KiB, 8 KiB-aligned). */
static void s2_setup(void)
{
    c->sr.vtcr_el2 = 24 | (1ull << 6) | (2ull << 16);
    c->sr.vttbr_el2 = 0x180000 | (5ull << 48);
    c->sr.hcr_el2 = HCR_EL2_RW | HCR_EL2_VM;
}

static void test_stage2_concatenated(void **state)
{
    (void)state;
    clear_tables();
    s2_setup();
    c->sr.sctlr_el1 = 0x00C50838; /* stage 1 off: IPA = VA */
    /* IPA 0x80_4000_1000 (bit 39 set): L1 index = IPA[39:30] = 0x201 -> in the second table. */
    uint64_t ipa = (1ull << 39) | (1ull << 30) | 0x1000;
    harness_put64(m, 0x180000 + 0x201 * 8, 0x190000 | D_TABLE);
    harness_put64(m, 0x190000 + 0 * 8, 0x1a0000 | D_TABLE);
    harness_put64(m, 0x1a0000 + 1 * 8, 0x654000 | D_TABLE | D_AF | S2_AP_R | S2_MEMATTR(0xf));
    struct translation t;
    translate(MMU_EL1, ipa | 0x10, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x654010);
    /* Stage 1 off gives Device-nGnRnE data; combined with Normal WB stage 2 it stays Device. */
    assert_true(t.device);
    /* Write: S2AP has no write permission -> stage-2 permission fault level 3 with the IPA. */
    translate(MMU_EL1, ipa | 0x10, MMU_WRITE, &t);
    assert_true(t.fault);
    assert_true(t.stage2);
    assert_false(t.s1ptw);
    assert_int_equal(t.fsc, FSC_PERMISSION_L0 + 3);
    assert_int_equal(t.ipa, ipa | 0x10);
    /* Stage-2 XN stops instruction fetches. */
    harness_put64(m, 0x1a0000 + 1 * 8, 0x654000 | D_TABLE | D_AF | S2_AP_R | S2_XN | S2_MEMATTR(0xf));
    translate(MMU_EL1, ipa, MMU_FETCH, &t);
    assert_true(t.stage2);
    assert_int_equal(t.fsc, FSC_PERMISSION_L0 + 3);
    /* An IPA beyond 40 bits: stage-2 translation fault, level 0. */
    translate(MMU_EL1, 1ull << 40, MMU_READ, &t);
    assert_true(t.stage2);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0);
    /* SL0 = 0 (start level 2) with a 40-bit IPA needs 1024 tables: inconsistent -> level 0 fault. */
    c->sr.vtcr_el2 = 24 | (0ull << 6) | (2ull << 16);
    translate(MMU_EL1, 0x1000, MMU_READ, &t);
    assert_true(t.stage2);
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0);
    c->sr.hcr_el2 = HCR_EL2_RW;
}

static void test_s1ptw_fault_reports_stage2_level(void **state)
{
    (void)state;
    clear_tables();
    s2_setup();
    el1_4k_39();
    c->sr.hcr_el2 = HCR_EL2_RW | HCR_EL2_VM;
    /* Stage 2 maps IPA 0..2 MiB (one L2 block via L1[0] -> L2 table) read/write to PA 0..2 MiB, but the
     * stage-1 table at IPA 0x100000 lies in it; IPA 0x200000.. (the level-2 table of stage 1) is unmapped. */
    harness_put64(m, 0x180000, 0x190000 | D_TABLE);
    harness_put64(m, 0x190000, 0x000000 | D_BLOCK | D_AF | S2_AP_R | S2_AP_W | S2_MEMATTR(0xf));
    harness_put64(m, 0x100000, 0x200000 | D_TABLE);   /* stage-1 L1[0] -> IPA 0x200000, not mapped at stage 2 */
    struct translation t;
    translate(MMU_EL1, 0x5000, MMU_READ, &t);
    assert_true(t.fault);
    assert_true(t.stage2);
    assert_true(t.s1ptw);
    assert_int_equal(t.ipa, 0x200000);
    /* The stage-2 lookup of IPA 0x200000 found an invalid L2 entry (index 1): level 2. */
    assert_int_equal(t.fsc, FSC_TRANSLATION_L0 + 2);
    c->sr.hcr_el2 = HCR_EL2_RW;
}

static void test_attribute_combination(void **state)
{
    (void)state;
    clear_tables();
    s2_setup();
    el1_4k_39();
    c->sr.hcr_el2 = HCR_EL2_RW | HCR_EL2_VM;
    harness_put64(m, 0x180000, 0x190000 | D_TABLE);
    /* Stage 2: IPA 0..2 MiB Normal WB, 2..4 MiB Device-nGnRE (MemAttr 0b0001). */
    harness_put64(m, 0x190000, 0x000000 | D_BLOCK | D_AF | S2_AP_R | S2_AP_W | S2_MEMATTR(0xf));
    harness_put64(m, 0x190008, 0x200000 | D_BLOCK | D_AF | S2_AP_R | S2_AP_W | S2_MEMATTR(0x1));
    /* Stage 1: VA 0 -> IPA 0x1000 Normal NC (index 2); VA 0x1000 -> IPA 0x201000 Normal WB (index 1). */
    harness_put64(m, 0x100000, 0x101000 | D_TABLE);
    harness_put64(m, 0x101000, 0x102000 | D_TABLE);
    harness_put64(m, 0x102000, 0x001000 | D_TABLE | D_AF | D_ATTR(2));
    harness_put64(m, 0x102008, 0x201000 | D_TABLE | D_AF | D_ATTR(1));
    struct translation t;
    translate(MMU_EL1, 0x10, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x1010);
    assert_int_equal(t.attr, 0x44);          /* NC wins over WB */
    translate(MMU_EL1, 0x1010, MMU_READ, &t);
    assert_false(t.fault);
    assert_true(t.device);                   /* Device at stage 2 wins */
    assert_int_equal(t.attr, 0x04);          /* Device-nGnRE */
    c->sr.hcr_el2 = HCR_EL2_RW;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_4k_page_and_block),
        cmocka_unit_test(test_4k_faults_and_levels),
        cmocka_unit_test(test_4k_48bit_level0_start),
        cmocka_unit_test(test_64k_granule),
        cmocka_unit_test(test_16k_setting_behaves_as_4k),
        cmocka_unit_test(test_permissions_el10),
        cmocka_unit_test(test_el2_regime),
        cmocka_unit_test(test_stage2_concatenated),
        cmocka_unit_test(test_s1ptw_fault_reports_stage2_level),
        cmocka_unit_test(test_attribute_combination),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
