/* Two-stage translation end to end: a minimal EL2 hypervisor builds stage-2 tables (4K granule,
 * 32-bit IPA starting at level 2 with four concatenated tables, VMID 1) for an EL1 guest running
 * with its own stage 1 (4K pages and 2 MiB blocks). Checks that translation works, and that every
 * fault arrives at the right EL with the exact ESR, FAR and HPFAR_EL2 (Arm ARM D5.4 permissions,
 * D5.5 faults, AArch64.FaultSyndrome, D17.2.37 ESR_ELx ISS encoding for Data Aborts): stage-1
 * faults to EL1, stage-2 faults to EL2, stage-2 faults on stage-1 walks (S1PTW), stage-2
 * instruction aborts, and MMIO-style stage-2 data aborts whose instruction syndrome the EL2 handler
 * uses to emulate the access. */
#include "mmu_pt.h"

#define VA_TEST 0x40000000ull     /* 4K pages, one per case below */
#define VA_S1PTW 0x40200000ull    /* its L3 table is at an IPA that stage 2 does not map */
#define VA_ALIAS 0x40400000ull    /* 2 MiB block -> IPA 0 (the identity region) */
#define VA_MMIO 0x40600000ull     /* 2 MiB Device block -> MMIO_IPA */
#define VA_PTW 0x40800000ull      /* its L3 table is reached through a stage-2 Device mapping */
#define VA_S1_L1_HOLE 0x80000000ull
#define IPA_DATA 0x10000000ull
#define IPA_NO_TABLE 0x20000000ull
#define IPA_DEVICE_TABLES 0x09400000ull
#define IDENTITY_SIZE 0x00800000ull

enum {
    P_OK0, P_OK1, P_S1_INVALID, P_S1_RO, P_S1_NOAF, P_S2_INVALID, P_S2_RO, P_S2_NOAF,
    P_S2_XN, P_S2_FETCH_INVALID, P_CODE, P_S2_WO, P_S2_NONE, NPAGES
};
#define VA(p) (VA_TEST + (uint64_t)(p) * 0x1000)
#define IPA(p) (IPA_DATA + (uint64_t)(p) * 0x1000)
#define MARKER(p) (0x5EED000000000000ull | (uint64_t)(p) << 8)

static uint64_t data_pages[NPAGES][512] __attribute__((aligned(4096)));
static volatile uint64_t alias_var = 0xA11A5A11A5ull;
static struct pt s1, s2;
static uint64_t *s1_l3;          /* the stage-1 L3 table of VA_TEST */

PROBE(rd64, "ldr x0, [x0]");
PROBE(wr64, "str x0, [x0]");
PROBE(call_x0, "stp x29, x30, [sp, #-16]!\n blr x0\n .globl call_ret\n call_ret: ldp x29, x30, [sp], #16");
extern char call_ret[];

enum { CUR_SPX = 0x200, LOWER_A64 = 0x400 };

static void expect(int line, uint64_t el, uint64_t offset, uint64_t esr, uint64_t far, uint64_t elr)
{
    test_check_eq(exc.count, 1, __FILE__, line, "exc.count", "1");
    test_check_eq(exc.el, el, __FILE__, line, "exc.el", "el");
    test_check_eq(exc.offset, offset, __FILE__, line, "exc.offset", "offset");
    test_check_eq(exc.esr, esr, __FILE__, line, "exc.esr", "esr");
    test_check_eq(exc.far, far, __FILE__, line, "exc.far", "far");
    test_check_eq(exc.elr, elr, __FILE__, line, "exc.elr", "elr");
}
#define EXPECT(el, off, esr, far, elr) expect(__LINE__, el, off, esr, (uint64_t)(far), (uint64_t)(elr))
/* a stage-2 abort: at EL2 from the lower EL, with HPFAR_EL2 */
#define EXPECT_S2(esr, far, elr, ipa)                     \
    do {                                                  \
        EXPECT(2, LOWER_A64, esr, far, elr);              \
        CHECK_EQ(last_hpfar, HPFAR(ipa));                 \
    } while (0)

static uint64_t guest(uint64_t (*probe)(uint64_t), uint64_t arg)
{
    exc_reset();
    mmio_reset();
    return run_at(1, probe, arg);
}

