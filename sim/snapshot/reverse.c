/* Reverse execution (reverse.h): checkpoints, copy-on-write undo logs of RAM, recorded input and
 * replay. */
#include "reverse.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "debug.h"
#include "dev/pl011.h"
#include "obs_emit.h"
#include "machine.h"
#include "snapshot.h"
#include "versal/versal.h"

/* A RAM page as it was when the checkpoint before its first write was taken. */
struct page_copy {
    struct page_copy *next;  /* in the pool of free copies */
    uint64_t pa;
    bool eager;              /* copied at the checkpoint (the page was written in the interval before), not
                                at its first write: the page was left writable */
    uint8_t data[GUEST_PAGE_SIZE];
};

struct undo_log {
    struct page_copy **pages;
    size_t count, cap;
};

struct checkpoint {
    unsigned id;             /* reverse_checkpoint's number, 0 for an automatic one */
    uint64_t total;          /* instructions of all cores */
    uint64_t icount[MAX_CPUS], pc[MAX_CPUS];
    uint64_t poll_seq;       /* polls of outside input before it */
    struct snapshot_state state;
    struct undo_log log;     /* pages first written after it (until the next checkpoint) */
};

/* One poll of outside input that changed something: UART0's state after it, and its answer. */
struct input_record {
    uint64_t seq;
    bool result;
    uint8_t uart[256];
};

struct recorder {
    struct machine *m;
    uint64_t interval, mem_limit;
    struct checkpoint *cps;  /* oldest first; the last one begins the interval the machine is in */
    unsigned ncps, capcps;
    unsigned next_id;
    bool out_of_memory;      /* a page could not be saved: going back is no longer exact */
    bool untracked;          /* the host refused to protect pages (vm.max_map_count): writes since the
                                last checkpoint went unrecorded; the next checkpoint starts afresh */
    /* Outside input */
    bool (*poll)(void *opaque, bool wait);
    void *poll_opaque;
    uint64_t poll_seq;       /* polls so far */
    uint64_t recorded_seq;   /* polls answered live so far: those below are replayed */
    struct input_record *inputs;
    size_t ninputs, capinputs;
    /* Output while the machine runs again through the recorded past */
    uint64_t high_total;     /* the furthest point the machine ran to live */
    bool muted;
    FILE *null_out, *saved_out, *saved_uart[2];
    void (*saved_watch[2])(void *opaque, uint8_t byte);
    struct sigaction old_segv;
};

static struct recorder *active;

/* Page copies are recycled: a checkpoint frees and takes thousands of them, and memory fresh from
 * the host costs a page clearing each. At most POOL_MAX are kept free. */
#define POOL_MAX 16384
static struct page_copy *pool;
static size_t pool_count;

static struct page_copy *page_alloc(void)
{
    struct page_copy *c = pool;
    if (!c)
        return malloc(sizeof(*c));
    pool = c->next;
    pool_count--;
    return c;
}

static void page_free(struct page_copy *c)
{
    if (pool_count >= POOL_MAX) {
        free(c);
        return;
    }
    c->next = pool;
    pool = c;
    pool_count++;
}

static void pool_drain(void)
{
    while (pool) {
        struct page_copy *c = pool;
        pool = c->next;
        free(c);
    }
    pool_count = 0;
}

static struct recorder *recorder_of(const struct machine *m)
{
    return active && active->m == m ? active : NULL;
}

/* --- RAM: protection and the undo logs ------------------------------------------------------- */

static void protect_ram(struct recorder *r, bool writable)
{
    for (unsigned n = 0; n < r->m->bus.count; n++) {
        struct bus_region *g = &r->m->bus.regions[n];
        if (g->ram)
            mprotect(g->ram, g->size, writable ? PROT_READ | PROT_WRITE : PROT_READ);
    }
}

