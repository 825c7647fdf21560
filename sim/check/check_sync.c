/* Check sync: a system-register write whose effect needs a context synchronisation event, followed
 * by an instruction that depends on the new value before an ISB, an exception entry or an ERET.
 * Tracked (a write counts only when it changes the fields named):
 *   SCTLR_ELx (M, A, C, WXN, EE); TCR_ELx, TTBR0/1_ELx, MAIR_ELx while SCTLR_ELx.M is set
 *       -> a data access at that EL (EL1 also covers EL0), or an AT of that regime
 *   VTTBR_EL2, VTCR_EL2, HCR_EL2 (VM, PTW, DC) -> an AT S1E1*, S1E0* or S12E* at EL2
 *   CPTR_EL2.TFP -> an FP/SIMD instruction at EL2; CPACR_EL1.FPEN (written at EL1) -> one at EL1
 *   ICC_SRE_ELx.SRE -> an access to another ICC_ register at the EL of the write
 * Everything else (VBAR, the timers' CTL, ICH_HCR_EL2, ...) is not tracked: its effect is seen at
 * EL1 only after the ERET that synchronises it, or it has no dependence the checks can see. */
#include "check_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../cpu/sysreg_bits.h"

#define RULE_SYNC "Arm ARM D13.1.2 (synchronization requirements for System registers): a direct write to a System " \
                  "register is guaranteed to affect later instructions only after a context synchronization " \
                  "event (ISB, exception entry, exception return)"

#define SCTLR_TRACKED (SCTLR_M | SCTLR_C | BIT64(1) /* A */ | BIT64(19) /* WXN */ | BIT64(25) /* EE */)

static const char *const dep_names[DEP_COUNT] = {
    [DEP_EL1_REGIME] = "EL1&0 translation", [DEP_EL2_REGIME] = "EL2 translation",
    [DEP_EL3_REGIME] = "EL3 translation", [DEP_STAGE2] = "stage 2 translation",
    [DEP_FP_EL1] = "FP/SIMD access at EL1", [DEP_FP_EL2] = "FP/SIMD access at EL2",
    [DEP_ICC] = "ICC_ register access",
};

/* The dependence a write arms (DEP_COUNT: none). */
static enum sync_dep dep_of_write(const struct cpu *c, const char *name, uint64_t old, uint64_t now)
{
    uint64_t diff = old ^ now;
    if (!diff)
        return DEP_COUNT;
    static const struct { const char *name; enum sync_dep dep; } regime_regs[] = {
        { "TCR_EL1", DEP_EL1_REGIME }, { "TTBR0_EL1", DEP_EL1_REGIME }, { "TTBR1_EL1", DEP_EL1_REGIME },
        { "MAIR_EL1", DEP_EL1_REGIME }, { "TCR_EL2", DEP_EL2_REGIME }, { "TTBR0_EL2", DEP_EL2_REGIME },
        { "MAIR_EL2", DEP_EL2_REGIME }, { "TCR_EL3", DEP_EL3_REGIME }, { "TTBR0_EL3", DEP_EL3_REGIME },
        { "MAIR_EL3", DEP_EL3_REGIME },
    };
    if (strcmp(name, "SCTLR_EL1") == 0)
        return diff & SCTLR_TRACKED ? DEP_EL1_REGIME : DEP_COUNT;
    if (strcmp(name, "SCTLR_EL2") == 0)
        return diff & SCTLR_TRACKED ? DEP_EL2_REGIME : DEP_COUNT;
    if (strcmp(name, "SCTLR_EL3") == 0)
        return diff & SCTLR_TRACKED ? DEP_EL3_REGIME : DEP_COUNT;
    for (unsigned n = 0; n < sizeof regime_regs / sizeof regime_regs[0]; n++) {
        if (strcmp(name, regime_regs[n].name) != 0)
            continue;
        enum sync_dep d = regime_regs[n].dep;
        uint64_t sctlr = d == DEP_EL1_REGIME ? c->sr.sctlr_el1 : d == DEP_EL2_REGIME ? c->sr.sctlr_el2
                                                                                     : c->sr.sctlr_el3;
        return (sctlr & SCTLR_M) ? d : DEP_COUNT;
    }
    if (strcmp(name, "VTTBR_EL2") == 0 || strcmp(name, "VTCR_EL2") == 0)
        return DEP_STAGE2;
    if (strcmp(name, "HCR_EL2") == 0)
        return diff & (HCR_EL2_VM | BIT64(2) /* PTW */ | BIT64(12) /* DC */) ? DEP_STAGE2 : DEP_COUNT;
    if (strcmp(name, "CPTR_EL2") == 0)
        return diff & CPTR_EL2_TFP ? DEP_FP_EL2 : DEP_COUNT;
    if (strcmp(name, "CPACR_EL1") == 0)
        return (diff & (3ull << CPACR_EL1_FPEN_SHIFT)) && c->pstate.el == EL1 ? DEP_FP_EL1 : DEP_COUNT;
    if (strncmp(name, "ICC_SRE_EL", 10) == 0)
        return diff & 1 ? DEP_ICC : DEP_COUNT;
    return DEP_COUNT;
}

