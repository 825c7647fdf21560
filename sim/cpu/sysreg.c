/* The system-register table: the areas' rows gathered into one index sorted by encoding. */
#include "sysreg.h"

#include <stdlib.h>
#include <strings.h>

#include "machine.h"
#include "obs_emit.h"

static const struct sysreg_area *const sysreg_areas[] = {
    &sysreg_area_special, &sysreg_area_id,    &sysreg_area_el1,   &sysreg_area_el2,   &sysreg_area_el3,
    &sysreg_area_debug,   &sysreg_area_pmu,   &sysreg_area_timer, &sysreg_area_impdef, &sysreg_area_sys, &sysreg_area_gic,
};
#define AREA_COUNT (sizeof(sysreg_areas) / sizeof(sysreg_areas[0]))

/* Every row, sorted by key; built on first use. */
static const struct sysreg_info **sorted;
static unsigned sorted_count;

static int compare_rows(const void *a, const void *b)
{
    const struct sysreg_info *x = *(const struct sysreg_info *const *)a;
    const struct sysreg_info *y = *(const struct sysreg_info *const *)b;
    return (x->key > y->key) - (x->key < y->key);
}

static void build_index(void)
{
    unsigned n = 0;
    for (unsigned a = 0; a < AREA_COUNT; a++)
        n += sysreg_areas[a]->count;
    const struct sysreg_info **rows = malloc(n * sizeof(*rows));
    if (!rows)
        abort(); /* a few KiB at start-up */
    n = 0;
    for (unsigned a = 0; a < AREA_COUNT; a++)
        for (unsigned r = 0; r < sysreg_areas[a]->count; r++)
            rows[n++] = &sysreg_areas[a]->rows[r];
    qsort(rows, n, sizeof(*rows), compare_rows);
    sorted_count = n;
    sorted = rows;
}

static inline void ensure_index(void)
{
    if (UNLIKELY(!sorted))
        build_index();
}

const struct sysreg_info *sysreg_lookup(uint32_t key)
{
    ensure_index();
    unsigned lo = 0, hi = sorted_count;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (sorted[mid]->key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sorted_count && sorted[lo]->key == key ? sorted[lo] : NULL;
}

const struct sysreg_info *sysreg_by_name(const char *name)
{
    ensure_index();
    for (unsigned n = 0; n < sorted_count; n++)
        if (strcasecmp(sorted[n]->name, name) == 0)
            return sorted[n];
    return NULL;
}

void sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg)
{
    ensure_index();
    for (unsigned n = 0; n < sorted_count; n++)
        fn(sorted[n], arg);
}

void sysreg_reset(struct cpu *c)
{
    ensure_index();
    for (unsigned n = 0; n < sorted_count; n++) {
        const struct sysreg_info *r = sorted[n];
        if (r->flags & (SYSREG_INSN | SYSREG_NO_STORAGE))
            continue;
        uint64_t v = r->reset_fn ? r->reset_fn(c) : r->reset;
        *sysreg_storage(c, r) = (v & ~r->res0) | r->res1;
    }
}

uint64_t sysreg_get(struct cpu *c, const struct sysreg_info *r)
{
    if (r->flags & SYSREG_INSN)
        return 0;
    return r->read ? r->read(c, r) : *sysreg_storage(c, r);
}

/* The fast-TLB contexts a write of r from old to new can make stale (bit n = enum mmu_idx n): only
 * the regime whose translation the register controls, and only when a bit that matters changed. */
