/* Interned scoreboard states (states.h). */
#include "timing/states.h"

#include <stdlib.h>
#include <string.h>

/* The pipes a state holds, in its order (single-pipe ports use [0] only). */
static const struct {
    uint8_t port, k;
} state_pipes[STATE_PIPES] = {
    { PORT_M, 0 }, { PORT_L, 0 }, { PORT_S, 0 }, { PORT_B, 0 }, { PORT_F, 0 }, { PORT_F, 1 }, { PORT_FDIV, 0 },
};
_Static_assert(STATE_F0 == STATE_REGS + 4 && STATE_F1 == STATE_REGS + 5, "states.h names the F pipes' bytes");

void pipe_states_free(struct pipe_states *t)
{
    unsigned capacity = t->capacity;
    free(t->buckets);
    free(t->steps);
    free(t->pool);
    *t = (struct pipe_states){ .capacity = capacity };
}

/* Eight bytes of a state: max(0, cycle - now) of eight cycles, packed in a word (not stored byte
 * by byte: the hash reads it whole); *over collects the values, to tell one that does not fit a
 * byte. Branch-free: a cycle before now gives a negative difference, cleared by its sign. */
static inline uint64_t state_word(const uint64_t *cycle, uint64_t now, uint64_t *over)
{
    uint64_t w = 0;
    for (unsigned j = 0; j < 8; j++) {
        int64_t v = (int64_t)(cycle[j] - now);
        v &= ~(v >> 63);
        *over |= (uint64_t)v;
        w |= ((uint64_t)v & 0xff) << (8 * j);
    }
    return w;
}

