/* --profile: the summary, folded stacks and timeline of a traced run (profile.h). */
#include "profile.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine.h"
#include "mmu/tlb.h"
#include "observe.h"
#include "outfile.h"
#include "stats.h"
#include "trace/embedded.h"
#include "trace/trace_cmd_internal.h"

/* The timing model's events per core and EL, attributed at every EL change. */
struct profile {
    struct observer obs;
    struct machine *m;
    struct perf_counts by_el[MAX_CPUS][4];
    struct perf_counts at[MAX_CPUS];    /* each core's counts at its last EL change */
};

static void fold_perf(struct profile *p, unsigned cpu, unsigned el)
{
    const struct perf_counts *now = &p->m->cpus[cpu]->perf;
    for (unsigned k = 0; k < PERF_EVENTS; k++)
        p->by_el[cpu][el & 3].n[k] += now->n[k] - p->at[cpu].n[k];
    p->at[cpu] = *now;
}

static void profile_event(void *ctx, const struct obs_event *e)
{
    struct profile *p = ctx;
    if (e->cpu < 0 || (unsigned)e->cpu >= p->m->ncpus)
        return;
    fold_perf(p, (unsigned)e->cpu, e->kind == OBS_EXCEPTION ? e->u.exc.from_el : e->u.eret.from_el);
}

struct profile *profile_attach(struct machine *m)
{
    struct profile *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->m = m;
    p->obs = (struct observer){ .name = "profile", .kinds = OBS_MASK(OBS_EXCEPTION) | OBS_MASK(OBS_ERET),
                                .event = profile_event, .ctx = p };
    for (unsigned n = 0; n < m->ncpus; n++)
        p->at[n] = m->cpus[n]->perf;
    if (!machine_attach_observer(m, &p->obs)) {
        free(p);
        return NULL;
    }
    return p;
}

void profile_abandon(struct profile *p, struct machine *m)
{
    if (!p)
        return;
    machine_detach_observer(m, &p->obs);
    free(p);
}

char *profile_prepare(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "--profile: cannot create the directory '%s': %s", dir, strerror(errno));
        return NULL;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--profile: '%s' is not a directory", dir);
        return NULL;
    }
    size_t len = strlen(dir) + sizeof("/profile.db");
    char *path = malloc(len);
    if (!path) {
        snprintf(err, errlen, "--profile: out of host memory");
        return NULL;
    }
    snprintf(path, len, "%s/profile.db", dir);
    return path;
}

static char *dir_file(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    if (path)
        snprintf(path, len, "%s/%s", dir, name);
    return path;
}

/* The exports read the trace through read-only connections, which leave an empty write-ahead log
 * and its index behind: with no connection open they hold nothing. */
static void remove_empty_wal(const char *db_path)
{
    size_t len = strlen(db_path) + sizeof("-wal");
    char *wal = malloc(len), *shm = malloc(len);
    struct stat st;
    if (wal && shm) {
        snprintf(wal, len, "%s-wal", db_path);
        snprintf(shm, len, "%s-shm", db_path);
        if (stat(wal, &st) == 0 && st.st_size == 0) {
            unlink(wal);
            unlink(shm);
        }
    }
    free(wal);
    free(shm);
}

/* A section: a title, then a table from SQL (a canned query by name, or text) with ?1 = arg. */
static bool section(FILE *f, sqlite3 *db, const char *title, const char *query_name, const char *sql, int64_t arg)
{
    const struct trace_query *q = query_name ? trace_find_query(query_name) : NULL;
    sqlite3_stmt *st;
    fprintf(f, "\n%s\n", title);
    if (!trace_prepare(db, q ? q->sql : sql, &st))
        return false;
    if (sqlite3_bind_parameter_count(st) >= 1 && arg >= 0)
        sqlite3_bind_int64(st, 1, arg);
    bool ok = trace_print_table(f, db, st, title) == EXIT_OK;
    sqlite3_finalize(st);
    return ok;
}

