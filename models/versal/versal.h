/* The Versal APU board model: memory map, devices, and the state the boot firmware leaves
 * (docs/board.md). */
#ifndef A72SIM_MODELS_VERSAL_H
#define A72SIM_MODELS_VERSAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dev/pl011.h"
#include "machine.h"

/* Physical memory map */
#define VERSAL_DDR_LOW_BASE   0x00000000ull
#define VERSAL_DDR_LOW_MAX    0x80000000ull   /* 2 GiB */
#define VERSAL_DDR_HIGH_BASE  0x800000000ull
#define VERSAL_GICD_BASE      0xF9000000ull
#define VERSAL_GICR_BASE      0xF9080000ull
#define VERSAL_UART0_BASE     0xFF000000ull
#define VERSAL_UART1_BASE     0xFF010000ull
#define VERSAL_OCM_BASE       0xFFFC0000ull
#define VERSAL_OCM_SIZE       0x40000ull      /* 256 KiB */

/* Interrupts (INTID = 32 + SPI) */
#define VERSAL_UART0_INTID    50              /* SPI 18 */
#define VERSAL_UART1_INTID    51              /* SPI 19 */

/* Identification */
#define VERSAL_MIDR           0x410FD083ull   /* Cortex-A72 r0p3 */
#define VERSAL_MPIDR(n)       (0x80000000ull | (uint64_t)(n))
#define VERSAL_CNTFRQ         100000000ull    /* 100 MHz, as TF-A programs it */
#define VERSAL_CPU_HZ         1700000000ull   /* APU clock of the fastest speed grades */

/* The generic timers' PPIs (Arm BSA / Linux "arm,armv8-timer" order: secure, non-secure, virtual,
 * hyp) and the UARTs' SPIs. */
#define VERSAL_PPI_CNTHP      26
#define VERSAL_PPI_CNTV       27
#define VERSAL_PPI_CNTPS      29
#define VERSAL_PPI_CNTP       30
/* The PMU's overflow interrupt (Linux "arm,cortex-a72-pmu"). */
#define VERSAL_PPI_PMU        23

struct versal_config {
    unsigned ncpus;        /* cores in the cluster the model builds (1 or 2) */
    uint64_t ddr_size;     /* bytes of DDR: up to 2 GiB low, the rest at DDR high */
    FILE *uart0_out;       /* UART0 transmit (stdout) */
    FILE *uart1_out;       /* UART1 transmit (stderr or NULL) */
};

/* Build the machine: cores at reset, RAM and devices on the bus. NULL if host memory is short. */
struct machine *versal_create(const struct versal_config *cfg);

/* Send UART n's (0 or 1) output to out (NULL: discard), replacing the configured stream. */
void versal_set_uart_output(struct machine *m, unsigned n, FILE *out);
/* The board's UART n (0 or 1), for the console to connect its input. */
struct pl011 *versal_uart(struct machine *m, unsigned n);

/* Put core 0 at entry in the state the board's boot leaves: non-secure EL2 as TF-A enters a
 * hypervisor (el3 false; x0 = dtb) or secure EL3 at reset (el3 true). Other cores stay off. */
void versal_boot(struct machine *m, uint64_t entry, bool el3, uint64_t dtb);

/* The board's boot state of one core (versal_boot's per-core part; PSCI CPU_ON reuses it). */
void versal_boot_cpu(struct cpu *c, bool el3);

#endif
