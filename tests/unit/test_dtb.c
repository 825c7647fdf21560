/* The board's device tree (models/versal/dtb.c), read back with libfdt.
 *
 * Expectations come from the bindings the nodes claim (Linux's Documentation/devicetree:
 * arm,gic-v3 with #interrupt-cells 3 = type, number, flags, PPI numbers being INTID - 16;
 * arm,armv8-timer's interrupt order secure, non-secure, virtual, hypervisor; arm,pl011; psci)
 * and from the board's map in docs/board.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "versal/dtb.h"

static void *blob;

static void *build(unsigned ncpus, uint64_t ddr, const char *bootargs)
{
    struct versal_config cfg = { .ncpus = ncpus, .ddr_size = ddr };
    size_t size = 0;
    void *b = versal_dtb_create(&cfg, bootargs, &size);
    assert_non_null(b);
    assert_int_equal(fdt_check_header(b), 0);
    assert_int_equal(fdt_totalsize(b), size);
    return b;
}

static int teardown(void **state) { (void)state; free(blob); blob = NULL; return 0; }

static int node(const char *path)
{
    int off = fdt_path_offset(blob, path);
    assert_true(off >= 0);
    return off;
}

/* Property name of node as big-endian cells, compared with the expected ones. */
static void assert_cells(int off, const char *name, const uint32_t *want, unsigned n)
{
    int len;
    const fdt32_t *p = fdt_getprop(blob, off, name, &len);
    assert_non_null(p);
    assert_int_equal(len, (int)(n * 4));
    for (unsigned k = 0; k < n; k++)
        assert_int_equal(fdt32_to_cpu(p[k]), want[k]);
}
#define ASSERT_CELLS(off, name, ...)                                                                 \
    assert_cells(off, name, (const uint32_t[]){ __VA_ARGS__ },                                       \
                 sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static void assert_string(int off, const char *name, const char *want)
{
    const char *p = fdt_getprop(blob, off, name, NULL);
    assert_non_null(p);
    assert_string_equal(p, want);
}

static void test_two_cores_3g(void **state)
{
    (void)state;
    blob = build(2, 3ull << 30, "console=ttyAMA0 earlycon");
    int root = node("/");
    ASSERT_CELLS(root, "#address-cells", 2);
    ASSERT_CELLS(root, "#size-cells", 2);

    int cpus = node("/cpus");
    ASSERT_CELLS(cpus, "#address-cells", 1);
    int n = 0, off;
    fdt_for_each_subnode(off, blob, cpus) {
        assert_int_equal(fdt_node_check_compatible(blob, off, "arm,cortex-a72"), 0);
        assert_string(off, "device_type", "cpu");
        assert_string(off, "enable-method", "psci");
        ASSERT_CELLS(off, "reg", (uint32_t)n); /* MPIDR Aff0 = the core number */
        n++;
    }
    assert_int_equal(n, 2);

    /* 2 GiB of DDR low at 0, the third GiB at DDR high 0x8_0000_0000 */
    int mem = node("/memory@0");
    assert_string(mem, "device_type", "memory");
    ASSERT_CELLS(mem, "reg", 0, 0, 0, 0x80000000u, 0x8, 0, 0, 0x40000000u);

    int gic = fdt_node_offset_by_compatible(blob, -1, "arm,gic-v3");
    assert_true(gic >= 0);
    assert_non_null(fdt_getprop(blob, gic, "interrupt-controller", NULL));
    ASSERT_CELLS(gic, "#interrupt-cells", 3);
    ASSERT_CELLS(gic, "reg", 0, 0xf9000000u, 0, 0x10000, 0, 0xf9080000u, 0, 2 * 0x20000);
    ASSERT_CELLS(gic, "interrupts", 1, 25 - 16, 4);  /* maintenance: INTID 25, level high */
    ASSERT_CELLS(root, "interrupt-parent", fdt_get_phandle(blob, gic));
    assert_true(fdt_get_phandle(blob, gic) != 0);

    int timer = fdt_node_offset_by_compatible(blob, -1, "arm,armv8-timer");
    assert_true(timer >= 0);
    ASSERT_CELLS(timer, "interrupts", 1, 29 - 16, 4, 1, 30 - 16, 4, 1, 27 - 16, 4, 1, 26 - 16, 4);

    int psci = fdt_node_offset_by_compatible(blob, -1, "arm,psci-0.2");
    assert_true(psci >= 0);
    assert_int_equal(fdt_node_check_compatible(blob, psci, "arm,psci-1.0"), 0);
    assert_string(psci, "method", "smc");

    int chosen = node("/chosen");
    assert_string(chosen, "bootargs", "console=ttyAMA0 earlycon");
    const char *stdout_path = fdt_getprop(blob, chosen, "stdout-path", NULL);
    assert_non_null(stdout_path);
    assert_int_equal(strncmp(stdout_path, "serial0", 7), 0);

    /* The aliases lead to the PL011s, with their SPIs and a clock. */
    static const uint32_t base[2] = { 0xff000000u, 0xff010000u };
    for (unsigned u = 0; u < 2; u++) {
        const char *path = fdt_get_alias(blob, u ? "serial1" : "serial0");
        assert_non_null(path);
        int uart = node(path);
        assert_int_equal(fdt_node_check_compatible(blob, uart, "arm,pl011"), 0);
        ASSERT_CELLS(uart, "reg", 0, base[u], 0, 0x1000);
        ASSERT_CELLS(uart, "interrupts", 0, 18 + u, 4);
        int len;
        const fdt32_t *clk = fdt_getprop(blob, uart, "clocks", &len);
        assert_non_null(clk);
        int clock = fdt_node_offset_by_phandle(blob, fdt32_to_cpu(clk[0]));
        assert_true(clock >= 0);
        assert_non_null(fdt_getprop(blob, clock, "clock-frequency", NULL));
    }
}

static void test_one_core_no_bootargs(void **state)
{
    (void)state;
    blob = build(1, 512u << 20, NULL);
    int cpus = node("/cpus"), n = 0, off;
    fdt_for_each_subnode(off, blob, cpus)
        n++;
    assert_int_equal(n, 1);
    ASSERT_CELLS(node("/memory@0"), "reg", 0, 0, 0, 512u << 20);
    int gic = fdt_node_offset_by_compatible(blob, -1, "arm,gic-v3");
    ASSERT_CELLS(gic, "reg", 0, 0xf9000000u, 0, 0x10000, 0, 0xf9080000u, 0, 0x20000);
    assert_null(fdt_getprop(blob, node("/chosen"), "bootargs", NULL));
}

/* The blob goes to the start of the highest 2 MiB block of DDR low where its bytes overlap no
 * loaded image. */
static void test_placement(void **state)
{
    (void)state;
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 64u << 20 };
    struct loader l;
    loader_init(&l);
    uint64_t addr;
    assert_true(versal_dtb_place(&cfg, &l, 0x3000, &addr));
    assert_int_equal(addr, (64u << 20) - (2u << 20));
    l.ranges[l.count++] = (struct load_range){ .base = (62u << 20) + 0x100, .size = 0x10, .file = "x" };
    l.ranges[l.count++] = (struct load_range){ .base = (60u << 20) + 0x2000, .size = 0x100, .file = "y" };
    assert_true(versal_dtb_place(&cfg, &l, 0x3000, &addr));
    assert_int_equal(addr, 58u << 20);
    l.ranges[l.count++] = (struct load_range){ .base = 0, .size = 60u << 20, .file = "z" };
    assert_false(versal_dtb_place(&cfg, &l, 0x3000, &addr));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_two_cores_3g, teardown),
        cmocka_unit_test_teardown(test_one_core_no_bootargs, teardown),
        cmocka_unit_test(test_placement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
