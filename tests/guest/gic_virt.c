/* The GICv3 virtual CPU interface (GICv3 spec chapter 6, ICH_* and ICV_* registers): with
 * HCR_EL2.IMO = 1, EL1's ICC_* group-1 accesses reach the ICV_* registers fed by the list registers;
 * a virtual timer interrupt injected with LR.HW = 1 is deactivated in the distributor by the guest's
 * EOI; the maintenance interrupt (PPI 25) follows ICH_MISR_EL2 (EOI, U, NP, LRENP); ICH_HCR_EL2.TALL1,
 * TC and TDIR trap EL1 accesses to EL2 (EC 0x18). The hypervisor runs at EL2, the guest's code at EL1
 * through run_at(). */
#include "smp.h"

#define read_ich_hcr() read_sysreg(S3_4_C12_C11_0)
#define write_ich_hcr(v) write_sysreg(S3_4_C12_C11_0, (v))
#define read_ich_vtr() read_sysreg(S3_4_C12_C11_1)
#define read_ich_misr() read_sysreg(S3_4_C12_C11_2)
#define read_ich_eisr() read_sysreg(S3_4_C12_C11_3)
#define read_ich_elrsr() read_sysreg(S3_4_C12_C11_5)
#define read_ich_vmcr() read_sysreg(S3_4_C12_C11_7)
#define write_ich_vmcr(v) write_sysreg(S3_4_C12_C11_7, (v))
#define read_ich_lr0() read_sysreg(S3_4_C12_C12_0)
#define write_ich_lr0(v) write_sysreg(S3_4_C12_C12_0, (v))
#define write_ich_lr1(v) write_sysreg(S3_4_C12_C12_1, (v))
#define write_ich_lr2(v) write_sysreg(S3_4_C12_C12_2, (v))
#define write_ich_lr3(v) write_sysreg(S3_4_C12_C12_3, (v))
#define read_ich_ap1r0() read_sysreg(S3_4_C12_C9_0)
#define write_ich_ap1r0(v) write_sysreg(S3_4_C12_C9_0, (v))

#define ICH_HCR_EN (1u << 0)
#define ICH_HCR_UIE (1u << 1)
#define ICH_HCR_LRENPIE (1u << 2)
#define ICH_HCR_NPIE (1u << 3)
#define ICH_HCR_TC (1u << 10)
#define ICH_HCR_TALL1 (1u << 12)
#define ICH_HCR_TDIR (1u << 14)
#define ICH_HCR_EOICOUNT(v) (((v) >> 27) & 0x1f)
#define MISR_EOI (1u << 0)
#define MISR_U (1u << 1)
#define MISR_LRENP (1u << 2)
#define MISR_NP (1u << 3)
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE (2ull << 62)
#define LR_STATE(lr) ((lr) >> 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_PRIO(p) ((uint64_t)(p) << 48)
#define LR_EOI (1ull << 41)
#define LR_PINTID(i) ((uint64_t)(i) << 32)
#define VPRIO 0xA0

