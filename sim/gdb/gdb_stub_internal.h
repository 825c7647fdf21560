/* The GDB stub's state, shared by its files (gdb_stub.c: packets; gdb_monitor.c: `monitor`
 * commands; gdb_reverse.c: bs/bc). Not for use outside sim/gdb. */
#ifndef A72SIM_GDB_STUB_INTERNAL_H
#define A72SIM_GDB_STUB_INTERNAL_H

#include "debugger/debugger.h"
#include "gdb_stub.h"
#include "gdb_target.h"
#include "rsp.h"

/* The longest reply data (before framing). */
#define GDB_REPLY_MAX RSP_PACKET_MAX
/* Bytes of console text per `O` packet. */
#define GDB_OUTPUT_CHUNK (GDB_REPLY_MAX / 2 - 1)
#define GDB_MAX_POINTS 256
#define GDB_MAX_QUALIFIERS 32

/* A breakpoint or watchpoint gdb inserted (Z), with the engine's point that implements it. */
struct gdb_point {
    char type;           /* '0'..'4', as in the packet */
    uint64_t addr, kind;
    int id;              /* the engine's */
};

/* `monitor qualify ADDR ...`: the EL and VMID that Z packets at ADDR are limited to. */
struct gdb_qualifier {
    uint64_t addr;
    int el;              /* 1 (EL1&0), 2, 3, or -1: any */
    int vmid;            /* -1: any */
};

struct gdb_stub {
    struct machine *m;
    struct gdb_stub_config cfg;
    struct dbg *dbg;
    struct gdb_target target;
    struct rsp_reader in;
    enum gdb_state state;
    bool no_ack;
    bool phys_mode;              /* Qqemu.PhyMemMode / monitor phys: addresses are physical */
    unsigned g_core, c_core;     /* the threads of Hg (registers, memory) and Hc (resume) */
    struct dbg_stop last_stop;

    struct gdb_point points[GDB_MAX_POINTS];
    unsigned npoints;
    struct gdb_qualifier qualifiers[GDB_MAX_QUALIFIERS];
    unsigned nqualifiers;
    int catches[GDB_MAX_POINTS]; /* the engine's ids of `monitor catch` points */
    unsigned ncatches;

    char reply[GDB_REPLY_MAX + 1];
    size_t reply_len;
    char last[GDB_REPLY_MAX + 4]; /* the last packet sent, framed, for a resend */
    size_t last_len;
};

const struct gdb_point *gdb_point_by_id(const struct gdb_stub *s, int id);
/* Send the stop reply of s->last_stop (or W once the machine ended). */
void gdb_stub_stop_reply(struct gdb_stub *s);
/* Send one packet. */
void gdb_send_str(struct gdb_stub *s, const char *str);
/* Send text for gdb to print (O packets). */
void gdb_stub_console(struct gdb_stub *s, const char *text, size_t len);
/* Set a core's PC from the debugger (the core's next instruction is fetched there). */
void gdb_set_pc(struct cpu *c, uint64_t pc);
/* The debugger changed state a block depends on (PC, PSTATE, a system register): the core's next
 * instruction starts a new block. */
void gdb_state_changed(struct cpu *c);
/* The state word `info threads` shows: running, WFI, WFE or off. */
const char *gdb_core_state(const struct cpu *c);

/* gdb_monitor.c */
void gdb_monitor_command(struct gdb_stub *s, const char *hex);
void gdb_monitor_qualify(const struct gdb_stub *s, struct dbg_loc *loc);
void gdb_monitor_report_catch(struct gdb_stub *s, const struct dbg_stop *st);
void gdb_monitor_free(struct gdb_stub *s);

/* gdb_reverse.c */
bool gdb_reverse_available(const struct gdb_stub *s);
void gdb_reverse(struct gdb_stub *s, bool step);

#endif
