/* Generic timers (Arm ARM D11.2) through the GIC: the EL2 physical timer CNTHP (PPI 26), the EL1
 * physical timer CNTP (PPI 30) and the virtual timer CNTV (PPI 27) raise their interrupts at EL2
 * (HCR_EL2.IMO = 1, also while EL1 runs with IRQs masked) and at EL1 (IMO = 0); ISTATUS, IMASK,
 * TVAL and the level-sensitive PPI follow the timer condition; CNTVOFF_EL2 offsets the virtual
 * count and the virtual timer's condition; WFI is woken by a timer interrupt whether PSTATE.I
 * masks it or not. */
#include "smp.h"

#define CNTHCTL_EL1PCTEN 1u
#define CNTHCTL_EL1PCEN 2u
enum timer { T_HP, T_P, T_V };
static const unsigned timer_intid[] = { INTID_CNTHP, INTID_CNTP, INTID_CNTV };

static void timer_write_ctl(enum timer t, uint64_t v)
{
    if (t == T_HP)
        write_sysreg(cnthp_ctl_el2, v);
    else if (t == T_P)
        write_sysreg(cntp_ctl_el0, v);
    else
        write_sysreg(cntv_ctl_el0, v);
    isb();
}

static uint64_t timer_read_ctl(enum timer t)
{
    isb();
    if (t == T_HP)
        return read_sysreg(cnthp_ctl_el2);
    if (t == T_P)
        return read_sysreg(cntp_ctl_el0);
    return read_sysreg(cntv_ctl_el0);
}

static void timer_write_tval(enum timer t, uint64_t v)
{
    if (t == T_HP)
        write_sysreg(cnthp_tval_el2, v);
    else if (t == T_P)
        write_sysreg(cntp_tval_el0, v);
    else
        write_sysreg(cntv_tval_el0, v);
    isb();
}

static uint64_t timer_read_tval(enum timer t)
{
    isb();
    if (t == T_HP)
        return read_sysreg(cnthp_tval_el2);
    if (t == T_P)
        return read_sysreg(cntp_tval_el0);
    return read_sysreg(cntv_tval_el0);
}

static volatile uint64_t hits, hit_intid, hit_el, hit_offset, hit_ctl;
static volatile enum timer hook_timer;

/* The handler acknowledges, masks the timer (its output stays asserted until then) and ends it. */
static void timer_hook(unsigned el, unsigned offset)
{
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    hit_intid = intid;
    hit_el = el;
    hit_offset = offset;
    hit_ctl = timer_read_ctl(hook_timer);
    timer_write_ctl(hook_timer, CNT_ENABLE | CNT_IMASK);
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
    hits++;
}

static void clear_hits(void)
{
    hits = 0;
    hit_intid = hit_el = hit_offset = hit_ctl = ~0ull;
}

/* At EL2: poll the condition with IRQs masked, then take the interrupt. */
static void test_timer_at_el2(enum timer t)
{
    unsigned intid = timer_intid[t];
    gic_enable_ppi(intid, 0x80);
    irq_disable();
    clear_hits();
    hook_timer = t;
    irq_hook[0] = timer_hook;
    timer_write_ctl(t, 0);
    timer_write_tval(t, 100000);
    timer_write_ctl(t, CNT_ENABLE | CNT_IMASK);
    CHECK_EQ(timer_read_ctl(t) & CNT_ISTATUS, 0);
    /* poll: QEMU updates ISTATUS from a host timer, so allow up to 10 ms */
    uint64_t start = cntpct(), limit = read_sysreg(cntfrq_el0) / 100;
    while (!(timer_read_ctl(t) & CNT_ISTATUS) && cntpct() - start < limit)
        ;
    CHECK(cntpct() - start >= 50000); /* TVAL 100000 counted from before start */
    CHECK_EQ(timer_read_ctl(t), CNT_ENABLE | CNT_IMASK | CNT_ISTATUS); /* met, but masked */
    /* TVAL = CVAL - count as a signed 32-bit value in bits [31:0] (63:32 RES0): now negative */
    uint64_t tval = timer_read_tval(t);
    CHECK_EQ(tval >> 32, 0);
    CHECK((int32_t)tval <= 0);
    CHECK(!gic_ppi_pending(0, intid));
    timer_write_ctl(t, CNT_ENABLE); /* unmasked: the PPI becomes pending */
    CHECK(gic_ppi_pending(0, intid));
    irq_enable();
    for (int i = 0; i < 10000 && !hits; i++)
        __asm__ volatile("nop");
    irq_disable();
    CHECK_EQ(hits, 1);
    CHECK_EQ(hit_intid, intid);
    CHECK_EQ(hit_el, 2);
    CHECK_EQ(hit_offset, 0x280);
    CHECK_EQ(hit_ctl, CNT_ENABLE | CNT_ISTATUS);
    CHECK(!gic_ppi_pending(0, intid)); /* masked again by the handler: level low */
    CHECK(!gic_ppi_active(0, intid));
    timer_write_ctl(t, 0);
    CHECK_EQ(timer_read_ctl(t), 0); /* ISTATUS is 0 while disabled */
    irq_hook[0] = 0;
    gic_disable_ppi(intid);
}