/* ---- guest code (EL1) ---- */
#define PROBE(name, body) \
    __asm__(".text\n .balign 4\n .globl " #name "\n " #name ": " body "\n ret\n"); \
    extern uint64_t name(uint64_t)
PROBE(guest_iar1, "mrs x0, S3_0_C12_C12_0");
PROBE(guest_eoir1, "msr S3_0_C12_C12_1, x0");
PROBE(guest_dir, "msr S3_0_C12_C11_1, x0");
PROBE(guest_rpr, "mrs x0, S3_0_C12_C11_3");
PROBE(guest_ctlr, "mrs x0, S3_0_C12_C12_4");
PROBE(guest_write_ctlr, "msr S3_0_C12_C12_4, x0");
PROBE(guest_write_pmr, "msr S3_0_C4_C6_0, x0");
PROBE(guest_igrpen1, "msr S3_0_C12_C12_7, x0");
PROBE(guest_sgi1r, "msr S3_0_C12_C11_5, x0");
/* trap probes: fixed registers so that the syndrome's Rt is known */
PROBE(probe_iar1_x3, "mrs x3, S3_0_C12_C12_0");
PROBE(probe_pmr_x5, "msr S3_0_C4_C6_0, x5");
PROBE(probe_dir_x2, "msr S3_0_C12_C11_1, x2");
PROBE(probe_sgi1r_x4, "msr S3_0_C12_C11_5, x4");

static volatile uint64_t hits, hit_intid, hit_el, hit_offset;

/* The guest's interrupt handler (EL1) and the hypervisor's (EL2): acknowledge, record, end. The
 * guest masks the virtual timer before its EOI, as a guest OS's timer handler does. */
static void hook(unsigned el, unsigned offset)
{
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    hit_intid = intid;
    hit_el = el;
    hit_offset = offset;
    if (el == 1 && intid == INTID_CNTV) {
        write_sysreg(cntv_ctl_el0, CNT_ENABLE | CNT_IMASK);
        isb();
    }
    if (el == 2 && intid == INTID_MAINT) {
        write_ich_hcr(ICH_HCR_EN); /* clear the condition (U) before ending */
        isb();
    }
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
    hits++;
}

static void clear_hits(void)
{
    hits = 0;
    hit_intid = hit_el = hit_offset = ~0ull;
}

/* The guest unmasks IRQs and waits for its handler to run once. */
static uint64_t guest_wait_irq(uint64_t unused)
{
    (void)unused;
    irq_enable();
    for (int i = 0; i < 100000 && !hits; i++)
        __asm__ volatile("nop");
    irq_disable();
    return hits;
}

static void clear_lrs(void)
{
    write_ich_lr0(0);
    write_ich_lr1(0);
    write_ich_lr2(0);
    write_ich_lr3(0);
    write_ich_ap1r0(0);
    isb();
}

static void test_id_and_icv_registers(void)
{
    uint64_t vtr = read_ich_vtr();
    CHECK_EQ(vtr, 0x90B80003);
    /* ICV_CTLR_EL1 reports the virtual interface's PRIbits, IDbits and A3V from ICH_VTR_EL2 */
    uint64_t ctlr = run_at(1, guest_ctlr, 0);
    CHECK_EQ((ctlr >> 8) & 7, (vtr >> 29) & 7);
    CHECK_EQ((ctlr >> 11) & 7, (vtr >> 23) & 7);
    CHECK_EQ((ctlr >> 15) & 1, (vtr >> 21) & 1);
    /* ICC_PMR_EL1 at EL1 is ICV_PMR_EL1 = ICH_VMCR_EL2.VPMR (5 bits: 0xFF reads 0xF8); the physical
     * PMR is untouched */
    write_pmr(0xff);
    isb();
    uint64_t pmr = read_pmr();
    run_at(1, guest_write_pmr, 0xff);
    CHECK_EQ(read_ich_vmcr() >> 24, 0xf8);
    run_at(1, guest_write_pmr, 0x80);
    CHECK_EQ(read_ich_vmcr() >> 24, 0x80);
    CHECK_EQ(read_pmr(), pmr);
    run_at(1, guest_write_pmr, 0xff);
    /* with HCR_EL2.IMO = FMO = 0 the same instruction reaches the physical ICC_PMR_EL1 (SCR_EL3.FIQ
     * = 0: no Non-secure shift) and leaves VPMR alone */
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    run_at(1, guest_write_pmr, 0xe0);
    CHECK_EQ(read_pmr(), 0xe0);
    CHECK_EQ(read_ich_vmcr() >> 24, 0xf8);
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    write_pmr(0xff);
    isb();
    run_at(1, guest_igrpen1, 1); /* ICV_IGRPEN1_EL1 = ICH_VMCR_EL2.VENG1 (bit 1) */
    CHECK_EQ((read_ich_vmcr() >> 1) & 1, 1);
}

/* Acknowledge and end a virtual interrupt by polling at EL1 (PSTATE.I masked). */
static void test_lr_basic(void)
{
    clear_lrs();
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 100);
    isb();
    CHECK_EQ(read_ich_elrsr(), 0xe);
    CHECK_EQ(run_at(1, guest_iar1, 0) & 0xffffff, 100);
    CHECK_EQ(read_ich_lr0(), LR_ACTIVE | LR_GROUP1 | LR_PRIO(VPRIO) | 100);
    CHECK_EQ(run_at(1, guest_rpr, 0), VPRIO);
    /* the active priority is recorded: 5 preemption bits, bit n = group priority n = prio[7:3] */
    CHECK_EQ(read_ich_ap1r0(), 1u << (VPRIO >> 3));
    CHECK_EQ(run_at(1, guest_iar1, 0) & 0xffffff, INTID_SPURIOUS);
    run_at(1, guest_eoir1, 100);
    CHECK_EQ(read_ich_lr0(), LR_GROUP1 | LR_PRIO(VPRIO) | 100); /* state invalid */
    CHECK_EQ(read_ich_elrsr(), 0xf);
    CHECK_EQ(read_ich_ap1r0(), 0);
    CHECK_EQ(run_at(1, guest_rpr, 0), 0xff);
    /* the virtual priority mask: VPMR 0xA0 hides a priority 0xA0 interrupt */
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 100);
    run_at(1, guest_write_pmr, VPRIO);
    CHECK_EQ(run_at(1, guest_iar1, 0) & 0xffffff, INTID_SPURIOUS);
    run_at(1, guest_write_pmr, 0xff);
    CHECK_EQ(run_at(1, guest_iar1, 0) & 0xffffff, 100);
    run_at(1, guest_eoir1, 100);
    clear_lrs();
}

