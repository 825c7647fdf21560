/* Shared scaffolding of the CMocka unit tests: a bare machine with RAM at 0, entering an EL, running
 * one instruction word, reading ESR_ELx, host access to guest RAM and Capstone text checks.
 * Every helper fails the running test (CMocka assertion) when its plumbing does not work. */
#ifndef A72SIM_TESTS_UNIT_HARNESS_H
#define A72SIM_TESTS_UNIT_HARNESS_H

#include <stdint.h>

#include "machine.h"

/* A machine of ncpus cores with ram_size bytes of RAM at physical address 0. */
struct machine *harness_machine(unsigned ncpus, uint64_t ram_size);

/* A one-core machine of ram_size bytes of RAM whose core runs at Non-secure EL1 with SP_EL1, its
 * vectors at vbar_el1 and SIMD/FP enabled (CPACR_EL1.FPEN = 11): the setting of the FP/SIMD tests. */
struct machine *harness_el1_fp_machine(uint64_t ram_size, uint64_t vbar_el1);

/* Put the core at el with PSTATE.SP = sp (1: SP_ELx) and select the matching stack pointer.
 * Nothing else of PSTATE, nor the PC, changes. */
void harness_enter(struct cpu *c, unsigned el, unsigned sp);

/* Write word at the core's PC and run exactly one instruction. */
void harness_run_word(struct cpu *c, uint32_t word);

/* ESR_ELx of el (EL1..EL3). */
uint64_t harness_esr(const struct cpu *c, unsigned el);

/* Host pointer to len bytes of guest RAM at pa, and little-endian accessors through it. */
uint8_t *harness_ram(struct machine *m, uint64_t pa, uint64_t len);
void harness_put32(struct machine *m, uint64_t pa, uint32_t v);
void harness_put64(struct machine *m, uint64_t pa, uint64_t v);
uint64_t harness_get64(struct machine *m, uint64_t pa);

/* Capstone disassembles word, placed at address pc, as exactly "mnemonic op_str" = text. */
void harness_check_asm(uint32_t word, uint64_t pc, const char *text);

/* Check word's text with Capstone (skipped when text is NULL: a word Capstone rejects), then run it
 * as the one instruction at pc. */
void harness_exec_at(struct cpu *c, uint64_t pc, uint32_t word, const char *text);

/* The instruction at pc, run at EL1 with SP_EL1, raised a synchronous exception with class ec to EL1
 * (the current-EL, SP_ELx vector of vbar). Returns the ISS, and puts the core back at EL1h. */
uint32_t harness_assert_el1_exception(struct cpu *c, uint64_t vbar, uint64_t pc, unsigned ec);

#endif
