/* a72sim regress: TAP version 13 reports: the plan, one "ok N - name" / "not ok N - name" line per
 * test in suite order, and for a test that did not pass a YAML block with its outcome and reason. */
#include "tap.h"

#include <stdio.h>
#include <string.h>

#include "../outfile.h"

/* S as a YAML double-quoted scalar (reasons hold no control characters: add_reason escapes them). */
static void yaml_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_report(FILE *f, const struct regress_suite *suite, const unsigned *selected, unsigned nselected,
                         const struct regress_result *results)
{
    fprintf(f, "TAP version 13\n1..%u\n", nselected);
    for (unsigned n = 0; n < nselected; n++) {
        const struct regress_result *r = &results[selected[n]];
        bool pass = r->outcome == REGRESS_PASS;
        fprintf(f, "%s %u - %s\n", pass ? "ok" : "not ok", n + 1, suite->tests[selected[n]].name);
        fprintf(f, "  ---\n  outcome: %s\n  seconds: %.3f\n", regress_outcome_name(r->outcome), r->seconds);
        if (r->have_insns)
            fprintf(f, "  instructions: %llu\n", (unsigned long long)r->insns);
        if (r->reason) {
            fputs("  reason: ", f);
            yaml_string(f, r->reason);
            fputc('\n', f);
        }
        fputs("  ...\n", f);
    }
}

bool regress_write_tap(const char *path, const struct regress_suite *suite, const unsigned *selected,
                       unsigned nselected, const struct regress_result *results)
{
    if (strcmp(path, "-") == 0) {
        write_report(stdout, suite, selected, nselected, results);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "a72sim regress: --tap: cannot write the report on stdout\n");
            return false;
        }
        return true;
    }
    char err[512];
    struct outfile out;
    if (!outfile_open(&out, path, err, sizeof(err))) {
        fprintf(stderr, "a72sim regress: --tap: %s\n", err);
        return false;
    }
    write_report(out.f, suite, selected, nselected, results);
    if (!outfile_commit(&out, err, sizeof(err))) {
        fprintf(stderr, "a72sim regress: --tap: %s\n", err);
        return false;
    }
    return true;
}
