/* The scalar floating-point instructions: arithmetic, fused multiply-add, min/max, FRINT*, FCVT
 * between precisions (incl. alternative half precision), conversions to and from general registers
 * (every rounding, saturation, fixed point), FCMP/FCCMP/FCSEL and FMOV immediate, with FPCR's
 * rounding modes, FZ and DN, checking each result, the FPSR flags and NZCV. The expected values
 * are worked out by hand from the IEEE formats and the Arm ARM's pseudocode; the oracle case
 * checks them on QEMU as well. */
#include "test.h"

/* C is compiled with -mgeneral-regs-only; only the asm touches FP registers. */
#define FP_ASM ".arch_extension fp\n"

#define RP (1u << 22)   /* FPCR.RMode: towards +inf */
#define RM (2u << 22)   /* towards -inf */
#define RZ (3u << 22)   /* towards zero */
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)

#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u

struct res {
    uint64_t d, hi, x, fpsr, nzcv;
};

/* Run insn with FPCR = fpcr, FPSR = 0, d0/d1/d2 = a/b/c, x10 = a, and v3 and x9 all ones before;
 * collect d3, v3.d[1], x9, FPSR and NZCV. */
#define RUN(insn, fpcr, a, b, c, r)                                                                 \
    __asm__ volatile(FP_ASM "msr fpcr, %[cr]\n msr fpsr, xzr\n"                                     \
                     "fmov d0, %[va]\n fmov d1, %[vb]\n fmov d2, %[vc]\n mov x10, %[va]\n"          \
                     "fmov d3, %[ones]\n fmov v3.d[1], %[ones]\n mov x9, %[ones]\n" insn "\n"      \
                     "mrs %[f], fpsr\n mrs %[n], nzcv\n fmov %[d], d3\n fmov %[h], v3.d[1]\n"       \
                     "mov %[x], x9\n msr fpcr, xzr\n"                                               \
                     : [d] "=&r"(r.d), [h] "=&r"(r.hi), [x] "=&r"(r.x), [f] "=&r"(r.fpsr),          \
                       [n] "=&r"(r.nzcv)                                                            \
                     : [cr] "r"((uint64_t)(fpcr)), [va] "r"((uint64_t)(a)), [vb] "r"((uint64_t)(b)), \
                       [vc] "r"((uint64_t)(c)), [ones] "r"(~0ull)                                   \
                     : "v0", "v1", "v2", "v3", "x9", "x10", "cc")

static void report(const char *insn, uint64_t got, uint64_t expected)
{
    if (got != expected) {
        uart_puts("  in: ");
        uart_puts(insn);
        uart_puts("\n");
    }
}

/* An FP result in d3 (the rest of v3 zeroed) and the FPSR flags. */
#define T_FP(insn, fpcr, a, b, c, expected, flags)                                                  \
    do {                                                                                            \
        struct res r_;                                                                              \
        RUN(insn, fpcr, a, b, c, r_);                                                               \
        report(insn, r_.d, (uint64_t)(expected));                                                   \
        CHECK_EQ(r_.d, expected);                                                                   \
        CHECK_EQ(r_.hi, 0);                                                                         \
        report(insn, r_.fpsr, flags);                                                               \
        CHECK_EQ(r_.fpsr, flags);                                                                   \
    } while (0)

/* An integer result in x9 and the FPSR flags. */
#define T_INT(insn, fpcr, a, expected, flags)                                                       \
    do {                                                                                            \
        struct res r_;                                                                              \
        RUN(insn, fpcr, a, 0, 0, r_);                                                               \
        report(insn, r_.x, (uint64_t)(expected));                                                   \
        CHECK_EQ(r_.x, expected);                                                                   \
        report(insn, r_.fpsr, flags);                                                               \
        CHECK_EQ(r_.fpsr, flags);                                                                   \
    } while (0)

/* NZCV (bits 31:28) and the FPSR flags. */
#define T_NZCV(insn, a, b, expected, flags)                                                         \
    do {                                                                                            \
        struct res r_;                                                                              \
        RUN(insn, 0, a, b, 0, r_);                                                                  \
        report(insn, r_.nzcv, (uint64_t)(expected) << 28);                                          \
        CHECK_EQ(r_.nzcv, (uint64_t)(expected) << 28);                                              \
        report(insn, r_.fpsr, flags);                                                               \
        CHECK_EQ(r_.fpsr, flags);                                                                   \
    } while (0)

