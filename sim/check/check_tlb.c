/* Checks tlb and bbm: the translation tables the walks read, and how the guest changes them.
 *   tlb: a TLB hit that a fresh walk contradicts (a TLBI is missing: sim/mmu/mmu.c compares them);
 *        a TLBI relied on (a data access it may affect, in the same regime) before a DSB completed it;
 *        a store to a live table followed by a TLBI with no DSB between them, while the TLBI's
 *        regime translates.
 *   bbm: a valid descriptor replaced by another valid one that differs in output address, block or
 *        table, memory type, shareability, nG or the contiguous hint (break-before-make). */
#include "check_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bus.h"

#define RULE_STALE "Arm ARM D5.10 (TLB maintenance requirements): a translation stays in the TLB until a TLBI removes it"
#define RULE_TLBI_DSB "Arm ARM D5.10.2 (TLB maintenance instructions): a TLBI is complete only after a following " \
                      "DSB; accesses before that DSB may still use the old translation"
#define RULE_TABLE_DSB "Arm ARM D5.10.2 (ordering of translation table updates): a store to a translation table " \
                       "must be completed by a DSB before the TLBI that relies on it (STR; DSB ISHST; TLBI; DSB; ISB)"
#define RULE_BBM "Arm ARM D5.10.1 (using break-before-make when updating translation table entries): changing the " \
                 "memory type, shareability, block size, or the output address of a writable entry needs an " \
                 "invalid descriptor, DSB, TLBI, DSB, then the new descriptor"

/* ---- the set of live table pages ---- */

struct table_page *check_table_page(const struct page_set *t, uint64_t pa)
{
    return page_set_find(t, pa >> 12);
}

static struct table_page *add_table_page(struct page_set *t, uint64_t pa, int level, bool stage2)
{
    struct table_page *p = page_set_add(t, pa >> 12, sizeof(*p));
    if (p) {
        p->level = (int8_t)level;
        p->stage2 = stage2;
    }
    return p;
}

void check_note_descriptor(struct cpu *c, uint64_t pa, int level, bool stage2, uint64_t desc)
{
    struct check_state *s = c->machine->checks;
    if (!s)
        return;
    struct table_page *p = check_table_page(&s->tables, pa);
    if (!p && !(p = add_table_page(&s->tables, pa, level, stage2)))
        return;
    unsigned i = (unsigned)(pa >> 3) & 511;
    p->shadow[i] = desc;
    p->known[i / 64] |= 1ull << (i % 64);
}

void check_report_stale_tlb(struct cpu *c, unsigned vmid, unsigned asid, uint64_t va, bool tlb_fault, uint64_t tlb_pa,
                            bool walk_fault, uint64_t walk_pa, uint32_t walk_fsc)
{
    struct check_state *s = c->machine->checks;
    if (!s)
        return;
    char now[64], what[256];
    if (walk_fault)
        snprintf(now, sizeof now, "a fault (FSC 0x%02x)", walk_fsc);
    else
        snprintf(now, sizeof now, "PA 0x%" PRIx64, walk_pa);
    snprintf(what, sizeof what, "stale TLB entry used: VA 0x%" PRIx64 " ASID %u VMID %u: the TLB gives %s0x%" PRIx64
             ", the tables now give %s (a TLBI is missing after a descriptor change)",
             va, asid, vmid, tlb_fault ? "a fault, " : "PA ", tlb_pa, now);
    char evidence[160] = "";
    uint64_t pc = s->m->observers.insn_pc;
    check_report(s, CHECK_TLB, c->index, pc, what, RULE_STALE, evidence);
}

/* ---- tlb: TLBI completion and table stores ---- */

/* The regime a TLBI operation names: 1 (…E1, S12E1), 2 (…E2), 3 (…E3). */
static unsigned tlbi_regime(const char *op)
{
    const char *e = strstr(op, "E1") ? "1" : strstr(op, "E2") ? "2" : "3";
    return (unsigned)(*e - '0');
}

static unsigned access_regime(unsigned el) { return el <= 1 ? 1 : el; }

/* Stage 1 (or stage 2) of the regime is on: its TLB entries matter to an access. */
static bool regime_translates(const struct cpu *c, unsigned regime)
{
    switch (regime) {
    case 1: return (c->sr.sctlr_el1 & 1) || (c->sr.hcr_el2 & 1);
    case 2: return c->sr.sctlr_el2 & 1;
    default: return c->sr.sctlr_el3 & 1;
    }
}

