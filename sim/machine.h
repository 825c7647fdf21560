/* The simulated machine: the cores, the physical bus with the board's devices, and the run. */
#ifndef A72SIM_MACHINE_H
#define A72SIM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bus.h"
#include "cpu/cpu.h"
#include "events.h"
#include "semihost.h"
#include "stats.h"

struct exception_record;
struct gic;
struct check_state;
struct stress;

#define MAX_CPUS 2

enum stop_reason {
    STOP_NONE,
    STOP_GUEST_EXIT,     /* semihosting SYS_EXIT / SYS_EXIT_EXTENDED, PSCI SYSTEM_OFF */
    STOP_MAX_INSNS,      /* --max-insns reached */
    STOP_HOST_ERROR,     /* the simulator could not go on (host memory exhausted) */
    STOP_ALL_ASLEEP,     /* every core waits (WFI/WFE) for an event that nothing can raise */
    STOP_OBSERVER,       /* an observer (breakpoint, watchpoint, catch) asked to stop */
    STOP_FIRMWARE,       /* guest code would have run where the board's firmware runs (EL3) */
    STOP_EXCEPTION_LOOP, /* a core keeps taking an exception at the vector it goes to */
    STOP_INTERRUPTED,    /* the user interrupted the run (Ctrl-C in `a72sim run`) */
    STOP_CHECK,          /* --check-fatal: a check reported a violation */
};

/* The registers before an instruction, for OBS_REG_WRITE (run.c compares them after it). */
struct reg_snapshot {
    uint64_t x[31], sp_el[4], v[32][2];
    uint32_t nzcv, fpsr, fpcr;
};

#define MAX_OBSERVERS 8
#define MAX_WATCHED_PAGES 64

/* A physical page watched for OBS_WATCH, with how many watches of each kind hold it. */
struct watched_page {
    uint64_t page;               /* pa >> GUEST_PAGE_BITS */
    unsigned reads, writes;
};

/* The observers attached (sim/observe.h) and what the instrumented loop keeps for them. */
struct observer_set {
    const struct observer *list[MAX_OBSERVERS];
    unsigned count;
    uint32_t kinds;              /* the union of their kinds */
    bool stop_requested;         /* obs_request_stop() was called */
    uint64_t insn_pc;            /* PC of the instruction executing (events during it report it) */
    struct reg_snapshot regs;
    struct watched_page watched[MAX_WATCHED_PAGES];
    unsigned nwatched;
};

/* Where the round of the cores stands (machine_run), so that a run stopped anywhere goes on from
 * exactly there: the core whose turn it is, what is left of its quantum, whether any ran this round. */
struct sched_state {
    unsigned core;               /* index of the core whose turn it is (ncpus: the round is over) */
    uint64_t left;               /* instructions left of its quantum; 0: its turn has not begun */
    bool any_ran;                /* a core ran this round */
    unsigned first;              /* --stress: the core the round started at (turns go in order from it) */
};

/* One of the last exceptions a core took (machine_note_exception), for the messages that end a run. */
#define EXC_HISTORY 4
struct exc_note {
    uint64_t elr;                /* the preferred return address */
    uint64_t icount;             /* the core's instructions when it was taken */
    uint8_t ec;                  /* ESR_ELx.EC of a synchronous exception */
    uint8_t kind;                /* enum vector_kind: sync, IRQ, FIQ, SError */
    uint8_t from_el, to_el;
};

struct machine {
    struct bus bus;
    unsigned ncpus;
    struct cpu *cpus[MAX_CPUS];

    /* Semihosting */
    const char *cmdline;         /* SYS_GET_CMDLINE, from --append */
    bool semihosting_host_files; /* SYS_OPEN & co. may touch host files (--semihosting-files) */
    FILE *out;                   /* guest console: UART0 and semihosting output (stdout) */
    FILE *log;                   /* the simulator's messages about the run (stderr) */
    struct semihost_state semihost;
    struct event_queue events;   /* timed devices' events (events.h) */

    /* Run control */
    volatile bool stop;
    enum stop_reason reason;
    int exit_status;             /* the guest's status when reason is STOP_GUEST_EXIT */
    uint64_t quantum;            /* instructions a core runs before the next one's turn */
    struct sched_state sched;
    unsigned exception_loop_limit; /* consecutive exceptions at their own vector that stop the run (0: never) */
    /* Outside input (sim/console.c), or NULL: called after every round of the cores; with wait,
     * when every core sleeps with no timer armed, it may block until input comes. It returns
     * whether it changed anything a core could see (a byte received, an interrupt raised). */
    bool (*io_poll)(void *opaque, bool wait);
    void *io_opaque;

    /* Observation: with any observer attached the cores run their instrumented loop. */
    struct observer_set observers;
    bool instrumented_memory;    /* every access takes the slow path (OBS_MEM, --check-tlb) */
    bool check_tlb;              /* check tlb: every TLB hit is compared with a fresh walk */
    bool check_walks;            /* checks tlb and bbm: the walks' descriptor fetches are told to them */
    struct check_state *checks;  /* --check=LIST (sim/check/check.h), or NULL */
    struct stress *stress;       /* --stress SEED (sim/check/stress.h), or NULL: the plain schedule */

