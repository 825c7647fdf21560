/* The inspection library (sim/inspect) on a Versal machine with hand-built two-stage tables: translate
 * against the core's own AT S12E1R / PAR_EL1, why after stage-2 faults the guest really took, the TLB
 * listing with a stale entry, stage-1/stage-2 ranges, the list registers, the timers, system-register
 * fields and exception summaries. Expected values come from the Arm ARM's descriptor, ESR and PAR
 * formats and Arm IHI 0069's list-register rules, worked out by hand from the tables below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/run.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "inspect/inspect.h"
#include "machine.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"
#include "versal/versal.h"

/* Descriptor bits (Arm ARM D5.3.3) */
#define D_TABLE 3ull
#define D_PAGE 3ull
#define D_BLOCK 1ull
#define D_AF (1ull << 10)
#define D_SH_INNER (3ull << 8)
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_AP_RO (1ull << 7) /* AP[2] */
#define S2_R (1ull << 6)
#define S2_W (1ull << 7)
#define S2_WB (0xfull << 2) /* MemAttr: Normal, outer and inner write-back */
#define S2_XN (1ull << 54)

/* Stage 2: 39-bit IPA, 4K granule, start level 1, tables at PA 0x200000.. */
#define S2_L1 0x200000ull
#define S2_L2 0x201000ull
#define S2_L3 0x202000ull
/* Stage 1: its tables at IPA 0x40000000.. = PA 0x600000.. (a 2 MiB stage-2 block) */
#define S1_L1_IPA 0x40000000ull
#define S1_L1_PA 0x600000ull
#define S1_L2_PA 0x601000ull
#define S1_L3_PA 0x602000ull
#define VBAR2 0x100000ull
#define VBAR1 0x110000ull
#define CODE_PA 0x800000ull /* VA 0x1000 -> IPA 0x40200000 -> PA 0x800000 */

static struct machine *m;
static struct cpu *c;

/* Text printed by one inspection call. */
static char *text;
static size_t text_len;
static FILE *out;

static void begin(void)
{
    free(text);
    text = NULL;
    out = open_memstream(&text, &text_len);
    assert_non_null(out);
}
static const char *end(void)
{
    fclose(out);
    return text;
}
#define CAPTURE(call) (begin(), (void)(call), end())
#define assert_contains(hay, needle)                                                                                  \
    do {                                                                                                              \
        if (!strstr((hay), (needle)))                                                                                 \
            fail_msg("expected \"%s\" in:\n%s", (needle), (hay));                                                   \
    } while (0)

static void build_tables(void)
{
    memset(harness_ram(m, S2_L1, 0x3000), 0, 0x3000);
    memset(harness_ram(m, S1_L1_PA, 0x3000), 0, 0x3000);
    /* Stage 2 */
    harness_put64(m, S2_L1 + 1 * 8, S2_L2 | D_TABLE);                                          /* IPA 1G..2G */
    harness_put64(m, S2_L2 + 0 * 8, 0x600000 | D_BLOCK | D_AF | D_SH_INNER | S2_R | S2_W | S2_WB | S2_XN); /* 0x40000000 */
    harness_put64(m, S2_L2 + 1 * 8, S2_L3 | D_TABLE);                                          /* 0x40200000 */
    harness_put64(m, S2_L3 + 0 * 8, 0x800000 | D_PAGE | D_AF | D_SH_INNER | S2_R | S2_W | S2_WB);
    harness_put64(m, S2_L3 + 1 * 8, 0x801000 | D_PAGE | D_AF | D_SH_INNER | S2_R | S2_WB);     /* read-only */
    /* L3[2], L3[3]: invalid */
    harness_put64(m, S2_L3 + 4 * 8, 0x804000 | D_PAGE | D_AF | D_SH_INNER | S2_R | S2_W | S2_WB);
    harness_put64(m, S2_L3 + 5 * 8, 0x805000 | D_PAGE | D_AF | D_SH_INNER | S2_R | S2_W | S2_WB);
    /* Stage 1 (descriptor addresses are IPAs) */
    harness_put64(m, S1_L1_PA + 0 * 8, (S1_L1_IPA + 0x1000) | D_TABLE);
    harness_put64(m, S1_L2_PA + 0 * 8, (S1_L1_IPA + 0x2000) | D_TABLE);
    harness_put64(m, S1_L2_PA + 1 * 8, 0x50000000 | D_TABLE); /* a table stage 2 does not map */
    harness_put64(m, S1_L3_PA + 1 * 8, 0x40200000 | D_PAGE | D_AF | D_SH_INNER | D_ATTR(1)); /* VA 0x1000 */
    harness_put64(m, S1_L3_PA + 2 * 8, 0x40201000 | D_PAGE | D_AF | D_SH_INNER | D_ATTR(1)); /* VA 0x2000 */
    harness_put64(m, S1_L3_PA + 3 * 8, 0x40202000 | D_PAGE | D_AF | D_SH_INNER | D_ATTR(1)); /* VA 0x3000 */
    harness_put64(m, S1_L3_PA + 4 * 8, 0x40204000 | D_PAGE | D_AF | D_SH_INNER | D_ATTR(1) | D_AP_RO); /* 0x4000 */
    harness_put64(m, S1_L3_PA + 5 * 8, 0x40205000 | D_PAGE | D_SH_INNER | D_ATTR(1));          /* 0x5000: AF 0 */
}