static void build_tables(void)
{
    pt_init(&s1, 12, 39, 1);
    pt_init(&s2, 12, 32, 2); /* 2^(32-21) = 2048 level-2 entries: 4 concatenated tables */

    pt_map_range(&s1, 0, 0, IDENTITY_SIZE, 2, S1_NORMAL);
    pt_map_range(&s2, 0, 0, IDENTITY_SIZE, 2, S2_NORMAL);

    for (unsigned p = 0; p < NPAGES; p++) {
        data_pages[p][0] = MARKER(p);
        uint64_t s1_attrs = S1_NORMAL, s2_attrs = S2_NORMAL;
        switch (p) {
        case P_S1_RO: s1_attrs |= S1_AP_EL1_RO; break;
        case P_S1_NOAF: s1_attrs &= ~DESC_AF; break;
        case P_S2_RO: s2_attrs = (s2_attrs & ~S2AP_RW) | S2AP_RO; break;
        case P_S2_NOAF: s2_attrs &= ~DESC_AF; break;
        case P_S2_XN: s2_attrs |= S2_XN; break;
        case P_S2_WO: s2_attrs = (s2_attrs & ~S2AP_RW) | S2AP_WO; break;
        case P_S2_NONE: s2_attrs &= ~S2AP_RW; break;
        default: break;
        }
        if (p != P_S1_INVALID)
            pt_map(&s1, VA(p), IPA(p), 3, s1_attrs);
        if (p != P_S2_INVALID && p != P_S2_FETCH_INVALID)
            pt_map(&s2, IPA(p), (uint64_t)(uintptr_t)data_pages[p], 3, s2_attrs);
    }
    s1_l3 = pt_slot(&s1, VA_TEST, 3);
    /* code: MOVZ X0, #0x1234; RET on the executable page and on the stage-2 XN page */
    for (unsigned p = P_S2_XN; p <= P_CODE; p += P_CODE - P_S2_XN) {
        ((volatile uint32_t *)data_pages[p])[0] = 0xD2824680;
        ((volatile uint32_t *)data_pages[p])[1] = 0xD65F03C0;
    }
    __asm__ volatile("dsb ish\n ic iallu\n dsb ish\n isb" : : : "memory");

    pt_set_table(&s1, VA_S1PTW, 2, IPA_NO_TABLE);
    pt_map(&s1, VA_ALIAS, 0, 2, S1_NORMAL);
    pt_map(&s1, VA_MMIO, MMIO_IPA, 2, S1_DEVICE);
    /* the L3 table of VA_TEST seen through a Device stage-2 block: IPA_DEVICE_TABLES -> PA 0 */
    pt_set_table(&s1, VA_PTW, 2, IPA_DEVICE_TABLES + (uint64_t)(uintptr_t)s1_l3);
    pt_map(&s2, IPA_DEVICE_TABLES, 0, 2, S2_MEMATTR(0x1) | S2AP_RW | DESC_AF);
}

static void test_translation(void)
{
    CHECK_EQ(guest(rd64, VA(P_OK0)), MARKER(P_OK0));
    CHECK_EQ(guest(rd64, VA(P_OK1)), MARKER(P_OK1));
    CHECK_EQ(guest(rd64, VA_ALIAS + (uint64_t)(uintptr_t)&alias_var), alias_var);
    guest(wr64, VA(P_OK1) + 0x10);
    CHECK_EQ(data_pages[P_OK1][2], VA(P_OK1) + 0x10);
    /* read-only at stage 1, read-only at stage 2, write-only at stage 2: the permitted half works */
    CHECK_EQ(guest(rd64, VA(P_S1_RO)), MARKER(P_S1_RO));
    CHECK_EQ(guest(rd64, VA(P_S2_RO)), MARKER(P_S2_RO));
    guest(wr64, VA(P_S2_WO) + 8);
    CHECK_EQ(data_pages[P_S2_WO][1], VA(P_S2_WO) + 8);
    /* code at a page whose IPA and PA differ from its VA */
    CHECK_EQ(guest(call_x0, VA(P_CODE)), 0x1234);
    CHECK_EQ(exc.count, 0);
    CHECK_EQ(last_hpfar, ~0ull);
}

