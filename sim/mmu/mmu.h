/* Address translation (Arm ARM D5; pseudocode AArch64.TranslateAddress, AArch64.FirstStageTranslate,
 * AArch64.SecondStageTranslate, AArch64.TranslationTableWalk, AArch64.CheckPermission,
 * AArch64.CheckS2Permission).
 *
 * The regimes of ARMv8.0: EL1&0 (stage 1 with TTBR0/TTBR1_EL1, then stage 2 when HCR_EL2.VM or DC),
 * EL2 and EL3 (stage 1 only). 4K and 64K granules (the A72 has no 16K: a TGx of 16K is treated as
 * 4K, one of the IMPLEMENTATION DEFINED choices the Arm ARM allows), every start level, concatenated
 * stage-2 start tables, blocks and pages, hierarchical permissions, memory types. Stage-1 descriptor
 * fetches of the EL1&0 regime go through stage 2, and a fault there is reported as a stage-2 fault
 * on a stage-1 walk (S1PTW) with the level of the stage-2 lookup that faulted.
 */
#ifndef A72SIM_MMU_MMU_H
#define A72SIM_MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "../cpu/cpu.h"
#include "tlb.h"

enum mmu_access { MMU_READ, MMU_WRITE, MMU_FETCH };

/* The outcome of a translation: a physical address and what the memory is, or a fault. */
struct translation {
    uint64_t pa;
    bool device;          /* Device memory (either stage): no unaligned accesses, no DC ZVA */
    uint8_t attr;         /* the combined memory attributes in MAIR format (for PAR_EL1) */
    uint8_t sh;           /* shareability, SH[1:0] */
    bool ns;              /* the output is Non-secure */
    uint8_t level;        /* the level of the leaf descriptor (of the last stage walked) */

    bool fault;
    uint32_t fsc;         /* fault status code with its level (exception.h) */
    bool stage2;          /* the fault is a stage-2 fault */
    bool s1ptw;           /* ... on a stage-1 table walk */
    uint64_t ipa;         /* the IPA of a stage-2 fault */
};

/* AArch64.TranslateAddress() for a virtual address in the regime of idx (idx MMU_EL0 checks EL0
 * permissions in the EL1&0 regime), through the core's TLB: a hit uses the cached entry (stale or
 * not), a miss walks and fills. Never raises an exception: the caller reports t->fault. */
void mmu_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, struct translation *t);

/* A fresh walk that neither uses nor fills the TLB (AT, debuggers, semihosting); stage1_only gives
 * the stage-1 result as AT S1E* does (its output is an IPA in the EL1&0 regime with stage 2 on). */
void mmu_walk(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, bool stage1_only,
              struct translation *t);
void mmu_translate_stage1(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc,
                          struct translation *t);

/* A TLBI operation executed by core c on the regime of regime_idx (MMU_EL1 for the *E1 forms,
 * MMU_EL2, MMU_EL3), with the current VMID and security state of c; xt is the operand register
 * (VA[55:12] in bits 43:0 and the ASID in bits 63:48, or IPA[47:12] in bits 35:0). The IS forms
 * broadcast to every core of the cluster. The fast TLBs lose what the TLBI removed. tlbi_name
 * ("VAE1IS", ...) is for observers. */
void mmu_tlbi(struct cpu *c, const char *tlbi_name, enum tlbi_scope scope, enum mmu_idx regime_idx, uint64_t xt,
              bool broadcast);

/* What a debug walk did, step by step, for the debugger's `translate` and `why` (sim/inspect): while
 * c->debug_access and c->walk_log are set, every walk (stage 1, and each stage-2 walk, including those
 * of stage-1 descriptor fetches) appends a start record, then one record per descriptor fetch. Walks
 * outside debug accesses never look at the log. */
enum mmu_walk_kind {
    MMU_WALK_START,      /* a walk begins: ia, table = the start table's address, level = start level */
    MMU_WALK_DESC,       /* a descriptor was read: table = its address (an IPA for stage 1 through
                            stage 2), pa = where it was read, desc = its value */
    MMU_WALK_NO_MEMORY,  /* the descriptor's PA is not RAM (external abort on the walk) */
    MMU_WALK_S2_FAULT,   /* the stage-2 translation of a stage-1 descriptor's IPA faulted (or HCR_EL2.PTW) */
};

struct mmu_walk_step {
    uint8_t kind;        /* enum mmu_walk_kind */
    bool stage2;
    int8_t level;
    uint8_t grain;       /* log2 of the granule (12 or 16) */
    uint8_t inputsize;   /* bits of input address (MMU_WALK_START) */
    uint64_t ia;         /* the address being translated */
    uint64_t table;
    uint64_t pa;
    uint64_t desc;
};

#define MMU_WALK_LOG_MAX 64
struct mmu_walk_log {
    unsigned count;      /* records kept (at most MMU_WALK_LOG_MAX; further ones are dropped) */
    struct mmu_walk_step step[MMU_WALK_LOG_MAX];
};

/* AArch64.S2Translate of an IPA alone (stage 2 of the EL1&0 regime as it is configured now, whether
 * or not HCR_EL2.VM is set), with its permission check: for debuggers (set c->debug_access). */
void mmu_walk_stage2(struct cpu *c, uint64_t ipa, enum mmu_access acc, struct translation *t);

/* The physical address size of the A72: 44 bits (ID_AA64MMFR0_EL1.PARange = 0b0100). */
#define MMU_PA_BITS 44

#endif
