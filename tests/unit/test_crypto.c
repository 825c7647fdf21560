/* The Cryptographic Extension (a64_crypto.c) against the FIPS test vectors, run through the
 * instruction sequences real implementations use:
 * - AES-128 (FIPS-197 Appendix C.1): the key schedule's SubWord from AESE on a state whose four
 *   columns are equal (ShiftRows then moves nothing), encryption as AESE+AESMC rounds, decryption as
 *   the equivalent inverse cipher (AESD+AESIMC with AESIMC'd round keys);
 * - SHA-1 and SHA-256 of "abc" (FIPS-180-4 examples): message schedule by SHA1SU0/SHA1SU1 and
 *   SHA256SU0/SHA256SU1, rounds by SHA1H/SHA1C/SHA1P/SHA1M and SHA256H/SHA256H2.
 * The vector additions and EORs between the crypto instructions (ADD/EOR in real code) are done here
 * on the host, so the test depends on nothing but the crypto instructions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/sysreg_bits.h"
#include "harness.h"
#include "machine.h"
#include "trace/sha256.h"

#define RAM_SIZE (1u << 20)
#define CODE 0x1000ull
#define VBAR 0x40000ull

static struct machine *m;
static struct cpu *c;

struct q {
    uint32_t s[4]; /* Elem[V, e, 32] */
};

static void set_v(unsigned n, struct q x)
{
    c->v[n][0] = x.s[0] | (uint64_t)x.s[1] << 32;
    c->v[n][1] = x.s[2] | (uint64_t)x.s[3] << 32;
}

static struct q get_v(unsigned n)
{
    struct q x = { { (uint32_t)c->v[n][0], (uint32_t)(c->v[n][0] >> 32), (uint32_t)c->v[n][1],
                     (uint32_t)(c->v[n][1] >> 32) } };
    return x;
}

static struct q q_add(struct q a, struct q b)
{
    for (unsigned e = 0; e < 4; e++)
        a.s[e] += b.s[e];
    return a;
}

static struct q q_eor(struct q a, struct q b)
{
    for (unsigned e = 0; e < 4; e++)
        a.s[e] ^= b.s[e];
    return a;
}

/* Encodings (checked against llvm-mc and Capstone in test_encodings). */
#define AES(op, d, n) (0x4e280800u | (op) << 12 | (n) << 5 | (d))
#define AESE(d, n) AES(4u, d, n)
#define AESD(d, n) AES(5u, d, n)
#define AESMC(d, n) AES(6u, d, n)
#define AESIMC(d, n) AES(7u, d, n)
#define SHA3(op, d, n, m) (0x5e000000u | (m) << 16 | (op) << 12 | (n) << 5 | (d))
#define SHA1C(d, n, m) SHA3(0u, d, n, m)
#define SHA1P(d, n, m) SHA3(1u, d, n, m)
#define SHA1M(d, n, m) SHA3(2u, d, n, m)
#define SHA1SU0(d, n, m) SHA3(3u, d, n, m)
#define SHA256H(d, n, m) SHA3(4u, d, n, m)
#define SHA256H2(d, n, m) SHA3(5u, d, n, m)
#define SHA256SU1(d, n, m) SHA3(6u, d, n, m)
#define SHA2(op, d, n) (0x5e280800u | (op) << 12 | (n) << 5 | (d))
#define SHA1H(d, n) SHA2(0u, d, n)
#define SHA1SU1(d, n) SHA2(1u, d, n)
#define SHA256SU0(d, n) SHA2(2u, d, n)

