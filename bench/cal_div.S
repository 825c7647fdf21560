// Calibration: a chain of 4 dependent 64-bit UDIVs (4-12 cycles by the operands; the model charges 12).
#include "cal.inc"
.macro body
    .rept 4
    udiv    x0, x0, x1
    .endr
.endm
    .text
    .global _start
_start:
    mov     x0, #-1
    mov     x1, #1
    cal_loop body
