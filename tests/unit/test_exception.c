/* Exception generation, entry and return on a real core: SVC/HVC/SMC/BRK syndromes, ELR, SPSR
 * and vector offsets (sim/cpu/exception.c), ERET with legal and illegal returns, the HVC and SMC
 * UNDEFINED and trap rules, the WFx traps, the EL0 DAIF access trap and interrupt masking.
 *
 * Expected values are derived from the Arm ARM (ESR_ELx: EC in bits 31:26, IL bit 25, ISS 24:0;
 * SPSR: NZCV 31:28, IL 20, DAIF 9:6, M 3:0; vector offsets 0x000 / 0x200 / 0x400 for current EL
 * with SP_EL0, current EL with SP_ELx, lower EL using AArch64). ESR_EL2 = 0x5A000042 for
 * `hvc #0x42` from EL1 is also what QEMU reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/run.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "machine.h"

#define RAM_SIZE 0x200000ull
#define CODE 0x1000ull
#define VBAR_EL1 0x10000ull
#define VBAR_EL2 0x20000ull
#define VBAR_EL3 0x30000ull

#define CURRENT_SP0 0x000
#define CURRENT_SPX 0x200
#define LOWER_A64 0x400

#define IL (1u << 25)
#define ESR(ec, iss) ((uint64_t)(ec) << 26 | IL | (iss))

static struct machine *m;
static struct cpu *c;
static const uint64_t vbar[4] = { 0, VBAR_EL1, VBAR_EL2, VBAR_EL3 };

/* Put the core at el with the given SPSel, PC at CODE, PSTATE.{D,A,I,F} = 0 and N, C set. */
static void enter(unsigned el, unsigned sp)
{
    c->pstate = (struct pstate){ .n = 1, .c = 1 };
    harness_enter(c, el, sp);
    c->pc = CODE;
}
/* The SPSR that PSTATE as set by enter() saves: N (bit 31), C (bit 29), M = EL:SP. */
static uint64_t entered_psr(unsigned el, unsigned sp)
{
    return 0xa0000000ull | el << 2 | sp;
}

static int setup(void **state)
{
    (void)state;
    m = harness_machine(1, RAM_SIZE);
    c = m->cpus[0];
    c->sr.vbar_el1 = VBAR_EL1;
    c->sr.vbar_el2 = VBAR_EL2;
    c->sr.vbar_el3 = VBAR_EL3;
    /* Non-secure, HVC enabled, WFI/WFE not trapped at EL0 (the SCTLR_EL1 reset value has
     * nTWI, nTWE set and UMA clear). */
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE;
    c->sr.hcr_el2 = HCR_EL2_RW;
    c->sr.sctlr_el1 = SCTLR_nTWI | SCTLR_nTWE;
    enter(EL1, 1);
    return 0;
}
static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* A synchronous exception was taken to el, at the vector offset, with this ESR, ELR and SPSR;
 * PSTATE is at el with SP_ELx and every mask set. */
static void assert_taken(unsigned el, unsigned offset, uint64_t esr, uint64_t elr, uint64_t spsr)
{
    assert_int_equal(c->pstate.el, el);
    assert_int_equal(c->pstate.sp, 1);
    assert_int_equal(c->sp_index, el);
    assert_int_equal(c->pstate.d & c->pstate.a & c->pstate.i & c->pstate.f, 1);
    assert_int_equal(c->pstate.il, 0);
    assert_int_equal(c->pc, vbar[el] + offset);
    assert_int_equal(harness_esr(c, el), esr);
    assert_int_equal(c->elr_el[el], elr);
    assert_int_equal(c->spsr_el[el], spsr);
}

/* The instruction at CODE, executed at from_el (SP_ELx), was UNDEFINED: EC 0 to el. */
static void assert_undefined(unsigned from_el, unsigned el)
{
    assert_taken(el, el > from_el ? LOWER_A64 : CURRENT_SPX, ESR(EC_UNKNOWN, 0), CODE,
                 entered_psr(from_el, from_el != EL0));
}

/* ---- SVC and the vector offsets ------------------------------------------------------------- */

