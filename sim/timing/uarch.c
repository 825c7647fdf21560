/* Caches, branch prediction and flushes of the full timing model (docs/timing.md).
 *
 * The caches are looked up by the host address of the guest's RAM. That is deterministic: RAM is
 * mapped 2 MiB-aligned (bus_add_ram), so the address bits that choose a set (below bit 16 for the
 * L2) are those of the physical address, and tags compare whole addresses, which differ exactly
 * when the physical addresses do. */
#include "timing/uarch.h"

#include <stdlib.h>

#include "cpu/timing.h"
#include "machine.h"

static void uarch_free(struct uarch *u)
{
    if (!u)
        return;
    cache_free(&u->l1i);
    cache_free(&u->l1d);
    cache_free(&u->l2_own);
    pipe_states_free(&u->states);
    free(u);
}

void timing_free(struct cpu *c)
{
    uarch_free(c->uarch);
    c->uarch = NULL;
}

static struct uarch *uarch_create(struct cache *shared_l2)
{
    struct uarch *u = calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    bool ok = cache_init(&u->l1i, UARCH_L1I_SIZE, UARCH_L1I_WAYS) && cache_init(&u->l1d, UARCH_L1D_SIZE, UARCH_L1D_WAYS);
    if (ok && !shared_l2)
        ok = cache_init(&u->l2_own, UARCH_L2_SIZE, UARCH_L2_WAYS);
    if (!ok) {
        uarch_free(u);
        return NULL;
    }
    u->l2 = shared_l2 ? shared_l2 : &u->l2_own;
    bpred_reset(&u->bp);
    return u;
}

bool timing_configure(struct machine *m, enum timing_mode mode, uint64_t clock_hz)
{
    struct uarch *u[MAX_CPUS] = { 0 };
    if (mode != TIMING_MODE_STATIC) {
        for (unsigned n = 0; n < m->ncpus; n++) {
            u[n] = uarch_create(n ? u[0]->l2 : NULL);
            if (!u[n]) {
                for (unsigned k = 0; k < n; k++)
                    uarch_free(u[k]);
                return false;
            }
        }
    }
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        timing_free(c);
        c->uarch = u[n];
        c->config.timing_mode = mode;
        c->config.clock_hz = clock_hz;
        pipeline_reset(&c->pipe, mode);
    }
    return true;
}

/* The cycle by which every instruction in flight has its result. */
uint64_t pipeline_drained(const struct cpu *c)
{
    /* Every port is free by then too: no instruction occupies one beyond its latency. */
    return pipe_max(c->cycles, c->pipe.latest);
}


void timing_flush_slow(struct cpu *c)
{
    if (c->config.timing_mode == TIMING_MODE_STATIC)
        return;
    timing_sync(c);
    cpu_sync_cycles(c, pipeline_drained(c) + TIMING_EXCEPTION);
    c->pipe.slot = 0;
    /* In the fast loop, the core goes on from the drained state (NULL when host memory is short:
     * the scoreboard stays as it is). */
    if (c->run.active)
        c->run.state = pipe_state_drained(&c->uarch->states, &c->pipe);
}

/* An access to the line at host through the L1 cache l1 and the L2: the cycles beyond an L1 hit
 * (less than 256: a run's key has a byte for it, runs.h). */
_Static_assert(TIMING_L2_HIT - TIMING_LOAD + TIMING_DDR < 256, "a miss's latency fits a byte");
unsigned timing_cache_hierarchy(struct cpu *c, struct cache *l1, enum perf_event l1_access,
                                enum perf_event l1_refill, uintptr_t host)
{
    c->perf.n[l1_access]++;
    if (cache_access(l1, host))
        return 0;
    c->perf.n[l1_refill]++;
    c->perf.n[PERF_L2D_CACHE]++;
    if (cache_access(c->uarch->l2, host))
        return TIMING_L2_HIT - TIMING_LOAD;
    c->perf.n[PERF_L2D_CACHE_REFILL]++;
    return TIMING_L2_HIT - TIMING_LOAD + TIMING_DDR;
}

void timing_fetch_line_slow(struct cpu *c, uintptr_t host)
{
    unsigned extra = timing_cache_hierarchy(c, &c->uarch->l1i, PERF_L1I_CACHE, PERF_L1I_CACHE_REFILL, host);
    if (extra) {
        c->cycles += extra + TIMING_LOAD; /* the front end waits for the line */
        c->pipe.slot = 0;
    }

}

unsigned timing_walk_read(struct cpu *c, const void *host)
{
    if (c->config.timing_mode != TIMING_MODE_CACHES)
        return TIMING_WALK_DESCRIPTOR;
    return TIMING_LOAD + timing_cache_hierarchy(c, &c->uarch->l1d, PERF_L1D_CACHE, PERF_L1D_CACHE_REFILL, (uintptr_t)host);
}
