/* The GIC-500 (GICv3 architecture, Arm IHI 0069) as built into the Versal APU: distributor,
 * one redistributor per core, the system-register CPU interface (ICC_*) and the virtual CPU
 * interface (ICH_*, ICV_*), with security extensions.
 *
 * Devices and timers raise interrupts with gic_set_irq_level(); the GIC drives each core's
 * IRQ/FIQ/vIRQ/vFIQ lines with cpu_set_line() (sim/cpu/irq.h). The ICC_/ICH_ registers are rows of
 * the system-register table (sysreg_area_gic, registered in sim/cpu/sysreg.c).
 */
#ifndef A72SIM_GIC_GIC_H
#define A72SIM_GIC_GIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../bus.h"

struct machine;
struct gic;

#define GIC_NUM_INTIDS 224          /* GICD_TYPER.ITLinesNumber = 6: SGIs, PPIs and 192 SPIs */
#define GICD_SIZE 0x10000
#define GICR_FRAME_SIZE 0x20000      /* RD_base + SGI_base, per core */

/* Create the GIC for the machine's cores, in its reset state. NULL if host memory is short. */
struct gic *gic_create(struct machine *m);
void gic_destroy(struct gic *g);

/* Leave the GIC as EL3 firmware (TF-A) does for a Non-secure hypervisor: every interrupt in
 * Group 1 Non-secure, affinity routing on, redistributors awake, SRE set for EL3/EL2. */
void gic_firmware_setup(struct gic *g);

/* Set the input level of an interrupt: an SGI/PPI (intid < 32) of core cpu, or an SPI (cpu is
 * ignored). Edge-triggered interrupts latch pending on a rising level. */
void gic_set_irq_level(struct gic *g, unsigned cpu, unsigned intid, bool level);

/* The core changed Exception level or Security state (exception entry, ERET, a write of
 * SCR_EL3): whether its Group 1 interrupts are IRQs or FIQs depends on both (Arm IHI 0069,
 * "Interrupt assignment to IRQ and FIQ signals"), so its lines are recomputed. */
void gic_core_state_changed(struct gic *g, unsigned cpu);

/* Snapshots (sim/snapshot): the GIC's whole state (distributor, redistributors, CPU interfaces,
 * virtual interfaces) as gic_state_size() bytes of this build's layout. Loading accepts any bytes
 * (a damaged file): flags are made 0 or 1; the cores' lines are part of the cores' state. */
size_t gic_state_size(void);
void gic_state_save(const struct gic *g, void *buf);
void gic_state_load(struct gic *g, const void *buf);

/* The distributor's and redistributors' MMIO (opaque = the struct gic). An access is Secure or
 * Non-secure as its bus attributes say; reads have no side effects, debug writes are refused. */
extern const struct device_ops gicd_ops;
extern const struct device_ops gicr_ops;

/* --gic-lrs: implement only n list registers (1..4; ICH_VTR_EL2.ListRegs reports n - 1, the
 * others are UNDEFINED). Before the run. False when n is out of range. */
bool gic_set_list_registers(struct gic *g, unsigned n);
unsigned gic_list_registers(const struct gic *g);

/* Side-effect-free reads for the checks (sim/check/): ICH_LR<n>_EL2 of core cpu, whether intid is
 * active, whether any virtual priority is active (ICH_AP0R0/ICH_AP1R0), whether the maintenance
 * interrupt is asserted. */
uint64_t gic_peek_lr(const struct gic *g, unsigned cpu, unsigned n);
bool gic_peek_active(struct gic *g, unsigned cpu, unsigned intid);
bool gic_peek_virtual_active(const struct gic *g, unsigned cpu);
bool gic_peek_maintenance(const struct gic *g, unsigned cpu);

#endif
