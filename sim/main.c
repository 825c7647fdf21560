/* a72sim: the command line. `a72sim [run] [options] IMAGE...` */
#include <stdio.h>
#include <string.h>

#include "gdb/gdb_session.h"
#include "regress/runner.h"
#include "session.h"
#include "shell/shell.h"
#include "trace/trace_cmd.h"

static int cmd_run(int argc, char **argv)
{
    struct session s;
    int rc = session_open(&s, argc, argv);
    if (rc == SESSION_READY && s.gdb) {
        rc = gdb_session_run(&s);
    } else if (rc == SESSION_READY) {
        session_run_to_end(&s);
        rc = session_finish(&s);
    } else if (rc == SESSION_DONE) {
        rc = 0;
    }
    return session_close(&s, rc);
}

int main(int argc, char **argv)
{
#if A72SIM_BARE_RUNS
    fputs("a72sim: a bare-runs benchmark build (A72SIM_BARE_RUNS): the full model's cycles are not the model's\n",
          stderr);
#endif
    if (argc > 1 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "regress") == 0)
        return regress_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "trace") == 0)
        return trace_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "shell") == 0)
        return shell_main(argc - 1, argv + 1);
    return cmd_run(argc, argv);
}
