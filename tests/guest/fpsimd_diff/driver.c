/* The FP/SIMD differential test's driver: runs every form of the generated table (gen.py) under
 * each FPCR setting on the input records of its pool, hashes the outputs and prints, through
 * semihosting, one line per class (default), per form ("forms" on the command line) or per record
 * of one form ("dump=N"). compare.py runs the same ELF on a72sim and on QEMU and compares the lines.
 * A form whose first execution traps (UNDEFINED) is counted as undefined and not run again. */
#include "test.h"

struct diff_form {
    void (*run)(const void *in, uint64_t count, void *out, uint64_t fpcr);
    const uint32_t *insn;
    const char *text;
    uint32_t cls, pool, fp, pad;
};

extern const struct diff_form diff_forms[];
extern const uint64_t diff_nforms, diff_nclasses, diff_records, diff_nfpcr_fp, diff_nfpcr_int;
extern const char *const diff_classes[];
extern const uint64_t diff_fpcr_fp[], diff_fpcr_int[];
extern const uint8_t *const diff_pools[];

#define RECORD 128
#define OUT_WORDS 8 /* v0 low, v0 high, the sources folded (2), x3, NZCV, FPSR, 0 */
#define MAX_RECORDS 8192

static uint64_t out[MAX_RECORDS * OUT_WORDS] __attribute__((aligned(16)));
static char cmdline[256];

/* ---- command line and output ---- */

static const char *find(const char *s, const char *key)
{
    for (; *s; s++) {
        const char *a = s, *b = key;
        while (*b && *a == *b)
            a++, b++;
        if (!*b)
            return a;
    }
    return 0;
}