static bool log_page(struct undo_log *log, uint64_t pa, const uint8_t *host, bool eager)
{
    if (log->count == log->cap) {
        size_t cap = log->cap ? 2 * log->cap : 64;
        struct page_copy **p = realloc(log->pages, cap * sizeof(*p));
        if (!p)
            return false;
        log->pages = p;
        log->cap = cap;
    }
    struct page_copy *c = page_alloc();
    if (!c)
        return false;
    c->pa = pa;
    c->eager = eager;
    memcpy(c->data, host, GUEST_PAGE_SIZE);
    log->pages[log->count++] = c;
    return true;
}

static void free_log(struct undo_log *log)
{
    for (size_t n = 0; n < log->count; n++)
        page_free(log->pages[n]);
    free(log->pages);
    *log = (struct undo_log){ 0 };
}

/* A write to write-protected RAM: the first since the last checkpoint. Save the page, let the
 * write through. Any other fault is not ours: the previous handler (or the default) takes it. The
 * faults come from the simulator's own stores into guest RAM, never from inside malloc. */
static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    struct recorder *r = active;
    uintptr_t a = (uintptr_t)si->si_addr;
    if (r && si->si_code == SEGV_ACCERR) {
        for (unsigned n = 0; n < r->m->bus.count; n++) {
            struct bus_region *g = &r->m->bus.regions[n];
            if (!g->ram || a < (uintptr_t)g->ram || a - (uintptr_t)g->ram >= g->size)
                continue;
            uintptr_t page = a & ~(uintptr_t)(GUEST_PAGE_SIZE - 1);
            uint64_t pa = g->base + (page - (uintptr_t)g->ram);
            if (!log_page(&r->cps[r->ncps - 1].log, pa, (const uint8_t *)page, false))
                r->out_of_memory = true;
            if (mprotect((void *)page, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE) != 0) {
                /* Each page unprotected alone is a mapping of its own: past the host's limit, the
                 * whole region goes writable and this interval is not recorded. */
                r->untracked = true;
                mprotect(g->ram, g->size, PROT_READ | PROT_WRITE);
            }
            return;
        }
    }
    /* Not a write to recorded RAM: fall back, and the access faults again there. */
    sigaction(sig, r ? &r->old_segv : &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);
}

static size_t checkpoint_bytes(const struct checkpoint *c)
{
    return c->state.cap + c->log.count * (sizeof(struct page_copy) + sizeof(void *)) + sizeof(*c);
}

size_t reverse_memory(const struct machine *m)
{
    const struct recorder *r = recorder_of(m);
    size_t bytes = 0;
    for (unsigned n = 0; r && n < r->ncps; n++)
        bytes += checkpoint_bytes(&r->cps[n]);
    return bytes;
}

static void free_checkpoint(struct checkpoint *c)
{
    snapshot_state_free(&c->state);
    free_log(&c->log);
}

