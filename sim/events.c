#include "events.h"

static bool before(const struct event *a, const struct event *b)
{
    return a->when < b->when || (a->when == b->when && a->order < b->order);
}

static void swap(struct event *a, struct event *b)
{
    struct event t = *a;
    *a = *b;
    *b = t;
}

static void sift_up(struct event_queue *q, unsigned n)
{
    while (n > 0 && before(&q->heap[n], &q->heap[(n - 1) / 2])) {
        swap(&q->heap[n], &q->heap[(n - 1) / 2]);
        n = (n - 1) / 2;
    }
}

static void sift_down(struct event_queue *q, unsigned n)
{
    for (;;) {
        unsigned l = 2 * n + 1, r = l + 1, m = n;
        if (l < q->count && before(&q->heap[l], &q->heap[m]))
            m = l;
        if (r < q->count && before(&q->heap[r], &q->heap[m]))
            m = r;
        if (m == n)
            return;
        swap(&q->heap[n], &q->heap[m]);
        n = m;
    }
}

bool event_post(struct event_queue *q, uint64_t when, event_fn fn, void *ctx)
{
    if (q->count == EVENT_QUEUE_MAX)
        return false;
    q->heap[q->count] = (struct event){ when, q->posted++, fn, ctx };
    sift_up(q, q->count++);
    return true;
}

static void remove_at(struct event_queue *q, unsigned n)
{
    q->heap[n] = q->heap[--q->count];
    if (n < q->count) {
        sift_down(q, n);
        sift_up(q, n);
    }
}

void event_cancel(struct event_queue *q, event_fn fn, void *ctx)
{
    for (unsigned n = 0; n < q->count;) {
        if (q->heap[n].fn == fn && q->heap[n].ctx == ctx)
            remove_at(q, n);
        else
            n++;
    }
}

uint64_t event_next(const struct event_queue *q)
{
    return q->count ? q->heap[0].when : UINT64_MAX;
}

void event_run_due(struct event_queue *q, struct machine *m, uint64_t now)
{
    while (q->count && q->heap[0].when <= now) {
        struct event e = q->heap[0];
        remove_at(q, 0);
        e.fn(m, e.ctx);
    }
}
