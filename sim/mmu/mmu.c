#include "mmu.h"

#include "../cpu/exception.h"
#include "../cpu/sysreg_bits.h"

/* SCTLR_ELx of the translation regime of idx. */
static uint64_t regime_sctlr(const struct cpu *c, enum mmu_idx idx)
{
    switch (idx) {
    case MMU_EL0:
    case MMU_EL1: return c->sr.sctlr_el1;
    case MMU_EL2: return c->sr.sctlr_el2;
    default: return c->sr.sctlr_el3;
    }
}

/* The physical address size of the A72: 44 bits (ID_AA64MMFR0_EL1.PARange = 0b0100). */
#define PA_BITS 44

void mmu_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t)
{
    uint64_t sctlr = regime_sctlr(c, idx);
    bool stage1_regime_el10 = idx <= MMU_EL1;
    *t = (struct translation){ 0 };

    /* HCR_EL2.DC makes the EL1&0 stage-1 MMU behave as off with Normal memory (v8.0). */
    bool s1_enabled = (sctlr & SCTLR_M) != 0;
    bool dc = stage1_regime_el10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_DC);
    if (s1_enabled && !dc) {
        t->fault = true;
        t->fsc = FSC_TRANSLATION_L0;
        return;
    }
    /* AArch64.TranslateAddressS1Off(): the VA must fit the PA size, else an address-size fault. */
    if (va >> PA_BITS) {
        t->fault = true;
        t->fsc = FSC_ADDR_SIZE_L0;
        return;
    }
    t->pa = va;
    t->device = acc != MMU_FETCH && !dc;
    if (stage1_regime_el10 && el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_VM)) {
        /* Stage 2 is the translation issue's; report a stage-2 translation fault meanwhile. */
        t->fault = true;
        t->fsc = FSC_TRANSLATION_L0;
        t->stage2 = true;
        t->ipa = va;
    }
}
