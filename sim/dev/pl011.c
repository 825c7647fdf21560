#include "pl011.h"

#include <stdbool.h>
#include <string.h>

enum {
    UARTDR = 0x000, UARTRSR = 0x004, UARTFR = 0x018, UARTILPR = 0x020, UARTIBRD = 0x024,
    UARTFBRD = 0x028, UARTLCR_H = 0x02c, UARTCR = 0x030, UARTIFLS = 0x034, UARTIMSC = 0x038,
    UARTRIS = 0x03c, UARTMIS = 0x040, UARTICR = 0x044, UARTDMACR = 0x048,
};

#define FR_RXFE (1u << 4)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define CR_UARTEN (1u << 0)
#define CR_RXE (1u << 9)
#define LCR_H_FEN (1u << 4)

/* Identification registers at 0xFE0..0xFFC: PL011 r1p5 (PeriphID) and the PrimeCell ID. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void pl011_reset(struct pl011 *u, FILE *out)
{
    *u = (struct pl011){ .out = out, .cr = 0x300, .ifls = 0x12, .ris = INT_TX };
}

/* Drive UARTINTR from the masked interrupt status. */
static void pl011_update_irq(struct pl011 *u)
{
    bool level = (u->ris & u->imsc) != 0;
    if (level != u->irq_level && u->set_irq)
        u->set_irq(u->irq_opaque, level);
    u->irq_level = level;
}

void pl011_connect_irq(struct pl011 *u, void (*set_irq)(void *opaque, bool level), void *opaque)
{
    u->set_irq = set_irq;
    u->irq_opaque = opaque;
    u->irq_level = false;
    pl011_update_irq(u);
}

static unsigned rx_depth(const struct pl011 *u)
{
    return (u->lcr_h & LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* The receive interrupt's FIFO level (UARTIFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full). */
static unsigned rx_trigger(const struct pl011 *u)
{
    static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 7, 7, 7 }; /* 0b101-0b111 reserved */
    if (!(u->lcr_h & LCR_H_FEN))
        return 1;
    return PL011_FIFO_DEPTH * eighths[(u->ifls >> 3) & 7] / 8;
}

bool pl011_can_receive(const struct pl011 *u)
{
    return (u->cr & CR_UARTEN) && (u->cr & CR_RXE) && u->rx_count < rx_depth(u);
}

void pl011_receive(struct pl011 *u, uint8_t byte)
{
    if (!pl011_can_receive(u))
        return; /* an overrun: the byte is lost (the console waits for room instead) */
    u->rx_fifo[(u->rx_head + u->rx_count) % PL011_FIFO_DEPTH] = byte;
    u->rx_count++;
    u->rx_arrived = true;
    if (u->rx_count >= rx_trigger(u))
        u->ris |= INT_RX;
    pl011_update_irq(u);
}

bool pl011_receive_idle(struct pl011 *u)
{
    bool arrived = u->rx_arrived;
    u->rx_arrived = false;
    if (arrived || u->rx_count == 0 || (u->ris & INT_RT))
        return false;
    u->ris |= INT_RT;
    pl011_update_irq(u);
    return true;
}

/* A read of UARTDR takes the oldest byte; the receive interrupts fall with the level. */
static uint32_t pl011_read_dr(struct pl011 *u)
{
    if (u->rx_count == 0)
        return 0;
    uint32_t v = u->rx_fifo[u->rx_head];
    u->rx_head = (u->rx_head + 1) % PL011_FIFO_DEPTH;
    u->rx_count--;
    if (u->rx_count < rx_trigger(u))
        u->ris &= ~INT_RX;
    if (u->rx_count == 0)
        u->ris &= ~INT_RT;
    pl011_update_irq(u);
    return v;
}

static bool pl011_read(void *opaque, uint64_t off, unsigned size, uint64_t *value, struct bus_attrs attrs)
{
    struct pl011 *u = opaque;
    if (attrs.debug && (off & ~3ull) == UARTDR)
        return false; /* reading the data register pops the receive FIFO: not for a debugger */
    if (size > 4)
        return false;
    uint32_t v = 0;
    switch (off & ~3ull) {
    case UARTDR: v = (off & 3) ? 0 : pl011_read_dr(u); break; /* a read of the data byte pops it */
    case UARTRSR: v = u->rsr; break;
    case UARTFR:                               /* transmission is instant: TXFE, never TXFF/BUSY */
        v = FR_TXFE | (u->rx_count == 0 ? FR_RXFE : 0) | (u->rx_count >= rx_depth(u) ? FR_RXFF : 0);
        break;
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
        if (u->tx_watch)
            u->tx_watch(u->tx_watch_opaque, (uint8_t)v);
        u->ris |= INT_TX;
        break;
    case UARTRSR: u->rsr = 0; break;           /* a write clears the error flags */
    case UARTILPR: u->ilpr = v & 0xff; break;
    case UARTIBRD: u->ibrd = v & 0xffff; break;
    case UARTFBRD: u->fbrd = v & 0x3f; break;
    case UARTCR: u->cr = v & 0xff87; break;
    case UARTIFLS: u->ifls = v & 0x3f; break;
    case UARTIMSC: u->imsc = v & 0x7ff; break;
    case UARTICR: u->ris &= ~v; break;
    case UARTLCR_H:
        if ((u->lcr_h ^ v) & LCR_H_FEN)
            u->rx_head = u->rx_count = 0; /* the FIFO is flushed when it is switched on or off */
        u->lcr_h = v & 0xff;
        break;
    case UARTDMACR: u->dmacr = v & 7; break;
    default: break;                            /* read-only and reserved: writes ignored */
    }
    pl011_update_irq(u);
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

/* The saved state: the registers, the FIFO and its indices (up to, not including, irq_level). */
#define PL011_STATE_START offsetof(struct pl011, cr)
#define PL011_STATE_END offsetof(struct pl011, irq_level)

size_t pl011_state_size(void) { return PL011_STATE_END - PL011_STATE_START; }

void pl011_state_save(const struct pl011 *u, void *buf)
{
    memcpy(buf, (const char *)u + PL011_STATE_START, pl011_state_size());
}

void pl011_state_load(struct pl011 *u, const void *buf)
{
    memcpy((char *)u + PL011_STATE_START, buf, pl011_state_size());
    uint8_t arrived;
    memcpy(&arrived, &u->rx_arrived, 1);
    u->rx_arrived = arrived != 0;
    u->rx_head %= PL011_FIFO_DEPTH;
    if (u->rx_count > PL011_FIFO_DEPTH)
        u->rx_count = PL011_FIFO_DEPTH;
    pl011_update_irq(u);
}
