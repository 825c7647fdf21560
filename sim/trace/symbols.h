/* Symbols of the loaded images, for trace filters, the symbols table and exports, the shell and the
 * checks' reports: from ELF files, or from symbol maps (nm output, System.map, /proc/kallsyms). */
#ifndef A72SIM_TRACE_SYMBOLS_H
#define A72SIM_TRACE_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a symbol file's names apply (--symbols FILE,vmid=N,el=N): the code of one VM, of one EL, or
 * both; -1 for any. */
struct symbol_scope {
    int vmid, el;
};
#define SYMBOL_SCOPE_ANY ((struct symbol_scope){ -1, -1 })

/* The state of the core whose address is looked up: the VMID in force (cpu_current_vmid) and EL. */
struct symbol_ctx {
    unsigned vmid, el;
};

struct symbol {
    char *name;
    uint64_t addr, size;
    unsigned image;      /* index of the image on the command line */
    bool func;           /* STT_FUNC (else STT_OBJECT) */
    struct symbol_scope scope;
};

/* A --symbols FILE[@OFFSET][,vmid=N][,el=N] option. */
struct symbol_file {
    const char *path;
    uint64_t offset;
    struct symbol_scope scope;
};

struct symtab {
    struct symbol *syms; /* sorted by address once symtab_sort() ran */
    size_t count, cap;
    uint64_t max_size;   /* (symtab_sort) the largest symbol's size */
    int max_rank;        /* (symtab_sort) the most specific scope's rank: 0 to 2 */
    bool unsized;        /* (symtab_sort) a symbol has size 0 */
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
bool symtab_load_moved(struct symtab *t, const struct symbol_file *f, unsigned image, char *err, size_t errlen);
/* The symbols of the images (the ELF ones: image n is number n) and of the --symbols files (numbered
 * after the images), sorted. An image also given as a --symbols file with a scope keeps only that
 * file's scoped copy. false with a message in err when a --symbols file cannot be read. */
bool symtab_load_all(struct symtab *t, const char *const *images, unsigned nimages, const struct symbol_file *files,
                     unsigned nfiles, char *err, size_t errlen);
bool symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, unsigned image, bool func,
                struct symbol_scope scope);
void symtab_sort(struct symtab *t);
/* The symbol named name (the first function of that name), or NULL. */
const struct symbol *symtab_find(const struct symtab *t, const char *name);
/* The function that holds pc for a core in ctx, or NULL. A function holds [addr, addr + size), one
 * of size 0 every address from addr up. Of the functions whose scope takes in ctx, one of the most
 * specific scope wins (VMID and EL over either, either over none), then the one that starts last. */
const struct symbol *symtab_lookup(const struct symtab *t, uint64_t pc, struct symbol_ctx ctx);
/* The same for any symbol (function or object) that covers addr, one of size 0 up to reach bytes. */
const struct symbol *symtab_covering(const struct symtab *t, uint64_t addr, struct symbol_ctx ctx, uint64_t reach);
void symtab_free(struct symtab *t);

#endif
