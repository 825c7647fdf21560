// Calibration: pointer chasing, 8 dependent loads per iteration, through a cyclic list of 64-byte
// nodes over 16384 bytes (the list fits the L1).
#include "cal.inc"
.macro body
    .rept 8
    ldr     x0, [x0]
    .endr
.endm
    .text
    .global _start
_start:
    adr     x5, buffer
    chase_list x5, 16384, 64
    cal_loop body

    .bss
    .balign 4096
buffer:
    .skip 16384
