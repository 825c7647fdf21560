/* A program of known behaviour for the trace tests (tests/trace/run_trace_tests.py, trace/known_guest):
 * with stage 2 on (VMID 1), EL1 code in hvc_caller() makes HVC_COUNT HVCs; one EL1 load from an IPA
 * that stage 2 does not map takes one stage-2 data abort to EL2 (the handler skips the load); at EL2,
 * tlbi_scopes() runs TLBI_EACH rounds of one TLBI of each scope (VA, ASID, VMID, all, IPA). The
 * program checks what it sees itself (the exceptions the EL2 handler recorded); the trace test
 * checks that the trace holds exactly those events. */
#include "mmu_pt.h"

#define HVC_COUNT 5
#define TLBI_EACH 3
#define IDENTITY_SIZE 0x00800000ull
#define IPA_UNMAPPED 0x20000000ull     /* stage 1 maps it (2 MiB block), stage 2 does not */

static struct pt s1, s2;

PROBE(rd64, "ldr x0, [x0]");

__attribute__((noinline)) uint64_t hvc_caller(uint64_t n);
__attribute__((noinline)) uint64_t hvc_caller(uint64_t n)
{
    for (uint64_t k = 0; k < n; k++)
        __asm__ volatile("hvc #0x42" : : : "memory");
    return n;
}

__attribute__((noinline)) void tlbi_scopes(uint64_t va);
__attribute__((noinline)) void tlbi_scopes(uint64_t va)
{
    uint64_t page = va >> 12, asid = 1ull << 48;
    __asm__ volatile("tlbi vae1is, %0\n"
                     " tlbi aside1is, %1\n"
                     " tlbi vmalls12e1is\n"
                     " tlbi alle1is\n"
                     " tlbi ipas2e1is, %0\n"
                     " dsb ish\n isb"
                     : : "r"(page), "r"(asid) : "memory");
}

void test_main(void)
{
    mmu_vectors_install();
    pt_init(&s1, 12, 39, 1);
    pt_init(&s2, 12, 32, 2);
    pt_map_range(&s1, 0, 0, IDENTITY_SIZE, 2, S1_NORMAL);
    pt_map_range(&s2, 0, 0, IDENTITY_SIZE, 2, S2_NORMAL);
    pt_map(&s1, IPA_UNMAPPED, IPA_UNMAPPED, 2, S1_NORMAL);
    stage2_on(&s2, TCR_TG0_4K, 0 /* SL0 = 0: start at level 2 */, 1);
    el1_stage1_on(&s1, TCR_TG0_4K, 25, 1);

    exc_reset();
    CHECK_EQ(run_at(1, hvc_caller, HVC_COUNT), HVC_COUNT);
    CHECK_EQ(exc.count, HVC_COUNT);
    CHECK_EQ(ESR_EC(exc.esr), 0x16);
    CHECK_EQ(exc.el, 2);

    exc_reset();
    run_at(1, rd64, IPA_UNMAPPED);
    CHECK_EQ(exc.count, 1);
    CHECK_EQ(ESR_EC(exc.esr), 0x24);
    CHECK_EQ(exc.el, 2);
    CHECK_EQ(exc.far, IPA_UNMAPPED);
    CHECK_EQ(last_hpfar, (IPA_UNMAPPED >> 12) << 4);

    for (int k = 0; k < TLBI_EACH; k++)
        tlbi_scopes(0x1000);

    el1_stage1_off();
    stage2_off();
}
