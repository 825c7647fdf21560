/* a72sim regress: suite files (INI, parsed with libinih). */
#ifndef A72SIM_REGRESS_SUITE_H
#define A72SIM_REGRESS_SUITE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REGRESS_DEFAULT_TIMEOUT 120.0
#define REGRESS_DEFAULT_MAX_INSNS "1000000000" /* --max-insns given to every run unless its args set one */

/* An expected count of exceptions with one Exception Class (ESR_ELx.EC), from the --stats lines. */
struct regress_exc_count {
    unsigned ec;
    uint64_t count;
};

/* The output checks of one UART. */
struct regress_uart_check {
    char *contains;             /* NULL: not checked */
    char *matches_src;          /* the ERE as written, NULL: not checked */
    regex_t matches;
};

struct regress_test {
    char *name;
    unsigned line;              /* the section header's line in the suite file */
    char **images;              /* resolved paths */
    unsigned nimages;
    char **args;                /* a72sim run options, split at white space */
    unsigned nargs;
    int expect_exit;
    struct regress_uart_check uart[2]; /* UART0 (the child's stdout) and UART1 (its stderr) */
    uint64_t max_insns;         /* 0: not checked */
    struct regress_exc_count *exceptions;
    unsigned nexceptions;
    bool check_exceptions;
    double timeout;             /* wall-clock seconds */
    unsigned set;               /* keys given (bits of enum regress_key), for the defaults */
    uint64_t stress_lo, stress_hi; /* stress_seeds = LO-HI: one run per seed (--stress N), named NAME.seedN */
};

struct regress_suite {
    char *name;                 /* [suite] name, else the file's base name without .ini */
    char *dir;                  /* the suite file's directory: tests run there */
    struct regress_test *tests;
    unsigned ntests;
};

/* Read the suite file PATH; ${BUILD} in images and args becomes BUILD_DIR. On an error, ERR gets
 * one line "PATH:LINE: message" and the result is false (SUITE is then empty). */
bool regress_suite_load(const char *path, const char *build_dir, struct regress_suite *suite, char *err,
                        size_t errlen);
void regress_suite_free(struct regress_suite *suite);

/* A copy of S (malloc'd) in which control characters appear as \xNN. */
char *regress_escape_controls(const char *s);

/* Whether an extended regular expression may be given to regcomp: false for a repetition operator
 * (*, +, ?, {) right after another one, which POSIX leaves undefined and which makes glibc's regcomp
 * take memory exponential in the pattern's length. */
bool regress_regex_acceptable(const char *src);

#endif
