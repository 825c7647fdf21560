// Call/return benchmark: each iteration calls a function that saves a frame record, calls a leaf
// twice, and returns; the leaf saves and restores two callee-saved registers on the stack.
//
// Instructions executed (bench_expected_insns):
//   prologue   4                     (MOVZ+MOVK of the count, ADR, MOV to SP)
//   loop       3 x ITERS             (BL, SUBS, B.NE)
//   outer      7 x ITERS             (STP, MOV, BL, BL, ADD, LDP, RET)
//   leaf       6 x 2 x ITERS         (STP, ADD, EOR, ADD, LDP, RET)
//   exit       3                     (ADR, MOV, HLT)
//   total      7 + 22 x 20,000,000 = 440,000,007
#include "bench.inc"

    .equ ITERS, 20000000

    .text
    .global _start
_start:
    load_imm32 x9, ITERS
    adr     x0, stack_top
    mov     sp, x0
loop:
    bl      outer
    subs    x9, x9, #1
    b.ne    loop
loop_end:
    semihost_exit
exit_end:

outer:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    bl      leaf
    bl      leaf
    add     x0, x0, #1
    ldp     x29, x30, [sp], #16
    ret
outer_end:

leaf:
    stp     x19, x20, [sp, #-16]!
    add     x19, x0, #3
    eor     x20, x19, x0
    add     x0, x20, x19
    ldp     x19, x20, [sp], #16
    ret
leaf_end:

    insns_between _start, loop, 4
    insns_between loop, loop_end, 3
    insns_between loop_end, exit_end, 3
    insns_between outer, outer_end, 7
    insns_between leaf, leaf_end, 6
    .global bench_expected_insns
    .equ bench_expected_insns, (loop - _start) / 4 + ITERS * ((loop_end - loop) / 4 + (outer_end - outer) / 4 + 2 * ((leaf_end - leaf) / 4)) + (exit_end - loop_end) / 4

    .bss
    .balign 16
    .space 4096
stack_top:
