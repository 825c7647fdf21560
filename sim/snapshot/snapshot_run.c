/* --save-at, --save-on and --restore (snapshot_run.h). */
#include "snapshot_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "session.h"
#include "reverse.h"
#include "snapshot.h"

static bool parse_count(const char *s, size_t len, uint64_t *out)
{
    if (len == 0 || len > 19)
        return false;
    uint64_t v = 0;
    for (size_t n = 0; n < len; n++) {
        if (s[n] < '0' || s[n] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[n] - '0');
    }
    *out = v;
    return true;
}

static struct save_point *new_point(struct snapshot_options *o, const char *opt, char *err, size_t errlen)
{
    if (o->nsaves == SNAPSHOT_MAX_SAVES) {
        snprintf(err, errlen, "too many --save-at/--save-on options (at most %d)", SNAPSHOT_MAX_SAVES);
        return NULL;
    }
    (void)opt;
    struct save_point *p = &o->saves[o->nsaves++];
    *p = (struct save_point){ 0 };
    return p;
}

bool snapshot_parse_save_at(struct snapshot_options *o, const char *arg, const char *next, bool *used_next,
                            char *err, size_t errlen)
{
    *used_next = false;
    const char *colon = strchr(arg, ':');
    size_t nlen = colon ? (size_t)(colon - arg) : strlen(arg);
    const char *path = colon ? colon + 1 : next;
    uint64_t n;
    if (!parse_count(arg, nlen, &n)) {
        snprintf(err, errlen, "--save-at wants N FILE or N:FILE with N a number of instructions, got '%s'", arg);
        return false;
    }
    if (!path || !*path || (!colon && path[0] == '-')) {
        snprintf(err, errlen, "--save-at %s: which file? (--save-at N FILE or --save-at N:FILE)", arg);
        return false;
    }
    struct save_point *p = new_point(o, "--save-at", err, errlen);
    if (!p)
        return false;
    *p = (struct save_point){ .on = SAVE_AT_INSNS, .n = n, .path = path };
    *used_next = !colon;
    return true;
}

bool snapshot_parse_save_on(struct snapshot_options *o, const char *arg, char *err, size_t errlen)
{
    static const struct { const char *name; enum save_trigger on; } events[] = {
        { "hvc", SAVE_ON_HVC }, { "psci", SAVE_ON_PSCI }, { "semihost", SAVE_ON_SEMIHOST },
    };
    const char *colon = strchr(arg, ':');
    if (!colon) {
        snprintf(err, errlen, "--save-on wants EVENT[:COUNT]:FILE (EVENT hvc, psci or semihost), got '%s'", arg);
        return false;
    }
    size_t elen = (size_t)(colon - arg);
    const char *rest = colon + 1;
    uint64_t count = 1;
    const char *second = strchr(rest, ':');
    if (second && parse_count(rest, (size_t)(second - rest), &count))
        rest = second + 1;
    for (unsigned k = 0; k < sizeof(events) / sizeof(events[0]); k++) {
        if (strlen(events[k].name) != elen || strncmp(arg, events[k].name, elen) != 0)
            continue;
        if (count == 0 || !*rest) {
            snprintf(err, errlen, "--save-on %s: wants a COUNT from 1 and a FILE (EVENT[:COUNT]:FILE)", arg);
            return false;
        }
        struct save_point *p = new_point(o, "--save-on", err, errlen);
        if (!p)
            return false;
        *p = (struct save_point){ .on = events[k].on, .n = count, .path = rest };
        return true;
    }
    snprintf(err, errlen, "--save-on: unknown event '%.*s' (hvc, psci or semihost)", (int)elen, arg);
    return false;
}

bool snapshot_check_options(const struct session *s)
{
    const struct options *o = &s->o;
    char err[SNAPSHOT_ERR_LEN];
    for (unsigned n = 0; n < o->snap.nsaves; n++)
        if (!outfile_check(o->snap.saves[n].path, err, sizeof(err))) {
            fprintf(stderr, "a72sim: --save-%s: %s\n", o->snap.saves[n].on == SAVE_AT_INSNS ? "at" : "on", err);
            return false;
        }
    if (!o->snap.restore)
        return true;
    struct snapshot_config cfg;
    if (!snapshot_read_config(o->snap.restore, &cfg, err, sizeof(err))) {
        fprintf(stderr, "a72sim: --restore: %s\n", err);
        return false;
    }
    if (cfg.ncpus != o->smp || cfg.mem_size != o->mem) {
        fprintf(stderr,
                "a72sim: --restore: '%s' is a snapshot of a machine with %u core(s) and %" PRIu64 " MiB of DDR, this run "
                "describes %u and %" PRIu64 " MiB (give --smp %u --mem %" PRIu64 "M)\n",
                o->snap.restore, cfg.ncpus, cfg.mem_size >> 20, o->smp, o->mem >> 20, cfg.ncpus, cfg.mem_size >> 20);
        return false;
    }
    if (o->nimages || o->nraw || o->boot.kernel || o->boot.initrd || o->boot.nmodules || o->boot.have_entry ||
        o->dtb || o->dump_dtb || o->el3) {
        fprintf(stderr, "a72sim: --restore: the snapshot holds the images, the device tree and the entry state; "
                        "give no IMAGE, --load, --kernel, --initrd, --module, --entry, --dtb, --dump-dtb or --el3\n");
        return false;
    }
    return true;
}

