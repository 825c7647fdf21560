/* --check=cache: the EL2 code writes two instructions (mov w0, #42; ret) into a buffer with data
 * stores and calls it, with the instruction cache on (SCTLR_EL2.I; the MMU is off, so the stores
 * reach memory and no DC clean is needed). The violation skips the IC IVAU + DSB, so the fetch may
 * hit stale instructions (site code_buf, the first written instruction); "good" has DC CVAU, DSB,
 * IC IVAU, DSB, ISB. Either way the call returns 42 (the simulator, like QEMU, fetches the new code). */
#include "check_common.h"

static uint32_t code_buf[16] __attribute__((aligned(64)));

void test_main(void)
{
    bool good = check_arg("good");
    print_site("code", code_buf);
    write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | (1ull << 12));
    isb();
    ((volatile uint32_t *)code_buf)[0] = 0x52800540; /* mov w0, #42 */
    ((volatile uint32_t *)code_buf)[1] = 0xd65f03c0; /* ret */
    __asm__ volatile("dc cvau, %0" : : "r"(code_buf) : "memory");
    __asm__ volatile("dsb ish" : : : "memory");
    if (good)
        __asm__ volatile("ic ivau, %0\n dsb ish" : : "r"(code_buf) : "memory");
    isb();
    uint64_t (*fn)(void) = (uint64_t (*)(void))(uintptr_t)code_buf;
    CHECK_EQ(fn() & 0xffffffff, 42);
}
