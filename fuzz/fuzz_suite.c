/* libFuzzer target: the regress suite-file parser (our line reader, libinih, the keys' meaning).
 * The input is written to a suite file in a private directory that also holds "a.elf", so that
 * `image = a.elf` and `image = ${BUILD}/a.elf` name an existing file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regress/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], suite_path[96], image_path[96];

static void cleanup(void)
{
    unlink(suite_path);
    unlink(image_path);
    rmdir(dir);
}

static void setup(void)
{
    strcpy(dir, "/tmp/a72sim-fuzz-suite-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(image_path, sizeof(image_path), "%s/a.elf", dir);
    FILE *f = fopen(image_path, "w");
    if (!f)
        abort();
    fclose(f);
    snprintf(suite_path, sizeof(suite_path), "%s/suite.ini", dir);
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    FILE *f = fopen(suite_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    struct regress_suite suite;
    char err[512];
    err[0] = 0;
    if (regress_suite_load(suite_path, dir, &suite, err, sizeof(err))) {
        if (suite.ntests == 0)
            abort(); /* a loaded suite has a test, and each test an image */
        for (unsigned n = 0; n < suite.ntests; n++) {
            /* an image, or a kernel or a snapshot to start from (their options are in args) */
            bool start = suite.tests[n].nimages != 0;
            for (unsigned k = 0; k < suite.tests[n].nargs; k++)
                start |= !strcmp(suite.tests[n].args[k], "--kernel") || !strcmp(suite.tests[n].args[k], "--restore");
            if (!start || !suite.tests[n].name)
                abort();
        }
        regress_suite_free(&suite);
    } else {
        if (!err[0] || strchr(err, '\n'))
            abort(); /* one line that says why */
        for (const char *c = err; *c; c++)
            if ((unsigned char)*c < 0x20)
                abort(); /* control characters of the input are never echoed raw */
    }
    return 0;
}