static uint64_t state_hash(const uint64_t *w)
{
    uint64_t h = 0;
    for (unsigned n = 0; n < STATE_BYTES / 8; n++) {
        h = (h ^ w[n]) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    return h;
}

static inline bool same_bytes(const uint8_t *a, const uint8_t *b)
{
    uint64_t diff = 0;
    for (unsigned n = 0; n < STATE_BYTES; n += 8) {
        uint64_t x, y;
        memcpy(&x, a + n, 8);
        memcpy(&y, b + n, 8);
        diff |= x ^ y;
    }
    return !diff;
}

/* Forget every state (the pool is full). */
static void forget_all(struct pipe_states *t)
{
    memset(t->buckets, 0, STATE_BUCKETS * sizeof(*t->buckets));
    memset(t->steps, 0, STATE_STEPS * sizeof(*t->steps));
    t->used = 0;
    t->generation++;
    t->drained[0] = t->drained[1] = NULL;
}

/* The state of the words w (STATE_BYTES of them), interned. */
static struct pipe_state *intern_words(struct pipe_states *t, const uint64_t *w)
{
    if (!t->buckets) {
        t->buckets = calloc(STATE_BUCKETS, sizeof(*t->buckets));
        if (!t->capacity || t->capacity > STATE_MAX)
            t->capacity = STATE_MAX;
        t->pool = malloc(t->capacity * sizeof(*t->pool));
        t->steps = calloc(STATE_STEPS, sizeof(*t->steps));
        if (!t->buckets || !t->pool || !t->steps) {
            pipe_states_free(t);
            return NULL;
        }
    }
    const uint8_t *rel = (const uint8_t *)w;
    uint64_t hash = state_hash(w);
    struct pipe_state **bucket = &t->buckets[hash & (STATE_BUCKETS - 1)];
    for (struct pipe_state *s = *bucket; s; s = s->chain)
        if (same_bytes(s->rel, rel))
            return s;
    if (t->used == t->capacity) {
        forget_all(t);
        bucket = &t->buckets[hash & (STATE_BUCKETS - 1)];
    }
    struct pipe_state *s = &t->pool[t->used++];
    memset(s, 0, sizeof(*s));
    memcpy(s->rel, rel, STATE_BYTES);
    s->chain = *bucket;
    *bucket = s;
    return s;
}

/* The last word of a state: the latest result, the slot and the F pipes' order. */
static inline uint64_t last_word(uint64_t latest, unsigned slot, bool f_order)
{
    return latest | (uint64_t)slot << 8 | (uint64_t)f_order << 16;
}

struct pipe_state *pipe_state_intern(struct pipe_states *t, const struct pipeline *p, uint64_t now)
{
    _Static_assert(STATE_REGS == 65 && STATE_PIPES == 7 && STATE_LATEST == 72 && STATE_BYTES == 80,
                   "eight words of registers, one of V31 and the pipes, one of the rest");
    uint64_t w[STATE_BYTES / 8], over = 0;
    for (unsigned n = 0; n < 8; n++)
        w[n] = state_word(&p->ready[PIPE_REG_X0 + 8 * n], now, &over);
    uint64_t tail[8] = { p->ready[PIPE_REG_X0 + 64] };
    for (unsigned n = 0; n < STATE_PIPES; n++)
        tail[1 + n] = p->port_free[state_pipes[n].port][state_pipes[n].k];
    w[8] = state_word(tail, now, &over);
    int64_t latest = (int64_t)(p->latest - now);
    latest &= ~(latest >> 63);
    over |= (uint64_t)latest;
    if (over > UINT8_MAX)
        return NULL;
    /* Which F pipe the next FP instruction takes when neither is busy: pipeline_issue_access takes
     * [1] when its cycle is the earlier. */
    bool f_order = !(w[8] >> 8 * (STATE_F0 - 64) & 0xffff) && p->port_free[PORT_F][1] < p->port_free[PORT_F][0];
    w[9] = last_word((uint64_t)latest, p->slot, f_order);
    return intern_words(t, w);
}

struct pipe_state *pipe_state_drained_slow(struct pipe_states *t, bool f_order)
{
    if (t->drained[f_order])
        return t->drained[f_order];
    uint64_t w[STATE_BYTES / 8] = { 0 };
    w[9] = last_word(0, 0, f_order);
    uint64_t generation = t->generation;
    struct pipe_state *s = intern_words(t, w);
    if (s && t->generation == generation)
        t->drained[f_order] = s; /* forgetting the states forgets these */
    return s;
}

struct pipe_state *pipe_state_drained(struct pipe_states *t, const struct pipeline *p)
{
    return pipe_state_drained_slow(t, p->port_free[PORT_F][1] < p->port_free[PORT_F][0]);
}

static struct pipe_step *step_of(struct pipe_states *t, const struct pipe_state *s, uint64_t key)
{
    uint64_t h = ((uint64_t)(s - t->pool) * 0x9e3779b97f4a7c15ull) ^ (key * 0xff51afd7ed558ccdull);
    return &t->steps[(h >> 32) & (STATE_STEPS - 1)];
}

/* Put the run into s's own entries, first of its set (the set's other run stays, second). */
static void keep(struct pipe_state *s, struct pipe_next run)
{
    struct pipe_next *e = &s->runs[state_next_set(run.key)];
    if (e[0].key != run.key)
        e[1] = e[0];
    e[0] = run;
}

struct pipe_state *pipe_state_step(struct pipe_states *t, struct pipe_state *s, uint64_t key, uint64_t *cycles)
{
    const struct pipe_step *e = step_of(t, s, key);
    if (e->from != s || e->run.key != key)
        return NULL;
    keep(s, e->run);
    *cycles = e->run.cycles;
    return e->run.next;
}

void pipe_state_remember(struct pipe_states *t, struct pipe_state *s, uint64_t key, struct pipe_state *next,
                         uint64_t cycles)
{
    struct pipe_next run = { .key = key, .next = next, .cycles = cycles };
    keep(s, run);
    *step_of(t, s, key) = (struct pipe_step){ .from = s, .run = run };
}

void pipe_state_materialize(const struct pipe_state *s, struct pipeline *p, uint64_t now)
{
    for (unsigned n = 0; n < STATE_REGS; n++)
        p->ready[PIPE_REG_X0 + n] = now + s->rel[n];
    for (unsigned n = 0; n < STATE_PIPES; n++)
        p->port_free[state_pipes[n].port][state_pipes[n].k] = now + s->rel[STATE_REGS + n];
    if (s->rel[STATE_F_ORDER])
        p->port_free[PORT_F][1] = now - 1; /* both free, [1] the earlier (now > 0: it was earlier than [0]) */
    p->latest = now + s->rel[STATE_LATEST];
    p->slot = s->rel[STATE_SLOT];
}

void pipeline_canonicalize(struct pipeline *p, uint64_t now)
{
    uint64_t *f = p->port_free[PORT_F];
    bool f_order = f[0] <= now && f[1] <= now && f[1] < f[0];
    for (unsigned n = 0; n < STATE_REGS; n++)
        p->ready[PIPE_REG_X0 + n] = pipe_max(p->ready[PIPE_REG_X0 + n], now);
    p->ready[PIPE_REG_SINK] = now;
    for (unsigned n = 0; n < STATE_PIPES; n++) {
        uint64_t *v = &p->port_free[state_pipes[n].port][state_pipes[n].k];
        *v = pipe_max(*v, now);
    }
    if (f_order)
        f[1] = now - 1;
    p->latest = pipe_max(p->latest, now);
}
