/* Guest memory accesses by instructions: the fast TLB in front, translation and the bus behind.
 *
 * Every function returns true when the access completed and false when it raised an exception
 * (the core is then at the vector: the handler returns EXEC_JUMP). A handler must copy the insn
 * fields it needs before it stores: a store may overwrite (and so reset) its own instruction slot.
 *
 * desc describes the access for the slow path: its kind (MEM_*) and the syndrome bits a data abort
 * reports (ISV, SAS, SSE, SRT, SF, AR at their ISS positions), which the load/store decoder
 * precomputes into insn->aux with mem_syndrome().
 */
#ifndef A72SIM_CPU_MEM_H
#define A72SIM_CPU_MEM_H

#include <string.h>

#include "cpu.h"

/* Access kinds, in desc bits 3:0. */
#define MEM_NORMAL      0u
#define MEM_UNPRIV      1u  /* LDTR/STTR: EL0 permissions when executed at EL1 */
#define MEM_EXCLUSIVE   2u  /* must be aligned; ISV = 0 */
#define MEM_ORDERED     3u  /* load-acquire / store-release: must be aligned */
#define MEM_DC_ZVA      4u  /* DC ZVA: Device memory gives an alignment fault */
#define MEM_PAIR        5u  /* LDP/STP and SIMD: ISV = 0 */
#define MEM_KIND_MASK   0xfu
#define MEM_CM          (1u << 8)  /* cache maintenance: reported with ESR.CM (issue: translation) */

/* ISS fields of a data abort, at their ESR positions. */
#define ISS_ISV (1u << 24)
#define ISS_SSE (1u << 21)
#define ISS_SF  (1u << 15)
#define ISS_AR  (1u << 14)
#define ISS_WNR (1u << 6)
static inline uint32_t mem_syndrome(unsigned size_log2, bool sign_extend, unsigned rt, bool sf, bool acq_rel)
{
    return ISS_ISV | size_log2 << 22 | (sign_extend ? ISS_SSE : 0) | (rt & 31) << 16 | (sf ? ISS_SF : 0) |
           (acq_rel ? ISS_AR : 0);
}

bool mem_read_slow(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, uint64_t *out, uint32_t desc)
    WUR;
bool mem_write_slow(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, uint64_t val, uint32_t desc)
    WUR;

/* The translation context of an access: unprivileged accesses at EL1 use EL0's. */
static inline enum mmu_idx mem_idx(const struct cpu *c, uint32_t desc)
{
    return ((desc & MEM_KIND_MASK) == MEM_UNPRIV && c->mmu_idx == MMU_EL1) ? MMU_EL0 : c->mmu_idx;
}

/* Read size (1, 2, 4 or 8) bytes, zero-extended into *out. */
static inline WUR bool mem_read(struct cpu *c, uint64_t va, unsigned size, uint64_t *out, uint32_t desc)
{
    enum mmu_idx idx = mem_idx(c, desc);
    const struct fast_tlb_entry *e = &c->tlb[idx].read[(va >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
    if (LIKELY(e->tag == (va & (GUEST_PAGE_MASK | (size - 1))))) {
        const void *p = (const void *)(uintptr_t)(va + e->addend);
        c->pipe.mem_host = (uintptr_t)p; /* for the cache model (sim/timing/uarch.c) */
        switch (size) {
        case 1: *out = *(const uint8_t *)p; break;
        case 2: { uint16_t v; memcpy(&v, p, 2); *out = v; break; }
        case 4: { uint32_t v; memcpy(&v, p, 4); *out = v; break; }
        default: memcpy(out, p, 8); break;
        }
        return true;
    }
    return mem_read_slow(c, idx, va, size, out, desc);
}

/* Write the low size (1, 2, 4 or 8) bytes of val. */
static inline WUR bool mem_write(struct cpu *c, uint64_t va, unsigned size, uint64_t val, uint32_t desc)
{
    enum mmu_idx idx = mem_idx(c, desc);
    const struct fast_tlb_entry *e = &c->tlb[idx].write[(va >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
    if (LIKELY(e->tag == (va & (GUEST_PAGE_MASK | (size - 1))))) {
        c->pipe.mem_host = (uintptr_t)(va + e->addend);
        memcpy((void *)c->pipe.mem_host, &val, size);
        return true;
    }
    return mem_write_slow(c, idx, va, size, val, desc);
}

/* The host address of len bytes at va (within one page, va aligned to align) when every access of
 * align bytes to them would take mem_read's (mem_write's) fast path; NULL otherwise, and the caller
 * makes the accesses one by one. For block transfers such as LD1/ST1 (multiple structures). */
static inline const void *mem_fast_read_block(struct cpu *c, uint64_t va, uint64_t len, unsigned align,
                                              uint32_t desc)
{
    const struct fast_tlb_entry *e =
        &c->tlb[mem_idx(c, desc)].read[(va >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
    if (((va ^ (va + len - 1)) & GUEST_PAGE_MASK) || e->tag != (va & (GUEST_PAGE_MASK | (align - 1))))
        return NULL;
    c->pipe.mem_host = (uintptr_t)(va + e->addend);
    return (const void *)c->pipe.mem_host;
}

static inline void *mem_fast_write_block(struct cpu *c, uint64_t va, uint64_t len, unsigned align,
                                         uint32_t desc)
{
    const struct fast_tlb_entry *e =
        &c->tlb[mem_idx(c, desc)].write[(va >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1)];
    if (((va ^ (va + len - 1)) & GUEST_PAGE_MASK) || e->tag != (va & (GUEST_PAGE_MASK | (align - 1))))
        return NULL;
    c->pipe.mem_host = (uintptr_t)(va + e->addend);
    return (void *)c->pipe.mem_host;
}

/* 16-byte accesses (Q registers, pairs of X): two 8-byte halves at va and va + 8; no register is
 * written by the caller unless both halves succeed. */
bool mem_read128(struct cpu *c, uint64_t va, uint64_t out[2], uint32_t desc) WUR;
bool mem_write128(struct cpu *c, uint64_t va, const uint64_t val[2], uint32_t desc) WUR;

/* Exclusives (Arm ARM B2.9; AArch64.SetExclusiveMonitors / AArch64.ExclusiveMonitorsPass).
 * mem_load_exclusive reads and marks the location; mem_store_exclusive writes only when the
 * monitor passes and sets *status to 0 (stored) or 1 (failed); it always clears the monitor. */
bool mem_load_exclusive(struct cpu *c, uint64_t va, unsigned size, uint64_t *out, uint32_t desc) WUR;
bool mem_load_exclusive_pair(struct cpu *c, uint64_t va, unsigned size, uint64_t out[2], uint32_t desc) WUR;
bool mem_store_exclusive(struct cpu *c, uint64_t va, unsigned size, uint64_t val, uint32_t desc,
                         uint32_t *status) WUR;
bool mem_store_exclusive_pair(struct cpu *c, uint64_t va, unsigned size, const uint64_t val[2], uint32_t desc,
                              uint32_t *status) WUR;
/* CLREX */
static inline void mem_clear_exclusive(struct cpu *c) { c->excl_valid = false; }

/* DC ZVA: zero the naturally aligned 64-byte block that holds va. */
bool mem_dc_zva(struct cpu *c, uint64_t va) WUR;

/* Is the SP of an SP-based access misaligned with SCTLR_ELx.SA/SA0 set (then the caller raises
 * the SP alignment fault)? Checked only when the base register is SP. */
bool sp_alignment_check_fails(const struct cpu *c, uint64_t sp);

#endif
