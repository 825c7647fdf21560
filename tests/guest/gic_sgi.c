/* GIC-500 as seen by a hypervisor at Non-secure EL2 (GICv3 spec IHI 0069): ID registers, SGIs
 * between the two cores (TargetList and IRM broadcast), SPI routing by GICD_IROUTER, priorities
 * and the running priority, preemption of an interrupt handler by a higher-priority interrupt, PMR
 * masking, EOImode 1 (priority drop and deactivation split), and the routing of a physical IRQ at EL2
 * (taken there only when HCR_EL2.IMO routes it there).
 * Non-secure accesses see priorities shifted (GICv3 4.8.6): a Non-secure write of p to
 * GICR_IPRIORITYR stores 0x80 | p >> 1, which is what ICC_RPR_EL1 reports while SCR_EL3.FIQ = 0
 * (the boot state: SCR_EL3 = NS | RW | HCE). */
#include "smp.h"

#define SGI_LOW 1
#define SGI_HIGH 2
#define SGI_TO_CPU1 3
#define SGI_TO_CPU0 5
#define PRIO_LOW 0x80  /* Non-secure view; stored as 0xC0 */
#define PRIO_HIGH 0x20 /* stored as 0x90 */
#define STORED(p) (0x80 | (p) >> 1)
#define RPR_IDLE 0xff
#define ICC_CTLR_EOIMODE 2

static void test_id_registers(void)
{
    /* GICD_CTLR as Non-secure software sees it (DS = 0): ARE_NS at bit 4, EnableGrp1A at bit 1,
     * nothing of the Secure view (ARE_S, EnableGrp0, EnableGrp1S) */
    CHECK_EQ(mmio_read32(GICD_BASE + GICD_CTLR), 0x12);
    uint32_t typer = mmio_read32(GICD_BASE + GICD_TYPER);
    if (!test_on_qemu)
        CHECK_EQ(typer & 0x1f, 6); /* ITLinesNumber: 224 INTIDs (QEMU 7.2 says 5) */
    CHECK_EQ((typer >> 19) & 0x1f, 15); /* IDbits: 16-bit INTIDs */
    uint64_t t0 = *(volatile uint64_t *)(GICR_BASE(0) + 8), t1 = *(volatile uint64_t *)(GICR_BASE(1) + 8);
    CHECK_EQ(t0 >> 32, 0);          /* Affinity_Value = MPIDR affinity of core 0 */
    CHECK_EQ(t1 >> 32, 1);
    CHECK_EQ((t0 >> 4) & 1, 0);     /* Last: only the second frame is the last */
    CHECK_EQ((t1 >> 4) & 1, 1);
    CHECK_EQ((t1 >> 8) & 0xffff, 1); /* Processor_Number */
    uint64_t ctlr = read_icc_ctlr();
    CHECK_EQ((ctlr >> 8) & 7, 4);   /* PRIbits: 5 bits of priority */
    CHECK(((ctlr >> 11) & 7) <= 1);  /* IDbits: 16 or 24 */
}

static void test_priority_registers(void)
{
    uint64_t sgi = GICR_SGI_BASE(0);
    gic_enable_ppi(SGI_LOW, PRIO_LOW);
    gic_enable_ppi(SGI_HIGH, PRIO_HIGH);
    CHECK_EQ(mmio_read8(sgi + GICR_IPRIORITYR + SGI_LOW), PRIO_LOW);
    CHECK_EQ(mmio_read8(sgi + GICR_IPRIORITYR + SGI_HIGH), PRIO_HIGH);
    /* 5 priority bits: stored 0x80 | 0x87 >> 1 = 0xC3 keeps 0xC0, read back (NS) as 0x80 */
    mmio_write8(sgi + GICR_IPRIORITYR + 7, 0x87);
    if (!test_on_qemu) /* QEMU 7.2 keeps all 8 bits */
        CHECK_EQ(mmio_read8(sgi + GICR_IPRIORITYR + 7), 0x80);
    /* SGIs are always enabled-by-register and edge: ICFGR0 reads 0xAAAAAAAA */
    CHECK_EQ(mmio_read32(sgi + 0xC00), 0xAAAAAAAAu);
}

