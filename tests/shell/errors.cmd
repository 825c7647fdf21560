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
quit 3
