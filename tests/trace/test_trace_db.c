/* The trace database writer fed with synthetic events (struct obs_event values, as the cores would
 * deliver them): one row per event with its decoded columns, instruction rows exactly as the filter
 * selects them, register and memory rows of those instructions, per-PC counts, the canned queries'
 * answers, lossless capture through a tiny ring, and identical contents for identical input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "blocks.h"
#include "embedded.h"
#include "filter.h"
#include "trace_db.h"

/* ---- a synthetic run ---- */

struct feed {
    const struct observer *obs;
    uint64_t seq[2], cycle[2];
    unsigned el[2], vmid[2];
};

static struct obs_event base(struct feed *f, int cpu, enum obs_kind kind, uint64_t pc)
{
    struct obs_event e = { .kind = kind, .cpu = cpu, .el = (uint8_t)f->el[cpu], .seq = f->seq[cpu],
                           .cycle = f->cycle[cpu], .pc = pc };
    e.vmid = f->el[cpu] < 2 ? (uint16_t)f->vmid[cpu] : 0;
    e.asid = f->el[cpu] < 2 ? 5 : 0;
    return e;
}

static void send(struct feed *f, const struct obs_event *e) { f->obs->event(f->obs->ctx, e); }

/* n instructions from pc, 2 cycles each; the first writes X1 and loads 8 bytes when regs is set. */
static void run_insns(struct feed *f, int cpu, uint64_t pc, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        struct obs_event e = base(f, cpu, OBS_INSN, pc + 4 * k);
        e.u.insn.opcode = 0xd503201f; /* NOP */
        send(f, &e);
        f->seq[cpu]++;
        f->cycle[cpu] += 2;
        struct obs_event r = base(f, cpu, OBS_REG_WRITE, pc + 4 * k);
        r.seq = f->seq[cpu] - 1;
        r.u.reg.reg = 1;
        r.u.reg.value[0] = 0x1000 + k;
        send(f, &r);
        struct obs_event m = base(f, cpu, OBS_MEM, pc + 4 * k);
        m.seq = f->seq[cpu] - 1;
        m.u.mem.va = 0x8000 + 8 * k;
        m.u.mem.pa = 0x48000 + 8 * k;
        m.u.mem.size = 8;
        m.u.mem.data = k;
        send(f, &m);
    }
}

static void exception(struct feed *f, int cpu, uint32_t esr, uint16_t offset, bool hpfar, uint64_t cost)
{
    struct obs_event e = base(f, cpu, OBS_EXCEPTION, 0x10000 + offset);
    e.u.exc.vector_offset = offset;
    e.u.exc.from_el = (uint8_t)f->el[cpu];
    e.u.exc.to_el = 2;
    e.u.exc.esr = esr;
    e.u.exc.elr = 0x4000;
    e.u.exc.far = 0x7000;
    e.u.exc.far_valid = true;
    e.u.exc.hpfar = 0x70;
    e.u.exc.hpfar_valid = hpfar;
    e.cycle += cost;
    f->cycle[cpu] += cost;
    send(f, &e);
    f->el[cpu] = 2;
}

static void eret(struct feed *f, int cpu, unsigned to_el, uint64_t cost)
{
    f->cycle[cpu] += cost;
    struct obs_event e = base(f, cpu, OBS_ERET, 0x4000);
    e.u.eret.from_el = 2;
    e.u.eret.to_el = (uint8_t)to_el;
    send(f, &e);
    f->el[cpu] = to_el;
}

static void vm_switch(struct feed *f, int cpu, unsigned vmid)
{
    struct obs_event w = base(f, cpu, OBS_SYSREG_WRITE, 0x1000);
    w.u.sysreg.encoding = 0xe108;
    w.u.sysreg.name = "VTTBR_EL2";
    w.u.sysreg.old_value = (uint64_t)f->vmid[cpu] << 48;
    w.u.sysreg.new_value = (uint64_t)vmid << 48;
    send(f, &w);
    struct obs_event e = base(f, cpu, OBS_VM_SWITCH, 0x1000);
    e.u.vm.old_vmid = (uint16_t)f->vmid[cpu];
    e.u.vm.new_vmid = (uint16_t)vmid;
    e.u.vm.vttbr = (uint64_t)vmid << 48;
    send(f, &e);
    f->vmid[cpu] = vmid;
}

