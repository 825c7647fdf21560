// Exits with status 42 through SYS_EXIT_EXTENDED ({reason, subcode} as for SYS_EXIT in AArch64).
#include "semihost.inc"
    .text
    .global _start
_start:
    semihost SYS_EXIT_EXTENDED, exit_block
    exit_const 1                        // not reached: SYS_EXIT_EXTENDED did not stop the run
    .balign 8
exit_block:
    .quad   ADP_STOPPED_APPLICATION_EXIT, 42
