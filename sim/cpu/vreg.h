/* Lane access to the SIMD&FP registers V0-V31 (c->v[n][0] holds bits 63:0, [1] bits 127:64).
 *
 * The Advanced SIMD handlers read every source register whole into a local struct vreg before they
 * write anything, so that Vd == Vn (or Vm) aliasing reads the old value as the pseudocode's
 * "operand1 = V[n]" does, and write the result back whole. Element e of esize bits (8 << sz)
 * sits at bits (e + 1) * esize - 1 : e * esize, as Elem[] says.
 */
#ifndef A72SIM_CPU_VREG_H
#define A72SIM_CPU_VREG_H

#include <stdint.h>
#include <string.h>

#include "cpu.h"

/* A 128-bit vector value. */
struct vreg {
    union {
        uint64_t d[2];
        uint32_t s[4];
        uint16_t h[8];
        uint8_t b[16];
    };
};

static inline struct vreg vreg_read(const struct cpu *c, unsigned n)
{
    struct vreg r;
    r.d[0] = c->v[n][0];
    r.d[1] = c->v[n][1];
    return r;
}

/* V[d] = value; a 64-bit vector (q = 0) or scalar write zeroes bits 127:64. */
static inline void vreg_write(struct cpu *c, unsigned n, const struct vreg *r, unsigned q)
{
    c->v[n][0] = r->d[0];
    c->v[n][1] = q ? r->d[1] : 0;
}

/* Elem[vector, e, 8 << sz], zero-extended (little-endian host, as the simulator requires). */
static inline uint64_t elem_get(const struct vreg *r, unsigned e, unsigned sz)
{
    switch (sz) {
    case 0: return r->b[e];
    case 1: return r->h[e];
    case 2: return r->s[e];
    default: return r->d[e];
    }
}

/* Elem[vector, e, 8 << sz] = value (the value's bits above esize are dropped). */
static inline void elem_set(struct vreg *r, unsigned e, unsigned sz, uint64_t v)
{
    switch (sz) {
    case 0: r->b[e] = (uint8_t)v; break;
    case 1: r->h[e] = (uint16_t)v; break;
    case 2: r->s[e] = (uint32_t)v; break;
    default: r->d[e] = v; break;
    }
}

/* The element, sign-extended from esize bits. */
static inline int64_t elem_get_s(const struct vreg *r, unsigned e, unsigned sz)
{
    switch (sz) {
    case 0: return (int8_t)r->b[e];
    case 1: return (int16_t)r->h[e];
    case 2: return (int32_t)r->s[e];
    default: return (int64_t)r->d[e];
    }
}

/* The operands of pairwise result element e: elements 2k and 2k + 1 of Vn for the first half
 * results (k = e), of Vm for the others (k = e - half); half = results / 2, or 1 for the scalar
 * forms (Vm = Vn, one result). */
static inline void pair_operands(const struct vreg *n, const struct vreg *m, unsigned e, unsigned half,
                                 unsigned sz, uint64_t *a, uint64_t *b)
{
    const struct vreg *src = e < half ? n : m;
    unsigned k = 2 * (e < half ? e : e - half);
    *a = elem_get(src, k, sz);
    *b = elem_get(src, k + 1, sz);
}

/* A zeroed vector, for results built element by element. */
static inline struct vreg vreg_zero(void)
{
    struct vreg r;
    memset(&r, 0, sizeof(r));
    return r;
}

#endif
