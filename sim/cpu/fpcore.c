/* Arm floating-point arithmetic after the Arm ARM's pseudocode (shared/functions/float), in integer
 * arithmetic: an operand is unpacked to sign, integer significand and exponent (FPUnpack), the
 * operation is done exactly (or with a sticky bit far below the rounding point), and FPRound
 * rounds the exact value once, as the pseudocode's real arithmetic does.
 */
#include "fpcore.h"

#include "fp_host.h"
#include "fp_internal.h"

bool fp_host_enabled = true;

#if defined(__x86_64__)
bool fp_host_has_fma;

__attribute__((constructor)) static void fp_host_init(void)
{
    __builtin_cpu_init();
    fp_host_has_fma = __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx");
}
#endif

/* An exact real value for FPRound: (-1)^sign * mant * 2^exp, mant < 2^127. Where a value is not
 * exact, bit 0 of mant is a sticky bit at least two bits below any rounding point, so it decides
 * only "inexact" and "above/below the half-way point". mant == 0 is an exact zero. */
struct fp_real {
    unsigned sign;
    int exp;
    unsigned __int128 mant;
};

static int msb128(unsigned __int128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)x);
}

/* ---- Constants ---------------------------------------------------------------------------- */

/* FPDefaultNaN() */
uint64_t fp_default_nan(unsigned n)
{
    unsigned f = fp_frac_bits(n);
    return ((1ull << fp_exp_bits(n)) - 1) << f | 1ull << (f - 1);
}

/* FPZero() */
uint64_t fp_zero(unsigned sign, unsigned n)
{
    return (uint64_t)sign << (n - 1);
}

/* FPInfinity() */
uint64_t fp_infinity(unsigned sign, unsigned n)
{
    return fp_zero(sign, n) | ((1ull << fp_exp_bits(n)) - 1) << fp_frac_bits(n);
}

/* FPMaxNormal() */
uint64_t fp_max_normal(unsigned sign, unsigned n)
{
    return fp_infinity(sign, n) - 1;
}

/* ---- FPUnpack, FPProcessNaN(s) ------------------------------------------------------------ */

/* FPUnpack() (FPUnpackBase with FZ16 = 0: ARMv8.0 has no FZ16). */
struct fp_unpacked fp_unpack(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    unsigned e = fp_exp_bits(n), f = fp_frac_bits(n);
    struct fp_unpacked u;
    u.sign = (unsigned)(op >> (n - 1) & 1);
    uint64_t exp = op >> f & ((1ull << e) - 1);
    uint64_t frac = op & ((1ull << f) - 1);
    u.exp = 0;
    u.mant = 0;
    if (exp == 0) {
        if (frac == 0) {
            u.type = FPTYPE_ZERO;
        } else if (n != 16 && (fpcr & FPCR_FZ)) {
            u.type = FPTYPE_ZERO;
            *fpsr |= FPSR_IDC;
        } else {
            u.type = FPTYPE_NONZERO;
            u.mant = frac;
            u.exp = 1 - fp_bias(n) - (int)f;
        }
    } else if (exp == (1ull << e) - 1 && !(n == 16 && (fpcr & FPCR_AHP))) {
        if (frac == 0)
            u.type = FPTYPE_INFINITY;
        else
            u.type = frac >> (f - 1) ? FPTYPE_QNAN : FPTYPE_SNAN;
    } else {
        u.type = FPTYPE_NONZERO;
        u.mant = frac | 1ull << f;
        u.exp = (int)exp - fp_bias(n) - (int)f;
    }
    return u;
}

/* FPProcessNaN() */
uint64_t fp_process_nan(enum fp_type type, uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t result = op & fp_mask(n);
    if (type == FPTYPE_SNAN) {
        result |= 1ull << (fp_frac_bits(n) - 1);
        *fpsr |= FPSR_IOC;
    }
    if (fpcr & FPCR_DN)
        result = fp_default_nan(n);
    return result;
}

/* FPProcessNaNs(): 1 and *result set if either operand is a NaN (signalling ones first). */
static int fp_process_nans(const struct fp_unpacked *u1, const struct fp_unpacked *u2, uint64_t op1,
                           uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr,
                           uint64_t *result)
{
    if (u1->type == FPTYPE_SNAN)
        *result = fp_process_nan(u1->type, op1, n, fpcr, fpsr);
    else if (u2->type == FPTYPE_SNAN)
        *result = fp_process_nan(u2->type, op2, n, fpcr, fpsr);
    else if (u1->type == FPTYPE_QNAN)
        *result = fp_process_nan(u1->type, op1, n, fpcr, fpsr);
    else if (u2->type == FPTYPE_QNAN)
        *result = fp_process_nan(u2->type, op2, n, fpcr, fpsr);
    else
        return 0;
    return 1;
}

