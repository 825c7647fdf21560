/* The system-register table (sim/cpu/sysreg*.c) and MRS/MSR/SYS through the decoder
 * (sim/cpu/a64_sysreg.c).
 *
 * Expected values come from the Arm ARM and the Cortex-A72 TRM, never from our own output:
 * instruction words are assembled here from the encoding (MRS = 0xd5200000 | op0<<19 | op1<<16 |
 * CRn<<12 | CRm<<8 | op2<<5 | Rt, MSR the same with L = 0, SYS with op0 = 1), the EC 0x18 ISS from
 * its field layout (Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0), ID
 * values from docs/board.md and the A72 TRM, and register names from Capstone.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "harness.h"
#include "machine.h"
#include "versal/versal.h"

#define RAM_SIZE 0x200000ull
#define CODE 0x1000ull
#define DATA 0x8000ull
#define TABLES 0x100000ull
#define VBAR_EL1 0x10000ull
#define VBAR_EL2 0x20000ull
#define VBAR_EL3 0x30000ull
#define LOWER_A64 0x400
#define CURRENT_SPX 0x200
#define IL (1ull << 25)
#define ESR(ec, iss) ((uint64_t)(ec) << 26 | IL | (iss))

static struct machine *m;
static struct cpu *c;
static const uint64_t vbar[4] = { 0, VBAR_EL1, VBAR_EL2, VBAR_EL3 };

struct enc {
    unsigned op0, op1, crn, crm, op2;
};
#define E(op0, op1, crn, crm, op2) ((struct enc){ op0, op1, crn, crm, op2 })
static const struct enc SCTLR_EL1 = { 3, 0, 1, 0, 0 };

static uint32_t sysreg_word(bool read, struct enc e, unsigned rt)
{
    return 0xd5000000u | (read ? 1u << 21 : 0) | e.op0 << 19 | e.op1 << 16 | e.crn << 12 | e.crm << 8 | e.op2 << 5 | rt;
}
static uint32_t mrs(struct enc e, unsigned rt) { return sysreg_word(true, e, rt); }
static uint32_t msr(struct enc e, unsigned rt) { return sysreg_word(false, e, rt); }
static uint32_t sys(unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return sysreg_word(false, E(1, op1, crn, crm, op2), rt);
}
/* ISS of a trapped MSR/MRS/SYS (ESR_ELx.ISS for EC 0x18). */
static uint32_t trap_iss(struct enc e, unsigned rt, bool read)
{
    return e.op0 << 20 | e.op2 << 17 | e.op1 << 14 | e.crn << 10 | rt << 5 | e.crm << 1 | (read ? 1 : 0);
}

static void enter(unsigned el)
{
    c->pstate = (struct pstate){ 0 };
    harness_enter(c, el, el != EL0);
    c->pc = CODE;
}

static int setup(void **state)
{
    (void)state;
    m = harness_machine(2, RAM_SIZE);
    c = m->cpus[0];
    c->sr.vbar_el1 = VBAR_EL1;
    c->sr.vbar_el2 = VBAR_EL2;
    c->sr.vbar_el3 = VBAR_EL3;
    /* Non-secure below EL3: EL2 enabled, no traps. */
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE | 0x30;
    c->sr.hcr_el2 = HCR_EL2_RW;
    enter(EL1);
    return 0;
}
static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* The instruction at CODE, executed at from_el, raised a synchronous exception to el with esr. */
static void assert_exception(unsigned from_el, unsigned el, uint64_t esr)
{
    assert_int_equal(c->pstate.el, el);
    assert_int_equal(c->pc, vbar[el] + (el > from_el ? LOWER_A64 : CURRENT_SPX));
    assert_int_equal(harness_esr(c, el), esr);
    assert_int_equal(c->elr_el[el], CODE);
}

/* ---- The table --------------------------------------------------------------------------- */

