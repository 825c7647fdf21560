/* Symbol maps (nm, System.map, /proc/kallsyms) as --symbols reads them (symtab_load_moved), and which
 * symbol names an address of a core in a given VM and EL (symtab_lookup, symtab_covering). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "symbols.h"

#define ANY_CORE ((struct symbol_ctx){ 0, 1 }) /* a core at EL1 in no VM, for unscoped symbols */

static struct symbol_scope scope(int vmid, int el) { return (struct symbol_scope){ vmid, el }; }
static struct symbol_ctx at(unsigned vmid, unsigned el) { return (struct symbol_ctx){ vmid, el }; }
static const char *name_at(const struct symtab *t, uint64_t pc, struct symbol_ctx ctx)
{
    const struct symbol *s = symtab_lookup(t, pc, ctx);
    return s ? s->name : "(none)";
}

static const char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "test_symbols_%d.map", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Functions and objects by their types, moved by the offset, each up to the next symbol; other types
 * and '$' names left out; a module suffix (kallsyms) and a last line without its newline accepted. */
static void test_map_types_and_offset(void **state)
{
    (void)state;
    const char *path = write_file("ffff800008010000 T _text\n"
                                  "ffff800008010040 t helper\n"
                                  "\n"
                                  "ffff800008010080 W weak_fn\n"
                                  "ffff800008020000 D some_data\n"
                                  "ffff800008030000 A absolute\n"
                                  "ffff800008010100 t $x.1\n"
                                  "ffff800009000000 t mod_fn\t[kvm]\n"
                                  "ffff800008010200 T last_fn");
    struct symtab t = { 0 };
    char err[256] = "";
    assert_true(symtab_load_moved(&t, &(struct symbol_file){ path, 0x1000, SYMBOL_SCOPE_ANY }, 3, err, sizeof err));
    unlink(path);
    symtab_sort(&t);
    assert_int_equal(t.count, 6);
    const struct symbol *s = symtab_find(&t, "helper");
    assert_non_null(s);
    assert_int_equal(s->addr, 0xffff800008011040ull);
    assert_true(s->func);
    assert_int_equal(s->image, 3);
    assert_false(symtab_find(&t, "some_data")->func);
    assert_null(symtab_find(&t, "absolute"));
    assert_null(symtab_find(&t, "$x.1"));
    assert_non_null(symtab_find(&t, "mod_fn"));
    /* A symbol ends where the map's next one starts: a PC in the data after the last function is in none. */
    assert_int_equal(s->size, 0x40);
    assert_string_equal(symtab_lookup(&t, 0xffff800008011050ull, ANY_CORE)->name, "helper");
    assert_string_equal(symtab_lookup(&t, 0xffff800008011090ull, ANY_CORE)->name, "weak_fn");
    assert_string_equal(symtab_lookup(&t, 0xffff800008011204ull, ANY_CORE)->name, "last_fn");
    assert_null(symtab_lookup(&t, 0xffff800008021010ull, ANY_CORE));
    symtab_free(&t);
}

/* A file that is neither ELF nor a map is refused with its name and the line. */
static void test_map_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n",
        "ffff800008010000 T ok\nnot a map line\n",
        "ffff800008010000 T name module-without-brackets\n",
    };
    static const unsigned line[] = { 1, 2, 1 };
    for (unsigned k = 0; k < sizeof bad / sizeof *bad; k++) {
        const char *path = write_file(bad[k]);
        struct symtab t = { 0 };
        char err[256] = "", want[64];
        assert_false(symtab_load_moved(&t, &(struct symbol_file){ path, 0, SYMBOL_SCOPE_ANY }, 0, err, sizeof err));
        unlink(path);
        snprintf(want, sizeof want, "line %u: neither an ELF file nor a symbol map", line[k]);
        assert_non_null(strstr(err, want));
        assert_non_null(strstr(err, "test_symbols_"));
        symtab_free(&t);
    }
    struct symtab t = { 0 };
    char err[256] = "";
    assert_false(symtab_load_moved(&t, &(struct symbol_file){ "/nonexistent/file.map", 0, SYMBOL_SCOPE_ANY }, 0, err, sizeof err));
    assert_non_null(strstr(err, "cannot open '/nonexistent/file.map'"));
}

