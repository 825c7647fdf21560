/*
 * Demo guest: entry and EL1 vectors. The hypervisor enters at the start of the VM's RAM at EL1h
 * with x0 = the VM's number and interrupts masked. Only IRQs (the virtual timer) are expected;
 * any synchronous exception goes to guest_unexpected().
 */
    .section .text.entry, "ax"
    .globl guest_entry
guest_entry:
    ldr     x1, =__stack_top
    mov     sp, x1
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  ldr     x1, =guest_vectors
    msr     vbar_el1, x1
    isb
    bl      guest_main              /* does not return */
    b       .

    .macro  unexpected kind
    .balign 0x80
    mov     x0, #\kind
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    b       guest_unexpected
    .endm

    .text
    .balign 0x800
guest_vectors:
    .irp k, 0, 1, 2, 3, 4
    unexpected \k
    .endr
    .balign 0x80                    /* IRQ, current EL with SP_ELx */
    stp     x0, x1, [sp, #-192]!
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x29, [sp, #144]
    mrs     x0, elr_el1
    mrs     x1, spsr_el1
    stp     x30, x0, [sp, #160]
    str     x1, [sp, #176]
    bl      guest_irq
    ldp     x30, x0, [sp, #160]
    ldr     x1, [sp, #176]
    msr     elr_el1, x0
    msr     spsr_el1, x1
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x29, [sp, #144]
    ldp     x0, x1, [sp], #192
    eret
    .irp k, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    unexpected \k
    .endr
