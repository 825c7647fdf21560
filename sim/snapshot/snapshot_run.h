/* Snapshots on the command line: `--save-at N FILE` (or N:FILE), `--save-on EVENT[:COUNT]:FILE`,
 * `--restore FILE`, for a session (sim/session.h). */
#ifndef A72SIM_SNAPSHOT_SNAPSHOT_RUN_H
#define A72SIM_SNAPSHOT_SNAPSHOT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observe.h"
#include "snapshot.h"

#define SNAPSHOT_MAX_SAVES 16

/* When a snapshot is written. */
enum save_trigger {
    SAVE_AT_INSNS,           /* when the cores have run n instructions in all */
    SAVE_ON_HVC,             /* after the nth HVC (its exception entry: the state at the EL2 vector) */
    SAVE_ON_PSCI,            /* after the nth PSCI/SMCCC call the built-in firmware answered */
    SAVE_ON_SEMIHOST,        /* after the nth semihosting call */
};

struct save_point {
    enum save_trigger on;
    uint64_t n;
    const char *path;
    uint64_t seen;           /* SAVE_ON_*: events counted so far */
    bool due, done;
};

struct snapshot_options {
    const char *restore;     /* --restore FILE */
    bool record;             /* --record[=INTERVAL]: checkpoints for reverse execution (reverse.h) */
    uint64_t record_interval; /* 0: the default */
    struct save_point saves[SNAPSHOT_MAX_SAVES];
    unsigned nsaves;
    struct observer observer; /* counts the SAVE_ON_* events */
};

/* --save-at ARG, where ARG is N:FILE or N with FILE the next argument (next may be NULL; *used_next
 * tells whether it was taken). False with one line in err. */
bool snapshot_parse_save_at(struct snapshot_options *o, const char *arg, const char *next, bool *used_next,
                            char *err, size_t errlen);
/* --save-on EVENT[:COUNT]:FILE with EVENT hvc, psci or semihost. */
bool snapshot_parse_save_on(struct snapshot_options *o, const char *arg, char *err, size_t errlen);

struct session;
/* Check the options against each other and the files (called once the options are parsed): the
 * destinations can be written, a restored file's machine is the one the options describe. False
 * after one line on stderr. */
bool snapshot_check_options(const struct session *s);
/* Load --restore's file into the session's new machine. False after one line on stderr. */
bool snapshot_restore_session(struct session *s);
/* Run to the end as session_run_to_end does, writing the snapshots of --save-at/--save-on on the
 * way (a snapshot that cannot be written stops the run, STOP_HOST_ERROR, after one line) and, with
 * --record, taking reverse execution's checkpoints (with --stats, a line says what they hold). */
void snapshot_run_to_end(struct session *s);

#endif
