/* Symbols of the loaded images: ELF files read with libelf, and symbol maps. */
#include "symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, unsigned image, bool func)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        struct symbol *s = realloc(t->syms, cap * sizeof *s);
        if (!s)
            return false;
        t->syms = s;
        t->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return false;
    t->syms[t->count++] = (struct symbol){ .name = copy, .addr = addr, .size = size, .image = image, .func = func };
    return true;
}

/* The function and object symbols of an ELF file, moved by offset. */
static bool load_elf(struct symtab *t, const char *path, uint64_t offset, unsigned image, char *err, size_t errlen)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, errlen, "libelf is unusable");
        return false;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open '%s'", path);
        return false;
    }
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    if (!e || elf_kind(e) != ELF_K_ELF) {
        snprintf(err, errlen, "'%s' is not an ELF file", path);
        if (e)
            elf_end(e);
        close(fd);
        return false;
    }
    bool ok = true;
    Elf_Scn *scn = NULL;
    while (ok && (scn = elf_nextscn(e, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        size_t n = d ? sh.sh_size / sh.sh_entsize : 0;
        for (size_t k = 0; ok && k < n; k++) {
            GElf_Sym s;
            if (!gelf_getsym(d, (int)k, &s))
                continue;
            unsigned type = GELF_ST_TYPE(s.st_info);
            if ((type != STT_FUNC && type != STT_OBJECT) || s.st_shndx == SHN_UNDEF)
                continue;
            const char *name = elf_strptr(e, sh.sh_link, s.st_name);
            if (name && *name)
                ok = symtab_add(t, name, s.st_value + offset, s.st_size, image, type == STT_FUNC);
        }
    }
    if (!ok)
        snprintf(err, errlen, "out of host memory reading the symbols of '%s'", path);
    elf_end(e);
    close(fd);
    return ok;
}

bool symtab_load_elf(struct symtab *t, const char *path, unsigned image, char *err, size_t errlen)
{
    return load_elf(t, path, 0, image, err, errlen);
}

static int by_addr(const void *a, const void *b);

/* The symbols of a map: "ADDRESS TYPE NAME [[MODULE]]" lines, moved by offset. A map has no sizes:
 * each symbol ends where the map's next one starts (the last one has none). */
static bool load_map(struct symtab *t, FILE *f, const char *path, uint64_t offset, unsigned image, char *err,
                     size_t errlen)
{
    size_t first = t->count;
    char line[1024];
    unsigned number = 0;
    while (fgets(line, sizeof line, f)) {
        number++;
        char name[512], module[512], type, extra;
        unsigned long long addr;
        int n = sscanf(line, "%llx %c %511s %511s %c", &addr, &type, name, module, &extra);
        if (n <= 0 && strspn(line, " \t\r\n") == strlen(line))
            continue; /* an empty line */
        bool cut = !strchr(line, '\n') && !feof(f); /* longer than any map's line */
        if (n < 3 || (n >= 4 && (module[0] != '[' || module[strlen(module) - 1] != ']')) || n == 5 || cut) {
            snprintf(err, errlen, "'%s' line %u: neither an ELF file nor a symbol map (ADDRESS TYPE NAME lines)",
                     path, number);
            return false;
        }
        bool func = strchr("TtWw", type) != NULL, object = strchr("DdBbRrGgSsVv", type) != NULL;
        if ((!func && !object) || name[0] == '$')
            continue;
        if (!symtab_add(t, name, addr + offset, 0, image, func)) {
            snprintf(err, errlen, "out of host memory for the symbols of '%s'", path);
            return false;
        }
    }
    struct symbol *s = t->syms + first;
    size_t n = t->count - first;
    if (n)
        qsort(s, n, sizeof *s, by_addr);
    for (size_t k = 0; k + 1 < n; k++)
        for (size_t next = k + 1; next < n && !s[k].size; next++)
            s[k].size = s[next].addr - s[k].addr; /* 0 for aliases at the same address: the next one */
    return true;
}

bool symtab_load_moved(struct symtab *t, const char *path, uint64_t offset, unsigned image, char *err,
                       size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s'", path);
        return false;
    }
    unsigned char magic[4] = { 0 };
    bool elf = fread(magic, 1, sizeof magic, f) == sizeof magic && memcmp(magic, "\177ELF", 4) == 0;
    if (elf) {
        fclose(f);
        return load_elf(t, path, offset, image, err, errlen);
    }
    rewind(f);
    bool ok = load_map(t, f, path, offset, image, err, errlen);
    fclose(f);
    return ok;
}

static int by_addr(const void *a, const void *b)
{
    const struct symbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    if (x->image != y->image)
        return x->image < y->image ? -1 : 1;
    return strcmp(x->name, y->name);
}

void symtab_sort(struct symtab *t)
{
    if (t->count)
        qsort(t->syms, t->count, sizeof *t->syms, by_addr);
}

const struct symbol *symtab_find(const struct symtab *t, const char *name)
{
    const struct symbol *found = NULL;
    for (size_t k = 0; k < t->count; k++)
        if (strcmp(t->syms[k].name, name) == 0 && (!found || (t->syms[k].func && !found->func)))
            found = &t->syms[k];
    return found;
}

const struct symbol *symtab_lookup(const struct symtab *t, uint64_t pc)
{
    /* The last function at or below pc. */
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->syms[mid].addr <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k-- > 0;) {
        const struct symbol *s = &t->syms[k];
        if (!s->func)
            continue;
        if (s->size ? pc < s->addr + s->size : true)
            return s;
        return NULL;
    }
    return NULL;
}

void symtab_free(struct symtab *t)
{
    for (size_t k = 0; k < t->count; k++)
        free(t->syms[k].name);
    free(t->syms);
    *t = (struct symtab){ 0 };
}
