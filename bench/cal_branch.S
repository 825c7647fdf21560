// Calibration: 8 conditional branches never taken, then the loop's: predictable; bound by the one
// branch port.
#include "cal.inc"
.macro body
    .rept 8
    cbz     x1, 3f
    .endr
3:
.endm
    .text
    .global _start
_start:
    mov     x1, #1
    cal_loop body
