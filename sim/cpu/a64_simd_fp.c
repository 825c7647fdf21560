/* Advanced SIMD floating point: the vector and scalar FP forms of each class. */
#include "a64_simd.h"

enum decode_result simd_fp_decode_three_same(struct insn *i, uint32_t w, int scalar)
{
    (void)i, (void)w, (void)scalar;
    return DECODE_UNIMPLEMENTED;
}

enum decode_result simd_fp_decode_two_misc(struct insn *i, uint32_t w, int scalar)
{
    (void)i, (void)w, (void)scalar;
    return DECODE_UNIMPLEMENTED;
}

enum decode_result simd_fp_decode_across(struct insn *i, uint32_t w)
{
    (void)i, (void)w;
    return DECODE_UNIMPLEMENTED;
}

enum decode_result simd_fp_decode_pairwise(struct insn *i, uint32_t w)
{
    (void)i, (void)w;
    return DECODE_UNIMPLEMENTED;
}

enum decode_result simd_fp_decode_shift_imm(struct insn *i, uint32_t w, int scalar)
{
    (void)i, (void)w, (void)scalar;
    return DECODE_UNIMPLEMENTED;
}

enum decode_result simd_fp_decode_by_element(struct insn *i, uint32_t w, int scalar)
{
    (void)i, (void)w, (void)scalar;
    return DECODE_UNIMPLEMENTED;
}
