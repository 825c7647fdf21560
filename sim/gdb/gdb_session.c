/* `a72sim run --gdb` (see gdb_session.h). */
#include "gdb_session.h"

#include <stdio.h>

#include "gdb_server.h"
#include "session.h"
#include "snapshot/reverse.h"

/* The status session_finish() will give a machine that stopped for good: gdb hears it in the W reply. */
static int final_status(struct machine *m)
{
    switch (m->reason) {
    case STOP_GUEST_EXIT: return m->exit_status;
    case STOP_MAX_INSNS: return EXIT_MAX_INSNS;
    case STOP_FIRMWARE: return EXIT_FIRMWARE;
    case STOP_EXCEPTION_LOOP: return EXIT_EXCEPTION_LOOP;
    case STOP_ALL_ASLEEP: return EXIT_ASLEEP;
    default: return EXIT_HOST;
    }
}

int gdb_session_run(struct session *s)
{
    fprintf(stderr, "a72sim: gdb: listening on %s%s\n", gdb_server_address(s->gdb),
            s->o.gdb_wait ? " (waiting for gdb to connect)" : "");
    fflush(stderr);
    struct gdb_run_config cfg = { .wait = s->o.gdb_wait, .max_insns = s->o.max_insns, .final_status = final_status };
    char err[256];
    if (s->o.snap.record && !reverse_enable(s->m, s->o.snap.record_interval, 0, err, sizeof(err))) {
        fprintf(stderr, "a72sim: --record: %s\n", err);
        return EXIT_HOST;
    }
    enum gdb_run_end end = gdb_server_run(s->gdb, s->m, &cfg);
    if (s->o.snap.record)
        reverse_disable(s->m);
    switch (end) {
    case GDB_RUN_KILLED:
        fprintf(stderr, "a72sim: killed by gdb\n");
        fflush(stdout);
        return 0;
    case GDB_RUN_HOST:
        fprintf(stderr, "a72sim: gdb: out of host resources (memory or file descriptors)\n");
        return EXIT_HOST;
    case GDB_RUN_MACHINE:
        break;
    }
    return session_finish(s);
}