/* FPProcessNaNs3(): the same over addend (a), op1, op2. */
static int fp_process_nans3(const struct fp_unpacked *ua, const struct fp_unpacked *u1,
                            const struct fp_unpacked *u2, uint64_t opa, uint64_t op1, uint64_t op2,
                            unsigned n, uint32_t fpcr, uint32_t *fpsr, uint64_t *result)
{
    if (ua->type == FPTYPE_SNAN)
        *result = fp_process_nan(ua->type, opa, n, fpcr, fpsr);
    else if (u1->type == FPTYPE_SNAN)
        *result = fp_process_nan(u1->type, op1, n, fpcr, fpsr);
    else if (u2->type == FPTYPE_SNAN)
        *result = fp_process_nan(u2->type, op2, n, fpcr, fpsr);
    else if (ua->type == FPTYPE_QNAN)
        *result = fp_process_nan(ua->type, opa, n, fpcr, fpsr);
    else if (u1->type == FPTYPE_QNAN)
        *result = fp_process_nan(u1->type, op1, n, fpcr, fpsr);
    else if (u2->type == FPTYPE_QNAN)
        *result = fp_process_nan(u2->type, op2, n, fpcr, fpsr);
    else
        return 0;
    return 1;
}

/* ---- FPRound ------------------------------------------------------------------------------ */

/* Where the discarded part of a value lies relative to half a unit in the last place. */
enum round_error { ERR_NONE, ERR_BELOW_HALF, ERR_HALF, ERR_ABOVE_HALF };

/* mant >> shift (shift >= 0, mant < 2^127) and the discarded part's class. */
static unsigned __int128 shift_right_error(unsigned __int128 mant, int shift, enum round_error *err)
{
    if (shift == 0) {
        *err = ERR_NONE;
        return mant;
    }
    if (shift >= 128) {
        *err = mant ? ERR_BELOW_HALF : ERR_NONE;
        return 0;
    }
    unsigned __int128 rem = mant & (((unsigned __int128)1 << shift) - 1);
    unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
    *err = rem == 0 ? ERR_NONE : rem < half ? ERR_BELOW_HALF : rem == half ? ERR_HALF : ERR_ABOVE_HALF;
    return mant >> shift;
}

/* Whether rounding the magnitude q (with discarded part err) away from zero is due: the
 * pseudocode's round_up of FPRound, FPRoundInt and FPToFixed, on magnitudes. */
static int round_up_magnitude(enum fp_rounding rounding, unsigned sign, int q_odd,
                              enum round_error err)
{
    switch (rounding) {
    case FPROUNDING_TIEEVEN: return err == ERR_ABOVE_HALF || (err == ERR_HALF && q_odd);
    case FPROUNDING_POSINF: return err != ERR_NONE && !sign;
    case FPROUNDING_NEGINF: return err != ERR_NONE && sign;
    case FPROUNDING_TIEAWAY: return err >= ERR_HALF;
    default: return 0;  /* ZERO, ODD */
    }
}

/* FPRound(): the nonzero real r rounded to format n. Flush-to-zero (FZ, not for half precision)
 * and underflow are decided on the value before rounding (tininess before rounding). */
