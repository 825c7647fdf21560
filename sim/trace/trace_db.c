/* The trace database writer: ring buffers on the simulator's side, a writer thread on SQLite's. */
#include "trace_db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "embedded.h"
#include "blocks.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "names.h"
#include "sha256.h"

enum record_type { REC_EVENT, REC_INSN, REC_REG, REC_MEM, REC_BLOCK };

/* One entry of a ring: an event as observed plus what the writer needs to place it. */
struct record {
    struct obs_event e;
    uint8_t type;       /* enum record_type */
    uint16_t idx;       /* REC_REG/REC_MEM: order within the instruction */
    uint64_t id;        /* REC_EVENT: events.id */
    uint64_t cycles;    /* REC_INSN: cycles until the core's next instruction */
    char *message;      /* OBS_CHECK: an owned copy of the message */
    struct insn_block *block; /* REC_BLOCK: an owned block of the full stream */
};

/* A single-producer (the simulator), single-consumer (the writer) ring. */
struct ring {
    struct record *slots;
    unsigned mask;
    _Atomic uint64_t head, tail;   /* records pushed / taken */
};

/* What the observer keeps per core between events. */
struct core {
    bool selected;                 /* the current instruction is captured */
    bool pending;                  /* rec holds it until its cycle count is known */
    struct record rec;
    uint16_t reg_idx, mem_idx;
    struct insn_block *block;      /* --trace-full: the block being filled */
};

/* The writer's per-core state for the full stream: the last instruction of the previous block,
 * counted in pc_stats once the next one's cycle is known. */
struct stream_tail {
    bool valid;
    struct obs_event e;
};

/* Instructions and cycles per (cpu, el, vmid, pc): an open-addressing table in the writer. */
struct pc_stat {
    uint64_t pc, count, cycles;
    int16_t cpu;                   /* -1: empty slot */
    uint8_t el;
    uint16_t vmid;
};

#define INSN_ROWS 64                /* rows per multi-row INSERT */
#define DEFAULT_RING_RECORDS (1u << 16)
#define NRINGS (TRACE_MAX_CPUS + 1) /* the last ring holds the events of no core */

struct trace_db {
    sqlite3 *db;
    struct trace_db_options o;
    struct trace_filter filter;    /* the run's copy, with its trigger state */
    bool has_filter;
    struct observer obs;

    struct ring rings[NRINGS];
    struct core cores[NRINGS];
    uint64_t next_event_id;
    _Atomic uint64_t dropped;        /* records dropped (lossy) */
    _Atomic uint64_t dropped_insns;  /* instructions among them (rows or in blocks) */

    pthread_t thread;
    bool thread_running;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool closing;                  /* under lock */
    bool failed;                   /* the writer met a database error (writer only until joined) */
    char error[256];

    sqlite3_stmt *ins_event, *ins_insn1, *ins_insn64, *ins_reg, *ins_mem, *ins_block;
    struct stream_tail tails[NRINGS];
    struct record *insn_batch[INSN_ROWS];
    unsigned insn_batch_count;

    struct pc_stat *stats;
    size_t stats_cap, stats_used;

    /* Facts about the run's end, written by trace_db_finish(). */
    char late_keys[8][32], late_values[8][128];
    unsigned nlate;
};

static void bind_u64(sqlite3_stmt *st, int col, uint64_t v) { sqlite3_bind_int64(st, col, (sqlite3_int64)v); }

static bool exec_sql(struct trace_db *t, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(t->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    snprintf(t->error, sizeof t->error, "trace database: %s", msg ? msg : sqlite3_errmsg(t->db));
    sqlite3_free(msg);
    return false;
}

static bool prepare(struct trace_db *t, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v3(t->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) == SQLITE_OK)
        return true;
    snprintf(t->error, sizeof t->error, "trace database: %s", sqlite3_errmsg(t->db));
    return false;
}

static bool step_reset(struct trace_db *t, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (st != t->ins_insn64 && st != t->ins_insn1)
        sqlite3_clear_bindings(st); /* the other statements leave some parameters NULL */
    if (rc == SQLITE_DONE)
        return true;
    snprintf(t->error, sizeof t->error, "trace database: %s", sqlite3_errmsg(t->db));
    return false;
}

static void close_db(struct trace_db *t)
{
    sqlite3_stmt *sts[] = { t->ins_event, t->ins_insn1, t->ins_insn64, t->ins_reg, t->ins_mem, t->ins_block };
    for (unsigned k = 0; k < sizeof sts / sizeof sts[0]; k++)
        sqlite3_finalize(sts[k]);
    sqlite3_close(t->db);
    t->db = NULL;
}