/* Singles and doubles used below. */
#define S_ONE 0x3f800000u
#define S_TWO_HALF 0x40200000u       /* 2.5 */
#define S_NEG_TWO_HALF 0xc0200000u
#define S_NEG_HALF 0xbf000000u
#define D_ONE 0x3ff0000000000000ull
#define D_TWO 0x4000000000000000ull
#define D_THREE 0x4008000000000000ull

static void test_arithmetic(void)
{
    /* 1 + 2^-149: inexact; under FZ the denormal is 0 (IDC, exact). */
    T_FP("fadd s3, s0, s1", 0, S_ONE, 0x00000001, 0, S_ONE, IXC);
    T_FP("fadd s3, s0, s1", FZ, S_ONE, 0x00000001, 0, S_ONE, IDC);
    /* 1 + 2^-30 in each rounding mode. */
    T_FP("fadd s3, s0, s1", RP, S_ONE, 0x30800000, 0, 0x3f800001, IXC);
    T_FP("fadd s3, s0, s1", RM, S_ONE, 0x30800000, 0, S_ONE, IXC);
    T_FP("fadd s3, s0, s1", 0, S_ONE, 0x30800000, 0, S_ONE, IXC);
    /* x - x = -0 only when rounding towards -inf. */
    T_FP("fsub s3, s0, s0", RM, S_ONE, 0, 0, 0x80000000, 0);
    T_FP("fsub d3, d0, d0", 0, D_ONE, 0, 0, 0, 0);
    /* (1 - 2^-24) * 2^-126: tiny before rounding, rounds up to 2^-126 (UFC, IXC); towards zero the
     * largest denormal; under FZ flushed to +0 with UFC only. */
    T_FP("fmul s3, s0, s1", 0, 0x3f7fffff, 0x00800000, 0, 0x00800000, UFC | IXC);
    T_FP("fmul s3, s0, s1", RZ, 0x3f7fffff, 0x00800000, 0, 0x007fffff, UFC | IXC);
    T_FP("fmul s3, s0, s1", FZ, 0x3f7fffff, 0x00800000, 0, 0, UFC);
    /* Overflow: FLT_MAX * 2 = inf, or FLT_MAX towards zero. */
    T_FP("fmul s3, s0, s1", 0, 0x7f7fffff, 0x40000000, 0, 0x7f800000, OFC | IXC);
    T_FP("fmul s3, s0, s1", RZ, 0x7f7fffff, 0x40000000, 0, 0x7f7fffff, OFC | IXC);
    T_FP("fnmul d3, d0, d1", 0, D_TWO, D_THREE, 0, 0xc018000000000000ull, 0);   /* -6 */
    /* FNMUL negates a NaN result too. */
    T_FP("fnmul d3, d0, d1", 0, 0x7ff8000000000001ull, D_ONE, 0, 0xfff8000000000001ull, 0);
    T_FP("fdiv d3, d0, d1", 0, D_ONE, D_THREE, 0, 0x3fd5555555555555ull, IXC);  /* 1/3 */
    T_FP("fdiv d3, d0, d1", 0, 0xbff0000000000000ull, 0, 0, 0xfff0000000000000ull, DZC);
    T_FP("fdiv d3, d0, d1", 0, 0, 0, 0, 0x7ff8000000000000ull, IOC);             /* 0/0 */
    T_FP("fsqrt d3, d0", 0, D_TWO, 0, 0, 0x3ff6a09e667f3bcdull, IXC);
    T_FP("fsqrt s3, s0", 0, 0xbf800000, 0, 0, 0x7fc00000, IOC);
    T_FP("fsqrt s3, s0", 0, 0x80000000, 0, 0, 0x80000000, 0);                     /* sqrt(-0) */
    T_FP("fabs d3, d0", 0, 0xfff8000000000001ull, 0, 0, 0x7ff8000000000001ull, 0);
    T_FP("fneg s3, s0", 0, 0x7f800001, 0, 0, 0xff800001, 0);                      /* sNaN: no IOC */
}

