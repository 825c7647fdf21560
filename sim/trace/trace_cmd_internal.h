/* What the `a72sim trace` commands share (trace_cmd.c) with the exports (trace_export.c). */
#ifndef A72SIM_TRACE_CMD_INTERNAL_H
#define A72SIM_TRACE_CMD_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct trace_query;

struct export_options {
    const char *db, *out;
    int cpu;                 /* --cpu N; -1: not given */
    bool has_window;         /* --seq A..B */
    uint64_t lo, hi;
    const char *by;          /* --by insns|cycles */
};

/* One line "a72sim trace: ..." on stderr; returns EXIT_USAGE. */
int trace_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Open a trace read-only and check its format and schema version; NULL after one line on stderr. */
sqlite3 *trace_open(const char *path);
bool trace_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);
/* Parse FILE.db and the options named in allowed: 'o' -o, 'c' --cpu, 's' --seq, 'b' --by. */
bool trace_parse_export(int argc, char **argv, struct export_options *o, const char *allowed);
FILE *trace_open_out(const char *path);
int trace_close_out(FILE *f, const char *path);
/* The first column of the first row of sql with ?1 = arg, or otherwise. */
int64_t trace_query_int(sqlite3 *db, const char *sql, int64_t arg, int64_t otherwise);

/* Run st (prepared, parameters bound) and print its rows to f as an aligned table under a header
 * of column names; what names it in an error message. EXIT_OK, or EXIT_FAIL after one line. */
int trace_print_table(FILE *f, sqlite3 *db, sqlite3_stmt *st, const char *what);
/* The canned query of traces/queries/ called name, or NULL. */
const struct trace_query *trace_find_query(const char *name);

int trace_export_tarmac(int argc, char **argv);
int trace_export_perfetto(int argc, char **argv);
int trace_export_folded(int argc, char **argv);

#endif
