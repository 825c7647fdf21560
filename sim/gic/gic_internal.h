/* The GIC's state and the helpers its modules share (distributor gicd.c, redistributors gicr.c,
 * interrupt logic gic.c, CPU interface gic_cpuif.c, virtual CPU interface gic_vcpuif.c).
 * Terms follow Arm IHI 0069 (GICv3/v4 Architecture Specification).
 */
#ifndef A72SIM_GIC_GIC_INTERNAL_H
#define A72SIM_GIC_GIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../cpu/cpu.h"
#include "../machine.h"
#include "../obs_emit.h"
#include "gic.h"

#define GIC_SPECIAL_SECURE 1020u     /* IAR0 at EL3: the HPPI is Secure Group 1 */
#define GIC_SPECIAL_NONSECURE 1021u  /* ... Non-secure Group 1 (IAR0 at EL3, IAR1 at Secure EL1) */
#define GIC_SPURIOUS 1023u
#define GIC_MAINT_INTID 25u
#define GIC_PRIO_MASK 0xf8u          /* 5 implemented priority bits */
#define GIC_IDLE_PRIORITY 0xffu
#define GIC_NUM_LRS 4

/* GICD_CTLR (with security, Secure view) */
#define GICD_CTLR_ENGRP0 (1u << 0)
#define GICD_CTLR_ENGRP1NS (1u << 1)
#define GICD_CTLR_ENGRP1S (1u << 2)
#define GICD_CTLR_ARE_S (1u << 4)
#define GICD_CTLR_ARE_NS (1u << 5)
#define GICD_CTLR_DS (1u << 6)

/* ICC_CTLR_EL1 / ICC_CTLR_EL3 */
#define ICC_CTLR_EL1_CBPR (1u << 0)
#define ICC_CTLR_EL1_EOIMODE (1u << 1)
#define ICC_CTLR_EL1_PMHE (1u << 6)
#define ICC_CTLR_EL3_CBPR_EL1S (1u << 0)
#define ICC_CTLR_EL3_CBPR_EL1NS (1u << 1)
#define ICC_CTLR_EL3_EOIMODE_EL3 (1u << 2)
#define ICC_CTLR_EL3_EOIMODE_EL1S (1u << 3)
#define ICC_CTLR_EL3_EOIMODE_EL1NS (1u << 4)
#define ICC_CTLR_EL3_RM (1u << 5)
#define ICC_CTLR_EL3_PMHE (1u << 6)
/* Read-only fields: PRIbits = 4 (5 bits), IDbits = 0 (16 bits), A3V = 1. */
#define ICC_CTLR_RO_FIELDS ((4u << 8) | (1u << 15))

/* ICH_HCR_EL2 */
#define ICH_HCR_EN (1u << 0)
#define ICH_HCR_UIE (1u << 1)
#define ICH_HCR_LRENPIE (1u << 2)
#define ICH_HCR_NPIE (1u << 3)
#define ICH_HCR_VGRP0EIE (1u << 4)
#define ICH_HCR_VGRP0DIE (1u << 5)
#define ICH_HCR_VGRP1EIE (1u << 6)
#define ICH_HCR_VGRP1DIE (1u << 7)
#define ICH_HCR_TC (1u << 10)
#define ICH_HCR_TALL0 (1u << 11)
#define ICH_HCR_TALL1 (1u << 12)
#define ICH_HCR_TDIR (1u << 14)
#define ICH_HCR_EOICOUNT_SHIFT 27

/* ICH_VMCR_EL2 */
#define ICH_VMCR_VENG0 (1u << 0)
#define ICH_VMCR_VENG1 (1u << 1)
#define ICH_VMCR_VACKCTL (1u << 2)
#define ICH_VMCR_VFIQEN (1u << 3)
#define ICH_VMCR_VCBPR (1u << 4)
#define ICH_VMCR_VEOIM (1u << 9)
#define ICH_VMCR_VBPR1_SHIFT 18
#define ICH_VMCR_VBPR0_SHIFT 21
#define ICH_VMCR_VPMR_SHIFT 24

