// The shell tests' guest: a small EL2 hypervisor with one VM (VMID 2) whose EL1 code runs under its
// own stage 1 (1 GiB blocks, VA == IPA, and an alias at VA 3 GiB -> IPA 2 GiB) and the hypervisor's
// stage 2 (IPA 0-1 GiB and 2-3 GiB -> PA 0-1 GiB; the rest unmapped). The hypervisor checks the
// translation of shared_var's alias with AT S12E1R, loads a
// virtual interrupt into ICH_LR0_EL2, and enters the guest, which checks it with AT S1E1R, calls
// HVC #0x42, writes and reads shared_var, calls work() ten times, and touches IPA 0x40000000 (a
// stage-2 translation fault at level 1 that the hypervisor records and skips); HVC #0 ends the run
// with status 0. Labels the tests stop at are functions, so the shell's symbol table knows them.
        .equ    SYS_EXIT, 0x18
        .equ    ALIAS, 0xc0000000       // VA 3 GiB -> IPA 2 GiB -> PA 0

        .macro  func name
        .global \name
        .type   \name, %function
\name:
        .endm

        .text
func _start
        ldr     x0, =hyp_stack_top
        mov     sp, x0
        adr     x0, hyp_vectors
        msr     vbar_el2, x0
        // VTCR_EL2: T0SZ 32 (4 GiB IPA), SL0 1 (start at level 1), walks Normal WB Inner Shareable,
        // 4 KiB granule, PS 32 bits; bit 31 RES1.
        ldr     x0, =(32 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 31))
        msr     vtcr_el2, x0
        ldr     x0, =s2_l1
        orr     x0, x0, #(2 << 48)      // VMID 2
        msr     vttbr_el2, x0
        mov     x0, #1                  // HCR_EL2.VM
        orr     x0, x0, #(1 << 31)      // HCR_EL2.RW
        msr     hcr_el2, x0
        // The VM's stage 1: MAIR Attr0 Normal WB; TCR T0SZ 32, WB walks, 4 KiB, EPD1; the MMU on.
        mov     x0, #0xff
        msr     mair_el1, x0
        ldr     x0, =(32 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
        msr     tcr_el1, x0
        ldr     x0, =s1_l1
        msr     ttbr0_el1, x0
        ldr     x0, =0x30d00801
        msr     sctlr_el1, x0
        tlbi    vmalls12e1              // nothing of VMID 2 may be cached from before
        dsb     nsh
        isb
        // The hypervisor's view of the VM's alias of shared_var through both stages.
        ldr     x1, =(shared_var + ALIAS)
        at      s12e1r, x1
        isb
        mrs     x0, par_el1
        ldr     x1, =par_s12
        str     x0, [x1]
        // A virtual interrupt for the VM: vINTID 40, Group 1, priority 0xa0, pending. ICH_HCR_EL2.UIE
        // asks for the maintenance interrupt while at most one list register is valid.
        mov     x0, #3                  // ICH_HCR_EL2.En | UIE
        msr     ich_hcr_el2, x0
        ldr     x0, =((1 << 62) | (1 << 60) | (0xa0 << 48) | 40)
        msr     ich_lr0_el2, x0
        isb
func lrs_loaded
        ldr     x0, =guest_start
        msr     elr_el2, x0
        mov     x0, #0x3c5              // EL1h, D, A, I and F masked
        msr     spsr_el2, x0
        eret

// ---- the VM (EL1) ----
func guest_start
        ldr     x0, =guest_stack_top
        mov     sp, x0
        mov     x29, #0
        ldr     x1, =(shared_var + ALIAS)
        at      s1e1r, x1
        isb
        mrs     x0, par_el1
        ldr     x1, =par_s1
        str     x0, [x1]
func guest_hvc
        hvc     #0x42
        ldr     x1, =shared_var
func guest_store
        mov     x0, #0x1234
        str     x0, [x1]
func guest_load
        ldr     x2, [x1]
        mov     x19, #0
func guest_loop
        mov     x0, x19
        bl      work
        add     x19, x19, #1
        cmp     x19, #10
        b.ne    guest_loop
func guest_fault
        mov     x3, #0x40000000
        ldr     x4, [x3]                // stage 2 does not map IPA 0x40000000
func guest_done
        hvc     #0
        b       .

func work
        stp     x29, x30, [sp, #-16]!
        mov     x29, sp
        bl      leaf
        ldp     x29, x30, [sp], #16
        ret
        .size   work, . - work

func leaf
        add     x0, x0, #1
        ret
        .size   leaf, . - leaf

// ---- the hypervisor's exception handling ----
        .balign 0x800
func hyp_vectors
        .skip   0x400
        b       hyp_sync_lower          // 0x400: synchronous from EL1

func hyp_sync_lower
        mrs     x10, esr_el2
        lsr     x11, x10, #26
        cmp     x11, #0x16              // HVC64
        b.ne    1f
        and     x12, x10, #0xffff
        cbz     x12, hyp_exit           // HVC #0: the end
        ldr     x13, =hvc_count
        ldr     x14, [x13]
        add     x14, x14, #1
        str     x14, [x13]
        eret
1:      cmp     x11, #0x24              // a data abort from the VM: record it, skip the access
        b.ne    hyp_fail
        ldr     x13, =fault_esr
        str     x10, [x13]
        mrs     x12, hpfar_el2
        str     x12, [x13, #8]
        mrs     x12, elr_el2
        add     x12, x12, #4
        msr     elr_el2, x12
        eret

func hyp_exit
        mov     x2, #0
        b       2f
hyp_fail:
        mov     x2, #1
2:      ldr     x1, =exit_block
        str     x2, [x1, #8]
        mov     w0, #SYS_EXIT
        hlt     #0xf000
        b       .

        .data
        .balign 8
        .macro  object name
        .global \name
        .type   \name, %object
        .size   \name, 8
\name:
        .endm
object shared_var
        .quad   0x5555
object par_s12
        .quad   0
object par_s1
        .quad   0
object hvc_count
        .quad   0
object fault_esr
        .quad   0
object fault_hpfar
        .quad   0
exit_block:
        .quad   0x20026, 0              // ADP_Stopped_ApplicationExit, status

        // Stage 2, level 1: IPA 0-1 GiB and 2-3 GiB -> PA 0, blocks (MemAttr Normal WB, S2AP RW,
        // Inner Shareable, AF); IPA 1-2 GiB and 3-4 GiB unmapped.
        .balign 4096
s2_l1:  .quad   0x7fd, 0, 0x7fd, 0
        // Stage 1, level 1: VA 0 and 1 GiB -> the same IPA, VA 3 GiB -> IPA 2 GiB (ALIAS), blocks
        // (Attr0, Inner Shareable, AF).
        .balign 4096
s1_l1:  .quad   0x701, 0x40000701, 0, 0x80000701

        .bss
        .balign 16
        .skip   4096
hyp_stack_top:
        .skip   4096
guest_stack_top:
