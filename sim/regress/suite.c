/* a72sim regress: reading suite files. libinih splits the INI syntax; this file gives the keys their
 * meaning. libinih's handler gets no line number (Debian builds it without INI_HANDLER_LINENO), so our
 * line reader counts the lines it hands to libinih, and also sees the [section] headers itself:
 * libinih calls the handler only for keys, so an empty test section would otherwise go unnoticed. */
#include "suite.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "../check/check.h"

enum regress_key {
    KEY_IMAGES = 1u << 0,
    KEY_ARGS = 1u << 1,
    KEY_EXPECT_EXIT = 1u << 2,
    KEY_UART_CONTAINS = 1u << 3,
    KEY_UART_MATCHES = 1u << 4,
    KEY_MAX_INSNS = 1u << 5,
    KEY_EXCEPTIONS = 1u << 6,
    KEY_TIMEOUT = 1u << 7,
    KEY_UART1_CONTAINS = 1u << 8,
    KEY_UART1_MATCHES = 1u << 9,
    KEY_KERNEL = 1u << 10,
    KEY_SNAPSHOT = 1u << 11,
    KEY_STRESS_SEEDS = 1u << 12,
};

#define REGRESS_MAX_SEEDS 1000

struct parser {
    const char *path;
    const char *build_dir;
    FILE *file;
    unsigned lineno;
    struct regress_suite *suite;
    struct regress_test defaults;
    struct regress_test *cur;   /* NULL: in [suite]/[defaults] (then `defaults`) or before any section */
    bool in_defaults;
    bool failed;
    char *err;
    size_t errlen;
};

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "a72sim regress: out of host memory\n");
        exit(125);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

/* Record the first error only: libinih goes on parsing after a handler fails. The message quotes
 * the suite's text: control characters in it appear as \xNN, never raw on the user's terminal. */
static int fail(struct parser *p, const char *fmt, ...)
{
    if (!p->failed) {
        p->failed = true;
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        char *quoted = regress_escape_controls(msg);
        snprintf(p->err, p->errlen, "%s:%u: %s", p->path, p->lineno, quoted);
        free(quoted);
    }
    return 0;
}

char *regress_escape_controls(const char *s)
{
    size_t n = 0;
    for (const char *c = s; *c; c++)
        n += ((unsigned char)*c < 0x20 || *c == 0x7f) ? 4 : 1;
    char *out = xrealloc(NULL, n + 1), *o = out;
    for (const char *c = s; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            o += sprintf(o, "\\x%02x", (unsigned char)*c);
        else
            *o++ = *c;
    }
    *o = 0;
    return out;
}

static void test_free(struct regress_test *t)
{
    free(t->name);
    for (unsigned n = 0; n < t->nimages; n++)
        free(t->images[n]);
    free(t->images);
    for (unsigned n = 0; n < t->nargs; n++)
        free(t->args[n]);
    free(t->args);
    for (unsigned u = 0; u < 2; u++) {
        free(t->uart[u].contains);
        if (t->uart[u].matches_src) {
            free(t->uart[u].matches_src);
            regfree(&t->uart[u].matches);
        }
    }
    free(t->exceptions);
    memset(t, 0, sizeof(*t));
}

void regress_suite_free(struct regress_suite *suite)
{
    for (unsigned n = 0; n < suite->ntests; n++)
        test_free(&suite->tests[n]);
    free(suite->tests);
    free(suite->name);
    free(suite->dir);
    memset(suite, 0, sizeof(*suite));
}

/* Replace ${BUILD} in S; any other ${...} is an error. Returns a new string or NULL. */
static char *expand(struct parser *p, const char *s)
{
    size_t cap = strlen(s) + 1, len = 0;
    char *out = xrealloc(NULL, cap);
    while (*s) {
        if (s[0] == '$' && s[1] == '{') {
            const char *end = strchr(s, '}');
            if (end && end - s == 7 && strncmp(s + 2, "BUILD", 5) == 0) {
                size_t n = strlen(p->build_dir);
                cap += n;
                out = xrealloc(out, cap);
                memcpy(out + len, p->build_dir, n);
                len += n;
                s = end + 1;
                continue;
            }
            fail(p, "unknown variable in '%s' (the only one is ${BUILD})", s);
            free(out);
            return NULL;
        }
        out[len++] = *s++;
    }
    out[len] = 0;
    return out;
}