static void destroy(struct trace_db *t)
{
    if (t->db)
        close_db(t);
    for (unsigned r = 0; r < NRINGS; r++) {
        struct ring *ring = &t->rings[r];
        if (ring->slots)
            for (uint64_t k = ring->tail; k < ring->head; k++) {
                free(ring->slots[k & ring->mask].message);
                free(ring->slots[k & ring->mask].block);
            }
        free(ring->slots);
        free(t->cores[r].block);
    }
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    free(t->stats);
    free(t);
}

static bool prepare_inserts(struct trace_db *t)
{
    /* One placeholder per events column after id's neighbours: see schema.sql. */
    static const char ev[] =
        "INSERT INTO events(id,cpu,seq,cycle,pc,el,vmid,asid,kind,from_el,to_el,type,esr,ec,ec_name,far,hpfar,"
        "elr,spsr,intid,virtual,lr,level,regime,stage2_only,global,va,pa,size,fill_vmid,fill_asid,op,arg,"
        "broadcast,sysreg,encoding,old_value,new_value,vttbr,function,arg0,arg1,arg2,result,message) VALUES("
        "?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,"
        "?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44,?45)";
    char many[INSN_ROWS * 20 + 64];
    size_t n = (size_t)snprintf(many, sizeof many, "INSERT INTO insns VALUES");
    for (unsigned k = 0; k < INSN_ROWS; k++)
        n += (size_t)snprintf(many + n, sizeof many - n, "%s(?,?,?,?,?,?,?,?)", k ? "," : "");
    return prepare(t, ev, &t->ins_event) && prepare(t, "INSERT INTO insns VALUES(?,?,?,?,?,?,?,?)", &t->ins_insn1) &&
           prepare(t, many, &t->ins_insn64) &&
           prepare(t, "INSERT INTO reg_writes VALUES(?,?,?,?,?,?)", &t->ins_reg) &&
           prepare(t, "INSERT INTO mem_accesses VALUES(?,?,?,?,?,?,?,?)", &t->ins_mem) &&
           prepare(t, "INSERT INTO blocks VALUES(?,?,?,?,?,?,?,?,?,?,?)", &t->ins_block);
}

struct sysreg_rows {
    struct trace_db *t;
    sqlite3_stmt *st;
    bool ok;
};

static void put_sysreg_name(const struct sysreg_info *r, void *arg)
{
    struct sysreg_rows *rows = arg;
    if (!rows->ok || (r->flags & SYSREG_INSN))
        return;
    sqlite3_bind_int(rows->st, 1, (int)r->key);
    sqlite3_bind_text(rows->st, 2, r->name, -1, SQLITE_STATIC);
    rows->ok = step_reset(rows->t, rows->st);
}

/* The simulator's system-register names by encoding (table sysreg_names). */
static bool put_sysreg_names(struct trace_db *t)
{
    struct sysreg_rows rows = { t, NULL, true };
    if (!prepare(t, "INSERT OR IGNORE INTO sysreg_names VALUES(?1,?2)", &rows.st))
        return false;
    sysreg_for_each(put_sysreg_name, &rows);
    sqlite3_finalize(rows.st);
    return rows.ok;
}

struct trace_db *trace_db_create(const char *path, const struct trace_db_options *o, char *err, size_t errlen)
{
    struct trace_db *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of host memory for the trace");
        return NULL;
    }
    t->o = *o;
    if (o->filter) {
        t->filter = *o->filter;
        t->has_filter = true;
    }
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    unsigned size = o->ring_records ? o->ring_records : DEFAULT_RING_RECORDS;
    for (unsigned r = 0; r < NRINGS; r++) {
        t->rings[r].slots = calloc(size, sizeof(struct record));
        t->rings[r].mask = size - 1;
        if (!t->rings[r].slots) {
            snprintf(err, errlen, "out of host memory for the trace's buffers");
            destroy(t);
            return NULL;
        }
    }
    /* Replace an old trace and its write-ahead log. */
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "--trace: cannot create '%s': %s", path, sqlite3_errmsg(t->db));
        destroy(t);
        return NULL;
    }
    /* WAL: a killed process leaves every committed transaction; synchronous=OFF: no fsync (a
     * crash of the host, not of the process, may lose the end). One thread at a time uses the
     * connection (this one until trace_db_start, then the writer): no SQLite mutexes. */
    char meta[256];
    snprintf(meta, sizeof meta,
             "INSERT INTO meta VALUES('format','a72sim-trace'),('schema_version','%d');", TRACE_SCHEMA_VERSION);
    if (!exec_sql(t, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; "
                     "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;") ||
        !exec_sql(t, "BEGIN") || !exec_sql(t, trace_schema_sql) || !exec_sql(t, meta) || !put_sysreg_names(t) ||
        !prepare_inserts(t)) {
        snprintf(err, errlen, "--trace: '%s': %s", path, t->error);
        destroy(t);
        unlink(path); /* nothing half-written */
        return NULL;
    }
    t->obs.name = "trace-db";
    t->obs.kinds = OBS_ALL & ~(OBS_MASK(OBS_INSN) | OBS_MASK(OBS_REG_WRITE) | OBS_MASK(OBS_MEM));
    if (o->full)
        t->obs.kinds |= OBS_MASK(OBS_INSN);
    if (t->has_filter) {
        t->obs.kinds |= OBS_MASK(OBS_INSN);
        if (o->regs)
            t->obs.kinds |= OBS_MASK(OBS_REG_WRITE);
        if (o->mem)
            t->obs.kinds |= OBS_MASK(OBS_MEM);
    }
    t->obs.ctx = t;
    return t;
}

