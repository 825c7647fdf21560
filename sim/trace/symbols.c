/* Symbols of the loaded images: ELF files read with libelf, and symbol maps. */
#include "symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, unsigned image, bool func,
                struct symbol_scope scope)
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
    t->syms[t->count++] = (struct symbol){ .name = copy, .addr = addr, .size = size, .image = image, .func = func,
                                           .scope = scope };
    return true;
}

/* The function and object symbols of an ELF file, moved by offset. */
static bool load_elf(struct symtab *t, const char *path, uint64_t offset, struct symbol_scope scope, unsigned image,
                     char *err, size_t errlen)
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
                ok = symtab_add(t, name, s.st_value + offset, s.st_size, image, type == STT_FUNC, scope);
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
    return load_elf(t, path, 0, SYMBOL_SCOPE_ANY, image, err, errlen);
}

static int by_addr(const void *a, const void *b);

/* The symbols of a map: "ADDRESS TYPE NAME [[MODULE]]" lines, moved by offset. A map has no sizes:
 * each symbol ends where the map's next one starts (the last one has none). */
static bool load_map(struct symtab *t, FILE *f, const char *path, uint64_t offset, struct symbol_scope scope,
                     unsigned image, char *err, size_t errlen)
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
        if (!symtab_add(t, name, addr + offset, 0, image, func, scope)) {
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

bool symtab_load_moved(struct symtab *t, const struct symbol_file *sf, unsigned image, char *err, size_t errlen)
{
    const char *path = sf->path;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s'", path);
        return false;
    }
    unsigned char magic[4] = { 0 };
    bool elf = fread(magic, 1, sizeof magic, f) == sizeof magic && memcmp(magic, "\177ELF", 4) == 0;
    if (elf) {
        fclose(f);
        return load_elf(t, path, sf->offset, sf->scope, image, err, errlen);
    }
    rewind(f);
    bool ok = load_map(t, f, path, sf->offset, sf->scope, image, err, errlen);
    fclose(f);
    return ok;
}

/* How specific a scope is: 0 (any core), 1 (a VMID or an EL), 2 (both). */
static int scope_specificity(struct symbol_scope s) { return (s.vmid >= 0) + (s.el >= 0); }

/* scope_specificity of s, or -1 when ctx is outside it. */
static int scope_rank(struct symbol_scope s, struct symbol_ctx ctx)
{
    if ((s.vmid >= 0 && (unsigned)s.vmid != ctx.vmid) || (s.el >= 0 && (unsigned)s.el != ctx.el))
        return -1;
    return scope_specificity(s);
}

/* Are paths a and b the same file? */
static bool same_file(const char *a, const char *b)
{
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = ra && rb ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
    free(ra);
    free(rb);
    return same;
}

bool symtab_load_all(struct symtab *t, const char *const *images, unsigned nimages, const struct symbol_file *files,
                     unsigned nfiles, char *err, size_t errlen)
{
    for (unsigned n = 0; n < nimages; n++) {
        bool rescoped = false;
        for (unsigned k = 0; k < nfiles && !rescoped; k++)
            rescoped = scope_specificity(files[k].scope) > 0 && same_file(images[n], files[k].path);
        char ignored[256];
        if (!rescoped) /* an image that is not ELF (or not readable) has no symbols: the loader reports a bad one */
            (void)symtab_load_elf(t, images[n], n, ignored, sizeof ignored);
    }
    for (unsigned k = 0; k < nfiles; k++)
        if (!symtab_load_moved(t, &files[k], nimages + k, err, errlen))
            return false;
    symtab_sort(t);
    return true;
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
    t->max_size = 0;
    t->max_rank = 0;
    t->unsized = false;
    for (size_t k = 0; k < t->count; k++) {
        const struct symbol *s = &t->syms[k];
        if (s->size > t->max_size)
            t->max_size = s->size;
        t->unsized |= s->size == 0;
        if (scope_specificity(s->scope) > t->max_rank)
            t->max_rank = scope_specificity(s->scope);
    }
}

const struct symbol *symtab_find(const struct symtab *t, const char *name)
{
    const struct symbol *found = NULL;
    for (size_t k = 0; k < t->count; k++)
        if (strcmp(t->syms[k].name, name) == 0 && (!found || (t->syms[k].func && !found->func)))
            found = &t->syms[k];
    return found;
}

/* symtab_lookup and symtab_covering: the best symbol (funcs: function) that holds addr. One of size 0
 * holds up to the next symbol (function) of its scope, and at most reach bytes. */
static const struct symbol *best_holding(const struct symtab *t, uint64_t addr, struct symbol_ctx ctx, bool funcs,
                                         uint64_t reach)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) { /* the symbols at or below addr: [0, lo) */
        size_t mid = lo + (hi - lo) / 2;
        if (t->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct symbol *best = NULL;
    int best_rank = -1;
    bool seen[4] = { false };     /* by scope (VMID given, EL given): a symbol of it at or below addr */
    uint64_t first[4] = { 0 };    /* the address of the last-starting one */
    for (size_t k = lo; k-- > 0;) {
        const struct symbol *s = &t->syms[k];
        uint64_t off = addr - s->addr;
        if (best && best_rank == t->max_rank && s->addr < best->addr)
            break; /* nothing below can beat it */
        if (off >= t->max_size && (!t->unsized || off >= reach))
            break; /* nothing below holds addr */
        int rank = scope_rank(s->scope, ctx);
        if ((funcs && !s->func) || rank < 0)
            continue;
        unsigned scope = (s->scope.vmid >= 0) * 2u + (s->scope.el >= 0);
        if (!seen[scope]) {
            seen[scope] = true;
            first[scope] = s->addr;
        }
        if (s->size ? off >= s->size : off >= reach || first[scope] != s->addr)
            continue;
        /* Below the best's address only a more specific scope wins; at it, a sized symbol. */
        if (rank > best_rank || (rank == best_rank && s->addr == best->addr && (s->size || !best->size))) {
            best = s;
            best_rank = rank;
        }
    }
    return best;
}

const struct symbol *symtab_lookup(const struct symtab *t, uint64_t pc, struct symbol_ctx ctx)
{
    return best_holding(t, pc, ctx, true, UINT64_MAX);
}

const struct symbol *symtab_covering(const struct symtab *t, uint64_t addr, struct symbol_ctx ctx, uint64_t reach)
{
    return best_holding(t, addr, ctx, false, reach);
}

void symtab_free(struct symtab *t)
{
    for (size_t k = 0; k < t->count; k++)
        free(t->syms[k].name);
    free(t->syms);
    *t = (struct symtab){ 0 };
}
