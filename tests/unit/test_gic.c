/* The GIC-500 (sim/gic): distributor and redistributors through their MMIO, the CPU interface
 * and the virtual CPU interface through the system-register rows, on the Versal machine.
 *
 * Expected values come from Arm IHI 0069 (GICv3/v4 specification: register layouts, the
 * priority, preemption and IRQ/FIQ rules, ICH_ list register format) and the GIC-500 TRM
 * (identification), and from QEMU's observed virtual-interface values in
 * docs/board.md — never from our own output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "cpu/irq.h"
#include "cpu/run.h"
#include "cpu/sysreg.h"
#include "gic/gic.h"
#include "machine.h"
#include "versal/versal.h"

#define GICD VERSAL_GICD_BASE
#define GICR(cpu) (VERSAL_GICR_BASE + (uint64_t)(cpu) * 0x20000)
#define SGI_BASE 0x10000

/* ICH_LR<n>_EL2 fields (Arm IHI 0069 12.4.6) */
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE (2ull << 62)
#define LR_STATE (3ull << 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_EOI (1ull << 41)
#define LR_PRIO(p) ((uint64_t)(p) << 48)
#define LR_PINTID(p) ((uint64_t)(p) << 32)

static struct machine *m;
static struct cpu *c0, *c1;

static int setup(void **state)
{
    (void)state;
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 0x100000 };
    m = versal_create(&cfg);
    assert_non_null(m);
    assert_non_null(m->gic);
    versal_boot(m, 0, false, 0); /* TF-A's state: Non-secure EL2, every interrupt Group 1 NS */
    c0 = m->cpus[0];
    c1 = m->cpus[1];
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* The attributes of the MMIO accesses below (Secure, as firmware's, unless a test says otherwise). */
static struct bus_attrs access = { .secure = true };

static uint32_t rd32(uint64_t pa)
{
    uint64_t v = 0;
    assert_true(bus_read_attrs(&m->bus, pa, 4, &v, access));
    return (uint32_t)v;
}
static void wr32(uint64_t pa, uint32_t v) { assert_true(bus_write_attrs(&m->bus, pa, 4, v, access)); }
static uint8_t rd8(uint64_t pa)
{
    uint64_t v = 0;
    assert_true(bus_read_attrs(&m->bus, pa, 1, &v, access));
    return (uint8_t)v;
}
static void wr8(uint64_t pa, uint8_t v) { assert_true(bus_write_attrs(&m->bus, pa, 1, v, access)); }

static const struct sysreg_info *row(const char *name)
{
    const struct sysreg_info *r = sysreg_by_name(name);
    if (!r)
        fail_msg("no row %s", name);
    return r;
}
static enum sysreg_access check(struct cpu *c, const char *name, bool is_read)
{
    const struct sysreg_info *r = row(name);
    if (c->pstate.el < r->min_el)
        return SYSREG_UNDEFINED;
    return r->access ? r->access(c, r, is_read) : SYSREG_OK;
}
/* MRS / MSR as the instruction does them once the access checks pass. */
static uint64_t mrs(struct cpu *c, const char *name)
{
    assert_int_equal(check(c, name, true), SYSREG_OK);
    return sysreg_get(c, row(name));
}
static void msr(struct cpu *c, const char *name, uint64_t v)
{
    assert_int_equal(check(c, name, false), SYSREG_OK);
    sysreg_set(c, row(name), v);
}

static void set_el(struct cpu *c, unsigned el)
{
    c->pstate.el = (uint8_t)el;
    cpu_update_derived(c);
    gic_core_state_changed(m->gic, (unsigned)c->index);
}

/* Enable an SPI (edge), priority prio, routed to core `cpu`, with the Secure view of priorities. */
static void spi_setup(unsigned intid, uint8_t prio, unsigned cpu)
{
    wr8(GICD + 0x400 + intid, prio);
    wr32(GICD + 0xc00 + intid / 16 * 4, rd32(GICD + 0xc00 + intid / 16 * 4) | 2u << (intid % 16 * 2));
    assert_true(bus_write(&m->bus, GICD + 0x6000 + 8 * intid, 8, cpu));
    wr32(GICD + 0x100 + intid / 32 * 4, 1u << (intid % 32));
}
static void cpuif_on(struct cpu *c)
{
    msr(c, "ICC_PMR_EL1", 0xff);
    msr(c, "ICC_IGRPEN1_EL1", 1);
}
static bool line(struct cpu *c, enum cpu_line l) { return (c->irq_lines & l) != 0; }

/* ---- Distributor and redistributors ---- */

static void test_identification(void **state)
{
    (void)state;
    uint32_t typer = rd32(GICD + 0x4);
    assert_int_equal(typer & 0x1f, 6);              /* ITLinesNumber: 32 * (6 + 1) = 224 INTIDs */
    assert_true(typer & (1u << 10));                 /* SecurityExtn */
    uint32_t iidr = rd32(GICD + 0x8);
    assert_int_equal(iidr & 0xfff, 0x43b);           /* implementer: Arm */
    assert_int_equal(iidr >> 24, 0);                 /* ProductID 0: GIC-500 */
    assert_int_equal((rd32(GICD + 0xffe8) >> 4) & 0xf, 3); /* PIDR2.ArchRev: GICv3 */
    assert_int_equal((rd32(GICR(0) + 0xffe8) >> 4) & 0xf, 3);
    assert_int_equal(rd32(GICR(0) + 0x4), iidr);

    uint64_t t0, t1;
    assert_true(bus_read(&m->bus, GICR(0) + 0x8, 8, &t0));
    assert_true(bus_read(&m->bus, GICR(1) + 0x8, 8, &t1));
    assert_false(t0 & (1u << 4));                    /* Last only on the final frame */
    assert_true(t1 & (1u << 4));
    assert_int_equal((t0 >> 8) & 0xffff, 0);         /* Processor_Number */
    assert_int_equal((t1 >> 8) & 0xffff, 1);
    assert_int_equal(t1 >> 32, VERSAL_MPIDR(1) & 0xff); /* Affinity = MPIDR Aff0 of core 1 */
    assert_int_equal(rd32(GICR(1) + 0xc), t1 >> 32);  /* 32-bit read of the upper half */
}

static void test_firmware_state(void **state)
{
    (void)state;
    uint32_t ctlr = rd32(GICD);                      /* a Secure access: no current core */
    assert_true(ctlr & (1u << 4) && ctlr & (1u << 5)); /* ARE_S, ARE_NS */
    assert_true(ctlr & 2);                           /* EnableGrp1NS */
    assert_false(ctlr & (1u << 6));                  /* DS = 0: security */
    assert_int_equal(rd32(GICD + 0x80 + 4), 0xffffffff); /* SPIs in Group 1 */
    assert_int_equal(rd32(GICR(0) + SGI_BASE + 0x80), 0xffffffff);
    assert_int_equal(rd32(GICR(0) + 0x14) & 6, 0);   /* GICR_WAKER: awake */
    assert_int_equal(rd32(GICR(0) + SGI_BASE + 0xc00), 0xaaaaaaaa); /* SGIs are edge-triggered */
    assert_int_equal(mrs(c0, "ICC_SRE_EL2") & 0xf, 0xf);
}

static void test_nonsecure_priority_view(void **state)
{
    (void)state;
    access = BUS_NONSECURE;                          /* a Non-secure EL2 access */
    wr8(GICD + 0x400 + 60, 0x40);
    assert_int_equal(rd8(GICD + 0x400 + 60), 0x40);
    access = BUS_SECURE;
    assert_int_equal(rd8(GICD + 0x400 + 60), 0xa0);  /* (0x40 >> 1) | 0x80 */
    /* 5 implemented bits */
    wr8(GICD + 0x400 + 61, 0xff);
    assert_int_equal(rd8(GICD + 0x400 + 61), 0xf8);

    /* A Secure (Group 0) interrupt is invisible to Non-secure accesses; IGROUPR is Secure-only. */
    wr32(GICD + 0x80 + 4, 0xfffffffe);               /* INTID 32 to Group 0 */
    wr32(GICD + 0x100 + 4, 3);                       /* enable 32 and 33 */
    access = BUS_NONSECURE;
    assert_int_equal(rd32(GICD + 0x100 + 4) & 3, 2);
    assert_int_equal(rd32(GICD + 0x80 + 4), 0);
    wr32(GICD + 0x80 + 4, 0xffffffff);
    wr32(GICD + 0x180 + 4, 1);                        /* ICENABLER of INTID 32: ignored */
    assert_int_equal(rd32(GICD) & 0x13, 0x12);       /* NS view: ARE_NS, EnableGrp1A */
    access = BUS_SECURE;
    assert_int_equal(rd32(GICD + 0x80 + 4), 0xfffffffe);
    assert_int_equal(rd32(GICD + 0x100 + 4) & 3, 3);

    /* A debugger reads the registers as they are and cannot write them. */
    uint64_t v = 0;
    assert_true(bus_read_attrs(&m->bus, GICD + 0x100 + 4, 4, &v, (struct bus_attrs){ .secure = true, .debug = true }));
    assert_int_equal(v & 3, 3);
    assert_false(bus_write_attrs(&m->bus, GICD + 0x180 + 4, 4, 1, (struct bus_attrs){ .secure = true, .debug = true }));
    assert_false(bus_write_attrs(&m->bus, GICR(0) + SGI_BASE + 0x180, 4, 1, (struct bus_attrs){ .debug = true }));
    assert_int_equal(rd32(GICD + 0x100 + 4) & 3, 3);
}

/* ---- CPU interface ---- */

static void test_spi_priority_preemption(void **state)
{
    (void)state;
    cpuif_on(c0);
    spi_setup(50, 0xa0, 0);
    spi_setup(51, 0x80, 0);
    assert_false(line(c0, CPU_LINE_IRQ));
    gic_set_irq_level(m->gic, 0, 50, true);
    assert_true(line(c0, CPU_LINE_IRQ));             /* Group 1 NS at Non-secure EL2: IRQ */
    assert_false(line(c0, CPU_LINE_FIQ));
    assert_false(line(c1, CPU_LINE_IRQ));            /* routed to core 0 only */
    assert_int_equal(mrs(c0, "ICC_HPPIR1_EL1"), 50);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 50);
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xa0);
    assert_int_equal(mrs(c0, "ICC_AP1R0_EL1"), 1u << (0xa0 >> 3));
    assert_true(rd32(GICD + 0x300 + 4) & (1u << 18)); /* ISACTIVER: 50 active */

    /* A higher priority preempts the running priority. */
    gic_set_irq_level(m->gic, 0, 51, true);
    assert_true(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 51);
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0x80);
    msr(c0, "ICC_EOIR1_EL1", 51);
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xa0);
    msr(c0, "ICC_EOIR1_EL1", 50);
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xff);  /* idle */
    assert_int_equal(rd32(GICD + 0x300 + 4) & (3u << 18), 0);

    /* An equal or lower priority does not preempt; nor does one masked by ICC_PMR_EL1. */
    gic_set_irq_level(m->gic, 0, 51, false);
    gic_set_irq_level(m->gic, 0, 51, true);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 51);
    gic_set_irq_level(m->gic, 0, 50, false);
    gic_set_irq_level(m->gic, 0, 50, true);
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 1023);
    msr(c0, "ICC_EOIR1_EL1", 51);
    msr(c0, "ICC_PMR_EL1", 0xa0);                    /* 0xa0 is not below the mask */
    assert_false(line(c0, CPU_LINE_IRQ));
    msr(c0, "ICC_PMR_EL1", 0xa8);
    assert_true(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_PMR_EL1"), 0xa8);
}

