/* Unit tests of the Arm FP arithmetic (sim/cpu/fpcore.c, fp_estimate.c) and of the scalar FP
 * instructions' decoding (sim/cpu/a64_fp.c).
 *
 * Where the expected values come from:
 * - "by hand": worked out from the Arm ARM's pseudocode and the IEEE formats (the arithmetic is in
 *   the comment next to each case);
 * - test_host_ieee_agreement: the host's IEEE 754 arithmetic (x86-64 SSE or AArch64 FP, correctly
 *   rounded in all four rounding modes) on operands where Arm and IEEE agree: no NaN operands (the
 *   propagation rules differ), FPCR.FZ = DN = 0, and the underflow flag left out (IEEE lets a host
 *   detect tininess after rounding; Arm detects it before). Values, IOC, DZC, OFC and IXC must match.
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/fp_host.h"
#include "cpu/fpcore.h"
#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "machine.h"

#define RM(mode) ((uint32_t)(mode) << FPCR_RMODE_SHIFT)

static const uint32_t S_QNAN = 0x7fc00000u;          /* the default NaN */
static const uint32_t S_ONE = 0x3f800000u;
static const uint32_t S_MIN_NORMAL = 0x00800000u;    /* 2^-126 */
static const uint32_t S_MAX = 0x7f7fffffu;
static const uint32_t S_INF = 0x7f800000u;

/* ---- FPRound: rounding modes, ties, overflow --------------------------------------------- */

/* 2^24 + 1 is half-way between the singles 2^24 and 2^24 + 2 (the ulp is 2 there); 2^24 + 3 is
 * half-way between 2^24 + 2 (odd significand) and 2^24 + 4 (even). By hand. */
static void test_round_modes_ties(void **state)
{
    (void)state;
    static const struct {
        int64_t value;
        enum fp_rounding mode;
        uint32_t expected;
    } cases[] = {
        { 16777217, FPROUNDING_TIEEVEN, 0x4b800000u },   /* 2^24 */
        { 16777217, FPROUNDING_POSINF, 0x4b800001u },    /* 2^24 + 2 */
        { 16777217, FPROUNDING_NEGINF, 0x4b800000u },
        { 16777217, FPROUNDING_ZERO, 0x4b800000u },
        { 16777217, FPROUNDING_TIEAWAY, 0x4b800001u },
        { 16777219, FPROUNDING_TIEEVEN, 0x4b800002u },   /* 2^24 + 4: even */
        { 16777219, FPROUNDING_ZERO, 0x4b800001u },
        { -16777217, FPROUNDING_TIEEVEN, 0xcb800000u },
        { -16777217, FPROUNDING_POSINF, 0xcb800000u },   /* towards +inf: -2^24 */
        { -16777217, FPROUNDING_NEGINF, 0xcb800001u },   /* -(2^24 + 2) */
        { -16777217, FPROUNDING_ZERO, 0xcb800000u },
        { -16777217, FPROUNDING_TIEAWAY, 0xcb800001u },
        { 16777218, FPROUNDING_POSINF, 0x4b800001u },    /* exact: no rounding */
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        uint32_t fpsr = 0;
        uint64_t r = fixed_to_fp((uint64_t)cases[k].value, 64, 0, 0, 32, 0, cases[k].mode, &fpsr);
        assert_int_equal(r, cases[k].expected);
        assert_int_equal(fpsr, cases[k].value == 16777218 ? 0 : FPSR_IXC);
    }
    /* Round to odd (FCVTXN): 2^24 + 1 -> the odd neighbour 2^24 + 2; 1 + 2^-26 as a double ->
     * the single 1 + 2^-23 (the last fraction bit forced). By hand. */
    uint32_t fpsr = 0;
    assert_int_equal(fp_convert_to_odd(0x3ff0000004000000ull, 0, &fpsr), 0x3f800001u);
    assert_int_equal(fpsr, FPSR_IXC);
    fpsr = 0;
    assert_int_equal(fp_convert_to_odd(0x3ff0000000000000ull, 0, &fpsr), S_ONE);
    assert_int_equal(fpsr, 0);
}

/* Overflow: FLT_MAX * 2 is infinity (or FLT_MAX when the mode rounds towards zero for that
 * sign), always with OFC and IXC. By hand from FPRound's overflow_to_inf. */
static void test_round_overflow(void **state)
{
    (void)state;
    const uint32_t two = 0x40000000u;
    static const struct {
        enum fp_rounding mode;
        uint32_t pos, neg;
    } cases[] = {
        { FPROUNDING_TIEEVEN, 0x7f800000u, 0xff800000u },
        { FPROUNDING_POSINF, 0x7f800000u, 0xff7fffffu },
        { FPROUNDING_NEGINF, 0x7f7fffffu, 0xff800000u },
        { FPROUNDING_ZERO, 0x7f7fffffu, 0xff7fffffu },
    };
    for (size_t k = 0; k < 4; k++) {
        uint32_t fpsr = 0;
        assert_int_equal(fp_mul(S_MAX, two, 32, RM(cases[k].mode), &fpsr), cases[k].pos);
        assert_int_equal(fpsr, FPSR_OFC | FPSR_IXC);
        fpsr = 0;
        assert_int_equal(fp_mul(S_MAX | 0x80000000u, two, 32, RM(cases[k].mode), &fpsr), cases[k].neg);
        assert_int_equal(fpsr, FPSR_OFC | FPSR_IXC);
    }
}

/* ---- Underflow before rounding, flush-to-zero -------------------------------------------- */

/* (1 - 2^-24) * 2^-126 = 2^-126 - 2^-150 is tiny before rounding; in units of the denormal ulp
 * 2^-149 it is 2^23 - 0.5, a tie. Round to nearest even goes up to 2^23 = the smallest normal,
 * yet UFC is set (tininess before rounding); towards zero it stays the largest denormal. With
 * FZ the tiny value is flushed to +0 before rounding: UFC, no IXC. By hand. */
