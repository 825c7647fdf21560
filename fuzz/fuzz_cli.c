/* libFuzzer target: the option parsing of `a72sim run` and of `a72sim regress`. The input's first
 * byte chooses the command (odd: regress); the rest is the argument vector, the arguments separated
 * by NUL bytes. Nothing runs: only the parsers and the checks of the reports' destinations. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "regress/runner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_run(int argc, char **argv)
{
    struct options o = { .mem = 2ull << 30, .smp = 2, .quantum = 10000, .exception_loop = 1000 };
    int rc = options_parse(argc, argv, &o);
    if (rc != OPTIONS_OK && rc != OPTIONS_USAGE && rc != OPTIONS_DONE)
        abort();
    bool has_run = o.nimages || o.dump_dtb || o.boot.kernel || o.boot.have_entry || o.snap.restore;
    if (rc == OPTIONS_OK && (!has_run || o.smp < 1 || o.smp > 2 || o.quantum == 0 ||
                             o.mem < (1u << 20) || (o.mem & 0xfff) || o.nimages > 64 || o.nraw > 64 ||
                             (o.code_cache && o.code_cache < (1u << 20))))
        abort(); /* accepted options are within their documented ranges */
    options_free(&o);
}

static void check_regress(int argc, char **argv)
{
    struct regress_options o;
    int rc = regress_parse_options(argc, argv, &o);
    if (rc != 0 && rc != 2 && rc != REGRESS_OPTIONS_DONE)
        abort();
    if (rc == 0 && (!o.suite || o.jobs < 1 || o.jobs > 100000 || o.shard_k < 1 || o.shard_k > o.shard_n))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    bool regress = data[0] & 1;
    data++, size--;
    char *copy = malloc(size + 1);
    char *argv[130];
    int argc = 0;
    argv[argc++] = regress ? "regress" : "a72sim";
    memcpy(copy, data, size);
    copy[size] = 0;
    for (size_t k = 0; k <= size && argc < 129;) {
        argv[argc++] = copy + k;
        k += strlen(copy + k) + 1;
    }
    argv[argc] = NULL;
    if (regress)
        check_regress(argc, argv);
    else
        check_run(argc, argv);
    free(copy);
    return 0;
}
