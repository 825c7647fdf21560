// Prints "ready\n" on UART0, enables its receiver, then echoes every byte it receives (polling
// UARTFR.RXFE) until a '\n', and exits 0.
#include "semihost.inc"
    .equ    UART_FR, 0x18
    .equ    UART_CR, 0x30
    .equ    FR_RXFE, 1 << 4
    .text
    .global _start
_start:
    mov     x3, #UART0_DR
    adr     x1, ready
    mov     x2, #(ready_end - ready)
1:  ldrb    w4, [x1], #1
    str     w4, [x3]
    subs    x2, x2, #1
    b.ne    1b
    mov     w4, #0x301                  // UARTEN, TXE, RXE
    str     w4, [x3, #UART_CR]
2:  ldr     w4, [x3, #UART_FR]
    tbnz    w4, #4, 2b                  // RXFE: nothing yet
    ldr     w4, [x3]
    and     w4, w4, #0xff
    str     w4, [x3]
    cmp     w4, #'\n'
    b.ne    2b
    exit_const 0

    .section .rodata
ready:
    .ascii  "ready\n"
ready_end:
