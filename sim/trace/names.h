/* Names the trace writes and prints: exception classes, registers, TLBI scopes. */
#ifndef A72SIM_TRACE_NAMES_H
#define A72SIM_TRACE_NAMES_H

#include <stdint.h>

/* The name of an ESR_ELx.EC value as the Arm ARM lists it (HVC64, DABORT_LOWER, ...), or "RESERVED"
 * for an unallocated class. */
const char *trace_ec_name(unsigned ec);
/* "sync", "irq", "fiq" or "serror" from an exception's vector offset. */
const char *trace_vector_kind(uint16_t vector_offset);
/* The Tarmac/trace name of an OBS_REG_WRITE register (X0..X30, SP_ELn, NZCV, FPSR, FPCR, V0..V31); buf holds 8. */
const char *trace_reg_name(uint16_t reg, uint8_t sp_el, char buf[8]);
/* The scope of a TLBI operation: "va", "ipa", "asid", "vmid" or "all". */
const char *trace_tlbi_scope(const char *op);

#endif