static void test_binary_point(void **state)
{
    (void)state;
    cpuif_on(c0);
    spi_setup(50, 0xa0, 0);
    spi_setup(51, 0x80, 0);
    assert_int_equal(mrs(c0, "ICC_BPR1_EL1"), 3);    /* the minimum with 5 preemption bits */
    msr(c0, "ICC_BPR1_EL1", 0);
    assert_int_equal(mrs(c0, "ICC_BPR1_EL1"), 3);
    msr(c0, "ICC_BPR1_EL1", 6);                      /* group priority = bits 7:6 */
    gic_set_irq_level(m->gic, 0, 50, true);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 50);
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0x80);  /* the group priority of 0xa0 */
    gic_set_irq_level(m->gic, 0, 51, true);
    assert_false(line(c0, CPU_LINE_IRQ));            /* 0x80 is in the same group: no preemption */
    msr(c0, "ICC_EOIR1_EL1", 50);
    assert_true(line(c0, CPU_LINE_IRQ));
}

static void test_level_sensitive(void **state)
{
    (void)state;
    cpuif_on(c0);
    spi_setup(52, 0x80, 0);
    wr32(GICD + 0xc00 + 52 / 16 * 4, 0);             /* level */
    gic_set_irq_level(m->gic, 0, 52, true);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 52);
    msr(c0, "ICC_EOIR1_EL1", 52);
    assert_true(line(c0, CPU_LINE_IRQ));             /* still asserted: pending again */
    gic_set_irq_level(m->gic, 0, 52, false);
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 1023);
}