static void test_fused(void)
{
    /* (1 + 2^-27)^2 - 1 = 2^-26 + 2^-54, exact only when fused. */
    T_FP("fmadd d3, d0, d0, d1", 0, 0x3ff0000002000000ull, 0xbff0000000000000ull, 0,
         0x3e50000001000000ull, 0);
    /* Ra = d2 = 1, Rn = 2, Rm = 3. */
    T_FP("fmsub d3, d0, d1, d2", 0, D_TWO, D_THREE, D_ONE, 0xc014000000000000ull, 0);  /* 1 - 6 */
    T_FP("fnmadd d3, d0, d1, d2", 0, D_TWO, D_THREE, D_ONE, 0xc01c000000000000ull, 0); /* -1 - 6 */
    T_FP("fnmsub d3, d0, d1, d2", 0, D_TWO, D_THREE, D_ONE, 0x4014000000000000ull, 0); /* -1 + 6 */
    T_FP("fmadd s3, s0, s1, s2", 0, S_ONE, S_ONE, S_ONE, 0x40000000, 0);                /* 2 */
    /* A quiet NaN addend does not hide infinity * 0: default NaN, IOC. */
    T_FP("fmadd s3, s0, s1, s2", 0, 0x7f800000, 0, 0x7fc00001, 0x7fc00000, IOC);
    /* FMSUB negates Rn before NaN propagation: a quiet NaN in Rn comes out negated. */
    T_FP("fmsub d3, d0, d1, d2", 0, 0x7ff8000000000002ull, D_ONE, D_ONE, 0xfff8000000000002ull, 0);
}

static void test_nans_and_minmax(void)
{
    /* A signalling NaN wins over a quiet one and is quietened; DN gives the default NaN. */
    T_FP("fadd s3, s0, s1", 0, 0x7fc00001, 0xff800022, 0, 0xffc00022, IOC);
    T_FP("fadd s3, s0, s1", DN, 0x7fc00001, 0xff800022, 0, 0x7fc00000, IOC);
    T_FP("fsub s3, s0, s1", 0, 0xffc00002, 0x7fc00001, 0, 0xffc00002, 0);
    T_FP("fmax s3, s0, s1", 0, 0x80000000, 0, 0, 0, 0);                 /* max(-0, +0) = +0 */
    T_FP("fmin s3, s0, s1", 0, 0, 0x80000000, 0, 0x80000000, 0);
    T_FP("fmax d3, d0, d1", 0, D_TWO, D_THREE, 0, D_THREE, 0);
    T_FP("fmin d3, d0, d1", 0, D_TWO, D_THREE, 0, D_TWO, 0);
    T_FP("fmax s3, s0, s1", 0, 0x7fc00005, 0xc0000000, 0, 0x7fc00005, 0);
    T_FP("fmaxnm s3, s0, s1", 0, 0x7fc00005, 0xc0000000, 0, 0xc0000000, 0);
    T_FP("fminnm s3, s0, s1", 0, S_ONE, 0x7fc00005, 0, S_ONE, 0);
    T_FP("fminnm s3, s0, s1", 0, 0x7f800005, S_ONE, 0, 0x7fc00005, IOC);
}

static void test_frint(void)
{
    T_FP("frintn s3, s0", 0, S_TWO_HALF, 0, 0, 0x40000000, 0);
    T_FP("frinta s3, s0", 0, S_TWO_HALF, 0, 0, 0x40400000, 0);
    T_FP("frintp s3, s0", 0, S_NEG_HALF, 0, 0, 0x80000000, 0);          /* -0 */
    T_FP("frintm s3, s0", 0, S_NEG_HALF, 0, 0, 0xbf800000, 0);
    T_FP("frintz s3, s0", 0, S_NEG_TWO_HALF, 0, 0, 0xc0000000, 0);
    T_FP("frintx s3, s0", 0, S_TWO_HALF, 0, 0, 0x40000000, IXC);
    T_FP("frintx s3, s0", RP, S_TWO_HALF, 0, 0, 0x40400000, IXC);
    T_FP("frinti s3, s0", RP, S_TWO_HALF, 0, 0, 0x40400000, 0);
    T_FP("frinti d3, d0", RM, 0xc004000000000000ull, 0, 0, 0xc008000000000000ull, 0); /* -2.5 */
    T_FP("frintx d3, d0", 0, D_THREE, 0, 0, D_THREE, 0);
    T_FP("frintn d3, d0", 0, 0x7ff0000000000001ull, 0, 0, 0x7ff8000000000001ull, IOC);
}