struct walk {
    unsigned count;
    uint32_t last_key;
    bool sorted;
};
static void check_order(const struct sysreg_info *r, void *arg)
{
    struct walk *w = arg;
    if (w->count && r->key <= w->last_key)
        w->sorted = false;
    w->last_key = r->key;
    w->count++;
    assert_ptr_equal(sysreg_lookup(r->key), r);
}

static void test_table_sorted_unique(void **state)
{
    (void)state;
    struct walk w = { .sorted = true };
    sysreg_for_each(check_order, &w);
    assert_true(w.sorted); /* strictly increasing keys: no two rows share an encoding */
    assert_true(w.count > 250);
    assert_null(sysreg_lookup(SYSREG_KEY(3, 0, 2, 5, 0))); /* unallocated */
}

static void check_name(const struct sysreg_info *r, void *arg)
{
    (void)arg;
    char lower[64];
    size_t n = strlen(r->name);
    assert_true(n < sizeof(lower));
    for (size_t k = 0; k <= n; k++)
        lower[k] = (char)tolower((unsigned char)r->name[k]);
    assert_ptr_equal(sysreg_by_name(r->name), r);
    assert_ptr_equal(sysreg_by_name(lower), r);
    /* Every row is reachable by exactly one kind of instruction. */
    if (r->flags & SYSREG_INSN)
        assert_int_equal(sysreg_key_op0(r->key), 1);
    else
        assert_true(sysreg_key_op0(r->key) >= 2);
}

static void test_names_resolve(void **state)
{
    (void)state;
    sysreg_for_each(check_name, NULL);
    assert_null(sysreg_by_name("NO_SUCH_REG"));
    assert_ptr_equal(sysreg_by_name("hcr_el2"), sysreg_lookup(SYSREG_KEY(3, 4, 1, 1, 0)));
}

/* Our names agree with Capstone's wherever Capstone names the encoding (it prints s<op0>_... for
 * encodings it has no name for, such as the A72's IMPLEMENTATION DEFINED registers), except where
 * Capstone is known to be wrong. */
static void check_capstone_name(const struct sysreg_info *r, void *arg)
{
    csh h = *(csh *)arg;
    uint32_t k = r->key;
    struct enc e = E(sysreg_key_op0(k), sysreg_key_op1(k), sysreg_key_crn(k), sysreg_key_crm(k), sysreg_key_op2(k));
    uint32_t w = (r->flags & (SYSREG_WO | SYSREG_INSN)) ? msr(e, 0) : mrs(e, 0);
    cs_insn *insn;
    size_t n = cs_disasm(h, (const uint8_t *)&w, 4, 0, 1, &insn);
    assert_int_equal(n, 1);
    char name[256];
    if (r->flags & SYSREG_INSN) {
        snprintf(name, sizeof(name), "%s %s", insn[0].mnemonic, insn[0].op_str);
        char *comma = strchr(name, ',');
        if (comma)
            *comma = 0;
    } else if (r->flags & SYSREG_WO) {
        snprintf(name, sizeof(name), "%s", insn[0].op_str);
        *strchr(name, ',') = 0;
    } else {
        snprintf(name, sizeof(name), "%s", strchr(insn[0].op_str, ',') + 2);
    }
    cs_free(insn, n);
    if (name[0] == 's' && isdigit((unsigned char)name[1]) && name[2] == '_')
        return; /* no name in Capstone */
    /* Capstone 4.0.2 prints ICH_ELRSR_EL2 as ich_elsr_el2: the Arm ARM's name wins. */
    if (strcasecmp(r->name, "ICH_ELRSR_EL2") == 0 && strcasecmp(name, "ich_elsr_el2") == 0)
        return;
    if (strcasecmp(name, r->name) != 0)
        fail_msg("%s: Capstone says %s", r->name, name);
}

static void test_names_match_capstone(void **state)
{
    (void)state;
    csh h;
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h), CS_ERR_OK);
    sysreg_for_each(check_capstone_name, &h);
    cs_close(&h);
}

