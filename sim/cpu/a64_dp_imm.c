/* Placeholder: this group's encodings are added by its own change. */
#include "insn.h"

const struct a64_encoding_group a64_group_dp_imm = { "dp_imm", NULL, 0 };
