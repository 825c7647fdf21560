/* Exports of a trace database: Tarmac (Arm's trace text), Chrome/Perfetto JSON, folded stacks. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "trace_cmd_internal.h"

static uint64_t col_u64(sqlite3_stmt *st, int c) { return (uint64_t)sqlite3_column_int64(st, c); }

/* ---- Tarmac ---- */

struct tarmac {
    FILE *f;
    struct disasm *dis;
    uint64_t sp[4];          /* last SP_ELn value seen, to re-emit the active SP on an EL change */
    bool sp_known[4];
    uint64_t ts;             /* timestamp of the last instruction line */
    bool have_ts;
    uint64_t last_seq;       /* seq of the last instruction line */
    unsigned el;
};

/* The exception's Tarmac event name: where it came from (vector group) and what it is. */
static const char *core_event_name(unsigned vector_offset, char *buf, size_t len)
{
    static const char *const from[4] = { "CURRENT_SP0", "CURRENT_SPX", "LOWER_AARCH64", "LOWER_AARCH32" };
    static const char *const kind[4] = { "SYNC", "IRQ", "FIQ", "SERROR" };
    snprintf(buf, len, "CoreEvent_%s_%s", from[(vector_offset >> 9) & 3], kind[(vector_offset >> 7) & 3]);
    return buf;
}

static void tarmac_sp(struct tarmac *t, uint64_t ts, unsigned el)
{
    if (t->sp_known[el & 3])
        fprintf(t->f, "%" PRIu64 " clk R SP_EL%u %016" PRIx64 "\n", ts, el & 3, t->sp[el & 3]);
}

/* An exception or ERET row of the events table (cpu's, in seq order). */
static void tarmac_event(struct tarmac *t, sqlite3_stmt *ev)
{
    const char *kind = (const char *)sqlite3_column_text(ev, 0);
    uint64_t seq = col_u64(ev, 1), cycle = col_u64(ev, 2), pc = col_u64(ev, 3);
    unsigned to_el = (unsigned)sqlite3_column_int(ev, 5);
    /* Attach to the instruction during which it happened (seq - 1) when that one was written. */
    uint64_t ts = t->have_ts && t->last_seq + 1 == seq ? t->ts : cycle;
    char name[64];
    if (strcmp(kind, "exception") == 0) {
        unsigned off = (unsigned)(pc & 0x7ff);
        fprintf(t->f, "%" PRIu64 " clk E %016" PRIx64 " %08x %s\n", ts, pc, off, core_event_name(off, name, sizeof name));
        fprintf(t->f, "%" PRIu64 " clk R ESR_EL%u %08x\n", ts, to_el, (uint32_t)col_u64(ev, 6));
        fprintf(t->f, "%" PRIu64 " clk R ELR_EL%u %016" PRIx64 "\n", ts, to_el, col_u64(ev, 7));
        fprintf(t->f, "%" PRIu64 " clk R SPSR_EL%u %08x\n", ts, to_el, (uint32_t)col_u64(ev, 8));
    }
    /* The new PSTATE's EL and SP (SPx), as cpsr's M field shows it. */
    fprintf(t->f, "%" PRIu64 " clk R cpsr %08x\n", ts, to_el << 2 | (to_el ? 1u : 0u));
    t->el = to_el;
    tarmac_sp(t, ts, to_el);
}

