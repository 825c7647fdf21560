/* The GDB stub: the remote protocol's packets on the machine (see gdb_stub.h). */
#define _GNU_SOURCE
#include "gdb_stub.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "debugger/debugger.h"
#include "gdb_stub_internal.h"
#include "inspect/inspect.h"
#include "machine.h"
#include "rsp.h"

/* Signals of the stop replies (gdb's numbering). */
enum { GDB_SIGINT = 2, GDB_SIGTRAP = 5 };

/* ---- output ---- */

static void send_raw(struct gdb_stub *s, const void *data, size_t len)
{
    s->cfg.write(s->cfg.write_ctx, data, len);
}

/* Frame and send data as one packet, kept for a resend when gdb answers `-`. */
static void send_packet(struct gdb_stub *s, const char *data, size_t len)
{
    if (len > GDB_REPLY_MAX)
        len = GDB_REPLY_MAX;
    s->last_len = rsp_frame(s->last, data, len);
    send_raw(s, s->last, s->last_len);
}

static void reply_reset(struct gdb_stub *s)
{
    s->reply_len = 0;
}

static void reply_add(struct gdb_stub *s, const char *data, size_t len)
{
    if (len > GDB_REPLY_MAX - s->reply_len)
        len = GDB_REPLY_MAX - s->reply_len;
    memcpy(s->reply + s->reply_len, data, len);
    s->reply_len += len;
}

