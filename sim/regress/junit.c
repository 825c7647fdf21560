/* a72sim regress: JUnit XML reports (the Ant/Jenkins schema: testsuites > testsuite > testcase). */
#include "junit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../outfile.h"

/* Length of the well-formed UTF-8 sequence at S (at most N bytes), 0 if there is none. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    else if ((s[0] & 0xe0) == 0xc0)
        len = 2, cp = s[0] & 0x1f;
    else if ((s[0] & 0xf0) == 0xe0)
        len = 3, cp = s[0] & 0x0f;
    else if ((s[0] & 0xf8) == 0xf0)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3f);
    }
    static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
        return 0;
    return len;
}

/* Write S[0..N) as XML character data or attribute text. Bytes XML 1.0 cannot carry (control
 * characters, malformed UTF-8: guests write anything to the UART) appear as \xNN. */
static void xml_escape(FILE *f, const char *s, size_t n, bool attribute)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t k = 0; k < n;) {
        unsigned char c = p[k];
        size_t len = utf8_length(p + k, n - k);
        if (c == '&')
            fputs("&amp;", f);
        else if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '"' && attribute)
            fputs("&quot;", f);
        else if ((c == '\n' || c == '\t' || c == '\r') && attribute)
            fprintf(f, "&#%u;", c);
        else if (c == '\r')
            fputs("&#13;", f); /* kept: a parser would turn a literal CR into LF */
        else if (len == 0 || (c < 0x20 && c != '\n' && c != '\t'))
            fprintf(f, "\\x%02x", c);
        else {
            fwrite(p + k, 1, len, f);
            k += len;
            continue;
        }
        k++;
    }
}

static void xml_text(FILE *f, const char *s, bool attribute)
{
    xml_escape(f, s, strlen(s), attribute);
}

static void write_capture(FILE *f, const char *title, const struct regress_capture *c)
{
    fprintf(f, "--- %s%s ---\n", title, c->truncated ? " (truncated)" : "");
    xml_escape(f, c->data, c->len, false);
    if (c->len && c->data[c->len - 1] != '\n')
        fputc('\n', f);
}

static void write_report(FILE *f, const struct regress_suite *suite, const unsigned *selected,
                         unsigned nselected, const struct regress_result *results, double seconds)
{
    unsigned failures = 0, errors = 0;
    for (unsigned n = 0; n < nselected; n++) {
        enum regress_outcome o = results[selected[n]].outcome;
        failures += o == REGRESS_FAIL;
        errors += o == REGRESS_TIMEOUT || o == REGRESS_CRASH;
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", gmtime_r(&now, &tm));

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<testsuites tests=\"%u\" failures=\"%u\" errors=\"%u\" time=\"%.3f\">\n", nselected, failures,
            errors, seconds);
    fputs("  <testsuite name=\"", f);
    xml_text(f, suite->name, true);
    fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">\n",
            nselected, failures, errors, seconds, stamp);
    for (unsigned n = 0; n < nselected; n++) {
        const struct regress_test *t = &suite->tests[selected[n]];
        const struct regress_result *r = &results[selected[n]];
        fputs("    <testcase classname=\"", f);
        xml_text(f, suite->name, true);
        fputs("\" name=\"", f);
        xml_text(f, t->name, true);
        fprintf(f, "\" time=\"%.3f\">\n", r->seconds);
        if (r->outcome != REGRESS_PASS) {
            /* a wrong result is a failure; a run that did not finish (timeout, signal) an error */
            const char *element = r->outcome == REGRESS_FAIL ? "failure" : "error";
            fprintf(f, "      <%s type=\"%s\" message=\"", element, regress_outcome_name(r->outcome));
            xml_text(f, r->reason, true);
            fputs("\">", f);
            write_capture(f, "stdout", &r->out);
            write_capture(f, "stderr", &r->err);
            write_capture(f, "UART1", &r->uart1);
            fprintf(f, "</%s>\n", element);
        }
        fputs("      <system-out>", f);
        xml_escape(f, r->out.data, r->out.len, false);
        fputs("</system-out>\n      <system-err>", f);
        xml_escape(f, r->err.data, r->err.len, false);
        xml_escape(f, r->uart1.data, r->uart1.len, false); /* UART1 is the guest's error console */
        fputs("</system-err>\n    </testcase>\n", f);
    }
    fputs("  </testsuite>\n</testsuites>\n", f);
}

bool regress_write_junit(const char *path, const struct regress_suite *suite, const unsigned *selected,
                         unsigned nselected, const struct regress_result *results, double seconds)
{
    char err[512];
    struct outfile out;
    if (!outfile_open(&out, path, err, sizeof(err))) {
        fprintf(stderr, "a72sim regress: --junit: %s\n", err);
        return false;
    }
    write_report(out.f, suite, selected, nselected, results, seconds);
    if (!outfile_commit(&out, err, sizeof(err))) {
        fprintf(stderr, "a72sim regress: --junit: %s\n", err);
        return false;
    }
    return true;
}
