// A first hypervisor test: start at EL2, enter a guest at EL1, take its HVC back at EL2,
// check the syndrome, print the verdict on UART0 and exit through semihosting with status 0 or 1.
        .equ    UART0_DR, 0xff000000
        .text
        .global _start
_start: ldr     x0, =stack_top          // SP is 0 at entry: set it first
        mov     sp, x0
        adr     x0, vectors             // VBAR_EL2 is 0 at entry too
        msr     vbar_el2, x0
        mov     x0, #(1 << 31)          // HCR_EL2.RW: EL1 runs AArch64
        msr     hcr_el2, x0
        adr     x0, guest
        msr     elr_el2, x0
        mov     x0, #0x3c5              // SPSR_EL2: EL1h with D, A, I and F masked
        msr     spsr_el2, x0
        eret                            // into the guest

guest:  hvc     #0x42                   // the guest calls the hypervisor
        b       .

        .balign 0x800
vectors: .skip  0x400                   // 0x000-0x3ff: from EL2 itself (none expected)
        mrs     x0, esr_el2             // 0x400: synchronous, from a lower EL (AArch64)
        mov     x1, #0x42               // EC 0x16 (HVC64) << 26 | IL | imm16 0x42
        movk    x1, #0x5a00, lsl #16
        cmp     x0, x1
        cset    x19, ne                 // exit status: 0 if ESR_EL2 is as expected
        adr     x1, pass
        adr     x2, fail
        csel    x1, x1, x2, eq
        mov     x2, #UART0_DR
1:      ldrb    w3, [x1], #1            // print the verdict
        cbz     w3, 2f
        str     w3, [x2]
        b       1b
2:      adr     x1, exit_block
        str     x19, [x1, #8]
        mov     w0, #0x18               // semihosting SYS_EXIT
        hlt     #0xf000

        .data
        .balign 8
exit_block: .quad 0x20026, 0            // ADP_Stopped_ApplicationExit, status
pass:   .asciz  "hyp: hvc #0x42 from EL1, ESR_EL2 0x5a000042\n"
fail:   .asciz  "hyp: unexpected ESR_EL2\n"
        .bss
        .balign 16
        .skip   4096
stack_top:
