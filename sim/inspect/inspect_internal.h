/* What the inspection views share (sim/inspect/). */
#ifndef A72SIM_INSPECT_INTERNAL_H
#define A72SIM_INSPECT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "inspect.h"

struct machine;
struct cpu;

/* The core of that number, or NULL after a line saying there is none. */
struct cpu *inspect_core(FILE *f, struct machine *m, unsigned core);

/* A MAIR-format attribute byte as text ("Normal oWB iWB", "Device-nGnRE"); returns buf. */
const char *inspect_mair_name(uint8_t attr, char *buf, size_t len);
/* SH[1:0] as text. */
const char *inspect_sh_name(unsigned sh);
/* "4 KiB", "2 MiB", ... in buf; returns buf. */
const char *inspect_size_name(uint64_t size, char buf[24]);
/* The attributes and permissions of a leaf descriptor (stage 1 with mair, or stage 2) on one line,
 * without a newline; two_levels: EL1&0's AP/PXN/UXN meanings. */
void inspect_describe_leaf(FILE *f, uint64_t desc, bool stage2, bool two_levels, uint64_t mair);
/* ICH_LR<n>_EL2 decoded on one line, without a newline. */
void inspect_print_lr(FILE *f, uint64_t lr);
/* A DFSC/IFSC as text ("translation fault, level 3"). */
const char *inspect_fsc_name(unsigned fsc);
/* A debug walk of va in regime r (no cycles, no statistics, no TLB), its steps in log when not NULL. */
struct translation;
struct mmu_walk_log;
void inspect_debug_walk(struct cpu *c, enum inspect_regime r, uint64_t va, int acc, struct translation *t,
                        struct mmu_walk_log *log);
/* What kind of descriptor desc is at level, as AArch64.TranslationTableWalk decodes it. */
enum inspect_desc_kind { DESC_INVALID, DESC_RESERVED, DESC_BLOCK_NOT_HERE, DESC_TABLE, DESC_BLOCK, DESC_PAGE };
enum inspect_desc_kind inspect_desc_kind(uint64_t desc, int level, unsigned grain);
/* The address bits below a level's index: log2 of the size a descriptor there maps. */
unsigned inspect_level_lsb(unsigned grain, int level);

#endif
