/* --check=gic: GIC programming errors a hypervisor makes. The violations: two list registers with
 * the same vINTID (site lr_dup), a list register with HW = 1 and the pINTID of an SGI (site lr_hw),
 * an EOI of a physical interrupt that is not active (site eoi), and a second GICD_CTLR write right
 * after the first, without polling GICD_CTLR.RWP between them (site rwp). "good" writes distinct
 * vINTIDs and an SPI as pINTID, EOIs nothing, and polls RWP. The list registers read back as
 * written, and GICD_CTLR keeps its value, either way. */
#include "check_common.h"
#include "smp.h"

#define LR_PENDING (1ull << 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_PRIO(p) ((uint64_t)(p) << 48)

extern char lr_dup[], lr_hw[], eoi_site[], rwp_site[];

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

void test_main(void)
{
    bool good = check_arg("good");
    print_site("lr_dup", lr_dup);
    print_site("lr_hw", lr_hw);
    print_site("eoi", eoi_site);
    print_site("rwp", rwp_site);
    gic_init_cpu();
    write_lrs(good);
    if (!good)
        eoi_not_active();
    distributor_writes(good);
}
