/* `a72sim run --gdb [HOST:]PORT [--gdb-wait]`: the GDB stub (gdb_stub.h) over a TCP socket.
 *
 * The machine runs as without gdb until gdb connects (or, with --gdb-wait, waits at reset for it);
 * a connection stops it where it is, and from then on gdb drives it. When gdb detaches the machine
 * runs on, and gdb may connect again; when gdb kills it the run ends. */
#ifndef A72SIM_GDB_SERVER_H
#define A72SIM_GDB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct gdb_server;

/* Listen on spec, "[HOST:]PORT" (HOST: a name or address, 127.0.0.1 when left out; PORT 0 picks a
 * free one). NULL with one line in err (a bad spec, a port in use, an unknown host). */
struct gdb_server *gdb_server_open(const char *spec, char *err, size_t err_len);
/* The port listened on, and "HOST:PORT" for messages. */
unsigned gdb_server_port(const struct gdb_server *srv);
const char *gdb_server_address(const struct gdb_server *srv);
void gdb_server_close(struct gdb_server *srv);

struct gdb_run_config {
    bool wait;                               /* --gdb-wait: no instruction runs before gdb connects */
    uint64_t max_insns;                      /* --max-insns (0: none) */
    int (*final_status)(struct machine *m);  /* the exit status of a machine stopped for good */
};

/* How a run under the server ended. */
enum gdb_run_end {
    GDB_RUN_MACHINE,  /* the machine stopped for good: m->reason says why, as after machine_run() */
    GDB_RUN_KILLED,   /* gdb killed it (k, vKill) */
    GDB_RUN_HOST,     /* host resources ran out (memory, file descriptors) */
};

/* Run m (booted, at reset or stopped) under the server until it ends. The machine's io_poll hook is
 * chained while it runs (the one already installed, a console's, is still called). */
enum gdb_run_end gdb_server_run(struct gdb_server *srv, struct machine *m, const struct gdb_run_config *cfg);

#endif
