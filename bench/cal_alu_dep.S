// Calibration: a chain of 16 dependent ADDs (latency 1 each).
#include "cal.inc"
.macro body
    .rept 16
    add     x0, x0, #1
    .endr
.endm
    .text
    .global _start
_start:
    cal_loop body