static void check_reset(const struct sysreg_info *r, void *arg)
{
    (void)arg;
    if (r->flags & (SYSREG_INSN | SYSREG_NO_STORAGE) || r->reset_fn)
        return;
    assert_int_equal(r->reset & r->res0, 0); /* a declared reset value respects RES0 */
    assert_int_equal(*sysreg_storage(c, r), (r->reset & ~r->res0) | r->res1);
}

static void test_reset_values(void **state)
{
    (void)state;
    cpu_reset(c, m, 0);
    sysreg_for_each(check_reset, NULL);
    /* Cortex-A72 TRM reset values. */
    assert_int_equal(sysreg_get(c, sysreg_by_name("SCTLR_EL1")), 0x00c50838);
    assert_int_equal(sysreg_get(c, sysreg_by_name("SCTLR_EL2")), 0x30c50838);
    assert_int_equal(sysreg_get(c, sysreg_by_name("SCTLR_EL3")), 0x30c50838);
    assert_int_equal(sysreg_get(c, sysreg_by_name("PMCR_EL0")), 0x41023000); /* IMP 0x41, IDCODE 2, N 6 */
    assert_int_equal(sysreg_get(c, sysreg_by_name("OSLSR_EL1")) & 0xa, 0xa); /* OSLM = 0b10, locked */
    assert_int_equal(sysreg_get(c, sysreg_by_name("VMPIDR_EL2")), 0x80000000);
    assert_int_equal(m->cpus[1]->sr.vmpidr_el2, 0x80000001);
    assert_int_equal(sysreg_get(c, sysreg_by_name("MDCR_EL2")) & 0x1f, 6); /* HPMN = PMCR_EL0.N */
}

static void check_masks(const struct sysreg_info *r, void *arg)
{
    (void)arg;
    if (r->flags & (SYSREG_INSN | SYSREG_NO_STORAGE | SYSREG_RO))
        return;
    sysreg_set(c, r, ~0ull);
    uint64_t v = *sysreg_storage(c, r); /* read functions may add read-only fields (L2CTLR_EL1) */
    if (v & r->res0)
        fail_msg("%s: RES0 bits %#llx set", r->name, (unsigned long long)(v & r->res0));
    assert_int_equal(v & r->res1, r->res1);
    sysreg_set(c, r, 0);
    assert_int_equal(*sysreg_storage(c, r) & r->res1, r->res1);
}

static void test_res_masks(void **state)
{
    (void)state;
    sysreg_for_each(check_masks, NULL);
    /* Spot checks against the Arm ARM's field layouts. */
    const struct sysreg_info *hcr = sysreg_by_name("HCR_EL2");
    sysreg_set(c, hcr, 0);
    assert_int_equal(sysreg_get(c, hcr), HCR_EL2_RW); /* RW is RES1 with AArch64-only EL1 */
    const struct sysreg_info *cptr = sysreg_by_name("CPTR_EL2");
    sysreg_set(c, cptr, 0);
    assert_int_equal(sysreg_get(c, cptr), 0x33ff);    /* RES1 13:12, 9:0 */
    const struct sysreg_info *vbar1 = sysreg_by_name("VBAR_EL1");
    sysreg_set(c, vbar1, 0x12345fff);
    assert_int_equal(sysreg_get(c, vbar1), 0x12345800); /* bits 10:0 RES0 */
}

/* ---- Identification ---------------------------------------------------------------------- */

static uint64_t get(const char *name) { return sysreg_get(c, sysreg_by_name(name)); }