/* One range named by several scopes: the most specific scope that takes in the core wins, and where
 * its symbol ends, a less specific one names the address. */
static void test_scoped_lookup(void **state)
{
    (void)state;
    struct symtab t = { 0 };
    assert_true(symtab_add(&t, "common", 0x1000, 0x100, 0, true, SYMBOL_SCOPE_ANY));
    assert_true(symtab_add(&t, "vm1_fn", 0x1000, 0x80, 1, true, scope(1, -1)));
    assert_true(symtab_add(&t, "vm2_fn", 0x1000, 0x100, 2, true, scope(2, -1)));
    assert_true(symtab_add(&t, "el2_fn", 0x1000, 0x100, 3, true, scope(-1, 2)));
    assert_true(symtab_add(&t, "vm1_el0_fn", 0x1040, 0x20, 4, true, scope(1, 0)));
    assert_true(symtab_add(&t, "vm1_data", 0x1000, 0x100, 1, false, scope(1, -1)));
    symtab_sort(&t);
    assert_string_equal(name_at(&t, 0x1010, at(0, 2)), "el2_fn");
    assert_string_equal(name_at(&t, 0x1010, at(0, 1)), "common");
    assert_string_equal(name_at(&t, 0x1010, at(1, 1)), "vm1_fn");
    assert_string_equal(name_at(&t, 0x1090, at(1, 1)), "common"); /* past vm1_fn's end */
    assert_string_equal(name_at(&t, 0x1050, at(1, 0)), "vm1_el0_fn");
    assert_string_equal(name_at(&t, 0x1010, at(1, 0)), "vm1_fn");
    assert_string_equal(name_at(&t, 0x1090, at(2, 1)), "vm2_fn");
    assert_string_equal(name_at(&t, 0x1090, at(3, 2)), "el2_fn");
    assert_string_equal(name_at(&t, 0x2000, at(3, 1)), "(none)");
    /* symtab_covering takes objects too */
    assert_string_equal(symtab_covering(&t, 0x1010, at(1, 1), 0x100000)->name, "vm1_data");
    assert_string_equal(symtab_covering(&t, 0x1010, at(0, 1), 0x100000)->name, "common");
    symtab_free(&t);
}

/* A symbol of size 0 (an assembly label) holds up to the next function of its own scope. */
static void test_unsized_symbols_end_at_the_next_of_their_scope(void **state)
{
    (void)state;
    struct symtab t = { 0 };
    assert_true(symtab_add(&t, "label", 0x3000, 0, 0, true, SYMBOL_SCOPE_ANY));
    assert_true(symtab_add(&t, "next", 0x3100, 0x10, 0, true, SYMBOL_SCOPE_ANY));
    assert_true(symtab_add(&t, "vm1_label", 0x3080, 0, 1, true, scope(1, -1)));
    assert_true(symtab_add(&t, "table", 0x5000, 0, 0, false, SYMBOL_SCOPE_ANY));
    symtab_sort(&t);
    assert_string_equal(name_at(&t, 0x3050, ANY_CORE), "label");
    assert_string_equal(name_at(&t, 0x3200, ANY_CORE), "(none)"); /* label ends at next, next at 0x3110 */
    assert_string_equal(name_at(&t, 0x3050, at(1, 1)), "label");
    assert_string_equal(name_at(&t, 0x3200, at(1, 1)), "vm1_label"); /* its scope has no later function */
    assert_string_equal(name_at(&t, 0x9000, ANY_CORE), "(none)");   /* the object table is no function */
    assert_string_equal(symtab_covering(&t, 0x5100, ANY_CORE, 0x100000)->name, "table");
    assert_null(symtab_covering(&t, 0x5000 + 0x100000, ANY_CORE, 0x100000)); /* beyond its reach */
    symtab_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_types_and_offset),
        cmocka_unit_test(test_map_refused),
        cmocka_unit_test(test_scoped_lookup),
        cmocka_unit_test(test_unsized_symbols_end_at_the_next_of_their_scope),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
