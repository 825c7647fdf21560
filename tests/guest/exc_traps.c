/* EL2 traps and exception mechanics: trapped MSR/MRS (HCR_EL2.TVM/TRVM/TID3/TACR, EC 0x18 with the
 * full ISS), trapped WFI/WFE (EC 0x01), illegal exception returns (PSTATE.IL, EC 0x0E), vector
 * offsets, HCR_EL2.TGE routing from EL0, and the PSTATE saved in SPSR (Arm ARM D1.10, D17.2.37).
 * Runs at EL2; the probes run at EL1 and EL0 through run_at(). */
#include "test.h"

#define PROBE(name, body) \
    __asm__(".text\n .balign 4\n .globl " #name "\n " #name ": " body "\n ret\n"); \
    extern uint64_t name(uint64_t)
PROBE(probe_msr_sctlr, "msr sctlr_el1, x0");
PROBE(probe_mrs_sctlr, "mrs x0, sctlr_el1");
PROBE(probe_msr_tcr, "msr tcr_el1, x4");
PROBE(probe_mrs_ttbr0, "mrs x1, ttbr0_el1");
PROBE(probe_mrs_pfr0, "mrs x2, id_aa64pfr0_el1");
PROBE(probe_mrs_actlr, "mrs x3, actlr_el1");
PROBE(probe_mrs_hcr, "mrs x0, hcr_el2");
PROBE(probe_wfi, "wfi");
/* A WFE traps only if it would wait: the event register may be set (an ERET sets it), so SEVL
 * sets it for certain, the first WFE clears it, the second traps. */
PROBE(probe_wfe, "sevl\n wfe\n .globl probe_wfe_trap\n probe_wfe_trap: wfe");
extern char probe_wfe_trap[];
PROBE(probe_svc, "svc #0x42");
PROBE(probe_udf, "udf #0");
PROBE(probe_ldr, "ldr x1, [x0]");
/* SVC with NZCV = N|C and D, I unmasked (A, F still masked): SPSR must hold exactly that */
PROBE(probe_svc_pstate, "mov x1, #0xa0000000\n msr nzcv, x1\n msr daifclr, #0xa\n svc #1\n msr daifset, #0xf");
/* SVC at the current EL using SP_EL0: vector offset 0x000 */
PROBE(probe_svc_sp0, "msr spsel, #0\n svc #2\n msr spsel, #1");
/* ERET with SPSR = x0 to the next instruction: the return is illegal, so the next instruction
 * takes an Illegal Execution state exception at the same EL */
#define ERET_PROBE(name, elx) \
    PROBE(name, "msr spsr_" elx ", x0\n adr x1, 1f\n msr elr_" elx ", x1\n eret\n .globl " #name "_target\n " \
          #name "_target: 1: nop")
ERET_PROBE(probe_eret_el1, "el1");
ERET_PROBE(probe_eret_el2, "el2");
extern char probe_eret_el1_target[], probe_eret_el2_target[];

#define IL (1u << 25)
#define EC(x) ((uint64_t)(x) << 26)
/* ISS of EC 0x18: Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0 (1 = read) */
#define SYS_ISS(op0, op1, crn, crm, op2, rt, read) \
    ((uint64_t)(op0) << 20 | (uint64_t)(op2) << 17 | (uint64_t)(op1) << 14 | (uint64_t)(crn) << 10 | \
     (uint64_t)(rt) << 5 | (uint64_t)(crm) << 1 | (uint64_t)(read))
#define ESR_SYS(...) (EC(0x18) | IL | SYS_ISS(__VA_ARGS__))
#define ESR_WFX(ti) (EC(0x01) | IL | 0x1E00000u | (ti)) /* CV = 1, COND = 0xE */
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID3 (1ull << 18)
#define HCR_TACR (1ull << 21)
#define HCR_TVM (1ull << 26)
#define HCR_TRVM (1ull << 30)
#define SCTLR_nTWI (1u << 16)
#define SCTLR_nTWE (1u << 18)
#define PSR_IL (1u << 20)
enum { CUR_SP0 = 0x000, CUR_SPX = 0x200, LOWER_A64 = 0x400 };

static void expect(int line, uint64_t el, uint64_t offset, uint64_t esr, uint64_t elr)
{
    test_check_eq(exc.count, 1, __FILE__, line, "exc.count", "1");
    test_check_eq(exc.el, el, __FILE__, line, "exc.el", "el");
    test_check_eq(exc.offset, offset, __FILE__, line, "exc.offset", "offset");
    test_check_eq(exc.esr, esr, __FILE__, line, "exc.esr", "esr");
    test_check_eq(exc.elr, elr, __FILE__, line, "exc.elr", "elr");
    test_check_eq(exc.daif, 0x3c0, __FILE__, line, "exc.daif", "0x3c0");
}
#define EXPECT(el, off, esr, elr) expect(__LINE__, el, off, esr, (uint64_t)(elr))

static void set_hcr(uint64_t v)
{
    write_sysreg(hcr_el2, v);
    isb();
}

static uint64_t (*el0_probe)(uint64_t);
static uint64_t run_el0_probe(uint64_t arg) { return run_at(0, el0_probe, arg); }
static void at_el0(uint64_t (*probe)(uint64_t), uint64_t arg)
{
    el0_probe = probe;
    run_at(1, run_el0_probe, arg);
}

static void test_sysreg_traps(void)
{
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT);
    set_hcr(HCR_RW | HCR_TVM);
    exc_reset();
    run_at(1, probe_msr_sctlr, SCTLR_EL1_DEFAULT | 1); /* would turn the EL1 MMU on */
    EXPECT(2, LOWER_A64, ESR_SYS(3, 0, 1, 0, 0, 0, 0), probe_msr_sctlr);
    CHECK_EQ(read_sysreg(sctlr_el1), SCTLR_EL1_DEFAULT); /* the write did not happen */
    exc_reset();
    run_at(1, probe_msr_tcr, 0);
    EXPECT(2, LOWER_A64, ESR_SYS(3, 0, 2, 0, 2, 4, 0), probe_msr_tcr);
    exc_reset();
    CHECK_EQ(run_at(1, probe_mrs_sctlr, 0), SCTLR_EL1_DEFAULT); /* TVM traps writes only */
    CHECK_EQ(exc.count, 0);
    set_hcr(HCR_RW | HCR_TRVM);
    exc_reset();
    run_at(1, probe_mrs_ttbr0, 0);
    EXPECT(2, LOWER_A64, ESR_SYS(3, 0, 2, 0, 0, 1, 1), probe_mrs_ttbr0);
    exc_reset();
    run_at(1, probe_msr_tcr, 0); /* TRVM traps reads only */
    CHECK_EQ(exc.count, 0);
    set_hcr(HCR_RW | HCR_TID3);
    exc_reset();
    run_at(1, probe_mrs_pfr0, 0);
    EXPECT(2, LOWER_A64, ESR_SYS(3, 0, 0, 4, 0, 2, 1), probe_mrs_pfr0);
    set_hcr(HCR_RW | HCR_TACR);
    exc_reset();
    run_at(1, probe_mrs_actlr, 0);
    EXPECT(2, LOWER_A64, ESR_SYS(3, 0, 1, 0, 1, 3, 1), probe_mrs_actlr);
    set_hcr(HCR_RW);
    /* no trap bit set: no exception */
    exc_reset();
    run_at(1, probe_mrs_pfr0, 0);
    run_at(1, probe_mrs_actlr, 0);
    CHECK_EQ(exc.count, 0);
    /* an EL2 register at EL1 is UNDEFINED (to EL1), not trapped */
    exc_reset();
    run_at(1, probe_mrs_hcr, 0);
    EXPECT(1, CUR_SPX, EC(0) | IL, probe_mrs_hcr);
}

static void test_wfx_traps(void)
{
    /* Only probes that trap are run: an untrapped WFI would wait for an interrupt. */
    set_hcr(HCR_RW | HCR_TWI);
    exc_reset();
    run_at(1, probe_wfi, 0);
    EXPECT(2, LOWER_A64, ESR_WFX(0), probe_wfi);
    /* EL0 with SCTLR_EL1.nTWI = 1: HCR_EL2.TWI traps it to EL2 */
    exc_reset();
    at_el0(probe_wfi, 0);
    EXPECT(2, LOWER_A64, ESR_WFX(0), probe_wfi);
    /* SCTLR_EL1.nTWI = 0 traps EL0's WFI to EL1 first */
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT & ~(uint64_t)SCTLR_nTWI);
    isb();
    exc_reset();
    at_el0(probe_wfi, 0);
    EXPECT(1, LOWER_A64, ESR_WFX(0), probe_wfi);
    set_hcr(HCR_RW);
    exc_reset();
    at_el0(probe_wfi, 0);
    EXPECT(1, LOWER_A64, ESR_WFX(0), probe_wfi);
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT);
    isb();
    /* WFE: TI = 1. QEMU 7.2 never traps WFE (versal.md): a72sim only. */
    if (!test_on_qemu) {
        set_hcr(HCR_RW | HCR_TWE);
        exc_reset();
        run_at(1, probe_wfe, 0);
        EXPECT(2, LOWER_A64, ESR_WFX(1), probe_wfe_trap);
        set_hcr(HCR_RW);
        write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT & ~(uint64_t)SCTLR_nTWE);
        isb();
        exc_reset();
        at_el0(probe_wfe, 0);
        EXPECT(1, LOWER_A64, ESR_WFX(1), probe_wfe_trap);
        write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT);
        isb();
    }
}

