/* The board's flattened device tree, built with libfdt for an EL2 boot (Linux's arm64 booting
 * protocol: X0 = the blob's physical address).
 *
 * Nodes: cpus (one "arm,cortex-a72" per core, reg = MPIDR affinity, enable-method "psci"),
 * memory (DDR low, and DDR high when --mem passes 2 GiB), the GIC-500 ("arm,gic-v3": GICD, one
 * GICR frame per core, maintenance interrupt PPI 9), the generic timer ("arm,armv8-timer", PPIs
 * 13/14/11/10 = INTIDs 29/30/27/26), UART0/1 ("arm,pl011", SPIs 18/19, a 100 MHz fixed clock),
 * psci ("arm,psci-1.0", "arm,psci-0.2", method "smc"), chosen (stdout-path serial0, bootargs)
 * and aliases (serial0, serial1).
 */
#ifndef A72SIM_MODELS_VERSAL_DTB_H
#define A72SIM_MODELS_VERSAL_DTB_H

#include <stddef.h>
#include <stdint.h>

#include "boot/boot.h"
#include "loader.h"
#include "versal.h"

#define VERSAL_DTB_ALIGN (2ull << 20)   /* the blob sits at the start of a free 2 MiB block */

/* Build the blob for cfg with bootargs (NULL: none). A malloc'd blob (size in *size), or NULL
 * when host memory is short. */
void *versal_dtb_create(const struct versal_config *cfg, const char *bootargs, size_t *size);

/* Where the blob goes: the start of the highest 2 MiB-aligned block of DDR low where its size
 * bytes overlap no loaded image (l's ranges). False when there is none. */
bool versal_dtb_place(const struct versal_config *cfg, const struct loader *l, size_t size, uint64_t *addr);

/* Add what a kernel finds in /chosen to the blob *fdt (reallocated; *size updated): bootargs when
 * not NULL, linux,initrd-start/-end (64-bit) for an initrd, and for each boot module a node
 * module@ADDR with compatible "multiboot,TYPE", "multiboot,module" ("xen,xsm-policy" for type
 * xsm; just "multiboot,module" without a type), reg = <addr size> in two cells each (set on
 * /chosen as #address-cells/#size-cells) and its bootargs. Works on the board's blob and on a
 * --dtb one. False when host memory is short or the blob is damaged. */
bool versal_dtb_add_chosen(const struct boot_config *bc, const char *bootargs, void **fdt, size_t *size);

#endif
