# The demo hypervisor's two VMs: a breakpoint qualified by VMID (monitor qualify), EL2 and GIC
# system registers, guest memory by virtual and by physical address, continue to the exit.
# run: @DEMO@/hyp.elf
# symbols: @DEMO@/hyp.elf
# symbols: @DEMO@/guest.elf
# status: 0
# output: \[hyp\] all VMs finished, PSCI SYSTEM_OFF
#
# Both VMs run the same guest image at the same addresses: only the qualifier tells them apart.
eval "monitor qualify 0x%lx vmid 2", (long)&guest_irq
# expect: applies to breakpoints and watchpoints gdb inserts at this address from now on
break *guest_irq
continue
# expect: Breakpoint 1, (0x[0-9a-f]+ in )?guest_irq
p/x $vttbr_el2 >> 48
# expect: = 0x2
p vm_id
# expect: = 2
info threads
# expect: \* \d+ +Thread \d+ \(core \d, EL1, VMID 2, running\)
# HCR_EL2 as hyp.c sets it: RW | TSC | AMO | IMO | FMO | VM.
p/x $hcr_el2
# expect: = 0x80080039
# The timer interrupt injected through a list register: pending, HW, Group 1, pINTID = vINTID = 27.
p/x $ich_lr0_el2
# expect: = 0x7[0-9a-f]{3}001b0000001b
# Reading ICC_IAR1_EL1 would acknowledge an interrupt: gdb may not.
p $icc_iar1_el1
# expect: <unavailable>
# Guest memory: virtual (the VM's stage 1 then stage 2) and physical (VM 2's RAM at 0x2400000,
# VM 1's at 0x2000000), where each VM keeps its own vm_id.
x/4gx 0x40000000
monitor phys on
x/4gx 0x2400000
# expect: <guest_entry>:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\n0x40000010 <guest_entry\+16>:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\naddresses are physical\n0x2400000:\s+\1\s+\2\n0x2400010:\s+\3\s+\4\n
p *(unsigned int *)(0x2400000 + ((long)&vm_id - 0x40000000))
# expect: = 2
p *(unsigned int *)(0x2000000 + ((long)&vm_id - 0x40000000))
# expect: = 1
monitor phys off
# expect: addresses are virtual
# The qualifier goes with the breakpoints gdb inserts on the next continue.
eval "monitor qualify 0x%lx vmid 1", (long)&guest_irq
continue
# expect: Breakpoint 1, (0x[0-9a-f]+ in )?guest_irq
p vm_id
# expect: = 1
p/x $vttbr_el2 >> 48
# expect: = 0x1
delete
continue
# expect: \[Inferior 1 \(Remote target\) exited normally\]
