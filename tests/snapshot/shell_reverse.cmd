# args: @GUEST@/hyp.elf
# Reverse execution in the shell (the shell records from its start): reverse-continue to the previous
# breakpoint hit and to the last write of a watched variable, reverse-stepi against stepi, checkpoint
# and restart, reverse-finish and reverse-nexti over a call, going back past the start, and no
# history once the recording stops.
break *el1:vmid2:guest_loop
continue
continue
continue
print $x19
reverse-continue
print $x19
reverse-continue
print $x19
print icount
stepi 7
print icount
print $x0
reverse-stepi 7
print icount
stepi 7
print $x0
checkpoint
continue
print $x19
restart 1
print icount
print $x19
delete
break leaf
continue
reverse-finish
print $x19
stepi
reverse-nexti
delete
nexti
reverse-nexti
reverse-stepi
x/1i $pc

watch *el1:vmid2:shared_var
reverse-continue
print/x *(u64*)shared_var
reverse-continue
reverse-stepi 100000000
record stop
reverse-stepi
record
continue