static void test_underflow_before_rounding(void **state)
{
    (void)state;
    const uint32_t just_below_one = 0x3f7fffffu;  /* 1 - 2^-24 */
    uint32_t fpsr = 0;
    assert_int_equal(fp_mul(just_below_one, S_MIN_NORMAL, 32, 0, &fpsr), S_MIN_NORMAL);
    assert_int_equal(fpsr, FPSR_UFC | FPSR_IXC);
    fpsr = 0;
    assert_int_equal(fp_mul(just_below_one, S_MIN_NORMAL, 32, RM(FPROUNDING_ZERO), &fpsr), 0x007fffffu);
    assert_int_equal(fpsr, FPSR_UFC | FPSR_IXC);
    fpsr = 0;
    assert_int_equal(fp_mul(just_below_one, S_MIN_NORMAL, 32, FPCR_FZ, &fpsr), 0);
    assert_int_equal(fpsr, FPSR_UFC);
    fpsr = 0;   /* negative: -0 */
    assert_int_equal(fp_mul(just_below_one | 0x80000000u, S_MIN_NORMAL, 32, FPCR_FZ, &fpsr),
                     0x80000000u);
    assert_int_equal(fpsr, FPSR_UFC);
    /* An exact denormal result raises nothing without FZ: 2^-126 / 2 = 2^-127. */
    fpsr = 0;
    assert_int_equal(fp_mul(S_MIN_NORMAL, 0x3f000000u, 32, 0, &fpsr), 0x00400000u);
    assert_int_equal(fpsr, 0);
    /* ... and is flushed under FZ (UFC, as FPRound does for any tiny result). */
    fpsr = 0;
    assert_int_equal(fp_mul(S_MIN_NORMAL, 0x3f000000u, 32, FPCR_FZ, &fpsr), 0);
    assert_int_equal(fpsr, FPSR_UFC);
    /* Double: 2^-1022 * (1 - 2^-53) rounds up to 2^-1022 with UFC | IXC, the same way. */
    fpsr = 0;
    assert_int_equal(fp_mul(0x3fefffffffffffffull, 0x0010000000000000ull, 64, 0, &fpsr),
                     0x0010000000000000ull);
    assert_int_equal(fpsr, FPSR_UFC | FPSR_IXC);
}

/* FZ on inputs: a denormal operand is +-0 with IDC; half precision is never flushed (ARMv8.0
 * has no FZ16). By hand. */
static void test_flush_inputs(void **state)
{
    (void)state;
    uint32_t fpsr = 0;
    /* 1 + 2^-149 rounds to 1 (inexact) without FZ; with FZ the denormal is 0: exact, IDC. */
    assert_int_equal(fp_add(S_ONE, 1, 32, 0, &fpsr), S_ONE);
    assert_int_equal(fpsr, FPSR_IXC);
    fpsr = 0;
    assert_int_equal(fp_add(S_ONE, 1, 32, FPCR_FZ, &fpsr), S_ONE);
    assert_int_equal(fpsr, FPSR_IDC);
    /* -denormal + -denormal under FZ: -0 + -0 = -0. */
    fpsr = 0;
    assert_int_equal(fp_add(0x80000001u, 0x80000001u, 32, FPCR_FZ, &fpsr), 0x80000000u);
    assert_int_equal(fpsr, FPSR_IDC);
    /* Comparisons see the flushed value: denormal == 0 under FZ. */
    fpsr = 0;
    assert_int_equal(fp_compare(1, 0, 32, 0, FPCR_FZ, &fpsr), 0x6);
    assert_int_equal(fpsr, FPSR_IDC);
    fpsr = 0;
    assert_int_equal(fp_compare(1, 0, 32, 0, 0, &fpsr), 0x2);
    assert_int_equal(fpsr, 0);
    /* FCVT from the half denormal 2^-24 (0x0001) to single under FZ: exact, no IDC. */
    fpsr = 0;
    assert_int_equal(fp_convert(0x0001, 16, 32, FPCR_FZ, &fpsr), 0x33800000u);
    assert_int_equal(fpsr, 0);
    /* ... and back: 2^-24 is a half denormal, not flushed on output either. */
    fpsr = 0;
    assert_int_equal(fp_convert(0x33800000u, 32, 16, FPCR_FZ, &fpsr), 0x0001);
    assert_int_equal(fpsr, 0);
    /* A single denormal converted to double under FZ: flushed (IDC). */
    fpsr = 0;
    assert_int_equal(fp_convert(0x80000001u, 32, 64, FPCR_FZ, &fpsr), 0x8000000000000000ull);
    assert_int_equal(fpsr, FPSR_IDC);
    fpsr = 0;   /* without FZ: 2^-149 exactly, 0x36a0000000000000 */
    assert_int_equal(fp_convert(1, 32, 64, 0, &fpsr), 0x36a0000000000000ull);
    assert_int_equal(fpsr, 0);
}

/* ---- NaNs --------------------------------------------------------------------------------- */

static void test_nan_propagation(void **state)
{
    (void)state;
    const uint32_t q1 = 0x7fc00001u, q2 = 0xffc00002u, s1 = 0x7f800011u, s2 = 0xff800022u;
    uint32_t fpsr = 0;
    /* FPProcessNaNs: a signalling NaN wins over a quiet one whatever the order; it is quietened
     * (bit 22 set) and raises IOC. */
    assert_int_equal(fp_add(q1, s2, 32, 0, &fpsr), 0xffc00022u);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_mul(s1, s2, 32, 0, &fpsr), 0x7fc00011u);
    assert_int_equal(fpsr, FPSR_IOC);
    /* Two quiet NaNs: the first operand, no flag. */
    fpsr = 0;
    assert_int_equal(fp_sub(q2, q1, 32, 0, &fpsr), q2);
    assert_int_equal(fpsr, 0);
    fpsr = 0;
    assert_int_equal(fp_div(S_ONE, q1, 32, 0, &fpsr), q1);
    assert_int_equal(fpsr, 0);
    /* FPCR.DN: the default NaN instead. */
    fpsr = 0;
    assert_int_equal(fp_add(q2, S_ONE, 32, FPCR_DN, &fpsr), S_QNAN);
    assert_int_equal(fpsr, 0);
    fpsr = 0;
    assert_int_equal(fp_add(S_ONE, s2, 32, FPCR_DN, &fpsr), S_QNAN);
    assert_int_equal(fpsr, FPSR_IOC);
    /* FPProcessNaNs3 (addend, op1, op2): signalling first in that order, then quiet. */
    fpsr = 0;
    assert_int_equal(fp_muladd(q1, q2, s2, 32, 0, &fpsr), 0xffc00022u);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_muladd(S_ONE, q2, q1, 32, 0, &fpsr), q2);
    assert_int_equal(fpsr, 0);
    fpsr = 0;
    assert_int_equal(fp_muladd(q1, q2, S_ONE, 32, 0, &fpsr), q1);
    assert_int_equal(fpsr, 0);
    /* A quiet NaN addend with infinity * 0: the default NaN and IOC. */
    fpsr = 0;
    assert_int_equal(fp_muladd(q1, S_INF, 0, 32, 0, &fpsr), S_QNAN);
    assert_int_equal(fpsr, FPSR_IOC);
    /* Double: payload kept, quiet bit 51 set. */
    fpsr = 0;
    assert_int_equal(fp_add(0x7ff0000000000123ull, 0, 64, 0, &fpsr), 0x7ff8000000000123ull);
    assert_int_equal(fpsr, FPSR_IOC);
    /* FPConvert: the payload's top bits move across (double -> single keeps fraction<50:29>). */
    fpsr = 0;
    assert_int_equal(fp_convert(0xfff4000020000000ull, 64, 32, 0, &fpsr), 0xffe00001u);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_convert(0x7fc00001u, 32, 64, 0, &fpsr), 0x7ff8000020000000ull);
    assert_int_equal(fpsr, 0);
    fpsr = 0;   /* single -> half: fraction<21:13> */
    assert_int_equal(fp_convert(0x7f802000u, 32, 16, 0, &fpsr), 0x7e01);
    assert_int_equal(fpsr, FPSR_IOC);
    /* Alternative half precision: a NaN becomes +-0 and an infinity the largest value, IOC. */
    fpsr = 0;
    assert_int_equal(fp_convert(0xffc00000u, 32, 16, FPCR_AHP, &fpsr), 0x8000);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_convert(S_INF, 32, 16, FPCR_AHP, &fpsr), 0x7fff);
    assert_int_equal(fpsr, FPSR_IOC);
    /* ... and the all-ones exponent is a number: 0x7c00 is 2^16. */
    fpsr = 0;
    assert_int_equal(fp_convert(0x7c00, 16, 32, FPCR_AHP, &fpsr), 0x47800000u);
    assert_int_equal(fpsr, 0);
    fpsr = 0;   /* IEEE half: 2^16 overflows to infinity */
    assert_int_equal(fp_convert(0x47800000u, 32, 16, 0, &fpsr), 0x7c00);
    assert_int_equal(fpsr, FPSR_OFC | FPSR_IXC);
}

