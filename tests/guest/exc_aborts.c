/* Aborts: synchronous external abort on an unmapped address (DFSC 0x10), alignment faults with the
 * MMU off (Device memory, DFSC 0x21), PC alignment (EC 0x22) and SP alignment (EC 0x26), each with
 * exact ESR, FAR and ELR (Arm ARM D17.2.37 ESR_ELx, AArch64.FaultSyndrome). Runs at EL2. */
#include "test.h"

#define UNMAPPED 0xE0000000ull /* the PCIe window of the Versal map: nothing behind it in either model */

#define PROBE(name, body) \
    __asm__(".text\n .balign 4\n .globl " #name "\n " #name ": " body "\n ret\n"); \
    extern uint64_t name(uint64_t)
PROBE(probe_ldr_w, "ldr w1, [x0]");
PROBE(probe_ldrb, "ldrb w1, [x0]");
PROBE(probe_str_x, "str x0, [x0]");
PROBE(probe_ldp_x, "ldp x1, x2, [x0]");
PROBE(probe_ldxr_x, "ldxr x1, [x0]");
PROBE(probe_ldr_wb, "mov x2, x0\n ldr x1, [x2, #8]!\n mov x0, x2"); /* writeback must not happen */
/* BR to an odd address; the handler resumes at probe_br_back */
PROBE(probe_br_odd, "br x0\n .globl probe_br_back\n probe_br_back: nop");
extern char probe_br_back[];
/* SP-relative 8-byte load with SP = SP - 8: not 16-byte aligned, but 8-byte aligned so that the
 * access itself is aligned (EL0, or ELx using SP_EL0) */
PROBE(probe_sp_el0, "mov x1, sp\n sub x2, x1, #8\n mov sp, x2\n .globl probe_sp_el0_ld\n"
                    " probe_sp_el0_ld: ldr x3, [sp]\n mov sp, x1");
PROBE(probe_sp_sp0, "msr spsel, #0\n mov x1, sp\n sub x2, x1, #8\n mov sp, x2\n .globl probe_sp_sp0_ld\n"
                    " probe_sp_sp0_ld: ldr x3, [sp]\n mov sp, x1\n msr spsel, #1");
extern char probe_sp_el0_ld[], probe_sp_sp0_ld[];

#define IL (1u << 25)
#define EC(x) ((uint64_t)(x) << 26)
#define WNR (1u << 6)
#define DFSC_SEA 0x10
#define DFSC_ALIGN 0x21
enum { CUR_SP0 = 0x000, CUR_SPX = 0x200, LOWER_A64 = 0x400 };

static uint64_t buf[4] __attribute__((aligned(16)));

/* Data aborts here are not stage 2 faults, so ISV = 0 (AArch64.FaultSyndrome sets the instruction
 * syndrome only for stage 2 faults other than External aborts). QEMU 7.2 reports ISV = 1 with a full
 * syndrome for EL2's own data aborts (versal.md): on QEMU only, ISS[24:14] is masked out there. */
static uint64_t el2_esr(uint64_t esr)
{
    return test_on_qemu ? esr & ~(0x7ffull << 14) : esr;
}

static void expect(int line, uint64_t el, uint64_t offset, uint64_t esr, uint64_t far, uint64_t elr)
{
    test_check_eq(exc.count, 1, __FILE__, line, "exc.count", "1");
    test_check_eq(exc.el, el, __FILE__, line, "exc.el", "el");
    test_check_eq(exc.offset, offset, __FILE__, line, "exc.offset", "offset");
    test_check_eq(el == 2 ? el2_esr(exc.esr) : exc.esr, esr, __FILE__, line, "exc.esr", "esr");
    test_check_eq(exc.far, far, __FILE__, line, "exc.far", "far");
    test_check_eq(exc.elr, elr, __FILE__, line, "exc.elr", "elr");
}
#define EXPECT(el, off, esr, far, elr) expect(__LINE__, el, off, esr, (uint64_t)(far), (uint64_t)(elr))

static uint64_t (*el0_probe)(uint64_t);
static uint64_t run_el0_probe(uint64_t arg) { return run_at(0, el0_probe, arg); }

static void test_external_abort(void)
{
    exc_reset();
    probe_ldr_w(UNMAPPED);
    EXPECT(2, CUR_SPX, EC(0x25) | IL | DFSC_SEA, UNMAPPED, probe_ldr_w);
    exc_reset();
    probe_str_x(UNMAPPED + 8);
    EXPECT(2, CUR_SPX, EC(0x25) | IL | WNR | DFSC_SEA, UNMAPPED + 8, probe_str_x);
    exc_reset();
    probe_ldrb(UNMAPPED + 3);
    EXPECT(2, CUR_SPX, EC(0x25) | IL | DFSC_SEA, UNMAPPED + 3, probe_ldrb);
    /* the base register is not written back by a faulting access */
    exc_reset();
    CHECK_EQ(probe_ldr_wb(UNMAPPED), UNMAPPED);
    CHECK_EQ(exc.far, UNMAPPED + 8);
    /* from EL1 to EL1, and from EL0 to EL1 (EC 0x24) */
    exc_reset();
    run_at(1, probe_ldr_w, UNMAPPED);
    EXPECT(1, CUR_SPX, EC(0x25) | IL | DFSC_SEA, UNMAPPED, probe_ldr_w);
    el0_probe = probe_str_x;
    exc_reset();
    run_at(1, run_el0_probe, UNMAPPED);
    EXPECT(1, LOWER_A64, EC(0x24) | IL | WNR | DFSC_SEA, UNMAPPED, probe_str_x);
}

static void alignment_cases(void)
{
    uint64_t a = (uint64_t)buf;
    exc_reset();
    probe_ldr_w(a + 2);
    EXPECT(2, CUR_SPX, EC(0x25) | IL | DFSC_ALIGN, a + 2, probe_ldr_w);
    exc_reset();
    probe_str_x(a + 4);
    EXPECT(2, CUR_SPX, EC(0x25) | IL | WNR | DFSC_ALIGN, a + 4, probe_str_x);
    exc_reset();
    probe_ldp_x(a + 4); /* LDP Xt checks 8-byte alignment (the element size) */
    EXPECT(2, CUR_SPX, EC(0x25) | IL | DFSC_ALIGN, a + 4, probe_ldp_x);
    exc_reset();
    run_at(1, probe_ldr_w, a + 1);
    EXPECT(1, CUR_SPX, EC(0x25) | IL | DFSC_ALIGN, a + 1, probe_ldr_w);
    el0_probe = probe_ldr_w;
    exc_reset();
    run_at(1, run_el0_probe, a + 3);
    EXPECT(1, LOWER_A64, EC(0x24) | IL | DFSC_ALIGN, a + 3, probe_ldr_w);
    /* a byte access is never unaligned */
    exc_reset();
    probe_ldrb(a + 3);
    CHECK_EQ(exc.count, 0);
}

static void test_alignment(void)
{
    uint64_t a = (uint64_t)buf;
    /* exclusives always check alignment */
    exc_reset();
    probe_ldxr_x(a + 1);
    EXPECT(2, CUR_SPX, EC(0x25) | IL | DFSC_ALIGN, a + 1, probe_ldxr_x);
    /* SCTLR_ELx.A = 1: alignment checking of every access */
    write_sysreg(sctlr_el2, SCTLR_EL2_DEFAULT | 2);
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT | 2);
    isb();
    alignment_cases();
    write_sysreg(sctlr_el2, SCTLR_EL2_DEFAULT);
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT);
    isb();
    /* SCTLR_ELx.A = 0 but the MMU off: data accesses are Device-nGnRnE, and an unaligned access to
     * Device memory is an Alignment fault (Arm ARM D5.2.9; AArch64.CheckAlignment). QEMU 7.2 does
     * not model this (an unaligned access with the MMU off succeeds there): a72sim only. */
    if (!test_on_qemu)
        alignment_cases();
}

