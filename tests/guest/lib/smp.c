/* Hypervisor-boot helpers: PSCI, the second core, the GIC-500, interrupt dispatch, delays. */
#include "smp.h"

irq_hook_fn irq_hook[2];
volatile unsigned irq_unexpected, irq_unexpected_intid;
extern char secondary_entry[];

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int32_t)x0; /* PSCI's results (and SMCCC's "unknown function") are 32-bit */
}

int64_t smp_start_cpu1(void (*fn)(void))
{
    return psci_call(PSCI_CPU_ON_64, 1, (uint64_t)secondary_entry, (uint64_t)fn);
}

bool smp_wait_cpu1_off(void)
{
    uint64_t start = cntpct(), limit = read_sysreg(cntfrq_el0) / 2;
    for (;;) {
        if (psci_call(PSCI_AFFINITY_INFO_64, 1, 0, 0) == AFF_OFF)
            return true;
        if (cntpct() - start >= limit)
            return false;
        cpu_relax();
    }
}

/* Core 1's C entry (from secondary_entry): run the job, then power off. */
__attribute__((noreturn)) void smp_secondary_main(uint64_t ctx)
{
    ((void (*)(void))ctx)();
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfe");
}

void irq_vectors_install(void)
{
    write_sysreg(vbar_el2, (uint64_t)irq_vectors_el2);
    write_sysreg(vbar_el1, (uint64_t)irq_vectors_el1);
    isb();
}

/* Returns bits for smp_start.S to set in the SPSR the interrupted code resumes with. */
uint64_t irq_dispatch(uint64_t el, uint64_t offset)
{
    irq_hook_fn fn = irq_hook[cpu_id() & 1];
    if (fn) {
        fn((unsigned)el, (unsigned)offset);
        return 0;
    }
    /* Nothing will clear the source: acknowledge it without ending it (an active interrupt is not
     * signalled again), and mask IRQ and FIQ where the interrupted code resumes. */
    irq_unexpected++;
    irq_unexpected_intid = (unsigned)read_iar1() & 0xffffff;
    return 0xc0;
}

void delay_ticks(uint64_t ticks)
{
    uint64_t start = cntpct();
    while (cntpct() - start < ticks)
        cpu_relax();
}

bool wait_flag(volatile uint64_t *flag)
{
    uint64_t start = cntpct(), limit = read_sysreg(cntfrq_el0) / 2;
    while (!*flag && cntpct() - start < limit)
        cpu_relax();
    return *flag != 0;
}

static void gicd_wait_rwp(void)
{
    for (int i = 0; i < 100000 && (mmio_read32(GICD_BASE + GICD_CTLR) & (1u << 31)); i++)
        ;
}

void gic_init_dist(void)
{
    /* Non-secure view of GICD_CTLR (GICD_CTLR.DS = 0): ARE_NS bit 4, EnableGrp1A bit 1. */
    mmio_write32(GICD_BASE + GICD_CTLR, (1u << 4) | (1u << 1));
    gicd_wait_rwp();
}

void gic_init_cpu(void)
{
    unsigned cpu = cpu_id();
    uint64_t rd = GICR_BASE(cpu);
    /* GICR_WAKER.ProcessorSleep = 0, then ChildrenAsleep reads 0 (may be RAZ/WI to NS). */
    mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~2u);
    for (int i = 0; i < 100000 && (mmio_read32(rd + GICR_WAKER) & 4u); i++)
        ;
    write_sysreg(S3_4_C12_C9_5, 0xf); /* ICC_SRE_EL2: SRE, DFB, DIB, Enable (EL1 may use SRE) */
    isb();
    write_sysreg(S3_0_C12_C12_5, 0x7); /* ICC_SRE_EL1 */
    isb();
    write_pmr(0xff);
    write_sysreg(S3_0_C12_C12_3, 0);   /* ICC_BPR1_EL1: minimum */
    write_icc_ctlr(0);                 /* EOImode 0 */
    write_igrpen1(1);
    isb();
}

void gic_enable_ppi(unsigned intid, uint8_t ns_priority)
{
    uint64_t sgi = GICR_SGI_BASE(cpu_id());
    mmio_write32(sgi + GICR_IGROUPR0, mmio_read32(sgi + GICR_IGROUPR0) | (1u << intid));
    mmio_write8(sgi + GICR_IPRIORITYR + intid, ns_priority);
    mmio_write32(sgi + GICR_ISENABLER0, 1u << intid);
}

void gic_disable_ppi(unsigned intid)
{
    uint64_t sgi = GICR_SGI_BASE(cpu_id());
    mmio_write32(sgi + GICR_ICENABLER0, 1u << intid);
    mmio_write32(sgi + GICR_ICPENDR0, 1u << intid);
}
