/* A run of the machine from the command line: options, machine, images, device tree, UARTs,
 * console and trace set up (session_open); the run and its end turned into an exit status with
 * the messages and statistics (session_finish); everything released (session_close). `a72sim run`
 * is these three; the shell and the GDB stub stop and resume the run between open and finish. */
#include "session.h"

#include <errno.h>
#include <signal.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libfdt.h>

#include "../models/versal/dtb.h"
#include "../models/versal/versal.h"
#include "boot/boot.h"
#include "check/check.h"
#include "gic/gic.h"
#include "dev/pl011.h"
#include "gdb/gdb_server.h"
#include "loader.h"
#include "observe.h"
#include "outfile.h"
#include "profile/profile.h"
#include "semihost.h"
#include "snapshot/snapshot_run.h"
#include "stats.h"
#include "timing/uarch.h"

static void ignore_event(void *ctx, const struct obs_event *e)
{
    (void)ctx;
    (void)e;
}

double session_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The blob to pass: the user's (--dtb, checked with fdt_check_header) or the board's. */
static void *get_dtb(const struct options *o, const struct versal_config *cfg, size_t *size, int *status)
{
    *status = EXIT_HOST;
    if (!o->dtb) {
        void *blob = versal_dtb_create(cfg, o->append, size);
        if (!blob)
            fprintf(stderr, "a72sim: cannot build the device tree (host memory)\n");
        return blob;
    }
    *status = EXIT_USAGE;
    char err[LOADER_ERR_LEN];
    uint64_t fsize;
    int fd = loader_open_regular(o->dtb, err, sizeof(err), &fsize);
    if (fd < 0) {
        fprintf(stderr, "a72sim: --dtb: %s\n", err);
        return NULL;
    }
    size_t cap = VERSAL_DTB_ALIGN + 1; /* a larger blob cannot be placed anyway */
    char *blob = malloc(cap);
    ssize_t got = 0, r = 0;
    while (blob && (size_t)got < cap && (r = read(fd, blob + got, cap - (size_t)got)) > 0)
        got += r;
    close(fd);
    if (!blob || r < 0) {
        fprintf(stderr, "a72sim: --dtb: cannot read '%s': %s\n", o->dtb, blob ? strerror(errno) : "out of host memory");
        free(blob);
        return NULL;
    }
    size_t n = (size_t)got;
    int err_fdt = n < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED : fdt_check_header(blob);
    if (!err_fdt && (fdt_totalsize(blob) > n || n == cap))
        err_fdt = n == cap ? -FDT_ERR_NOSPACE : -FDT_ERR_TRUNCATED;
    if (err_fdt) {
        fprintf(stderr, "a72sim: --dtb: '%s' is not a usable device tree blob (%s)\n", o->dtb,
                fdt_strerror(err_fdt));
        free(blob);
        return NULL;
    }
    *size = fdt_totalsize(blob);
    return blob;
}

/* --dump-dtb: through a temporary file and a rename, so a failed write leaves nothing half-written. */
static int dump_dtb(const char *path, const void *blob, size_t size)
{
    char err[512];
    struct outfile out;
    if (!outfile_check(path, err, sizeof(err)) || !outfile_open(&out, path, err, sizeof(err))) {
        fprintf(stderr, "a72sim: --dump-dtb: %s\n", err);
        return EXIT_USAGE;
    }
    fwrite(blob, 1, size, out.f);
    if (!outfile_commit(&out, err, sizeof(err))) {
        fprintf(stderr, "a72sim: --dump-dtb: %s\n", err);
        return EXIT_USAGE;
    }
    return 0;
}

/* --stop-every N: an observer that stops the run before every Nth instruction, and the run goes on
 * at once (session_run_to_end); with it every run shows that a stop changes nothing that follows. */
static void stop_every_event(void *ctx, const struct obs_event *e)
{
    struct session *s = ctx;
    (void)e;
    if (++s->stop_every_count % s->o.stop_every == 0)
        obs_request_stop(s->m);
}

bool session_load_symbols(const struct options *o, struct symtab *t, char *err, size_t errlen)
{
    return symtab_load_all(t, o->images, o->nimages, o->symbol_files, o->nsymbols, err, errlen);
}

