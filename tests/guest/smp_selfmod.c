/* Cross-modification (Arm ARM B2.4.4): core 1 rewrites an instruction that core 0 has already
 * executed; core 1 cleans it to the point of unification and invalidates it (DC CVAU, DSB, IC IVAU,
 * DSB ISH), then tells core 0, which synchronises its context (ISB) and must run the new
 * instruction. a72sim shares decoded code between the cores, so the store itself must reach it. */
#include "smp.h"

#define MOVZ_W0(imm) (0x52800000u | ((uint32_t)(imm) << 5))   /* MOVZ W0, #imm */
#define RET 0xd65f03c0u

static uint32_t code[16] __attribute__((aligned(64)));
static volatile uint64_t step, cpu1_done;
static volatile uint32_t next_word;

static uint64_t call(void)
{
    return ((uint64_t (*)(void))(uintptr_t)code)();
}

static void cpu1_writer(void)
{
    for (unsigned round = 1; round <= 3; round++) {
        while (step != round)
            cpu_relax();
        code[0] = next_word;
        __asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish" : : "r"(code) : "memory");
        cpu1_done = round;
    }
}

void test_main(void)
{
    code[0] = MOVZ_W0(0x10);
    code[1] = RET;
    __asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" : : "r"(code) : "memory");
    CHECK_EQ(call(), 0x10); /* core 0 has now executed (a72sim: decoded) the page */
    step = cpu1_done = 0;
    CHECK_EQ(smp_start_cpu1(cpu1_writer), PSCI_SUCCESS);
    for (unsigned round = 1; round <= 3; round++) {
        next_word = MOVZ_W0(0x10 + round);
        __asm__ volatile("dsb sy" ::: "memory");
        step = round;
        while (cpu1_done != round)
            cpu_relax();
        __asm__ volatile("isb" ::: "memory");
        CHECK_EQ(call(), 0x10 + round);
    }
    CHECK(smp_wait_cpu1_off());
}
