# A run under gdb that only continues ends as the plain run does: the same output, status,
# instructions and cycles per core (--stats=json).
# run: @DEMO@/hyp.elf
# symbols: @DEMO@/hyp.elf
# status: 0
# same-as-plain
continue
# expect: \[Inferior 1 \(Remote target\) exited normally\]