/* With PSTATE.I set, acknowledge by polling ICC_IAR1_EL1: the running priority and the PMR decide. */
static void test_running_priority(void)
{
    irq_disable();
    CHECK_EQ(read_rpr(), RPR_IDLE);
    write_pmr(STORED(PRIO_LOW)); /* only priorities higher (lower value) than 0xC0 are signalled */
    isb();
    gic_send_sgi(SGI_LOW, 1);
    CHECK(gic_ppi_pending(0, SGI_LOW));
    CHECK_EQ(read_iar1() & 0xffffff, INTID_SPURIOUS);
    write_pmr(0xff);
    isb();
    CHECK_EQ(read_hppir1() & 0xffffff, SGI_LOW);
    CHECK_EQ(read_iar1() & 0xffffff, SGI_LOW);
    CHECK_EQ(read_rpr(), STORED(PRIO_LOW));
    CHECK(gic_ppi_active(0, SGI_LOW));
    CHECK(!gic_ppi_pending(0, SGI_LOW));
    /* pending again while active, same priority as the running one: not acknowledged */
    gic_send_sgi(SGI_LOW, 1);
    CHECK_EQ(read_iar1() & 0xffffff, INTID_SPURIOUS);
    /* a higher priority one is */
    gic_send_sgi(SGI_HIGH, 1);
    CHECK_EQ(read_iar1() & 0xffffff, SGI_HIGH);
    CHECK_EQ(read_rpr(), STORED(PRIO_HIGH));
    write_eoir1(SGI_HIGH);
    isb();
    CHECK_EQ(read_rpr(), STORED(PRIO_LOW));
    CHECK(!gic_ppi_active(0, SGI_HIGH));
    write_eoir1(SGI_LOW);
    isb();
    CHECK_EQ(read_rpr(), RPR_IDLE);
    /* the second SGI_LOW is still pending */
    CHECK_EQ(read_iar1() & 0xffffff, SGI_LOW);
    write_eoir1(SGI_LOW);
    isb();
    CHECK_EQ(read_iar1() & 0xffffff, INTID_SPURIOUS);
    CHECK_EQ(read_rpr(), RPR_IDLE);
}

/* Interrupt handler preemption: the SGI_LOW handler unmasks IRQs and raises SGI_HIGH, which is taken
 * at once (nested); the SGI_HIGH handler sees the running priority of SGI_HIGH. */
static volatile unsigned seq[8], seq_n;
static volatile uint64_t rpr_in_high, rpr_after_high;

static void preempt_hook(unsigned el, unsigned offset)
{
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    if (seq_n < 8)
        seq[seq_n++] = intid | el << 12 | offset << 16;
    if (intid == SGI_LOW) {
        irq_enable();
        gic_send_sgi(SGI_HIGH, 1);
        for (int i = 0; i < 1000 && seq_n < 2; i++)
            __asm__ volatile("nop");
        irq_disable();
        rpr_after_high = read_rpr();
        if (seq_n < 8)
            seq[seq_n++] = 0xdead;
    } else if (intid == SGI_HIGH) {
        rpr_in_high = read_rpr();
    }
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
}

static void test_preemption(void)
{
    seq_n = 0;
    irq_hook[0] = preempt_hook;
    gic_send_sgi(SGI_LOW, 1);
    irq_enable();
    for (int i = 0; i < 100000 && seq_n < 3; i++)
        __asm__ volatile("nop");
    irq_disable();
    irq_hook[0] = 0;
    CHECK_EQ(seq_n, 3);
    CHECK_EQ(seq[0], SGI_LOW | 2 << 12 | 0x280 << 16);  /* IRQ from EL2 with SP_EL2: vector 0x280 */
    CHECK_EQ(seq[1], SGI_HIGH | 2 << 12 | 0x280 << 16);
    CHECK_EQ(seq[2], 0xdead);
    CHECK_EQ(rpr_in_high, STORED(PRIO_HIGH));
    CHECK_EQ(rpr_after_high, STORED(PRIO_LOW));
    CHECK_EQ(read_rpr(), RPR_IDLE);
}

static volatile uint32_t routed_intid;

static void route_hook(unsigned el, unsigned offset)
{
    (void)el;
    (void)offset;
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    if (intid != INTID_SPURIOUS) {
        routed_intid = intid;
        write_eoir1(intid);
    }
    isb();
}

/* At EL2 a physical IRQ is taken only when HCR_EL2.IMO (or TGE) routes it to EL2: with both 0 it
 * targets EL1, so at EL2 it is not taken even with PSTATE.I clear, and stays pending (ISR_EL1.I)
 * until the routing changes (Arm ARM D1.13.2, asynchronous exception routing). */
