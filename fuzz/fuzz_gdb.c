/* libFuzzer target: the GDB stub's packet handler (sim/gdb/gdb_stub.c) on random byte streams, with
 * a small two-core machine running a loop that stores to memory. Everything the stub sends must be
 * an acknowledgement or a well-framed packet with the right checksum; a resume runs at most a few
 * thousand instructions in all (the rest of the input is then ignored). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb/gdb_stub.h"
#include "machine.h"
#include "versal/versal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE (16u << 20)
#define ENTRY 0x200000u
#define MAX_INSNS 20000

static void check_output(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    const char *p = data;
    if (len == 1 && (p[0] == '+' || p[0] == '-'))
        return;
    if (len < 4 || p[0] != '$' || p[len - 3] != '#')
        abort();
    unsigned sum = 0;
    for (size_t n = 1; n < len - 3; n++) {
        if (p[n] == '$' || p[n] == '#')
            abort(); /* unescaped framing characters inside a packet */
        sum += (unsigned char)p[n];
    }
    char cs[3];
    snprintf(cs, sizeof(cs), "%02x", sum & 0xff);
    if (memcmp(cs, p + len - 2, 2) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null_out;
    if (!null_out)
        null_out = fopen("/dev/null", "w");
    if (size > 65536)
        return 0;
    struct versal_config cfg = { .ncpus = 2, .ddr_size = RAM_SIZE, .uart0_out = null_out, .uart1_out = null_out };
    struct machine *m = versal_create(&cfg);
    if (!m)
        return 0;
    m->out = null_out;
    m->log = null_out;
    /* x1 = 0x300000; loop: x0 += 1; [x1] = x0; b loop */
    static const uint32_t program[] = { 0xD2A00601, 0x91000400, 0xF9000020, 0x17FFFFFE };
    if (!machine_write_phys(m, ENTRY, program, sizeof(program)))
        abort();
    versal_boot(m, ENTRY, false, 0);
    struct gdb_stub_config sc = { .write = check_output, .max_insns = MAX_INSNS };
    struct gdb_stub *s = gdb_stub_create(m, &sc);
    if (s) {
        (void)gdb_stub_feed(s, data, size);
        gdb_stub_destroy(s);
    }
    machine_destroy(m);
    return 0;
}
