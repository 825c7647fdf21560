/* libFuzzer target: the ELF loader (libelf and our checks of headers, segments, overlaps and RAM
 * bounds) on arbitrary files, into a machine with 64 MiB of DDR built once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "loader.h"
#include "versal/dtb.h"
#include "versal/versal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct machine *m;
    static struct versal_config cfg = { .ncpus = 1, .ddr_size = 64ull << 20 };
    if (!m && !(m = versal_create(&cfg)))
        abort();
    static struct loader l;
    loader_init(&l);
    uint64_t entry, dtb;
    if (loader_load_elf_memory(&l, &m->bus, "input", data, size, &entry)) {
        if (l.count == 0)
            abort(); /* a loaded image has a segment */
        (void)versal_dtb_place(&cfg, &l, 0x10000, &dtb);
    } else if (!l.err[0]) {
        abort(); /* a refusal always says why */
    }
    return 0;
}