void check_tlb_event(struct check_state *s, const struct obs_event *e)
{
    if (e->cpu < 0)
        return;
    struct tlb_core *t = &s->tlb[e->cpu];
    struct cpu *c = s->m->cpus[e->cpu];
    switch (e->kind) {
    case OBS_INSN:
        if (A64_IS_DSB(e->u.insn.opcode))
            t->store_pending = t->tlbi_pending = false;
        break;
    case OBS_EXCEPTION:
        /* The handler's accesses are not what the TLBI's sequence meant to rely on: only the code
         * that issued it is held to its DSB. */
        t->tlbi_pending = false;
        break;
    case OBS_MEM: {
        if (e->u.mem.write && !t->store_pending && check_table_page(&s->tables, e->u.mem.pa)) {
            t->store_pending = true;
            t->store_pc = e->pc;
            t->store_pa = e->u.mem.pa;
        }
        if (!t->tlbi_pending)
            break;
        unsigned r = access_regime(e->el);
        if (r != t->tlbi_regime || (r == 1 && e->vmid != t->tlbi_vmid) || !regime_translates(c, r))
            break;
        if (t->tlbi_by_va && (e->u.mem.va >> 12) != (t->tlbi_va >> 12))
            break;
        char what[200], evidence[160];
        snprintf(what, sizeof what, "%s of VA 0x%" PRIx64 " relies on TLBI %s before a DSB completed it",
                 e->u.mem.write ? "store" : "load", e->u.mem.va, t->tlbi_op);
        snprintf(evidence, sizeof evidence, "TLBI %s at pc 0x%" PRIx64 ", no DSB since", t->tlbi_op, t->tlbi_pc);
        check_report(s, CHECK_TLB, e->cpu, e->pc, what, RULE_TLBI_DSB, evidence);
        t->tlbi_pending = false;
        break;
    }
    case OBS_TLBI: {
        if (e->u.tlbi.broadcast)
            break; /* the issuing core's DSB completes it, not this core's */
        uint64_t pc = check_insn_pc(s, e);
        /* With the regime's MMU off no walk can load the old descriptor between the store and the
         * TLBI (as when a hypervisor builds its tables, then flushes the TLB before turning on the
         * MMU): the rule binds only while the regime translates. */
        if (t->store_pending && regime_translates(c, tlbi_regime(e->u.tlbi.op))) {
            char what[200], evidence[160];
            snprintf(what, sizeof what, "TLBI %s after a translation table store not completed by a DSB",
                     e->u.tlbi.op);
            snprintf(evidence, sizeof evidence, "store to the table entry at PA 0x%" PRIx64 " at pc 0x%" PRIx64
                     ", no DSB since", t->store_pa, t->store_pc);
            check_report(s, CHECK_TLB, e->cpu, pc, what, RULE_TABLE_DSB, evidence);
            t->store_pending = false;
        }
        const char *op = e->u.tlbi.op;
        if (strncmp(op, "IPAS2", 5) == 0)
            break; /* by IPA: no data access names an IPA */
        t->tlbi_pending = true;
        t->tlbi_pc = pc;
        t->tlbi_op = op;
        t->tlbi_regime = (uint8_t)tlbi_regime(op);
        t->tlbi_vmid = e->vmid;
        t->tlbi_by_va = op[0] == 'V' && op[1] == 'A';
        t->tlbi_va = (e->u.tlbi.arg & 0xfffffffffffull) << 12;
        if (t->tlbi_regime == 1 && ((t->tlbi_va >> 55) & 1))
            t->tlbi_va |= 0xff00000000000000ull;
        break;
    }
    default:
        break;
    }
}

/* ---- bbm ---- */

/* The fields whose change needs break-before-make whatever the permissions: memory type (AttrIndx,
 * or stage 2 MemAttr), shareability, nG (stage 1) and the contiguous hint. */
static uint64_t bbm_attr_fields(bool stage2)
{
    return (3ull << 8) | (1ull << 52) | (stage2 ? 0xfull << 2 : (7ull << 2) | (1ull << 11));
}

/* A change of output address needs it when the old or the new entry is writable (AP[2] = 0 at
 * stage 1, S2AP[1] = 1 at stage 2). */
static bool writable(uint64_t d, bool stage2)
{
    return stage2 ? (d >> 7) & 1 : !((d >> 7) & 1);
}

static const char *desc_kind(uint64_t d, int level)
{
    return level == 3 ? "page" : (d & 2) ? "table" : "block";
}

void check_bbm_event(struct check_state *s, const struct obs_event *e)
{
    if (!e->u.mem.write || e->cpu < 0)
        return;
    struct table_page *p = check_table_page(&s->tables, e->u.mem.pa);
    if (!p)
        return;
    uint64_t pa = e->u.mem.pa & ~7ull;
    const uint8_t *host = bus_ram_ptr(&s->m->bus, pa, 8);
    if (!host)
        return;
    uint64_t now;
    memcpy(&now, host, 8);
    unsigned i = (unsigned)(pa >> 3) & 511;
    bool known = p->known[i / 64] >> (i % 64) & 1;
    uint64_t old = p->shadow[i];
    uint64_t old_pc = p->writer_pc[i];
    int old_cpu = p->writer_cpu[i];
    p->shadow[i] = now;
    p->known[i / 64] |= 1ull << (i % 64);
    p->writer_pc[i] = e->pc;
    p->writer_cpu[i] = (int8_t)e->cpu;
    if (!known || !(old & 1) || !(now & 1) || old == now)
        return;
    bool type_change = p->level < 3 && ((old ^ now) & 2);
    bool leaf = p->level == 3 || !(old & 2);
    bool oa_change = ((old ^ now) & 0x0000fffffffff000ull) && (writable(old, p->stage2) || writable(now, p->stage2));
    bool attr_change = (old ^ now) & bbm_attr_fields(p->stage2);
    if (!type_change && (!leaf || (!oa_change && !attr_change)))
        return;
    char what[256], evidence[200];
    const char *changed = type_change ? "block/table" : oa_change ? "output address of a writable entry"
                                                                  : "memory type, shareability, nG or contiguous hint";
    snprintf(what, sizeof what, "valid stage-%d level-%d %s descriptor at PA 0x%" PRIx64 " replaced by a valid %s "
             "(%s changed: 0x%" PRIx64 " -> 0x%" PRIx64 ") without break-before-make",
             p->stage2 ? 2 : 1, p->level, desc_kind(old, p->level), pa, desc_kind(now, p->level), changed, old, now);
    if (old_pc)
        snprintf(evidence, sizeof evidence, "the old descriptor was written at pc 0x%" PRIx64 " (cpu%d) and is still "
                 "valid: no invalid descriptor was written between", old_pc, old_cpu);
    else
        snprintf(evidence, sizeof evidence, "a table walk read the old descriptor, valid, and no invalid descriptor "
                 "was written since");
    check_report(s, CHECK_BBM, e->cpu, e->pc, what, RULE_BBM, evidence);
}
