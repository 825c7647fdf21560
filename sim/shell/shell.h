/* a72sim shell: the machine under a gdb-like command line (GNU Readline on a terminal, plain lines
 * from a pipe), driving the debugger engine (sim/debugger) and the inspection views (sim/inspect). */
#ifndef A72SIM_SHELL_SHELL_H
#define A72SIM_SHELL_SHELL_H

/* `a72sim shell [-x FILE] [-ex CMD] [-batch] [-nx] [run options] IMAGE...`: the exit status. */
int shell_main(int argc, char **argv);

#endif
