/* Vectorised loops and float/double maths, as clang -O2 -mcpu=cortex-a72 compiles ordinary C: the
 * loops below auto-vectorise (integer and FP arithmetic, widening multiply-accumulate, reductions,
 * conversions, min/max, shifts, absolute differences) and the scalar parts use division, square
 * roots, fused multiply-add and conversions. Each kernel prints a checksum of its results' bits
 * and a few values, so a72sim's output can be compared with QEMU's line by line. */
#include <stdint.h>

#include "print.h"
#include "test.h"

TEST_STAY_EL3;
void mmu_on_el3(void);

#define N 1024

static int32_t ia[N], ib[N], ic[N];
static int16_t sa[N], sb[N];
static uint8_t ua[N], ub[N], uc[N];
static float fa[N], fb[N], fc[N];
static double da[N], db[N], dc[N];
static int64_t la[N];

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t fnv(const void *p, unsigned n)
{
    const uint8_t *b = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned k = 0; k < n; k++)
        h = (h ^ b[k]) * 0x100000001b3ull;
    return h;
}

static uint64_t bits_d(double d)
{
    union { double d; uint64_t u; } x = { .d = d };
    return x.u;
}

static void fill(void)
{
    for (int i = 0; i < N; i++) {
        uint64_t r = rng();
        ia[i] = (int32_t)r;
        ib[i] = (int32_t)(r >> 32) >> 8;
        sa[i] = (int16_t)(r >> 16);
        sb[i] = (int16_t)(r >> 40);
        ua[i] = (uint8_t)r;
        ub[i] = (uint8_t)(r >> 56);
        fa[i] = (float)(int32_t)(r >> 20) / 4096.0f;
        fb[i] = (float)(int16_t)r / 256.0f + 0.5f;
        da[i] = (double)(int64_t)r / 1e12;
        db[i] = (double)(r >> 11) / 9007199254740992.0 + 1e-3;
    }
}

/* The kernels: noinline so each is a loop clang vectorises on its own. */
__attribute__((noinline)) static void int_mla(void)
{
    for (int i = 0; i < N; i++)
        ic[i] = ia[i] * ib[i] + (ic[i] >> 3);
}

__attribute__((noinline)) static int64_t int_sum(const int32_t *a)
{
    int64_t s = 0;
    for (int i = 0; i < N; i++)
        s += a[i];
    return s;
}

__attribute__((noinline)) static int32_t dot16(void)
{
    int32_t s = 0;
    for (int i = 0; i < N; i++)
        s += sa[i] * sb[i];
    return s;
}

__attribute__((noinline)) static uint32_t sad8(void)
{
    uint32_t s = 0;
    for (int i = 0; i < N; i++)
        s += (uint32_t)(ua[i] > ub[i] ? ua[i] - ub[i] : ub[i] - ua[i]);
    return s;
}

__attribute__((noinline)) static void sat_add8(void)
{
    for (int i = 0; i < N; i++) {
        unsigned v = ua[i] + ub[i];
        uc[i] = (uint8_t)(v > 255 ? 255 : v);
    }
}

__attribute__((noinline)) static void minmax(int32_t *mn, int32_t *mx)
{
    int32_t lo = ia[0], hi = ia[0];
    for (int i = 0; i < N; i++) {
        lo = ia[i] < lo ? ia[i] : lo;
        hi = ia[i] > hi ? ia[i] : hi;
    }
    *mn = lo;
    *mx = hi;
}

__attribute__((noinline)) static void rotate_shift(void)
{
    for (int i = 0; i < N; i++) {
        uint32_t x = (uint32_t)ia[i];
        ic[i] = (int32_t)(((x << 5) | (x >> 27)) ^ (x >> 11)) + (ib[i] >> 2);
    }
}

__attribute__((noinline)) static void saxpy(float a)
{
    for (int i = 0; i < N; i++)
        fc[i] = a * fa[i] + fb[i];
}

__attribute__((noinline)) static void fdiv_sqrt(void)
{
    for (int i = 0; i < N; i++)
        fc[i] = __builtin_sqrtf(__builtin_fabsf(fa[i])) / fb[i];
}

