/* Arm PrimeCell PL011 UART (Arm DDI 0183): transmit to a host stream, an empty receiver. */
#ifndef A72SIM_DEV_PL011_H
#define A72SIM_DEV_PL011_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../bus.h"

struct pl011 {
    FILE *out;              /* where transmitted bytes go; NULL discards them */
    uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris, dmacr, ilpr, rsr;
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

#endif
