/* libFuzzer target: the option parsing of `a72sim run`. The input is the argument vector, the
 * arguments separated by NUL bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *copy = malloc(size + 1);
    char *argv[130];
    int argc = 0;
    argv[argc++] = "a72sim";
    memcpy(copy, data, size);
    copy[size] = 0;
    for (size_t k = 0; k <= size && argc < 129;) {
        argv[argc++] = copy + k;
        k += strlen(copy + k) + 1;
    }
    argv[argc] = NULL;
    struct options o = { .mem = 2ull << 30, .smp = 2, .quantum = 10000 };
    int rc = options_parse(argc, argv, &o);
    if (rc != OPTIONS_OK && rc != OPTIONS_USAGE && rc != OPTIONS_DONE)
        abort();
    if (rc == OPTIONS_OK && ((o.nimages == 0 && !o.dump_dtb) || o.smp < 1 || o.smp > 2 || o.quantum == 0 ||
                             o.mem < (1u << 20) || (o.mem & 0xfff) || o.nimages > 64 || o.nraw > 64))
        abort(); /* accepted options are within their documented ranges */
    free(copy);
    return 0;
}
