/* For a72sim's --check-tlb (a72sim only: run by the CTest cases mmu_check_tlb/stale and
 * mmu_check_tlb/tlbi through mmu_check_tlb.cmake). An EL1 guest reads a page through its stage 1;
 * the EL2 code then points the page's descriptor at another page and the guest reads it again.
 * Without a TLBI the second read may use the cached translation (Arm ARM D5.10: a translation
 * stays in the TLB until invalidated) and --check-tlb must report "stale TLB entry used" for
 * VA_TEST + 8; with "tlbi" on the semihosting command line (--append tlbi) the code follows the
 * change with TLBI VAE1 and nothing may be reported. Both variants exit 0. */
#include "mmu_pt.h"

#define VA_TEST 0x40000000ull
#define IDENTITY_SIZE 0x00800000ull
#define OLD_VALUE 0x0123456789ABCDEFull
#define NEW_VALUE 0xFEDCBA9876543210ull

static uint64_t old_page[512] __attribute__((aligned(4096)));
static uint64_t new_page[512] __attribute__((aligned(4096)));
static struct pt s1;

PROBE(rd64, "ldr x0, [x0]");

static bool cmdline_has_tlbi(void)
{
    static char cmdline[128];
    struct { char *buf; uint64_t len; } block = { cmdline, sizeof(cmdline) };
    if (semihost(0x15 /* SYS_GET_CMDLINE */, &block) != 0)
        return false;
    for (const char *s = cmdline; *s; s++)
        if (s[0] == 't' && s[1] == 'l' && s[2] == 'b' && s[3] == 'i')
            return true;
    return false;
}

void test_main(void)
{
    bool do_tlbi = cmdline_has_tlbi();
    old_page[1] = OLD_VALUE;
    new_page[1] = NEW_VALUE;
    pt_init(&s1, 12, 39, 1);
    pt_map_range(&s1, 0, 0, IDENTITY_SIZE, 2, S1_NORMAL);
    pt_map(&s1, VA_TEST, (uint64_t)(uintptr_t)old_page, 3, S1_NORMAL | S1_NG);
    tlb_flush_all_el1();
    el1_stage1_on(&s1, TCR_TG0_4K, 25, 7);

    exc_reset();
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), OLD_VALUE);
    *(volatile uint64_t *)pt_slot(&s1, VA_TEST, 3) = (uint64_t)(uintptr_t)new_page | S1_NORMAL | S1_NG | DESC_PAGE;
    dsb_ish();
    if (do_tlbi)
        tlbi_x(vae1, VA_TEST >> 12 | 7ull << 48);
    dsb_ish();
    isb();
    /* without the TLBI a72sim still uses the cached translation, as silicon may */
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), do_tlbi ? NEW_VALUE : OLD_VALUE);
    CHECK_EQ(exc.count, 0);
    el1_stage1_off();
}
