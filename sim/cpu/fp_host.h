/* The host-FP fast path of fpcore.c (docs/fp.md). On an x86-64 host with FMA3, single and double
 * FADD, FSUB, FMUL, FDIV, FSQRT and FMADD run on the host's FP unit when the result is provably the
 * one the Arm ARM's pseudocode gives:
 * - FPCR.RMode is round to nearest even, the host's rounding mode (a72sim never changes MXCSR);
 * - every operand is a normal number (no zero, denormal, infinity or NaN), so FZ, DN and the NaN
 *   rules cannot matter and no invalid operation or division by zero arises (FSQRT: positive);
 * - the result is normal, finite and above the smallest normal in magnitude: then the exact value
 *   was not tiny before rounding (no underflow, nothing for FZ to flush) and did not overflow.
 * IEEE 754 then defines the same correctly rounded value as FPRound. The one flag left, inexact,
 * comes from an error-free transformation, not from the host's sticky flags (reading and clearing
 * MXCSR costs ~60 ns a time, more than the integer path):
 * - add/subtract: Fast2Sum (the operand with the larger exponent first) gives the exact rounding
 *   error s + e = a + b; inexact iff e != 0 (the operands below 2^(emax - 1), so that no step can
 *   overflow);
 * - multiply, divide, square root: the residual x*y - q, x - q*y, x - q*q, computed exactly by one
 *   fused multiply-add when it cannot underflow (checked on the exponents); inexact iff != 0;
 * - fused multiply-add r = a + x*y: TwoProd gives x*y = p + pe, Fast2Sum gives r - a = d + de (a, r
 *   below 2^(emax - 1)), both
 *   pairs normalised (p = RN(p + pe), d = RN(d + de)); two normalised pairs are equal iff the reals
 *   are, so r is exact iff p == d and pe == de.
 * Anything else returns false and the caller takes the integer path, exact in every case. On other
 * hosts fp_host() always returns false. test_fpcore compares both paths on random operands.
 */
#ifndef A72SIM_CPU_FP_HOST_H
#define A72SIM_CPU_FP_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fpcore.h"

enum fp_host_op { FP_HOST_ADD, FP_HOST_SUB, FP_HOST_MUL, FP_HOST_DIV, FP_HOST_SQRT, FP_HOST_FMA };

extern bool fp_host_enabled;   /* true unless a test or measurement turns the fast path off */

#if defined(__x86_64__)

extern bool fp_host_has_fma;   /* the host has FMA3 and AVX (checked once at start-up) */

/* The biased exponent of a normal operand (1 .. max - 1), or 0 when it is not normal. */
static inline unsigned fp_host_exp(uint64_t op, unsigned n)
{
    unsigned e = n == 64 ? (unsigned)(op >> 52 & 0x7ff) : (unsigned)(op >> 23 & 0xff);
    unsigned max = n == 64 ? 0x7ff : 0xff;
    return e == max ? 0 : e;
}

/* The result is normal and finite, and above the smallest normal in magnitude. */
static inline bool fp_host_result_ok(uint64_t r, unsigned n)
{
    if (n == 64)
        return ((r & 0x7fffffffffffffffull) - 0x0010000000000001ull) <
               0x7ff0000000000000ull - 0x0010000000000001ull;
    return ((r & 0x7fffffffu) - 0x00800001u) < 0x7f800000u - 0x00800001u;
}