static bool put_kv(struct trace_db *t, const char *sql, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (!prepare(t, sql, &st))
        return false;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    bool ok = step_reset(t, st);
    sqlite3_finalize(st);
    return ok;
}

bool trace_db_put_run(struct trace_db *t, const char *key, const char *value)
{
    return put_kv(t, "INSERT OR REPLACE INTO run VALUES(?1,?2)", key, value);
}

bool trace_db_put_run_late(struct trace_db *t, const char *key, const char *value)
{
    if (t->nlate == 8)
        return false;
    snprintf(t->late_keys[t->nlate], sizeof t->late_keys[0], "%s", key);
    snprintf(t->late_values[t->nlate], sizeof t->late_values[0], "%s", value);
    t->nlate++;
    return true;
}

bool trace_db_put_image(struct trace_db *t, unsigned index, const char *path)
{
    char hex[65];
    if (!sha256_file_hex(path, hex))
        return false;
    sqlite3_stmt *st;
    if (!prepare(t, "INSERT INTO images VALUES(?1,?2,?3)", &st))
        return false;
    sqlite3_bind_int(st, 1, (int)index);
    sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hex, -1, SQLITE_TRANSIENT);
    bool ok = step_reset(t, st);
    sqlite3_finalize(st);
    return ok;
}

bool trace_db_put_symbols(struct trace_db *t, const struct symtab *syms)
{
    sqlite3_stmt *st;
    if (!prepare(t, "INSERT INTO symbols VALUES(?1,?2,?3,?4,?5,?6,?7)", &st))
        return false;
    bool ok = true;
    for (size_t k = 0; ok && k < syms->count; k++) {
        const struct symbol *s = &syms->syms[k];
        sqlite3_bind_int(st, 1, (int)s->image);
        sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)s->addr);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)s->size);
        sqlite3_bind_text(st, 5, s->func ? "func" : "object", -1, SQLITE_STATIC);
        if (s->scope.vmid >= 0)
            sqlite3_bind_int(st, 6, s->scope.vmid);
        else
            sqlite3_bind_null(st, 6);
        if (s->scope.el >= 0)
            sqlite3_bind_int(st, 7, s->scope.el);
        else
            sqlite3_bind_null(st, 7);
        ok = step_reset(t, st);
    }
    sqlite3_finalize(st);
    return ok;
}

bool trace_db_put_core_start(struct trace_db *t, unsigned cpu, const struct trace_core_state *s)
{
    sqlite3_stmt *st;
    if (!prepare(t, "INSERT INTO cores(cpu,start_el,start_vmid,start_seq,start_cycle,start_sp_el0,start_sp_el1,"
                    "start_sp_el2,start_sp_el3) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)", &st))
        return false;
    sqlite3_bind_int(st, 1, (int)cpu);
    sqlite3_bind_int(st, 2, (int)s->el);
    sqlite3_bind_int(st, 3, (int)s->vmid);
    bind_u64(st, 4, s->seq);
    bind_u64(st, 5, s->cycle);
    for (int k = 0; k < 4; k++)
        bind_u64(st, 6 + k, s->sp_el[k]);
    bool ok = step_reset(t, st);
    sqlite3_finalize(st);
    return ok;
}

/* ---- the writer thread ---- */


