/* Booting a kernel or hypervisor as the board's firmware hands over (Linux
 * Documentation/arm64/booting.rst): the kernel (`--kernel`: an arm64 Image, gzip-compressed or
 * not, or an ELF file), an initial ramdisk (`--initrd`) and boot modules for hypervisors
 * (`--module`, Xen's docs/misc/arm/device-tree/booting.txt), placed in DDR where the boot protocol
 * allows, and described to the guest in the device tree's /chosen node.
 *
 * Placement, lowest address first, in DDR low:
 *   - an Image at text_offset from the lowest 2 MiB-aligned base where its image_size bytes overlap
 *     nothing loaded before (the base of DRAM when nothing is: booting.rst asks for "as close as
 *     possible to the base of DRAM" unless flags bit 3 allows anywhere, and the lowest is both);
 *     an ELF kernel at its physical addresses;
 *   - each module, in command-line order, then the initrd, at the next free 2 MiB boundary after
 *     the kernel's end (all within the kernel's 1 GiB-aligned 32 GiB window, as booting.rst wants);
 *   - the device tree where versal_dtb_place puts it (the highest free 2 MiB block of DDR low),
 *     with /chosen filled by versal_dtb_add_chosen (models/versal/dtb.h).
 */
#ifndef A72SIM_BOOT_BOOT_H
#define A72SIM_BOOT_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "loader.h"

#define BOOT_MAX_MODULES 16
#define BOOT_ALIGN (2ull << 20)          /* modules and initrd start on 2 MiB boundaries */
#define BOOT_MAX_KERNEL (512ull << 20)   /* a decompressed Image larger than this is refused */

struct boot_module {
    const char *path;
    const char *args;     /* its command line ("bootargs" of its node), or NULL */
    const char *type;     /* kernel, ramdisk, xsm, device-tree, another name, or NULL */
    uint64_t addr, size;  /* where it was placed (boot_load) */
};

struct boot_config {
    const char *kernel;   /* --kernel, or NULL */
    const char *initrd;   /* --initrd, or NULL */
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned nmodules;
    bool have_entry;      /* --entry given */
    uint64_t entry;
    /* Filled by boot_load: */
    bool kernel_loaded;
    uint64_t kernel_entry;
    bool have_initrd;
    uint64_t initrd_start, initrd_end;
};

/* Parse a --module value `FILE[,type=NAME][,args=STRING]` into m. args= takes the rest of the
 * value, commas included, so it comes last. False with a message in err. The strings point into
 * value, which is modified. */
bool boot_parse_module(char *value, struct boot_module *m, char *err, size_t errlen);

/* Load the kernel, the modules and the initrd of bc into b (RAM from ram_base, ram_size bytes),
 * refusing overlaps with what l holds already. Everything is checked before anything is written.
 * False with one line in l->err. */
bool boot_load(struct boot_config *bc, struct loader *l, struct bus *b, uint64_t ram_base, uint64_t ram_size);

#endif
