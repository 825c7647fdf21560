// Load/store benchmark with the MMU on: the loop of ldst.S run at EL1 under two stages of translation,
// both with 4 KiB pages (stage 1: TTBR0_EL1, 39-bit VA, start level 1; stage 2: VTTBR_EL2 VMID 1,
// 39-bit IPA, start level 1), Normal write-back memory, identity-mapped over the first 8 MiB
// (the image at 2 MiB, its 1 MiB buffer and its tables). Compare its MIPS with ldst.S (MMU off).
//
// Instructions executed (bench_expected_insns):
//   setup      the straight-line code between the labels (counted by the assembler), plus
//              2 fill loops x 2,048 pages x 4 instructions
//   per pass   4 + 13 x 32,768 (as in ldst.S)
//   exit       3
#include "bench.inc"

    .equ BUF_SIZE, 1 << 20
    .equ STEP, 32
    .equ PASSES, 1024
    .equ PAGES, 2048                       // 8 MiB of 4 KiB pages
    .equ S1_PAGE, 0x703                    // page | AttrIndx 0 | SH inner | AF, EL1 read/write
    .equ S2_PAGE, 0x7ff                    // page | MemAttr 0xF (WB) | S2AP read/write | SH inner | AF

    .text
    .global _start
_start:
    // Stage-1 level-3 tables: PAGES entries mapping VA n*4K to PA n*4K.
    adr     x0, s1_l3
    mov     x1, #S1_PAGE
    mov     x2, #PAGES
fill_s1:
    str     x1, [x0], #8
    add     x1, x1, #4096
    subs    x2, x2, #1
    b.ne    fill_s1
fill_s1_end:
    // Stage-2 level-3 tables: IPA n*4K to PA n*4K.
    adr     x0, s2_l3
    mov     x1, #S2_PAGE
    mov     x2, #PAGES
fill_s2:
    str     x1, [x0], #8
    add     x1, x1, #4096
    subs    x2, x2, #1
    b.ne    fill_s2
fill_s2_end:
    // Level-2 tables: four entries each pointing at 4 KiB level-3 tables; level 1: entry 0.
    adr     x0, s1_l2
    adr     x1, s1_l3
    bl      link_l2
    adr     x0, s2_l2
    adr     x1, s2_l3
    bl      link_l2
    adr     x0, s1_l1
    adr     x1, s1_l2
    orr     x1, x1, #3
    str     x1, [x0]
    adr     x0, s2_l1
    adr     x1, s2_l2
    orr     x1, x1, #3
    str     x1, [x0]
    // Stage 2 (EL2): VTCR_EL2 = T0SZ 25, SL0 1, WB WB inner-shareable, 4K, PS 40 bits, RES1 bit 31.
    load_imm32 x0, (25 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (2 << 16) | (1 << 31))
    msr     vtcr_el2, x0
    adr     x0, s2_l1
    mov     x1, #1
    orr     x0, x0, x1, lsl #48            // VMID 1
    msr     vttbr_el2, x0
    load_imm32 x0, ((1 << 31) | 1)         // HCR_EL2.RW | VM
    msr     hcr_el2, x0
    // Stage 1 (EL1): MAIR index 0 = Normal WB; TCR_EL1 = T0SZ 25, WB WB inner, 4K, EPD1, IPS 40 bits.
    mov     x0, #0xff
    msr     mair_el1, x0
    load_imm32 x0, (25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
    mov     x1, #2
    orr     x0, x0, x1, lsl #32
    msr     tcr_el1, x0
    adr     x0, s1_l1
    msr     ttbr0_el1, x0
    load_imm32 x0, (0x00C50838 | 1 | 4 | 0x1000)   // SCTLR_EL1: reset value | M | C | I
    msr     sctlr_el1, x0
    // Drop to EL1h with every exception masked, at the loop.
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    adr     x0, el1_start
    msr     elr_el2, x0
    isb
    eret
link_l2_call_end:

// link_l2: x0 = level-2 table, x1 = four consecutive level-3 tables: entries 0..3.
link_l2:
    orr     x1, x1, #3
    str     x1, [x0], #8
    add     x1, x1, #4096
    str     x1, [x0], #8
    add     x1, x1, #4096
    str     x1, [x0], #8
    add     x1, x1, #4096
    str     x1, [x0]
    ret
link_l2_end:

el1_start:
    rmw_passes
    semihost_exit
exit_end:

    insns_between fill_s1, fill_s1_end, 4
    insns_between fill_s2, fill_s2_end, 4
    .global bench_expected_insns
    .equ bench_expected_insns, (fill_s1 - _start) / 4 + PAGES * 4 + (fill_s2 - fill_s1_end) / 4 + PAGES * 4 + (link_l2_call_end - fill_s2_end) / 4 + 2 * (link_l2_end - link_l2) / 4 + (pass - el1_start) / 4 + PASSES * ((inner - pass) / 4 + (BUF_SIZE / STEP) * ((inner_end - inner) / 4) + (pass_end - inner_end) / 4) + (exit_end - pass_end) / 4

    .bss
    .balign 4096
s1_l1:  .space 4096
s1_l2:  .space 4096
s1_l3:  .space 4 * 4096
s2_l1:  .space 4096
s2_l2:  .space 4096
s2_l3:  .space 4 * 4096
buffer:
    .space BUF_SIZE
