/* The A64 class "Branches, Exception Generating and System instructions" (op0 = 101x):
 * immediate, compare-and-branch, test-and-branch, conditional and register branches, exception
 * generation, hints, barriers and MSR (immediate). MRS, MSR (register), SYS and SYSL of the same
 * class are a64_sysreg.c's: no row here matches them (their op0 field, bits 20:19, is never 00).
 *
 * Everything allocated only in later versions of the architecture (pointer authentication,
 * BTI, TME, SB, the v8.1+ PSTATE fields of MSR (immediate), BC.cond) has no row here and so
 * decodes as unallocated, as it is in ARMv8.0-A.
 */
#include "exception.h"
#include "insn.h"
#include "machine.h"
#include "sysreg_bits.h"
#include "timing.h"

/* ---- Immediate branches ------------------------------------------------------------------- */

/* B: BranchTo(PC + offset). */
static enum exec_status exec_b(struct cpu *c, const struct insn *i)
{
    c->pc += (uint64_t)i->imm;
    return EXEC_JUMP;
}

/* BL: X30 = PC + 4, then BranchTo(PC + offset). */
static enum exec_status exec_bl(struct cpu *c, const struct insn *i)
{
    c->x[30] = c->pc + 4;
    c->pc += (uint64_t)i->imm;
    return EXEC_JUMP;
}

static enum decode_result decode_b_imm(struct insn *i, uint32_t w)
{
    i->exec = bit(w, 31) ? exec_bl : exec_b;
    i->imm = sign_extend((uint64_t)bits(w, 25, 0) << 2, 28);
    i->cost = TIMING_BRANCH | BRANCH_DIRECT;
    return DECODE_OK;
}

/* CBZ / CBNZ, 32- and 64-bit: Rt 31 is XZR (x[31] is always 0). */
#define COMPARE_AND_BRANCH(name, test)                                        \
    static enum exec_status name(struct cpu *c, const struct insn *i)        \
    {                                                                         \
        if (test) {                                                           \
            c->pc += (uint64_t)i->imm;                                        \
            return EXEC_JUMP;                                                 \
        }                                                                     \
        return EXEC_NEXT;                                                     \
    }
COMPARE_AND_BRANCH(exec_cbz_w, (uint32_t)c->x[i->rd] == 0)
COMPARE_AND_BRANCH(exec_cbz_x, c->x[i->rd] == 0)
COMPARE_AND_BRANCH(exec_cbnz_w, (uint32_t)c->x[i->rd] != 0)
COMPARE_AND_BRANCH(exec_cbnz_x, c->x[i->rd] != 0)
/* TBZ / TBNZ: op is the bit number b5:b40 (a W register when b5 = 0: the same bit of X). */
COMPARE_AND_BRANCH(exec_tbz, ((c->x[i->rd] >> i->op) & 1) == 0)
COMPARE_AND_BRANCH(exec_tbnz, ((c->x[i->rd] >> i->op) & 1) != 0)

static enum decode_result decode_cb(struct insn *i, uint32_t w)
{
    static const exec_fn fns[2][2] = { { exec_cbz_w, exec_cbz_x }, { exec_cbnz_w, exec_cbnz_x } };
    i->exec = fns[bit(w, 24)][bit(w, 31)];
    i->rd = (uint8_t)bits(w, 4, 0);
    i->imm = sign_extend((uint64_t)bits(w, 23, 5) << 2, 21);
    i->cost = TIMING_BRANCH | BRANCH_DIRECT;
    return DECODE_OK;
}

static enum decode_result decode_tb(struct insn *i, uint32_t w)
{
    i->exec = bit(w, 24) ? exec_tbnz : exec_tbz;
    i->rd = (uint8_t)bits(w, 4, 0);
    i->op = (uint8_t)(bit(w, 31) << 5 | bits(w, 23, 19));
    i->imm = sign_extend((uint64_t)bits(w, 18, 5) << 2, 16);
    i->cost = TIMING_BRANCH | BRANCH_DIRECT;
    return DECODE_OK;
}

/* B.cond: one handler per condition, each ConditionHolds(cond) spelled out. AL and NV always
 * branch, so they use exec_b. */
#define B_COND(cond, test)                                                    \
    static enum exec_status exec_b_##cond(struct cpu *c, const struct insn *i) \
    {                                                                         \
        const struct pstate *p = &c->pstate;                                  \
        if (test) {                                                           \
            c->pc += (uint64_t)i->imm;                                        \
            return EXEC_JUMP;                                                 \
        }                                                                     \
        return EXEC_NEXT;                                                     \
    }