static void test_id_values(void **state)
{
    (void)state;
    enter(EL2);
    assert_int_equal(get("MIDR_EL1"), 0x410fd083);         /* Cortex-A72 r0p3 */
    assert_int_equal(get("MPIDR_EL1"), 0x80000000);
    assert_int_equal(sysreg_get(m->cpus[1], sysreg_by_name("MPIDR_EL1")), 0x80000001);
    uint64_t pfr0 = get("ID_AA64PFR0_EL1");
    for (unsigned el = 0; el < 4; el++)
        assert_int_equal((pfr0 >> (4 * el)) & 0xf, 1); /* ELn: AArch64 only */
    assert_int_equal((pfr0 >> 16) & 0xff, 0);          /* FP, AdvSIMD implemented */
    assert_int_equal((pfr0 >> 24) & 0xf, 1);           /* GIC system registers */
    assert_int_equal(get("ID_AA64DFR0_EL1"), 0x10305106);
    assert_int_equal(get("ID_AA64ISAR0_EL1"), 0x00011120);
    assert_int_equal(get("ID_AA64MMFR0_EL1"), 0x1124);
    assert_int_equal(get("ID_AA64MMFR1_EL1"), 0);
    assert_int_equal(get("CTR_EL0"), 0x8444c004);
    assert_int_equal(get("CLIDR_EL1"), 0x0a200023);
    assert_int_equal(get("DCZID_EL0"), 4);                  /* 2^4 words = 64 bytes, allowed */
    assert_int_equal(get("ID_PFR0_EL1"), 0);                /* no AArch32 */

    /* CCSIDR_EL1 by CSSELR_EL1: NumSets-1 in 27:13, Associativity-1 in 12:3, LineSize 2 (64 B). */
    static const struct { unsigned csselr, size, ways; } caches[] = {
        { 0, 32 * 1024, 2 }, { 1, 48 * 1024, 3 }, { 2, 1024 * 1024, 16 },
    };
    for (unsigned n = 0; n < 3; n++) {
        c->sr.csselr_el1 = caches[n].csselr;
        uint64_t v = get("CCSIDR_EL1");
        assert_int_equal((v >> 13) & 0x7fff, caches[n].size / (caches[n].ways * 64) - 1);
        assert_int_equal((v >> 3) & 0x3ff, caches[n].ways - 1);
        assert_int_equal(v & 7, 2);
    }
    c->sr.csselr_el1 = 0;
    assert_int_equal(get("L2CTLR_EL1") >> 24 & 3, 1); /* two cores in the cluster */

    /* Non-secure EL1 reads VPIDR_EL2 / VMPIDR_EL2 instead. */
    c->sr.vpidr_el2 = 0x12345678;
    c->sr.vmpidr_el2 = 0x80000102;
    enter(EL1);
    harness_run_word(c, mrs(E(3, 0, 0, 0, 0), 3));
    assert_int_equal(c->x[3], 0x12345678);
    assert_int_equal(c->pc, CODE + 4);
    enter(EL1);
    harness_run_word(c, mrs(E(3, 0, 0, 0, 5), 4));
    assert_int_equal(c->x[4], 0x80000102);
}

/* ---- MRS/MSR through the decoder ----------------------------------------------------------- */

static void test_msr_mrs_el1(void **state)
{
    (void)state;
    c->x[5] = ~SCTLR_M; /* all but the MMU enable, which would fault the next fetch */
    harness_run_word(c, msr(SCTLR_EL1, 5)); /* the MSR ends the block: the PC is advanced by the handler */
    assert_int_equal(c->pc, CODE + 4);
    enter(EL1);
    harness_run_word(c, mrs(SCTLR_EL1, 6));
    assert_int_equal(c->x[6], ~(0xffffffffc8222440ull | SCTLR_M)); /* RES0 bits of SCTLR_EL1 stay 0 */
    /* MRS into XZR discards the value; MSR from XZR writes 0. */
    enter(EL1);
    harness_run_word(c, mrs(E(3, 0, 13, 0, 4), 31));
    assert_int_equal(c->x[31], 0);
    c->sr.tpidr_el1 = 0x55;
    enter(EL1);
    harness_run_word(c, msr(E(3, 0, 13, 0, 4), 31));
    assert_int_equal(c->sr.tpidr_el1, 0);
    /* NZCV and DAIF views of PSTATE. */
    c->x[1] = 0x60000000; /* Z, C */
    enter(EL1);
    harness_run_word(c, msr(E(3, 3, 4, 2, 0), 1));
    assert_int_equal(c->pstate.z, 1);
    assert_int_equal(c->pstate.c, 1);
    assert_int_equal(c->pstate.n, 0);
    c->pstate.el = EL1;
    c->pc = CODE;
    harness_run_word(c, mrs(E(3, 0, 4, 2, 2), 2)); /* CurrentEL */
    assert_int_equal(c->x[2], EL1 << 2);
}