static bool write_event(struct trace_db *t, const struct record *r)
{
    const struct obs_event *e = &r->e;
    sqlite3_stmt *st = t->ins_event;
    bind_u64(st, 1, r->id);
    sqlite3_bind_int(st, 2, e->cpu);
    bind_u64(st, 3, e->seq);
    bind_u64(st, 4, e->cycle);
    bind_u64(st, 5, e->pc);
    sqlite3_bind_int(st, 6, e->el);
    sqlite3_bind_int(st, 7, e->vmid);
    sqlite3_bind_int(st, 8, e->asid);
    static const char *const kinds[OBS_KIND_COUNT] = {
        [OBS_EXCEPTION] = "exception", [OBS_ERET] = "eret", [OBS_IRQ] = "irq", [OBS_TLB_FILL] = "tlb_fill",
        [OBS_TLBI] = "tlbi", [OBS_SYSREG_WRITE] = "sysreg_write", [OBS_VM_SWITCH] = "vm_switch",
        [OBS_SLEEP] = "sleep", [OBS_WAKE] = "wake", [OBS_PSCI] = "psci", [OBS_SEMIHOST] = "semihost",
        [OBS_CHECK] = "check",
    };
    sqlite3_bind_text(st, 9, kinds[e->kind] ? kinds[e->kind] : "other", -1, SQLITE_STATIC);
    switch (e->kind) {
    case OBS_EXCEPTION: {
        sqlite3_bind_int(st, 10, e->u.exc.from_el);
        sqlite3_bind_int(st, 11, e->u.exc.to_el);
        const char *vk = trace_vector_kind(e->u.exc.vector_offset);
        sqlite3_bind_text(st, 12, vk, -1, SQLITE_STATIC);
        bind_u64(st, 13, e->u.exc.esr);
        if (strcmp(vk, "sync") == 0 || strcmp(vk, "serror") == 0) {
            sqlite3_bind_int(st, 14, (int)(e->u.exc.esr >> 26));
            sqlite3_bind_text(st, 15, ec_label(e->u.exc.esr >> 26), -1, SQLITE_STATIC);
        }
        if (e->u.exc.far_valid)
            bind_u64(st, 16, e->u.exc.far);
        if (e->u.exc.hpfar_valid)
            bind_u64(st, 17, e->u.exc.hpfar);
        bind_u64(st, 18, e->u.exc.elr);
        bind_u64(st, 19, e->u.exc.spsr);
        break;
    }
    case OBS_ERET:
        sqlite3_bind_int(st, 10, e->u.eret.from_el);
        sqlite3_bind_int(st, 11, e->u.eret.to_el);
        bind_u64(st, 19, e->u.eret.spsr);
        break;
    case OBS_IRQ: {
        static const char *const what[] = { "pending", "ack", "eoi", "deactivate", "maintenance", "taken" };
        unsigned w = (unsigned)e->u.irq.what;
        sqlite3_bind_text(st, 12, w < 6 ? what[w] : "other", -1, SQLITE_STATIC);
        bind_u64(st, 20, e->u.irq.intid);
        sqlite3_bind_int(st, 21, e->u.irq.is_virtual);
        if (e->u.irq.lr >= 0)
            sqlite3_bind_int(st, 22, e->u.irq.lr);
        if (e->u.irq.what == OBS_IRQ_MAINTENANCE)
            sqlite3_bind_int(st, 23, e->u.irq.level);
        break;
    }
    case OBS_TLB_FILL:
        sqlite3_bind_int(st, 24, e->u.tlb_fill.regime);
        sqlite3_bind_int(st, 25, e->u.tlb_fill.stage2_only);
        sqlite3_bind_int(st, 26, e->u.tlb_fill.global);
        bind_u64(st, 27, e->u.tlb_fill.va);
        bind_u64(st, 28, e->u.tlb_fill.pa);
        bind_u64(st, 29, e->u.tlb_fill.size);
        sqlite3_bind_int(st, 30, e->u.tlb_fill.vmid);
        sqlite3_bind_int(st, 31, e->u.tlb_fill.asid);
        break;
    case OBS_TLBI:
        sqlite3_bind_text(st, 12, trace_tlbi_scope(e->u.tlbi.op), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 32, e->u.tlbi.op ? e->u.tlbi.op : "?", -1, SQLITE_STATIC);
        bind_u64(st, 33, e->u.tlbi.arg);
        sqlite3_bind_int(st, 34, e->u.tlbi.broadcast);
        break;
    case OBS_SYSREG_WRITE:
        sqlite3_bind_text(st, 35, e->u.sysreg.name ? e->u.sysreg.name : "?", -1, SQLITE_STATIC);
        bind_u64(st, 36, e->u.sysreg.encoding);
        bind_u64(st, 37, e->u.sysreg.old_value);
        bind_u64(st, 38, e->u.sysreg.new_value);
        break;
    case OBS_VM_SWITCH:
        bind_u64(st, 37, e->u.vm.old_vmid);
        bind_u64(st, 38, e->u.vm.new_vmid);
        bind_u64(st, 39, e->u.vm.vttbr);
        break;
    case OBS_SLEEP:
        sqlite3_bind_text(st, 12, e->u.sleep.wfe ? "wfe" : "wfi", -1, SQLITE_STATIC);
        break;
    case OBS_PSCI:
    case OBS_SEMIHOST:
        bind_u64(st, 40, e->u.call.function);
        bind_u64(st, 41, e->u.call.args[0]);
        bind_u64(st, 42, e->u.call.args[1]);
        bind_u64(st, 43, e->u.call.args[2]);
        bind_u64(st, 44, e->u.call.result);
        break;
    case OBS_CHECK:
        sqlite3_bind_text(st, 32, e->u.check.check ? e->u.check.check : "?", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 45, r->message ? r->message : "", -1, SQLITE_STATIC);
        break;
    default:
        break;
    }
    return step_reset(t, st);
}

