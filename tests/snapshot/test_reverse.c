/* Reverse execution (sim/snapshot/reverse.h) on real guests: the demo (two cores) and the CLI
 * guest uart_echo (console input).
 *
 * usage: test_reverse DEMO_ELF ECHO_ELF WORKDIR
 *
 * - reverse-stepi N gives the state an independent plain run has when the core has retired that
 *   many instructions (registers, system registers, counts, cycles, RAM hash), and stepping forward
 *   N again gives the state before it; across several checkpoints; past the start: an error;
 * - reverse-continue to a watchpoint stops after the last write to the address before now, and
 *   again after the one before, as an independent recording of every store says;
 * - checkpoint / restart come back to the identical state;
 * - console input is recorded and replayed: gone back before the input and run again to the end,
 *   the guest receives the same bytes and its output is not written twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine.h"
#include "session.h"
#include "timing/uarch.h"
#include "snapshot/reverse.h"

static const char *demo_elf, *echo_elf, *workdir;

static struct session *open_session(const char *const *args)
{
    struct session *s = calloc(1, sizeof(*s));
    assert_non_null(s);
    char *argv[32];
    int argc = 0;
    argv[argc++] = "run";
    for (; *args; args++)
        argv[argc++] = (char *)*args;
    argv[argc] = NULL;
    assert_int_equal(session_open(s, argc, argv), SESSION_READY);
    return s;
}

static void close_session(struct session *s)
{
    session_close(s, 0);
    free(s);
}

static struct session *open_demo(void)
{
    const char *args[] = { "--mem", "64M", "--uart0", "none", "--uart1", "none", "--console", "none", demo_elf, NULL };
    return open_session(args);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t k = 0; k < n; k++)
        h = (h ^ b[k]) * 0x100000001b3ull;
    return h;
}

/* The architectural state of every core, its timing model's, and all RAM. */
static uint64_t state_hash(const struct machine *m)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *c = m->cpus[n];
        h = fnv(h, c->x, sizeof(c->x));
        h = fnv(h, c->sp_el, sizeof(c->sp_el));
        h = fnv(h, &c->pc, sizeof(c->pc));
        uint64_t psr = cpu_get_psr(c);
        h = fnv(h, &psr, sizeof(psr));
        h = fnv(h, c->v, sizeof(c->v));
        h = fnv(h, &c->sr, sizeof(c->sr));
        h = fnv(h, &c->icount, sizeof(c->icount));
        h = fnv(h, &c->cycles, sizeof(c->cycles));
        /* The timing model: its event counts, scoreboard and predictor (the caches' tags are host
         * addresses, which differ between sessions; their hits and refills are in perf). */
        h = fnv(h, &c->perf, sizeof(c->perf));
        h = fnv(h, c->pipe.ready, sizeof(c->pipe.ready));
        h = fnv(h, c->pipe.port_free, sizeof(c->pipe.port_free));
        h = fnv(h, &c->pipe.latest, sizeof(c->pipe.latest));
        if (c->uarch) {
            h = fnv(h, &c->uarch->bp, sizeof(c->uarch->bp));
            h = fnv(h, &c->uarch->l1i.misses, sizeof(c->uarch->l1i.misses));
            h = fnv(h, &c->uarch->l1d.misses, sizeof(c->uarch->l1d.misses));
            h = fnv(h, &c->uarch->l2->misses, sizeof(c->uarch->l2->misses));
        }
    }
    for (unsigned n = 0; n < m->bus.count; n++) {
        const struct bus_region *r = &m->bus.regions[n];
        if (r->ram)
            for (uint64_t off = 0; off < r->size; off += 8) {
                uint64_t w;
                memcpy(&w, r->ram + off, 8);
                if (w)
                    h = fnv(h ^ off, &w, 8);
            }
    }
    return h;
}

/* The state of a plain run (no recording) when core `core` has retired icount instructions. */
static uint64_t plain_hash_at(unsigned core, uint64_t icount)
{
    struct session *s = open_demo();
    char err[256];
    assert_true(reverse_run_to_icount(s->m, core, icount, err, sizeof(err)));
    uint64_t h = state_hash(s->m);
    close_session(s);
    return h;
}

