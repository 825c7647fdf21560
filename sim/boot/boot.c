#include "boot.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

bool boot_parse_module(char *value, struct boot_module *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof(*m));
    char *args = strstr(value, ",args=");
    if (args) {
        *args = 0;
        m->args = args + 6; /* the rest of the value, commas included */
    }
    char *setting = strchr(value, ',');
    if (setting)
        *setting++ = 0;
    while (setting) {
        char *comma = strchr(setting, ',');
        if (comma)
            *comma = 0;
        if (strncmp(setting, "type=", 5) != 0 || !setting[5]) {
            snprintf(err, errlen, "--module: unknown setting '%s' (FILE[,type=NAME][,args=STRING])", setting);
            return false;
        }
        m->type = setting + 5;
        setting = comma ? comma + 1 : NULL;
    }
    if (!*value) {
        snprintf(err, errlen, "--module: no file name");
        return false;
    }
    m->path = value;
    return true;
}

/* The lowest address from 'from' on, at a multiple of align plus offset, where size bytes are
 * free RAM in [ram_base, ram_base + ram_size). False (err set by the last try) when there is none. */
static bool find_free(struct loader *l, struct bus *b, const char *name, uint64_t from, uint64_t offset,
                      uint64_t size, uint64_t ram_base, uint64_t ram_size, uint64_t *addr)
{
    uint64_t end = ram_base + ram_size;
    for (uint64_t base = align_up(from, BOOT_ALIGN); base + offset + size <= end; base += BOOT_ALIGN)
        if (loader_check_range(l, b, name, base + offset, size)) {
            *addr = base + offset;
            return true;
        }
    return loader_fail(l, "%s: no free 2 MiB-aligned room for its 0x%" PRIx64 " bytes in DDR", name, size);
}

/* The highest end of the ranges l holds from index first on. */
static uint64_t ranges_end(const struct loader *l, unsigned first)
{
    uint64_t end = 0;
    for (unsigned n = first; n < l->count; n++)
        if (l->ranges[n].base + l->ranges[n].size > end)
            end = l->ranges[n].base + l->ranges[n].size;
    return end;
}

/* Place an arm64 Image (gzip-compressed or not) as booting.rst says; *end gets its image_size end. */
static bool load_image(struct boot_config *bc, struct loader *l, struct bus *b, uint8_t *data, size_t len,
                       uint64_t ram_base, uint64_t ram_size, uint64_t *end)
{
    uint8_t *unzipped = NULL;
    char err[256];
    if (gzip_is_gzip(data, len)) {
        size_t n;
        if (!gzip_inflate(data, len, BOOT_MAX_KERNEL, &unzipped, &n, err, sizeof(err)))
            return loader_fail(l, "%s: %s", bc->kernel, err);
        data = unzipped;
        len = n;
    }
    struct arm64_image_header h;
    bool ok = arm64_image_parse(data, len, &h, err, sizeof(err));
    if (!ok)
        loader_fail(l, "%s: %s", bc->kernel, err);
    uint64_t addr = 0;
    ok = ok && find_free(l, b, bc->kernel, ram_base, h.text_offset, h.image_size, ram_base, ram_size, &addr);
    ok = ok && loader_place(l, b, bc->kernel, data, len, addr, h.image_size);
    if (ok) {
        bc->kernel_entry = addr; /* booting.rst: jump to the first instruction of the Image */
        *end = addr + h.image_size;
    }
    free(unzipped);
    return ok;
}

static bool load_kernel(struct boot_config *bc, struct loader *l, struct bus *b, uint64_t ram_base, uint64_t ram_size,
                        uint64_t *end)
{
    uint8_t *data;
    size_t len;
    if (!loader_read_file(l, bc->kernel, &data, &len))
        return false;
    bool ok;
    if (len >= 4 && memcmp(data, "\177ELF", 4) == 0) {
        free(data);
        unsigned first = l->count;
        ok = loader_load_elf(l, b, bc->kernel, &bc->kernel_entry);
        *end = ranges_end(l, first);
        return ok;
    }
    if (gzip_is_gzip(data, len) || arm64_image_is_image(data, len))
        ok = load_image(bc, l, b, data, len, ram_base, ram_size, end);
    else
        ok = loader_fail(l, "%s: neither an arm64 Image (gzip-compressed or not) nor an ELF file; a raw binary"
                     " goes with --load FILE@ADDR --entry ADDR", bc->kernel);
    free(data);
    return ok;
}

/* A module or the initrd, from 'from' on; *next gets the 2 MiB boundary after it. */
static bool load_blob(struct loader *l, struct bus *b, const char *path, uint64_t from, uint64_t ram_base,
                      uint64_t ram_size, uint64_t *addr, uint64_t *size, uint64_t *next)
{
    uint8_t *data;
    size_t len;
    if (!loader_read_file(l, path, &data, &len))
        return false;
    bool ok = len > 0 || loader_fail(l, "%s: empty file", path);
    ok = ok && find_free(l, b, path, from, 0, len, ram_base, ram_size, addr);
    ok = ok && loader_place(l, b, path, data, len, *addr, len);
    free(data);
    *size = len;
    *next = align_up(*addr + len, BOOT_ALIGN);
    return ok;
}

bool boot_load(struct boot_config *bc, struct loader *l, struct bus *b, uint64_t ram_base, uint64_t ram_size)
{
    uint64_t next = ram_base;
    if (bc->kernel) {
        uint64_t end;
        if (!load_kernel(bc, l, b, ram_base, ram_size, &end))
            return false;
        bc->kernel_loaded = true;
        next = end;
    }
    for (unsigned n = 0; n < bc->nmodules; n++) {
        struct boot_module *m = &bc->modules[n];
        if (!load_blob(l, b, m->path, next, ram_base, ram_size, &m->addr, &m->size, &next))
            return false;
    }
    if (bc->initrd) {
        uint64_t size;
        if (!load_blob(l, b, bc->initrd, next, ram_base, ram_size, &bc->initrd_start, &size, &next))
            return false;
        bc->initrd_end = bc->initrd_start + size;
        bc->have_initrd = true;
    }
    return true;
}
