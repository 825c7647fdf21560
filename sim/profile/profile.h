/* `a72sim run --profile[=DIR]`: where a run spent its time, per core, EL, VM and function, and what
 * its VM exits, interrupts, TLBs and caches cost.
 *
 * A profile is a trace (sim/trace) and what the trace subsystem makes of it: the run is traced into
 * DIR/profile.db with the whole instruction stream (--trace-full), and at the end the canned
 * queries and exports of `a72sim trace` write the files below; the machine's own counts (sleep,
 * TLB lookups, the timing model's events per EL) complete the summary. Tracing is an observer, so
 * the run's output, instruction and cycle counts are those of an unprofiled run.
 *
 *   DIR/summary.txt   the summary (also printed on stderr)
 *   DIR/folded.txt    folded stacks "VM1;EL1;function cycles" for flame graphs
 *   DIR/timeline.json EL and VM residency per core, and interrupts, for Perfetto / chrome://tracing
 *   DIR/profile.db    the trace itself, for `a72sim trace query` and SQL
 *
 * The three text files are deterministic: two runs of the same images and options write the same
 * bytes. (profile.db also records host facts: the command line and the host time.) */
#ifndef A72SIM_PROFILE_PROFILE_H
#define A72SIM_PROFILE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct machine;

#define PROFILE_DEFAULT_DIR "a72sim-profile"

/* Make DIR (a new or an existing directory) and return the trace database's path in it (malloc'ed),
 * or NULL with one line in err. */
char *profile_prepare(const char *dir, char *err, size_t errlen);
struct profile;
/* Attach the profile's own observer, which splits the timing model's event counts by EL at each
 * exception entry and return (after the boot, with the trace). NULL when it cannot. */
struct profile *profile_attach(struct machine *m);
/* After the traced run ended and its database was closed: detach and free p, write the files and
 * print the summary on out. False with one line in err when a file could not be written. */
bool profile_write(struct profile *p, const char *dir, const char *db_path, struct machine *m, FILE *out,
                   char *err, size_t errlen);
/* Detach and free p (NULL: nothing) without writing: the trace failed. */
void profile_abandon(struct profile *p, struct machine *m);

#endif
