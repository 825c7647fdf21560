/* The GIC-500 redistributors (GICR, Arm IHI 0069 chapter 12.11): one 128 KiB frame per core,
 * RD_base (control, identification, GICR_WAKER) then SGI_base (the SGIs' and PPIs' registers).
 * No LPIs: GICR_CTLR and the LPI registers are RAZ/WI.
 */
#include "gic_internal.h"

#define GICR_SGI_BASE 0x10000u
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* GICR_TYPER: Affinity_Value (63:32) = the core's MPIDR Aff3.Aff2.Aff1.Aff0, Processor_Number
 * (23:8), Last (4) on the final frame. */
static uint64_t gicr_typer(const struct gic *g, unsigned cpu)
{
    return (uint64_t)cpu << 32 | (uint64_t)cpu << 8 | (cpu + 1 == g->ncpus ? 1u << 4 : 0);
}

static bool gicr_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value, struct bus_attrs attrs)
{
    struct gic *g = opaque;
    unsigned cpu = (unsigned)(offset / GICR_FRAME_SIZE);
    unsigned off = (unsigned)(offset % GICR_FRAME_SIZE);
    bool secure = attrs.secure;
    if (cpu >= g->ncpus)
        return false;
    if (off == 0x8 && size == 8) {
        *value = gicr_typer(g, cpu);
        return true;
    }
    if (size == 1 && off >= GICR_SGI_BASE + 0x400 && off < GICR_SGI_BASE + 0x420) {
        unsigned o = off - GICR_SGI_BASE;
        *value = (gic_irqreg_read(g, cpu, o & ~3u, 0, 32, secure) >> (8 * (o & 3))) & 0xff;
        return true;
    }
    if (size != 4 || (off & 3))
        return false;
    const struct gic_redist *r = &g->redist[cpu];
    switch (off) {
    case 0x4: *value = GIC500_IIDR; break;
    case 0x8: *value = (uint32_t)gicr_typer(g, cpu); break;
    case 0xc: *value = (uint32_t)(gicr_typer(g, cpu) >> 32); break;
    case 0x14:
        /* GICR_WAKER is Secure-only when DS = 0; ChildrenAsleep follows ProcessorSleep at once. */
        *value = secure && r->processor_sleep ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
        break;
    default:
        if (off >= GICR_SGI_BASE + 0x80 && off < GICR_SGI_BASE + 0xf00)
            *value = gic_irqreg_read(g, cpu, off - GICR_SGI_BASE, 0, 32, secure);
        else if (off >= 0xffd0 && off < 0x10000)
            *value = gic_id_register(off, 0x93);
        else
            *value = 0; /* GICR_CTLR, GICR_STATUSR, LPI registers */
    }
    return true;
}

static bool gicr_write(void *opaque, uint64_t offset, unsigned size, uint64_t value, struct bus_attrs attrs)
{
    struct gic *g = opaque;
    unsigned cpu = (unsigned)(offset / GICR_FRAME_SIZE);
    unsigned off = (unsigned)(offset % GICR_FRAME_SIZE);
    bool secure = attrs.secure;
    if (cpu >= g->ncpus || attrs.debug)
        return false;
    if (size == 1 && off >= GICR_SGI_BASE + 0x400 && off < GICR_SGI_BASE + 0x420) {
        unsigned o = off - GICR_SGI_BASE;
        unsigned id = o - 0x400;
        gic_irqreg_write(g, cpu, o & ~3u, id, id + 1, secure, (uint32_t)(value & 0xff) << (8 * (o & 3)));
    } else if (size != 4 || (off & 3)) {
        return size == 8 && off == 0x8; /* GICR_TYPER is read-only */
    } else if (off == 0x14) {
        if (secure)
            g->redist[cpu].processor_sleep = value & GICR_WAKER_PROCESSOR_SLEEP;
    } else if (off >= GICR_SGI_BASE + 0x80 && off < GICR_SGI_BASE + 0xf00) {
        gic_irqreg_write(g, cpu, off - GICR_SGI_BASE, 0, 32, secure, (uint32_t)value);
    }
    gic_update(g);
    return true;
}

const struct device_ops gicr_ops = { gicr_read, gicr_write };