static void test_el0_access_undefined(void **state)
{
    (void)state;
    enter(EL0);
    harness_run_word(c, mrs(SCTLR_EL1, 0));
    assert_exception(EL0, EL1, ESR(EC_UNKNOWN, 0));
    /* TPIDR_EL0 is EL0's; TPIDRRO_EL0 only to read. */
    c->x[2] = 0x1234;
    enter(EL0);
    harness_run_word(c, msr(E(3, 3, 13, 0, 2), 2));
    assert_int_equal(c->sr.tpidr_el0, 0x1234);
    enter(EL0);
    harness_run_word(c, msr(E(3, 3, 13, 0, 3), 2));
    assert_exception(EL0, EL1, ESR(EC_UNKNOWN, 0));
    /* EL2 cannot touch an EL3 register. */
    enter(EL2);
    harness_run_word(c, mrs(E(3, 6, 1, 1, 0), 0)); /* SCR_EL3 */
    assert_exception(EL2, EL2, ESR(EC_UNKNOWN, 0));
}

static void test_tvm_traps_sctlr_write(void **state)
{
    (void)state;
    c->sr.hcr_el2 |= HCR_EL2_TVM;
    uint64_t before = c->sr.sctlr_el1;
    c->x[7] = 0x1004; /* I, C */
    harness_run_word(c, msr(SCTLR_EL1, 7));
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(SCTLR_EL1, 7, false)));
    assert_int_equal(c->sr.sctlr_el1, before);
    /* TVM traps writes only; TRVM traps the reads. */
    enter(EL1);
    harness_run_word(c, mrs(SCTLR_EL1, 8));
    assert_int_equal(c->x[8], before);
    c->sr.hcr_el2 |= HCR_EL2_TRVM;
    enter(EL1);
    harness_run_word(c, mrs(SCTLR_EL1, 8));
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(SCTLR_EL1, 8, true)));
    /* EL2 itself is not trapped. */
    enter(EL2);
    harness_run_word(c, msr(SCTLR_EL1, 7));
    assert_int_equal(c->pc, CODE + 4);
    /* Without EL2 (Secure EL1) HCR_EL2 has no effect. */
    c->sr.scr_el3 &= ~SCR_EL3_NS;
    enter(EL1);
    harness_run_word(c, mrs(SCTLR_EL1, 8));
    assert_int_equal(c->pc, CODE + 4);
}

static void test_tid3_traps_id_reads(void **state)
{
    (void)state;
    struct enc pfr0 = E(3, 0, 0, 4, 0), reserved = E(3, 0, 0, 4, 2);
    c->sr.hcr_el2 |= HCR_EL2_TID3;
    harness_run_word(c, mrs(pfr0, 1));
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(pfr0, 1, true)));
    enter(EL1);
    harness_run_word(c, mrs(reserved, 2)); /* reserved ID encodings are trapped too */
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(reserved, 2, true)));
    c->sr.hcr_el2 &= ~HCR_EL2_TID3;
    enter(EL1);
    harness_run_word(c, mrs(reserved, 2));
    assert_int_equal(c->x[2], 0); /* RAZ */
    assert_int_equal(c->pc, CODE + 4);
    enter(EL1);
    harness_run_word(c, msr(pfr0, 1)); /* read-only: MSR is UNDEFINED */
    assert_exception(EL1, EL1, ESR(EC_UNKNOWN, 0));
}

