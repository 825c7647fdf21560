/* Arm semihosting (the "Semihosting for AArch32 and AArch64" specification, v2.0): the guest's
 * HLT #0xF000 with the operation in W0 and a parameter block at X1.
 *
 * Console operations write to the machine's output; SYS_EXIT ends the run with the guest's
 * status. Operations on host files are refused (return -1) unless the user allowed them with
 * --semihosting-files; time comes from simulated cycles, so runs stay deterministic.
 */
#ifndef A72SIM_SEMIHOST_H
#define A72SIM_SEMIHOST_H

#include "cpu/insn.h"

/* Perform the call at the current PC. Returns the run loop's status: EXEC_END_BLOCK with the PC
 * past the HLT, or EXEC_JUMP when the run stops. */
enum exec_status semihosting_call(struct cpu *c);

/* Release host files the guest left open. */
void semihosting_close_all(void);

#endif
