/* The slow path of guest memory accesses: alignment, translation, the bus, aborts, and the
 * refill of the fast TLB. */
#include "mem.h"

#include "../bus.h"
#include "../mmu/mmu.h"
#include "codecache.h"
#include "exception.h"
#include "machine.h"
#include "obs_emit.h"
#include "sysreg_bits.h"
#include "timing/runs.h"

static uint64_t regime_sctlr(const struct cpu *c, enum mmu_idx idx)
{
    return idx <= MMU_EL1 ? c->sr.sctlr_el1 : idx == MMU_EL2 ? c->sr.sctlr_el2 : c->sr.sctlr_el3;
}

/* Big-endian data (SCTLR_ELx.EE, and E0E for EL0): such accesses never use the fast TLB. */
static bool big_endian(const struct cpu *c, enum mmu_idx idx)
{
    uint64_t sctlr = regime_sctlr(c, idx);
    return idx == MMU_EL0 ? (sctlr & SCTLR_E0E) != 0 : (sctlr & SCTLR_EE) != 0;
}

static uint64_t byte_swap(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return __builtin_bswap16((uint16_t)v);
    case 4: return __builtin_bswap32((uint32_t)v);
    case 8: return __builtin_bswap64(v);
    default: return v;
    }
}

/* AArch64.FaultSyndrome() for a data abort: the instruction syndrome (ISV and the fields it
 * validates) only for a stage-2 fault on the access itself (not on a stage-1 walk), and only for
 * the single general-purpose-register forms the decoder marked; cache maintenance reports CM and
 * WnR = 1. Synchronous External aborts get ISV = 0 like every stage-1 fault (QEMU sets ISV on
 * some at EL2; the pseudocode does not). */
static uint32_t abort_iss(uint32_t desc, bool write, bool stage2, bool s1ptw)
{
    uint32_t iss = write ? ISS_WNR : 0;
    unsigned kind = desc & MEM_KIND_MASK;
    bool single = (desc & ISS_ISV) && kind != MEM_EXCLUSIVE && kind != MEM_PAIR;
    if (single && stage2 && !s1ptw)
        iss |= desc & 0x01ffc000u; /* ISV, SAS, SSE, SRT, SF, AR */
    if (desc & MEM_CM)
        iss |= 1u << 8 | ISS_WNR;
    return iss;
}

static void raise_data_abort(struct cpu *c, uint64_t va, uint32_t fsc, uint32_t desc, bool write,
                             const struct translation *t)
{
    bool stage2 = t && t->stage2;
    bool s1ptw = t && t->s1ptw;
    aarch64_data_abort(c, va, fsc, abort_iss(desc, write, stage2, s1ptw) | (s1ptw ? 1u << 7 : 0),
                       stage2, stage2, t ? t->ipa : 0);
}

/* AArch64.CheckAlignment(): SCTLR_ELx.A, and the accesses that must always be aligned. */
static bool alignment_required(const struct cpu *c, enum mmu_idx idx, uint32_t desc)
{
    unsigned kind = desc & MEM_KIND_MASK;
    if (kind == MEM_EXCLUSIVE || kind == MEM_ORDERED)
        return true;
    return (regime_sctlr(c, idx) & SCTLR_A) != 0;
}

/* Translate one access that does not cross a page; on failure the abort is taken. */
static bool translate_data(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, bool write,
                           uint32_t desc, bool aligned, struct translation *t)
{
    mmu_translate(c, idx, va, write ? MMU_WRITE : MMU_READ, t);
    if (t->fault) {
        raise_data_abort(c, va, t->fsc, desc, write, t);
        return false;
    }
    /* Device memory takes no unaligned access and no DC ZVA (AArch64.FirstStageTranslate). */
    if (t->device && (!aligned || (desc & MEM_KIND_MASK) == MEM_DC_ZVA)) {
        raise_data_abort(c, va, FSC_ALIGNMENT, desc, write, NULL);
        return false;
    }
    (void)size;
    return true;
}