static void test_eoimode1(void **state)
{
    (void)state;
    cpuif_on(c0);
    spi_setup(50, 0xa0, 0);
    /* Without EOImode, ICC_DIR_EL1 is UNPREDICTABLE (ignored here) and EOIR deactivates. */
    gic_set_irq_level(m->gic, 0, 50, true);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 50);
    msr(c0, "ICC_EOIR0_EL1", 50);                    /* wrong group: ignored */
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xa0);
    msr(c0, "ICC_DIR_EL1", 50);
    assert_true(rd32(GICD + 0x300 + 4) & (1u << 18));
    msr(c0, "ICC_EOIR1_EL1", 50);
    assert_false(rd32(GICD + 0x300 + 4) & (1u << 18));
    gic_set_irq_level(m->gic, 0, 50, false);

    msr(c0, "ICC_CTLR_EL1", 2);                      /* EOImode */
    assert_int_equal(mrs(c0, "ICC_CTLR_EL1") & 2, 2);
    assert_int_equal((mrs(c0, "ICC_CTLR_EL1") >> 8) & 7, 4); /* PRIbits: 5 bits */
    gic_set_irq_level(m->gic, 0, 50, true);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 50);
    msr(c0, "ICC_EOIR1_EL1", 50);
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xff);  /* priority dropped ... */
    assert_true(rd32(GICD + 0x300 + 4) & (1u << 18)); /* ... still active */
    gic_set_irq_level(m->gic, 0, 50, false);
    gic_set_irq_level(m->gic, 0, 50, true);
    assert_false(line(c0, CPU_LINE_IRQ));            /* an active interrupt is not signalled */
    msr(c0, "ICC_DIR_EL1", 50);
    assert_false(rd32(GICD + 0x300 + 4) & (1u << 18));
    assert_true(line(c0, CPU_LINE_IRQ));
}