static void bind_insn(sqlite3_stmt *st, int base, const struct obs_event *e)
{
    sqlite3_bind_int(st, base + 1, e->cpu);
    bind_u64(st, base + 2, e->seq);
    bind_u64(st, base + 3, e->cycle);
    bind_u64(st, base + 4, e->pc);
    bind_u64(st, base + 5, e->u.insn.opcode);
    sqlite3_bind_int(st, base + 6, e->el);
    sqlite3_bind_int(st, base + 7, e->vmid);
    sqlite3_bind_int(st, base + 8, e->asid);
}

static bool flush_insns(struct trace_db *t)
{
    bool ok = true;
    if (t->insn_batch_count == INSN_ROWS) {
        for (unsigned k = 0; k < INSN_ROWS; k++)
            bind_insn(t->ins_insn64, (int)k * 8, &t->insn_batch[k]->e);
        ok = step_reset(t, t->ins_insn64);
    } else {
        for (unsigned k = 0; ok && k < t->insn_batch_count; k++) {
            bind_insn(t->ins_insn1, 0, &t->insn_batch[k]->e);
            ok = step_reset(t, t->ins_insn1);
        }
    }
    t->insn_batch_count = 0;
    return ok;
}

static uint64_t stat_hash(int cpu, unsigned el, unsigned vmid, uint64_t pc)
{
    uint64_t h = pc * 0x9e3779b97f4a7c15ull ^ ((uint64_t)cpu << 56 | (uint64_t)el << 48 | (uint64_t)vmid << 32);
    return h ^ (h >> 29);
}

static bool count_pc(struct trace_db *t, const struct obs_event *e, uint64_t cycles)
{
    if (t->stats_used * 2 >= t->stats_cap) {
        size_t cap = t->stats_cap ? t->stats_cap * 2 : 4096;
        struct pc_stat *s = malloc(cap * sizeof *s);
        if (!s) {
            snprintf(t->error, sizeof t->error, "out of host memory for the trace's per-PC counts");
            return false;
        }
        for (size_t k = 0; k < cap; k++)
            s[k].cpu = -1;
        for (size_t k = 0; k < t->stats_cap; k++) {
            struct pc_stat *o = &t->stats[k];
            if (o->cpu < 0)
                continue;
            size_t h = stat_hash(o->cpu, o->el, o->vmid, o->pc) & (cap - 1);
            while (s[h].cpu >= 0)
                h = (h + 1) & (cap - 1);
            s[h] = *o;
        }
        free(t->stats);
        t->stats = s;
        t->stats_cap = cap;
    }
    size_t h = stat_hash(e->cpu, e->el, e->vmid, e->pc) & (t->stats_cap - 1);
    for (;;) {
        struct pc_stat *s = &t->stats[h];
        if (s->cpu < 0) {
            *s = (struct pc_stat){ .pc = e->pc, .count = 1, .cycles = cycles, .cpu = (int16_t)e->cpu, .el = e->el,
                                   .vmid = e->vmid };
            t->stats_used++;
            return true;
        }
        if (s->pc == e->pc && s->cpu == e->cpu && s->el == e->el && s->vmid == e->vmid) {
            s->count++;
            s->cycles += cycles;
            return true;
        }
        h = (h + 1) & (t->stats_cap - 1);
    }
}

/* The set of values in a column as ",a,b,": the summary columns of a block. */
static void value_set(char *out, size_t len, const uint16_t *wide, const uint8_t *narrow, unsigned count)
{
    uint16_t seen[16];
    unsigned n = 0;
    size_t used = (size_t)snprintf(out, len, ",");
    for (unsigned k = 0; k < count; k++) {
        uint16_t v = wide ? wide[k] : narrow[k];
        bool found = false;
        for (unsigned j = 0; j < n && !found; j++)
            found = seen[j] == v;
        if (found || n == 16)
            continue;
        seen[n++] = v;
        used += (size_t)snprintf(out + used, len - used, "%u,", v);
        if (used >= len)
            break;
    }
}

