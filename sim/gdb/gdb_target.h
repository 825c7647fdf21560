/* What gdb sees of a core: the target description (XML) and its registers by gdb's numbers.
 *
 * The numbering follows the XML: x0-x30 (0-30), sp (31), pc (32), cpsr (33) in
 * org.gnu.gdb.aarch64.core; v0-v31 (34-65), fpsr (66), fpcr (67) in org.gnu.gdb.aarch64.fpu; then
 * every system register of the simulator's table (sim/cpu/sysreg.h, through inspect's debugger
 * accessors) by its architectural name in lower case, 64 bits each, in org.a72sim.sysregs. */
#ifndef A72SIM_GDB_TARGET_H
#define A72SIM_GDB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;
struct sysreg_info;

enum {
    GDB_REG_X0 = 0,
    GDB_REG_SP = 31,
    GDB_REG_PC = 32,
    GDB_REG_CPSR = 33,
    GDB_REG_V0 = 34,
    GDB_REG_FPSR = 66,
    GDB_REG_FPCR = 67,
    GDB_REG_SYSREG0 = 68,
};

/* Bytes of the registers that the `g` packet carries (x0 .. fpcr): the system registers are read
 * one by one with `p`, as gdb does for registers beyond the end of a short `g` reply. */
#define GDB_G_BYTES (31 * 8 + 8 + 8 + 4 + 32 * 16 + 4 + 4)

struct gdb_target {
    const struct sysreg_info **sysregs;
    unsigned nsysregs;
    char *xml;
    size_t xml_len;
};

/* Build the description; false when host memory runs out. */
bool gdb_target_init(struct gdb_target *t);
void gdb_target_free(struct gdb_target *t);

unsigned gdb_target_nregs(const struct gdb_target *t);
/* Read register regnum of core c into buf (little-endian, as gdb expects of AArch64): its size in
 * bytes, 0 when it cannot be read without a side effect (gdb shows it as unavailable), -1 for a
 * number that is no register. */
int gdb_reg_read(const struct gdb_target *t, struct cpu *c, unsigned regnum, uint8_t *buf);
/* Write register regnum from size bytes: false for an unknown register, a wrong size, or a
 * register a debugger may not write (read-only, or a write with a side effect beyond its value). */
bool gdb_reg_write(const struct gdb_target *t, struct cpu *c, unsigned regnum, const uint8_t *buf, size_t size);
/* gdb's number of a register name (case-insensitive), or -1. */
int gdb_reg_number(const struct gdb_target *t, const char *name);

#endif
