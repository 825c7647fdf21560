/* The timing model in snapshots (sim/snapshot/state.c): a machine with the caches and the branch
 * predictor, its state captured and applied to a fresh machine, runs on exactly as the original
 * (cycles and every microarchitectural event); a state of another timing mode or clock is refused
 * with one line; and a damaged state (bytes flipped, cut short) is refused with one line or loaded
 * without harming the simulator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../models/versal/versal.h"
#include "machine.h"
#include "snapshot/snapshot.h"
#include "timing/uarch.h"

static FILE *devnull;

/* A small machine in mode at clock_hz, running: x0 counts; each round loads the 64-byte line at
 * x0 * 64 (a new line every time: L1D, L2 misses) and branches back (the predictor). */
static struct machine *timed_machine(enum timing_mode mode, uint64_t clock_hz, bool boot)
{
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 8u << 20 };
    struct machine *m = versal_create(&cfg);
    assert_non_null(m);
    m->out = m->log = devnull;
    m->exception_loop_limit = 64;
    assert_true(timing_configure(m, mode, clock_hz));
    if (boot) {
        static const uint32_t code[] = {
            0xd2800020, /* mov x0, #1 */
            0x91000400, /* add x0, x0, #1 */
            0xd37ae403, /* lsl x3, x0, #6 */
            0xf9400062, /* ldr x2, [x3] */
            0x17fffffd, /* b .-12 */
        };
        versal_boot(m, 0x100000, false, 0);
        assert_true(machine_write_phys(m, 0x100000, code, sizeof(code)));
    }
    return m;
}

static void copy_ram(struct machine *to, struct machine *from)
{
    for (unsigned n = 0; n < from->bus.count; n++)
        if (from->bus.regions[n].ram)
            memcpy(to->bus.regions[n].ram, from->bus.regions[n].ram, from->bus.regions[n].size);
}

static void capture(struct machine *m, struct snapshot_state *s)
{
    char err[SNAPSHOT_ERR_LEN];
    *s = (struct snapshot_state){ 0 };
    assert_true(snapshot_capture(m, s, err, sizeof(err)));
}

/* The timing state of the cores that a run shows: cycles, events, predictor, cache misses. */
static void assert_same_timing(struct machine *a, struct machine *b)
{
    for (unsigned n = 0; n < a->ncpus; n++) {
        struct cpu *x = a->cpus[n], *y = b->cpus[n];
        assert_int_equal(x->icount, y->icount);
        assert_int_equal(x->cycles, y->cycles);
        assert_memory_equal(&x->perf, &y->perf, sizeof(x->perf));
        assert_memory_equal(&x->uarch->bp, &y->uarch->bp, sizeof(x->uarch->bp));
        assert_int_equal(x->uarch->l1i.misses, y->uarch->l1i.misses);
        assert_int_equal(x->uarch->l1d.misses, y->uarch->l1d.misses);
        assert_int_equal(x->uarch->l2->misses, y->uarch->l2->misses);
    }
}

static void test_restored_run_is_exact(void **state)
{
    (void)state;
    struct machine *a = timed_machine(TIMING_MODE_CACHES, 1700000000, true);
    machine_run(a, 20000);
    assert_true(a->cpus[0]->uarch->l1d.misses > 100); /* the caches hold something worth keeping */
    struct snapshot_state s;
    capture(a, &s);
    struct machine *b = timed_machine(TIMING_MODE_CACHES, 1700000000, false);
    copy_ram(b, a);
    char err[SNAPSHOT_ERR_LEN];
    assert_true(snapshot_apply(b, s.data, s.len, err, sizeof(err)));
    assert_same_timing(a, b);
    /* The round goes on over lines loaded before the snapshot, then new ones: both hit and miss
     * as the original's. */
    for (unsigned n = 0; n < a->ncpus; n++)
        a->cpus[n]->x[0] = b->cpus[n]->x[0] = 1;
    machine_clear_stop(a);
    machine_run(a, 30000);
    machine_run(b, 30000);
    assert_same_timing(a, b);
    snapshot_state_free(&s);
    machine_destroy(a);
    machine_destroy(b);
}

static void test_other_timing_refused(void **state)
{
    (void)state;
    struct machine *a = timed_machine(TIMING_MODE_CACHES, 1700000000, true);
    machine_run(a, 1000);
    struct snapshot_state s;
    capture(a, &s);
    const struct {
        enum timing_mode mode;
        uint64_t hz;
    } others[] = { { TIMING_MODE_STATIC, 1700000000 }, { TIMING_MODE_FULL, 1700000000 },
                   { TIMING_MODE_CACHES, 1000000000 } };
    for (unsigned k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
        struct machine *b = timed_machine(others[k].mode, others[k].hz, false);
        copy_ram(b, a);
        char err[SNAPSHOT_ERR_LEN] = "";
        assert_false(snapshot_apply(b, s.data, s.len, err, sizeof(err)));
        assert_non_null(strstr(err, "give --timing full --cpu-mhz 1700"));
        assert_null(strchr(err, '\n'));
        machine_destroy(b);
    }
    snapshot_state_free(&s);
    machine_destroy(a);
}

/* Bytes all over the state flipped, and the state cut at as many lengths: refused with one line,
 * or loaded into a machine that then runs. */
static void test_damaged_state(void **state)
{
    (void)state;
    struct machine *a = timed_machine(TIMING_MODE_CACHES, 1700000000, true);
    machine_run(a, 5000);
    struct snapshot_state s;
    capture(a, &s);
    uint8_t *bad = malloc(s.len);
    assert_non_null(bad);
    unsigned refused = 0, loaded = 0;
    size_t step = s.len / 300 + 1; /* about 600 machines */
    for (size_t at = 0; at < s.len; at += step) {
        for (unsigned cut = 0; cut < 2; cut++) {
            memcpy(bad, s.data, s.len);
            size_t len = s.len;
            if (cut)
                len = at;
            else
                bad[at] ^= 0xa5;
            struct machine *b = timed_machine(TIMING_MODE_CACHES, 1700000000, false);
            copy_ram(b, a);
            char err[SNAPSHOT_ERR_LEN] = "";
            if (snapshot_apply(b, bad, len, err, sizeof(err))) {
                machine_run(b, 500);
                loaded++;
            } else {
                assert_true(err[0] != 0);
                assert_null(strchr(err, '\n'));
                refused++;
            }
            machine_destroy(b);
        }
    }
    assert_true(refused > 0);
    free(bad);
    snapshot_state_free(&s);
    machine_destroy(a);
}

int main(void)
{
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restored_run_is_exact),
        cmocka_unit_test(test_other_timing_refused),
        cmocka_unit_test(test_damaged_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