static unsigned stale_fast_tlb_contexts(const struct sysreg_info *r, uint64_t old, uint64_t new)
{
    uint64_t changed = old ^ new;
    if (!(r->flags & SYSREG_FLUSH_TLB) || !changed)
        return 0;
    switch (r->key) {
    case SYSREG_KEY(3, 4, 1, 1, 0): /* HCR_EL2: stage 2, walks to Device, DC, TGE, CD, ID */
        return changed & (HCR_EL2_VM | HCR_EL2_PTW | HCR_EL2_DC | HCR_EL2_TGE | HCR_EL2_CD | HCR_EL2_ID)
                   ? MMU_IDX_MASK_EL10 : 0;
    case SYSREG_KEY(3, 4, 2, 1, 0): /* VTTBR_EL2 */
    case SYSREG_KEY(3, 4, 2, 1, 2): /* VTCR_EL2 */
        return MMU_IDX_MASK_EL10;
    case SYSREG_KEY(3, 6, 1, 1, 0): /* SCR_EL3: the Security state below EL3, secure fetch */
        return changed & (SCR_EL3_NS | SCR_EL3_SIF) ? MMU_IDX_MASK_ALL : 0;
    }
    switch (sysreg_key_op1(r->key)) {
    case 0: return MMU_IDX_MASK_EL10; /* SCTLR/TTBR0/TTBR1/TCR/MAIR_EL1 */
    case 4: return 1u << MMU_EL2;     /* SCTLR/TTBR0/TCR/MAIR_EL2 */
    case 6: return 1u << MMU_EL3;     /* SCTLR/TTBR0/TCR/MAIR_EL3 */
    default: return MMU_IDX_MASK_ALL;
    }
}

static void emit_sysreg_write(struct cpu *c, const struct sysreg_info *r, uint64_t old, uint64_t new)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_SYSREG_WRITE, c);
    e.u.sysreg.encoding = r->key;
    e.u.sysreg.name = r->name;
    e.u.sysreg.old_value = old;
    e.u.sysreg.new_value = new;
    obs_deliver(c->machine, &e);
}

static void emit_vm_switch(struct cpu *c, uint64_t old_vttbr, uint64_t vttbr)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_VM_SWITCH, c);
    e.u.vm.old_vmid = (uint16_t)((old_vttbr >> 48) & 0xff);
    e.u.vm.new_vmid = (uint16_t)((vttbr >> 48) & 0xff);
    e.u.vm.vttbr = vttbr;
    obs_deliver(c->machine, &e);
}

bool sysreg_write(struct cpu *c, const struct sysreg_info *r, uint64_t value)
{
    if (r->flags & SYSREG_INSN)
        return false;
    value = (value & ~r->res0) | r->res1;
    bool stored = !(r->flags & SYSREG_NO_STORAGE);
    uint64_t old = stored ? *sysreg_storage(c, r) : 0;
    bool end_block = false;
    if (r->write)
        end_block = r->write(c, r, value);
    else
        *sysreg_storage(c, r) = value;
    uint64_t now = stored ? *sysreg_storage(c, r) : value;
    unsigned stale = stored ? stale_fast_tlb_contexts(r, old, now) : MMU_IDX_MASK_ALL * !!(r->flags & SYSREG_FLUSH_TLB);
    if (stale)
        cpu_flush_fast_tlb_contexts(c, stale);
    if (r->flags & (SYSREG_END_BLOCK | SYSREG_FLUSH_TLB)) {
        cpu_update_derived(c);
        end_block = true;
    }
    struct machine *m = c->machine;
    if (obs_wants(m, OBS_SYSREG_WRITE))
        emit_sysreg_write(c, r, old, now);
    if (r->key == SYSREG_KEY(3, 4, 2, 1, 0) && ((old ^ now) >> 48 & 0xff) && obs_wants(m, OBS_VM_SWITCH))
        emit_vm_switch(c, old, now);
    return end_block;
}

void sysreg_set(struct cpu *c, const struct sysreg_info *r, uint64_t value)
{
    (void)sysreg_write(c, r, value);
}

uint64_t sysreg_read_const(struct cpu *c, const struct sysreg_info *r)
{
    (void)c;
    return r->reset;
}

uint64_t sysreg_effective_mdcr_el2(const struct cpu *c)
{
    if (!el2_enabled(c))
        return 0;
    uint64_t mdcr = c->sr.mdcr_el2;
    if ((mdcr & MDCR_EL2_TDE) || (c->sr.hcr_el2 & HCR_EL2_TGE))
        mdcr |= MDCR_EL2_TDE | MDCR_EL2_TDA | MDCR_EL2_TDOSA | MDCR_EL2_TDRA;
    return mdcr;
}
