/* `a72sim trace`: canned queries, the sqlite3 shell, and the Tarmac, Perfetto and folded-stack exports. */
#include "trace_cmd.h"
#include "trace_cmd_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blocks.h"
#include "embedded.h"
#include "trace_db.h"

int trace_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "a72sim trace: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: a72sim trace COMMAND FILE.db [options]\n"
            "  query FILE.db [NAME [ARGS...]]   run a canned query and print a table (no NAME: list them)\n"
            "  sql FILE.db                      open the sqlite3 shell on the trace\n"
            "  tarmac FILE.db --cpu N [--seq A..B] -o OUT   Tarmac text of core N's instruction rows\n"
            "  perfetto FILE.db -o OUT.json     Chrome/Perfetto JSON: EL residency, exceptions, interrupts\n"
            "  folded FILE.db [--by insns|cycles] [-o OUT]   folded stacks (VMn;ELn;function count)\n"
            "  expand FILE.db --seq A..B [--cpu N]   instructions A..B-1 of core N (default 0) from the\n"
            "                                   compressed stream (--trace-full), as rows\n"
            "See docs/tracing.md.\n");
}

/* Open a trace read-only and check that it is one this version reads. */
sqlite3 *trace_open(const char *path)
{
    if (access(path, R_OK) != 0) {
        trace_fail("cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        trace_fail("cannot open '%s': %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    char format[64] = "", version[32] = "";
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM meta WHERE key IN ('format', 'schema_version')", -1, &st,
                           NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(st, 0), *v = (const char *)sqlite3_column_text(st, 1);
            if (k && v)
                snprintf(strcmp(k, "format") == 0 ? format : version, 32, "%s", v);
        }
    }
    sqlite3_finalize(st);
    if (strcmp(format, "a72sim-trace") != 0) {
        trace_fail("'%s' is not an a72sim trace database", path);
        sqlite3_close(db);
        return NULL;
    }
    if (atoi(version) != TRACE_SCHEMA_VERSION) {
        trace_fail("'%s' has trace schema version %s; this a72sim reads version %d", path, version, TRACE_SCHEMA_VERSION);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

bool trace_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK)
        return true;
    trace_fail("query failed: %s", sqlite3_errmsg(db));
    return false;
}

static bool parse_window(const char *s, uint64_t *lo, uint64_t *hi)
{
    char *end;
    errno = 0;
    *lo = strtoull(s, &end, 0);
    if (errno || end == s || strncmp(end, "..", 2) != 0 || *s == '-')
        return false;
    const char *b = end + 2;
    *hi = strtoull(b, &end, 0);
    return !errno && end != b && !*end && *b != '-' && *lo < *hi;
}

FILE *trace_open_out(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return stdout;
    FILE *f = fopen(path, "w");
    if (!f)
        trace_fail("cannot create '%s': %s", path, strerror(errno));
    return f;
}

int trace_close_out(FILE *f, const char *path)
{
    bool ok = fflush(f) == 0 && !ferror(f);
    if (f != stdout && fclose(f) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "a72sim trace: cannot write '%s'\n", path ? path : "stdout");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* ---- query ---- */

const struct trace_query *trace_find_query(const char *name)
{
    for (const struct trace_query *q = trace_queries; q->name; q++)
        if (strcmp(q->name, name) == 0)
            return q;
    return NULL;
}

/* The first comment line of a query, for the list. */
static void print_query_summary(const struct trace_query *q)
{
    const char *s = q->sql;
    if (strncmp(s, "-- ", 3) == 0)
        s += 3;
    int n = (int)strcspn(s, "\n");
    printf("  %-18s %.*s\n", q->name, n, s);
}

int trace_print_table(FILE *f, sqlite3 *db, sqlite3_stmt *st, const char *what)
{
    /* Collect the cells to align the columns. */
    int ncols = sqlite3_column_count(st);
    size_t cap = 64, count = 0;
    char **cells = malloc(cap * sizeof *cells);
    int *width = calloc((size_t)ncols, sizeof *width);
    for (int c = 0; c < ncols; c++)
        width[c] = (int)strlen(sqlite3_column_name(st, c));
    int rc = SQLITE_NOMEM;
    while (cells && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < ncols; c++) {
            if (count == cap) {
                char **more = realloc(cells, 2 * cap * sizeof *cells);
                if (!more)
                    break;
                cells = more;
                cap *= 2;
            }
            const char *t = (const char *)sqlite3_column_text(st, c);
            cells[count] = strdup(t ? t : "");
            int w = (int)strlen(cells[count]);
            if (w > width[c])
                width[c] = w;
            count++;
        }
    }
    int status = EXIT_OK;
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "a72sim trace: query '%s' failed: %s\n", what, sqlite3_errmsg(db));
        status = EXIT_FAIL;
    } else {
        for (int c = 0; c < ncols; c++)
            fprintf(f, "%s%-*s", c ? "  " : "", c == ncols - 1 ? 0 : width[c], sqlite3_column_name(st, c));
        fputc('\n', f);
        for (int c = 0; c < ncols; c++)
            fprintf(f, "%s%.*s", c ? "  " : "", width[c], "--------------------------------------------------------------"
                                                          "--------------------------------------------------");
        fputc('\n', f);
        for (size_t k = 0; k < count; k++) {
            int c = (int)(k % (size_t)ncols);
            fprintf(f, "%s%-*s", c ? "  " : "", c == ncols - 1 ? 0 : width[c], cells[k]);
            if (c == ncols - 1)
                fputc('\n', f);
        }
    }
    for (size_t k = 0; k < count; k++)
        free(cells[k]);
    free(cells);
    free(width);
    return status;
}