/* Each exception flag from its textbook cause. By hand. */
static void test_each_flag(void **state)
{
    (void)state;
    uint32_t fpsr = 0;
    assert_int_equal(fp_sub(S_INF, S_INF, 32, 0, &fpsr), S_QNAN);          /* inf - inf */
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_mul(S_INF, 0x80000000u, 32, 0, &fpsr), S_QNAN);    /* inf * -0 */
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_sqrt(0xbf800000u, 32, 0, &fpsr), S_QNAN);          /* sqrt(-1) */
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_sqrt(0x80000000u, 32, 0, &fpsr), 0x80000000u);     /* sqrt(-0) = -0 */
    assert_int_equal(fpsr, 0);
    fpsr = 0;
    assert_int_equal(fp_div(0xbf800000u, 0, 32, 0, &fpsr), 0xff800000u);   /* -1 / +0 */
    assert_int_equal(fpsr, FPSR_DZC);
    fpsr = 0;
    assert_int_equal(fp_div(S_INF, 0, 32, 0, &fpsr), S_INF);               /* inf / 0: no DZC */
    assert_int_equal(fpsr, 0);
    fpsr = 0;
    assert_int_equal(fp_div(S_ONE, 0x40400000u, 32, 0, &fpsr), 0x3eaaaaabu); /* 1/3 */
    assert_int_equal(fpsr, FPSR_IXC);
    /* FMULX: infinity * 0 is +-2, no flag. */
    fpsr = 0;
    assert_int_equal(fp_mulx(0xff800000u, 0, 32, 0, &fpsr), 0xc0000000u);
    assert_int_equal(fpsr, 0);
    /* x - x is +0, or -0 when rounding towards -inf. */
    fpsr = 0;
    assert_int_equal(fp_sub(S_ONE, S_ONE, 32, 0, &fpsr), 0);
    assert_int_equal(fp_sub(S_ONE, S_ONE, 32, RM(FPROUNDING_NEGINF), &fpsr), 0x80000000u);
    assert_int_equal(fp_add(0x80000000u, 0x80000000u, 32, 0, &fpsr), 0x80000000u);
    assert_int_equal(fpsr, 0);
}

/* FMAX/FMIN/FMAXNM/FMINNM and comparisons. By hand. */
static void test_max_min_compare(void **state)
{
    (void)state;
    uint32_t fpsr = 0;
    const uint32_t q = 0x7fc00005u, s = 0x7f800005u, neg_two = 0xc0000000u;
    assert_int_equal(fp_max(0x80000000u, 0, 32, 0, &fpsr), 0);                /* max(-0, +0) = +0 */
    assert_int_equal(fp_min(0, 0x80000000u, 32, 0, &fpsr), 0x80000000u);      /* min(+0, -0) = -0 */
    assert_int_equal(fp_max(neg_two, S_ONE, 32, 0, &fpsr), S_ONE);
    assert_int_equal(fp_min(neg_two, S_ONE, 32, 0, &fpsr), neg_two);
    assert_int_equal(fp_maxnum(q, neg_two, 32, 0, &fpsr), neg_two);           /* a quiet NaN loses */
    assert_int_equal(fp_minnum(S_ONE, q, 32, 0, &fpsr), S_ONE);
    assert_int_equal(fp_max(q, neg_two, 32, 0, &fpsr), q);
    assert_int_equal(fpsr, 0);
    assert_int_equal(fp_maxnum(s, S_ONE, 32, 0, &fpsr), 0x7fc00005u);         /* signalling: NaN */
    assert_int_equal(fpsr, FPSR_IOC);

    fpsr = 0;
    assert_int_equal(fp_compare(S_ONE, neg_two, 32, 0, 0, &fpsr), 0x2);
    assert_int_equal(fp_compare(neg_two, S_ONE, 32, 0, 0, &fpsr), 0x8);
    assert_int_equal(fp_compare(0x80000000u, 0, 32, 0, 0, &fpsr), 0x6);       /* -0 == +0 */
    assert_int_equal(fp_compare(0xff800000u, S_INF, 32, 0, 0, &fpsr), 0x8);
    assert_int_equal(fp_compare(q, S_ONE, 32, 0, 0, &fpsr), 0x3);             /* FCMP: quiet */
    assert_int_equal(fpsr, 0);
    assert_int_equal(fp_compare(q, S_ONE, 32, 1, 0, &fpsr), 0x3);             /* FCMPE signals */
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_compare(S_ONE, s, 32, 0, 0, &fpsr), 0x3);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_compare_eq(q, q, 32, 0, &fpsr), 0);                   /* EQ: quiet NaN silent */
    assert_int_equal(fpsr, 0);
    assert_int_equal(fp_compare_ge(q, S_ONE, 32, 0, &fpsr), 0);               /* GE signals */
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_compare_ge(S_ONE, S_ONE, 32, 0, &fpsr), 1);
    assert_int_equal(fp_compare_gt(S_ONE, S_ONE, 32, 0, &fpsr), 0);
    assert_int_equal(fp_compare_gt(S_ONE, neg_two, 32, 0, &fpsr), 1);
    assert_int_equal(fp_compare_eq(0x80000000u, 0, 32, 0, &fpsr), 1);
    assert_int_equal(fpsr, 0);
}

