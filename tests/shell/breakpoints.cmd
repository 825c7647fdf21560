# args: @GUEST@/hyp.elf
# Breakpoints qualified by regime and VMID, conditions on EL, VMID and registers, tbreak,
# disable/enable/delete, continue N, finish, until, nexti over a call, backtrace, reset.
break *el2:work
break *el1:vmid3:guest_loop
break *el1:vmid2:guest_loop if $x19 == 3
tbreak leaf if el == 1 && vmid == 2
info breakpoints
continue
print $x19
backtrace
finish
continue
print $x19
condition 3
continue
print $x19
continue 3
print $x19
delete 3
nexti
nexti
print $x0
until guest_fault
x/2i $pc
disable
info breakpoints
continue
stepi
reset
info breakpoints
enable 1
break *pa:0x200108
continue
print $x0
delete 5
continue
