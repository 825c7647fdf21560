#include "versal.h"

#include <stdlib.h>

#include "cpu/sysreg_bits.h"
#include "dev/pl011.h"
#include "cpu/timer.h"
#include "gic/gic.h"
#include "psci.h"
#include "semihost.h"

/* A device's interrupt output wired to one GIC input. */
struct irq_wire {
    struct gic *gic;
    unsigned intid;
};

struct versal_board {
    struct pl011 uart[2];
    struct irq_wire uart_irq[2];
};

/* A core's timer output drives its PPI in the GIC. */
static void versal_timer_line(struct cpu *c, unsigned timer, bool level)
{
    static const unsigned ppi[4] = {
        [TIMER_CNTP] = VERSAL_PPI_CNTP, [TIMER_CNTV] = VERSAL_PPI_CNTV,
        [TIMER_CNTHP] = VERSAL_PPI_CNTHP, [TIMER_CNTPS] = VERSAL_PPI_CNTPS,
    };
    gic_set_irq_level(c->machine->gic, (unsigned)c->index, ppi[timer & 3], level);
}

/* A core's PMU overflow interrupt drives its PPI. */
static void versal_pmu_line(struct cpu *c, bool level)
{
    gic_set_irq_level(c->machine->gic, (unsigned)c->index, VERSAL_PPI_PMU, level);
}

/* SEV reaches every core of the cluster. */
static void versal_send_event(struct cpu *c) { machine_send_event(c->machine); }

static const struct cpu_ports versal_ports = {
    .timer_line = versal_timer_line,
    .firmware_call = psci_call,
    .semihosting_call = semihosting_call,
    .send_event = versal_send_event,
    .pmu_line = versal_pmu_line,
};
static void versal_set_spi(void *opaque, bool level)
{
    struct irq_wire *w = opaque;
    gic_set_irq_level(w->gic, 0, w->intid, level);
}

struct pl011 *versal_uart(struct machine *m, unsigned n)
{
    return n < 2 ? &((struct versal_board *)m->board)->uart[n] : NULL;
}

struct machine *versal_create(const struct versal_config *cfg)
{
    struct machine *m = machine_create(cfg->ncpus ? cfg->ncpus : 2);
    struct versal_board *board = calloc(1, sizeof(*board));
    if (!m || !board)
        goto fail;
    m->board = board;
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        c->config.midr = VERSAL_MIDR;
        c->config.mpidr = VERSAL_MPIDR(n);
        c->config.cntfrq_hz = VERSAL_CNTFRQ;
        c->config.clock_hz = VERSAL_CPU_HZ;
        c->ports = &versal_ports;
    }

    uint64_t low = cfg->ddr_size < VERSAL_DDR_LOW_MAX ? cfg->ddr_size : VERSAL_DDR_LOW_MAX;
    if (!bus_add_ram(&m->bus, "ddr-low", VERSAL_DDR_LOW_BASE, low))
        goto fail;
    if (cfg->ddr_size > low && !bus_add_ram(&m->bus, "ddr-high", VERSAL_DDR_HIGH_BASE, cfg->ddr_size - low))
        goto fail;
    if (!bus_add_ram(&m->bus, "ocm", VERSAL_OCM_BASE, VERSAL_OCM_SIZE))
        goto fail;

    m->gic = gic_create(m);
    if (!m->gic || !bus_add_device(&m->bus, "gicd", VERSAL_GICD_BASE, GICD_SIZE, &gicd_ops, m->gic) ||
        !bus_add_device(&m->bus, "gicr", VERSAL_GICR_BASE, GICR_FRAME_SIZE * m->ncpus, &gicr_ops, m->gic))
        goto fail;

    pl011_reset(&board->uart[0], cfg->uart0_out);
    pl011_reset(&board->uart[1], cfg->uart1_out);
    for (unsigned n = 0; n < 2; n++) {
        board->uart_irq[n] = (struct irq_wire){ m->gic, n ? VERSAL_UART1_INTID : VERSAL_UART0_INTID };
        pl011_connect_irq(&board->uart[n], versal_set_spi, &board->uart_irq[n]);
    }
    if (!bus_add_device(&m->bus, "uart0", VERSAL_UART0_BASE, PL011_SIZE, &pl011_ops, &board->uart[0]) ||
        !bus_add_device(&m->bus, "uart1", VERSAL_UART1_BASE, PL011_SIZE, &pl011_ops, &board->uart[1]))
        goto fail;
    return m;

fail:
    if (m)
        m->board = NULL;
    machine_destroy(m);
    free(board);
    return NULL;
}

void versal_set_uart_output(struct machine *m, unsigned n, FILE *out)
{
    struct versal_board *board = m->board;
    board->uart[n & 1].out = out;
}

void versal_boot_cpu(struct cpu *c, bool el3)
{
    c->config.firmware_el3 = !el3;
    c->sr.cntfrq_el0 = VERSAL_CNTFRQ;
    c->sr.vpidr_el2 = VERSAL_MIDR;
    c->sr.vmpidr_el2 = VERSAL_MPIDR((unsigned)c->index);
    if (el3)
        return; /* the architectural reset state: Secure EL3, everything for firmware to set */
    /* What TF-A leaves for the non-secure EL2 image it enters (bl31 el3 exit): EL2 and
     * AArch64 below EL3, SMC enabled, no interrupt routed to EL3, EL1 allowed the physical
     * counter and timer. */
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_HCE | SCR_EL3_RW | 0x30; /* bits 5:4 are RES1 */
    c->sr.hcr_el2 = HCR_EL2_RW;
    c->sr.cnthctl_el2 = 3;   /* EL1PCTEN, EL1PCEN */
    c->pstate.el = EL2;
    c->pstate.sp = 1;
    cpu_update_derived(c);
}

void versal_boot(struct machine *m, uint64_t entry, bool el3, uint64_t dtb)
{
    /* Without a guest EL3 the simulator plays the firmware's part: PSCI over SMC (sim/psci.c). */
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        c->powered_off = n != 0;
        versal_boot_cpu(c, el3);
    }
    if (!el3)
        gic_firmware_setup(m->gic);
    struct cpu *c0 = m->cpus[0];
    c0->pc = entry;
    c0->x[0] = el3 ? 0 : dtb;
}