/* Split VALUE at white space and append the words, expanded, to *LIST. */
static bool append_words(struct parser *p, const char *value, char ***list, unsigned *n, bool images)
{
    char *copy = xstrdup(value), *save = NULL;
    bool ok = true;
    for (char *w = strtok_r(copy, " \t", &save); w && ok; w = strtok_r(NULL, " \t", &save)) {
        char *x = expand(p, w);
        if (!x) {
            ok = false;
            break;
        }
        if (images && x[0] != '/') {
            /* relative to the suite file */
            char *abs = xrealloc(NULL, strlen(p->suite->dir) + strlen(x) + 2);
            sprintf(abs, "%s/%s", p->suite->dir, x);
            free(x);
            x = abs;
        }
        if (images && access(x, R_OK) != 0) {
            fail(p, "image '%s': %s", x, strerror(errno));
            free(x);
            ok = false;
            break;
        }
        *list = xrealloc(*list, (*n + 1) * sizeof(**list));
        (*list)[(*n)++] = x;
    }
    free(copy);
    return ok;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

/* "0x16:28, 0x18:2": exact counts of exceptions by EC; at least one, no empty item. */
static bool parse_exceptions(struct parser *p, const char *value, struct regress_test *t)
{
    char *copy = xstrdup(value);
    bool ok = true;
    for (char *item = copy; item && ok;) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = 0;
        char *colon = strchr(item, ':');
        uint64_t ec, count;
        if (colon)
            *colon = 0;
        char *ec_s = item;
        while (isspace((unsigned char)*ec_s))
            ec_s++;
        char *e = ec_s + strlen(ec_s);
        while (e > ec_s && isspace((unsigned char)e[-1]))
            *--e = 0;
        if (!colon || !parse_u64(ec_s, &ec) || ec > 0x3f || !parse_u64(colon + 1, &count)) {
            ok = false;
            break;
        }
        t->exceptions = xrealloc(t->exceptions, (t->nexceptions + 1) * sizeof(*t->exceptions));
        t->exceptions[t->nexceptions++] = (struct regress_exc_count){ (unsigned)ec, count };
        item = comma ? comma + 1 : NULL;
    }
    free(copy);
    if (!ok)
        fail(p, "expect_exceptions wants EC:COUNT, ... with EC from 0 to 0x3f, got '%s'", value);
    t->check_exceptions = ok;
    return ok;
}

/* The output checks of UART N: expect_uart[1]_contains and expect_uart[1]_matches. */
static int set_uart_check(struct parser *p, struct regress_test *t, unsigned uart, bool regex, const char *name,
                          const char *value)
{
    struct regress_uart_check *u = &t->uart[uart];
    if (!regex) {
        if (!*value)
            return fail(p, "%s wants some text", name);
        u->contains = xstrdup(value);
        return 1;
    }
    if (!regress_regex_acceptable(value))
        return fail(p, "%s: bad regular expression '%s': a repetition operator follows another", name, value);
    int rc = regcomp(&u->matches, value, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
    if (rc) {
        char msg[128];
        regerror(rc, &u->matches, msg, sizeof(msg));
        return fail(p, "%s: bad regular expression '%s': %s", name, value, msg);
    }
    u->matches_src = xstrdup(value);
    return 1;
}

bool regress_regex_acceptable(const char *src)
{
    bool after_repetition = false;
    for (const char *p = src; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            after_repetition = false;
            continue;
        }
        bool repetition = *p == '*' || *p == '+' || *p == '?' || *p == '{';
        if (repetition && after_repetition)
            return false;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            p = close ? close : p + strlen(p) - 1;
        }
        after_repetition = repetition;
    }
    return true;
}