static void irq(struct feed *f, int cpu, enum obs_irq_what what, uint32_t intid, int lr)
{
    struct obs_event e = base(f, cpu, OBS_IRQ, 0x1000);
    e.u.irq.what = what;
    e.u.irq.is_virtual = lr >= 0;
    e.u.irq.intid = intid;
    e.u.irq.lr = lr;
    send(f, &e);
}

static void tlbi(struct feed *f, int cpu, const char *op)
{
    struct obs_event e = base(f, cpu, OBS_TLBI, 0x1000);
    e.u.tlbi.op = op;
    e.u.tlbi.arg = 0x42;
    send(f, &e);
}

static void tlb_fill(struct feed *f, int cpu, uint64_t va)
{
    struct obs_event e = base(f, cpu, OBS_TLB_FILL, 0x4000);
    e.u.tlb_fill.regime = 1;
    e.u.tlb_fill.vmid = (uint16_t)f->vmid[cpu];
    e.u.tlb_fill.asid = 5;
    e.u.tlb_fill.va = va;
    e.u.tlb_fill.pa = va + 0x40000;
    e.u.tlb_fill.size = 4096;
    send(f, &e);
}

/* The scenario: the hypervisor (EL2) starts VM 1, which makes 3 HVCs, takes one stage-2 fault and
 * acknowledges 2 virtual interrupts; TLBIs of four scopes; core 1 runs 7 instructions at EL2. */
#define HVC_COST 40
#define VIRQ_LATENCY 30
static void scenario(const char *path, const struct trace_filter *filter, bool regs, bool mem, unsigned ring)
{
    char err[256];
    struct trace_db_options o = { .filter = filter, .regs = regs, .mem = mem, .ring_records = ring };
    struct trace_db *t = trace_db_create(path, &o, err, sizeof err);
    assert_non_null(t);
    assert_true(trace_db_put_run(t, "command_line", "synthetic"));
    struct symtab syms = { 0 };
    assert_true(symtab_add(&syms, "hyp_main", 0x1000, 0x100, 0, true, SYMBOL_SCOPE_ANY));
    assert_true(symtab_add(&syms, "guest_main", 0x4000, 0x100, 0, true, SYMBOL_SCOPE_ANY));
    symtab_sort(&syms);
    assert_true(trace_db_put_symbols(t, &syms));
    symtab_free(&syms);
    struct trace_core_state start = { .el = 2 };
    assert_true(trace_db_put_core_start(t, 0, &start));
    assert_true(trace_db_put_core_start(t, 1, &start));
    assert_true(trace_db_start(t, err, sizeof err));
    struct feed f = { .obs = trace_db_observer(t), .el = { 2, 2 } };

    run_insns(&f, 0, 0x1000, 10);          /* seq 0..9 at EL2 */
    vm_switch(&f, 0, 1);
    tlbi(&f, 0, "VMALLS12E1");
    irq(&f, 0, OBS_IRQ_PENDING, 27, 0);    /* list register written */
    eret(&f, 0, 1, 10);
    for (int k = 0; k < 3; k++) {
        run_insns(&f, 0, 0x4000, 5);
        tlb_fill(&f, 0, 0x8000);
        exception(&f, 0, 0x16u << 26 | 0x2000000 | (unsigned)k, 0x400, false, 5); /* HVC #k from EL1 */
        run_insns(&f, 0, 0x1100, 4);
        tlbi(&f, 0, k == 0 ? "VAE1IS" : k == 1 ? "ASIDE1" : "ALLE1");
        eret(&f, 0, 1, HVC_COST - 5 - 8);
    }
    f.cycle[0] += VIRQ_LATENCY;
    irq(&f, 0, OBS_IRQ_ACK, 27, 0);        /* guest reads ICV_IAR */
    irq(&f, 0, OBS_IRQ_EOI, 27, 0);
    irq(&f, 0, OBS_IRQ_PENDING, 28, 1);
    f.cycle[0] += VIRQ_LATENCY * 2;
    irq(&f, 0, OBS_IRQ_ACK, 28, 1);
    run_insns(&f, 0, 0x4040, 2);
    tlb_fill(&f, 0, 0x9000);
    exception(&f, 0, 0x24u << 26 | 0x2000000 | 0x7, 0x400, true, 5); /* stage-2 data abort */
    run_insns(&f, 0, 0x1200, 3);
    eret(&f, 0, 1, 0);
    run_insns(&f, 0, 0x4080, 1);
    run_insns(&f, 1, 0x1000, 7);           /* core 1 */

    struct trace_core_state ends[2] = {
        { .el = f.el[0], .vmid = f.vmid[0], .seq = f.seq[0], .cycle = f.cycle[0] + 2 },
        { .el = 2, .seq = f.seq[1], .cycle = f.cycle[1] },
    };
    assert_true(trace_db_finish(t, ends, 2, err, sizeof err));
}

