/* Debug accesses (sim/debug.c) and writes from outside a core (machine_write_phys): a debug walk or
 * read leaves cycles, the TLB and its statistics as they were; a host write reaches decoded code and
 * clears exclusive monitors; two machines in one process keep their own semihosting handles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpu/run.h"
#include "cpu/sysreg_bits.h"
#include "debug.h"
#include "harness.h"
#include "mmu/tlb.h"

#define RAM_SIZE (16u << 20)
#define S1_L1 0x100000u   /* stage-1 tables of EL1&0 */
#define S1_L2 0x101000u
#define S1_L3 0x102000u
#define S2_L1 0x200000u   /* stage-2 table: level 1, one 1 GiB block, identity */
#define VA 0x400000u      /* maps to PA 0x800000 */
#define PA 0x800000u

#define MOVZ_X0(imm) (0xd2800000u | ((uint32_t)(imm) << 5))

/* EL1 with stage 1 (4K, 39-bit VA, start level 1) over stage 2 (identity 1 GiB block). */
static struct machine *mmu_machine(void)
{
    struct machine *m = harness_machine(1, RAM_SIZE);
    struct cpu *c = m->cpus[0];
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE;
    harness_enter(c, EL1, 1);
    harness_put64(m, S1_L1, S1_L2 | 3);
    harness_put64(m, S1_L2 + 8 * (VA >> 21), S1_L3 | 3);
    harness_put64(m, S1_L3, PA | 1u << 10 | 1u << 2 | 3);      /* page, AF, AttrIndx 1 */
    harness_put64(m, S2_L1, 0 | 1u << 10 | 3u << 6 | 0xfu << 2 | 1); /* block, AF, S2AP RW, Normal WB */
    c->sr.mair_el1 = 0xffull << 8;
    c->sr.tcr_el1 = 25;                                          /* T0SZ = 25, TG0 = 4K */
    c->sr.ttbr0_el1 = S1_L1;
    c->sr.sctlr_el1 |= SCTLR_M;
    c->sr.vtcr_el2 = 25 | 1u << 6;                               /* T0SZ = 25, SL0 = 1: level 1 */
    c->sr.vttbr_el2 = S2_L1 | 5ull << 48;                        /* VMID 5 */
    c->sr.hcr_el2 |= HCR_EL2_VM;
    return m;
}

static void test_debug_walk_and_read_change_nothing(void **state)
{
    (void)state;
    struct machine *m = mmu_machine();
    struct cpu *c = m->cpus[0];
    harness_put64(m, PA + 0x18, 0x1122334455667788ull);
    struct tlb *before = malloc(sizeof(*before));
    assert_non_null(before);
    memcpy(before, c->arch_tlb, sizeof(*before));
    uint64_t cycles = c->cycles;

    struct translation t;
    debug_translate(c, MMU_EL1, VA + 0x18, MMU_READ, false, &t);
    assert_false(t.fault);
    assert_int_equal(t.pa, PA + 0x18);
    uint64_t v = 0;
    assert_true(debug_read_virt(c, MMU_EL1, VA + 0x18, &v, 8));
    assert_int_equal(v, 0x1122334455667788ull);
    assert_true(debug_read_phys(m, PA + 0x18, &v, 8, false));
    assert_int_equal(v, 0x1122334455667788ull);
    /* Unmapped virtual memory: refused, and still nothing changes. */
    assert_false(debug_read_virt(c, MMU_EL1, VA + 0x200000, &v, 8));

    assert_int_equal(c->cycles, cycles);
    assert_memory_equal(before, c->arch_tlb, sizeof(*before));

    /* The same walk through the guest's path does charge and fill: the check above can fail. */
    mmu_translate(c, MMU_EL1, VA + 0x18, MMU_READ, &t);
    assert_false(t.fault);
    assert_true(c->cycles > cycles);
    assert_true(c->arch_tlb->stats.walks > before->stats.walks);
    free(before);
    machine_destroy(m);
}

