/* PSCI 1.1 (Arm DEN 0022) answered by the simulator itself over SMC, as the board's EL3 firmware
 * (TF-A) does, when the machine boots at EL2 with no guest EL3 (cpu config.firmware_el3).
 *
 * Implemented: PSCI_VERSION (1.1), PSCI_FEATURES, CPU_ON and AFFINITY_INFO (SMC32 and SMC64),
 * CPU_OFF, MIGRATE_INFO_TYPE (2: no Trusted OS to migrate), SYSTEM_OFF (the run ends with status
 * 0) and SYSTEM_RESET (the run ends with status 0 and a message on stderr: the simulator does not
 * reboot the guest). Every other function ID, CPU_SUSPEND included, returns NOT_SUPPORTED.
 * CPU_ON takes effect at once, so ON_PENDING is never returned: the target is ON when the call
 * returns and starts at its entry point in the board's EL2 boot state (versal_boot_cpu).
 */
#ifndef A72SIM_PSCI_H
#define A72SIM_PSCI_H

#include "cpu/cpu.h"
#include "cpu/insn.h"

#define PSCI_VERSION_FN 0x84000000u
#define PSCI_CPU_SUSPEND_FN 0x84000001u
#define PSCI_CPU_OFF_FN 0x84000002u
#define PSCI_CPU_ON_FN 0x84000003u
#define PSCI_AFFINITY_INFO_FN 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE_FN 0x84000006u
#define PSCI_SYSTEM_OFF_FN 0x84000008u
#define PSCI_SYSTEM_RESET_FN 0x84000009u
#define PSCI_FEATURES_FN 0x8400000au
#define PSCI_SMC64 0x40000000u   /* the SMC64 variant of a function ID (bit 30) */

/* The Arm Architecture Service of the SMC Calling Convention (Arm DEN 0028, and DEN 0070 for the
 * workarounds), answered as TF-A's arm_arch_svc does on a Cortex-A72: SMCCC 1.1;
 * ARCH_FEATURES says SMCCC_VERSION and ARCH_FEATURES exist, ARCH_WORKAROUND_1 (CVE-2017-5715,
 * to which the A72 is exposed) is implemented (0: call it on the paths that need it; the call
 * returns nothing and the model has no branch predictor to invalidate), ARCH_WORKAROUND_2
 * (CVE-2018-3639) is not required (-2: TF-A mitigates the A72 permanently at reset), and any
 * other function is NOT_SUPPORTED (-1), as is any other SMCCC call. */
#define SMCCC_VERSION_FN 0x80000000u
#define SMCCC_ARCH_FEATURES_FN 0x80000001u
#define SMCCC_ARCH_WORKAROUND_1_FN 0x80008000u
#define SMCCC_ARCH_WORKAROUND_2_FN 0x80007fffu
#define SMCCC_VERSION_1_1 0x10001
#define SMCCC_NOT_SUPPORTED (-1)
#define SMCCC_NOT_REQUIRED (-2)

enum psci_return {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_DENIED = -3,
    PSCI_ALREADY_ON = -4,
    PSCI_ON_PENDING = -5,
    PSCI_INTERNAL_FAILURE = -6,
    PSCI_NOT_PRESENT = -7,
    PSCI_DISABLED = -8,
    PSCI_INVALID_ADDRESS = -9,
};

/* Execute the SMC the core is at as a PSCI or SMCCC Arm Architecture Service call: the result in X0, the PC past the SMC
 * (EXEC_END_BLOCK), or the core powered off (CPU_OFF) or the run ended (SYSTEM_OFF/RESET). */
enum exec_status psci_call(struct cpu *c);

#endif
