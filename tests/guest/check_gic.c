/* --check=gic: GIC programming errors a hypervisor makes. The violations: two list registers with
 * the same vINTID (site lr_dup), a list register with HW = 1 and the pINTID of an SGI (site lr_hw),
 * an EOI of a physical interrupt that is not active (site eoi), a second GICD_CTLR write right
 * after the first, without polling GICD_CTLR.RWP between them (site rwp), and a maintenance
 * interrupt handler that EOIs while the condition it signals still holds, having written no ICH_
 * register (site maint_eoi: the underflow of ICH_HCR_EL2.UIE with no list register valid). "good"
 * writes distinct vINTIDs and an SPI as pINTID, EOIs nothing, polls RWP, and clears UIE before its
 * EOI. The list registers read back as written, GICD_CTLR keeps its value, and the maintenance
 * interrupt is taken once at EL2, either way. */
#include "check_common.h"
#include "smp.h"

#define LR_PENDING (1ull << 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_PRIO(p) ((uint64_t)(p) << 48)

#define write_ich_hcr(v) write_sysreg(S3_4_C12_C11_0, (v))
#define ICH_HCR_EN (1u << 0)
#define ICH_HCR_UIE (1u << 1)

extern char lr_dup[], lr_hw[], eoi_site[], rwp_site[], maint_eoi[];

static __attribute__((noinline)) void write_lrs(bool good)
{
    uint64_t lr0 = LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | 40;
    uint64_t lr1 = LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | (good ? 41 : 40);
    uint64_t lr2 = LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0xa0) | (uint64_t)(good ? 48 : 5) << 32 | 42;
    write_sysreg(S3_4_C12_C12_0, lr0);
    __asm__ volatile(".global lr_dup\nlr_dup: msr S3_4_C12_C12_1, %0" : : "r"(lr1) : "memory");
    __asm__ volatile(".global lr_hw\nlr_hw: msr S3_4_C12_C12_2, %0" : : "r"(lr2) : "memory");
    isb();
    CHECK_EQ(read_sysreg(S3_4_C12_C12_0), lr0);
    CHECK_EQ(read_sysreg(S3_4_C12_C12_1), lr1);
    CHECK_EQ(read_sysreg(S3_4_C12_C12_2), lr2);
    write_sysreg(S3_4_C12_C12_0, 0);
    write_sysreg(S3_4_C12_C12_1, 0);
    write_sysreg(S3_4_C12_C12_2, 0);
    isb();
}

static __attribute__((noinline)) void eoi_not_active(void)
{
    __asm__ volatile(".global eoi_site\neoi_site: msr S3_0_C12_C12_1, %0" : : "r"((uint64_t)50) : "memory");
    isb();
}

static __attribute__((noinline)) void distributor_writes(bool good)
{
    uint32_t ctlr = mmio_read32(GICD_BASE + GICD_CTLR) & 0x7fffffffu;
    mmio_write32(GICD_BASE + GICD_CTLR, ctlr);
    if (good)
        while (mmio_read32(GICD_BASE + GICD_CTLR) & (1u << 31))
            ;
    __asm__ volatile(".global rwp_site\nrwp_site: str %w0, [%1]" : : "r"(ctlr), "r"(GICD_BASE + GICD_CTLR)
                     : "memory");
    while (mmio_read32(GICD_BASE + GICD_CTLR) & (1u << 31))
        ;
    CHECK_EQ(mmio_read32(GICD_BASE + GICD_CTLR) & 0x7fffffffu, ctlr);
}

static bool maint_good;
static volatile unsigned maint_taken, maint_intid, maint_el;

/* The hypervisor's handler of the maintenance interrupt. The good one removes the cause (UIE) before
 * its EOI; the bad one EOIs first (the interrupt is still asserted) and only then removes it. */
static void maintenance_handler(unsigned el, unsigned offset)
{
    (void)offset;
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    maint_el = el;
    maint_intid = intid;
    if (maint_good) {
        write_ich_hcr(ICH_HCR_EN);
        isb();
    }
    __asm__ volatile(".global maint_eoi\nmaint_eoi: msr S3_0_C12_C12_1, %0" : : "r"((uint64_t)intid) : "memory");
    isb();
    write_ich_hcr(0);
    isb();
    maint_taken++;
}

static __attribute__((noinline)) void maintenance(bool good)
{
    maint_good = good;
    irq_vectors_install();
    irq_hook[0] = maintenance_handler;
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO); /* physical IRQs to EL2 */
    gic_enable_ppi(INTID_MAINT, 0x80);
    write_ich_hcr(ICH_HCR_EN | ICH_HCR_UIE); /* no list register valid: underflow */
    isb();
    irq_enable();
    for (int i = 0; i < 10000 && !maint_taken; i++)
        __asm__ volatile("nop");
    irq_disable();
    gic_disable_ppi(INTID_MAINT);
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    irq_hook[0] = 0;
    CHECK_EQ(maint_taken, 1);
    CHECK_EQ(maint_intid, INTID_MAINT);
    CHECK_EQ(maint_el, 2);
}

void test_main(void)
{
    bool good = check_arg("good");
    print_site("lr_dup", lr_dup);
    print_site("lr_hw", lr_hw);
    print_site("eoi", eoi_site);
    print_site("rwp", rwp_site);
    print_site("maint_eoi", maint_eoi);
    gic_init_dist();
    gic_init_cpu();
    write_lrs(good);
    if (!good)
        eoi_not_active();
    distributor_writes(good);
    maintenance(good);
}
