/* System instructions (SYS): cache maintenance (DC, IC), address translation (AT) and TLB
 * maintenance (TLBI) of ARMv8.0 (Arm ARM C5.3 and D4.4), with their traps: SCTLR_EL1.UCI/DZE for
 * EL0, HCR_EL2.TSW (set/way), TPC (to the PoC), TPU (to the PoU), TDZ (DC ZVA), TTLB (EL1 TLBI).
 *
 * Behaviour while the simulator models no caches: DC ZVA zeroes its block; DC by VA translates its
 * address, so it faults where the hardware would (a data abort with ESR.CM = 1 and WnR = 1); DC by
 * set/way and IC do nothing more (stores already invalidate decoded code). AT writes PAR_EL1 from a
 * walk (mmu_walk). TLBI goes to the TLB (mmu_tlbi), of every core for the Inner Shareable forms
 * (and for EL1's forms when HCR_EL2.FB upgrades them).
 */
#include "exception.h"
#include "machine.h"
#include "mem.h"
#include "mmu/mmu.h"
#include "sysreg.h"

#define ISS_CM (1u << 8)
#define ISS_S1PTW (1u << 7)

/* DC ISW/CSW/CISW at EL1: HCR_EL2.TSW. */
static enum sysreg_access access_set_way(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TSW) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* DC IVAC (EL1 only): HCR_EL2.TPC. */
static enum sysreg_access access_ivac(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TPC) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* DC CVAC/CIVAC: EL0 needs SCTLR_EL1.UCI; then HCR_EL2.TPC at EL0/EL1. */
static enum sysreg_access access_poc(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.sctlr_el1 & SCTLR_UCI))
        return sysreg_el0_trap(c);
    return c->pstate.el <= EL1 && sysreg_hcr_traps(c, HCR_EL2_TPC) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* DC CVAU, IC IVAU: EL0 needs SCTLR_EL1.UCI; then HCR_EL2.TPU at EL0/EL1. */
static enum sysreg_access access_pou(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.sctlr_el1 & SCTLR_UCI))
        return sysreg_el0_trap(c);
    return c->pstate.el <= EL1 && sysreg_hcr_traps(c, HCR_EL2_TPU) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* IC IALLU/IALLUIS (EL1 only): HCR_EL2.TPU. */
static enum sysreg_access access_ic_all(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TPU) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* DC ZVA: EL0 needs SCTLR_EL1.DZE; then HCR_EL2.TDZ at EL0/EL1. */
static enum sysreg_access access_zva(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.sctlr_el1 & SCTLR_DZE))
        return sysreg_el0_trap(c);
    return c->pstate.el <= EL1 && sysreg_hcr_traps(c, HCR_EL2_TDZ) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}
/* TLBI ...E1 at EL1: HCR_EL2.TTLB. */
static enum sysreg_access access_tlbi_el1(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_TTLB) ? SYSREG_TRAP_EL2 : SYSREG_OK;
}

static enum exec_status op_none(struct cpu *c, const struct sysreg_info *r, uint64_t xt)
{
    return EXEC_NEXT;
}

/* A cache maintenance fault: a data abort with CM = 1; WnR reads 1 for cache maintenance. */
static void cache_maintenance_abort(struct cpu *c, uint64_t va, const struct translation *t)
{
    aarch64_data_abort(c, va, t->fsc, ISS_CM | ISS_WNR | (t->s1ptw ? ISS_S1PTW : 0), t->stage2, t->stage2, t->ipa);
}