int trace_export_tarmac(int argc, char **argv)
{
    struct export_options o;
    if (!trace_parse_export(argc, argv, &o, "ocs"))
        return EXIT_USAGE;
    if (o.cpu < 0 || !o.out)
        return trace_fail("tarmac wants --cpu N and -o OUT");
    sqlite3 *db = trace_open(o.db);
    if (!db)
        return EXIT_USAGE;
    int64_t first = trace_query_int(db, "SELECT MIN(seq) FROM insns WHERE cpu = ?1", o.cpu, -1);
    int64_t last = trace_query_int(db, "SELECT MAX(seq) FROM insns WHERE cpu = ?1", o.cpu, -1);
    if (first < 0) {
        sqlite3_close(db);
        return trace_fail("'%s' holds no instruction rows of cpu %d (run with --trace-filter)", o.db, o.cpu);
    }
    uint64_t lo = o.has_window ? o.lo : (uint64_t)first, hi = o.has_window ? o.hi : (uint64_t)last + 1;
    if (o.has_window && (o.hi <= (uint64_t)first || o.lo > (uint64_t)last)) {
        sqlite3_close(db);
        return trace_fail("window %" PRIu64 "..%" PRIu64 " is outside the trace (cpu %d has rows %" PRId64 "..%" PRId64 ")",
                          o.lo, o.hi, o.cpu, first, last + 1);
    }
    sqlite3_stmt *ins = NULL, *reg = NULL, *mem = NULL, *ev = NULL;
    bool ok = trace_prepare(db, "SELECT seq, cycle, pc, opcode, el FROM insns WHERE cpu = ?1 AND seq >= ?2 AND seq < ?3 "
                                "ORDER BY seq", &ins) &&
              trace_prepare(db, "SELECT seq, reg, value, value_hi FROM reg_writes WHERE cpu = ?1 AND seq >= ?2 "
                                "AND seq < ?3 ORDER BY seq, idx", &reg) &&
              trace_prepare(db, "SELECT seq, va, pa, size, write, data FROM mem_accesses WHERE cpu = ?1 AND seq >= ?2 "
                                "AND seq < ?3 ORDER BY seq, idx", &mem) &&
              trace_prepare(db, "SELECT kind, seq, cycle, pc, from_el, to_el, esr, elr, spsr FROM events WHERE cpu = ?1 "
                                "AND kind IN ('exception', 'eret') AND seq > ?2 AND seq <= ?3 ORDER BY id", &ev);
    FILE *f = ok ? trace_open_out(o.out) : NULL;
    if (!f) {
        sqlite3_finalize(ins);
        sqlite3_finalize(reg);
        sqlite3_finalize(mem);
        sqlite3_finalize(ev);
        sqlite3_close(db);
        return ok ? EXIT_USAGE : EXIT_FAIL;
    }
    sqlite3_stmt *all[4] = { ins, reg, mem, ev };
    for (int k = 0; k < 4; k++) {
        sqlite3_bind_int(all[k], 1, o.cpu);
        sqlite3_bind_int64(all[k], 2, (sqlite3_int64)lo);
        sqlite3_bind_int64(all[k], 3, (sqlite3_int64)hi);
    }
    struct tarmac t = { .f = f, .dis = disasm_create() };
    /* The stack pointers at the window's start: the last write before it, else the start state. */
    for (unsigned n = 0; n < 4; n++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT COALESCE((SELECT value FROM reg_writes WHERE cpu = ?1 AND reg = 'SP_EL%u' AND seq < %" PRIu64
                 " ORDER BY seq DESC, idx DESC LIMIT 1), (SELECT start_sp_el%u FROM cores WHERE cpu = ?1))", n, lo, n);
        sqlite3_stmt *sp;
        if (sqlite3_prepare_v2(db, sql, -1, &sp, NULL) == SQLITE_OK) {
            sqlite3_bind_int(sp, 1, o.cpu);
            if (sqlite3_step(sp) == SQLITE_ROW && sqlite3_column_type(sp, 0) != SQLITE_NULL) {
                t.sp[n] = col_u64(sp, 0);
                t.sp_known[n] = true;
            }
        }
        sqlite3_finalize(sp);
    }
    bool reg_row = sqlite3_step(reg) == SQLITE_ROW, mem_row = sqlite3_step(mem) == SQLITE_ROW;
    bool ev_row = sqlite3_step(ev) == SQLITE_ROW;
    while (sqlite3_step(ins) == SQLITE_ROW) {
        uint64_t seq = col_u64(ins, 0), ts = col_u64(ins, 1), pc = col_u64(ins, 2);
        uint32_t op = (uint32_t)col_u64(ins, 3);
        unsigned el = (unsigned)sqlite3_column_int(ins, 4);
        /* Events that happened before this instruction. */
        while (ev_row && col_u64(ev, 1) <= seq) {
            tarmac_event(&t, ev);
            ev_row = sqlite3_step(ev) == SQLITE_ROW;
        }
        fprintf(f, "%" PRIu64 " clk IT (%" PRIu64 ") %016" PRIx64 " %08x O EL%u%c_%s : %s\n", ts, seq, pc, op, el,
                el ? 'h' : 't', el == 3 ? "s" : "ns", t.dis ? disasm_insn(t.dis, pc, op) : "");
        t.ts = ts;
        t.last_seq = seq;
        t.have_ts = true;
        t.el = el;
        bool x30 = false;
        while (reg_row && col_u64(reg, 0) <= seq) {
            if (col_u64(reg, 0) == seq) {
                const char *name = (const char *)sqlite3_column_text(reg, 1);
                uint64_t v = col_u64(reg, 2);
                if (name[0] == 'V')
                    fprintf(f, "%" PRIu64 " clk R Q%s %016" PRIx64 "%016" PRIx64 "\n", ts, name + 1, col_u64(reg, 3), v);
                else if (strcmp(name, "NZCV") == 0)
                    fprintf(f, "%" PRIu64 " clk R cpsr %08x\n", ts, (uint32_t)v | el << 2 | (el ? 1u : 0u));
                else if (strcmp(name, "FPSR") != 0 && strcmp(name, "FPCR") != 0)
                    fprintf(f, "%" PRIu64 " clk R %s %016" PRIx64 "\n", ts, name, v);
                if (strncmp(name, "SP_EL", 5) == 0) {
                    t.sp[name[5] & 3] = v;
                    t.sp_known[name[5] & 3] = true;
                }
                x30 |= strcmp(name, "X30") == 0;
            }
            reg_row = sqlite3_step(reg) == SQLITE_ROW;
        }
        /* BL and BLR write X30 even when the value does not change: call detection needs the line. */
        bool is_call = (op & 0xfc000000u) == 0x94000000u || (op & 0xfffffc1fu) == 0xd63f0000u;
        if (is_call && !x30)
            fprintf(f, "%" PRIu64 " clk R X30 %016" PRIx64 "\n", ts, pc + 4);
        while (mem_row && col_u64(mem, 0) <= seq) {
            if (col_u64(mem, 0) == seq) {
                unsigned size = (unsigned)sqlite3_column_int(mem, 3);
                fprintf(f, "%" PRIu64 " clk M%c%u %016" PRIx64 ":%016" PRIx64 " %0*" PRIx64 "\n", ts,
                        sqlite3_column_int(mem, 4) ? 'W' : 'R', size, col_u64(mem, 1), col_u64(mem, 2),
                        (int)(2 * size), col_u64(mem, 5));
            }
            mem_row = sqlite3_step(mem) == SQLITE_ROW;
        }
    }
    /* Events after the last instruction line, within the window. */
    while (ev_row && col_u64(ev, 1) <= hi) {
        tarmac_event(&t, ev);
        ev_row = sqlite3_step(ev) == SQLITE_ROW;
    }
    disasm_destroy(t.dis);
    for (int k = 0; k < 4; k++)
        sqlite3_finalize(all[k]);
    sqlite3_close(db);
    return trace_close_out(f, o.out);
}

/* ---- Chrome / Perfetto JSON ---- */

static void json_meta(FILE *f, bool *first, const char *what, int pid, int tid, const char *name)
{
    fprintf(f, "%s\n{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":\"%s\"}}", *first ? "" : ",",
            what, pid, tid, name);
    *first = false;
}

int trace_export_perfetto(int argc, char **argv)
{
    struct export_options o;
    if (!trace_parse_export(argc, argv, &o, "o"))
        return EXIT_USAGE;
    if (!o.out)
        return trace_fail("perfetto wants -o OUT.json");
    sqlite3 *db = trace_open(o.db);
    if (!db)
        return EXIT_USAGE;
    double cycles_per_us = (double)trace_query_int(db, "SELECT CAST(value AS INTEGER) FROM run WHERE key = 'cpu_hz' "
                                                       "AND ?1 = ?1", 0, 1700000000) / 1e6;
    sqlite3_stmt *names = NULL, *seg = NULL, *irq = NULL;
    bool ok = trace_prepare(db, "SELECT DISTINCT vm, cpu FROM el_segments ORDER BY vm, cpu", &names) &&
              trace_prepare(db, "SELECT s.cpu, s.el, s.vm, s.cycle_start, s.cycle_end, s.seq_end - s.seq_start, "
                                "e.kind, e.type, e.ec_name FROM el_segments s LEFT JOIN events e ON e.id = s.event_id "
                                "ORDER BY s.cpu, s.cycle_start", &seg) &&
              trace_prepare(db, "SELECT cpu, cycle, CASE WHEN el >= 2 THEN 0 ELSE vmid END, what, virtual, intid, lr "
                                "FROM irqs WHERE cpu >= 0 ORDER BY id", &irq);
    FILE *f = ok ? trace_open_out(o.out) : NULL;
    if (!f) {
        sqlite3_finalize(names);
        sqlite3_finalize(seg);
        sqlite3_finalize(irq);
        sqlite3_close(db);
        return ok ? EXIT_USAGE : EXIT_FAIL;
    }
    fprintf(f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    bool first = true;
    int last_vm = -1;
    while (sqlite3_step(names) == SQLITE_ROW) {
        int vm = sqlite3_column_int(names, 0), cpu = sqlite3_column_int(names, 1);
        char name[32];
        if (vm != last_vm) {
            if (vm == 0)
                snprintf(name, sizeof name, "hypervisor");
            else
                snprintf(name, sizeof name, "VM %d", vm);
            json_meta(f, &first, "process_name", vm, 0, name);
            last_vm = vm;
        }
        snprintf(name, sizeof name, vm ? "vCPU %d" : "cpu %d", cpu);
        json_meta(f, &first, "thread_name", vm, cpu, name);
    }
    while (sqlite3_step(seg) == SQLITE_ROW) {
        int cpu = sqlite3_column_int(seg, 0), el = sqlite3_column_int(seg, 1), vm = sqlite3_column_int(seg, 2);
        uint64_t c0 = col_u64(seg, 3), c1 = col_u64(seg, 4), n = col_u64(seg, 5);
        const char *kind = (const char *)sqlite3_column_text(seg, 6);
        const char *type = (const char *)sqlite3_column_text(seg, 7);
        const char *ec = (const char *)sqlite3_column_text(seg, 8);
        char name[64];
        if (kind && strcmp(kind, "exception") == 0)
            snprintf(name, sizeof name, "EL%d %s", el, ec ? ec : type ? type : "exception");
        else
            snprintf(name, sizeof name, "EL%d", el);
        fprintf(f, ",\n{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":%.4f,\"dur\":%.4f,\"pid\":%d,\"tid\":%d,"
                   "\"args\":{\"cycles\":%" PRIu64 ",\"instructions\":%" PRIu64 "}}",
                name, kind && strcmp(kind, "exception") == 0 ? "exception" : "el", (double)c0 / cycles_per_us,
                (double)(c1 - c0) / cycles_per_us, vm, cpu, c1 - c0, n);
    }
    while (sqlite3_step(irq) == SQLITE_ROW) {
        int cpu = sqlite3_column_int(irq, 0), vm = sqlite3_column_int(irq, 2);
        const char *what = (const char *)sqlite3_column_text(irq, 3);
        bool virt = sqlite3_column_int(irq, 4) != 0;
        fprintf(f, ",\n{\"name\":\"%s %" PRIu64 " %s\",\"cat\":\"irq\",\"ph\":\"i\",\"s\":\"t\",\"ts\":%.4f,"
                   "\"pid\":%d,\"tid\":%d,\"args\":{\"intid\":%" PRIu64 ",\"lr\":%d}}",
                virt ? "vIRQ" : "IRQ", col_u64(irq, 5), what ? what : "?", (double)col_u64(irq, 1) / cycles_per_us, vm,
                cpu, col_u64(irq, 5), sqlite3_column_type(irq, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(irq, 6));
    }
    fprintf(f, "\n]}\n");
    sqlite3_finalize(names);
    sqlite3_finalize(seg);
    sqlite3_finalize(irq);
    sqlite3_close(db);
    return trace_close_out(f, o.out);
}

/* ---- folded stacks ---- */

int trace_export_folded(int argc, char **argv)
{
    struct export_options o;
    if (!trace_parse_export(argc, argv, &o, "ob"))
        return EXIT_USAGE;
    sqlite3 *db = trace_open(o.db);
    if (!db)
        return EXIT_USAGE;
    bool cycles = strcmp(o.by, "cycles") == 0;
    /* Per function from the per-PC counts when the trace saw instructions, else per VM and EL from
     * the exception entries and returns. */
    bool have_pcs = trace_query_int(db, "SELECT COUNT(*) FROM pc_stats WHERE ?1 = ?1", 0, 0) > 0;
    const char *sql =
        have_pcs
            ? "SELECT CASE WHEN el >= 2 THEN 0 ELSE vmid END AS vm, el, COALESCE(function, '?') AS func, "
              "SUM(CASE WHEN ?1 THEN cycles ELSE count END) AS n "
              "FROM pc_functions GROUP BY vm, el, func HAVING n > 0 ORDER BY vm, el, func"
            : "SELECT vm, el, NULL, SUM(CASE WHEN ?1 THEN cycle_end - cycle_start ELSE seq_end - seq_start END) AS n "
              "FROM el_segments GROUP BY vm, el HAVING n > 0 ORDER BY vm, el";
    sqlite3_stmt *st;
    if (!trace_prepare(db, sql, &st)) {
        sqlite3_close(db);
        return EXIT_FAIL;
    }
    sqlite3_bind_int(st, 1, cycles);
    FILE *f = trace_open_out(o.out);
    if (!f) {
        sqlite3_finalize(st);
        sqlite3_close(db);
        return EXIT_USAGE;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *func = (const char *)sqlite3_column_text(st, 2);
        fprintf(f, "VM%d;EL%d%s%s %" PRIu64 "\n", sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), func ? ";" : "",
                func ? func : "", col_u64(st, 3));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return trace_close_out(f, o.out);
}