/* A pending LR is taken by EL1 as an IRQ (vector 0x280 of EL1: the guest runs on SP_EL1). */
static void test_virq_taken(void)
{
    clear_lrs();
    clear_hits();
    irq_hook[0] = hook;
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 101);
    isb();
    CHECK_EQ(run_at(1, guest_wait_irq, 0), 1);
    CHECK_EQ(hit_intid, 101);
    CHECK_EQ(hit_el, 1);
    CHECK_EQ(hit_offset, 0x280);
    CHECK_EQ(LR_STATE(read_ich_lr0()), 0);
    irq_hook[0] = 0;
    clear_lrs();
}

/* The virtual timer's PPI is taken by the hypervisor (EOImode 1: priority drop only), injected with
 * HW = 1, and deactivated in the redistributor by the guest's EOI (GICv3 6.2.1 / ICV_EOIR1_EL1). */
static void test_hw_virtual_timer(bool guest_eoimode1)
{
    clear_lrs();
    gic_enable_ppi(INTID_CNTV, 0x80);
    write_icc_ctlr(2); /* EL2's EOImode = 1 */
    irq_disable();
    write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + 1000);
    write_sysreg(cntv_ctl_el0, CNT_ENABLE);
    isb();
    uint64_t start = cntpct(), limit = read_sysreg(cntfrq_el0) / 100;
    while (!gic_ppi_pending(0, INTID_CNTV) && cntpct() - start < limit)
        ;
    CHECK_EQ(read_iar1() & 0xffffff, INTID_CNTV);
    write_eoir1(INTID_CNTV);
    isb();
    CHECK(gic_ppi_active(0, INTID_CNTV));
    CHECK_EQ(read_rpr(), 0xff);
    write_ich_lr0(LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(VPRIO) | LR_PINTID(INTID_CNTV) | INTID_CNTV);
    isb();
    clear_hits();
    irq_hook[0] = hook;
    if (guest_eoimode1) {
        /* ICV_CTLR_EL1.EOImode = 1: the guest's EOI only drops priority, its DIR deactivates */
        run_at(1, guest_write_ctlr, 2);
        CHECK_EQ((read_ich_vmcr() >> 9) & 1, 1); /* VEOIM */
    }
    CHECK_EQ(run_at(1, guest_wait_irq, 0), 1);
    CHECK_EQ(hit_intid, INTID_CNTV);
    CHECK_EQ(hit_el, 1);
    if (guest_eoimode1) {
        CHECK_EQ(LR_STATE(read_ich_lr0()), 2); /* still active */
        CHECK(gic_ppi_active(0, INTID_CNTV));
        run_at(1, guest_dir, INTID_CNTV);
        run_at(1, guest_write_ctlr, 0);
    }
    CHECK_EQ(LR_STATE(read_ich_lr0()), 0);
    CHECK(!gic_ppi_active(0, INTID_CNTV)); /* deactivated through HW = 1 */
    CHECK(!gic_ppi_pending(0, INTID_CNTV)); /* the guest masked the timer */
    CHECK_EQ(read_ich_misr(), 0);            /* HW = 1: no EOI maintenance */
    irq_hook[0] = 0;
    write_sysreg(cntv_ctl_el0, 0);
    write_icc_ctlr(0);
    isb();
    gic_disable_ppi(INTID_CNTV);
    clear_lrs();
}

