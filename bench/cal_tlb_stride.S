// Calibration: loads that stride across TLB_PAGES pages of 4 KiB, one load per page, the pages 8 KiB
// apart, 8 loads per iteration, with the EL1&0 stage 1 on (stage 2 off). Built twice
// (bench/CMakeLists.txt):
//   cal_tlb_stride_64     64 pages: more than the 32-entry L1 data micro-TLB holds, fewer than the
//                         L2 TLB (each access an L1 micro-TLB miss that hits the L2 TLB)
//   cal_tlb_stride_1024   1024 pages: they index 128 of the modelled L2 TLB's 256 sets (the odd ones), 8
//                         pages to each 4-way set: each access misses the L2 TLB too and walks
//                         (3 descriptors). The even sets stay free for the code's page (set 0), so
//                         the instruction fetches never walk.
//   cal_tlb_chase_1024    the 1024 pages again, with each load's address depending on the load
//                         before (TLB_DEPENDENT: the value loaded, XORed to 0, is added to it): the
//                         walks cannot overlap, each waits for the address.
//
// Translation (TCR_EL1: 4 KiB granule, 39-bit VA, start level 1): level-1 entry 0 maps the first
// GiB (code, data, tables) with a block, VA == PA; entry 1 leads through a level-2 table to the
// level-3 tables of the stride region at VA 1 GiB, whose odd pages all map the one physical page
// of `target` (the even pages are left unmapped). So every load reads the same L1D line, and the
// walks' descriptors stay in the L1D too (the level-3 tables of 1024 pages are 16 KiB: one line in
// each set of the 2-way L1D; target lies mid-page, clear of the level-1 and level-2 descriptors'
// sets): the kernel measures translation, not the data caches.
//
// Runs from EL2 (a72sim's default) or EL3 (QEMU, a72sim --el3): it drops to EL1 either way. Before
// the loop it reads the first and the last page of the region and exits with status 1 unless both
// hold target's value (the aliasing mapping works).
#include "cal.inc"
#ifndef TLB_PAGES
#define TLB_PAGES 64
#endif
    .equ REGION_VA, 0x40000000
    .equ TARGET_OFFSET, 2048                // target's offset in its page
    .equ FIRST, REGION_VA + 4096 + TARGET_OFFSET  // the first load's address (page 1 of the region)
    .equ STRIDE, 8192
    .equ REGION_MASK, REGION_VA | ((2 * TLB_PAGES - 1) << 12) | TARGET_OFFSET // wraps x2 to FIRST
    .equ L3_TABLES, (2 * TLB_PAGES + 511) / 512
    .equ MAGIC, 0x5a5a1234

.macro body
    .rept 8
    ldr     x1, [x2]
#ifdef TLB_DEPENDENT
    eor     x1, x1, x5                  // 0, once the load is done
    add     x2, x2, x1
#endif
    add     x2, x2, x3
    .endr
    and     x2, x2, x4
.endm

    .text
    .global _start
_start:
    // Level 3: the odd entries, TLB_PAGES page descriptors, all to target's page (AttrIndx 0, Inner
    // Shareable, AF, EL1 read/write).
    adr     x0, s1_l3 + 8
    adr     x1, target - TARGET_OFFSET
    mov     x2, #0x703
    orr     x1, x1, x2
    load_imm32 x2, TLB_PAGES
1:  str     x1, [x0], #16
    subs    x2, x2, #1
    b.ne    1b
    // Level 2: entries 0 .. L3_TABLES - 1 to the level-3 tables.
    adr     x0, s1_l2
    adr     x1, s1_l3
    orr     x1, x1, #3
    mov     x2, #L3_TABLES
2:  str     x1, [x0], #8
    add     x1, x1, #4096
    subs    x2, x2, #1
    b.ne    2b
    // Level 1: entry 0 a 1 GiB block at PA 0 (Normal, Inner Shareable, AF), entry 1 the level-2 table.
    adr     x0, s1_l1
    mov     x1, #0x701
    str     x1, [x0]
    adr     x1, s1_l2
    orr     x1, x1, #3
    str     x1, [x0, #8]
    // MAIR index 0 = Normal WB; TCR_EL1 = T0SZ 25, WB WB inner-shareable walks, 4K, EPD1, IPS 40 bits.
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
    load_imm32 x0, (1 << 31)                       // HCR_EL2.RW (stage 2 off)
    msr     hcr_el2, x0
    // Enter EL1h, every exception masked, at el1_start: from EL3 (SCR_EL3 = NS | RES1 | HCE | RW) or EL2.
    mov     x1, #0x3c5
    adr     x2, el1_start
    mrs     x0, CurrentEL
    cmp     x0, #(3 << 2)
    b.ne    3f
    mov     x0, #0x531
    msr     scr_el3, x0
    msr     spsr_el3, x1
    msr     elr_el3, x2
    isb
    eret
3:  msr     spsr_el2, x1
    msr     elr_el2, x2
    isb
    eret

el1_start:
    load_imm32 x2, FIRST
    load_imm32 x3, STRIDE
    load_imm32 x4, REGION_MASK
    load_imm32 x5, MAGIC
    ldr     x0, [x2]
    cmp     x0, x5
    b.ne    fail
    add     x0, x2, #((2 * TLB_PAGES - 2) << 12)
    ldr     x0, [x0]
    cmp     x0, x5
    b.ne    fail
    cal_loop body

    cal_fail

    .data
    .balign 4096
    .skip TARGET_OFFSET
target:
    .quad MAGIC

    .bss
    .balign 4096
s1_l1:  .skip 4096
s1_l2:  .skip 4096
s1_l3:  .skip L3_TABLES * 4096
