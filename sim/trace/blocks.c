/* Compressed instruction blocks: the columnar encoding and zstd. */
#include "blocks.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define BLOCK_MAGIC 0x31424b41u /* "AKB1" */

struct writer {
    uint8_t *p, *end;
};

static void put_varint(struct writer *w, uint64_t v)
{
    while (v >= 0x80 && w->p < w->end) {
        *w->p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    if (w->p < w->end)
        *w->p++ = (uint8_t)v;
}

static void put_u32(struct writer *w, uint32_t v)
{
    if (w->end - w->p >= 4) {
        memcpy(w->p, &v, 4);
        w->p += 4;
    }
}

/* FNV-1a over the raw columns, stored beside them: damaged data is refused, not misread. */
static uint32_t fnv1a(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ p[k]) * 16777619u;
    return h;
}

static uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static int64_t unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

uint8_t *block_encode(const struct insn_block *b, size_t *size)
{
    /* Worst case of the raw columns: 10-byte varints for PC and cycle, 4 for the opcode, 16 per run. */
    size_t cap = 64 + (size_t)b->count * (10 + 4 + 10 + 16);
    uint8_t *raw = malloc(cap);
    if (!raw)
        return NULL;
    struct writer w = { raw, raw + cap };
    put_u32(&w, BLOCK_MAGIC);
    put_varint(&w, (uint64_t)b->cpu);
    put_varint(&w, b->first_seq);
    put_varint(&w, b->count);
    /* PCs: the difference from the fall-through address (0 for straight-line code). */
    uint64_t expect = 0, cycle = 0;
    for (unsigned k = 0; k < b->count; k++) {
        put_varint(&w, zigzag((int64_t)(b->pc[k] - expect)));
        expect = b->pc[k] + 4;
    }
    for (unsigned k = 0; k < b->count; k++)
        put_u32(&w, b->opcode[k]);
    for (unsigned k = 0; k < b->count; k++) {
        put_varint(&w, b->cycle[k] - cycle);
        cycle = b->cycle[k];
    }
    /* Runs of (EL, VMID, ASID). */
    for (unsigned k = 0; k < b->count;) {
        unsigned n = 1;
        while (k + n < b->count && b->el[k + n] == b->el[k] && b->vmid[k + n] == b->vmid[k] &&
               b->asid[k + n] == b->asid[k])
            n++;
        put_varint(&w, n);
        put_varint(&w, b->el[k]);
        put_varint(&w, b->vmid[k]);
        put_varint(&w, b->asid[k]);
        k += n;
    }
    size_t raw_size = (size_t)(w.p - raw);
    size_t bound = ZSTD_compressBound(raw_size);
    uint8_t *out = malloc(bound + 8);
    if (!out) {
        free(raw);
        return NULL;
    }
    /* The raw size and checksum first, then the zstd frame. */
    uint32_t rs = (uint32_t)raw_size, sum = fnv1a(raw, raw_size);
    memcpy(out, &rs, 4);
    memcpy(out + 4, &sum, 4);
    size_t n = ZSTD_compress(out + 8, bound, raw, raw_size, 1);
    free(raw);
    if (ZSTD_isError(n)) {
        free(out);
        return NULL;
    }
    *size = n + 8;
    return out;
}

struct reader {
    const uint8_t *p, *end;
    bool ok;
};

static uint64_t get_varint(struct reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->ok = false;
            return 0;
        }
        uint8_t byte = *r->p++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return v;
    }
    r->ok = false;
    return 0;
}

static uint32_t get_u32(struct reader *r)
{
    uint32_t v = 0;
    if (r->end - r->p < 4) {
        r->ok = false;
        return 0;
    }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

bool block_decode(const uint8_t *data, size_t size, struct insn_block *b)
{
    if (size < 8)
        return false;
    uint32_t raw_size, sum;
    memcpy(&raw_size, data, 4);
    memcpy(&sum, data + 4, 4);
    if (raw_size > 64 + (size_t)BLOCK_INSNS * 40)
        return false;
    uint8_t *raw = malloc(raw_size ? raw_size : 1);
    if (!raw)
        return false;
    size_t n = ZSTD_decompress(raw, raw_size, data + 8, size - 8);
    struct reader r = { raw, raw + raw_size, !ZSTD_isError(n) && n == raw_size && fnv1a(raw, raw_size) == sum };
    if (r.ok && get_u32(&r) != BLOCK_MAGIC)
        r.ok = false;
    b->cpu = (int)get_varint(&r);
    b->first_seq = get_varint(&r);
    uint64_t count = get_varint(&r);
    if (count > BLOCK_INSNS)
        r.ok = false;
    b->count = r.ok ? (unsigned)count : 0;
    uint64_t expect = 0, cycle = 0;
    for (unsigned k = 0; r.ok && k < b->count; k++) {
        b->pc[k] = expect + (uint64_t)unzigzag(get_varint(&r));
        expect = b->pc[k] + 4;
    }
    for (unsigned k = 0; r.ok && k < b->count; k++)
        b->opcode[k] = get_u32(&r);
    for (unsigned k = 0; r.ok && k < b->count; k++) {
        cycle += get_varint(&r);
        b->cycle[k] = cycle;
    }
    for (unsigned k = 0; r.ok && k < b->count;) {
        uint64_t run = get_varint(&r), el = get_varint(&r), vmid = get_varint(&r), asid = get_varint(&r);
        if (run == 0 || run > b->count - k || el > 3) {
            r.ok = false;
            break;
        }
        for (unsigned j = 0; j < run; j++) {
            b->el[k + j] = (uint8_t)el;
            b->vmid[k + j] = (uint16_t)vmid;
            b->asid[k + j] = (uint16_t)asid;
        }
        k += (unsigned)run;
    }
    free(raw);
    return r.ok && r.p == r.end;
}
