/* The system-register table: the single truth for MRS/MSR, SYS/SYSL (DC, IC, AT, TLBI), the shell's
 * `info sysregs`, completion and traces (shared/DESIGN.md, "The core").
 *
 * One row per register or system instruction, grouped in one file per area (sysreg_el1.c,
 * sysreg_el2.c, ...), in the shape of QEMU's ARMCPRegInfo: encoding, name, reset value, RES0/RES1
 * masks, an access check that implements the register's traps, and read/write functions where
 * plain storage is not enough.
 */
#ifndef A72SIM_CPU_SYSREG_H
#define A72SIM_CPU_SYSREG_H

#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

/* The encoding of an MRS/MSR/SYS operand: op0:op1:CRn:CRm:op2 packed as in the instruction
 * word's bits 20:5 (op0 in bits 15:14 of the key). */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    ((uint32_t)(op0) << 14 | (uint32_t)(op1) << 11 | (uint32_t)(crn) << 7 | (uint32_t)(crm) << 3 | (uint32_t)(op2))
static inline uint32_t sysreg_key_from_word(uint32_t word) { return (word >> 5) & 0xffff; }

/* What an access check decides. */
enum sysreg_access {
    SYSREG_OK,
    SYSREG_UNDEFINED,     /* UNDEFINED at this EL */
    SYSREG_TRAP_EL1,      /* trapped to EL1 (an EL0 access controlled by an EL1 register) */
    SYSREG_TRAP_EL2,      /* trapped to EL2 (HCR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2, ...) */
    SYSREG_TRAP_EL3,      /* trapped to EL3 (SCR_EL3, CPTR_EL3, MDCR_EL3) */
    SYSREG_TRAP_FP,       /* a SIMD/FP access trap (FPCR/FPSR): EC 0x07 via aarch64_check_fp_enabled */
    SYSREG_TRAP_EL2_UNCATEGORIZED, /* e.g. EL0 access routed to EL2 by TGE as EC 0 */
};

struct sysreg_info;
typedef enum sysreg_access (*sysreg_access_fn)(struct cpu *c, const struct sysreg_info *r, bool is_read);
typedef uint64_t (*sysreg_read_fn)(struct cpu *c, const struct sysreg_info *r);
/* A write function returns true when the write may change what the run loop samples between
 * blocks (translation, interrupt state): the MSR then ends the block. */
typedef bool (*sysreg_write_fn)(struct cpu *c, const struct sysreg_info *r, uint64_t value);

enum sysreg_flags {
    SYSREG_RO = 1u << 0,        /* MSR is UNDEFINED */
    SYSREG_WO = 1u << 1,        /* MRS is UNDEFINED */
    SYSREG_INSN = 1u << 2,      /* a system instruction (SYS/SYSL): DC, IC, AT, TLBI */
    SYSREG_NO_STORAGE = 1u << 3,/* offset is unused: read/write functions do everything */
};

struct sysreg_info {
    const char *name;
    uint32_t key;               /* SYSREG_KEY() */
    uint8_t min_el;             /* lowest EL with access (before traps), 0..3 */
    unsigned flags;
    uint64_t reset;
    uint64_t res0, res1;        /* bits that read as 0 / 1 and ignore writes */
    size_t offset;              /* offsetof(struct cpu, ...) of the storage, when it has one */
    sysreg_access_fn access;    /* traps beyond min_el; NULL: none */
    sysreg_read_fn read;        /* NULL: read the storage */
    sysreg_write_fn write;      /* NULL: write the storage with RES0/RES1 applied */
};

/* The row of an encoding, or NULL (an unallocated or unimplemented register: UNDEFINED). */
const struct sysreg_info *sysreg_lookup(uint32_t key);
/* The row of an architectural name such as "HCR_EL2" (case-insensitive), or NULL. */
const struct sysreg_info *sysreg_by_name(const char *name);
/* Call fn for every row, in encoding order (for the shell and tests). */
void sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg);

/* Put every register of the core at its reset value. */
void sysreg_reset(struct cpu *c);

/* The value a row holds for the core (no access checks), and a write with no checks: for the
 * shell, the loader's boot state and tests. */
uint64_t sysreg_get(struct cpu *c, const struct sysreg_info *r);
void sysreg_set(struct cpu *c, const struct sysreg_info *r, uint64_t value);

#endif
