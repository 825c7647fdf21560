/* What the check families share: the registry's state, the report function and the instruction
 * encodings they recognise. */
#ifndef A72SIM_CHECK_INTERNAL_H
#define A72SIM_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../machine.h"
#include "../observe.h"
#include "check.h"

/* ---- translation table pages seen by walks (tlb, bbm) ---- */
struct table_page {
    uint64_t page;              /* pa >> 12 */
    int8_t level;               /* level of the table (the first descriptor fetched from it) */
    bool stage2;
    uint64_t known[8];          /* entries whose shadow holds the value in memory */
    uint64_t shadow[512];
    uint64_t writer_pc[512];    /* PC of the last store to each entry (0: none seen) */
    int8_t writer_cpu[512];
};

/* Records kept per page of physical memory, found by page number (page_set.c). Each record's first
 * member is its uint64_t page. */
struct page_set {
    void **slots;               /* open addressing on page (NULL: empty) */
    size_t cap, count;
};
/* The record of page, or NULL. */
void *page_set_find(const struct page_set *s, uint64_t page);
/* A new zeroed record of size bytes for page (not yet in s); NULL when host memory is short. */
void *page_set_add(struct page_set *s, uint64_t page, size_t size);
void page_set_free(struct page_set *s);

/* ---- per core ---- */
struct tlb_core {
    bool store_pending;         /* a store to a live table since the last DSB */
    uint64_t store_pc, store_pa;
    bool tlbi_pending;          /* a TLBI not yet completed by a DSB */
    uint64_t tlbi_pc, tlbi_va;
    const char *tlbi_op;
    uint8_t tlbi_regime;        /* 1 EL1&0, 2 EL2, 3 EL3 */
    uint16_t tlbi_vmid;
    bool tlbi_by_va;
};

enum sync_dep { DEP_EL1_REGIME, DEP_EL2_REGIME, DEP_EL3_REGIME, DEP_STAGE2, DEP_FP_EL1, DEP_FP_EL2, DEP_ICC,
                DEP_COUNT };

struct sync_core {
    uint32_t pending;           /* 1u << DEP_*: written, no context synchronisation event since */
    uint64_t pc[DEP_COUNT];
    const char *reg[DEP_COUNT];
    uint8_t el[DEP_COUNT];      /* the EL of the write */
};

/* ---- cache: lines written by stores, and their maintenance ---- */
enum line_state { LINE_CLEAN, LINE_WRITTEN, LINE_DC_ISSUED, LINE_DC_DONE, LINE_IC_ISSUED, LINE_IC_DONE };

struct code_page {
    uint64_t page;              /* pa >> 12 */
    uint8_t state[64];          /* enum line_state of each 64-byte line */
    uint16_t written[64];       /* the words of each line written since it was last clean */
    uint64_t store_pc;          /* the last store to the page */
    int8_t store_cpu;
};

struct line_ref { struct code_page *p; uint8_t line; };

struct line_list {
    struct line_ref *v;
    size_t n, cap;
    bool overflow;
};

struct cache_core {
    struct line_list issued;    /* DC/IC issued, waiting for this core's DSB */
    uint64_t va_page;           /* the last page executed: its VA, EL, and what it holds */
    uint8_t el;
    bool valid;
    struct code_page *page;
    uint64_t gen;
};

/* An instruction executed after being written, before the maintenance: reported unless maintenance
 * of its line follows (software that patches code it may be running, as Linux's ftrace does,
 * executes the old or the new instruction and then maintains the line). */
struct cache_suspect {
    struct code_page *p;
    uint8_t line;
    int8_t cpu, store_cpu;
    uint32_t opcode;
    uint64_t pc, store_pc;
    const char *missing;
};

struct cache_state {
    struct cache_suspect *suspects;
    size_t nsuspects, cap_suspects;
    struct page_set pages;      /* struct code_page */
    uint64_t gen;               /* bumped when a page is added: per-core lookups go stale */
    struct line_list dc_done;   /* lines that entered LINE_DC_DONE: what IC IALLU(IS) looks at */
    struct line_list ic_done;   /* lines waiting for an ISB */
};

/* ---- gic ---- */
struct gic_core {
    bool maint_acked;           /* the maintenance interrupt acknowledged, not yet EOId */
    bool maint_handled;         /* ... and an ICH_ register written since */
};

