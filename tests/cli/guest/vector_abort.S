// A hypervisor whose vector table is nowhere: VBAR_EL2 at an address with nothing behind it, then
// an UNDEFINED instruction. Every exception entry's fetch aborts, and that abort's fetch too.
#include "semihost.inc"
    .text
    .global _start
_start:
    movz    x0, #0xf000, lsl #16
    msr     vbar_el2, x0
    isb
    udf     #0
    exit_const 0
