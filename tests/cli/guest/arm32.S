// A 32-bit Arm (A32) ELF: a72sim runs AArch64 images only and must refuse it.
    .text
    .global _start
_start:
    b       _start