/* ---- Conversions to integer: rounding, saturation, flags ---------------------------------- */

static void test_to_fixed(void **state)
{
    (void)state;
    static const struct {
        uint32_t op;        /* single */
        int is_unsigned;
        unsigned m, fbits;
        enum fp_rounding mode;
        uint64_t expected;
        uint32_t flags;
    } cases[] = {
        { 0x40200000u, 0, 32, 0, FPROUNDING_TIEEVEN, 2, FPSR_IXC },           /* 2.5 -> 2 */
        { 0x40200000u, 0, 32, 0, FPROUNDING_TIEAWAY, 3, FPSR_IXC },           /* 2.5 -> 3 */
        { 0xc0200000u, 0, 32, 0, FPROUNDING_TIEAWAY, 0xfffffffdu, FPSR_IXC }, /* -2.5 -> -3 */
        { 0xc0200000u, 0, 32, 0, FPROUNDING_POSINF, 0xfffffffeu, FPSR_IXC },  /* -2.5 -> -2 */
        { 0xc0200000u, 0, 32, 0, FPROUNDING_NEGINF, 0xfffffffdu, FPSR_IXC },  /* -2.5 -> -3 */
        { 0xc0200000u, 0, 32, 0, FPROUNDING_ZERO, 0xfffffffeu, FPSR_IXC },
        { 0x4f000000u, 0, 32, 0, FPROUNDING_ZERO, 0x7fffffffu, FPSR_IOC },    /* 2^31 saturates */
        { 0xcf000000u, 0, 32, 0, FPROUNDING_ZERO, 0x80000000u, 0 },           /* -2^31 fits */
        { 0xcf000001u, 0, 32, 0, FPROUNDING_ZERO, 0x80000000u, FPSR_IOC },    /* below: saturates */
        { 0x4f000000u, 1, 32, 0, FPROUNDING_ZERO, 0x80000000u, 0 },           /* 2^31 unsigned */
        { 0x4f800000u, 1, 32, 0, FPROUNDING_ZERO, 0xffffffffu, FPSR_IOC },    /* 2^32 */
        { 0xbf000000u, 1, 32, 0, FPROUNDING_ZERO, 0, FPSR_IXC },              /* -0.5 -> 0: inexact */
        { 0xbf000000u, 1, 32, 0, FPROUNDING_NEGINF, 0, FPSR_IOC },            /* -0.5 -> -1: saturates */
        { 0x5f000000u, 0, 64, 0, FPROUNDING_ZERO, 0x7fffffffffffffffull, FPSR_IOC }, /* 2^63 */
        { 0xdf000000u, 0, 64, 0, FPROUNDING_ZERO, 0x8000000000000000ull, 0 },        /* -2^63 */
        { 0x5f800000u, 1, 64, 0, FPROUNDING_ZERO, 0xffffffffffffffffull, FPSR_IOC }, /* 2^64 */
        { S_INF, 0, 64, 0, FPROUNDING_ZERO, 0x7fffffffffffffffull, FPSR_IOC },
        { 0xff800000u, 1, 32, 0, FPROUNDING_ZERO, 0, FPSR_IOC },
        { 0x7fc00000u, 0, 32, 0, FPROUNDING_ZERO, 0, FPSR_IOC },              /* NaN -> 0 */
        { 0x3fc00000u, 0, 32, 4, FPROUNDING_ZERO, 24, 0 },                    /* 1.5 * 16 */
        { 0x3f800001u, 0, 32, 1, FPROUNDING_ZERO, 2, FPSR_IXC },              /* (1 + 2^-23) * 2 */
        { 0x3f800000u, 0, 32, 31, FPROUNDING_ZERO, 0x7fffffffu, FPSR_IOC },   /* 1.0 in Q31 */
        { 0x00000001u, 0, 64, 64, FPROUNDING_POSINF, 1, FPSR_IXC },           /* 2^-149 * 2^64 */
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        uint32_t fpsr = 0;
        uint64_t r = fp_to_fixed(cases[k].op, 32, cases[k].fbits, cases[k].is_unsigned, cases[k].m, 0,
                                 cases[k].mode, &fpsr);
        assert_int_equal(r, cases[k].expected);
        assert_int_equal(fpsr, cases[k].flags);
    }
    /* Fixed point to FP: 0x80000000 as a signed Q31 is -1.0; as unsigned with 32 fraction bits 0.5. */
    uint32_t fpsr = 0;
    assert_int_equal(fixed_to_fp(0x80000000u, 32, 31, 0, 32, 0, FPROUNDING_TIEEVEN, &fpsr), 0xbf800000u);
    assert_int_equal(fixed_to_fp(0x80000000u, 32, 32, 1, 32, 0, FPROUNDING_TIEEVEN, &fpsr), 0x3f000000u);
    assert_int_equal(fixed_to_fp(0, 64, 0, 0, 64, 0, FPROUNDING_TIEEVEN, &fpsr), 0);
    assert_int_equal(fixed_to_fp(~0ull, 64, 0, 1, 64, 0, FPROUNDING_TIEEVEN, &fpsr),
                     0x43f0000000000000ull);
    assert_int_equal(fpsr, FPSR_IXC);           /* 2^64 - 1 is not a double */
}

/* FRINT*: rounding to an integral value. By hand. */
static void test_round_int(void **state)
{
    (void)state;
    uint32_t fpsr = 0;
    const uint32_t two_and_half = 0x40200000u, neg_half = 0xbf000000u;
    assert_int_equal(fp_round_int(two_and_half, 32, 0, FPROUNDING_TIEEVEN, 0, &fpsr), 0x40000000u);
    assert_int_equal(fp_round_int(two_and_half, 32, 0, FPROUNDING_TIEAWAY, 0, &fpsr), 0x40400000u);
    assert_int_equal(fp_round_int(two_and_half, 32, 0, FPROUNDING_POSINF, 0, &fpsr), 0x40400000u);
    assert_int_equal(fp_round_int(two_and_half, 32, 0, FPROUNDING_NEGINF, 0, &fpsr), 0x40000000u);
    assert_int_equal(fp_round_int(neg_half, 32, 0, FPROUNDING_TIEEVEN, 0, &fpsr), 0x80000000u); /* -0 */
    assert_int_equal(fp_round_int(neg_half, 32, 0, FPROUNDING_POSINF, 0, &fpsr), 0x80000000u);
    assert_int_equal(fp_round_int(neg_half, 32, 0, FPROUNDING_NEGINF, 0, &fpsr), 0xbf800000u);
    assert_int_equal(fp_round_int(neg_half, 32, 0, FPROUNDING_TIEAWAY, 0, &fpsr), 0xbf800000u);
    assert_int_equal(fpsr, 0);                  /* not exact: no IXC */
    assert_int_equal(fp_round_int(neg_half, 32, 0, FPROUNDING_ZERO, 1, &fpsr), 0x80000000u);
    assert_int_equal(fpsr, FPSR_IXC);           /* FRINTX */
    fpsr = 0;
    assert_int_equal(fp_round_int(0x4b800001u, 32, 0, FPROUNDING_ZERO, 1, &fpsr), 0x4b800001u);
    assert_int_equal(fpsr, 0);                  /* already integral */
    assert_int_equal(fp_round_int(0x7f800001u, 32, 0, FPROUNDING_ZERO, 1, &fpsr), 0x7fc00001u);
    assert_int_equal(fpsr, FPSR_IOC);
}

