// Advanced SIMD benchmark: sweeps over a 4 KiB buffer with LD1/ST1 of Q registers (64 bytes in, 32
// out per step), vector integer arithmetic on the loaded data (ADD, MUL, MLA, EOR, USHR, BIC, SUB)
// and vector FP (FMLA, FADD, FMUL) on register values that stay normal, as a numeric loop's would.
//
// Instructions executed (bench_expected_insns):
//   prologue  14                     (fp_enable: 6 of its 8, count 2, constants 6)
//   pass       4 + 14 x (BUF_SIZE / 64) per pass (ADR, MOV, then the inner loop; SUBS, B.NE)
//   inner     14                     (LD1 of 4 Q, 10 vector ops, ST1 of 2 Q, SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total     17 + PASSES x (4 + 14 x 64) = 17 + 150,000 x 900 = 135,000,017
#include "bench.inc"

    .equ PASSES, 150000
    .equ BUF_SIZE, 4096

    .text
    .global _start
_start:
    fp_enable
    load_imm32 x9, PASSES
    movi    v20.4s, #3
    fmov    v21.4s, #0.5
    fmov    v22.2d, #0.25
    movi    v23.16b, #0x5a
    mov     x3, #64
    fmov    v24.2d, #1.0
prologue_end:
pass:
    adr     x1, buffer
    mov     x2, #(BUF_SIZE / 64)
inner:
    ld1     {v0.4s, v1.4s, v2.4s, v3.4s}, [x1]
    add     v4.4s, v0.4s, v20.4s
    mul     v5.4s, v1.4s, v20.4s
    mla     v4.4s, v5.4s, v20.4s
    eor     v6.16b, v4.16b, v23.16b
    ushr    v6.4s, v6.4s, #3
    bic     v6.16b, v6.16b, v1.16b
    fmla    v24.2d, v22.2d, v22.2d
    fadd    v25.2d, v24.2d, v22.2d
    fmul    v7.4s, v21.4s, v21.4s
    sub     v7.4s, v7.4s, v0.4s
    st1     {v6.4s, v7.4s}, [x1], x3
    subs    x2, x2, #1
    b.ne    inner
inner_end:
    subs    x9, x9, #1
    b.ne    pass
pass_end:
    semihost_exit
exit_end:

    insns_between _start, prologue_end, 16
    insns_between pass, inner, 2
    insns_between inner, inner_end, 14
    insns_between inner_end, pass_end, 2
    insns_between pass_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (pass - _start) / 4 - FP_ENABLE_SKIPPED + PASSES * ((inner - pass) / 4 + (BUF_SIZE / 64) * ((inner_end - inner) / 4) + (pass_end - inner_end) / 4) + (exit_end - pass_end) / 4

    .bss
    .balign 64
buffer:
    .skip BUF_SIZE
