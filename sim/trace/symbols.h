/* Symbols of the loaded images, for trace filters, the symbols table and exports, the shell and the
 * checks' reports: from ELF files, or from symbol maps (nm output, System.map, /proc/kallsyms). */
#ifndef A72SIM_TRACE_SYMBOLS_H
#define A72SIM_TRACE_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symbol {
    char *name;
    uint64_t addr, size;
    unsigned image;      /* index of the image on the command line */
    bool func;           /* STT_FUNC (else STT_OBJECT) */
};

struct symtab {
    struct symbol *syms; /* sorted by address once symtab_sort() ran */
    size_t count, cap;
};

/* Add the function and object symbols of an ELF file; false with a message in err when the file
 * cannot be read as ELF. A file without a symbol table adds nothing. */
bool symtab_load_elf(struct symtab *t, const char *path, unsigned image, char *err, size_t errlen);
/* Add the symbols of path moved by offset bytes (--symbols FILE[@OFFSET]): an ELF file's, or a symbol
 * map's, whose lines are "ADDRESS TYPE NAME [[MODULE]]" (the format of nm, System.map and
 * /proc/kallsyms: T, t, W and w are functions, D, d, B, b, R, r, G, g, S, s, V and v objects, other
 * types and names starting with '$' are left out; a symbol ends where the map's next one starts, the
 * last one has no size). false with a message in err
 * naming the file (and the line) when it is neither. */
bool symtab_load_moved(struct symtab *t, const char *path, uint64_t offset, unsigned image, char *err,
                       size_t errlen);
bool symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, unsigned image, bool func);
void symtab_sort(struct symtab *t);
/* The symbol named name (the first function of that name), or NULL. */
const struct symbol *symtab_find(const struct symtab *t, const char *name);
/* The function whose [addr, addr + size) holds pc (the nearest one below pc when sizes are 0), or NULL. */
const struct symbol *symtab_lookup(const struct symtab *t, uint64_t pc);
void symtab_free(struct symtab *t);

#endif
