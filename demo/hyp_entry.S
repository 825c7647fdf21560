/*
 * Demo hypervisor: boot, the EL2 exception vectors and the world switch into a VM.
 *
 * TPIDR_EL2 holds the vCPU this core runs. A trap from the VM saves the guest's x0..x30, ELR_EL2
 * and SPSR_EL2 in that vCPU (struct vcpu in hyp.c: x[31] at 0, elr at 248, spsr at 256), calls
 * hyp_exit_handler(vcpu, kind), and resumes whichever vCPU it returns (the same one or, when the
 * scheduler switched, another; the C code has then switched the EL1 and EL2 state around it).
 */
#define VCPU_ELR  248
#define VCPU_SPSR 256
#define SCTLR_EL2_RES1 0x30C50830       /* MMU, caches and alignment checks off */

/* arm64 Image header (Linux Documentation/arch/arm64/booting.rst): lets QEMU boot the flat binary
 * like a kernel, at EL2 with x0 = DTB and PSCI over SMC. */
    .section .text.image_header, "ax"
    .globl image_entry
image_entry:
    b       primary_entry           /* code0 */
    .word   0                       /* code1 */
    .quad   0x100000                /* text_offset */
    .quad   __image_size
    .quad   0x2                     /* flags: little-endian, 4 KiB pages */
    .quad   0, 0, 0
    .ascii  "ARM\x64"
    .word   0

primary_entry:
    mov     x19, x0                 /* the DTB (unused: the demo knows its board) */
    ldr     x0, =__stack_core0_top
    mov     sp, x0
    ldr     x0, =__bss_start        /* clear .bss */
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      el2_common_setup
    bl      hyp_main                /* does not return */
    b       .

/* PSCI CPU_ON's entry for core 1: x0 = context id (the vCPU to run). */
    .globl secondary_entry
secondary_entry:
    ldr     x1, =__stack_core1_top
    mov     sp, x1
    mov     x19, x0
    bl      el2_common_setup
    mov     x0, x19
    bl      hyp_secondary_main      /* does not return */
    b       .

el2_common_setup:
    ldr     x0, =SCTLR_EL2_RES1
    msr     sctlr_el2, x0
    ldr     x0, =hyp_vectors
    msr     vbar_el2, x0
    isb
    ret

/*
 * void vcpu_enter(struct vcpu *v): first (or any) entry into a vCPU: load its registers and ERET.
 * Also the tail of every trap.
 */
    .globl vcpu_enter
vcpu_enter:
    msr     tpidr_el2, x0
    ldp     x1, x2, [x0, #VCPU_ELR]
    msr     elr_el2, x1
    msr     spsr_el2, x2
    ldp     x2, x3, [x0, #16]
    ldp     x4, x5, [x0, #32]
    ldp     x6, x7, [x0, #48]
    ldp     x8, x9, [x0, #64]
    ldp     x10, x11, [x0, #80]
    ldp     x12, x13, [x0, #96]
    ldp     x14, x15, [x0, #112]
    ldp     x16, x17, [x0, #128]
    ldp     x18, x19, [x0, #144]
    ldp     x20, x21, [x0, #160]
    ldp     x22, x23, [x0, #176]
    ldp     x24, x25, [x0, #192]
    ldp     x26, x27, [x0, #208]
    ldp     x28, x29, [x0, #224]
    ldr     x30, [x0, #240]
    ldp     x0, x1, [x0]
    eret

/* Exception vectors (Arm ARM D1.10.2): only exits from the VM (lower EL, AArch64) are expected;
 * anything taken from EL2 itself is a hypervisor bug and goes to hyp_panic. */
    .macro  vector_to_panic kind
    .balign 0x80
    mov     x0, #\kind
    b       hyp_panic_entry
    .endm

    .macro  vector_exit kind
    .balign 0x80
    stp     x0, x1, [sp, #-16]!     /* two scratch registers on the EL2 stack */
    mov     x1, #\kind
    b       vcpu_exit
    .endm

    .text
    .balign 0x800
hyp_vectors:
    vector_to_panic 0               /* current EL with SP_EL0 */
    vector_to_panic 1
    vector_to_panic 2
    vector_to_panic 3
    vector_to_panic 4               /* current EL with SP_EL2 */
    vector_to_panic 5
    vector_to_panic 6
    vector_to_panic 7
    vector_exit 0                   /* lower EL, AArch64: synchronous */
    vector_exit 1                   /* IRQ */
    vector_exit 2                   /* FIQ */
    vector_exit 3                   /* SError */
    vector_to_panic 12              /* lower EL, AArch32: never (HCR_EL2.RW = 1) */
    vector_to_panic 13
    vector_to_panic 14
    vector_to_panic 15

vcpu_exit:
    mrs     x0, tpidr_el2
    stp     x2, x3, [x0, #16]
    stp     x4, x5, [x0, #32]
    stp     x6, x7, [x0, #48]
    stp     x8, x9, [x0, #64]
    stp     x10, x11, [x0, #80]
    stp     x12, x13, [x0, #96]
    stp     x14, x15, [x0, #112]
    stp     x16, x17, [x0, #128]
    stp     x18, x19, [x0, #144]
    stp     x20, x21, [x0, #160]
    stp     x22, x23, [x0, #176]
    stp     x24, x25, [x0, #192]
    stp     x26, x27, [x0, #208]
    stp     x28, x29, [x0, #224]
    str     x30, [x0, #240]
    ldp     x2, x3, [sp], #16       /* the guest's x0, x1 */
    stp     x2, x3, [x0]
    mrs     x2, elr_el2
    mrs     x3, spsr_el2
    stp     x2, x3, [x0, #VCPU_ELR]
    bl      hyp_exit_handler        /* x0 = vcpu, x1 = kind; returns the vCPU to resume */
    b       vcpu_enter

hyp_panic_entry:
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    bl      hyp_panic               /* does not return */
    b       .
