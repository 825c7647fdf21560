/* The debugger engine: breakpoints, watchpoints and catchpoints over the whole machine, and the run
 * control a debugger needs (step N instructions of a core, continue, run to an address), with a
 * stop record saying why the machine stopped. The shell and the GDB stub both drive it; it prints
 * nothing and reads no input.
 *
 * The engine is an observer (sim/observe.h) attached only while it runs the machine, and only for the
 * events its points need: a continue with no point runs the fast loop. Points are numbered from 1
 * in one sequence, as gdb numbers them. A stop before an instruction (a breakpoint, the end of a
 * step) leaves that instruction unexecuted; the next run steps over a breakpoint at the PC where each
 * core stands, as gdb does. A watchpoint or a catchpoint stops after the instruction that triggered
 * it (at the vector, for an exception).
 */
#ifndef A72SIM_DEBUGGER_DEBUGGER_H
#define A72SIM_DEBUGGER_DEBUGGER_H

#include <stdbool.h>
#include <stdint.h>

#include "../machine.h"
#include "../observe.h"

struct dbg;

/* Which addresses a location names. */
enum dbg_space {
    DBG_VA_ANY,   /* a virtual address at whatever EL the core runs */
    DBG_VA_EL1,   /* a virtual address of the EL1&0 regime (the core at EL0 or EL1) */
    DBG_VA_EL2,   /* of the EL2 regime */
    DBG_VA_EL3,   /* of the EL3 regime */
    DBG_PA,       /* a physical address */
};

struct dbg_loc {
    enum dbg_space space;
    int vmid;          /* for virtual addresses: only in this VMID (VTTBR_EL2.VMID in force), -1 any */
    uint64_t addr;
};

enum dbg_point_type { DBG_BREAKPOINT, DBG_WATCHPOINT, DBG_CATCHPOINT };

enum dbg_watch_kind {
    DBG_WATCH_WRITE,   /* watch: a write that changes the value */
    DBG_WATCH_READ,    /* rwatch: a read */
    DBG_WATCH_ACCESS,  /* awatch: a read or a write */
};

enum dbg_catch_kind {
    DBG_CATCH_EXCEPTION,    /* any exception taken, or the synchronous ones of ec_mask */
    DBG_CATCH_HVC,
    DBG_CATCH_SMC,          /* taken to EL3, or answered by the board's firmware (OBS_PSCI) */
    DBG_CATCH_SVC,
    DBG_CATCH_ERET,
    DBG_CATCH_IRQ,          /* an IRQ (physical or virtual) taken */
    DBG_CATCH_FIQ,
    DBG_CATCH_EL_CHANGE,    /* an exception or a return that changes the EL */
    DBG_CATCH_VM_SWITCH,    /* VTTBR_EL2.VMID changed */
    DBG_CATCH_TLBI,         /* a TLBI executed by a core */
    DBG_CATCH_MAINTENANCE,  /* the GIC's maintenance interrupt was asserted */
    DBG_CATCH_STAGE2_FAULT, /* a stage-2 abort taken to EL2 */
    DBG_CATCH_KIND_COUNT
};

/* The name a catch kind has on the command line ("exception", "hvc", ..., "stage2-fault"). */
const char *dbg_catch_name(enum dbg_catch_kind k);
/* The kind of a name; false for an unknown one. */
bool dbg_catch_parse(const char *name, enum dbg_catch_kind *out);

struct dbg_catch {
    enum dbg_catch_kind kind;
    uint64_t ec_mask;   /* DBG_CATCH_EXCEPTION: bit n catches the synchronous class n; 0 any exception */
    int to_el;          /* only exceptions taken to (or returns from ERET to) this EL, -1 any */
};

/* A condition: 1 stops, 0 goes on, -1 (an error evaluating it) stops too. It is called before the
 * breakpoint's instruction executes, or after the instruction that triggered a watch or catch,
 * with the core that hit the point. */
typedef int (*dbg_cond_fn)(void *ctx, struct machine *m, unsigned cpu);

struct dbg_point {
    int id;
    enum dbg_point_type type;
    bool enabled, temporary;     /* a temporary point (tbreak) is deleted when it stops the machine */
    unsigned hits;
    struct dbg_loc loc;          /* breakpoint and watchpoint */
    uint64_t len;                /* watchpoint: bytes watched (1..8 are compared for value changes) */
    enum dbg_watch_kind watch;
    struct dbg_catch catch_;     /* catchpoint */
    dbg_cond_fn cond;            /* NULL: unconditional */
    void *cond_ctx;
    void (*cond_free)(void *ctx);
    char *cond_text;             /* the condition as the user wrote it (for listings), or NULL */
    uint64_t old_value;          /* watchpoint: the value last seen (when old_valid) */
    bool old_valid;
};