/* DC by VA: the address must translate (DC IVAC with write permission, as it may discard data). */
static enum exec_status dc_by_va(struct cpu *c, uint64_t va, enum mmu_access acc)
{
    struct translation t;
    mmu_translate(c, c->mmu_idx, va, acc, &t);
    if (t.fault) {
        cache_maintenance_abort(c, va, &t);
        return EXEC_JUMP;
    }
    return EXEC_NEXT;
}
static enum exec_status op_dc_ivac(struct cpu *c, const struct sysreg_info *r, uint64_t xt)
{
    return dc_by_va(c, xt, MMU_WRITE);
}
static enum exec_status op_dc_va(struct cpu *c, const struct sysreg_info *r, uint64_t xt)
{
    return dc_by_va(c, xt, MMU_READ);
}
static enum exec_status op_dc_zva(struct cpu *c, const struct sysreg_info *r, uint64_t xt)
{
    return mem_dc_zva(c, xt) ? EXEC_NEXT : EXEC_JUMP;
}

/* PAR_EL1 fields. */
#define PAR_F (1ull << 0)
#define PAR_FST_SHIFT 1
#define PAR_PTW (1ull << 8)
#define PAR_S (1ull << 9)
#define PAR_RES1 (1ull << 11)            /* RES1 in both formats */
#define PAR_SH_SHIFT 7
#define PAR_NS (1ull << 9)
#define PAR_ATTR_SHIFT 56
#define PAR_PA_MASK 0x0000fffffffff000ull
#define SH_OUTER 2u

/* AT S1E1R/W, S1E0R/W, S1E2R/W, S1E3R/W, S12E1R/W, S12E0R/W (AArch64.AT_S1Ex / AT_S12Ex): the
 * regime comes from op1 and op2, the access from op2[0]; a fresh walk that leaves the TLB alone.
 * A stage-2 fault of an AT executed at EL1 (on its stage-1 walk) is taken to EL2 as a data abort;
 * every other fault is reported in PAR_EL1. */
static enum exec_status op_at(struct cpu *c, const struct sysreg_info *r, uint64_t va)
{
    unsigned op1 = sysreg_key_op1(r->key), op2 = sysreg_key_op2(r->key);
    bool stage1_only = op1 != 4 || op2 < 4;
    enum mmu_idx idx;
    if (op1 == 6)
        idx = MMU_EL3;                            /* S1E3x */
    else if (op1 == 4 && op2 < 4)
        idx = MMU_EL2;                            /* S1E2x */
    else
        idx = op2 & 2 ? MMU_EL0 : MMU_EL1;        /* S1E1x, S1E0x, S12E1x, S12E0x */
    struct translation t;
    mmu_walk(c, idx, va, op2 & 1 ? MMU_WRITE : MMU_READ, stage1_only, &t);
    if (t.fault && t.stage2 && c->pstate.el == EL1) {
        cache_maintenance_abort(c, va, &t);
        return EXEC_JUMP;
    }
    if (t.fault) {
        c->sr.par_el1 = PAR_F | (uint64_t)(t.fsc & 0x3f) << PAR_FST_SHIFT | (t.s1ptw ? PAR_PTW : 0) |
                        (t.stage2 ? PAR_S : 0) | PAR_RES1;
        return EXEC_NEXT;
    }
    /* Device and Inner+Outer Non-cacheable Normal memory are reported as Outer Shareable (0b10). */
    unsigned sh = t.device || t.attr == 0x44 ? SH_OUTER : t.sh;
    c->sr.par_el1 = PAR_RES1 | (t.pa & PAR_PA_MASK) | (t.ns ? PAR_NS : 0) | (uint64_t)sh << PAR_SH_SHIFT |
                    (uint64_t)t.attr << PAR_ATTR_SHIFT;
    return EXEC_NEXT;
}

