/* a72sim regress: TAP reports (Test Anything Protocol version 13, as kvm-unit-tests and prove read). */
#ifndef A72SIM_REGRESS_TAP_H
#define A72SIM_REGRESS_TAP_H

#include <stdbool.h>

#include "runner.h"
#include "suite.h"

/* Write the results of the tests SELECTED[0..NSELECTED) to PATH ("-": stdout), a file written as
 * JUnit reports are (whole or not at all). On an error, one line on stderr and false. */
bool regress_write_tap(const char *path, const struct regress_suite *suite, const unsigned *selected,
                       unsigned nselected, const struct regress_result *results);

#endif