static void fill_fast_tlb(struct cpu *c, enum mmu_idx idx, uint64_t va, struct bus_region *r,
                          uint64_t pa, bool write)
{
    if (big_endian(c, idx) || c->machine->instrumented_memory)
        return;
    uint64_t page_va = va & GUEST_PAGE_MASK;
    uint64_t page_pa = pa & GUEST_PAGE_MASK;
    if (page_pa < r->base || page_pa + GUEST_PAGE_SIZE > r->base + r->size)
        return; /* a region smaller than a page */
    uintptr_t addend = (uintptr_t)(r->ram + (page_pa - r->base)) - (uintptr_t)page_va;
    unsigned slot = (va >> GUEST_PAGE_BITS) & (FAST_TLB_SIZE - 1);
    if (UNLIKELY(c->machine->observers.nwatched) && machine_page_watched(c->machine, page_pa, write))
        return; /* watched: every such access must reach the slow path and its observers */
    if (write) {
        if (r->code && r->code[(page_pa - r->base) >> 12])
            return; /* decoded code lives here: stores must invalidate it */
        if (machine_page_reserved_by_other(c->machine, c, page_pa))
            return; /* another core's exclusive monitor watches this page: stores must clear it */
        c->tlb[idx].write[slot] = (struct fast_tlb_entry){ page_va, addend };
    } else {
        c->tlb[idx].read[slot] = (struct fast_tlb_entry){ page_va, addend };
    }
    cpu_fast_tlb_filled(c, idx);
}

static void emit_mem(struct cpu *c, enum obs_kind kind, uint64_t va, uint64_t pa, unsigned size, bool write,
                     uint64_t data)
{
    struct obs_event e;
    obs_fill_core(&e, kind, c);
    e.pc = c->machine->observers.insn_pc;
    e.u.mem.va = va;
    e.u.mem.pa = pa;
    e.u.mem.size = (uint8_t)size;
    e.u.mem.write = write;
    e.u.mem.data = size < 8 ? data & ((1ull << (8 * size)) - 1) : data;
    obs_deliver(c->machine, &e);
}

/* Tell the observers of every access (OBS_MEM) and those of watched pages (OBS_WATCH). */
static inline void observe_access(struct cpu *c, uint64_t va, uint64_t pa, unsigned size, bool write, uint64_t data)
{
    struct machine *m = c->machine;
    if (obs_wants(m, OBS_MEM))
        emit_mem(c, OBS_MEM, va, pa, size, write, data);
    if (obs_wants(m, OBS_WATCH) && machine_page_watched(m, pa, write))
        emit_mem(c, OBS_WATCH, va, pa, size, write, data);
}

/* One access that lies within a page and is aligned or allowed to be unaligned. */
static bool access_one(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, uint64_t *val, bool write,
                       uint32_t desc, bool aligned)
{
    struct translation t;
    if (!translate_data(c, idx, va, size, write, desc, aligned, &t))
        return false;
    struct bus *b = &c->machine->bus;
    struct bus_region *r = bus_find(b, t.pa);
    bool ok;
    if (r && r->ram && size <= r->size - (t.pa - r->base)) {
        uint8_t *host = r->ram + (t.pa - r->base);
        c->pipe.mem_host = (uintptr_t)host;
        if (write) {
            uint64_t v = big_endian(c, idx) ? byte_swap(*val, size) : *val;
            memcpy(host, &v, size);
            if (code_cache_holds(r, t.pa) && code_cache_decoded(r, t.pa, size))
                timing_sync_run(c); /* a pending run is issued before any of its instructions is forgotten */
            code_cache_invalidate(r, t.pa, size);
            machine_note_store(c->machine, c, t.pa, size);
        } else {
            uint64_t v = 0;
            memcpy(&v, host, size);
            *val = big_endian(c, idx) ? byte_swap(v, size) : v;
        }
        fill_fast_tlb(c, idx, va, r, t.pa, write);
        observe_access(c, va, t.pa, size, write, *val);
        return true;
    }
    timing_sync(c); /* a device may see the time */
    if (write) {
        uint64_t v = big_endian(c, idx) ? byte_swap(*val, size) : *val;
        ok = r && !r->ram && r->ops->write(r->opaque, t.pa - r->base, size, v, (struct bus_attrs){ .secure = !t.ns });
    } else {
        uint64_t v = 0;
        ok = r && !r->ram && r->ops->read(r->opaque, t.pa - r->base, size, &v, (struct bus_attrs){ .secure = !t.ns });
        if (ok)
            *val = big_endian(c, idx) ? byte_swap(v, size) : v;
    }
    if (!ok) {
        /* Nothing answers at this physical address: a synchronous External abort. */
        raise_data_abort(c, va, FSC_SYNC_EXTERNAL, desc, write, NULL);
        return false;
    }
    observe_access(c, va, t.pa, size, write, *val);
    return true;
}