static void test_stage1_faults(void)
{
    /* stage-1 faults of EL1 accesses go to EL1 (EC 0x25), ISV = 0, FAR_EL1 = VA */
    guest(rd64, VA(P_S1_INVALID) + 8);
    EXPECT(1, CUR_SPX, EC(EC_DABT_CUR) | IL | FSC_TRANS(3), VA(P_S1_INVALID) + 8, rd64);
    guest(rd64, VA_S1_L1_HOLE + 0x18);
    EXPECT(1, CUR_SPX, EC(EC_DABT_CUR) | IL | FSC_TRANS(1), VA_S1_L1_HOLE + 0x18, rd64);
    guest(wr64, VA(P_S1_RO));
    EXPECT(1, CUR_SPX, EC(EC_DABT_CUR) | IL | WNR | FSC_PERM(3), VA(P_S1_RO), wr64);
    CHECK_EQ(data_pages[P_S1_RO][0], MARKER(P_S1_RO));
    guest(rd64, VA(P_S1_NOAF) + 0x20);
    EXPECT(1, CUR_SPX, EC(EC_DABT_CUR) | IL | FSC_AF(3), VA(P_S1_NOAF) + 0x20, rd64);
    /* instruction fetch from a VA stage 1 does not map: EC 0x21 at EL1 */
    exc_reset();
    exc.recover = (uint64_t)(uintptr_t)call_ret;
    run_at(1, call_x0, VA(P_S1_INVALID));
    EXPECT(1, CUR_SPX, EC(EC_IABT_CUR) | IL | FSC_TRANS(3), VA(P_S1_INVALID), VA(P_S1_INVALID));
    CHECK_EQ(last_hpfar, ~0ull);
}

static void test_stage2_faults(void)
{
    /* stage-2 faults go to EL2 (EC 0x24) with HPFAR_EL2 = IPA[47:12] << 4 and FAR_EL2 = VA; a
     * single-register load/store has a valid instruction syndrome (LDR X0: SAS 3, SRT 0, SF) */
    const uint64_t ldr_x0 = ISV | SAS(3) | SRT(0) | SF, str_x0 = ldr_x0 | WNR;
    guest(rd64, VA(P_S2_INVALID) + 0x10);
    EXPECT_S2(EC(EC_DABT_LOW) | IL | ldr_x0 | FSC_TRANS(3), VA(P_S2_INVALID) + 0x10, rd64, IPA(P_S2_INVALID));
    guest(wr64, VA(P_S2_RO) + 0x18);
    EXPECT_S2(EC(EC_DABT_LOW) | IL | str_x0 | FSC_PERM(3), VA(P_S2_RO) + 0x18, wr64, IPA(P_S2_RO));
    CHECK_EQ(data_pages[P_S2_RO][3], 0);
    guest(rd64, VA(P_S2_NOAF));
    EXPECT_S2(EC(EC_DABT_LOW) | IL | ldr_x0 | FSC_AF(3), VA(P_S2_NOAF), rd64, IPA(P_S2_NOAF));
    guest(rd64, VA(P_S2_WO));
    EXPECT_S2(EC(EC_DABT_LOW) | IL | ldr_x0 | FSC_PERM(3), VA(P_S2_WO), rd64, IPA(P_S2_WO));
    guest(wr64, VA(P_S2_NONE) + 8);
    EXPECT_S2(EC(EC_DABT_LOW) | IL | str_x0 | FSC_PERM(3), VA(P_S2_NONE) + 8, wr64, IPA(P_S2_NONE));

    /* a stage-2 fault on the stage-1 walk: S1PTW = 1, no instruction syndrome, HPFAR = the IPA of
     * the descriptor; DFSC gives the level of the stage-2 lookup that faulted (level 2: IPA_NO_TABLE
     * has no level-2 entry). QEMU 7.2 reports the stage-1 level (3) instead (versal.md). WnR is the
     * access's (AArch64.TranslationTableWalk passes the access's iswrite to AArch64.SecondStageWalk). */
    uint64_t s1ptw_fsc = test_on_qemu ? FSC_TRANS(3) : FSC_TRANS(2);
    uint64_t va = VA_S1PTW + 5 * 0x1000 + 8;
    guest(rd64, va);
    EXPECT_S2(EC(EC_DABT_LOW) | IL | S1PTW | s1ptw_fsc, va, rd64, IPA_NO_TABLE + 5 * 8);
    guest(wr64, va);
    EXPECT_S2(EC(EC_DABT_LOW) | IL | S1PTW | WNR | s1ptw_fsc, va, wr64, IPA_NO_TABLE + 5 * 8);

    /* HCR_EL2.PTW: a stage-1 walk through stage-2 Device memory is a stage-2 Permission fault
     * (level 2: the Device mapping is a block); with PTW = 0 the same walk succeeds */
    uint64_t desc_ipa = IPA_DEVICE_TABLES + (uint64_t)(uintptr_t)s1_l3 + P_OK1 * 8;
    write_sysreg(hcr_el2, HCR_RW | HCR_VM | HCR_PTW);
    isb();
    guest(rd64, VA_PTW + P_OK1 * 0x1000);
    EXPECT_S2(EC(EC_DABT_LOW) | IL | S1PTW | (test_on_qemu ? FSC_PERM(3) : FSC_PERM(2)),
              VA_PTW + P_OK1 * 0x1000, rd64, desc_ipa);
    write_sysreg(hcr_el2, HCR_RW | HCR_VM);
    isb();
    CHECK_EQ(guest(rd64, VA_PTW + P_OK1 * 0x1000), MARKER(P_OK1));
    CHECK_EQ(exc.count, 0);

    /* instruction aborts at stage 2: EC 0x20, FAR_EL2 = ELR_EL2 = the VA fetched */
    exc_reset();
    exc.recover = (uint64_t)(uintptr_t)call_ret;
    last_hpfar = ~0ull;
    run_at(1, call_x0, VA(P_S2_XN));
    EXPECT_S2(EC(EC_IABT_LOW) | IL | FSC_PERM(3), VA(P_S2_XN), VA(P_S2_XN), IPA(P_S2_XN));
    exc_reset();
    exc.recover = (uint64_t)(uintptr_t)call_ret;
    last_hpfar = ~0ull;
    run_at(1, call_x0, VA(P_S2_FETCH_INVALID));
    EXPECT_S2(EC(EC_IABT_LOW) | IL | FSC_TRANS(3), VA(P_S2_FETCH_INVALID), VA(P_S2_FETCH_INVALID),
              IPA(P_S2_FETCH_INVALID));
}