static void test_fcvt_precisions(void)
{
    T_FP("fcvt d3, s0", 0, 0x7f800001, 0, 0, 0x7ff8000020000000ull, IOC);   /* payload moves up */
    T_FP("fcvt s3, d0", 0, 0x7e37e43c8800759cull, 0, 0, 0x7f800000, OFC | IXC); /* 1e300 */
    T_FP("fcvt s3, d0", RZ, 0x7e37e43c8800759cull, 0, 0, 0x7f7fffff, OFC | IXC);
    T_FP("fcvt s3, d0", 0, 0x3fd5555555555555ull, 0, 0, 0x3eaaaaab, IXC);      /* 1/3 */
    /* 65520 is half-way between 65504 (the largest IEEE half) and 2^16: even is 2^16, which
     * overflows in IEEE half; in the alternative format 2^16 is 0x7c00, a number. */
    T_FP("fcvt h3, s0", 0, 0x477ff000, 0, 0, 0x7c00, OFC | IXC);
    T_FP("fcvt h3, s0", AHP, 0x477ff000, 0, 0, 0x7c00, IXC);
    T_FP("fcvt h3, s0", AHP, 0x7f800000, 0, 0, 0x7fff, IOC);                  /* inf */
    T_FP("fcvt s3, h0", AHP, 0x7c00, 0, 0, 0x47800000, 0);                    /* 2^16 */
    T_FP("fcvt s3, h0", 0, 0x3c00, 0, 0, S_ONE, 0);
    T_FP("fcvt d3, h0", FZ, 0x0001, 0, 0, 0x3e70000000000000ull, 0);          /* 2^-24: no FZ16 */
    T_FP("fcvt h3, d0", 0, 0x3e60000000000000ull, 0, 0, 0, UFC | IXC);        /* 2^-25: tie to 0 */
    T_FP("fcvt h3, d0", RP, 0x3e60000000000000ull, 0, 0, 1, UFC | IXC);
    T_FP("fcvt d3, s0", FZ, 0x80000001, 0, 0, 0x8000000000000000ull, IDC);
}

static void test_fcvt_to_int(void)
{
    T_INT("fcvtns w9, s0", 0, S_TWO_HALF, 2, IXC);
    T_INT("fcvtnu w9, s0", 0, 0x40600000, 4, IXC);                         /* 3.5 -> 4 */
    T_INT("fcvtas w9, s0", 0, S_NEG_TWO_HALF, 0xfffffffdull, IXC);         /* -3, W: zero-extended */
    T_INT("fcvtps x9, s0", 0, S_NEG_TWO_HALF, 0xfffffffffffffffeull, IXC); /* -2 */
    T_INT("fcvtms x9, d0", 0, 0xc004000000000000ull, 0xfffffffffffffffdull, IXC);
    T_INT("fcvtzs w9, s0", 0, 0x4f000000, 0x7fffffff, IOC);                /* 2^31 saturates */
    T_INT("fcvtzs x9, d0", 0, 0xc3e0000000000000ull, 0x8000000000000000ull, 0); /* -2^63 fits */
    T_INT("fcvtzu w9, s0", 0, 0xbf800000, 0, IOC);                         /* -1 unsigned */
    T_INT("fcvtzu w9, s0", 0, S_NEG_HALF, 0, IXC);                         /* -0.5 -> 0 */
    T_INT("fcvtau x9, d0", 0, 0x4004000000000000ull, 3, IXC);              /* 2.5 -> 3 */
    T_INT("fcvtzs w9, s0", 0, 0x7fc00000, 0, IOC);                         /* NaN -> 0 */
    T_INT("fcvtzs x9, s0", 0, 0xff800000, 0x8000000000000000ull, IOC);     /* -inf */
    T_INT("fcvtzs w9, s0, #4", 0, 0x3fc00000, 24, 0);                      /* 1.5 * 16 */
    T_INT("fcvtzu x9, d0, #64", 0, 0x3fe0000000000000ull, 0x8000000000000000ull, 0); /* 0.5 * 2^64 */
    T_INT("fcvtzs w9, d0, #32", 0, D_ONE, 0x7fffffff, IOC);                /* 1.0 in Q32 */
    T_INT("fcvtzs w9, s0", FZ, 0x00400000, 0, IDC);                        /* flushed: exact 0 */
}

