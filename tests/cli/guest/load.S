// Reads the 16 bytes at physical 0x300000 (placed there with --load FILE@0x300000) with byte loads
// and writes each to the UART0 data register, then exits 0.
#include "semihost.inc"
    .equ    LOAD_ADDR, 0x300000
    .equ    LOAD_SIZE, 16
    .text
    .global _start
_start:
    mov     x3, #UART0_DR
    mov     x1, #LOAD_ADDR
    mov     x2, #LOAD_SIZE
1:  ldrb    w4, [x1], #1
    str     w4, [x3]
    subs    x2, x2, #1
    b.ne    1b
    exit_const 0