int session_open(struct session *s, int argc, char **argv)
{
    *s = (struct session){ .o = { .mem = 2ull << 30, .smp = 2, .quantum = 10000, .exception_loop = 1000 },
                           .uart_out = { stdout, stderr }, .stats_seconds = -1 };
    struct options *o = &s->o;
    int rc = options_parse(argc, argv, o);
    if (rc)
        return rc == OPTIONS_DONE ? 0 : rc;
    s->topt = (struct trace_run_options){ .path = o->trace, .filter = o->trace_filter, .full = o->trace_full,
                                          .mem = o->trace_mem, .regs = o->trace_regs, .lossy = o->trace_lossy,
                                          .images = o->images, .nimages = o->nimages, .argc = argc, .argv = argv,
                                          .syms = &s->symbols };
    char err[512];
    if (!trace_run_check(&s->topt, err, sizeof err)) {
        fprintf(stderr, "a72sim: %s\n", err);
        return EXIT_USAGE;
    }
    if (o->profile && o->trace) {
        fprintf(stderr, "a72sim: --profile and --trace cannot be combined (the profile's trace is DIR/profile.db)\n");
        return EXIT_USAGE;
    }
    /* A port in use is a usage error found before anything is loaded or created. */
    if (o->gdb && !(s->gdb = gdb_server_open(o->gdb, err, sizeof err))) {
        fprintf(stderr, "a72sim: --gdb: %s\n", err);
        return EXIT_USAGE;
    }

    if (!snapshot_check_options(s))
        return EXIT_USAGE;
    /* The symbols name functions for the checks' reports and the trace (the images' cannot fail: one
     * that is no ELF has none). A bad --symbols file is a usage error, whether or not anything names
     * functions in this run. */
    if ((o->checks || o->nsymbols || o->trace || o->profile) &&
        !session_load_symbols(o, &s->symbols, err, sizeof err)) {
        fprintf(stderr, "a72sim: --symbols: %s\n", err);
        return EXIT_USAGE;
    }

    s->t0 = session_now_seconds();
    struct versal_config cfg = { .ncpus = o->smp, .ddr_size = o->mem, .uart0_out = stdout, .uart1_out = stderr };
    s->dtb = get_dtb(o, &cfg, &s->dtb_size, &rc); /* a bad --dtb is reported before the images are read */
    if (!s->dtb)
        return rc;
    struct machine *m = s->m = versal_create(&cfg);
    if (!m) {
        fprintf(stderr, "a72sim: cannot create the machine (host memory)\n");
        return EXIT_HOST;
    }
    m->cmdline = o->append;
    m->semihosting_host_files = o->host_files;
    m->quantum = o->quantum;
    m->exception_loop_limit = o->exception_loop;
    m->code_cache_bytes = o->code_cache;
    enum timing_mode mode = o->timing_static ? TIMING_MODE_STATIC : o->no_cache_model ? TIMING_MODE_FULL : TIMING_MODE_CACHES;
    if (!timing_configure(m, mode, o->cpu_mhz ? o->cpu_mhz * 1000000 : m->cpus[0]->config.clock_hz)) {
        fprintf(stderr, "a72sim: cannot create the timing model (host memory)\n");
        return EXIT_HOST;
    }
    if (o->stress) {
        stress_init(&s->stress, o->stress_seed, o->quantum);
        m->stress = &s->stress;
    }
    if (o->gic_lrs && m->gic)
        (void)gic_set_list_registers(m->gic, o->gic_lrs); /* 1..4: checked by options_parse */
    if (o->checks) {
        const char *why = check_set(m, o->checks, true);
        if (why) {
            fprintf(stderr, "a72sim: --check: %s\n", why);
            return EXIT_HOST;
        }
        check_set_fatal(m, o->check_fatal);
    }
    /* --restore: the snapshot holds memory and the state of every core and device. */
    uint64_t entry = 0, dtb_addr = 0;
    if (o->snap.restore) {
        if (!snapshot_restore_session(s))
            return EXIT_USAGE;
        goto outputs;
    }

    struct loader l;
    loader_init(&l);
    for (unsigned n = 0; n < o->nimages; n++) {
        uint64_t e;
        if (!loader_load_elf(&l, &m->bus, o->images[n], &e))
            goto load_error;
        if (n == 0)
            entry = e;
    }
    for (unsigned n = 0; n < o->nraw; n++)
        if (!loader_load_raw(&l, &m->bus, o->raw_files[n], o->raw_addrs[n]))
            goto load_error;
    if (o->checks)
        check_set_symbols(m, &s->symbols); /* the reports name the function of their PC */
    /* --kernel, its modules and initrd as booting.rst places them (sim/boot/boot.h). */
    uint64_t ddr_low = o->mem < VERSAL_DDR_LOW_MAX ? o->mem : VERSAL_DDR_LOW_MAX;
    if (!boot_load(&o->boot, &l, &m->bus, VERSAL_DDR_LOW_BASE, ddr_low))
        goto load_error;
    if (o->boot.have_entry)
        entry = o->boot.entry;
    else if (o->boot.kernel_loaded)
        entry = o->boot.kernel_entry;
    if ((o->boot.kernel || o->boot.initrd || o->boot.nmodules) &&
        !versal_dtb_add_chosen(&o->boot, o->append, &s->dtb, &s->dtb_size)) {
        fprintf(stderr, "a72sim: cannot add the boot information to the device tree (damaged blob or host memory)\n");
        return o->dtb ? EXIT_USAGE : EXIT_HOST;
    }
    if (o->dump_dtb) {
        /* As QEMU's dumpdtb: write the blob and stop; nothing runs. */
        rc = dump_dtb(o->dump_dtb, s->dtb, s->dtb_size);
        return rc ? rc : SESSION_DONE;
    }
    /* The device tree goes into the highest free 2 MiB block of DDR low (versal_dtb_place). */
    if (!versal_dtb_place(&cfg, &l, s->dtb_size, &dtb_addr) || !machine_write_phys(m, dtb_addr, s->dtb, s->dtb_size)) {
        fprintf(stderr, "a72sim: no free 2 MiB block of DDR below 2 GiB for the device tree\n");
        return EXIT_USAGE;
    }
    /* The UARTs' destinations are created only now that the images loaded: a bad image leaves no
     * empty output file behind. The same file named for both UARTs is opened once. */
outputs:
    for (unsigned n = 0; n < 2; n++) {
        if (!o->uart[n])
            continue;
        if (n == 1 && o->uart[0] && strcmp(o->uart[0], o->uart[1]) == 0) {
            s->uart_out[1] = s->uart_out[0];
            continue;
        }
        if (!pl011_open_destination(o->uart[n], &s->uart_out[n])) {
            fprintf(stderr, "a72sim: --uart%u: cannot create '%s': %s\n", n, o->uart[n], strerror(errno));
            return EXIT_USAGE;
        }
    }
    versal_set_uart_output(m, 0, s->uart_out[0]);
    versal_set_uart_output(m, 1, s->uart_out[1]);

    static const struct observer null_observer = { .name = "null", .kinds = OBS_ALL, .event = ignore_event };
    if (o->null_observer)
        (void)machine_attach_observer(m, &null_observer); /* the first observer: there is room */
    if (o->stop_every) {
        s->stop_every_observer = (struct observer){ .name = "stop-every", .kinds = OBS_MASK(OBS_INSN),
                                                    .event = stop_every_event, .ctx = s };
        if (!machine_attach_observer(m, &s->stop_every_observer)) {
            fprintf(stderr, "a72sim: --stop-every: no room for another observer\n");
            return EXIT_HOST;
        }
    }

    if (!o->snap.restore)
        versal_boot(m, entry, o->el3, dtb_addr);
    /* After the boot: the trace records each core's state at its start. */
    if (o->profile) {
        /* A profile is a trace of the whole instruction stream, summarised at the end. */
        if (!(s->profile_db = profile_prepare(o->profile, err, sizeof err))) {
            fprintf(stderr, "a72sim: %s\n", err);
            return EXIT_USAGE;
        }
        s->topt.path = s->profile_db;
        s->topt.full = true;
    }
    if ((o->trace || o->profile) && !(s->trace = trace_run_start(m, &s->topt, err, sizeof err))) {
        fprintf(stderr, "a72sim: %s\n", err);
        return EXIT_USAGE;
    }
    if (o->profile && !(s->profile = profile_attach(m))) {
        fprintf(stderr, "a72sim: --profile: too many observers attached\n");
        return EXIT_HOST;
    }
    s->con = console_open(&o->console, m, versal_uart(m, 0));
    return SESSION_READY;

load_error:
    fprintf(stderr, "a72sim: %s\n", l.err);
    return EXIT_USAGE;
}