static uint64_t fp_round(struct fp_real r, unsigned n, uint32_t fpcr, enum fp_rounding rounding,
                         uint32_t *fpsr)
{
    unsigned e = fp_exp_bits(n), f = fp_frac_bits(n);
    int min_exp = 1 - fp_bias(n);
    int exponent = r.exp + msb128(r.mant);      /* 2^exponent <= |r| < 2^(exponent+1) */

    if (n != 16 && (fpcr & FPCR_FZ) && exponent < min_exp) {
        *fpsr |= FPSR_UFC;
        return fp_zero(r.sign, n);
    }
    int biased_exp = exponent - min_exp + 1;
    if (biased_exp < 0)
        biased_exp = 0;
    /* int_mant = RoundDown(|r| / 2^lsb): F fraction bits, or the denormal scale. */
    int lsb = (biased_exp > 0 ? exponent : min_exp) - (int)f;
    enum round_error err;
    uint64_t int_mant;
    if (lsb >= r.exp) {
        int_mant = (uint64_t)shift_right_error(r.mant, lsb - r.exp, &err);
    } else {
        int_mant = (uint64_t)(r.mant << (r.exp - lsb));
        err = ERR_NONE;
    }
    if (biased_exp == 0 && err != ERR_NONE)
        *fpsr |= FPSR_UFC;

    int overflow_to_inf;
    switch (rounding) {
    case FPROUNDING_TIEEVEN: case FPROUNDING_TIEAWAY: overflow_to_inf = 1; break;
    case FPROUNDING_POSINF: overflow_to_inf = !r.sign; break;
    case FPROUNDING_NEGINF: overflow_to_inf = r.sign; break;
    default: overflow_to_inf = 0; break;
    }
    if (round_up_magnitude(rounding, r.sign, (int)(int_mant & 1), err)) {
        int_mant++;
        if (int_mant == 1ull << f)              /* rounded up from denormal to normal */
            biased_exp = 1;
        if (int_mant == 1ull << (f + 1)) {      /* rounded up to the next exponent */
            biased_exp++;
            int_mant >>= 1;
        }
    }
    if (err != ERR_NONE && rounding == FPROUNDING_ODD)
        int_mant |= 1;

    uint64_t result;
    if (n != 16 || !(fpcr & FPCR_AHP)) {
        if (biased_exp >= (1 << e) - 1) {
            result = overflow_to_inf ? fp_infinity(r.sign, n) : fp_max_normal(r.sign, n);
            *fpsr |= FPSR_OFC;
            err = ERR_ABOVE_HALF;               /* overflow is always inexact */
        } else {
            result = fp_zero(r.sign, n) | (uint64_t)biased_exp << f | (int_mant & ((1ull << f) - 1));
        }
    } else {                                    /* alternative half precision: no infinities */
        if (biased_exp >= 1 << e) {
            result = fp_zero(r.sign, n) | 0x7fff;
            *fpsr |= FPSR_IOC;
            err = ERR_NONE;
        } else {
            result = fp_zero(r.sign, n) | (uint64_t)biased_exp << f | (int_mant & ((1ull << f) - 1));
        }
    }
    if (err != ERR_NONE)
        *fpsr |= FPSR_IXC;
    return result;
}

static struct fp_real real_of(const struct fp_unpacked *u)
{
    struct fp_real r = { u->sign, u->exp, u->mant };
    return r;
}

/* The exact sum a + b of two values whose significands have at most 107 bits (a sum, or a fused
 * product plus an addend). Both are normalised to bit 124 first, so aligning the smaller one
 * discards bits only when the exponents are more than 17 apart; those bits become a sticky bit
 * far below the rounding point of a result of at least 2^123 units. */
static struct fp_real real_add(struct fp_real a, struct fp_real b)
{
    if (b.mant == 0)
        return a;
    if (a.mant == 0)
        return b;
    int sa = 124 - msb128(a.mant), sb = 124 - msb128(b.mant);
    a.mant <<= sa;
    a.exp -= sa;
    b.mant <<= sb;
    b.exp -= sb;
    if (a.exp < b.exp) {
        struct fp_real t = a;
        a = b;
        b = t;
    }
    int d = a.exp - b.exp;
    unsigned __int128 bm;
    if (d >= 128) {
        bm = 1;
    } else {
        enum round_error err;
        bm = shift_right_error(b.mant, d, &err);
        if (err != ERR_NONE)
            bm |= 1;
    }
    struct fp_real r = { a.sign, a.exp, 0 };
    if (a.sign == b.sign) {
        r.mant = a.mant + bm;
    } else if (a.mant >= bm) {
        r.mant = a.mant - bm;
    } else {
        r.mant = bm - a.mant;
        r.sign = b.sign;
    }
    return r;
}

/* An exact zero result's sign where the pseudocode leaves it to the rounding mode. */
static uint64_t exact_zero(unsigned n, uint32_t fpcr)
{
    return fp_zero(fp_rounding_mode(fpcr) == FPROUNDING_NEGINF, n);
}

/* ---- Arithmetic --------------------------------------------------------------------------- */

/* FPAdd() and FPSub(): FPSub's infinity and zero rules are FPAdd's with op2's sign flipped, so a
 * subtraction flips it, but only after FPProcessNaNs has seen op2 as given (a NaN operand keeps its
 * sign). The integer path of fp_add() and fp_sub(), for what the host fast path does not take. */
