// A guest stuck in an exception loop: it never sets VBAR_EL2, so its UDF goes to the vector at
// 0x200, where zeros (UDF) take the same exception again, forever.
        .text
        .global _start
        .type   _start, %function
_start: udf     #0
