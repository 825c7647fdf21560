#include "dtb.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/timer.h"
#include "gic/gic.h"

#define PHANDLE_GIC 1
#define PHANDLE_UART_CLK 2
#define UART_CLK_HZ 100000000u

/* Interrupt specifiers of the "arm,gic-v3" binding: type, number, flags. */
#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_LEVEL_HIGH 4
#define PPI(intid) GIC_PPI, (intid) - 16, IRQ_LEVEL_HIGH

static int prop_cells(void *fdt, const char *name, const uint32_t *cells, unsigned n)
{
    fdt32_t be[16];
    for (unsigned k = 0; k < n; k++)
        be[k] = cpu_to_fdt32(cells[k]);
    return fdt_property(fdt, name, be, (int)(n * sizeof(fdt32_t)));
}
#define PROP_CELLS(fdt, name, ...)                                                               \
    prop_cells(fdt, name, (const uint32_t[]){ __VA_ARGS__ },                                     \
               sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))
#define HI(x) (uint32_t)((uint64_t)(x) >> 32)
#define LO(x) (uint32_t)(x)

/* A string-list property: the strings with their NULs, given as one literal "a\0b". */
static int prop_strings(void *fdt, const char *name, const char *list, size_t len)
{
    return fdt_property(fdt, name, list, (int)len);
}
#define PROP_STRINGS(fdt, name, lit) prop_strings(fdt, name, lit, sizeof(lit))

static int add_uart(void *fdt, uint64_t base, unsigned spi)
{
    char name[32];
    snprintf(name, sizeof(name), "serial@%llx", (unsigned long long)base);
    int err = fdt_begin_node(fdt, name);
    err |= PROP_STRINGS(fdt, "compatible", "arm,pl011\0arm,primecell");
    err |= PROP_CELLS(fdt, "reg", HI(base), LO(base), 0, 0x1000);
    err |= PROP_CELLS(fdt, "interrupts", GIC_SPI, spi, IRQ_LEVEL_HIGH);
    err |= PROP_CELLS(fdt, "clocks", PHANDLE_UART_CLK, PHANDLE_UART_CLK);
    err |= PROP_STRINGS(fdt, "clock-names", "uartclk\0apb_pclk");
    err |= fdt_property_u32(fdt, "current-speed", 115200);
    return err | fdt_end_node(fdt);
}

