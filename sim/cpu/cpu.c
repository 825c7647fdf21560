#include "cpu.h"

#include <string.h>

#include "sysreg.h"
#include "sysreg_bits.h"

void cpu_flush_fast_tlb(struct cpu *c)
{
    /* Every tag becomes FAST_TLB_INVALID (all ones), which no access can match. */
    memset(c->tlb, 0xff, sizeof(c->tlb));
    c->fast_tlb_used = 0;
}

void cpu_flush_fast_tlb_contexts(struct cpu *c, unsigned idx_mask)
{
    idx_mask &= c->fast_tlb_used;
    for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++)
        if (idx_mask >> idx & 1)
            memset(&c->tlb[idx], 0xff, sizeof(c->tlb[idx]));
    c->fast_tlb_used &= ~idx_mask;
}

void cpu_flush_fast_tlb_range(struct cpu *c, unsigned idx_mask, unsigned which, uint64_t va, unsigned size_log2)
{
    uint64_t base = va & ~((1ull << size_log2) - 1), size = 1ull << size_log2;
    /* A page maps to one slot: look at that slot alone unless the range spans every slot. */
    unsigned first = 0, count = FAST_TLB_SIZE;
    if (size_log2 < GUEST_PAGE_BITS + FAST_TLB_BITS) {
        first = (unsigned)(base >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1);
        count = (unsigned)(size >> GUEST_PAGE_BITS);
        count = count ? count : 1;
    }
    idx_mask &= c->fast_tlb_used;
    for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++) {
        if (!(idx_mask >> idx & 1))
            continue;
        struct fast_tlb *f = &c->tlb[idx];
        for (unsigned n = 0; n < count; n++) {
            unsigned slot = (first + n) & (FAST_TLB_SIZE - 1);
            if ((which & FAST_TLB_DATA) && (f->read[slot].tag & GUEST_PAGE_MASK) - base < size)
                f->read[slot].tag = FAST_TLB_INVALID;
            if ((which & FAST_TLB_DATA) && (f->write[slot].tag & GUEST_PAGE_MASK) - base < size)
                f->write[slot].tag = FAST_TLB_INVALID;
            if ((which & FAST_TLB_FETCH) && (f->fetch[slot].tag & GUEST_PAGE_MASK) - base < size)
                f->fetch[slot].tag = FAST_TLB_INVALID;
        }
    }
}

/* The condition of AArch64.CheckFPAdvSIMDEnabled(): no trap of CPACR_EL1.FPEN, CPTR_EL2.TFP or
 * CPTR_EL3.TFP applies at the current EL. */
static bool fp_access_enabled(const struct cpu *c)
{
    unsigned el = c->pstate.el;
    if (el <= EL1) {
        unsigned fpen = (c->sr.cpacr_el1 >> 20) & 3;
        if (fpen == 0 || fpen == 2 || (fpen == 1 && el == EL0))
            return false;
    }
    if (el <= EL2 && el2_enabled(c) && (c->sr.cptr_el2 & CPTR_EL2_TFP))
        return false;
    return !(c->sr.cptr_el3 & CPTR_EL3_TFP);
}

void cpu_update_derived(struct cpu *c)
{
    c->sp_index = c->pstate.sp ? c->pstate.el : 0;
    c->mmu_idx = (enum mmu_idx)c->pstate.el;
    c->fp_enabled = fp_access_enabled(c);
}

uint16_t cpu_current_vmid(const struct cpu *c)
{
    if (c->pstate.el > EL1 || !el2_enabled(c) || !(c->sr.hcr_el2 & HCR_EL2_VM))
        return 0;
    return (uint16_t)((c->sr.vttbr_el2 >> 48) & 0xff); /* 8-bit VMIDs in ARMv8.0 */
}

uint16_t cpu_current_asid(const struct cpu *c)
{
    if (c->pstate.el > EL1)
        return 0;
    uint64_t ttbr = (c->sr.tcr_el1 >> 22) & 1 ? c->sr.ttbr1_el1 : c->sr.ttbr0_el1; /* TCR_EL1.A1 */
    uint16_t asid = (uint16_t)(ttbr >> 48);
    return (c->sr.tcr_el1 >> 36) & 1 ? asid : (uint16_t)(asid & 0xff); /* TCR_EL1.AS */
}

void cpu_reset(struct cpu *c, struct machine *m, int index)
{
    memset(c, 0, offsetof(struct cpu, tlb));
    c->machine = m;
    c->index = index;
    /* Reset into EL3 with SP_EL3 selected and every exception masked (AArch64.TakeReset). */
    c->pstate.el = EL3;
    c->pstate.sp = 1;
    c->pstate.d = c->pstate.a = c->pstate.i = c->pstate.f = 1;
    sysreg_reset(c);
    cpu_update_derived(c);
    cpu_flush_fast_tlb(c);
    pipeline_reset(&c->pipe, c->config.timing_mode);
}
