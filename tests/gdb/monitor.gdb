# Monitor commands: catches (an HVC, the stage-2 fault VM 2 makes on purpose), why, translate through
# both stages, the list registers, the cores; the system registers the exceptions wrote.
# run: @DEMO@/hyp.elf
# symbols: @DEMO@/hyp.elf
# symbols: @DEMO@/guest.elf
# status: 0
monitor catch hvc el 2
# expect: catch 1: hvc
continue
# expect: catch 1 \(hvc\) on core 0 at pc 0x100c00: cpu0: EC 0x16 HVC64 #0x1 \(ESR_EL2 0x5a000001\), EL1 -> EL2 at pc 0x[0-9a-f]+, VMID 1
# expect: Thread 1 received signal SIGTRAP
p $pc
# expect: <hyp_vectors\+1024>
p/x $esr_el2
# expect: = 0x5a000001
monitor why
# expect: EC 0x16 HVC64 #0x1
monitor info cpus
# expect: cpu0: running pc 0x0000000000100c00 EL2h VMID 0
monitor catch delete
monitor catch
# expect: no catchpoints
# The VMs' UART has no stage-2 mapping: the hypervisor emulates it from the stage-2 data aborts.
monitor catch stage2-fault
continue
# expect: catch \d+ \(stage2-fault\) on core 1 at pc 0x100c00: cpu1: EC 0x24 DABT_LOW read, translation fault, level 1
p/x $far_el2
# expect: = 0x9000018
p/x $hpfar_el2
# expect: = 0x90000
monitor why 2
# expect: stage 2 of IPA 0x9000018
# expect: the stage-2 L1 descriptor at PA 0x[0-9a-f]+ is 0x0000000000000000: bit 0 \(valid\) is 0
monitor catch delete
eval "monitor qualify 0x%lx vmid 2", (long)&guest_irq
break *guest_irq
delete
eval "monitor qualify 0x%lx vmid 1", (long)&guest_irq
break *guest_irq
continue
# expect: Breakpoint \d+, (0x[0-9a-f]+ in )?guest_irq
monitor translate 0x40000000
# expect: translate 0x0000000040000000 on cpu0 in EL1&0 .*VMID 1
# expect: => PA 0x2000000, Normal
monitor info gic lrs
# expect: LR0 0x70a0001b0000001b  vINTID 27, pending, HW, Group1, priority 0xa0, pINTID 27
monitor frobnicate
# expect: unknown monitor command 'frobnicate'
delete
continue
# expect: \[Inferior 1 \(Remote target\) exited normally\]
