// Calibration: 4 calls of a leaf function (BL, RET) per iteration: the return stack predicts each RET.
#include "cal.inc"
.macro body
    .rept 4
    bl      leaf
    .endr
.endm
    .text
    .global _start
_start:
    cal_loop body
leaf:
    ret