static void test_sgi_between_cores(void **state)
{
    (void)state;
    cpuif_on(c0);
    cpuif_on(c1);
    wr32(GICR(1) + SGI_BASE + 0x100, 1u << 3);       /* enable SGI 3 on core 1 */
    wr32(GICR(0) + SGI_BASE + 0x100, 1u << 3);
    msr(c0, "ICC_SGI1R_EL1", 3ull << 24 | 2);        /* INTID 3, TargetList = Aff0 1 */
    assert_true(line(c1, CPU_LINE_IRQ));
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c1, "ICC_IAR1_EL1"), 3);
    msr(c1, "ICC_EOIR1_EL1", 3);
    /* IRM: every core but the sender */
    msr(c1, "ICC_SGI1R_EL1", 3ull << 24 | 1ull << 40);
    assert_true(line(c0, CPU_LINE_IRQ));
    assert_false(line(c1, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 3);
    /* Non-secure software cannot raise a Group 0 SGI (GICR_NSACR = 0) */
    msr(c0, "ICC_SGI0R_EL1", 4ull << 24 | 2);
    assert_int_equal(rd32(GICR(1) + SGI_BASE + 0x200) & (1u << 4), 0);
}

static void test_group0_fiq(void **state)
{
    (void)state;
    cpuif_on(c0);
    spi_setup(53, 0x40, 0);
    wr32(GICD + 0x80 + 4, ~(1u << 21));             /* INTID 53 in Group 0 */
    wr32(GICD, rd32(GICD) | 1);                      /* EnableGrp0 */
    msr(c0, "ICC_IGRPEN0_EL1", 1);
    gic_set_irq_level(m->gic, 0, 53, true);
    assert_true(line(c0, CPU_LINE_FIQ));             /* Group 0 is FIQ */
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 1023);
    assert_int_equal(mrs(c0, "ICC_HPPIR0_EL1"), 53);
    assert_int_equal(mrs(c0, "ICC_IAR0_EL1"), 53);
    msr(c0, "ICC_EOIR0_EL1", 53);
    /* Group 1 Non-secure is FIQ at EL3 */
    spi_setup(54, 0x40, 0);
    gic_set_irq_level(m->gic, 0, 54, true);
    assert_true(line(c0, CPU_LINE_IRQ));
    set_el(c0, EL3);
    assert_true(line(c0, CPU_LINE_FIQ));
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c0, "ICC_IAR0_EL1"), 1021); /* EL3 sees a Non-secure Group 1 HPPI */
    set_el(c0, EL2);
    assert_true(line(c0, CPU_LINE_IRQ));
    /* SCR_EL3.FIQ traps Group 0 registers to EL3, SCR_EL3.IRQ Group 1's */
    c0->sr.scr_el3 |= SCR_EL3_FIQ;
    assert_int_equal(check(c0, "ICC_IAR0_EL1", true), SYSREG_TRAP_EL3);
    assert_int_equal(check(c0, "ICC_IAR1_EL1", true), SYSREG_OK);
    c0->sr.scr_el3 |= SCR_EL3_IRQ;
    assert_int_equal(check(c0, "ICC_IAR1_EL1", true), SYSREG_TRAP_EL3);
    assert_int_equal(check(c0, "ICC_PMR_EL1", true), SYSREG_TRAP_EL3);
}

