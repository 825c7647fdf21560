/* The arm64 Linux Image format (Linux Documentation/arm64/booting.rst, "Call the kernel image"):
 * the 64-byte header, and gzip-compressed Images (Debian's vmlinuz on some releases).
 *
 * Xen and many hypervisors (Bao, the demo's hyp.bin) are built in the same format, so the same
 * header decides where any of them goes.
 */
#ifndef A72SIM_BOOT_IMAGE_H
#define A72SIM_BOOT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARM64_IMAGE_HEADER_SIZE 64
#define ARM64_IMAGE_MAGIC 0x644d5241u       /* "ARM\x64" at offset 56 */
#define ARM64_IMAGE_DEFAULT_TEXT_OFFSET 0x80000ull /* when image_size is 0 (kernels before 3.17) */

/* flags (header offset 24) */
#define ARM64_IMAGE_FLAG_BE (1u << 0)            /* kernel endianness: 1 big-endian */
#define ARM64_IMAGE_FLAG_PAGE_SHIFT 1            /* bits 2:1 page size: 0 unspecified, 1 4K, 2 16K, 3 64K */
#define ARM64_IMAGE_FLAG_PAGE_MASK (3u << 1)
#define ARM64_IMAGE_FLAG_ANYWHERE (1u << 3)      /* physical placement: 1 any 2 MiB-aligned base */

enum arm64_page_size { ARM64_PAGE_UNSPECIFIED, ARM64_PAGE_4K, ARM64_PAGE_16K, ARM64_PAGE_64K };

struct arm64_image_header {
    uint64_t text_offset;   /* bytes from a 2 MiB-aligned base to where the Image goes */
    uint64_t image_size;    /* bytes the kernel uses from its load address, BSS included */
    uint64_t flags;
    bool big_endian;
    enum arm64_page_size page_size;
    bool place_anywhere;    /* false: as close as possible to the base of DRAM */
};

/* Whether data starts with an arm64 Image header (the magic at offset 56). */
bool arm64_image_is_image(const uint8_t *data, size_t len);

/* Read the header of an Image of len bytes. With image_size 0 (an old kernel), text_offset is
 * 0x80000 and image_size is taken as the file's length, as booting.rst says. False with a message
 * in err when the header is missing or names a kernel this board cannot run (big-endian: a72sim
 * runs little-endian data only; a 16K page size: the A72 has no 16K granule). */
bool arm64_image_parse(const uint8_t *data, size_t len, struct arm64_image_header *h, char *err, size_t errlen);

/* Whether data starts with the gzip magic (1f 8b). */
bool gzip_is_gzip(const uint8_t *data, size_t len);

/* Decompress a whole gzip stream into a malloc'd buffer (*out, *outlen), refusing anything larger
 * than max_out bytes. False with a message in err when the stream is damaged or too large. */
bool gzip_inflate(const uint8_t *data, size_t len, size_t max_out, uint8_t **out, size_t *outlen, char *err,
                  size_t errlen);

#endif
