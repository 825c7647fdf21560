// Start-up benchmark: the guest exits at once, so a run measures only the simulator's own
// start-up and tear-down (machine creation, ELF load, exit).
//
// Instructions executed: 3 (the exit sequence: ADR, MOV, HLT).
#include "bench.inc"

    .text
    .global _start
_start:
    semihost_exit
exit_end:
    insns_between _start, exit_end, 3

    .global bench_expected_insns
    .equ bench_expected_insns, (exit_end - _start) / 4
