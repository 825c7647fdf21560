#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool arm64_image_is_image(const uint8_t *data, size_t len)
{
    return len >= ARM64_IMAGE_HEADER_SIZE && le32(data + 56) == ARM64_IMAGE_MAGIC;
}

bool arm64_image_parse(const uint8_t *data, size_t len, struct arm64_image_header *h, char *err, size_t errlen)
{
    if (!arm64_image_is_image(data, len)) {
        snprintf(err, errlen, "not an arm64 Image (no \"ARM\\x64\" magic at offset 56)");
        return false;
    }
    /* Header: code0, code1, text_offset, image_size, flags, res2, res3, res4, magic, res5. */
    h->text_offset = le64(data + 8);
    h->image_size = le64(data + 16);
    h->flags = le64(data + 24);
    if (h->image_size == 0) {
        h->text_offset = ARM64_IMAGE_DEFAULT_TEXT_OFFSET;
        h->image_size = len;
        h->flags = 0;
    }
    h->big_endian = h->flags & ARM64_IMAGE_FLAG_BE;
    h->page_size = (enum arm64_page_size)((h->flags & ARM64_IMAGE_FLAG_PAGE_MASK) >> ARM64_IMAGE_FLAG_PAGE_SHIFT);
    h->place_anywhere = h->flags & ARM64_IMAGE_FLAG_ANYWHERE;
    if (h->big_endian) {
        snprintf(err, errlen, "a big-endian arm64 Image (flags bit 0); a72sim runs little-endian kernels only");
        return false;
    }
    if (h->page_size == ARM64_PAGE_16K) {
        snprintf(err, errlen, "an arm64 Image built for 16K pages; the Cortex-A72 has no 16K granule");
        return false;
    }
    if (h->image_size < len) {
        snprintf(err, errlen, "arm64 Image header gives image_size 0x%llx, less than the file's %zu bytes",
                 (unsigned long long)h->image_size, len);
        return false;
    }
    if (h->text_offset & 0xfff) {
        snprintf(err, errlen, "arm64 Image header gives text_offset 0x%llx, not page-aligned",
                 (unsigned long long)h->text_offset);
        return false;
    }
    return true;
}

bool gzip_is_gzip(const uint8_t *data, size_t len)
{
    return len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

bool gzip_inflate(const uint8_t *data, size_t len, size_t max_out, uint8_t **out, size_t *outlen, char *err,
                  size_t errlen)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) { /* 16: a gzip wrapper, not zlib's */
        snprintf(err, errlen, "gzip: cannot initialise zlib");
        return false;
    }
    size_t cap = len * 4 < (1u << 20) ? (1u << 20) : len * 4;
    if (cap > max_out)
        cap = max_out;
    uint8_t *buf = malloc(cap);
    int rc = buf ? Z_OK : Z_MEM_ERROR;
    z.next_in = (Bytef *)data;
    size_t fed = 0;
    while (rc == Z_OK) {
        if (z.total_out == cap) {
            if (cap == max_out) {
                rc = Z_BUF_ERROR;
                break;
            }
            size_t ncap = cap * 2 > max_out ? max_out : cap * 2;
            uint8_t *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                rc = Z_MEM_ERROR;
                break;
            }
            buf = nbuf;
            cap = ncap;
        }
        /* zlib counts in uInt: feed and drain at most 1 GiB at a time. */
        size_t in_chunk = len - fed < (1u << 30) ? len - fed : (1u << 30);
        if (z.avail_in == 0 && in_chunk) {
            z.next_in = (Bytef *)data + fed;
            z.avail_in = (uInt)in_chunk;
            fed += in_chunk;
        }
        size_t room = cap - z.total_out;
        z.next_out = buf + z.total_out;
        z.avail_out = (uInt)(room < (1u << 30) ? room : (1u << 30));
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_BUF_ERROR && z.avail_out != 0)
            break; /* no progress with output room left: the input ended early */
        if (rc == Z_BUF_ERROR)
            rc = Z_OK;
    }
    size_t produced = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        if (rc == Z_MEM_ERROR)
            snprintf(err, errlen, "gzip: out of host memory");
        else if (produced >= max_out)
            snprintf(err, errlen, "gzip: decompresses to more than %zu bytes", max_out);
        else
            snprintf(err, errlen, "gzip: damaged or truncated stream");
        return false;
    }
    *out = buf;
    *outlen = produced;
    return true;
}