static void print_time(FILE *f, const struct machine *m)
{
    char run[32];
    stats_format_seconds(run, sizeof run, stats_simulated_seconds(m));
    fprintf(f, "simulated time %s (the longest core's; cores run side by side)\n", run);
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct core_times t = stats_core_times(m, n);
        double hz = (double)m->cpus[n]->config.clock_hz;
        char total[32], asleep[32], idle[32];
        stats_format_seconds(total, sizeof total, t.seconds);
        stats_format_seconds(asleep, sizeof asleep, (double)t.asleep / hz);
        stats_format_seconds(idle, sizeof idle, (double)t.idle / hz);
        fprintf(f, "  cpu%u: %" PRIu64 " cycles = %s: executing %" PRIu64 ", asleep in WFI/WFE %" PRIu64 " (%s), "
                   "idle %" PRIu64 " (%s)\n",
                n, t.cycles, total, t.executing, t.asleep, asleep, t.idle, idle);
    }
}

/* Interrupts per VM, from the exception entries and the list-register writes: IRQs/FIQs taken to
 * EL2 count for the VM that ran (vm 0: EL2 itself), those taken at EL1 for the VM that took them
 * (virtual ones, with HCR_EL2.IMO/FMO); an injection (a list-register write that made a virtual
 * interrupt pending, at EL2) counts for the VMID the core's VTTBR_EL2 held then. */
static const char interrupts_sql[] =
    "WITH x AS (SELECT CASE WHEN from_el < 2 THEN vmid ELSE 0 END AS vm, to_el = 2 AS at_el2, to_el < 2 AS at_el1, "
    "0 AS injected FROM exceptions WHERE type IN ('irq', 'fiq') "
    "UNION ALL SELECT COALESCE((SELECT new_vmid FROM vm_switches v WHERE v.cpu = i.cpu AND v.id < i.id "
    "ORDER BY v.id DESC LIMIT 1), 0), 0, 0, 1 FROM irqs i WHERE what = 'pending' AND virtual AND lr IS NOT NULL) "
    "SELECT vm, SUM(at_el2) AS taken_to_el2, SUM(at_el1) AS taken_at_el1, SUM(injected) AS injected "
    "FROM x GROUP BY vm ORDER BY vm";

/* TLB fills of the EL1&0 regime per VMID, against the instructions that VM ran. */
static const char tlb_fills_sql[] =
    "WITH i AS (SELECT vm AS vmid, SUM(seq_end - seq_start) AS insns FROM el_segments WHERE el < 2 GROUP BY vm), "
    "f AS (SELECT fill_vmid AS vmid, COUNT(*) AS fills FROM tlb_fills WHERE regime = 1 GROUP BY fill_vmid) "
    "SELECT i.vmid, i.insns AS instructions, COALESCE(f.fills, 0) AS tlb_fills, "
    "printf('%.2f', 1000.0 * COALESCE(f.fills, 0) / MAX(i.insns, 1)) AS fills_per_1000_insns "
    "FROM i LEFT JOIN f USING (vmid) WHERE i.insns > 0 ORDER BY i.vmid";

static void print_rate(FILE *f, const char *what, uint64_t misses, uint64_t accesses)
{
    if (accesses)
        fprintf(f, "  %s %" PRIu64 "/%" PRIu64 " = %.2f%%", what, misses, accesses, 100.0 * (double)misses / (double)accesses);
    else
        fprintf(f, "  %s n/a", what);
}

/* The micro-TLB misses per VMID (all cores), and the timing model's events per EL. */
static void print_counts(FILE *f, const struct machine *m, const struct profile *prof)
{
    fprintf(f, "\nmicro-TLB misses per VMID (the modelled A72 TLB: L2 TLB hit rate = L2 hits / micro-TLB misses)\n");
    for (unsigned v = 0; v < 256; v++) {
        uint64_t hits = 0, misses = 0;
        for (unsigned n = 0; n < m->ncpus; n++) {
            hits += m->cpus[n]->arch_tlb->stats.l2_hits_by_vmid[v];
            misses += m->cpus[n]->arch_tlb->stats.misses_by_vmid[v];
        }
        if (hits + misses)
            fprintf(f, "  VMID %u: %" PRIu64 " micro-TLB misses, %" PRIu64 " L2 TLB hits, %" PRIu64
                       " L2 misses (walks): L2 TLB hit rate %.2f%%\n", v,
                    hits + misses, hits, misses, 100.0 * (double)hits / (double)(hits + misses));
    }
    fprintf(f, "\ncache and branch miss rates per EL (the timing model's events: refills / accesses, "
               "mispredicted / predicted; n/a: no access counted)\n");
    for (unsigned el = 0; el < 4; el++) {
        struct perf_counts p = { { 0 } };
        for (unsigned n = 0; n < m->ncpus; n++)
            for (unsigned k = 0; k < PERF_EVENTS; k++)
                p.n[k] += prof->by_el[n][el].n[k];
        fprintf(f, "  EL%u:", el);
        print_rate(f, "L1I", p.n[PERF_L1I_CACHE_REFILL], p.n[PERF_L1I_CACHE]);
        print_rate(f, "L1D", p.n[PERF_L1D_CACHE_REFILL], p.n[PERF_L1D_CACHE]);
        print_rate(f, "L2", p.n[PERF_L2D_CACHE_REFILL], p.n[PERF_L2D_CACHE]);
        print_rate(f, "branches", p.n[PERF_BR_MIS_PRED], p.n[PERF_BR_RETIRED]);
        fputc('\n', f);
    }
}

