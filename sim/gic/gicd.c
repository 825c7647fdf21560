/* The GIC-500 distributor (GICD, Arm IHI 0069 chapter 12.9) and the per-interrupt register
 * block it shares with the redistributors' SGI_base frame (IGROUPR ... NSACR).
 *
 * Security: GICD_CTLR.DS = 0. A Non-secure access sees only Non-secure Group 1 interrupts (the
 * others' bits are RAZ/WI), IGROUPR/IGRPMODR as RAZ/WI, and priorities in the Non-secure view
 * (Arm IHI 0069, "Software accesses of interrupt priority"). The GIC-500 has no legacy
 * operation: ARE_S and ARE_NS are RAO/WI, so GICD_ITARGETSR and GICD_SGIR are RAZ/WI.
 */
#include "gic_internal.h"

#define GICD_TYPER_VALUE ((15u << 19) | (1u << 10) | ((GIC_NUM_INTIDS / 32 - 1) & 0x1f))
#define IROUTER_MASK 0xff80ffffffull /* Aff3, IRM, Aff2, Aff1, Aff0 */

/* Shared by GICD and GICR: the CoreSight identification registers 0xFFD0-0xFFFC. */
uint32_t gic_id_register(unsigned offset, uint8_t pidr0)
{
    switch (offset) {
    case 0xffd0: return 0x44;           /* PIDR4: 4 KiB count, JEP106 continuation 4 */
    case 0xffe0: return pidr0;          /* PIDR0: part number low */
    case 0xffe4: return 0xb4;           /* PIDR1: part number high, JEP106 id low */
    case 0xffe8: return 0x3b;           /* PIDR2: ArchRev 3 (GICv3), JEDEC, JEP106 id high */
    case 0xfff0: return 0x0d;           /* CIDR0..3: the CoreSight preamble */
    case 0xfff4: return 0xf0;
    case 0xfff8: return 0x05;
    case 0xfffc: return 0xb1;
    default: return 0;
    }
}

static bool visible(const struct gic_irq *q, bool secure) { return secure || gic_irq_group(q) == GIC_G1NS; }

/* Priority as a Non-secure access sees it: the Secure value shifted left (Arm IHI 0069,
 * "Non-secure accesses to register fields for Secure interrupt priorities"). */
static uint8_t priority_read(const struct gic_irq *q, bool secure)
{
    return secure ? q->priority : (uint8_t)(q->priority << 1);
}
static void priority_write(struct gic_irq *q, bool secure, uint8_t v)
{
    q->priority = (secure ? v : (uint8_t)(0x80 | (v >> 1))) & GIC_PRIO_MASK;
}

uint32_t gic_irqreg_read(struct gic *g, unsigned cpu, unsigned off, unsigned lo, unsigned hi, bool secure)
{
    uint32_t v = 0;
    if (off >= 0x400 && off < 0x800) { /* IPRIORITYR: a byte per interrupt */
        for (unsigned b = 0; b < 4; b++) {
            unsigned id = off - 0x400 + b;
            struct gic_irq *q = gic_irq(g, cpu, id < GIC_NUM_INTIDS ? id : 0);
            if (id >= lo && id < hi && visible(q, secure))
                v |= (uint32_t)priority_read(q, secure) << (8 * b);
        }
        return v;
    }
    if (off >= 0xc00 && off < 0xd00) { /* ICFGR: 2 bits per interrupt, bit 1 = edge */
        for (unsigned b = 0; b < 16; b++) {
            unsigned id = (off - 0xc00) * 4 + b;
            if (id >= lo && id < hi && visible(gic_irq(g, cpu, id), secure) && gic_irq(g, cpu, id)->edge)
                v |= 2u << (2 * b);
        }
        return v;
    }
    if (off >= 0xe00 || off < 0x80)
        return 0; /* GICD_NSACR: no Non-secure access to Secure interrupts */
    bool modr = off >= 0xd00;
    unsigned kind = modr ? 0 : off >> 7;
    unsigned first = (off & 0x7f) * 8;
    if (!secure && (kind == 1 || modr))
        return 0; /* IGROUPR / IGRPMODR are Secure-only */
    for (unsigned b = 0; b < 32; b++) {
        unsigned id = first + b;
        if (id < lo || id >= hi)
            continue;
        const struct gic_irq *q = gic_irq(g, cpu, id);
        if (!visible(q, secure))
            continue;
        bool bitval;
        switch (kind) {
        case 0: bitval = q->grpmod; break;
        case 1: bitval = q->group; break;
        case 2: case 3: bitval = q->enabled; break;
        case 4: case 5: bitval = q->pending || (!q->edge && q->level); break;
        default: bitval = q->active; break;
        }
        v |= (uint32_t)bitval << b;
    }
    return v;
}

