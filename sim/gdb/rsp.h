/* The GDB Remote Serial Protocol's framing: packets `$data#cs` with a modulo-256 checksum, the
 * acknowledgements `+`/`-`, the interrupt byte 0x03, and the hex and binary encodings of packet
 * data. Nothing here knows about the machine: sim/gdb/gdb_stub.c gives the packets their meaning. */
#ifndef A72SIM_GDB_RSP_H
#define A72SIM_GDB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet accepted (and advertised as qSupported's PacketSize); longer ones are refused
 * whole (rsp_feed returns RSP_OVERFLOW at their end). */
#define RSP_PACKET_MAX 16384

/* What one byte of input completed. */
enum rsp_event {
    RSP_NONE,          /* nothing yet */
    RSP_PACKET,        /* a packet with a good checksum: its data is in reader.buf[0..len) */
    RSP_BAD_CHECKSUM,  /* a packet whose checksum is wrong (the peer expects `-`) */
    RSP_OVERFLOW,      /* a packet longer than RSP_PACKET_MAX (its checksum was not checked) */
    RSP_INTERRUPT,     /* 0x03 outside a packet: the user pressed Ctrl-C */
    RSP_ACK,           /* `+` */
    RSP_NAK,           /* `-`: the peer asks for the last packet again */
};

struct rsp_reader {
    enum { RSP_IDLE, RSP_DATA, RSP_CSUM_HI, RSP_CSUM_LO } state;
    uint8_t sum;       /* running checksum of the data */
    uint8_t csum;      /* the checksum's high digit, then both */
    bool bad_digit;    /* a checksum character was not a hex digit */
    size_t len;
    bool overflow;
    char buf[RSP_PACKET_MAX + 1]; /* NUL-terminated after RSP_PACKET */
};

void rsp_reader_init(struct rsp_reader *r);
/* Take one byte of the stream. Bytes outside a packet other than `+`, `-`, 0x03 and `$` are
 * ignored, as gdb does; a `$` inside a packet starts a new one. */
enum rsp_event rsp_feed(struct rsp_reader *r, uint8_t byte);

/* A value of a hex digit, or -1. */
int rsp_hex_digit(int ch);
/* Encode len bytes as 2*len hex digits (no NUL is written). */
void rsp_hex_encode(char *out, const void *data, size_t len);
/* Decode exactly 2*len hex digits; false at any other character. */
bool rsp_hex_decode(void *out, const char *hex, size_t len);
/* Parse a hex number at *p (at least one digit, at most 16), moving *p past it. */
bool rsp_parse_hex(const char **p, uint64_t *value);

/* Undo the binary escapes of packet data (`}` then the byte XOR 0x20) in place; returns the
 * decoded length, or -1 when the data ends inside an escape. */
long rsp_unescape(char *data, size_t len);
/* Escape binary data for a reply (`$`, `#`, `}` and `*`); out needs 2*len bytes. Returns its length. */
size_t rsp_escape(char *out, const void *data, size_t len);

/* Frame data as `$data#cs` into out (len + 4 bytes); returns the framed length. The data must not
 * hold `$`, `#` or `*` unless escaped (rsp_escape). */
size_t rsp_frame(char *out, const char *data, size_t len);

#endif
