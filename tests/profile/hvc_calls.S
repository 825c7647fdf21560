// A guest of known structure for the profile test: the hypervisor (EL2) starts VM 5 at EL1 behind an
// identity stage 2 (VMID 5); the VM's function make_calls executes HVC #1 seven times, each a VM
// exit that handle_hvc (EL2) answers with an ERET; then the VM exits through semihosting.
// make_calls runs exactly 1 + 7 * 3 + 1 = 23 instructions at EL1 in VM 5.
        .text
        .global _start
        .type   _start, %function
_start: ldr     x0, =stack_top
        mov     sp, x0
        adr     x0, vectors
        msr     vbar_el2, x0
        // Stage 2: one level-1 table of four 1 GiB blocks mapping IPA = PA. DDR (the first GiB) is
        // Normal Write-Back, the rest Device-nGnRE; S2AP read/write, AF, inner shareable.
        adr     x1, s2_table
        ldr     x2, =0x7fd          // AF | SH inner | S2AP RW | MemAttr 0b1111 | block
        str     x2, [x1]
        ldr     x2, =0x40000000 + 0x4c5 // device blocks: AF | S2AP RW | MemAttr 0b0001 | block
        mov     x4, #0x40000000
        mov     x3, #1
1:      str     x2, [x1, x3, lsl #3]
        add     x2, x2, x4
        add     x3, x3, #1
        cmp     x3, #4
        b.ne    1b
        ldr     x0, =0x80003560     // VTCR_EL2: RES1 | SH0 inner | ORGN0/IRGN0 WB | SL0 = 1 | T0SZ = 32
        msr     vtcr_el2, x0
        mov     x0, #5
        lsl     x0, x0, #48
        orr     x0, x0, x1          // VTTBR_EL2: VMID 5, the table
        msr     vttbr_el2, x0
        ldr     x0, =0x80000001     // HCR_EL2: RW, VM
        msr     hcr_el2, x0
        isb
        adr     x0, guest
        msr     elr_el2, x0
        mov     x0, #0x3c5          // EL1h, D, A, I, F masked
        msr     spsr_el2, x0
        eret
        .size   _start, . - _start

        .type   guest, %function
guest:  ldr     x0, =guest_stack_top
        mov     sp, x0
        bl      make_calls
        adr     x1, exit_block      // semihosting SYS_EXIT, status 0
        mov     w0, #0x18
        hlt     #0xf000
        .size   guest, . - guest

        .type   make_calls, %function
make_calls:
        mov     x19, #7
1:      hvc     #1
        subs    x19, x19, #1
        b.ne    1b
        ret
        .size   make_calls, . - make_calls

        .balign 0x800
vectors: .skip  0x400               // from EL2 itself: none expected
        b       handle_hvc          // 0x400: synchronous from a lower EL
        .skip   0x400 - 4

        .type   handle_hvc, %function
handle_hvc:
        mrs     x0, esr_el2
        lsr     x0, x0, #26
        cmp     x0, #0x16           // HVC64: back to the VM
        b.ne    fail
        eret
fail:   adr     x1, fail_block
        mov     w0, #0x18
        hlt     #0xf000
        .size   handle_hvc, . - handle_hvc

        .data
        .balign 8
exit_block: .quad 0x20026, 0
fail_block: .quad 0x20026, 1
        .balign 4096
s2_table: .skip 4096
        .bss
        .balign 16
        .skip   4096
stack_top:
        .skip   4096
guest_stack_top:
