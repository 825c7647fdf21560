/* Debug accesses: what a debugger, an observer or a trace exporter reads and writes of a machine
 * from outside it. A debug access charges no cycles, fills no TLB, counts no statistic, raises
 * nothing in the guest and has no device side effect (a device read that would have one is
 * refused). Writes go through machine_write_phys(), like every write from outside a core. */
#ifndef A72SIM_DEBUG_H
#define A72SIM_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "mmu/mmu.h"

/* A fresh walk of va in the regime of idx (stage 1, and stage 2 unless stage1_only), as AT would
 * do it but invisible to the guest; the result or the fault is in *t. */
void debug_translate(struct cpu *c, enum mmu_idx idx, uint64_t va, enum mmu_access acc, bool stage1_only,
                     struct translation *t);

/* Physical memory: RAM, and device registers that can be read without a side effect. */
bool debug_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len, bool secure) WUR;
/* Virtual memory in the regime of idx, page by page; false at the first page that does not
 * translate or is not readable. */
bool debug_read_virt(struct cpu *c, enum mmu_idx idx, uint64_t va, void *buf, size_t len) WUR;
/* Writes: RAM only (devices refuse debug writes). */
bool debug_write_phys(struct machine *m, uint64_t pa, const void *buf, size_t len) WUR;
bool debug_write_virt(struct cpu *c, enum mmu_idx idx, uint64_t va, const void *buf, size_t len) WUR;

#endif