/* ---- reading the result ---- */

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

static int64_t q(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *query_sql(const char *name)
{
    for (const struct trace_query *k = trace_queries; k->name; k++)
        if (strcmp(k->name, name) == 0)
            return k->sql;
    fail_msg("no query %s", name);
    return NULL;
}

/* The rows of a canned query as "a|b|c\n" lines. */
static char *run_query(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, query_sql(name), -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", name, sqlite3_errmsg(db));
    size_t cap = 4096, n = 0;
    char *out = calloc(1, cap);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            n += (size_t)snprintf(out + n, cap - n, "%s%s", c ? "|" : "", v ? v : "NULL");
        }
        n += (size_t)snprintf(out + n, cap - n, "\n");
        assert_true(n < cap - 256);
    }
    sqlite3_finalize(st);
    return out;
}

static char path_a[64], path_b[64];

static int setup(void **state)
{
    snprintf(path_a, sizeof path_a, "trace_a_%d.db", (int)getpid());
    snprintf(path_b, sizeof path_b, "trace_b_%d.db", (int)getpid());
    return 0;
}

static void remove_db(const char *path)
{
    char side[96];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int teardown(void **state)
{
    remove_db(path_a);
    remove_db(path_b);
    return 0;
}

static void test_events_rows(void **state)
{
    scenario(path_a, NULL, false, false, 0);
    sqlite3 *db = open_db(path_a);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM meta WHERE key = 'format' AND value = 'a72sim-trace'"), 1);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM exceptions WHERE ec_name = 'HVC64'"), 3);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM exceptions WHERE ec = 0x24 AND ec_name = 'DABT_LOW'"), 1);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM stage2_faults WHERE hpfar = 0x70 AND far = 0x7000"), 1);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM erets"), 5);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM irqs WHERE virtual = 1 AND what = 'ack'"), 2);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM irqs WHERE what = 'pending' AND lr = 0 AND intid = 27"), 1);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM tlbis"), 4);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM tlbis WHERE (op, scope) IN (VALUES ('VAE1IS', 'va'), "
                           "('ASIDE1', 'asid'), ('VMALLS12E1', 'vmid'), ('ALLE1', 'all'))"), 4);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM tlb_fills WHERE fill_vmid = 1 AND size = 4096"), 4);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM vm_switches WHERE old_vmid = 0 AND new_vmid = 1"), 1);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM sysreg_writes WHERE sysreg = 'VTTBR_EL2'"), 1);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM events"), 3 + 1 + 5 + 5 + 4 + 4 + 1 + 1);
    /* Events only: no instruction rows, no per-PC counts. */
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns"), 0);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM pc_stats"), 0);
    /* ids follow the order of delivery */
    assert_int_equal(q(db, "SELECT COUNT(*) FROM events a JOIN events b ON b.id = a.id + 1 WHERE b.cpu = a.cpu "
                           "AND b.seq < a.seq"), 0);

    /* The canned queries. */
    char *exits = run_query(db, "vm_exits");
    char want[256];
    /* From the exit (its entry cost charged) to the ERET: the handler's 4 instructions and the rest. */
    snprintf(want, sizeof want, "1|HVC64|3|%d|%d.0\n1|DABT_LOW|1|6|6.0\n", 3 * (HVC_COST - 5), HVC_COST - 5);
    assert_string_equal(exits, want);
    free(exits);
    char *lat = run_query(db, "virq_latency");
    /* INTID 27: written before the ERET (10 cycles) and the three HVC rounds (5 EL1 instructions,
     * then HVC_COST to the ERET back), acknowledged VIRQ_LATENCY later; INTID 28: 2 * VIRQ_LATENCY. */
    int lat27 = 10 + 3 * (10 + HVC_COST) + VIRQ_LATENCY, lat28 = 2 * VIRQ_LATENCY;
    snprintf(want, sizeof want, "1|2|%d|%.1f|%d\n", lat28, (lat27 + lat28) / 2.0, lat27);
    assert_string_equal(lat, want);
    free(lat);
    char *el = run_query(db, "el_time");
    /* cpu0: EL2 10 + 3*4 + 3 insns; EL1 3*5 + 2 + 1. Cycles add up to the core's end. */
    assert_non_null(strstr(el, "0|1|1|18|"));
    assert_non_null(strstr(el, "0|2|0|25|"));
    assert_non_null(strstr(el, "1|2|0|7|14\n"));
    free(el);
    assert_int_equal(q(db, "SELECT SUM(cycle_end - cycle_start) FROM el_segments WHERE cpu = 0"),
                     q(db, "SELECT end_cycle - start_cycle FROM cores WHERE cpu = 0"));
    char *tlb = run_query(db, "tlb_fills");
    assert_string_equal(tlb, "1|1|0000000000008000|3\n1|1|0000000000009000|1\n");
    free(tlb);
    char *regs = run_query(db, "sysregs_touched");
    assert_string_equal(regs, "0|VTTBR_EL2|write|1\n");
    free(regs);
    sqlite3_close(db);
}