static void test_ppi_from_timer_input(void **state)
{
    (void)state;
    cpuif_on(c1);
    wr8(GICR(1) + SGI_BASE + 0x400 + 27, 0x90);
    wr32(GICR(1) + SGI_BASE + 0x100, 1u << 27);
    gic_set_irq_level(m->gic, 1, 27, true);          /* the virtual timer's PPI on core 1 */
    assert_true(line(c1, CPU_LINE_IRQ));
    assert_false(line(c0, CPU_LINE_IRQ));
    assert_int_equal(mrs(c1, "ICC_IAR1_EL1"), 27);
}

/* ---- Virtual CPU interface ---- */

static void vcpu_on(struct cpu *c)
{
    msr(c, "ICH_HCR_EL2", 1);                         /* En */
    msr(c, "ICH_VMCR_EL2", 0xf8ull << 24 | 2);        /* VPMR 0xf8, VENG1 */
    c->sr.hcr_el2 |= HCR_EL2_IMO | HCR_EL2_FMO;
}

static void test_lr_injection_matches_qemu(void **state)
{
    (void)state;
    assert_int_equal(mrs(c0, "ICH_VTR_EL2"), 0x90b80003);
    vcpu_on(c0);
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | 100);
    assert_true(line(c0, CPU_LINE_VIRQ));
    assert_false(line(c0, CPU_LINE_VFIQ));
    assert_int_equal(mrs(c0, "ICH_ELRSR_EL2"), 0xe);
    set_el(c0, EL1);
    assert_int_equal(mrs(c0, "ICC_HPPIR1_EL1"), 100);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 100);
    assert_false(line(c0, CPU_LINE_VIRQ));
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xa0);  /* ICV_RPR_EL1 */
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_LR0_EL2") & LR_STATE, LR_ACTIVE);
    assert_int_equal(mrs(c0, "ICH_AP1R0_EL2"), 1u << (0xa0 >> 3));
    set_el(c0, EL1);
    msr(c0, "ICC_EOIR1_EL1", 100);
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_LR0_EL2"), 0x10A0000000000064ull);
    assert_int_equal(mrs(c0, "ICH_ELRSR_EL2"), 0xf);
    assert_int_equal(mrs(c0, "ICH_AP1R0_EL2"), 0);
    /* The physical interface was never involved. */
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xff);
}