/* TLBI: the scope and regime of the operation from its encoding (op1, CRm, op2). */
static void tlbi_operation(uint32_t key, enum tlbi_scope *scope, enum mmu_idx *regime)
{
    unsigned op1 = sysreg_key_op1(key), crm = sysreg_key_crm(key), op2 = sysreg_key_op2(key);
    static const enum tlbi_scope el1_scopes[8] = {
        [0] = TLBI_VMID_ALL, [1] = TLBI_VA_ASID, [2] = TLBI_ASID, [3] = TLBI_VA_ALL_ASID,
        [5] = TLBI_VA_ASID, [7] = TLBI_VA_ALL_ASID,
    };
    if (op1 == 0) {                              /* ...E1 at EL1 */
        *scope = el1_scopes[op2];
        *regime = MMU_EL1;
    } else if (op1 == 6) {                       /* ALLE3, VAE3, VALE3 */
        *scope = op2 == 0 ? TLBI_ALL_REGIME : TLBI_VA_ASID;
        *regime = MMU_EL3;
    } else if (crm == 0 || crm == 4) {           /* IPAS2E1, IPAS2LE1 */
        *scope = TLBI_IPA;
        *regime = MMU_EL1;
    } else {                                     /* ALLE2, VAE2, VALE2, ALLE1, VMALLS12E1 */
        *scope = op2 == 0 || op2 == 4 ? TLBI_ALL_REGIME : op2 == 6 ? TLBI_VMID_ALL : TLBI_VA_ASID;
        *regime = op2 >= 4 && op2 != 5 ? MMU_EL1 : MMU_EL2;
    }
}

static enum exec_status tlbi(struct cpu *c, const struct sysreg_info *r, uint64_t xt, bool broadcast)
{
    enum tlbi_scope scope;
    enum mmu_idx regime;
    tlbi_operation(r->key, &scope, &regime);
    mmu_tlbi(c, r->name + 5, scope, regime, xt, broadcast); /* the row's name without "TLBI " */
    return EXEC_END_BLOCK;
}
/* The Inner Shareable forms reach every core of the cluster. */
static enum exec_status op_tlbi_is(struct cpu *c, const struct sysreg_info *r, uint64_t xt)
{
    return tlbi(c, r, xt, true);
}
/* Non-shareable forms; HCR_EL2.FB makes EL1's broadcast within the Inner Shareable domain. */
static enum exec_status op_tlbi(struct cpu *c, const struct sysreg_info *r, uint64_t xt)
{
    return tlbi(c, r, xt, c->pstate.el == EL1 && sysreg_hcr_traps(c, HCR_EL2_FB));
}

#define SYS(nm, op1, crn, crm, op2, min, acc, fn)                                                         \
    { .name = nm, .key = SYSREG_KEY(1, op1, crn, crm, op2), .min_el = min,                                \
      .flags = SYSREG_INSN | SYSREG_WO | SYSREG_NO_STORAGE, .access = acc, .op = fn }
#define TLBI_E1(nm, crm, op2, fn) SYS("TLBI " nm, 0, 8, crm, op2, 1, access_tlbi_el1, fn)
#define TLBI_E2(nm, crm, op2, fn) SYS("TLBI " nm, 4, 8, crm, op2, 2, NULL, fn)
#define TLBI_E3(nm, crm, op2, fn) SYS("TLBI " nm, 6, 8, crm, op2, 3, NULL, fn)