static void test_fpcr_fp_trap(void **state)
{
    (void)state;
    struct enc fpcr = E(3, 3, 4, 4, 0);
    c->sr.cpacr_el1 = 3ull << 20; /* FPEN: no EL0/EL1 trap */
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    c->sr.cptr_el2 |= CPTR_EL2_TFP;
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    harness_run_word(c, mrs(fpcr, 1));
    /* EC 0x07 with CV = 1, COND = 0b1110 (AArch64.AdvSIMDFPAccessTrap). */
    assert_exception(EL1, EL2, ESR(EC_FP_ACCESS, 1u << 24 | 0xeu << 20));
    c->sr.cptr_el2 &= ~CPTR_EL2_TFP;
    cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    c->fpcr = 0x03c00000;
    enter(EL1);
    harness_run_word(c, mrs(fpcr, 1));
    assert_int_equal(c->x[1], 0x03c00000);
    c->x[2] = ~0ull;
    enter(EL1);
    harness_run_word(c, msr(fpcr, 2));
    assert_int_equal(c->fpcr, 0x07c00000); /* AHP, DN, FZ, RMode; no trap enables on the A72 */
}

static void test_unknown_encodings(void **state)
{
    (void)state;
    harness_run_word(c, mrs(E(3, 0, 2, 5, 0), 0)); /* unallocated */
    assert_exception(EL1, EL1, ESR(EC_UNKNOWN, 0));
    enter(EL1);
    harness_run_word(c, sys(0, 7, 3, 0, 0)); /* no such SYS operation */
    assert_exception(EL1, EL1, ESR(EC_UNKNOWN, 0));
    enter(EL1);
    harness_run_word(c, 0xd5287500); /* SYSL: none in ARMv8.0 */
    assert_exception(EL1, EL1, ESR(EC_UNKNOWN, 0));
}

static void test_tidcp(void **state)
{
    (void)state;
    struct enc cpuactlr = E(3, 1, 15, 2, 0), unallocated = E(3, 0, 15, 9, 7);
    c->sr.actlr_el3 = c->sr.actlr_el2 = 1; /* CPUACTLR_EL1 writable from EL1 */
    c->x[3] = 0x40;
    harness_run_word(c, msr(cpuactlr, 3));
    assert_int_equal(c->sr.cpuactlr_el1, 0x40);
    enter(EL1);
    harness_run_word(c, mrs(unallocated, 4));
    assert_exception(EL1, EL1, ESR(EC_UNKNOWN, 0));

    c->sr.hcr_el2 |= HCR_EL2_TIDCP;
    enter(EL1);
    harness_run_word(c, mrs(cpuactlr, 4));
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(cpuactlr, 4, true)));
    enter(EL1);
    harness_run_word(c, mrs(unallocated, 4)); /* unallocated IMPLEMENTATION DEFINED: trapped before UNDEFINED */
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(unallocated, 4, true)));
    enter(EL0);
    harness_run_word(c, mrs(unallocated, 4)); /* EL0: UNDEFINED */
    assert_exception(EL0, EL1, ESR(EC_UNKNOWN, 0));

    /* ACTLR_EL3.CPUACTLR clear: EL1 writes are trapped to EL3. */
    c->sr.hcr_el2 &= ~HCR_EL2_TIDCP;
    c->sr.actlr_el3 = 0;
    enter(EL1);
    harness_run_word(c, msr(cpuactlr, 3));
    assert_exception(EL1, EL3, ESR(EC_SYSREG, trap_iss(cpuactlr, 3, false)));
}

