# args: @GUEST@/hyp.elf
# status: 3
# Errors get one line and change nothing; unique prefixes and aliases; help.
frobnicate
s
de
info frob
break
delete 99
cpu 7
catch hvx
watch
x/3q 0
print $x0 ==
info registers nosuch
stepi 1
p $pc
conti
help stepi
help info
help info gic
help
watch $sp + 8
watch pa:0x1000 4 if el == 1
rwatch el2:0x1000 0
info breakpoints
quit 3
