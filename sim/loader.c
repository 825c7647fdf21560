#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void loader_init(struct loader *l)
{
    memset(l, 0, sizeof(*l));
}

static bool fail(struct loader *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err, sizeof(l->err), fmt, ap);
    va_end(ap);
    return false;
}

/* Check that [base, base + size) is RAM and overlaps nothing loaded before (nor pending). */
static bool check_range(struct loader *l, struct bus *b, const char *path, uint64_t base, uint64_t size,
                        const struct load_range *pending, unsigned npending)
{
    if (size == 0)
        return true;
    if (base + size < base || !bus_ram_ptr(b, base, size))
        return fail(l, "%s: segment at 0x%" PRIx64 " (0x%" PRIx64 " bytes) is outside RAM", path, base, size);
    for (unsigned n = 0; n < l->count + npending; n++) {
        const struct load_range *r = n < l->count ? &l->ranges[n] : &pending[n - l->count];
        if (base < r->base + r->size && r->base < base + size)
            return fail(l, "%s: segment at 0x%" PRIx64 " (0x%" PRIx64 " bytes) overlaps %s at 0x%" PRIx64, path,
                        base, size, r->file, r->base);
    }
    return true;
}

bool loader_read_file(struct loader *l, const char *path, uint8_t **data, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail(l, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(l, "%s: not a regular file", path);
    }
    *len = (size_t)st.st_size;
    *data = malloc(*len ? *len : 1);
    if (!*data) {
        close(fd);
        return fail(l, "%s: out of memory", path);
    }
    size_t got = 0;
    while (got < *len) {
        ssize_t r = read(fd, *data + got, *len - got);
        if (r <= 0) {
            free(*data);
            close(fd);
            return fail(l, "%s: read error: %s", path, r < 0 ? strerror(errno) : "file shrank");
        }
        got += (size_t)r;
    }
    close(fd);
    return true;
}

bool loader_load_elf(struct loader *l, struct bus *b, const char *path, uint64_t *entry)
{
    uint8_t *data;
    size_t len;
    if (!loader_read_file(l, path, &data, &len))
        return false;
    bool ok = false;
    struct load_range *pending = NULL;
    Elf *e = NULL;

    if (elf_version(EV_CURRENT) == EV_NONE) {
        fail(l, "libelf: %s", elf_errmsg(-1));
        goto out;
    }
    /* A file that starts with the ELF magic but that libelf refuses is a damaged ELF file. */
    bool elf_magic = len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
    e = elf_memory((char *)data, len);
    if (!e || elf_kind(e) != ELF_K_ELF) {
        fail(l, elf_magic ? "%s: truncated or malformed ELF header" : "%s: not an ELF file", path);
        goto out;
    }
    GElf_Ehdr eh;
    if (!gelf_getehdr(e, &eh)) {
        fail(l, "%s: truncated or malformed ELF header", path);
        goto out;
    }
    if (gelf_getclass(e) != ELFCLASS64) {
        fail(l, "%s: not a 64-bit ELF file (AArch64 images are ELF64)", path);
        goto out;
    }
    if (eh.e_machine != EM_AARCH64) {
        fail(l, "%s: not an AArch64 ELF file (e_machine %u)", path, (unsigned)eh.e_machine);
        goto out;
    }
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        fail(l, "%s: big-endian ELF images are not supported", path);
        goto out;
    }
    size_t phnum;
    if (elf_getphdrnum(e, &phnum) != 0) {
        fail(l, "%s: malformed program headers: %s", path, elf_errmsg(-1));
        goto out;
    }
    /* libelf quietly drops program headers that lie past the end of the file: check the table
     * as the header declares it (PN_XNUM: the count is in section 0, which libelf read). */
    uint64_t declared = eh.e_phnum == PN_XNUM ? phnum : eh.e_phnum;
    if (declared && (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > len ||
                     declared > (len - eh.e_phoff) / sizeof(Elf64_Phdr))) {
        fail(l, "%s: truncated: the program headers extend past the end of the file", path);
        goto out;
    }
    pending = calloc(phnum ? phnum : 1, sizeof(*pending));
    if (!pending) {
        fail(l, "%s: out of memory", path);
        goto out;
    }
    /* First pass: check every segment; nothing is written until all are good. */
    unsigned npending = 0;
    bool entry_mapped = false;
    uint64_t entry_pa = eh.e_entry;
    for (size_t n = 0; n < phnum; n++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)n, &ph)) {
            fail(l, "%s: truncated program header %zu", path, n);
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > len || ph.p_filesz > len - ph.p_offset) {
            fail(l, "%s: truncated: segment %zu extends past the end of the file", path, n);
            goto out;
        }
        if (!check_range(l, b, path, ph.p_paddr, ph.p_memsz, pending, npending))
            goto out;
        pending[npending++] = (struct load_range){ ph.p_paddr, ph.p_memsz, path };
        if (!entry_mapped && eh.e_entry - ph.p_vaddr < ph.p_memsz) {
            entry_pa = ph.p_paddr + (eh.e_entry - ph.p_vaddr); /* entered with the MMU off */
            entry_mapped = true;
        }
    }
    if (npending == 0) {
        fail(l, "%s: no loadable segment", path);
        goto out;
    }
    if (l->count + npending > LOADER_MAX_RANGES) {
        fail(l, "%s: too many segments", path);
        goto out;
    }
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
    free(data);
    return ok;
}

bool loader_check_range(struct loader *l, struct bus *b, const char *name, uint64_t addr, uint64_t size)
{
    return check_range(l, b, name, addr, size, NULL, 0);
}

bool loader_place(struct loader *l, struct bus *b, const char *name, const uint8_t *data, size_t len, uint64_t addr,
                  uint64_t size)
{
    if (size < len)
        size = len;
    if (!check_range(l, b, name, addr, size, NULL, 0))
        return false;
    if (size && l->count == LOADER_MAX_RANGES)
        return fail(l, "%s: too many images", name);
    if (size) {
        uint8_t *dst = bus_ram_ptr(b, addr, size);
        memcpy(dst, data, len);
        memset(dst + len, 0, size - len);
        l->ranges[l->count++] = (struct load_range){ addr, size, name };
    }
    return true;
}

bool loader_load_raw(struct loader *l, struct bus *b, const char *path, uint64_t addr)
{
    uint8_t *data;
    size_t len;
    if (!loader_read_file(l, path, &data, &len))
        return false;
    bool ok = loader_place(l, b, path, data, len, addr, len);
    free(data);
    return ok;
}