static void test_filtered_rows(void **state)
{
    struct trace_filter flt;
    char err[128];
    assert_true(trace_filter_parse(&flt, "el=1 vmid=1", NULL, err, sizeof err));
    scenario(path_a, &flt, true, true, 0);
    sqlite3 *db = open_db(path_a);
    /* Exactly the EL1 instructions of VM 1: 3*5 + 2 + 1. */
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns"), 18);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns WHERE el = 1 AND vmid = 1 AND cpu = 0"), 18);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM reg_writes r JOIN insns i USING (cpu, seq) WHERE r.reg = 'X1'"), 18);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM reg_writes"), 18);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM mem_accesses m JOIN insns i USING (cpu, seq) WHERE m.size = 8 "
                           "AND m.idx = 0"), 18);
    /* Per-PC counts: each instruction charged the cycles until the core's next one. */
    assert_int_equal(q(db, "SELECT SUM(count) FROM pc_stats"), 18);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM pc_stats WHERE pc = 0x4000 AND count = 3 AND el = 1 AND vmid = 1"), 1);
    /* The last EL1 instruction before each HVC is charged the exception entry too (2 + 5). */
    assert_int_equal(q(db, "SELECT cycles FROM pc_stats WHERE pc = 0x4010"), 3 * 7);
    char *top = run_query(db, "top_functions");
    assert_non_null(strstr(top, "guest_main|1|1|18|"));
    free(top);
    char *before = run_query(db, "before_exception");
    /* The last exception is the stage-2 fault; before it ran 0x4040 and 0x4044 (and earlier ones). */
    assert_non_null(strstr(before, "|0000000000004044|d503201f|1|1|5\n"));
    assert_null(strstr(before, "0000000000001200"));
    free(before);
    sqlite3_close(db);
}

