/* The decoder cross-check: our verdict on random instruction words against Capstone 4.0.2's.
 *
 * 4,194,304 words from a fixed-seed splitmix64 (the same words on every run and host). A word is
 * allocated for us when a64_decode() does not return DECODE_UNALLOCATED (DECODE_UNIMPLEMENTED
 * counts as allocated: it is an ARMv8.0 instruction we do not execute yet), and for Capstone when
 * cs_disasm() returns an instruction.
 *
 * System-register and system-instruction accesses. MRS and MSR (register) with op0 = 2 or 3, and
 * SYS/SYSL (op0 = 1), are allocated encodings for every op1/CRn/CRm/op2: the Arm ARM makes an access
 * to a register or an operation the PE does not implement UNDEFINED when it executes, not the
 * encoding unallocated. Capstone prints every such word (as s3_<op1>_c<n>_c<m>_<op2> or as
 * "sys #op1, Cn, Cm, #op2"). For these words our verdict is "a row of the encoding table matched"
 * (a64_find_encoding() != NULL), whatever the row's decode fn says about the register.
 * The spaces: MRS/MSR (register) 1101010100 L 1 o0 ... = mask ffd00000 match d5100000;
 *             SYS/SYSL           1101010100 L 01 ...   = mask ffd80000 match d5080000.
 *
 * Capstone's known errors. Capstone is an oracle, not the authority: the Arm ARM is. Where Capstone
 * 4.0.2 gets a class of encodings wrong, the class is listed in capstone_errors[] (mask/match, an
 * optional extra condition on the word's register fields or on Capstone's text, and the verdict
 * Capstone gives) with why it is wrong; a disagreement inside a listed class in the listed
 * direction is not a failure (the words are counted and the counts printed). Every other
 * disagreement fails the test, which prints the first 20 with both verdicts, Capstone's text and
 * our row, and a count of disagreements per group.
 *
 * - DUP (general), 0 Q 0 01110000 imm5 0 0001 1 Rn Rd (mask bfe0fc00, match 0e000c00): Capstone
 *   rejects the word unless imm5 is exactly the one-hot size marker (00001, 00010, 00100, 01000).
 *   The Arm ARM (DUP (general)) decodes the size from imm5's lowest set bit and ignores the bits
 *   above it (imm5 = xxxx1 is 8B/16B, xxx10 4H/8H, xx100 2S/4S, x1000 2D), so such words are DUP.
 * - INS (element), 0 1 1 01110000 imm5 0 imm4 1 Rn Rd (mask ffe08400, match 6e000400): Capstone
 *   rejects the word when imm4's bits below the source index are not zero. The Arm ARM
 *   (INS (element)) takes index2 from imm4<3:size> and leaves imm4<size-1:0> unused ("x" in the
 *   encoding, not "(0)"), so those words are INS.
 * - System instructions with op0 = 00 (1101010100 L 00 ..., mask ffd80000, match d5000000), when
 *   Capstone prints a generic system register ("msr s3_0_c0_c0_0, x0", "mrs x0, s3_..."): Capstone
 *   decodes every op0 = 00 word it does not know as MSR/MRS (register), even naming it op0 = 3.
 *   In the Arm ARM MRS/MSR (register) have bit 20 = 1 (op0 = 1:o0); op0 = 00 holds only the hints,
 *   barriers, CLREX and MSR (immediate), and the rest of it is unallocated.
 * - Register overlaps that the Arm ARM makes CONSTRAINED UNPREDICTABLE, not unallocated: Capstone
 *   (LLVM's decoder "SoftFail") rejects them. The encodings are allocated instructions:
 *   - load/store pair, every addressing mode (opc 101 V 0xx L ..., mask 3a000000, match 28000000),
 *     Rt == Rt2: LDP/LDNP/LDPSW with t == t2 is Unpredictable_LDPOVERLAP;
 *   - load/store pair with writeback (mask 3a800000, match 28800000), Rn == Rt or Rn == Rt2,
 *     Rn != 31: Unpredictable_WBOVERLAPLD / Unpredictable_WBOVERLAPST;
 *   - load/store register (immediate pre/post-index) (mask 3b200400, match 38000400), Rn == Rt,
 *     Rn != 31: the same writeback overlaps;
 *   - load/store exclusive (mask 3f000000, match 08000000), Rt == Rt2: LDXP/LDAXP with t == t2 is
 *     Unpredictable_LDPOVERLAP (Capstone rejects it in every exclusive form).
 * - LDTR/STTR and the other unprivileged loads and stores (size 111 0 00 opc 0 imm9 10 Rn Rt, mask
 *   3b200c00, match 38000800), Rn == Rt, Rn != 31: Capstone rejects them as if they wrote back,
 *   but these forms have no writeback, so nothing overlaps: they are plain LDTR/STTR.
 *
 * FP/SIMD mnemonics. For every word of the scalar FP, Advanced SIMD and crypto groups that both
 * we and Capstone call allocated, the mnemonic a64_fpsimd_mnemonic() gives (the Arm ARM's
 * preferred disassembly) must be Capstone's. The words: the random ones above, plus 8192 per row
 * of those groups (the row's match with random bits outside its mask), so that every class is
 * seen. Every word we call allocated must have a mnemonic. Capstone's known errors here (it
 * prints the base instruction where the Arm ARM's "Alias conditions" make an alias preferred):
 * - INS (element) (mask ffe08400, match 6e000400) and INS (general) (mask ffe0fc00, match
 *   4e001c00): the preferred disassembly is MOV (element) / MOV (from general) always; Capstone
 *   prints "ins".
 * - SSHLL/USHLL(2) with a shift of 0 (opcode 10100, immh:immb = esize): the preferred disassembly
 *   is SXTL/UXTL(2); Capstone prints "sshll"/"ushll" with "#0".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "cpu/a64_fpsimd_names.h"
#include "cpu/insn.h"

#define WORDS (1u << 22)
#define SEED 0x0a72a72a72a72a72ull
#define SHOW 20

/* Extra conditions of a known error on the word's fields or on Capstone's text. */
static bool rt_is_rt2(uint32_t w, const cs_insn *cs) { return bits(w, 4, 0) == bits(w, 14, 10); }
static bool rn_is_rt(uint32_t w, const cs_insn *cs) { return bits(w, 9, 5) != 31 && bits(w, 9, 5) == bits(w, 4, 0); }
static bool rn_is_rt_or_rt2(uint32_t w, const cs_insn *cs)
{
    return rn_is_rt(w, cs) || (bits(w, 9, 5) != 31 && bits(w, 9, 5) == bits(w, 14, 10));
}
static bool capstone_generic_sysreg(uint32_t w, const cs_insn *cs) { return strstr(cs->op_str, "s3_") != NULL; }