bool snapshot_restore_session(struct session *s)
{
    char err[SNAPSHOT_ERR_LEN];
    if (!snapshot_restore(s->m, s->o.snap.restore, err, sizeof(err))) {
        fprintf(stderr, "a72sim: --restore: %s\n", err);
        return false;
    }
    return true;
}

static void save_on_event(void *ctx, const struct obs_event *e)
{
    struct session *s = ctx;
    struct snapshot_options *o = &s->o.snap;
    enum save_trigger on;
    if (e->kind == OBS_EXCEPTION && (e->u.exc.esr >> 26) == 0x16 && (e->u.exc.vector_offset & 0x180) == 0)
        on = SAVE_ON_HVC; /* EC 0x16: HVC instruction execution in AArch64 state */
    else if (e->kind == OBS_PSCI)
        on = SAVE_ON_PSCI;
    else if (e->kind == OBS_SEMIHOST)
        on = SAVE_ON_SEMIHOST;
    else
        return;
    for (unsigned n = 0; n < o->nsaves; n++) {
        struct save_point *p = &o->saves[n];
        if (p->on == on && !p->done && ++p->seen == p->n) {
            p->due = true;
            obs_request_stop(s->m);
        }
    }
}

/* Write every snapshot that is due; false (the run stops) when one cannot be written. */
static bool save_due(struct session *s)
{
    struct snapshot_options *o = &s->o.snap;
    uint64_t total = machine_total_insns(s->m);
    for (unsigned n = 0; n < o->nsaves; n++) {
        struct save_point *p = &o->saves[n];
        if (p->done || !(p->due || (p->on == SAVE_AT_INSNS && p->n == total)))
            continue;
        char err[SNAPSHOT_ERR_LEN];
        p->done = true;
        if (!snapshot_save(s->m, p->path, err, sizeof(err))) {
            fprintf(stderr, "a72sim: %s\n", err);
            s->m->stop = true; /* whatever stopped the run before, it ends for this */
            s->m->reason = STOP_HOST_ERROR;
            return false;
        }
    }
    return true;
}

/* The first --save-at point still ahead, or 0. */
static uint64_t next_save_at(const struct snapshot_options *o, uint64_t total)
{
    uint64_t next = 0;
    for (unsigned n = 0; n < o->nsaves; n++) {
        const struct save_point *p = &o->saves[n];
        if (p->on == SAVE_AT_INSNS && !p->done && p->n > total && (!next || p->n < next))
            next = p->n;
    }
    return next;
}

static void run_saving(struct session *s);

void snapshot_run_to_end(struct session *s)
{
    struct machine *m = s->m;
    struct snapshot_options *o = &s->o.snap;
    char err[SNAPSHOT_ERR_LEN];
    if (o->record && !reverse_enable(m, o->record_interval, 0, err, sizeof(err))) {
        fprintf(stderr, "a72sim: --record: %s\n", err);
        machine_request_stop(m, STOP_HOST_ERROR, 0);
        return;
    }
    run_saving(s);
    if (o->record) {
        struct reverse_checkpoint_info info;
        unsigned n = reverse_list(m, &info, 1);
        if (s->o.stats)
            fprintf(stderr, "a72sim: --record: %u checkpoints kept (from instruction %" PRIu64 "), %zu KiB\n", n,
                    info.total_insns, reverse_memory(m) >> 10);
        reverse_disable(m);
    }
}

static void run_saving(struct session *s)
{
    struct machine *m = s->m;
    struct snapshot_options *o = &s->o.snap;
    uint32_t kinds = 0;
    for (unsigned n = 0; n < o->nsaves; n++)
        kinds |= o->saves[n].on == SAVE_ON_HVC ? OBS_MASK(OBS_EXCEPTION)
               : o->saves[n].on == SAVE_ON_PSCI ? OBS_MASK(OBS_PSCI)
               : o->saves[n].on == SAVE_ON_SEMIHOST ? OBS_MASK(OBS_SEMIHOST) : 0;
    if (kinds) {
        o->observer = (struct observer){ .name = "save-on", .kinds = kinds, .event = save_on_event, .ctx = s };
        if (!machine_attach_observer(m, &o->observer)) {
            fprintf(stderr, "a72sim: --save-on: no room for another observer\n");
            machine_request_stop(m, STOP_HOST_ERROR, 0);
            return;
        }
    }
    uint64_t max = s->o.max_insns;
    for (;;) {
        if (!save_due(s))
            return;
        uint64_t total = machine_total_insns(m);
        uint64_t next = next_save_at(o, total);
        bool to_save = next && (!max || next < max);
        reverse_run(m, to_save ? next : max); /* machine_run, with checkpoints under --record */
        bool saving = false;
        for (unsigned n = 0; n < o->nsaves; n++)
            saving |= o->saves[n].due && !o->saves[n].done;
        if (m->reason == STOP_MAX_INSNS && (to_save || machine_total_insns(m) == next)) {
            if (!save_due(s) || !to_save)
                break; /* also the end of the run at --max-insns */
        } else if (m->reason == STOP_OBSERVER && (saving || s->o.stop_every)) {
            if (!save_due(s))
                return;
        } else {
            break;
        }
        machine_clear_stop(m);
    }
    for (unsigned n = 0; n < o->nsaves; n++)
        if (!o->saves[n].done)
            fprintf(stderr, "a72sim: --save-%s: the run ended before its point; '%s' was not written\n",
                    o->saves[n].on == SAVE_AT_INSNS ? "at" : "on", o->saves[n].path);
}
