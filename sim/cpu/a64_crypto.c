/* Data Processing -- the Cryptographic Extension (Arm ARM C4.1, op0 = 0100 / 0101): AES, SHA1 and
 * SHA256, as the Cortex-A72 of the Versal has them (ID_AA64ISAR0_EL1 = 0x11120). PMULL/PMULL2 are
 * Advanced SIMD three-different encodings (a64_simd.c). Not implemented yet: every allocated
 * encoding decodes to DECODE_UNIMPLEMENTED (UNDEFINED in the guest).
 */
#include "a64_fpsimd.h"

/* Cryptographic AES: AESE, AESD, AESMC, AESIMC. */
static enum decode_result decode_crypto_aes(struct insn *i, uint32_t w)
{
    unsigned opcode = bits(w, 16, 12);
    return allocated_if(SIZE(w) == 0 && opcode >= 0b00100 && opcode <= 0b00111);
}

/* Cryptographic three-register SHA: SHA1C/P/M/SU0, SHA256H/H2/SU1. */
static enum decode_result decode_crypto_sha3(struct insn *i, uint32_t w)
{
    return allocated_if(SIZE(w) == 0 && bits(w, 14, 12) != 0b111);
}

/* Cryptographic two-register SHA: SHA1H, SHA1SU1, SHA256SU0. */
static enum decode_result decode_crypto_sha2(struct insn *i, uint32_t w)
{
    return allocated_if(SIZE(w) == 0 && bits(w, 16, 12) <= 0b00010);
}

/* ---- The encoding table ------------------------------------------------------------------- */

static const struct a64_encoding rows[] = {
    /* Cryptographic (op0 = 0100 / 0101) */
    { 0xff3e0c00, 0x4e280800, "Cryptographic AES", decode_crypto_aes },
    { 0xff208c00, 0x5e000000, "Cryptographic three-register SHA", decode_crypto_sha3 },
    { 0xff3e0c00, 0x5e280800, "Cryptographic two-register SHA", decode_crypto_sha2 },
};

const struct a64_encoding_group a64_group_crypto = { "crypto", rows, sizeof(rows) / sizeof(rows[0]) };
