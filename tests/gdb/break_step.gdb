# Break at a symbol, step, read x and system registers, write a register and see the program act on
# it, continue to the exit with the status the change causes.
# run: --el3 --max-insns 50000000 @GUEST@/int_alu.elf
# symbols: @GUEST@/int_alu.elf
# status: 1
# output: ^FAILED: \d+ checks, 1 failures
break *test_main
continue
# expect: Breakpoint 1, (0x[0-9a-f]+ in )?test_main
p $pc
# expect: = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <test_main>
stepi
p $pc
# expect: <test_main\+4>
stepi 2
p $pc
# expect: <test_main\+12>
# The start code went from EL3 to EL2: CurrentEL reads 0b10 in bits 3:2, and cpsr shows it too.
p/x $currentel
# expect: = 0x8
p $cpsr
# expect: EL=2
info threads
# expect: \* 1 +Thread 1 \(core 0, EL2, VMID 0, running\)
# expect: 2 +Thread 2 \(core 1, EL3, VMID 0, off\)
# The first CHECK_EQ compares x0 with x1: make its expected value differ.
break test_check_eq
continue
# expect: Breakpoint 2, (0x[0-9a-f]+ in )?test_check_eq
set $x1 = $x0 + 1
maintenance flush register-cache
p $x1 == $x0 + 1
# expect: = 1
delete
continue
# expect: \[Inferior 1 \(Remote target\) exited with code 01\]
