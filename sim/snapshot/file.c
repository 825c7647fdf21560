/* Snapshot files: the header, then one zstd frame (with its content checksum) holding the machine
 * state (state.c) and the RAM pages that are not all zero. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>
#include <unistd.h>

#include "machine.h"
#include "outfile.h"
#include "snapshot.h"

#ifndef A72SIM_VERSION
#define A72SIM_VERSION "0.1"
#endif

#define SNAPSHOT_FORMAT 2
#define SNAPSHOT_BOARD_VERSAL 1
#define RAM_END UINT64_MAX       /* the page address that ends the RAM pages */
static const char snapshot_magic[8] = { 'A', '7', '2', 'S', 'N', 'A', 'P', '\n' };

struct header {
    char magic[8];
    uint32_t format;
    uint32_t board;
    char version[16];        /* the a72sim version that wrote it, NUL-padded */
    uint32_t ncpus;
    uint32_t layout;         /* snapshot_layout() of the build that wrote it */
    uint64_t mem_size;
    uint64_t total_insns;
};
_Static_assert(sizeof(struct header) == 56, "the header of docs/snapshots.md");

/* zstd streaming output into a FILE. */
struct zout {
    FILE *f;
    ZSTD_CCtx *cctx;
    uint8_t buf[1 << 17];
    bool failed;
};

static void zwrite(struct zout *z, const void *p, size_t n, ZSTD_EndDirective mode)
{
    ZSTD_inBuffer in = { p, n, 0 };
    for (;;) {
        ZSTD_outBuffer out = { z->buf, sizeof(z->buf), 0 };
        size_t left = ZSTD_compressStream2(z->cctx, &out, &in, mode);
        if (ZSTD_isError(left)) {
            z->failed = true;
            return;
        }
        if (out.pos && fwrite(z->buf, 1, out.pos, z->f) != out.pos) {
            z->failed = true;
            return;
        }
        if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size)
            return;
    }
}

static bool page_is_zero(const uint8_t *p)
{
    uint64_t acc = 0;
    for (unsigned n = 0; n < GUEST_PAGE_SIZE; n += 8) {
        uint64_t w;
        memcpy(&w, p + n, 8);
        acc |= w;
    }
    return acc == 0;
}

/* Which pages of host memory the process never touched: /proc/self/pagemap says a page is neither
 * present nor swapped. RAM is anonymous memory, so such a page is all zero and need not be read
 * (on a 2 GiB machine this saves scanning the untouched gigabytes). NULL when pagemap cannot be
 * read or host pages are not 4 KiB: every page is then checked. */
static uint8_t *untouched_pages(const uint8_t *host, uint64_t size)
{
    if (sysconf(_SC_PAGESIZE) != (long)GUEST_PAGE_SIZE)
        return NULL;
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    uint64_t pages = size / GUEST_PAGE_SIZE;
    uint8_t *untouched = calloc(pages ? pages : 1, 1);
    uint64_t entries[512];
    for (uint64_t p = 0; untouched && p < pages;) {
        uint64_t n = pages - p < 512 ? pages - p : 512;
        off_t at = (off_t)(((uintptr_t)host / GUEST_PAGE_SIZE + p) * sizeof(uint64_t));
        if (pread(fd, entries, n * sizeof(uint64_t), at) != (ssize_t)(n * sizeof(uint64_t))) {
            free(untouched);
            untouched = NULL;
            break;
        }
        for (uint64_t k = 0; k < n; k++)
            untouched[p + k] = !(entries[k] >> 63 & 1) && !(entries[k] >> 62 & 1); /* present, swapped */
        p += n;
    }
    close(fd);
    return untouched;
}

