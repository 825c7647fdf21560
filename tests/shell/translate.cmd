# args: @GUEST@/hyp.elf
# translate through both stages, compared with the guest's own AT results: PAR_EL1 of
# AT S12E1R (the hypervisor) and AT S1E1R (the VM) for shared_var's alias at VA 0xc0201000:
# PAR_EL1.PA (bits 47:12) is the PA (0x201000) and the IPA (0x80201000) that translate prints.
break guest_hvc
continue
print/x *(u64*)par_s12
print/x *(u64*)par_s12 & 0xfffffffff000
print/x *(u64*)par_s1
print/x *(u64*)par_s1 & 0xfffffffff000
print/x shared_var
translate shared_var + 0xc0000000 el1
translate shared_var + 0xc0000000 s1
translate shared_var el1
translate 0x40000000 el1
x/gx shared_var + 0xc0000000
x/gx el2:shared_var
x/gx el2:shared_var + 0xc0000000
x/2i el2:_start
xp/gx el1:shared_var