/* ---- MMIO: each probe's first instruction accesses [x0 + offset]; it returns the register it loaded ---- */
#define SET_X1 "movz x1, #0x7788\n movk x1, #0x5566, lsl #16\n movk x1, #0x3344, lsl #32\n movk x1, #0x1122, lsl #48\n"
#define STORE_VALUE 0x1122334455667788ull
PROBE(m_ldrb, "ldrb w3, [x0]\n mov x0, x3");
PROBE(m_ldrsb_w, "ldrsb w4, [x0]\n mov x0, x4");
PROBE(m_ldrsb_x, "ldrsb x5, [x0]\n mov x0, x5");
PROBE(m_ldrh, "ldrh w6, [x0]\n mov x0, x6");
PROBE(m_ldrsh_w, "ldrsh w7, [x0]\n mov x0, x7");
PROBE(m_ldrsh_x, "ldrsh x8, [x0]\n mov x0, x8");
PROBE(m_ldr_w, "ldr w9, [x0]\n mov x0, x9");
PROBE(m_ldrsw, "ldrsw x10, [x0]\n mov x0, x10");
PROBE(m_ldr_x, "ldr x11, [x0]\n mov x0, x11");
PROBE(m_ldr_x_off, "ldr x12, [x0, #0x18]\n mov x0, x12");
PROBE(m_ldur_w, "ldur w13, [x0, #-4]\n mov x0, x13");
PROBE(m_ldr_x0, "ldr x0, [x0]");
PROBE(m_ldr_xzr, "ldr xzr, [x0]");
PROBE(m_ldarb, "ldarb w14, [x0]\n mov x0, x14");
PROBE(m_ldarh, "ldarh w15, [x0]\n mov x0, x15");
PROBE(m_ldar_w, "ldar w16, [x0]\n mov x0, x16");
PROBE(m_ldar_x, "ldar x17, [x0]\n mov x0, x17");
PROBE(m_strb, SET_X1 "strb w1, [x0]");
PROBE(m_strh, SET_X1 "mov x2, x1\n strh w2, [x0]");
PROBE(m_str_w, SET_X1 "mov x3, x1\n str w3, [x0]");
PROBE(m_str_x, SET_X1 "mov x4, x1\n str x4, [x0]");
PROBE(m_str_xzr, "str xzr, [x0]");
PROBE(m_stlrb, SET_X1 "mov x5, x1\n stlrb w5, [x0]");
PROBE(m_stlr_w, SET_X1 "mov x6, x1\n stlr w6, [x0]");
PROBE(m_stlr_x, "mov x9, x30\n" SET_X1 "mov x30, x1\n stlr x30, [x0]\n mov x30, x9");
/* no instruction syndrome: writeback, pairs, exclusives, SIMD&FP; each returns its base register */
PROBE(m_ldr_post, "ldr x1, [x0], #8");
PROBE(m_ldr_pre, "ldr x1, [x0, #8]!");
PROBE(m_str_post, "str x1, [x0], #16");
PROBE(m_ldp, "ldp x1, x2, [x0]");
PROBE(m_stp, "stp x1, x2, [x0]");
PROBE(m_ldxr, "ldxr x1, [x0]");
PROBE(m_ldaxr_w, "ldaxr w1, [x0]");
PROBE(m_ldr_q, "ldr q0, [x0]");
PROBE(m_ldr_d, "ldr d1, [x0]");
PROBE(m_str_s, "str s2, [x0]");
PROBE(m_ld1, ".arch_extension simd\n ld1 {v3.16b}, [x0]");