static void test_int_to_fp(void)
{
    /* x10 holds the first operand. 2^53 + 1 is a tie between 2^53 and 2^53 + 2. */
    T_FP("scvtf d3, x10", 0, 0x20000000000001ull, 0, 0, 0x4340000000000000ull, IXC);
    T_FP("scvtf d3, x10", RP, 0x20000000000001ull, 0, 0, 0x4340000000000001ull, IXC);
    T_FP("scvtf s3, w10", 0, 0xffffffffull, 0, 0, 0xbf800000, 0);          /* -1 */
    T_FP("ucvtf s3, w10", 0, 0xffffffffull, 0, 0, 0x4f800000, IXC);        /* 2^32 - 1 -> 2^32 */
    T_FP("ucvtf d3, x10", 0, ~0ull, 0, 0, 0x43f0000000000000ull, IXC);
    T_FP("ucvtf s3, w10, #32", 0, 0x80000000ull, 0, 0, 0x3f000000, 0);     /* 0.5 */
    T_FP("scvtf d3, w10, #31", 0, 0x80000000ull, 0, 0, 0xbff0000000000000ull, 0); /* -1.0 */
    T_FP("scvtf s3, x10, #64", 0, 1, 0, 0, 0x1f800000, 0);                 /* 2^-64 */
    T_FP("scvtf s3, x10", 0, 0, 0, 0, 0, 0);                               /* +0 */
}

static void test_compare_select(void)
{
    /* NZCV: 0110 equal, 1000 less, 0010 greater, 0011 unordered. */
    T_NZCV("fcmp s0, s1", S_ONE, 0x40000000, 0x8, 0);
    T_NZCV("fcmp s0, s1", 0x40000000, S_ONE, 0x2, 0);
    T_NZCV("fcmp s0, #0.0", 0x80000000, 0, 0x6, 0);
    T_NZCV("fcmp d0, d1", 0x7ff8000000000000ull, D_ONE, 0x3, 0);
    T_NZCV("fcmpe d0, d1", 0x7ff8000000000000ull, D_ONE, 0x3, IOC);
    T_NZCV("fcmp d0, d1", 0x7ff0000000000001ull, D_ONE, 0x3, IOC);
    T_NZCV("fcmpe s0, #0.0", 0xff800000, 0, 0x8, 0);
    /* FCCMP: the comparison when the condition holds, else #nzcv (NZCV set to Z or nothing). */
    T_NZCV("msr nzcv, xzr\n fccmp s0, s1, #5, eq", 0x7fc00000, S_ONE, 0x5, 0);
    T_NZCV("mov x9, #0x40000000\n msr nzcv, x9\n fccmp s0, s1, #5, eq", S_ONE, S_ONE, 0x6, 0);
    T_NZCV("mov x9, #0x40000000\n msr nzcv, x9\n fccmpe d0, d1, #0, eq", 0x7ff8000000000000ull,
           D_ONE, 0x3, IOC);
    T_FP("mov x9, #0x40000000\n msr nzcv, x9\n fcsel d3, d0, d1, eq", 0, D_TWO, D_THREE, 0, D_TWO, 0);
    T_FP("msr nzcv, xzr\n fcsel s3, s0, s1, eq", 0, D_TWO, 0x1234567840400000ull, 0, 0x40400000, 0);
    T_FP("fmov d3, #-1.25", 0, 0, 0, 0, 0xbff4000000000000ull, 0);
    T_FP("fmov s3, #31.0", 0, 0, 0, 0, 0x41f80000, 0);
}

void test_main(void)
{
    test_arithmetic();
    test_fused();
    test_nans_and_minmax();
    test_frint();
    test_fcvt_precisions();
    test_fcvt_to_int();
    test_int_to_fp();
    test_compare_select();
}
