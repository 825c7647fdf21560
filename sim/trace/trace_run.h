/* The --trace* options of `a72sim run`: a SQLite database (FILE.db) or a text trace (any other
 * name, '-' for stderr), attached as observers for the run. */
#ifndef A72SIM_TRACE_RUN_H
#define A72SIM_TRACE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct symtab;

struct trace_run_options {
    const char *path;        /* --trace */
    const char *filter;      /* --trace-filter, or NULL */
    bool full, mem, regs, lossy;
    const char *const *images;
    unsigned nimages;
    const struct symtab *syms; /* the functions the trace names: the images' and --symbols files' (the
                                  caller's, kept until trace_run_end) */
    int argc;                /* the command line, recorded in the database */
    char **argv;
};

struct trace_run;

/* Check the options before anything runs: false with one line in err (a usage error). */
bool trace_run_check(const struct trace_run_options *o, char *err, size_t errlen);
/* Open the trace and attach it to m (after the images are loaded and the cores booted). NULL with
 * one line in err when the file cannot be created or the filter names an unknown symbol. */
struct trace_run *trace_run_start(struct machine *m, const struct trace_run_options *o, char *err, size_t errlen);
/* Detach, record how the run ended, and close (the database gets its indexes and aggregates);
 * false with err when something could not be written. Frees t. */
bool trace_run_end(struct trace_run *t, struct machine *m, const char *stop_reason, int status, char *err,
                   size_t errlen);

#endif