static int build(void *fdt, size_t bufsize, const struct versal_config *cfg, const char *bootargs)
{
    unsigned ncpus = cfg->ncpus ? cfg->ncpus : 2;
    uint64_t low = cfg->ddr_size < VERSAL_DDR_LOW_MAX ? cfg->ddr_size : VERSAL_DDR_LOW_MAX;
    uint64_t high = cfg->ddr_size - low;
    char name[48];

    int err = fdt_create(fdt, (int)bufsize);
    err |= fdt_finish_reservemap(fdt);
    err |= fdt_begin_node(fdt, "");
    err |= PROP_STRINGS(fdt, "compatible", "xlnx,versal");
    err |= fdt_property_string(fdt, "model", "Xilinx Versal APU (a72sim)");
    err |= fdt_property_u32(fdt, "#address-cells", 2);
    err |= fdt_property_u32(fdt, "#size-cells", 2);
    err |= fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC);

    err |= fdt_begin_node(fdt, "aliases");
    snprintf(name, sizeof(name), "/serial@%llx", (unsigned long long)VERSAL_UART0_BASE);
    err |= fdt_property_string(fdt, "serial0", name);
    snprintf(name, sizeof(name), "/serial@%llx", (unsigned long long)VERSAL_UART1_BASE);
    err |= fdt_property_string(fdt, "serial1", name);
    err |= fdt_end_node(fdt);

    err |= fdt_begin_node(fdt, "chosen");
    err |= fdt_property_string(fdt, "stdout-path", "serial0:115200n8");
    if (bootargs)
        err |= fdt_property_string(fdt, "bootargs", bootargs);
    err |= fdt_end_node(fdt);

    err |= fdt_begin_node(fdt, "cpus");
    err |= fdt_property_u32(fdt, "#address-cells", 1);
    err |= fdt_property_u32(fdt, "#size-cells", 0);
    for (unsigned n = 0; n < ncpus; n++) {
        uint32_t affinity = (uint32_t)(VERSAL_MPIDR(n) & 0xffffff); /* MPIDR Aff2..Aff0 */
        snprintf(name, sizeof(name), "cpu@%x", affinity);
        err |= fdt_begin_node(fdt, name);
        err |= fdt_property_string(fdt, "device_type", "cpu");
        err |= fdt_property_string(fdt, "compatible", "arm,cortex-a72");
        err |= fdt_property_u32(fdt, "reg", affinity);
        err |= fdt_property_string(fdt, "enable-method", "psci");
        err |= fdt_end_node(fdt);
    }
    err |= fdt_end_node(fdt);

    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)VERSAL_DDR_LOW_BASE);
    err |= fdt_begin_node(fdt, name);
    err |= fdt_property_string(fdt, "device_type", "memory");
    if (high)
        err |= PROP_CELLS(fdt, "reg", HI(VERSAL_DDR_LOW_BASE), LO(VERSAL_DDR_LOW_BASE), HI(low), LO(low),
                          HI(VERSAL_DDR_HIGH_BASE), LO(VERSAL_DDR_HIGH_BASE), HI(high), LO(high));
    else
        err |= PROP_CELLS(fdt, "reg", HI(VERSAL_DDR_LOW_BASE), LO(VERSAL_DDR_LOW_BASE), HI(low), LO(low));
    err |= fdt_end_node(fdt);

    err |= fdt_begin_node(fdt, "psci");
    err |= PROP_STRINGS(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2");
    err |= fdt_property_string(fdt, "method", "smc");
    err |= fdt_end_node(fdt);

    snprintf(name, sizeof(name), "interrupt-controller@%llx", (unsigned long long)VERSAL_GICD_BASE);
    err |= fdt_begin_node(fdt, name);
    err |= fdt_property_string(fdt, "compatible", "arm,gic-v3");
    err |= fdt_property_u32(fdt, "#interrupt-cells", 3);
    err |= fdt_property_u32(fdt, "#address-cells", 0); /* no ITS child nodes */
    err |= fdt_property(fdt, "interrupt-controller", NULL, 0);
    uint64_t gicr_size = (uint64_t)ncpus * GICR_FRAME_SIZE;
    err |= PROP_CELLS(fdt, "reg", HI(VERSAL_GICD_BASE), LO(VERSAL_GICD_BASE), 0, GICD_SIZE,
                      HI(VERSAL_GICR_BASE), LO(VERSAL_GICR_BASE), HI(gicr_size), LO(gicr_size));
    err |= PROP_CELLS(fdt, "interrupts", PPI(25)); /* the virtual CPU interface's maintenance interrupt */
    err |= fdt_property_u32(fdt, "phandle", PHANDLE_GIC);
    err |= fdt_end_node(fdt);

    /* The binding's order: secure physical, non-secure physical, virtual, hypervisor physical. */
    err |= fdt_begin_node(fdt, "timer");
    err |= fdt_property_string(fdt, "compatible", "arm,armv8-timer");
    err |= PROP_CELLS(fdt, "interrupts", PPI(VERSAL_PPI_CNTPS), PPI(VERSAL_PPI_CNTP), PPI(VERSAL_PPI_CNTV),
                      PPI(VERSAL_PPI_CNTHP));
    err |= fdt_end_node(fdt);

    /* The cores' PMUs, one PPI for both (Linux's arm,cortex-a72-pmu binding). */
    err |= fdt_begin_node(fdt, "pmu");
    err |= fdt_property_string(fdt, "compatible", "arm,cortex-a72-pmu");
    err |= PROP_CELLS(fdt, "interrupts", PPI(VERSAL_PPI_PMU));
    err |= fdt_end_node(fdt);

    err |= fdt_begin_node(fdt, "uart-clock");
    err |= fdt_property_string(fdt, "compatible", "fixed-clock");
    err |= fdt_property_u32(fdt, "#clock-cells", 0);
    err |= fdt_property_u32(fdt, "clock-frequency", UART_CLK_HZ);
    err |= fdt_property_u32(fdt, "phandle", PHANDLE_UART_CLK);
    err |= fdt_end_node(fdt);

    err |= add_uart(fdt, VERSAL_UART0_BASE, 18);
    err |= add_uart(fdt, VERSAL_UART1_BASE, 19);

    err |= fdt_end_node(fdt);
    err |= fdt_finish(fdt);
    return err;
}

void *versal_dtb_create(const struct versal_config *cfg, const char *bootargs, size_t *size)
{
    size_t bufsize = 16384 + (bootargs ? strlen(bootargs) : 0);
    void *fdt = malloc(bufsize);
    if (!fdt)
        return NULL;
    if (build(fdt, bufsize, cfg, bootargs) != 0) {
        free(fdt);
        return NULL;
    }
    *size = fdt_totalsize(fdt);
    return fdt;
}

