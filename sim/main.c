/* a72sim: the command line. `a72sim [run] [options] IMAGE...` */
#include <stdio.h>
#include <string.h>

#include "regress/runner.h"
#include "session.h"
#include "trace/trace_cmd.h"

static int cmd_run(int argc, char **argv)
{
    struct session s;
    int rc = session_open(&s, argc, argv);
    if (rc == SESSION_READY) {
        session_run_to_end(&s);
        rc = session_finish(&s);
    } else if (rc == SESSION_DONE) {
        rc = 0;
    }
    return session_close(&s, rc);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "regress") == 0)
        return regress_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "trace") == 0)
        return trace_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "shell") == 0) {
        fprintf(stderr, "a72sim: '%s' is not available in this version\n", argv[1]);
        return EXIT_USAGE;
    }
    return cmd_run(argc, argv);
}