static int setup(void **state)
{
    (void)state;
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 64ull << 20 };
    m = versal_create(&cfg);
    assert_non_null(m);
    versal_boot(m, 0, false, 0); /* Non-secure EL2, GIC as TF-A leaves it */
    c = m->cpus[0];
    build_tables();
    c->sr.vtcr_el2 = 25 | 1u << 6 /* SL0: level 1 */ | 2u << 16 /* PS 40 bits */;
    c->sr.vttbr_el2 = 1ull << 48 | S2_L1;
    c->sr.hcr_el2 = HCR_EL2_VM | HCR_EL2_RW;
    c->sr.tcr_el1 = 25 | 1u << 23 /* EPD1 */ | 2ull << 32 /* IPS 40 bits */;
    c->sr.ttbr0_el1 = S1_L1_IPA;
    c->sr.mair_el1 = 0xffull << 8;
    c->sr.sctlr_el1 = 0x00C50838 | SCTLR_M;
    c->sr.vbar_el2 = VBAR2;
    c->sr.vbar_el1 = VBAR1;
    cpu_flush_fast_tlb(c);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    free(text);
    text = NULL;
    return 0;
}

static unsigned valid_tlb_entries(const struct tlb *t)
{
    unsigned n = 0;
    for (unsigned i = 0; i < TLB_L1I_ENTRIES; i++)
        n += t->l1i[i].valid;
    for (unsigned i = 0; i < TLB_L1D_ENTRIES; i++)
        n += t->l1d[i].valid;
    for (unsigned s = 0; s < TLB_L2_SETS; s++)
        for (unsigned w = 0; w < TLB_L2_WAYS; w++)
            n += t->l2[s][w].valid;
    return n;
}

/* AT S12E1R, x0 run by the core at EL2: PAR_EL1. */
static uint64_t at_s12e1r(uint64_t va)
{
    const uint32_t word = 0xd50c7880;
    harness_check_asm(word, 0, "at s12e1r, x0");
    c->pc = 0;
    c->x[0] = va;
    harness_run_word(c, word);
    return c->sr.par_el1;
}

/* The hex number after "prefix" in s. */
static uint64_t number_after(const char *s, const char *prefix)
{
    const char *p = strstr(s, prefix);
    if (!p)
        fail_msg("no \"%s\" in:\n%s", prefix, s);
    return strtoull(p + strlen(prefix), NULL, 16);
}