/* Keep within the memory bound: drop the oldest checkpoints (never the newest). */
static void enforce_bound(struct recorder *r)
{
    while (r->ncps > 1 && reverse_memory(r->m) > r->mem_limit) {
        free_checkpoint(&r->cps[0]);
        memmove(r->cps, r->cps + 1, (r->ncps - 1) * sizeof(*r->cps));
        r->ncps--;
    }
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A checkpoint of the current state; the pages written since the previous one are protected again. */
static bool take_checkpoint(struct recorder *r, unsigned id, char *err, size_t errlen)
{
    struct machine *m = r->m;
    if (r->ncps == r->capcps) {
        unsigned cap = r->capcps ? 2 * r->capcps : 16;
        struct checkpoint *p = realloc(r->cps, cap * sizeof(*p));
        if (!p) {
            snprintf(err, errlen, "out of host memory for a checkpoint");
            return false;
        }
        r->cps = p;
        r->capcps = cap;
    }
    struct checkpoint c = { .id = id, .total = machine_total_insns(m), .poll_seq = r->poll_seq };
    for (unsigned n = 0; n < m->ncpus; n++) {
        c.icount[n] = m->cpus[n]->icount;
        c.pc[n] = m->cpus[n]->pc;
    }
    if (!snapshot_capture(m, &c.state, err, errlen)) {
        snapshot_state_free(&c.state);
        return false;
    }
    if (r->untracked) {
        /* The writes since the last checkpoint are not all in its log: the checkpoints before this
         * one cannot be gone back to. The recording starts again here. */
        for (unsigned n = 0; n < r->ncps; n++)
            free_checkpoint(&r->cps[n]);
        r->ncps = 0;
        r->untracked = false;
        r->out_of_memory = false;
    }
    /* The pages written in the interval that ends are likely written in the next one too (a stack,
     * a buffer): they are copied now and left writable, which costs a copy instead of a write fault.
     * An eager copy whose page was not written after all is dropped, and its page protected again. */
    uint64_t *hot = NULL;
    size_t nhot = 0;
    if (r->ncps) {
        struct undo_log *prev = &r->cps[r->ncps - 1].log;
        hot = malloc((prev->count ? prev->count : 1) * sizeof(*hot));
        size_t keep = 0;
        for (size_t n = 0; n < prev->count; n++) {
            struct page_copy *e = prev->pages[n];
            const uint8_t *host = bus_ram_ptr(&m->bus, e->pa, GUEST_PAGE_SIZE);
            if (e->eager && host && memcmp(e->data, host, GUEST_PAGE_SIZE) == 0) {
                page_free(e);
                continue;
            }
            prev->pages[keep++] = e;
            if (hot && host)
                hot[nhot++] = e->pa;
        }
        prev->count = keep;
    }
    /* Write-protect RAM again: one call per region, which also merges the mappings the single
     * pages unprotected since the last checkpoint had split off. */
    protect_ram(r, false);
    if (nhot)
        qsort(hot, nhot, sizeof(*hot), compare_u64);
    for (size_t n = 0; n < nhot;) {
        size_t end = n + 1; /* a run of consecutive pages: one call */
        while (end < nhot && hot[end] == hot[end - 1] + GUEST_PAGE_SIZE &&
               bus_ram_ptr(&m->bus, hot[n], (end - n + 1) * GUEST_PAGE_SIZE))
            end++;
        bool copied = true;
        for (size_t k = n; k < end; k++)
            copied &= log_page(&c.log, hot[k], bus_ram_ptr(&m->bus, hot[k], GUEST_PAGE_SIZE), true);
        if (copied)
            mprotect(bus_ram_ptr(&m->bus, hot[n], GUEST_PAGE_SIZE), (end - n) * GUEST_PAGE_SIZE,
                     PROT_READ | PROT_WRITE); /* if refused, the first write faults and is copied then */
        n = end;
    }
    free(hot);
    r->cps[r->ncps++] = c;
    enforce_bound(r);
    return true;
}

/* Put the machine back to checkpoint k; the later ones are dropped (the run from k on is run again,
 * and takes them again). */
static bool restore_checkpoint(struct recorder *r, unsigned k, char *err, size_t errlen)
{
    struct machine *m = r->m;
    protect_ram(r, true);
    for (unsigned i = r->ncps; i-- > k;) {
        const struct undo_log *log = &r->cps[i].log;
        for (size_t n = log->count; n-- > 0;) {
            uint8_t *host = bus_ram_ptr(&m->bus, log->pages[n]->pa, GUEST_PAGE_SIZE);
            if (host)
                memcpy(host, log->pages[n]->data, GUEST_PAGE_SIZE);
        }
    }
    for (unsigned i = k + 1; i < r->ncps; i++)
        free_checkpoint(&r->cps[i]);
    r->ncps = k + 1;
    free_log(&r->cps[k].log);
    protect_ram(r, false);
    machine_clear_stop(m);
    r->poll_seq = r->cps[k].poll_seq;
    if (!snapshot_apply(m, r->cps[k].state.data, r->cps[k].state.len, err, errlen))
        return false;
    return true;
}

/* --- Outside input ---------------------------------------------------------------------------- */

static bool record_poll(void *opaque, bool wait)
{
    struct recorder *r = opaque;
    struct pl011 *uart = versal_uart(r->m, 0);
    uint64_t seq = r->poll_seq++;
    if (seq < r->recorded_seq) {
        /* The past: answer as the recording says. */
        size_t lo = 0, hi = r->ninputs;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (r->inputs[mid].seq < seq)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < r->ninputs && r->inputs[lo].seq == seq) {
            pl011_state_load(uart, r->inputs[lo].uart);
            return r->inputs[lo].result;
        }
        return false;
    }
    uint8_t before[256], after[256];
    pl011_state_save(uart, before);
    bool result = r->poll && r->poll(r->poll_opaque, wait);
    pl011_state_save(uart, after);
    r->recorded_seq = seq + 1;
    if (result || memcmp(before, after, pl011_state_size()) != 0) {
        if (r->ninputs == r->capinputs) {
            size_t cap = r->capinputs ? 2 * r->capinputs : 64;
            struct input_record *p = realloc(r->inputs, cap * sizeof(*p));
            if (!p) {
                r->out_of_memory = true;
                return result;
            }
            r->inputs = p;
            r->capinputs = cap;
        }
        struct input_record *rec = &r->inputs[r->ninputs++];
        rec->seq = seq;
        rec->result = result;
        memcpy(rec->uart, after, pl011_state_size());
    }
    return result;
}

