// Calibration: a full two-stage table walk every iteration. At EL1 in a VM (VMID 1), each iteration
// removes the translation of one page (TLBI VAE1, DSB, ISB) and loads from it, so the load walks
// both stages: 4 levels of stage 1, each table's IPA translated by 4 levels of stage 2, then the
// output IPA's 4 levels of stage 2: 4 x (4 + 1) + 4 = 24 descriptor fetches. Starts at EL2 (the
// hypervisor's entry; not on QEMU, which starts ELFs at EL3).
//
// Stage 2 (VTCR_EL2: 4 KiB granule, 44-bit IPA, start level 0) and stage 1 (TCR_EL1: 4 KiB granule,
// 48-bit VA, start level 0) both map the 2 MiB from 2 MiB (the image: code, data, tables) with
// level-3 pages, VA == IPA == PA. The descriptors stay in the L1D (the tables' first lines fill the
// two ways of four sets; target lies mid-page, in another set), as does the data.
// Before the loop it reads the page once and exits with status 1 unless it holds target's value.
#include "cal.inc"
    .equ IMAGE_BASE, 0x200000
    .equ S1_PAGE, 0x703                 // page | AttrIndx 0 | SH inner | AF, EL1 read/write
    .equ S2_PAGE, 0x7ff                 // page | MemAttr 0xF (WB) | S2AP read/write | SH inner | AF
    .equ MAGIC, 0x5a5a2424

.macro body
    tlbi    vae1, x6
    dsb     nsh
    isb
    ldr     x1, [x5]
.endm

// level_3 TABLE, ATTRS: 512 page descriptors mapping IMAGE_BASE + n * 4 KiB to itself.
.macro level_3 table, attrs
    adr     x0, \table
    load_imm32 x1, (IMAGE_BASE | \attrs)
    mov     x2, #512
1:  str     x1, [x0], #8
    add     x1, x1, #4096
    subs    x2, x2, #1
    b.ne    1b
.endm

// link TABLE, INDEX, NEXT: TABLE[INDEX] = a table descriptor to NEXT.
.macro link table, index, next
    adr     x0, \table
    adr     x1, \next
    orr     x1, x1, #3
    str     x1, [x0, #(\index * 8)]
.endm

    .text
    .global _start
_start:
    level_3 s2_l3, S2_PAGE
    link    s2_l2, 1, s2_l3             // IPA 2 MiB .. 4 MiB
    link    s2_l1, 0, s2_l2
    link    s2_l0, 0, s2_l1
    level_3 s1_l3, S1_PAGE
    link    s1_l2, 1, s1_l3             // VA 2 MiB .. 4 MiB
    link    s1_l1, 0, s1_l2
    link    s1_l0, 0, s1_l1
    // Stage 2: VTCR_EL2 = T0SZ 20, SL0 2 (level 0), WB WB inner-shareable walks, 4K, PS 44 bits, RES1.
    load_imm32 x0, (20 | (2 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (4 << 16) | (1 << 31))
    msr     vtcr_el2, x0
    adr     x0, s2_l0
    mov     x1, #1
    orr     x0, x0, x1, lsl #48         // VMID 1
    msr     vttbr_el2, x0
    load_imm32 x0, ((1 << 31) | 1)      // HCR_EL2.RW | VM
    msr     hcr_el2, x0
    // Stage 1: MAIR index 0 = Normal WB; TCR_EL1 = T0SZ 16, WB WB inner-shareable walks, 4K, EPD1,
    // IPS 40 bits.
    mov     x0, #0xff
    msr     mair_el1, x0
    load_imm32 x0, (16 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
    mov     x1, #2
    orr     x0, x0, x1, lsl #32
    msr     tcr_el1, x0
    adr     x0, s1_l0
    msr     ttbr0_el1, x0
    load_imm32 x0, (0x00C50838 | 1 | 4 | 0x1000)   // SCTLR_EL1: reset value | M | C | I
    msr     sctlr_el1, x0
    // Drop to EL1h with every exception masked.
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    adr     x0, el1_start
    msr     elr_el2, x0
    isb
    eret

el1_start:
    adr     x5, target
    lsr     x6, x5, #12                 // TLBI VAE1 operand: VA[55:12], ASID 0
    ldr     x0, [x5]
    load_imm32 x1, MAGIC
    cmp     x0, x1
    b.ne    fail
    cal_loop body

    cal_fail

    .data
    .balign 4096
    .skip 2048
target:
    .quad MAGIC

    .bss
    .balign 4096
s2_l0:  .skip 4096
s2_l1:  .skip 4096
s2_l2:  .skip 4096
s2_l3:  .skip 4096
s1_l0:  .skip 4096
s1_l1:  .skip 4096
s1_l2:  .skip 4096
s1_l3:  .skip 4096