static void test_routing_at_el2(void)
{
    routed_intid = 0;
    irq_hook[0] = route_hook;
    gic_enable_ppi(SGI_LOW, PRIO_LOW);
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    gic_send_sgi(SGI_LOW, 1);
    irq_enable();
    for (int i = 0; i < 1000 && !routed_intid; i++)
        __asm__ volatile("nop");
    irq_disable();
    CHECK_EQ(routed_intid, 0);
    CHECK_EQ(read_sysreg(isr_el1) & (1u << 7), 1u << 7);
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    isb();
    irq_enable();
    for (int i = 0; i < 1000 && !routed_intid; i++)
        __asm__ volatile("nop");
    irq_disable();
    CHECK_EQ(routed_intid, SGI_LOW);
    irq_hook[0] = 0;
}

static void test_eoimode1(void)
{
    irq_disable();
    write_icc_ctlr(ICC_CTLR_EOIMODE);
    isb();
    CHECK_EQ(read_icc_ctlr() & ICC_CTLR_EOIMODE, ICC_CTLR_EOIMODE);
    gic_send_sgi(SGI_LOW, 1);
    CHECK_EQ(read_iar1() & 0xffffff, SGI_LOW);
    write_eoir1(SGI_LOW); /* priority drop only */
    isb();
    CHECK_EQ(read_rpr(), RPR_IDLE);
    CHECK(gic_ppi_active(0, SGI_LOW));
    gic_send_sgi(SGI_LOW, 1); /* active and pending: not acknowledged until deactivated */
    CHECK_EQ(read_iar1() & 0xffffff, INTID_SPURIOUS);
    write_dir(SGI_LOW);
    isb();
    CHECK(!gic_ppi_active(0, SGI_LOW));
    CHECK_EQ(read_iar1() & 0xffffff, SGI_LOW);
    write_eoir1(SGI_LOW);
    write_dir(SGI_LOW);
    isb();
    CHECK(!gic_ppi_active(0, SGI_LOW));
    CHECK(!gic_ppi_pending(0, SGI_LOW));
    write_icc_ctlr(0);
    isb();
    /* EOImode 0: EOIR both drops and deactivates */
    gic_send_sgi(SGI_LOW, 1);
    CHECK_EQ(read_iar1() & 0xffffff, SGI_LOW);
    write_eoir1(SGI_LOW);
    isb();
    CHECK(!gic_ppi_active(0, SGI_LOW));
}

/* SGIs between the cores: core 1 takes SGI_TO_CPU1 from core 0 (TargetList), then SGI_BROADCAST
 * (ICC_SGI1R_EL1.IRM = 1: every core but the sender), then sends SGI_TO_CPU0 back. */
#define SGI_BROADCAST 4
#define SGI1R_IRM (1ull << 40)
static volatile uint64_t cpu1_ready, cpu1_got, cpu1_el, cpu1_offset, cpu0_got, cpu1_count, cpu1_second;

static void cpu1_hook(unsigned el, unsigned offset)
{
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    if (cpu1_count++ == 0)
        cpu1_got = intid;
    else
        cpu1_second = intid;
    cpu1_el = el;
    cpu1_offset = offset;
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
}

static void cpu0_hook(unsigned el, unsigned offset)
{
    (void)el, (void)offset;
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    cpu0_got = intid;
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
}

static void cpu1_job(void)
{
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    isb();
    gic_init_cpu();
    gic_enable_ppi(SGI_TO_CPU1, PRIO_LOW);
    gic_enable_ppi(SGI_BROADCAST, PRIO_LOW);
    irq_hook[1] = cpu1_hook;
    cpu1_ready = 1;
    irq_enable();
    wait_flag(&cpu1_second);
    irq_disable();
    irq_hook[1] = 0;
    gic_send_sgi(SGI_TO_CPU0, 1 << 0);
}