static void test_debug_write_virt(void **state)
{
    (void)state;
    struct machine *m = mmu_machine();
    struct cpu *c = m->cpus[0];
    uint32_t w = 0xa5a5a5a5u;
    assert_true(debug_write_virt(c, MMU_EL1, VA + 0x100, &w, 4));
    assert_int_equal(harness_get64(m, PA + 0x100) & 0xffffffffu, 0xa5a5a5a5u);
    /* A write that would cross into an unmapped page writes nothing at all. */
    uint8_t buf[16];
    memset(buf, 0x77, sizeof(buf));
    assert_false(debug_write_virt(c, MMU_EL1, VA + 0x1000 - 8, buf, sizeof(buf)));
    assert_int_equal(harness_get64(m, PA + 0x1000 - 8), 0);
    machine_destroy(m);
}

static void test_host_write_reaches_decoded_code(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, RAM_SIZE);
    struct cpu *c = m->cpus[0];
    c->pc = 0x1000;
    harness_run_word(c, MOVZ_X0(1)); /* decoded now */
    assert_int_equal(c->x[0], 1);
    uint32_t w = MOVZ_X0(2);
    assert_true(machine_write_phys(m, 0x1000, &w, 4));
    c->pc = 0x1000;
    assert_int_equal(cpu_run(c, 1), 1);
    assert_int_equal(c->x[0], 2);
    machine_destroy(m);
}

static void test_host_write_clears_monitors(void **state)
{
    (void)state;
    struct machine *m = harness_machine(2, RAM_SIZE);
    for (unsigned n = 0; n < 2; n++) {
        m->cpus[n]->excl_valid = true;
        m->cpus[n]->excl_pa = 0x3000 + 64 * n;
        m->cpus[n]->excl_size = 8;
    }
    uint64_t v = 1;
    assert_true(machine_write_phys(m, 0x3040, &v, 8));
    assert_true(m->cpus[0]->excl_valid);   /* another location */
    assert_false(m->cpus[1]->excl_valid);
    /* Outside RAM: refused, nothing written. */
    assert_false(machine_write_phys(m, RAM_SIZE - 4, &v, 8));
    machine_destroy(m);
}

/* SYS_OPEN/SYS_CLOSE/SYS_FLEN through HLT #0xF000 at EL1, the parameter block at 0x2000. */
#define HLT_SEMIHOST 0xd45e0000u
static uint64_t semihost_call(struct cpu *c, uint32_t op, const uint64_t *args, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        harness_put64(c->machine, 0x2000 + 8 * k, args[k]);
    c->x[0] = op;
    c->x[1] = 0x2000;
    c->pc = 0x1000;
    harness_run_word(c, HLT_SEMIHOST);
    return c->x[0];
}

static void test_semihosting_state_is_per_machine(void **state)
{
    (void)state;
    char path[] = "/tmp/a72sim-test-debug-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "0123456789", 10), 10);
    close(fd);
    struct machine *a = harness_machine(1, RAM_SIZE), *b = harness_machine(1, RAM_SIZE);
    a->semihosting_host_files = b->semihosting_host_files = true;
    for (struct machine *m = a; m; m = m == a ? b : NULL) {
        memcpy(harness_ram(m, 0x3000, sizeof(path)), path, sizeof(path));
        harness_enter(m->cpus[0], EL1, 1);
    }
    uint64_t open_args[3] = { 0x3000, 0, strlen(path) }; /* mode "r" */
    assert_int_equal(semihost_call(a->cpus[0], 0x01, open_args, 3), 3);
    assert_int_equal(semihost_call(b->cpus[0], 0x01, open_args, 3), 3); /* its own first handle */
    uint64_t handle = 3;
    assert_int_equal(semihost_call(a->cpus[0], 0x02, &handle, 1), 0);   /* SYS_CLOSE in a */
    assert_int_equal(semihost_call(b->cpus[0], 0x0c, &handle, 1), 10);  /* SYS_FLEN in b still works */
    assert_int_equal((int64_t)semihost_call(a->cpus[0], 0x0c, &handle, 1), -1); /* closed in a */
    semihosting_close_all(a);
    semihosting_close_all(b);
    machine_destroy(a);
    machine_destroy(b);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debug_walk_and_read_change_nothing),
        cmocka_unit_test(test_debug_write_virt),
        cmocka_unit_test(test_host_write_reaches_decoded_code),
        cmocka_unit_test(test_host_write_clears_monitors),
        cmocka_unit_test(test_semihosting_state_is_per_machine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
