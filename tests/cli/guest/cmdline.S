// SYS_GET_CMDLINE into a 256-byte buffer, then prints the command line and a newline with
// SYS_WRITE0 and exits 0; exits 1 when SYS_GET_CMDLINE fails, 2 when the length it returns
// differs from the string's.
#include "semihost.inc"
    .text
    .global _start
_start:
    semihost SYS_GET_CMDLINE, cmdline_block
    cbnz    x0, fail
    adr     x1, buffer                  // measure the string the call wrote
    mov     x2, #0
1:  ldrb    w3, [x1, x2]
    cbz     w3, 2f
    add     x2, x2, #1
    b       1b
2:  adr     x1, cmdline_block
    ldr     x3, [x1, #8]                // the length SYS_GET_CMDLINE returned
    cmp     x2, x3
    b.ne    bad_length
    mov     w3, #'\n'                   // append "\n\0" to the string
    adr     x1, buffer
    strb    w3, [x1, x2]
    add     x2, x2, #1
    strb    wzr, [x1, x2]
    mov     w0, #SYS_WRITE0
    hlt     #0xf000
    exit_const 0
fail:
    exit_const 1
bad_length:
    exit_const 2

    .data
    .balign 8
cmdline_block:
    .quad   buffer, 256
    .bss
buffer:
    .space  258
