/* The system-register table: the single truth for MRS/MSR, SYS/SYSL (DC, IC, AT, TLBI), the shell's
 * `info sysregs`, completion and traces (docs/design.md).
 *
 * One row per register or system instruction, grouped in one area per file (sysreg_el1.c,
 * sysreg_el2.c, ...), in the shape of QEMU's ARMCPRegInfo: encoding, name, reset value, RES0/RES1
 * masks, an access check that implements the register's traps, and read/write functions where
 * plain storage is not enough. sysreg.c gathers the areas listed in sysreg_areas[]; a new area
 * (the GIC's ICC_/ICH_ rows in sim/gic/) defines a struct sysreg_area and is added there.
 *
 * An access is checked in the order of the Arm ARM's pseudocode: min_el (below it: UNDEFINED),
 * then the row's access function (its own traps to EL1/EL2/EL3, and UNDEFINED cases that depend
 * on state), then the read or write.
 */
#ifndef A72SIM_CPU_SYSREG_H
#define A72SIM_CPU_SYSREG_H

#include <stddef.h>
#include <stdint.h>

#include "insn.h"
#include "sysreg_bits.h"

/* The encoding of an MRS/MSR/SYS operand: op0:op1:CRn:CRm:op2 packed as in the instruction
 * word's bits 20:5 (op0 in bits 15:14 of the key). */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    ((uint32_t)(op0) << 14 | (uint32_t)(op1) << 11 | (uint32_t)(crn) << 7 | (uint32_t)(crm) << 3 | (uint32_t)(op2))
static inline uint32_t sysreg_key_from_word(uint32_t word) { return (word >> 5) & 0xffff; }
static inline unsigned sysreg_key_op0(uint32_t key) { return key >> 14; }
static inline unsigned sysreg_key_op1(uint32_t key) { return (key >> 11) & 7; }
static inline unsigned sysreg_key_crn(uint32_t key) { return (key >> 7) & 15; }
static inline unsigned sysreg_key_crm(uint32_t key) { return (key >> 3) & 15; }
static inline unsigned sysreg_key_op2(uint32_t key) { return key & 7; }

/* The IMPLEMENTATION DEFINED encoding space: op0 = 0b01 or 0b11 with CRn = 0b1x11 (HCR_EL2.TIDCP). */
static inline bool sysreg_key_is_impdef(uint32_t key)
{
    unsigned op0 = sysreg_key_op0(key), crn = sysreg_key_crn(key);
    return (op0 == 1 || op0 == 3) && (crn == 11 || crn == 15);
}

/* What an access check decides. */
enum sysreg_access {
    SYSREG_OK,
    SYSREG_UNDEFINED,     /* UNDEFINED at this EL in this state */
    SYSREG_TRAP_EL1,      /* trapped to EL1 (an EL0 access controlled by an EL1 register), EC 0x18 */
    SYSREG_TRAP_EL2,      /* trapped to EL2 (HCR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2, ...), EC 0x18 */
    SYSREG_TRAP_EL3,      /* trapped to EL3 (SCR_EL3, CPTR_EL3, MDCR_EL3), EC 0x18 */
    SYSREG_TRAP_FP,       /* subject to AArch64.CheckFPAdvSIMDEnabled(): FPCR/FPSR. The access goes
                             ahead when SIMD/FP is enabled, else aarch64_check_fp_enabled() takes
                             the CPACR_EL1/CPTR_ELx trap (EC 0x07, or 0x00 to EL2 with TGE). */
};

struct sysreg_info;
typedef enum sysreg_access (*sysreg_access_fn)(struct cpu *c, const struct sysreg_info *r, bool is_read);
typedef uint64_t (*sysreg_read_fn)(struct cpu *c, const struct sysreg_info *r);
/* A write function receives the value with RES0/RES1 already applied. It returns true when the
 * write may change what the run loop samples between blocks (translation, interrupt state): the
 * MSR then ends the block. */
typedef bool (*sysreg_write_fn)(struct cpu *c, const struct sysreg_info *r, uint64_t value);
/* A system instruction (SYS; SYSL uses read): returns EXEC_NEXT, EXEC_JUMP when it took an
 * exception (the PC is at the vector), or EXEC_END_BLOCK when the block must end (the caller then
 * advances the PC). */
typedef enum exec_status (*sysreg_op_fn)(struct cpu *c, const struct sysreg_info *r, uint64_t xt);
/* A reset value that depends on the core (VMPIDR_EL2 = MPIDR_EL1). */
typedef uint64_t (*sysreg_reset_fn)(const struct cpu *c);

