/* For --gic-lrs: a hypervisor that fills four list registers, as many as the Cortex-A72 has. The
 * violation assumes four; "good" uses as many as ICH_VTR_EL2.ListRegs says. With --gic-lrs 2 the
 * first writes ICH_LR2_EL2, which does not exist (UNDEFINED), and fails; the second passes. */
#include "check_common.h"
#include "smp.h"

static void write_lr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: write_sysreg(S3_4_C12_C12_0, v); break;
    case 1: write_sysreg(S3_4_C12_C12_1, v); break;
    case 2: write_sysreg(S3_4_C12_C12_2, v); break;
    default: write_sysreg(S3_4_C12_C12_3, v); break;
    }
}

static uint64_t read_lr(unsigned n)
{
    switch (n) {
    case 0: return read_sysreg(S3_4_C12_C12_0);
    case 1: return read_sysreg(S3_4_C12_C12_1);
    case 2: return read_sysreg(S3_4_C12_C12_2);
    default: return read_sysreg(S3_4_C12_C12_3);
    }
}

void test_main(void)
{
    unsigned lrs = check_arg("good") ? (unsigned)(read_sysreg(S3_4_C12_C11_1) & 0x1f) + 1 : 4;
    sh_puts("list registers used: ");
    sh_put_hex(lrs);
    sh_puts("\n");
    for (unsigned n = 0; n < lrs && n < 4; n++) {
        uint64_t v = 1ull << 62 | 1ull << 60 | 0xa0ull << 48 | (32 + n);
        write_lr(n, v);
        isb();
        CHECK_EQ(read_lr(n), v);
    }
    for (unsigned n = 0; n < lrs && n < 4; n++)
        write_lr(n, 0);
    isb();
}
