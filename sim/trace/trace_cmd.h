/* `a72sim trace COMMAND FILE.db ...`: queries and exports of a trace database. */
#ifndef A72SIM_TRACE_CMD_H
#define A72SIM_TRACE_CMD_H

/* argv[0] is "trace". Returns the exit status (2 for bad usage or input, with one line on stderr). */
int trace_main(int argc, char **argv);

#endif
