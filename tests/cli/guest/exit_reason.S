// SYS_EXIT with reason ADP_Stopped_RunTimeErrorUnknown (0x20023) and subcode 5: not an
// application exit, so a72sim exits 1 and names the reason on stderr.
#include "semihost.inc"
    .text
    .global _start
_start:
    adr     x1, block
    mov     w0, #SYS_EXIT
    hlt     #0xf000

    .balign 8
block:
    .quad   0x20023, 5
