/* --check=tlb, TLB maintenance sequences: the EL2 code changes the descriptor of a page its EL1 guest
 * reads. The violations: a TLBI right after the descriptor store, with no DSB to make the store
 * visible to the walks first (site tlbi_nodsb), and then the guest's read of the page after a TLBI
 * that no DSB completed (site rd64, the read). "good" has DSB ISHST before and DSB ISH after each
 * TLBI. Either way the guest reads the new page. */
#include "check_common.h"
#include "mmu_pt.h"

#define VA_TEST 0x40000000ull
#define IDENTITY_SIZE 0x00800000ull

static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));
static uint64_t page_c[512] __attribute__((aligned(4096)));
static struct pt s1;

PROBE(rd64, "ldr x0, [x0]");
extern char tlbi_nodsb[];

static __attribute__((noinline)) void tlbi_without_dsb(void)
{
    __asm__ volatile(".global tlbi_nodsb\ntlbi_nodsb: tlbi vae1, %0" : : "r"(VA_TEST >> 12 | 7ull << 48) : "memory");
}

void test_main(void)
{
    bool good = check_arg("good");
    page_a[1] = 0xa;
    page_b[1] = 0xb;
    page_c[1] = 0xc;
    pt_init(&s1, 12, 39, 1);
    pt_map_range(&s1, 0, 0, IDENTITY_SIZE, 2, S1_NORMAL);
    pt_map(&s1, VA_TEST, (uint64_t)(uintptr_t)page_a, 3, S1_NORMAL | S1_NG);
    tlb_flush_all_el1();
    el1_stage1_on(&s1, TCR_TG0_4K, 25, 7);
    print_site("tlbi_nodsb", tlbi_nodsb);
    print_site("rd64", (const void *)rd64);

    exc_reset();
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), 0xa);
    volatile uint64_t *slot = pt_slot(&s1, VA_TEST, 3);

    /* break-before-make, with or without the DSB between the store and the TLBI */
    *slot = 0;
    if (good)
        dsb_ishst();
    tlbi_without_dsb();
    dsb_ish();
    *slot = (uint64_t)(uintptr_t)page_b | S1_NORMAL | S1_NG | DESC_PAGE;
    dsb_ishst();
    tlbi_x(vae1, VA_TEST >> 12 | 7ull << 48);
    dsb_ish();
    isb();
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), 0xb);

    /* the TLBI completed by a DSB before the guest reads, or not */
    *slot = 0;
    dsb_ishst();
    tlbi_x(vae1, VA_TEST >> 12 | 7ull << 48);
    dsb_ish();
    *slot = (uint64_t)(uintptr_t)page_c | S1_NORMAL | S1_NG | DESC_PAGE;
    dsb_ishst();
    tlbi_x(vae1, VA_TEST >> 12 | 7ull << 48);
    if (good)
        dsb_ish();
    isb();
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), 0xc);
    dsb_ish();
    CHECK_EQ(exc.count, 0);
    el1_stage1_off();
}
