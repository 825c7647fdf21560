/* mmu_on_el3: the EL3 stage 1 on, with an identity map of the low 4 GiB in 1 GiB blocks: the
 * first 2 GiB (DDR) Normal write-back, the rest Device-nGnRE (the Versal's devices sit there).
 * Compiled C may then make unaligned and vector accesses to its data, which Device memory (all data
 * with the MMU off) would fault. Called at EL3 before any code that touches FP/SIMD registers. */
#define MAIR_VALUE  0x04ff                  /* Attr0 Normal WB RW-allocate, Attr1 Device-nGnRE */
#define TCR_VALUE   (32 | 1 << 8 | 1 << 10 | 3 << 12 | 2 << 16)
                                            /* T0SZ 32 (4 GiB, start at level 1), walks WB inner
                                               shareable, TG0 4K, PS 40 bits */
#define NORMAL_BLOCK (1 | 0 << 2 | 3 << 8 | 1 << 10)   /* block, AttrIdx 0, SH inner, AF */
#define DEVICE_BLOCK (1 | 1 << 2 | 1 << 10)            /* block, AttrIdx 1, AF */
#define SCTLR_EL3_ON 0x30C5183D            /* RES1 bits | M | C | SA | I (A = 0: unaligned OK) */

    .section .data
    .balign 4096
l1_table:
    .quad 0x00000000 + NORMAL_BLOCK
    .quad 0x40000000 + NORMAL_BLOCK
    .quad 0x80000000 + DEVICE_BLOCK
    .quad 0xC0000000 + DEVICE_BLOCK
    .fill 508, 8, 0

    .text
    .globl mmu_on_el3
mmu_on_el3:
    ldr     x0, =MAIR_VALUE
    msr     mair_el3, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el3, x0
    adrp    x0, l1_table
    msr     ttbr0_el3, x0
    tlbi    alle3
    dsb     sy
    isb
    ldr     x0, =SCTLR_EL3_ON
    msr     sctlr_el3, x0
    isb
    ret
