/*
 * Entry, exception vectors and EL-switching helpers of the guest tests.
 *
 * QEMU's xlnx-versal-virt starts an ELF at Secure EL3 with the other cores off; a72sim does the same
 * with --el3. Like TF-A's BL31 we set up EL3 (VBAR_EL3, SCR_EL3 = NS|RW|HCE, CPTR_EL3 = 0) and enter
 * Non-secure EL2 with an ERET, unless the test defines `test_stay_el3` (tests of EL3 behaviour).
 * The vectors of EL1, EL2 and EL3 record every exception in `exc` (lib.c) and resume the test.
 */

#define SCR_EL3_VALUE   0x531           /* NS | RES1 5:4 | HCE | RW (as TF-A leaves it) */
#define SCTLR_EL2_RES1  0x30C50830      /* ARMv8.0 RES1 bits; M, A, C, SA, I all 0 */
#define SCTLR_EL1_VALUE 0x30D50800      /* RES1 bits plus nTWI/nTWE: EL0 WFI/WFE not trapped */
#define CPTR_EL2_RES1   0x33FF
#define HCR_EL2_RW      (1 << 31)
#define SPSR_EL2H_MASKED 0x3C9          /* D, A, I, F set; M = EL2h */
#define FRAME_SIZE      256             /* x0..x30 and one spare slot: 16-byte multiple */
#define CTX_SIZE        112             /* struct run_ctx: x19..x30, sp, active */
#define SCR_EL3_TWI     (1 << 12)

    .section .text.start, "ax"
    .globl _start
_start:
    /* Only core 0 runs the test; any other core that was started sleeps. */
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, park

    /* Clear .bss (8 bytes at a time: it is 16-byte aligned and sized). */
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:
    mrs     x0, CurrentEL
    cmp     x0, #(3 << 2)
    b.ne    el2_entry               /* a72sim without --el3 enters at EL2: nothing to do at EL3 */

    ldr     x0, =__stack_el3_top
    mov     sp, x0
    ldr     x0, =vectors_el3
    msr     vbar_el3, x0
    msr     cptr_el3, xzr
    mov     x0, #SCR_EL3_VALUE
    msr     scr_el3, x0
    ldr     x0, =SCTLR_EL2_RES1
    msr     sctlr_el2, x0
    ldr     x0, =SCTLR_EL1_VALUE
    msr     sctlr_el1, x0
    isb
    bl      setup_lower_els
    ldr     x0, =test_stay_el3
    cbnz    x0, run_test
    ldr     x0, =el2_entry
    msr     elr_el3, x0
    mov     x0, #SPSR_EL2H_MASKED
    msr     spsr_el3, x0
    eret

el2_entry:
    ldr     x0, =__stack_el2_top
    mov     sp, x0
    bl      setup_lower_els
run_test:
    bl      test_init
    bl      test_main
    bl      test_exit
park:
    wfe
    b       park

/* EL2 and EL1 state every test starts from (callable from EL3 or EL2). */
setup_lower_els:
    ldr     x0, =vectors_el2
    msr     vbar_el2, x0
    mov     x0, #HCR_EL2_RW
    msr     hcr_el2, x0
    mov     x0, #CPTR_EL2_RES1
    msr     cptr_el2, x0
    ldr     x0, =vectors_el1
    msr     vbar_el1, x0
    ldr     x0, =SCTLR_EL1_VALUE
    msr     sctlr_el1, x0
    mov     x0, #(3 << 20)           /* CPACR_EL1.FPEN = 0b11: FP/SIMD not trapped at EL1/EL0 */
    msr     cpacr_el1, x0
    ldr     x0, =__stack_el1_top
    msr     sp_el1, x0
    ldr     x0, =__stack_el0_top
    msr     sp_el0, x0
    isb
    ret

    .weak   test_stay_el3

/*
 * Exception vectors: each entry saves x0/x1 and passes (vector offset, target EL) to the common
 * handler, which saves x2..x30 and calls exc_handle(offset, el) in lib.c. exc_handle returns
 * 0 to resume at ELR (which it may have changed), 1 to return from run_at() to its caller.
 */
    .macro vector_entry el, offset
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp]
    mov     x0, #\offset
    mov     x1, #\el
    b       exc_common
    .endm

    .macro vector_table el
    .balign 0x800
    .globl vectors_el\el
vectors_el\el:
    .irp off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0x400, 0x480, 0x500, 0x580, 0x600, 0x680, 0x700, 0x780
    vector_entry \el, \off
    .endr
    .endm

    .text
    vector_table 1
    vector_table 2
    vector_table 3

