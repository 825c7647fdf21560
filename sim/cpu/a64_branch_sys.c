/* Placeholder with the semihosting call only. */
#include "insn.h"
#include "semihost.h"
#include "timing.h"

static enum exec_status exec_hlt(struct cpu *c, const struct insn *i)
{
    if (i->imm == 0xf000)
        return semihosting_call(c);
    return exec_undefined(c, i);
}

static enum decode_result decode_hlt(struct insn *i, uint32_t w)
{
    i->exec = exec_hlt;
    i->imm = bits(w, 20, 5);
    i->cost = TIMING_EXCEPTION;
    return DECODE_OK;
}

static const struct a64_encoding rows[] = {
    { 0xffe0001f, 0xd4400000, "HLT", decode_hlt },
};
const struct a64_encoding_group a64_group_branch_sys = { "branch_sys", rows, 1 };
