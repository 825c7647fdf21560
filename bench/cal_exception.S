// Calibration: an exception round trip, SVC to EL2 and ERET back, per iteration (at EL2).
#include "cal.inc"
.macro body
    svc     #0
.endm
    .text
    .global _start
_start:
    adr     x1, vectors
    msr     vbar_el2, x1
    isb
    cal_loop body

    .balign 2048
vectors:
    .skip 0x200                         // current EL with SP_EL0: unused
    eret                                // current EL with SP_ELx, synchronous: return past the SVC
