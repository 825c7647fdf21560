# args: @GUEST@/hyp.elf
# Registers after N steps: the hypervisor's first instructions set SP and VBAR_EL2.
info registers pc cpsr
stepi 4
info registers
print $sp
print/x $VBAR_EL2
print el
print icount
print cycles > 0
x/3i $pc
stepi
info registers x0
cpu 1
info registers pc
cpu 0
