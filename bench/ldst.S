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
    rmw_passes
    semihost_exit
exit_end:

    insns_between _start, pass, 2
    insns_between pass_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (pass - _start) / 4 + PASSES * ((inner - pass) / 4 + (BUF_SIZE / STEP) * ((inner_end - inner) / 4) + (pass_end - inner_end) / 4) + (exit_end - pass_end) / 4

    .bss
    .balign 4096
buffer:
    .space BUF_SIZE
