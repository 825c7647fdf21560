/* Names the trace writes and prints: vector kinds, registers, TLBI scopes (exception classes: ec_name). */
#ifndef A72SIM_TRACE_NAMES_H
#define A72SIM_TRACE_NAMES_H

#include <stdint.h>

/* "sync", "irq", "fiq" or "serror" from an exception's vector offset. */
const char *trace_vector_kind(uint16_t vector_offset);
/* The Tarmac/trace name of an OBS_REG_WRITE register (X0..X30, SP_ELn, NZCV, FPSR, FPCR, V0..V31); buf holds 8. */
const char *trace_reg_name(uint16_t reg, uint8_t sp_el, char buf[8]);
/* The scope of a TLBI operation: "va", "ipa", "asid", "vmid" or "all". */
const char *trace_tlbi_scope(const char *op);

#endif
