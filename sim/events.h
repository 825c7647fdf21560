/* The machine's event queue: timed devices post callbacks for a simulated cycle (the cluster's
 * time, the cycle count every running core has reached at a round boundary), and the machine runs
 * them, in time order (ties in posting order), between rounds of the cores and when it skips the
 * time all cores sleep through. Nothing here depends on host time, so runs stay deterministic.
 *
 * The generic timers keep their own deadline per core (cpu->next_timer_cycles, one compare in the
 * run loop), which is checked at every block; queued events are seen at round boundaries (every
 * --quantum instructions), the granularity a device such as a UART needs. */
#ifndef A72SIM_EVENTS_H
#define A72SIM_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

struct machine;

typedef void (*event_fn)(struct machine *m, void *ctx);

struct event {
    uint64_t when;
    uint64_t order;      /* posting order, for ties */
    event_fn fn;
    void *ctx;
};

#define EVENT_QUEUE_MAX 64

struct event_queue {
    struct event heap[EVENT_QUEUE_MAX]; /* a binary min-heap on (when, order) */
    unsigned count;
    uint64_t posted;
};

/* Post fn(m, ctx) for cycle when; false when the queue is full. */
bool event_post(struct event_queue *q, uint64_t when, event_fn fn, void *ctx);
/* Remove every event of fn with ctx. */
void event_cancel(struct event_queue *q, event_fn fn, void *ctx);
/* The cycle of the next event, or UINT64_MAX. */
uint64_t event_next(const struct event_queue *q);
/* Run, in order, every event due at or before now (events they post for now run too). */
void event_run_due(struct event_queue *q, struct machine *m, uint64_t now);

#endif