struct mmio_case {
    uint64_t (*probe)(uint64_t);
    uint64_t offset;      /* added to the probe's x0 */
    uint64_t iss;         /* ISV, SAS, SSE, SRT, SF, AR, WnR */
    uint64_t result;      /* the value the probe returns */
    int line;
};

static void run_mmio_case(const struct mmio_case *mc)
{
    uint64_t va = VA_MMIO + 0x100;
    uint64_t got = guest(mc->probe, va);
    uint64_t far = va + mc->offset;
    test_check_eq(mmio.count, 1, __FILE__, mc->line, "mmio.count", "1");
    test_check_eq(exc.count ? exc.esr : 0, 0, __FILE__, mc->line, "ESR of an unexpected exception", "none");
    test_check_eq(mmio.esr, EC(EC_DABT_LOW) | IL | mc->iss | FSC_TRANS(2), __FILE__, mc->line, "mmio.esr",
                  "expected ESR");
    test_check_eq(mmio.far, far, __FILE__, mc->line, "mmio.far", "far");
    test_check_eq(mmio.hpfar, HPFAR(MMIO_IPA + (far & (MMIO_SIZE - 1))), __FILE__, mc->line, "mmio.hpfar",
                  "HPFAR(ipa)");
    test_check_eq(mmio.elr, (uint64_t)(uintptr_t)mc->probe, __FILE__, mc->line, "mmio.elr", "the access");
    test_check_eq(got, mc->result, __FILE__, mc->line, "result", "expected");
}

#define LD(probe, off, sas, sse, srt, sf, ar, result) \
    { probe, off, ISV | SAS(sas) | (sse ? SSE : 0) | SRT(srt) | (sf ? SF : 0) | (ar ? AR : 0), result, __LINE__ }
#define NO_ISS(probe, off, wnr) { probe, off, wnr ? WNR : 0, VA_MMIO + 0x100, __LINE__ }