B_COND(eq, p->z)
B_COND(ne, !p->z)
B_COND(cs, p->c)
B_COND(cc, !p->c)
B_COND(mi, p->n)
B_COND(pl, !p->n)
B_COND(vs, p->v)
B_COND(vc, !p->v)
B_COND(hi, p->c && !p->z)
B_COND(ls, !p->c || p->z)
B_COND(ge, p->n == p->v)
B_COND(lt, p->n != p->v)
B_COND(gt, p->n == p->v && !p->z)
B_COND(le, p->n != p->v || p->z)

/* The row admits o1 = 0 and o0 = 0 only (o0 = 1 is BC.cond of v8.8, o1 = 1 is unallocated). */
static enum decode_result decode_b_cond(struct insn *i, uint32_t w)
{
    static const exec_fn fns[16] = {
        exec_b_eq, exec_b_ne, exec_b_cs, exec_b_cc, exec_b_mi, exec_b_pl, exec_b_vs, exec_b_vc,
        exec_b_hi, exec_b_ls, exec_b_ge, exec_b_lt, exec_b_gt, exec_b_le, exec_b,    exec_b,
    };
    i->op = (uint8_t)bits(w, 3, 0);
    i->exec = fns[i->op];
    i->imm = sign_extend((uint64_t)bits(w, 23, 5) << 2, 21);
    i->cost = TIMING_BRANCH | BRANCH_DIRECT;
    return DECODE_OK;
}

/* ---- Register branches and exception return ----------------------------------------------- */

/* BR and RET: BranchTo(X[n]) (Rn 31 reads as zero). A misaligned target is set as is: the next
 * fetch raises the PC alignment fault. */
static enum exec_status exec_br(struct cpu *c, const struct insn *i)
{
    c->pc = c->x[i->rn];
    return EXEC_JUMP;
}

/* BLR: the target is read before X30 is written (BLR X30 branches to the old X30). */
static enum exec_status exec_blr(struct cpu *c, const struct insn *i)
{
    uint64_t target = c->x[i->rn];
    c->x[30] = c->pc + 4;
    c->pc = target;
    return EXEC_JUMP;
}

static enum decode_result decode_br(struct insn *i, uint32_t w)
{
    i->exec = bits(w, 24, 21) == 1 ? exec_blr : exec_br;
    i->rn = (uint8_t)bits(w, 9, 5);
    i->cost = TIMING_BRANCH | (bits(w, 24, 21) == 2 ? BRANCH_RETURN : BRANCH_INDIRECT);
    return DECODE_OK;
}

/* ERET: UNDEFINED at EL0, else AArch64.ExceptionReturn(ELR[], SPSR[]) (which implements
 * IllegalExceptionReturn()). */
static enum exec_status exec_eret(struct cpu *c, const struct insn *i)
{
    unsigned el = c->pstate.el;
    if (el == EL0)
        return exec_undefined(c, i);
    aarch64_exception_return(c, c->elr_el[el], c->spsr_el[el]);
    return EXEC_JUMP;
}

static enum decode_result decode_eret(struct insn *i, uint32_t w)
{
    (void)w;
    i->exec = exec_eret;
    i->cost = TIMING_EXCEPTION;
    return DECODE_OK;
}

/* DRPS and DCPS1-3 are UNDEFINED outside Debug state, and the simulated core never enters
 * Debug state (no external debugger). */
static enum decode_result decode_debug_state_only(struct insn *i, uint32_t w)
{
    (void)w;
    i->exec = exec_undefined;
    i->cost = TIMING_EXCEPTION;
    return DECODE_OK;
}

/* ---- Exception generation ----------------------------------------------------------------- */

/* SVC: AArch64.CallSupervisor(imm16). */
static enum exec_status exec_svc(struct cpu *c, const struct insn *i)
{
    aarch64_call_supervisor(c, (uint16_t)i->imm);
    return EXEC_JUMP;
}

/* HVC: UNDEFINED at EL0 and at Secure EL1 (no Secure EL2 in v8.0); with EL3 implemented the
 * enable is SCR_EL3.HCE (HCR_EL2.HCD plays no part), at EL1, EL2 and EL3 alike. Otherwise
 * AArch64.CallHypervisor(imm16). */
static enum exec_status exec_hvc(struct cpu *c, const struct insn *i)
{
    unsigned el = c->pstate.el;
    if (el == EL0 || (el == EL1 && is_secure(c)) || !(c->sr.scr_el3 & SCR_EL3_HCE))
        return exec_undefined(c, i);
    aarch64_call_hypervisor(c, (uint16_t)i->imm);
    return EXEC_JUMP;
}

