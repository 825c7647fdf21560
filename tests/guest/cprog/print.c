/* cp_printf (print.h): formats into a line buffer and writes it with semihosting SYS_WRITE0. */
#include <stdint.h>

#include "print.h"
#include "test.h"

struct out {
    char buf[256];
    unsigned len, total;
};

static void flush(struct out *o)
{
    if (!o->len)
        return;
    o->buf[o->len] = 0;
    sh_puts(o->buf);
    o->len = 0;
}

static void put(struct out *o, char ch)
{
    if (o->len == sizeof(o->buf) - 1)
        flush(o);
    o->buf[o->len++] = ch;
    o->total++;
}

static void put_padded(struct out *o, const char *s, unsigned n, unsigned width, char pad, int neg)
{
    unsigned len = n + (neg ? 1 : 0);
    if (neg && pad == '0')
        put(o, '-');
    for (; len < width; len++)
        put(o, pad);
    if (neg && pad != '0')
        put(o, '-');
    while (n--)
        put(o, *s++);
}

/* The digits of v in base (10 or 16) into the end of tmp[24]; returns the first. */
static char *digits(char tmp[24], uint64_t v, unsigned base, int upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = tmp + 24;
    do
        *--p = set[v % base];
    while (v /= base);
    return p;
}

static void put_double(struct out *o, double v, unsigned prec, unsigned width, char pad)
{
    char tmp[48], *p = tmp + sizeof(tmp);
    int neg = v < 0;
    if (neg)
        v = -v;
    if (v != v || v > 1.8e19) {
        put_padded(o, v != v ? "nan" : "big", 3, width, ' ', neg);
        return;
    }
    uint64_t scale = 1;
    for (unsigned k = 0; k < prec; k++)
        scale *= 10;
    uint64_t ip = (uint64_t)v;
    uint64_t fp = (uint64_t)((v - (double)ip) * (double)scale + 0.5);
    if (fp >= scale) {
        fp -= scale;
        ip++;
    }
    for (unsigned k = 0; k < prec; k++, fp /= 10)
        *--p = (char)('0' + fp % 10);
    if (prec)
        *--p = '.';
    do
        *--p = (char)('0' + ip % 10);
    while (ip /= 10);
    put_padded(o, p, (unsigned)(tmp + sizeof(tmp) - p), width, pad, neg);
}

int cp_vprintf(const char *fmt, va_list ap)
{
    struct out o = { .len = 0, .total = 0 };
    char tmp[24], *s;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        char pad = ' ';
        unsigned width = 0, prec = 6, longs = 0;
        if (*++fmt == '0')
            pad = '0', fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (unsigned)(*fmt++ - '0');
        if (*fmt == '.') {
            prec = 0;
            while (*++fmt >= '0' && *fmt <= '9')
                prec = prec * 10 + (unsigned)(*fmt - '0');
        }
        while (*fmt == 'l')
            longs++, fmt++;
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, long) : va_arg(ap, int);
            uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
            s = digits(tmp, u, 10, 0);
            put_padded(&o, s, (unsigned)(tmp + 24 - s), width, pad, v < 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            s = digits(tmp, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
            put_padded(&o, s, (unsigned)(tmp + 24 - s), width, pad, 0);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            unsigned n = 0;
            while (str[n])
                n++;
            put_padded(&o, str, n, width, ' ', 0);
            break;
        }
        case 'f':
            put_double(&o, va_arg(ap, double), prec, width, pad);
            break;
        case '%':
            put(&o, '%');
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    flush(&o);
    return (int)o.total;
}

int cp_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = cp_vprintf(fmt, ap);
    va_end(ap);
    return n;
}