static void test_timer_traps_and_counter(void **state)
{
    (void)state;
    struct enc cntpct = E(3, 3, 14, 0, 1), cntvct = E(3, 3, 14, 0, 2);
    c->sr.cnthctl_el2 = 3;
    enter(EL2);
    c->cycles = 0;
    harness_run_word(c, mrs(cntpct, 1));
    uint64_t t0 = c->x[1];
    c->cycles += 17 * 1000000; /* 17 M cycles at 1.7 GHz = 10 ms = 1 M ticks at 100 MHz */
    enter(EL2);
    harness_run_word(c, mrs(cntpct, 2));
    uint64_t ticks = (17 * 1000000ull) * VERSAL_CNTFRQ / VERSAL_CPU_HZ;
    assert_int_equal(ticks, 1000000);
    /* The MRS itself costs a cycle or so: allow the tick it may add. */
    assert_true(c->x[2] - t0 >= ticks && c->x[2] - t0 <= ticks + 1);
    c->sr.cntvoff_el2 = 100;
    enter(EL2);
    harness_run_word(c, mrs(cntvct, 3));
    assert_int_equal(c->x[3], c->x[2] - 100);

    /* EL0 without CNTKCTL_EL1.EL0PCTEN: trapped to EL1; EL1 without CNTHCTL_EL2.EL1PCTEN: to EL2. */
    c->sr.cntkctl_el1 = 0;
    enter(EL0);
    harness_run_word(c, mrs(cntpct, 4));
    assert_exception(EL0, EL1, ESR(EC_SYSREG, trap_iss(cntpct, 4, true)));
    c->sr.cnthctl_el2 = 0;
    enter(EL1);
    harness_run_word(c, mrs(cntpct, 4));
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(cntpct, 4, true)));

    /* TVAL = CVAL - count; ISTATUS once the count has reached CVAL. */
    c->sr.cnthctl_el2 = 3;
    c->x[5] = 1000;
    enter(EL1);
    harness_run_word(c, msr(E(3, 3, 14, 2, 0), 5)); /* CNTP_TVAL_EL0 */
    c->x[6] = 1;
    enter(EL1);
    harness_run_word(c, msr(E(3, 3, 14, 2, 1), 6)); /* CNTP_CTL_EL0: ENABLE */
    assert_int_equal(get("CNTP_CTL_EL0") & 4, 0);
    c->cycles += 17 * 1000;
    assert_int_equal(get("CNTP_CTL_EL0") & 4, 4);
}

static void test_pmccntr_counts_cycles(void **state)
{
    (void)state;
    c->x[1] = 1u << 31;
    harness_run_word(c, msr(E(3, 3, 9, 12, 1), 1)); /* PMCNTENSET_EL0.C */
    c->x[1] = 1 | 4;
    enter(EL1);
    harness_run_word(c, msr(E(3, 3, 9, 12, 0), 1)); /* PMCR_EL0: E, C (reset the cycle counter) */
    uint64_t start = get("PMCCNTR_EL0");
    c->cycles += 5000;
    assert_int_equal(get("PMCCNTR_EL0") - start, 5000);
    /* MDCR_EL2.TPM traps EL1's accesses. */
    c->sr.mdcr_el2 |= MDCR_EL2_TPM;
    enter(EL1);
    harness_run_word(c, mrs(E(3, 3, 9, 13, 0), 2));
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(E(3, 3, 9, 13, 0), 2, true)));
}

/* ---- SYS: DC, AT, TLBI ---------------------------------------------------------------------- */