/* SMC: AArch64.CheckForSMCUndefOrTrap() (UNDEFINED at EL0; at EL1 trapped to EL2 by
 * HCR_EL2.TSC, reported with EC 0x17 and returning to the SMC itself), then UNDEFINED when
 * SCR_EL3.SMD is 1, else AArch64.CallSecureMonitor(imm16). */
static enum exec_status exec_smc(struct cpu *c, const struct insn *i)
{
    unsigned el = c->pstate.el;
    if (el == EL0)
        return exec_undefined(c, i);
    if (el == EL1 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_TSC)) {
        aarch64_system_access_trap(c, EL2, EC_SMC64, (uint16_t)i->imm);
        return EXEC_JUMP;
    }
    if (c->sr.scr_el3 & SCR_EL3_SMD)
        return exec_undefined(c, i);
    if (c->config.firmware_el3)
        return c->ports->firmware_call(c); /* no guest EL3: the board's firmware answers */
    aarch64_call_secure_monitor(c, (uint16_t)i->imm);
    return EXEC_JUMP;
}

/* BRK: AArch64.SoftwareBreakpoint(imm16). */
static enum exec_status exec_brk(struct cpu *c, const struct insn *i)
{
    aarch64_software_breakpoint(c, (uint16_t)i->imm);
    return EXEC_JUMP;
}

/* HLT #0xF000 is the semihosting call. */
static enum exec_status exec_semihosting(struct cpu *c, const struct insn *i)
{
    (void)i;
    return c->ports->semihosting_call(c);
}

static enum decode_result decode_exception_gen(struct insn *i, uint32_t w)
{
    static const exec_fn fns[4] = { NULL, exec_svc, exec_hvc, exec_smc };
    i->imm = bits(w, 20, 5);
    i->exec = bits(w, 23, 21) == 1 ? exec_brk : fns[bits(w, 1, 0)];
    i->cost = TIMING_EXCEPTION;
    return DECODE_OK;
}

/* HLT: halting is never allowed (EDSCR.HDE is 0 without an external debugger), so every HLT is
 * UNDEFINED, except the semihosting trap HLT #0xF000. */
static enum decode_result decode_hlt(struct insn *i, uint32_t w)
{
    i->imm = bits(w, 20, 5);
    i->exec = i->imm == 0xf000 ? exec_semihosting : exec_undefined;
    i->cost = TIMING_EXCEPTION;
    return DECODE_OK;
}

/* ---- Hints -------------------------------------------------------------------------------- */

/* NOP, YIELD, and every unallocated hint, which the architecture requires to execute as NOP. */
static enum exec_status exec_nop(struct cpu *c, const struct insn *i)
{
    (void)c;
    (void)i;
    return EXEC_NEXT;
}

#define ISS_CV (1u << 24)
#define ISS_COND_AL (0xeu << 20) /* ConditionSyndrome() of an A64 instruction: CV = 1, COND = 0b1110 */

/* AArch64.CheckForWFxTrap() at EL1 (from EL0), EL2 and EL3, in the order of the WFI/WFE
 * pseudocode, taking AArch64.WFxTrap() for the first that traps: EC 0x01, ISS CV = 1,
 * COND = 0b1110, TI = 1 for WFE; a trap to EL1 goes to EL2 when HCR_EL2.TGE is 1. */
static bool aarch64_check_for_wfx_trap(struct cpu *c, bool is_wfe)
{
    unsigned el = c->pstate.el;
    unsigned target;
    if (el == EL0 && !(c->sr.sctlr_el1 & (is_wfe ? SCTLR_nTWE : SCTLR_nTWI)))
        target = sync_exception_target(c);
    else if (el <= EL1 && el2_enabled(c) && (c->sr.hcr_el2 & (is_wfe ? HCR_EL2_TWE : HCR_EL2_TWI)))
        target = EL2;
    else if (el < EL3 && (c->sr.scr_el3 & (is_wfe ? SCR_EL3_TWE : SCR_EL3_TWI)))
        target = EL3;
    else
        return false;
    aarch64_system_access_trap(c, target, EC_WFX, ISS_CV | ISS_COND_AL | (is_wfe ? 1u : 0u));
    return true;
}

/* Is an interrupt asserted that is a WFI/WFE wake-up event (masked by PSTATE or not)? Virtual
 * interrupts count only at EL1 and EL0, where they can be taken. */
static bool wake_up_interrupt_pending(const struct cpu *c)
{
    return c->irq_lines != 0 ||
           (c->pstate.el <= EL1 && (c->sr.hcr_el2 & (HCR_EL2_VI | HCR_EL2_VF | HCR_EL2_VSE)));
}

