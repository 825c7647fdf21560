# args: --symbols @SRC@/extra_symbols.map @GUEST@/hyp.elf
# Symbols from a --symbols map (nm/System.map format) name code and data as the image's own do.
break map_guest_loop
info breakpoints
continue
x/2i $pc
print map_hvc_count