static void test_translate_two_stages_matches_at(void **state)
{
    (void)state;
    uint64_t cycles = c->cycles, walks = c->arch_tlb->stats.walks, icount = c->icount;
    unsigned entries = valid_tlb_entries(c->arch_tlb);
    const char *s = CAPTURE(inspect_translate(out, m, 0, 0x1123, INSPECT_EL1, -1));
    /* No trace of the inspection in the machine. */
    assert_int_equal(c->cycles, cycles);
    assert_int_equal(c->arch_tlb->stats.walks, walks);
    assert_int_equal(c->icount, icount);
    assert_int_equal(valid_tlb_entries(c->arch_tlb), entries);
    /* Each stage-1 descriptor fetch went through stage 2: the L1 table's IPA first. */
    assert_contains(s, "stage 1 of VA 0x0000000000001123: TTBR0_EL1 table at 0x40000000, 4K granule, 39-bit input, "
                       "start level 1");
    assert_contains(s, "stage 2 of IPA 0x40000000: VTTBR_EL2 table at 0x200000 (VMID 1)");
    assert_contains(s, "L1[0] at IPA 0x40000000 (PA 0x600000) = 0x0000000040001003: table at 0x40001000");
    assert_contains(s, "L3[1] at IPA 0x40002008 (PA 0x602008) = 0x0000000040200707: page of 4 KiB -> 0x40200000");
    assert_contains(s, "stage 2 of IPA 0x40200123");
    assert_contains(s, "L3[0] at PA 0x202000 = 0x00000000008007ff: page of 4 KiB -> 0x800000, MemAttr 0xf");
    assert_contains(s, "permissions: EL1 rwx EL0 ---");
    /* The result is the one the core's own AT gives. */
    uint64_t par = at_s12e1r(0x1123);
    assert_int_equal(par & 1, 0);
    uint64_t pa = number_after(s, "=> PA 0x");
    assert_int_equal(pa, (par & 0xfffffffff000ull) | 0x123);
    assert_int_equal(pa, 0x800123);
    assert_contains(s, "Normal oWB iWB, inner-shareable, Non-secure");
}

static void test_translate_fault_matches_at(void **state)
{
    (void)state;
    const char *s = CAPTURE(inspect_translate(out, m, 0, 0x3000, INSPECT_EL1, -1));
    /* IPA 0x40202000 has an invalid stage-2 L3 descriptor: stage-2 translation fault, level 3. */
    assert_contains(s, "=> stage-2 translation fault, level 3");
    assert_contains(s, "a read would report ESR_EL2 0x92000007 (DABT_LOW, FSC 0x07), FAR_EL2 0x3000, HPFAR_EL2 "
                       "0x402020 (IPA 0x40202000)");
    uint64_t par = at_s12e1r(0x3000);
    assert_int_equal(par & 1, 1);               /* F */
    assert_int_equal((par >> 1) & 0x3f, 0x07);  /* FST */
    assert_int_equal((par >> 9) & 1, 1);        /* S: stage 2 */
    /* A stage-1 table that stage 2 does not map: S1PTW. */
    s = CAPTURE(inspect_translate(out, m, 0, 0x200000, INSPECT_EL1, -1));
    assert_contains(s, "=> stage-2 translation fault, level 2, on the stage-1 walk (S1PTW)");
    assert_contains(s, "L3 descriptor at IPA 0x50000000: its stage-2 translation faults (S1PTW)");
    par = at_s12e1r(0x200000);
    assert_int_equal(par & 1, 1);
    assert_int_equal((par >> 1) & 0x3f, 0x06);
    assert_int_equal((par >> 8) & 1, 1);        /* PTW */
    /* Stage 1 only (AT S1E1R's view): the IPA. */
    s = CAPTURE(inspect_translate(out, m, 0, 0x3000, INSPECT_EL1_S1, -1));
    assert_int_equal(number_after(s, "=> IPA 0x"), 0x40202000);
    /* Stage 2 alone, and an IPA in the read-only page. */
    s = CAPTURE(inspect_translate(out, m, 0, 0x40201008, INSPECT_IPA, -1));
    assert_int_equal(number_after(s, "=> PA 0x"), 0x801008);
    assert_contains(s, "=> PA 0x801008, Normal oWB iWB, inner-shareable, Non-secure");
    assert_contains(s, "permissions: r-x");
}

