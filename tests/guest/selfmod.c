/* Self-modifying code: write instructions, clean them to the point of unification (DC CVAU),
 * invalidate the instruction cache (IC IVAU), ISB, execute them (Arm ARM B2.4.4, "Concurrent
 * modification and execution of instructions" and the cache maintenance sequence of D7.5). */
#include "test.h"

#define MOVZ_W0(imm) (0x52800000u | ((uint32_t)(imm) << 5))   /* MOVZ W0, #imm */
#define ADD_X0_X0(imm) (0x91000000u | ((uint32_t)(imm) << 10)) /* ADD X0, X0, #imm */
#define RET 0xd65f03c0u

static uint32_t code[64] __attribute__((aligned(64)));

static void sync_code(const void *start, size_t bytes)
{
    for (uintptr_t p = (uintptr_t)start & ~63ul; p < (uintptr_t)start + bytes; p += 64)
        __asm__ volatile("dc cvau, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb ish" : : : "memory");
    for (uintptr_t p = (uintptr_t)start & ~63ul; p < (uintptr_t)start + bytes; p += 64)
        __asm__ volatile("ic ivau, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb ish\n isb" : : : "memory");
}

static uint64_t call(const uint32_t *entry, uint64_t arg)
{
    uint64_t (*fn)(uint64_t) = (uint64_t (*)(uint64_t))(uintptr_t)entry;
    return fn(arg);
}

static uint64_t el1_run_code(uint64_t arg)
{
    code[0] = MOVZ_W0(arg);
    code[1] = RET;
    sync_code(code, 8);
    return call(code, 0);
}

void test_main(void)
{
    /* write, execute, rewrite the same words, execute again */
    for (unsigned k = 0; k < 8; k++) {
        code[0] = MOVZ_W0(0x1000 + k);
        code[1] = RET;
        sync_code(code, 8);
        CHECK_EQ(call(code, 0), 0x1000 + k);
    }
    /* a longer sequence built one instruction at a time, run after each step */
    code[0] = RET;
    sync_code(code, 4);
    CHECK_EQ(call(code, 5), 5);
    for (unsigned k = 0; k < 32; k++) {
        code[k] = ADD_X0_X0(k + 1);
        code[k + 1] = RET;
        sync_code(&code[k], 8);
        CHECK_EQ(call(code, 0), (k + 1) * (k + 2) / 2);
    }
    /* a store to a cached-and-executed line, then a jump into the middle of the new code */
    code[40] = MOVZ_W0(0xbeef);
    code[41] = RET;
    sync_code(&code[40], 8);
    CHECK_EQ(call(&code[40], 0), 0xbeef);
    code[40] = MOVZ_W0(0xcafe);
    sync_code(&code[40], 4);
    CHECK_EQ(call(&code[40], 0), 0xcafe);
    /* the same at EL1 (IC IVAU and DC CVAU are allowed at EL1 with HCR_EL2 traps off) */
    CHECK_EQ(run_at(1, el1_run_code, 0x4242), 0x4242);
    CHECK_EQ(run_at(1, el1_run_code, 0x2424), 0x2424);
    /* IC IALLU and IC IALLUIS invalidate everything */
    code[50] = MOVZ_W0(0x1111);
    code[51] = RET;
    sync_code(&code[50], 8);
    CHECK_EQ(call(&code[50], 0), 0x1111);
    code[50] = MOVZ_W0(0x2222);
    __asm__ volatile("dc cvau, %0\n dsb ish\n ic iallu\n dsb ish\n isb" : : "r"(&code[50]) : "memory");
    CHECK_EQ(call(&code[50], 0), 0x2222);
    code[50] = MOVZ_W0(0x3333);
    __asm__ volatile("dc cvau, %0\n dsb ish\n ic ialluis\n dsb ish\n isb" : : "r"(&code[50]) : "memory");
    CHECK_EQ(call(&code[50], 0), 0x3333);
}
