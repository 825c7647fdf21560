/* Arm semihosting (the "Semihosting for AArch32 and AArch64" specification, v2.0): the guest's
 * HLT #0xF000 with the operation in W0 and a parameter block at X1.
 *
 * Console operations write to the machine's output; SYS_EXIT ends the run with the guest's
 * status. Operations on host files are refused (return -1) unless the user allowed them with
 * --semihosting-files; time comes from simulated cycles, so runs stay deterministic.
 */
#ifndef A72SIM_SEMIHOST_H
#define A72SIM_SEMIHOST_H

#include <stdbool.h>

#include "cpu/insn.h"

/* Perform the call at the current PC. Returns the run loop's status: EXEC_END_BLOCK with the PC
 * past the HLT, or EXEC_JUMP when the run stops. */
enum exec_status semihosting_call(struct cpu *c);

/* Guest handles: 0-2 are the console (":tt" opened for read, write, append); host files follow.
 * Each machine has its own (struct machine's semihost). */
#define SEMIHOST_MAX_HANDLES 64
struct semihost_state {
    int fd[SEMIHOST_MAX_HANDLES];
    bool used[SEMIHOST_MAX_HANDLES];
    int last_errno;
};

struct machine;

/* Release host files the guest left open. */
void semihosting_close_all(struct machine *m);

#endif
