/* --trace FILE: one line per instruction (core, EL, PC, instruction word), an observer. */
#ifndef A72SIM_TRACE_TEXT_H
#define A72SIM_TRACE_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "observe.h"

struct machine;

struct text_trace {
    FILE *f;
    bool own;                /* f was opened here (not stderr) */
    struct observer obs;
};

/* Open path ('-' for stderr) and attach to m; false with errno set when the file cannot be opened. */
bool text_trace_start(struct text_trace *t, struct machine *m, const char *path);
/* Detach and close; false when a write failed (the trace is incomplete). */
bool text_trace_stop(struct text_trace *t, struct machine *m);

#endif