static void test_pc_alignment(void)
{
    /* EC 0x22: FAR and ELR are the misaligned target (AArch64.PCAlignmentFault) */
    uint64_t target = (uint64_t)probe_br_back + 2;
    exc_reset();
    exc.recover = (uint64_t)probe_br_back;
    probe_br_odd(target);
    EXPECT(2, CUR_SPX, EC(0x22) | IL, target, target);
    exc_reset();
    exc.recover = (uint64_t)probe_br_back;
    run_at(1, probe_br_odd, target + 1);
    EXPECT(1, CUR_SPX, EC(0x22) | IL, target + 1, target + 1);
}

static void test_sp_alignment(void)
{
    /* QEMU 7.2 does not implement SCTLR_ELx.SA/SA0 (versal.md): these checks run on a72sim only. */
    if (test_on_qemu)
        return;
    /* SCTLR_EL1.SA0: EL0's SP-based load with SP % 16 != 0 -> EC 0x26 to EL1, ISS 0 */
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT | (1u << 4));
    isb();
    el0_probe = probe_sp_el0;
    exc_reset();
    run_at(1, run_el0_probe, 0);
    EXPECT(1, LOWER_A64, EC(0x26) | IL, exc.far, probe_sp_el0_ld);
    write_sysreg(sctlr_el1, SCTLR_EL1_DEFAULT);
    isb();
    /* SCTLR_EL2.SA at EL2 using SP_EL0 (the handler then runs on the aligned SP_EL2) */
    write_sysreg(sctlr_el2, SCTLR_EL2_DEFAULT | (1u << 3));
    isb();
    exc_reset();
    probe_sp_sp0(0);
    EXPECT(2, CUR_SP0, EC(0x26) | IL, exc.far, probe_sp_sp0_ld);
    /* SA governs only the current EL's accesses: with SA = 0, no fault */
    write_sysreg(sctlr_el2, SCTLR_EL2_DEFAULT);
    isb();
    exc_reset();
    probe_sp_sp0(0);
    CHECK_EQ(exc.count, 0);
}

void test_main(void)
{
    test_external_abort();
    test_alignment();
    test_pc_alignment();
    test_sp_alignment();
}
