/* a72sim regress: JUnit XML reports. */
#ifndef A72SIM_REGRESS_JUNIT_H
#define A72SIM_REGRESS_JUNIT_H

#include <stdbool.h>

#include "runner.h"
#include "suite.h"

/* Write the results of the tests SELECTED[0..NSELECTED) (indexes into SUITE->tests and RESULTS) to PATH,
 * atomically (sim/outfile.h: a temporary file renamed over PATH once complete; PATH must be a
 * regular file or a new name). On an error, one line on stderr and false. */
bool regress_write_junit(const char *path, const struct regress_suite *suite, const unsigned *selected,
                         unsigned nselected, const struct regress_result *results, double seconds);

#endif