static void set_ich_hcr(uint64_t v)
{
    write_ich_hcr(v);
    isb();
}

static void test_maintenance(void)
{
    clear_lrs();
    /* PPI 25 stays disabled (its pending bit still follows the line) except while it is to be taken:
     * an enabled maintenance interrupt would be taken at EL2 as soon as the guest's EOI raises it. */
    gic_enable_ppi(INTID_MAINT, 0x80);
    gic_disable_ppi(INTID_MAINT);
    irq_disable();
    /* U: underflow, at most one LR valid */
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_UIE);
    CHECK_EQ(read_ich_misr(), MISR_U);
    CHECK(gic_ppi_pending(0, INTID_MAINT));
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 110);
    write_ich_lr1(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 111);
    isb();
    CHECK_EQ(read_ich_misr(), 0); /* two valid LRs */
    CHECK(!gic_ppi_pending(0, INTID_MAINT));
    clear_lrs();
    /* the maintenance interrupt is taken at EL2 (the hook clears UIE) */
    clear_hits();
    irq_hook[0] = hook;
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_UIE);
    mmio_write32(GICR_SGI_BASE(0) + GICR_ISENABLER0, 1u << INTID_MAINT);
    irq_enable();
    for (int i = 0; i < 10000 && !hits; i++)
        __asm__ volatile("nop");
    irq_disable();
    gic_disable_ppi(INTID_MAINT);
    irq_hook[0] = 0;
    CHECK_EQ(hits, 1);
    CHECK_EQ(hit_intid, INTID_MAINT);
    CHECK_EQ(hit_el, 2);
    /* with En = 0 the interface raises nothing */
    set_ich_hcr(ICH_HCR_UIE);
    CHECK(!gic_ppi_pending(0, INTID_MAINT));
    /* NP: no LR in the pending state */
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_NPIE);
    CHECK_EQ(read_ich_misr(), MISR_NP);
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 112);
    isb();
    CHECK_EQ(read_ich_misr(), 0);
    clear_lrs();
    /* EOI: an LR with EOI = 1 (HW = 0) ended by the guest */
    set_ich_hcr(ICH_HCR_EN);
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_EOI | LR_PRIO(VPRIO) | 113);
    isb();
    CHECK_EQ(read_ich_misr(), 0);
    CHECK_EQ(run_at(1, guest_iar1, 0) & 0xffffff, 113);
    run_at(1, guest_eoir1, 113);
    CHECK_EQ(read_ich_misr(), MISR_EOI);
    CHECK_EQ(read_ich_eisr(), 1);
    CHECK_EQ(read_ich_elrsr() & 1, 0); /* invalid but EOI = 1: not empty until the hypervisor saw it */
    CHECK(gic_ppi_pending(0, INTID_MAINT));
    clear_lrs();
    CHECK_EQ(read_ich_misr(), 0);
    CHECK_EQ(read_ich_eisr(), 0);
    /* LRENP: the guest ends an interrupt no LR holds any more: EOIcount counts it */
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_LRENPIE);
    write_ich_lr0(LR_PENDING | LR_GROUP1 | LR_PRIO(VPRIO) | 114);
    isb();
    CHECK_EQ(run_at(1, guest_iar1, 0) & 0xffffff, 114);
    write_ich_lr0(0); /* the hypervisor takes the active interrupt out of the LRs */
    isb();
    CHECK_EQ(read_ich_misr(), 0);
    run_at(1, guest_eoir1, 114);
    CHECK_EQ(ICH_HCR_EOICOUNT(read_ich_hcr()), 1);
    CHECK_EQ(read_ich_misr(), MISR_LRENP);
    CHECK_EQ(read_ich_ap1r0(), 0); /* the priority was dropped all the same */
    CHECK(gic_ppi_pending(0, INTID_MAINT));
    set_ich_hcr(ICH_HCR_EN); /* EOIcount = 0 */
    CHECK_EQ(read_ich_misr(), 0);
    CHECK(!gic_ppi_pending(0, INTID_MAINT));
    gic_disable_ppi(INTID_MAINT);
    clear_lrs();
}

