// Creates the host file named by the command line (SYS_GET_CMDLINE) with SYS_OPEN mode "w",
// writes "host file\n" to it and closes it. Exits 0 on success, 3 when SYS_OPEN returns -1,
// 1 on any other failure.
#include "semihost.inc"
    .text
    .global _start
_start:
    semihost SYS_GET_CMDLINE, cmdline_block
    cbnz    x0, fail
    adr     x1, cmdline_block           // SYS_OPEN {name, mode 4 ("w"), length}
    ldr     x2, [x1, #8]
    adr     x1, open_block
    str     x2, [x1, #16]
    mov     w0, #SYS_OPEN
    hlt     #0xf000
    cmn     x0, #1
    b.eq    open_failed
    adr     x1, write_block
    str     x0, [x1]
    adr     x1, close_block
    str     x0, [x1]
    semihost SYS_WRITE, write_block
    cbnz    x0, fail
    semihost SYS_CLOSE, close_block
    cbnz    x0, fail
    exit_const 0
open_failed:
    exit_const 3
fail:
    exit_const 1

    .section .rodata
text:
    .ascii  "host file\n"
text_end:

    .data
    .balign 8
cmdline_block:
    .quad   name, 256
open_block:
    .quad   name, 4, 0
write_block:
    .quad   0, text, text_end - text
close_block:
    .quad   0
    .bss
name:
    .space  256
