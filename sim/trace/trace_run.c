/* The --trace* options of `a72sim run`. */
#include "trace_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../models/versal/versal.h"
#include "machine.h"
#include "trace_db.h"
#include "trace_text.h"

#ifndef A72SIM_VERSION
#define A72SIM_VERSION "0.1"
#endif

struct trace_run {
    const char *path;
    bool is_db;
    struct trace_db *db;
    struct text_trace text;
    struct trace_filter filter;
    const struct symtab *syms;
};

static bool is_db_path(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".db") == 0;
}

bool trace_run_check(const struct trace_run_options *o, char *err, size_t errlen)
{
    if (!o->path) {
        if (o->filter || o->full || o->mem || o->regs || o->lossy) {
            snprintf(err, errlen, "--trace-filter, --trace-full, --trace-mem, --trace-regs and --trace-lossy need --trace FILE");
            return false;
        }
        return true;
    }
    if (!is_db_path(o->path) && (o->lossy || o->full)) {
        snprintf(err, errlen, "--trace-lossy and --trace-full apply to a database trace (--trace FILE.db)");
        return false;
    }
    return true;
}

static void core_state(const struct cpu *c, struct trace_core_state *s)
{
    s->el = c->pstate.el;
    s->vmid = (unsigned)(c->sr.vttbr_el2 >> 48) & 0xff;
    s->seq = c->icount;
    s->cycle = c->cycles;
    for (int k = 0; k < 4; k++)
        s->sp_el[k] = c->sp_el[k];
}

static bool put_run_facts(struct trace_db *db, struct machine *m, const struct trace_run_options *o)
{
    size_t len = 1;
    for (int k = 0; k < o->argc; k++)
        len += strlen(o->argv[k]) + 1;
    char *cmd = calloc(1, len);
    if (!cmd)
        return false;
    for (int k = 0; k < o->argc; k++) {
        if (k)
            strcat(cmd, " ");
        strcat(cmd, o->argv[k]);
    }
    char buf[64];
    bool ok = trace_db_put_run(db, "command_line", cmd);
    free(cmd);
    ok = ok && trace_db_put_run(db, "version", A72SIM_VERSION);
    snprintf(buf, sizeof buf, "%u", m->ncpus);
    ok = ok && trace_db_put_run(db, "cpus", buf);
    snprintf(buf, sizeof buf, "%" PRIu64, m->quantum);
    ok = ok && trace_db_put_run(db, "quantum", buf);
    uint64_t ram = 0;
    for (unsigned k = 0; k < m->bus.count; k++)
        if (m->bus.regions[k].ram)
            ram += m->bus.regions[k].size;
    snprintf(buf, sizeof buf, "%" PRIu64, ram);
    ok = ok && trace_db_put_run(db, "ram_bytes", buf);
    ok = ok && trace_db_put_run(db, "board", "versal-apu (Cortex-A72 r0p3, GIC-500)");
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)VERSAL_CPU_HZ);
    ok = ok && trace_db_put_run(db, "cpu_hz", buf);
    ok = ok && trace_db_put_run(db, "filter", o->filter ? o->filter : "");
    ok = ok && trace_db_put_run(db, "regs", o->regs ? "1" : "0");
    ok = ok && trace_db_put_run(db, "mem", o->mem ? "1" : "0");
    ok = ok && trace_db_put_run(db, "lossy", o->lossy ? "1" : "0");
    ok = ok && trace_db_put_run(db, "full", o->full ? "1" : "0");
    return ok;
}

struct trace_run *trace_run_start(struct machine *m, const struct trace_run_options *o, char *err, size_t errlen)
{
    struct trace_run *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of host memory for the trace");
        return NULL;
    }
    t->syms = o->syms;
    bool has_filter = o->filter != NULL;
    if (has_filter && !trace_filter_parse(&t->filter, o->filter, t->syms, err, errlen))
        goto fail;
    t->path = o->path;
    t->is_db = is_db_path(o->path);
    if (!t->is_db) {
        if (!text_trace_start(&t->text, m, o->path, has_filter ? &t->filter : NULL, t->syms, o->regs, o->mem)) {
            snprintf(err, errlen, "--trace: cannot open '%s': %s", o->path, strerror(errno));
            goto fail;
        }
        return t;
    }
    struct trace_db_options dbo = { .filter = has_filter ? &t->filter : NULL, .regs = o->regs, .mem = o->mem,
                                    .lossy = o->lossy, .full = o->full };
    t->db = trace_db_create(o->path, &dbo, err, errlen);
    if (!t->db)
        goto fail;
    bool ok = put_run_facts(t->db, m, o) && trace_db_put_symbols(t->db, t->syms);
    for (unsigned k = 0; ok && k < o->nimages; k++)
        ok = trace_db_put_image(t->db, k, o->images[k]);
    for (unsigned k = 0; ok && k < m->ncpus; k++) {
        struct trace_core_state s;
        core_state(m->cpus[k], &s);
        ok = trace_db_put_core_start(t->db, k, &s);
    }
    if (!ok) {
        snprintf(err, errlen, "--trace: cannot write '%s'", o->path);
    } else if (trace_db_start(t->db, err, errlen)) {
        if (machine_attach_observer(m, trace_db_observer(t->db)))
            return t;
        snprintf(err, errlen, "--trace: too many observers attached");
    }
    struct trace_core_state none[1] = { { 0 } };
    char ignored[64];
    trace_db_finish(t->db, none, 0, ignored, sizeof ignored);
    unlink(o->path); /* nothing half-written */
fail:
    free(t);
    return NULL;
}

bool trace_run_end(struct trace_run *t, struct machine *m, const char *stop_reason, int status, char *err,
                   size_t errlen)
{
    bool ok;
    if (!t->is_db) {
        ok = text_trace_stop(&t->text, m);
        if (!ok)
            snprintf(err, errlen, "--trace: cannot write '%s': %s", t->path, strerror(errno));
    } else {
        machine_detach_observer(m, trace_db_observer(t->db));
        char buf[32];
        snprintf(buf, sizeof buf, "%d", status);
        ok = trace_db_put_run_late(t->db, "stop_reason", stop_reason) && trace_db_put_run_late(t->db, "exit_status", buf);
        struct trace_core_state ends[MAX_CPUS];
        for (unsigned k = 0; k < m->ncpus; k++)
            core_state(m->cpus[k], &ends[k]);
        ok = trace_db_finish(t->db, ends, m->ncpus, err, errlen) && ok;
    }
    free(t);
    return ok;
}
