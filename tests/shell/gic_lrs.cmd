# args: @GUEST@/hyp.elf
# info gic lrs while a virtual interrupt waits in ICH_LR0_EL2.
break lrs_loaded
continue
print/x $ICH_LR0_EL2
print/x $ICH_HCR_EL2
info gic lrs
