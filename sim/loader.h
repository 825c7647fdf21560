/* Loading images into the machine's physical memory: ELF64 AArch64 files (with libelf) at their
 * physical load addresses, and raw blobs at a given address.
 *
 * A loader checks everything before it writes anything: a missing, truncated, non-ELF or
 * non-AArch64 file, a segment outside RAM, or two images that overlap give one error line in
 * err and false, and memory is left untouched (but for a host read error in the middle of a raw
 * file, after which the run does not start). Anything but a regular file is refused.
 */
#ifndef A72SIM_LOADER_H
#define A72SIM_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"

#define LOADER_MAX_RANGES 256
#define LOADER_ERR_LEN 512

struct load_range {
    uint64_t base, size;
    const char *file;
};

/* The physical ranges already loaded, to refuse overlaps between images. */
struct loader {
    struct load_range ranges[LOADER_MAX_RANGES];
    unsigned count;
    char err[LOADER_ERR_LEN];
};

void loader_init(struct loader *l);

/* Load an ELF image; *entry gets its entry point as a physical address. The header is checked
 * before the file is read whole. */
bool loader_load_elf(struct loader *l, struct bus *b, const char *path, uint64_t *entry);
/* The same for an image already in memory (NAME is used in messages). */
bool loader_load_elf_memory(struct loader *l, struct bus *b, const char *name, const uint8_t *data, size_t len,
                            uint64_t *entry);
/* Load a file's bytes at physical address addr. */
bool loader_load_raw(struct loader *l, struct bus *b, const char *path, uint64_t addr);

/* Open PATH for reading if it is a regular file, without blocking on a FIFO (O_NONBLOCK, then
 * fstat). Returns the descriptor (blocking again) and its size in *size, or -1 with one line in ERR. */
int loader_open_regular(const char *path, char *err, size_t errlen, uint64_t *size);

/* Put a formatted message in l->err; returns false (for `return loader_fail(l, ...)`). */
bool loader_fail(struct loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Read a whole regular file (never a FIFO or a device) into a malloc'd buffer. */
bool loader_read_file(struct loader *l, const char *path, uint8_t **data, size_t *len);
/* Whether [addr, addr + size) is RAM that overlaps nothing loaded (else false, err set). */
bool loader_check_range(struct loader *l, struct bus *b, const char *name, uint64_t addr, uint64_t size);
/* Copy len bytes of data to addr and claim size bytes there (the rest zeroed: an Image's BSS). */
bool loader_place(struct loader *l, struct bus *b, const char *name, const uint8_t *data, size_t len, uint64_t addr,
                  uint64_t size);

#endif