static void test_svc_vectors(void **state)
{
    (void)state;
    enter(EL0, 0);
    harness_run_word(c, 0xd4024681); /* SVC #0x1234 */
    assert_taken(EL1, LOWER_A64, 0x56001234, CODE + 4, entered_psr(EL0, 0));

    enter(EL1, 0);       /* EL1t: current EL with SP_EL0 */
    harness_run_word(c, 0xd4024681);
    assert_taken(EL1, CURRENT_SP0, 0x56001234, CODE + 4, entered_psr(EL1, 0));

    enter(EL1, 1);       /* EL1h: current EL with SP_EL1 */
    harness_run_word(c, 0xd4024681);
    assert_taken(EL1, CURRENT_SPX, 0x56001234, CODE + 4, entered_psr(EL1, 1));

    enter(EL2, 1);
    harness_run_word(c, 0xd4000001); /* SVC #0 at EL2 stays at EL2 */
    assert_taken(EL2, CURRENT_SPX, 0x56000000, CODE + 4, entered_psr(EL2, 1));

    enter(EL3, 0);
    harness_run_word(c, 0xd4000001);
    assert_taken(EL3, CURRENT_SP0, 0x56000000, CODE + 4, entered_psr(EL3, 0));

    /* With HCR_EL2.TGE, EL0's SVC goes to EL2. */
    c->sr.hcr_el2 |= HCR_EL2_TGE;
    enter(EL0, 0);
    harness_run_word(c, 0xd4024681);
    assert_taken(EL2, LOWER_A64, 0x56001234, CODE + 4, entered_psr(EL0, 0));
    /* ... but not in Secure state, where EL2 is not enabled. */
    c->sr.scr_el3 &= ~SCR_EL3_NS;
    enter(EL0, 0);
    harness_run_word(c, 0xd4024681);
    assert_taken(EL1, LOWER_A64, 0x56001234, CODE + 4, entered_psr(EL0, 0));
}

/* ---- HVC ------------------------------------------------------------------------------------ */

static void test_hvc(void **state)
{
    (void)state;
    enter(EL1, 1);
    harness_run_word(c, 0xd4000842); /* HVC #0x42 */
    assert_taken(EL2, LOWER_A64, 0x5A000042, CODE + 4, entered_psr(EL1, 1));

    enter(EL2, 1);
    harness_run_word(c, 0xd41fffe2); /* HVC #0xffff at EL2 */
    assert_taken(EL2, CURRENT_SPX, 0x5A00ffff, CODE + 4, entered_psr(EL2, 1));

    enter(EL3, 1);       /* HVC at EL3 is taken to EL3 */
    harness_run_word(c, 0xd4000842);
    assert_taken(EL3, CURRENT_SPX, 0x5A000042, CODE + 4, entered_psr(EL3, 1));
}

static void test_hvc_undefined(void **state)
{
    (void)state;
    enter(EL0, 0);
    harness_run_word(c, 0xd4000842);
    assert_undefined(EL0, EL1);

    c->sr.scr_el3 &= ~SCR_EL3_HCE;   /* SCR_EL3.HCE = 0: UNDEFINED at EL1, EL2 and EL3 */
    for (unsigned el = EL1; el <= EL3; el++) {
        enter(el, 1);
        harness_run_word(c, 0xd4000842);
        assert_undefined(el, el);
    }

    c->sr.scr_el3 = SCR_EL3_RW | SCR_EL3_HCE; /* Secure EL1: there is no Secure EL2 */
    enter(EL1, 1);
    harness_run_word(c, 0xd4000842);
    assert_undefined(EL1, EL1);
}

/* ---- SMC ------------------------------------------------------------------------------------ */

static void test_smc(void **state)
{
    (void)state;
    for (unsigned el = EL1; el <= EL3; el++) {
        enter(el, 1);
        harness_run_word(c, 0xd4000da3); /* SMC #0x6d */
        assert_taken(EL3, el == EL3 ? CURRENT_SPX : LOWER_A64, 0x5E00006d, CODE + 4, entered_psr(el, 1));
    }
}