/* At EL1 (HCR_EL2.IMO = 0: IRQs go to EL1): the code below runs at EL1 through run_at(). */
static uint64_t el1_timer_probe(uint64_t t)
{
    timer_write_ctl((enum timer)t, 0);
    timer_write_tval((enum timer)t, 1000);
    timer_write_ctl((enum timer)t, CNT_ENABLE);
    irq_enable();
    uint64_t start = cntpct(), limit = read_sysreg(cntfrq_el0) / 100;
    while (!hits && cntpct() - start < limit)
        ;
    irq_disable();
    timer_write_ctl((enum timer)t, 0);
    return hits;
}

static void test_timer_at_el1(enum timer t)
{
    unsigned intid = timer_intid[t];
    gic_enable_ppi(intid, 0x80);
    clear_hits();
    hook_timer = t;
    irq_hook[0] = timer_hook;
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    CHECK_EQ(run_at(1, el1_timer_probe, t), 1);
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    isb();
    CHECK_EQ(hit_intid, intid);
    CHECK_EQ(hit_el, 1);
    CHECK_EQ(hit_offset, 0x280);
    CHECK_EQ(hit_ctl, CNT_ENABLE | CNT_ISTATUS);
    irq_hook[0] = 0;
    gic_disable_ppi(intid);
}

/* HCR_EL2.IMO = 1: a physical IRQ arriving while EL1 runs is taken to EL2 (vector 0x480, lower EL
 * using AArch64) even though PSTATE.I masks IRQs at EL1 (Arm ARM D1.11.1: interrupts routed to a
 * higher EL are not masked by PSTATE at the lower one). */
static uint64_t el1_spin_until_hit(uint64_t t)
{
    timer_write_ctl((enum timer)t, 0);
    timer_write_tval((enum timer)t, 1000);
    timer_write_ctl((enum timer)t, CNT_ENABLE);
    uint64_t start = cntpct(), limit = read_sysreg(cntfrq_el0) / 100;
    while (!hits && cntpct() - start < limit)
        ;
    timer_write_ctl((enum timer)t, 0);
    return read_sysreg(daif);
}

static void test_timer_el1_to_el2(void)
{
    gic_enable_ppi(INTID_CNTV, 0x80);
    clear_hits();
    hook_timer = T_V;
    irq_hook[0] = timer_hook;
    CHECK_EQ(run_at(1, el1_spin_until_hit, T_V), 0x3c0); /* EL1 kept every exception masked */
    CHECK_EQ(hits, 1);
    CHECK_EQ(hit_intid, INTID_CNTV);
    CHECK_EQ(hit_el, 2);
    CHECK_EQ(hit_offset, 0x480);
    irq_hook[0] = 0;
    gic_disable_ppi(INTID_CNTV);
}

/* WFI wakes on a pending interrupt even when PSTATE.I masks it (Arm ARM D1.16.2 "WFI wake-up
 * events"); with I clear the interrupt is then taken. */