/* WFI: the traps, then WaitForInterrupt(): the core sleeps past the WFI until an interrupt (or
 * another wake-up event) clears wfi_pending; with one already asserted it completes at once. */
static enum exec_status exec_wfi(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (aarch64_check_for_wfx_trap(c, false))
        return EXEC_JUMP;
    if (wake_up_interrupt_pending(c))
        return EXEC_NEXT;
    c->wfi_pending = true;
    c->waiting_for_event = false;
    c->pc += 4;
    return EXEC_END_BLOCK;
}

/* WFE: a set event register is cleared and WFE completes; otherwise the traps, then
 * WaitForEvent(). */
static enum exec_status exec_wfe(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (c->event_register) {
        c->event_register = false;
        return EXEC_NEXT;
    }
    if (aarch64_check_for_wfx_trap(c, true))
        return EXEC_JUMP;
    if (wake_up_interrupt_pending(c))
        return EXEC_NEXT;
    c->wfi_pending = true;
    c->waiting_for_event = true;
    c->pc += 4;
    return EXEC_END_BLOCK;
}

/* SEV: SendEvent() to every core of the cluster, this one included. */
static enum exec_status exec_sev(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->ports->send_event(c);
    return EXEC_NEXT;
}

/* SEVL: SendEventLocal(). */
static enum exec_status exec_sevl(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->event_register = true;
    return EXEC_NEXT;
}

/* CRm:op2 selects the hint; every value v8.0 does not allocate is a NOP. */
static enum decode_result decode_hint(struct insn *i, uint32_t w)
{
    i->cost = TIMING_ALU;
    switch (bits(w, 11, 5)) {
    case 2: i->exec = exec_wfe; i->cost = TIMING_BARRIER; break;
    case 3: i->exec = exec_wfi; i->cost = TIMING_BARRIER; break;
    case 4: i->exec = exec_sev; break;
    case 5: i->exec = exec_sevl; break;
    default: i->exec = exec_nop; break; /* NOP (0), YIELD (1), unallocated hints */
    }
    return DECODE_OK;
}

/* ---- Barriers ----------------------------------------------------------------------------- */

/* CLREX: ClearExclusiveLocal(). */
static enum exec_status exec_clrex(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->excl_valid = false;
    return EXEC_NEXT;
}

/* ISB: later instructions are fetched anew and see every earlier context change, so the block
 * ends here. */
static enum exec_status exec_isb(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->pc += 4;
    return EXEC_END_BLOCK;
}

static enum decode_result decode_barrier(struct insn *i, uint32_t w)
{
    switch (bits(w, 7, 5)) {
    case 2: i->exec = exec_clrex; i->cost = TIMING_ALU; break;
    case 6: i->exec = exec_isb; i->cost = TIMING_BARRIER; break;
    /* DSB (4) and DMB (5): accesses are performed in program order, one core at a time, so
     * ordering holds already; only their cost remains. */
    default: i->exec = exec_nop; i->cost = TIMING_BARRIER; break;
    }
    return DECODE_OK;
}

/* ---- MSR (immediate) ---------------------------------------------------------------------- */

/* MSR SPSel, #imm: PSTATE.SP = imm<0>. UNDEFINED at EL0 (op1 = 000 needs EL1). */
static enum exec_status exec_msr_spsel(struct cpu *c, const struct insn *i)
{
    if (c->pstate.el == EL0)
        return exec_undefined(c, i);
    c->pstate.sp = i->op & 1;
    cpu_update_derived(c);
    c->pc += 4;
    return EXEC_END_BLOCK;
}

/* AArch64.CheckSystemAccess() for MSR DAIFSet/DAIFClr: at EL0 with SCTLR_EL1.UMA = 0 the write
 * traps (EC 0x18, the ISS precomputed in aux) to EL1, or to EL2 when HCR_EL2.TGE is 1. */
static bool daif_write_trapped(struct cpu *c, const struct insn *i)
{
    if (c->pstate.el != EL0 || (c->sr.sctlr_el1 & SCTLR_UMA))
        return false;
    aarch64_system_access_trap(c, sync_exception_target(c), EC_SYSREG, i->aux);
    return true;
}

/* MSR DAIFSet, #imm: PSTATE.{D,A,I,F} |= imm<3:0>. */
static enum exec_status exec_msr_daifset(struct cpu *c, const struct insn *i)
{
    if (daif_write_trapped(c, i))
        return EXEC_JUMP;
    struct pstate *p = &c->pstate;
    p->d |= (i->op >> 3) & 1;
    p->a |= (i->op >> 2) & 1;
    p->i |= (i->op >> 1) & 1;
    p->f |= i->op & 1;
    c->pc += 4;
    return EXEC_END_BLOCK;
}