static void test_translate_stage1_off_and_log_hook(void **state)
{
    (void)state;
    /* The core is at EL2 with its MMU off: the current regime is EL2's, flat. */
    const char *s = CAPTURE(inspect_translate(out, m, 0, 0x1234, INSPECT_CURRENT, -1));
    assert_contains(s, "translate 0x0000000000001234 on cpu0 in EL2\n");
    assert_contains(s, "stage 1 is off (SCTLR_EL2.M = 0): the PA is the VA");
    assert_contains(s, "=> PA 0x1234");
    /* Stage 1 of EL1&0 off, stage 2 on: only stage 2 is walked. */
    c->sr.sctlr_el1 &= ~SCTLR_M;
    s = CAPTURE(inspect_translate(out, m, 0, 0x40201008, INSPECT_EL1, -1));
    assert_contains(s, "stage 1 is off (SCTLR_EL1.M = 0 or HCR_EL2.DC): the IPA is the VA");
    assert_contains(s, "=> PA 0x801008");
    /* An ordinary walk never writes the log, even when one is attached. */
    c->sr.sctlr_el1 |= SCTLR_M;
    struct mmu_walk_log log = { .count = 0 };
    c->walk_log = &log;
    struct translation t;
    mmu_walk(c, MMU_EL1, 0x1000, MMU_READ, false, &t);
    c->walk_log = NULL;
    assert_false(t.fault);
    assert_int_equal(log.count, 0);
}

static void test_translate_errors(void **state)
{
    (void)state;
    begin();
    assert_int_equal(inspect_translate(out, m, 5, 0, INSPECT_EL1, -1), -1);
    assert_string_equal(end(), "no cpu5: the machine has 2 cores\n");
    begin();
    assert_int_equal(inspect_translate(out, m, 0, 0, INSPECT_EL1, 7), -1);
    assert_contains(end(), "VMID 7 is not loaded on any core");
    enum inspect_regime r;
    assert_true(inspect_regime_parse("S12", &r));
    assert_int_equal(r, INSPECT_EL1);
    assert_true(inspect_regime_parse("ipa", &r));
    assert_int_equal(r, INSPECT_IPA);
    assert_false(inspect_regime_parse("el4", &r));
}

/* Run one instruction at EL1 from VA 0x1000 (PA CODE_PA): it must take an exception to vector. */
static void run_el1_to(uint32_t word, uint64_t x0, unsigned el, uint64_t vector)
{
    assert_true(machine_write_phys(m, CODE_PA, &word, 4)); /* forgets the decoded instruction there */
    harness_enter(c, EL1, 1);
    c->pc = 0x1000;
    c->x[0] = x0;
    c->x[1] = 0x1234;
    cpu_flush_fast_tlb(c);
    (void)cpu_run(c, 1);
    assert_int_equal(c->pstate.el, el);
    assert_int_equal(c->pc, vector);
}

/* ... to EL2's lower-EL synchronous vector (a stage-2 fault). */
static void run_el1_faulting(uint32_t word, uint64_t x0)
{
    run_el1_to(word, x0, EL2, VBAR2 + 0x400);
}

static void test_why_stage2_translation_fault(void **state)
{
    (void)state;
    run_el1_faulting(0xf9400001 /* ldr x1, [x0] */, 0x3008);
    assert_int_equal((c->sr.esr_el2 >> 26) & 0x3f, EC_DABORT_LOWER);
    const char *s = CAPTURE(inspect_why(out, m, 0, -1));
    assert_contains(s, "cpu0: EC 0x24 DABT_LOW read, translation fault, level 3 (DFSC 0x07) ISV: 8-byte to x1");
    assert_contains(s, "FAR 0x3008 HPFAR 0x402020 (IPA 0x40202008), EL1 -> EL2 at pc 0x1000, VMID 1");
    assert_contains(s, "stage 2 of IPA 0x40202008 (HPFAR_EL2 and FAR's page offset) for a read:");
    assert_contains(s, "the stage-2 L3 descriptor at PA 0x202010 is 0x0000000000000000: bit 0 (valid) is 0");
}

