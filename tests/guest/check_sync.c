/* --check=sync: the EL2 code traps FP/SIMD (CPTR_EL2.TFP = 1), then stops trapping it (TFP = 0)
 * and uses an FP register at once: without the ISB between them (the violation, site fp_site) the FMOV may still
 * see the old CPTR_EL2 and trap; "good" has the ISB. Either way the value goes through D0. */
#include "check_common.h"

extern char fp_site[];

static __attribute__((noinline)) uint64_t through_d0(uint64_t v, bool isb_first)
{
    uint64_t out;
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
    if (isb_first)
        isb();
    __asm__ volatile(".arch_extension fp\n.global fp_site\nfp_site: fmov d0, %1\n fmov %0, d0" : "=r"(out) : "r"(v) : "v0");
    return out;
}

void test_main(void)
{
    bool good = check_arg("good");
    print_site("fp", fp_site);
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT | (1ull << 10));
    isb();
    exc_reset();
    CHECK_EQ(through_d0(0x1234567887654321ull, good), 0x1234567887654321ull);
    CHECK_EQ(exc.count, 0);
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
    isb();
}
