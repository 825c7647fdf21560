#include "pl011.h"

#include <stdbool.h>
#include <string.h>

enum {
    UARTDR = 0x000, UARTRSR = 0x004, UARTFR = 0x018, UARTILPR = 0x020, UARTIBRD = 0x024,
    UARTFBRD = 0x028, UARTLCR_H = 0x02c, UARTCR = 0x030, UARTIFLS = 0x034, UARTIMSC = 0x038,
    UARTRIS = 0x03c, UARTMIS = 0x040, UARTICR = 0x044, UARTDMACR = 0x048,
};

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_TX (1u << 5)

/* Identification registers at 0xFE0..0xFFC: PL011 r1p5 (PeriphID) and the PrimeCell ID. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void pl011_reset(struct pl011 *u, FILE *out)
{
    *u = (struct pl011){ .out = out, .cr = 0x300, .ifls = 0x12, .ris = INT_TX };
}

static bool pl011_read(void *opaque, uint64_t off, unsigned size, uint64_t *value, struct bus_attrs attrs)
{
    struct pl011 *u = opaque;
    (void)attrs; /* no register read has a side effect */
    if (size > 4)
        return false;
    uint32_t v = 0;
    switch (off & ~3ull) {
    case UARTDR: v = 0; break;                 /* nothing is ever received */
    case UARTRSR: v = u->rsr; break;
    case UARTFR: v = FR_RXFE | FR_TXFE; break; /* transmission is instant */
    case UARTILPR: v = u->ilpr; break;
    case UARTIBRD: v = u->ibrd; break;
    case UARTFBRD: v = u->fbrd; break;
    case UARTLCR_H: v = u->lcr_h; break;
    case UARTCR: v = u->cr; break;
    case UARTIFLS: v = u->ifls; break;
    case UARTIMSC: v = u->imsc; break;
    case UARTRIS: v = u->ris; break;
    case UARTMIS: v = u->ris & u->imsc; break;
    case UARTDMACR: v = u->dmacr; break;
    default:
        if (off >= 0xfe0 && off < 0x1000)
            v = pl011_id[(off - 0xfe0) >> 2];
        break;
    }
    *value = (v >> (8 * (off & 3))) & (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
    return true;
}

static bool pl011_write(void *opaque, uint64_t off, unsigned size, uint64_t value, struct bus_attrs attrs)
{
    struct pl011 *u = opaque;
    if (size > 4 || attrs.debug)
        return false;
    uint32_t v = (uint32_t)value;
    switch (off) {
    case UARTDR:
        if (u->out) {
            fputc((int)(v & 0xff), u->out);
            if ((v & 0xff) == '\n')
                fflush(u->out);
        }
        u->ris |= INT_TX;
        break;
    case UARTRSR: u->rsr = 0; break;           /* a write clears the error flags */
    case UARTILPR: u->ilpr = v & 0xff; break;
    case UARTIBRD: u->ibrd = v & 0xffff; break;
    case UARTFBRD: u->fbrd = v & 0x3f; break;
    case UARTLCR_H: u->lcr_h = v & 0xff; break;
    case UARTCR: u->cr = v & 0xff87; break;
    case UARTIFLS: u->ifls = v & 0x3f; break;
    case UARTIMSC: u->imsc = v & 0x7ff; break;
    case UARTICR: u->ris &= ~v; break;
    case UARTDMACR: u->dmacr = v & 7; break;
    default: break;                            /* read-only and reserved: writes ignored */
    }
    return true;
}

const struct device_ops pl011_ops = { .read = pl011_read, .write = pl011_write };

bool pl011_open_destination(const char *dest, FILE **out)
{
    if (strcmp(dest, "stdout") == 0)
        *out = stdout;
    else if (strcmp(dest, "stderr") == 0)
        *out = stderr;
    else if (strcmp(dest, "none") == 0)
        *out = NULL;
    else if (!(*out = fopen(dest, "w")))
        return false;
    return true;
}

bool pl011_close_destination(FILE *out)
{
    if (!out || out == stdout || out == stderr)
        return true;
    return fclose(out) == 0;
}