/* Output off while the machine runs again through what it already ran live. */
static void set_muted(struct recorder *r, bool mute)
{
    struct machine *m = r->m;
    if (mute == r->muted || (mute && !r->null_out))
        return;
    r->muted = mute;
    for (unsigned n = 0; n < 2; n++) {
        struct pl011 *u = versal_uart(m, n);
        if (mute) {
            r->saved_uart[n] = u->out;
            r->saved_watch[n] = u->tx_watch;
            u->out = NULL;
            u->tx_watch = NULL;
        } else {
            u->out = r->saved_uart[n];
            u->tx_watch = r->saved_watch[n];
        }
    }
    if (mute) {
        fflush(m->out);
        r->saved_out = m->out;
        m->out = r->null_out;
    } else {
        m->out = r->saved_out;
    }
}

/* --- Running ---------------------------------------------------------------------------------- */

static bool resumable(const struct machine *m)
{
    return !m->stop || m->reason == STOP_OBSERVER || m->reason == STOP_MAX_INSNS || m->reason == STOP_INTERRUPTED ||
           m->reason == STOP_NONE;
}

static void run_forward(struct recorder *r, uint64_t max_insns)
{
    struct machine *m = r->m;
    if (!resumable(m))
        return;
    machine_clear_stop(m);
    for (;;) {
        uint64_t total = machine_total_insns(m);
        char err[SNAPSHOT_ERR_LEN];
        if (total >= r->cps[r->ncps - 1].total + r->interval && !take_checkpoint(r, 0, err, sizeof(err))) {
            fprintf(m->log, "a72sim: reverse execution: %s; the run stops\n", err);
            machine_request_stop(m, STOP_HOST_ERROR, 0);
            break;
        }
        bool past = total < r->high_total;
        set_muted(r, past);
        uint64_t limit = r->cps[r->ncps - 1].total + r->interval;
        if (past && r->high_total < limit)
            limit = r->high_total;
        bool internal = !max_insns || limit < max_insns;
        machine_run(m, internal ? limit : max_insns);
        total = machine_total_insns(m);
        if (!r->muted && total > r->high_total)
            r->high_total = total;
        if (m->reason == STOP_MAX_INSNS && internal) {
            /* machine_run's own count also takes exceptions on instruction fetch, which icount does
             * not: it may stop short of limit, and goes on. */
            machine_clear_stop(m);
            continue;
        }
        break;
    }
    set_muted(r, false);
}

void reverse_run(struct machine *m, uint64_t max_insns)
{
    struct recorder *r = recorder_of(m);
    if (r)
        run_forward(r, max_insns);
    else
        machine_run(m, max_insns);
}

/* --- Recording -------------------------------------------------------------------------------- */

