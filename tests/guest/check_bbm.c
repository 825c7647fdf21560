/* --check=bbm: an EL1 guest reads a page through its stage 1; the EL2 code then points the page's
 * descriptor at another page. The violation replaces the valid descriptor by the new valid one in
 * place (then DSB, TLBI, DSB); "good" follows break-before-make (invalid descriptor, DSB, TLBI, DSB,
 * new descriptor, DSB, TLBI, DSB). Either way the guest then reads the new page. */
#include "check_common.h"
#include "mmu_pt.h"

#define VA_TEST 0x40000000ull
#define IDENTITY_SIZE 0x00800000ull

static uint64_t old_page[512] __attribute__((aligned(4096)));
static uint64_t new_page[512] __attribute__((aligned(4096)));
static struct pt s1;

PROBE(rd64, "ldr x0, [x0]");
extern char bbm_site[];

static void invalidate(void)
{
    dsb_ish();
    tlbi_x(vae1, VA_TEST >> 12 | 7ull << 48);
    dsb_ish();
    isb();
}

/* The store that replaces the descriptor: the site the check must name. */
static __attribute__((noinline)) void write_descriptor(volatile uint64_t *slot, uint64_t desc)
{
    __asm__ volatile(".global bbm_site\nbbm_site: str %0, [%1]" : : "r"(desc), "r"(slot) : "memory");
}

void test_main(void)
{
    bool good = check_arg("good");
    old_page[1] = 0x1111;
    new_page[1] = 0x2222;
    pt_init(&s1, 12, 39, 1);
    pt_map_range(&s1, 0, 0, IDENTITY_SIZE, 2, S1_NORMAL);
    pt_map(&s1, VA_TEST, (uint64_t)(uintptr_t)old_page, 3, S1_NORMAL | S1_NG);
    tlb_flush_all_el1();
    el1_stage1_on(&s1, TCR_TG0_4K, 25, 7);
    print_site("bbm", bbm_site);

    exc_reset();
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), 0x1111);
    volatile uint64_t *slot = pt_slot(&s1, VA_TEST, 3);
    if (good) {
        *slot = 0; /* break */
        invalidate();
    }
    write_descriptor(slot, (uint64_t)(uintptr_t)new_page | S1_NORMAL | S1_NG | DESC_PAGE); /* make */
    invalidate();
    CHECK_EQ(run_at(1, rd64, VA_TEST + 8), 0x2222);
    CHECK_EQ(exc.count, 0);
    el1_stage1_off();
}