static void test_why_stage2_permission_fault(void **state)
{
    (void)state;
    run_el1_faulting(0xf9000001 /* str x1, [x0] */, 0x2010);
    const char *s = CAPTURE(inspect_why(out, m, 0, -1));
    assert_contains(s, "write, permission fault, level 3 (DFSC 0x0f)");
    assert_contains(s, "the stage-2 L3 descriptor at PA 0x202008 is 0x000000000080177f: S2AP = RO: bit 7 (S2AP[1], "
                       "write) is 0, for a write");
    /* The guest's tables change: why says the walk no longer faults. */
    harness_put64(m, S2_L3 + 1 * 8, 0x801000 | D_PAGE | D_AF | S2_R | S2_W | S2_WB);
    s = CAPTURE(inspect_why(out, m, 0, -1));
    assert_contains(s, "the tables translate it now (to 0x801010)");
}

static void test_why_s1ptw(void **state)
{
    (void)state;
    run_el1_faulting(0xf9400001 /* ldr x1, [x0] */, 0x200000);
    const char *s = CAPTURE(inspect_why(out, m, 0, 2));
    assert_contains(s, "translation fault, level 2 (DFSC 0x06) S1PTW");
    assert_contains(s, "the stage-1 walk of VA 0x200000 in the EL1&0 regime");
    assert_contains(s, "the stage-2 L2 descriptor at PA 0x201400 is 0x0000000000000000: bit 0 (valid) is 0");
    /* Not an abort: nothing to explain. */
    c->sr.esr_el2 = (uint64_t)EC_HVC64 << 26 | 1u << 25 | 5;
    s = CAPTURE(inspect_why(out, m, 0, 2));
    assert_contains(s, "EC 0x16 HVC64 #0x5");
    assert_contains(s, "not an instruction or data abort");
}

static void test_why_stage1_faults(void **state)
{
    (void)state;
    /* A write to a read-only page at EL1: a stage-1 permission fault to EL1 (current-EL vector). */
    run_el1_to(0xf9000001 /* str x1, [x0] */, 0x4008, EL1, VBAR1 + 0x200);
    const char *s = CAPTURE(inspect_why(out, m, 0, -1));
    assert_contains(s, "cpu0: EC 0x25 DABT_CUR write, permission fault, level 3 (DFSC 0x0f)");
    assert_contains(s, "(ESR_EL1 0x");
    assert_contains(s, "stage 1 of VA 0x4008 in the EL1&0 regime:");
    assert_contains(s, "the stage-1 L3 descriptor at IPA 0x40002020 is 0x0000000040204787: AP[2:1] = 10 (EL1 RO, EL0 "
                       "none), for a write at EL1");
    /* A read of a page whose Access flag is 0. */
    run_el1_to(0xf9400001 /* ldr x1, [x0] */, 0x5000, EL1, VBAR1 + 0x200);
    s = CAPTURE(inspect_why(out, m, 0, 1));
    assert_contains(s, "read, access flag fault, level 3 (DFSC 0x0b)");
    assert_contains(s, "the stage-1 L3 descriptor at IPA 0x40002028 is 0x0000000040205307: AF (bit 10) is 0");
    /* Out of the TTBR0 range (T0SZ 25: 39 bits): a level-0 translation fault with no descriptor. */
    run_el1_to(0xf9400001 /* ldr x1, [x0] */, 1ull << 40, EL1, VBAR1 + 0x200);
    s = CAPTURE(inspect_why(out, m, 0, 1));
    assert_contains(s, "translation fault, level 0 (DFSC 0x04)");
    assert_contains(s, "the VA is outside the range of T0SZ (TCR_ELx), or TCR_EL1.EPD0 disables walks there");
}