struct gic_check {
    bool rwp_pending;           /* GICD_CTLR written, not read since */
    uint64_t rwp_pc;
    int rwp_cpu;
    struct gic_core core[MAX_CPUS];
};

struct report_key { uint64_t pc; unsigned id; };

struct check_state {
    struct machine *m;
    unsigned enabled;           /* 1u << CHECK_* */
    bool fatal;
    bool attached;
    struct observer obs;
    const struct symtab *symbols;
    unsigned reports;
    struct report_key *seen;    /* open addressing: each (check, PC) reported once */
    size_t seen_cap, seen_count;

    struct page_set tables;     /* struct table_page */
    struct tlb_core tlb[MAX_CPUS];
    struct sync_core sync[MAX_CPUS];
    struct cache_state cache;
    struct cache_core cache_core[MAX_CPUS];
    struct gic_check gic;
};

/* Report a violation of check id by core cpu at pc (once per (id, pc)): what happened, the rule it
 * breaks, and the evidence (the earlier event it contradicts). */
void check_report(struct check_state *s, enum check_id id, int cpu, uint64_t pc, const char *what, const char *rule,
                  const char *evidence);

/* The PC of the instruction executing on the core of an event (the events during an instruction). */
uint64_t check_insn_pc(const struct check_state *s, const struct obs_event *e);

/* The families: the events they want and their handlers. */
#define CHECK_TLB_KINDS (OBS_MASK(OBS_INSN) | OBS_MASK(OBS_MEM) | OBS_MASK(OBS_TLBI) | OBS_MASK(OBS_EXCEPTION))
#define CHECK_BBM_KINDS (OBS_MASK(OBS_MEM))
#define CHECK_SYNC_KINDS (OBS_MASK(OBS_INSN) | OBS_MASK(OBS_MEM) | OBS_MASK(OBS_SYSREG_WRITE) | \
                          OBS_MASK(OBS_EXCEPTION) | OBS_MASK(OBS_ERET))
#define CHECK_CACHE_KINDS (OBS_MASK(OBS_INSN) | OBS_MASK(OBS_MEM) | OBS_MASK(OBS_SYSREG_WRITE) | \
                           OBS_MASK(OBS_TLBI) | OBS_MASK(OBS_EXCEPTION) | OBS_MASK(OBS_ERET))
#define CHECK_GIC_KINDS (OBS_MASK(OBS_INSN) | OBS_MASK(OBS_MEM) | OBS_MASK(OBS_SYSREG_WRITE) | OBS_MASK(OBS_IRQ))
#define CHECK_PSCI_KINDS (OBS_MASK(OBS_PSCI))

void check_tlb_event(struct check_state *s, const struct obs_event *e);
void check_bbm_event(struct check_state *s, const struct obs_event *e);
void check_sync_event(struct check_state *s, const struct obs_event *e);
void check_cache_event(struct check_state *s, const struct obs_event *e);
void check_gic_event(struct check_state *s, const struct obs_event *e);
void check_psci_event(struct check_state *s, const struct obs_event *e);
struct table_page *check_table_page(const struct page_set *t, uint64_t pa);
void check_cache_free(struct cache_state *cs, struct cache_core *cores);
void check_cache_finish(struct check_state *s);

/* ---- A64 encodings the checks recognise (the event gives the opcode before it executes) ---- */
#define A64_IS_DSB(op) (((op) & 0xfffff0ffu) == 0xd503309fu)
#define A64_IS_ISB(op) (((op) & 0xfffff0ffu) == 0xd50330dfu)
/* SYS (op0 = 1: AT, DC, IC, TLBI) with its op1, CRn, CRm, op2; Rt in bits 4:0 */
#define A64_IS_SYS(op) (((op) & 0xfff80000u) == 0xd5080000u)
#define A64_SYS_OP1(op) (((op) >> 16) & 7)
#define A64_SYS_CRN(op) (((op) >> 12) & 15)
#define A64_SYS_CRM(op) (((op) >> 8) & 15)
#define A64_SYS_OP2(op) (((op) >> 5) & 7)
#define A64_RT(op) ((op) & 31)
/* MSR/MRS (register) with op0 = 3 */
#define A64_IS_MSR3(op) (((op) & 0xfff80000u) == 0xd5180000u)
#define A64_IS_MRS3(op) (((op) & 0xfff80000u) == 0xd5380000u)

#endif