__attribute__((noinline)) static uint64_t fp_add_sub_exact(uint64_t op1, uint64_t op2, unsigned n,
                                                           uint32_t fpcr, uint32_t *fpsr,
                                                           bool subtract)
{
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    uint64_t result;
    if (fp_process_nans(&u1, &u2, op1, op2, n, fpcr, fpsr, &result))
        return result;
    u2.sign ^= subtract;
    int inf1 = u1.type == FPTYPE_INFINITY, inf2 = u2.type == FPTYPE_INFINITY;
    int zero1 = u1.type == FPTYPE_ZERO, zero2 = u2.type == FPTYPE_ZERO;
    if (inf1 && inf2 && u1.sign != u2.sign) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if ((inf1 && !u1.sign) || (inf2 && !u2.sign))
        return fp_infinity(0, n);
    if (inf1 || inf2)
        return fp_infinity(1, n);
    if (zero1 && zero2 && u1.sign == u2.sign)
        return fp_zero(u1.sign, n);
    struct fp_real sum = real_add(real_of(&u1), real_of(&u2));
    if (sum.mant == 0)
        return exact_zero(n, fpcr);
    return fp_round(sum, n, fpcr, fp_rounding_mode(fpcr), fpsr);
}

/* FPAdd() */
uint64_t fp_add(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t fast;
    if (fp_host(FP_HOST_ADD, op1, op2, 0, n, fpcr, fpsr, &fast))
        return fast;
    return fp_add_sub_exact(op1, op2, n, fpcr, fpsr, false);
}

/* FPSub() */
uint64_t fp_sub(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t fast;
    if (fp_host(FP_HOST_SUB, op1, op2, 0, n, fpcr, fpsr, &fast))
        return fast;
    return fp_add_sub_exact(op1, op2, n, fpcr, fpsr, true);
}

static struct fp_real real_mul(const struct fp_unpacked *u1, const struct fp_unpacked *u2)
{
    struct fp_real r = { u1->sign ^ u2->sign, u1->exp + u2->exp,
                         (unsigned __int128)u1->mant * u2->mant };
    return r;
}

