// Writes to the console with SYS_WRITE0 ("write0\n"), SYS_WRITEC ('C', '\n') and SYS_WRITE
// ("write\n" to the handle of ":tt" opened for writing), then exits 0, or 1 when SYS_OPEN or
// SYS_WRITE reports a failure.
#include "semihost.inc"
    .text
    .global _start
_start:
    semihost SYS_WRITE0, text_write0
    semihost SYS_WRITEC, char_c
    semihost SYS_WRITEC, char_nl
    semihost SYS_OPEN, open_block
    cmn     x0, #1
    b.eq    fail
    adr     x1, write_block
    str     x0, [x1]                    // the handle
    mov     w0, #SYS_WRITE
    hlt     #0xf000
    cbnz    x0, fail                    // SYS_WRITE returns the number of bytes not written
    exit_const 0
fail:
    exit_const 1

    .section .rodata
text_write0:
    .asciz  "write0\n"
char_c:
    .byte   'C'
char_nl:
    .byte   '\n'
tt_name:
    .asciz  ":tt"
text_write:
    .ascii  "write\n"
text_write_end:
    .balign 8
open_block:
    .quad   tt_name, 4, 3               // name, mode "w", name length

    .data
    .balign 8
write_block:
    .quad   0, text_write, text_write_end - text_write
