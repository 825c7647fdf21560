/* Booting a kernel (sim/boot/): the arm64 Image header, gzip, --module values, where the kernel,
 * modules and initrd go, and what /chosen tells the kernel (models/versal/dtb.c).
 *
 * Expectations come from Linux's Documentation/arm64/booting.rst (header layout: code0, code1,
 * text_offset, image_size, flags, res2-4, magic "ARM\x64" at 56; flags bit 0 endianness, bits 2:1
 * page size, bit 3 placement; image_size 0 meaning text_offset 0x80000) and Xen's
 * docs/misc/arm/device-tree/booting.txt (module nodes, compatibles, reg, bootargs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>
#include <zlib.h>

#include "boot/boot.h"
#include "boot/image.h"
#include "versal/dtb.h"

#define RAM (64ull << 20)

static void put64(uint8_t *p, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

/* An Image of len bytes with this header; byte k of the body is k * 7. */
static uint8_t *make_image(size_t len, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
    uint8_t *d = calloc(1, len);
    assert_non_null(d);
    for (size_t k = 64; k < len; k++)
        d[k] = (uint8_t)(k * 7);
    put64(d + 8, text_offset);
    put64(d + 16, image_size);
    put64(d + 24, flags);
    memcpy(d + 56, "ARM\x64", 4);
    return d;
}