/* HCR_EL2.TSC traps EL1's SMC to EL2 (EC 0x17, ELR at the SMC itself), before SCR_EL3.SMD. */
static void test_smc_tsc_trap(void **state)
{
    (void)state;
    c->sr.hcr_el2 |= HCR_EL2_TSC;
    enter(EL1, 1);
    harness_run_word(c, 0xd4000da3);
    assert_taken(EL2, LOWER_A64, 0x5E00006d, CODE, entered_psr(EL1, 1));

    c->sr.scr_el3 |= SCR_EL3_SMD;
    enter(EL1, 1);
    harness_run_word(c, 0xd4000da3);
    assert_taken(EL2, LOWER_A64, 0x5E00006d, CODE, entered_psr(EL1, 1));
    c->sr.scr_el3 &= ~SCR_EL3_SMD;

    enter(EL2, 1);       /* TSC does not apply at EL2 */
    harness_run_word(c, 0xd4000da3);
    assert_taken(EL3, LOWER_A64, 0x5E00006d, CODE + 4, entered_psr(EL2, 1));

    c->sr.scr_el3 &= ~SCR_EL3_NS; /* Secure EL1: EL2 not enabled, no trap */
    enter(EL1, 1);
    harness_run_word(c, 0xd4000da3);
    assert_taken(EL3, LOWER_A64, 0x5E00006d, CODE + 4, entered_psr(EL1, 1));
}

static void test_smc_undefined(void **state)
{
    (void)state;
    enter(EL0, 0);
    harness_run_word(c, 0xd4000da3);
    assert_undefined(EL0, EL1);

    c->sr.scr_el3 |= SCR_EL3_SMD;
    for (unsigned el = EL1; el <= EL3; el++) {
        enter(el, 1);
        harness_run_word(c, 0xd4000da3);
        assert_undefined(el, el);
    }
}

/* ---- BRK ------------------------------------------------------------------------------------ */

static void test_brk(void **state)
{
    (void)state;
    enter(EL1, 1);
    harness_run_word(c, 0xd4207d00); /* BRK #0x3e8: EC 0x3C, ELR at the BRK */
    assert_taken(EL1, CURRENT_SPX, 0xF20003e8, CODE, entered_psr(EL1, 1));

    enter(EL0, 0);
    harness_run_word(c, 0xd4207d00);
    assert_taken(EL1, LOWER_A64, 0xF20003e8, CODE, entered_psr(EL0, 0));

    c->sr.mdcr_el2 |= MDCR_EL2_TDE; /* routed to EL2 from EL0 and EL1 */
    enter(EL0, 0);
    harness_run_word(c, 0xd4207d00);
    assert_taken(EL2, LOWER_A64, 0xF20003e8, CODE, entered_psr(EL0, 0));
    enter(EL1, 1);
    harness_run_word(c, 0xd4207d00);
    assert_taken(EL2, LOWER_A64, 0xF20003e8, CODE, entered_psr(EL1, 1));

    enter(EL3, 1);
    harness_run_word(c, 0xd4200000);
    assert_taken(EL3, CURRENT_SPX, 0xF2000000, CODE, entered_psr(EL3, 1));
}

/* ---- ERET ----------------------------------------------------------------------------------- */

static void test_eret_legal(void **state)
{
    (void)state;
    enter(EL2, 1);
    c->elr_el[2] = 0x3000;
    c->spsr_el[2] = 0x60000145; /* Z, C; A, F; EL1h */
    c->excl_valid = true;
    c->event_register = false;
    harness_run_word(c, 0xd69f03e0);
    assert_int_equal(c->pc, 0x3000);
    assert_int_equal(c->pstate.el, EL1);
    assert_int_equal(c->pstate.sp, 1);
    assert_int_equal(c->sp_index, 1);
    assert_int_equal(c->pstate.n, 0);
    assert_int_equal(c->pstate.z, 1);
    assert_int_equal(c->pstate.c, 1);
    assert_int_equal(c->pstate.v, 0);
    assert_int_equal(c->pstate.d, 0);
    assert_int_equal(c->pstate.a, 1);
    assert_int_equal(c->pstate.i, 0);
    assert_int_equal(c->pstate.f, 1);
    assert_int_equal(c->pstate.il, 0);
    assert_false(c->excl_valid);     /* ClearExclusiveLocal() */
    assert_true(c->event_register);  /* SendEventLocal() */

    /* EL1 to EL0t. */
    c->elr_el[1] = 0x4000;
    c->spsr_el[1] = 0x100003c0;       /* V; every mask; EL0t */
    harness_run_word(c, 0xd69f03e0);
    assert_int_equal(c->pc, 0x4000);
    assert_int_equal(c->pstate.el, EL0);
    assert_int_equal(c->sp_index, 0);
    assert_int_equal(c->pstate.v, 1);
    assert_int_equal(c->pstate.i, 1);

    /* A round trip: SVC from EL0, then ERET returns past it with PSTATE restored. */
    c->pstate.i = 0;
    c->pstate.n = 1;
    harness_run_word(c, 0xd4000001);
    assert_int_equal(c->pstate.el, EL1);
    harness_run_word(c, 0xd69f03e0);
    assert_int_equal(c->pc, 0x4004);
    assert_int_equal(c->pstate.el, EL0);
    assert_int_equal(c->pstate.i, 0);
    assert_int_equal(c->pstate.n, 1);

    /* ERET at EL0 is UNDEFINED. */
    enter(EL0, 0);
    harness_run_word(c, 0xd69f03e0);
    assert_undefined(EL0, EL1);
}