static int setup(void **state)
{
    (void)state;
    m = harness_el1_fp_machine(RAM_SIZE, VBAR);
    c = m->cpus[0];
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* Run one word at CODE; it must complete. */
static void exec1(uint32_t word)
{
    harness_exec_at(c, CODE, word, NULL);
    assert_int_equal(c->pc, CODE + 4);
}

/* Capstone's text of every form, and that each completes. */
static void test_encodings(void **state)
{
    (void)state;
    static const struct {
        uint32_t word;
        const char *text;
    } forms[] = {
        { AESE(0, 1), "aese v0.16b, v1.16b" },          { AESD(2, 3), "aesd v2.16b, v3.16b" },
        { AESMC(4, 5), "aesmc v4.16b, v5.16b" },        { AESIMC(6, 7), "aesimc v6.16b, v7.16b" },
        { SHA1C(0, 1, 2), "sha1c q0, s1, v2.4s" },      { SHA1P(0, 1, 2), "sha1p q0, s1, v2.4s" },
        { SHA1M(0, 1, 2), "sha1m q0, s1, v2.4s" },      { SHA1SU0(0, 1, 2), "sha1su0 v0.4s, v1.4s, v2.4s" },
        { SHA256H(0, 1, 2), "sha256h q0, q1, v2.4s" },  { SHA256H2(0, 1, 2), "sha256h2 q0, q1, v2.4s" },
        { SHA256SU1(0, 1, 2), "sha256su1 v0.4s, v1.4s, v2.4s" },
        { SHA1H(0, 1), "sha1h s0, s1" },                { SHA1SU1(0, 1), "sha1su1 v0.4s, v1.4s" },
        { SHA256SU0(0, 1), "sha256su0 v0.4s, v1.4s" },
    };
    for (unsigned k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
        harness_exec_at(c, CODE, forms[k].word, forms[k].text);
        assert_int_equal(c->pc, CODE + 4);
    }
}

/* ---- AES ---------------------------------------------------------------------------------- */

/* 16 bytes, state byte k = in[k] (FIPS-197's input order, column-major) */
static struct q q_bytes(const uint8_t in[16])
{
    struct q x;
    memcpy(x.s, in, 16);
    return x;
}

/* SubWord(w) through AESE: state = {w, w, w, w} (all columns equal), round key 0. */
static uint32_t sub_word(uint32_t w)
{
    set_v(0, (struct q){ { w, w, w, w } });
    set_v(1, (struct q){ { 0, 0, 0, 0 } });
    exec1(AESE(0, 1));
    struct q r = get_v(0);
    /* all four columns come out equal */
    assert_int_equal(r.s[1], r.s[0]);
    assert_int_equal(r.s[3], r.s[0]);
    return r.s[0];
}

/* KeyExpansion() of FIPS-197 5.2 for Nk = 4: words little-endian in memory order. */
static void aes128_key_expansion(const uint8_t key[16], struct q rk[11])
{
    uint32_t w[44];
    uint32_t rcon = 1;
    memcpy(w, key, 16);
    for (unsigned i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word(t >> 8 | t << 24) ^ rcon; /* RotWord: byte 1 first */
            rcon = rcon << 1 ^ (rcon & 0x80 ? 0x11b : 0);
        }
        w[i] = w[i - 4] ^ t;
    }
    for (unsigned r = 0; r < 11; r++)
        memcpy(rk[r].s, &w[4 * r], 16);
}