    /* Decoded code (sim/cpu/codecache.c) */
    uint64_t code_cache_bytes;   /* budget for decoded pages (--code-cache), 0: the default */
    uint64_t code_cache_pages;   /* decoded pages held now */
    uint64_t code_cache_flushes; /* times the budget was reached and every page dropped */

    struct core_stats stats[MAX_CPUS]; /* per core, indexed like cpus[] (sim/stats.h) */
    struct exc_note exc_history[MAX_CPUS][EXC_HISTORY]; /* a ring per core ... */
    uint64_t exc_history_count[MAX_CPUS];               /* ... and how many it has seen */
    struct gic *gic;             /* the interrupt controller (sim/gic/gic.h), or NULL */
    void *board;                 /* the board model's own state (models/versal) */
};

/* Create an empty machine with ncpus cores at reset; the board adds memory and devices, and may
 * give the cores its own configuration and ports. Until it does, the cores are Cortex-A72 r0p3 of
 * cluster 0 at 1.7 GHz with a 100 MHz counter, and their ports reach the machine's services
 * (semihosting, PSCI, SEV; timers unwired). */
struct machine *machine_create(unsigned ncpus);
extern const struct cpu_ports machine_ports;
void machine_destroy(struct machine *m);

/* Run until the guest stops, something asks to stop, or max_insns instructions (0: no limit) have
 * run in all. A run stopped for any reason but the guest's end goes on after machine_clear_stop()
 * exactly where it stopped: the counts, cycles and output of a run stopped and resumed any number
 * of times are those of the run that never stopped. */
void machine_run(struct machine *m, uint64_t max_insns);

/* Forget the last stop, so that machine_run() may go on. */
void machine_clear_stop(struct machine *m);

/* Ask the run loop to stop at the next block boundary. */
void machine_request_stop(struct machine *m, enum stop_reason reason, int status);

/* The set of observers or of checks changed: recompute what the cores must do for them (which
 * loop, whether memory accesses take the slow path). */
void observers_changed(struct machine *m);

/* Hooks of the core into the machine (cheap; called on slow paths only). */
void machine_note_exception(struct machine *m, struct cpu *c, const struct exception_record *e, unsigned target_el,
                            unsigned kind);
void machine_note_store(struct machine *m, struct cpu *c, uint64_t pa, uint64_t size);
bool machine_exclusive_global_pass(struct machine *m, struct cpu *c, uint64_t pa);
/* Core c marked pa for an exclusive access: other cores' fast write entries for its page go, so
 * their stores reach machine_note_store(); while the mark lasts, fill_fast_tlb refuses such write
 * entries (machine_page_reserved_by_other). */
void machine_note_reservation(struct machine *m, struct cpu *c, uint64_t pa);
bool machine_page_reserved_by_other(const struct machine *m, const struct cpu *c, uint64_t page_pa);
/* Is the page of pa watched for this kind of access (machine_watch_page)? */
bool machine_page_watched(const struct machine *m, uint64_t pa, bool write);
/* Drop every core's fast-TLB entries (read, write and fetch as asked) that map the page of pa. */
void machine_forget_fast_entries(struct machine *m, uint64_t pa, bool read, bool write);
void machine_flush_fast_write_tlbs(struct machine *m);
/* The core may have changed EL, Security state or a control register the interrupt controller reads
 * (exception entry and return, SCR_EL3): the GIC re-evaluates the core's lines if what they depend on
 * changed. */
void machine_note_context_change(struct machine *m, struct cpu *c);

uint64_t machine_total_insns(const struct machine *m);

/* The one way for anything outside a core to write guest memory (loader, semihosting, debugger,
 * snapshot restore, DMA): RAM only, all or nothing. Decoded instructions it overwrites are
 * forgotten and the exclusive monitors that cover it are cleared, as a store by a core would. */
bool machine_write_phys(struct machine *m, uint64_t pa, const void *buf, uint64_t len) WUR;

/* Core c takes an exception while its PC is the vector the exception goes to (the vector's own
 * instruction faults, or cannot be fetched): after machine.exception_loop_limit such exceptions in a
 * row the run stops with a message naming the core, EL, PC, class and vector. */
void machine_note_exception_at_vector(struct machine *m, struct cpu *c, unsigned ec, unsigned target_el,
                                      unsigned vect_offset);

/* One line per core for the messages that end a run: PC, EL, VMID and state (running, WFI, WFE, off). */
void machine_describe_cores(const struct machine *m, FILE *f);
/* The last exceptions each core took (up to EXC_HISTORY), oldest first, a line each. */
void machine_describe_exceptions(const struct machine *m, FILE *f);
/* A core's run state: "running", "WFI", "WFE" or "off". */
const char *machine_core_state(const struct cpu *c);

/* An exception would enter EL3 while the simulator plays the board's firmware there: stop the run
 * with a message (the core stays at the instruction that raised it). */
void machine_firmware_exception(struct machine *m, struct cpu *c, unsigned ec, uint32_t iss, unsigned kind);

/* SEV: set the event register of every core and wake the cores waiting in WFE. */
void machine_send_event(struct machine *m);

#endif
