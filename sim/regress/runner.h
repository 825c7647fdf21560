/* a72sim regress: running a suite's tests in child a72sim processes and judging their results. */
#ifndef A72SIM_REGRESS_RUNNER_H
#define A72SIM_REGRESS_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum regress_outcome { REGRESS_PASS, REGRESS_FAIL, REGRESS_TIMEOUT, REGRESS_CRASH };

/* Captured output of one stream (the head, up to a limit). */
struct regress_capture {
    char *data; /* NUL-terminated */
    size_t len;
    bool truncated;
};

struct regress_result {
    enum regress_outcome outcome;
    double seconds;
    bool have_insns; /* the run printed its --stats instruction count */
    uint64_t insns;
    char *reason;    /* why it did not pass; NULL when it passed */
    struct regress_capture out, err, uart1; /* stdout (UART0), stderr, UART1 */
};

const char *regress_outcome_name(enum regress_outcome outcome);

/* The options of `a72sim regress`. */
struct regress_options {
    unsigned jobs, shard_k, shard_n;
    const char *junit, *tap, *build_dir, *suite;
    const char *filter;   /* --filter ERE: only the tests whose name matches */
    bool list;
};
#define REGRESS_OPTIONS_DONE (-1) /* --help printed: exit 0 */

/* Parse ARGV (ARGV[0] is "regress") into O and check the reports' destinations. Returns 0, 2 (a
 * usage error, one line on stderr) or REGRESS_OPTIONS_DONE. */
int regress_parse_options(int argc, char **argv, struct regress_options *o);

/* `a72sim regress [options] SUITE`: ARGV[0] is "regress". Returns the exit status. */
int regress_main(int argc, char **argv);

#endif
