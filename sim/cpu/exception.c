/* Exception entry, routing and return: the Arm ARM's AArch64.TakeException and its callers. */
#include "exception.h"

#include "machine.h"
#include "obs_emit.h"
#include "sysreg_bits.h"
#include "timing/uarch.h"

#define ESR_IL (1u << 25)

uint64_t cpu_get_psr(const struct cpu *c)
{
    const struct pstate *p = &c->pstate;
    return (uint64_t)p->n << 31 | (uint64_t)p->z << 30 | (uint64_t)p->c << 29 | (uint64_t)p->v << 28 |
           (uint64_t)p->ss << 21 | (uint64_t)p->il << 20 | (uint64_t)p->d << 9 | (uint64_t)p->a << 8 |
           (uint64_t)p->i << 7 | (uint64_t)p->f << 6 | (uint64_t)p->el << 2 | p->sp;
}

/* ESR_ELx.EC's classes in ARMv8.0-A (Arm ARM D17.2.37, "EC, bits [31:26]"), by Linux's short names. */
static const char *const ec_names[64] = {
    [0x00] = "UNKNOWN",     [0x01] = "WFx",         [0x03] = "CP15_32",     [0x04] = "CP15_64",
    [0x05] = "CP14_MR",     [0x06] = "CP14_LS",     [0x07] = "FP_ASIMD",    [0x08] = "CP10_ID",
    [0x0c] = "CP14_64",     [0x0e] = "ILL",         [0x11] = "SVC32",       [0x12] = "HVC32",
    [0x13] = "SMC32",       [0x15] = "SVC64",       [0x16] = "HVC64",       [0x17] = "SMC64",
    [0x18] = "SYS64",       [0x1f] = "IMP_DEF",     [0x20] = "IABT_LOW",    [0x21] = "IABT_CUR",
    [0x22] = "PC_ALIGN",    [0x24] = "DABT_LOW",    [0x25] = "DABT_CUR",    [0x26] = "SP_ALIGN",
    [0x28] = "FP_EXC32",    [0x2c] = "FP_EXC64",    [0x2f] = "SERROR",      [0x30] = "BREAKPT_LOW",
    [0x31] = "BREAKPT_CUR", [0x32] = "SOFTSTP_LOW", [0x33] = "SOFTSTP_CUR", [0x34] = "WATCHPT_LOW",
    [0x35] = "WATCHPT_CUR", [0x38] = "BKPT32",      [0x3a] = "VECTOR32",    [0x3c] = "BRK64",
};

const char *ec_name(unsigned ec)
{
    return ec < 64 ? ec_names[ec] : NULL;
}

const char *ec_label(unsigned ec)
{
    const char *name = ec_name(ec);
    return name ? name : "unallocated";
}

void cpu_set_psr(struct cpu *c, uint64_t spsr)
{
    struct pstate *p = &c->pstate;
    p->n = (spsr >> 31) & 1;
    p->z = (spsr >> 30) & 1;
    p->c = (spsr >> 29) & 1;
    p->v = (spsr >> 28) & 1;
    p->ss = (spsr >> 21) & 1;
    p->il = (spsr >> 20) & 1;
    p->d = (spsr >> 9) & 1;
    p->a = (spsr >> 8) & 1;
    p->i = (spsr >> 7) & 1;
    p->f = (spsr >> 6) & 1;
    p->el = (spsr >> 2) & 3;
    p->sp = spsr & 1;
    cpu_update_derived(c);
}

static uint64_t *esr_for(struct cpu *c, unsigned el)
{
    return el == EL1 ? &c->sr.esr_el1 : el == EL2 ? &c->sr.esr_el2 : &c->sr.esr_el3;
}
static uint64_t *far_for(struct cpu *c, unsigned el)
{
    return el == EL1 ? &c->sr.far_el1 : el == EL2 ? &c->sr.far_el2 : &c->sr.far_el3;
}
static uint64_t vbar_for(const struct cpu *c, unsigned el)
{
    return el == EL1 ? c->sr.vbar_el1 : el == EL2 ? c->sr.vbar_el2 : c->sr.vbar_el3;
}

