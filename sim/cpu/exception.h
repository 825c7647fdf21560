/* Exception entry and return (Arm ARM D1, "The AArch64 exception model"; pseudocode
 * AArch64.TakeException, AArch64.ExceptionReturn and the fault/trap functions that call them).
 *
 * Every function here that takes an exception leaves the core at the vector with ESR/FAR/ELR/SPSR
 * written; the instruction handler that called it then returns EXEC_JUMP.
 */
#ifndef A72SIM_CPU_EXCEPTION_H
#define A72SIM_CPU_EXCEPTION_H

#include "cpu.h"

/* ESR_ELx.EC values used by ARMv8.0-A AArch64. */
enum exception_class {
    EC_UNKNOWN = 0x00,
    EC_WFX = 0x01,
    EC_FP_ACCESS = 0x07,        /* SIMD/FP access trapped by CPACR/CPTR */
    EC_ILLEGAL_STATE = 0x0e,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,           /* MSR, MRS or SYS trapped */
    EC_IABORT_LOWER = 0x20,
    EC_IABORT_SAME = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DABORT_LOWER = 0x24,
    EC_DABORT_SAME = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_FP_EXC64 = 0x2c,
    EC_SERROR = 0x2f,
    EC_BREAKPOINT_LOWER = 0x30,
    EC_BREAKPOINT_SAME = 0x31,
    EC_SOFTSTEP_LOWER = 0x32,
    EC_SOFTSTEP_SAME = 0x33,
    EC_WATCHPOINT_LOWER = 0x34,
    EC_WATCHPOINT_SAME = 0x35,
    EC_BRK64 = 0x3c,
};

/* The short name of an ESR_ELx.EC value ("HVC64", "DABT_LOW"; the names of Linux's ESR_ELx_EC_*, which
 * hypervisor developers know), or NULL for an unallocated class. Every report uses these: --stats, the
 * profile, traces, the shell. */
const char *ec_name(unsigned ec);
/* ec_name, or "unallocated". */
const char *ec_label(unsigned ec);

/* Vector offsets from VBAR_ELx for the four exception types. */
enum vector_kind { VECT_SYNC = 0x000, VECT_IRQ = 0x080, VECT_FIQ = 0x100, VECT_SERROR = 0x180 };

/* What an exception carries to its handler (the pseudocode's ExceptionRecord). */
struct exception_record {
    unsigned ec;
    uint32_t iss;          /* ISS, bits 24:0 of ESR */
    bool il;               /* instruction length bit: 1 for A64 except where the Arm ARM says 0 */
    bool vaddr_valid;      /* FAR_ELx is written */
    uint64_t vaddr;
    bool ipa_valid;        /* HPFAR_EL2 is written (stage-2 faults taken to EL2) */
    uint64_t ipa;
};

/* Fault status codes (DFSC/IFSC) shared by the MMU and the bus. */
enum fault_status {
    FSC_ADDR_SIZE_L0 = 0x00,   /* + level */
    FSC_TRANSLATION_L0 = 0x04, /* + level */
    FSC_ACCESS_FLAG_L0 = 0x08, /* + level (level 0 reserved) */
    FSC_PERMISSION_L0 = 0x0c,  /* + level (level 0 reserved) */
    FSC_SYNC_EXTERNAL = 0x10,
    FSC_SYNC_EXTERNAL_WALK_L0 = 0x14, /* + level */
    FSC_ALIGNMENT = 0x21,
    FSC_TLB_CONFLICT = 0x30,
};

/* AArch64.TakeException(): the one entry point of every exception. */
void aarch64_take_exception(struct cpu *c, unsigned target_el, const struct exception_record *e,
                            uint64_t preferred_return, enum vector_kind kind);

/* The EL a synchronous exception from the current EL goes to when no trap says otherwise:
 * EL0 goes to EL1, or to EL2 when HCR_EL2.TGE is set (AArch64.TakeException's routing). */
unsigned sync_exception_target(const struct cpu *c);

/* AArch64.UndefinedFault(): EC 0x00, at the current PC. */
void aarch64_undefined_fault(struct cpu *c);
/* AArch64.CallSupervisor(), AArch64.CallHypervisor(), AArch64.CallSecureMonitor(). */
void aarch64_call_supervisor(struct cpu *c, uint16_t imm16);
void aarch64_call_hypervisor(struct cpu *c, uint16_t imm16);
void aarch64_call_secure_monitor(struct cpu *c, uint16_t imm16);
/* AArch64.SoftwareBreakpoint() (BRK). */
void aarch64_software_breakpoint(struct cpu *c, uint16_t imm16);
/* AArch64.SystemAccessTrap(): a trapped MSR/MRS/SYS (EC 0x18) or another trap with its own EC
 * (WFx, FP access), taken to target_el at the current PC. */
void aarch64_system_access_trap(struct cpu *c, unsigned target_el, unsigned ec, uint32_t iss);
/* AArch64.PCAlignmentFault(), AArch64.SPAlignmentFault(). */
void aarch64_pc_alignment_fault(struct cpu *c);
void aarch64_sp_alignment_fault(struct cpu *c);
/* AArch64.IllegalState() (EC 0x0E). */
void aarch64_illegal_state(struct cpu *c);

/* A data or instruction abort (AArch64.Abort -> AArch64.DataAbort / AArch64.InstructionAbort),
 * routed here: to EL3 for external aborts when SCR_EL3.EA, to EL2 for stage-2 faults and when
 * HCR_EL2.TGE, else to the current EL or EL1. fsc is the fault status code; iss_extra holds the
 * other ISS bits (ISV/SAS/SSE/SRT/SF/AR, EA, CM, S1PTW, WnR). ipa is reported in HPFAR_EL2 when
 * the abort is taken to EL2 and ipa_valid. */
void aarch64_data_abort(struct cpu *c, uint64_t va, uint32_t fsc, uint32_t iss_extra, bool stage2,
                        bool ipa_valid, uint64_t ipa);
void aarch64_instruction_abort(struct cpu *c, uint64_t va, uint32_t fsc, uint32_t iss_extra, bool stage2,
                               bool ipa_valid, uint64_t ipa);

/* AArch64.ExceptionReturn(): ERET with the illegal-return checks. */
void aarch64_exception_return(struct cpu *c, uint64_t new_pc, uint64_t spsr);

/* AArch64.CheckFPAdvSIMDEnabled(): true when SIMD/FP may run at the current EL (the cached flag
 * cpu->fp_enabled); otherwise aarch64_fp_access_trap() takes the CPACR_EL1/CPTR_EL2/CPTR_EL3 trap
 * and returns false. */
bool aarch64_fp_access_trap(struct cpu *c) WUR;
static inline WUR bool aarch64_check_fp_enabled(struct cpu *c)
{
    return LIKELY(c->fp_enabled) || aarch64_fp_access_trap(c);
}

/* Take a pending physical or virtual interrupt of the given kind if PSTATE and routing allow it
 * (for the GIC issue); returns true when an exception was taken. */
bool aarch64_take_interrupt(struct cpu *c, enum vector_kind kind, bool is_virtual);

#endif