static void test_virtual_priorities_and_group0(void **state)
{
    (void)state;
    vcpu_on(c0);
    msr(c0, "ICH_VMCR_EL2", 0x90ull << 24 | 3);      /* VPMR 0x90, VENG0, VENG1 */
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0x90) | 40);
    assert_false(line(c0, CPU_LINE_VIRQ));           /* masked by VPMR */
    msr(c0, "ICH_LR1_EL2", LR_PENDING | LR_PRIO(0x20) | 41); /* Group 0 */
    assert_true(line(c0, CPU_LINE_VFIQ));
    set_el(c0, EL1);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 1023); /* the HPPI is Group 0 */
    assert_int_equal(mrs(c0, "ICC_IAR0_EL1"), 41);
    assert_false(line(c0, CPU_LINE_VFIQ));
    msr(c0, "ICC_PMR_EL1", 0xf8);                     /* ICV_PMR_EL1 = VMCR.VPMR */
    assert_false(line(c0, CPU_LINE_VIRQ));           /* 0x90 does not preempt 0x20 */
    msr(c0, "ICC_EOIR0_EL1", 41);
    assert_true(line(c0, CPU_LINE_VIRQ));
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_VMCR_EL2") >> 24, 0xf8);
}

static void test_lr_hw_deactivates_physical(void **state)
{
    (void)state;
    cpuif_on(c0);
    msr(c0, "ICC_CTLR_EL1", 2);                      /* the hypervisor uses EOImode 1 */
    spi_setup(55, 0xa0, 0);
    gic_set_irq_level(m->gic, 0, 55, true);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 55);
    msr(c0, "ICC_EOIR1_EL1", 55);                    /* priority drop only */
    assert_true(rd32(GICD + 0x300 + 4) & (1u << 23));
    vcpu_on(c0);
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0x80) | LR_PINTID(55) | 70);
    set_el(c0, EL1);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 70);
    msr(c0, "ICC_EOIR1_EL1", 70);
    assert_false(rd32(GICD + 0x300 + 4) & (1u << 23)); /* the physical SPI is deactivated */
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_LR0_EL2") & LR_STATE, 0);
    assert_int_equal(mrs(c0, "ICH_ELRSR_EL2") & 1, 1);
}

static void test_virtual_eoimode1(void **state)
{
    (void)state;
    vcpu_on(c0);
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | 44);
    set_el(c0, EL1);
    msr(c0, "ICC_CTLR_EL1", 2);                      /* ICV_CTLR_EL1.EOImode = VMCR.VEOIM */
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 44);
    msr(c0, "ICC_EOIR1_EL1", 44);
    assert_int_equal(mrs(c0, "ICC_RPR_EL1"), 0xff);  /* dropped ... */
    set_el(c0, EL2);
    assert_true(mrs(c0, "ICH_VMCR_EL2") & (1u << 9));
    assert_int_equal(mrs(c0, "ICH_LR0_EL2") & LR_STATE, LR_ACTIVE); /* ... still active */
    set_el(c0, EL1);
    msr(c0, "ICC_DIR_EL1", 44);                      /* ICV_DIR_EL1 */
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_LR0_EL2") & LR_STATE, 0);
    assert_int_equal(mrs(c0, "ICH_HCR_EL2") >> 27, 0); /* matched: no EOIcount */
}

static bool maint_pending(struct cpu *c)
{
    return rd32(GICR(c->index) + SGI_BASE + 0x200) & (1u << 25); /* GICR_ISPENDR0 */
}

