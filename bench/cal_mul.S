// Calibration: a chain of 8 dependent 64-bit MULs (latency 5).
#include "cal.inc"
.macro body
    .rept 8
    mul     x0, x0, x1
    .endr
.endm
    .text
    .global _start
_start:
    mov     x0, #3
    mov     x1, #5
    cal_loop body
