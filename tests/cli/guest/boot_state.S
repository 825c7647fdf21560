// Reports the state it was entered in as its exit status:
//   bits 1:0  CurrentEL.EL
//   bits 5:2  PSTATE.{D,A,I,F} (DAIF bits 9:6)
//   bit  6    x0 was not 0 at entry
//   bit  7    x0 pointed at a device tree blob: an 8-byte aligned address holding the FDT magic
//             0xd00dfeed (big-endian)
// So Non-secure EL2 with every exception masked and x0 = the DTB exits 254 (0xfe); EL3 at reset
// with x0 = 0 exits 63 (0x3f).
#include "semihost.inc"
    .equ    FDT_MAGIC_LE, 0xedfe0dd0    // the big-endian magic as a little-endian load sees it
    .text
    .global _start
_start:
    mov     x5, x0
    mrs     x2, CurrentEL
    lsr     x2, x2, #2
    mrs     x3, DAIF
    lsr     x3, x3, #6
    orr     x2, x2, x3, lsl #2
    cbz     x5, 1f
    orr     x2, x2, #0x40
    tst     x5, #7                      // a misaligned load would fault (Device memory)
    b.ne    1f
    ldr     w6, [x5]
    movz    w7, #(FDT_MAGIC_LE & 0xffff)
    movk    w7, #(FDT_MAGIC_LE >> 16), lsl #16
    cmp     w6, w7
    b.ne    1f
    orr     x2, x2, #0x80
1:  exit_reg x2