bool snapshot_save(struct machine *m, const char *path, char *err, size_t errlen)
{
    char why[SNAPSHOT_ERR_LEN - 64];
    struct snapshot_state s = { 0 };
    if (!snapshot_capture(m, &s, why, sizeof(why))) {
        snprintf(err, errlen, "cannot save a snapshot to '%s': %s", path, why);
        snapshot_state_free(&s);
        return false;
    }
    struct outfile out;
    if (!outfile_check(path, err, errlen) || !outfile_open(&out, path, err, errlen)) {
        snapshot_state_free(&s);
        return false;
    }
    struct snapshot_config cfg;
    snapshot_config_of(m, &cfg);
    struct header h = { .format = SNAPSHOT_FORMAT, .board = SNAPSHOT_BOARD_VERSAL, .ncpus = cfg.ncpus,
                        .layout = snapshot_layout(), .mem_size = cfg.mem_size, .total_insns = cfg.total_insns };
    memcpy(h.magic, snapshot_magic, sizeof(h.magic));
    strncpy(h.version, A72SIM_VERSION, sizeof(h.version));
    struct zout *z = calloc(1, sizeof(*z));
    bool ok = z && (z->cctx = ZSTD_createCCtx()) && fwrite(&h, sizeof(h), 1, out.f) == 1;
    if (ok) {
        z->f = out.f;
        ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_compressionLevel, 1);
        ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_checksumFlag, 1);
        uint64_t len = s.len;
        zwrite(z, &len, 8, ZSTD_e_continue);
        zwrite(z, s.data, s.len, ZSTD_e_continue);
        for (unsigned n = 0; n < m->bus.count && !z->failed; n++) {
            const struct bus_region *r = &m->bus.regions[n];
            if (!r->ram)
                continue;
            uint8_t *untouched = untouched_pages(r->ram, r->size);
            for (uint64_t off = 0; off + GUEST_PAGE_SIZE <= r->size && !z->failed; off += GUEST_PAGE_SIZE) {
                if ((untouched && untouched[off / GUEST_PAGE_SIZE]) || page_is_zero(r->ram + off))
                    continue;
                uint64_t pa = r->base + off;
                zwrite(z, &pa, 8, ZSTD_e_continue);
                zwrite(z, r->ram + off, GUEST_PAGE_SIZE, ZSTD_e_continue);
            }
            free(untouched);
        }
        uint64_t end = RAM_END;
        zwrite(z, &end, 8, ZSTD_e_end);
        ok = !z->failed;
    }
    int saved_errno = errno;
    if (z)
        ZSTD_freeCCtx(z->cctx);
    free(z);
    snapshot_state_free(&s);
    if (!ok) {
        snprintf(err, errlen, "cannot write the snapshot '%s': %s", path, strerror(saved_errno ? saved_errno : ENOMEM));
        outfile_abandon(&out);
        return false;
    }
    return outfile_commit(&out, err, errlen);
}

/* Reading: the header checked field by field, then the frame decompressed as it is needed. */
struct zin {
    FILE *f;
    ZSTD_DCtx *dctx;
    ZSTD_inBuffer in;
    uint8_t buf[1 << 17];
    size_t last;             /* ZSTD_decompressStream's last hint: 0 when a frame ended */
    const char *problem;     /* why reading stopped, or NULL */
};

static bool zread(struct zin *z, void *p, size_t n)
{
    ZSTD_outBuffer out = { p, n, 0 };
    while (out.pos < out.size) {
        if (z->in.pos == z->in.size) {
            size_t got = fread(z->buf, 1, sizeof(z->buf), z->f);
            if (got == 0) {
                z->problem = ferror(z->f) ? "a read error" : "truncated";
                return false;
            }
            z->in = (ZSTD_inBuffer){ z->buf, got, 0 };
        }
        z->last = ZSTD_decompressStream(z->dctx, &out, &z->in);
        if (ZSTD_isError(z->last)) {
            z->problem = ZSTD_getErrorCode(z->last) == ZSTD_error_checksum_wrong ? "damaged (checksum mismatch)"
                                                                                   : "damaged (not a valid zstd frame)";
            return false;
        }
        if (z->last == 0 && out.pos < out.size) {
            z->problem = "damaged (its data ends early)";
            return false;
        }
    }
    return true;
}

/* The frame must end exactly here (its checksum checked), with nothing after it. */
static bool zfinish(struct zin *z)
{
    uint8_t extra;
    ZSTD_outBuffer out = { &extra, 1, 0 };
    while (z->last != 0) {
        if (z->in.pos == z->in.size) {
            size_t got = fread(z->buf, 1, sizeof(z->buf), z->f);
            if (got == 0) {
                z->problem = "truncated";
                return false;
            }
            z->in = (ZSTD_inBuffer){ z->buf, got, 0 };
        }
        z->last = ZSTD_decompressStream(z->dctx, &out, &z->in);
        if (ZSTD_isError(z->last)) {
            z->problem = ZSTD_getErrorCode(z->last) == ZSTD_error_checksum_wrong ? "damaged (checksum mismatch)"
                                                                                   : "damaged (not a valid zstd frame)";
            return false;
        }
        if (out.pos) {
            z->problem = "damaged (data after the end of the RAM pages)";
            return false;
        }
    }
    if (z->in.pos != z->in.size || fgetc(z->f) != EOF) {
        z->problem = "damaged (bytes after the end of the snapshot)";
        return false;
    }
    return true;
}