/* An illegal return keeps EL and SP, takes NZCV and DAIF from SPSR, sets PSTATE.IL and branches
 * to ELR; the next instruction then raises the Illegal Execution state exception (EC 0x0E). */
static void check_illegal_return(unsigned el, uint64_t spsr)
{
    enter(el, 1);
    c->elr_el[el] = 0x5000;
    c->spsr_el[el] = spsr;
    harness_run_word(c, 0xd69f03e0);
    assert_int_equal(c->pstate.il, 1);
    assert_int_equal(c->pstate.el, el);
    assert_int_equal(c->pstate.sp, 1);
    assert_int_equal(c->pc, 0x5000);
    assert_int_equal(c->pstate.z, (spsr >> 30) & 1);
    assert_int_equal(c->pstate.n, (spsr >> 31) & 1);
    assert_int_equal(c->pstate.i, (spsr >> 7) & 1);
    assert_int_equal(c->pstate.d, (spsr >> 9) & 1);

    assert_int_equal(cpu_run(c, 1), 1);
    uint64_t psr = (spsr & 0xf00003c0) | PSR_IL | el << 2 | 1;
    assert_taken(el, CURRENT_SPX, ESR(EC_ILLEGAL_STATE, 0), 0x5000, psr);
}

static void test_eret_illegal(void **state)
{
    (void)state;
    check_illegal_return(EL1, 0x40000009); /* to EL2, a higher EL */
    check_illegal_return(EL1, 0x80000201); /* to EL0 with M[0] = 1 (no SP_EL0h) */
    check_illegal_return(EL1, 0x00000010); /* to AArch32 (M[4] = 1): not implemented */
    check_illegal_return(EL1, 0x00000006); /* M[1] = 1 is reserved */
    check_illegal_return(EL2, 0x0000000d); /* to EL3 from EL2 */

    c->sr.hcr_el2 |= HCR_EL2_TGE;            /* to EL1 with HCR_EL2.TGE set */
    check_illegal_return(EL2, 0xc0000085);
    c->sr.hcr_el2 &= ~HCR_EL2_TGE;

    c->sr.scr_el3 &= ~SCR_EL3_NS;            /* to EL2 in Secure state */
    check_illegal_return(EL3, 0x00000009);
    c->sr.scr_el3 |= SCR_EL3_NS;

    /* The same returns from EL3 and EL2 that are legal. */
    enter(EL3, 1);
    c->elr_el[3] = 0x6000;
    c->spsr_el[3] = 0x00000009;
    harness_run_word(c, 0xd69f03e0);
    assert_int_equal(c->pstate.il, 0);
    assert_int_equal(c->pstate.el, EL2);
}

/* ---- WFI / WFE traps ------------------------------------------------------------------------ */

#define WFI 0xd503207f
#define WFE 0xd503205f
#define WFX_ESR(is_wfe) ESR(EC_WFX, 1u << 24 | 0xeu << 20 | (is_wfe)) /* CV = 1, COND = 0b1110, TI */