static int cmd_query(int argc, char **argv)
{
    if (argc < 2)
        return trace_fail("query wants FILE.db [NAME [ARGS...]]");
    const struct trace_query *q = NULL;
    if (argc >= 3 && !(q = trace_find_query(argv[2]))) {
        trace_fail("unknown query '%s' (a72sim trace query FILE.db lists them)", argv[2]);
        return EXIT_USAGE;
    }
    sqlite3 *db = trace_open(argv[1]);
    if (!db)
        return EXIT_USAGE;
    if (!q) {
        printf("queries:\n");
        for (const struct trace_query *k = trace_queries; k->name; k++)
            print_query_summary(k);
        sqlite3_close(db);
        return EXIT_OK;
    }
    sqlite3_stmt *st;
    if (!trace_prepare(db, q->sql, &st)) {
        sqlite3_close(db);
        return EXIT_FAIL;
    }
    int nparams = sqlite3_bind_parameter_count(st);
    if (argc - 3 > nparams) {
        sqlite3_finalize(st);
        sqlite3_close(db);
        return trace_fail("query '%s' takes %d argument(s)", q->name, nparams);
    }
    for (int k = 3; k < argc; k++) {
        char *end;
        long long v = strtoll(argv[k], &end, 0);
        if (*argv[k] && !*end)
            sqlite3_bind_int64(st, k - 2, v);
        else
            sqlite3_bind_text(st, k - 2, argv[k], -1, SQLITE_STATIC);
    }
    int status = trace_print_table(stdout, db, st, q->name);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return status;
}

static int cmd_sql(int argc, char **argv)
{
    if (argc != 2)
        return trace_fail("sql wants FILE.db");
    sqlite3 *db = trace_open(argv[1]);
    if (!db)
        return EXIT_USAGE;
    sqlite3_close(db);
    fflush(stdout);
    execlp("sqlite3", "sqlite3", argv[1], (char *)NULL);
    return trace_fail("cannot run sqlite3: %s (install the sqlite3 package)", strerror(errno));
}

/* ---- shared option parsing of the exports ---- */

bool trace_parse_export(int argc, char **argv, struct export_options *o, const char *allowed)
{
    *o = (struct export_options){ .cpu = -1, .by = "insns" };
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        bool has_value = k + 1 < argc;
        if (strcmp(a, "-o") == 0 && strchr(allowed, 'o') && has_value) {
            o->out = argv[++k];
        } else if (strcmp(a, "--cpu") == 0 && strchr(allowed, 'c') && has_value) {
            char *end;
            long v = strtol(argv[++k], &end, 0);
            if (*end || v < 0 || v >= TRACE_MAX_CPUS) {
                trace_fail("--cpu wants a core number, got '%s'", argv[k]);
                return false;
            }
            o->cpu = (int)v;
        } else if (strcmp(a, "--seq") == 0 && strchr(allowed, 's') && has_value) {
            if (!parse_window(argv[++k], &o->lo, &o->hi)) {
                trace_fail("--seq wants A..B with A < B, got '%s'", argv[k]);
                return false;
            }
            o->has_window = true;
        } else if (strcmp(a, "--by") == 0 && strchr(allowed, 'b') && has_value) {
            o->by = argv[++k];
            if (strcmp(o->by, "insns") != 0 && strcmp(o->by, "cycles") != 0) {
                trace_fail("--by wants insns or cycles, got '%s'", o->by);
                return false;
            }
        } else if (a[0] == '-' && a[1]) {
            trace_fail("%s: unknown option or missing value '%s'", argv[0], a);
            return false;
        } else if (!o->db) {
            o->db = a;
        } else {
            trace_fail("%s: unexpected argument '%s'", argv[0], a);
            return false;
        }
    }
    if (!o->db) {
        trace_fail("%s wants a trace database (FILE.db)", argv[0]);
        return false;
    }
    return true;
}

