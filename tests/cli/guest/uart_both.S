// Writes "zero\n" to UART0 and "one\n" to UART1 (one 32-bit store per byte), then exits 0.
#include "semihost.inc"
    .equ UART1_DR, 0xff010000
    .text
    .global _start
_start:
    mov     x3, #UART0_DR
    adr     x1, zero
    bl      send
    mov     x3, #UART1_DR
    adr     x1, one
    bl      send
    exit_const 0

// send: the NUL-terminated string at x1 to the data register at x3.
send:
1:  ldrb    w4, [x1], #1
    cbz     w4, 2f
    str     w4, [x3]
    b       1b
2:  ret

    .section .rodata
zero:
    .asciz  "zero\n"
one:
    .asciz  "one\n"