__attribute__((noinline)) static void dmath(void)
{
    for (int i = 0; i < N; i++)
        dc[i] = __builtin_sqrt(db[i]) * da[i] - da[i] / db[i];
}

__attribute__((noinline)) static void fminmax(void)
{
    for (int i = 0; i < N; i++)
        fc[i] = __builtin_fminf(fa[i], fb[i]) + __builtin_fmaxf(fa[i] * 0.5f, fb[i]);
}

__attribute__((noinline)) static void conversions(void)
{
    for (int i = 0; i < N; i++) {
        dc[i] = (double)ia[i] * 0.25 + (double)fa[i];   /* SCVTF, FCVTL */
        fc[i] = (float)db[i] * (float)ib[i];            /* FCVTN, SCVTF */
        la[i] = (int64_t)(da[i] * 1000.0);              /* FCVTZS */
        ic[i] = (int32_t)(fb[i] * 100.0f);
    }
}

__attribute__((noinline)) static double dsum_fma(void)
{
    double s = 0;
    for (int i = 0; i < N; i++)
        s = __builtin_fma(da[i], db[i], s);
    return s;
}

__attribute__((noinline)) static float fsum(void)
{
    float s = 0;
    for (int i = 0; i < N; i++)
        s += fa[i] * fb[i];
    return s;
}

/* Newton's square root and a series, scalar double. */
__attribute__((noinline)) static double newton_sqrt(double x)
{
    double r = x > 1 ? x / 2 : 1;
    for (int k = 0; k < 30; k++)
        r = 0.5 * (r + x / r);
    return r;
}

__attribute__((noinline)) static double series_pi(int terms)
{
    double s = 0;
    for (int k = 0; k < terms; k++)
        s += (k & 1 ? -4.0 : 4.0) / (2 * k + 1);
    return s;
}

void test_main(void)
{
    mmu_on_el3();
    fill();
    for (int round = 0; round < 4; round++) {
        int_mla();
        cp_printf("round %d\n", round);
        cp_printf("int_mla     %016lx sum %ld\n", (unsigned long)fnv(ic, sizeof(ic)), (long)int_sum(ic));
        cp_printf("dot16       %d\n", dot16());
        cp_printf("sad8        %u\n", sad8());
        sat_add8();
        cp_printf("sat_add8    %016lx\n", (unsigned long)fnv(uc, sizeof(uc)));
        int32_t mn, mx;
        minmax(&mn, &mx);
        cp_printf("minmax      %d %d\n", mn, mx);
        rotate_shift();
        cp_printf("rotate      %016lx\n", (unsigned long)fnv(ic, sizeof(ic)));
        saxpy(1.5f + (float)round);
        cp_printf("saxpy       %016lx %f\n", (unsigned long)fnv(fc, sizeof(fc)), (double)fc[7]);
        fdiv_sqrt();
        cp_printf("fdiv_sqrt   %016lx %f\n", (unsigned long)fnv(fc, sizeof(fc)), (double)fc[100]);
        dmath();
        cp_printf("dmath       %016lx %f\n", (unsigned long)fnv(dc, sizeof(dc)), dc[5]);
        fminmax();
        cp_printf("fminmax     %016lx\n", (unsigned long)fnv(fc, sizeof(fc)));
        conversions();
        cp_printf("conversions %016lx %016lx %016lx %016lx\n", (unsigned long)fnv(dc, sizeof(dc)),
                  (unsigned long)fnv(fc, sizeof(fc)), (unsigned long)fnv(la, sizeof(la)),
                  (unsigned long)fnv(ic, sizeof(ic)));
        double s = dsum_fma();
        cp_printf("dsum_fma    %016lx %f\n", (unsigned long)bits_d(s), s);
        cp_printf("fsum        %f\n", (double)fsum());
        /* feed results back so that the rounds differ */
        for (int i = 0; i < N; i++) {
            fa[i] = fc[i] * 0.75f;
            da[i] = dc[i] * 0.5;
            ib[i] ^= ic[i] >> 5;
        }
    }
    cp_printf("newton_sqrt %016lx %f\n", (unsigned long)bits_d(newton_sqrt(2.0)), newton_sqrt(12345.678));
    cp_printf("series_pi   %016lx %.12f\n", (unsigned long)bits_d(series_pi(20000)), series_pi(20000));
}
