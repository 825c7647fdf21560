// Load/store benchmark: PASSES read-modify-write sweeps over a 1 MiB buffer with LDP/STP and
// 64- and 32-bit LDR/STR, every access naturally aligned (with the MMU off data accesses are
// Device memory, where a misaligned access faults).
//
// Instructions executed (bench_expected_insns):
//   prologue   2                     (MOVZ+MOVK of the pass count)
//   per pass   4 + 13 x 32,768       (ADR, MOV, then 32 bytes per inner iteration:
//                                     LDP, 2 LDR, 4 ADD, STP, 2 STR, ADD, SUBS, B.NE;
//                                     then SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total      5 + 1,024 x (4 + 13 x 32,768) = 436,211,717
#include "bench.inc"

    .equ BUF_SIZE, 1 << 20
    .equ STEP, 32
    .equ PASSES, 1024

    .text
    .global _start
_start:
    load_imm32 x9, PASSES
pass:
    adr     x1, buffer
    mov     x2, #(BUF_SIZE / STEP)
inner:
    ldp     x3, x4, [x1]
    ldr     x5, [x1, #16]
    ldr     w6, [x1, #24]
    add     x3, x3, #1
    add     x4, x4, x3
    add     x5, x5, x4
    add     w6, w6, w5
    stp     x3, x4, [x1]
    str     x5, [x1, #16]
    str     w6, [x1, #24]
    add     x1, x1, #STEP
    subs    x2, x2, #1
    b.ne    inner
inner_end:
    subs    x9, x9, #1
    b.ne    pass
pass_end:
    semihost_exit
exit_end:

    insns_between _start, pass, 2
    insns_between pass, inner, 2
    insns_between inner, inner_end, 13
    insns_between inner_end, pass_end, 2
    insns_between pass_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (pass - _start) / 4 + PASSES * ((inner - pass) / 4 + (BUF_SIZE / STEP) * ((inner_end - inner) / 4) + (pass_end - inner_end) / 4) + (exit_end - pass_end) / 4

    .bss
    .balign 4096
buffer:
    .space BUF_SIZE
