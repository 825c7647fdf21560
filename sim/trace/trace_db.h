/* The trace database writer: an observer that records a run into SQLite (traces/schema.sql).
 *
 * The observer runs on the simulator's thread and only copies each event into its core's ring
 * buffer; a writer thread drains the rings into the database in large transactions with prepared
 * multi-row inserts. Lossless by default (the core waits while its ring is full); lossy mode drops
 * records and counts them in run.dropped_records. Every committed batch survives a killed process
 * (write-ahead log); trace_db_finish() commits the rest and builds the indexes and aggregates.
 */
#ifndef A72SIM_TRACE_DB_H
#define A72SIM_TRACE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "observe.h"
#include "symbols.h"

#define TRACE_SCHEMA_VERSION 2
#define TRACE_MAX_CPUS 8

struct trace_db_options {
    const struct trace_filter *filter; /* instruction rows for what it selects; NULL: events only */
    bool regs;                         /* register writes of the selected instructions */
    bool mem;                          /* memory accesses of the selected instructions */
    bool lossy;                        /* drop records instead of waiting for the writer */
    bool full;                         /* the whole instruction stream as compressed blocks */
    unsigned ring_records;             /* per-core ring size (a power of two); 0: the default */
};

struct trace_core_state {
    unsigned el, vmid;
    uint64_t seq, cycle;
    uint64_t sp_el[4];       /* start state only */
};

struct trace_db;

/* Create the database at path (replacing a file there) with its schema; NULL and one line in err
 * on failure. Then add the run's facts, images and symbols, and start() it. */
struct trace_db *trace_db_create(const char *path, const struct trace_db_options *o, char *err, size_t errlen);
bool trace_db_put_run(struct trace_db *t, const char *key, const char *value);
/* A fact known only at the end (stop reason, exit status): written by trace_db_finish(). */
bool trace_db_put_run_late(struct trace_db *t, const char *key, const char *value);
/* Record an image file with its SHA-256; false when it cannot be read. */
bool trace_db_put_image(struct trace_db *t, unsigned index, const char *path);
bool trace_db_put_symbols(struct trace_db *t, const struct symtab *syms);
bool trace_db_put_core_start(struct trace_db *t, unsigned cpu, const struct trace_core_state *s);
/* Commit what was put and start the writer thread; the observer may then be attached. */
bool trace_db_start(struct trace_db *t, char *err, size_t errlen);
const struct observer *trace_db_observer(struct trace_db *t);
/* After the run (the observer detached): drain everything, record each core's end state and the
 * run's remaining facts, build pc_stats and the indexes, close. Frees t. False with err on a
 * database error. */
bool trace_db_finish(struct trace_db *t, const struct trace_core_state *ends, unsigned ncpus, char *err,
                     size_t errlen);
/* Records dropped so far (lossy mode). */
uint64_t trace_db_dropped(const struct trace_db *t);

#endif
