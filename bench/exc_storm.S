// Exception storm benchmark: SVC taken to EL2 and ERET back, in a loop, at EL2 (the board's
// hypervisor entry); the handler returns at once. It measures exception entry and return.
//
// Instructions executed (bench_expected_insns):
//   prologue   5                     (MOVZ+MOVK of the count, ADR, MSR VBAR_EL2, ISB)
//   loop       4 x ITERS             (SVC, then the handler's ERET, then SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total      8 + 4 x 5,000,000 = 20,000,008
#include "bench.inc"

    .equ ITERS, 5000000

    .text
    .global _start
_start:
    load_imm32 x9, ITERS
    adr     x1, vectors
    msr     vbar_el2, x1
    isb
loop:
    svc     #0
    subs    x9, x9, #1
    b.ne    loop
loop_end:
    semihost_exit
exit_end:

    insns_between _start, loop, 5
    insns_between loop, loop_end, 3
    insns_between loop_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (loop - _start) / 4 + ITERS * ((loop_end - loop) / 4 + 1) + (exit_end - loop_end) / 4

    .balign 2048
vectors:
    .balign 0x200
    .skip 0x200                         // current EL with SP_EL0: unused
    eret                                // current EL with SP_ELx, synchronous: return past the SVC