static void test_image_header(void **state)
{
    (void)state;
    char err[200];
    struct arm64_image_header h;
    uint8_t *d = make_image(0x3000, 0, 0x10000, 0xa); /* LE, 4K pages, anywhere */
    assert_true(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    assert_int_equal(h.text_offset, 0);
    assert_int_equal(h.image_size, 0x10000);
    assert_false(h.big_endian);
    assert_int_equal(h.page_size, ARM64_PAGE_4K);
    assert_true(h.place_anywhere);

    put64(d + 24, 3u << 1); /* 64K pages, as low as possible */
    put64(d + 8, 0x80000);
    assert_true(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    assert_int_equal(h.page_size, ARM64_PAGE_64K);
    assert_false(h.place_anywhere);
    assert_int_equal(h.text_offset, 0x80000);

    put64(d + 16, 0); /* image_size 0: an old kernel, text_offset 0x80000, size = the file's */
    put64(d + 8, 0x1000);
    assert_true(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    assert_int_equal(h.text_offset, 0x80000);
    assert_int_equal(h.image_size, 0x3000);

    put64(d + 16, 0x10000);
    put64(d + 24, 1); /* big-endian */
    assert_false(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    assert_non_null(strstr(err, "big-endian"));
    put64(d + 24, 2u << 1); /* 16K pages */
    assert_false(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    assert_non_null(strstr(err, "16K"));
    put64(d + 24, 0);
    put64(d + 16, 0x100); /* image_size smaller than the file */
    assert_false(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    put64(d + 16, 0x10000);
    put64(d + 8, 0x123); /* text_offset not page-aligned */
    assert_false(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    put64(d + 8, 0);
    d[56] = 'X';
    assert_false(arm64_image_is_image(d, 0x3000));
    assert_false(arm64_image_parse(d, 0x3000, &h, err, sizeof(err)));
    assert_false(arm64_image_is_image(d, 40)); /* shorter than a header */
    free(d);
}

static uint8_t *gzip_bytes(const uint8_t *data, size_t len, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, len) + 64;
    uint8_t *out = malloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *outlen = z.total_out;
    deflateEnd(&z);
    return out;
}

static void test_gzip(void **state)
{
    (void)state;
    char err[200];
    size_t n = 3u << 20, zlen, outlen;
    uint8_t *data = make_image(n, 0, n, 0xa), *out;
    uint8_t *z = gzip_bytes(data, n, &zlen);
    assert_true(gzip_is_gzip(z, zlen));
    assert_false(gzip_is_gzip(data, n));
    assert_true(gzip_inflate(z, zlen, 16u << 20, &out, &outlen, err, sizeof(err)));
    assert_int_equal(outlen, n);
    assert_memory_equal(out, data, n);
    free(out);
    /* Larger than allowed; truncated; damaged. */
    assert_false(gzip_inflate(z, zlen, 1u << 20, &out, &outlen, err, sizeof(err)));
    assert_non_null(strstr(err, "more than"));
    assert_false(gzip_inflate(z, zlen / 2, 16u << 20, &out, &outlen, err, sizeof(err)));
    assert_non_null(strstr(err, "truncated"));
    z[zlen / 2] ^= 0xff;
    z[zlen / 2 + 1] ^= 0x55;
    assert_false(gzip_inflate(z, zlen, 16u << 20, &out, &outlen, err, sizeof(err)));
    free(z);
    free(data);
}

static void test_parse_module(void **state)
{
    (void)state;
    char err[200];
    struct boot_module m;
    char v1[] = "vmlinuz,type=kernel,args=console=hvc0 root=/dev/ram0,rw";
    assert_true(boot_parse_module(v1, &m, err, sizeof(err)));
    assert_string_equal(m.path, "vmlinuz");
    assert_string_equal(m.type, "kernel");
    assert_string_equal(m.args, "console=hvc0 root=/dev/ram0,rw"); /* args= takes the rest */
    char v2[] = "initrd.gz";
    assert_true(boot_parse_module(v2, &m, err, sizeof(err)));
    assert_string_equal(m.path, "initrd.gz");
    assert_null(m.type);
    assert_null(m.args);
    char v3[] = "a.bin,args=x";
    assert_true(boot_parse_module(v3, &m, err, sizeof(err)));
    assert_null(m.type);
    assert_string_equal(m.args, "x");
    char v4[] = "a.bin,size=3";
    assert_false(boot_parse_module(v4, &m, err, sizeof(err)));
    assert_non_null(strstr(err, "size=3"));
    char v5[] = ",type=kernel";
    assert_false(boot_parse_module(v5, &m, err, sizeof(err)));
    char v6[] = "a.bin,type=";
    assert_false(boot_parse_module(v6, &m, err, sizeof(err)));
}

static char *write_tmp(const char *name, const uint8_t *data, size_t len)
{
    static char paths[8][64];
    static unsigned next;
    char *p = paths[next++ % 8];
    snprintf(p, 64, "/tmp/a72sim-test-boot-%d-%s", (int)getpid(), name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return p;
}

/* A 64-bit property (properties are only 4-byte aligned in a blob). */
static uint64_t prop_u64(const void *fdt, int node, const char *name)
{
    int len;
    const void *p = fdt_getprop(fdt, node, name, &len);
    assert_non_null(p);
    assert_int_equal(len, 8);
    fdt64_t v;
    memcpy(&v, p, 8);
    return fdt64_to_cpu(v);
}

/* Kernel Image (gzip-compressed), two modules and an initrd: placed in order on 2 MiB
 * boundaries after the kernel's image_size; /chosen describes them. */
static void test_load_and_chosen(void **state)
{
    (void)state;
    struct bus b;
    bus_init(&b);
    assert_true(bus_add_ram(&b, "ddr", 0, RAM));
    struct loader l;
    loader_init(&l);
    /* Something already at 0x100000: the Image's base moves to the next 2 MiB boundary. */
    l.ranges[l.count++] = (struct load_range){ .base = 0x100000, .size = 0x10, .file = "other" };

    size_t klen = 0x5000, zlen;
    uint8_t *kernel = make_image(klen, 0x80000, 0x300000, 0xa);
    uint8_t *kz = gzip_bytes(kernel, klen, &zlen);
    uint8_t mod1[100], mod2[0x1234], rd[77];
    memset(mod1, 0x11, sizeof(mod1));
    memset(mod2, 0x22, sizeof(mod2));
    memset(rd, 0x33, sizeof(rd));
    struct boot_config bc = { .kernel = write_tmp("Image.gz", kz, zlen), .initrd = write_tmp("rd", rd, sizeof(rd)) };
    bc.modules[0] = (struct boot_module){ .path = write_tmp("m1", mod1, sizeof(mod1)), .type = "kernel",
                                          .args = "console=hvc0" };
    bc.modules[1] = (struct boot_module){ .path = write_tmp("m2", mod2, sizeof(mod2)), .type = "xsm" };
    bc.nmodules = 2;
    assert_true(boot_load(&bc, &l, &b, 0, RAM));
    assert_true(bc.kernel_loaded);
    assert_int_equal(bc.kernel_entry, 0x200000 + 0x80000);
    assert_memory_equal(bus_ram_ptr(&b, 0x280000, klen), kernel, klen);
    /* image_size end = 0x580000: the first module at 0x600000, the next after it. */
    assert_int_equal(bc.modules[0].addr, 0x600000);
    assert_int_equal(bc.modules[0].size, sizeof(mod1));
    assert_int_equal(bc.modules[1].addr, 0x800000);
    assert_int_equal(bc.modules[1].size, sizeof(mod2));
    assert_memory_equal(bus_ram_ptr(&b, 0x800000, sizeof(mod2)), mod2, sizeof(mod2));
    assert_true(bc.have_initrd);
    assert_int_equal(bc.initrd_start, 0xa00000);
    assert_int_equal(bc.initrd_end, 0xa00000 + sizeof(rd));
    /* The Image's BSS (up to image_size) is claimed: nothing else may go there. */
    assert_false(loader_check_range(&l, &b, "x", 0x570000, 0x1000));

    struct versal_config cfg = { .ncpus = 1, .ddr_size = RAM };
    size_t size;
    void *fdt = versal_dtb_create(&cfg, NULL, &size);
    assert_non_null(fdt);
    assert_true(versal_dtb_add_chosen(&bc, "console=ttyAMA0", &fdt, &size));
    assert_int_equal(fdt_check_header(fdt), 0);
    assert_int_equal(fdt_totalsize(fdt), size);
    int chosen = fdt_path_offset(fdt, "/chosen");
    assert_true(chosen >= 0);
    assert_string_equal(fdt_getprop(fdt, chosen, "bootargs", NULL), "console=ttyAMA0");
    assert_string_equal(fdt_getprop(fdt, chosen, "stdout-path", NULL), "serial0:115200n8"); /* kept */
    int len;
    assert_int_equal(prop_u64(fdt, chosen, "linux,initrd-start"), 0xa00000);
    assert_int_equal(prop_u64(fdt, chosen, "linux,initrd-end"), 0xa00000 + sizeof(rd));
    const fdt32_t *p32 = fdt_getprop(fdt, chosen, "#address-cells", NULL);
    assert_int_equal(fdt32_to_cpu(*p32), 2);
    p32 = fdt_getprop(fdt, chosen, "#size-cells", NULL);
    assert_int_equal(fdt32_to_cpu(*p32), 2);

    int m1 = fdt_subnode_offset(fdt, chosen, "module@600000");
    assert_true(m1 >= 0);
    const char *compat = fdt_getprop(fdt, m1, "compatible", &len);
    assert_int_equal(len, (int)sizeof("multiboot,kernel\0multiboot,module"));
    assert_memory_equal(compat, "multiboot,kernel\0multiboot,module", (size_t)len);
    p32 = fdt_getprop(fdt, m1, "reg", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fdt32_to_cpu(p32[0]), 0);
    assert_int_equal(fdt32_to_cpu(p32[1]), 0x600000);
    assert_int_equal(fdt32_to_cpu(p32[2]), 0);
    assert_int_equal(fdt32_to_cpu(p32[3]), sizeof(mod1));
    assert_string_equal(fdt_getprop(fdt, m1, "bootargs", NULL), "console=hvc0");
    int m2 = fdt_subnode_offset(fdt, chosen, "module@800000");
    assert_true(m2 >= 0);
    compat = fdt_getprop(fdt, m2, "compatible", &len);
    assert_memory_equal(compat, "xen,xsm-policy\0multiboot,module", (size_t)len);
    assert_null(fdt_getprop(fdt, m2, "bootargs", NULL));
    free(fdt);

    for (unsigned n = 0; n < 2; n++)
        unlink(bc.modules[n].path);
    unlink(bc.kernel);
    unlink(bc.initrd);
    free(kz);
    free(kernel);
    bus_free(&b);
}

/* Refusals: a file that is neither Image nor ELF, an Image too large for RAM, an empty module. */
static void test_load_errors(void **state)
{
    (void)state;
    struct bus b;
    bus_init(&b);
    assert_true(bus_add_ram(&b, "ddr", 0, RAM));
    struct loader l;
    loader_init(&l);
    uint8_t junk[256] = { 1, 2, 3 };
    struct boot_config bc = { .kernel = write_tmp("junk", junk, sizeof(junk)) };
    assert_false(boot_load(&bc, &l, &b, 0, RAM));
    assert_non_null(strstr(l.err, "neither an arm64 Image"));
    unlink(bc.kernel);

    uint8_t *big = make_image(0x2000, 0, RAM, 0xa); /* image_size as large as all of RAM, at an offset */
    bc.kernel = write_tmp("big", big, 0x2000);
    l.ranges[l.count++] = (struct load_range){ .base = 0, .size = 0x10, .file = "other" };
    assert_false(boot_load(&bc, &l, &b, 0, RAM));
    assert_non_null(strstr(l.err, "no free"));
    unlink(bc.kernel);
    free(big);

    loader_init(&l);
    struct boot_config bm = { .nmodules = 1 };
    bm.modules[0].path = write_tmp("empty", junk, 0);
    assert_false(boot_load(&bm, &l, &b, 0, RAM));
    assert_non_null(strstr(l.err, "empty"));
    unlink(bm.modules[0].path);
    bus_free(&b);
}

/* A module without a type carries only "multiboot,module"; /chosen is created in a blob without one. */
static void test_chosen_untyped_module(void **state)
{
    (void)state;
    struct boot_config bc = { .nmodules = 1 };
    bc.modules[0] = (struct boot_module){ .path = "x", .addr = 0x812345000ull, .size = 0x100000001ull };
    void *fdt = malloc(256);
    assert_int_equal(fdt_create_empty_tree(fdt, 256), 0);
    size_t size = fdt_totalsize(fdt);
    assert_true(versal_dtb_add_chosen(&bc, NULL, &fdt, &size));
    int chosen = fdt_path_offset(fdt, "/chosen");
    assert_true(chosen >= 0);
    assert_null(fdt_getprop(fdt, chosen, "bootargs", NULL));
    assert_null(fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
    int mod = fdt_subnode_offset(fdt, chosen, "module@812345000");
    assert_true(mod >= 0);
    int len;
    const char *compat = fdt_getprop(fdt, mod, "compatible", &len);
    assert_int_equal(len, (int)sizeof("multiboot,module"));
    assert_string_equal(compat, "multiboot,module");
    const fdt32_t *reg = fdt_getprop(fdt, mod, "reg", &len);
    assert_int_equal(fdt32_to_cpu(reg[0]), 8);
    assert_int_equal(fdt32_to_cpu(reg[1]), 0x12345000);
    assert_int_equal(fdt32_to_cpu(reg[2]), 1);
    assert_int_equal(fdt32_to_cpu(reg[3]), 1);
    free(fdt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_header),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_parse_module),
        cmocka_unit_test(test_load_and_chosen),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_chosen_untyped_module),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