void gic_irqreg_write(struct gic *g, unsigned cpu, unsigned off, unsigned lo, unsigned hi, bool secure, uint32_t v)
{
    if (off >= 0x400 && off < 0x800) {
        for (unsigned b = 0; b < 4; b++) {
            unsigned id = off - 0x400 + b;
            if (id >= lo && id < hi && visible(gic_irq(g, cpu, id), secure))
                priority_write(gic_irq(g, cpu, id), secure, (uint8_t)(v >> (8 * b)));
        }
        return;
    }
    if (off >= 0xc00 && off < 0xd00) {
        for (unsigned b = 0; b < 16; b++) {
            unsigned id = (off - 0xc00) * 4 + b;
            if (id >= lo && id < hi && id >= 16 && visible(gic_irq(g, cpu, id), secure))
                gic_irq(g, cpu, id)->edge = (v >> (2 * b + 1)) & 1; /* SGIs are always edge */
        }
        return;
    }
    if (off >= 0xe00 || off < 0x80)
        return;
    bool modr = off >= 0xd00;
    unsigned kind = modr ? 0 : off >> 7;
    unsigned first = (off & 0x7f) * 8;
    if (!secure && (kind == 1 || modr))
        return;
    for (unsigned b = 0; b < 32; b++) {
        unsigned id = first + b;
        bool bitval = (v >> b) & 1;
        if (id < lo || id >= hi)
            continue;
        struct gic_irq *q = gic_irq(g, cpu, id);
        if (!visible(q, secure))
            continue;
        switch (kind) {
        case 0: q->grpmod = bitval; break;
        case 1: q->group = bitval; break;
        case 2: q->enabled |= bitval; break;   /* ISENABLER */
        case 3: q->enabled &= !bitval; break;  /* ICENABLER */
        case 4: q->pending |= bitval; break;   /* ISPENDR */
        case 5: q->pending &= !bitval; break;  /* ICPENDR: a high level input stays pending */
        case 6: q->active |= bitval; break;    /* ISACTIVER */
        default: q->active &= !bitval; break;  /* ICACTIVER */
        }
    }
}

static uint32_t gicd_ctlr_read(const struct gic *g, bool secure)
{
    uint32_t v = g->gicd_ctlr | GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS;
    if (secure)
        return v;
    /* Non-secure view: ARE_NS in bit 4, EnableGrp1A (= EnableGrp1NS) in bit 1. */
    return (v & GICD_CTLR_ENGRP1NS ? 2u : 0) | 0x10u;
}

static void gicd_ctlr_write(struct gic *g, bool secure, uint32_t v)
{
    if (secure)
        g->gicd_ctlr = v & (GICD_CTLR_ENGRP0 | GICD_CTLR_ENGRP1NS | GICD_CTLR_ENGRP1S);
    else
        g->gicd_ctlr = (g->gicd_ctlr & ~GICD_CTLR_ENGRP1NS) | (v & 2 ? GICD_CTLR_ENGRP1NS : 0);
}

