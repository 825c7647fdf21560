/* Arm floating-point arithmetic after the Arm ARM's shared pseudocode (shared/functions/float):
 * FPUnpack, FPRound, FPProcessNaN(s), FPAdd, FPMulAdd, FPToFixed, FPRecipEstimate, ...
 *
 * Every operand and result is a raw bit pattern in a uint64_t: an f16, f32 or f64 in the low N bits
 * (N = 16, 32 or 64; the bits above N are 0 in results and ignored in operands). Each function
 * takes the FPCR value to obey (RMode, FZ, DN, AHP) and ORs the cumulative exception flags it
 * raises into *fpsr (FPSR_IOC ... FPSR_IDC); nothing traps (the A72 implements no FP exception
 * traps). ARMv8.0 has no FZ16: half-precision values are never flushed to zero, and half precision
 * appears only in conversions (FPConvert, and FPToFixed/FixedToFP for completeness).
 *
 * The arithmetic is integer arithmetic on the unpacked significands (see docs/fp.md for why), so
 * the results do not depend on the host's floating-point unit or its modes.
 */
#ifndef A72SIM_CPU_FPCORE_H
#define A72SIM_CPU_FPCORE_H

#include <stdint.h>

/* FPSR cumulative flags. */
#define FPSR_IOC (1u << 0)   /* invalid operation */
#define FPSR_DZC (1u << 1)   /* divide by zero */
#define FPSR_OFC (1u << 2)   /* overflow */
#define FPSR_UFC (1u << 3)   /* underflow */
#define FPSR_IXC (1u << 4)   /* inexact */
#define FPSR_IDC (1u << 7)   /* input denormal (flushed to zero by FZ) */
#define FPSR_QC (1u << 27)   /* integer saturation (Advanced SIMD) */

/* FPCR controls ARMv8.0 implements (the trap enables are RES0 on the A72). */
#define FPCR_AHP (1u << 26)  /* alternative half precision */
#define FPCR_DN (1u << 25)   /* default NaN */
#define FPCR_FZ (1u << 24)   /* flush denormals to zero */
#define FPCR_RMODE_SHIFT 22  /* rounding mode, bits 23:22 */

/* FPRounding. The first four are FPCR.RMode's encodings (FPDecodeRounding). */
enum fp_rounding {
    FPROUNDING_TIEEVEN = 0,
    FPROUNDING_POSINF = 1,
    FPROUNDING_NEGINF = 2,
    FPROUNDING_ZERO = 3,
    FPROUNDING_TIEAWAY = 4,
    FPROUNDING_ODD = 5,
};

/* FPRoundingMode(): the rounding mode FPCR selects. */
static inline enum fp_rounding fp_rounding_mode(uint32_t fpcr)
{
    return (enum fp_rounding)(fpcr >> FPCR_RMODE_SHIFT & 3);
}

/* FPDefaultNaN(), FPZero(), FPInfinity(), FPMaxNormal(), FPTwo(), FPOnePointFive() */
uint64_t fp_default_nan(unsigned n);
uint64_t fp_zero(unsigned sign, unsigned n);
uint64_t fp_infinity(unsigned sign, unsigned n);
uint64_t fp_max_normal(unsigned sign, unsigned n);

/* ---- Arithmetic (FPCR's rounding mode) ---------------------------------------------------- */

uint64_t fp_add(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);  /* FPAdd */
uint64_t fp_sub(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);  /* FPSub */
uint64_t fp_mul(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);  /* FPMul */
uint64_t fp_mulx(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr); /* FPMulX */
uint64_t fp_div(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);  /* FPDiv */
uint64_t fp_sqrt(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr);                /* FPSqrt */
/* FPMulAdd(): addend + op1 * op2 with a single rounding. FMLS/FMSUB negate op1 first (fp_neg). */
uint64_t fp_muladd(uint64_t addend, uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr,
                   uint32_t *fpsr);
uint64_t fp_max(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);    /* FPMax */
uint64_t fp_min(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);    /* FPMin */
uint64_t fp_maxnum(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr); /* FPMaxNum */
uint64_t fp_minnum(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr); /* FPMinNum */