static void test_mmio(void)
{
    const uint64_t d = MMIO_DEVICE_VALUE;
    static const struct mmio_case loads[] = {
        LD(m_ldrb, 0, 0, 0, 3, 0, 0, d & 0xff),
        LD(m_ldrsb_w, 0, 0, 1, 4, 0, 0, 0xffffff00 | (d & 0xff)),
        LD(m_ldrsb_x, 0, 0, 1, 5, 1, 0, ~0xffull | (d & 0xff)),
        LD(m_ldrh, 0, 1, 0, 6, 0, 0, d & 0xffff),
        LD(m_ldrsh_w, 0, 1, 1, 7, 0, 0, 0xffff0000 | (d & 0xffff)),
        LD(m_ldrsh_x, 0, 1, 1, 8, 1, 0, ~0xffffull | (d & 0xffff)),
        LD(m_ldr_w, 0, 2, 0, 9, 0, 0, d & 0xffffffff),
        LD(m_ldrsw, 0, 2, 1, 10, 1, 0, ~0xffffffffull | (d & 0xffffffff)),
        LD(m_ldr_x, 0, 3, 0, 11, 1, 0, d),
        LD(m_ldr_x_off, 0x18, 3, 0, 12, 1, 0, d),
        LD(m_ldur_w, -4ull, 2, 0, 13, 0, 0, d & 0xffffffff),
        LD(m_ldr_x0, 0, 3, 0, 0, 1, 0, d),
        LD(m_ldr_xzr, 0, 3, 0, 31, 1, 0, VA_MMIO + 0x100),
        LD(m_ldarb, 0, 0, 0, 14, 0, 1, d & 0xff),
        LD(m_ldarh, 0, 1, 0, 15, 0, 1, d & 0xffff),
        LD(m_ldar_w, 0, 2, 0, 16, 0, 1, d & 0xffffffff),
        LD(m_ldar_x, 0, 3, 0, 17, 1, 1, d),
        NO_ISS(m_ldr_post, 0, 0),
        NO_ISS(m_ldr_pre, 8, 0),
        NO_ISS(m_ldp, 0, 0),
        NO_ISS(m_ldxr, 0, 0),
        NO_ISS(m_ldaxr_w, 0, 0),
        NO_ISS(m_ldr_q, 0, 0),
        NO_ISS(m_ldr_d, 0, 0),
        NO_ISS(m_ld1, 0, 0),
        NO_ISS(m_str_post, 0, 1),
        NO_ISS(m_stp, 0, 1),
        NO_ISS(m_str_s, 0, 1),
    };
    for (unsigned n = 0; n < sizeof(loads) / sizeof(loads[0]); n++)
        run_mmio_case(&loads[n]);

    /* stores: the handler takes SAS bytes of register SRT; the probes set it up with 4 MOVs first */
    static const struct {
        uint64_t (*probe)(uint64_t);
        unsigned sas, srt, sf, ar, extra_insns;
        uint64_t stored;
        int line;
    } stores[] = {
        { m_strb, 0, 1, 0, 0, 4, STORE_VALUE & 0xff, __LINE__ },
        { m_strh, 1, 2, 0, 0, 5, STORE_VALUE & 0xffff, __LINE__ },
        { m_str_w, 2, 3, 0, 0, 5, STORE_VALUE & 0xffffffff, __LINE__ },
        { m_str_x, 3, 4, 1, 0, 5, STORE_VALUE, __LINE__ },
        { m_str_xzr, 3, 31, 1, 0, 0, 0, __LINE__ },
        { m_stlrb, 0, 5, 0, 1, 5, STORE_VALUE & 0xff, __LINE__ },
        { m_stlr_w, 2, 6, 0, 1, 5, STORE_VALUE & 0xffffffff, __LINE__ },
        { m_stlr_x, 3, 30, 1, 1, 6, STORE_VALUE, __LINE__ },
    };
    for (unsigned n = 0; n < sizeof(stores) / sizeof(stores[0]); n++) {
        uint64_t va = VA_MMIO + 0x200;
        guest(stores[n].probe, va);
        int line = stores[n].line;
        uint64_t iss = ISV | SAS(stores[n].sas) | SRT(stores[n].srt) | (stores[n].sf ? SF : 0) |
                       (stores[n].ar ? AR : 0) | WNR;
        test_check_eq(mmio.count, 1, __FILE__, line, "mmio.count", "1");
        test_check_eq(exc.count ? exc.esr : 0, 0, __FILE__, line, "ESR of an unexpected exception", "none");
        test_check_eq(mmio.esr, EC(EC_DABT_LOW) | IL | iss | FSC_TRANS(2), __FILE__, line, "mmio.esr", "esr");
        test_check_eq(mmio.far, va, __FILE__, line, "mmio.far", "va");
        test_check_eq(mmio.hpfar, HPFAR(MMIO_IPA + 0x200), __FILE__, line, "mmio.hpfar", "HPFAR");
        test_check_eq(mmio.elr, (uint64_t)(uintptr_t)stores[n].probe + 4 * stores[n].extra_insns, __FILE__,
                      line, "mmio.elr", "the store");
        test_check_eq(mmio.store_count, 1, __FILE__, line, "mmio.store_count", "1");
        test_check_eq(mmio.stored, stores[n].stored, __FILE__, line, "mmio.stored", "stored");
    }
}

void test_main(void)
{
    mmu_vectors_install();
    build_tables();
    stage2_on(&s2, TCR_TG0_4K, 0 /* SL0 = 0: start at level 2 */, 1);
    el1_stage1_on(&s1, TCR_TG0_4K, 25, 0);
    test_translation();
    test_stage1_faults();
    test_stage2_faults();
    test_mmio();
    el1_stage1_off();
    stage2_off();
}
