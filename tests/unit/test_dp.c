/* The integer data-processing instructions (sim/cpu/a64_dp_imm.c, sim/cpu/a64_dp_reg.c).
 *
 * Words are assembled here from the Arm ARM's field layouts (the enc_* functions), and Capstone
 * checks that the encoders produce the instructions they claim to. Expected results come from the
 * Arm ARM: either worked by hand from the instruction's definition, or from a literal transcription
 * of the pseudocode in this file (ref_*), written independently of the simulator's faster forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "cpu/a64_dp.h"
#include "cpu/insn.h"
#include "cpu/timing.h"
#include "machine.h"

static struct machine *m;
static struct cpu *c;

static int setup(void **state)
{
    (void)state;
    m = machine_create(1);
    if (!m)
        return -1;
    c = m->cpus[0];
    c->pc = 0x80000;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* ---- Encoders, after the Arm ARM's field layouts ---------------------------------------------- */

enum { XZR = 31, SP = 31 };
enum { LSL = 0, LSR = 1, ASR = 2, ROR = 3 };
enum { UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX };
enum { EQ, NE, CS, CC, MI, PL, VS, VC, HI, LS, GE, LT, GT, LE, AL, NV };

static uint32_t enc_adr(unsigned page, int32_t imm21, unsigned rd)
{
    uint32_t imm = (uint32_t)imm21 & 0x1fffff;
    return page << 31 | (imm & 3) << 29 | 0x10000000u | (imm >> 2) << 5 | rd;
}
static uint32_t enc_add_sub_imm(unsigned sf, unsigned op, unsigned s, unsigned sh, unsigned imm12, unsigned rn,
                                unsigned rd)
{
    return sf << 31 | op << 30 | s << 29 | 0x11000000u | sh << 22 | imm12 << 10 | rn << 5 | rd;
}
static uint32_t enc_logical_imm(unsigned sf, unsigned opc, unsigned n, unsigned immr, unsigned imms, unsigned rn,
                                unsigned rd)
{
    return sf << 31 | opc << 29 | 0x12000000u | n << 22 | immr << 16 | imms << 10 | rn << 5 | rd;
}
static uint32_t enc_move_wide(unsigned sf, unsigned opc, unsigned hw, unsigned imm16, unsigned rd)
{
    return sf << 31 | opc << 29 | 0x12800000u | hw << 21 | imm16 << 5 | rd;
}
static uint32_t enc_bitfield(unsigned sf, unsigned opc, unsigned n, unsigned immr, unsigned imms, unsigned rn,
                             unsigned rd)
{
    return sf << 31 | opc << 29 | 0x13000000u | n << 22 | immr << 16 | imms << 10 | rn << 5 | rd;
}
static uint32_t enc_extr(unsigned sf, unsigned n, unsigned rm, unsigned imms, unsigned rn, unsigned rd)
{
    return sf << 31 | 0x13800000u | n << 22 | rm << 16 | imms << 10 | rn << 5 | rd;
}
static uint32_t enc_logical_reg(unsigned sf, unsigned opc, unsigned n, unsigned shift, unsigned rm, unsigned imm6,
                                unsigned rn, unsigned rd)
{
    return sf << 31 | opc << 29 | 0x0a000000u | shift << 22 | n << 21 | rm << 16 | imm6 << 10 | rn << 5 | rd;
}
static uint32_t enc_add_sub_shifted(unsigned sf, unsigned op, unsigned s, unsigned shift, unsigned rm,
                                    unsigned imm6, unsigned rn, unsigned rd)
{
    return sf << 31 | op << 30 | s << 29 | 0x0b000000u | shift << 22 | rm << 16 | imm6 << 10 | rn << 5 | rd;
}
static uint32_t enc_add_sub_ext(unsigned sf, unsigned op, unsigned s, unsigned opt, unsigned rm, unsigned option,
                                unsigned imm3, unsigned rn, unsigned rd)
{
    return sf << 31 | op << 30 | s << 29 | 0x0b200000u | opt << 22 | rm << 16 | option << 13 | imm3 << 10 |
           rn << 5 | rd;
}
static uint32_t enc_adc(unsigned sf, unsigned op, unsigned s, unsigned rm, unsigned rn, unsigned rd)
{
    return sf << 31 | op << 30 | s << 29 | 0x1a000000u | rm << 16 | rn << 5 | rd;
}
/* CCMN (op 0) / CCMP (op 1); imm selects the immediate form, where rm_imm5 is imm5. */
static uint32_t enc_ccmp(unsigned sf, unsigned op, unsigned imm, unsigned rm_imm5, unsigned cond, unsigned rn,
                         unsigned nzcv)
{
    return sf << 31 | op << 30 | 1u << 29 | 0x1a400000u | rm_imm5 << 16 | cond << 12 | imm << 11 | rn << 5 | nzcv;
}
static uint32_t enc_csel(unsigned sf, unsigned op, unsigned rm, unsigned cond, unsigned op2, unsigned rn,
                         unsigned rd)
{
    return sf << 31 | op << 30 | 0x1a800000u | rm << 16 | cond << 12 | op2 << 10 | rn << 5 | rd;
}
static uint32_t enc_dp1(unsigned sf, unsigned opcode, unsigned rn, unsigned rd)
{
    return sf << 31 | 0x5ac00000u | opcode << 10 | rn << 5 | rd;
}
static uint32_t enc_dp2(unsigned sf, unsigned opcode, unsigned rm, unsigned rn, unsigned rd)
{
    return sf << 31 | 0x1ac00000u | rm << 16 | opcode << 10 | rn << 5 | rd;
}
static uint32_t enc_dp3(unsigned sf, unsigned op31, unsigned o0, unsigned rm, unsigned ra, unsigned rn, unsigned rd)
{
    return sf << 31 | 0x1b000000u | op31 << 21 | rm << 16 | o0 << 15 | ra << 10 | rn << 5 | rd;
}

/* ---- Running one word ------------------------------------------------------------------------- */

static struct insn last;

static enum decode_result decode(uint32_t word)
{
    return a64_decode(&last, word);
}

static void run(uint32_t word)
{
    assert_int_equal(decode(word), DECODE_OK);
    assert_int_equal(last.exec(c, &last), EXEC_NEXT);
    assert_int_equal(c->x[31], 0);
}

static unsigned nzcv(void)
{
    return (unsigned)(c->pstate.n << 3 | c->pstate.z << 2 | c->pstate.c << 1 | c->pstate.v);
}

static void set_nzcv(unsigned f)
{
    c->pstate.n = (f >> 3) & 1;
    c->pstate.z = (f >> 2) & 1;
    c->pstate.c = (f >> 1) & 1;
    c->pstate.v = f & 1;
}

#define N_ 8u
#define Z_ 4u
#define C_ 2u
#define V_ 1u

/* ---- References: the pseudocode, transcribed literally ---------------------------------------- */

/* AddWithCarry(x, y, carry_in) with N = 64 or 32: the result and NZCV. */
static uint64_t ref_add_with_carry(unsigned n, uint64_t x, uint64_t y, unsigned carry_in, unsigned *flags)
{
    uint64_t mask = n == 64 ? ~0ull : (1ull << n) - 1;
    x &= mask;
    y &= mask;
    __int128 sx = n == 64 ? (int64_t)x : (int32_t)(uint32_t)x;
    __int128 sy = n == 64 ? (int64_t)y : (int32_t)(uint32_t)y;
    unsigned __int128 unsigned_sum = (unsigned __int128)x + y + carry_in;
    __int128 signed_sum = sx + sy + carry_in;
    uint64_t result = (uint64_t)unsigned_sum & mask;
    __int128 sresult = n == 64 ? (int64_t)result : (int32_t)(uint32_t)result;
    *flags = (unsigned)((result >> (n - 1)) & 1) << 3 | (result == 0) << 2 |
             ((unsigned __int128)result != unsigned_sum) << 1 | (sresult != signed_sum);
    return result;
}

static uint64_t ones(unsigned k) { return k >= 64 ? ~0ull : (1ull << k) - 1; }