static const uint8_t aes_key[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                     0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t aes_plain[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                       0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
static const uint8_t aes_cipher[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };

static void assert_q_bytes(struct q x, const uint8_t want[16]) { assert_memory_equal(x.s, want, 16); }

static void test_aes128_encrypt(void **state)
{
    (void)state;
    struct q rk[11];
    aes128_key_expansion(aes_key, rk);
    /* FIPS-197 A.1's last round key for this key is in C.1's round 10: 13111d7f e3944a17 f307a78b 4d2b30c5 */
    static const uint8_t rk10[16] = { 0x13, 0x11, 0x1d, 0x7f, 0xe3, 0x94, 0x4a, 0x17,
                                      0xf3, 0x07, 0xa7, 0x8b, 0x4d, 0x2b, 0x30, 0xc5 };
    assert_q_bytes(rk[10], rk10);

    set_v(0, q_bytes(aes_plain));
    for (unsigned r = 0; r < 9; r++) {
        set_v(1, rk[r]);
        exec1(AESE(0, 1));
        exec1(AESMC(0, 0));
    }
    set_v(1, rk[9]);
    exec1(AESE(0, 1));
    assert_q_bytes(q_eor(get_v(0), rk[10]), aes_cipher);
}

static void test_aes128_decrypt(void **state)
{
    (void)state;
    struct q rk[11], dk[11];
    aes128_key_expansion(aes_key, rk);
    /* the equivalent inverse cipher's round keys: InvMixColumns of rounds 1..9, by AESIMC */
    for (unsigned r = 1; r < 10; r++) {
        set_v(2, rk[r]);
        exec1(AESIMC(3, 2));
        dk[r] = get_v(3);
    }
    set_v(0, q_bytes(aes_cipher));
    set_v(1, rk[10]);
    exec1(AESD(0, 1));
    for (unsigned r = 9; r >= 1; r--) {
        exec1(AESIMC(0, 0));
        set_v(1, dk[r]);
        exec1(AESD(0, 1));
    }
    assert_q_bytes(q_eor(get_v(0), rk[0]), aes_plain);
}

/* AESIMC undoes AESMC and AESD(AESE(x, k), 0) = x EOR k on arbitrary states; Vn is left alone. */
static void test_aes_inverses(void **state)
{
    (void)state;
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (unsigned k = 0; k < 64; k++) {
        struct q x, key;
        for (unsigned e = 0; e < 4; e++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            x.s[e] = (uint32_t)(s >> 32);
            key.s[e] = (uint32_t)s;
        }
        set_v(5, x);
        exec1(AESMC(6, 5));
        exec1(AESIMC(7, 6));
        assert_memory_equal(get_v(7).s, x.s, 16);
        assert_memory_equal(get_v(5).s, x.s, 16);
        set_v(8, x);
        set_v(9, key);
        set_v(10, (struct q){ { 0, 0, 0, 0 } });
        exec1(AESE(8, 9));
        exec1(AESD(8, 10));
        assert_memory_equal(get_v(8).s, q_eor(x, key).s, 16);
        assert_memory_equal(get_v(9).s, key.s, 16);
    }
}

/* ---- SHA ---------------------------------------------------------------------------------- */

/* The one padded block of "abc" as big-endian words (FIPS-180-4 5.1.1). */
static void abc_block(uint32_t w[16])
{
    memset(w, 0, 16 * sizeof(w[0]));
    w[0] = 0x61626380;
    w[15] = 24;
}

static void test_sha1_abc(void **state)
{
    (void)state;
    static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    static const uint32_t want[5] = { 0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d };
    uint32_t block[16];
    struct q w[20];
    abc_block(block);
    for (unsigned qd = 0; qd < 4; qd++)
        memcpy(w[qd].s, &block[4 * qd], 16);
    /* W[t..t+3] = SHA1SU1(SHA1SU0(W[t-16..], W[t-12..], W[t-8..]), W[t-4..]) */
    for (unsigned qd = 4; qd < 20; qd++) {
        set_v(4, w[qd - 4]);
        set_v(5, w[qd - 3]);
        set_v(6, w[qd - 2]);
        exec1(SHA1SU0(4, 5, 6));
        set_v(7, w[qd - 1]);
        exec1(SHA1SU1(4, 7));
        w[qd] = get_v(4);
    }
    set_v(0, (struct q){ { h0[0], h0[1], h0[2], h0[3] } });
    c->v[1][0] = h0[4];
    c->v[1][1] = 0;
    for (unsigned qd = 0; qd < 20; qd++) {
        unsigned t = qd / 5;
        set_v(2, q_add(w[qd], (struct q){ { k[t], k[t], k[t], k[t] } }));
        exec1(SHA1H(3, 0)); /* the next quad's e: ROL(a, 30) of this quad's a */
        assert_int_equal(c->v[3][1], 0);
        exec1(t == 0 ? SHA1C(0, 1, 2) : t == 2 ? SHA1M(0, 1, 2) : SHA1P(0, 1, 2));
        c->v[1][0] = c->v[3][0];
    }
    struct q abcd = get_v(0);
    for (unsigned e = 0; e < 4; e++)
        assert_int_equal(abcd.s[e] + h0[e], want[e]);
    assert_int_equal((uint32_t)c->v[1][0] + h0[4], want[4]);
}

static void test_sha256_abc(void **state)
{
    (void)state;
    static const uint32_t want[8] = { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                      0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad };
    uint32_t block[16];
    struct q w[16];
    abc_block(block);
    for (unsigned qd = 0; qd < 4; qd++)
        memcpy(w[qd].s, &block[4 * qd], 16);
    /* W[t..t+3] = SHA256SU1(SHA256SU0(W[t-16..], W[t-12..]), W[t-8..], W[t-4..]) */
    for (unsigned qd = 4; qd < 16; qd++) {
        set_v(4, w[qd - 4]);
        set_v(5, w[qd - 3]);
        exec1(SHA256SU0(4, 5));
        set_v(6, w[qd - 2]);
        set_v(7, w[qd - 1]);
        exec1(SHA256SU1(4, 6, 7));
        w[qd] = get_v(4);
    }
    struct sha256 h0; /* the initial hash value H(0) */
    sha256_init(&h0);
    struct q abcd0, efgh0;
    memcpy(abcd0.s, h0.h, 16);
    memcpy(efgh0.s, h0.h + 4, 16);
    set_v(0, abcd0);
    set_v(1, efgh0);
    for (unsigned qd = 0; qd < 16; qd++) {
        struct q kq;
        memcpy(kq.s, &sha256_k[4 * qd], 16);
        set_v(2, q_add(w[qd], kq));
        set_v(3, get_v(0)); /* the old abcd for SHA256H2 */
        exec1(SHA256H(0, 1, 2));
        exec1(SHA256H2(1, 3, 2));
    }
    struct q abcd = q_add(get_v(0), abcd0), efgh = q_add(get_v(1), efgh0);
    assert_memory_equal(abcd.s, want, 16);
    assert_memory_equal(efgh.s, want + 4, 16);
}

/* Vd, Vn and Vm may be the same register: every source is read before Vd is written, so the
 * result equals that of distinct registers holding the same values. */
static void test_register_aliasing(void **state)
{
    (void)state;
    static const uint32_t three[] = { SHA1C(0, 0, 0), SHA1P(0, 0, 0), SHA1M(0, 0, 0), SHA1SU0(0, 0, 0),
                                      SHA256H(0, 0, 0), SHA256H2(0, 0, 0), SHA256SU1(0, 0, 0) };
    static const uint32_t two[] = { AESE(0, 0), AESD(0, 0), AESMC(0, 0), AESIMC(0, 0),
                                    SHA1H(0, 0), SHA1SU1(0, 0), SHA256SU0(0, 0) };
    const struct q x = { { 0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210 } };
    for (unsigned k = 0; k < sizeof(three) / sizeof(three[0]); k++) {
        set_v(0, x);
        exec1(three[k]);
        struct q same = get_v(0);
        set_v(0, x);
        set_v(1, x);
        set_v(2, x);
        exec1(three[k] | 1u << 5 | 2u << 16); /* Vn = V1, Vm = V2 */
        assert_memory_equal(get_v(0).s, same.s, 16);
    }
    for (unsigned k = 0; k < sizeof(two) / sizeof(two[0]); k++) {
        set_v(0, x);
        exec1(two[k]);
        struct q same = get_v(0);
        set_v(0, x);
        set_v(1, x);
        exec1(two[k] | 1u << 5); /* Vn = V1 */
        assert_memory_equal(get_v(0).s, same.s, 16);
    }
}

/* With CPACR_EL1.FPEN = 00 every crypto instruction traps to EL1 with EC 0x07 and changes nothing. */
static void test_fp_trap(void **state)
{
    (void)state;
    static const uint32_t words[] = { AESE(0, 1), AESMC(0, 1), SHA1C(0, 1, 2), SHA256H2(0, 1, 2),
                                      SHA1H(0, 1), SHA256SU0(0, 1) };
    for (unsigned k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        c->sr.cpacr_el1 = 0;
        cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
        set_v(0, (struct q){ { 1, 2, 3, 4 } });
        set_v(1, (struct q){ { 5, 6, 7, 8 } });
        harness_exec_at(c, CODE, words[k], NULL);
        (void)harness_assert_el1_exception(c, VBAR, CODE, EC_FP_ACCESS);
        assert_memory_equal(get_v(0).s, ((uint32_t[]){ 1, 2, 3, 4 }), 16);
        c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT;
        cpu_update_derived(c); /* the cached SIMD/FP enable follows CPACR/CPTR */
    }
}

/* size != 00 and the unused opcodes stay unallocated. */
static void test_decode_reserved(void **state)
{
    (void)state;
    static const uint32_t words[] = { AESE(0, 1) | 1u << 22, AES(3u, 0, 1), AES(8u, 0, 1),
                                      SHA3(7u, 0, 1, 2), SHA1C(0, 1, 2) | 1u << 23, SHA2(3u, 0, 1),
                                      SHA1H(0, 1) | 1u << 22 };
    for (unsigned k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        struct insn i;
        assert_int_equal(a64_decode(&i, words[k]), DECODE_UNALLOCATED);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_encodings),   T(test_aes128_encrypt), T(test_aes128_decrypt), T(test_aes_inverses),
        T(test_sha1_abc),    T(test_sha256_abc),     T(test_register_aliasing), T(test_fp_trap),
        T(test_decode_reserved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