static void test_tlb_listing_and_stale_entry(void **state)
{
    (void)state;
    harness_enter(c, EL1, 1);
    struct translation t;
    mmu_translate(c, MMU_EL1, 0x1000, MMU_READ, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, 0x800000);
    const char *s = CAPTURE(inspect_tlb(out, m, 0, -1, -1, true));
    assert_contains(s, "EL1&0   VMID   1 global   VA 0x0000000000001000 -> IPA 0x40200000 -> PA 0x800000, 4 KiB, "
                       "s1 L3, s2 L3\n");
    assert_contains(s, "2 entries, 0 stale, 0 not checked"); /* the L2 entry and its L1 D copy */
    /* The guest remaps VA 0x1000 without a TLBI: the entry is stale. */
    harness_put64(m, S1_L3_PA + 1 * 8, 0x40201000 | D_PAGE | D_AF | D_SH_INNER | D_ATTR(1));
    s = CAPTURE(inspect_tlb(out, m, 0, -1, -1, true));
    assert_contains(s, "STALE: the stage-1 leaf descriptor changed (a TLBI is missing)");
    assert_contains(s, "2 entries, 2 stale, 0 not checked");
    /* Filters. */
    s = CAPTURE(inspect_tlb(out, m, 0, 2, -1, false));
    assert_contains(s, "0 entries\n");
    /* Another VMID loaded: the entry cannot be checked against the tables. */
    c->sr.vttbr_el2 = 2ull << 48 | S2_L1;
    s = CAPTURE(inspect_tlb(out, m, 0, -1, -1, true));
    assert_contains(s, "(not checked: not the context loaded now)");
}

static void test_stage2_and_stage1_ranges(void **state)
{
    (void)state;
    const char *s = CAPTURE(inspect_s2(out, m, 0, -1));
    assert_contains(s, "cpu0 stage 2, VMID 1, VTTBR_EL2 0x1000000200000");
    assert_contains(s, "  0x0000000040000000-0x00000000401fffff -> 0x600000     2 MiB  MemAttr 0xf (Normal oWB iWB), "
                       "S2AP RW, inner-shareable, AF, XN\n");
    assert_contains(s, "  0x0000000040200000-0x0000000040200fff -> 0x800000     4 KiB  MemAttr 0xf (Normal oWB iWB), "
                       "S2AP RW");
    assert_contains(s, "  0x0000000040201000-0x0000000040201fff -> 0x801000     4 KiB  MemAttr 0xf (Normal oWB iWB), "
                       "S2AP RO");
    /* Two adjacent pages with the same attributes and contiguous output are one range. */
    assert_contains(s, "  0x0000000040204000-0x0000000040205fff -> 0x804000     8 KiB");
    s = CAPTURE(inspect_s1(out, m, 0, INSPECT_EL1));
    assert_contains(s, "cpu0 EL1&0 stage 1 (output: IPA):");
    assert_contains(s, "  0x0000000000001000-0x0000000000003fff -> 0x40200000    12 KiB  AttrIndx 1 (Normal oWB iWB)");
    assert_contains(s, "(some stage-1 tables are not mapped by stage 2: their ranges were skipped)");
    s = CAPTURE(inspect_s1(out, m, 0, INSPECT_EL2));
    assert_contains(s, "cpu0 EL2 stage 1 is off");
}

/* ICH_LR<n>_EL2 fields (Arm IHI 0069 12.4.6) */
#define LR_PENDING (1ull << 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_PRIO(p) ((uint64_t)(p) << 48)
#define LR_PINTID(p) ((uint64_t)(p) << 32)

static void debugger_set(const char *name, uint64_t v)
{
    const struct sysreg_info *r = inspect_sysreg_lookup(name);
    assert_non_null(r);
    assert_true(inspect_sysreg_write(c, r, v));
}

static void test_list_registers(void **state)
{
    (void)state;
    debugger_set("ICH_VMCR_EL2", 1u << 1 /* VENG1 */ | 0xf0u << 24);
    debugger_set("ICH_LR0_EL2", LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0xa0) | LR_PINTID(27) | 27);
    debugger_set("ICH_HCR_EL2", 1u << 0 /* En */ | 1u << 1 /* UIE */);
    const char *s = CAPTURE(inspect_gic_lrs(out, m, 0));
    assert_contains(s, "  LR0 0x70a0001b0000001b  vINTID 27, pending, HW, Group1, priority 0xa0, pINTID 27\n");
    assert_contains(s, "  LR1 0x0000000000000000  empty\n");
    /* Three empty LRs; one valid LR with UIE: underflow (MISR.U). */
    assert_contains(s, "ICH_ELRSR_EL2 0xe (empty LRs), ICH_EISR_EL2 0x0 (EOI maintenance requests), ICH_MISR_EL2 0x2  U");
    assert_contains(s, "maintenance interrupt (PPI 25): asserted; its PPI: G1NS prio 0x00 level disabled (line high)");
    assert_contains(s, "because U: ICH_HCR_EL2.UIE and at most one list register holds a valid interrupt");
    /* A second valid LR ends the underflow. */
    debugger_set("ICH_LR1_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 40);
    s = CAPTURE(inspect_gic_lrs(out, m, 0));
    assert_contains(s, "ICH_MISR_EL2 0x0");
    assert_contains(s, "maintenance interrupt (PPI 25): not asserted; its PPI: G1NS prio 0x00 level disabled\n");
    /* A read that would acknowledge an interrupt is refused. */
    uint64_t v = 0;
    assert_false(inspect_sysreg_read(c, inspect_sysreg_lookup("ICC_IAR1_EL1"), &v));
    s = CAPTURE(inspect_sysreg(out, m, 0, "ICC_IAR1_EL1"));
    assert_contains(s, "(not read: reading it acknowledges an interrupt)");
    s = CAPTURE(inspect_gic(out, m));
    assert_contains(s, "GICD_CTLR 0x");
    assert_contains(s, "cpu1: redistributor");
}