int64_t trace_query_int(sqlite3 *db, const char *sql, int64_t arg, int64_t otherwise)
{
    sqlite3_stmt *st;
    int64_t v = otherwise;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return v;
    sqlite3_bind_int64(st, 1, arg);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Rows of the full stream: the blocks that overlap the window, decoded. */
static int trace_expand(int argc, char **argv)
{
    struct export_options o;
    if (!trace_parse_export(argc, argv, &o, "cso"))
        return EXIT_USAGE;
    if (!o.has_window)
        return trace_fail("expand wants --seq A..B");
    int cpu = o.cpu < 0 ? 0 : o.cpu;
    sqlite3 *db = trace_open(o.db);
    if (!db)
        return EXIT_USAGE;
    int64_t first = trace_query_int(db, "SELECT MIN(first_seq) FROM blocks WHERE cpu = ?1", cpu, -1);
    int64_t last = trace_query_int(db, "SELECT MAX(last_seq) FROM blocks WHERE cpu = ?1", cpu, -1);
    if (first < 0) {
        sqlite3_close(db);
        return trace_fail("'%s' holds no compressed instruction stream of cpu %d (run with --trace-full)", o.db, cpu);
    }
    if (o.hi <= (uint64_t)first || o.lo > (uint64_t)last) {
        sqlite3_close(db);
        return trace_fail("window %" PRIu64 "..%" PRIu64 " is outside the trace (cpu %d has %" PRId64 "..%" PRId64 ")",
                          o.lo, o.hi, cpu, first, last + 1);
    }
    sqlite3_stmt *st;
    if (!trace_prepare(db, "SELECT data FROM blocks WHERE cpu = ?1 AND last_seq >= ?2 AND first_seq < ?3 "
                           "ORDER BY first_seq", &st)) {
        sqlite3_close(db);
        return EXIT_FAIL;
    }
    sqlite3_bind_int(st, 1, cpu);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)o.lo);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)o.hi);
    struct insn_block *b = malloc(sizeof *b);
    FILE *f = b ? trace_open_out(o.out) : NULL;
    int status = EXIT_OK;
    if (!f) {
        status = b ? EXIT_USAGE : EXIT_FAIL;
    } else {
        fprintf(f, "cpu  seq  cycle  pc  opcode  el  vmid  asid\n");
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!block_decode(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), b)) {
                fprintf(stderr, "a72sim trace: '%s': a compressed block does not decode\n", o.db);
                status = EXIT_FAIL;
                break;
            }
            for (unsigned k = 0; k < b->count; k++) {
                uint64_t seq = b->first_seq + k;
                if (seq >= o.lo && seq < o.hi)
                    fprintf(f, "%d  %" PRIu64 "  %" PRIu64 "  %016" PRIx64 "  %08x  %u  %u  %u\n", b->cpu, seq,
                            b->cycle[k], b->pc[k], b->opcode[k], b->el[k], b->vmid[k], b->asid[k]);
            }
        }
        int rc = trace_close_out(f, o.out);
        status = status ? status : rc;
    }
    free(b);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return status;
}

int trace_main(int argc, char **argv)
{
    if (argc < 2)
        return trace_fail("missing command (try a72sim trace --help)");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    const char *cmd = argv[1];
    argc--;
    argv++;
    if (strcmp(cmd, "query") == 0)
        return cmd_query(argc, argv);
    if (strcmp(cmd, "sql") == 0)
        return cmd_sql(argc, argv);
    if (strcmp(cmd, "tarmac") == 0)
        return trace_export_tarmac(argc, argv);
    if (strcmp(cmd, "perfetto") == 0)
        return trace_export_perfetto(argc, argv);
    if (strcmp(cmd, "folded") == 0)
        return trace_export_folded(argc, argv);
    if (strcmp(cmd, "expand") == 0)
        return trace_expand(argc, argv);
    return trace_fail("unknown command '%s' (try a72sim trace --help)", cmd);
}