/* ICH_LR<n>_EL2 */
#define ICH_LR_VINTID_MASK 0xffffffffull
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_EOI (1ull << 41)
#define ICH_LR_PRIORITY_SHIFT 48
#define ICH_LR_GROUP (1ull << 60)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_PENDING 1u
#define ICH_LR_ACTIVE 2u

/* ICH_MISR_EL2 */
#define ICH_MISR_EOI (1u << 0)
#define ICH_MISR_U (1u << 1)
#define ICH_MISR_LRENP (1u << 2)
#define ICH_MISR_NP (1u << 3)
#define ICH_MISR_VGRP0E (1u << 4)
#define ICH_MISR_VGRP0D (1u << 5)
#define ICH_MISR_VGRP1E (1u << 6)
#define ICH_MISR_VGRP1D (1u << 7)

/* The state of one INTID (for one core when it is an SGI or PPI). */
struct gic_irq {
    uint8_t priority;
    bool group;        /* IGROUPR: 1 = Group 1 (Non-secure with grpmod 0) */
    bool grpmod;       /* IGRPMODR: with group 0, Secure Group 1 */
    bool enabled, pending, active;
    bool edge;         /* ICFGR: edge-triggered */
    bool level;        /* the input line */
    uint64_t route;    /* GICD_IROUTER (SPIs): Aff3.Aff2.Aff1.Aff0 and IRM (bit 31) */
};

enum gic_group { GIC_G0, GIC_G1S, GIC_G1NS };

/* The CPU interface's registers of one core (ICC_*), Secure/Non-secure banked ones as [2]
 * indexed by bank (0 = Non-secure, 1 = Secure). */
struct gic_cpuif {
    uint8_t pmr;
    uint8_t bpr0, bpr1[2];
    uint32_t ctlr_el1[2];     /* CBPR, EOImode, PMHE */
    uint32_t ctlr_el3;        /* its CBPR/EOImode EL1 fields are the banked ctlr_el1's */
    bool igrpen0, igrpen1[2];
    uint32_t sre_el1[2], sre_el2, sre_el3;
    uint32_t ap0r, ap1r[2];   /* active priorities: bit n = group priority n << 3 */
};

/* The virtual CPU interface of one core (ICH_*). */
struct gic_vcpuif {
    uint32_t hcr, vmcr;
    uint64_t lr[GIC_NUM_LRS];
    uint32_t ap0r, ap1r;
};

struct gic_redist {
    struct gic_irq irq[32];   /* SGIs and PPIs */
    uint32_t ctlr;            /* GICR_CTLR: nothing of it is implemented (no LPIs) */
    bool processor_sleep;     /* GICR_WAKER.ProcessorSleep */
    struct gic_cpuif cpuif;
    struct gic_vcpuif vcpuif;
};

/* --stress: an output of the GIC to one core whose rise is held back for a few rounds. */
enum gic_out { GIC_OUT_IRQ, GIC_OUT_FIQ, GIC_OUT_VIRQ, GIC_OUT_VFIQ, GIC_OUT_MAINT, GIC_OUT_COUNT };
struct gic_hold {
    struct gic *g;
    uint8_t cpu;
    uint8_t state;              /* 0: low, 1: risen and held, 2: risen and let through */
    uint8_t rounds;             /* rounds still to wait */
};

struct gic {
    struct machine *m;
    unsigned ncpus;
    /* Each core's highest-priority pending interrupt, cached for the recomputation of its lines on
     * every exception entry, ERET and block-ending MSR (bit n of hppi_valid: hppi[n] holds). Any
     * change of GIC state goes through gic_update()/gic_update_cpu(), which drop the cache. */
    unsigned hppi[MAX_CPUS];
    uint32_t hppi_valid;
    /* What of each core's state its lines were last computed for (gic.c: core_signal_ctx; 0: unknown):
     * a change of the core's state that leaves it as it was needs no recomputation. */
    uint8_t signal_ctx[MAX_CPUS];
    uint32_t gicd_ctlr;
    struct gic_irq spi[GIC_NUM_INTIDS - 32];
    struct gic_redist redist[MAX_CPUS];
    unsigned num_lrs;           /* list registers implemented (--gic-lrs), 1..GIC_NUM_LRS */
    struct gic_hold hold[MAX_CPUS][GIC_OUT_COUNT];
};

