/* Names the trace writes and prints. */
#include "names.h"

#include <stdio.h>
#include <string.h>

/* ESR_ELx.EC, ARMv8.0-A AArch64 view (Arm ARM D13.2.37). */
const char *trace_ec_name(unsigned ec)
{
    static const char *const names[64] = {
        [0x00] = "UNKNOWN",        [0x01] = "WFX",           [0x03] = "CP15_MCR_MRC",  [0x04] = "CP15_MCRR_MRRC",
        [0x05] = "CP14_MCR_MRC",   [0x06] = "CP14_LDC_STC",  [0x07] = "FP_ACCESS",     [0x08] = "CP10_MRC",
        [0x0c] = "CP14_MRRC",      [0x0e] = "ILLEGAL_STATE", [0x11] = "SVC32",         [0x12] = "HVC32",
        [0x13] = "SMC32",          [0x15] = "SVC64",         [0x16] = "HVC64",         [0x17] = "SMC64",
        [0x18] = "SYSREG",         [0x1f] = "IMPDEF_EL3",    [0x20] = "IABORT_LOWER",  [0x21] = "IABORT_SAME",
        [0x22] = "PC_ALIGN",       [0x24] = "DABORT_LOWER",  [0x25] = "DABORT_SAME",   [0x26] = "SP_ALIGN",
        [0x28] = "FP_EXC32",       [0x2c] = "FP_EXC64",      [0x2f] = "SERROR",        [0x30] = "BREAKPOINT_LOWER",
        [0x31] = "BREAKPOINT_SAME", [0x32] = "SOFTSTEP_LOWER", [0x33] = "SOFTSTEP_SAME", [0x34] = "WATCHPOINT_LOWER",
        [0x35] = "WATCHPOINT_SAME", [0x38] = "BKPT32",       [0x3a] = "VECTOR_CATCH32", [0x3c] = "BRK64",
    };
    return ec < 64 && names[ec] ? names[ec] : "RESERVED";
}

const char *trace_vector_kind(uint16_t vector_offset)
{
    static const char *const kinds[4] = { "sync", "irq", "fiq", "serror" };
    return kinds[(vector_offset >> 7) & 3];
}

const char *trace_reg_name(uint16_t reg, uint8_t sp_el, char buf[8])
{
    if (reg <= 30)
        snprintf(buf, 8, "X%u", reg);
    else if (reg == 31)
        snprintf(buf, 8, "SP_EL%u", sp_el & 3);
    else if (reg == 32)
        return "NZCV";
    else if (reg == 33)
        return "FPSR";
    else if (reg == 34)
        return "FPCR";
    else if (reg >= 64 && reg < 96)
        snprintf(buf, 8, "V%u", reg - 64);
    else
        snprintf(buf, 8, "R%u", reg);
    return buf;
}

const char *trace_tlbi_scope(const char *op)
{
    if (!op)
        return "all";
    if (strncmp(op, "IPAS2", 5) == 0)
        return "ipa";
    if (strncmp(op, "VA", 2) == 0)
        return "va";
    if (strncmp(op, "ASID", 4) == 0)
        return "asid";
    if (strncmp(op, "VMALL", 5) == 0)
        return "vmid";
    return "all";
}