exc_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    mov     x19, x1
    bl      exc_handle
    cbnz    x0, return_to_caller
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp]
    add     sp, sp, #FRAME_SIZE
    eret

/* The code run_at() started has finished: resume run_at's caller at this EL with the value the
 * code left in x0 (x19 = this EL). */
return_to_caller:
    ldr     x0, [sp]                 /* the lower EL's x0: the function's result */
    cmp     x19, #3
    b.ne    1f
    mrs     x10, scr_el3             /* undo run_at's SCR_EL3.TWI */
    bic     x10, x10, #SCR_EL3_TWI
    msr     scr_el3, x10
    isb
1:  ldr     x10, =run_ctx
    mov     x11, #CTX_SIZE
    madd    x10, x19, x11, x10
    str     xzr, [x10, #104]
    ldp     x19, x20, [x10]
    ldp     x21, x22, [x10, #16]
    ldp     x23, x24, [x10, #32]
    ldp     x25, x26, [x10, #48]
    ldp     x27, x28, [x10, #64]
    ldp     x29, x30, [x10, #80]
    ldr     x11, [x10, #96]
    mov     sp, x11
    ret

/*
 * uint64_t run_at(unsigned el, uint64_t (*fn)(uint64_t), uint64_t arg)
 * Runs fn(arg) at the lower exception level `el` (EL0 uses SP_EL0, ELn uses SP_ELn, interrupts
 * masked) and returns its result. The code returns through a gate the vectors of the caller's EL
 * recognise: SVC #0xFFFF from EL0, HVC #0xFFFF from EL1 to EL2, and to EL3 a WFI that run_at traps
 * with SCR_EL3.TWI (not an SMC, so that tests may make SMC UNDEFINED with SCR_EL3.SMD).
 */
    .globl run_at
run_at:
    mrs     x9, CurrentEL
    lsr     x9, x9, #2
    ldr     x10, =run_ctx
    mov     x11, #CTX_SIZE
    madd    x10, x9, x11, x10
    stp     x19, x20, [x10]
    stp     x21, x22, [x10, #16]
    stp     x23, x24, [x10, #32]
    stp     x25, x26, [x10, #48]
    stp     x27, x28, [x10, #64]
    stp     x29, x30, [x10, #80]
    mov     x11, sp
    str     x11, [x10, #96]
    mov     x11, #1
    str     x11, [x10, #104]

    /* SPSR: DAIF masked, M = ELn h (or EL0t). */
    lsl     x12, x0, #2
    cmp     x0, #0
    cinc    x12, x12, ne
    orr     x12, x12, #0x3C0
    mov     x3, x0                   /* trampoline: target EL, caller EL */
    mov     x4, x9
    mov     x0, x2
    ldr     x13, =run_trampoline
    cmp     x9, #3
    b.eq    1f
    /* from EL2 (or EL1 when el == 0) */
    cmp     x9, #2
    b.ne    2f
    msr     elr_el2, x13
    msr     spsr_el2, x12
    cbnz    x3, 3f
    ldr     x14, =__stack_el0_top
    msr     sp_el0, x14
    eret
3:  ldr     x14, =__stack_el1_top
    msr     sp_el1, x14
    eret
2:  msr     elr_el1, x13
    msr     spsr_el1, x12
    ldr     x14, =__stack_el0_top
    msr     sp_el0, x14
    eret
1:  /* from EL3 */
    msr     elr_el3, x13
    msr     spsr_el3, x12
    ldr     x14, =__stack_el0_top
    msr     sp_el0, x14
    ldr     x14, =__stack_el1_top
    msr     sp_el1, x14
    ldr     x14, =__stack_el2_top
    msr     sp_el2, x14
    mrs     x14, scr_el3
    orr     x14, x14, #SCR_EL3_TWI
    msr     scr_el3, x14
    isb
    eret

/* At the lower EL: x0 = arg, x1 = fn, x3 = this EL, x4 = caller's EL. */
run_trampoline:
    mov     x19, x3
    mov     x20, x4
    blr     x1
    cbz     x19, 1f
    cmp     x20, #3
    b.eq    run_gate_wfi
    hvc     #0xFFFF                  /* EL1 -> EL2 */
    b       .
    .globl  run_gate_wfi
run_gate_wfi:
    wfi                              /* EL1 or EL2 -> EL3 (SCR_EL3.TWI) */
    b       run_gate_wfi
1:  svc     #0xFFFF                  /* EL0 -> EL1, or EL2 when HCR_EL2.TGE */
    b       .
