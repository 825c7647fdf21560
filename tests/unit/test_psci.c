/* PSCI over SMC answered by the simulator (sim/psci.c) when the board boots at EL2.
 *
 * Function IDs and return codes come from Arm DEN 0022 (PSCI 1.1): PSCI_VERSION returns
 * major << 16 | minor, CPU_ON targets a core by its MPIDR affinity fields, AFFINITY_INFO returns
 * 0 (ON) or 1 (OFF), MIGRATE_INFO_TYPE 2 means no Trusted OS needs migrating, and an unknown
 * function returns NOT_SUPPORTED (-1), as SMCCC's SMC_UNK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/run.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "machine.h"
#include "psci.h"
#include "versal/versal.h"

#define CODE 0x10000ull
#define ENTRY1 0x20000ull
#define SMC0 0xd4000003u
#define B_SELF 0x14000000u
#define VBAR_EL3 0x40000ull

static struct machine *m;

static int setup_boot(bool el3)
{
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 64u << 20 };
    m = versal_create(&cfg);
    if (!m)
        return -1;
    versal_boot(m, CODE, el3, 0);
    return 0;
}
static int setup(void **state) { (void)state; return setup_boot(false); }
static int setup_el3(void **state) { (void)state; return setup_boot(true); }
static int teardown(void **state) { (void)state; machine_destroy(m); return 0; }

/* Core n executes SMC #0 with x0..x3 and returns x0. */
static uint64_t smc(unsigned n, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    struct cpu *c = m->cpus[n];
    uint64_t pc = n == 0 ? CODE : ENTRY1 + 0x100;
    assert_true(bus_write(&m->bus, pc, 4, SMC0));
    assert_true(bus_write(&m->bus, pc + 4, 4, B_SELF));
    c->pc = pc;
    c->x[0] = fn;
    c->x[1] = a1;
    c->x[2] = a2;
    c->x[3] = a3;
    assert_int_equal(cpu_run(c, 1), 1);
    if (!c->powered_off)
        assert_int_equal(c->pc, pc + 4);  /* the call returns past the SMC */
    return c->x[0];
}

static void test_version_features_unknown(void **state)
{
    (void)state;
    assert_int_equal(smc(0, PSCI_VERSION_FN, 0, 0, 0), 0x10001);
    assert_int_equal(smc(0, PSCI_FEATURES_FN, PSCI_CPU_ON_FN | PSCI_SMC64, 0, 0), PSCI_SUCCESS);
    assert_int_equal(smc(0, PSCI_FEATURES_FN, PSCI_VERSION_FN, 0, 0), PSCI_SUCCESS);
    assert_int_equal((int64_t)smc(0, PSCI_FEATURES_FN, 0x8400ffffu, 0, 0), PSCI_NOT_SUPPORTED);
    assert_int_equal((int64_t)smc(0, 0x8400ffffu, 0, 0, 0), PSCI_NOT_SUPPORTED);
    assert_int_equal((int64_t)smc(0, 0xc2000000u, 0, 0, 0), PSCI_NOT_SUPPORTED);
    assert_int_equal(smc(0, PSCI_MIGRATE_INFO_TYPE_FN, 0, 0, 0), 2);
    assert_int_equal(m->cpus[0]->pstate.el, EL2); /* answered in place: no exception to EL3 */
}

/* SMCCC 1.1's Arm Architecture Service as TF-A answers it on the A72 (Arm DEN 0028 and DEN 0070:
 * ARCH_FEATURES returns 0 for an implemented function, 1 or -2 when no mitigation is needed on
 * this PE, -1 for an unknown one). */
static void test_smccc(void **state)
{
    (void)state;
    assert_int_equal(smc(0, PSCI_FEATURES_FN, SMCCC_VERSION_FN, 0, 0), PSCI_SUCCESS);
    assert_int_equal(smc(0, SMCCC_VERSION_FN, 0, 0, 0), 0x10001);
    assert_int_equal(smc(0, SMCCC_ARCH_FEATURES_FN, SMCCC_ARCH_FEATURES_FN, 0, 0), 0);
    assert_int_equal(smc(0, SMCCC_ARCH_FEATURES_FN, SMCCC_VERSION_FN, 0, 0), 0);
    assert_int_equal(smc(0, SMCCC_ARCH_FEATURES_FN, 0x80008000u, 0, 0), 0);             /* WORKAROUND_1 */
    assert_int_equal((int64_t)smc(0, SMCCC_ARCH_FEATURES_FN, 0x80007fffu, 0, 0), -2);   /* WORKAROUND_2 */
    assert_int_equal((int64_t)smc(0, SMCCC_ARCH_FEATURES_FN, 0x80003fffu, 0, 0), -1);   /* WORKAROUND_3 */
    assert_int_equal((int64_t)smc(0, SMCCC_ARCH_FEATURES_FN, 0x8000ff00u, 0, 0), -1);
    /* The SMC32 function ID is taken from W1: the upper half of X1 is ignored. */
    assert_int_equal(smc(0, SMCCC_ARCH_FEATURES_FN, 0xffffffff00000000ull | 0x80008000u, 0, 0), 0);
    /* The workaround calls return nothing: X0 keeps the function ID. */
    assert_int_equal(smc(0, 0x80008000u, 0, 0, 0), 0x80008000u);
    assert_int_equal(smc(0, 0x80007fffu, 1, 0, 0), 0x80007fffu);
    /* Other SMCCC owners (SiP, OEM, Trusted OS) and unknown Arm Architecture calls. */
    assert_int_equal((int64_t)smc(0, 0x80000002u, 0, 0, 0), -1);
    assert_int_equal((int64_t)smc(0, 0x82000001u, 0, 0, 0), -1);
    assert_int_equal((int64_t)smc(0, 0xc3000000u, 0, 0, 0), -1);
    assert_int_equal((int64_t)smc(0, 0xb2000000u, 0, 0, 0), -1);
    assert_int_equal(m->cpus[0]->pstate.el, EL2);
}

