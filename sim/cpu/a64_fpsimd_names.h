/* The mnemonic of an FP/SIMD/crypto instruction word (the Arm ARM's preferred disassembly, aliases
 * included: MOV for ORR/INS/UMOV/DUP (scalar), MVN for NOT, SXTL/UXTL for SSHLL/USHLL #0), for
 * traces and for the decoder's cross-check against Capstone. */
#ifndef A72SIM_CPU_A64_FPSIMD_NAMES_H
#define A72SIM_CPU_A64_FPSIMD_NAMES_H

#include <stdint.h>

/* Lower-case mnemonic of word, or NULL when word is no FP/SIMD data-processing or crypto encoding
 * this table knows. Only meaningful for words the decoder calls allocated: it names by opcode and
 * does not repeat the decoder's checks of reserved sizes and arrangements. */
const char *a64_fpsimd_mnemonic(uint32_t word);

#endif
