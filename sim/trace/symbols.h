/* Symbols of the loaded ELF images, for trace filters, the symbols table and exports. */
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
bool symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, unsigned image, bool func);
void symtab_sort(struct symtab *t);
/* The symbol named name (the first function of that name), or NULL. */
const struct symbol *symtab_find(const struct symtab *t, const char *name);
/* The function whose [addr, addr + size) holds pc (the nearest one below pc when sizes are 0), or NULL. */
const struct symbol *symtab_lookup(const struct symtab *t, uint64_t pc);
void symtab_free(struct symtab *t);

#endif