/* The line of s that starts with name (after its indent). */
static void timer_line(const char *s, const char *name, char *line, size_t len)
{
    const char *p = strstr(s, name);
    if (!p)
        fail_msg("no \"%s\" in:\n%s", name, s);
    snprintf(line, len, "%.*s", (int)strcspn(p, "\n"), p);
}

static void test_timers(void **state)
{
    (void)state;
    const char *s = CAPTURE(inspect_timers(out, m, 0));
    uint64_t vcount = number_after(s, "(CNTVCT 0x");
    assert_contains(s, "CNTFRQ 100000000 Hz");
    debugger_set("CNTV_CVAL_EL0", vcount + 1000);
    debugger_set("CNTV_CTL_EL0", 1);
    debugger_set("CNTP_CVAL_EL0", 0);
    debugger_set("CNTP_CTL_EL0", 1);
    s = CAPTURE(inspect_timers(out, m, 0));
    /* 1000 counts at 100 MHz: 10 us. */
    char line[512];
    timer_line(s, "EL1 virtual (CNTV)", line, sizeof(line));
    assert_contains(line, "CTL 0x1 (ENABLE) CVAL");
    assert_contains(line, "fires in 1000 counts (10000 ns); output low; PPI 27: G1NS");
    /* CVAL 0 has passed: ISTATUS, the output and the PPI's line are high. */
    timer_line(s, "EL1 physical (CNTP)", line, sizeof(line));
    assert_contains(line, "CTL 0x5 (ENABLE ISTATUS)");
    assert_contains(line, "output high; PPI 30:");
    assert_contains(line, "(line high)");
    /* IMASK: the output goes low. */
    debugger_set("CNTP_CTL_EL0", 3);
    s = CAPTURE(inspect_timers(out, m, 0));
    timer_line(s, "EL1 physical (CNTP)", line, sizeof(line));
    assert_contains(line, "CTL 0x7 (ENABLE IMASK ISTATUS)");
    assert_contains(line, "output low");
}

static void test_sysreg_fields(void **state)
{
    (void)state;
    c->sr.hcr_el2 = HCR_EL2_VM | HCR_EL2_IMO | HCR_EL2_FMO | HCR_EL2_RW;
    const char *s = CAPTURE(inspect_sysreg(out, m, 0, "hcr_el2"));
    assert_string_equal(s, "HCR_EL2          0x0000000080000019  VM FMO IMO RW\n");
    s = CAPTURE(inspect_sysreg(out, m, 0, "ICH_LR?_EL2"));
    assert_contains(s, "ICH_LR0_EL2");
    assert_contains(s, "ICH_LR3_EL2      0x0000000000000000  empty\n");
    s = CAPTURE(inspect_sysreg(out, m, 0, "VTTBR_EL2"));
    assert_contains(s, "VMID=0x1 BADDR=0x200000");
    c->spsr_el[EL2] = 0x3c5; /* EL1h, DAIF masked */
    s = CAPTURE(inspect_sysreg(out, m, 0, "SPSR_EL2"));
    assert_contains(s, "M=EL1h nzcv DAIF=DAIF");
    begin();
    assert_int_equal(inspect_sysreg(out, m, 0, "FOO_EL9"), -1);
    assert_string_equal(end(), "no system register is named 'FOO_EL9'\n");
    /* Lookup by name: registers, not system instructions. */
    assert_non_null(inspect_sysreg_lookup("vttbr_el2"));
    assert_string_equal(inspect_sysreg_name(inspect_sysreg_lookup("vttbr_el2")), "VTTBR_EL2");
    assert_null(inspect_sysreg_lookup("NO_SUCH_REG"));
    uint64_t v = 0;
    assert_true(inspect_sysreg_read(c, inspect_sysreg_lookup("HCR_EL2"), &v));
    assert_int_equal(v, c->sr.hcr_el2);
    assert_false(inspect_sysreg_write(c, inspect_sysreg_lookup("ICC_SGI1R_EL1"), 0));
}

