/* The remote protocol's framing (sim/gdb/rsp.c): packets and their checksums as the GDB manual's
 * "Overview" of the remote protocol defines them ($data#cs, cs the modulo-256 sum of data in two hex
 * digits), acknowledgements, Ctrl-C, the binary escape ('}' then the byte XOR 0x20), hex fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdb/rsp.h"

/* Feed a string; the event of its last byte (each earlier one must be RSP_NONE). */
static enum rsp_event feed(struct rsp_reader *r, const char *s, size_t len)
{
    enum rsp_event e = RSP_NONE;
    for (size_t n = 0; n < len; n++) {
        assert_int_equal(e, RSP_NONE);
        e = rsp_feed(r, (uint8_t)s[n]);
    }
    return e;
}

static void test_packet_and_checksum(void **state)
{
    (void)state;
    static struct rsp_reader r;
    rsp_reader_init(&r);
    /* "g" is 0x67: the checksum is 67. */
    assert_int_equal(feed(&r, "$g#67", 5), RSP_PACKET);
    assert_int_equal(r.len, 1);
    assert_string_equal(r.buf, "g");
    /* 'm' 0x6d + '0' 0x30 + ',' 0x2c + '4' 0x34 = 0xfd; upper-case digits are accepted. */
    assert_int_equal(feed(&r, "$m0,4#FD", 8), RSP_PACKET);
    assert_string_equal(r.buf, "m0,4");
    assert_int_equal(feed(&r, "$m0,4#fc", 8), RSP_BAD_CHECKSUM);
    assert_int_equal(feed(&r, "$g#6z", 5), RSP_BAD_CHECKSUM);
    /* The empty packet: checksum 00. */
    assert_int_equal(feed(&r, "$#00", 4), RSP_PACKET);
    assert_int_equal(r.len, 0);
    /* A '$' inside a packet starts it again. */
    assert_int_equal(feed(&r, "$xyz$g#67", 9), RSP_PACKET);
    assert_string_equal(r.buf, "g");
}

static void test_outside_packets(void **state)
{
    (void)state;
    static struct rsp_reader r;
    rsp_reader_init(&r);
    assert_int_equal(rsp_feed(&r, '+'), RSP_ACK);
    assert_int_equal(rsp_feed(&r, '-'), RSP_NAK);
    assert_int_equal(rsp_feed(&r, 0x03), RSP_INTERRUPT);
    assert_int_equal(rsp_feed(&r, 'q'), RSP_NONE);
    /* Inside a packet the same bytes are data. */
    assert_int_equal(feed(&r, "$+-\x03#5b", 7), RSP_PACKET); /* 0x2b + 0x2d + 0x03 = 0x5b */
    assert_int_equal(r.len, 3);
}

static void test_overflow(void **state)
{
    (void)state;
    static struct rsp_reader r;
    static char big[RSP_PACKET_MAX + 10];
    rsp_reader_init(&r);
    memset(big, 'a', sizeof(big));
    big[0] = '$';
    assert_int_equal(feed(&r, big, sizeof(big)), RSP_NONE);
    assert_int_equal(feed(&r, "#00", 3), RSP_OVERFLOW);
    assert_int_equal(feed(&r, "$g#67", 5), RSP_PACKET); /* and it goes on */
}

static void test_frame_escape_hex(void **state)
{
    (void)state;
    char out[64];
    size_t n = rsp_frame(out, "OK", 2); /* 'O' 0x4f + 'K' 0x4b = 0x9a */
    assert_int_equal(n, 6);
    assert_memory_equal(out, "$OK#9a", 6);

    static const uint8_t raw[] = { '#', '$', '}', '*', 'a' };
    n = rsp_escape(out, raw, sizeof(raw));
    assert_int_equal(n, 9);
    assert_memory_equal(out, "}\x03}\x04}]}\x0a" "a", 9);
    long back = rsp_unescape(out, n);
    assert_int_equal(back, sizeof(raw));
    assert_memory_equal(out, raw, sizeof(raw));
    char cut[] = "ab}";
    assert_int_equal(rsp_unescape(cut, 3), -1);

    uint8_t bytes[3] = { 0x00, 0xab, 0xff };
    rsp_hex_encode(out, bytes, 3);
    assert_memory_equal(out, "00abff", 6);
    uint8_t dec[3];
    assert_true(rsp_hex_decode(dec, "00ABff", 3));
    assert_memory_equal(dec, bytes, 3);
    assert_false(rsp_hex_decode(dec, "0g", 1));

    const char *p = "1f,";
    uint64_t v;
    assert_true(rsp_parse_hex(&p, &v));
    assert_int_equal(v, 0x1f);
    assert_int_equal(*p, ',');
    p = "ffffffffffffffff";
    assert_true(rsp_parse_hex(&p, &v));
    assert_true(v == UINT64_MAX);
    p = "10000000000000000"; /* 17 digits: more than 64 bits */
    assert_false(rsp_parse_hex(&p, &v));
    p = ",1";
    assert_false(rsp_parse_hex(&p, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packet_and_checksum),
        cmocka_unit_test(test_outside_packets),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_frame_escape_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