static void test_wfi_wakeup(void)
{
    gic_enable_ppi(INTID_CNTHP, 0x80);
    irq_disable();
    clear_hits();
    hook_timer = T_HP;
    irq_hook[0] = timer_hook;
    uint64_t deadline = cntpct() + 5000;
    write_sysreg(cnthp_cval_el2, deadline);
    timer_write_ctl(T_HP, CNT_ENABLE);
    __asm__ volatile("dsb sy\n wfi" ::: "memory");
    CHECK(cntpct() >= deadline);
    CHECK_EQ(timer_read_ctl(T_HP), CNT_ENABLE | CNT_ISTATUS);
    CHECK_EQ(hits, 0);
    CHECK_EQ(read_iar1() & 0xffffff, INTID_CNTHP);
    timer_write_ctl(T_HP, 0);
    write_eoir1(INTID_CNTHP);
    isb();
    /* unmasked: WFI, the IRQ is taken, execution continues after the WFI */
    deadline = cntpct() + 5000;
    write_sysreg(cnthp_cval_el2, deadline);
    timer_write_ctl(T_HP, CNT_ENABLE);
    irq_enable();
    __asm__ volatile("dsb sy\n wfi" ::: "memory");
    irq_disable();
    CHECK(cntpct() >= deadline);
    CHECK_EQ(hits, 1);
    CHECK_EQ(hit_intid, INTID_CNTHP);
    timer_write_ctl(T_HP, 0);
    irq_hook[0] = 0;
    gic_disable_ppi(INTID_CNTHP);
}

static uint64_t el1_read_vct(uint64_t unused)
{
    (void)unused;
    isb();
    return read_sysreg(cntvct_el0);
}

/* CNTVCT = CNTPCT - CNTVOFF_EL2 at EL0/EL1 and at EL2 (no VHE); the virtual timer compares CNTV_CVAL
 * with the virtual count. */
static void test_cntvoff(void)
{
    uint64_t pct = cntpct(), off = pct / 2 + 12345;
    write_sysreg(cntvoff_el2, off);
    isb();
    CHECK_EQ(read_sysreg(cntvoff_el2), off);
    uint64_t p1 = cntpct(), v = read_sysreg(cntvct_el0), p2 = cntpct();
    isb();
    CHECK(v >= p1 - off && v <= p2 - off);
    p1 = cntpct();
    v = run_at(1, el1_read_vct, 0);
    p2 = cntpct();
    CHECK(v >= p1 - off && v <= p2 - off);
    /* CVAL = now in physical terms is `off` ticks ahead in virtual terms: not met */
    write_sysreg(cntv_cval_el0, cntpct());
    timer_write_ctl(T_V, CNT_ENABLE | CNT_IMASK);
    CHECK_EQ(timer_read_ctl(T_V) & CNT_ISTATUS, 0);
    /* TVAL reads CVAL - CNTVCT (signed 32 bits): about `off`, truncated */
    uint64_t cval = read_sysreg(cntv_cval_el0), v1 = read_sysreg(cntvct_el0);
    isb();
    uint32_t tval = (uint32_t)read_sysreg(cntv_tval_el0);
    isb();
    uint64_t v2 = read_sysreg(cntvct_el0);
    CHECK(tval <= (uint32_t)(cval - v1) && tval >= (uint32_t)(cval - v2));
    /* CVAL = virtual now: met */
    write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0));
    isb();
    CHECK_EQ(timer_read_ctl(T_V) & CNT_ISTATUS, CNT_ISTATUS);
    timer_write_ctl(T_V, 0);
    write_sysreg(cntvoff_el2, 0);
    isb();
}

void test_main(void)
{
    uint64_t frq = read_sysreg(cntfrq_el0);
    if (!test_on_qemu)
        CHECK_EQ(frq, 100000000); /* 100 MHz as TF-A programs it (QEMU: 62.5 MHz) */
    CHECK(frq != 0);
    irq_vectors_install();
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
    write_sysreg(cntvoff_el2, 0);
    isb();
    gic_init_dist();
    gic_init_cpu();
    test_timer_at_el2(T_HP);
    test_timer_at_el2(T_P);
    test_timer_at_el2(T_V);
    test_timer_at_el1(T_P);
    test_timer_at_el1(T_V);
    test_timer_el1_to_el2();
    test_wfi_wakeup();
    test_cntvoff();
    CHECK_EQ(irq_unexpected, 0);
}
