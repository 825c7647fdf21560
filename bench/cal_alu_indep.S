// Calibration: 16 independent ADDs (eight registers, two each): bound by the two integer pipes.
#include "cal.inc"
.macro body
    .rept 2
    add     x0, x0, #1
    add     x1, x1, #1
    add     x2, x2, #1
    add     x3, x3, #1
    add     x4, x4, #1
    add     x5, x5, #1
    add     x6, x6, #1
    add     x7, x7, #1
    .endr
.endm
    .text
    .global _start
_start:
    cal_loop body