static void test_triggers(void **state)
{
    struct trace_filter flt;
    char err[128];
    /* From the first HVC (EC 0x16) until core 0 reaches instruction 30. */
    assert_true(trace_filter_parse(&flt, "start=ec:0x16,stop=insn:30", NULL, err, sizeof err));
    scenario(path_a, &flt, false, false, 0);
    sqlite3 *db = open_db(path_a);
    /* The first HVC is taken after seq 19 (10 EL2 + 5 EL1 - 1 = seq 14, exception seq 15). */
    assert_int_equal(q(db, "SELECT MIN(seq) FROM insns WHERE cpu = 0"), 15);
    assert_int_equal(q(db, "SELECT MAX(seq) FROM insns WHERE cpu = 0"), 29);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns WHERE cpu = 0"), 15);
    /* Triggers are global: core 1 runs after core 0 stopped the capture. */
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns WHERE cpu = 1"), 0);
    sqlite3_close(db);

    struct symtab syms = { 0 };
    assert_true(symtab_add(&syms, "handler", 0x1100, 16, 0, true, SYMBOL_SCOPE_ANY));
    symtab_sort(&syms);
    assert_true(trace_filter_parse(&flt, "func=handler insns=0..40", &syms, err, sizeof err));
    scenario(path_a, &flt, false, false, 0);
    db = open_db(path_a);
    /* Two of the three handler runs (4 insns each) start before seq 40: seq 15..18 and 24..27, 33..36. */
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns WHERE pc >= 0x1100 AND pc < 0x1110 AND seq < 40"),
                     q(db, "SELECT COUNT(*) FROM insns"));
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns"), 12);
    sqlite3_close(db);
    symtab_free(&syms);
}

static void test_filter_errors(void **state)
{
    struct trace_filter flt;
    char err[128];
    struct symtab syms = { 0 };
    assert_false(trace_filter_parse(&flt, "el=4", &syms, err, sizeof err));
    assert_non_null(strstr(err, "el=4"));
    assert_false(trace_filter_parse(&flt, "pc=0x2000..0x1000", &syms, err, sizeof err));
    assert_false(trace_filter_parse(&flt, "func=nosuch", &syms, err, sizeof err));
    assert_non_null(strstr(err, "nosuch"));
    assert_false(trace_filter_parse(&flt, "start=bogus", &syms, err, sizeof err));
    assert_false(trace_filter_parse(&flt, "vmid=1|", &syms, err, sizeof err));
    assert_false(trace_filter_parse(&flt, "colour=red", &syms, err, sizeof err));
    assert_true(trace_filter_parse(&flt, "all", &syms, err, sizeof err));
    assert_true(trace_filter_parse(&flt, "el=0|1, asid=5 pc=0x1000..0x2000 cpu=0", &syms, err, sizeof err));
    assert_int_equal(flt.el_mask, 3);
    assert_int_equal(flt.asids.count, 1);
}

