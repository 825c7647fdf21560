/* Names the trace writes and prints. */
#include "names.h"

#include <stdio.h>
#include <string.h>

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