bool reverse_enable(struct machine *m, uint64_t interval, uint64_t mem_limit, char *err, size_t errlen)
{
    if (active) {
        snprintf(err, errlen, "reverse execution already records %s", active->m == m ? "this machine" : "a machine");
        return false;
    }
    if (sysconf(_SC_PAGESIZE) != (long)GUEST_PAGE_SIZE) {
        snprintf(err, errlen, "reverse execution needs 4 KiB host pages");
        return false;
    }
    if (m->semihosting_host_files) {
        snprintf(err, errlen, "reverse execution does not record host files: not with --semihosting-files");
        return false;
    }
    for (unsigned n = 0; n < m->bus.count; n++) {
        const struct bus_region *g = &m->bus.regions[n];
        if (g->ram && (((uintptr_t)g->ram | g->size) & (GUEST_PAGE_SIZE - 1))) {
            snprintf(err, errlen, "reverse execution needs page-aligned RAM");
            return false;
        }
    }
    struct recorder *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "out of host memory");
        return false;
    }
    *r = (struct recorder){ .m = m, .interval = interval ? interval : REVERSE_DEFAULT_INTERVAL,
                            .mem_limit = mem_limit ? mem_limit : REVERSE_DEFAULT_MEM_LIMIT, .next_id = 1 };
    r->null_out = fopen("/dev/null", "w");
    r->high_total = machine_total_insns(m);
    /* The handler first: the first checkpoint write-protects RAM. */
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_NODEFER };
    sigemptyset(&sa.sa_mask);
    active = r;
    sigaction(SIGSEGV, &sa, &r->old_segv);
    if (!take_checkpoint(r, 0, err, errlen)) {
        protect_ram(r, true);
        sigaction(SIGSEGV, &r->old_segv, NULL);
        active = NULL;
        if (r->null_out)
            fclose(r->null_out);
        free(r->cps);
        free(r);
        return false;
    }
    r->poll = m->io_poll;
    r->poll_opaque = m->io_opaque;
    m->io_poll = record_poll;
    m->io_opaque = r;
    return true;
}

bool reverse_enabled(const struct machine *m) { return recorder_of(m) != NULL; }

void reverse_disable(struct machine *m)
{
    struct recorder *r = recorder_of(m);
    if (!r)
        return;
    set_muted(r, false);
    protect_ram(r, true);
    sigaction(SIGSEGV, &r->old_segv, NULL);
    active = NULL;
    if (m->io_poll == record_poll) {
        m->io_poll = r->poll;
        m->io_opaque = r->poll_opaque;
    }
    for (unsigned n = 0; n < r->ncps; n++)
        free_checkpoint(&r->cps[n]);
    free(r->cps);
    free(r->inputs);
    if (r->null_out)
        fclose(r->null_out);
    free(r);
    pool_drain();
}

/* --- Going back ------------------------------------------------------------------------------- */

static bool usable(struct recorder *r, char *err, size_t errlen)
{
    if (!r) {
        snprintf(err, errlen, "reverse execution is not recording");
        return false;
    }
    if (r->out_of_memory) {
        snprintf(err, errlen, "the recording lost a page (host memory ran out): it cannot go back exactly");
        return false;
    }
    if (r->untracked) {
        snprintf(err, errlen, "the host refused to write-protect more pages (vm.max_map_count): the writes since "
                              "instruction %" PRIu64 " are not recorded; the next checkpoint starts a new recording",
                 r->cps[r->ncps - 1].total);
        return false;
    }
    return true;
}

/* Is core c stopped before an instruction whose OBS_INSN event it has delivered (a stop there)? */
static bool at_insn_event(const struct cpu *c)
{
    return c->resume_in_block && c->insn_event_delivered && c->insn_event_pc == c->pc;
}

struct icount_stop {
    struct machine *m;
    unsigned core;
    uint64_t icount;
};

static void icount_event(void *ctx, const struct obs_event *e)
{
    struct icount_stop *s = ctx;
    if (e->cpu == (int)s->core && s->m->cpus[s->core]->icount == s->icount)
        obs_request_stop(s->m);
}

