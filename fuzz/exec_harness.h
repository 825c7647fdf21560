/* Running arbitrary instruction streams on the Versal machine, for the libFuzzer target fuzz_exec
 * and the random-instruction campaign. An input (bytes) chooses the starting state — exception
 * level, MMU and stage 2 on or off, trap bits of HCR_EL2/SCR_EL3/CPTR/MDCR, page-table
 * descriptors to corrupt, register values biased toward the ends of RAM, MMIO, 2^44, 2^48 and 2^64
 * — then supplies the instruction words both cores run. Each input gets a fresh machine (the GIC
 * and the TLBs have no reset short of that), runs at most a given number of instructions and a
 * given host CPU time (and is stopped at once when no instruction retires and no exception is
 * taken for 20 ms of it), and the simulator's invariants are checked after the run. A loop of
 * exceptions that retires nothing (a vector that cannot be fetched) still moves toward the limit:
 * each exception taken on a fetch counts as an instruction (sim/cpu/run_loop.inc). */
#ifndef A72SIM_FUZZ_EXEC_HARNESS_H
#define A72SIM_FUZZ_EXEC_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How one input ended. */
enum harness_outcome { /* in this order: campaign.c names them */
    HARNESS_OK,          /* stopped by the guest, the instruction limit or every core asleep */
    HARNESS_HUNG,        /* stopped by the time limit (a hang) */
    HARNESS_BROKEN,      /* an invariant of the simulator failed (message on stderr) */
    HARNESS_NO_MEMORY,   /* the machine could not be created */
};

struct harness_stats {
    uint64_t runs, insns, exceptions, hangs, guest_exits;
};

/* Bytes of the state header an input starts with; the instruction words follow it. */
#define HARNESS_HEADER_BYTES 39

/* Run one input; at most MAX_INSNS instructions in all and CPU_MS milliseconds of host CPU time. */
enum harness_outcome harness_run(const uint8_t *data, size_t size, uint64_t max_insns, unsigned cpu_ms,
                                 struct harness_stats *stats);

#endif
