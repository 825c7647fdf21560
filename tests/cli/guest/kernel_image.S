// An arm64 Image (Linux Documentation/arm64/booting.rst header: text_offset 0x80000, image_size
// 64 KiB, flags LE | 4K pages | anywhere) that reports how it was entered as its exit status:
//   bit 0  x0 pointed at a device tree blob (the FDT magic at an 8-byte aligned address)
//   bit 1  x1, x2 and x3 were 0
//   bit 2  it runs at 0x80000: text_offset above the base of DRAM
//   bit 3  at EL2
// So a boot by the protocol exits 15. The test extracts the bytes from the ELF into a plain Image.
#include "semihost.inc"
    .equ    FDT_MAGIC_LE, 0xedfe0dd0
    .text
    .global _start
_start:
    b       code                        // code0
    .word   0                           // code1
    .quad   0x80000                     // text_offset
    .quad   0x10000                     // image_size
    .quad   0xa                         // flags
    .quad   0, 0, 0                     // res2-res4
    .ascii  "ARM\x64"                   // magic
    .word   0                           // res5
code:
    mov     x9, #0
    tst     x0, #7
    b.ne    1f
    cbz     x0, 1f
    ldr     w6, [x0]
    movz    w7, #(FDT_MAGIC_LE & 0xffff)
    movk    w7, #(FDT_MAGIC_LE >> 16), lsl #16
    cmp     w6, w7
    b.ne    1f
    orr     x9, x9, #1
1:  orr     x1, x1, x2
    orr     x1, x1, x3
    cbnz    x1, 2f
    orr     x9, x9, #2
2:  adr     x6, _start
    mov     x7, #0x80000
    cmp     x6, x7
    b.ne    3f
    orr     x9, x9, #4
3:  mrs     x6, CurrentEL
    cmp     x6, #(2 << 2)
    b.ne    4f
    orr     x9, x9, #8
4:  adr     x1, block
    str     x9, [x1, #8]
    mov     w0, #SYS_EXIT
    hlt     #0xf000
    .balign 8
block:
    .quad   ADP_STOPPED_APPLICATION_EXIT, 0
