// Integer ALU benchmark: a counted loop of register-to-register arithmetic, logic and shifts.
//
// Instructions executed (bench_expected_insns):
//   prologue   5                     (MOVZ+MOVK of the count, three MOVs)
//   loop      14 x ITERS             (12 ALU instructions, SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total      8 + 14 x 30,000,000 = 420,000,008
#include "bench.inc"

    .equ ITERS, 30000000

    .text
    .global _start
_start:
    load_imm32 x9, ITERS
    mov     x2, #1
    mov     x3, #0x1234
    mov     x4, #0
loop:
    add     x2, x2, x3                  // ADD (shifted register)
    sub     x4, x2, x3, lsl #2          // SUB (shifted register)
    eor     x5, x4, x2, ror #13         // EOR (shifted register)
    orr     x6, x5, x3, lsr #7          // ORR (shifted register)
    and     x7, x6, x4, asr #3          // AND (shifted register)
    add     w8, w7, w5                  // 32-bit ADD
    lsl     x10, x8, #5                 // UBFM
    lsr     x11, x6, #9                 // UBFM
    bic     x12, x10, x11               // BIC (shifted register)
    adds    x3, x3, x12                 // ADDS (shifted register)
    eor     x3, x3, #0xff               // EOR (immediate)
    add     x2, x2, #1                  // ADD (immediate)
    subs    x9, x9, #1
    b.ne    loop
loop_end:
    semihost_exit
exit_end:

    insns_between _start, loop, 5
    insns_between loop, loop_end, 14
    insns_between loop_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (loop - _start) / 4 + ITERS * ((loop_end - loop) / 4) + (exit_end - loop_end) / 4
