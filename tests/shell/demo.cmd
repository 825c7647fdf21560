# args: @DEMO@/hyp.elf
# Two cores under the demo hypervisor: an IRQ taken from a VM, the cores' states, the timer that
# fired, the other core's registers, SMCs answered by the board's firmware (PSCI), info gic.
catch irq
continue
info cpus
info timers
cpu 1
info registers pc cpsr
print vmid
delete
catch smc
continue
info gic
delete
continue
