// World-switch benchmark: what a hypervisor does when it switches VMs and injects interrupts, at
// EL2 (the board's hypervisor entry): write HCR_EL2 (a virtual IRQ on and off, as injection through
// HCR_EL2.VI does), write VTTBR_EL2 (another VMID), TLBI VAE1 of a guest page, with loads and stores
// of the hypervisor's own data between. None of it changes the EL2 translation the loads and stores
// use, so their fast-TLB entries should survive.
//
// Instructions executed (bench_expected_insns):
//   prologue   7                     (MOVZ+MOVK of the count, ADR, MRS HCR_EL2, ORR, 2 x MOVZ)
//   loop      22 x ITERS             (4 MSR, 2 TLBI, 2 DSB/ISB, 4 LDR, 4 STR, 4 ADD, SUBS, B.NE)
//   exit       3                     (ADR, MOV, HLT)
//   total     10 + 22 x 2,000,000 = 44,000,010
#include "bench.inc"

    .equ ITERS, 2000000

    .text
    .global _start
_start:
    load_imm32 x9, ITERS
    adr     x1, data
    mrs     x2, hcr_el2
    orr     x3, x2, #(1 << 7)           // HCR_EL2.VI: a virtual IRQ pending (masked: EL2 is above)
    movz    x4, #(1 << 48 >> 48), lsl #48 // VTTBR_EL2 with VMID 1
    movz    x5, #(2 << 48 >> 48), lsl #48 // ... VMID 2
loop:
    msr     hcr_el2, x3
    ldr     x6, [x1]
    msr     vttbr_el2, x4
    ldr     x7, [x1, #8]
    tlbi    vae1, x6
    add     x6, x6, #1
    str     x6, [x1]
    msr     hcr_el2, x2
    ldr     x8, [x1, #16]
    msr     vttbr_el2, x5
    add     x7, x7, x8
    str     x7, [x1, #8]
    tlbi    vae1, x7
    dsb     ish
    ldr     x10, [x1, #24]
    add     x10, x10, #3
    str     x10, [x1, #24]
    add     x8, x8, #1
    str     x8, [x1, #16]
    isb
    subs    x9, x9, #1
    b.ne    loop
loop_end:
    semihost_exit
exit_end:

    insns_between _start, loop, 7
    insns_between loop, loop_end, 22
    insns_between loop_end, exit_end, 3
    .global bench_expected_insns
    .equ bench_expected_insns, (loop - _start) / 4 + ITERS * ((loop_end - loop) / 4) + (exit_end - loop_end) / 4

    .data
    .balign 64
data:
    .quad 0, 0, 0, 0
