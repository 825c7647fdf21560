/* The system-register table: the areas' rows gathered into one index sorted by encoding. */
#include "sysreg.h"

#include <stdlib.h>
#include <strings.h>

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

void sysreg_set(struct cpu *c, const struct sysreg_info *r, uint64_t value)
{
    if (r->flags & SYSREG_INSN)
        return;
    value = (value & ~r->res0) | r->res1;
    if (r->write)
        (void)r->write(c, r, value);
    else
        *sysreg_storage(c, r) = value;
    if (r->flags & SYSREG_FLUSH_TLB)
        cpu_flush_fast_tlb(c);
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