static void count_row(const struct sysreg_info *r, void *arg)
{
    assert_false(r->flags & SYSREG_INSN);
    ++*(unsigned *)arg;
}

static void test_sysreg_iterator(void **state)
{
    (void)state;
    unsigned n = 0;
    inspect_sysreg_for_each(count_row, &n);
    assert_true(n > 100);
}

static void test_exception_summaries(void **state)
{
    (void)state;
    char buf[256];
    struct inspect_exception e = { .esr = (uint64_t)EC_HVC64 << 26 | 1u << 25 | 5, .from_pc = 0x40001004,
                                   .from_el = 1, .to_el = 2, .vmid = 2, .core = 1 };
    assert_string_equal(inspect_exception_summary(buf, sizeof(buf), &e),
                        "cpu1: EC 0x16 HVC64 #0x5 (ESR_EL2 0x5a000005), EL1 -> EL2 at pc 0x40001004, VMID 2");
    /* MRS x3, CNTPCT_EL0 trapped: Op0 3, Op2 1, Op1 3, CRn 14, Rt 3, CRm 0, read. */
    e.esr = (uint64_t)EC_SYSREG << 26 | 1u << 25 | 3u << 20 | 1u << 17 | 3u << 14 | 14u << 10 | 3u << 5 | 1;
    assert_contains(inspect_exception_summary(buf, sizeof(buf), &e), "EC 0x18 SYS64 MRS x3, CNTPCT_EL0");
    /* The same register written: MSR. */
    e.esr &= ~1ull;
    assert_contains(inspect_exception_summary(buf, sizeof(buf), &e), "MSR CNTPCT_EL0, x3");
    /* A data abort to EL1 from EL1: FAR, no HPFAR, no VMID. */
    e = (struct inspect_exception){ .esr = (uint64_t)EC_DABORT_SAME << 26 | 1u << 25 | 1u << 6 | 0x0d, .far = 0xdead0,
                                    .from_pc = 0x80, .from_el = 2, .to_el = 2, .core = -1 };
    assert_string_equal(inspect_exception_summary(buf, sizeof(buf), &e),
                        "EC 0x25 DABT_CUR write, permission fault, level 1 (DFSC 0x0d) (ESR_EL2 0x9600004d) FAR 0xdead0, "
                        "EL2 -> EL2 at pc 0x80");
    /* Truncation keeps a terminated string. */
    char small[16];
    inspect_exception_summary(small, sizeof(small), &e);
    assert_int_equal(strlen(small), sizeof(small) - 1);
}

static void test_cpus(void **state)
{
    (void)state;
    const char *s = CAPTURE(inspect_cpus(out, m));
    assert_contains(s, "cpu0: running pc 0x0000000000000000 EL2h VMID 0");
    assert_contains(s, "cpu1: off");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_translate_two_stages_matches_at, setup, teardown),
        cmocka_unit_test_setup_teardown(test_translate_fault_matches_at, setup, teardown),
        cmocka_unit_test_setup_teardown(test_translate_stage1_off_and_log_hook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_translate_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_why_stage2_translation_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_why_stage2_permission_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_why_s1ptw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_why_stage1_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tlb_listing_and_stale_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stage2_and_stage1_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sysreg_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sysreg_iterator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exception_summaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpus, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