/* ---- Estimates ---------------------------------------------------------------------------- */

/* RecipEstimate / RecipSqrtEstimate at their table edges, by hand from the integer pseudocode:
 * RecipEstimate(256): 2^19 DIV 513 = 1022, (1022 + 1) DIV 2 = 511;
 * RecipEstimate(511): 2^19 DIV 1023 = 512, 513 DIV 2 = 256;
 * RecipSqrtEstimate(128): a = 257, largest b with 257 (b+1)^2 < 2^28 is 1022 -> 511;
 * RecipSqrtEstimate(256): a = 514, b = 722 -> 361;
 * RecipSqrtEstimate(511): a = 1022, b stays 512 -> 256. */
static void test_estimate_tables(void **state)
{
    (void)state;
    assert_int_equal(recip_estimate(256), 511);
    assert_int_equal(recip_estimate(511), 256);
    assert_int_equal(recip_sqrt_estimate(128), 511);
    assert_int_equal(recip_sqrt_estimate(256), 361);
    assert_int_equal(recip_sqrt_estimate(511), 256);
    /* Every entry stays in 256..511 and the tables are monotonic (non-increasing). */
    for (unsigned a = 256; a < 512; a++) {
        assert_in_range(recip_estimate(a), 256, 511);
        if (a > 256)
            assert_true(recip_estimate(a) <= recip_estimate(a - 1));
    }
    for (unsigned a = 128; a < 512; a++) {
        assert_in_range(recip_sqrt_estimate(a), 256, 511);
        if (a > 128 && a != 256)
            assert_true(recip_sqrt_estimate(a) <= recip_sqrt_estimate(a - 1));
    }
    /* URECPE / URSQRTE: below 0.5 (0.25) the result is all ones. */
    assert_int_equal(unsigned_recip_estimate(0x7fffffffu), 0xffffffffu);
    assert_int_equal(unsigned_recip_estimate(0x80000000u), 511u << 23);
    assert_int_equal(unsigned_rsqrt_estimate(0x3fffffffu), 0xffffffffu);
    assert_int_equal(unsigned_rsqrt_estimate(0x40000000u), 511u << 23);
}

/* FRECPE / FRSQRTE / FRECPX for every input class. By hand. */
static void test_estimate_classes(void **state)
{
    (void)state;
    uint32_t fpsr = 0;
    /* Normal: 1.0 is 0.5 * 2^1; the estimate 511/256 * 2^-1 = 0x3f7f8000 (0.998046875). */
    assert_int_equal(fp_recip_estimate(S_ONE, 32, 0, &fpsr), 0x3f7f8000u);
    assert_int_equal(fp_recip_estimate(0xc0000000u, 32, 0, &fpsr), 0xbeff8000u);  /* -2 -> -0.499 */
    assert_int_equal(fp_recip_estimate(0x3ff0000000000000ull, 64, 0, &fpsr), 0x3feff00000000000ull);
    /* FRSQRTE(1.0): odd biased exponent 127 -> 0.25 * 2^2, RecipSqrtEstimate(128) = 511: 0.998. */
    assert_int_equal(fp_rsqrt_estimate(S_ONE, 32, 0, &fpsr), 0x3f7f8000u);
    /* FRSQRTE(2.0): even exponent 128 -> 0.5 * 2^2: 361/256 * 2^-1 = 0x3f348000 (~0.705). */
    assert_int_equal(fp_rsqrt_estimate(0x40000000u, 32, 0, &fpsr), 0x3f348000u);
    assert_int_equal(fpsr, 0);
    /* Zero: infinity of the same sign, DZC. */
    assert_int_equal(fp_recip_estimate(0x80000000u, 32, 0, &fpsr), 0xff800000u);
    assert_int_equal(fpsr, FPSR_DZC);
    fpsr = 0;
    assert_int_equal(fp_rsqrt_estimate(0, 32, 0, &fpsr), S_INF);
    assert_int_equal(fpsr, FPSR_DZC);
    /* Infinity: zero (FRSQRTE of -inf: a negative operand, the default NaN and IOC). */
    fpsr = 0;
    assert_int_equal(fp_recip_estimate(0xff800000u, 32, 0, &fpsr), 0x80000000u);
    assert_int_equal(fp_rsqrt_estimate(S_INF, 32, 0, &fpsr), 0);
    assert_int_equal(fpsr, 0);
    assert_int_equal(fp_rsqrt_estimate(0xff800000u, 32, 0, &fpsr), S_QNAN);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_rsqrt_estimate(0xbf800000u, 32, 0, &fpsr), S_QNAN);
    assert_int_equal(fpsr, FPSR_IOC);
    /* NaNs: quietened, IOC for signalling. */
    fpsr = 0;
    assert_int_equal(fp_recip_estimate(0x7f800001u, 32, 0, &fpsr), 0x7fc00001u);
    assert_int_equal(fpsr, FPSR_IOC);
    fpsr = 0;
    assert_int_equal(fp_rsqrt_estimate(0xffc00001u, 32, 0, &fpsr), 0xffc00001u);
    assert_int_equal(fpsr, 0);
    /* Denormal, large enough: 2^-127 (0x00400000, fraction<51> = 1) scales to 0.5 with exp 0;
     * 1/x ~ 0.998 * 2^127: result_exp = 253 - 0 = 253, 0x7eff8000. */
    assert_int_equal(fp_recip_estimate(0x00400000u, 32, 0, &fpsr), 0x7eff8000u);
    assert_int_equal(fpsr, 0);
    /* Denormal too small (< 2^-128): overflow to infinity or max normal by rounding mode. */
    assert_int_equal(fp_recip_estimate(0x001fffffu, 32, 0, &fpsr), S_INF);
    assert_int_equal(fpsr, FPSR_OFC | FPSR_IXC);
    fpsr = 0;
    assert_int_equal(fp_recip_estimate(0x001fffffu, 32, RM(FPROUNDING_ZERO), &fpsr), S_MAX);
    assert_int_equal(fp_recip_estimate(0x801fffffu, 32, RM(FPROUNDING_POSINF), &fpsr), 0xff7fffffu);
    assert_int_equal(fp_recip_estimate(0x801fffffu, 32, RM(FPROUNDING_NEGINF), &fpsr), 0xff800000u);
    assert_int_equal(fpsr, FPSR_OFC | FPSR_IXC);
    /* Under FZ a denormal is zero (IDC, DZC); a huge operand (>= 2^126) gives 0 with UFC. */
    fpsr = 0;
    assert_int_equal(fp_recip_estimate(0x00400000u, 32, FPCR_FZ, &fpsr), S_INF);
    assert_int_equal(fpsr, FPSR_IDC | FPSR_DZC);
    fpsr = 0;
    assert_int_equal(fp_recip_estimate(0x7e800000u, 32, FPCR_FZ, &fpsr), 0);
    assert_int_equal(fpsr, FPSR_UFC);
    fpsr = 0;   /* without FZ 2^126 gives the denormal 0.998 * 2^-126 = 0x007fc000 */
    assert_int_equal(fp_recip_estimate(0x7e800000u, 32, 0, &fpsr), 0x007fc000u);
    assert_int_equal(fpsr, 0);
    /* FRSQRTE of a denormal: 2^-149 = 0.5 * 2^-148: even, 1/sqrt ~ 1.41 * 2^74 -> exp 201. */
    assert_int_equal(fp_rsqrt_estimate(1, 32, 0, &fpsr), 201u << 23 | 105u << 15);
    assert_int_equal(fpsr, 0);
    /* FRECPX: exponent inverted, fraction dropped; zero/denormal -> largest finite exponent. */
    assert_int_equal(fp_recpx(0x40490fdbu, 32, 0, &fpsr), 0x3f800000u);   /* pi: NOT(0x80) = 0x7f */
    assert_int_equal(fp_recpx(0x80000001u, 32, 0, &fpsr), 0xff000000u);
    assert_int_equal(fp_recpx(S_INF, 32, 0, &fpsr), 0);
    assert_int_equal(fpsr, 0);
    assert_int_equal(fp_recpx(0x7f800001u, 32, 0, &fpsr), 0x7fc00001u);
    assert_int_equal(fpsr, FPSR_IOC);
}