/* DecodeBitMasks(), bit by bit. */
static int ref_decode_bit_masks(unsigned immn, unsigned imms, unsigned immr, int immediate, unsigned msize,
                                uint64_t *wmask, uint64_t *tmask)
{
    unsigned v = immn << 6 | (~imms & 0x3f);
    int len = -1;
    for (int b = 6; b >= 0; b--)
        if (v >> b & 1) {
            len = b;
            break;
        }
    if (len < 1)
        return 0;
    unsigned esize = 1u << len;
    if (esize > msize)
        return 0;
    unsigned levels = (unsigned)ones((unsigned)len);
    if (immediate && (imms & levels) == levels)
        return 0;
    unsigned s = imms & levels, r = immr & levels;
    unsigned d = (s - r) & levels;
    uint64_t welem = ones(s + 1), telem = ones(d + 1);
    uint64_t rotated = 0;
    for (unsigned b = 0; b < esize; b++)   /* ROR(welem, R) */
        if (welem >> b & 1)
            rotated |= 1ull << ((b + esize - r) % esize);
    *wmask = *tmask = 0;
    for (unsigned b = 0; b < msize; b++) { /* Replicate() */
        *wmask |= (rotated >> (b % esize) & 1) << b;
        *tmask |= (telem >> (b % esize) & 1) << b;
    }
    return 1;
}

/* SBFM / BFM / UBFM (opc 0, 1, 2): the pseudocode's bot/top merge. */
static uint64_t ref_bitfield(unsigned opc, unsigned datasize, unsigned immr, unsigned imms, uint64_t dst,
                             uint64_t src)
{
    uint64_t wmask, tmask, mask = ones(datasize);
    assert_true(ref_decode_bit_masks(datasize == 64, imms, immr, 0, datasize, &wmask, &tmask));
    src &= mask;
    dst &= mask;
    uint64_t rotated = immr ? ((src >> immr) | (src << (datasize - immr))) & mask : src;
    uint64_t bot = ((opc == 1 ? dst : 0) & ~wmask) | (rotated & wmask);
    uint64_t top = opc == 0 ? ((src >> imms & 1) ? mask : 0) : opc == 1 ? dst : 0;
    return ((top & ~tmask) | (bot & tmask)) & mask;
}

/* CRC32 of 'bytes' bytes of val, the bitwise reflected algorithm (no inversions, like the
 * instructions). */
static uint32_t ref_crc(uint32_t acc, uint64_t val, unsigned bytes, uint32_t reflected_poly)
{
    for (unsigned k = 0; k < bytes * 8; k++) {
        unsigned b = (acc ^ (unsigned)(val >> k)) & 1;
        acc = (acc >> 1) ^ (b ? reflected_poly : 0);
    }
    return acc;
}

/* Operands that sit at the carry and overflow boundaries, and a few ordinary ones. */
static const uint64_t edge_values[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
    0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull, 0xfffffffffffffffeull,
    0xffffffffffffffffull, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000000fffffffeull,
};
#define EDGE_COUNT (sizeof(edge_values) / sizeof(edge_values[0]))

/* ---- Capstone agrees that the encoders build what the tests say ------------------------------- */

static void test_encoders_match_capstone(void **state)
{
    (void)state;
    static const struct {
        uint32_t word;
        const char *text;
    } cases[] = {
        { 0, "add x0, x1, #1" },
        { 0, "sub w2, w3, #0xfff, lsl #12" },
        { 0, "cmp x1, #5" },
        { 0, "mov sp, x1" },
        { 0, "and x0, x1, #0x5555555555555555" },
        { 0, "orr w0, wzr, #0xff" },
        { 0, "movk x0, #0x1234, lsl #48" },
        { 0, "lsl x0, x1, #3" },
        { 0, "sbfx x0, x1, #4, #8" },
        { 0, "extr x0, x1, x2, #8" },
        { 0, "adrp x0, #0x81000" },
        { 0, "bics x0, x1, x2, ror #7" },
        { 0, "sub x0, x1, x2, asr #63" },
        { 0, "add x0, sp, w2, sxtw #4" },
        { 0, "sbcs w0, w1, w2" },
        { 0, "ccmp x1, #3, #5, ne" },
        { 0, "csneg w0, w1, w2, lt" },
        { 0, "cls x0, x1" },
        { 0, "rev32 x0, x1" },
        { 0, "crc32cx w0, w1, x2" },
        { 0, "sdiv w0, w1, w2" },
        { 0, "umulh x0, x1, x2" },
        { 0, "smsubl x0, w1, w2, x3" },
    };
    uint32_t words[] = {
        enc_add_sub_imm(1, 0, 0, 0, 1, 1, 0),
        enc_add_sub_imm(0, 1, 0, 1, 0xfff, 3, 2),
        enc_add_sub_imm(1, 1, 1, 0, 5, 1, XZR),
        enc_add_sub_imm(1, 0, 0, 0, 0, 1, SP),
        enc_logical_imm(1, 0, 0, 0, 0x3c, 1, 0),
        enc_logical_imm(0, 1, 0, 0, 7, XZR, 0),
        enc_move_wide(1, 3, 3, 0x1234, 0),
        enc_bitfield(1, 2, 1, 61, 60, 1, 0),
        enc_bitfield(1, 0, 1, 4, 11, 1, 0),
        enc_extr(1, 1, 2, 8, 1, 0),
        enc_adr(1, 1, 0),
        enc_logical_reg(1, 3, 1, ROR, 2, 7, 1, 0),
        enc_add_sub_shifted(1, 1, 0, ASR, 2, 63, 1, 0),
        enc_add_sub_ext(1, 0, 0, 0, 2, SXTW, 4, SP, 0),
        enc_adc(0, 1, 1, 2, 1, 0),
        enc_ccmp(1, 1, 1, 3, NE, 1, 5),
        enc_csel(0, 1, 2, LT, 1, 1, 0),
        enc_dp1(1, 5, 1, 0),
        enc_dp1(1, 2, 1, 0),
        enc_dp2(1, 0x17, 2, 1, 0),
        enc_dp2(0, 3, 2, 1, 0),
        enc_dp3(1, 6, 0, 2, XZR, 1, 0),
        enc_dp3(1, 1, 1, 2, 3, 1, 0),
    };
    csh h;
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h), CS_ERR_OK);
    for (size_t n = 0; n < sizeof(words) / sizeof(words[0]); n++) {
        cs_insn *insn;
        uint8_t bytes[4] = { (uint8_t)words[n], (uint8_t)(words[n] >> 8), (uint8_t)(words[n] >> 16),
                             (uint8_t)(words[n] >> 24) };
        size_t count = cs_disasm(h, bytes, 4, 0x80000, 1, &insn);
        char text[256] = "(none)";
        if (count == 1) {
            snprintf(text, sizeof(text), "%s %s", insn[0].mnemonic, insn[0].op_str);
            cs_free(insn, count);
        }
        if (strcmp(text, cases[n].text) != 0)
            fail_msg("word %08x: Capstone says '%s', expected '%s'", words[n], text, cases[n].text);
        assert_int_equal(decode(words[n]), DECODE_OK);
    }
    cs_close(&h);
}

/* ---- PC-relative addressing -------------------------------------------------------------------- */

static void test_adr_adrp(void **state)
{
    (void)state;
    c->pc = 0x12345678;
    run(enc_adr(0, -4, 0));
    assert_int_equal(c->x[0], 0x12345674);
    run(enc_adr(0, 0xfffff, 1)); /* the largest forward offset */
    assert_int_equal(c->x[1], 0x12345678 + 0xfffff);
    run(enc_adr(1, 1, 2));
    assert_int_equal(c->x[2], 0x12346000);
    run(enc_adr(1, -0x100000, 3)); /* the largest backward page offset: -4 GiB */
    assert_int_equal(c->x[3], 0x12345000ull - 0x100000000ull);
    c->x[4] = 7;
    run(enc_adr(0, 16, XZR));      /* to XZR: no effect */
    assert_int_equal(c->x[4], 7);
}

/* ---- Add/subtract (immediate) ------------------------------------------------------------------ */

static void test_add_sub_imm(void **state)
{
    (void)state;
    c->x[1] = 0x1000;
    run(enc_add_sub_imm(1, 0, 0, 0, 0xabc, 1, 0));
    assert_int_equal(c->x[0], 0x1abc);
    run(enc_add_sub_imm(1, 0, 0, 1, 0xabc, 1, 0)); /* LSL #12 */
    assert_int_equal(c->x[0], 0xabc000 + 0x1000);
    run(enc_add_sub_imm(1, 1, 0, 0, 1, 1, 0));
    assert_int_equal(c->x[0], 0xfff);
    /* 32-bit: the sum wraps at 32 bits and the top half is zeroed. */
    c->x[1] = 0xffffffffffffffffull;
    run(enc_add_sub_imm(0, 0, 0, 0, 1, 1, 0));
    assert_int_equal(c->x[0], 0);
    c->x[1] = 0xaaaaaaaa00000000ull;
    run(enc_add_sub_imm(0, 1, 0, 0, 1, 1, 0));
    assert_int_equal(c->x[0], 0xffffffff);
    /* Rn and Rd of ADD/SUB are SP. */
    *cpu_sp(c) = 0x8000;
    run(enc_add_sub_imm(1, 1, 0, 0, 16, SP, SP)); /* SUB sp, sp, #16 */
    assert_int_equal(*cpu_sp(c), 0x7ff0);
    run(enc_add_sub_imm(1, 0, 0, 0, 0, SP, 5)); /* MOV x5, sp */
    assert_int_equal(c->x[5], 0x7ff0);
    c->x[6] = 0x123456789ull;
    run(enc_add_sub_imm(0, 0, 0, 0, 0, 6, SP)); /* MOV wsp, w6: zero-extended into SP */
    assert_int_equal(*cpu_sp(c), 0x23456789);
    assert_int_equal(c->x[31], 0);
}