/* Why a run stopped. */
enum dbg_stop_kind {
    DBG_STOP_NONE,
    DBG_STOP_STEP,        /* the steps asked for are done */
    DBG_STOP_BREAKPOINT,  /* point id; before the instruction at pc */
    DBG_STOP_WATCHPOINT,  /* point id; after the access in event (OBS_MEM or OBS_WATCH) */
    DBG_STOP_CATCH,       /* point id; after the event */
    DBG_STOP_TARGET,      /* dbg_run_to reached its address */
    DBG_STOP_INTERRUPT,   /* dbg_interrupt (Ctrl-C) */
    DBG_STOP_EXITED,      /* the guest ended (semihosting exit, PSCI SYSTEM_OFF): exit_status */
    DBG_STOP_MACHINE,     /* the machine stopped for another reason (reason) */
};

struct dbg_stop {
    enum dbg_stop_kind kind;
    int cpu;              /* the core concerned, -1 none */
    int id;               /* the point, 0 none */
    uint64_t pc;          /* that core's PC at the stop */
    struct obs_event event; /* the event that triggered a watchpoint or catchpoint */
    uint64_t old_value, new_value; /* a watchpoint's value before and after (when value_known) */
    bool value_known;
    enum stop_reason reason; /* the machine's, for DBG_STOP_MACHINE and DBG_STOP_EXITED */
    int exit_status;
};

struct dbg *dbg_create(struct machine *m);
void dbg_destroy(struct dbg *d);
struct machine *dbg_machine(const struct dbg *d);
/* Use another machine (a reset rebuilt it): the points stay. Not while a run is in progress. */
void dbg_set_machine(struct dbg *d, struct machine *m);

/* Points. The adders return the new point's id, or -1 when the table is full or (watchpoints) the
 * length is 0, the range wraps, or the physical watchpoints would span more than 32 pages in all;
 * the point starts enabled. */
int dbg_break_add(struct dbg *d, const struct dbg_loc *loc, bool temporary);
int dbg_watch_add(struct dbg *d, const struct dbg_loc *loc, uint64_t len, enum dbg_watch_kind kind);
int dbg_catch_add(struct dbg *d, const struct dbg_catch *c);
/* false for an unknown id. */
bool dbg_point_delete(struct dbg *d, int id);
void dbg_point_delete_all(struct dbg *d);
bool dbg_point_enable(struct dbg *d, int id, bool enabled);
/* Replace a point's condition (fn NULL removes it); the engine calls free_fn(ctx) when the condition
 * is replaced or the point deleted. text is copied. false for an unknown id (free_fn is then called). */
bool dbg_point_set_condition(struct dbg *d, int id, dbg_cond_fn fn, void *ctx, void (*free_fn)(void *),
                             const char *text);
/* The points in id order: index 0 .. dbg_point_count() - 1; NULL past the end. */
unsigned dbg_point_count(const struct dbg *d);
const struct dbg_point *dbg_point_at(const struct dbg *d, unsigned index);
const struct dbg_point *dbg_point_find(const struct dbg *d, int id);

/* Run control. Each runs the machine (resuming exactly where it stopped) until a point, the goal or
 * the machine itself stops it, and fills *stop. max_insns (0: none) bounds the instructions of all
 * cores in this run: the stop is then DBG_STOP_MACHINE with STOP_MAX_INSNS. */
/* Run until something stops it. */
void dbg_continue(struct dbg *d, uint64_t max_insns, struct dbg_stop *stop);
/* Run until core cpu has executed n instructions (an exception taken on a fetch counts as none:
 * its vector's first instruction is the next), stopping before the next; points still stop it. */
void dbg_step(struct dbg *d, unsigned cpu, uint64_t n, uint64_t max_insns, struct dbg_stop *stop);
/* Run until core cpu is about to execute the instruction at virtual address pc at exception level
 * el with its current SP at or above min_sp (so a recursive call's frame does not count): until,
 * finish, stepping over a call. */
void dbg_run_to(struct dbg *d, unsigned cpu, uint64_t pc, unsigned el, uint64_t min_sp, uint64_t max_insns,
                struct dbg_stop *stop);
/* Stop a run at the next instruction boundary (async-signal-safe: for a SIGINT handler, or another
 * thread): DBG_STOP_INTERRUPT. A request made while nothing runs is forgotten. */
void dbg_interrupt(struct dbg *d);

#endif