static void reply_fmt(struct gdb_stub *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply_fmt(struct gdb_stub *s, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        reply_add(s, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void reply_hex(struct gdb_stub *s, const void *data, size_t len)
{
    if (2 * len > GDB_REPLY_MAX - s->reply_len)
        len = (GDB_REPLY_MAX - s->reply_len) / 2;
    rsp_hex_encode(s->reply + s->reply_len, data, len);
    s->reply_len += 2 * len;
}

static void reply_send(struct gdb_stub *s)
{
    send_packet(s, s->reply, s->reply_len);
}

void gdb_send_str(struct gdb_stub *s, const char *str)
{
    send_packet(s, str, strlen(str));
}

/* Console output for gdb to print (`O` packets, hex-encoded), in packets of bounded size. */
void gdb_stub_console(struct gdb_stub *s, const char *text, size_t len)
{
    while (len) {
        size_t chunk = len < GDB_OUTPUT_CHUNK ? len : GDB_OUTPUT_CHUNK;
        reply_reset(s);
        reply_add(s, "O", 1);
        reply_hex(s, text, chunk);
        reply_send(s);
        text += chunk;
        len -= chunk;
    }
}

/* ---- threads ---- */

/* A thread id of a packet: -1 all, 0 any, n >= 1 core n - 1. Accepts gdb's multiprocess form
 * pP.T too. False for anything else. */
static bool parse_thread(const char **p, long *tid)
{
    const char *q = *p;
    if (*q == 'p') { /* pPID.TID: the process is ignored */
        q++;
        uint64_t pid;
        if (q[0] == '-' && q[1] == '1')
            q += 2;
        else if (!rsp_parse_hex(&q, &pid))
            return false;
        if (*q != '.') {
            *tid = -1;
            *p = q;
            return true;
        }
        q++;
    }
    if (q[0] == '-' && q[1] == '1') {
        *tid = -1;
        *p = q + 2;
        return true;
    }
    uint64_t v;
    if (!rsp_parse_hex(&q, &v) || v > 1000)
        return false;
    *tid = (long)v;
    *p = q;
    return true;
}

/* The core a thread id names for register and memory access: any/all mean the current one. */
static bool thread_core(const struct gdb_stub *s, long tid, unsigned *core)
{
    if (tid <= 0) {
        *core = s->g_core;
        return true;
    }
    if ((unsigned long)tid > s->m->ncpus)
        return false;
    *core = (unsigned)tid - 1;
    return true;
}

const char *gdb_core_state(const struct cpu *c)
{
    return c->powered_off ? "off" : !c->wfi_pending ? "running" : c->waiting_for_event ? "WFE" : "WFI";
}

void gdb_set_pc(struct cpu *c, uint64_t pc)
{
    c->pc = pc;
    gdb_state_changed(c);
}

void gdb_state_changed(struct cpu *c)
{
    c->resume_in_block = false; /* a new block starts, with the checks made between blocks */
}

static struct cpu *gcpu(struct gdb_stub *s)
{
    return s->m->cpus[s->g_core];
}

/* ---- stop replies ---- */

void gdb_stub_stop_reply(struct gdb_stub *s)
{
    reply_reset(s);
    const struct dbg_stop *st = &s->last_stop;
    if (s->state == GDB_ENDED) {
        int status = s->cfg.final_status ? s->cfg.final_status(s->m)
                     : s->m->reason == STOP_GUEST_EXIT ? s->m->exit_status : 1;
        reply_fmt(s, "W%02x", (unsigned)status & 0xff);
        reply_send(s);
        return;
    }
    unsigned core = st->cpu >= 0 ? (unsigned)st->cpu : s->g_core;
    reply_fmt(s, "T%02xthread:%x;", st->kind == DBG_STOP_INTERRUPT ? GDB_SIGINT : GDB_SIGTRAP, core + 1);
    if (st->kind == DBG_STOP_BREAKPOINT) {
        const struct gdb_point *p = gdb_point_by_id(s, st->id);
        reply_add(s, p && p->type == '1' ? "hwbreak:;" : "swbreak:;", 9);
    } else if (st->kind == DBG_STOP_WATCHPOINT) {
        const struct gdb_point *p = gdb_point_by_id(s, st->id);
        if (p)
            reply_fmt(s, "%s:%" PRIx64 ";", p->type == '2' ? "watch" : p->type == '3' ? "rwatch" : "awatch",
                      p->addr);
    }
    reply_send(s);
}

/* ---- running ---- */

/* The instructions left of --max-insns, in *budget (0: no limit); true when none are left. */
static bool budget_spent(const struct gdb_stub *s, uint64_t *budget)
{
    if (!s->cfg.max_insns)
        return false;
    uint64_t total = machine_total_insns(s->m);
    *budget = total < s->cfg.max_insns ? s->cfg.max_insns - total : 0;
    return *budget == 0;
}

/* Run the machine: step core step_core one instruction (-1: continue) with the other cores taking
 * their turns as they would, then report the stop. */
static void resume(struct gdb_stub *s, int step_core)
{
    struct machine *m = s->m;
    uint64_t budget = 0;
    if (budget_spent(s, &budget)) {
        machine_request_stop(m, STOP_MAX_INSNS, 0);
        s->state = GDB_ENDED;
        gdb_stub_stop_reply(s);
        return;
    }
    if (step_core >= 0 && m->cpus[step_core]->powered_off) {
        gdb_send_str(s, "E01"); /* it would never execute an instruction */
        return;
    }
    s->state = GDB_RUNNING;
    struct dbg_stop *st = &s->last_stop;
    do {
        if (step_core >= 0)
            dbg_step(s->dbg, (unsigned)step_core, 1, budget, st);
        else
            dbg_continue(s->dbg, budget, st);
        /* Another observer's stop (--stop-every) is none of gdb's business: the run goes on. */
    } while (st->kind == DBG_STOP_MACHINE && st->reason == STOP_OBSERVER && !budget_spent(s, &budget));
    s->state = GDB_STOPPED;
    if (st->kind == DBG_STOP_EXITED || st->kind == DBG_STOP_MACHINE ||
        (st->kind != DBG_STOP_INTERRUPT && st->reason != STOP_NONE && st->reason != STOP_OBSERVER &&
         st->reason != STOP_INTERRUPTED))
        s->state = GDB_ENDED; /* the guest ended, or the run did (also during an instruction that hit a point) */
    if (st->cpu >= 0 && (unsigned)st->cpu < m->ncpus)
        s->g_core = s->c_core = (unsigned)st->cpu;
    if (st->kind == DBG_STOP_CATCH)
        gdb_monitor_report_catch(s, st);
    gdb_stub_stop_reply(s);
}

/* The core a step goes to: the continue thread's, else the general thread's. */
static int step_target(const struct gdb_stub *s, long tid)
{
    if (tid > 0 && (unsigned long)tid <= s->m->ncpus)
        return (int)tid - 1;
    return (int)s->c_core;
}

/* c/s/C/S [sig;][addr]: an address sets the PC of the core that resumes first. */
static void legacy_resume(struct gdb_stub *s, const char *args, bool step, bool has_signal)
{
    const char *p = args;
    uint64_t v;
    if (has_signal) {
        if (!rsp_parse_hex(&p, &v)) {
            gdb_send_str(s, "E01");
            return;
        }
        if (*p == ';')
            p++;
    }
    if (*p) {
        if (!rsp_parse_hex(&p, &v) || *p) {
            gdb_send_str(s, "E01");
            return;
        }
        gdb_set_pc(s->m->cpus[s->c_core], v);
    }
    resume(s, step ? (int)s->c_core : -1);
}

/* vCont;ACTION[:TID]...: in all-stop mode a step of one thread is a step of that core while the
 * others run their turns; any other set of actions is a continue. */
static void handle_vcont(struct gdb_stub *s, const char *p)
{
    int step_core = -1;
    bool any_run = false;
    while (*p == ';') {
        p++;
        char action = *p++;
        uint64_t sig;
        if (action == 'C' || action == 'S') {
            if (!rsp_parse_hex(&p, &sig)) {
                gdb_send_str(s, "E01");
                return;
            }
        } else if (action != 'c' && action != 's' && action != 't') {
            gdb_send_str(s, "E01");
            return;
        }
        long tid = 0;
        if (*p == ':') {
            p++;
            if (!parse_thread(&p, &tid) || (tid > 0 && (unsigned long)tid > s->m->ncpus)) {
                gdb_send_str(s, "E01");
                return;
            }
        }
        if ((action == 's' || action == 'S') && step_core < 0)
            step_core = step_target(s, tid);
        if (action != 't')
            any_run = true;
    }
    if (*p || !any_run) {
        gdb_send_str(s, "E01");
        return;
    }
    resume(s, step_core);
}

/* ---- registers ---- */

static void handle_g(struct gdb_stub *s)
{
    uint8_t buf[16];
    reply_reset(s);
    for (unsigned n = 0; n < GDB_REG_SYSREG0; n++) {
        int size = gdb_reg_read(&s->target, gcpu(s), n, buf);
        reply_hex(s, buf, (size_t)(size > 0 ? size : 0));
    }
    reply_send(s);
}

static void handle_G(struct gdb_stub *s, const char *hex)
{
    static uint8_t bytes[GDB_G_BYTES];
    if (strlen(hex) != 2 * GDB_G_BYTES || !rsp_hex_decode(bytes, hex, GDB_G_BYTES)) {
        gdb_send_str(s, "E01");
        return;
    }
    size_t off = 0;
    uint8_t probe[16];
    for (unsigned n = 0; n < GDB_REG_SYSREG0; n++) {
        int size = gdb_reg_read(&s->target, gcpu(s), n, probe);
        (void)gdb_reg_write(&s->target, gcpu(s), n, bytes + off, (size_t)size);
        off += (size_t)size;
    }
    gdb_send_str(s, "OK");
}

static void handle_p(struct gdb_stub *s, const char *p)
{
    uint64_t n;
    if (!rsp_parse_hex(&p, &n) || *p || n >= gdb_target_nregs(&s->target)) {
        gdb_send_str(s, "E01");
        return;
    }
    uint8_t buf[16];
    int size = gdb_reg_read(&s->target, gcpu(s), (unsigned)n, buf);
    reply_reset(s);
    if (size == 0)
        reply_add(s, "xxxxxxxxxxxxxxxx", 16); /* cannot be read without a side effect */
    else
        reply_hex(s, buf, (size_t)size);
    reply_send(s);
}

static void handle_P(struct gdb_stub *s, const char *p)
{
    uint64_t n;
    uint8_t buf[16];
    size_t len = 0;
    if (!rsp_parse_hex(&p, &n) || *p != '=' || n >= gdb_target_nregs(&s->target)) {
        gdb_send_str(s, "E01");
        return;
    }
    p++;
    len = strlen(p) / 2;
    if (strlen(p) % 2 || len > sizeof(buf) || !rsp_hex_decode(buf, p, len)) {
        gdb_send_str(s, "E01");
        return;
    }
    gdb_send_str(s, gdb_reg_write(&s->target, gcpu(s), (unsigned)n, buf, len) ? "OK" : "E01");
}

/* ---- memory ---- */

/* Read up to len bytes at addr as gdb sees memory now (virtual in the general thread's current
 * regime, or physical in PhyMemMode); returns how many could be read, from the start. */
static size_t read_memory(struct gdb_stub *s, uint64_t addr, uint8_t *buf, size_t len)
{
    size_t done = 0;
    struct cpu *c = gcpu(s);
    while (done < len) {
        uint64_t a = addr + done;
        size_t chunk = GUEST_PAGE_SIZE - (a & (GUEST_PAGE_SIZE - 1));
        if (chunk > len - done)
            chunk = len - done;
        bool ok = s->phys_mode ? debug_read_phys(s->m, a, buf + done, chunk, is_secure(c))
                               : debug_read_virt(c, c->mmu_idx, a, buf + done, chunk);
        if (!ok)
            break;
        done += chunk;
        if (a + chunk < a)
            break; /* the end of the address space */
    }
    return done;
}

/* Write all of len bytes at addr, or nothing: every page is translated and checked to be RAM first. */
static bool write_memory(struct gdb_stub *s, uint64_t addr, const uint8_t *buf, size_t len)
{
    if (len == 0)
        return true;
    if (addr + (len - 1) < addr)
        return false;
    if (s->phys_mode)
        return debug_write_phys(s->m, addr, buf, len);
    struct cpu *c = gcpu(s);
    struct { uint64_t pa; size_t len; } pieces[RSP_PACKET_MAX / GUEST_PAGE_SIZE + 2];
    unsigned count = 0;
    for (size_t done = 0; done < len;) {
        uint64_t a = addr + done;
        size_t chunk = GUEST_PAGE_SIZE - (a & (GUEST_PAGE_SIZE - 1));
        if (chunk > len - done)
            chunk = len - done;
        struct translation t;
        debug_translate(c, c->mmu_idx, a, MMU_WRITE, false, &t);
        if (t.fault || count == sizeof(pieces) / sizeof(pieces[0]) || !bus_ram_ptr(&s->m->bus, t.pa, chunk))
            return false;
        pieces[count].pa = t.pa;
        pieces[count++].len = chunk;
        done += chunk;
    }
    for (unsigned n = 0; n < count; n++) {
        if (!debug_write_phys(s->m, pieces[n].pa, buf, pieces[n].len))
            return false;
        buf += pieces[n].len;
    }
    return true;
}

/* "ADDR,LEN" then the separator sep (0: the end of the packet). */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len, char sep)
{
    if (!rsp_parse_hex(p, addr) || **p != ',')
        return false;
    (*p)++;
    if (!rsp_parse_hex(p, len) || **p != sep)
        return false;
    if (sep)
        (*p)++;
    return true;
}

static void handle_m(struct gdb_stub *s, const char *p)
{
    uint64_t addr, len;
    if (!parse_addr_len(&p, &addr, &len, 0)) {
        gdb_send_str(s, "E01");
        return;
    }
    if (len > GDB_REPLY_MAX / 2)
        len = GDB_REPLY_MAX / 2;
    static uint8_t buf[GDB_REPLY_MAX / 2];
    size_t got = read_memory(s, addr, buf, (size_t)len);
    if (got == 0 && len) {
        gdb_send_str(s, "E14");
        return;
    }
    reply_reset(s);
    reply_hex(s, buf, got);
    reply_send(s);
}

static void handle_M(struct gdb_stub *s, const char *p)
{
    uint64_t addr, len;
    static uint8_t buf[RSP_PACKET_MAX / 2];
    if (!parse_addr_len(&p, &addr, &len, ':') || len > sizeof(buf) || strlen(p) != 2 * len ||
        !rsp_hex_decode(buf, p, (size_t)len)) {
        gdb_send_str(s, "E01");
        return;
    }
    gdb_send_str(s, write_memory(s, addr, buf, (size_t)len) ? "OK" : "E14");
}

/* X: the data is binary, escaped; data and len are the whole packet. */
static void handle_X(struct gdb_stub *s, char *pkt, size_t pkt_len)
{
    const char *p = pkt + 1;
    uint64_t addr, len;
    if (!parse_addr_len(&p, &addr, &len, ':')) {
        gdb_send_str(s, "E01");
        return;
    }
    char *data = pkt + (p - pkt);
    long n = rsp_unescape(data, pkt_len - (size_t)(data - pkt));
    if (n < 0 || (uint64_t)n != len) {
        gdb_send_str(s, "E01");
        return;
    }
    gdb_send_str(s, write_memory(s, addr, (const uint8_t *)data, (size_t)len) ? "OK" : "E14");
}

/* ---- breakpoints and watchpoints ---- */

const struct gdb_point *gdb_point_by_id(const struct gdb_stub *s, int id)
{
    for (unsigned n = 0; n < s->npoints; n++)
        if (s->points[n].id == id)
            return &s->points[n];
    return NULL;
}

static int find_point(const struct gdb_stub *s, char type, uint64_t addr, uint64_t kind)
{
    for (unsigned n = 0; n < s->npoints; n++)
        if (s->points[n].type == type && s->points[n].addr == addr && s->points[n].kind == kind)
            return (int)n;
    return -1;
}

/* Z/z TYPE,ADDR,KIND[;cond...]: conditions evaluated by the target are not offered, so gdb sends none. */
static void handle_Z(struct gdb_stub *s, const char *p, bool insert)
{
    char type = *p++;
    uint64_t addr, kind;
    if (type < '0' || type > '4' || *p++ != ',' || !parse_addr_len(&p, &addr, &kind, 0)) {
        gdb_send_str(s, "E01");
        return;
    }
    int n = find_point(s, type, addr, kind);
    if (!insert) {
        if (n >= 0) {
            (void)dbg_point_delete(s->dbg, s->points[n].id);
            s->points[n] = s->points[--s->npoints];
        }
        gdb_send_str(s, "OK");
        return;
    }
    if (n >= 0) { /* inserted already: gdb may insert again after a reconnect */
        gdb_send_str(s, "OK");
        return;
    }
    if (s->npoints == GDB_MAX_POINTS || ((type == '0' || type == '1') && kind != 4) ||
        (type >= '2' && (kind == 0 || kind > 8192))) {
        gdb_send_str(s, "E01");
        return;
    }
    struct dbg_loc loc = { .space = s->phys_mode ? DBG_PA : DBG_VA_ANY, .vmid = -1, .addr = addr };
    gdb_monitor_qualify(s, &loc);
    static const enum dbg_watch_kind watch[] = { DBG_WATCH_WRITE, DBG_WATCH_READ, DBG_WATCH_ACCESS };
    int id = type <= '1' ? dbg_break_add(s->dbg, &loc, false)
                         : dbg_watch_add(s->dbg, &loc, kind, watch[type - '2']);
    if (id < 0) {
        gdb_send_str(s, "E01");
        return;
    }
    s->points[s->npoints++] = (struct gdb_point){ .type = type, .addr = addr, .kind = kind, .id = id };
    gdb_send_str(s, "OK");
}

/* ---- queries ---- */

static void handle_xfer_features(struct gdb_stub *s, const char *p)
{
    static const char prefix[] = "target.xml:";
    uint64_t off, len;
    if (strncmp(p, prefix, sizeof(prefix) - 1) != 0) {
        gdb_send_str(s, "E00"); /* no such annex */
        return;
    }
    p += sizeof(prefix) - 1;
    if (!parse_addr_len(&p, &off, &len, 0)) {
        gdb_send_str(s, "E01");
        return;
    }
    reply_reset(s);
    if (off >= s->target.xml_len) {
        reply_add(s, "l", 1);
        reply_send(s);
        return;
    }
    size_t left = s->target.xml_len - (size_t)off;
    size_t take = len < left ? (size_t)len : left;
    if (take > GDB_REPLY_MAX / 2 - 1)
        take = GDB_REPLY_MAX / 2 - 1; /* escaping at most doubles it */
    reply_add(s, take < left ? "m" : "l", 1);
    s->reply_len += rsp_escape(s->reply + s->reply_len, s->target.xml + off, take);
    reply_send(s);
}

static void handle_thread_extra(struct gdb_stub *s, const char *p)
{
    long tid;
    unsigned core;
    if (!parse_thread(&p, &tid) || *p || !thread_core(s, tid, &core)) {
        gdb_send_str(s, "E01");
        return;
    }
    const struct cpu *c = s->m->cpus[core];
    char text[128];
    int n = snprintf(text, sizeof(text), "core %u, EL%u, VMID %u, %s", core, c->pstate.el, cpu_current_vmid(c),
                     gdb_core_state(c));
    reply_reset(s);
    reply_hex(s, text, (size_t)n);
    reply_send(s);
}

static void handle_query(struct gdb_stub *s, const char *pkt)
{
    if (strncmp(pkt, "qSupported", 10) == 0) {
        reply_reset(s);
        reply_fmt(s, "PacketSize=%x;qXfer:features:read+;vContSupported+;swbreak+;hwbreak+;QStartNoAckMode+",
                  RSP_PACKET_MAX);
        if (gdb_reverse_available(s))
            reply_fmt(s, ";ReverseStep+;ReverseContinue+");
        reply_send(s);
    } else if (strncmp(pkt, "qXfer:features:read:", 20) == 0) {
        handle_xfer_features(s, pkt + 20);
    } else if (strcmp(pkt, "qC") == 0) {
        reply_reset(s);
        reply_fmt(s, "QC%x", s->g_core + 1);
        reply_send(s);
    } else if (strcmp(pkt, "qfThreadInfo") == 0) {
        reply_reset(s);
        reply_add(s, "m", 1);
        for (unsigned n = 0; n < s->m->ncpus; n++)
            reply_fmt(s, n ? ",%x" : "%x", n + 1);
        reply_send(s);
    } else if (strcmp(pkt, "qsThreadInfo") == 0) {
        gdb_send_str(s, "l");
    } else if (strncmp(pkt, "qThreadExtraInfo,", 17) == 0) {
        handle_thread_extra(s, pkt + 17);
    } else if (strncmp(pkt, "qAttached", 9) == 0) {
        gdb_send_str(s, "1"); /* attached to a machine that exists: detach rather than kill on quit */
    } else if (strcmp(pkt, "qOffsets") == 0) {
        gdb_send_str(s, "Text=0;Data=0;Bss=0");
    } else if (strcmp(pkt, "qSymbol::") == 0) {
        gdb_send_str(s, "OK");
    } else if (strncmp(pkt, "qRcmd,", 6) == 0) {
        gdb_monitor_command(s, pkt + 6);
    } else if (strcmp(pkt, "qqemu.PhyMemMode") == 0) {
        gdb_send_str(s, s->phys_mode ? "1" : "0");
    } else {
        gdb_send_str(s, "");
    }
}

static void handle_set(struct gdb_stub *s, const char *pkt)
{
    if (strcmp(pkt, "QStartNoAckMode") == 0) {
        gdb_send_str(s, "OK"); /* acknowledged as usual, the last to be */
        s->no_ack = true;
    } else if (strcmp(pkt, "Qqemu.PhyMemMode:1") == 0 || strcmp(pkt, "Qqemu.PhyMemMode:0") == 0) {
        s->phys_mode = pkt[17] == '1';
        gdb_send_str(s, "OK");
    } else {
        gdb_send_str(s, "");
    }
}

/* ---- the dispatcher ---- */

static void handle_H(struct gdb_stub *s, const char *p)
{
    char which = *p++;
    long tid;
    unsigned core;
    if ((which != 'g' && which != 'c') || !parse_thread(&p, &tid) || *p || !thread_core(s, tid, &core)) {
        gdb_send_str(s, "E01");
        return;
    }
    if (which == 'g')
        s->g_core = core;
    else
        s->c_core = core;
    gdb_send_str(s, "OK");
}

static void handle_T(struct gdb_stub *s, const char *p)
{
    long tid;
    unsigned core;
    gdb_send_str(s, parse_thread(&p, &tid) && !*p && tid > 0 && thread_core(s, tid, &core) ? "OK" : "E01");
}

static void handle_packet(struct gdb_stub *s, char *pkt, size_t len)
{
    /* Only X carries binary data; a NUL elsewhere ends the packet's text. */
    switch (pkt[0]) {
    case '?': gdb_stub_stop_reply(s); return;
    case 'g': handle_g(s); return;
    case 'G': handle_G(s, pkt + 1); return;
    case 'p': handle_p(s, pkt + 1); return;
    case 'P': handle_P(s, pkt + 1); return;
    case 'm': handle_m(s, pkt + 1); return;
    case 'M': handle_M(s, pkt + 1); return;
    case 'X': handle_X(s, pkt, len); return;
    case 'c': legacy_resume(s, pkt + 1, false, false); return;
    case 'C': legacy_resume(s, pkt + 1, false, true); return;
    case 's': legacy_resume(s, pkt + 1, true, false); return;
    case 'S': legacy_resume(s, pkt + 1, true, true); return;
    case 'H': handle_H(s, pkt + 1); return;
    case 'T': handle_T(s, pkt + 1); return;
    case 'Z': handle_Z(s, pkt + 1, true); return;
    case 'z': handle_Z(s, pkt + 1, false); return;
    case 'q': handle_query(s, pkt); return;
    case 'Q': handle_set(s, pkt); return;
    case 'D':
        gdb_send_str(s, "OK");
        s->state = GDB_DETACHED;
        return;
    case 'k':
        s->state = GDB_KILLED; /* no reply */
        return;
    case 'b':
        if (pkt[1] == 's' || pkt[1] == 'c') {
            gdb_reverse(s, pkt[1] == 's');
            return;
        }
        break;
    case 'v':
        if (strcmp(pkt, "vCont?") == 0) {
            gdb_send_str(s, "vCont;c;C;s;S;t");
            return;
        }
        if (strncmp(pkt, "vCont;", 6) == 0) {
            handle_vcont(s, pkt + 5);
            return;
        }
        if (strncmp(pkt, "vKill", 5) == 0) {
            gdb_send_str(s, "OK");
            s->state = GDB_KILLED;
            return;
        }
        break;
    }
    gdb_send_str(s, ""); /* not supported */
}

enum gdb_state gdb_stub_feed(struct gdb_stub *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t n = 0; n < len && s->state == GDB_STOPPED; n++) {
        switch (rsp_feed(&s->in, p[n])) {
        case RSP_PACKET:
            if (!s->no_ack)
                send_raw(s, "+", 1);
            handle_packet(s, s->in.buf, s->in.len);
            break;
        case RSP_BAD_CHECKSUM:
            if (!s->no_ack)
                send_raw(s, "-", 1);
            break;
        case RSP_OVERFLOW:
            if (!s->no_ack)
                send_raw(s, "+", 1);
            gdb_send_str(s, "E01");
            break;
        case RSP_NAK:
            if (!s->no_ack && s->last_len)
                send_raw(s, s->last, s->last_len);
            break;
        case RSP_INTERRUPT: /* the machine is stopped already */
        case RSP_ACK:
        case RSP_NONE:
            break;
        }
    }
    return s->state;
}

enum gdb_state gdb_stub_state(const struct gdb_stub *s)
{
    return s->state;
}

void gdb_stub_interrupt(struct gdb_stub *s)
{
    if (s->state == GDB_RUNNING)
        dbg_interrupt(s->dbg);
}

struct gdb_stub *gdb_stub_create(struct machine *m, const struct gdb_stub_config *cfg)
{
    struct gdb_stub *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->m = m;
    s->cfg = *cfg;
    s->dbg = dbg_create(m);
    if (!s->dbg || !gdb_target_init(&s->target)) {
        dbg_destroy(s->dbg);
        free(s);
        return NULL;
    }
    rsp_reader_init(&s->in);
    s->last_stop = (struct dbg_stop){ .kind = DBG_STOP_STEP, .cpu = 0 };
    s->state = GDB_STOPPED;
    return s;
}

void gdb_stub_destroy(struct gdb_stub *s)
{
    if (!s)
        return;
    dbg_destroy(s->dbg);
    gdb_target_free(&s->target);
    gdb_monitor_free(s);
    free(s);
}
