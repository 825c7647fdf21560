#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void loader_init(struct loader *l)
{
    memset(l, 0, sizeof(*l));
}

bool loader_fail(struct loader *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err, sizeof(l->err), fmt, ap);
    va_end(ap);
    return false;
}

/* Check that [base, base + size) is RAM. */
static bool check_ram(struct loader *l, struct bus *b, const char *path, uint64_t base, uint64_t size)
{
    if (size && (base + size < base || !bus_ram_ptr(b, base, size)))
        return loader_fail(l, "%s: segment at 0x%" PRIx64 " (0x%" PRIx64 " bytes) is outside RAM", path, base, size);
    return true;
}

struct sorted_range {
    const struct load_range *r;
    bool is_new;
};

static int compare_ranges(const void *a, const void *b)
{
    const struct sorted_range *x = a, *y = b;
    return x->r->base < y->r->base ? -1 : x->r->base > y->r->base;
}

/* Check that no two of the ranges loaded before and the N new ones overlap: sorted by base, each
 * range must end before the next one begins (O(n log n) for any number of segments). */
static bool check_overlaps(struct loader *l, const struct load_range *ranges, unsigned n)
{
    unsigned total = l->count + n;
    struct sorted_range *all = malloc((total ? total : 1) * sizeof(*all));
    if (!all)
        return loader_fail(l, "%s: out of host memory", ranges[0].file);
    for (unsigned k = 0; k < total; k++)
        all[k] = k < l->count ? (struct sorted_range){ &l->ranges[k], false }
                              : (struct sorted_range){ &ranges[k - l->count], true };
    qsort(all, total, sizeof(*all), compare_ranges);
    bool ok = true;
    for (unsigned k = 1; k < total && ok; k++) {
        const struct sorted_range *a = &all[k - 1], *b = &all[k];
        if (b->r->base - a->r->base < a->r->size) {
            const struct load_range *x = b->is_new ? b->r : a->r, *y = b->is_new ? a->r : b->r; /* the new one first */
            ok = loader_fail(l, "%s: segment at 0x%" PRIx64 " (0x%" PRIx64 " bytes) overlaps %s at 0x%" PRIx64, x->file,
                      x->base, x->size, y->file, y->base);
        }
    }
    free(all);
    return ok;
}

int loader_open_regular(const char *path, char *err, size_t errlen, uint64_t *size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    *size = (uint64_t)st.st_size;
    return fd;
}

/* Read LEN bytes at offset OFF of FD into DATA. */
static bool read_at(struct loader *l, const char *path, int fd, uint8_t *data, size_t len, uint64_t off)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fd, data + got, len - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return loader_fail(l, "%s: read error: %s", path, r < 0 ? strerror(errno) : "file shrank");
        got += (size_t)r;
    }
    return true;
}

/* The whole file, once its header has been judged worth reading. */
static bool read_whole(struct loader *l, const char *path, int fd, size_t len, uint8_t **data)
{
    *data = malloc(len ? len : 1);
    if (!*data)
        return loader_fail(l, "%s: out of host memory (%zu bytes)", path, len);
    if (!read_at(l, path, fd, *data, len, 0)) {
        free(*data);
        return false;
    }
    return true;
}

bool loader_read_file(struct loader *l, const char *path, uint8_t **data, size_t *len)
{
    uint64_t size;
    int fd = loader_open_regular(path, l->err, sizeof(l->err), &size);
    if (fd < 0)
        return false;
    bool ok = size <= SIZE_MAX || loader_fail(l, "%s: too large for this host", path);
    ok = ok && read_whole(l, path, fd, (size_t)size, data);
    close(fd);
    if (ok)
        *len = (size_t)size;
    return ok;
}

bool loader_check_range(struct loader *l, struct bus *b, const char *name, uint64_t addr, uint64_t size)
{
    struct load_range range = { addr, size, name };
    return check_ram(l, b, name, addr, size) && (size == 0 || check_overlaps(l, &range, 1));
}

bool loader_place(struct loader *l, struct bus *b, const char *name, const uint8_t *data, size_t len, uint64_t addr,
                  uint64_t size)
{
    if (size < len)
        size = len;
    if (!loader_check_range(l, b, name, addr, size))
        return false;
    if (size && l->count == LOADER_MAX_RANGES)
        return loader_fail(l, "%s: too many images", name);
    if (size) {
        uint8_t *dst = bus_ram_ptr(b, addr, size);
        memcpy(dst, data, len);
        memset(dst + len, 0, size - len);
        l->ranges[l->count++] = (struct load_range){ addr, size, name };
    }
    return true;
}

/* The ELF identification and machine in the first N bytes H of an image: checked before the file
 * is read whole, so a large file that is no AArch64 ELF image costs one small read. */
static bool check_elf_ident(struct loader *l, const char *path, const unsigned char *h, size_t n)
{
    if (n < SELFMAG || memcmp(h, ELFMAG, SELFMAG) != 0)
        return loader_fail(l, "%s: not an ELF file", path);
    if (n < sizeof(Elf64_Ehdr))
        return loader_fail(l, "%s: truncated or malformed ELF header", path);
    if (h[EI_CLASS] != ELFCLASS64)
        return loader_fail(l, "%s: not a 64-bit ELF file (AArch64 images are ELF64)", path);
    if (h[EI_DATA] != ELFDATA2LSB)
        return loader_fail(l, "%s: big-endian ELF images are not supported", path);
    unsigned machine = h[offsetof(Elf64_Ehdr, e_machine)] | (unsigned)h[offsetof(Elf64_Ehdr, e_machine) + 1] << 8;
    if (machine != EM_AARCH64)
        return loader_fail(l, "%s: not an AArch64 ELF file (e_machine %u)", path, machine);
    return true;
}

