# Reverse execution over gdb (bs, bc) with --record: reverse-stepi N then stepi N comes back to the
# same state, reverse-continue finds the previous breakpoint hit, and the start of the recording
# ends a reverse run; a watchpoint going back finds the last write.
# run: --el3 --max-insns 50000000 --record=5000 @GUEST@/int_alu.elf
# symbols: @GUEST@/int_alu.elf
# status: 0
# output: ^PASSED: \d+ checks, 0 failures
break *test_main
continue
# expect: Breakpoint 1, (0x[0-9a-f]+ in )?test_main
delete
stepi 40
set $pc40 = $pc
set $x0_40 = $x0
set $x1_40 = $x1
set $sp40 = $sp
set $nzcv40 = $cpsr
reverse-stepi 40
p $pc == test_main
# expect: = 1
stepi 40
p $pc == $pc40 && $x0 == $x0_40 && $x1 == $x1_40 && $sp == $sp40 && $cpsr == $nzcv40
# expect: = 1
# test_check_eq counts its calls in test_checks (the first check ran in the 40 steps): three hits
# forward, then one back, to the second, on the check of line 32.
break test_check_eq
continue
continue
continue
p test_checks
# expect: = 3
reverse-continue
# expect: Breakpoint 2, test_check_eq \(.*line=line@entry=32
p test_checks
# expect: = 2
# A watchpoint going back: the last write to test_checks, stopped at the store, before it.
delete
watch test_checks
reverse-continue
# expect: Hardware watchpoint 3: test_checks
# expect: Old value = 2
# expect: New value = 1
x/i $pc
# expect: => 0x[0-9a-f]+ <test_check_eq\+\d+>:\s+str\s+w\d+, \[x\d+
p test_checks
# expect: = 1
delete
reverse-continue
# expect: No more reverse-execution history
# expect: _start \(\)
continue
# expect: \[Inferior 1 \(Remote target\) exited normally\]
