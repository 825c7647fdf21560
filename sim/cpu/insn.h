/* Decoded A64 instructions and the encoding table.
 *
 * Every instruction word is decoded once into a struct insn: a handler and the operands it needs,
 * already extracted. The encodings are data (Spike's idea): each group of the A64 encoding index
 * contributes rows of {mask, match, name, decode function}; decode.c picks the row by the
 * top-level op0 field (bits 28:25) and then by mask/match, and the row's decode function checks the
 * group's remaining unallocated combinations and fills the struct insn.
 */
#ifndef A72SIM_CPU_INSN_H
#define A72SIM_CPU_INSN_H

#include <stdint.h>

#include "cpu.h"

struct insn;

typedef enum exec_status (*exec_fn)(struct cpu *c, const struct insn *i);

/* A decoded instruction: 32 bytes, two to a cache line, 1024 to a code page. */
struct insn {
    exec_fn exec;
    int64_t imm;         /* immediate, offset or other constant, pre-shifted / sign-extended */
    uint32_t raw;        /* the instruction word */
    uint8_t rd, rn, rm, ra; /* register fields (ra also Rt2 / Rs where an encoding has one) */
    uint8_t sf;          /* 1 for 64-bit operation */
    uint8_t op;          /* handler-specific sub-operation (shift type, condition, size, ...) */
    uint8_t op2;         /* handler-specific second selector (extend, amount, flags, ...) */
    uint8_t cost;        /* bits 5:0 the static A72 cost in cycles (timing.h; dynamic penalties are
                            extra), bits 7:6 the branch class (enum branch_class) */
    uint32_t aux;        /* handler-specific: e.g. a memory access's descriptor (mem.h) */
};

_Static_assert(sizeof(struct insn) == 32, "struct insn should stay 32 bytes");

/* What kind of branch an instruction is, for a branch predictor: the run loop sees whether it was
 * taken (EXEC_JUMP) or not (EXEC_NEXT), and tells an exception or ERET apart by the core's
 * exceptions_taken / exception_returns counters. */
enum branch_class {
    BRANCH_NONE = 0,
    BRANCH_DIRECT = 1u << 6,   /* B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ */
    BRANCH_INDIRECT = 2u << 6, /* BR, BLR */
    BRANCH_RETURN = 3u << 6,   /* RET */
};
#define INSN_COST_MASK 0x3fu
static inline unsigned insn_cost(const struct insn *i) { return i->cost & INSN_COST_MASK; }
static inline unsigned insn_branch_class(const struct insn *i) { return i->cost & ~INSN_COST_MASK; }

/* Result of decoding one word. */
enum decode_result {
    DECODE_OK,            /* allocated and implemented: insn->exec is set */
    DECODE_UNALLOCATED,   /* not an A64 instruction: UNDEFINED */
    DECODE_UNIMPLEMENTED, /* allocated in ARMv8.0-A but not implemented yet: UNDEFINED in the guest */
};

/* A row of the encoding table. */
struct a64_encoding {
    uint32_t mask, match;
    const char *name;
    /* Checks the row's remaining constraints and fills *i (exec, operands, cost). */
    enum decode_result (*decode)(struct insn *i, uint32_t word);
};

/* Each encoding group exports its rows; decode.c gathers them. */
struct a64_encoding_group {
    const char *name;
    const struct a64_encoding *rows;
    unsigned count;
};

extern const struct a64_encoding_group a64_group_dp_imm;    /* a64_dp_imm.c */
extern const struct a64_encoding_group a64_group_dp_reg;    /* a64_dp_reg.c */
extern const struct a64_encoding_group a64_group_ldst;      /* a64_ldst.c */
extern const struct a64_encoding_group a64_group_branch_sys;/* a64_branch_sys.c */
extern const struct a64_encoding_group a64_group_fp;        /* a64_fp.c: scalar floating point */
extern const struct a64_encoding_group a64_group_simd;      /* a64_simd.c: Advanced SIMD */
extern const struct a64_encoding_group a64_group_crypto;    /* a64_crypto.c: AES, SHA */
extern const struct a64_encoding_group a64_group_sysreg;    /* a64_sysreg.c: MRS, MSR (register), SYS, SYSL */

/* Decode one word into *i. Unallocated and unimplemented words get the UNDEFINED handler. */
enum decode_result a64_decode(struct insn *i, uint32_t word);
/* The row that matches word, or NULL: for tools (overlap tests, the disassembler's names). */
const struct a64_encoding *a64_find_encoding(uint32_t word);
/* All groups, for tests. */
extern const struct a64_encoding_group *const a64_groups[];
extern const unsigned a64_group_count;

/* The handler of every word that is UNDEFINED: raises the Undefined Instruction exception. */
enum exec_status exec_undefined(struct cpu *c, const struct insn *i);

/* Field extraction. */
static inline uint32_t bits(uint32_t w, unsigned hi, unsigned lo)
{
    return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}
static inline uint32_t bit(uint32_t w, unsigned n) { return (w >> n) & 1; }
static inline int64_t sign_extend(uint64_t v, unsigned width)
{
    return (int64_t)(v << (64 - width)) >> (64 - width);
}

/* ConditionHolds() */
static inline int condition_holds(const struct cpu *c, unsigned cond)
{
    int r;
    switch (cond >> 1) {
    case 0: r = c->pstate.z; break;
    case 1: r = c->pstate.c; break;
    case 2: r = c->pstate.n; break;
    case 3: r = c->pstate.v; break;
    case 4: r = c->pstate.c && !c->pstate.z; break;
    case 5: r = c->pstate.n == c->pstate.v; break;
    case 6: r = c->pstate.n == c->pstate.v && !c->pstate.z; break;
    default: r = 1; break;
    }
    if ((cond & 1) && cond != 15)
        r = !r;
    return r;
}

#endif
