/* A run of the machine from the command line (sim/session.c): `a72sim run` is session_open,
 * session_run_to_end, session_finish and session_close; the shell and the GDB stub open a session
 * and stop and resume its run themselves (machine_run, machine_clear_stop) before finishing it. */
#ifndef A72SIM_SESSION_H
#define A72SIM_SESSION_H

#include <stdio.h>

#include "console.h"
#include "machine.h"
#include "observe.h"
#include "options.h"
#include "check/stress.h"
#include "trace/symbols.h"
#include "trace/trace_run.h"

/* Exit statuses of the simulator itself (the guest's own status passes through otherwise). */
enum {
    EXIT_USAGE = 2,       /* bad option or bad input file */
    EXIT_CHECK = 121,     /* --check-fatal: a check reported a violation */
    EXIT_EXCEPTION_LOOP = 122, /* a core kept taking an exception at its own vector */
    EXIT_FIRMWARE = 123,  /* the guest raised an exception to EL3, where the built-in firmware runs */
    EXIT_MAX_INSNS = 124, /* --max-insns reached (as timeout(1) does) */
    EXIT_HOST = 125,      /* the simulator could not go on (host resources) */
    EXIT_ASLEEP = 126,    /* every core waits for an event that nothing can raise */
    EXIT_INTERRUPTED = 130, /* Ctrl-C (128 + SIGINT, as a shell reports it) */
};

/* What session_open returns besides an exit status to end with. */
enum { SESSION_READY = -1, /* the machine is booted and ready to run */
       SESSION_DONE = -2   /* the options asked for no run (--dump-dtb written): exit 0 */ };

struct session {
    struct options o;
    struct trace_run_options topt;
    struct machine *m;
    struct trace_run *trace;
    struct console *con;
    FILE *uart_out[2];
    void *dtb;
    size_t dtb_size;
    double t0;                   /* host time at the start, for --stats */
    double stats_seconds;        /* the run's host time once it ended (-1 before): --stats is printed last */
    char *profile_db;            /* --profile: the trace's path in the profile's directory */
    struct profile *profile;
    struct observer stop_every_observer;
    uint64_t stop_every_count;
    struct gdb_server *gdb;      /* --gdb: listening from session_open on (sim/gdb/gdb_server.h) */
    struct stress stress;        /* --stress: the schedule's draws */
    struct symtab symbols;       /* the images' and --symbols files' symbols, for the checks' reports and
                                    the trace */
};

/* Parse argv's run options, build the machine, load the images and the device tree, open the UARTs'
 * destinations, the trace and the console, and boot the cores. SESSION_READY, SESSION_DONE, or an
 * exit status (0 after --help/--version, a message was printed otherwise); session_close() in
 * every case. */
int session_open(struct session *s, int argc, char **argv);
/* Add to t, sorted, the symbols of the ELF images of o (an image without symbols adds none) and of its
 * --symbols files, moved by their offsets; false with a message in err when a --symbols file is
 * neither ELF nor a symbol map. */
bool session_load_symbols(const struct options *o, struct symtab *t, char *err, size_t errlen);
/* Run to the end: the guest's, --max-insns's or any stop but --stop-every's own. */
void session_run_to_end(struct session *s);
/* After the run: close the console, say why the run ended, print --stats; the exit status. */
int session_finish(struct session *s);
/* Close the trace and the UARTs' destinations and free everything; rc, or EXIT_HOST if writing
 * failed. */
int session_close(struct session *s, int rc);

double session_now_seconds(void);

#endif