bool versal_dtb_place(const struct versal_config *cfg, const struct loader *l, size_t size, uint64_t *addr)
{
    uint64_t low = cfg->ddr_size < VERSAL_DDR_LOW_MAX ? cfg->ddr_size : VERSAL_DDR_LOW_MAX;
    if (size > VERSAL_DTB_ALIGN || low < VERSAL_DTB_ALIGN)
        return false;
    for (uint64_t base = VERSAL_DDR_LOW_BASE + ((low - size) & ~(VERSAL_DTB_ALIGN - 1));; base -= VERSAL_DTB_ALIGN) {
        bool free_block = true;
        for (unsigned n = 0; n < l->count; n++)
            if (l->ranges[n].base < base + size && base < l->ranges[n].base + l->ranges[n].size)
                free_block = false;
        if (free_block) {
            *addr = base;
            return true;
        }
        if (base < VERSAL_DDR_LOW_BASE + VERSAL_DTB_ALIGN)
            return false;
    }
}

/* A "multiboot,module" node under /chosen (Xen's docs/misc/arm/device-tree/booting.txt): the
 * type's own compatible first, then the generic one; no type leaves the order of the modules to
 * tell (Xen: the first is the kernel, the second the ramdisk). */
static int add_module(void *fdt, int chosen, const struct boot_module *m)
{
    char name[40], compat[96];
    snprintf(name, sizeof(name), "module@%llx", (unsigned long long)m->addr);
    int node = fdt_add_subnode(fdt, chosen, name);
    if (node < 0)
        return node;
    size_t n = 0;
    if (m->type) {
        const char *first = strcmp(m->type, "xsm") == 0 ? "xen,xsm-policy" : NULL;
        if (first)
            n = (size_t)snprintf(compat, sizeof(compat), "%s", first) + 1;
        else
            n = (size_t)snprintf(compat, sizeof(compat), "multiboot,%s", m->type) + 1;
        if (n >= sizeof(compat) - 20)
            return -FDT_ERR_BADVALUE;
    }
    memcpy(compat + n, "multiboot,module", sizeof("multiboot,module"));
    n += sizeof("multiboot,module");
    fdt32_t reg[4] = { cpu_to_fdt32(HI(m->addr)), cpu_to_fdt32(LO(m->addr)), cpu_to_fdt32(HI(m->size)),
                       cpu_to_fdt32(LO(m->size)) };
    int err = fdt_setprop(fdt, node, "compatible", compat, (int)n);
    if (!err)
        err = fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
    if (!err && m->args)
        err = fdt_setprop_string(fdt, node, "bootargs", m->args);
    return err;
}

static int add_chosen(void *fdt, const struct boot_config *bc, const char *bootargs)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen == -FDT_ERR_NOTFOUND)
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    if (chosen < 0)
        return chosen;
    int err = 0;
    if (bootargs)
        err = fdt_setprop_string(fdt, chosen, "bootargs", bootargs);
    if (!err && bc->have_initrd) {
        err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", bc->initrd_start);
        if (!err)
            err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", bc->initrd_end);
    }
    if (!err && bc->nmodules) {
        err = fdt_setprop_u32(fdt, chosen, "#address-cells", 2);
        if (!err)
            err = fdt_setprop_u32(fdt, chosen, "#size-cells", 2);
    }
    for (unsigned n = 0; !err && n < bc->nmodules; n++)
        err = add_module(fdt, chosen, &bc->modules[n]);
    return err;
}

bool versal_dtb_add_chosen(const struct boot_config *bc, const char *bootargs, void **fdt, size_t *size)
{
    size_t need = *size + 1024 + (bootargs ? strlen(bootargs) : 0);
    for (unsigned n = 0; n < bc->nmodules; n++)
        need += 256 + (bc->modules[n].args ? strlen(bc->modules[n].args) : 0) +
                (bc->modules[n].type ? strlen(bc->modules[n].type) : 0);
    void *grown = malloc(need);
    if (!grown || fdt_open_into(*fdt, grown, (int)need) != 0 || add_chosen(grown, bc, bootargs) != 0 ||
        fdt_pack(grown) != 0) {
        free(grown);
        return false;
    }
    free(*fdt);
    *fdt = grown;
    *size = fdt_totalsize(grown);
    return true;
}
