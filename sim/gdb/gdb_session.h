/* `a72sim run --gdb`: a session (sim/session.h) run under the GDB server. */
#ifndef A72SIM_GDB_SESSION_H
#define A72SIM_GDB_SESSION_H

struct session;

/* Say where gdb can connect, run the session's machine under gdb until it ends (the guest exits,
 * --max-insns, any stop that ends a run) or gdb kills it, and finish the session: the exit status. */
int gdb_session_run(struct session *s);

#endif