static void test_illegal_return(void)
{
    /* EL1 returning "up" to EL2: illegal; EL, SP and nRW unchanged, PSTATE.IL = 1, then the next
     * instruction takes an Illegal Execution state exception (EC 0x0E) at EL1 with SPSR.IL = 1 */
    exc_reset();
    run_at(1, probe_eret_el1, 0x3c9);
    EXPECT(1, CUR_SPX, EC(0x0e) | IL, probe_eret_el1_target);
    CHECK_EQ(exc.spsr & (PSR_IL | 0x3ff), PSR_IL | 0x3c5);
    /* EL2 returning to EL3 */
    exc_reset();
    probe_eret_el2(0x3cd);
    EXPECT(2, CUR_SPX, EC(0x0e) | IL, probe_eret_el2_target);
    CHECK_EQ(exc.spsr & (PSR_IL | 0x3ff), PSR_IL | 0x3c9);
    /* EL2 returning to AArch32 EL1 (SVC mode) while HCR_EL2.RW = 1 makes EL1 AArch64 */
    exc_reset();
    probe_eret_el2(0x1d3);
    EXPECT(2, CUR_SPX, EC(0x0e) | IL, probe_eret_el2_target);
    CHECK_EQ(exc.spsr & (PSR_IL | 0x1f), PSR_IL | 0x09);
    /* EL1 returning to EL0 with SP_ELx (M = 0b0001) is a reserved mode: illegal */
    exc_reset();
    run_at(1, probe_eret_el1, 0x3c1);
    EXPECT(1, CUR_SPX, EC(0x0e) | IL, probe_eret_el1_target);
    CHECK_EQ(exc.spsr & (PSR_IL | 0x1f), PSR_IL | 0x05);
    /* a legal return does not set IL: EL2 to EL2h */
    exc_reset();
    probe_eret_el2(0x3c9);
    CHECK_EQ(exc.count, 0);
}

