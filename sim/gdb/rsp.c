/* The Remote Serial Protocol's framing (see rsp.h). */
#include "rsp.h"

#include <string.h>

void rsp_reader_init(struct rsp_reader *r)
{
    r->state = RSP_IDLE;
    r->len = 0;
    r->sum = 0;
    r->overflow = false;
}

int rsp_hex_digit(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

enum rsp_event rsp_feed(struct rsp_reader *r, uint8_t byte)
{
    if (byte == '$') { /* a packet starts (again, if one was cut short) */
        r->state = RSP_DATA;
        r->len = 0;
        r->sum = 0;
        r->overflow = false;
        r->bad_digit = false;
        return RSP_NONE;
    }
    switch (r->state) {
    case RSP_IDLE:
        if (byte == '+')
            return RSP_ACK;
        if (byte == '-')
            return RSP_NAK;
        if (byte == 0x03)
            return RSP_INTERRUPT;
        return RSP_NONE;
    case RSP_DATA:
        if (byte == '#') {
            r->state = RSP_CSUM_HI;
            return RSP_NONE;
        }
        r->sum += byte;
        if (r->len < RSP_PACKET_MAX)
            r->buf[r->len++] = (char)byte;
        else
            r->overflow = true;
        return RSP_NONE;
    case RSP_CSUM_HI: {
        int d = rsp_hex_digit(byte);
        r->bad_digit = d < 0;
        r->csum = (uint8_t)(d < 0 ? 0 : d << 4);
        r->state = RSP_CSUM_LO;
        return RSP_NONE;
    }
    case RSP_CSUM_LO: {
        int d = rsp_hex_digit(byte);
        r->state = RSP_IDLE;
        r->buf[r->len] = 0;
        if (r->overflow)
            return RSP_OVERFLOW;
        if (d < 0 || r->bad_digit || (uint8_t)(r->csum | d) != r->sum)
            return RSP_BAD_CHECKSUM;
        return RSP_PACKET;
    }
    }
    return RSP_NONE;
}

static const char hex_digits[] = "0123456789abcdef";

void rsp_hex_encode(char *out, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t n = 0; n < len; n++) {
        out[2 * n] = hex_digits[p[n] >> 4];
        out[2 * n + 1] = hex_digits[p[n] & 15];
    }
}

bool rsp_hex_decode(void *out, const char *hex, size_t len)
{
    uint8_t *p = out;
    for (size_t n = 0; n < len; n++) {
        int hi = rsp_hex_digit((unsigned char)hex[2 * n]);
        int lo = hi < 0 ? -1 : rsp_hex_digit((unsigned char)hex[2 * n + 1]);
        if (lo < 0)
            return false;
        p[n] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool rsp_parse_hex(const char **p, uint64_t *value)
{
    const char *s = *p;
    uint64_t v = 0;
    unsigned digits = 0;
    int d;
    while ((d = rsp_hex_digit((unsigned char)*s)) >= 0) {
        if (++digits > 16)
            return false;
        v = v << 4 | (unsigned)d;
        s++;
    }
    if (!digits)
        return false;
    *value = v;
    *p = s;
    return true;
}

long rsp_unescape(char *data, size_t len)
{
    size_t out = 0;
    for (size_t n = 0; n < len; n++) {
        if (data[n] == '}') {
            if (++n == len)
                return -1;
            data[out++] = (char)(data[n] ^ 0x20);
        } else {
            data[out++] = data[n];
        }
    }
    return (long)out;
}

size_t rsp_escape(char *out, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t o = 0;
    for (size_t n = 0; n < len; n++) {
        if (p[n] == '$' || p[n] == '#' || p[n] == '}' || p[n] == '*') {
            out[o++] = '}';
            out[o++] = (char)(p[n] ^ 0x20);
        } else {
            out[o++] = (char)p[n];
        }
    }
    return o;
}

size_t rsp_frame(char *out, const char *data, size_t len)
{
    uint8_t sum = 0;
    out[0] = '$';
    memcpy(out + 1, data, len);
    for (size_t n = 0; n < len; n++)
        sum += (uint8_t)data[n];
    out[len + 1] = '#';
    out[len + 2] = hex_digits[sum >> 4];
    out[len + 3] = hex_digits[sum & 15];
    return len + 4;
}
