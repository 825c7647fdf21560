/* MRS, MSR (register), SYS and SYSL (Arm ARM C6.2; encoding index "System register move" and
 * "System instructions"). Decode looks the operand's row up in the system-register table once and
 * keeps the row pointer in insn->imm; execution checks the access in the pseudocode's order (the
 * row's minimum EL: UNDEFINED; then its own traps) and reads or writes through the row. */
#include "exception.h"
#include "sysreg.h"
#include "machine.h"
#include "timing.h"

static inline const struct sysreg_info *row_of(const struct insn *i)
{
    return (const struct sysreg_info *)(intptr_t)i->imm;
}

/* AArch64.SystemAccessTrapSyndrome() for EC 0x18: Op0, Op2, Op1, CRn, Rt, CRm, Direction (1: read). */
static uint32_t system_access_iss(uint32_t word)
{
    return bits(word, 20, 19) << 20 | bits(word, 7, 5) << 17 | bits(word, 18, 16) << 14 | bits(word, 15, 12) << 10 |
           bits(word, 4, 0) << 5 | bits(word, 11, 8) << 1 | bit(word, 21);
}

static void system_access_trap(struct cpu *c, unsigned target_el, uint32_t word)
{
    aarch64_system_access_trap(c, target_el, EC_SYSREG, system_access_iss(word));
}

/* The access checks of a row; false when an exception was taken instead. */
static __attribute__((noinline)) bool access_allowed(struct cpu *c, const struct sysreg_info *r, bool is_read,
                                                     uint32_t word)
{
    if (c->pstate.el < r->min_el) {
        aarch64_undefined_fault(c);
        return false;
    }
    if (!r->access)
        return true;
    switch (r->access(c, r, is_read)) {
    case SYSREG_OK:
        return true;
    case SYSREG_UNDEFINED:
        aarch64_undefined_fault(c);
        return false;
    case SYSREG_TRAP_EL1:
        system_access_trap(c, EL1, word);
        return false;
    case SYSREG_TRAP_EL2:
        system_access_trap(c, EL2, word);
        return false;
    case SYSREG_TRAP_EL3:
        system_access_trap(c, EL3, word);
        return false;
    case SYSREG_TRAP_FP:
        return aarch64_check_fp_enabled(c);
    }
    return false;
}

static inline bool needs_checks(const struct cpu *c, const struct sysreg_info *r)
{
    return c->pstate.el < r->min_el || r->access;
}

static enum exec_status exec_mrs(struct cpu *c, const struct insn *i)
{
    const struct sysreg_info *r = row_of(i);
    unsigned rt = i->rd;
    if (UNLIKELY(needs_checks(c, r)) && !access_allowed(c, r, true, i->raw))
        return EXEC_JUMP;
    set_reg(c, rt, r->read ? r->read(c, r) : *sysreg_storage(c, r));
    return EXEC_NEXT;
}

static enum exec_status exec_msr(struct cpu *c, const struct insn *i)
{
    const struct sysreg_info *r = row_of(i);
    uint64_t v = c->x[i->rd]; /* x[31] is XZR */
    if (UNLIKELY(needs_checks(c, r)) && !access_allowed(c, r, false, i->raw))
        return EXEC_JUMP;
    if (sysreg_write(c, r, v)) {
        machine_note_context_change(c->machine, c); /* e.g. SCR_EL3 changes which group is FIQ */
        c->pc += 4;
        return EXEC_END_BLOCK;
    }
    return EXEC_NEXT;
}

static enum exec_status exec_sys(struct cpu *c, const struct insn *i)
{
    const struct sysreg_info *r = row_of(i);
    uint64_t xt = c->x[i->rd];
    if (UNLIKELY(needs_checks(c, r)) && !access_allowed(c, r, false, i->raw))
        return EXEC_JUMP;
    enum exec_status s = r->op(c, r, xt);
    if (s == EXEC_END_BLOCK)
        c->pc += 4;
    return s;
}

/* An unallocated encoding in the IMPLEMENTATION DEFINED space: HCR_EL2.TIDCP traps EL1's accesses
 * to EL2; otherwise (and at EL0, where the trap is IMPLEMENTATION DEFINED) it is UNDEFINED. */
static enum exec_status exec_impdef_unallocated(struct cpu *c, const struct insn *i)
{
    if (c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TIDCP))
        system_access_trap(c, EL2, i->raw);
    else
        aarch64_undefined_fault(c);
    return EXEC_JUMP;
}

enum access_kind { ACCESS_MRS, ACCESS_MSR, ACCESS_SYS, ACCESS_SYSL };

static bool row_fits(const struct sysreg_info *r, enum access_kind kind)
{
    if (!r)
        return false;
    switch (kind) {
    case ACCESS_MRS: return !(r->flags & (SYSREG_INSN | SYSREG_WO));
    case ACCESS_MSR: return !(r->flags & (SYSREG_INSN | SYSREG_RO));
    case ACCESS_SYS: return (r->flags & SYSREG_INSN) && r->op;
    default: return false; /* ARMv8.0 defines no SYSL operation */
    }
}

static enum decode_result decode_access(struct insn *i, uint32_t w, enum access_kind kind)
{
    static const exec_fn handlers[] = { exec_mrs, exec_msr, exec_sys, NULL };
    uint32_t key = sysreg_key_from_word(w);
    const struct sysreg_info *r = sysreg_lookup(key);
    i->rd = bits(w, 4, 0);
    i->cost = TIMING_SYSREG;
    if (!row_fits(r, kind)) {
        if (!sysreg_key_is_impdef(key))
            return DECODE_UNALLOCATED;
        i->exec = exec_impdef_unallocated;
        return DECODE_OK;
    }
    i->imm = (int64_t)(intptr_t)r;
    i->exec = handlers[kind];
    return DECODE_OK;
}

static enum decode_result decode_mrs(struct insn *i, uint32_t w) { return decode_access(i, w, ACCESS_MRS); }
static enum decode_result decode_msr(struct insn *i, uint32_t w) { return decode_access(i, w, ACCESS_MSR); }
static enum decode_result decode_sys(struct insn *i, uint32_t w) { return decode_access(i, w, ACCESS_SYS); }
static enum decode_result decode_sysl(struct insn *i, uint32_t w) { return decode_access(i, w, ACCESS_SYSL); }

static const struct a64_encoding rows[] = {
    { 0xfff00000, 0xd5300000, "MRS", decode_mrs },   /* L = 1, op0 = 0b1x */
    { 0xfff00000, 0xd5100000, "MSR", decode_msr },   /* MSR (register): L = 0, op0 = 0b1x */
    { 0xfff80000, 0xd5080000, "SYS", decode_sys },   /* L = 0, op0 = 0b01 */
    { 0xfff80000, 0xd5280000, "SYSL", decode_sysl }, /* L = 1, op0 = 0b01 */
};
const struct a64_encoding_group a64_group_sysreg = { "sysreg", rows, sizeof(rows) / sizeof(rows[0]) };