static bool access_slow(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, uint64_t *val, bool write,
                        uint32_t desc)
{
    bool aligned = (va & (size - 1)) == 0;
    if (!aligned && alignment_required(c, idx, desc)) {
        raise_data_abort(c, va, FSC_ALIGNMENT, desc, write, NULL);
        return false;
    }
    if (aligned || (va & ~GUEST_PAGE_MASK) + size <= GUEST_PAGE_SIZE)
        return access_one(c, idx, va, size, val, write, desc, aligned);
    /* Unaligned across a page boundary: byte by byte, so each page is translated and checked. */
    uint64_t v = write ? *val : 0;
    bool be = big_endian(c, idx);
    for (unsigned n = 0; n < size; n++) {
        unsigned shift = 8 * (be ? size - 1 - n : n);
        uint64_t byte = (v >> shift) & 0xff;
        if (!access_one(c, idx, va + n, 1, &byte, write, desc, false))
            return false;
        if (!write)
            v |= byte << shift;
    }
    if (!write)
        *val = v;
    return true;
}

bool mem_read_slow(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, uint64_t *out, uint32_t desc)
{
    return access_slow(c, idx, va, size, out, false, desc);
}

bool mem_write_slow(struct cpu *c, enum mmu_idx idx, uint64_t va, unsigned size, uint64_t val, uint32_t desc)
{
    return access_slow(c, idx, va, size, &val, true, desc);
}

/* A 16-byte access is one access for the alignment rules (AArch64.CheckAlignment and the Device
 * memory check): misaligned to 16, it faults where an unaligned access is not allowed. */
static bool check_unaligned128(struct cpu *c, uint64_t va, uint32_t desc, bool write)
{
    enum mmu_idx idx = mem_idx(c, desc);
    if (alignment_required(c, idx, desc)) {
        raise_data_abort(c, va, FSC_ALIGNMENT, desc, write, NULL);
        return false;
    }
    struct translation t;
    return translate_data(c, idx, va, 16, write, desc, false, &t);
}

bool mem_read128(struct cpu *c, uint64_t va, uint64_t out[2], uint32_t desc)
{
    uint64_t lo, hi;
    if (UNLIKELY(va & 15) && !check_unaligned128(c, va, desc, false))
        return false;
    if (!mem_read(c, va, 8, &lo, desc) || !mem_read(c, va + 8, 8, &hi, desc))
        return false;
    bool be = big_endian(c, mem_idx(c, desc));
    out[0] = be ? hi : lo;
    out[1] = be ? lo : hi;
    return true;
}

bool mem_write128(struct cpu *c, uint64_t va, const uint64_t val[2], uint32_t desc)
{
    if (UNLIKELY(va & 15) && !check_unaligned128(c, va, desc, true))
        return false;
    bool be = big_endian(c, mem_idx(c, desc));
    return mem_write(c, va, 8, be ? val[1] : val[0], desc) && mem_write(c, va + 8, 8, be ? val[0] : val[1], desc);
}