/* FRECPS / FRSQRTS: 2 - a*b and (3 - a*b) / 2, fused; infinity * 0 gives 2.0 / 1.5. By hand. */
static void test_steps(void **state)
{
    (void)state;
    uint32_t fpsr = 0;
    assert_int_equal(fp_recip_step(S_ONE, S_ONE, 32, 0, &fpsr), S_ONE);           /* 2 - 1 */
    assert_int_equal(fp_rsqrt_step(S_ONE, S_ONE, 32, 0, &fpsr), S_ONE);           /* (3 - 1)/2 */
    assert_int_equal(fp_recip_step(S_INF, 0x80000000u, 32, 0, &fpsr), 0x40000000u);
    assert_int_equal(fp_rsqrt_step(0, S_INF, 32, 0, &fpsr), 0x3fc00000u);
    assert_int_equal(fp_recip_step(S_INF, S_ONE, 32, 0, &fpsr), 0xff800000u);     /* -inf */
    assert_int_equal(fpsr, 0);
    assert_int_equal(fp_recip_step(0x40000000u, S_ONE, 32, 0, &fpsr), 0);         /* 2 - 2 = +0 */
    assert_int_equal(fp_recip_step(0x40000000u, S_ONE, 32, RM(FPROUNDING_NEGINF), &fpsr), 0x80000000u);
    /* op1 is negated before NaN processing: a quiet NaN in op1 comes out with its sign flipped. */
    assert_int_equal(fp_recip_step(0x7fc00003u, S_ONE, 32, 0, &fpsr), 0xffc00003u);
    assert_int_equal(fpsr, 0);
    /* Fused: (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24; 2 - that = 1 - 2^-11 - 2^-24, exact in single
     * (ulp 2^-24 below 1): 0x3f7fe000 - 1. Unfused, the product would round to 1 + 2^-11. */
    assert_int_equal(fp_recip_step(0x3f800800u, 0x3f800800u, 32, 0, &fpsr), 0x3f7fdfffu);
    assert_int_equal(fpsr, 0);
}

/* ---- Host IEEE agreement ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Non-NaN operands biased towards the interesting: zeros, denormals, near-overflow, near-one. */
static uint64_t operand(unsigned n)
{
    uint64_t r = rnd(), sign = (r & 1) << (n - 1);
    unsigned f = n == 32 ? 23 : 52, e = n == 32 ? 8 : 11;
    uint64_t frac = rnd() & ((1ull << f) - 1), emax = (1ull << e) - 1, exp;
    switch ((r >> 1) % 8) {
    case 0: exp = 0; break;                                    /* zero or denormal */
    case 1: exp = emax - 1 - (r >> 8) % 4; break;              /* near overflow */
    case 2: exp = 1 + (r >> 8) % 30; break;                    /* near underflow */
    case 3: exp = (emax >> 1) + (r >> 8) % 4; frac &= ~0ull << (r >> 16) % f; break;  /* few bits */
    case 4: return sign | emax << f;                           /* infinity */
    default: exp = 1 + (r >> 8) % (emax - 1); break;
    }
    return sign | exp << f | frac;
}

static const int host_modes[4] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };

static uint32_t host_flags(void)
{
    uint32_t f = 0;
    if (fetestexcept(FE_INVALID)) f |= FPSR_IOC;
    if (fetestexcept(FE_DIVBYZERO)) f |= FPSR_DZC;
    if (fetestexcept(FE_OVERFLOW)) f |= FPSR_OFC;
    if (fetestexcept(FE_INEXACT)) f |= FPSR_IXC;
    return f;
}

enum host_op { H_ADD, H_SUB, H_MUL, H_DIV, H_SQRT, H_FMA, H_CVT, H_RINT, H_TOINT, H_COUNT };

/* The operation on the host, in the current host rounding mode; volatile keeps the compiler from
 * folding or moving it across fesetround. */