static int handle_key(void *user, const char *section, const char *name, const char *value)
{
    struct parser *p = user;
    if (p->failed)
        return 0;
    if (!*section)
        return fail(p, "'%s' outside a section (a test is a [name] section)", name);
    struct regress_test *t = p->in_defaults ? &p->defaults : p->cur;
    if (!t)
        return fail(p, "'%s' outside a test section", name);
    static const struct { const char *name; unsigned key; } scalars[] = {
        { "expect_exit", KEY_EXPECT_EXIT }, { "expect_uart_contains", KEY_UART_CONTAINS },
        { "expect_uart_matches", KEY_UART_MATCHES }, { "expect_uart1_contains", KEY_UART1_CONTAINS },
        { "expect_uart1_matches", KEY_UART1_MATCHES }, { "max_insns", KEY_MAX_INSNS },
        { "expect_exceptions", KEY_EXCEPTIONS }, { "timeout", KEY_TIMEOUT }, { "stress_seeds", KEY_STRESS_SEEDS },
    };
    for (size_t n = 0; n < sizeof(scalars) / sizeof(scalars[0]); n++)
        if (strcmp(name, scalars[n].name) == 0 && (t->set & scalars[n].key))
            return fail(p, "'%s' given twice", name);
    unsigned key;
    if (strcmp(name, "name") == 0 && p->in_defaults) {
        free(p->suite->name);
        p->suite->name = xstrdup(value);
        return 1;
    } else if (strcmp(name, "image") == 0 || strcmp(name, "images") == 0) {
        if (p->in_defaults)
            return fail(p, "'%s' belongs in a test section, not in [%s]", name, section);
        /* several lines (or image and images) add up */
        return append_words(p, value, &t->images, &t->nimages, true);
    } else if (strcmp(name, "args") == 0) {
        t->set |= KEY_ARGS; /* several lines add up */
        return append_words(p, value, &t->args, &t->nargs, false);
    } else if (strcmp(name, "kernel") == 0 || strcmp(name, "initrd") == 0 || strcmp(name, "module") == 0) {
        /* Boot files, resolved as images are: `a72sim run --kernel/--initrd/--module FILE[,...]`. */
        if (p->in_defaults)
            return fail(p, "'%s' belongs in a test section, not in [%s]", name, section);
        char *copy = xstrdup(value), *rest = name[0] == 'm' ? strchr(copy, ',') : NULL;
        if (rest)
            *rest++ = 0;
        char **files = NULL;
        unsigned nfiles = 0;
        bool ok = append_words(p, copy, &files, &nfiles, true);
        if (ok && nfiles != 1)
            ok = fail(p, "'%s' wants one file, got '%s'", name, value);
        if (ok) {
            char *arg = xrealloc(NULL, strlen(files[0]) + (rest ? strlen(rest) + 2 : 1));
            sprintf(arg, "%s%s%s", files[0], rest ? "," : "", rest ? rest : "");
            t->args = xrealloc(t->args, (t->nargs + 2) * sizeof(*t->args));
            t->args[t->nargs] = xrealloc(NULL, strlen(name) + 3);
            sprintf(t->args[t->nargs++], "--%s", name);
            t->args[t->nargs++] = arg;
            t->set |= KEY_ARGS | (name[0] == 'k' ? KEY_KERNEL : 0);
        }
        for (unsigned n = 0; n < nfiles; n++)
            free(files[n]);
        free(files);
        free(copy);
        return ok;
    } else if (strcmp(name, "snapshot") == 0) {
        /* `a72sim run --restore FILE` (resolved as images are): the test starts from a saved machine;
         * in [defaults], every test does (a suite that boots once and tests many times). */
        if (t->set & KEY_SNAPSHOT)
            return fail(p, "'%s' given twice", name);
        char **files = NULL;
        unsigned nfiles = 0;
        bool ok = append_words(p, value, &files, &nfiles, true);
        if (ok && nfiles != 1)
            ok = fail(p, "'%s' wants one file, got '%s'", name, value);
        if (ok) {
            t->args = xrealloc(t->args, (t->nargs + 2) * sizeof(*t->args));
            t->args[t->nargs++] = xstrdup("--restore");
            t->args[t->nargs++] = files[0];
            t->set |= KEY_ARGS | KEY_SNAPSHOT;
        } else {
            for (unsigned n = 0; n < nfiles; n++)
                free(files[n]);
        }
        free(files);
        return ok;
    } else if (strcmp(name, "uart_wait") == 0 || strcmp(name, "uart_input") == 0 || strcmp(name, "append") == 0) {
        /* One option with a value that may hold spaces: `a72sim run --append TEXT`, and console
         * steps in the order given, `--uart-expect TEXT` / `--uart-send TEXT`. */
        if (!*value)
            return fail(p, "'%s' wants some text", name);
        t->set |= KEY_ARGS;
        t->args = xrealloc(t->args, (t->nargs + 2) * sizeof(*t->args));
        t->args[t->nargs++] = xstrdup(name[0] == 'a' ? "--append" : name[5] == 'w' ? "--uart-expect" : "--uart-send");
        t->args[t->nargs++] = xstrdup(value);
        return 1;
    } else if (strcmp(name, "check") == 0 || strcmp(name, "check_fatal") == 0) {
        /* `a72sim run --check=LIST` / `--check-fatal` */
        char buf[160], errbuf[128];
        if (name[5] == '_') {
            if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
                return fail(p, "check_fatal wants true or false, got '%s'", value);
            if (value[0] == 'f')
                return 1;
            snprintf(buf, sizeof buf, "--check-fatal");
        } else {
            unsigned mask;
            if (strlen(value) > 120 || check_parse_list(value, &mask, errbuf, sizeof errbuf))
                return fail(p, "check: %s", strlen(value) > 120 ? "list too long" : errbuf);
            snprintf(buf, sizeof buf, "--check=%s", value);
        }
        t->set |= KEY_ARGS;
        t->args = xrealloc(t->args, (t->nargs + 1) * sizeof(*t->args));
        t->args[t->nargs++] = xstrdup(buf);
        return 1;
    } else if (strcmp(name, "stress_seeds") == 0) {
        uint64_t lo, hi;
        char *copy = xstrdup(value), *dash = strchr(copy, '-');
        if (dash)
            *dash = 0;
        bool ok = parse_u64(copy, &lo) && (dash ? parse_u64(dash + 1, &hi) : (hi = lo, true)) && lo <= hi &&
                  hi - lo < REGRESS_MAX_SEEDS;
        free(copy);
        if (!ok)
            return fail(p, "stress_seeds wants N or LO-HI (at most 1000 seeds), got '%s'", value);
        t->stress_lo = lo;
        t->stress_hi = hi;
        key = KEY_STRESS_SEEDS;
    } else if (strcmp(name, "expect_exit") == 0) {
        uint64_t v;
        if (!parse_u64(value, &v) || v > 255)
            return fail(p, "expect_exit wants 0 to 255, got '%s'", value);
        t->expect_exit = (int)v;
        key = KEY_EXPECT_EXIT;
    } else if (strncmp(name, "expect_uart", 11) == 0 &&
               (strcmp(name + 11, "_contains") == 0 || strcmp(name + 11, "_matches") == 0 ||
                strcmp(name + 11, "1_contains") == 0 || strcmp(name + 11, "1_matches") == 0)) {
        unsigned uart = name[11] == '1';
        bool regex = strstr(name, "_matches") != NULL;
        if (!set_uart_check(p, t, uart, regex, name, value))
            return 0;
        key = uart ? (regex ? KEY_UART1_MATCHES : KEY_UART1_CONTAINS)
                   : (regex ? KEY_UART_MATCHES : KEY_UART_CONTAINS);
    } else if (strcmp(name, "max_insns") == 0) {
        if (!parse_u64(value, &t->max_insns) || t->max_insns == 0)
            return fail(p, "max_insns wants a positive number, got '%s'", value);
        key = KEY_MAX_INSNS;
    } else if (strcmp(name, "expect_exceptions") == 0) {
        if (!parse_exceptions(p, value, t))
            return 0;
        key = KEY_EXCEPTIONS;
    } else if (strcmp(name, "timeout") == 0) {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (errno || end == value || *end || !(v > 0) || !isfinite(v) || v > 1e6)
            return fail(p, "timeout wants a positive number of seconds, got '%s'", value);
        t->timeout = v;
        key = KEY_TIMEOUT;
    } else {
        return fail(p, "unknown key '%s'", name);
    }
    t->set |= key;
    return 1;
}

