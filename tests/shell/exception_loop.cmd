# args: @GUEST@/loop.elf
# A guest stuck in an exception loop (no vector table) explains itself in the shell too.
continue
info cpus