static void test_adds_subs_imm_flags(void **state)
{
    (void)state;
    /* Hand-worked boundaries. */
    c->x[1] = 0x7fffffffffffffffull;
    run(enc_add_sub_imm(1, 0, 1, 0, 1, 1, 0)); /* ADDS: signed overflow */
    assert_int_equal(c->x[0], 0x8000000000000000ull);
    assert_int_equal(nzcv(), N_ | V_);
    c->x[1] = 0xffffffffffffffffull;
    run(enc_add_sub_imm(1, 0, 1, 0, 1, 1, 0)); /* ADDS: unsigned carry to zero */
    assert_int_equal(c->x[0], 0);
    assert_int_equal(nzcv(), Z_ | C_);
    c->x[1] = 5;
    run(enc_add_sub_imm(1, 1, 1, 0, 5, 1, XZR)); /* CMP x1, #5: equal, no borrow */
    assert_int_equal(nzcv(), Z_ | C_);
    run(enc_add_sub_imm(1, 1, 1, 0, 6, 1, XZR)); /* CMP x1, #6: borrow */
    assert_int_equal(nzcv(), N_);
    c->x[1] = 0x8000000000000000ull;
    run(enc_add_sub_imm(1, 1, 1, 0, 1, 1, XZR)); /* INT64_MIN - 1 overflows */
    assert_int_equal(nzcv(), C_ | V_);
    c->x[1] = 0xffffffff80000000ull;                 /* 32-bit: only the low word counts */
    run(enc_add_sub_imm(0, 1, 1, 0, 1, 1, 0));
    assert_int_equal(c->x[0], 0x7fffffff);
    assert_int_equal(nzcv(), C_ | V_);
    c->x[1] = 0x7fffffff;
    run(enc_add_sub_imm(0, 0, 1, 0, 1, 1, 0));
    assert_int_equal(c->x[0], 0x80000000);
    assert_int_equal(nzcv(), N_ | V_);
    c->x[1] = 0;
    run(enc_add_sub_imm(0, 1, 1, 0, 0, 1, XZR));    /* CMP w1, #0: C set (no borrow) */
    assert_int_equal(nzcv(), Z_ | C_);
    /* CMP sp, #imm reads SP. */
    *cpu_sp(c) = 0x100;
    run(enc_add_sub_imm(1, 1, 1, 0, 0x100, SP, XZR));
    assert_int_equal(nzcv(), Z_ | C_);
    run(enc_add_sub_imm(0, 0, 1, 0, 0xf00, SP, 7)); /* ADDS w7, wsp, #0xf00 */
    assert_int_equal(c->x[7], 0x1000);
    /* Every boundary value and immediate against AddWithCarry(). */
    static const unsigned imms[] = { 0, 1, 0xfff };
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned op = 0; op < 2; op++)
            for (size_t a = 0; a < EDGE_COUNT; a++)
                for (size_t b = 0; b < 3; b++)
                    for (unsigned sh = 0; sh < 2; sh++) {
                        uint64_t imm = (uint64_t)imms[b] << (sh * 12);
                        unsigned flags;
                        uint64_t expect = ref_add_with_carry(sf ? 64 : 32, edge_values[a], op ? ~imm : imm, op,
                                                             &flags);
                        c->x[1] = edge_values[a];
                        run(enc_add_sub_imm(sf, op, 1, sh, imms[b], 1, 0));
                        assert_int_equal(c->x[0], expect);
                        assert_int_equal(nzcv(), flags);
                        set_nzcv(~flags & 0xf);
                        run(enc_add_sub_imm(sf, op, 1, sh, imms[b], 1, XZR)); /* CMN / CMP */
                        assert_int_equal(nzcv(), flags);
                    }
}

/* ---- Logical (immediate) and DecodeBitMasks ---------------------------------------------------- */

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void test_decode_bit_masks_exhaustive(void **state)
{
    (void)state;
    static uint64_t values64[2 * 64 * 64];
    unsigned valid64 = 0;
    for (unsigned msize = 32; msize <= 64; msize += 32)
        for (unsigned immediate = 0; immediate < 2; immediate++)
            for (unsigned n = 0; n < 2; n++)
                for (unsigned immr = 0; immr < 64; immr++)
                    for (unsigned imms = 0; imms < 64; imms++) {
                        uint64_t w1 = 0, t1 = 0, w2 = 0, t2 = 0;
                        int ok = ref_decode_bit_masks(n, imms, immr, (int)immediate, msize, &w1, &t1);
                        assert_int_equal(decode_bit_masks(n, imms, immr, immediate, msize, &w2, &t2), ok);
                        if (ok) {
                            assert_int_equal(w1, w2);
                            assert_int_equal(t1, t2);
                            if (msize == 64 && immediate)
                                values64[valid64++] = w2;
                        }
                    }
    /* The A64 logical immediates: 5334 distinct 64-bit values. */
    qsort(values64, valid64, sizeof(values64[0]), compare_u64);
    unsigned distinct = 0;
    for (unsigned k = 0; k < valid64; k++)
        distinct += k == 0 || values64[k] != values64[k - 1];
    assert_int_equal(distinct, 5334);
}

