# args: @GUEST@/hyp.elf
# Watchpoints: write (a change of value), read and access, virtual (in a regime and VMID) and
# physical; the machine stops after the access.
awatch el2:par_s12
continue
print/x *(u64*)par_s12
delete
awatch pa:par_s1
continue
print/x *(u64*)par_s1
delete
watch *el1:vmid2:shared_var
rwatch pa:shared_var 4
info breakpoints
continue
continue
delete
watch el1:vmid7:shared_var
watch el2:shared_var
set *(u64*)shared_var = 0x77
continue