static void emit_exception(struct cpu *c, const struct exception_record *e, unsigned from_el, uint16_t from_vmid,
                           uint16_t from_asid, unsigned target_el, unsigned vect_offset, uint64_t spsr,
                           enum vector_kind kind)
{
    struct obs_event ev;
    obs_fill_core(&ev, OBS_EXCEPTION, c);
    ev.u.exc.vector_offset = (uint16_t)vect_offset;
    ev.u.exc.from_el = (uint8_t)from_el;
    ev.u.exc.to_el = (uint8_t)target_el;
    bool sync_or_serror = kind != VECT_IRQ && kind != VECT_FIQ;
    ev.u.exc.esr = sync_or_serror ? (uint32_t)*esr_for(c, target_el) : 0;
    ev.u.exc.far_valid = sync_or_serror && e->vaddr_valid;
    ev.u.exc.far = ev.u.exc.far_valid ? e->vaddr : 0;
    ev.u.exc.hpfar_valid = sync_or_serror && target_el == EL2 && e->ipa_valid;
    ev.u.exc.hpfar = ev.u.exc.hpfar_valid ? c->sr.hpfar_el2 : 0;
    ev.u.exc.elr = c->elr_el[target_el];
    ev.u.exc.spsr = spsr;
    /* The event belongs to the context the exception came from. */
    ev.el = (uint8_t)from_el;
    ev.vmid = from_vmid;
    ev.asid = from_asid;
    ev.pc = c->pc;
    obs_deliver(c->machine, &ev);
}

/* AArch64.TakeException() with AArch64.ReportException(). */
void aarch64_take_exception(struct cpu *c, unsigned target_el, const struct exception_record *e,
                            uint64_t preferred_return, enum vector_kind kind)
{
    timing_sync_run(c); /* what executed before the exception is on the scoreboard first */
    if (UNLIKELY(target_el == EL3 && c->config.firmware_el3)) {
        /* EL3 belongs to the board's firmware, which the simulator plays: no guest code runs
         * there. TF-A on the Versal handles no exception but SMC from below (it panics). */
        machine_firmware_exception(c->machine, c, e->ec, e->iss, kind);
        return;
    }
    unsigned vect_offset = kind;
    if (target_el > c->pstate.el)
        vect_offset += 0x400; /* lower EL using AArch64 */
    else if (c->pstate.sp)
        vect_offset += 0x200;

    uint64_t spsr = cpu_get_psr(c);
    unsigned from_el = c->pstate.el;
    bool observed = obs_wants(c->machine, OBS_EXCEPTION);
    uint16_t from_vmid = observed ? cpu_current_vmid(c) : 0, from_asid = observed ? cpu_current_asid(c) : 0;
    if (kind != VECT_IRQ && kind != VECT_FIQ) {
        *esr_for(c, target_el) = (uint64_t)e->ec << 26 | (e->il ? ESR_IL : 0) | (e->iss & 0x1ffffff);
        if (e->vaddr_valid)
            *far_for(c, target_el) = e->vaddr;
        if (target_el == EL2 && e->ipa_valid)
            c->sr.hpfar_el2 = (e->ipa >> 12 << 4) & 0xfffffffff0ull; /* HPFAR_EL2.FIPA = IPA[47:12] */
    }

    uint64_t vector = (vbar_for(c, target_el) & ~0x7ffull) | vect_offset;
    if (UNLIKELY(c->pc == vector)) {
        machine_note_exception_at_vector(c->machine, c, kind == VECT_SYNC ? e->ec : 0x40u | kind >> 7, target_el,
                                         vect_offset);
    } else {
        c->exceptions_at_vector = 0;
    }
    c->pstate.el = target_el;
    c->pstate.sp = 1;
    c->spsr_el[target_el] = spsr;
    c->elr_el[target_el] = preferred_return;
    c->pstate.ss = 0;
    c->pstate.d = c->pstate.a = c->pstate.i = c->pstate.f = 1;
    c->pstate.il = 0;
    cpu_update_derived(c);
    c->wfi_pending = false;
    c->pc = vector;
    c->exceptions_taken++;
    timing_flush(c); /* the pipeline drains: the cycles are the EL's whose instructions were in flight */
    pmu_exception_taken(c, from_el, e->ec, kind);
    stats_note_el_change(&c->machine->stats[c->index], c->icount, from_el);
    machine_note_exception(c->machine, c, e, target_el, kind);
    machine_note_context_change(c->machine, c);
    if (observed)
        emit_exception(c, e, from_el, from_vmid, from_asid, target_el, vect_offset, spsr, kind);
}

unsigned sync_exception_target(const struct cpu *c)
{
    if (c->pstate.el > EL1)
        return c->pstate.el;
    if (c->pstate.el == EL0 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_TGE))
        return EL2;
    return EL1;
}

static void take_sync(struct cpu *c, unsigned target_el, unsigned ec, uint32_t iss, uint64_t preferred_return)
{
    struct exception_record e = { .ec = ec, .iss = iss, .il = true };
    aarch64_take_exception(c, target_el, &e, preferred_return, VECT_SYNC);
}

void aarch64_undefined_fault(struct cpu *c)
{
    take_sync(c, sync_exception_target(c), EC_UNKNOWN, 0, c->pc);
}

void aarch64_call_supervisor(struct cpu *c, uint16_t imm16)
{
    take_sync(c, sync_exception_target(c), EC_SVC64, imm16, c->pc + 4);
}