static void test_dc_zva(void **state)
{
    (void)state;
    for (unsigned n = 0; n < 128; n += 8)
        assert_true(bus_write(&m->bus, DATA + n, 8, 0x1111111111111111ull));
    /* EL2 with its stage 1 on, mapping the first GiB as one Normal Write-Back block (4K granule,
     * T0SZ = 25: the walk starts at level 1; block descriptor = AF | SH inner | AttrIndx 0 | 0b01),
     * so DC ZVA zeroes the naturally aligned 64-byte block that holds the address. */
    assert_true(bus_write(&m->bus, TABLES, 8, 1u << 10 | 3u << 8 | 1));
    c->sr.mair_el2 = 0xff;
    c->sr.tcr_el2 = 0x80800000ull | 25;
    c->sr.ttbr0_el2 = TABLES;
    c->sr.sctlr_el2 |= SCTLR_M;
    cpu_flush_fast_tlb(c);
    enter(EL2);
    c->x[0] = DATA + 64 + 24;
    harness_run_word(c, sys(3, 7, 4, 1, 0));
    assert_int_equal(c->pc, CODE + 4);
    for (unsigned n = 0; n < 128; n += 8) {
        uint64_t v;
        assert_true(bus_read(&m->bus, DATA + n, 8, &v));
        assert_int_equal(v, n >= 64 ? 0 : 0x1111111111111111ull);
    }
    /* EL2 with its MMU off: Device memory, an Alignment fault (DFSC 0x21) reported as a write
     * (WnR, ISS bit 6); DC ZVA is not a cache maintenance instruction (CM = 0). */
    c->sr.sctlr_el2 &= ~SCTLR_M;
    cpu_flush_fast_tlb(c);
    enter(EL2);
    c->x[0] = DATA + 8;
    harness_run_word(c, sys(3, 7, 4, 1, 0));
    assert_exception(EL2, EL2, ESR(EC_DABORT_SAME, 1u << 6 | 0x21));
    assert_int_equal(c->sr.far_el2, DATA + 8);
    /* SCTLR_EL1.DZE = 0 traps EL0's DC ZVA to EL1. */
    c->sr.sctlr_el1 &= ~SCTLR_DZE;
    enter(EL0);
    harness_run_word(c, sys(3, 7, 4, 1, 0));
    assert_exception(EL0, EL1, ESR(EC_SYSREG, trap_iss(E(1, 3, 7, 4, 1), 0, false)));
}

static void test_at_s1e2r_mmu_off(void **state)
{
    (void)state;
    enter(EL2);
    c->sr.par_el1 = 1;
    c->x[2] = 0x123456789abcull & ((1ull << 44) - 1);
    harness_run_word(c, sys(4, 7, 8, 0, 2)); /* AT S1E2R, X2 */
    uint64_t par = c->sr.par_el1;
    assert_int_equal(par & 1, 0);                                      /* F = 0 */
    assert_int_equal(par & 0x0000fffffffff000ull, c->x[2] & ~0xfffull); /* PA = VA with the MMU off */
    assert_int_equal(par >> 56, 0x00);                                  /* ATTR: Device-nGnRnE */
    assert_int_equal((par >> 7) & 3, 2);                                /* SH: Outer Shareable */
}

static void test_tlbi_and_cache_traps(void **state)
{
    (void)state;
    c->sr.hcr_el2 |= HCR_EL2_TTLB | HCR_EL2_TSW | HCR_EL2_TPU;
    harness_run_word(c, sys(0, 8, 3, 0, 31)); /* TLBI VMALLE1IS */
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(E(1, 0, 8, 3, 0), 31, false)));
    enter(EL1);
    harness_run_word(c, sys(0, 7, 6, 2, 1)); /* DC ISW, X1 */
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(E(1, 0, 7, 6, 2), 1, false)));
    enter(EL1);
    harness_run_word(c, sys(0, 7, 5, 0, 31)); /* IC IALLU */
    assert_exception(EL1, EL2, ESR(EC_SYSREG, trap_iss(E(1, 0, 7, 5, 0), 31, false)));
    /* At EL2 the same TLBI goes ahead and ends the block. */
    enter(EL2);
    harness_run_word(c, sys(0, 8, 3, 0, 31));
    assert_int_equal(c->pc, CODE + 4);
    /* EL0 may not run TLBI at all. */
    enter(EL0);
    harness_run_word(c, sys(0, 8, 7, 0, 31));
    assert_exception(EL0, EL1, ESR(EC_UNKNOWN, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_table_sorted_unique, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_match_capstone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_res_masks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msr_mrs_el1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_el0_access_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tvm_traps_sctlr_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tid3_traps_id_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fpcr_fp_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidcp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timer_traps_and_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pmccntr_counts_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dc_zva, setup, teardown),
        cmocka_unit_test_setup_teardown(test_at_s1e2r_mmu_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tlbi_and_cache_traps, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
