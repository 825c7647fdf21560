// Never exits: for --max-insns.
    .text
    .global _start
_start:
    b       _start