static void test_maintenance_conditions(void **state)
{
    (void)state;
    vcpu_on(c0);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 0);
    assert_false(maint_pending(c0));

    /* EOI: an LR with EOI = 1 (HW = 0) deactivated */
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_EOI | LR_GROUP1 | LR_PRIO(0x80) | 33);
    set_el(c0, EL1);
    assert_int_equal(mrs(c0, "ICC_IAR1_EL1"), 33);
    msr(c0, "ICC_EOIR1_EL1", 33);
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_EISR_EL2"), 1);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 1);    /* EOI */
    assert_int_equal(mrs(c0, "ICH_ELRSR_EL2"), 0xe); /* LR0 holds the EOI request */
    assert_true(maint_pending(c0));
    msr(c0, "ICH_LR0_EL2", 0);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 0);
    assert_false(maint_pending(c0));

    /* LRENP: an EOI that no LR matches counts in EOIcount */
    msr(c0, "ICH_HCR_EL2", 1 | 4);
    c0->sr.hcr_el2 |= HCR_EL2_IMO;
    msr(c0, "ICH_AP1R0_EL2", 1u << 16);
    set_el(c0, EL1);
    msr(c0, "ICC_EOIR1_EL1", 77);
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICH_HCR_EL2") >> 27, 1);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 4);    /* LRENP */
    assert_true(maint_pending(c0));

    /* U: no more than one valid LR; NP: no pending LR */
    msr(c0, "ICH_HCR_EL2", 1 | 2);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 2);
    msr(c0, "ICH_LR1_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 34);
    msr(c0, "ICH_LR2_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 35);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 0);
    msr(c0, "ICH_HCR_EL2", 1 | 8);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 0);
    msr(c0, "ICH_LR1_EL2", 0);
    msr(c0, "ICH_LR2_EL2", 0);
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 8);    /* NP */

    /* VGrp0E/D, VGrp1E/D follow ICH_VMCR_EL2.VENG0/1 */
    msr(c0, "ICH_HCR_EL2", 1 | 0xf0);
    msr(c0, "ICH_VMCR_EL2", 0xf8ull << 24 | 1);       /* VENG0 */
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 0x10 | 0x80);
    msr(c0, "ICH_VMCR_EL2", 0xf8ull << 24 | 2);       /* VENG1 */
    assert_int_equal(mrs(c0, "ICH_MISR_EL2"), 0x20 | 0x40);
    /* En = 0: no maintenance interrupt */
    msr(c0, "ICH_HCR_EL2", 0xf0);
    assert_false(maint_pending(c0));
}

static void test_ich_hcr_traps(void **state)
{
    (void)state;
    vcpu_on(c0);
    set_el(c0, EL1);
    assert_int_equal(check(c0, "ICC_IAR1_EL1", true), SYSREG_OK);
    assert_int_equal(check(c0, "ICC_SGI1R_EL1", false), SYSREG_TRAP_EL2); /* IMO/FMO */
    c0->sr.hcr_el2 &= ~(HCR_EL2_IMO | HCR_EL2_FMO);
    assert_int_equal(check(c0, "ICC_SGI1R_EL1", false), SYSREG_OK);
    uint32_t bits[] = { 1u << 10, 1u << 11, 1u << 12, 1u << 14 };
    const char *reg[] = { "ICC_PMR_EL1", "ICC_IAR0_EL1", "ICC_IAR1_EL1", "ICC_DIR_EL1" };
    const char *other[] = { "ICC_IAR1_EL1", "ICC_IAR1_EL1", "ICC_IAR0_EL1", "ICC_IAR1_EL1" };
    for (unsigned n = 0; n < 4; n++) {
        set_el(c0, EL2);
        msr(c0, "ICH_HCR_EL2", 1 | bits[n]);
        set_el(c0, EL1);
        assert_int_equal(check(c0, reg[n], n != 3), SYSREG_TRAP_EL2);
        assert_int_equal(check(c0, other[n], true), SYSREG_OK);
    }
    /* EL2 itself is never trapped by ICH_HCR_EL2 */
    set_el(c0, EL2);
    assert_int_equal(check(c0, "ICC_PMR_EL1", true), SYSREG_OK);
    /* ICH_ registers are UNDEFINED below EL2 */
    set_el(c0, EL1);
    assert_int_equal(check(c0, "ICH_HCR_EL2", true), SYSREG_UNDEFINED);
}