static void begin_section(struct parser *p, const char *line)
{
    const char *s = strchr(line, '[') + 1, *end = strchr(s, ']');
    if (!end)
        return; /* libinih reports the syntax error */
    char name[128];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof(name)) {
        fail(p, "a test name has 1 to 127 characters");
        return;
    }
    memcpy(name, s, n);
    name[n] = 0;
    for (size_t k = 0; k < n; k++)
        if (!isalnum((unsigned char)name[k]) && !strchr("_-.+/", name[k])) {
            fail(p, "bad test name '%s' (letters, digits and _-.+/ only)", name);
            return;
        }
    p->in_defaults = strcmp(name, "suite") == 0 || strcmp(name, "defaults") == 0;
    if (p->in_defaults)
        return;
    struct regress_suite *suite = p->suite;
    for (unsigned k = 0; k < suite->ntests; k++)
        if (strcmp(suite->tests[k].name, name) == 0) {
            fail(p, "test '%s' defined twice (first at line %u)", name, suite->tests[k].line);
            return;
        }
    suite->tests = xrealloc(suite->tests, (suite->ntests + 1) * sizeof(*suite->tests));
    p->cur = &suite->tests[suite->ntests++];
    memset(p->cur, 0, sizeof(*p->cur));
    p->cur->name = xstrdup(name);
    p->cur->line = p->lineno;
}

