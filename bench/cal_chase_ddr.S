// Calibration: pointer chasing, 8 dependent loads per iteration, through a cyclic list of 64-byte
// nodes over 4194304 bytes (the list fits the DDR: larger than the L2, every load goes to DDR).
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
    chase_list x5, 4194304, 64
    cal_loop body

    .bss
    .balign 4096
buffer:
    .skip 4194304
