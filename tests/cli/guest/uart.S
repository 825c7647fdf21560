// Writes the bytes of `message` (with 0x00 and 0xff among them) to the PL011 UART0 data register,
// one 32-bit store each, then exits 0.
#include "semihost.inc"
    .text
    .global _start
_start:
    mov     x3, #UART0_DR
    adr     x1, message
    mov     x2, #(message_end - message)
1:  ldrb    w4, [x1], #1
    str     w4, [x3]
    subs    x2, x2, #1
    b.ne    1b
    exit_const 0

    .section .rodata
message:
    .ascii  "uart: "
    .byte   0x00, 0xff, 0x01, 0x7f, 0x80, 0x0d, 0x0a
    .ascii  "end\n"
message_end:
