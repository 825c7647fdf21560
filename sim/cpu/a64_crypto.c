/* Data Processing -- the Cryptographic Extension (Arm ARM C4.1, op0 = 0100 / 0101): AES, SHA1 and
 * SHA256, as the Cortex-A72 of the Versal has them (ID_AA64ISAR0_EL1 = 0x11120). PMULL/PMULL2 are
 * Advanced SIMD three-different encodings (a64_simd.c). The functions follow the Arm ARM's shared
 * pseudocode (AESSubBytes, AESShiftRows, AESMixColumns, SHAchoose, SHA256hash, ...) on whole V
 * registers (vreg.h): byte i of the AES state is bits 8i+7:8i, and Elem[x, e, 32] is bits 32e+31:32e.
 */
#include "a64_fpsimd.h"
#include "vreg.h"

/* V[d] = a whole 128-bit result (vreg.h's vreg_write with Q = 1). */
static inline void vreg_put(struct cpu *c, unsigned n, struct vreg r) { vreg_write(c, n, &r, 1); }

static inline uint32_t ror32(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }
static inline uint32_t rol32(uint32_t x, unsigned n) { return x << n | x >> (32 - n); }

/* ---- AES ---------------------------------------------------------------------------------- */

/* The S-box of FIPS-197 5.1.1 (the multiplicative inverse in GF(2^8) followed by the affine map). */
static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

/* Its inverse (FIPS-197 5.3.2). */
static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e, 0x81, 0xf3, 0xd7, 0xfb,
    0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87, 0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb,
    0x54, 0x7b, 0x94, 0x32, 0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49, 0x6d, 0x8b, 0xd1, 0x25,
    0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16, 0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92,
    0x6c, 0x70, 0x48, 0x50, 0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05, 0xb8, 0xb3, 0x45, 0x06,
    0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02, 0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b,
    0x3a, 0x91, 0x11, 0x41, 0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8, 0x1c, 0x75, 0xdf, 0x6e,
    0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89, 0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b,
    0xfc, 0x56, 0x3e, 0x4b, 0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59, 0x27, 0x80, 0xec, 0x5f,
    0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d, 0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef,
    0xa0, 0xe0, 0x3b, 0x4d, 0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63, 0x55, 0x21, 0x0c, 0x7d,
};

/* AESShiftRows(): byte k is row k % 4 of column k / 4, and row r rotates left by r columns, so
 * byte k comes from byte (k + 4 * (k % 4)) % 16. AESInvShiftRows() rotates right. */
static const uint8_t aes_shift_rows_src[16] = { 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11 };
static const uint8_t aes_inv_shift_rows_src[16] = { 0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3 };

/* AESSubBytes(AESShiftRows(x)) with box = the S-box and src = aes_shift_rows_src, or
 * AESInvSubBytes(AESInvShiftRows(x)) with the inverses: both permute bytes, then substitute each. */
static inline struct vreg aes_shift_sub(struct vreg x, const uint8_t *src, const uint8_t *box)
{
    struct vreg r;
    uint64_t lo = 0, hi = 0;
#pragma GCC unroll 8 /* constant indexes and shifts, no loop */
    for (unsigned k = 0; k < 8; k++) {
        lo |= (uint64_t)box[x.b[src[k]]] << (8 * k);
        hi |= (uint64_t)box[x.b[src[k + 8]]] << (8 * k);
    }
    r.d[0] = lo;
    r.d[1] = hi;
    return r;
}

/* FFmul02() on eight bytes at once: multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
static inline uint64_t ff_mul02_x8(uint64_t b)
{
    return ((b & 0x7f7f7f7f7f7f7f7full) << 1) ^ (((b >> 7) & 0x0101010101010101ull) * 0x1b);
}

/* On two 32-bit columns: byte i of each takes byte (i + 1) % 4 (column_rot8) or (i + 2) % 4
 * (column_rot16) of the same column. */
static inline uint64_t column_rot8(uint64_t x)
{
    return ((x >> 8) & 0x00ffffff00ffffffull) | ((x & 0x000000ff000000ffull) << 24);
}
static inline uint64_t column_rot16(uint64_t x)
{
    return ((x >> 16) & 0x0000ffff0000ffffull) | ((x & 0x0000ffff0000ffffull) << 16);
}

/* AESMixColumns() on two columns: byte i of a column becomes
 * {02}.a[i] ^ {03}.a[i+1] ^ a[i+2] ^ a[i+3] = {02}.(a[i] ^ a[i+1]) ^ a[i+1] ^ a[i+2] ^ a[i+3]. */
static inline uint64_t aes_mix_columns2(uint64_t a)
{
    uint64_t r1 = column_rot8(a);
    return ff_mul02_x8(a ^ r1) ^ r1 ^ column_rot16(a) ^ column_rot8(column_rot16(a));
}

/* AESInvMixColumns() on two columns: the inverse matrix {0e 0b 0d 09} is the forward one times
 * {05 00 04 00}, i.e. a[i] ^= {04}.(a[i] ^ a[i+2]) before AESMixColumns. */
static inline uint64_t aes_inv_mix_columns2(uint64_t a)
{
    uint64_t u = ff_mul02_x8(ff_mul02_x8(a ^ column_rot16(a)));
    return aes_mix_columns2(a ^ u);
}

/* AESE <Vd>.16B, <Vn>.16B */
static enum exec_status exec_aese(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    struct vreg x = vreg_read(c, i->rd), k = vreg_read(c, i->rn);
    x.d[0] ^= k.d[0];
    x.d[1] ^= k.d[1];
    vreg_put(c, i->rd, aes_shift_sub(x, aes_shift_rows_src, aes_sbox));
    return EXEC_NEXT;
}

/* AESD <Vd>.16B, <Vn>.16B */
static enum exec_status exec_aesd(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    struct vreg x = vreg_read(c, i->rd), k = vreg_read(c, i->rn);
    x.d[0] ^= k.d[0];
    x.d[1] ^= k.d[1];
    vreg_put(c, i->rd, aes_shift_sub(x, aes_inv_shift_rows_src, aes_inv_sbox));
    return EXEC_NEXT;
}

/* AESMC <Vd>.16B, <Vn>.16B */
static enum exec_status exec_aesmc(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    uint64_t lo = c->v[i->rn][0], hi = c->v[i->rn][1];
    c->v[i->rd][0] = aes_mix_columns2(lo);
    c->v[i->rd][1] = aes_mix_columns2(hi);
    return EXEC_NEXT;
}

/* AESIMC <Vd>.16B, <Vn>.16B */
static enum exec_status exec_aesimc(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    uint64_t lo = c->v[i->rn][0], hi = c->v[i->rn][1];
    c->v[i->rd][0] = aes_inv_mix_columns2(lo);
    c->v[i->rd][1] = aes_inv_mix_columns2(hi);
    return EXEC_NEXT;
}

/* ---- SHA helpers -------------------------------------------------------------------------- */

/* SHAchoose(), SHAparity(), SHAmajority() */
static inline uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static inline uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static inline uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }

/* SHAhashSIGMA0(), SHAhashSIGMA1() */
static inline uint32_t sha_hash_sigma0(uint32_t x) { return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22); }
static inline uint32_t sha_hash_sigma1(uint32_t x) { return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25); }

/* ---- SHA1 --------------------------------------------------------------------------------- */

/* The loop SHA1C, SHA1P and SHA1M share: four rounds on X = {a, b, c, d} (Vd), Y = e (Sn) and
 * the four words W + K of Vm. <Y, X> = ROL(Y : X, 32) moves e below a and X's top word into Y. */
static struct vreg sha1_rounds(struct vreg x, uint32_t y, struct vreg w,
                              uint32_t (*f)(uint32_t, uint32_t, uint32_t))
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = f(x.s[1], x.s[2], x.s[3]);
        y = y + rol32(x.s[0], 5) + t + w.s[e];
        x.s[1] = rol32(x.s[1], 30);
        uint32_t top = x.s[3];
        x.s[3] = x.s[2];
        x.s[2] = x.s[1];
        x.s[1] = x.s[0];
        x.s[0] = y;
        y = top;
    }
    return x;
}

/* SHA1C <Qd>, <Sn>, <Vm>.4S */
static enum exec_status exec_sha1c(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    vreg_put(c, i->rd, sha1_rounds(vreg_read(c, i->rd), (uint32_t)c->v[i->rn][0], vreg_read(c, i->rm),
                                   sha_choose));
    return EXEC_NEXT;
}

/* SHA1P <Qd>, <Sn>, <Vm>.4S */
static enum exec_status exec_sha1p(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    vreg_put(c, i->rd, sha1_rounds(vreg_read(c, i->rd), (uint32_t)c->v[i->rn][0], vreg_read(c, i->rm),
                                   sha_parity));
    return EXEC_NEXT;
}

/* SHA1M <Qd>, <Sn>, <Vm>.4S */
static enum exec_status exec_sha1m(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    vreg_put(c, i->rd, sha1_rounds(vreg_read(c, i->rd), (uint32_t)c->v[i->rn][0], vreg_read(c, i->rm),
                                   sha_majority));
    return EXEC_NEXT;
}

/* SHA1SU0 <Vd>.4S, <Vn>.4S, <Vm>.4S: (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm. */
static enum exec_status exec_sha1su0(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    struct vreg d = vreg_read(c, i->rd), n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r;
    r.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
    r.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
    vreg_put(c, i->rd, r);
    return EXEC_NEXT;
}

/* SHA1H <Sd>, <Sn>: ROL(Sn, 30), the rest of Vd zeroed. */
static enum exec_status exec_sha1h(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    c->v[i->rd][0] = rol32((uint32_t)c->v[i->rn][0], 30);
    c->v[i->rd][1] = 0;
    return EXEC_NEXT;
}

/* SHA1SU1 <Vd>.4S, <Vn>.4S */
static enum exec_status exec_sha1su1(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    struct vreg d = vreg_read(c, i->rd), n = vreg_read(c, i->rn), t, r;
    /* T = Vd EOR LSR(Vn, 32) */
    t.s[0] = d.s[0] ^ n.s[1];
    t.s[1] = d.s[1] ^ n.s[2];
    t.s[2] = d.s[2] ^ n.s[3];
    t.s[3] = d.s[3];
    for (unsigned e = 0; e < 4; e++)
        r.s[e] = rol32(t.s[e], 1);
    r.s[3] ^= rol32(t.s[0], 2);
    vreg_put(c, i->rd, r);
    return EXEC_NEXT;
}

/* ---- SHA256 ------------------------------------------------------------------------------- */

/* SHA256hash(): four rounds on X = {a, b, c, d} and Y = {e, f, g, h} with the words W + K;
 * part1 returns the new X (SHA256H), otherwise the new Y (SHA256H2). */
static struct vreg sha256_hash(struct vreg x, struct vreg y, struct vreg w, int part1)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t t = y.s[3] + sha_hash_sigma1(y.s[0]) + chs + w.s[e];
        x.s[3] = t + x.s[3];
        y.s[3] = t + sha_hash_sigma0(x.s[0]) + maj;
        /* <Y, X> = ROL(Y : X, 32) */
        uint32_t xtop = x.s[3], ytop = y.s[3];
        x.s[3] = x.s[2];
        x.s[2] = x.s[1];
        x.s[1] = x.s[0];
        x.s[0] = ytop;
        y.s[3] = y.s[2];
        y.s[2] = y.s[1];
        y.s[1] = y.s[0];
        y.s[0] = xtop;
    }
    return part1 ? x : y;
}

/* SHA256H <Qd>, <Qn>, <Vm>.4S */
static enum exec_status exec_sha256h(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    vreg_put(c, i->rd, sha256_hash(vreg_read(c, i->rd), vreg_read(c, i->rn), vreg_read(c, i->rm), 1));
    return EXEC_NEXT;
}

/* SHA256H2 <Qd>, <Qn>, <Vm>.4S */
static enum exec_status exec_sha256h2(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    vreg_put(c, i->rd, sha256_hash(vreg_read(c, i->rn), vreg_read(c, i->rd), vreg_read(c, i->rm), 0));
    return EXEC_NEXT;
}

/* SHA256SU0 <Vd>.4S, <Vn>.4S */
static enum exec_status exec_sha256su0(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    struct vreg d = vreg_read(c, i->rd), n = vreg_read(c, i->rn), r;
    /* T = Vn<31:0> : Vd<127:32> */
    uint32_t t[4] = { d.s[1], d.s[2], d.s[3], n.s[0] };
    for (unsigned e = 0; e < 4; e++)
        r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ t[e] >> 3) + d.s[e];
    vreg_put(c, i->rd, r);
    return EXEC_NEXT;
}

/* SHA256SU1 <Vd>.4S, <Vn>.4S, <Vm>.4S */
static enum exec_status exec_sha256su1(struct cpu *c, const struct insn *i)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    struct vreg d = vreg_read(c, i->rd), n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r;
    /* T0 = Vm<31:0> : Vn<127:32>; the first two words use T1 = Vm<127:64>, the last two the
     * result's first two. */
    uint32_t t0[4] = { n.s[1], n.s[2], n.s[3], m.s[0] };
    uint32_t t1[4] = { m.s[2], m.s[3], 0, 0 };
    for (unsigned e = 0; e < 4; e++) {
        uint32_t elt = e < 2 ? t1[e] : r.s[e - 2];
        r.s[e] = (ror32(elt, 17) ^ ror32(elt, 19) ^ elt >> 10) + d.s[e] + t0[e];
    }
    vreg_put(c, i->rd, r);
    return EXEC_NEXT;
}

/* ---- Decoding ----------------------------------------------------------------------------- */

static enum decode_result crypto_ok(struct insn *i, uint32_t w, exec_fn exec)
{
    i->exec = exec;
    i->rd = bits(w, 4, 0);
    i->rn = bits(w, 9, 5);
    i->rm = bits(w, 20, 16);
    i->cost = TIMING_FP;
    return DECODE_OK;
}

/* Cryptographic AES: AESE, AESD, AESMC, AESIMC. */
static enum decode_result decode_crypto_aes(struct insn *i, uint32_t w)
{
    static const exec_fn ops[4] = { exec_aese, exec_aesd, exec_aesmc, exec_aesimc };
    unsigned opcode = bits(w, 16, 12);
    if (SIZE(w) != 0 || opcode < 0b00100 || opcode > 0b00111)
        return DECODE_UNALLOCATED;
    return crypto_ok(i, w, ops[opcode - 0b00100]);
}

/* Cryptographic three-register SHA: SHA1C/P/M/SU0, SHA256H/H2/SU1. */
static enum decode_result decode_crypto_sha3(struct insn *i, uint32_t w)
{
    static const exec_fn ops[7] = { exec_sha1c, exec_sha1p, exec_sha1m, exec_sha1su0,
                                    exec_sha256h, exec_sha256h2, exec_sha256su1 };
    unsigned opcode = bits(w, 14, 12);
    if (SIZE(w) != 0 || opcode == 0b111)
        return DECODE_UNALLOCATED;
    return crypto_ok(i, w, ops[opcode]);
}

/* Cryptographic two-register SHA: SHA1H, SHA1SU1, SHA256SU0. */
static enum decode_result decode_crypto_sha2(struct insn *i, uint32_t w)
{
    static const exec_fn ops[3] = { exec_sha1h, exec_sha1su1, exec_sha256su0 };
    unsigned opcode = bits(w, 16, 12);
    if (SIZE(w) != 0 || opcode > 0b00010)
        return DECODE_UNALLOCATED;
    return crypto_ok(i, w, ops[opcode]);
}

/* ---- The encoding table ------------------------------------------------------------------- */

static const struct a64_encoding rows[] = {
    /* Cryptographic (op0 = 0100 / 0101) */
    { 0xff3e0c00, 0x4e280800, "Cryptographic AES", decode_crypto_aes },
    { 0xff208c00, 0x5e000000, "Cryptographic three-register SHA", decode_crypto_sha3 },
    { 0xff3e0c00, 0x5e280800, "Cryptographic two-register SHA", decode_crypto_sha2 },
};

const struct a64_encoding_group a64_group_crypto = { "crypto", rows, sizeof(rows) / sizeof(rows[0]) };