static void test_logical_imm(void **state)
{
    (void)state;
    c->x[1] = 0xffffffffffffffffull;
    run(enc_logical_imm(1, 0, 0, 0, 0x3c, 1, 0)); /* element 2 bits, S = 0: 0x5555... */
    assert_int_equal(c->x[0], 0x5555555555555555ull);
    run(enc_logical_imm(1, 0, 0, 1, 0x3c, 1, 0)); /* rotated by 1: 0xaaaa... */
    assert_int_equal(c->x[0], 0xaaaaaaaaaaaaaaaaull);
    run(enc_logical_imm(1, 0, 1, 0, 62, 1, 0));   /* 64-bit element, 63 ones */
    assert_int_equal(c->x[0], 0x7fffffffffffffffull);
    run(enc_logical_imm(1, 0, 1, 1, 62, 1, 0));   /* ... rotated right by 1 */
    assert_int_equal(c->x[0], 0xbfffffffffffffffull);
    run(enc_logical_imm(1, 0, 0, 4, 0x27, 1, 0)); /* 16-bit element, 8 ones, ROR 4 */
    assert_int_equal(c->x[0], 0xf00ff00ff00ff00full);
    run(enc_logical_imm(0, 0, 0, 0, 30, 1, 0));   /* AND w0: 31 ones, top half zero */
    assert_int_equal(c->x[0], 0x7fffffff);
    c->x[1] = 0x1234000000000000ull;
    run(enc_logical_imm(0, 1, 0, 0, 7, 1, 0));    /* ORR w0, w1, #0xff */
    assert_int_equal(c->x[0], 0xff);
    run(enc_logical_imm(1, 1, 0, 0, 7, XZR, 2));  /* MOV x2, #0x000000ff000000ff */
    assert_int_equal(c->x[2], 0x000000ff000000ffull);
    c->x[1] = 0xffff0000ffff0000ull;
    run(enc_logical_imm(1, 2, 0, 0, 0x0f, 1, 0)); /* EOR x0, x1, #0x0000ffff0000ffff */
    assert_int_equal(c->x[0], 0xffffffffffffffffull);
    run(enc_logical_imm(0, 2, 0, 0, 0x0f, 1, 0)); /* EOR w0, w1, #0x0000ffff */
    assert_int_equal(c->x[0], 0xffffffff);
    /* ANDS / TST: N, Z, and C, V cleared. */
    set_nzcv(C_ | V_);
    c->x[1] = 0x8000000000000000ull;
    run(enc_logical_imm(1, 3, 1, 1, 0, 1, XZR)); /* TST x1, #0x8000000000000000 */
    assert_int_equal(nzcv(), N_);
    run(enc_logical_imm(1, 3, 1, 0, 0, 1, 0));   /* ANDS x0, x1, #1 */
    assert_int_equal(c->x[0], 0);
    assert_int_equal(nzcv(), Z_);
    c->x[1] = 0x80000000;
    run(enc_logical_imm(0, 3, 0, 1, 0, 1, 0));   /* ANDS w0, w1, #0x80000000 */
    assert_int_equal(nzcv(), N_);
    /* AND, ORR, EOR write SP; ANDS writes XZR. */
    *cpu_sp(c) = 0;
    c->x[1] = 0x12345678ull;
    run(enc_logical_imm(1, 0, 1, 60, 59, 1, SP)); /* AND sp, x1, #~0xf */
    assert_int_equal(*cpu_sp(c), 0x12345670ull);
    run(enc_logical_imm(0, 1, 0, 0, 0, XZR, SP)); /* ORR wsp, wzr, #1 */
    assert_int_equal(*cpu_sp(c), 1);
    /* Reserved: sf = 0 with N = 1, len < 1, and an all-ones S (which would be all ones). */
    assert_int_equal(decode(enc_logical_imm(0, 0, 1, 0, 0, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_imm(1, 0, 0, 0, 0x3f, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_imm(1, 0, 0, 0, 0x3e, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_imm(1, 1, 1, 0, 0x3f, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_imm(1, 2, 0, 0, 0x3d, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_imm(0, 3, 0, 3, 0x1f, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_imm(0, 3, 0, 3, 0x1e, 1, 0)), DECODE_OK);
}

/* ---- Move wide ---------------------------------------------------------------------------------- */

static void test_move_wide(void **state)
{
    (void)state;
    c->x[0] = 0xdeadbeefdeadbeefull;
    run(enc_move_wide(1, 2, 3, 0x1234, 0)); /* MOVZ x0, #0x1234, LSL #48 */
    assert_int_equal(c->x[0], 0x1234000000000000ull);
    run(enc_move_wide(1, 3, 0, 0xbeef, 0)); /* MOVK x0, #0xbeef */
    assert_int_equal(c->x[0], 0x123400000000beefull);
    run(enc_move_wide(1, 3, 2, 0xffff, 0)); /* MOVK x0, #0xffff, LSL #32 */
    assert_int_equal(c->x[0], 0x1234ffff0000beefull);
    run(enc_move_wide(0, 3, 1, 0xabcd, 0)); /* MOVK w0, #0xabcd, LSL #16: top half cleared */
    assert_int_equal(c->x[0], 0xabcdbeefull);
    run(enc_move_wide(1, 0, 0, 0, 1));      /* MOVN x1, #0 */
    assert_int_equal(c->x[1], 0xffffffffffffffffull);
    run(enc_move_wide(0, 0, 0, 0, 1));      /* MOVN w1, #0 */
    assert_int_equal(c->x[1], 0xffffffffull);
    run(enc_move_wide(1, 0, 1, 0x8000, 1)); /* MOVN x1, #0x8000, LSL #16 */
    assert_int_equal(c->x[1], 0xffffffff7fffffffull);
    run(enc_move_wide(0, 0, 1, 0x8000, 1)); /* MOVN w1, #0x8000, LSL #16 */
    assert_int_equal(c->x[1], 0x7fffffffull);
    run(enc_move_wide(0, 2, 1, 0xffff, 2)); /* MOVZ w2, #0xffff, LSL #16 */
    assert_int_equal(c->x[2], 0xffff0000ull);
    run(enc_move_wide(1, 2, 0, 5, XZR));    /* to XZR */
    /* opc = 01, and hw<1> = 1 in 32-bit forms, are unallocated. */
    assert_int_equal(decode(enc_move_wide(1, 1, 0, 5, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_move_wide(0, 2, 2, 5, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_move_wide(0, 0, 3, 5, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_move_wide(0, 3, 2, 5, 0)), DECODE_UNALLOCATED);
}

/* ---- Bitfield ----------------------------------------------------------------------------------- */

static void test_bitfield_aliases(void **state)
{
    (void)state;
    static const unsigned amounts[] = { 0, 1, 31, 32, 63 };
    uint64_t v = 0x8123456789abcdefull;
    c->x[1] = v;
    for (size_t k = 0; k < 5; k++) {
        unsigned s = amounts[k];
        run(enc_bitfield(1, 2, 1, (64 - s) & 63, 63 - s, 1, 0)); /* LSL x0, x1, #s */
        assert_int_equal(c->x[0], v << s);
        run(enc_bitfield(1, 2, 1, s, 63, 1, 0));                 /* LSR */
        assert_int_equal(c->x[0], v >> s);
        run(enc_bitfield(1, 0, 1, s, 63, 1, 0));                 /* ASR */
        assert_int_equal(c->x[0], (uint64_t)((int64_t)v >> s));
        if (s < 32) {
            uint32_t w = (uint32_t)v;
            run(enc_bitfield(0, 2, 0, (32 - s) & 31, 31 - s, 1, 0));
            assert_int_equal(c->x[0], (uint32_t)(w << s));
            run(enc_bitfield(0, 2, 0, s, 31, 1, 0));
            assert_int_equal(c->x[0], w >> s);
            run(enc_bitfield(0, 0, 0, s, 31, 1, 0));
            assert_int_equal(c->x[0], (uint32_t)((int32_t)w >> s));
        }
    }
    c->x[1] = 0x1234567887654321ull;
    run(enc_bitfield(1, 0, 1, 0, 7, 1, 0));  /* SXTB x0, w1 */
    assert_int_equal(c->x[0], 0x21);
    c->x[1] = 0x00000000000080f0ull;
    run(enc_bitfield(1, 0, 1, 0, 7, 1, 0));  /* SXTB: 0xf0 -> -16 */
    assert_int_equal(c->x[0], 0xfffffffffffffff0ull);
    run(enc_bitfield(1, 0, 1, 0, 15, 1, 0)); /* SXTH */
    assert_int_equal(c->x[0], 0xffffffffffff80f0ull);
    run(enc_bitfield(0, 0, 0, 0, 15, 1, 0)); /* SXTH w0 */
    assert_int_equal(c->x[0], 0xffff80f0ull);
    c->x[1] = 0xabcdef0180000000ull;
    run(enc_bitfield(1, 0, 1, 0, 31, 1, 0)); /* SXTW */
    assert_int_equal(c->x[0], 0xffffffff80000000ull);
    run(enc_bitfield(0, 2, 0, 0, 7, 1, 0));  /* UXTB w0 */
    assert_int_equal(c->x[0], 0);
    c->x[1] = 0xabcdef01800080ffull;
    run(enc_bitfield(0, 2, 0, 0, 15, 1, 0)); /* UXTH w0 */
    assert_int_equal(c->x[0], 0x80ff);
    run(enc_bitfield(1, 2, 1, 8, 15, 1, 0)); /* UBFX x0, x1, #8, #8 */
    assert_int_equal(c->x[0], 0x80);
    run(enc_bitfield(1, 0, 1, 8, 15, 1, 0)); /* SBFX x0, x1, #8, #8 */
    assert_int_equal(c->x[0], 0xffffffffffffff80ull);
    run(enc_bitfield(1, 2, 1, 56, 7, 1, 0)); /* UBFIZ x0, x1, #8, #8 */
    assert_int_equal(c->x[0], 0xff00);
    run(enc_bitfield(1, 0, 1, 56, 7, 1, 0)); /* SBFIZ x0, x1, #8, #8 */
    assert_int_equal(c->x[0], 0xffffffffffffff00ull);
    c->x[0] = 0x1111111111111111ull;
    run(enc_bitfield(1, 1, 1, 60, 7, 1, 0)); /* BFI x0, x1, #4, #8 */
    assert_int_equal(c->x[0], 0x1111111111111ff1ull);
    c->x[0] = 0x1111111111111111ull;
    run(enc_bitfield(1, 1, 1, 4, 11, 1, 0)); /* BFXIL x0, x1, #4, #8 */
    assert_int_equal(c->x[0], 0x111111111111110full);
    c->x[0] = 0x1111111111111111ull;
    run(enc_bitfield(0, 1, 0, 28, 7, 1, 0)); /* BFI w0, w1, #4, #8: top half cleared */
    assert_int_equal(c->x[0], 0x11111ff1ull);
    /* Unallocated: N != sf, 32-bit immr/imms >= 32, opc = 11. */
    assert_int_equal(decode(enc_bitfield(1, 2, 0, 0, 7, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_bitfield(0, 2, 1, 0, 7, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_bitfield(0, 2, 0, 32, 7, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_bitfield(0, 0, 0, 0, 32, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_bitfield(1, 3, 1, 0, 7, 1, 0)), DECODE_UNALLOCATED);
}

static void test_bitfield_exhaustive(void **state)
{
    (void)state;
    static const uint64_t values[] = { 0x8123456789abcdefull, 0x7edcba9876543210ull, 0xffffffffffffffffull, 0 };
    for (unsigned sf = 0; sf < 2; sf++) {
        unsigned datasize = sf ? 64 : 32;
        for (unsigned opc = 0; opc < 3; opc++)
            for (unsigned immr = 0; immr < datasize; immr++)
                for (unsigned imms = 0; imms < datasize; imms++)
                    for (size_t v = 0; v < 4; v++) {
                        uint64_t dst = values[(v + 1) % 4];
                        c->x[0] = dst;
                        c->x[1] = values[v];
                        run(enc_bitfield(sf, opc, sf, immr, imms, 1, 0));
                        uint64_t expect = ref_bitfield(opc, datasize, immr, imms, dst, values[v]);
                        if (c->x[0] != expect)
                            fail_msg("sf %u opc %u immr %u imms %u src %016llx: got %016llx, expected %016llx", sf,
                                     opc, immr, imms, (unsigned long long)values[v], (unsigned long long)c->x[0],
                                     (unsigned long long)expect);
                    }
    }
}

/* ---- Extract ------------------------------------------------------------------------------------ */

static void test_extr(void **state)
{
    (void)state;
    c->x[1] = 0x0123456789abcdefull;
    c->x[2] = 0xfedcba9876543210ull;
    run(enc_extr(1, 1, 2, 0, 1, 0));  /* lsb 0: Rm */
    assert_int_equal(c->x[0], 0xfedcba9876543210ull);
    run(enc_extr(1, 1, 2, 8, 1, 0));
    assert_int_equal(c->x[0], 0xeffedcba98765432ull);
    run(enc_extr(1, 1, 2, 63, 1, 0));
    assert_int_equal(c->x[0], 0x02468acf13579bdfull);
    run(enc_extr(1, 1, 1, 4, 1, 0));  /* ROR x0, x1, #4 */
    assert_int_equal(c->x[0], 0xf0123456789abcdeull);
    run(enc_extr(0, 0, 2, 0, 1, 0));  /* 32-bit lsb 0 */
    assert_int_equal(c->x[0], 0x76543210);
    run(enc_extr(0, 0, 2, 16, 1, 0));
    assert_int_equal(c->x[0], 0xcdef7654);
    run(enc_extr(0, 0, 2, 31, 1, 0));
    assert_int_equal(c->x[0], 0x13579bde);
    run(enc_extr(0, 0, 1, 31, 1, 0)); /* ROR w0, w1, #31 */
    assert_int_equal(c->x[0], 0x13579bdf);
    assert_int_equal(decode(enc_extr(1, 0, 2, 8, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_extr(0, 1, 2, 8, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_extr(0, 0, 2, 32, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_extr(1, 1, 2, 8, 1, 0) | 1u << 29), DECODE_UNALLOCATED); /* op21 != 00 */
    assert_int_equal(decode(enc_extr(1, 1, 2, 8, 1, 0) | 1u << 21), DECODE_UNALLOCATED); /* o0 = 1 */
}

/* ---- Logical (shifted register) ---------------------------------------------------------------- */

static uint64_t shift_reg(unsigned datasize, uint64_t v, unsigned type, unsigned amount)
{
    uint64_t mask = ones(datasize);
    v &= mask;
    if (amount == 0)
        return v;
    switch (type) {
    case LSL: return (v << amount) & mask;
    case LSR: return v >> amount;
    case ASR: return (v >> amount) | ((v >> (datasize - 1)) ? mask & ~(mask >> amount) : 0);
    default: return ((v >> amount) | (v << (datasize - amount))) & mask;
    }
}

static void test_logical_shifted(void **state)
{
    (void)state;
    static const unsigned amounts[] = { 0, 1, 31, 32, 63 };
    uint64_t a = 0xf0f0f0f00ff00ff0ull, b = 0x8000000180000001ull;
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned opc = 0; opc < 4; opc++)
            for (unsigned n = 0; n < 2; n++)
                for (unsigned type = 0; type < 4; type++)
                    for (size_t k = 0; k < 5; k++) {
                        unsigned amount = amounts[k], datasize = sf ? 64 : 32;
                        if (amount >= datasize)
                            continue;
                        uint64_t op2 = shift_reg(datasize, b, type, amount), op1 = a & ones(datasize), r;
                        if (n)
                            op2 = ~op2 & ones(datasize);
                        switch (opc) {
                        case 0: case 3: r = op1 & op2; break;
                        case 1: r = op1 | op2; break;
                        default: r = op1 ^ op2; break;
                        }
                        c->x[1] = a;
                        c->x[2] = b;
                        set_nzcv(C_ | V_);
                        run(enc_logical_reg(sf, opc, n, type, 2, amount, 1, 0));
                        assert_int_equal(c->x[0], r);
                        if (opc == 3)
                            assert_int_equal(nzcv(), (unsigned)((r >> (datasize - 1)) << 3 | (r == 0) << 2));
                        else
                            assert_int_equal(nzcv(), C_ | V_);
                    }
    /* MOV x0, x1 and MOV w0, w1 (ORR with XZR); MVN (ORN with XZR). */
    c->x[1] = 0x123456789ull;
    run(enc_logical_reg(1, 1, 0, LSL, 1, 0, XZR, 0));
    assert_int_equal(c->x[0], 0x123456789ull);
    run(enc_logical_reg(0, 1, 0, LSL, 1, 0, XZR, 0));
    assert_int_equal(c->x[0], 0x23456789ull);
    run(enc_logical_reg(1, 1, 1, LSL, 1, 0, XZR, 0));
    assert_int_equal(c->x[0], ~0x123456789ull);
    /* To XZR without S: no effect; TST (ANDS to XZR) sets only flags. */
    c->x[0] = 42;
    run(enc_logical_reg(1, 0, 0, LSL, 1, 0, 1, XZR));
    assert_int_equal(c->x[0], 42);
    run(enc_logical_reg(1, 3, 0, LSL, XZR, 0, 1, XZR));
    assert_int_equal(nzcv(), Z_);
    /* 32-bit forms with imm6 >= 32 are unallocated; ROR is allowed. */
    assert_int_equal(decode(enc_logical_reg(0, 0, 0, LSL, 2, 32, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_reg(0, 3, 1, ROR, 2, 63, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_logical_reg(0, 0, 0, ROR, 2, 31, 1, 0)), DECODE_OK);
}

/* ---- Add/subtract (shifted and extended register), with carry --------------------------------- */

static void test_add_sub_shifted(void **state)
{
    (void)state;
    static const unsigned amounts[] = { 0, 1, 31, 63 };
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned op = 0; op < 2; op++)
            for (unsigned s = 0; s < 2; s++)
                for (unsigned type = 0; type < 3; type++)
                    for (size_t k = 0; k < 4; k++)
                        for (size_t a = 0; a < EDGE_COUNT; a += 3)
                            for (size_t b = 0; b < EDGE_COUNT; b++) {
                                unsigned datasize = sf ? 64 : 32, amount = amounts[k], flags;
                                if (amount >= datasize)
                                    continue;
                                uint64_t op2 = shift_reg(datasize, edge_values[b], type, amount);
                                uint64_t expect = ref_add_with_carry(datasize, edge_values[a], op ? ~op2 : op2, op,
                                                                     &flags);
                                c->x[1] = edge_values[a];
                                c->x[2] = edge_values[b];
                                set_nzcv(0);
                                run(enc_add_sub_shifted(sf, op, s, type, 2, amount, 1, 0));
                                assert_int_equal(c->x[0], expect);
                                assert_int_equal(nzcv(), s ? flags : 0);
                                if (s) { /* CMN / CMP: the flags alone */
                                    set_nzcv(0);
                                    run(enc_add_sub_shifted(sf, op, s, type, 2, amount, 1, XZR));
                                    assert_int_equal(nzcv(), flags);
                                }
                            }
    /* CMP x1, x2 (SUBS to XZR) and NEG x0, x2 (SUB from XZR). */
    c->x[1] = 3;
    c->x[2] = 3;
    run(enc_add_sub_shifted(1, 1, 1, LSL, 2, 0, 1, XZR));
    assert_int_equal(nzcv(), Z_ | C_);
    run(enc_add_sub_shifted(1, 1, 0, LSL, 2, 0, XZR, 0));
    assert_int_equal(c->x[0], (uint64_t)-3);
    /* ROR is reserved; 32-bit imm6 >= 32 is unallocated. */
    assert_int_equal(decode(enc_add_sub_shifted(1, 0, 0, ROR, 2, 1, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_add_sub_shifted(1, 1, 1, ROR, 2, 0, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_add_sub_shifted(0, 0, 0, LSL, 2, 32, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_add_sub_shifted(0, 1, 1, ASR, 2, 40, 1, 0)), DECODE_UNALLOCATED);
}

/* ExtendReg(m, option, shift, N) from its definition. */
static uint64_t extend_reg(unsigned datasize, uint64_t v, unsigned option, unsigned shift)
{
    unsigned len = 8u << (option & 3);
    uint64_t x = v & ones(len);
    if ((option & 4) && len < 64 && (x >> (len - 1)))
        x |= ~ones(len);
    return (x << shift) & ones(datasize);
}

static void test_add_sub_extended(void **state)
{
    (void)state;
    static const uint64_t vals[] = { 0x80, 0x7f, 0x8000, 0xffffffff80000000ull, 0x123456789abcdef0ull,
                                     0xffffffffffffffffull, 0 };
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned op = 0; op < 2; op++)
            for (unsigned s = 0; s < 2; s++)
                for (unsigned option = 0; option < 8; option++)
                    for (unsigned shift = 0; shift <= 4; shift++)
                        for (size_t b = 0; b < 7; b++) {
                            unsigned datasize = sf ? 64 : 32, flags;
                            uint64_t n = 0x7ffffffffffffff0ull;
                            uint64_t op2 = extend_reg(datasize, vals[b], option, shift);
                            uint64_t expect = ref_add_with_carry(datasize, n, op ? ~op2 : op2, op, &flags);
                            c->x[1] = n;
                            c->x[2] = vals[b];
                            set_nzcv(0);
                            run(enc_add_sub_ext(sf, op, s, 0, 2, option, shift, 1, 0));
                            assert_int_equal(c->x[0], expect);
                            assert_int_equal(nzcv(), s ? flags : 0);
                        }
    /* SP operands: ADD sp, sp, x2; ADD x0, sp, w2, UXTW #2; CMP sp, x2 (SUBS to XZR, Rn = SP). */
    *cpu_sp(c) = 0x10000;
    c->x[2] = 0x100;
    run(enc_add_sub_ext(1, 1, 0, 0, 2, UXTX, 0, SP, SP));
    assert_int_equal(*cpu_sp(c), 0xff00);
    run(enc_add_sub_ext(1, 0, 0, 0, 2, UXTW, 2, SP, 0));
    assert_int_equal(c->x[0], 0xff00 + 0x400);
    c->x[2] = 0xff00;
    run(enc_add_sub_ext(1, 1, 1, 0, 2, UXTX, 0, SP, XZR));
    assert_int_equal(nzcv(), Z_ | C_);
    assert_int_equal(*cpu_sp(c), 0xff00);
    c->x[2] = 0xffffffff;
    run(enc_add_sub_ext(0, 0, 0, 0, 2, SXTW, 0, SP, SP)); /* ADD wsp, wsp, w2 */
    assert_int_equal(*cpu_sp(c), 0xfeff);
    /* Unallocated: imm3 > 4, opt != 00. */
    assert_int_equal(decode(enc_add_sub_ext(1, 0, 0, 0, 2, UXTB, 5, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_add_sub_ext(1, 1, 1, 0, 2, SXTX, 7, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_add_sub_ext(1, 0, 0, 1, 2, UXTB, 0, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_add_sub_ext(0, 0, 0, 2, 2, UXTB, 0, 1, 0)), DECODE_UNALLOCATED);
}

static void test_add_sub_carry(void **state)
{
    (void)state;
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned op = 0; op < 2; op++)
            for (unsigned s = 0; s < 2; s++)
                for (unsigned carry = 0; carry < 2; carry++)
                    for (size_t a = 0; a < EDGE_COUNT; a++)
                        for (size_t b = 0; b < EDGE_COUNT; b++) {
                            unsigned flags;
                            uint64_t y = op ? ~edge_values[b] : edge_values[b];
                            uint64_t expect = ref_add_with_carry(sf ? 64 : 32, edge_values[a], y, carry, &flags);
                            c->x[1] = edge_values[a];
                            c->x[2] = edge_values[b];
                            set_nzcv(carry ? C_ : 0);
                            run(enc_adc(sf, op, s, 2, 1, 0));
                            assert_int_equal(c->x[0], expect);
                            assert_int_equal(nzcv(), s ? flags : (carry ? C_ : 0));
                        }
    assert_int_equal(decode(enc_adc(1, 0, 0, 2, 1, 0) | 1u << 10), DECODE_UNALLOCATED); /* op3 != 0 (v8.4) */
}

/* ---- Conditional compare and select ------------------------------------------------------------ */

static void test_cond_compare(void **state)
{
    (void)state;
    c->x[1] = 5;
    c->x[2] = 5;
    set_nzcv(Z_);
    run(enc_ccmp(1, 1, 0, 2, EQ, 1, 0xf)); /* EQ holds: flags of CMP x1, x2 */
    assert_int_equal(nzcv(), Z_ | C_);
    set_nzcv(0);
    run(enc_ccmp(1, 1, 0, 2, EQ, 1, 0xa)); /* EQ fails: flags = #nzcv */
    assert_int_equal(nzcv(), 0xa);
    c->x[1] = 0x7fffffff;
    set_nzcv(0);
    run(enc_ccmp(0, 0, 1, 1, AL, 1, 0));   /* CCMN w1, #1, #0, AL: signed overflow */
    assert_int_equal(nzcv(), N_ | V_);
    set_nzcv(0);
    run(enc_ccmp(0, 1, 1, 31, NV, 1, 0));  /* NV behaves as AL: CMP w1, #31 */
    assert_int_equal(nzcv(), C_);
    c->x[1] = 0x8000000000000000ull;
    set_nzcv(N_ | V_);
    run(enc_ccmp(1, 1, 1, 1, GE, 1, 0));   /* GE holds: CMP INT64_MIN, #1 */
    assert_int_equal(nzcv(), C_ | V_);
    set_nzcv(N_);
    run(enc_ccmp(1, 1, 1, 1, GE, 1, 0x4)); /* GE fails */
    assert_int_equal(nzcv(), Z_);
    c->x[2] = 1;
    set_nzcv(C_);
    run(enc_ccmp(1, 0, 0, 2, HI, 1, 0x3)); /* HI holds: CMN x1, x2 */
    assert_int_equal(nzcv(), N_);
    /* Unallocated: S = 0, o2 = 1, o3 = 1. */
    assert_int_equal(decode(enc_ccmp(1, 1, 0, 2, EQ, 1, 0) & ~(1u << 29)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_ccmp(1, 1, 0, 2, EQ, 1, 0) | 1u << 10), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_ccmp(1, 1, 1, 2, EQ, 1, 0) | 1u << 4), DECODE_UNALLOCATED);
}

static void test_cond_select(void **state)
{
    (void)state;
    c->x[1] = 0x1111111111111111ull;
    c->x[2] = 0xfffffffffffffffeull;
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned op = 0; op < 2; op++)
            for (unsigned op2 = 0; op2 < 2; op2++)
                for (unsigned holds = 0; holds < 2; holds++) {
                    uint64_t mask = ones(sf ? 64 : 32), m2 = c->x[2];
                    uint64_t other = op ? (op2 ? 0 - m2 : ~m2) : (op2 ? m2 + 1 : m2);
                    set_nzcv(holds ? Z_ : 0);
                    run(enc_csel(sf, op, 2, EQ, op2, 1, 0));
                    assert_int_equal(c->x[0], (holds ? c->x[1] : other) & mask);
                }
    /* CSET w0, lt (CSINC w0, wzr, wzr, ge) and CNEG x0, x1, mi (CSNEG x0, x1, x1, pl). */
    set_nzcv(N_);
    run(enc_csel(0, 0, XZR, GE, 1, XZR, 0));
    assert_int_equal(c->x[0], 1);
    run(enc_csel(1, 1, 1, PL, 1, 1, 0));
    assert_int_equal(c->x[0], 0xeeeeeeeeeeeeeeefull);
    /* Every condition, against ConditionHolds() worked from the table of conditions. */
    for (unsigned f = 0; f < 16; f++)
        for (unsigned cond = 0; cond < 16; cond++) {
            unsigned n = f >> 3, z = (f >> 2) & 1, cf = (f >> 1) & 1, v = f & 1, r;
            switch (cond >> 1) {
            case 0: r = z; break;
            case 1: r = cf; break;
            case 2: r = n; break;
            case 3: r = v; break;
            case 4: r = cf && !z; break;
            case 5: r = n == v; break;
            case 6: r = n == v && !z; break;
            default: r = 1; break;
            }
            if ((cond & 1) && cond != 15)
                r = !r;
            set_nzcv(f);
            run(enc_csel(1, 0, 2, cond, 0, 1, 0));
            assert_int_equal(c->x[0], r ? c->x[1] : c->x[2]);
        }
    /* Unallocated: S = 1, op2 = 1x. */
    assert_int_equal(decode(enc_csel(1, 0, 2, EQ, 0, 1, 0) | 1u << 29), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_csel(1, 0, 2, EQ, 2, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_csel(1, 1, 2, EQ, 3, 1, 0)), DECODE_UNALLOCATED);
}

/* ---- Data-processing (1 source) ---------------------------------------------------------------- */

static unsigned ref_clz(unsigned datasize, uint64_t v)
{
    unsigned n = 0;
    for (int b = (int)datasize - 1; b >= 0 && !(v >> b & 1); b--)
        n++;
    return n;
}

static void test_dp_1src(void **state)
{
    (void)state;
    c->x[1] = 0x0123456789abcdefull;
    run(enc_dp1(1, 0, 1, 0)); /* RBIT */
    assert_int_equal(c->x[0], 0xf7b3d591e6a2c480ull);
    run(enc_dp1(0, 0, 1, 0));
    assert_int_equal(c->x[0], 0xf7b3d591ull);
    run(enc_dp1(1, 1, 1, 0)); /* REV16 */
    assert_int_equal(c->x[0], 0x23016745ab89efcdull);
    run(enc_dp1(0, 1, 1, 0));
    assert_int_equal(c->x[0], 0xab89efcdull);
    run(enc_dp1(1, 2, 1, 0)); /* REV32 */
    assert_int_equal(c->x[0], 0x67452301efcdab89ull);
    run(enc_dp1(0, 2, 1, 0)); /* REV w0 */
    assert_int_equal(c->x[0], 0xefcdab89ull);
    run(enc_dp1(1, 3, 1, 0)); /* REV x0 */
    assert_int_equal(c->x[0], 0xefcdab8967452301ull);
    /* CLZ and CLS at their limits, against the definitions. */
    static const uint64_t vals[] = { 0, 1, 0xffffffffffffffffull, 0x8000000000000000ull, 0x4000000000000000ull,
                                     0x00000000ffffffffull, 0x0000000080000000ull, 0x0000000040000000ull,
                                     0xfffffffffffffffeull, 0xc000000000000000ull, 0x00000000c0000001ull };
    for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]); k++)
        for (unsigned sf = 0; sf < 2; sf++) {
            unsigned datasize = sf ? 64 : 32;
            uint64_t v = vals[k] & ones(datasize);
            c->x[1] = vals[k];
            run(enc_dp1(sf, 4, 1, 0));
            assert_int_equal(c->x[0], ref_clz(datasize, v));
            /* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>) */
            uint64_t eor = ((v >> 1) ^ v) & ones(datasize - 1);
            run(enc_dp1(sf, 5, 1, 0));
            assert_int_equal(c->x[0], ref_clz(datasize - 1, eor));
        }
    c->x[1] = 0;
    run(enc_dp1(1, 4, 1, 0));
    assert_int_equal(c->x[0], 64);
    run(enc_dp1(0, 5, 1, 0));
    assert_int_equal(c->x[0], 31);
    /* Unallocated: REV with sf = 0 and opcode 3, opcodes above CLS, opcode2 != 0 (PAC), S = 1. */
    assert_int_equal(decode(enc_dp1(0, 3, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp1(1, 6, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp1(1, 8, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp1(1, 0, 1, 0) | 1u << 16), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp1(1, 0, 1, 0) | 1u << 29), DECODE_UNALLOCATED);
}

/* ---- Data-processing (2 source) ---------------------------------------------------------------- */

static void test_divide(void **state)
{
    (void)state;
    struct {
        unsigned sf, sign;
        uint64_t n, m, q;
    } cases[] = {
        { 1, 0, 100, 7, 14 },
        { 1, 0, 100, 0, 0 },                                        /* divide by zero: 0 */
        { 1, 0, 0xffffffffffffffffull, 1, 0xffffffffffffffffull },
        { 1, 0, 0xffffffffffffffffull, 0xffffffffffffffffull, 1 },
        { 0, 0, 0x1ffffffffull, 2, 0x7fffffff },                     /* only the low words count */
        { 0, 0, 7, 0x100000000ull, 0 },                              /* Wm = 0 */
        { 1, 1, (uint64_t)-7, 2, (uint64_t)-3 },                     /* rounds towards zero */
        { 1, 1, 7, (uint64_t)-2, (uint64_t)-3 },
        { 1, 1, 0x8000000000000000ull, (uint64_t)-1, 0x8000000000000000ull }, /* INT64_MIN / -1 */
        { 1, 1, 0x8000000000000000ull, 0, 0 },
        { 0, 1, 0x80000000, 0xffffffff, 0x80000000 },               /* INT32_MIN / -1 */
        { 0, 1, 0xfffffff9, 2, 0xfffffffd },
        { 0, 1, 5, 0, 0 },
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        c->x[1] = cases[k].n;
        c->x[2] = cases[k].m;
        run(enc_dp2(cases[k].sf, 2 + cases[k].sign, 2, 1, 0));
        assert_int_equal(c->x[0], cases[k].q);
        assert_int_equal(last.cost, TIMING_DIV);
    }
}

static void test_variable_shifts(void **state)
{
    (void)state;
    static const uint64_t amounts[] = { 0, 1, 31, 32, 63, 64, 65, 0xffffffffffffffffull };
    uint64_t v = 0x8123456789abcdefull;
    for (size_t k = 0; k < sizeof(amounts) / sizeof(amounts[0]); k++)
        for (unsigned sf = 0; sf < 2; sf++)
            for (unsigned type = 0; type < 4; type++) {
                unsigned datasize = sf ? 64 : 32;
                c->x[1] = v;
                c->x[2] = amounts[k];
                run(enc_dp2(sf, 8 + type, 2, 1, 0));
                assert_int_equal(c->x[0], shift_reg(datasize, v, type, (unsigned)(amounts[k] % datasize)));
            }
}

static void test_crc32(void **state)
{
    (void)state;
    static const uint32_t poly[2] = { 0xedb88320u, 0x82f63b78u };
    static const uint64_t vals[] = { 0, 0xff, 0x0123456789abcdefull, 0xffffffffffffffffull, 0x8000000000000001ull };
    static const uint32_t accs[] = { 0, 0xffffffffu, 0x12345678u };
    for (unsigned castagnoli = 0; castagnoli < 2; castagnoli++)
        for (unsigned sz = 0; sz < 4; sz++)
            for (size_t a = 0; a < 3; a++)
                for (size_t v = 0; v < 5; v++) {
                    c->x[1] = 0xabcdef0000000000ull | accs[a]; /* Wn: the top half is ignored */
                    c->x[2] = vals[v];
                    run(enc_dp2(sz == 3, 0x10 | castagnoli << 2 | sz, 2, 1, 0));
                    assert_int_equal(c->x[0], ref_crc(accs[a], vals[v], 1u << sz, poly[castagnoli]));
                }
    /* The published check values of "123456789": CRC-32 0xCBF43926, CRC-32C 0xE3069283 (with the
     * standard initial and final inversion around the instructions). */
    static const char digits[] = "123456789";
    static const uint32_t check[2] = { 0xcbf43926u, 0xe3069283u };
    for (unsigned castagnoli = 0; castagnoli < 2; castagnoli++) {
        c->x[0] = 0xffffffffu;
        for (int k = 0; k < 9; k++) {
            c->x[2] = (uint8_t)digits[k];
            run(enc_dp2(0, 0x10 | castagnoli << 2, 2, 0, 0)); /* CRC32B / CRC32CB w0, w0, w2 */
        }
        assert_int_equal(c->x[0] ^ 0xffffffffu, check[castagnoli]);
    }
    /* The same 8 bytes through CRC32X agree with 8 CRC32Bs. */
    c->x[2] = 0x3837363534333231ull; /* "12345678" */
    c->x[1] = 0xffffffffu;
    run(enc_dp2(1, 0x13, 2, 1, 0));
    assert_int_equal(c->x[0], ref_crc(0xffffffffu, 0x3837363534333231ull, 8, poly[0]));
    /* Unallocated: the wrong sf for the size. */
    assert_int_equal(decode(enc_dp2(0, 0x13, 2, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp2(1, 0x10, 2, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp2(1, 0x16, 2, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp2(0, 0x17, 2, 1, 0)), DECODE_UNALLOCATED);
}

static void test_dp_2src_unallocated(void **state)
{
    (void)state;
    static const unsigned opcodes[] = { 0, 1, 4, 5, 6, 7, 0x0c, 0x0d, 0x0e, 0x0f, 0x18, 0x20, 0x3f };
    for (size_t k = 0; k < sizeof(opcodes) / sizeof(opcodes[0]); k++)
        for (unsigned sf = 0; sf < 2; sf++)
            assert_int_equal(decode(enc_dp2(sf, opcodes[k], 2, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp2(1, 2, 2, 1, 0) | 1u << 29), DECODE_UNALLOCATED); /* S = 1 */
}

/* ---- Data-processing (3 source) ---------------------------------------------------------------- */

static void test_dp_3src(void **state)
{
    (void)state;
    c->x[1] = 0x100000003ull;
    c->x[2] = 0xfffffffffffffffeull; /* -2 */
    c->x[3] = 1000;
    run(enc_dp3(1, 0, 0, 2, 3, 1, 0)); /* MADD */
    assert_int_equal(c->x[0], 1000 - 2 * 0x100000003ull);
    assert_int_equal(last.cost, TIMING_MUL64);
    run(enc_dp3(1, 0, 1, 2, 3, 1, 0)); /* MSUB */
    assert_int_equal(c->x[0], 1000 + 2 * 0x100000003ull);
    run(enc_dp3(0, 0, 0, 2, 3, 1, 0)); /* MADD w: 3 * -2 + 1000 */
    assert_int_equal(c->x[0], 994);
    assert_int_equal(last.cost, TIMING_MUL32);
    run(enc_dp3(0, 0, 1, 2, XZR, 1, 0)); /* MNEG w0, w1, w2 */
    assert_int_equal(c->x[0], 6);
    run(enc_dp3(1, 0, 0, 2, XZR, 1, 0)); /* MUL */
    assert_int_equal(c->x[0], (uint64_t)-2 * 0x100000003ull);
    run(enc_dp3(1, 1, 0, 2, 3, 1, 0));   /* SMADDL: 3 * -2 + 1000 */
    assert_int_equal(c->x[0], 994);
    run(enc_dp3(1, 1, 1, 2, 3, 1, 0));   /* SMSUBL */
    assert_int_equal(c->x[0], 1006);
    run(enc_dp3(1, 5, 0, 2, 3, 1, 0));   /* UMADDL: 3 * 0xfffffffe + 1000 */
    assert_int_equal(c->x[0], 3ull * 0xfffffffeull + 1000);
    run(enc_dp3(1, 5, 1, 2, 3, 1, 0));   /* UMSUBL */
    assert_int_equal(c->x[0], 1000 - 3ull * 0xfffffffeull);
    c->x[1] = 0xffffffffffffffffull;
    c->x[2] = 0xffffffffffffffffull;
    run(enc_dp3(1, 6, 0, 2, XZR, 1, 0)); /* UMULH: (2^64-1)^2 >> 64 */
    assert_int_equal(c->x[0], 0xfffffffffffffffeull);
    assert_int_equal(last.cost, TIMING_MULH);
    run(enc_dp3(1, 2, 0, 2, XZR, 1, 0)); /* SMULH: (-1)(-1) = 1 */
    assert_int_equal(c->x[0], 0);
    c->x[1] = 0x8000000000000000ull;
    c->x[2] = 2;
    run(enc_dp3(1, 2, 0, 2, XZR, 1, 0)); /* SMULH: -2^63 * 2 = -2^64 */
    assert_int_equal(c->x[0], 0xffffffffffffffffull);
    c->x[2] = 0x8000000000000000ull;
    run(enc_dp3(1, 2, 0, 2, XZR, 1, 0)); /* SMULH: 2^126 */
    assert_int_equal(c->x[0], 0x4000000000000000ull);
    /* Unallocated: the long and high forms with sf = 0, op54 != 00, op31 = 011/100/111, o0 = 1 with MULH. */
    assert_int_equal(decode(enc_dp3(0, 1, 0, 2, 3, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp3(0, 6, 0, 2, XZR, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp3(1, 0, 0, 2, 3, 1, 0) | 1u << 29), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp3(1, 3, 0, 2, 3, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp3(1, 4, 0, 2, 3, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp3(1, 7, 0, 2, 3, 1, 0)), DECODE_UNALLOCATED);
    assert_int_equal(decode(enc_dp3(1, 2, 1, 2, XZR, 1, 0)), DECODE_UNALLOCATED);
}

/* ---- XZR destinations -------------------------------------------------------------------------- */

static void test_xzr_destination(void **state)
{
    (void)state;
    uint64_t before[32];
    for (unsigned n = 0; n < 31; n++)
        c->x[n] = 0x1000 + n;
    memcpy(before, c->x, sizeof(before));
    uint64_t sp = *cpu_sp(c);
    const uint32_t words[] = {
        enc_add_sub_shifted(1, 0, 0, LSL, 2, 0, 1, XZR), enc_logical_reg(0, 2, 0, LSL, 2, 0, 1, XZR),
        enc_move_wide(1, 3, 0, 5, XZR),                  enc_bitfield(1, 1, 1, 0, 7, 1, XZR),
        enc_dp2(1, 2, 2, 1, XZR),                        enc_dp3(1, 0, 0, 2, 3, 1, XZR),
        enc_csel(1, 0, 2, EQ, 1, 1, XZR),                enc_dp1(1, 0, 1, XZR),
        enc_adc(1, 0, 0, 2, 1, XZR),                     enc_extr(1, 1, 2, 3, 1, XZR),
        enc_dp2(0, 0x14, 2, 1, XZR),
    };
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
        run(words[k]);
    assert_memory_equal(before, c->x, sizeof(before));
    assert_int_equal(*cpu_sp(c), sp);
}

/* ---- Decode coverage: Capstone and we agree on which words are instructions ------------------- */

/* Later architecture versions' instructions in this space, which ARMv8.0 leaves unallocated
 * (Capstone 4 knows none of them; newer releases decode them). */
static int later_extension(const char *mnemonic)
{
    static const char *const names[] = { "addg", "subg", "rmif", "setf8", "setf16", "irg", "gmi", "subp", "subps",
                                          "pacga", "abs", "cnt", "ctz", "smax", "smin", "umax", "umin" };
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (strcmp(mnemonic, names[k]) == 0)
            return 1;
    return strncmp(mnemonic, "pac", 3) == 0 || strncmp(mnemonic, "aut", 3) == 0 || strncmp(mnemonic, "xpac", 4) == 0;
}

static void test_decode_agrees_with_capstone(void **state)
{
    (void)state;
    csh h;
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h), CS_ERR_OK);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    unsigned checked = 0;
    for (unsigned k = 0; k < 400000; k++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        uint32_t word = (uint32_t)(seed >> 32);
        /* Data Processing -- Immediate (op0 = 100x) or -- Register (op0 = x101). */
        if (k & 1)
            word = (word & ~(7u << 26)) | 4u << 26;
        else
            word = (word & ~(7u << 25)) | 5u << 25;
        cs_insn *insn;
        uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
        size_t count = cs_disasm(h, bytes, 4, 0, 1, &insn);
        int capstone_ok = count == 1 && !later_extension(insn[0].mnemonic);
        char mnemonic[32] = "";
        if (count) {
            snprintf(mnemonic, sizeof(mnemonic), "%s", insn[0].mnemonic);
            cs_free(insn, count);
        }
        int ours = decode(word) == DECODE_OK;
        if (ours != capstone_ok)
            fail_msg("word %08x: we say %s, Capstone says %s", word, ours ? "allocated" : "unallocated",
                     count ? mnemonic : "invalid");
        checked += ours;
    }
    cs_close(&h);
    assert_true(checked > 100000); /* a good share of the random words are instructions */
}

static void test_costs(void **state)
{
    (void)state;
    assert_int_equal(decode(enc_add_sub_imm(1, 0, 0, 0, 1, 1, 0)), DECODE_OK);
    assert_int_equal(last.cost, TIMING_ALU);
    assert_int_equal(decode(enc_logical_reg(1, 1, 0, LSL, 2, 3, 1, 0)), DECODE_OK);
    assert_int_equal(last.cost, TIMING_ALU);
    assert_int_equal(decode(enc_dp2(0, 2, 2, 1, 0)), DECODE_OK);
    assert_int_equal(last.cost, TIMING_DIV);
    assert_int_equal(decode(enc_dp3(1, 5, 0, 2, 3, 1, 0)), DECODE_OK);
    assert_int_equal(last.cost, TIMING_MUL32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_encoders_match_capstone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adr_adrp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_sub_imm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adds_subs_imm_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decode_bit_masks_exhaustive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_logical_imm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_wide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bitfield_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bitfield_exhaustive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_logical_shifted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_sub_shifted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_sub_extended, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_sub_carry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cond_compare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cond_select, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dp_1src, setup, teardown),
        cmocka_unit_test_setup_teardown(test_divide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variable_shifts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crc32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dp_2src_unallocated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dp_3src, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xzr_destination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decode_agrees_with_capstone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_costs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
