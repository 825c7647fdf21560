/* The A72-shaped architectural TLB (see tlb.h). */
#include "tlb.h"

#include <inttypes.h>
#include <string.h>

static bool matches(const struct tlb_entry *e, const struct tlb_key *k)
{
    if (!e->valid || e->regime != k->regime || e->s1_on != k->s1_on)
        return false;
    if (((k->va ^ e->va) >> e->size_log2) != 0)
        return false;
    if (e->regime == TLB_EL10_NS && e->vmid != k->vmid)
        return false;
    if (e->regime <= TLB_EL10_S && !e->global && e->asid != k->asid)
        return false;
    return true;
}

static unsigned l2_set(uint64_t va)
{
    return (unsigned)(va >> 12) & (TLB_L2_SETS - 1);
}

/* Fill a micro-TLB in round-robin order (so that its contents depend only on its misses, not on
 * its hits); *evicted gets the entry displaced. */
static void l1_fill(struct tlb *t, const struct tlb_entry *e, bool fetch, struct tlb_entry *evicted)
{
    if (fetch) {
        *evicted = t->l1i[t->l1i_next];
        t->l1i[t->l1i_next] = *e;
        t->l1i_next = (t->l1i_next + 1) % TLB_L1I_ENTRIES;
    } else {
        *evicted = t->l1d[t->l1d_next];
        t->l1d[t->l1d_next] = *e;
        t->l1d_next = (t->l1d_next + 1) % TLB_L1D_ENTRIES;
    }
}

const struct tlb_entry *tlb_lookup(struct tlb *t, const struct tlb_key *k, bool fetch, bool *l1_hit,
                                   struct tlb_entry *l1_evicted)
{
    l1_evicted->valid = false;
    const struct tlb_entry *l1 = fetch ? t->l1i : t->l1d;
    unsigned n1 = fetch ? TLB_L1I_ENTRIES : TLB_L1D_ENTRIES;
    for (unsigned n = 0; n < n1; n++)
        if (matches(&l1[n], k)) {
            *l1_hit = true;
            return &l1[n];
        }
    struct tlb_entry *set = t->l2[l2_set(k->va)];
    for (unsigned w = 0; w < TLB_L2_WAYS; w++)
        if (matches(&set[w], k)) {
            *l1_hit = false;
            l1_fill(t, &set[w], fetch, l1_evicted);
            return &set[w];
        }
    return NULL;
}

static bool same_entry(const struct tlb_entry *a, const struct tlb_entry *b)
{
    return a->valid && b->valid && a->va == b->va && a->size_log2 == b->size_log2 && a->regime == b->regime &&
           a->vmid == b->vmid && a->asid == b->asid && a->global == b->global;
}

void tlb_insert(struct tlb *t, const struct tlb_entry *e, uint64_t access_va, bool fetch, struct tlb_entry *evicted,
                struct tlb_entry *l1_evicted)
{
    /* Sets are chosen by the accessed 4 KiB page, so a block may sit in several sets: each copy
     * covers the whole block, and a TLBI by address looks in every set that holds a block. */
    unsigned s = l2_set(access_va);
    struct tlb_entry *slot = &t->l2[s][t->l2_next[s]];
    t->l2_next[s] = (t->l2_next[s] + 1) % TLB_L2_WAYS;
    *evicted = *slot;
    if (evicted->valid && evicted->size_log2 > 12) {
        t->l2_large--;
        t->l2_large_in_set[s]--;
    }
    if (e->size_log2 > 12) {
        t->l2_large++;
        t->l2_large_in_set[s]++;
    }
    if (evicted->valid) {
        /* Not inclusive, but an entry the L2 drops must not live on in an L1. */
        for (unsigned n = 0; n < TLB_L1I_ENTRIES; n++)
            if (same_entry(&t->l1i[n], evicted))
                t->l1i[n].valid = false;
        for (unsigned n = 0; n < TLB_L1D_ENTRIES; n++)
            if (same_entry(&t->l1d[n], evicted))
                t->l1d[n].valid = false;
    }
    *slot = *e;
    slot->valid = true;
    l1_fill(t, slot, fetch, l1_evicted);
}

static bool covered(const struct tlb_entry *e, const struct tlbi_request *r)
{
    if (!e->valid || e->regime != r->regime)
        return false;
    bool vmid_ok = e->regime != TLB_EL10_NS || e->vmid == r->vmid;
    bool el10 = e->regime <= TLB_EL10_S;
    switch (r->scope) {
    case TLBI_ALL_REGIME:
        return true;
    case TLBI_VMID_ALL:
        return vmid_ok;
    case TLBI_VA_ASID:
        return vmid_ok && ((r->va ^ e->va) >> e->size_log2) == 0 && (!el10 || e->global || e->asid == r->asid);
    case TLBI_VA_ALL_ASID:
        return vmid_ok && ((r->va ^ e->va) >> e->size_log2) == 0;
    case TLBI_ASID:
        return vmid_ok && !e->global && e->asid == r->asid;
    case TLBI_IPA:
        return vmid_ok && !e->s1_on && e->s2_on && ((r->va ^ e->va) >> e->size_log2) == 0;
    }
    return false;
}

static bool remove_if_covered(struct tlb_entry *e, const struct tlbi_request *r, struct tlbi_result *res)
{
    if (!covered(e, r))
        return false;
    e->valid = false;
    res->removed++;
    if (e->size_log2 > 12)
        res->large = true;
    return true;
}

static void remove_l2_if_covered(struct tlb *t, unsigned set, unsigned way, const struct tlbi_request *r,
                                 struct tlbi_result *res)
{
    struct tlb_entry *e = &t->l2[set][way];
    if (remove_if_covered(e, r, res) && e->size_log2 > 12) {
        t->l2_large--;
        t->l2_large_in_set[set]--;
    }
}

struct tlbi_result tlb_invalidate(struct tlb *t, const struct tlbi_request *r)
{
    struct tlbi_result res = { 0, false };
    t->stats.invalidations++;
    bool by_address = r->scope == TLBI_VA_ASID || r->scope == TLBI_VA_ALL_ASID || r->scope == TLBI_IPA;
    /* The micro-TLBs: by address, only an entry whose block holds the address can be covered (the
     * cheap test first: most entries are other pages). */
    struct tlb_entry *l1[2] = { t->l1i, t->l1d };
    const unsigned l1_entries[2] = { TLB_L1I_ENTRIES, TLB_L1D_ENTRIES };
    for (unsigned k = 0; k < 2; k++)
        for (unsigned n = 0; n < l1_entries[k]; n++) {
            struct tlb_entry *e = &l1[k][n];
            if (!by_address || ((r->va ^ e->va) >> e->size_log2) == 0)
                (void)remove_if_covered(e, r, &res);
        }
    /* By address, a page entry that matches is in the set the address indexes; a larger one (a
     * block sits in the set of the page that filled it) may be in any set that holds one. */
    unsigned own = l2_set(r->va);
    if (by_address && !t->l2_large) {
        for (unsigned w = 0; w < TLB_L2_WAYS; w++)
            remove_l2_if_covered(t, own, w, r, &res);
        return res;
    }
    for (unsigned s = 0; s < TLB_L2_SETS; s++)
        if (!by_address || s == own || t->l2_large_in_set[s])
            for (unsigned w = 0; w < TLB_L2_WAYS; w++)
                remove_l2_if_covered(t, s, w, r, &res);
    return res;
}
