# Two cores as two threads: a watchpoint hit by core 1, info threads, thread switching, a
# breakpoint that core 1 reaches, continue to the exit.
# run: --max-insns 200000000 @GUEST@/smp_sync.elf
# symbols: @GUEST@/smp_sync.elf
# status: 0
# output: ^PASSED: \d+ checks, 0 failures
info threads
# expect: \* 1 +Thread 1 \(core 0, EL2, VMID 0, running\)
# expect: 2 +Thread 2 \(core 1, EL2, VMID 0, off\)
# Core 1 sets cpu1_waiting once PSCI CPU_ON started it.
watch cpu1_waiting
# expect: Hardware watchpoint 1: cpu1_waiting
continue
# expect: \[Switching to Thread 2\]
# expect: Thread 2 hit Hardware watchpoint 1: cpu1_waiting
# expect: Old value = 0
# expect: New value = 1
# expect: cpu1_wfe_job
info threads
# expect: 1 +Thread 1 \(core 0, EL2, VMID 0, (running|WFI|WFE)\)
# expect: \* 2 +Thread 2 \(core 1, EL2, VMID 0, running\) .*cpu1_wfe_job
p $_thread
# expect: = 2
thread 1
# expect: \[Switching to thread 1 \(Thread 1\)\]
p $_thread
# expect: = 1
p $pc != 0
# expect: = 1
delete
break *cpu1_store_job
continue
# expect: Thread 2 hit Breakpoint 2, (0x[0-9a-f]+ in )?cpu1_store_job
p/x $mpidr_el1 & 0xff
# expect: = 0x1
delete
continue
# expect: \[Inferior 1 \(Remote target\) exited normally\]