bool reverse_run_to_icount(struct machine *m, unsigned core, uint64_t icount, char *err, size_t errlen)
{
    struct recorder *r = recorder_of(m);
    if (core >= m->ncpus) {
        snprintf(err, errlen, "there is no core %u", core);
        return false;
    }
    struct cpu *c = m->cpus[core];
    if (c->icount > icount) {
        snprintf(err, errlen, "core %u has already retired %" PRIu64 " instructions", core, c->icount);
        return false;
    }
    if (c->icount == icount && at_insn_event(c))
        return true;
    struct icount_stop s = { m, core, icount };
    struct observer o = { .name = "reverse-icount", .kinds = OBS_MASK(OBS_INSN), .event = icount_event, .ctx = &s };
    if (!machine_attach_observer(m, &o)) {
        snprintf(err, errlen, "no room for another observer");
        return false;
    }
    if (r)
        run_forward(r, 0);
    else if (resumable(m)) {
        machine_clear_stop(m);
        machine_run(m, 0);
    }
    machine_detach_observer(m, &o);
    if (c->icount != icount || m->reason != STOP_OBSERVER) {
        snprintf(err, errlen, "the run ended before core %u retired %" PRIu64 " instructions", core, icount);
        return false;
    }
    return true;
}

/* The newest checkpoint that lies before core `core` retired icount instructions, or -1. */
static int checkpoint_before_icount(const struct recorder *r, unsigned core, uint64_t icount)
{
    for (unsigned k = r->ncps; k-- > 0;)
        if (r->cps[k].icount[core] <= icount)
            return (int)k;
    return -1;
}

bool reverse_stepi(struct machine *m, unsigned core, uint64_t n, char *err, size_t errlen)
{
    struct recorder *r = recorder_of(m);
    if (!usable(r, err, errlen))
        return false;
    if (core >= m->ncpus) {
        snprintf(err, errlen, "there is no core %u", core);
        return false;
    }
    uint64_t now = m->cpus[core]->icount;
    int k = n > now ? -1 : checkpoint_before_icount(r, core, now - n);
    if (k < 0) {
        snprintf(err, errlen,
                 "cannot go back %" PRIu64 " instructions of core %u: the recording starts at its instruction %" PRIu64,
                 n, core, r->cps[0].icount[core]);
        return false;
    }
    if (!restore_checkpoint(r, (unsigned)k, err, errlen))
        return false;
    return reverse_run_to_icount(m, core, now - n, err, errlen);
}

/* reverse_continue's observer: count the hits before the bound, remember the last; or stop at hit
 * number `stop_at`. */
struct hit_scan {
    struct machine *m;
    const struct reverse_stop *stop;
    uint64_t bound;          /* hits at or after this many instructions are not before now */
    uint64_t hits, stop_at;  /* stop_at 0: count only */
    struct obs_event last;
};

static void hit_event(void *ctx, const struct obs_event *e)
{
    struct hit_scan *h = ctx;
    if (!(h->stop->kinds & OBS_MASK(e->kind)) || machine_total_insns(h->m) >= h->bound || !h->stop->hit(h->stop->ctx, e))
        return;
    h->hits++;
    if (!h->stop_at || h->hits == h->stop_at)
        h->last = *e;
    if (h->stop_at && h->hits == h->stop_at)
        obs_request_stop(h->m);
}

/* A core restored where it had stopped before an instruction (a checkpoint made at a breakpoint)
 * does not deliver that instruction's OBS_INSN again: give it to the scan as the run first did. */
static void replay_pending_insn_events(struct machine *m, struct hit_scan *h)
{
    if (!(h->stop->kinds & OBS_MASK(OBS_INSN)))
        return;
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        if (!at_insn_event(c))
            continue;
        struct obs_event e;
        memset(&e, 0, sizeof(e));
        obs_fill_header(&e, OBS_INSN, c);
        uint32_t w = 0;
        if (debug_read_virt(c, c->mmu_idx, c->pc, &w, 4))
            e.u.insn.opcode = w;
        hit_event(h, &e);
    }
}

