/* SHA-256 (FIPS 180-4) of a file, for the trace's record of the images it ran. */
#ifndef A72SIM_TRACE_SHA256_H
#define A72SIM_TRACE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t length;
    uint8_t block[64];
    size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[32]);
/* The digest of a file's contents as 64 lowercase hex digits; false when it cannot be read. */
bool sha256_file_hex(const char *path, char hex[65]);

/* The round constants K0..K63 (FIPS 180-4 4.2.2), for code that runs the rounds itself. */
extern const uint32_t sha256_k[64];

#endif