static const struct sysreg_info rows[] = {
    /* The IC operations need do nothing: decoded code never goes stale. A store by either core
     * (its page's fast write entries are refused while decoded code lives there) and every write
     * from outside a core (machine_write_phys) reset the decoded slots they overwrite at once, which
     * the architecture allows as a stronger form of the IC maintenance (tests/guest/selfmod.c,
     * smp_selfmod.c). */
    SYS("IC IALLUIS", 0, 7, 1, 0, 1, access_ic_all, op_none),
    SYS("IC IALLU", 0, 7, 5, 0, 1, access_ic_all, op_none),
    SYS("IC IVAU", 3, 7, 5, 1, 0, access_pou, op_none),
    SYS("DC IVAC", 0, 7, 6, 1, 1, access_ivac, op_dc_ivac),
    SYS("DC ISW", 0, 7, 6, 2, 1, access_set_way, op_none),
    SYS("DC CSW", 0, 7, 10, 2, 1, access_set_way, op_none),
    SYS("DC CISW", 0, 7, 14, 2, 1, access_set_way, op_none),
    SYS("DC ZVA", 3, 7, 4, 1, 0, access_zva, op_dc_zva),
    SYS("DC CVAC", 3, 7, 10, 1, 0, access_poc, op_dc_va),
    SYS("DC CVAU", 3, 7, 11, 1, 0, access_pou, op_dc_va),
    SYS("DC CIVAC", 3, 7, 14, 1, 0, access_poc, op_dc_va),
    SYS("AT S1E1R", 0, 7, 8, 0, 1, NULL, op_at),
    SYS("AT S1E1W", 0, 7, 8, 1, 1, NULL, op_at),
    SYS("AT S1E0R", 0, 7, 8, 2, 1, NULL, op_at),
    SYS("AT S1E0W", 0, 7, 8, 3, 1, NULL, op_at),
    SYS("AT S1E2R", 4, 7, 8, 0, 2, NULL, op_at),
    SYS("AT S1E2W", 4, 7, 8, 1, 2, NULL, op_at),
    SYS("AT S12E1R", 4, 7, 8, 4, 2, NULL, op_at),
    SYS("AT S12E1W", 4, 7, 8, 5, 2, NULL, op_at),
    SYS("AT S12E0R", 4, 7, 8, 6, 2, NULL, op_at),
    SYS("AT S12E0W", 4, 7, 8, 7, 2, NULL, op_at),
    SYS("AT S1E3R", 6, 7, 8, 0, 3, NULL, op_at),
    SYS("AT S1E3W", 6, 7, 8, 1, 3, NULL, op_at),
    TLBI_E1("VMALLE1IS", 3, 0, op_tlbi_is),
    TLBI_E1("VAE1IS", 3, 1, op_tlbi_is),
    TLBI_E1("ASIDE1IS", 3, 2, op_tlbi_is),
    TLBI_E1("VAAE1IS", 3, 3, op_tlbi_is),
    TLBI_E1("VALE1IS", 3, 5, op_tlbi_is),
    TLBI_E1("VAALE1IS", 3, 7, op_tlbi_is),
    TLBI_E1("VMALLE1", 7, 0, op_tlbi),
    TLBI_E1("VAE1", 7, 1, op_tlbi),
    TLBI_E1("ASIDE1", 7, 2, op_tlbi),
    TLBI_E1("VAAE1", 7, 3, op_tlbi),
    TLBI_E1("VALE1", 7, 5, op_tlbi),
    TLBI_E1("VAALE1", 7, 7, op_tlbi),
    TLBI_E2("IPAS2E1IS", 0, 1, op_tlbi_is),
    TLBI_E2("IPAS2LE1IS", 0, 5, op_tlbi_is),
    TLBI_E2("ALLE2IS", 3, 0, op_tlbi_is),
    TLBI_E2("VAE2IS", 3, 1, op_tlbi_is),
    TLBI_E2("ALLE1IS", 3, 4, op_tlbi_is),
    TLBI_E2("VALE2IS", 3, 5, op_tlbi_is),
    TLBI_E2("VMALLS12E1IS", 3, 6, op_tlbi_is),
    TLBI_E2("IPAS2E1", 4, 1, op_tlbi),
    TLBI_E2("IPAS2LE1", 4, 5, op_tlbi),
    TLBI_E2("ALLE2", 7, 0, op_tlbi),
    TLBI_E2("VAE2", 7, 1, op_tlbi),
    TLBI_E2("ALLE1", 7, 4, op_tlbi),
    TLBI_E2("VALE2", 7, 5, op_tlbi),
    TLBI_E2("VMALLS12E1", 7, 6, op_tlbi),
    TLBI_E3("ALLE3IS", 3, 0, op_tlbi_is),
    TLBI_E3("VAE3IS", 3, 1, op_tlbi_is),
    TLBI_E3("VALE3IS", 3, 5, op_tlbi_is),
    TLBI_E3("ALLE3", 7, 0, op_tlbi),
    TLBI_E3("VAE3", 7, 1, op_tlbi),
    TLBI_E3("VALE3", 7, 5, op_tlbi),
};
SYSREG_AREA(sysreg_area_sys, "sys", rows);