/* A block of the full stream: its instructions counted per PC, then compressed into the blocks table. */
static bool write_block(struct trace_db *t, struct record *r)
{
    struct insn_block *b = r->block;
    struct stream_tail *tail = &t->tails[r->e.cpu >= 0 && r->e.cpu < TRACE_MAX_CPUS ? r->e.cpu : TRACE_MAX_CPUS];
    struct obs_event e = { .cpu = b->cpu };
    if (tail->valid && !count_pc(t, &tail->e, b->cycle[0] - tail->e.cycle))
        return false;
    uint64_t pc_min = UINT64_MAX, pc_max = 0;
    for (unsigned k = 0; k < b->count; k++) {
        e.pc = b->pc[k];
        e.el = b->el[k];
        e.vmid = b->vmid[k];
        e.cycle = b->cycle[k];
        if (k + 1 < b->count && !count_pc(t, &e, b->cycle[k + 1] - b->cycle[k]))
            return false;
        pc_min = e.pc < pc_min ? e.pc : pc_min;
        pc_max = e.pc > pc_max ? e.pc : pc_max;
    }
    tail->valid = true;
    tail->e = e;
    size_t size;
    uint8_t *data = block_encode(b, &size);
    if (!data) {
        snprintf(t->error, sizeof t->error, "out of host memory compressing the instruction stream");
        return false;
    }
    char els[64], vmids[128];
    value_set(els, sizeof els, NULL, b->el, b->count);
    value_set(vmids, sizeof vmids, b->vmid, NULL, b->count);
    sqlite3_stmt *st = t->ins_block;
    sqlite3_bind_int(st, 1, b->cpu);
    bind_u64(st, 2, b->first_seq);
    bind_u64(st, 3, b->first_seq + b->count - 1);
    bind_u64(st, 4, b->cycle[0]);
    bind_u64(st, 5, b->cycle[b->count - 1]);
    bind_u64(st, 6, pc_min);
    bind_u64(st, 7, pc_max);
    sqlite3_bind_text(st, 8, els, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, vmids, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 10, (int)b->count);
    sqlite3_bind_blob(st, 11, data, (int)size, free);
    return step_reset(t, st);
}

static bool write_record(struct trace_db *t, struct record *r)
{
    char name[8];
    sqlite3_stmt *st;
    switch (r->type) {
    case REC_EVENT:
        return write_event(t, r);
    case REC_BLOCK:
        return write_block(t, r);
    case REC_INSN:
        t->insn_batch[t->insn_batch_count++] = r;
        if (!t->o.full && !count_pc(t, &r->e, r->cycles))
            return false;
        return t->insn_batch_count < INSN_ROWS || flush_insns(t);
    case REC_REG:
        st = t->ins_reg;
        sqlite3_bind_int(st, 1, r->e.cpu);
        bind_u64(st, 2, r->e.seq);
        sqlite3_bind_int(st, 3, r->idx);
        sqlite3_bind_text(st, 4, trace_reg_name(r->e.u.reg.reg, r->e.u.reg.sp_el, name), -1, SQLITE_TRANSIENT);
        bind_u64(st, 5, r->e.u.reg.value[0]);
        if (r->e.u.reg.reg >= OBS_REG_V0)
            bind_u64(st, 6, r->e.u.reg.value[1]);
        return step_reset(t, st);
    case REC_MEM:
        st = t->ins_mem;
        sqlite3_bind_int(st, 1, r->e.cpu);
        bind_u64(st, 2, r->e.seq);
        sqlite3_bind_int(st, 3, r->idx);
        bind_u64(st, 4, r->e.u.mem.va);
        bind_u64(st, 5, r->e.u.mem.pa);
        sqlite3_bind_int(st, 6, r->e.u.mem.size);
        sqlite3_bind_int(st, 7, r->e.u.mem.write);
        bind_u64(st, 8, r->e.u.mem.data);
        return step_reset(t, st);
    }
    return true;
}

/* Give the slots [from, to) back to the producer. */
static void release(struct ring *ring, uint64_t from, uint64_t to)
{
    for (uint64_t k = from; k < to; k++) {
        struct record *r = &ring->slots[k & ring->mask];
        free(r->message);
        r->message = NULL;
        free(r->block);
        r->block = NULL;
    }
    atomic_store_explicit(&ring->tail, to, memory_order_release);
}

#define DRAIN_MAX_RECORDS (1u << 20) /* per ring and transaction */

/* Write out what the rings hold, in one transaction. Slots go back to the producer as soon as
 * their rows are written (batched instruction rows point into them until then), so the cores run
 * on while the transaction grows; what arrives meanwhile joins it, up to DRAIN_MAX_RECORDS. */
static bool drain(struct trace_db *t)
{
    bool any = false;
    for (unsigned r = 0; r < NRINGS; r++)
        any |= atomic_load_explicit(&t->rings[r].head, memory_order_acquire) !=
               atomic_load_explicit(&t->rings[r].tail, memory_order_relaxed);
    if (!any)
        return true;
    if (!exec_sql(t, "BEGIN"))
        return false;
    bool ok = true;
    for (unsigned r = 0; r < NRINGS; r++) {
        struct ring *ring = &t->rings[r];
        uint64_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed), k = tail;
        uint64_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
        uint64_t limit = tail + DRAIN_MAX_RECORDS;
        while (ok && k < head) {
            ok = write_record(t, &ring->slots[k & ring->mask]);
            k++;
            if (t->insn_batch_count == 0 && k - tail >= 256) {
                release(ring, tail, k);
                tail = k;
            }
            if (k == head && k < limit)
                head = atomic_load_explicit(&ring->head, memory_order_acquire);
        }
        ok = ok && flush_insns(t);
        release(ring, tail, k);
    }
    return ok && exec_sql(t, "COMMIT");
}