static bool read_header(FILE *f, const char *path, struct header *h, char *err, size_t errlen)
{
    if (fread(h, sizeof(*h), 1, f) != 1 || memcmp(h->magic, snapshot_magic, sizeof(h->magic)) != 0) {
        if (memcmp(h->magic, snapshot_magic, sizeof(h->magic)) == 0)
            snprintf(err, errlen, "'%s': truncated snapshot (the header is cut short)", path);
        else
            snprintf(err, errlen, "'%s' is not an a72sim snapshot", path);
        return false;
    }
    char version[sizeof(h->version) + 1] = { 0 };
    memcpy(version, h->version, sizeof(h->version));
    for (char *p = version; *p; p++)
        if (*p < 0x20 || *p > 0x7e)
            *p = '?';
    if (h->format != SNAPSHOT_FORMAT) {
        snprintf(err, errlen, "'%s' is a snapshot of format %" PRIu32 " (a72sim %s); this a72sim reads format %d", path,
                 h->format, version, SNAPSHOT_FORMAT);
        return false;
    }
    if (strncmp(h->version, A72SIM_VERSION, sizeof(h->version)) != 0) {
        snprintf(err, errlen, "'%s' was written by a72sim %s; this is a72sim %s, which restores only its own snapshots",
                 path, version, A72SIM_VERSION);
        return false;
    }
    if (h->layout != snapshot_layout()) {
        snprintf(err, errlen, "'%s' was written by another build of a72sim %s (its state layout differs)", path,
                 A72SIM_VERSION);
        return false;
    }
    if (h->board != SNAPSHOT_BOARD_VERSAL || h->ncpus < 1 || h->ncpus > MAX_CPUS || h->mem_size == 0 ||
        (h->mem_size & (GUEST_PAGE_SIZE - 1))) {
        snprintf(err, errlen, "'%s': damaged snapshot (its machine configuration is impossible)", path);
        return false;
    }
    return true;
}

bool snapshot_read_config(const char *path, struct snapshot_config *cfg, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open the snapshot '%s': %s", path, strerror(errno));
        return false;
    }
    struct header h = { 0 };
    bool ok = read_header(f, path, &h, err, errlen);
    fclose(f);
    if (ok)
        *cfg = (struct snapshot_config){ .ncpus = h.ncpus, .mem_size = h.mem_size, .total_insns = h.total_insns };
    return ok;
}

bool snapshot_restore(struct machine *m, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open the snapshot '%s': %s", path, strerror(errno));
        return false;
    }
    struct header h = { 0 };
    struct snapshot_config mine;
    snapshot_config_of(m, &mine);
    if (!read_header(f, path, &h, err, errlen)) {
        fclose(f);
        return false;
    }
    if (h.ncpus != mine.ncpus || h.mem_size != mine.mem_size) {
        snprintf(err, errlen, "'%s' is a snapshot of a machine with %" PRIu32 " core(s) and %" PRIu64
                 " MiB of DDR; this machine has %u and %" PRIu64 " MiB",
                 path, h.ncpus, h.mem_size >> 20, mine.ncpus, mine.mem_size >> 20);
        fclose(f);
        return false;
    }
    struct zin *z = calloc(1, sizeof(*z));
    uint8_t *state = NULL, *page = malloc(GUEST_PAGE_SIZE);
    char why[SNAPSHOT_ERR_LEN - 64] = "";
    bool ok = false;
    if (!z || !page || !(z->dctx = ZSTD_createDCtx())) {
        snprintf(why, sizeof(why), "out of host memory");
        goto done;
    }
    z->f = f;
    z->last = 1;
    uint64_t len;
    if (!zread(z, &len, 8))
        goto done;
    if (len > (64u << 20)) {
        snprintf(why, sizeof(why), "damaged (a machine state of %" PRIu64 " bytes)", len);
        goto done;
    }
    state = malloc(len ? len : 1);
    if (!state) {
        snprintf(why, sizeof(why), "out of host memory");
        goto done;
    }
    if (!zread(z, state, len))
        goto done;
    for (;;) {
        uint64_t pa;
        if (!zread(z, &pa, 8))
            goto done;
        if (pa == RAM_END)
            break;
        if (!zread(z, page, GUEST_PAGE_SIZE))
            goto done;
        if ((pa & ~GUEST_PAGE_MASK) || !machine_write_phys(m, pa, page, GUEST_PAGE_SIZE)) {
            snprintf(why, sizeof(why), "damaged (a RAM page at 0x%" PRIx64 ", outside RAM)", pa);
            goto done;
        }
    }
    if (!zfinish(z))
        goto done;
    ok = snapshot_apply(m, state, len, why, sizeof(why));
done:
    if (!ok) {
        if (!why[0])
            snprintf(why, sizeof(why), "%s", z && z->problem ? z->problem : "unreadable");
        snprintf(err, errlen, "'%s': cannot restore the snapshot: %s", path, why);
    }
    if (z)
        ZSTD_freeDCtx(z->dctx);
    free(z);
    free(state);
    free(page);
    fclose(f);
    return ok;
}
