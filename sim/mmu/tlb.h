/* The architectural TLB of one core, shaped like the Cortex-A72's: L1 instruction and data
 * micro-TLBs (48 and 32 entries, fully associative) in front of a unified L2 TLB (1024 entries,
 * 4-way set associative). Entries hold complete stage-1+2 results, tagged by translation regime,
 * security state, VMID, ASID and the nG bit, and stay until a TLBI removes them or a newer entry
 * replaces them — as on silicon, a hypervisor that forgets a TLBI sees the stale translation.
 *
 * Simplifications (documented in the README): the L1s are looked up first and filled from the L2
 * (not inclusive: an L2 eviction also drops the L1 copies); replacement is round-robin. Entries
 * made while stage 1 is off but stage 2 on are stage-2-only entries (IPA = VA): only such entries
 * match while stage 1 stays off, and TLBI IPAS2E1 removes them. No walk cache is modelled, so
 * combined stage-1+2 entries survive IPAS2E1, as the Arm ARM allows: a hypervisor must follow it
 * with TLBI VMALLE1.
 */
#ifndef A72SIM_MMU_TLB_H
#define A72SIM_MMU_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Translation contexts an entry belongs to. */
enum tlb_regime { TLB_EL10_NS, TLB_EL10_S, TLB_EL2, TLB_EL3 };

/* The cached result of a successful walk: enough to check any later access's permissions. */
struct tlb_entry {
    uint64_t va;            /* input address of the block's start */
    uint64_t pa;            /* output address of the block's start */
    uint64_t ipa;           /* stage-1 output of the block's start (stage-2 fault reports) */
    uint64_t s1_desc;       /* stage-1 leaf descriptor (0 when stage 1 is off) */
    uint64_t s2_desc;       /* stage-2 leaf descriptor (0 when stage 2 is off) */
    uint8_t size_log2;      /* the block size covered (the smaller of the two stages') */
    uint8_t regime;         /* enum tlb_regime */
    uint8_t vmid;
    uint8_t s1_level, s2_level;
    uint8_t table_bits;     /* stage-1 hierarchical APTable/XNTable/PXNTable/NSTable, see mmu.c */
    uint8_t attr, sh;
    uint16_t asid;
    bool global, valid, s1_on, s2_on, ns;
};

#define TLB_L1I_ENTRIES 48
#define TLB_L1D_ENTRIES 32
#define TLB_L2_SETS 256
#define TLB_L2_WAYS 4

/* What the TLB counts. A micro-TLB miss is looked up in the L2 TLB on every access (the host's fast
 * TLB serves only what the micro-TLBs hold), so l2_hits and misses are the model's; l1_hits counts
 * only the micro-TLB hits the fast TLB did not serve first, which depend on the host's fast TLB
 * (and on --check-tlb): no statistic reports them. */
struct tlb_stats {
    uint64_t l1_hits, l2_hits, misses, walks;
    uint64_t descriptor_fetches[2][4];      /* [stage-1/stage-2][level] */
    uint64_t invalidations;                 /* TLBI operations that reached this core */
    uint64_t l2_hits_by_vmid[256], misses_by_vmid[256]; /* micro-TLB misses that hit, or missed, the L2 */
};

struct tlb {
    struct tlb_entry l1i[TLB_L1I_ENTRIES], l1d[TLB_L1D_ENTRIES];
    struct tlb_entry l2[TLB_L2_SETS][TLB_L2_WAYS];
    unsigned l1i_next, l1d_next, l2_next[TLB_L2_SETS];
    unsigned l2_large;      /* valid L2 entries covering more than a 4 KiB page (blocks, 64K pages) */
    uint8_t l2_large_in_set[TLB_L2_SETS]; /* ... in each set: a TLBI by address visits the set its
                               address indexes and the sets that hold such entries */
    struct tlb_stats stats;
};

/* The lookup key of an access. */
struct tlb_key {
    uint64_t va;
    uint8_t regime, vmid;
    uint16_t asid;
    bool s1_on;             /* stage 1 enabled: entries made with it off are stage-2-only (IPA = VA) */
};

/* Find the entry translating key->va; NULL on a miss. *l1_hit tells which level hit. An L2 hit
 * fills the fetch or data micro-TLB: *l1_evicted gets a copy of the entry that fill displaced
 * (l1_evicted->valid tells whether there was one; always false on an L1 hit or a miss). */
const struct tlb_entry *tlb_lookup(struct tlb *t, const struct tlb_key *k, bool fetch, bool *l1_hit,
                                   struct tlb_entry *l1_evicted);
/* Insert a walk's result for an access at access_va; *evicted gets a copy of the L2 entry it
 * displaced and *l1_evicted of the micro-TLB entry (valid tells whether there was one). */
void tlb_insert(struct tlb *t, const struct tlb_entry *e, uint64_t access_va, bool fetch, struct tlb_entry *evicted,
                struct tlb_entry *l1_evicted);

/* The TLBI operations of ARMv8.0 (AArch64), by their scope. */
enum tlbi_scope {
    TLBI_ALL_REGIME,       /* ALLE2, ALLE3, ALLE1 (all VMIDs) */
    TLBI_VMID_ALL,         /* VMALLE1, VMALLS12E1: everything of one VMID */
    TLBI_VA_ASID,          /* VAE1, VALE1, VAE2/3, VALE2/3: one VA, one ASID or global */
    TLBI_VA_ALL_ASID,      /* VAAE1, VAALE1: one VA, every ASID */
    TLBI_ASID,             /* ASIDE1: non-global entries of one ASID */
    TLBI_IPA,              /* IPAS2E1, IPAS2LE1: stage-2-only entries by IPA */
};

struct tlbi_request {
    enum tlbi_scope scope;
    uint8_t regime;        /* enum tlb_regime */
    uint8_t vmid;
    uint16_t asid;
    uint64_t va;           /* the VA (or IPA) given */
};

/* What a TLBI removed, for the fast TLB in front: how many entries, and whether any covered more
 * than one 4 KiB page. */
struct tlbi_result {
    unsigned removed;
    bool large;
};

/* Remove the entries a TLBI operation covers. */
struct tlbi_result tlb_invalidate(struct tlb *t, const struct tlbi_request *r);

#endif
