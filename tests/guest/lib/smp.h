/* Hypervisor-boot helpers of the guest tests (image.ld + smp_start.S + smp.c): PSCI over SMC, the
 * second core, the GIC-500 at its Versal addresses, interrupt hooks, the generic timers. */
#ifndef A72SIM_GUEST_SMP_H
#define A72SIM_GUEST_SMP_H

#include "test.h"

extern uint64_t boot_x0; /* x0 at entry: the DTB address on the hypervisor boot */

/* ---- PSCI (DEN0022) ---- */
#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON_64      0xC4000003u
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_FEATURES       0x8400000Au
#define PSCI_SUCCESS        0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_ALREADY_ON     (-4)
#define AFF_ON 0
#define AFF_OFF 1
#define AFF_ON_PENDING 2
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* Start core 1 (MPIDR affinity 1) at EL2 running fn(); it turns itself off when fn returns. */
int64_t smp_start_cpu1(void (*fn)(void));
/* What core 1 found on entry from CPU_ON, before setting anything: CurrentEL, DAIF, SCTLR_EL2. */
extern volatile uint64_t secondary_entry_state[3];
/* Wait until AFFINITY_INFO says core 1 is off; false on timeout. */
bool smp_wait_cpu1_off(void);
static inline unsigned cpu_id(void) { return (unsigned)(read_sysreg(mpidr_el1) & 0xff); }

/* ---- GIC-500 ---- */
#define GICD_BASE 0xF9000000ul
#define GICR_BASE(cpu) (0xF9080000ul + (uint64_t)(cpu) * 0x20000)
#define GICR_SGI_BASE(cpu) (GICR_BASE(cpu) + 0x10000)
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICR_WAKER 0x0014
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ISPENDR0 0x0200
#define GICR_ICPENDR0 0x0280
#define GICR_ISACTIVER0 0x0300
#define GICR_ICACTIVER0 0x0380
#define GICR_IPRIORITYR 0x0400
static inline uint32_t mmio_read32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint8_t mmio_read8(uint64_t a) { return *(volatile uint8_t *)a; }
/* Distributor (ARE_NS, EnableGrp1A) once, and this core's redistributor awake and its CPU interface
 * enabled at EL2 and EL1 (SRE, PMR 0xFF, Group 1 on, EOImode 0). */
void gic_init_dist(void);
void gic_init_cpu(void);
/* This core's SGI/PPI `intid`: Group 1, priority as written by a Non-secure access, enabled. */
void gic_enable_ppi(unsigned intid, uint8_t ns_priority);
void gic_disable_ppi(unsigned intid);
static inline bool gic_ppi_pending(unsigned cpu, unsigned intid)
{
    return (mmio_read32(GICR_SGI_BASE(cpu) + GICR_ISPENDR0) >> intid) & 1;
}
static inline bool gic_ppi_active(unsigned cpu, unsigned intid)
{
    return (mmio_read32(GICR_SGI_BASE(cpu) + GICR_ISACTIVER0) >> intid) & 1;
}
/* ICC_SGI1R_EL1: INTID 27:24, Aff1 23:16 (0), TargetList 15:0 */
static inline void gic_send_sgi(unsigned intid, unsigned target_list)
{
    write_sysreg(S3_0_C12_C11_5, ((uint64_t)intid << 24) | target_list);
    isb();
}
#define read_iar1() read_sysreg(S3_0_C12_C12_0)
#define write_eoir1(v) write_sysreg(S3_0_C12_C12_1, (v))
#define write_dir(v) write_sysreg(S3_0_C12_C11_1, (v))
#define read_rpr() read_sysreg(S3_0_C12_C11_3)
#define read_pmr() read_sysreg(S3_0_C4_C6_0)
#define write_pmr(v) write_sysreg(S3_0_C4_C6_0, (v))
#define read_icc_ctlr() read_sysreg(S3_0_C12_C12_4)
#define write_icc_ctlr(v) write_sysreg(S3_0_C12_C12_4, (v))
#define write_igrpen1(v) write_sysreg(S3_0_C12_C12_7, (v))
#define read_hppir1() read_sysreg(S3_0_C12_C12_2)
#define INTID_SPURIOUS 1023

/* ---- interrupts ---- */
/* Called by the IRQ/FIQ vectors of smp_start.S with the EL taken to and the vector offset. */
typedef void (*irq_hook_fn)(unsigned el, unsigned offset);
extern irq_hook_fn irq_hook[2];   /* per core; NULL: the interrupt counts as a failure */
extern volatile unsigned irq_unexpected, irq_unexpected_intid;
extern char irq_vectors_el1[], irq_vectors_el2[];
/* Set VBAR_EL2/EL1 of this core to the interrupt-capable vectors. */
void irq_vectors_install(void);
#define irq_enable() __asm__ volatile("msr daifclr, #2" ::: "memory")
#define irq_disable() __asm__ volatile("msr daifset, #2" ::: "memory")

/* ---- timers ---- */
#define INTID_MAINT 25
#define INTID_CNTHP 26
#define INTID_CNTV 27
#define INTID_CNTP 30
#define CNT_ENABLE 1u
#define CNT_IMASK 2u
#define CNT_ISTATUS 4u
static inline uint64_t cntpct(void) { isb(); return read_sysreg(cntpct_el0); }
/* In spin loops: YIELD, a hint (a NOP on the A72) that makes QEMU's single-threaded round-robin
 * (-icount) switch to the other core instead of spinning out its time slice. */
static inline void cpu_relax(void) { __asm__ volatile("yield" ::: "memory"); }
/* Spin for `ticks` counter ticks. */
void delay_ticks(uint64_t ticks);
/* Spin until *flag is non-zero or half a second of counter time passed; returns *flag != 0. */
bool wait_flag(volatile uint64_t *flag);

#define HCR_IMO (1ull << 4)
#define HCR_FMO (1ull << 3)

#endif