/* FPMul() and FPMulX(): they differ only in infinity times zero (default NaN and IOC, or 2). */
static uint64_t fp_mul_common(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr,
                              int mulx)
{
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    uint64_t result;
    if (fp_process_nans(&u1, &u2, op1, op2, n, fpcr, fpsr, &result))
        return result;
    int inf1 = u1.type == FPTYPE_INFINITY, inf2 = u2.type == FPTYPE_INFINITY;
    int zero1 = u1.type == FPTYPE_ZERO, zero2 = u2.type == FPTYPE_ZERO;
    unsigned sign = u1.sign ^ u2.sign;
    if ((inf1 && zero2) || (zero1 && inf2)) {
        if (mulx)       /* FPTwo(sign) */
            return fp_zero(sign, n) | (uint64_t)(fp_bias(n) + 1) << fp_frac_bits(n);
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (inf1 || inf2)
        return fp_infinity(sign, n);
    if (zero1 || zero2)
        return fp_zero(sign, n);
    return fp_round(real_mul(&u1, &u2), n, fpcr, fp_rounding_mode(fpcr), fpsr);
}

/* FPMul() */
/* The integer path of fp_mul(), for what the host fast path does not take. */
__attribute__((noinline)) static uint64_t
fp_mul_exact(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_mul_common(op1, op2, n, fpcr, fpsr, 0);
}

uint64_t fp_mul(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t fast;
    if (fp_host(FP_HOST_MUL, op1, op2, 0, n, fpcr, fpsr, &fast))
        return fast;
    return fp_mul_exact(op1, op2, n, fpcr, fpsr);
}

/* FPMulX() */
uint64_t fp_mulx(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_mul_common(op1, op2, n, fpcr, fpsr, 1);
}

/* FPDiv() */
/* The integer path of fp_div(), for what the host fast path does not take. */
__attribute__((noinline)) static uint64_t
fp_div_exact(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    uint64_t result;
    if (fp_process_nans(&u1, &u2, op1, op2, n, fpcr, fpsr, &result))
        return result;
    int inf1 = u1.type == FPTYPE_INFINITY, inf2 = u2.type == FPTYPE_INFINITY;
    int zero1 = u1.type == FPTYPE_ZERO, zero2 = u2.type == FPTYPE_ZERO;
    unsigned sign = u1.sign ^ u2.sign;
    if ((inf1 && inf2) || (zero1 && zero2)) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (inf1 || zero2) {
        if (!inf1)
            *fpsr |= FPSR_DZC;
        return fp_infinity(sign, n);
    }
    if (zero1 || inf2)
        return fp_zero(sign, n);
    /* Both significands normalised to [2^63, 2^64): the quotient of m1 * 2^64 by m2 has 64 or
     * 65 bits; a nonzero remainder becomes the sticky bit. */
    int s1 = 63 - msb128(u1.mant), s2 = 63 - msb128(u2.mant);
    unsigned __int128 num = (unsigned __int128)(u1.mant << s1) << 64;
    uint64_t den = u2.mant << s2;
    unsigned __int128 q = num / den;
    struct fp_real r = { sign, (u1.exp - s1) - (u2.exp - s2) - 64 - 1, q << 1 | (num % den != 0) };
    return fp_round(r, n, fpcr, fp_rounding_mode(fpcr), fpsr);
}

uint64_t fp_div(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t fast;
    if (fp_host(FP_HOST_DIV, op1, op2, 0, n, fpcr, fpsr, &fast))
        return fast;
    return fp_div_exact(op1, op2, n, fpcr, fpsr);
}

/* The integer square root of x and whether it is inexact. */
static uint64_t isqrt128(unsigned __int128 x, int *inexact)
{
    unsigned __int128 r = 0, b = (unsigned __int128)1 << 126;
    while (b > x)
        b >>= 2;
    while (b) {
        if (x >= r + b) {
            x -= r + b;
            r = (r >> 1) + b;
        } else {
            r >>= 1;
        }
        b >>= 2;
    }
    *inexact = x != 0;
    return (uint64_t)r;
}

/* FPSqrt() */
/* The integer path of fp_sqrt(), for what the host fast path does not take. */
__attribute__((noinline)) static uint64_t
fp_sqrt_exact(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    if (fp_is_nan_type(u.type))
        return fp_process_nan(u.type, op, n, fpcr, fpsr);
    if (u.type == FPTYPE_ZERO)
        return fp_zero(u.sign, n);
    if (u.type == FPTYPE_INFINITY && !u.sign)
        return fp_infinity(0, n);
    if (u.sign) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    /* mant * 2^exp as x * 2^(2k) with x < 2^128 and at least 126 bits: the root has 63 or 64. */
    int s = 63 - msb128(u.mant);
    int e = u.exp - s;                          /* value = (mant << s) * 2^e */
    int shift = ((e - 64) & 1) ? 63 : 64;       /* make e - shift even */
    unsigned __int128 x = (unsigned __int128)(u.mant << s) << shift;
    int inexact;
    uint64_t root = isqrt128(x, &inexact);
    struct fp_real r = { 0, (e - shift) / 2 - 1, (unsigned __int128)root << 1 | (unsigned)inexact };
    return fp_round(r, n, fpcr, fp_rounding_mode(fpcr), fpsr);
}

uint64_t fp_sqrt(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t fast;
    if (fp_host(FP_HOST_SQRT, op, 0, 0, n, fpcr, fpsr, &fast))
        return fast;
    return fp_sqrt_exact(op, n, fpcr, fpsr);
}

/* FPMulAdd(): addend + op1 * op2, rounded once. */
/* The integer path of fp_muladd(), for what the host fast path does not take. */
__attribute__((noinline)) static uint64_t
fp_muladd_exact(uint64_t addend, uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr,
                uint32_t *fpsr)
{
    struct fp_unpacked ua = fp_unpack(addend, n, fpcr, fpsr);
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    int inf1 = u1.type == FPTYPE_INFINITY, inf2 = u2.type == FPTYPE_INFINITY;
    int zero1 = u1.type == FPTYPE_ZERO, zero2 = u2.type == FPTYPE_ZERO;
    uint64_t result;
    int done = fp_process_nans3(&ua, &u1, &u2, addend, op1, op2, n, fpcr, fpsr, &result);
    /* A quiet NaN addend does not hide the invalid infinity times zero. */
    if (ua.type == FPTYPE_QNAN && ((inf1 && zero2) || (zero1 && inf2))) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (done)
        return result;
    int infa = ua.type == FPTYPE_INFINITY, zeroa = ua.type == FPTYPE_ZERO;
    unsigned signp = u1.sign ^ u2.sign;
    int infp = inf1 || inf2, zerop = zero1 || zero2;
    if ((inf1 && zero2) || (zero1 && inf2) || (infa && infp && ua.sign != signp)) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if ((infa && !ua.sign) || (infp && !signp))
        return fp_infinity(0, n);
    if (infa || infp)
        return fp_infinity(1, n);
    if (zeroa && zerop && ua.sign == signp)
        return fp_zero(ua.sign, n);
    struct fp_real product = { signp, 0, 0 };
    if (!zerop)
        product = real_mul(&u1, &u2);
    struct fp_real sum = real_add(real_of(&ua), product);
    if (sum.mant == 0)
        return exact_zero(n, fpcr);
    return fp_round(sum, n, fpcr, fp_rounding_mode(fpcr), fpsr);
}

uint64_t fp_muladd(uint64_t addend, uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr,
                   uint32_t *fpsr)
{
    uint64_t fast;
    if (fp_host(FP_HOST_FMA, addend, op1, op2, n, fpcr, fpsr, &fast))
        return fast;
    return fp_muladd_exact(addend, op1, op2, n, fpcr, fpsr);
}

/* A total order key of an unpacked non-NaN value of one format: the magnitude bits, negated for a
 * negative value; every zero (and a flushed denormal) is 0. */
static int64_t order_key(const struct fp_unpacked *u, uint64_t op, unsigned n)
{
    if (u->type == FPTYPE_ZERO)
        return 0;
    int64_t mag = (int64_t)(op & (fp_mask(n) >> 1));
    return u->sign ? -mag : mag;
}

/* FPMax() and FPMin() */
static uint64_t fp_max_min(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr,
                           int is_max)
{
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    uint64_t result;
    if (fp_process_nans(&u1, &u2, op1, op2, n, fpcr, fpsr, &result))
        return result;
    int64_t k1 = order_key(&u1, op1, n), k2 = order_key(&u2, op2, n);
    int first = is_max ? k1 > k2 : k1 < k2;
    const struct fp_unpacked *u = first ? &u1 : &u2;
    if (u->type == FPTYPE_ZERO)   /* max: +0 if either is; min: -0 if either is */
        return fp_zero(is_max ? (u1.sign & u2.sign) : (u1.sign | u2.sign), n);
    /* An infinity, or a finite value FPRound gives back unchanged (exact: no flags). */
    return (first ? op1 : op2) & fp_mask(n);
}

uint64_t fp_max(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_max_min(op1, op2, n, fpcr, fpsr, 1);
}

uint64_t fp_min(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_max_min(op1, op2, n, fpcr, fpsr, 0);
}

/* FPMaxNum() and FPMinNum(): a single quiet NaN loses to any number (it becomes -inf for max,
 * +inf for min); signalling NaNs and two quiet NaNs go through FPMax/FPMin's NaN rules. */
static uint64_t fp_max_min_num(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr,
                               int is_max)
{
    enum fp_type t1 = fp_unpack(op1, n, fpcr, fpsr).type, t2 = fp_unpack(op2, n, fpcr, fpsr).type;
    if (t1 == FPTYPE_QNAN && t2 != FPTYPE_QNAN)
        op1 = fp_infinity(is_max, n);
    else if (t1 != FPTYPE_QNAN && t2 == FPTYPE_QNAN)
        op2 = fp_infinity(is_max, n);
    return fp_max_min(op1, op2, n, fpcr, fpsr, is_max);
}

uint64_t fp_maxnum(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_max_min_num(op1, op2, n, fpcr, fpsr, 1);
}

uint64_t fp_minnum(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_max_min_num(op1, op2, n, fpcr, fpsr, 0);
}

/* FPRecipStepFused() and FPRSqrtStepFused(): 2 - op1 * op2, (3 - op1 * op2) / 2, fused. op1 is
 * negated first (FPNeg), NaN included, as the pseudocode does. */
static uint64_t fp_step_fused(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr,
                              int rsqrt)
{
    op1 = fp_neg(op1, n);
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    uint64_t result;
    if (fp_process_nans(&u1, &u2, op1, op2, n, fpcr, fpsr, &result))
        return result;
    int inf1 = u1.type == FPTYPE_INFINITY, inf2 = u2.type == FPTYPE_INFINITY;
    int zero1 = u1.type == FPTYPE_ZERO, zero2 = u2.type == FPTYPE_ZERO;
    unsigned f = fp_frac_bits(n);
    uint64_t one_exp = (uint64_t)fp_bias(n) << f;
    if ((inf1 && zero2) || (zero1 && inf2))     /* FPOnePointFive('0') or FPTwo('0') */
        return rsqrt ? one_exp | 1ull << (f - 1) : one_exp + (1ull << f);
    if (inf1 || inf2)
        return fp_infinity(u1.sign ^ u2.sign, n);
    struct fp_real constant = { 0, rsqrt ? 0 : 1, rsqrt ? 3 : 1 };    /* 3.0 or 2.0 */
    struct fp_real sum = constant;
    if (!zero1 && !zero2)
        sum = real_add(constant, real_mul(&u1, &u2));
    if (sum.mant == 0)
        return exact_zero(n, fpcr);
    if (rsqrt)
        sum.exp -= 1;
    return fp_round(sum, n, fpcr, fp_rounding_mode(fpcr), fpsr);
}

uint64_t fp_recip_step(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_step_fused(op1, op2, n, fpcr, fpsr, 0);
}

uint64_t fp_rsqrt_step(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_step_fused(op1, op2, n, fpcr, fpsr, 1);
}

/* ---- Comparisons -------------------------------------------------------------------------- */

/* FPCompare() */
unsigned fp_compare(uint64_t op1, uint64_t op2, unsigned n, int signal_nans, uint32_t fpcr,
                    uint32_t *fpsr)
{
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    if (fp_is_nan_type(u1.type) || fp_is_nan_type(u2.type)) {
        if (u1.type == FPTYPE_SNAN || u2.type == FPTYPE_SNAN || signal_nans)
            *fpsr |= FPSR_IOC;
        return 0x3;
    }
    int64_t k1 = order_key(&u1, op1, n), k2 = order_key(&u2, op2, n);
    return k1 == k2 ? 0x6 : k1 < k2 ? 0x8 : 0x2;
}

/* FPCompareEQ/GE/GT: the ordering of two non-NaN operands, or -2 for unordered after raising
 * IOC as the operation requires (EQ only for signalling NaNs). */
static int compare_ordered(uint64_t op1, uint64_t op2, unsigned n, int quiet_eq, uint32_t fpcr,
                           uint32_t *fpsr)
{
    struct fp_unpacked u1 = fp_unpack(op1, n, fpcr, fpsr), u2 = fp_unpack(op2, n, fpcr, fpsr);
    if (fp_is_nan_type(u1.type) || fp_is_nan_type(u2.type)) {
        if (!quiet_eq || u1.type == FPTYPE_SNAN || u2.type == FPTYPE_SNAN)
            *fpsr |= FPSR_IOC;
        return -2;
    }
    int64_t k1 = order_key(&u1, op1, n), k2 = order_key(&u2, op2, n);
    return k1 == k2 ? 0 : k1 < k2 ? -1 : 1;
}

int fp_compare_eq(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return compare_ordered(op1, op2, n, 1, fpcr, fpsr) == 0;
}

int fp_compare_ge(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    int c = compare_ordered(op1, op2, n, 0, fpcr, fpsr);
    return c == 0 || c == 1;
}

int fp_compare_gt(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr)
{
    return compare_ordered(op1, op2, n, 0, fpcr, fpsr) == 1;
}

/* ---- Rounding to integral and conversions ------------------------------------------------- */

/* FPRoundInt() */
uint64_t fp_round_int(uint64_t op, unsigned n, uint32_t fpcr, enum fp_rounding rounding, int exact,
                      uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    if (fp_is_nan_type(u.type))
        return fp_process_nan(u.type, op, n, fpcr, fpsr);
    if (u.type == FPTYPE_INFINITY)
        return fp_infinity(u.sign, n);
    if (u.type == FPTYPE_ZERO)
        return fp_zero(u.sign, n);
    if (u.exp >= 0)                             /* already integral */
        return op & fp_mask(n);
    enum round_error err;
    uint64_t q = (uint64_t)shift_right_error(u.mant, -u.exp, &err);
    if (round_up_magnitude(rounding, u.sign, (int)(q & 1), err))
        q++;
    if (err != ERR_NONE && exact)
        *fpsr |= FPSR_IXC;
    if (q == 0)
        return fp_zero(u.sign, n);
    struct fp_real r = { u.sign, 0, q };
    uint32_t none = 0;                          /* exact: FPRound raises nothing */
    return fp_round(r, n, fpcr, FPROUNDING_ZERO, &none);
}

/* FPConvertNaN(): a NaN of format n as a quiet NaN of format m, payload from the top. */
static uint64_t fp_convert_nan(uint64_t op, unsigned n, unsigned m)
{
    unsigned fn = fp_frac_bits(n), fm = fp_frac_bits(m);
    uint64_t sign = op >> (n - 1) & 1;
    uint64_t payload = op & ((1ull << (fn - 1)) - 1);   /* below the quiet bit */
    payload = fm >= fn ? payload << (fm - fn) : payload >> (fn - fm);
    return sign << (m - 1) | ((1ull << fp_exp_bits(m)) - 1) << fm | 1ull << (fm - 1) | payload;
}

/* FPConvert() with an explicit rounding mode. FPUnpackCV and FPRoundCV never flush half precision
 * (FZ16 is 0). */
static uint64_t fp_convert_rounding(uint64_t op, unsigned n, unsigned m, uint32_t fpcr,
                                    enum fp_rounding rounding, uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    int alt_hp = m == 16 && (fpcr & FPCR_AHP);
    if (fp_is_nan_type(u.type)) {
        uint64_t result;
        if (alt_hp)
            result = fp_zero(u.sign, m);
        else if (fpcr & FPCR_DN)
            result = fp_default_nan(m);
        else
            result = fp_convert_nan(op, n, m);
        if (u.type == FPTYPE_SNAN || alt_hp)
            *fpsr |= FPSR_IOC;
        return result;
    }
    if (u.type == FPTYPE_INFINITY) {
        if (alt_hp) {
            *fpsr |= FPSR_IOC;
            return fp_zero(u.sign, m) | 0x7fff;
        }
        return fp_infinity(u.sign, m);
    }
    if (u.type == FPTYPE_ZERO)
        return fp_zero(u.sign, m);
    return fp_round(real_of(&u), m, fpcr, rounding, fpsr);
}

uint64_t fp_convert(uint64_t op, unsigned n, unsigned m, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_convert_rounding(op, n, m, fpcr, fp_rounding_mode(fpcr), fpsr);
}

uint64_t fp_convert_to_odd(uint64_t op, uint32_t fpcr, uint32_t *fpsr)
{
    return fp_convert_rounding(op, 64, 32, fpcr, FPROUNDING_ODD, fpsr);
}

/* FPToFixed() */
uint64_t fp_to_fixed(uint64_t op, unsigned n, unsigned fbits, int is_unsigned, unsigned m,
                     uint32_t fpcr, enum fp_rounding rounding, uint32_t *fpsr)
{
    struct fp_unpacked u = fp_unpack(op, n, fpcr, fpsr);
    /* The largest magnitude representable on each side. */
    unsigned __int128 max_pos = is_unsigned ? ((unsigned __int128)1 << m) - 1
                                            : ((unsigned __int128)1 << (m - 1)) - 1;
    unsigned __int128 max_neg = is_unsigned ? 0 : (unsigned __int128)1 << (m - 1);
    if (fp_is_nan_type(u.type)) {
        *fpsr |= FPSR_IOC;
        return 0;
    }
    if (u.type == FPTYPE_ZERO)
        return 0;
    unsigned __int128 q;
    enum round_error err = ERR_NONE;
    int overflow = 0;
    int e = u.exp + (int)fbits;
    if (u.type == FPTYPE_INFINITY) {
        overflow = 1;
        q = 0;
    } else if (e >= 0) {
        overflow = msb128(u.mant) + e > 64;     /* beyond any 64-bit result even before rounding */
        q = overflow ? 0 : (unsigned __int128)u.mant << e;
    } else {
        q = shift_right_error(u.mant, -e, &err);
        if (round_up_magnitude(rounding, u.sign, (int)(q & 1), err))
            q++;
    }
    if (!overflow)
        overflow = u.sign ? q > max_neg : q > max_pos;
    uint64_t result;
    if (overflow) {
        *fpsr |= FPSR_IOC;
        result = u.sign ? -(uint64_t)max_neg : (uint64_t)max_pos;
    } else {
        if (err != ERR_NONE)
            *fpsr |= FPSR_IXC;
        result = u.sign ? -(uint64_t)q : (uint64_t)q;
    }
    return m == 64 ? result : result & 0xffffffffu;
}

/* FixedToFP() */
uint64_t fixed_to_fp(uint64_t op, unsigned m, unsigned fbits, int is_unsigned, unsigned n,
                     uint32_t fpcr, enum fp_rounding rounding, uint32_t *fpsr)
{
    if (m == 32)
        op = is_unsigned ? (uint32_t)op : (uint64_t)(int64_t)(int32_t)op;
    unsigned sign = !is_unsigned && (int64_t)op < 0;
    uint64_t mag = sign ? -op : op;
    if (mag == 0)
        return fp_zero(0, n);
    struct fp_real r = { sign, -(int)fbits, mag };
    return fp_round(r, n, fpcr, rounding, fpsr);
}
