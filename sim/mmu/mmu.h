/* Address translation (Arm ARM D5, AArch64.TranslateAddress and the stage-1/stage-2 walks).
 *
 * This first version implements the translation of an EL with its stage-1 MMU off: a flat map
 * with the attributes the architecture gives (Device-nGnRnE data, Normal instruction fetches),
 * followed by stage 2 when HCR_EL2.VM is set. Stage-1 and stage-2 walks, the TLB, AT and TLBI
 * come with the translation issue; until then an enabled MMU is reported by translation faults
 * (level 0), never silently ignored.
 */
#ifndef A72SIM_MMU_MMU_H
#define A72SIM_MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "../cpu/cpu.h"

enum mmu_access { MMU_READ, MMU_WRITE, MMU_FETCH };

/* The outcome of a translation: a physical address and what the memory is, or a fault. */
struct translation {
    uint64_t pa;
    bool device;          /* Device memory: no unaligned accesses, no DC ZVA */
    bool fault;
    uint32_t fsc;         /* fault status code (exception.h) */
    bool stage2;          /* the fault is a stage-2 fault */
    bool s1ptw;           /* ... on a stage-1 table walk */
    uint64_t ipa;         /* the IPA of a stage-2 fault */
};

/* AArch64.TranslateAddress() for a virtual address in the regime of idx. */
void mmu_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t);

#endif
