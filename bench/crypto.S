// Cryptographic Extension benchmark: AES-128-style rounds (AESE+AESMC, AESD+AESIMC) and SHA-256 /
// SHA-1 quad-rounds with their message-schedule updates, all on registers.
//
// Instructions executed (bench_expected_insns):
//   prologue  12                     (fp_enable: 6 of its 8, count 2, MOVI constants 4)
//   loop      20 x ITERS             (AESE/AESMC/AESD/AESIMC x 9, MOV, SHA256SU0/SU1/H/H2,
//                                     SHA1H/C/SU0/SU1, SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total     15 + 20 x 5,000,000 = 100,000,015
#include "bench.inc"

    .equ ITERS, 5000000

    .text
    .global _start
_start:
    fp_enable
    load_imm32 x9, ITERS
    movi    v1.16b, #0x3c
    movi    v2.4s, #0x11
    movi    v3.2d, #0xff00ff00ff00ff00
    movi    v4.8h, #0x7f
prologue_end:
loop:
    aese    v0.16b, v1.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v2.16b
    aesmc   v0.16b, v0.16b
    aesd    v5.16b, v1.16b
    aesimc  v5.16b, v5.16b
    sha256su0 v2.4s, v3.4s
    sha256su1 v2.4s, v3.4s, v4.4s
    mov     v6.16b, v3.16b
    sha256h  q3, q4, v2.4s
    sha256h2 q4, q6, v2.4s
    sha1h   s7, s3
    sha1c   q3, s7, v2.4s
    sha1su0 v4.4s, v2.4s, v3.4s
    sha1su1 v4.4s, v2.4s
    aese    v5.16b, v4.16b
    aesmc   v5.16b, v5.16b
    aesd    v0.16b, v4.16b
    subs    x9, x9, #1
    b.ne    loop
loop_end:
    semihost_exit
exit_end:

    insns_between _start, prologue_end, 14
    insns_between loop, loop_end, 20
    insns_between loop_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (loop - _start) / 4 - FP_ENABLE_SKIPPED + ITERS * ((loop_end - loop) / 4) + (exit_end - loop_end) / 4
