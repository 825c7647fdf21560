/* Disassembly for traces and exports: Capstone, with MRS/MSR operands named from the simulator's
 * system-register table (Capstone 4 misnames some), cached by (PC, encoding). */
#ifndef A72SIM_TRACE_DISASM_H
#define A72SIM_TRACE_DISASM_H

#include <stdbool.h>
#include <stdint.h>

struct disasm;

struct disasm *disasm_create(void);
void disasm_destroy(struct disasm *d);
/* The text of the instruction word at pc ("mov x0, #1"); valid until the next call. An encoding
 * Capstone does not know reads ".inst 0x........". */
const char *disasm_insn(struct disasm *d, uint64_t pc, uint32_t word);

#endif