static bool write_summary(FILE *f, sqlite3 *db, const struct machine *m, const struct profile *prof)
{
    print_time(f, m);
    bool ok = section(f, db, "cycles and instructions by core, EL and VM (vm 0: the hypervisor at EL2, or EL3)",
                      "el_time", NULL, -1);
    ok = section(f, db, "functions (the 20 that ran most instructions)", "top_functions", NULL, 20) && ok;
    ok = section(f, db, "VM exits (EL0/EL1 to EL2) by VMID and class: cycles from the exit to the ERET back",
                 "vm_exits", NULL, -1) && ok;
    ok = section(f, db, "interrupts per VM", NULL, interrupts_sql, -1) && ok;
    ok = section(f, db, "TLB fills per VMID (EL1&0 regime walks that filled the TLB)", NULL, tlb_fills_sql, -1) && ok;
    print_counts(f, m, prof);
    return ok;
}

/* Run one of `a72sim trace`'s exports with its command-line arguments. */
static bool export(const char *name, const char *by, const char *out, const char *db_path)
{
    char *argv[7];
    int argc = 0;
    argv[argc++] = (char *)name;
    if (by) {
        argv[argc++] = (char *)"--by";
        argv[argc++] = (char *)by;
    }
    argv[argc++] = (char *)"-o";
    argv[argc++] = (char *)out;
    argv[argc++] = (char *)db_path;
    argv[argc] = NULL;
    if (strcmp(name, "folded") == 0)
        return trace_export_folded(argc, argv) == EXIT_OK;
    return trace_export_perfetto(argc, argv) == EXIT_OK;
}

bool profile_write(struct profile *prof, const char *dir, const char *db_path, struct machine *m, FILE *out,
                   char *err, size_t errlen)
{
    machine_detach_observer(m, &prof->obs);
    for (unsigned n = 0; n < m->ncpus; n++) /* the counts since each core's last EL change */
        fold_perf(prof, n, m->cpus[n]->pstate.el);
    char *summary_path = dir_file(dir, "summary.txt"), *folded = dir_file(dir, "folded.txt");
    char *timeline = dir_file(dir, "timeline.json");
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = open_memstream(&text, &text_len);
    sqlite3 *db = summary_path && folded && timeline && mem ? trace_open(db_path) : NULL;
    bool ok = db && write_summary(mem, db, m, prof);
    if (db)
        sqlite3_close(db);
    if (mem)
        fclose(mem);
    struct outfile o;
    if (ok && text && outfile_open(&o, summary_path, err, errlen)) {
        fwrite(text, 1, text_len, o.f);
        ok = outfile_commit(&o, err, errlen);
    } else if (ok) {
        ok = false;
    } else {
        snprintf(err, errlen, "--profile: cannot read the trace '%s'", db_path);
    }
    if (ok && !(export("folded", "cycles", folded, db_path) && export("perfetto", NULL, timeline, db_path))) {
        snprintf(err, errlen, "--profile: cannot write the exports in '%s'", dir);
        ok = false;
    }
    if (ok && text) {
        fprintf(out, "a72sim: profile in %s/: summary.txt (below), folded.txt (flame graph), timeline.json "
                     "(Perfetto), profile.db (the trace)\n",
                dir);
        fwrite(text, 1, text_len, out);
    }
    remove_empty_wal(db_path);
    free(text);
    free(prof);
    free(summary_path);
    free(folded);
    free(timeline);
    return ok;
}