/* Ctrl-C (SIGINT) during session_run_to_end: the run stops at the next block boundary and says
 * where every core was and what it took last. */
static struct machine *interrupted_machine;

static void on_sigint(int sig)
{
    (void)sig;
    if (interrupted_machine)
        machine_request_stop(interrupted_machine, STOP_INTERRUPTED, 0);
}

static void run_to_end(struct session *s);

void session_run_to_end(struct session *s)
{
    struct sigaction sa = { .sa_handler = on_sigint }, old;
    sigemptyset(&sa.sa_mask);
    interrupted_machine = s->m;
    sigaction(SIGINT, &sa, &old);
    run_to_end(s);
    sigaction(SIGINT, &old, NULL);
    interrupted_machine = NULL;
}

static void run_to_end(struct session *s)
{
    struct machine *m = s->m;
    uint64_t max = s->o.max_insns;
    if (s->o.snap.nsaves || s->o.snap.record) {
        snapshot_run_to_end(s); /* --save-at, --save-on, --record */
        return;
    }
    if (!s->o.stop_every) {
        machine_run(m, max);
        return;
    }
    /* --stop-every: the observer's stops, and a run cut into slices by machine_run's own limit
     * (3N + 1 instructions, out of step with them), go on at once; the rest end the run. */
    for (;;) {
        uint64_t slice = machine_total_insns(m) + 3 * s->o.stop_every + 1;
        bool sliced = !max || slice < max;
        machine_run(m, sliced ? slice : max);
        if (m->reason != STOP_OBSERVER && !(sliced && m->reason == STOP_MAX_INSNS))
            return;
        machine_clear_stop(m);
    }
}