void aarch64_call_hypervisor(struct cpu *c, uint16_t imm16)
{
    take_sync(c, c->pstate.el == EL3 ? EL3 : EL2, EC_HVC64, imm16, c->pc + 4);
}

void aarch64_call_secure_monitor(struct cpu *c, uint16_t imm16)
{
    take_sync(c, EL3, EC_SMC64, imm16, c->pc + 4);
}

void aarch64_software_breakpoint(struct cpu *c, uint16_t imm16)
{
    unsigned target = c->pstate.el;
    if (c->pstate.el <= EL1) {
        bool route_to_el2 = el2_enabled(c) &&
                            ((c->sr.hcr_el2 & HCR_EL2_TGE) || (c->sr.mdcr_el2 & MDCR_EL2_TDE));
        target = route_to_el2 ? EL2 : EL1;
    }
    take_sync(c, target, EC_BRK64, imm16, c->pc);
}

void aarch64_system_access_trap(struct cpu *c, unsigned target_el, unsigned ec, uint32_t iss)
{
    take_sync(c, target_el, ec, iss, c->pc);
}

void aarch64_pc_alignment_fault(struct cpu *c)
{
    struct exception_record e = { .ec = EC_PC_ALIGN, .il = true, .vaddr_valid = true, .vaddr = c->pc };
    aarch64_take_exception(c, sync_exception_target(c), &e, c->pc, VECT_SYNC);
}

void aarch64_sp_alignment_fault(struct cpu *c)
{
    take_sync(c, sync_exception_target(c), EC_SP_ALIGN, 0, c->pc);
}

void aarch64_illegal_state(struct cpu *c)
{
    take_sync(c, sync_exception_target(c), EC_ILLEGAL_STATE, 0, c->pc);
}

static bool is_external_abort(uint32_t fsc)
{
    return fsc == FSC_SYNC_EXTERNAL || (fsc >= FSC_SYNC_EXTERNAL_WALK_L0 && fsc <= FSC_SYNC_EXTERNAL_WALK_L0 + 3);
}

/* The routing of AArch64.DataAbort() and AArch64.InstructionAbort(). */
static unsigned abort_target(const struct cpu *c, uint32_t fsc, bool stage2)
{
    if (c->pstate.el == EL3 || ((c->sr.scr_el3 & SCR_EL3_EA) && is_external_abort(fsc)))
        return EL3;
    if (c->pstate.el == EL2)
        return EL2;
    if (el2_enabled(c) && ((c->sr.hcr_el2 & HCR_EL2_TGE) || stage2))
        return EL2;
    return EL1;
}

static void take_abort(struct cpu *c, bool data, uint64_t va, uint32_t fsc, uint32_t iss_extra, bool stage2,
                       bool ipa_valid, uint64_t ipa)
{
    unsigned target = abort_target(c, fsc, stage2);
    bool lower = target > c->pstate.el;
    struct exception_record e = {
        .ec = data ? (lower ? EC_DABORT_LOWER : EC_DABORT_SAME) : (lower ? EC_IABORT_LOWER : EC_IABORT_SAME),
        .iss = iss_extra | fsc,
        .il = true,
        .vaddr_valid = true,
        .vaddr = va,
        .ipa_valid = ipa_valid,
        .ipa = ipa,
    };
    aarch64_take_exception(c, target, &e, c->pc, VECT_SYNC);
}

void aarch64_data_abort(struct cpu *c, uint64_t va, uint32_t fsc, uint32_t iss_extra, bool stage2,
                        bool ipa_valid, uint64_t ipa)
{
    take_abort(c, true, va, fsc, iss_extra, stage2, ipa_valid, ipa);
}

void aarch64_instruction_abort(struct cpu *c, uint64_t va, uint32_t fsc, uint32_t iss_extra, bool stage2,
                               bool ipa_valid, uint64_t ipa)
{
    take_abort(c, false, va, fsc, iss_extra, stage2, ipa_valid, ipa);
}

/* IllegalExceptionReturn() for an implementation with AArch64 only at every EL. */
static bool illegal_exception_return(const struct cpu *c, uint64_t spsr)
{
    unsigned target = (spsr >> 2) & 3;
    if (spsr & (1u << 4))
        return true;                 /* AArch32 is not implemented at any EL */
    if (target > c->pstate.el)
        return true;
    if (spsr & 2)
        return true;                 /* M[1] is reserved */
    if (target == EL0 && (spsr & 1))
        return true;                 /* EL0 has no SP_ELx */
    if (target == EL2 && !(c->sr.scr_el3 & SCR_EL3_NS))
        return true;                 /* no EL2 in Secure state before Secure EL2 */
    if (target == EL1 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_TGE))
        return true;                 /* EL1 cannot run with HCR_EL2.TGE set */
    return false;
}