static const struct capstone_error {
    uint32_t mask, match;
    bool (*when)(uint32_t w, const cs_insn *cs); /* NULL: every word of the class */
    bool capstone_allocated;                      /* the (wrong) verdict Capstone gives */
    const char *what;
} capstone_errors[] = {
    { 0xbfe0fc00, 0x0e000c00, NULL, false, "DUP (general): imm5 bits above the size marker are ignored" },
    { 0xffe08400, 0x6e000400, NULL, false, "INS (element): imm4 bits below the source index are unused" },
    { 0xffd80000, 0xd5000000, capstone_generic_sysreg, true, "op0 = 00 is not MRS/MSR (register)" },
    { 0x3a000000, 0x28000000, rt_is_rt2, false, "load/store pair, Rt == Rt2: CONSTRAINED UNPREDICTABLE" },
    { 0x3a800000, 0x28800000, rn_is_rt_or_rt2, false, "load/store pair, writeback overlap: CONSTRAINED UNPREDICTABLE" },
    { 0x3b200400, 0x38000400, rn_is_rt, false, "load/store register, writeback overlap: CONSTRAINED UNPREDICTABLE" },
    { 0x3f000000, 0x08000000, rt_is_rt2, false, "load/store exclusive, Rt == Rt2: CONSTRAINED UNPREDICTABLE" },
    { 0x3b200c00, 0x38000800, rn_is_rt, false, "LDTR/STTR, Rn == Rt: no writeback, nothing overlaps" },
};
#define CAPSTONE_ERRORS (sizeof(capstone_errors) / sizeof(capstone_errors[0]))

/* MRS/MSR (register) with op0 = 2/3, and SYS/SYSL (op0 = 1): see the comment at the top. */
static bool is_system_access(uint32_t w)
{
    return (w & 0xffd00000) == 0xd5100000 || (w & 0xffd80000) == 0xd5080000;
}

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static bool ours_allocated(uint32_t w)
{
    if (is_system_access(w))
        return a64_find_encoding(w) != NULL;
    struct insn i;
    return a64_decode(&i, w) != DECODE_UNALLOCATED;
}

