/* The machine's event queue (sim/events.c): time order, ties in posting order, cancellation,
 * events posted by events, a full queue; and the run loop skipping sleeping cores to an event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "events.h"
#include "harness.h"

static char log_buf[64];
static unsigned log_len;

static void record(struct machine *m, void *ctx)
{
    (void)m;
    log_buf[log_len++] = *(const char *)ctx;
    log_buf[log_len] = 0;
}

static const char A = 'a', B = 'b', C = 'c', D = 'd';
static struct event_queue *requeue_q;

static void post_again(struct machine *m, void *ctx)
{
    record(m, ctx);
    assert_true(event_post(requeue_q, 30, record, (void *)&D)); /* due now: runs in the same call */
}

static void test_order_and_cancel(void **state)
{
    (void)state;
    struct event_queue q = { 0 };
    log_len = 0;
    assert_int_equal(event_next(&q), UINT64_MAX);
    assert_true(event_post(&q, 50, record, (void *)&C));
    assert_true(event_post(&q, 10, record, (void *)&A));
    assert_true(event_post(&q, 50, record, (void *)&D)); /* tie with C: after it */
    assert_true(event_post(&q, 20, record, (void *)&B));
    assert_true(event_post(&q, 15, record, (void *)&B));
    event_cancel(&q, record, (void *)&B);
    assert_int_equal(event_next(&q), 10);
    event_run_due(&q, NULL, 9);
    assert_string_equal(log_buf, "");
    event_run_due(&q, NULL, 50);
    assert_string_equal(log_buf, "acd");
    assert_int_equal(q.count, 0);

    log_len = 0;
    requeue_q = &q;
    assert_true(event_post(&q, 30, post_again, (void *)&A));
    event_run_due(&q, NULL, 30);
    assert_string_equal(log_buf, "ad");

    for (unsigned n = 0; n < EVENT_QUEUE_MAX; n++)
        assert_true(event_post(&q, n, record, (void *)&A));
    assert_false(event_post(&q, 0, record, (void *)&A));
}

static uint64_t fired_at;
static void note_time(struct machine *m, void *ctx)
{
    (void)ctx;
    fired_at = m->cpus[0]->cycles;
    m->cpus[0]->wfi_pending = false; /* as a device raising an interrupt would */
}

static void test_sleeping_cores_skip_to_an_event(void **state)
{
    (void)state;
    struct machine *m = harness_machine(1, 1 << 20);
    struct cpu *c = m->cpus[0];
    harness_enter(c, EL1, 1);
    c->pc = 0x1000;
    harness_put32(m, 0x1000, 0xd503207f); /* WFI */
    harness_put32(m, 0x1004, 0xd503207f); /* WFI */
    assert_true(event_post(&m->events, 123456, note_time, NULL));
    machine_run(m, 0);
    /* The first WFI slept until the event woke the core; the second found nothing to wake it. */
    assert_int_equal(fired_at, 123456);
    assert_int_equal(m->reason, STOP_ALL_ASLEEP);
    assert_int_equal(c->pc, 0x1008); /* past the second WFI, asleep */
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_cancel),
        cmocka_unit_test(test_sleeping_cores_skip_to_an_event),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