static void test_cpu_on_off_affinity(void **state)
{
    (void)state;
    struct cpu *c1 = m->cpus[1];
    m->cpus[0]->cycles = 12345;
    assert_int_equal(smc(0, PSCI_AFFINITY_INFO_FN, 1, 0, 0), 1);             /* OFF */
    assert_int_equal((int64_t)smc(0, PSCI_CPU_ON_FN | PSCI_SMC64, 7, ENTRY1, 0), PSCI_INVALID_PARAMETERS);
    /* Bit 31 of the MPIDR (RES1) is ignored; the entry must be RAM. */
    assert_int_equal((int64_t)smc(0, PSCI_CPU_ON_FN | PSCI_SMC64, 0x80000001u, 0xe0000000u, 0),
                     PSCI_INVALID_ADDRESS);
    assert_int_equal(smc(0, PSCI_CPU_ON_FN | PSCI_SMC64, 0x80000001u, ENTRY1, 0xfeedfacecafe), PSCI_SUCCESS);
    assert_false(c1->powered_off);
    assert_int_equal(c1->pc, ENTRY1);
    assert_int_equal(c1->x[0], 0xfeedfacecafe);
    assert_int_equal(c1->pstate.el, EL2);
    assert_true(c1->pstate.d && c1->pstate.a && c1->pstate.i && c1->pstate.f);
    assert_int_equal(c1->sr.vmpidr_el2, VERSAL_MPIDR(1));
    assert_true(c1->sr.scr_el3 & SCR_EL3_NS);
    assert_int_equal(c1->cycles, m->cpus[0]->cycles);                           /* one time for all */
    assert_int_equal(smc(0, PSCI_AFFINITY_INFO_FN | PSCI_SMC64, 1, 0, 0), 0); /* ON */
    assert_int_equal((int64_t)smc(0, PSCI_CPU_ON_FN, 1, ENTRY1, 0), PSCI_ALREADY_ON);
    assert_int_equal((int64_t)smc(0, PSCI_CPU_ON_FN, 0, ENTRY1, 0), PSCI_ALREADY_ON); /* itself */
    /* SMC32 CPU_ON: the arguments are W registers (upper halves ignored). */
    smc(1, PSCI_CPU_OFF_FN, 0, 0, 0);
    assert_true(c1->powered_off);
    assert_int_equal(smc(0, PSCI_AFFINITY_INFO_FN, 1, 0, 0), 1);
    assert_int_equal(smc(0, PSCI_CPU_ON_FN, 0xffffffff00000001ull, 0xffffffff00000000ull | ENTRY1, 5), PSCI_SUCCESS);
    assert_int_equal(c1->pc, ENTRY1);
    assert_int_equal(c1->x[0], 5);
}

/* CPU_ON through the scheduler: the new core runs and its CPU_OFF ends its part. */
static void test_cpu_on_runs_second_core(void **state)
{
    (void)state;
    const uint32_t code1[] = { 0xd2800541,         /* mov x1, #42 */
                               0xf9000061,         /* str x1, [x3] */
                               0xd2b08000,         /* movz x0, #0x8400, lsl #16 */
                               0xf2800040,         /* movk x0, #2 */
                               SMC0, B_SELF };
    for (unsigned k = 0; k < 6; k++)
        assert_true(bus_write(&m->bus, ENTRY1 + 4 * k, 4, code1[k]));
    assert_int_equal(smc(0, PSCI_CPU_ON_FN | PSCI_SMC64, 1, ENTRY1, 0), PSCI_SUCCESS);
    m->cpus[1]->x[3] = 0x30000;
    m->quantum = 100;
    machine_run(m, 1000);
    assert_true(m->cpus[1]->powered_off);
    assert_int_equal(m->cpus[1]->icount, 5);
    uint64_t v;
    assert_true(bus_read(&m->bus, 0x30000, 8, &v));
    assert_int_equal(v, 42);
}

static void test_system_off_and_reset(void **state)
{
    (void)state;
    smc(0, PSCI_SYSTEM_OFF_FN, 0, 0, 0);
    assert_true(m->stop);
    assert_int_equal(m->reason, STOP_GUEST_EXIT);
    assert_int_equal(m->exit_status, 0);
    m->stop = false;
    m->reason = STOP_NONE;
    smc(0, PSCI_SYSTEM_RESET_FN, 0, 0, 0);
    assert_true(m->stop);
    assert_int_equal(m->reason, STOP_GUEST_EXIT);
}

/* With a guest EL3 (--el3 boot) the SMC is AArch64.CallSecureMonitor: the core goes to EL3. */
static void test_el3_boot_smc_goes_to_el3(void **state)
{
    (void)state;
    struct cpu *c = m->cpus[0];
    c->sr.vbar_el3 = VBAR_EL3;
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE;
    harness_enter(c, EL2, c->pstate.sp);
    c->pc = CODE;
    c->x[0] = PSCI_VERSION_FN;
    harness_run_word(c, SMC0);
    assert_int_equal(c->pstate.el, EL3);
    assert_int_equal(c->x[0], PSCI_VERSION_FN);
    assert_int_equal(c->sr.esr_el3 >> 26, 0x17); /* EC: SMC from AArch64 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_version_features_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smccc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu_on_off_affinity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu_on_runs_second_core, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_off_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_el3_boot_smc_goes_to_el3, setup_el3, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
