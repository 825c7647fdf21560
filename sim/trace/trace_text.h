/* --trace FILE (any name but *.db; '-' for stderr): a text trace, an observer. One line per
 * selected instruction, "cpuN ELn PC OPCODE  disassembly", then with --trace-regs "    R NAME VALUE"
 * per register written and with --trace-mem "    MR|MW<size> VA:PA DATA" per access; events
 * (exceptions, ERETs) as "cpuN ELn -- exception ..." lines. */
#ifndef A72SIM_TRACE_TEXT_H
#define A72SIM_TRACE_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "filter.h"
#include "observe.h"
#include "symbols.h"

struct machine;
struct disasm;

struct text_trace {
    FILE *f;
    bool own;                /* f was opened here (not stderr) */
    struct trace_filter *filter; /* NULL: every instruction */
    bool selected[64];       /* per core: the current instruction is printed */
    struct disasm *dis;
    struct observer obs;
};

/* Open path ('-' for stderr) and attach to m; false with errno set when the file cannot be opened. */
bool text_trace_start(struct text_trace *t, struct machine *m, const char *path, struct trace_filter *filter,
                      const struct symtab *syms, bool regs, bool mem);
/* Detach and close; false when a write failed (the trace is incomplete). */
bool text_trace_stop(struct text_trace *t, struct machine *m);

#endif