static void *writer_main(void *arg)
{
    struct trace_db *t = arg;
    for (;;) {
        pthread_mutex_lock(&t->lock);
        bool closing = t->closing;
        if (!closing) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 20 * 1000 * 1000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&t->wake, &t->lock, &until);
            closing = t->closing;
        }
        pthread_mutex_unlock(&t->lock);
        if (!t->failed && !drain(t))
            t->failed = true;
        if (t->failed) {
            /* Keep taking records so a lossless core never waits forever. */
            for (unsigned r = 0; r < NRINGS; r++)
                atomic_store_explicit(&t->rings[r].tail, atomic_load(&t->rings[r].head), memory_order_release);
        }
        if (closing)
            return NULL;
    }
}

bool trace_db_start(struct trace_db *t, char *err, size_t errlen)
{
    if (!exec_sql(t, "COMMIT")) {
        snprintf(err, errlen, "%s", t->error);
        return false;
    }
    if (pthread_create(&t->thread, NULL, writer_main, t) != 0) {
        snprintf(err, errlen, "cannot start the trace writer thread");
        return false;
    }
    t->thread_running = true;
    return true;
}

/* ---- the observer (the simulator's thread) ---- */

static void push(struct trace_db *t, unsigned ring_index, const struct record *rec)
{
    struct ring *r = &t->rings[ring_index];
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    unsigned size = r->mask + 1;
    while (head - atomic_load_explicit(&r->tail, memory_order_acquire) >= size) {
        if (t->o.lossy) {
            atomic_fetch_add_explicit(&t->dropped, 1, memory_order_relaxed);
            if (rec->type == REC_INSN || rec->type == REC_BLOCK)
                atomic_fetch_add_explicit(&t->dropped_insns, rec->block ? rec->block->count : 1,
                                          memory_order_relaxed);
            free(rec->message);
            free(rec->block);
            return;
        }
        pthread_cond_signal(&t->wake);
        struct timespec pause = { 0, 50 * 1000 };
        nanosleep(&pause, NULL);
    }
    r->slots[head & r->mask] = *rec;
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    if (((head + 1) & (size / 4 - 1)) == 0)
        pthread_cond_signal(&t->wake); /* a quarter full since the last signal: wake the writer */
}

/* Hand a core's block of the full stream to the writer. */
static void push_block(struct trace_db *t, unsigned ri, struct core *c)
{
    if (!c->block || c->block->count == 0)
        return;
    struct record rec = { .type = REC_BLOCK, .block = c->block };
    rec.e.cpu = c->block->cpu;
    c->block = NULL;
    push(t, ri, &rec);
}

static void stream_insn(struct trace_db *t, unsigned ri, struct core *c, const struct obs_event *e)
{
    struct insn_block *b = c->block;
    if (b && (b->count == BLOCK_INSNS || b->first_seq + b->count != e->seq)) {
        push_block(t, ri, c);
        b = NULL;
    }
    if (!b) {
        b = c->block = malloc(sizeof *b);
        if (!b) {
            atomic_fetch_add_explicit(&t->dropped, 1, memory_order_relaxed);
            atomic_fetch_add_explicit(&t->dropped_insns, 1, memory_order_relaxed);
            return;
        }
        b->cpu = e->cpu;
        b->first_seq = e->seq;
        b->count = 0;
    }
    unsigned k = b->count++;
    b->pc[k] = e->pc;
    b->cycle[k] = e->cycle;
    b->opcode[k] = e->u.insn.opcode;
    b->el[k] = e->el;
    b->vmid[k] = e->vmid;
    b->asid[k] = e->asid;
}

static void on_event(void *ctx, const struct obs_event *e)
{
    struct trace_db *t = ctx;
    unsigned ri = e->cpu >= 0 && e->cpu < TRACE_MAX_CPUS ? (unsigned)e->cpu : TRACE_MAX_CPUS;
    struct core *c = &t->cores[ri];
    struct record rec;
    switch (e->kind) {
    case OBS_INSN:
        if (t->o.full)
            stream_insn(t, ri, c, e);
        if (!t->has_filter)
            return;
        if (c->pending) {
            c->rec.cycles = e->cycle - c->rec.e.cycle;
            push(t, ri, &c->rec);
            c->pending = false;
        }
        c->selected = trace_filter_insn(&t->filter, e);
        if (c->selected) {
            c->rec = (struct record){ .e = *e, .type = REC_INSN };
            c->pending = true;
            c->reg_idx = c->mem_idx = 0;
        }
        return;
    case OBS_REG_WRITE:
    case OBS_MEM:
        if (!c->selected)
            return;
        rec = (struct record){ .e = *e, .type = e->kind == OBS_MEM ? REC_MEM : REC_REG };
        rec.e.seq = c->rec.e.seq; /* rows of the instruction that wrote or accessed */
        rec.idx = e->kind == OBS_MEM ? c->mem_idx++ : c->reg_idx++;
        push(t, ri, &rec);
        return;
    default:
        if (t->has_filter)
            trace_filter_event(&t->filter, e);
        rec = (struct record){ .e = *e, .type = REC_EVENT, .id = ++t->next_event_id };
        if (e->kind == OBS_CHECK && e->u.check.message)
            rec.message = strdup(e->u.check.message);
        push(t, ri, &rec);
        return;
    }
}