bool reverse_continue(struct machine *m, const struct reverse_stop *stop, struct obs_event *found, char *err,
                      size_t errlen)
{
    struct recorder *r = recorder_of(m);
    if (!usable(r, err, errlen))
        return false;
    uint64_t bound = machine_total_insns(m);
    struct hit_scan h = { .m = m, .stop = stop };
    struct observer o = { .name = "reverse-continue", .kinds = stop->kinds, .event = hit_event, .ctx = &h };
    for (int k = (int)r->ncps - 1; k >= 0; k--) {
        /* Scan [checkpoint k, bound): run it again, counting the hits. */
        uint64_t start = r->cps[k].total;
        if (start >= bound && k > 0)
            continue;
        if (!restore_checkpoint(r, (unsigned)k, err, errlen))
            return false;
        h.bound = bound;
        h.hits = h.stop_at = 0;
        if (stop->segment_begin)
            stop->segment_begin(stop->ctx);
        if (!machine_attach_observer(m, &o)) {
            snprintf(err, errlen, "no room for another observer");
            return false;
        }
        replay_pending_insn_events(m, &h);
        run_forward(r, bound);
        machine_detach_observer(m, &o);
        uint64_t target = stop->choose ? stop->choose(stop->ctx, h.hits) : h.hits;
        if (target && target <= h.hits) {
            /* Again, to that hit. */
            if (!restore_checkpoint(r, (unsigned)k, err, errlen))
                return false;
            h.hits = 0;
            h.stop_at = target;
            if (stop->segment_begin)
                stop->segment_begin(stop->ctx);
            if (!machine_attach_observer(m, &o)) {
                snprintf(err, errlen, "no room for another observer");
                return false;
            }
            replay_pending_insn_events(m, &h);
            if (h.hits < target)
                run_forward(r, bound);
            else
                machine_clear_stop(m); /* the hit was the stop the checkpoint was made at: stay */
            machine_detach_observer(m, &o);
            if (found)
                *found = h.last;
            return true;
        }
        bound = start;
    }
    /* None: stay at the start of the recording. */
    if (!restore_checkpoint(r, 0, err, errlen))
        return false;
    snprintf(err, errlen, "no earlier stop: reached the start of the recording (instruction %" PRIu64 ")",
             r->cps[0].total);
    return false;
}

/* --- checkpoint / restart --------------------------------------------------------------------- */

bool reverse_checkpoint(struct machine *m, unsigned *id, char *err, size_t errlen)
{
    struct recorder *r = recorder_of(m);
    if (!usable(r, err, errlen))
        return false;
    if (!take_checkpoint(r, r->next_id, err, errlen))
        return false;
    *id = r->next_id++;
    return true;
}

bool reverse_restart(struct machine *m, unsigned id, char *err, size_t errlen)
{
    struct recorder *r = recorder_of(m);
    if (!usable(r, err, errlen))
        return false;
    for (unsigned k = 0; k < r->ncps; k++)
        if (r->cps[k].id == id && id)
            return restore_checkpoint(r, k, err, errlen);
    snprintf(err, errlen, "no checkpoint %u (dropped by the memory bound, or by going back before it)", id);
    return false;
}

unsigned reverse_list(const struct machine *m, struct reverse_checkpoint_info *out, unsigned max)
{
    const struct recorder *r = recorder_of(m);
    if (!r)
        return 0;
    for (unsigned k = 0; k < r->ncps && k < max; k++) {
        const struct checkpoint *c = &r->cps[k];
        out[k] = (struct reverse_checkpoint_info){ .id = c->id, .total_insns = c->total,
                                                   .bytes = checkpoint_bytes(c) };
        for (unsigned n = 0; n < m->ncpus && n < 2; n++) {
            out[k].icount[n] = c->icount[n];
            out[k].pc[n] = c->pc[n];
        }
    }
    return r->ncps;
}