static uint64_t host_op(enum host_op op, unsigned n, uint64_t a, uint64_t b, uint64_t c)
{
    if (n == 32) {
        volatile float x, y, z, r;
        uint32_t ua = (uint32_t)a, ub = (uint32_t)b, uc = (uint32_t)c, ur;
        memcpy((void *)&x, &ua, 4);
        memcpy((void *)&y, &ub, 4);
        memcpy((void *)&z, &uc, 4);
        switch (op) {
        case H_ADD: r = x + y; break;
        case H_SUB: r = x - y; break;
        case H_MUL: r = x * y; break;
        case H_DIV: r = x / y; break;
        case H_SQRT: r = sqrtf(x); break;
        case H_FMA: r = fmaf(y, z, x); break;
        case H_RINT: r = rintf(x); break;
        case H_CVT: { volatile double d = x; uint64_t u; memcpy(&u, (void *)&d, 8); return u; }
        default: { volatile long long i = llrintf(x); return (uint64_t)i; }
        }
        memcpy(&ur, (void *)&r, 4);
        return ur;
    }
    volatile double x, y, z, r;
    memcpy((void *)&x, &a, 8);
    memcpy((void *)&y, &b, 8);
    memcpy((void *)&z, &c, 8);
    switch (op) {
    case H_ADD: r = x + y; break;
    case H_SUB: r = x - y; break;
    case H_MUL: r = x * y; break;
    case H_DIV: r = x / y; break;
    case H_SQRT: r = sqrt(x); break;
    case H_FMA: r = fma(y, z, x); break;
    case H_RINT: r = rint(x); break;
    case H_CVT: { volatile float f = (float)x; uint32_t u; memcpy(&u, (void *)&f, 4); return u; }
    default: { volatile long long i = llrint(x); return (uint64_t)i; }
    }
    uint64_t ur;
    memcpy(&ur, (void *)&r, 8);
    return ur;
}

static uint64_t arm_op(enum host_op op, unsigned n, uint64_t a, uint64_t b, uint64_t c, uint32_t fpcr,
                       uint32_t *fpsr)
{
    switch (op) {
    case H_ADD: return fp_add(a, b, n, fpcr, fpsr);
    case H_SUB: return fp_sub(a, b, n, fpcr, fpsr);
    case H_MUL: return fp_mul(a, b, n, fpcr, fpsr);
    case H_DIV: return fp_div(a, b, n, fpcr, fpsr);
    case H_SQRT: return fp_sqrt(a, n, fpcr, fpsr);
    case H_FMA: return fp_muladd(a, b, c, n, fpcr, fpsr);
    case H_CVT: return fp_convert(a, n, n == 32 ? 64 : 32, fpcr, fpsr);
    case H_RINT: return fp_round_int(a, n, fpcr, fp_rounding_mode(fpcr), 1, fpsr);
    default: return fp_to_fixed(a, n, 0, 0, 64, fpcr, fp_rounding_mode(fpcr), fpsr);
    }
}

static void test_host_ieee_agreement(void **state)
{
    (void)state;
    unsigned checked = 0;
    for (unsigned iter = 0; iter < 400000; iter++) {
        enum host_op op = (enum host_op)(iter % H_COUNT);
        unsigned n = (iter / H_COUNT) % 2 ? 64 : 32;
        unsigned mode = (iter / (2 * H_COUNT)) % 4;
        uint64_t a = operand(n), b = operand(n), c = operand(n);
        /* Not FRINT: glibc's rintf gives -1 for a tiny negative value rounded upwards (IEEE and
         * Arm: -0); test_round_int checks FPRoundInt by hand instead. */
        if (op == H_RINT)
            continue;
        if (op == H_TOINT) {
            /* llrint's out-of-range result is unspecified: only values that fit. */
            uint32_t dummy = 0;
            uint64_t mag = fp_abs(a, n);
            uint64_t limit = n == 32 ? 0x5f000000u : 0x43e0000000000000ull;   /* 2^63 */
            if (mag >= limit)
                continue;
            (void)dummy;
        }
        int saved = fegetround();
        fesetround(host_modes[mode]);
        feclearexcept(FE_ALL_EXCEPT);
        uint64_t expected = host_op(op, n, a, b, c);
        uint32_t expected_flags = host_flags();
        fesetround(saved);
        uint32_t fpsr = 0;
        uint64_t got = arm_op(op, n, a, b, c, RM(mode), &fpsr);
        unsigned rn = op == H_CVT ? (n == 32 ? 64 : 32) : op == H_TOINT ? 64 : n;
        uint64_t mask = rn == 64 ? ~0ull : (1ull << rn) - 1;
        expected &= mask;
        /* A NaN result from non-NaN operands is the invalid operation's: Arm's default NaN. */
        uint64_t exp_bits = rn == 32 ? 0x7f800000u : 0x7ff0000000000000ull;
        if (op != H_TOINT && (expected & exp_bits) == exp_bits && (expected & ~exp_bits & (mask >> 1)))
            expected = rn == 32 ? 0x7fc00000u : 0x7ff8000000000000ull;
        if (op == H_RINT)
            expected_flags &= ~(uint32_t)FPSR_OFC;
        if (got != expected || (fpsr & ~(uint32_t)FPSR_UFC) != expected_flags) {
            print_error("op %d n %u mode %u a %016llx b %016llx c %016llx: got %016llx flags %x, "
                        "host %016llx flags %x\n", op, n, mode, (unsigned long long)a,
                        (unsigned long long)b, (unsigned long long)c, (unsigned long long)got, fpsr,
                        (unsigned long long)expected, expected_flags);
            fail();
        }
        checked++;
    }
    assert_true(checked > 300000);
}

/* ---- The host-FP fast path agrees with the integer path --------------------------------- */

/* An operand near another (cancellation) or anywhere; exponents spread so that products and
 * quotients land near both ends of the range. */
static uint64_t fast_path_operand(unsigned n, uint64_t other)
{
    uint64_t r = rnd();
    if (r % 4 == 0)     /* a few ulps from +-other */
        return (other + (r >> 8) % 9 - 4) ^ ((r >> 4 & 1) << (n - 1));
    if (r % 4 == 1) {   /* any exponent, full fraction */
        unsigned f = n == 32 ? 23 : 52, e = n == 32 ? 8 : 11;
        return (rnd() & ((1ull << (n - 1)) - 1)) | (r >> 2 & 1) << (n - 1) | (r % ((1u << e) - 1)) << f;
    }
    return operand(n);
}