const struct observer *trace_db_observer(struct trace_db *t)
{
    t->obs.event = on_event;
    return &t->obs;
}

uint64_t trace_db_dropped(const struct trace_db *t)
{
    return atomic_load(&((struct trace_db *)t)->dropped);
}

static bool finish_tables(struct trace_db *t, const struct trace_core_state *ends, unsigned ncpus)
{
    char sql[256];
    if (!exec_sql(t, "BEGIN"))
        return false;
    for (unsigned k = 0; k < ncpus; k++) {
        snprintf(sql, sizeof sql,
                 "UPDATE cores SET end_el=%u, end_vmid=%u, end_seq=%llu, end_cycle=%llu WHERE cpu=%u", ends[k].el,
                 ends[k].vmid, (unsigned long long)ends[k].seq, (unsigned long long)ends[k].cycle, k);
        if (!exec_sql(t, sql))
            return false;
    }
    snprintf(sql, sizeof sql, "%llu", (unsigned long long)trace_db_dropped(t));
    if (!trace_db_put_run(t, "dropped_records", sql))
        return false;
    snprintf(sql, sizeof sql, "%llu", (unsigned long long)atomic_load(&t->dropped_insns));
    if (!trace_db_put_run(t, "dropped_insns", sql))
        return false;
    for (unsigned k = 0; k < t->nlate; k++)
        if (!trace_db_put_run(t, t->late_keys[k], t->late_values[k]))
            return false;
    sqlite3_stmt *st;
    if (!prepare(t, "INSERT INTO pc_stats VALUES(?1,?2,?3,?4,?5,?6)", &st))
        return false;
    bool ok = true;
    for (size_t k = 0; ok && k < t->stats_cap; k++) {
        const struct pc_stat *s = &t->stats[k];
        if (s->cpu < 0)
            continue;
        sqlite3_bind_int(st, 1, s->cpu);
        sqlite3_bind_int(st, 2, s->el);
        sqlite3_bind_int(st, 3, s->vmid);
        bind_u64(st, 4, s->pc);
        bind_u64(st, 5, s->count);
        bind_u64(st, 6, s->cycles);
        ok = step_reset(t, st);
    }
    sqlite3_finalize(st);
    return ok &&
           exec_sql(t, "CREATE INDEX insns_cpu_seq ON insns(cpu, seq);"
                       "CREATE INDEX events_kind ON events(kind, cpu, seq);"
                       "CREATE INDEX events_cpu_seq ON events(cpu, seq);"
                       "CREATE INDEX reg_writes_cpu_seq ON reg_writes(cpu, seq, idx);"
                       "CREATE INDEX mem_accesses_cpu_seq ON mem_accesses(cpu, seq, idx);"
                       "CREATE INDEX pc_stats_pc ON pc_stats(pc);"
                       "CREATE INDEX blocks_cpu_seq ON blocks(cpu, first_seq);"
                       "CREATE INDEX symbols_addr ON symbols(addr);") &&
           exec_sql(t, "COMMIT") && exec_sql(t, "PRAGMA analysis_limit=1000; ANALYZE") && exec_sql(t, "PRAGMA wal_checkpoint(TRUNCATE)");
}

bool trace_db_finish(struct trace_db *t, const struct trace_core_state *ends, unsigned ncpus, char *err,
                     size_t errlen)
{
    /* The last instruction of each core ends where the core ended. */
    for (unsigned k = 0; k < ncpus && k < TRACE_MAX_CPUS; k++) {
        struct core *c = &t->cores[k];
        push_block(t, k, c);
        if (c->pending) {
            c->rec.cycles = ends[k].cycle - c->rec.e.cycle;
            push(t, k, &c->rec);
            c->pending = false;
        }
    }
    if (t->thread_running) {
        pthread_mutex_lock(&t->lock);
        t->closing = true;
        pthread_cond_signal(&t->wake);
        pthread_mutex_unlock(&t->lock);
        pthread_join(t->thread, NULL);
        t->thread_running = false;
    }
    bool ok = !t->failed && drain(t);
    for (unsigned k = 0; ok && k < ncpus && k < TRACE_MAX_CPUS; k++)
        if (t->tails[k].valid)
            ok = count_pc(t, &t->tails[k].e, ends[k].cycle - t->tails[k].e.cycle);
    ok = ok && finish_tables(t, ends, ncpus);
    if (!ok)
        snprintf(err, errlen, "%s", t->error);
    destroy(t);
    return ok;
}