/* Judge and place the ELF image DATA[0..LEN). */
static bool load_elf_data(struct loader *l, struct bus *b, const char *path, const uint8_t *data, size_t len,
                          uint64_t *entry)
{
    bool ok = false;
    struct load_range *pending = NULL;
    Elf *e = NULL;

    if (elf_version(EV_CURRENT) == EV_NONE)
        return loader_fail(l, "libelf: %s", elf_errmsg(-1));
    e = elf_memory((char *)data, len);
    if (!e || elf_kind(e) != ELF_K_ELF) {
        loader_fail(l, "%s: truncated or malformed ELF header", path);
        goto out;
    }
    GElf_Ehdr eh;
    if (!gelf_getehdr(e, &eh)) {
        loader_fail(l, "%s: truncated or malformed ELF header", path);
        goto out;
    }
    size_t phnum;
    if (elf_getphdrnum(e, &phnum) != 0) {
        loader_fail(l, "%s: malformed program headers: %s", path, elf_errmsg(-1));
        goto out;
    }
    /* libelf quietly drops program headers that lie past the end of the file: check the table
     * as the header declares it (PN_XNUM: the count is in section 0, which libelf read). */
    uint64_t declared = eh.e_phnum == PN_XNUM ? phnum : eh.e_phnum;
    if (declared && (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > len ||
                     declared > (len - eh.e_phoff) / sizeof(Elf64_Phdr))) {
        loader_fail(l, "%s: truncated: the program headers extend past the end of the file", path);
        goto out;
    }
    /* First pass: count and check every segment on its own; the limit comes before the overlap
     * check, and nothing is written until every segment is good. */
    unsigned npending = 0;
    for (size_t n = 0; n < phnum; n++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)n, &ph)) {
            loader_fail(l, "%s: truncated program header %zu", path, n);
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > len || ph.p_filesz > len - ph.p_offset) {
            loader_fail(l, "%s: truncated: segment %zu extends past the end of the file", path, n);
            goto out;
        }
        if (!check_ram(l, b, path, ph.p_paddr, ph.p_memsz))
            goto out;
        if (l->count + ++npending > LOADER_MAX_RANGES) {
            loader_fail(l, "%s: too many segments (at most %u loadable segments in all)", path, LOADER_MAX_RANGES);
            goto out;
        }
    }
    if (npending == 0) {
        loader_fail(l, "%s: no loadable segment", path);
        goto out;
    }
    pending = calloc(npending, sizeof(*pending));
    if (!pending) {
        loader_fail(l, "%s: out of host memory", path);
        goto out;
    }
    bool entry_mapped = false;
    uint64_t entry_pa = eh.e_entry;
    unsigned k = 0;
    for (size_t n = 0; n < phnum; n++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)n, &ph) || ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        pending[k++] = (struct load_range){ ph.p_paddr, ph.p_memsz, path };
        if (!entry_mapped && eh.e_entry - ph.p_vaddr < ph.p_memsz) {
            entry_pa = ph.p_paddr + (eh.e_entry - ph.p_vaddr); /* entered with the MMU off */
            entry_mapped = true;
        }
    }
    if (!check_overlaps(l, pending, npending))
        goto out;
    /* Second pass: copy. */
    for (size_t n = 0; n < phnum; n++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)n, &ph) || ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint8_t *dst = bus_ram_ptr(b, ph.p_paddr, ph.p_memsz);
        memcpy(dst, data + ph.p_offset, ph.p_filesz);
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
    }
    memcpy(&l->ranges[l->count], pending, npending * sizeof(*pending));
    l->count += npending;
    *entry = entry_pa;
    ok = true;
out:
    if (e)
        elf_end(e);
    free(pending);
    return ok;
}

bool loader_load_elf_memory(struct loader *l, struct bus *b, const char *name, const uint8_t *data, size_t len,
                            uint64_t *entry)
{
    return check_elf_ident(l, name, data, len) && load_elf_data(l, b, name, data, len, entry);
}

bool loader_load_elf(struct loader *l, struct bus *b, const char *path, uint64_t *entry)
{
    uint64_t size;
    int fd = loader_open_regular(path, l->err, sizeof(l->err), &size);
    if (fd < 0)
        return false;
    uint8_t *data = NULL, head[sizeof(Elf64_Ehdr)];
    size_t nhead = size < sizeof(head) ? (size_t)size : sizeof(head);
    bool ok = read_at(l, path, fd, head, nhead, 0) && check_elf_ident(l, path, head, nhead);
    if (ok && size > SIZE_MAX)
        ok = loader_fail(l, "%s: too large", path);
    ok = ok && read_whole(l, path, fd, (size_t)size, &data) &&
         load_elf_data(l, b, path, data, (size_t)size, entry);
    close(fd);
    free(data);
    return ok;
}

bool loader_load_raw(struct loader *l, struct bus *b, const char *path, uint64_t addr)
{
    uint64_t size;
    int fd = loader_open_regular(path, l->err, sizeof(l->err), &size);
    if (fd < 0)
        return false;
    struct load_range range = { addr, size, path };
    /* where it goes is checked before a byte is read */
    bool ok = check_ram(l, b, path, addr, size);
    if (ok && size && l->count == LOADER_MAX_RANGES)
        ok = loader_fail(l, "%s: too many images", path);
    ok = ok && (size == 0 || check_overlaps(l, &range, 1));
    if (ok && size) {
        ok = read_at(l, path, fd, bus_ram_ptr(b, addr, size), (size_t)size, 0);
        if (ok)
            l->ranges[l->count++] = range;
    }
    close(fd);
    return ok;
}