static void test_reverse_stepi(void **state)
{
    (void)state;
    struct session *s = open_demo();
    struct machine *m = s->m;
    char err[256];
    assert_true(reverse_enable(m, 20000, 64u << 20, err, sizeof(err)));
    reverse_run(m, 70000);
    assert_int_equal(m->reason, STOP_MAX_INSNS);
    uint64_t now = m->cpus[0]->icount + 500;
    assert_true(reverse_run_to_icount(m, 0, now, err, sizeof(err)));
    uint64_t here = state_hash(m);
    assert_int_equal(here, plain_hash_at(0, now));

    static const uint64_t steps[] = { 1, 7, 3000, 25000 };
    for (unsigned k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
        assert_true(reverse_stepi(m, 0, steps[k], err, sizeof(err)));
        assert_int_equal(m->cpus[0]->icount, now - steps[k]);
        assert_int_equal(state_hash(m), plain_hash_at(0, now - steps[k]));
        assert_true(reverse_run_to_icount(m, 0, now, err, sizeof(err)));
        assert_int_equal(state_hash(m), here);
    }
    /* Core 1 too (it starts later: PSCI CPU_ON). */
    uint64_t now1 = m->cpus[1]->icount;
    assert_true(now1 > 100);
    assert_true(reverse_stepi(m, 1, 100, err, sizeof(err)));
    assert_int_equal(m->cpus[1]->icount, now1 - 100);
    assert_int_equal(state_hash(m), plain_hash_at(1, now1 - 100));

    /* Before the start of the recording: one line, nothing changes. */
    uint64_t before = state_hash(m);
    assert_false(reverse_stepi(m, 0, now + 1, err, sizeof(err)));
    assert_non_null(strstr(err, "the recording starts at"));
    assert_null(strchr(err, '\n'));
    assert_int_equal(state_hash(m), before);
    reverse_disable(m);
    close_session(s);
}

/* Every store to RAM with its position (instructions of all cores when it was made). */
struct store {
    uint64_t pa, data, total;
    uint8_t size;
};
struct store_log {
    struct machine *m;
    struct store *stores;
    size_t n, cap;
};

static void record_store(void *ctx, const struct obs_event *e)
{
    struct store_log *l = ctx;
    if (!e->u.mem.write)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->stores = realloc(l->stores, l->cap * sizeof(*l->stores));
        assert_non_null(l->stores);
    }
    l->stores[l->n++] = (struct store){ e->u.mem.pa, e->u.mem.data, machine_total_insns(l->m), e->u.mem.size };
}

struct watch {
    uint64_t pa;
};

static bool hits_watch(void *ctx, const struct obs_event *e)
{
    const struct watch *w = ctx;
    return e->u.mem.write && e->u.mem.pa <= w->pa && w->pa < e->u.mem.pa + e->u.mem.size;
}

static void test_reverse_continue_watch(void **state)
{
    (void)state;
    const uint64_t now = 90000;
    /* The independent record: a plain run with an observer of every access. */
    struct session *p = open_demo();
    struct store_log log = { .m = p->m };
    struct observer rec = { .name = "stores", .kinds = OBS_MASK(OBS_MEM), .event = record_store, .ctx = &log };
    assert_true(machine_attach_observer(p->m, &rec));
    machine_run(p->m, now);
    assert_int_equal(p->m->reason, STOP_MAX_INSNS);
    machine_detach_observer(p->m, &rec);
    close_session(p);
    /* The address: the last one stored to before 60000 instructions; its last two stores before now. */
    size_t pick = 0;
    for (size_t k = 0; k < log.n; k++)
        if (log.stores[k].total < 60000)
            pick = k;
    uint64_t pa = log.stores[pick].pa;
    long last = -1, previous = -1;
    for (size_t k = 0; k < log.n; k++)
        if (log.stores[k].pa <= pa && pa < log.stores[k].pa + log.stores[k].size && log.stores[k].total < now) {
            previous = last;
            last = (long)k;
        }
    assert_true(last >= 0 && previous >= 0);
    assert_true(log.stores[previous].total < log.stores[last].total);

    struct session *s = open_demo();
    struct machine *m = s->m;
    char err[256];
    assert_true(reverse_enable(m, 15000, 64u << 20, err, sizeof(err)));
    reverse_run(m, now);
    assert_int_equal(machine_total_insns(m), now);
    struct watch w = { pa };
    struct reverse_stop stop = { .kinds = OBS_MASK(OBS_WATCH), .hit = hits_watch, .ctx = &w };
    assert_true(machine_watch_page(m, pa, false, true));
    struct obs_event found;
    assert_true(reverse_continue(m, &stop, &found, err, sizeof(err)));
    assert_int_equal(found.u.mem.pa, log.stores[last].pa);
    assert_int_equal(found.u.mem.data, log.stores[last].data);
    assert_int_equal(machine_total_insns(m), log.stores[last].total); /* stopped after the store */
    assert_true(reverse_continue(m, &stop, &found, err, sizeof(err)));
    assert_int_equal(found.u.mem.data, log.stores[previous].data);
    assert_int_equal(machine_total_insns(m), log.stores[previous].total);
    /* Back to the first store: then nothing earlier, and the machine waits at the start. */
    while (reverse_continue(m, &stop, &found, err, sizeof(err)))
        ;
    assert_non_null(strstr(err, "start of the recording"));
    assert_int_equal(machine_total_insns(m), 0);
    machine_unwatch_page(m, pa, false, true);
    reverse_disable(m);
    close_session(s);
    free(log.stores);
}

