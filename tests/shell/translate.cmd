# args: @GUEST@/hyp.elf
# translate through both stages, compared with the guest's own AT results: PAR_EL1 of
# AT S12E1R (the hypervisor) and AT S1E1R (the VM) for shared_var.
break guest_hvc
continue
print/x *(u64*)par_s12
print/x *(u64*)par_s1
print/x shared_var
translate shared_var el1
translate shared_var s1
translate 0x40000000 el1
