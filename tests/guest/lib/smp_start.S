/*
 * Hypervisor-boot additions of the guest tests (linked with image.ld before start.S):
 * - the arm64 Image header (Linux Documentation/arch/arm64/booting.rst) whose first word branches to
 *   image_start, which keeps the boot x0 (the DTB address) in boot_x0 and continues at _start;
 * - secondary_entry, the entry point given to PSCI CPU_ON: x0 = context id = the C function to run;
 * - vector tables for EL1 and EL2 that hand IRQ/FIQ to irq_dispatch() (smp.c) and send every other
 *   exception to start.S's vectors (exc_handle). ELR/SPSR are saved so that handlers may nest.
 */
    .section .text.image_header, "ax"
    .globl image_entry
image_entry:
    b       image_start             /* code0 */
    .word   0                       /* code1 */
    .quad   0x100000                /* text_offset: loaded at RAM base + 1 MiB, where image.ld links */
    .quad   __image_size            /* image_size (non-zero: text_offset is valid) */
    .quad   0x2                     /* flags: little-endian, 4 KiB pages, 2 MiB-aligned base */
    .quad   0, 0, 0                 /* res2..res4 */
    .ascii  "ARM\x64"               /* magic at offset 56 */
    .word   0                       /* res5 */
image_start:
    adr     x1, boot_x0
    str     x0, [x1]
    b       _start

    .data
    .balign 8
    .globl  boot_x0
boot_x0:
    .quad   0

    .globl  secondary_entry_state
secondary_entry_state:              /* CurrentEL, DAIF, SCTLR_EL2 as PSCI CPU_ON left them */
    .quad   0, 0, 0

    .text
    .globl  secondary_entry
secondary_entry:
    adr     x1, secondary_entry_state
    mrs     x2, CurrentEL
    mrs     x3, daif
    mrs     x4, sctlr_el2
    stp     x2, x3, [x1]
    str     x4, [x1, #16]
    ldr     x1, =__stack_cpu1_el2_top
    mov     sp, x1
    ldr     x1, =__stack_cpu1_el1_top
    msr     sp_el1, x1
    ldr     x1, =0x30C50830         /* SCTLR_EL2: RES1 bits, MMU and alignment checks off */
    msr     sctlr_el2, x1
    ldr     x1, =irq_vectors_el2
    msr     vbar_el2, x1
    ldr     x1, =irq_vectors_el1
    msr     vbar_el1, x1
    mov     x1, #(1 << 31)          /* HCR_EL2.RW */
    msr     hcr_el2, x1
    mov     x1, #0x33FF             /* CPTR_EL2 RES1 */
    msr     cptr_el2, x1
    isb
    bl      smp_secondary_main      /* does not return */
1:  wfe
    b       1b

#define IRQ_FRAME 192               /* x0..x18, x29, x30, ELR, SPSR, one spare */

    .macro irq_entry el, offset
    .balign 0x80
    sub     sp, sp, #IRQ_FRAME
    stp     x0, x1, [sp]
    mov     x0, #\el
    mov     x1, #\offset
    b       irq_common_el\el
    .endm

    .macro sync_entry el, offset
    .balign 0x80
    b       vectors_el\el + \offset
    .endm

    .macro irq_vector_table el
    .balign 0x800
    .globl irq_vectors_el\el
irq_vectors_el\el:
    .irp group, 0x000, 0x200, 0x400, 0x600
    sync_entry \el, \group
    irq_entry \el, (\group + 0x080)
    irq_entry \el, (\group + 0x100)
    sync_entry \el, (\group + 0x180)
    .endr
    .endm

    .macro irq_common el
irq_common_el\el:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x29, [sp, #144]
    mrs     x2, elr_el\el
    mrs     x3, spsr_el\el
    stp     x30, x2, [sp, #160]
    str     x3, [sp, #176]
    bl      irq_dispatch                /* x0 = SPSR bits to set */
    ldp     x30, x2, [sp, #160]
    ldr     x3, [sp, #176]
    orr     x3, x3, x0
    msr     elr_el\el, x2
    msr     spsr_el\el, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x29, [sp, #144]
    ldp     x0, x1, [sp]
    add     sp, sp, #IRQ_FRAME
    eret
    .endm

    irq_vector_table 1
    irq_vector_table 2
    irq_common 1
    irq_common 2
