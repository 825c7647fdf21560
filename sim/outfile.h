/* Output files written whole or not at all: a temporary file beside the destination, renamed over
 * it once complete (JUnit and TAP reports, --dump-dtb). The destination must be a regular file or
 * a new name in an existing, writable directory: a rename over a device or FIFO (run as root,
 * `--junit /dev/null` would replace /dev/null) is refused. */
#ifndef A72SIM_OUTFILE_H
#define A72SIM_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct outfile {
    const char *path;
    char *tmp;   /* the temporary file's name while open */
    FILE *f;
};

/* Can PATH be written as an output file? False with one line in ERR ("PATH: why") when not. */
bool outfile_check(const char *path, char *err, size_t errlen);

/* Create the temporary file for PATH (after outfile_check); false with ERR set. */
bool outfile_open(struct outfile *o, const char *path, char *err, size_t errlen);

/* Flush, sync and rename the temporary file over the destination (checked again); on any error
 * the temporary file is removed and ERR says why. Always closes O. */
bool outfile_commit(struct outfile *o, char *err, size_t errlen);

/* Remove the temporary file without touching the destination. */
void outfile_abandon(struct outfile *o);

#endif