void aarch64_exception_return(struct cpu *c, uint64_t new_pc, uint64_t spsr)
{
    timing_sync_run(c);
    unsigned from_el = c->pstate.el;
    if (illegal_exception_return(c, spsr)) {
        /* SetPSTATEFromPSR(): EL and SP stay, the flags and masks still come from SPSR. */
        unsigned el = c->pstate.el, sp = c->pstate.sp;
        cpu_set_psr(c, spsr);
        c->pstate.el = el;
        c->pstate.sp = sp;
        c->pstate.il = 1;
        cpu_update_derived(c);
    } else {
        cpu_set_psr(c, spsr);
    }
    c->excl_valid = false;       /* ClearExclusiveLocal() */
    c->event_register = true;    /* SendEventLocal() */
    c->pc = new_pc;
    c->exception_returns++;
    timing_flush(c); /* as on entry: the drain belongs to the EL returned from */
    stats_note_el_change(&c->machine->stats[c->index], c->icount, from_el);
    pmu_exception_returned(c, from_el);
    machine_note_context_change(c->machine, c);
    if (obs_wants(c->machine, OBS_ERET)) {
        struct obs_event ev;
        obs_fill_core(&ev, OBS_ERET, c);
        ev.u.eret.from_el = (uint8_t)from_el;
        ev.u.eret.to_el = c->pstate.el;
        ev.u.eret.spsr = spsr;
        obs_deliver(c->machine, &ev);
    }
}

bool aarch64_fp_access_trap(struct cpu *c)
{
    unsigned el = c->pstate.el;
    uint32_t fp_iss = 1u << 24 | 0xeu << 20; /* CV = 1, COND = 0b1110 for A64 */
    if (el <= EL1) {
        unsigned fpen = (c->sr.cpacr_el1 >> 20) & 3;
        bool disabled = fpen == 0 || fpen == 2 || (fpen == 1 && el == EL0);
        if (disabled) {
            /* AArch64.AdvSIMDFPAccessTrap(EL1): with TGE the trap goes to EL2 as Uncategorized. */
            if (el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_TGE))
                take_sync(c, EL2, EC_UNKNOWN, 0, c->pc);
            else
                take_sync(c, EL1, EC_FP_ACCESS, fp_iss, c->pc);
            return false;
        }
    }
    if (el <= EL2 && el2_enabled(c) && (c->sr.cptr_el2 & CPTR_EL2_TFP)) {
        take_sync(c, EL2, EC_FP_ACCESS, fp_iss, c->pc);
        return false;
    }
    if (c->sr.cptr_el3 & CPTR_EL3_TFP) {
        take_sync(c, EL3, EC_FP_ACCESS, fp_iss, c->pc);
        return false;
    }
    return true;
}

bool aarch64_take_interrupt(struct cpu *c, enum vector_kind kind, bool is_virtual)
{
    unsigned el = c->pstate.el;
    uint64_t hcr = c->sr.hcr_el2;
    bool fiq = kind == VECT_FIQ;
    bool serror = kind == VECT_SERROR;
    uint64_t route_bit = serror ? HCR_EL2_AMO : fiq ? HCR_EL2_FMO : HCR_EL2_IMO;
    uint8_t masked = serror ? c->pstate.a : fiq ? c->pstate.f : c->pstate.i;
    struct exception_record e = { .ec = EC_SERROR, .il = true };
    unsigned target;

    if (is_virtual) {
        /* Virtual interrupts reach EL1&0 only, when routed by HCR_EL2 and not TGE. */
        if (el > EL1 || !el2_enabled(c) || !(hcr & route_bit) || (hcr & HCR_EL2_TGE) || masked)
            return false;
        target = EL1;
    } else {
        /* The routing table (Arm ARM D1.13.2, "Asynchronous exception routing"): SCR_EL3 routes to
         * EL3, else HCR_EL2.{TGE, IMO/FMO/AMO} to EL2, else the interrupt targets EL1, at every EL:
         * at EL2 with neither bit set it is not taken (AArch64.TakePhysicalIRQException is reached
         * only for an interrupt the routing lets through). */
        uint64_t scr_bit = serror ? SCR_EL3_EA : fiq ? SCR_EL3_FIQ : SCR_EL3_IRQ;
        bool route_to_el2 = el2_enabled(c) && (hcr & (HCR_EL2_TGE | route_bit));
        if (c->sr.scr_el3 & scr_bit)
            target = EL3;
        else if (route_to_el2)
            target = EL2;
        else
            target = EL1;
        if (target < el)
            return false;            /* stays pending until the core drops to a lower EL */
        /* PSTATE masks an interrupt taken to the current EL, and one taken to EL1 from EL0;
         * routed to EL2 or EL3 from a lower EL, it is not masked. */
        if ((target == el || target == EL1) && masked)
            return false;
    }
    aarch64_take_exception(c, target, &e, c->pc, kind);
    return true;
}
