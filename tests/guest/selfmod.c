/* Self-modifying code: write instructions, clean them to the point of unification (DC CVAU),
 * invalidate the instruction cache (IC IVAU), ISB, execute them (Arm ARM B2.4.4, "Concurrent
 * modification and execution of instructions" and the cache maintenance sequence of D7.5).
 * Also: code that rewrites the instruction right after its own maintenance sequence, in the same
 * straight-line run (a72sim's decoded block), and code written by the host (semihosting SYS_READ
 * from a file, with --semihosting-files) into words that were executed before. */
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

/* Stores W1 to [X2] (the MOVZ below), makes it visible to instruction fetch, then runs it. */
extern const uint32_t smc_template[], smc_template_end[];
__asm__(".section .rodata\n"
        ".balign 4\n"
        "smc_template:\n"
        "    str w1, [x2]\n"
        "    dc cvau, x2\n"
        "    dsb ish\n"
        "    ic ivau, x2\n"
        "    dsb ish\n"
        "    isb\n"
        "    movz w0, #1\n"
        "    ret\n"
        "smc_template_end:\n"
        ".text\n");
#define SMC_MOVZ_INDEX 6 /* smc_template's MOVZ */

static uint64_t call3(const uint32_t *entry, uint64_t a0, uint64_t a1, uint64_t a2)
{
    uint64_t (*fn)(uint64_t, uint64_t, uint64_t) = (uint64_t (*)(uint64_t, uint64_t, uint64_t))(uintptr_t)entry;
    return fn(a0, a1, a2);
}

static void test_store_ahead_in_block(void)
{
    uint32_t *f = &code[8]; /* code[8..15]: rewritten by the tests that follow */
    unsigned n = (unsigned)(smc_template_end - smc_template);
    for (unsigned k = 0; k < n; k++)
        f[k] = smc_template[k];
    sync_code(f, n * 4);
    uint32_t *movz = &f[SMC_MOVZ_INDEX];
    /* First run: the MOVZ is rewritten with itself and executed (now decoded). */
    CHECK_EQ(call3(f, 0, MOVZ_W0(1), (uintptr_t)movz), 1);
    /* Then each run stores a new MOVZ just ahead of the PC and must execute the new one. */
    for (unsigned k = 2; k < 6; k++)
        CHECK_EQ(call3(f, 0, MOVZ_W0(k), (uintptr_t)movz), k);
}

/* Semihosting file operations (the subset this test needs). */
static int64_t sh_open(const char *name, uint64_t mode)
{
    uint64_t len = 0;
    while (name[len])
        len++;
    uint64_t args[3] = { (uintptr_t)name, mode, len };
    return (int64_t)semihost(0x01, args);
}
static int64_t sh_write(int64_t h, const void *buf, uint64_t len)
{
    uint64_t args[3] = { (uint64_t)h, (uintptr_t)buf, len };
    return (int64_t)semihost(0x05, args);
}
static int64_t sh_read(int64_t h, void *buf, uint64_t len)
{
    uint64_t args[3] = { (uint64_t)h, (uintptr_t)buf, len };
    return (int64_t)semihost(0x06, args);
}
static int64_t sh_seek(int64_t h, uint64_t pos)
{
    uint64_t args[2] = { (uint64_t)h, pos };
    return (int64_t)semihost(0x0a, args);
}
static void sh_close(int64_t h)
{
    uint64_t args[1] = { (uint64_t)h };
    (void)semihost(0x02, args);
}
static void sh_remove(const char *name)
{
    uint64_t len = 0;
    while (name[len])
        len++;
    uint64_t args[2] = { (uintptr_t)name, len };
    (void)semihost(0x0e, args);
}

/* The host writes new code (SYS_READ) over instructions that ran before; after the maintenance
 * sequence the new ones must run. Needs host files (a72sim --semihosting-files; QEMU allows them). */
static void test_host_written_code(void)
{
    uint32_t *f = &code[20];
    f[0] = MOVZ_W0(0x111);
    f[1] = RET;
    sync_code(f, 8);
    CHECK_EQ(call(f, 0), 0x111);
    /* Each simulator writes its own file: a72sim and the QEMU oracle may run at the same time. */
    const char *name = test_on_qemu ? "selfmod_host.qemu.tmp" : "selfmod_host.a72sim.tmp";
    int64_t h = sh_open(name, 6); /* "w+b" */
    CHECK(h > 0);
    if (h <= 0)
        return;
    uint32_t fresh[2] = { MOVZ_W0(0x222), RET };
    CHECK_EQ(sh_write(h, fresh, sizeof(fresh)), 0);
    CHECK_EQ(sh_seek(h, 0), 0);
    CHECK_EQ(sh_read(h, f, sizeof(fresh)), 0); /* 0 bytes left unread */
    sh_close(h);
    sh_remove(name);
    __asm__ volatile("dsb ish\n ic iallu\n dsb ish\n isb" ::: "memory");
    CHECK_EQ(call(f, 0), 0x222);
}

void test_main(void)
{
    test_store_ahead_in_block();
    test_host_written_code();
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