static void test_vectors_and_routing(void)
{
    /* current EL with SP0 / SPx, lower EL AArch64 */
    exc_reset();
    probe_svc_sp0(0);
    EXPECT(2, CUR_SP0, EC(0x15) | IL | 2, (uint64_t)probe_svc_sp0 + 8);
    CHECK_EQ(exc.sp_sel, 1); /* exception entry selects SP_ELx */
    exc_reset();
    probe_svc(0);
    EXPECT(2, CUR_SPX, EC(0x15) | IL | 0x42, (uint64_t)probe_svc + 4);
    exc_reset();
    run_at(1, probe_svc_sp0, 0);
    EXPECT(1, CUR_SP0, EC(0x15) | IL | 2, (uint64_t)probe_svc_sp0 + 8);
    exc_reset();
    at_el0(probe_svc, 0);
    EXPECT(1, LOWER_A64, EC(0x15) | IL | 0x42, (uint64_t)probe_svc + 4);
    /* HCR_EL2.TGE: EL0's synchronous exceptions go to EL2; UNDEFINED stays EC 0 */
    set_hcr(HCR_RW | HCR_TGE);
    exc_reset();
    run_at(0, probe_svc, 0);
    EXPECT(2, LOWER_A64, EC(0x15) | IL | 0x42, (uint64_t)probe_svc + 4);
    CHECK_EQ(exc.spsr & 0x3ff, 0x3c0);
    exc_reset();
    run_at(0, probe_udf, 0);
    EXPECT(2, LOWER_A64, EC(0) | IL, probe_udf);
    exc_reset();
    run_at(0, probe_ldr, 0xE0000000ull);
    EXPECT(2, LOWER_A64, EC(0x24) | IL | 0x10, probe_ldr);
    CHECK_EQ(exc.far, 0xE0000000ull);
    set_hcr(HCR_RW);
    /* SPSR holds NZCV, DAIF and the mode of the interrupted code; ELR the preferred return */
    exc_reset();
    run_at(1, probe_svc_pstate, 0);
    EXPECT(1, CUR_SPX, EC(0x15) | IL | 1, (uint64_t)probe_svc_pstate + 16);
    CHECK_EQ(exc.spsr, 0xa0000000ull | 0x140 | 0x5);
    exc_reset();
    probe_svc_pstate(0);
    EXPECT(2, CUR_SPX, EC(0x15) | IL | 1, (uint64_t)probe_svc_pstate + 16);
    CHECK_EQ(exc.spsr, 0xa0000000ull | 0x140 | 0x9);
}

void test_main(void)
{
    test_sysreg_traps();
    test_wfx_traps();
    test_illegal_return();
    test_vectors_and_routing();
}