/* GICD_SETSPI_NSR/CLRSPI_NSR (Non-secure Group 1 SPIs) and the _SR pair (Secure only, any SPI). */
static void gicd_setclr_spi(struct gic *g, uint32_t intid, bool set, bool secure_reg, bool secure)
{
    intid &= 0x3ff;
    if (intid < 32 || intid >= GIC_NUM_INTIDS || (secure_reg && !secure))
        return;
    struct gic_irq *q = gic_irq(g, 0, intid);
    if (!secure_reg && gic_irq_group(q) != GIC_G1NS)
        return;
    q->pending = set;
}

static bool gicd_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value, struct bus_attrs attrs)
{
    struct gic *g = opaque;
    bool secure = attrs.secure;
    unsigned off = (unsigned)offset;
    if (off >= 0x6100 && off < 0x6000 + 8 * GIC_NUM_INTIDS) { /* GICD_IROUTER<n>, n >= 32 */
        if (size != 8 && size != 4)
            return false;
        struct gic_irq *q = gic_irq(g, 0, (off - 0x6000) / 8);
        uint64_t v = visible(q, secure) ? q->route : 0;
        *value = size == 8 ? v : (uint32_t)(v >> (off & 4 ? 32 : 0));
        return true;
    }
    if (size == 1 && off >= 0x400 && off < 0x800) {
        *value = (gic_irqreg_read(g, 0, off & ~3u, 32, GIC_NUM_INTIDS, secure) >> (8 * (off & 3))) & 0xff;
        return true;
    }
    if (size != 4 || (off & 3))
        return false;
    switch (off) {
    case 0x0: *value = gicd_ctlr_read(g, secure); break;
    case 0x4: *value = GICD_TYPER_VALUE; break;
    case 0x8: *value = GIC500_IIDR; break;
    default:
        if (off >= 0x80 && off < 0xf00)
            *value = gic_irqreg_read(g, 0, off, 32, GIC_NUM_INTIDS, secure);
        else if (off >= 0xffd0)
            *value = gic_id_register(off, 0x92);
        else
            *value = 0; /* reserved, GICD_STATUSR, SETSPI/CLRSPI (write-only), ITARGETSR, SGIR */
    }
    return true;
}

static bool gicd_write(void *opaque, uint64_t offset, unsigned size, uint64_t value, struct bus_attrs attrs)
{
    struct gic *g = opaque;
    bool secure = attrs.secure;
    if (attrs.debug)
        return false;
    unsigned off = (unsigned)offset;
    if (off >= 0x6100 && off < 0x6000 + 8 * GIC_NUM_INTIDS) {
        if (size != 8 && size != 4)
            return false;
        struct gic_irq *q = gic_irq(g, 0, (off - 0x6000) / 8);
        if (!visible(q, secure))
            return true;
        if (size == 4) {
            unsigned shift = off & 4 ? 32 : 0;
            value = (q->route & ~(0xffffffffull << shift)) | ((value & 0xffffffffull) << shift);
        }
        q->route = value & IROUTER_MASK;
    } else if (size == 1 && off >= 0x400 && off < 0x800) {
        unsigned id = off - 0x400;
        if (id >= 32 && id < GIC_NUM_INTIDS && visible(gic_irq(g, 0, id), secure))
            priority_write(gic_irq(g, 0, id), secure, (uint8_t)value);
    } else if (size != 4 || (off & 3)) {
        return false;
    } else if (off == 0x0) {
        gicd_ctlr_write(g, secure, (uint32_t)value);
    } else if (off >= 0x40 && off <= 0x58 && !(off & 7)) {
        gicd_setclr_spi(g, (uint32_t)value, !(off & 8), off >= 0x50, secure);
    } else if (off >= 0x80 && off < 0xf00) {
        gic_irqreg_write(g, 0, off, 32, GIC_NUM_INTIDS, secure, (uint32_t)value);
    }
    gic_update(g);
    return true;
}

const struct device_ops gicd_ops = { gicd_read, gicd_write };
