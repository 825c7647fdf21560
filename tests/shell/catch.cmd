# args: @GUEST@/hyp.elf
# Catchpoints: the VMID switch, the TLBI, the maintenance interrupt, the HVC with its decoded
# syndrome, the return to the VM, exceptions by class, EL changes.
catch vm-switch
catch tlbi
catch maintenance
continue
continue
continue
info breakpoints
delete
catch hvc
catch eret
info breakpoints
continue
print/x $ESR_EL2
print/x $ELR_EL2
continue
delete
catch exception DABT_LOW to el2
continue
print/x $ESR_EL2
delete
catch el-change
continue
continue
