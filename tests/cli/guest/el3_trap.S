// At EL2 under the built-in firmware: write CPUECTLR_EL1 (S3_1_C15_C2_1). ACTLR_EL3 grants EL2 no
// access (TF-A on the Versal leaves it 0), so the write traps to EL3, where only firmware runs.
#include "semihost.inc"
    .text
    .global _start
_start:
    mrs     x0, S3_1_C15_C2_1
    msr     S3_1_C15_C2_1, x0
    exit_const 0
