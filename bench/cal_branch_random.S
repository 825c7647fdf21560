// Calibration: a branch on a pseudo-random bit (xorshift64) every iteration: mispredicted half the time.
#include "cal.inc"
.macro body
    eor     x2, x2, x2, lsl #13
    eor     x2, x2, x2, lsr #7
    eor     x2, x2, x2, lsl #17
    tbz     x2, #0, 3f
    add     x3, x3, #1
3:
.endm
    .text
    .global _start
_start:
    load_imm32 x2, 0x9e3779b9
    cal_loop body