/* The physical address of an exclusive access (translated with the access's own checks). */
static bool exclusive_pa(struct cpu *c, uint64_t va, unsigned size, bool write, uint32_t desc, uint64_t *pa)
{
    enum mmu_idx idx = mem_idx(c, desc);
    if (va & (size - 1)) {
        raise_data_abort(c, va, FSC_ALIGNMENT, desc, write, NULL);
        return false;
    }
    struct translation t;
    if (!translate_data(c, idx, va, size, write, desc, true, &t))
        return false;
    *pa = t.pa;
    return true;
}

static void set_exclusive_monitors(struct cpu *c, uint64_t va, uint64_t pa, unsigned size)
{
    c->excl_valid = true;
    c->excl_pa = pa;
    c->excl_va = va;
    c->excl_size = size;
    machine_note_reservation(c->machine, c, pa);
}

bool mem_load_exclusive(struct cpu *c, uint64_t va, unsigned size, uint64_t *out, uint32_t desc)
{
    uint64_t pa;
    if (!exclusive_pa(c, va, size, false, desc, &pa) || !mem_read(c, va, size, out, desc))
        return false;
    set_exclusive_monitors(c, va, pa, size);
    return true;
}

bool mem_load_exclusive_pair(struct cpu *c, uint64_t va, unsigned size, uint64_t out[2], uint32_t desc)
{
    uint64_t pa, lo, hi;
    /* The pair is one single-copy-atomic access of 2 * size bytes, aligned to that size. */
    if (!exclusive_pa(c, va, 2 * size, false, desc, &pa))
        return false;
    if (!mem_read(c, va, size, &lo, desc) || !mem_read(c, va + size, size, &hi, desc))
        return false;
    out[0] = lo;
    out[1] = hi;
    set_exclusive_monitors(c, va, pa, 2 * size);
    return true;
}

/* AArch64.ExclusiveMonitorsPass(): translation and alignment faults are taken even when the
 * monitor would fail; then the store happens only if this address is the one marked. */
static bool exclusive_monitors_pass(struct cpu *c, uint64_t va, unsigned size, uint32_t desc, bool *pass)
{
    uint64_t pa;
    if (!exclusive_pa(c, va, size, true, desc, &pa))
        return false;
    *pass = c->excl_valid && machine_exclusive_global_pass(c->machine, c, pa) && c->excl_pa == pa &&
            c->excl_size == size;
    return true;
}

bool mem_store_exclusive(struct cpu *c, uint64_t va, unsigned size, uint64_t val, uint32_t desc, uint32_t *status)
{
    bool pass;
    if (!exclusive_monitors_pass(c, va, size, desc, &pass))
        return false;
    if (pass && !mem_write(c, va, size, val, desc))
        return false;
    c->excl_valid = false;
    *status = pass ? 0 : 1;
    return true;
}

bool mem_store_exclusive_pair(struct cpu *c, uint64_t va, unsigned size, const uint64_t val[2], uint32_t desc,
                              uint32_t *status)
{
    bool pass;
    if (!exclusive_monitors_pass(c, va, 2 * size, desc, &pass))
        return false;
    if (pass && (!mem_write(c, va, size, val[0], desc) || !mem_write(c, va + size, size, val[1], desc)))
        return false;
    c->excl_valid = false;
    *status = pass ? 0 : 1;
    return true;
}

bool mem_dc_zva(struct cpu *c, uint64_t va)
{
    uint64_t base = va & ~63ull;
    /* Translate once with DC ZVA's own checks (Device memory faults); aborts report va. */
    struct translation t;
    if (!translate_data(c, c->mmu_idx, va, 1, true, MEM_DC_ZVA, true, &t))
        return false;
    for (unsigned n = 0; n < 64; n += 8)
        if (!mem_write(c, base + n, 8, 0, MEM_DC_ZVA))
            return false;
    return true;
}

bool sp_alignment_check_fails(const struct cpu *c, uint64_t sp)
{
    if (sp & 15) {
        uint64_t sctlr = regime_sctlr(c, c->mmu_idx);
        uint64_t bitm = c->pstate.el == EL0 ? SCTLR_SA0 : SCTLR_SA;
        return (sctlr & bitm) != 0;
    }
    return false;
}