static void test_icv_redirection(void **state)
{
    (void)state;
    /* A physical interrupt pending at EL1 without IMO is seen by ICC_IAR1_EL1 ... */
    cpuif_on(c0);
    spi_setup(50, 0xa0, 0);
    gic_set_irq_level(m->gic, 0, 50, true);
    msr(c0, "ICH_HCR_EL2", 1);
    msr(c0, "ICH_VMCR_EL2", 0xf8ull << 24 | 2);
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 90);
    set_el(c0, EL1);
    assert_int_equal(mrs(c0, "ICC_HPPIR1_EL1"), 50);
    /* ... and with IMO the same access reads the virtual interface. */
    c0->sr.hcr_el2 |= HCR_EL2_IMO;
    assert_int_equal(mrs(c0, "ICC_HPPIR1_EL1"), 90);
    assert_int_equal(mrs(c0, "ICC_IGRPEN1_EL1"), 1); /* VMCR.VENG1 */
    assert_int_equal(mrs(c0, "ICC_BPR1_EL1"), 3);
    /* Group 0 registers follow FMO, not IMO */
    msr(c0, "ICC_BPR0_EL1", 5);
    set_el(c0, EL2);
    assert_int_equal(mrs(c0, "ICC_BPR0_EL1"), 5);    /* the physical BPR0 */
    assert_int_equal((mrs(c0, "ICH_VMCR_EL2") >> 21) & 7, 2);
}

/* Through the instruction: MRS x1, ICC_IAR1_EL1 (0xd538cc01: op0 3, op1 0, CRn 12, CRm 12, op2 0)
 * at EL1 reads the virtual interface under IMO, and traps to EL2 with EC 0x18 under TALL1. */
static void test_mrs_iar1_at_el1(void **state)
{
    (void)state;
    const uint64_t code = 0x1000, vbar_el2 = 0x20000;
    vcpu_on(c0);
    msr(c0, "ICH_LR0_EL2", LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 0x1234);
    c0->sr.vbar_el2 = vbar_el2;
    assert_true(bus_write(&m->bus, code, 4, 0xd538cc01));
    c0->pc = code;
    c0->pstate.i = c0->pstate.f = 1;
    set_el(c0, EL1);
    assert_int_equal(cpu_run(c0, 1), 1);
    assert_int_equal(c0->x[1], 0x1234);
    assert_int_equal(c0->pc, code + 4);

    set_el(c0, EL2);
    msr(c0, "ICH_HCR_EL2", 1 | 1u << 12);            /* TALL1 */
    c0->pc = code;
    set_el(c0, EL1);
    assert_int_equal(cpu_run(c0, 1), 1);
    assert_int_equal(c0->pstate.el, EL2);
    assert_int_equal(c0->pc, vbar_el2 + 0x400);      /* lower EL, AArch64, synchronous */
    /* EC 0x18, IL, ISS: Op0 3, Op2 0, Op1 0, CRn 12, Rt 1, CRm 12, read */
    assert_int_equal(c0->sr.esr_el2, 0x18u << 26 | 1u << 25 | 3u << 20 | 12u << 10 | 1u << 5 | 12u << 1 | 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identification, setup, teardown),
        cmocka_unit_test_setup_teardown(test_firmware_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nonsecure_priority_view, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spi_priority_preemption, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_point, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_sensitive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eoimode1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sgi_between_cores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group0_fiq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ppi_from_timer_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lr_injection_matches_qemu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virtual_priorities_and_group0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lr_hw_deactivates_physical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virtual_eoimode1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_maintenance_conditions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ich_hcr_traps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_icv_redirection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mrs_iar1_at_el1, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
