/* The random-instruction campaign: inputs for the execution harness (exec_harness.h) made from a
 * seeded generator — random words mixed with instruction templates that stress what a fuzzer
 * finds slowly (exclusives on shared addresses, stores into code and page tables, TLB and cache
 * maintenance, system-register writes, exception calls and returns, WFI/WFE/SEV) — at every EL,
 * with both cores. The same seed gives the same input and the same run on any host.
 *
 * usage: fuzz_campaign [--seeds FIRST-LAST] [--insns N] [--cpu-ms N] [--write-corpus DIR] [-v]
 * Exit status: 0 every run kept the simulator's invariants and ended within its limits; 1 a run
 * broke an invariant or had to be stopped by the time limit (the seed is printed); 2 bad usage. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec_harness.h"

/* Instructions that are rare among random words; their register fields are randomized. */
static const uint32_t templates[] = {
        0xc85f7c00, /* ldxr x0, [x0] */
        0xc8027c20, /* stxr w2, x0, [x1] */
        0xc85ffc00, /* ldaxr x0, [x0] */
        0xc802fc20, /* stlxr w2, x0, [x1] */
        0xc87f0440, /* ldxp x0, x1, [x2] */
        0xc8230440, /* stxp w3, x0, x1, [x2] */
        0x085f7c00, /* ldxrb w0, [x0] */
        0x08027c20, /* stxrb w2, w0, [x1] */
        0xd5033f5f, /* clrex */
        0xc8dffc00, /* ldar x0, [x0] */
        0xc89ffc00, /* stlr x0, [x0] */
        0xf9000000, /* str x0, [x0] */
        0xb9000400, /* str w0, [x0, #4] */
        0x39000400, /* strb w0, [x0, #1] */
        0xa9010000, /* stp x0, x0, [x0, #16] */
        0xf8408420, /* ldr x0, [x1], #8 */
        0xf9400000, /* ldr x0, [x0] */
        0xa9400440, /* ldp x0, x1, [x2] */
        0xf8400800, /* ldtr x0, [x0] */
        0xf8000800, /* sttr x0, [x0] */
        0xd50b7420, /* dc zva, x0 */
        0xd50b7e20, /* dc civac, x0 */
        0xd50b7520, /* ic ivau, x0 */
        0xd508751f, /* ic iallu */
        0xd508711f, /* ic ialluis */
        0xd508871f, /* tlbi vmalle1 */
        0xd508831f, /* tlbi vmalle1is */
        0xd50c871f, /* tlbi alle2 */
        0xd5088720, /* tlbi vae1, x0 */
        0xd50c8420, /* tlbi ipas2e1, x0 */
        0xd50c839f, /* tlbi alle1is */
        0xd5087800, /* at s1e1r, x0 */
        0xd50c78a0, /* at s12e1w, x0 */
        0xd5181000, /* msr sctlr_el1, x0 */
        0xd5182000, /* msr ttbr0_el1, x0 */
        0xd5182040, /* msr tcr_el1, x0 */
        0xd51c1100, /* msr hcr_el2, x0 */
        0xd51c2100, /* msr vttbr_el2, x0 */
        0xd51c2140, /* msr vtcr_el2, x0 */
        0xd51c1000, /* msr sctlr_el2, x0 */
        0xd51e1100, /* msr scr_el3, x0 */
        0xd518c000, /* msr vbar_el1, x0 */
        0xd51c4000, /* msr spsr_el2, x0 */
        0xd51c4020, /* msr elr_el2, x0 */
        0xd5034fff, /* msr daifclr, #15 */
        0xd5034fdf, /* msr daifset, #15 */
        0xd50041bf, /* msr spsel, #1 */
        0xd4000001, /* svc #0 */
        0xd4000002, /* hvc #0 */
        0xd4000003, /* smc #0 */
        0xd69f03e0, /* eret */
        0xd503207f, /* wfi */
        0xd503205f, /* wfe */
        0xd503209f, /* sev */
        0xd50320bf, /* sevl */
        0xd5033fdf, /* isb */
        0xd5033f9f, /* dsb sy */
        0xd61f0000, /* br x0 */
        0xd63f0000, /* blr x0 */
        0xd65f0000, /* ret x0 */
        0xd53be020, /* mrs x0, cntpct_el0 */
        0xd51be320, /* msr cntv_ctl_el0, x0 */
        0xd51be340, /* msr cntv_cval_el0, x0 */
        0xd51be200, /* msr cntp_tval_el0, x0 */
        0xd518cba0, /* msr icc_sgi1r_el1, x0 */
        0xd538cc00, /* mrs x0, icc_iar1_el1 */
        0xd518cc20, /* msr icc_eoir1_el1, x0 */
        0xd51ccc00, /* msr ich_lr0_el2, x0 */
        0xd51ccb00, /* msr ich_hcr_el2, x0 */
        0x91400400, /* add x0, x0, #4096 */
        0xd2bfe000, /* movz x0, #0xff00, lsl #16 */
        0x17ffffff, /* b #-4 */
        0xb5ffffc0, /* cbnz x0, #-8 */
};
#define NTEMPLATES (sizeof(templates) / sizeof(templates[0]))