#define EC(x) ((uint64_t)(x) << 26)
#define SYS_ISS(op0, op1, crn, crm, op2, rt, read) \
    ((uint64_t)(op0) << 20 | (uint64_t)(op2) << 17 | (uint64_t)(op1) << 14 | (uint64_t)(crn) << 10 | \
     (uint64_t)(rt) << 5 | (uint64_t)(crm) << 1 | (uint64_t)(read))
#define ESR_SYS(...) (EC(0x18) | ESR_IL | SYS_ISS(__VA_ARGS__))

static void expect_trap(int line, uint64_t esr, void *elr)
{
    test_check_eq(exc.count, 1, __FILE__, line, "exc.count", "1");
    test_check_eq(exc.el, 2, __FILE__, line, "exc.el", "2");
    test_check_eq(exc.offset, 0x400, __FILE__, line, "exc.offset", "0x400");
    test_check_eq(exc.esr, esr, __FILE__, line, "exc.esr", "esr");
    test_check_eq(exc.elr, (uint64_t)elr, __FILE__, line, "exc.elr", "elr");
}
#define EXPECT_TRAP(esr, elr) expect_trap(__LINE__, esr, (void *)(elr))

static void test_traps(void)
{
    clear_lrs();
    /* TALL1: group-1 registers (ICV_IAR1_EL1 here) */
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_TALL1);
    exc_reset();
    run_at(1, probe_iar1_x3, 0);
    EXPECT_TRAP(ESR_SYS(3, 0, 12, 12, 0, 3, 1), probe_iar1_x3);
    exc_reset();
    run_at(1, probe_pmr_x5, 0); /* common register: not TALL1's */
    CHECK_EQ(exc.count, 0);
    /* TC: common registers: PMR, DIR, and the SGI registers */
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_TC);
    exc_reset();
    run_at(1, probe_pmr_x5, 0);
    EXPECT_TRAP(ESR_SYS(3, 0, 4, 6, 0, 5, 0), probe_pmr_x5);
    exc_reset();
    run_at(1, probe_dir_x2, 0);
    EXPECT_TRAP(ESR_SYS(3, 0, 12, 11, 1, 2, 0), probe_dir_x2);
    exc_reset();
    run_at(1, probe_sgi1r_x4, 0);
    EXPECT_TRAP(ESR_SYS(3, 0, 12, 11, 5, 4, 0), probe_sgi1r_x4);
    exc_reset();
    CHECK_EQ(run_at(1, probe_iar1_x3, 0), 0); /* IAR1 is not common: not trapped by TC */
    CHECK_EQ(exc.count, 0);
    /* TDIR: ICV_DIR_EL1 only (ICH_VTR_EL2.TDS = 1) */
    set_ich_hcr(ICH_HCR_EN | ICH_HCR_TDIR);
    exc_reset();
    run_at(1, probe_dir_x2, INTID_SPURIOUS);
    EXPECT_TRAP(ESR_SYS(3, 0, 12, 11, 1, 2, 0), probe_dir_x2);
    exc_reset();
    run_at(1, probe_pmr_x5, 0);
    CHECK_EQ(exc.count, 0);
    /* ICC_SGI1R_EL1 has no virtual counterpart: with HCR_EL2.IMO = 1 an EL1 write traps to EL2
     * whatever ICH_HCR_EL2 says (the hypervisor emulates the guest's SGIs) */
    set_ich_hcr(ICH_HCR_EN);
    exc_reset();
    run_at(1, probe_sgi1r_x4, 0);
    EXPECT_TRAP(ESR_SYS(3, 0, 12, 11, 5, 4, 0), probe_sgi1r_x4);
    run_at(1, guest_write_pmr, 0xff);
}

void test_main(void)
{
    irq_vectors_install();
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    write_sysreg(cnthctl_el2, 3);
    write_sysreg(cntvoff_el2, 0);
    isb();
    gic_init_dist();
    gic_init_cpu();
    write_ich_vmcr(0xffull << 24 | 1u << 1); /* VPMR 0xFF, VENG1 */
    set_ich_hcr(ICH_HCR_EN);
    test_id_and_icv_registers();
    test_lr_basic();
    test_virq_taken();
    test_hw_virtual_timer(false);
    test_hw_virtual_timer(true);
    test_maintenance();
    test_traps();
    set_ich_hcr(0);
    CHECK_EQ(irq_unexpected, 0);
    CHECK_EQ(irq_unexpected_intid, 0);
}
