# A run stopped by breakpoints, single steps and a watchpoint on both cores, then continued, ends as
# the plain run does: the same output, status, instructions and cycles per core.
# run: @DEMO@/hyp.elf
# symbols: @DEMO@/hyp.elf
# symbols: @DEMO@/guest.elf
# status: 0
# same-as-plain
break vcpu_load
continue
# expect: Breakpoint 1, (0x[0-9a-f]+ in )?vcpu_load
stepi 7
continue
# expect: Breakpoint 1, (0x[0-9a-f]+ in )?vcpu_load
delete
watch ticks
continue
# expect: Hardware watchpoint 2: ticks
# expect: New value = 1
thread 2
stepi
thread 1
stepi
delete
continue
# expect: \[Inferior 1 \(Remote target\) exited normally\]