/* The group whose row matched, else the top-level op0 (bits 28:25) of the Arm ARM's index. */
static const char *group_of(uint32_t w, char *buf, size_t len)
{
    const struct a64_encoding *e = a64_find_encoding(w);
    for (unsigned g = 0; e && g < a64_group_count; g++)
        if (e >= a64_groups[g]->rows && e < a64_groups[g]->rows + a64_groups[g]->count)
            return a64_groups[g]->name;
    snprintf(buf, len, "no row, op0=%u%u%u%u", bit(w, 28), bit(w, 27), bit(w, 26), bit(w, 25));
    return buf;
}

static void test_capstone_cross_check(void **state)
{
    (void)state;
    csh cs;
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs), CS_ERR_OK);
    cs_insn *insn = cs_malloc(cs);
    assert_non_null(insn);

    uint64_t seed = SEED;
    unsigned forgiven[CAPSTONE_ERRORS] = { 0 };
    unsigned bad = 0, allocated_ours = 0, allocated_cs = 0;
    /* Disagreements by group, and by op0 for the words no row matched. */
    struct { char name[32]; unsigned count; uint32_t example; } by_group[32];
    unsigned groups_seen = 0;

    for (unsigned n = 0; n < WORDS; n++) {
        uint32_t w = (uint32_t)splitmix64(&seed);
        uint8_t bytes[4] = { (uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16), (uint8_t)(w >> 24) };
        const uint8_t *code = bytes;
        size_t size = 4;
        uint64_t address = 0x1000;
        bool theirs = cs_disasm_iter(cs, &code, &size, &address, insn);
        bool ours = ours_allocated(w);
        allocated_ours += ours;
        allocated_cs += theirs;
        if (ours == theirs)
            continue;

        unsigned k;
        for (k = 0; k < CAPSTONE_ERRORS; k++)
            if ((w & capstone_errors[k].mask) == capstone_errors[k].match &&
                theirs == capstone_errors[k].capstone_allocated &&
                (!capstone_errors[k].when || capstone_errors[k].when(w, insn)))
                break;
        if (k < CAPSTONE_ERRORS) {
            forgiven[k]++;
            continue;
        }

        char buf[32];
        const char *group = group_of(w, buf, sizeof(buf));
        const struct a64_encoding *e = a64_find_encoding(w);
        if (bad < SHOW)
            printf("%08x ours=%s capstone=%s  [%s: %s]  capstone: %s %s\n", w,
                   ours ? "allocated" : "unallocated", theirs ? "allocated" : "unallocated", group,
                   e ? e->name : "-", theirs ? insn->mnemonic : "", theirs ? insn->op_str : "");
        bad++;
        unsigned g;
        for (g = 0; g < groups_seen && strcmp(by_group[g].name, group); g++)
            ;
        if (g == groups_seen && groups_seen < 32) {
            snprintf(by_group[g].name, sizeof(by_group[g].name), "%s", group);
            by_group[g].count = 0;
            by_group[g].example = w;
            groups_seen++;
        }
        if (g < groups_seen)
            by_group[g].count++;
    }

    printf("%u words: allocated %u (ours), %u (Capstone); %u disagreements outside the known errors\n",
           WORDS, allocated_ours, allocated_cs, bad);
    for (unsigned g = 0; g < groups_seen; g++)
        printf("  %-24s %6u disagreements, e.g. %08x\n", by_group[g].name, by_group[g].count,
               by_group[g].example);
    for (unsigned k = 0; k < CAPSTONE_ERRORS; k++)
        printf("  known Capstone error, %u words: %s\n", forgiven[k], capstone_errors[k].what);

    cs_free(insn, 1);
    cs_close(&cs);
    /* A decoder that allocates nothing (or everything) must not pass by accident. */
    assert_true(allocated_ours > WORDS / 20 && allocated_ours < WORDS - WORDS / 20);
    assert_int_equal(bad, 0);
}

/* ---- FP/SIMD mnemonics ---------------------------------------------------------------------- */

static bool in_fpsimd_group(uint32_t w)
{
    const struct a64_encoding *e = a64_find_encoding(w);
    for (unsigned g = 0; e && g < a64_group_count; g++)
        if (e >= a64_groups[g]->rows && e < a64_groups[g]->rows + a64_groups[g]->count)
            return !strcmp(a64_groups[g]->name, "fp") || !strcmp(a64_groups[g]->name, "simd") ||
                   !strcmp(a64_groups[g]->name, "crypto");
    return false;
}

