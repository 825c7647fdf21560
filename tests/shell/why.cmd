# args: @GUEST@/hyp.elf
# why after a stage-2 fault: the VM's load from IPA 0x40000000, which stage 2 does not map.
catch stage2-fault
continue
print/x $HPFAR_EL2
print/x $FAR_EL2
why
