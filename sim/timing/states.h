/* Interned scoreboard states: how the fast run loop issues a run of any length for a few loads
 * (docs/timing.md, "Speed").
 *
 * Every cycle the scoreboard holds (pipeline.h) is only ever compared with, or raised to, a
 * dispatch cycle at least the current one, N. So a value at or before N means the same as N, and
 * the scoreboard's meaning is its *state*: each register's and pipe's max(0, cycle - N), the latest
 * result's, the dispatch slot, and which F pipe an instruction would take when neither is busy
 * (pipeline_issue_access compares their cycles themselves). What a run does is a pure function of
 * the state it starts in: the state it ends in and how far it moves N.
 *
 * Each core interns the states it meets (a hash table of them) and remembers, per state, the last
 * runs issued from it: the run's id, how its branch went (the predictor's verdict and taken or not),
 * the state it led to and the cycles it took. While the fast loop goes from run to run, the core is
 * one of these states (c->run.state, with c->cycles as N) and the scoreboard's cycles are out of
 * date; a run met again from the same state with the same branch outcome costs a compare and two
 * loads. Anything else brings the scoreboard up to date first (timing_sync): it writes the state
 * back as cycles (pipe_state_materialize), each value at or before N as N itself. */
#ifndef A72SIM_TIMING_STATES_H
#define A72SIM_TIMING_STATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timing/pipeline.h"

/* The state's bytes: registers X0..V31 (scoreboard numbers 1..65), the pipes M, L, S, B, F0, F1 and
 * FDIV, the latest result, the slot, and the F pipes' order; then zeros up to a whole number of words. */
#define STATE_REGS (PIPE_REG_SINK - 1)
#define STATE_PIPES 7
#define STATE_LATEST (STATE_REGS + STATE_PIPES)
#define STATE_SLOT (STATE_LATEST + 1)
#define STATE_F_ORDER (STATE_SLOT + 1)
#define STATE_F0 (STATE_REGS + 4) /* the F pipes' bytes (states.c: state_pipes) */
#define STATE_F1 (STATE_REGS + 5)
#define STATE_BYTES 80
_Static_assert(STATE_F_ORDER < STATE_BYTES && STATE_BYTES % 8 == 0, "a state is whole words");

#define STATE_NEXT 16         /* runs remembered per state, in sets of two */
#define STATE_MAX (1u << 15)  /* states a core keeps; when full, it forgets them all and starts again */
#define STATE_BUCKETS (1u << 16)

/* A run a state remembers: one entry, so that a lookup reads one place. */
struct pipe_next {
    uint64_t key;                      /* the run and its outcome (run_key, runs.h); 0: empty */
    struct pipe_state *next;           /* the state it led to ... */
    uint64_t cycles;                   /* ... and how far it moved the dispatch cycle */
};

/* One state and the runs issued from it. */
struct pipe_state {
    uint8_t rel[STATE_BYTES];          /* the state's bytes */
    struct pipe_next runs[STATE_NEXT]; /* the runs issued from it, in the set state_next_set of their key */
    struct pipe_state *chain;          /* the next state in its hash bucket */
};

/* Where a run's id starts in its key (run_key, runs.h: above where a load missed and the outcome). */
#define STATE_KEY_ID_SHIFT 18

/* The first of the two entries of a state that may remember the run of key (run_key), chosen by the
 * run's outcome class and the low bits of its id; the set's most recently remembered run is first. */
static inline unsigned state_next_set(uint64_t key)
{
    return ((unsigned)(key ^ key >> STATE_KEY_ID_SHIFT) & (STATE_NEXT / 2 - 1)) * 2;
}

/* The run of key as s itself remembers it (its set's first entry, then its second), or NULL. */
static inline __attribute__((always_inline)) const struct pipe_next *pipe_state_next(const struct pipe_state *s,
                                                                                    uint64_t key)
{
    const struct pipe_next *e = &s->runs[state_next_set(key)];
    if (__builtin_expect(e[0].key == key, 1) || (++e)->key == key)
        return e;
    return NULL;
}

/* A run issued from a state, in the table behind each state's own STATE_NEXT. */
struct pipe_step {
    const struct pipe_state *from;     /* NULL: empty */
    struct pipe_next run;
};
#define STATE_STEPS (1u << 16)

/* A core's interned states (struct uarch; allocated on first use). */
struct pipe_states {
    struct pipe_state **buckets;       /* STATE_BUCKETS chains */
    struct pipe_step *steps;           /* STATE_STEPS, direct-mapped by state and key */
    struct pipe_state *pool;           /* capacity states, the first used of them in use */
    unsigned used;
    unsigned capacity;                 /* STATE_MAX (0 before the first use: STATE_MAX; tests set less) */
    uint64_t generation;               /* counts the times the states were forgotten */
    struct pipe_state *drained[2];     /* the drained states (by F pipes' order) of this generation, or NULL */
};

void pipe_states_free(struct pipe_states *t);

/* The state of p at dispatch cycle now, interned in t; NULL when a cycle is too far ahead of now to
 * be one (a long miss), or host memory is short. May forget every state (t->generation changes). */
struct pipe_state *pipe_state_intern(struct pipe_states *t, const struct pipeline *p, uint64_t now);

/* The state of the scoreboard p a pipeline flush has just drained (every result in, slot 0: only
 * which F pipe is the earlier tells two apart), interned; NULL when host memory is short. */
struct pipe_state *pipe_state_drained(struct pipe_states *t, const struct pipeline *p);
/* The drained state whose F pipe [1] is the earlier (f_order) or not, interned. */
struct pipe_state *pipe_state_drained_slow(struct pipe_states *t, bool f_order);
/* The same from state s: the state a flush leaves once every result of s is in. */
static inline struct pipe_state *pipe_state_drained_from(struct pipe_states *t, const struct pipe_state *s)
{
    /* F1 is the earlier of the pipes if its cycle is, or if both were free and it was the earlier. */
    bool f_order = s->rel[STATE_F1] < s->rel[STATE_F0] ||
                   (!s->rel[STATE_F0] && !s->rel[STATE_F1] && s->rel[STATE_F_ORDER]);
    return t->drained[f_order] ? t->drained[f_order] : pipe_state_drained_slow(t, f_order);
}

/* Write the scoreboard p at dispatch cycle now in the form pipe_state_materialize gives it: each
 * cycle before now as now (and F pipe [1] as now - 1 if both are free and it is the earlier),
 * PIPE_REG_SINK as now. The run loops leave it so: how a core got to a point (a plain run, one
 * observed, a restored snapshot) does not show in it. */
void pipeline_canonicalize(struct pipeline *p, uint64_t now);

/* Write state s back into p as cycles from now (the scoreboard a run from s would see). */
void pipe_state_materialize(const struct pipe_state *s, struct pipeline *p, uint64_t now);

/* Where the run key led from s before, from the table behind s's own entries (which it then
 * holds); NULL if it did not. */
struct pipe_state *pipe_state_step(struct pipe_states *t, struct pipe_state *s, uint64_t key, uint64_t *cycles);

/* Remember that the run key led from s to next in cycles. */
void pipe_state_remember(struct pipe_states *t, struct pipe_state *s, uint64_t key, struct pipe_state *next,
                         uint64_t cycles);

#endif