static inline struct gic_irq *gic_irq(struct gic *g, unsigned cpu, unsigned intid)
{
    return intid < 32 ? &g->redist[cpu].irq[intid] : &g->spi[intid - 32];
}
static inline enum gic_group gic_irq_group(const struct gic_irq *q)
{
    return q->group ? GIC_G1NS : (q->grpmod ? GIC_G1S : GIC_G0); /* group 1 + grpmod 1 is reserved: NS */
}
static inline struct gic *cpu_gic(const struct cpu *c) { return c->machine->gic; }
static inline struct gic_redist *cpu_redist(const struct cpu *c) { return &c->machine->gic->redist[c->index]; }

#define GIC500_IIDR 0x0001143bu      /* GICD_IIDR/GICR_IIDR: ProductID 0 (GIC-500), r1p1, Arm (0x43B) */

/* gicd.c: the per-interrupt registers (offsets 0x080-0xEFF of GICD and of GICR's SGI_base) for
 * the INTIDs in [lo, hi) of core cpu (others RAZ/WI), and the identification registers. */
uint32_t gic_irqreg_read(struct gic *g, unsigned cpu, unsigned off, unsigned lo, unsigned hi, bool secure);
void gic_irqreg_write(struct gic *g, unsigned cpu, unsigned off, unsigned lo, unsigned hi, bool secure, uint32_t v);
uint32_t gic_id_register(unsigned offset, uint8_t pidr0);

/* gic.c: the interrupt logic */
/* Recompute the IRQ/FIQ/vIRQ/vFIQ lines of one core / of every core, and the maintenance PPI. */
void gic_update_cpu(struct gic *g, unsigned cpu);
void gic_update(struct gic *g);
/* Is intid targeted at cpu (SGIs/PPIs always; SPIs by GICD_IROUTER)? */
bool gic_irq_targets(const struct gic *g, unsigned cpu, unsigned intid);
/* The highest-priority pending interrupt that the distributor forwards to cpu (enabled, its group
 * enabled in GICD_CTLR, not active); GIC_SPURIOUS when none. */
unsigned gic_highest_pending(struct gic *g, unsigned cpu);
/* The same, from the cache when the GIC's state has not changed since it was computed. */
unsigned gic_highest_pending_cached(struct gic *g, unsigned cpu);
/* A level-sensitive interrupt is pending while its input is high, unless software cleared it. */
void gic_set_pending(struct gic *g, unsigned cpu, unsigned intid, bool pending);
void gic_deactivate(struct gic *g, unsigned cpu, unsigned intid);
/* Send an SGI from core `from` as an ICC_SGI*R write describes it. */
void gic_send_sgi(struct gic *g, unsigned from, uint64_t value, enum gic_group group);

/* Tell observers (sim/observe.h) that an interrupt changed state at core cpu's interface. */
void gic_emit_irq(struct gic *g, unsigned cpu, enum obs_irq_what what, bool is_virtual, uint32_t intid, int lr);
/* The maintenance interrupt of core cpu changed level (observers only). */
void gic_note_maintenance(struct gic *g, unsigned cpu, bool level);

/* gic_cpuif.c */
uint8_t gic_running_priority(const struct gic_cpuif *ci);
/* The CPU interface's signalling check for one core's physical lines. */
void gic_cpuif_update(struct gic *g, unsigned cpu);

/* gic_vcpuif.c */
void gic_vcpuif_update(struct gic *g, unsigned cpu);

/* The level an output of the GIC to core cpu shows now that it should be `level`: the same, except
 * under --stress, where a rise may be held back for a few of the scheduler's rounds (drawn from the
 * seed: the delay between an interrupt being raised and taken, and the maintenance interrupt's
 * latency). */
bool gic_stress_output(struct gic *g, unsigned cpu, enum gic_out out, bool level);
static inline bool gic_output(struct gic *g, unsigned cpu, enum gic_out out, bool level)
{
    return UNLIKELY(g->m->stress != NULL) ? gic_stress_output(g, cpu, out, level) : level;
}

#endif