/* libinih's line source: reads one line, counting lines and noticing section headers before
 * libinih parses them. A UTF-8 byte order mark before the first line is dropped here (libinih
 * would skip it too, but the header seen here must be the one libinih sees); a NUL byte or a line
 * that does not fit is an error naming it. */
static char *read_line(char *str, int num, void *stream)
{
    struct parser *p = stream;
    int len = 0, ch = EOF;
    bool nul = false, too_long = false;
    while ((ch = getc(p->file)) != EOF && ch != '\n') {
        if (ch == 0)
            nul = true;
        else if (len < num - 2)
            str[len++] = (char)ch;
        else
            too_long = true;
    }
    if (len == 0 && ch == EOF && !nul && !too_long)
        return NULL;
    if (ch == '\n')
        str[len++] = '\n';
    str[len] = 0;
    p->lineno++;
    if (nul)
        fail(p, "a NUL byte in the suite file");
    else if (too_long)
        fail(p, "line longer than %d characters", num - 2);
    if (p->lineno == 1 && len >= 3 && memcmp(str, "\xef\xbb\xbf", 3) == 0)
        memmove(str, str + 3, (size_t)len - 2);
    const char *s = str;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '[' && !p->failed)
        begin_section(p, s);
    return str;
}

/* Give every test the [suite]/[defaults] keys it does not set itself; check what each test needs. */
static void apply_defaults(struct parser *p)
{
    const struct regress_test *d = &p->defaults;
    for (unsigned n = 0; n < p->suite->ntests && !p->failed; n++) {
        struct regress_test *t = &p->suite->tests[n];
        p->lineno = t->line;
        if (t->nimages == 0 && !(t->set & KEY_KERNEL) && !((t->set | d->set) & KEY_SNAPSHOT)) {
            fail(p, "test '%s' has no image (nor kernel, nor snapshot)", t->name);
            break;
        }
        if (d->nargs) {
            /* the defaults' args come first: a test's own options override them */
            char **args = xrealloc(NULL, (d->nargs + t->nargs) * sizeof(*args));
            for (unsigned k = 0; k < d->nargs; k++)
                args[k] = xstrdup(d->args[k]);
            if (t->nargs)
                memcpy(args + d->nargs, t->args, t->nargs * sizeof(*args));
            free(t->args);
            t->args = args;
            t->nargs += d->nargs;
        }
        unsigned missing = d->set & ~t->set;
        if (missing & KEY_EXPECT_EXIT)
            t->expect_exit = d->expect_exit;
        static const unsigned contains_key[2] = { KEY_UART_CONTAINS, KEY_UART1_CONTAINS };
        static const unsigned matches_key[2] = { KEY_UART_MATCHES, KEY_UART1_MATCHES };
        for (unsigned u = 0; u < 2; u++) {
            if (missing & contains_key[u])
                t->uart[u].contains = xstrdup(d->uart[u].contains);
            if (missing & matches_key[u]) {
                t->uart[u].matches_src = xstrdup(d->uart[u].matches_src);
                regcomp(&t->uart[u].matches, t->uart[u].matches_src, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
            }
        }
        if (missing & KEY_MAX_INSNS)
            t->max_insns = d->max_insns;
        if (missing & KEY_EXCEPTIONS) {
            t->exceptions = xrealloc(NULL, d->nexceptions * sizeof(*t->exceptions));
            if (d->nexceptions)
                memcpy(t->exceptions, d->exceptions, d->nexceptions * sizeof(*t->exceptions));
            t->nexceptions = d->nexceptions;
            t->check_exceptions = true;
        }
        t->timeout = (t->set & KEY_TIMEOUT) ? t->timeout : (d->set & KEY_TIMEOUT) ? d->timeout
                                                                                  : REGRESS_DEFAULT_TIMEOUT;
        if (missing & KEY_STRESS_SEEDS) {
            t->stress_lo = d->stress_lo;
            t->stress_hi = d->stress_hi;
        }
        t->set |= d->set;
    }
}

static char **copy_words(char **v, unsigned n, unsigned extra)
{
    char **c = xrealloc(NULL, (n + extra + 1) * sizeof(*c));
    for (unsigned k = 0; k < n; k++)
        c[k] = xstrdup(v[k]);
    return c;
}

/* A test with stress_seeds becomes one test per seed: NAME.seedN, run with --stress N. */
static void expand_stress_seeds(struct parser *p)
{
    struct regress_suite *suite = p->suite;
    unsigned total = 0;
    for (unsigned n = 0; n < suite->ntests; n++)
        total += (suite->tests[n].set & KEY_STRESS_SEEDS)
                     ? (unsigned)(suite->tests[n].stress_hi - suite->tests[n].stress_lo + 1) : 1;
    if (total == suite->ntests)
        return;
    struct regress_test *out = xrealloc(NULL, total * sizeof(*out));
    unsigned k = 0;
    for (unsigned n = 0; n < suite->ntests; n++) {
        struct regress_test *t = &suite->tests[n];
        if (!(t->set & KEY_STRESS_SEEDS)) {
            out[k++] = *t;
            continue;
        }
        for (uint64_t seed = t->stress_lo; seed <= t->stress_hi; seed++) {
            struct regress_test *c = &out[k++];
            *c = *t;
            char name[160], arg[32];
            snprintf(name, sizeof name, "%s.seed%llu", t->name, (unsigned long long)seed);
            snprintf(arg, sizeof arg, "%llu", (unsigned long long)seed);
            c->name = xstrdup(name);
            c->images = copy_words(t->images, t->nimages, 0);
            c->args = copy_words(t->args, t->nargs, 2);
            c->args[c->nargs++] = xstrdup("--stress");
            c->args[c->nargs++] = xstrdup(arg);
            for (unsigned u = 0; u < 2; u++) {
                c->uart[u].contains = t->uart[u].contains ? xstrdup(t->uart[u].contains) : NULL;
                if (t->uart[u].matches_src) {
                    c->uart[u].matches_src = xstrdup(t->uart[u].matches_src);
                    regcomp(&c->uart[u].matches, c->uart[u].matches_src, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
                }
            }
            c->exceptions = xrealloc(NULL, (t->nexceptions + 1) * sizeof(*c->exceptions));
            if (t->nexceptions)
                memcpy(c->exceptions, t->exceptions, t->nexceptions * sizeof(*c->exceptions));
        }
        test_free(t);
    }
    free(suite->tests);
    suite->tests = out;
    suite->ntests = total;
}

bool regress_suite_load(const char *path, const char *build_dir, struct regress_suite *suite, char *err,
                        size_t errlen)
{
    memset(suite, 0, sizeof(*suite));
    struct parser p = { .path = path, .build_dir = build_dir, .suite = suite, .err = err, .errlen = errlen };
    p.file = fopen(path, "r");
    char *real = p.file ? realpath(path, NULL) : NULL;
    if (!real) {
        snprintf(err, errlen, "%s: cannot read the suite file: %s", path, strerror(errno));
        if (p.file)
            fclose(p.file);
        return false;
    }
    suite->dir = xstrdup(real);
    *strrchr(suite->dir, '/') = 0;
    if (!*suite->dir)
        strcpy(suite->dir, "/");
    const char *base = strrchr(real, '/') + 1;
    suite->name = xstrdup(base);
    size_t blen = strlen(base);
    if (blen > 4 && strcmp(suite->name + blen - 4, ".ini") == 0)
        suite->name[blen - 4] = 0;
    free(real);

    int rc = ini_parse_stream(read_line, &p, handle_key, &p);
    fclose(p.file);
    if (!p.failed && rc > 0) {
        p.lineno = (unsigned)rc;
        fail(&p, "syntax error (expected [name], key = value or a comment)");
    } else if (!p.failed && rc < 0) {
        snprintf(err, errlen, "%s: cannot parse (error %d)", path, rc);
        p.failed = true;
    }
    if (!p.failed)
        apply_defaults(&p);
    if (!p.failed)
        expand_stress_seeds(&p);
    if (!p.failed && suite->ntests == 0) {
        snprintf(err, errlen, "%s: no tests (a test is a [name] section with an image)", path);
        p.failed = true;
    }
    test_free(&p.defaults);
    if (p.failed)
        regress_suite_free(suite);
    return !p.failed;
}
