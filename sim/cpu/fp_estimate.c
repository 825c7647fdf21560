/* The reciprocal and reciprocal square root estimates (FRECPE, FRSQRTE, URECPE, URSQRTE) and FRECPX,
 * after the Arm ARM's pseudocode for ARMv8.0 (no increased precision: the 9-bit tables).
 */
#include "fpcore.h"

#include "fp_internal.h"

/* RecipEstimate(): a in 256..511 is 0.5 <= x < 1 in units of 1/512; the result in 256..511 is
 * 1/x in units of 1/256. */
unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;                      /* round to nearest */
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;                 /* round to nearest */
}

/* RecipSqrtEstimate(): a in 128..511 is 0.25 <= x < 1 in units of 1/512; the result in 256..511
 * is 1/sqrt(x) in units of 1/256. */
unsigned recip_sqrt_estimate(unsigned a)
{
    if (a < 256) {                      /* 0.25 .. 0.5 */
        a = a * 2 + 1;                  /* units of 1/512, rounded to nearest */
    } else {                            /* 0.5 .. 1.0 */
        a = (a >> 1) << 1;              /* discard bottom bit */
        a = (a + 1) * 2;                /* units of 1/256, rounded to nearest */
    }
    unsigned b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < 1u << 28)
        b++;                            /* the largest b with b < 2^14 / sqrt(a) */
    return (b + 1) / 2;
}

/* The operand's fraction left-aligned in 52 bits, and its biased exponent. */
static uint64_t fraction52(uint64_t op, unsigned n, int *exp)
{
    unsigned f = fp_frac_bits(n);
    *exp = (int)(op >> f & ((1u << fp_exp_bits(n)) - 1));
    return (op & ((1ull << f) - 1)) << (52 - f);
}

/* FPRecipEstimate() */
uint64_t fp_recip_estimate(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    if (fp_is_nan_type(u.type))
        return fp_process_nan(u.type, op, n, fpcr, fpsr);
    if (u.type == FPTYPE_INFINITY)
        return fp_zero(u.sign, n);
    if (u.type == FPTYPE_ZERO) {
        *fpsr |= FPSR_DZC;
        return fp_infinity(u.sign, n);
    }
    int exp;
    uint64_t fraction = fraction52(op, n, &exp);
    int bias = fp_bias(n);
    /* |value| < 2^-(2 * bias + 2) (2^-128 single, 2^-1024 double): 1/value overflows. exp is 0
     * there, so the fraction's leading bits tell: the top two fraction bits are clear. */
    if (exp == 0 && (fraction >> 50) == 0) {
        int to_inf;
        switch (fp_rounding_mode(fpcr)) {
        case FPROUNDING_TIEEVEN: to_inf = 1; break;
        case FPROUNDING_POSINF: to_inf = !u.sign; break;
        case FPROUNDING_NEGINF: to_inf = u.sign; break;
        default: to_inf = 0; break;
        }
        *fpsr |= FPSR_OFC | FPSR_IXC;
        return to_inf ? fp_infinity(u.sign, n) : fp_max_normal(u.sign, n);
    }
    /* |value| >= 2^(bias - 1) (2^126, 2^1022) under FZ: the result would be denormal. */
    if ((fpcr & FPCR_FZ) && n != 16 && exp >= 2 * bias - 1) {
        *fpsr |= FPSR_UFC;
        return fp_zero(u.sign, n);
    }
    if (exp == 0) {                     /* denormal: normalise by one or two places */
        if (!(fraction >> 51 & 1)) {
            exp = -1;
            fraction = fraction << 2 & ((1ull << 52) - 1);
        } else {
            fraction = fraction << 1 & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = (unsigned)(1u << 8 | fraction >> 44);
    int result_exp = 2 * bias - 1 - exp;    /* 29, 253, 2045 - exp: -1 .. 2 * bias */
    unsigned estimate = recip_estimate(scaled);
    fraction = (uint64_t)(estimate & 0xff) << 44;
    if (result_exp == 0) {
        fraction = 1ull << 51 | fraction >> 1;
    } else if (result_exp == -1) {
        fraction = 1ull << 50 | fraction >> 2;
        result_exp = 0;
    }
    unsigned f = fp_frac_bits(n);
    return fp_zero(u.sign, n) | (uint64_t)result_exp << f | fraction >> (52 - f);
}

/* FPRSqrtEstimate() */
uint64_t fp_rsqrt_estimate(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    if (fp_is_nan_type(u.type))
        return fp_process_nan(u.type, op, n, fpcr, fpsr);
    if (u.type == FPTYPE_ZERO) {
        *fpsr |= FPSR_DZC;
        return fp_infinity(u.sign, n);
    }
    if (u.sign) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (u.type == FPTYPE_INFINITY)
        return fp_zero(0, n);
    int exp;
    uint64_t fraction = fraction52(op, n, &exp);
    if (exp == 0) {                     /* denormal: normalise */
        while (!(fraction >> 51 & 1)) {
            fraction <<= 1;
            exp--;
        }
        fraction = fraction << 1 & ((1ull << 52) - 1);
    }
    /* Scaled to 0.25 <= x < 1 keeping the exponent's parity: an even biased exponent gives
     * 0.5 <= x < 1 ('1':fraction), an odd one 0.25 <= x < 0.5 ('01':fraction). */
    unsigned scaled = (exp & 1) ? (unsigned)(1u << 7 | fraction >> 45)
                                : (unsigned)(1u << 8 | fraction >> 44);
    int bias = fp_bias(n);
    int result_exp = (3 * bias - 1 - exp) / 2;  /* (44, 380, 3068 - exp) DIV 2 */
    unsigned estimate = recip_sqrt_estimate(scaled);
    unsigned f = fp_frac_bits(n);
    return (uint64_t)result_exp << f | (uint64_t)(estimate & 0xff) << (f - 8);
}

/* FPRecpX(): the exponent inverted, fraction zero (zeros and denormals give the largest
 * exponent below infinity's). */
uint64_t fp_recpx(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    if (fp_is_nan_type(u.type))
        return fp_process_nan(u.type, op, n, fpcr, fpsr);
    unsigned f = fp_frac_bits(n);
    uint64_t exp_mask = (1ull << fp_exp_bits(n)) - 1;
    uint64_t exp = op >> f & exp_mask;
    uint64_t result_exp = exp == 0 ? exp_mask - 1 : ~exp & exp_mask;
    return fp_zero(u.sign, n) | result_exp << f;
}

/* UnsignedRecipEstimate() */
uint32_t unsigned_recip_estimate(uint32_t op)
{
    if (!(op >> 31))
        return 0xffffffffu;
    return (uint32_t)recip_estimate(op >> 23) << 23;
}

/* UnsignedRSqrtEstimate() */
uint32_t unsigned_rsqrt_estimate(uint32_t op)
{
    if (!(op >> 30))
        return 0xffffffffu;
    return (uint32_t)recip_sqrt_estimate(op >> 23) << 23;
}