enum sysreg_flags {
    SYSREG_RO = 1u << 0,        /* MSR is UNDEFINED */
    SYSREG_WO = 1u << 1,        /* MRS is UNDEFINED */
    SYSREG_INSN = 1u << 2,      /* a system instruction (SYS/SYSL): DC, IC, AT, TLBI */
    SYSREG_NO_STORAGE = 1u << 3,/* offset is unused: read/write functions do everything */
    SYSREG_END_BLOCK = 1u << 4, /* every write ends the block (traps, interrupt masks, ...) */
    SYSREG_FLUSH_TLB = 1u << 5, /* a write may change a translation: flush the fast TLB, end the block */
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
    sysreg_op_fn op;            /* SYSREG_INSN rows executed by SYS */
    sysreg_reset_fn reset_fn;   /* NULL: reset to .reset */
};

/* The rows of one area (one file), in any order: sysreg.c sorts an index over all of them. */
struct sysreg_area {
    const char *name;
    const struct sysreg_info *rows;
    unsigned count;
};
#define SYSREG_AREA(var, area_name, row_array) \
    const struct sysreg_area var = { area_name, row_array, sizeof(row_array) / sizeof((row_array)[0]) }

extern const struct sysreg_area sysreg_area_special;  /* sysreg_special.c: PSTATE, ELR/SPSR/SP, FPCR/FPSR */
extern const struct sysreg_area sysreg_area_id;       /* sysreg_id.c: identification and cache ID */
extern const struct sysreg_area sysreg_area_el1;      /* sysreg_el1.c */
extern const struct sysreg_area sysreg_area_el2;      /* sysreg_el2.c */
extern const struct sysreg_area sysreg_area_el3;      /* sysreg_el3.c */
extern const struct sysreg_area sysreg_area_debug;    /* sysreg_debug.c */
extern const struct sysreg_area sysreg_area_pmu;      /* sysreg_pmu.c */
extern const struct sysreg_area sysreg_area_timer;    /* sysreg_timer.c */
extern const struct sysreg_area sysreg_area_impdef;   /* sysreg_impdef.c: Cortex-A72 IMPLEMENTATION DEFINED */
extern const struct sysreg_area sysreg_area_sys;      /* sysreg_sys.c: DC, IC, AT, TLBI */
extern const struct sysreg_area sysreg_area_gic;      /* sim/gic/gic_cpuif.c: ICC_, ICH_ (ICV_) */

/* The row of an encoding, or NULL (an unallocated or unimplemented register: UNDEFINED). */
const struct sysreg_info *sysreg_lookup(uint32_t key);
/* The row of an architectural name such as "HCR_EL2" (case-insensitive), or NULL. */
const struct sysreg_info *sysreg_by_name(const char *name);
/* Call fn for every row, in encoding order (for the shell and tests). */
void sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg);

/* Put every register of the core at its reset value. */
void sysreg_reset(struct cpu *c);

/* The value a row holds for the core (no access checks), and a write with no checks (RES0/RES1
 * applied, the row's write function called): for the shell, the loader's boot state and tests.
 * System instructions have no value: get returns 0 and set does nothing. */
uint64_t sysreg_get(struct cpu *c, const struct sysreg_info *r);
void sysreg_set(struct cpu *c, const struct sysreg_info *r, uint64_t value);
/* MSR's write: RES0/RES1, the row's write function or storage, the fast-TLB contexts the change can
 * make stale, derived state, and the observers. True when the write must end the block. */
bool sysreg_write(struct cpu *c, const struct sysreg_info *r, uint64_t value);

/* The storage of a row that has one. */
static inline uint64_t *sysreg_storage(struct cpu *c, const struct sysreg_info *r)
{
    return (uint64_t *)(void *)((char *)c + r->offset);
}

/* Helpers for the areas. */

/* The read function of a constant register (no storage): its .reset value. */
uint64_t sysreg_read_const(struct cpu *c, const struct sysreg_info *r);

/* Where an EL0 access trapped by an EL1 control goes: EL1, or EL2 when HCR_EL2.TGE routes EL0's
 * exceptions there (the "if EL2Enabled() && HCR_EL2.TGE == '1'" arm of the pseudocode). */
static inline enum sysreg_access sysreg_el0_trap(const struct cpu *c)
{
    return el2_enabled(c) && (c->sr.hcr_el2 & HCR_EL2_TGE) ? SYSREG_TRAP_EL2 : SYSREG_TRAP_EL1;
}
/* EL2Enabled() && HCR_EL2.<bits> != 0 */
static inline bool sysreg_hcr_traps(const struct cpu *c, uint64_t bits)
{
    return el2_enabled(c) && (c->sr.hcr_el2 & bits);
}
/* MDCR_EL2 bits as EL1 and EL0 see them: HCR_EL2.TGE or MDCR_EL2.TDE make TDE, TDA, TDOSA and
 * TDRA behave as 1 (Arm ARM, MDCR_EL2.TDE). 0 when EL2 is not enabled. */
uint64_t sysreg_effective_mdcr_el2(const struct cpu *c);

#endif
