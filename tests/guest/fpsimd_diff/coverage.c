/* Does the differential test cover every FP/SIMD/crypto encoding the decoder allocates?
 *
 * Usage: fpsimd_coverage FORMS.TXT, where FORMS.TXT is the driver's "forms" output (lines
 * "form N WORD ..."). Each allocated encoding has a signature: its mnemonic (a64_fpsimd_mnemonic)
 * with Q, U, size (23:22), bits 31 and 28 (scalar or vector), and for scalar FP conversions and
 * one-source operations their opcode fields (the source and destination types). The rows of the
 * fp, simd and crypto groups are enumerated over every value of their non-register bits (Rd and Rn
 * zero); a signature that no form has is printed. Exit status 1 when any is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/a64_fpsimd_names.h"
#include "cpu/insn.h"

#define SET_SLOTS 65536 /* a power of two, far above the signatures there are */

/* A set of signatures: open addressing on an FNV-1a hash. */
struct sigset {
    char (*s)[64];
    unsigned n;
};

static void signature(uint32_t w, char out[64])
{
    const char *m = a64_fpsimd_mnemonic(w);
    unsigned extra = 0;
    if ((w & 0x5f20fc00) == 0x1e200000)       /* FP <-> integer: rmode:opcode */
        extra = bits(w, 20, 16);
    else if ((w & 0x5f207c00) == 0x1e204000)  /* FP one source: opcode (FCVT's types) */
        extra = bits(w, 20, 15);
    snprintf(out, 64, "%s q%u u%u size%u b31=%u b28=%u x%u", m ? m : "(no name)", bit(w, 30), bit(w, 29),
             bits(w, 23, 22), bit(w, 31), bit(w, 28), extra);
}

static unsigned slot_of(const struct sigset *set, const char *s)
{
    uint32_t h = 2166136261u;
    for (const char *p = s; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    unsigned k = h & (SET_SLOTS - 1);
    while (set->s[k][0] && strcmp(set->s[k], s))
        k = (k + 1) & (SET_SLOTS - 1);
    return k;
}

static int contains(const struct sigset *set, const char *s) { return set->s[slot_of(set, s)][0] != 0; }

/* Adds s; 1 when it was new. */
static int add(struct sigset *set, const char *s)
{
    unsigned k = slot_of(set, s);
    if (set->s[k][0] || set->n == SET_SLOTS / 2)
        return 0;
    strcpy(set->s[k], s);
    set->n++;
    return 1;
}

static int in_fpsimd_group(const struct a64_encoding_group *g)
{
    return !strcmp(g->name, "fp") || !strcmp(g->name, "simd") || !strcmp(g->name, "crypto");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fpsimd_coverage FORMS.TXT\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "fpsimd_coverage: cannot open %s\n", argv[1]);
        return 2;
    }
    struct sigset have = { calloc(SET_SLOTS, 64), 0 }, missing = { calloc(SET_SLOTS, 64), 0 };
    if (!have.s || !missing.s) {
        fclose(f);
        free(have.s);
        free(missing.s);
        return 2;
    }
    char line[512], sig[64];
    unsigned forms = 0, n;
    uint32_t w;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "form %u %x", &n, &w) == 2) {
            signature(w, sig);
            add(&have, sig);
            forms++;
        }
    fclose(f);

    unsigned allocated = 0;
    for (unsigned g = 0; g < a64_group_count; g++) {
        if (!in_fpsimd_group(a64_groups[g]))
            continue;
        for (unsigned r = 0; r < a64_groups[g]->count; r++) {
            const struct a64_encoding *e = &a64_groups[g]->rows[r];
            uint32_t free_bits = ~e->mask & ~0x3ffu; /* Rd and Rn stay 0 */
            if (__builtin_popcount(free_bits) > 20)
                free_bits &= ~(0x1fu << 16);          /* and Rm, where the rest is too large */
            uint32_t sub = 0;
            do {
                struct insn i;
                uint32_t word = e->match | sub;
                if (a64_decode(&i, word) != DECODE_UNALLOCATED) {
                    allocated++;
                    signature(word, sig);
                    if (!contains(&have, sig) && add(&missing, sig))
                        printf("not covered: %s (e.g. %08x)\n", sig, word);
                }
                sub = (sub - free_bits) & free_bits;
            } while (sub);
        }
    }
    printf("%u forms with %u signatures; %u allocated encodings enumerated; %u signatures not covered\n",
           forms, have.n, allocated, missing.n);
    int status = missing.n || !forms ? 1 : 0;
    free(have.s);
    free(missing.s);
    return status;
}