/* FPAbs(), FPNeg(): the sign bit only, NaNs included; no flags. */
static inline uint64_t fp_abs(uint64_t op, unsigned n)
{
    return op & ((n == 64 ? 0 : 1ull << n) - 1) >> 1;
}
static inline uint64_t fp_neg(uint64_t op, unsigned n)
{
    return (op ^ 1ull << (n - 1)) & (n == 64 ? ~0ull : (1ull << n) - 1);
}

/* ---- Comparisons -------------------------------------------------------------------------- */

/* FPCompare(): NZCV as a 4-bit value (N = bit 3): 0110 equal, 1000 less, 0010 greater, 0011
 * unordered. IOC for a signalling NaN, or for any NaN when signal_nans (FCMPE). */
unsigned fp_compare(uint64_t op1, uint64_t op2, unsigned n, int signal_nans, uint32_t fpcr,
                    uint32_t *fpsr);
/* FPCompareEQ/GE/GT(): 1 or 0. EQ signals only signalling NaNs; GE and GT every NaN. */
int fp_compare_eq(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);
int fp_compare_ge(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);
int fp_compare_gt(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);

/* ---- Rounding and conversions ------------------------------------------------------------- */

/* FPRoundInt(): op rounded to an integral value in format n. exact: IXC when the value changes
 * (FRINTX). */
uint64_t fp_round_int(uint64_t op, unsigned n, uint32_t fpcr, enum fp_rounding rounding, int exact,
                      uint32_t *fpsr);
/* FPConvert(): from format n to format m (16/32/64) with FPCR's rounding mode; FPCR.AHP selects
 * the alternative half-precision format for m or n = 16. */
uint64_t fp_convert(uint64_t op, unsigned n, unsigned m, uint32_t fpcr, uint32_t *fpsr);
/* FPConvert(op, fpcr, FPRounding_ODD) of a double to a single (FCVTXN). */
uint64_t fp_convert_to_odd(uint64_t op, uint32_t fpcr, uint32_t *fpsr);
/* FPToFixed(): op (format n) times 2^fbits, rounded, saturated to an m-bit (32/64) signed or
 * unsigned integer; returned in the low m bits (zero-extended). NaN gives 0 and IOC; saturation
 * gives IOC and no IXC. */
uint64_t fp_to_fixed(uint64_t op, unsigned n, unsigned fbits, int is_unsigned, unsigned m,
                     uint32_t fpcr, enum fp_rounding rounding, uint32_t *fpsr);
/* FixedToFP(): the m-bit (32/64) signed or unsigned integer op divided by 2^fbits, rounded to
 * format n. */
uint64_t fixed_to_fp(uint64_t op, unsigned m, unsigned fbits, int is_unsigned, unsigned n,
                     uint32_t fpcr, enum fp_rounding rounding, uint32_t *fpsr);

/* ---- Estimates and Newton-Raphson steps (n = 32 or 64; fp_estimate.c) --------------------- */

uint64_t fp_recip_estimate(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr); /* FPRecipEstimate */
uint64_t fp_rsqrt_estimate(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr); /* FPRSqrtEstimate */
/* FPRecipStepFused(): 2 - op1 * op2 (FRECPS). */
uint64_t fp_recip_step(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);
/* FPRSqrtStepFused(): (3 - op1 * op2) / 2 (FRSQRTS). */
uint64_t fp_rsqrt_step(uint64_t op1, uint64_t op2, unsigned n, uint32_t fpcr, uint32_t *fpsr);
uint64_t fp_recpx(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr);      /* FPRecpX */
uint32_t unsigned_recip_estimate(uint32_t op);  /* UnsignedRecipEstimate (URECPE) */
uint32_t unsigned_rsqrt_estimate(uint32_t op);  /* UnsignedRSqrtEstimate (URSQRTE) */
/* RecipEstimate(), RecipSqrtEstimate(): the 9-bit tables (256..511 in, 256..511 out; the square
 * root's input is 128..511). */
unsigned recip_estimate(unsigned a);
unsigned recip_sqrt_estimate(unsigned a);

#endif
