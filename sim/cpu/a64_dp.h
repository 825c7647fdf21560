/* Pieces of the integer data-processing pseudocode shared by a64_dp_imm.c and a64_dp_reg.c. */
#ifndef A72SIM_CPU_A64_DP_H
#define A72SIM_CPU_A64_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "insn.h"

/* ROR(x, r) for 0 <= r < N. */
static inline uint64_t ror64(uint64_t x, unsigned r)
{
    return (x >> r) | (x << ((64 - r) & 63));
}
static inline uint32_t ror32(uint32_t x, unsigned r)
{
    return (x >> r) | (x << ((32 - r) & 31));
}

/* AddWithCarry() for N = 64, writing PSTATE.NZCV: returns x + y + carry_in. */
static inline uint64_t add_with_carry64(struct cpu *c, uint64_t x, uint64_t y, unsigned carry_in)
{
    uint64_t r = x + y + carry_in;
    c->pstate.n = (uint8_t)(r >> 63);
    c->pstate.z = r == 0;
    /* The unsigned sum wrapped iff the result is below x (or equal to it, with a carry in). */
    c->pstate.c = carry_in ? r <= x : r < x;
    c->pstate.v = (uint8_t)(((x ^ r) & (y ^ r)) >> 63);
    return r;
}

/* AddWithCarry() for N = 32, writing PSTATE.NZCV: returns the 32-bit sum, zero-extended. */
static inline uint64_t add_with_carry32(struct cpu *c, uint32_t x, uint32_t y, unsigned carry_in)
{
    uint64_t wide = (uint64_t)x + y + carry_in;
    uint32_t r = (uint32_t)wide;
    c->pstate.n = (uint8_t)(r >> 31);
    c->pstate.z = r == 0;
    c->pstate.c = (uint8_t)(wide >> 32);
    c->pstate.v = (uint8_t)(((x ^ r) & (y ^ r)) >> 31);
    return r;
}

/* The flags of the logical flag-setting instructions (ANDS, BICS, TST): N and Z from the
 * result, C and V cleared. */
static inline void set_logical_flags64(struct cpu *c, uint64_t r)
{
    c->pstate.n = (uint8_t)(r >> 63);
    c->pstate.z = r == 0;
    c->pstate.c = 0;
    c->pstate.v = 0;
}
static inline void set_logical_flags32(struct cpu *c, uint32_t r)
{
    c->pstate.n = (uint8_t)(r >> 31);
    c->pstate.z = r == 0;
    c->pstate.c = 0;
    c->pstate.v = 0;
}

/* The handler of a result-only instruction whose destination is XZR: it has no architectural
 * effect, so nothing is computed. */
static inline enum exec_status exec_result_discarded(struct cpu *c, const struct insn *i)
{
    (void)c;
    (void)i;
    return EXEC_NEXT;
}

/* DecodeBitMasks(immN, imms, immr, immediate, M): false where the pseudocode is UNDEFINED
 * (the reserved element sizes, and an all-ones S for a logical immediate). */
bool decode_bit_masks(unsigned imm_n, unsigned imms, unsigned immr, bool immediate, unsigned m,
                      uint64_t *wmask, uint64_t *tmask);

#endif