/* The formats as types, for one generic body. */
#define FP_HOST_BODY(T, FMA, SQRT_INSN, BIAS_SUM_MIN, SAFE)                                         \
    T x, y, z, q;                                                                                   \
    memcpy(&x, &xa, sizeof(T));                                                                     \
    memcpy(&y, &xb, sizeof(T));                                                                     \
    memcpy(&z, &xc, sizeof(T));                                                                     \
    bool inexact;                                                                                   \
    switch (op) {                                                                                   \
    case FP_HOST_ADD:                                                                               \
    case FP_HOST_SUB: {                                                                             \
        if (ea > SAFE || eb > SAFE)                                                                 \
            return false;                                                                           \
        if (op == FP_HOST_SUB)                                                                      \
            y = -y;                                                                                 \
        q = x + y;    /* Fast2Sum: exact error y - (q - x) when |x| >= |y| (ea >= eb) */          \
        inexact = (ea >= eb ? y - (q - x) : x - (q - y)) != 0;                                      \
        break;                                                                                      \
    }                                                                                               \
    case FP_HOST_MUL:                                                                               \
        if (ea + eb < BIAS_SUM_MIN)                                                                 \
            return false;                                                                           \
        q = x * y;                                                                                  \
        inexact = FMA(x, y, -q) != 0;                                                               \
        break;                                                                                      \
    case FP_HOST_DIV:                                                                               \
        q = x / y;                                                                                  \
        if (fp_host_exp(fp_host_bits_##T(q), sizeof(T) * 8) + eb < BIAS_SUM_MIN)                   \
            return false;                                                                           \
        inexact = FMA(-q, y, x) != 0;                                                               \
        break;                                                                                      \
    case FP_HOST_SQRT:                                                                              \
        __asm__(SQRT_INSN " %1, %0" : "=x"(q) : "x"(x));                                            \
        if (2 * fp_host_exp(fp_host_bits_##T(q), sizeof(T) * 8) < BIAS_SUM_MIN)                    \
            return false;                                                                           \
        inexact = FMA(-q, q, x) != 0;                                                               \
        break;                                                                                      \
    default: { /* x + y * z */                                                                      \
        if (eb + ec < BIAS_SUM_MIN || ea > SAFE)                                                    \
            return false;                                                                           \
        q = FMA(y, z, x);                                                                           \
        if (fp_host_exp(fp_host_bits_##T(q), sizeof(T) * 8) > SAFE)                                \
            return false;                                                                           \
        T p = y * z;                                                                                \
        T pe = FMA(y, z, -p); /* TwoProd: y * z = p + pe */                                         \
        T d = q - x;          /* Fast2Sum: q - x = d + de, the larger first */                      \
        T de = fp_host_exp(fp_host_bits_##T(q), sizeof(T) * 8) >= ea ? -x - (d - q) : q - (d + x);  \
        if (!fp_host_result_ok(fp_host_bits_##T(p), sizeof(T) * 8) ||                              \
            !fp_host_result_ok(fp_host_bits_##T(d), sizeof(T) * 8))                                \
            return false;                                                                           \
        inexact = !(p == d && pe == de);                                                            \
        break;                                                                                      \
    }                                                                                               \
    }                                                                                               \
    uint64_t r = fp_host_bits_##T(q);                                                               \
    if (!fp_host_result_ok(r, sizeof(T) * 8))                                                       \
        return false;                                                                               \
    if (inexact)                                                                                    \
        *fpsr |= FPSR_IXC;                                                                          \
    *result = r;                                                                                    \
    return true

static inline uint64_t fp_host_bits_double(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static inline uint64_t fp_host_bits_float(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

/* Operands normal, exponents ea, eb, ec (biased). Inlined into one function per operation (below)
 * so that op is a constant. */
__attribute__((target("fma"), always_inline)) static inline bool
fp_host64(enum fp_host_op op, uint64_t xa, uint64_t xb, uint64_t xc, unsigned ea, unsigned eb,
          unsigned ec, uint32_t *fpsr, uint64_t *result)
{
    /* The residual of a product of lsb weights 2^(ea-1075) * 2^(eb-1075) is representable when
     * that is at least 2^-1074: ea + eb >= 1076. */
    FP_HOST_BODY(double, __builtin_fma, "sqrtsd", 1076u, 0x7fcu);
}

__attribute__((target("fma"), always_inline)) static inline bool
fp_host32(enum fp_host_op op, uint64_t xa64, uint64_t xb64, uint64_t xc64, unsigned ea, unsigned eb,
          unsigned ec, uint32_t *fpsr, uint64_t *result)
{
    uint32_t xa = (uint32_t)xa64, xb = (uint32_t)xb64, xc = (uint32_t)xc64;
    /* As above for singles: 2^(ea-150) * 2^(eb-150) >= 2^-149: ea + eb >= 151. */
    FP_HOST_BODY(float, __builtin_fmaf, "sqrtss", 151u, 0xfcu);
}

#define FP_HOST_OP(name, op)                                                                        \
    __attribute__((target("fma"))) static inline bool fp_host64_##name(                            \
        uint64_t a, uint64_t b, uint64_t c, unsigned ea, unsigned eb, unsigned ec, uint32_t *fpsr,  \
        uint64_t *result)                                                                           \
    {                                                                                               \
        return fp_host64(op, a, b, c, ea, eb, ec, fpsr, result);                                    \
    }                                                                                               \
    __attribute__((target("fma"))) static inline bool fp_host32_##name(                            \
        uint64_t a, uint64_t b, uint64_t c, unsigned ea, unsigned eb, unsigned ec, uint32_t *fpsr,  \
        uint64_t *result)                                                                           \
    {                                                                                               \
        return fp_host32(op, a, b, c, ea, eb, ec, fpsr, result);                                    \
    }
FP_HOST_OP(add, FP_HOST_ADD)
FP_HOST_OP(sub, FP_HOST_SUB)
FP_HOST_OP(mul, FP_HOST_MUL)
FP_HOST_OP(div, FP_HOST_DIV)
FP_HOST_OP(sqrt, FP_HOST_SQRT)
FP_HOST_OP(fma, FP_HOST_FMA)

/* op on a, b (and c: FMA is a + b * c; SQRT uses a only) in format n. Returns false when the fast
 * path does not apply; else *result, and IXC in *fpsr when inexact. */
static inline bool fp_host(enum fp_host_op op, uint64_t a, uint64_t b, uint64_t c, unsigned n,
                           uint32_t fpcr, uint32_t *fpsr, uint64_t *result)
{
    if ((fpcr >> FPCR_RMODE_SHIFT & 3) != FPROUNDING_TIEEVEN || n == 16 || !fp_host_enabled)
        return false;
    if (!fp_host_has_fma)   /* the fast path is compiled for FMA3 (VEX encoding, AVX) */
        return false;
    unsigned ea = fp_host_exp(a, n), eb = 1, ec = 1;
    if (op == FP_HOST_SQRT) {
        if (a >> (n - 1) & 1)
            return false;
    } else {
        eb = fp_host_exp(b, n);
        if (op == FP_HOST_FMA)
            ec = fp_host_exp(c, n);
    }
    if (!ea || !eb || !ec)
        return false;
#define FP_HOST_CALL(name)                                                                          \
    return n == 64 ? fp_host64_##name(a, b, c, ea, eb, ec, fpsr, result)                           \
                   : fp_host32_##name(a, b, c, ea, eb, ec, fpsr, result)
    switch (op) {
    case FP_HOST_ADD: FP_HOST_CALL(add);
    case FP_HOST_SUB: FP_HOST_CALL(sub);
    case FP_HOST_MUL: FP_HOST_CALL(mul);
    case FP_HOST_DIV: FP_HOST_CALL(div);
    case FP_HOST_SQRT: FP_HOST_CALL(sqrt);
    default: FP_HOST_CALL(fma);
    }
#undef FP_HOST_CALL
}

#else

static inline bool fp_host(enum fp_host_op op, uint64_t a, uint64_t b, uint64_t c, unsigned n,
                           uint32_t fpcr, uint32_t *fpsr, uint64_t *result)
{
    return false;
}

#endif

#endif