static int64_t arg_number(const char *key)
{
    const char *p = find(cmdline, key);
    if (!p)
        return -1;
    int64_t v = 0;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    return v;
}

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_dec(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_hex64(char *p, uint64_t v)
{
    for (int s = 60; s >= 0; s -= 4)
        *p++ = "0123456789abcdef"[(v >> s) & 0xf];
    return p;
}

static void put_line(char *buf, char *end)
{
    *end++ = '\n';
    *end = 0;
    sh_puts(buf);
}

/* ---- running ---- */

static uint64_t hash_words(uint64_t h, const uint64_t *w, uint64_t n)
{
    for (uint64_t k = 0; k < n; k++) {
        h ^= w[k];
        h *= 0x100000001b3ull;
        h ^= h >> 29;
    }
    return h;
}

/* Runs form f under every FPCR setting of its kind: returns the hash of all outputs, or 0 with
 * *undef set when the instruction traps. dump: print each record. */
static uint64_t run_form(uint64_t f, uint64_t records, bool dump, uint64_t *execs, bool *undef)
{
    const struct diff_form *d = &diff_forms[f];
    const uint64_t *fpcr = d->fp ? diff_fpcr_fp : diff_fpcr_int;
    uint64_t nfpcr = d->fp ? diff_nfpcr_fp : diff_nfpcr_int;
    const uint8_t *in = diff_pools[d->pool];
    uint64_t h = 0xcbf29ce484222325ull;

    exc_reset();
    d->run(in, 1, out, 0);
    *undef = exc.count != 0;
    exc_reset();
    if (*undef)
        return 0;
    for (uint64_t s = 0; s < nfpcr; s++) {
        d->run(in, records, out, fpcr[s]);
        h = hash_words(h, out, records * OUT_WORDS);
        *execs += records;
        if (!dump)
            continue;
        for (uint64_t r = 0; r < records; r++) {
            char buf[512], *p = buf;
            const uint64_t *i = (const uint64_t *)(in + r * RECORD);
            const uint64_t *o = &out[r * OUT_WORDS];
            p = put_str(p, "rec fpcr=");
            p = put_hex64(p, fpcr[s]);
            p = put_str(p, " k=");
            p = put_dec(p, r);
            p = put_str(p, " in: d=");
            p = put_hex64(put_hex64(p, i[1]), i[0]);
            p = put_str(p, " n=");
            p = put_hex64(put_hex64(p, i[3]), i[2]);
            p = put_str(p, " m=");
            p = put_hex64(put_hex64(p, i[5]), i[4]);
            p = put_str(p, " a=");
            p = put_hex64(put_hex64(p, i[7]), i[6]);
            p = put_str(p, " xn=");
            p = put_hex64(p, i[14]);
            p = put_str(p, " nzcv=");
            p = put_hex64(p, i[15]);
            p = put_str(p, " out: v0=");
            p = put_hex64(put_hex64(p, o[1]), o[0]);
            p = put_str(p, " x3=");
            p = put_hex64(p, o[4]);
            p = put_str(p, " nzcv=");
            p = put_hex64(p, o[5]);
            p = put_str(p, " fpsr=");
            p = put_hex64(p, o[6]);
            p = put_str(p, " sources=");
            p = put_hex64(put_hex64(p, o[3]), o[2]);
            put_line(buf, p);
        }
    }
    return h;
}

static char *put_form(char *p, uint64_t f)
{
    p = put_str(p, "form ");
    p = put_dec(p, f);
    p = put_str(p, " ");
    for (int s = 28; s >= 0; s -= 4)
        *p++ = "0123456789abcdef"[(*diff_forms[f].insn >> s) & 0xf];
    return p;
}

void test_main(void)
{
    struct { char *buf; uint64_t len; } block = { cmdline, sizeof(cmdline) - 1 };
    if (semihost(0x15 /* SYS_GET_CMDLINE */, &block) != 0)
        cmdline[0] = 0;
    uint64_t records = diff_records;
    int64_t n = arg_number("records=");
    if (n > 0 && (uint64_t)n < records)
        records = (uint64_t)n;
    int64_t dump = arg_number("dump=");
    bool per_form = find(cmdline, "forms") != 0;
    int64_t only_class = arg_number("class=");

    char buf[512], *p;
    if (dump >= 0) {
        if ((uint64_t)dump >= diff_nforms) {
            sh_puts("no such form\n");
            CHECK(0);
            return;
        }
        uint64_t execs = 0;
        bool undef;
        p = put_form(buf, (uint64_t)dump);
        p = put_str(p, " ");
        p = put_str(p, diff_forms[dump].text);
        put_line(buf, p);
        run_form((uint64_t)dump, records, true, &execs, &undef);
        if (undef)
            sh_puts("undefined\n");
        return;
    }

    uint64_t total = 0, total_undef = 0;
    for (uint64_t c = 0; c < diff_nclasses; c++) {
        if (only_class >= 0 && (uint64_t)only_class != c)
            continue;
        uint64_t h = 0xcbf29ce484222325ull, execs = 0, forms = 0, undefs = 0;
        for (uint64_t f = 0; f < diff_nforms; f++) {
            if (diff_forms[f].cls != c)
                continue;
            bool undef;
            uint64_t fh = run_form(f, records, false, &execs, &undef);
            forms++;
            undefs += undef;
            h = hash_words(h, &fh, 1);
            if (per_form) {
                p = put_form(buf, f);
                p = put_str(p, undef ? " undefined " : " hash ");
                p = put_hex64(p, fh);
                p = put_str(p, " ");
                p = put_str(p, diff_forms[f].text);
                put_line(buf, p);
            }
        }
        p = put_str(buf, "class ");
        p = put_dec(p, c);
        p = put_str(p, " ");
        p = put_str(p, diff_classes[c]);
        p = put_str(p, " forms ");
        p = put_dec(p, forms);
        p = put_str(p, " undefined ");
        p = put_dec(p, undefs);
        p = put_str(p, " executions ");
        p = put_dec(p, execs);
        p = put_str(p, " hash ");
        p = put_hex64(p, h);
        put_line(buf, p);
        total += execs;
        total_undef += undefs;
    }
    p = put_str(buf, "total executions ");
    p = put_dec(p, total);
    p = put_str(p, " undefined forms ");
    p = put_dec(p, total_undef);
    put_line(buf, p);
}
