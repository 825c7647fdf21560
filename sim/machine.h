/* The simulated machine: the cores, the physical bus with the board's devices, and the run. */
#ifndef A72SIM_MACHINE_H
#define A72SIM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bus.h"
#include "cpu/cpu.h"

struct exception_record;
struct gic;

#define MAX_CPUS 2

enum stop_reason {
    STOP_NONE,
    STOP_GUEST_EXIT,     /* semihosting SYS_EXIT / SYS_EXIT_EXTENDED, PSCI SYSTEM_OFF */
    STOP_MAX_INSNS,      /* --max-insns reached */
    STOP_HOST_ERROR,     /* the simulator could not go on (host memory exhausted) */
    STOP_ALL_ASLEEP,     /* every core waits (WFI/WFE) for an event that nothing can raise */
};

struct machine_stats {
    uint64_t exceptions_by_ec[64];  /* synchronous exceptions taken, by ESR.EC */
    uint64_t interrupts[4];         /* asynchronous exceptions taken, by vector kind / 0x80 */
    uint64_t exceptions_to_el[4];
};

struct machine {
    struct bus bus;
    unsigned ncpus;
    struct cpu *cpus[MAX_CPUS];

    /* Semihosting */
    const char *cmdline;         /* SYS_GET_CMDLINE, from --append */
    bool semihosting_host_files; /* SYS_OPEN & co. may touch host files (--semihosting-files) */
    FILE *out;                   /* guest console: UART0 and semihosting output (stdout) */

    /* Run control */
    volatile bool stop;
    enum stop_reason reason;
    int exit_status;             /* the guest's status when reason is STOP_GUEST_EXIT */
    uint64_t quantum;            /* instructions a core runs before the next one's turn */
    bool psci_firmware;          /* no guest EL3: the simulator answers SMCs as PSCI firmware */
    /* Outside input (sim/console.c), or NULL: called after every round of the cores; with wait,
     * when every core sleeps with no timer armed, it may block until input comes. It returns
     * whether it changed anything a core could see (a byte received, an interrupt raised). */
    bool (*io_poll)(void *opaque, bool wait);
    void *io_opaque;

    /* Instrumentation: when any is on the core runs its instrumented loop variant. */
    bool instrumented;
    bool instrumented_memory;    /* every data access takes the slow path */
    FILE *trace;                 /* --trace: one line per instruction */
    bool check_tlb;              /* --check-tlb: every TLB hit is compared with a fresh walk */
    unsigned stale_reports;      /* pages reported by --check-tlb (each once) */
    uint64_t stale_seen[256];    /* their keys, to report each page once */

    struct machine_stats stats;
    struct gic *gic;             /* the interrupt controller (sim/gic/gic.h), or NULL */
    struct cpu *current;         /* the core whose block runs (for the security of its bus
                                    accesses); NULL outside the run loop */
    void *board;                 /* the board model's own state (models/versal) */
};

/* Create an empty machine with ncpus cores at reset; the board adds memory and devices. */
struct machine *machine_create(unsigned ncpus);
void machine_destroy(struct machine *m);

/* Run until the guest stops or max_insns instructions (0: no limit) have run in all. */
void machine_run(struct machine *m, uint64_t max_insns);

/* Ask the run loop to stop at the next block boundary. */
void machine_request_stop(struct machine *m, enum stop_reason reason, int status);

/* Switch every core between its fast and instrumented loops after instrumentation changed. */
void machine_set_instrumented(struct machine *m, bool on);

/* Hooks of the core into the machine (cheap; called on slow paths only). */
void machine_note_exception(struct machine *m, struct cpu *c, const struct exception_record *e, unsigned target_el,
                            unsigned kind);
void machine_note_store(struct machine *m, struct cpu *c, uint64_t pa, unsigned size);
bool machine_exclusive_global_pass(struct machine *m, struct cpu *c, uint64_t pa);
/* Core c marked pa for an exclusive access: other cores' fast write entries for its page go, so
 * their stores reach machine_note_store(); while the mark lasts, fill_fast_tlb refuses such write
 * entries (machine_page_reserved_by_other). */
void machine_note_reservation(struct machine *m, struct cpu *c, uint64_t pa);
bool machine_page_reserved_by_other(const struct machine *m, const struct cpu *c, uint64_t page_pa);
void machine_flush_fast_write_tlbs(struct machine *m);
/* The core changed EL, Security state or a control register the interrupt controller reads
 * (exception entry and return, SCR_EL3, HCR_EL2): the GIC re-evaluates the core's lines. */
void machine_note_context_change(struct machine *m, struct cpu *c);

uint64_t machine_total_insns(const struct machine *m);

/* --check-tlb found a TLB hit that a fresh walk contradicts: report it once per page. */
void machine_report_stale_tlb(struct machine *m, struct cpu *c, unsigned vmid, unsigned asid, uint64_t va,
                              bool tlb_fault, uint64_t tlb_pa, bool walk_fault, uint64_t walk_pa, uint32_t walk_fsc);

/* SEV: set the event register of every core and wake the cores waiting in WFE. */
void machine_send_event(struct machine *m);

#endif
