/* The GDB stub: gdb's remote protocol over a byte stream, for one machine, with no knowledge of
 * sockets (gdb_server.c carries the bytes; the fuzz target feeds random ones).
 *
 * Each core is a thread (ids 1, 2: core 0, 1), in all-stop mode. Breakpoints, watchpoints, steps
 * and continues go through the debugger engine (sim/debugger/debugger.h), so a breakpoint never
 * changes guest memory. A packet that resumes the machine runs it right away, inside
 * gdb_stub_feed(), until the engine stops it; the stop reply follows. gdb_stub_interrupt() (async-
 * signal-safe) stops such a run, as gdb's Ctrl-C does. */
#ifndef A72SIM_GDB_STUB_H
#define A72SIM_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct gdb_stub;

enum gdb_state {
    GDB_STOPPED,   /* the machine waits for gdb's commands */
    GDB_RUNNING,   /* inside a resume (gdb_stub_interrupt stops it) */
    GDB_DETACHED,  /* gdb detached (D): the machine may run on without the stub */
    GDB_KILLED,    /* gdb killed the machine (k, vKill) */
    GDB_ENDED,     /* the machine stopped for good (the guest exited, or a run-ending stop); gdb was told (W) */
};

struct gdb_stub_config {
    /* Where the stub's bytes go (acknowledgements and packets). */
    void (*write)(void *ctx, const void *data, size_t len);
    void *write_ctx;
    /* The run's --max-insns (0: none): the total instructions of all cores at which the run ends. */
    uint64_t max_insns;
    /* The exit status a72sim gives a machine stopped for good (the guest's status, 124 for
     * --max-insns, ...), which the W reply carries. NULL: the guest's status, else 1. */
    int (*final_status)(struct machine *m);
};

/* A stub for machine m, which must be stopped (at reset, or where a run stopped); NULL when host
 * memory runs out. */
struct gdb_stub *gdb_stub_create(struct machine *m, const struct gdb_stub_config *cfg);
void gdb_stub_destroy(struct gdb_stub *s);

/* Take bytes from gdb; they may hold any number of packets, or parts of one. A packet that resumes
 * the machine runs it before this returns. Returns the state after the last byte taken: bytes after
 * a packet that ends the session (detach, kill, the end of the machine) are ignored. */
enum gdb_state gdb_stub_feed(struct gdb_stub *s, const void *data, size_t len);
enum gdb_state gdb_stub_state(const struct gdb_stub *s);
/* gdb's Ctrl-C while the machine runs (from a poll hook or a signal handler). */
void gdb_stub_interrupt(struct gdb_stub *s);

#endif