/* MSR DAIFClr, #imm: PSTATE.{D,A,I,F} &= ~imm<3:0>; an interrupt may now be taken. */
static enum exec_status exec_msr_daifclr(struct cpu *c, const struct insn *i)
{
    if (daif_write_trapped(c, i))
        return EXEC_JUMP;
    struct pstate *p = &c->pstate;
    p->d &= ~(i->op >> 3) & 1;
    p->a &= ~(i->op >> 2) & 1;
    p->i &= ~(i->op >> 1) & 1;
    p->f &= ~i->op & 1;
    c->pc += 4;
    return EXEC_END_BLOCK;
}

/* The rows admit op1:op2 = 000:101 (SPSel), 011:110 (DAIFSet) and 011:111 (DAIFClr) only. */
static enum decode_result decode_msr_imm(struct insn *i, uint32_t w)
{
    unsigned op1 = bits(w, 18, 16), crm = bits(w, 11, 8), op2 = bits(w, 7, 5);
    i->op = (uint8_t)crm;
    i->exec = op1 == 0 ? exec_msr_spsel : op2 == 6 ? exec_msr_daifset : exec_msr_daifclr;
    /* AArch64.SystemAccessTrapSyndrome(): Op0 = 0, Op2, Op1, CRn = 4, Rt = 31, CRm, Direction = 0 (write). */
    i->aux = op2 << 17 | op1 << 14 | 4u << 10 | 31u << 5 | crm << 1;
    i->cost = TIMING_SYSREG;
    return DECODE_OK;
}

/* ---- The rows ----------------------------------------------------------------------------- */

static const struct a64_encoding rows[] = {
    /* Unconditional branch (immediate), compare and branch, test and branch, conditional branch */
    { 0xfc000000, 0x14000000, "B", decode_b_imm },
    { 0xfc000000, 0x94000000, "BL", decode_b_imm },
    { 0x7f000000, 0x34000000, "CBZ", decode_cb },
    { 0x7f000000, 0x35000000, "CBNZ", decode_cb },
    { 0x7f000000, 0x36000000, "TBZ", decode_tb },
    { 0x7f000000, 0x37000000, "TBNZ", decode_tb },
    { 0xff000010, 0x54000000, "B.cond", decode_b_cond },
    /* Exception generation: opc, op2 = 000 and LL */
    { 0xffe0001f, 0xd4000001, "SVC", decode_exception_gen },
    { 0xffe0001f, 0xd4000002, "HVC", decode_exception_gen },
    { 0xffe0001f, 0xd4000003, "SMC", decode_exception_gen },
    { 0xffe0001f, 0xd4200000, "BRK", decode_exception_gen },
    { 0xffe0001f, 0xd4400000, "HLT", decode_hlt },
    { 0xffe0001f, 0xd4a00001, "DCPS1", decode_debug_state_only },
    { 0xffe0001f, 0xd4a00002, "DCPS2", decode_debug_state_only },
    { 0xffe0001f, 0xd4a00003, "DCPS3", decode_debug_state_only },
    /* System, L = 0, op0 = 00: hints, barriers, MSR (immediate) */
    { 0xfffff01f, 0xd503201f, "HINT", decode_hint },
    { 0xfffff0ff, 0xd503305f, "CLREX", decode_barrier },
    { 0xfffff0ff, 0xd503309f, "DSB", decode_barrier },
    { 0xfffff0ff, 0xd50330bf, "DMB", decode_barrier },
    { 0xfffff0ff, 0xd50330df, "ISB", decode_barrier },
    { 0xfffff0ff, 0xd50040bf, "MSR SPSel", decode_msr_imm },
    { 0xfffff0ff, 0xd50340df, "MSR DAIFSet", decode_msr_imm },
    { 0xfffff0ff, 0xd50340ff, "MSR DAIFClr", decode_msr_imm },
    /* Unconditional branch (register): op2 = 11111, op3 = 000000, op4 = 00000 */
    { 0xfffffc1f, 0xd61f0000, "BR", decode_br },
    { 0xfffffc1f, 0xd63f0000, "BLR", decode_br },
    { 0xfffffc1f, 0xd65f0000, "RET", decode_br },
    { 0xffffffff, 0xd69f03e0, "ERET", decode_eret },
    { 0xffffffff, 0xd6bf03e0, "DRPS", decode_debug_state_only },
};

const struct a64_encoding_group a64_group_branch_sys = { "branch_sys", rows, sizeof(rows) / sizeof(rows[0]) };
