/* Arm PrimeCell PL011 UART r1p5 (Arm DDI 0183): transmit to a host stream; a 32-entry receive
 * FIFO that the console (sim/console.c) fills; the receive, receive-timeout and transmit
 * interrupts on one line (UARTINTR) that the board wires to the GIC.
 *
 * Transmission is instant: TXFE is always set and the transmit interrupt is raised by every
 * write of UARTDR (the FIFO is at once below its trigger level), cleared through UARTICR, as
 * QEMU's PL011 does. Not modelled: loopback (UARTCR.LBE), break/parity/framing errors, DMA, modem
 * lines (CTS/DSR/DCD/RI read 0).
 */
#ifndef A72SIM_DEV_PL011_H
#define A72SIM_DEV_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../bus.h"

#define PL011_FIFO_DEPTH 32

struct pl011 {
    FILE *out;              /* where transmitted bytes go; NULL discards them */
    uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris, dmacr, ilpr, rsr;
    uint8_t rx_fifo[PL011_FIFO_DEPTH];
    unsigned rx_head, rx_count;
    bool rx_arrived;        /* a byte arrived since the last receive-timeout check */
    bool irq_level;         /* UARTINTR as last driven */
    void (*set_irq)(void *opaque, bool level);
    void *irq_opaque;
    void (*tx_watch)(void *opaque, uint8_t byte); /* sees every transmitted byte, or NULL */
    void *tx_watch_opaque;
};

extern const struct device_ops pl011_ops;
#define PL011_SIZE 0x1000

void pl011_reset(struct pl011 *u, FILE *out);

/* A UART destination as the command line names it: "stdout", "stderr", "none" (*out = NULL: bytes
 * are discarded) or the name of a file, created or truncated here. false, with errno set, when the
 * file cannot be created. */
bool pl011_open_destination(const char *dest, FILE **out);
/* Close a destination pl011_open_destination opened (stdout, stderr and none stay). false when
 * buffered output could not be written. */
bool pl011_close_destination(FILE *out);
/* Wire UARTINTR (the OR of the masked interrupts): set_irq(opaque, level) on every change. */
void pl011_connect_irq(struct pl011 *u, void (*set_irq)(void *opaque, bool level), void *opaque);

/* Whether a received byte can go in now: the UART and its receiver are enabled (UARTCR.UARTEN,
 * RXE) and the FIFO (one holding register when UARTLCR_H.FEN is clear) has room. */
bool pl011_can_receive(const struct pl011 *u);
/* A byte arrives on the receive line (only when pl011_can_receive). */
void pl011_receive(struct pl011 *u, uint8_t byte);
/* The receive line was idle since the previous call: raise the receive timeout interrupt when
 * the FIFO holds data (the hardware's 32 bit periods without a new byte). True if it rose now. */
bool pl011_receive_idle(struct pl011 *u);

/* Snapshots (sim/snapshot): the registers and the receive FIFO (not the wiring or the output) as
 * pl011_state_size() bytes. Loading accepts any bytes (a damaged file) and keeps them in range;
 * it drives UARTINTR when its level changes. */
size_t pl011_state_size(void);
void pl011_state_save(const struct pl011 *u, void *buf);
void pl011_state_load(struct pl011 *u, const void *buf);

#endif
