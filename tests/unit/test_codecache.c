/* The decoded-code cache's budget (machine.code_cache_bytes, --code-cache): when a new page would
 * exceed it every decoded page is dropped, and every core's fast-TLB fetch entries into them with
 * it, between blocks; the guest sees no difference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness.h"

#include "cpu/codecache.h"
#include "cpu/run.h"

#define ADD_X0_1   0x91000400u /* add x0, x0, #1 */
#define B_NEXT     0x140003ffu /* b .+0xffc: from page+4 to the next page's start */
#define B_FIRST    0x17fff7ffu /* b .-0x2004: from 0x3004 back to 0x1000 */

/* Is every live fetch entry of every core pointing at a page the cache still holds? */
static bool fetch_entries_live(const struct machine *m)
{
    const struct bus_region *r = &m->bus.regions[0];
    for (unsigned n = 0; n < m->ncpus; n++)
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++)
            for (unsigned k = 0; k < FAST_TLB_SIZE; k++) {
                const struct fast_fetch_entry *e = &m->cpus[n]->tlb[idx].fetch[k];
                if (e->tag == FAST_TLB_INVALID)
                    continue;
                bool found = false;
                for (const struct code_page *p = r->code_list; p && !found; p = p->next)
                    found = p == e->page;
                if (!found)
                    return false;
            }
    return true;
}

/* x0 after ICOUNT instructions of the 6-instruction loop (ADD, B on each of three pages). */
static uint64_t expected_x0(uint64_t icount)
{
    return icount / 6 * 3 + (icount % 6 + 1) / 2;
}

static void test_budget_of_two_pages(void **state)
{
    (void)state;
    struct machine *m = harness_machine(2, 1 << 20);
    m->code_cache_bytes = 2 * sizeof(struct code_page); /* room for two of the loop's three pages */
    m->quantum = 7;                                        /* the cores take turns mid-loop */
    for (uint64_t page = 0x1000; page <= 0x3000; page += 0x1000) {
        harness_put32(m, page, ADD_X0_1);
        harness_put32(m, page + 4, page == 0x3000 ? B_FIRST : B_NEXT);
    }
    for (unsigned n = 0; n < 2; n++) {
        m->cpus[n]->pc = 0x1000;
        m->cpus[n]->powered_off = false;
    }
    machine_run(m, 6000);
    assert_int_equal(m->reason, STOP_MAX_INSNS);
    for (unsigned n = 0; n < 2; n++) {
        struct cpu *c = m->cpus[n];
        assert_true(c->icount > 2000);
        assert_int_equal(c->x[0], expected_x0(c->icount));
    }
    assert_true(m->code_cache_pages <= 2);
    assert_true(m->code_cache_flushes > 500); /* every third block needs a page the cache dropped */
    assert_true(fetch_entries_live(m));
    machine_destroy(m);
}

static void test_default_budget_keeps_pages(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, 1 << 20);
    for (uint64_t page = 0x1000; page <= 0x3000; page += 0x1000) {
        harness_put32(m, page, ADD_X0_1);
        harness_put32(m, page + 4, page == 0x3000 ? B_FIRST : B_NEXT);
    }
    m->cpus[0]->pc = 0x1000;
    machine_run(m, 600);
    assert_int_equal(m->cpus[0]->x[0], expected_x0(600));
    assert_int_equal(m->code_cache_pages, 3);
    assert_int_equal(m->code_cache_flushes, 0);
    assert_true(code_cache_page_limit(0) * sizeof(struct code_page) <= CODE_CACHE_DEFAULT_BYTES);
    assert_true(code_cache_page_limit(1) == 1); /* a budget below one page still holds one */
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_of_two_pages),
        cmocka_unit_test(test_default_budget_keeps_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
