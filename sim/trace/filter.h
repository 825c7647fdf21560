/* Which instructions a trace captures as rows: the --trace-filter expression.
 *
 * An expression is a list of terms separated by spaces or commas; an instruction is selected when
 * every term holds (and, with triggers, between the start and the stop trigger):
 *   all              every instruction (the same as an empty list of conditions)
 *   cpu=N            on core N
 *   el=N[|N...]      at these ELs
 *   vmid=N[|N...]    with these VMIDs in force
 *   asid=N[|N...]    with these ASIDs
 *   pc=A..B          PC in [A, B)
 *   func=NAME        PC inside the function NAME (from the images' symbols)
 *   insns=A..B       the core's instruction number (seq) in [A, B)
 *   start=T, stop=T  capture from the first T (included) / until the first T (excluded), T one of
 *                    func:NAME (the PC reaches NAME), insn:N (a core's seq reaches N),
 *                    ec:EC (an exception with ESR.EC = EC is taken), vm-switch (VTTBR_EL2's VMID changes)
 * Triggers are global: once one fires on any core it holds for every core.
 */
#ifndef A72SIM_TRACE_FILTER_H
#define A72SIM_TRACE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observe.h"
#include "symbols.h"

#define TRACE_FILTER_MAX_IDS 16

enum trace_trigger_kind { TRIGGER_NONE, TRIGGER_PC, TRIGGER_INSN, TRIGGER_EC, TRIGGER_VM_SWITCH };

struct trace_trigger {
    enum trace_trigger_kind kind;
    uint64_t value;
};

struct trace_id_set {
    unsigned count;          /* 0: any */
    uint16_t ids[TRACE_FILTER_MAX_IDS];
};

struct trace_filter {
    int cpu;                 /* -1: any */
    unsigned el_mask;        /* bit n: ELn selected; 0: any */
    struct trace_id_set vmids, asids;
    bool has_pc;
    uint64_t pc_lo, pc_hi;
    bool has_window;
    uint64_t seq_lo, seq_hi;
    struct trace_trigger start, stop;
    bool started, stopped;   /* trigger state during the run */
};

/* Parse an expression; false with one line in err when it is malformed or names an unknown symbol. */
bool trace_filter_parse(struct trace_filter *f, const char *expr, const struct symtab *syms, char *err,
                        size_t errlen);
/* An OBS_INSN event: true when its instruction is selected (advances the triggers). */
bool trace_filter_insn(struct trace_filter *f, const struct obs_event *e);
/* Any other event: exceptions and VM switches may fire a trigger. */
void trace_filter_event(struct trace_filter *f, const struct obs_event *e);

#endif
