/* The physical address space: RAM regions backed by host memory and devices behind callbacks.
 *
 * An address no region claims is not an error of the simulator: the caller turns a failed access
 * into the external abort the hardware would raise.
 */
#ifndef A72SIM_BUS_H
#define A72SIM_BUS_H

#include <stdbool.h>
#include <stdint.h>

struct code_page;

/* What an access carries besides its address and size. */
struct bus_attrs {
    bool secure; /* the Secure physical address space (the translation's NS bit clear) */
    bool debug;  /* a debugger's or observer's access: it must not change the device's state. A
                  * device refuses (returns false) a debug read that would have a side effect
                  * (a FIFO pop, an interrupt acknowledge) and every debug write. */
};
#define BUS_SECURE ((struct bus_attrs){ .secure = true })
#define BUS_NONSECURE ((struct bus_attrs){ .secure = false })

/* A device answers accesses of 1, 2, 4 or 8 bytes at an offset into its region. Returning false
 * signals an external abort (for example an access size the device does not support). */
struct device_ops {
    bool (*read)(void *opaque, uint64_t offset, unsigned size, uint64_t *value, struct bus_attrs attrs);
    bool (*write)(void *opaque, uint64_t offset, unsigned size, uint64_t value, struct bus_attrs attrs);
};

struct bus_region {
    uint64_t base, size;
    const char *name;
    uint8_t *ram;                 /* host memory of a RAM region; NULL for a device */
    struct code_page **code;      /* RAM only: decoded instructions per 4 KiB page, or NULL */
    struct code_page *code_list;  /* the same pages, chained, to visit only those that exist */
    const struct device_ops *ops; /* device only */
    void *opaque;
};

#define BUS_MAX_REGIONS 32

struct bus {
    struct bus_region regions[BUS_MAX_REGIONS]; /* sorted by base, never overlapping */
    unsigned count;
    struct bus_region *last;                    /* one-entry lookup cache */
};

void bus_init(struct bus *b);
void bus_free(struct bus *b);
/* Map size bytes of zeroed RAM at base; returns false if it overlaps a region or memory is short. */
bool bus_add_ram(struct bus *b, const char *name, uint64_t base, uint64_t size);
bool bus_add_device(struct bus *b, const char *name, uint64_t base, uint64_t size,
                    const struct device_ops *ops, void *opaque);

/* The region that holds pa, or NULL. */
struct bus_region *bus_find(struct bus *b, uint64_t pa);

/* Host pointer to [pa, pa + len) when it lies in one RAM region, else NULL. */
uint8_t *bus_ram_ptr(struct bus *b, uint64_t pa, uint64_t len);

/* Secure physical accesses for everything that is not an instruction (tests, device DMA).
 * Little-endian. False for unmapped addresses and device errors. */
bool bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *value) __attribute__((warn_unused_result));
bool bus_write(struct bus *b, uint64_t pa, unsigned size, uint64_t value) __attribute__((warn_unused_result));
/* The same with explicit attributes. */
bool bus_read_attrs(struct bus *b, uint64_t pa, unsigned size, uint64_t *value, struct bus_attrs attrs)
    __attribute__((warn_unused_result));
bool bus_write_attrs(struct bus *b, uint64_t pa, unsigned size, uint64_t value, struct bus_attrs attrs)
    __attribute__((warn_unused_result));

#endif