static void test_checkpoint_restart(void **state)
{
    (void)state;
    struct session *s = open_demo();
    struct machine *m = s->m;
    char err[256];
    assert_true(reverse_enable(m, 0, 0, err, sizeof(err))); /* the defaults */
    reverse_run(m, 30000);
    unsigned id;
    assert_true(reverse_checkpoint(m, &id, err, sizeof(err)));
    assert_int_equal(id, 1);
    uint64_t there = state_hash(m);
    reverse_run(m, 80000);
    assert_true(state_hash(m) != there);
    assert_true(reverse_restart(m, id, err, sizeof(err)));
    assert_int_equal(state_hash(m), there);
    /* The run goes on from there exactly as it did: to the end, with the plain run's counts. */
    reverse_run(m, 0);
    assert_int_equal(m->reason, STOP_GUEST_EXIT);
    assert_int_equal(machine_total_insns(m), 114919);
    assert_false(reverse_restart(m, 7, err, sizeof(err)));
    assert_non_null(strstr(err, "no checkpoint 7"));
    struct reverse_checkpoint_info info[4];
    assert_true(reverse_list(m, info, 4) >= 1);
    assert_int_equal(info[0].total_insns, 0);
    reverse_disable(m);
    close_session(s);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void test_console_input_replayed(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof(out), "%s/echo.out", workdir);
    const char *args[] = { "--smp", "1", "--mem", "64M", "--uart0", out, "--uart-expect", "ready", "--uart-send",
                           "abc\\n", echo_elf, NULL };
    struct session *s = open_session(args);
    struct machine *m = s->m;
    char err[256];
    assert_true(reverse_enable(m, 5000, 64u << 20, err, sizeof(err)));
    reverse_run(m, 0);
    assert_int_equal(m->reason, STOP_GUEST_EXIT);
    uint64_t end = m->cpus[0]->icount;
    uint64_t final = state_hash(m);
    /* Back to before any byte arrived ("ready" is printed first), and forward again: the bytes come
     * from the recording (the script is done: live, nothing would come and the guest would poll
     * forever). */
    assert_true(reverse_stepi(m, 0, end - 20, err, sizeof(err)));
    assert_int_equal(m->cpus[0]->icount, 20);
    reverse_run(m, 10 * end);
    assert_int_equal(m->reason, STOP_GUEST_EXIT);
    assert_int_equal(m->cpus[0]->icount, end);
    assert_int_equal(state_hash(m), final);
    reverse_disable(m);
    close_session(s);
    assert_string_equal(read_file(out), "ready\nabc\n"); /* once: the replay wrote nothing */
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_reverse DEMO_ELF ECHO_ELF WORKDIR\n");
        return 2;
    }
    demo_elf = argv[1];
    echo_elf = argv[2];
    workdir = argv[3];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reverse_stepi),
        cmocka_unit_test(test_reverse_continue_watch),
        cmocka_unit_test(test_checkpoint_restart),
        cmocka_unit_test(test_console_input_replayed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
