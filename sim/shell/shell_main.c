/* a72sim shell: a session (sim/session.h) opened from the run options, stopped at reset, under the
 * shell's command loop. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../semihost.h"
#include "../session.h"
#include "../snapshot/reverse.h"
#include "../trace/disasm.h"
#include "shell.h"
#include "shell_internal.h"

struct shell_main {
    struct session s;
    int argc;
    char **argv;                 /* "--console none" in front of the user's run options */
};

/* The run options' session: the machine built, loaded and booted, stopped before its first
 * instruction. SESSION_READY or an exit status (the session is closed then). */
static int open_session(struct shell_main *sm)
{
    optind = 0; /* options_parse uses getopt_long: start afresh (a reset parses them again) */
    int rc = session_open(&sm->s, sm->argc, sm->argv);
    if (rc == SESSION_READY)
        return rc;
    return session_close(&sm->s, rc == SESSION_DONE ? 0 : rc);
}

static bool load_symbols(struct shell *sh, const struct options *o)
{
    char err[512];
    if (session_load_symbols(o, &sh->syms, err, sizeof err))
        return true;
    fprintf(stderr, "a72sim: shell: --symbols: %s\n", err);
    return false;
}

static bool reset_machine(void *ctx, struct machine **m)
{
    struct shell_main *sm = ctx;
    fflush(stdout);
    reverse_disable(sm->s.m);
    int rc = session_close(&sm->s, 0);
    if (rc)
        fprintf(stderr, "a72sim: shell: the old machine's output could not all be written\n");
    if (open_session(sm) != SESSION_READY) {
        fprintf(stderr, "a72sim: shell: the machine cannot be rebuilt; leaving the shell\n");
        exit(rc ? rc : EXIT_USAGE);
    }
    *m = sm->s.m;
    shell_reverse_attach(*m, sm->s.o.snap.record_interval); /* the history starts again at the reset */
    return true;
}

int shell_main(int argc, char **argv)
{
    struct shell_args a = { 0 };
    char **av = calloc((size_t)argc + 4, sizeof(*av));
    if (!av) {
        fprintf(stderr, "a72sim: out of host memory\n");
        return EXIT_HOST;
    }
    int n = argc;
    memcpy(av, argv, (size_t)argc * sizeof(*av));
    int rc = shell_take_args(&n, av, &a);
    if (rc) {
        free(av);
        return rc;
    }
    /* The terminal belongs to the shell: UART0 gets no input from it. */
    struct shell_main sm = { .argc = n + 2 };
    sm.argv = calloc((size_t)n + 3, sizeof(char *));
    if (!sm.argv) {
        free(av);
        fprintf(stderr, "a72sim: out of host memory\n");
        return EXIT_HOST;
    }
    sm.argv[0] = av[0];
    sm.argv[1] = "--console";
    sm.argv[2] = "none";
    memcpy(sm.argv + 3, av + 1, (size_t)(n - 1) * sizeof(char *));
    free(av);

    rc = open_session(&sm);
    if (rc != SESSION_READY) {
        bool help = false;
        for (int k = 3; k < sm.argc && !help; k++)
            help = !strcmp(sm.argv[k], "--help") || !strcmp(sm.argv[k], "-h");
        if (help && rc == 0)
            printf("\nThe shell's own options (before the run options):\n"
                   "  -x FILE   run the commands of FILE\n"
                   "  -ex CMD   run CMD (repeatable; -x and -ex run in the order given)\n"
                   "  -batch    exit after them: status 1 at the first command that fails\n"
                   "  -nx       do not read ~/.a72simrc\n");
        free(sm.argv);
        return rc;
    }
    struct shell sh = {
        .m = sm.s.m, .out = stdout, .max_insns = sm.s.o.max_insns, .batch = a.batch,
        .interactive = !a.batch && isatty(STDIN_FILENO), .hooks = { reset_machine, &sm },
        .images = sm.s.o.images, .nimages = sm.s.o.nimages, .argc = sm.argc, .argv = sm.argv,
    };
    shell_reverse_attach(sh.m, sm.s.o.snap.record_interval); /* reverse execution: history from the start */
    sh.dbg = dbg_create(sh.m);
    sh.dis = disasm_create();
    if (!sh.dbg || !sh.dis || !load_symbols(&sh, &sm.s.o)) {
        if (!sh.dbg || !sh.dis)
            fprintf(stderr, "a72sim: shell: out of host memory\n");
        rc = EXIT_USAGE;
    } else {
        if (sh.interactive)
            shell_print_where(&sh, 0);
        rc = shell_session(&sh, &a);
    }
    (void)shell_end_trace(&sh);
    fflush(stdout);
    if (sm.s.o.stats)
        stats_print(stderr, sh.m, sm.s.o.stats, session_now_seconds() - sm.s.t0);
    semihosting_close_all(sh.m);
    dbg_destroy(sh.dbg);
    disasm_destroy(sh.dis);
    symtab_free(&sh.syms);
    reverse_disable(sm.s.m);
    rc = session_close(&sm.s, rc);
    free(sm.argv);
    return rc;
}