/* splitmix64: small, fast and the same everywhere */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A template with random registers: mostly x0-x15, which hold the interesting values. */
static uint32_t template_word(uint64_t *rng)
{
    uint64_t r = next_random(rng);
    uint32_t w = templates[r % NTEMPLATES];
    unsigned rt = (unsigned)(r >> 20) & 15, rn = (unsigned)(r >> 28) & 15, rs = (unsigned)(r >> 36) & 15;
    if ((r >> 40) % 8 == 0)
        rn = 31; /* SP as the base now and then */
    bool sys = (w >> 24) == 0xd5, branch_reg = (w >> 25) == 0x6b, ldst = ((w >> 25) & 5) == 4;
    if ((sys || ldst) && (w & 0x1f) != 0x1f)
        w = (w & ~0x1fu) | rt;
    if (ldst || branch_reg)
        w = (w & ~(0x1fu << 5)) | rn << 5;
    if (ldst && (w & 0x3f000000) == 0x08000000 && !(w & (1u << 22))) /* store exclusive: the status register */
        w = (w & ~(0x1fu << 16)) | rs << 16;
    return w;
}

/* The input of SEED: the state header, then 16 to 1024 words. */
static size_t make_input(uint64_t seed, uint8_t *buf, size_t cap)
{
    uint64_t rng = seed * 0x2545f4914f6cdd1dull + 1;
    size_t n = 0;
    for (; n < HARNESS_HEADER_BYTES; n++)
        buf[n] = (uint8_t)next_random(&rng);
    size_t words = 16 + next_random(&rng) % 1009;
    unsigned template_share = (unsigned)(next_random(&rng) % 100);
    for (size_t k = 0; k < words && n + 4 <= cap; k++, n += 4) {
        uint64_t r = next_random(&rng);
        uint32_t w = r % 100 < template_share ? template_word(&rng) : (uint32_t)(r >> 32);
        memcpy(buf + n, &w, 4);
    }
    return n;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    *v = strtoull(s, &end, 0);
    return !errno && !*end;
}

int main(int argc, char **argv)
{
    uint64_t first = 1, last = 200, insns = 20000, cpu_ms = 2000;
    const char *corpus = NULL;
    bool verbose = false;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (strcmp(a, "--seeds") == 0 && v) {
            char *dash = strchr(v, '-');
            if (!dash) {
                fprintf(stderr, "fuzz_campaign: --seeds wants FIRST-LAST, got '%s'\n", v);
                return 2;
            }
            *dash = 0;
            if (!parse_u64(v, &first) || !parse_u64(dash + 1, &last) || last < first) {
                fprintf(stderr, "fuzz_campaign: --seeds wants FIRST-LAST with FIRST <= LAST\n");
                return 2;
            }
            k++;
        } else if (strcmp(a, "--insns") == 0 && v && parse_u64(v, &insns) && insns) {
            k++;
        } else if (strcmp(a, "--cpu-ms") == 0 && v && parse_u64(v, &cpu_ms) && cpu_ms && cpu_ms < 600000) {
            k++;
        } else if (strcmp(a, "--write-corpus") == 0 && v) {
            corpus = v;
            k++;
        } else if (strcmp(a, "-v") == 0) {
            verbose = true;
        } else {
            fprintf(stderr, "usage: fuzz_campaign [--seeds FIRST-LAST] [--insns N] [--cpu-ms N] [--write-corpus DIR] [-v]\n");
            return 2;
        }
    }
    static uint8_t buf[HARNESS_HEADER_BYTES + 4 * 1024];
    struct harness_stats stats = { 0 };
    unsigned broken = 0, hangs = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint64_t seed = first; seed <= last; seed++) {
        size_t n = make_input(seed, buf, sizeof(buf));
        if (corpus) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/campaign-%06" PRIu64, corpus, seed);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
                fprintf(stderr, "fuzz_campaign: cannot write '%s'\n", path);
                return 2;
            }
            continue;
        }
        uint64_t before = stats.insns;
        enum harness_outcome o = harness_run(buf, n, insns, (unsigned)cpu_ms, &stats);
        if (o == HARNESS_NO_MEMORY) {
            fprintf(stderr, "fuzz_campaign: seed %" PRIu64 ": cannot create the machine\n", seed);
            return 1;
        }
        broken += o == HARNESS_BROKEN;
        hangs += o == HARNESS_HUNG;
        static const char *const names[] = { "ok", "HUNG (STOPPED BY THE TIME LIMIT)", "BROKEN INVARIANT", "no memory" };
        if (o != HARNESS_OK || verbose)
            printf("seed %" PRIu64 ": %s, %" PRIu64 " instructions\n", seed, names[o], stats.insns - before);
        if (seed == UINT64_MAX)
            break;
    }
    if (corpus)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("%" PRIu64 " runs (seeds %" PRIu64 "-%" PRIu64 "), %" PRIu64 " instructions, %" PRIu64
           " exceptions, %" PRIu64 " guest exits, %u hangs,"
           " %u broken, %.1f s\n",
           stats.runs, first, last, stats.insns, stats.exceptions, stats.guest_exits, hangs, broken,
           seconds);
    return broken || hangs ? 1 : 0;
}