static void test_wfx_traps(void **state)
{
    (void)state;
    /* EL0 with SCTLR_EL1.nTWI = 0 / nTWE = 0: to EL1. */
    c->sr.sctlr_el1 &= ~(SCTLR_nTWI | SCTLR_nTWE);
    enter(EL0, 0);
    harness_run_word(c, WFI);
    assert_taken(EL1, LOWER_A64, 0x07E00000, CODE, entered_psr(EL0, 0));
    assert_int_equal(WFX_ESR(0), 0x07E00000);
    enter(EL0, 0);
    c->event_register = false;
    harness_run_word(c, WFE);
    assert_taken(EL1, LOWER_A64, 0x07E00001, CODE, entered_psr(EL0, 0));
    assert_false(c->wfi_pending);

    /* WFE with the event register set completes without trapping. */
    enter(EL0, 0);
    c->event_register = true;
    harness_run_word(c, WFE);
    assert_int_equal(c->pstate.el, EL0);
    assert_int_equal(c->pc, CODE + 4);
    assert_false(c->event_register);

    /* The EL1 trap goes to EL2 under HCR_EL2.TGE, and comes before HCR_EL2 and SCR_EL3 traps. */
    c->sr.hcr_el2 |= HCR_EL2_TGE;
    enter(EL0, 0);
    harness_run_word(c, WFI);
    assert_taken(EL2, LOWER_A64, WFX_ESR(0), CODE, entered_psr(EL0, 0));
    c->sr.hcr_el2 &= ~HCR_EL2_TGE;
    c->sr.hcr_el2 |= HCR_EL2_TWI;
    c->sr.scr_el3 |= SCR_EL3_TWI;
    enter(EL0, 0);
    harness_run_word(c, WFI);
    assert_taken(EL1, LOWER_A64, WFX_ESR(0), CODE, entered_psr(EL0, 0));
    c->sr.scr_el3 &= ~SCR_EL3_TWI;
    c->sr.hcr_el2 &= ~HCR_EL2_TWI;
    c->sr.sctlr_el1 |= SCTLR_nTWI | SCTLR_nTWE;

    /* HCR_EL2.TWI / TWE: EL0 and EL1 to EL2. */
    c->sr.hcr_el2 |= HCR_EL2_TWI | HCR_EL2_TWE;
    enter(EL0, 0);
    harness_run_word(c, WFI);
    assert_taken(EL2, LOWER_A64, WFX_ESR(0), CODE, entered_psr(EL0, 0));
    enter(EL1, 1);
    harness_run_word(c, WFI);
    assert_taken(EL2, LOWER_A64, WFX_ESR(0), CODE, entered_psr(EL1, 1));
    enter(EL1, 1);
    c->event_register = false;
    harness_run_word(c, WFE);
    assert_taken(EL2, LOWER_A64, WFX_ESR(1), CODE, entered_psr(EL1, 1));
    enter(EL2, 1);       /* not at EL2 itself: it sleeps */
    harness_run_word(c, WFI);
    assert_int_equal(c->pstate.el, EL2);
    assert_true(c->wfi_pending);
    assert_int_equal(c->pc, CODE + 4);
    c->wfi_pending = false;
    c->sr.scr_el3 &= ~SCR_EL3_NS;  /* Secure EL1: EL2 not enabled */
    enter(EL1, 1);
    harness_run_word(c, WFI);
    assert_int_equal(c->pstate.el, EL1);
    assert_true(c->wfi_pending);
    c->wfi_pending = false;
    c->sr.scr_el3 |= SCR_EL3_NS;
    c->sr.hcr_el2 &= ~(HCR_EL2_TWI | HCR_EL2_TWE);

    /* SCR_EL3.TWI / TWE: every EL below EL3 to EL3, not EL3 itself. */
    c->sr.scr_el3 |= SCR_EL3_TWI | SCR_EL3_TWE;
    for (unsigned el = EL0; el <= EL2; el++) {
        enter(el, el != EL0);
        harness_run_word(c, WFI);
        assert_taken(EL3, LOWER_A64, WFX_ESR(0), CODE, entered_psr(el, el != EL0));
        enter(el, el != EL0);
        c->event_register = false;
        harness_run_word(c, WFE);
        assert_taken(EL3, LOWER_A64, WFX_ESR(1), CODE, entered_psr(el, el != EL0));
    }
    enter(EL3, 1);
    harness_run_word(c, WFI);
    assert_int_equal(c->pstate.el, EL3);
    assert_true(c->wfi_pending);
}

/* ---- MSR DAIFSet / DAIFClr at EL0 ----------------------------------------------------------- */