int session_finish(struct session *s)
{
    struct machine *m = s->m;
    check_finish(m);
    console_close(s->con);
    s->con = NULL;
    fflush(stdout);
    int rc;
    switch (m->reason) {
    case STOP_GUEST_EXIT: rc = m->exit_status; break;
    case STOP_MAX_INSNS:
        fprintf(stderr, "a72sim: stopped after %" PRIu64 " instructions (--max-insns):\n", machine_total_insns(m));
        machine_describe_cores(m, stderr);
        rc = EXIT_MAX_INSNS;
        break;
    case STOP_FIRMWARE: rc = EXIT_FIRMWARE; break; /* machine_firmware_exception() said why */
    case STOP_CHECK: /* check_report() said what */
        fprintf(stderr, "a72sim: the run stops at the first check report (--check-fatal)\n");
        rc = EXIT_CHECK;
        break;
    case STOP_EXCEPTION_LOOP: /* machine_note_exception_at_vector() said where */
        machine_describe_cores(m, stderr);
        rc = EXIT_EXCEPTION_LOOP;
        break;
    case STOP_ALL_ASLEEP:
        fprintf(stderr, "a72sim: every core is waiting for an interrupt or event that nothing can raise:\n");
        machine_describe_cores(m, stderr);
        rc = EXIT_ASLEEP;
        break;
    case STOP_INTERRUPTED:
        fprintf(stderr, "a72sim: interrupted (Ctrl-C) after %" PRIu64 " instructions:\n", machine_total_insns(m));
        machine_describe_cores(m, stderr);
        machine_describe_exceptions(m, stderr);
        rc = EXIT_INTERRUPTED;
        break;
    default: rc = EXIT_HOST; break;
    }
    s->stats_seconds = session_now_seconds() - s->t0; /* printed last (session_close): JSON ends stderr */
    semihosting_close_all(m);
    return rc;
}

int session_close(struct session *s, int rc)
{
    char err[512];
    struct machine *m = s->m;
    console_close(s->con);
    if (s->trace) {
        static const char *const reasons[] = { [STOP_NONE] = "none", [STOP_GUEST_EXIT] = "guest_exit",
            [STOP_MAX_INSNS] = "max_insns", [STOP_HOST_ERROR] = "host_error", [STOP_ALL_ASLEEP] = "all_asleep",
            [STOP_OBSERVER] = "observer", [STOP_FIRMWARE] = "firmware",
            [STOP_EXCEPTION_LOOP] = "exception_loop", [STOP_INTERRUPTED] = "interrupted",
            [STOP_CHECK] = "check" };
        const char *reason = (unsigned)m->reason < sizeof reasons / sizeof reasons[0] && reasons[m->reason]
                                 ? reasons[m->reason] : "other";
        bool ok = trace_run_end(s->trace, m, reason, rc, err, sizeof err);
        if (ok && s->profile)
            ok = profile_write(s->profile, s->o.profile, s->profile_db, m, stderr, err, sizeof err);
        else
            profile_abandon(s->profile, m);
        if (!ok) {
            fprintf(stderr, "a72sim: %s\n", err);
            rc = EXIT_HOST;
        }
    }
    free(s->profile_db);
    if (s->stats_seconds >= 0 && s->o.stats)
        stats_print(stderr, m, s->o.stats, s->stats_seconds);
    bool uart_ok = pl011_close_destination(s->uart_out[0]);
    if (s->uart_out[1] != s->uart_out[0])
        uart_ok &= pl011_close_destination(s->uart_out[1]);
    if (!uart_ok) {
        fprintf(stderr, "a72sim: could not write all UART output: %s\n", strerror(errno));
        rc = EXIT_HOST;
    }
    gdb_server_close(s->gdb);
    free(s->dtb);
    machine_destroy(m);
    symtab_free(&s->symbols);
    options_free(&s->o);
    *s = (struct session){ 0 };
    return rc;
}