static void test_sgi_between_cores(void)
{
    gic_enable_ppi(SGI_TO_CPU0, PRIO_LOW);
    irq_hook[0] = cpu0_hook;
    CHECK_EQ(smp_start_cpu1(cpu1_job), PSCI_SUCCESS);
    wait_flag(&cpu1_ready);
    CHECK_EQ(cpu1_ready, 1);
    gic_send_sgi(SGI_TO_CPU1, 1 << 1);
    /* the SGI went to core 1's redistributor, not to ours */
    CHECK(!gic_ppi_pending(0, SGI_TO_CPU1));
    wait_flag(&cpu1_got);
    gic_enable_ppi(SGI_BROADCAST, PRIO_LOW);
    write_sysreg(S3_0_C12_C11_5, SGI1R_IRM | (uint64_t)SGI_BROADCAST << 24);
    isb();
    CHECK(!gic_ppi_pending(0, SGI_BROADCAST)); /* not to the sender */
    irq_enable();
    wait_flag(&cpu0_got);
    irq_disable();
    irq_hook[0] = 0;
    CHECK_EQ(cpu1_got, SGI_TO_CPU1);
    CHECK_EQ(cpu1_second, SGI_BROADCAST);
    CHECK_EQ(cpu1_count, 2);
    CHECK_EQ(cpu1_el, 2);
    CHECK_EQ(cpu1_offset, 0x280);
    CHECK_EQ(cpu0_got, SGI_TO_CPU0);
    CHECK(smp_wait_cpu1_off());
}

/* An SPI, made pending by software (GICD_ISPENDR), goes to the core GICD_IROUTER names
 * (affinity routing, ARE_NS = 1; Aff0 = the core). INTID 96 is below QEMU's (too low) limit. */
#define SPI 96
#define GICD_ISENABLER(n) (0x100 + 4 * (n))
#define GICD_ICENABLER(n) (0x180 + 4 * (n))
#define GICD_ISPENDR(n) (0x200 + 4 * (n))
#define GICD_IPRIORITYR(id) (0x400 + (id))
#define GICD_IROUTER(id) (0x6000 + 8 * (id))
static volatile uint64_t spi_cpu1_ready, spi_cpu1_got;

static void spi_cpu1_hook(unsigned el, unsigned offset)
{
    (void)el, (void)offset;
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    spi_cpu1_got = intid;
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
}

static void spi_cpu1_job(void)
{
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    isb();
    gic_init_cpu();
    irq_hook[1] = spi_cpu1_hook;
    spi_cpu1_ready = 1;
    irq_enable();
    wait_flag(&spi_cpu1_got);
    irq_disable();
    irq_hook[1] = 0;
}

static void test_spi_routing(void)
{
    mmio_write8(GICD_BASE + GICD_IPRIORITYR(SPI), PRIO_LOW);
    *(volatile uint64_t *)(GICD_BASE + GICD_IROUTER(SPI)) = 1; /* core 1 */
    CHECK_EQ(*(volatile uint64_t *)(GICD_BASE + GICD_IROUTER(SPI)), 1);
    mmio_write32(GICD_BASE + GICD_ISENABLER(SPI / 32), 1u << (SPI % 32));
    CHECK_EQ(smp_start_cpu1(spi_cpu1_job), PSCI_SUCCESS);
    wait_flag(&spi_cpu1_ready);
    cpu0_got = 0;
    irq_hook[0] = cpu0_hook;
    irq_enable();
    mmio_write32(GICD_BASE + GICD_ISPENDR(SPI / 32), 1u << (SPI % 32));
    wait_flag(&spi_cpu1_got);
    irq_disable();
    CHECK_EQ(spi_cpu1_got, SPI);
    CHECK_EQ(cpu0_got, 0); /* not delivered here */
    CHECK(smp_wait_cpu1_off());
    /* routed to core 0 now */
    *(volatile uint64_t *)(GICD_BASE + GICD_IROUTER(SPI)) = 0;
    mmio_write32(GICD_BASE + GICD_ISPENDR(SPI / 32), 1u << (SPI % 32));
    irq_enable();
    wait_flag(&cpu0_got);
    irq_disable();
    irq_hook[0] = 0;
    CHECK_EQ(cpu0_got, SPI);
    mmio_write32(GICD_BASE + GICD_ICENABLER(SPI / 32), 1u << (SPI % 32));
}

void test_main(void)
{
    irq_vectors_install();
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO); /* physical IRQs to EL2 */
    isb();
    gic_init_dist();
    gic_init_cpu();
    test_id_registers();
    test_priority_registers();
    test_running_priority();
    test_preemption();
    test_routing_at_el2();
    test_eoimode1();
    test_sgi_between_cores();
    test_spi_routing();
    CHECK_EQ(irq_unexpected, 0);
}
