/* Placeholder: MRS/MSR/SYS/SYSL come with the system-register table. */
#include "insn.h"

const struct a64_encoding_group a64_group_sysreg = { "sysreg", NULL, 0 };