static const struct mnemonic_error {
    uint32_t mask, match;
    const char *ours, *capstone;
    const char *what;
} mnemonic_errors[] = {
    { 0xffe08400, 0x6e000400, "mov", "ins", "INS (element): MOV (element) is the preferred disassembly" },
    { 0xffe0fc00, 0x4e001c00, "mov", "ins", "INS (general): MOV (from general) is the preferred disassembly" },
    { 0xbf80fc00, 0x0f00a400, "sxtl", "sshll", "SSHLL #0: SXTL is the preferred disassembly" },
    { 0xbf80fc00, 0x0f00a400, "sxtl2", "sshll2", "SSHLL2 #0: SXTL2 is the preferred disassembly" },
    { 0xbf80fc00, 0x2f00a400, "uxtl", "ushll", "USHLL #0: UXTL is the preferred disassembly" },
    { 0xbf80fc00, 0x2f00a400, "uxtl2", "ushll2", "USHLL2 #0: UXTL2 is the preferred disassembly" },
};
#define MNEMONIC_ERRORS (sizeof(mnemonic_errors) / sizeof(mnemonic_errors[0]))

struct mnemonic_check {
    csh cs;
    cs_insn *insn;
    unsigned compared, bad, unnamed, forgiven[MNEMONIC_ERRORS];
};

static void check_mnemonic(struct mnemonic_check *m, uint32_t w)
{
    if (!in_fpsimd_group(w))
        return;
    struct insn i;
    if (a64_decode(&i, w) == DECODE_UNALLOCATED)
        return;
    const char *ours = a64_fpsimd_mnemonic(w);
    if (!ours) {
        if (m->unnamed++ < SHOW)
            printf("%08x: allocated, but a64_fpsimd_mnemonic() has no name\n", w);
        return;
    }
    uint8_t bytes[4] = { (uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16), (uint8_t)(w >> 24) };
    const uint8_t *code = bytes;
    size_t size = 4;
    uint64_t address = 0x1000;
    if (!cs_disasm_iter(m->cs, &code, &size, &address, m->insn))
        return; /* allocation disagreements are test_capstone_cross_check's */
    m->compared++;
    if (!strcmp(ours, m->insn->mnemonic))
        return;
    for (unsigned k = 0; k < MNEMONIC_ERRORS; k++)
        if ((w & mnemonic_errors[k].mask) == mnemonic_errors[k].match && !strcmp(ours, mnemonic_errors[k].ours) &&
            !strcmp(m->insn->mnemonic, mnemonic_errors[k].capstone)) {
            m->forgiven[k]++;
            return;
        }
    if (m->bad++ < SHOW)
        printf("%08x: ours %s, Capstone %s %s\n", w, ours, m->insn->mnemonic, m->insn->op_str);
}

static void test_capstone_fpsimd_mnemonics(void **state)
{
    (void)state;
    struct mnemonic_check m = { .compared = 0 };
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &m.cs), CS_ERR_OK);
    m.insn = cs_malloc(m.cs);
    assert_non_null(m.insn);

    uint64_t seed = SEED;
    for (unsigned n = 0; n < WORDS; n++)
        check_mnemonic(&m, (uint32_t)splitmix64(&seed));
    unsigned rows = 0;
    for (unsigned g = 0; g < a64_group_count; g++)
        for (unsigned r = 0; r < a64_groups[g]->count; r++) {
            const struct a64_encoding *e = &a64_groups[g]->rows[r];
            if (!in_fpsimd_group(e->match))
                continue;
            rows++;
            for (unsigned n = 0; n < 8192; n++)
                check_mnemonic(&m, e->match | ((uint32_t)splitmix64(&seed) & ~e->mask));
        }

    printf("FP/SIMD mnemonics: %u rows, %u words compared with Capstone, %u differ outside the known "
           "errors, %u allocated words without a name\n", rows, m.compared, m.bad, m.unnamed);
    for (unsigned k = 0; k < MNEMONIC_ERRORS; k++)
        printf("  known Capstone error, %u words: %s\n", m.forgiven[k], mnemonic_errors[k].what);
    cs_free(m.insn, 1);
    cs_close(&m.cs);
    assert_true(rows > 20 && m.compared > 100000);
    assert_int_equal(m.bad, 0);
    assert_int_equal(m.unnamed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capstone_cross_check),
        cmocka_unit_test(test_capstone_fpsimd_mnemonics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
