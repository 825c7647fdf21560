/* libFuzzer target: the snapshot loader (sim/snapshot). The input's first byte chooses what the rest
 * is: even, a whole snapshot file (the header's checks, zstd's framing and checksum); odd, changes
 * to the contents of a valid snapshot's zstd frame (the machine state's records and the RAM pages):
 * a length to cut it to (u32, little-endian; 0xffffffff keeps it whole), then edits of 5 bytes
 * (u32 offset, u8 value to XOR there). The target compresses the result behind a valid header, so
 * that the fuzzer reaches every check of the records. Any input must be refused with one line, or
 * loaded into a machine that then runs a few thousand instructions without harming the simulator. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "../models/versal/versal.h"
#include "snapshot/snapshot.h"
#include "timing/uarch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[96];
static FILE *devnull;

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

static void setup(void)
{
    strcpy(dir, "/tmp/a72sim-fuzz-snapshot-XXXXXX");
    if (!mkdtemp(dir) || !(devnull = fopen("/dev/null", "w")))
        abort();
    snprintf(path, sizeof(path), "%s/in.snap", dir);
    atexit(cleanup);
}

static struct machine *small_machine(void)
{
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 8u << 20, .uart0_out = NULL, .uart1_out = NULL };
    struct machine *m = versal_create(&cfg);
    if (m) {
        m->out = m->log = devnull;
        m->exception_loop_limit = 64;
        if (!timing_configure(m, TIMING_MODE_CACHES, 1700000000)) { /* so the timing records are read too */
            machine_destroy(m);
            return NULL;
        }
    }
    return m;
}

/* A valid snapshot of small_machine() with a program in RAM: its header and its frame's contents. */
static uint8_t header[56]; /* sizeof(struct header) in sim/snapshot/file.c */
static uint8_t *body;
static size_t body_len;

static void make_template(void)
{
    struct machine *m = small_machine();
    static const uint32_t code[] = { 0xd2800020, 0x91000400, 0x17ffffff }; /* mov x0, #1; add x0, x0, #1; b .-4 */
    char err[SNAPSHOT_ERR_LEN];
    if (!m)
        abort();
    versal_boot(m, 0x100000, false, 0);
    if (!machine_write_phys(m, 0x100000, code, sizeof(code)))
        abort();
    machine_run(m, 100);
    if (!snapshot_save(m, path, err, sizeof(err)))
        abort();
    machine_destroy(m);
    FILE *f = fopen(path, "rb");
    static uint8_t file[1 << 20];
    size_t n = f ? fread(file, 1, sizeof(file), f) : 0;
    if (f)
        fclose(f);
    if (n <= sizeof(header))
        abort();
    memcpy(header, file, sizeof(header));
    body = malloc(8u << 20);
    size_t got = body ? ZSTD_decompress(body, 8u << 20, file + sizeof(header), n - sizeof(header)) : 0;
    if (!body || ZSTD_isError(got))
        abort();
    body_len = got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    if (!dir[0]) {
        setup();
        make_template();
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (data[0] & 1) {
        uint32_t keep = UINT32_MAX;
        if (size >= 5)
            memcpy(&keep, data + 1, 4);
        size_t len = keep < body_len ? keep : body_len;
        uint8_t *b = malloc(len ? len : 1);
        memcpy(b, body, len);
        for (size_t k = 5; len && k + 5 <= size; k += 5) {
            uint32_t at;
            memcpy(&at, data + k, 4);
            b[at % len] ^= data[k + 4];
        }
        size_t bound = ZSTD_compressBound(len);
        uint8_t *z = malloc(bound);
        ZSTD_CCtx *c = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
        size_t n = ZSTD_compress2(c, z, bound, b, len);
        ZSTD_freeCCtx(c);
        if (ZSTD_isError(n) || fwrite(header, sizeof(header), 1, f) != 1 || fwrite(z, 1, n, f) != n)
            abort();
        free(z);
        free(b);
    } else if (fwrite(data + 1, 1, size - 1, f) != size - 1) {
        abort();
    }
    if (fclose(f) != 0)
        abort();

    struct machine *m = small_machine();
    if (!m)
        return 0;
    char err[SNAPSHOT_ERR_LEN];
    err[0] = 0;
    if (snapshot_restore(m, path, err, sizeof(err))) {
        machine_run(m, machine_total_insns(m) + 5000); /* what loaded must run */
    } else if (!err[0] || strchr(err, '\n')) {
        abort(); /* one line that says why */
    }
    machine_destroy(m);
    return 0;
}