static void test_daif_el0_uma_trap(void **state)
{
    (void)state;
    /* ISS = Op0 0 <21:20>, Op2 <19:17>, Op1 <16:14>, CRn 4 <13:10>, Rt 31 <9:5>, CRm <4:1>, write. */
    const uint32_t iss_daifset_15 = 6u << 17 | 3u << 14 | 4u << 10 | 31u << 5 | 15u << 1;
    const uint32_t iss_daifclr_2 = 7u << 17 | 3u << 14 | 4u << 10 | 31u << 5 | 2u << 1;
    assert_int_equal(iss_daifset_15, 0xCD3FE);
    assert_int_equal(iss_daifclr_2, 0xED3E4);

    enter(EL0, 0);       /* SCTLR_EL1.UMA = 0 */
    harness_run_word(c, 0xd5034fdf); /* MSR DAIFSet, #15 */
    assert_taken(EL1, LOWER_A64, 0x620CD3FE, CODE, entered_psr(EL0, 0));
    enter(EL0, 0);
    harness_run_word(c, 0xd50342ff); /* MSR DAIFClr, #2 */
    assert_taken(EL1, LOWER_A64, 0x620ED3E4, CODE, entered_psr(EL0, 0));

    c->sr.hcr_el2 |= HCR_EL2_TGE;
    enter(EL0, 0);
    harness_run_word(c, 0xd5034fdf);
    assert_taken(EL2, LOWER_A64, 0x620CD3FE, CODE, entered_psr(EL0, 0));
    c->sr.hcr_el2 &= ~HCR_EL2_TGE;

    /* With UMA = 1, EL0 may change the masks. */
    c->sr.sctlr_el1 |= SCTLR_UMA;
    enter(EL0, 0);
    harness_run_word(c, 0xd5034fdf);
    assert_int_equal(c->pstate.el, EL0);
    assert_int_equal(c->pc, CODE + 4);
    assert_int_equal(c->pstate.d & c->pstate.a & c->pstate.i & c->pstate.f, 1);
    harness_run_word(c, 0xd50342ff);
    assert_int_equal(c->pstate.i, 0);
    assert_int_equal(c->pstate.f, 1);
}

/* ---- Interrupt masking ---------------------------------------------------------------------- */

static void test_irq_masking(void **state)
{
    (void)state;
    /* An IRQ to EL1 is masked by PSTATE.I at EL0 as at EL1. */
    enter(EL0, 0);
    c->pstate.i = 1;
    assert_false(aarch64_take_interrupt(c, VECT_IRQ, false));
    assert_int_equal(c->pc, CODE);
    c->pstate.i = 0;
    assert_true(aarch64_take_interrupt(c, VECT_IRQ, false));
    assert_int_equal(c->pc, VBAR_EL1 + LOWER_A64 + 0x80);
    assert_int_equal(c->elr_el[1], CODE);
    assert_int_equal(c->spsr_el[1], entered_psr(EL0, 0));

    enter(EL1, 1);
    c->pstate.i = 1;
    assert_false(aarch64_take_interrupt(c, VECT_IRQ, false));

    /* Routed to EL2 by HCR_EL2.IMO, it is not masked by EL1's PSTATE.I. */
    c->sr.hcr_el2 |= HCR_EL2_IMO;
    assert_true(aarch64_take_interrupt(c, VECT_IRQ, false));
    assert_int_equal(c->pstate.el, EL2);
    assert_int_equal(c->pc, VBAR_EL2 + LOWER_A64 + 0x80);

    /* FIQ to EL3 from EL3 with SP_EL0 is masked by F, then taken at the current-EL SP0 vector. */
    c->sr.scr_el3 |= SCR_EL3_FIQ;
    enter(EL3, 0);
    c->pstate.f = 1;
    assert_false(aarch64_take_interrupt(c, VECT_FIQ, false));
    c->pstate.f = 0;
    assert_true(aarch64_take_interrupt(c, VECT_FIQ, false));
    assert_int_equal(c->pc, VBAR_EL3 + CURRENT_SP0 + 0x100);
}

/* The exception classes' names every report uses, and only allocated classes have one. */
static void test_ec_names(void **state)
{
    (void)state;
    assert_string_equal(ec_name(EC_UNKNOWN), "UNKNOWN");
    assert_string_equal(ec_name(EC_HVC64), "HVC64");
    assert_string_equal(ec_name(EC_SYSREG), "SYS64");
    assert_string_equal(ec_name(EC_DABORT_LOWER), "DABT_LOW");
    assert_string_equal(ec_name(EC_ILLEGAL_STATE), "ILL");
    assert_string_equal(ec_name(EC_BRK64), "BRK64");
    assert_null(ec_name(0x02));           /* unallocated */
    assert_null(ec_name(64));
    assert_string_equal(ec_label(0x02), "unallocated");
    assert_string_equal(ec_label(EC_SOFTSTEP_SAME), "SOFTSTP_CUR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ec_names),
        cmocka_unit_test_setup_teardown(test_svc_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hvc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hvc_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smc_tsc_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smc_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eret_legal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eret_illegal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wfx_traps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_daif_el0_uma_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_irq_masking, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