/* The dependences an instruction at el has on pending writes (a mask of 1u << DEP_*). */
static uint32_t deps_of_insn(uint32_t op, unsigned el)
{
    if (A64_IS_SYS(op) && A64_SYS_CRN(op) == 7 && A64_SYS_CRM(op) == 8) { /* AT */
        unsigned op1 = A64_SYS_OP1(op), op2 = A64_SYS_OP2(op);
        if (op1 == 0 || (op1 == 4 && op2 >= 4))
            return 1u << DEP_EL1_REGIME | 1u << DEP_STAGE2;
        return op1 == 4 ? 1u << DEP_EL2_REGIME : 1u << DEP_EL3_REGIME;
    }
    bool fp = (op & 0x0e000000u) == 0x0e000000u || ((op & 0x0a000000u) == 0x08000000u && (op & 0x04000000u));
    if (fp)
        return el == 2 ? 1u << DEP_FP_EL2 : el == 1 ? 1u << DEP_FP_EL1 : 0;
    if ((A64_IS_MSR3(op) || A64_IS_MRS3(op)) && A64_SYS_CRN(op) == 12) {
        unsigned op1 = A64_SYS_OP1(op), crm = A64_SYS_CRM(op), op2 = A64_SYS_OP2(op);
        bool sre = crm == (op1 == 4 ? 9 : 12) && op2 == 5;
        bool icc = (op1 == 0 && crm >= 8) || (op1 == 4 && crm == 9) || (op1 == 6 && crm == 12);
        if (icc && !sre)
            return 1u << DEP_ICC;
    }
    return 0;
}

static void report(struct check_state *s, const struct obs_event *e, uint64_t pc, uint32_t deps, const char *access)
{
    struct sync_core *k = &s->sync[e->cpu];
    enum sync_dep d = (enum sync_dep)__builtin_ctz(deps);
    char what[256], evidence[160];
    snprintf(what, sizeof what, "%s depends on the write to %s (%s) before a context synchronization event",
             access, k->reg[d], dep_names[d]);
    snprintf(evidence, sizeof evidence, "MSR %s at pc 0x%" PRIx64 " (EL%u), no ISB, exception entry or ERET since",
             k->reg[d], k->pc[d], k->el[d]);
    check_report(s, CHECK_SYNC, e->cpu, pc, what, RULE_SYNC, evidence);
    k->pending &= ~deps;
}

void check_sync_event(struct check_state *s, const struct obs_event *e)
{
    if (e->cpu < 0)
        return;
    struct sync_core *k = &s->sync[e->cpu];
    const struct cpu *c = s->m->cpus[e->cpu];
    switch (e->kind) {
    case OBS_SYSREG_WRITE: {
        enum sync_dep d = dep_of_write(c, e->u.sysreg.name, e->u.sysreg.old_value, e->u.sysreg.new_value);
        if (d == DEP_COUNT)
            break;
        k->pending |= 1u << d;
        k->pc[d] = check_insn_pc(s, e);
        k->reg[d] = e->u.sysreg.name;
        k->el[d] = e->el;
        break;
    }
    case OBS_EXCEPTION:
    case OBS_ERET:
        k->pending = 0;
        break;
    case OBS_INSN: {
        if (!k->pending)
            break;
        uint32_t op = e->u.insn.opcode;
        if (A64_IS_ISB(op)) {
            k->pending = 0;
            break;
        }
        uint32_t deps = deps_of_insn(op, e->el) & k->pending;
        if (deps & (1u << DEP_ICC) && k->el[DEP_ICC] != e->el)
            deps &= ~(1u << DEP_ICC);
        if (deps)
            report(s, e, e->pc, deps, A64_IS_SYS(op) ? "AT" : (deps & (1u << DEP_ICC)) ? "ICC_ register access"
                                                                                      : "FP/SIMD instruction");
        break;
    }
    case OBS_MEM: {
        if (!k->pending)
            break;
        enum sync_dep d = e->el <= 1 ? DEP_EL1_REGIME : e->el == 2 ? DEP_EL2_REGIME : DEP_EL3_REGIME;
        if (k->pending & (1u << d))
            report(s, e, e->pc, 1u << d, e->u.mem.write ? "store" : "load");
        break;
    }
    default:
        break;
    }
}