/* A ring of 16 records and ~170 records: the core waits for the writer and nothing is lost. */
static void test_lossless_small_ring(void **state)
{
    struct trace_filter flt;
    char err[128];
    assert_true(trace_filter_parse(&flt, "all", NULL, err, sizeof err));
    scenario(path_a, &flt, true, true, 16);
    sqlite3 *db = open_db(path_a);
    /* core 0: 10 + 3 * (5 + 4) + 2 + 3 + 1; core 1: 7 */
    assert_int_equal(q(db, "SELECT COUNT(*) FROM insns"), 50);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM reg_writes"), 50);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM mem_accesses"), 50);
    assert_int_equal(q(db, "SELECT COUNT(*) FROM events"), 24);
    assert_int_equal(q(db, "SELECT value FROM run WHERE key = 'dropped_records'"), 0);
    /* Every instruction of each core, seq without gaps. */
    assert_int_equal(q(db, "SELECT MAX(seq) - MIN(seq) + 1 - COUNT(*) FROM insns WHERE cpu = 0"), 0);
    assert_int_equal(q(db, "SELECT SUM(count) FROM pc_stats"), 50);
    assert_int_equal(q(db, "SELECT SUM(cycles) FROM pc_stats WHERE cpu = 0"),
                     q(db, "SELECT end_cycle FROM cores WHERE cpu = 0"));
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Every table's rows in a canonical order, as text. */
static char *dump(const char *path)
{
    sqlite3 *db = open_db(path);
    sqlite3_stmt *tables;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                                        &tables, NULL), SQLITE_OK);
    size_t cap = 1 << 20, n = 0;
    char *out = calloc(1, cap);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[256];
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *probe;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &probe, NULL), SQLITE_OK);
        int ncols = sqlite3_column_count(probe);
        sqlite3_finalize(probe);
        size_t k = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", name);
        for (int c = 2; c <= ncols; c++)
            k += (size_t)snprintf(sql + k, sizeof sql - k, ",%d", c);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        n += (size_t)snprintf(out + n, cap - n, "[%s]\n", name);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < ncols; c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                n += (size_t)snprintf(out + n, cap - n, "%s|", v ? v : "NULL");
            }
            n += (size_t)snprintf(out + n, cap - n, "\n");
            assert_true(n < cap - 1024);
        }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return out;
}

static void test_deterministic(void **state)
{
    struct trace_filter flt;
    char err[128];
    assert_true(trace_filter_parse(&flt, "all", NULL, err, sizeof err));
    scenario(path_a, &flt, true, true, 16);
    scenario(path_b, &flt, true, true, 0);
    char *a = dump(path_a), *b = dump(path_b);
    assert_true(strlen(a) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* A block survives encoding and compression unchanged, including kernel addresses (>= 2^63),
 * backward branches, large cycle steps and every EL/VMID/ASID change; damaged data is refused. */
static void test_block_roundtrip(void **state)
{
    static struct insn_block in, out;
    in.cpu = 1;
    in.first_seq = 123456789;
    in.count = BLOCK_INSNS;
    uint64_t pc = 0xffff800000080000ull, cycle = 1ull << 40;
    uint32_t x = 12345;
    for (unsigned k = 0; k < in.count; k++) {
        x = x * 1103515245u + 12345u;
        in.pc[k] = pc;
        pc = (x >> 28) == 0 ? 0x1000 + (x & 0xffc) : (x >> 28) == 1 ? pc - 64 : pc + 4;
        in.cycle[k] = cycle;
        cycle += (x >> 20) & 0xff ? 1 : 100000;
        in.opcode[k] = x;
        in.el[k] = (uint8_t)((k / 100) & 3);
        in.vmid[k] = (uint16_t)(k / 700);
        in.asid[k] = (uint16_t)(k / 1000 * 3);
    }
    size_t size;
    uint8_t *data = block_encode(&in, &size);
    assert_non_null(data);
    assert_true(block_decode(data, size, &out));
    assert_int_equal(out.cpu, 1);
    assert_int_equal(out.first_seq, in.first_seq);
    assert_int_equal(out.count, in.count);
    assert_memory_equal(out.pc, in.pc, sizeof in.pc);
    assert_memory_equal(out.cycle, in.cycle, sizeof in.cycle);
    assert_memory_equal(out.opcode, in.opcode, sizeof in.opcode);
    assert_memory_equal(out.el, in.el, sizeof in.el);
    assert_memory_equal(out.vmid, in.vmid, sizeof in.vmid);
    assert_memory_equal(out.asid, in.asid, sizeof in.asid);
    data[size / 2] ^= 0x55;
    assert_false(block_decode(data, size, &out));
    assert_false(block_decode(data, 3, &out));
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_rows),
        cmocka_unit_test(test_filtered_rows),
        cmocka_unit_test(test_triggers),
        cmocka_unit_test(test_filter_errors),
        cmocka_unit_test(test_lossless_small_ring),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_block_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