static void test_host_fast_path(void **state)
{
    (void)state;
    unsigned fast = 0;
    for (unsigned iter = 0; iter < 600000; iter++) {
        unsigned n = iter & 1 ? 64 : 32;
        uint64_t a = operand(n), b = fast_path_operand(n, a), c = fast_path_operand(n, a);
        uint32_t fpcr = (iter >> 1) % 4 == 3 ? FPCR_FZ | FPCR_DN : 0;
        for (unsigned op = 0; op < 6; op++) {
            uint64_t r1, r2;
            uint32_t f1 = 0, f2 = 0;
            switch (op) {
            case 0: r1 = fp_add(a, b, n, fpcr, &f1); break;
            case 1: r1 = fp_sub(a, b, n, fpcr, &f1); break;
            case 2: r1 = fp_mul(a, b, n, fpcr, &f1); break;
            case 3: r1 = fp_div(a, b, n, fpcr, &f1); break;
            case 4: r1 = fp_sqrt(a, n, fpcr, &f1); break;
            default: r1 = fp_muladd(a, b, c, n, fpcr, &f1); break;
            }
            uint64_t dummy;
            uint32_t df = 0;
            fast += fp_host((enum fp_host_op)op, a, b, c, n, fpcr, &df, &dummy);
            fp_host_enabled = false;
            switch (op) {
            case 0: r2 = fp_add(a, b, n, fpcr, &f2); break;
            case 1: r2 = fp_sub(a, b, n, fpcr, &f2); break;
            case 2: r2 = fp_mul(a, b, n, fpcr, &f2); break;
            case 3: r2 = fp_div(a, b, n, fpcr, &f2); break;
            case 4: r2 = fp_sqrt(a, n, fpcr, &f2); break;
            default: r2 = fp_muladd(a, b, c, n, fpcr, &f2); break;
            }
            fp_host_enabled = true;
            if (r1 != r2 || f1 != f2) {
                print_error("op %u n %u fpcr %x a %016llx b %016llx c %016llx: fast path %016llx "
                            "flags %x, integer path %016llx flags %x\n", op, n, fpcr,
                            (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                            (unsigned long long)r1, f1, (unsigned long long)r2, f2);
                fail();
            }
        }
    }
    printf("%u of 3600000 operations took the host fast path\n", fast);
#if defined(__x86_64__)
    if (fp_host_has_fma)
        assert_true(fast > 1000000);    /* the fast path was exercised */
#endif
}

/* ---- The scalar FP encoding space is fully implemented ----------------------------------- */

/* Every word of the scalar floating-point rows (bits 28:24 = 1111x with bit 30 = 0 ... all the
 * combinations of bits 31:10 and a few register fields) decodes to DECODE_OK or
 * DECODE_UNALLOCATED: nothing of ARMv8.0 is left DECODE_UNIMPLEMENTED. */
static void test_scalar_fp_space_implemented(void **state)
{
    (void)state;
    static const uint32_t low[] = { 0x000, 0x021, 0x3ff, 0x008, 0x010, 0x018 };
    unsigned ok = 0;
    for (uint32_t hi = 0; hi < 1u << 22; hi++) {
        uint32_t w0 = hi << 10;
        if (bits(w0, 28, 25) != 0xf || bit(w0, 30))
            continue;   /* op0 = x111 with bit 28 = 1, bit 30 = 0: the scalar FP space */
        for (size_t k = 0; k < sizeof(low) / sizeof(low[0]); k++) {
            uint32_t w = w0 | low[k];
            const struct a64_encoding *e = a64_find_encoding(w);
            if (!e)
                continue;
            int in_fp = 0;
            for (unsigned r = 0; r < a64_group_fp.count; r++)
                in_fp |= e == &a64_group_fp.rows[r];
            if (!in_fp)
                continue;
            struct insn i;
            enum decode_result d = a64_decode(&i, w);
            if (d == DECODE_UNIMPLEMENTED) {
                print_error("%08x (%s) is still unimplemented\n", w, e->name);
                fail();
            }
            ok += d == DECODE_OK;
        }
    }
    printf("%u scalar FP words decode OK\n", ok);
    assert_true(ok > 50000);
}

/* ---- The FP/SIMD enable check ----------------------------------------------------------- */

#define CODE 0x1000ull
#define VBAR 0x40000ull

/* One word of each scalar FP class (encodings from the LLVM assembler). */
static const uint32_t class_words[] = {
    0x1e222820, /* fadd s0, s1, s2 */
    0x1f420c20, /* fmadd d0, d1, d2, d3 */
    0x1e60c020, /* fabs d0, d1 */
    0x1e21c020, /* fsqrt s0, s1 */
    0x1e63c020, /* fcvt h0, d1 */
    0x1e274020, /* frintx s0, s1 */
    0x1e602038, /* fcmpe d1, #0.0 */
    0x1e221424, /* fccmp s1, s2, #4, ne */
    0x1e62bc20, /* fcsel d0, d1, d2, lt */
    0x1e18f420, /* fcvtzs w0, s1, #3 */
    0x9e620020, /* scvtf d0, x1 */
    0x9e650020, /* fcvtau x0, d1 */
    0x1e2e1000, /* fmov s0, #1.0 */
};

/* With CPACR_EL1.FPEN = 00 every class traps to EL1 with EC 0x07 before doing anything: V0, X0,
 * NZCV and FPSR keep their values. With FPEN = 11 each runs to the next instruction. */
static void test_fp_enable_trap(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, 1u << 20);
    struct cpu *c = m->cpus[0];
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW;
    c->sr.vbar_el1 = VBAR;
    harness_enter(c, EL1, 1);
    for (size_t k = 0; k < sizeof(class_words) / sizeof(class_words[0]); k++) {
        c->sr.cpacr_el1 = 0;
        cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
        c->v[0][0] = 0x1111;
        c->v[0][1] = 0x2222;
        c->v[1][0] = 0x40200000;    /* 2.5 */
        c->v[2][0] = 0x3f800000;
        c->x[0] = 0x3333;
        c->x[1] = 7;
        c->pstate.n = 1;
        c->pstate.z = c->pstate.c = c->pstate.v = 0;
        c->fpsr = 0;
        harness_exec_at(c, CODE, class_words[k], NULL);
        (void)harness_assert_el1_exception(c, VBAR, CODE, EC_FP_ACCESS);
        assert_int_equal(c->v[0][0], 0x1111);
        assert_int_equal(c->v[0][1], 0x2222);
        assert_int_equal(c->x[0], 0x3333);
        assert_int_equal(c->pstate.n, 1);
        assert_int_equal(c->fpsr, 0);
        c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT;
        cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
        harness_exec_at(c, CODE, class_words[k], NULL);
        assert_int_equal(c->pc, CODE + 4);
        if (class_words[k] == 0x1e18f420)
            assert_int_equal(c->x[0], 20);  /* fcvtzs w0, s1, #3 of 2.5: 2.5 * 8 */
    }
    /* The last run, fmov s0, #1.0, wrote S0 and zeroed the rest of V0. */
    assert_int_equal(c->v[0][0], 0x3f800000);
    assert_int_equal(c->v[0][1], 0);
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_modes_ties),
        cmocka_unit_test(test_round_overflow),
        cmocka_unit_test(test_underflow_before_rounding),
        cmocka_unit_test(test_flush_inputs),
        cmocka_unit_test(test_nan_propagation),
        cmocka_unit_test(test_each_flag),
        cmocka_unit_test(test_max_min_compare),
        cmocka_unit_test(test_to_fixed),
        cmocka_unit_test(test_round_int),
        cmocka_unit_test(test_estimate_tables),
        cmocka_unit_test(test_estimate_classes),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_host_ieee_agreement),
        cmocka_unit_test(test_host_fast_path),
        cmocka_unit_test(test_scalar_fp_space_implemented),
        cmocka_unit_test(test_fp_enable_trap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
