// Executes code on 8192 pages (32 MiB from physical 0x0100_0000): writes RET at the start of
// each page and calls it, so the simulator decodes every page once. Exits 0. Run with --mem 64M.
#include "semihost.inc"
    .equ    FIRST_PAGE, 0x01000000
    .equ    PAGES, 8192
    .text
    .global _start
_start:
    mov     x19, #FIRST_PAGE
    mov     x20, #PAGES
    mov     w21, #0x03c0
    movk    w21, #0xd65f, lsl #16   // RET
1:  str     w21, [x19]
    blr     x19
    add     x19, x19, #4096
    subs    x20, x20, #1
    b.ne    1b
    exit_const 0
