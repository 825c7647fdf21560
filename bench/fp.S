// Scalar floating-point benchmark: four interleaved FMADD chains (double and single) and FADDs,
// on normal values that stay normal (each chain converges to a fixed point: x -> x * 0.5 + c).
//
// Instructions executed (bench_expected_insns):
//   prologue  17                     (fp_enable: 6 of its 8, count 2, FMOV constants 9)
//   loop      14 x ITERS             (8 FMADD, 4 FADD, SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total     20 + 14 x 10,000,000 = 140,000,020
#include "bench.inc"

    .equ ITERS, 10000000

    .text
    .global _start
_start:
    fp_enable
    load_imm32 x9, ITERS
    fmov    d0, #1.0
    fmov    d1, #0.5
    fmov    d2, #1.25
    fmov    d3, #3.0
    fmov    d4, #-2.0
    fmov    s5, #1.0
    fmov    s6, #0.5
    fmov    s7, #0.75
    fmov    s8, #-1.5
prologue_end:
loop:
    fmadd   d0, d0, d1, d2              // double chain 1
    fmadd   d3, d3, d1, d2              // double chain 2
    fmadd   s5, s5, s6, s7              // single chain 1
    fmadd   s8, s8, s6, s7              // single chain 2
    fadd    d10, d0, d3
    fadd    s11, s5, s8
    fmadd   d0, d0, d1, d4
    fmadd   d3, d3, d1, d2
    fmadd   s5, s5, s6, s7
    fmadd   s8, s8, s6, s7
    fadd    d12, d10, d0
    fadd    s13, s11, s5
    subs    x9, x9, #1
    b.ne    loop
loop_end:
    semihost_exit
exit_end:

    insns_between _start, prologue_end, 19
    insns_between loop, loop_end, 14
    insns_between loop_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (loop - _start) / 4 - FP_ENABLE_SKIPPED + ITERS * ((loop_end - loop) / 4) + (exit_end - loop_end) / 4
