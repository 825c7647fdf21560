/* Symbol maps (nm, System.map, /proc/kallsyms) as --symbols reads them: symtab_load_moved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "symbols.h"

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
    assert_true(symtab_load_moved(&t, path, 0x1000, 3, err, sizeof err));
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
    assert_string_equal(symtab_lookup(&t, 0xffff800008011050ull)->name, "helper");
    assert_string_equal(symtab_lookup(&t, 0xffff800008011090ull)->name, "weak_fn");
    assert_string_equal(symtab_lookup(&t, 0xffff800008011204ull)->name, "last_fn");
    assert_null(symtab_lookup(&t, 0xffff800008021010ull));
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
        assert_false(symtab_load_moved(&t, path, 0, 0, err, sizeof err));
        unlink(path);
        snprintf(want, sizeof want, "line %u: neither an ELF file nor a symbol map", line[k]);
        assert_non_null(strstr(err, want));
        assert_non_null(strstr(err, "test_symbols_"));
        symtab_free(&t);
    }
    struct symtab t = { 0 };
    char err[256] = "";
    assert_false(symtab_load_moved(&t, "/nonexistent/file.map", 0, 0, err, sizeof err));
    assert_non_null(strstr(err, "cannot open '/nonexistent/file.map'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_types_and_offset),
        cmocka_unit_test(test_map_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
