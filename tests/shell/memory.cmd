# args: @GUEST@/hyp.elf
# x and xp, set $reg and set memory, and errors that leave the state as it was.
stepi 2
x/4gx $sp - 16
xp/2gx shared_var
x/2wx shared_var
x/8xb shared_var
x/s 0
x/2a $pc
set $x5 = 0x42 + 1
print $x5
set *(u64*)shared_var = 7
x/gx shared_var
set *(u32*)pa:shared_var = 0x99
xp/gx shared_var
set $x0 = *(u64*)shared_var * 2
print $x0
set $nosuch = 1
set $MIDR_EL1 = 1
set *0xf0000000 = 1
x/2gx 0xdead00000000
print 1 +
print (1 << 4) | 3 == 19
print 10 / 0
print nosuch_symbol
print $x0
