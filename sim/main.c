/* a72sim: the command line. `a72sim [run] [options] IMAGE...` */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libfdt.h>

#include "../models/versal/dtb.h"
#include "../models/versal/versal.h"
#include "cpu/exception.h"
#include "boot/boot.h"
#include "check/check.h"
#include "check/stress.h"
#include "gic/gic.h"
#include "trace/symbols.h"
#include "console.h"
#include "dev/pl011.h"
#include "loader.h"
#include "machine.h"
#include "observe.h"
#include "options.h"
#include "outfile.h"
#include "trace/trace_cmd.h"
#include "trace/trace_run.h"
#include "regress/runner.h"
#include "semihost.h"
#include "stats.h"

/* Exit statuses of the simulator itself (the guest's own status passes through otherwise). */
enum {
    EXIT_USAGE = 2,       /* bad option or bad input file */
    EXIT_CHECK = 121,     /* --check-fatal: a check reported a violation */
    EXIT_EXCEPTION_LOOP = 122, /* a core kept taking an exception at its own vector */
    EXIT_FIRMWARE = 123,  /* the guest raised an exception to EL3, where the built-in firmware runs */
    EXIT_MAX_INSNS = 124, /* --max-insns reached (as timeout(1) does) */
    EXIT_HOST = 125,      /* the simulator could not go on (host resources) */
    EXIT_ASLEEP = 126,    /* every core waits for an event that nothing can raise */
};

static void ignore_event(void *ctx, const struct obs_event *e)
{
    (void)ctx;
    (void)e;
}

static double now_seconds(void)
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

static int cmd_run(int argc, char **argv)
{
    struct options o = { .mem = 2ull << 30, .smp = 2, .quantum = 10000, .exception_loop = 1000 };
    int rc = options_parse(argc, argv, &o);
    if (rc) {
        options_free(&o);
        return rc == OPTIONS_DONE ? 0 : rc;
    }
    struct trace_run_options topt = { .path = o.trace, .filter = o.trace_filter, .full = o.trace_full,
                                      .mem = o.trace_mem, .regs = o.trace_regs, .lossy = o.trace_lossy,
                                      .images = o.images, .nimages = o.nimages, .argc = argc, .argv = argv };
    char err[512];
    if (!trace_run_check(&topt, err, sizeof err)) {
        fprintf(stderr, "a72sim: %s\n", err);
        options_free(&o);
        return EXIT_USAGE;
    }

    double t0 = now_seconds();
    struct versal_config cfg = { .ncpus = o.smp, .ddr_size = o.mem, .uart0_out = stdout, .uart1_out = stderr };
    size_t dtb_size;
    void *dtb = get_dtb(&o, &cfg, &dtb_size, &rc); /* a bad --dtb is reported before the images are read */
    struct machine *m = NULL;
    struct stress stress;
    struct symtab symbols = { 0 };
    FILE *uart_out[2] = { stdout, stderr };
    struct trace_run *trace = NULL;
    if (!dtb)
        goto out;
    m = versal_create(&cfg);
    if (!m) {
        fprintf(stderr, "a72sim: cannot create the machine (host memory)\n");
        rc = EXIT_HOST;
        goto out;
    }
    m->cmdline = o.append;
    m->semihosting_host_files = o.host_files;
    m->quantum = o.quantum;
    m->exception_loop_limit = o.exception_loop;
    m->code_cache_bytes = o.code_cache;
    if (o.stress) {
        stress_init(&stress, o.stress_seed, o.quantum);
        m->stress = &stress;
    }
    if (o.gic_lrs && m->gic)
        (void)gic_set_list_registers(m->gic, o.gic_lrs); /* 1..4: checked by options_parse */
    if (o.checks) {
        const char *why = check_set(m, o.checks, true);
        if (why) {
            fprintf(stderr, "a72sim: --check: %s\n", why);
            rc = EXIT_HOST;
            goto out;
        }
        check_set_fatal(m, o.check_fatal);
    }

    struct loader l;
    loader_init(&l);
    uint64_t entry = 0;
    rc = EXIT_USAGE;
    for (unsigned n = 0; n < o.nimages; n++) {
        uint64_t e;
        if (!loader_load_elf(&l, &m->bus, o.images[n], &e))
            goto load_error;
        if (n == 0)
            entry = e;
    }
    for (unsigned n = 0; n < o.nraw; n++)
        if (!loader_load_raw(&l, &m->bus, o.raw_files[n], o.raw_addrs[n]))
            goto load_error;
    if (o.checks) {
        /* The reports name the function of their PC: the images' symbols (none is no error). */
        for (unsigned n = 0; n < o.nimages; n++)
            (void)symtab_load_elf(&symbols, o.images[n], n, err, sizeof err);
        symtab_sort(&symbols);
        check_set_symbols(m, &symbols);
    }
    /* --kernel, its modules and initrd as booting.rst places them (sim/boot/boot.h). */
    uint64_t ddr_low = o.mem < VERSAL_DDR_LOW_MAX ? o.mem : VERSAL_DDR_LOW_MAX;
    if (!boot_load(&o.boot, &l, &m->bus, VERSAL_DDR_LOW_BASE, ddr_low))
        goto load_error;
    if (o.boot.have_entry)
        entry = o.boot.entry;
    else if (o.boot.kernel_loaded)
        entry = o.boot.kernel_entry;
    if ((o.boot.kernel || o.boot.initrd || o.boot.nmodules) &&
        !versal_dtb_add_chosen(&o.boot, o.append, &dtb, &dtb_size)) {
        fprintf(stderr, "a72sim: cannot add the boot information to the device tree (damaged blob or host memory)\n");
        rc = o.dtb ? EXIT_USAGE : EXIT_HOST;
        goto out;
    }
    if (o.dump_dtb) {
        /* As QEMU's dumpdtb: write the blob and stop; nothing runs. */
        rc = dump_dtb(o.dump_dtb, dtb, dtb_size);
        goto out;
    }
    /* The device tree goes into the highest free 2 MiB block of DDR low (versal_dtb_place). */
    uint64_t dtb_addr;
    if (!versal_dtb_place(&cfg, &l, dtb_size, &dtb_addr) || !machine_write_phys(m, dtb_addr, dtb, dtb_size)) {
        fprintf(stderr, "a72sim: no free 2 MiB block of DDR below 2 GiB for the device tree\n");
        goto out;
    }
    /* The UARTs' destinations are created only now that the images loaded: a bad image leaves no
     * empty output file behind. The same file named for both UARTs is opened once. */
    for (unsigned n = 0; n < 2; n++) {
        if (!o.uart[n])
            continue;
        if (n == 1 && o.uart[0] && strcmp(o.uart[0], o.uart[1]) == 0) {
            uart_out[1] = uart_out[0];
            continue;
        }
        if (!pl011_open_destination(o.uart[n], &uart_out[n])) {
            fprintf(stderr, "a72sim: --uart%u: cannot create '%s': %s\n", n, o.uart[n], strerror(errno));
            goto out;
        }
    }
    versal_set_uart_output(m, 0, uart_out[0]);
    versal_set_uart_output(m, 1, uart_out[1]);

    static const struct observer null_observer = { .name = "null", .kinds = OBS_ALL, .event = ignore_event };
    if (o.null_observer)
        (void)machine_attach_observer(m, &null_observer); /* the first observer: there is room */

    versal_boot(m, entry, o.el3, dtb_addr);
    /* After the boot: the trace records each core's state at its start. */
    if (o.trace && !(trace = trace_run_start(m, &topt, err, sizeof err))) {
        fprintf(stderr, "a72sim: %s\n", err);
        goto out;
    }
    struct console *con = console_open(&o.console, m, versal_uart(m, 0));
    machine_run(m, o.max_insns);
    check_finish(m);
    console_close(con);
    fflush(stdout);

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
    default: rc = EXIT_HOST; break;
    }
    if (o.stats)
        stats_print(stderr, m, o.stats, now_seconds() - t0);
    semihosting_close_all(m);
    goto out;

load_error:
    fprintf(stderr, "a72sim: %s\n", l.err);
out:
    if (trace) {
        static const char *const reasons[] = { [STOP_NONE] = "none", [STOP_GUEST_EXIT] = "guest_exit",
            [STOP_MAX_INSNS] = "max_insns", [STOP_HOST_ERROR] = "host_error", [STOP_ALL_ASLEEP] = "all_asleep",
            [STOP_OBSERVER] = "observer", [STOP_FIRMWARE] = "firmware",
            [STOP_EXCEPTION_LOOP] = "exception_loop", [STOP_CHECK] = "check" };
        const char *reason = (unsigned)m->reason < sizeof reasons / sizeof reasons[0] && reasons[m->reason]
                                 ? reasons[m->reason] : "other";
        if (!trace_run_end(trace, m, reason, rc, err, sizeof err)) {
            fprintf(stderr, "a72sim: %s\n", err);
            rc = EXIT_HOST;
        }
    }
    bool uart_ok = pl011_close_destination(uart_out[0]);
    if (uart_out[1] != uart_out[0])
        uart_ok &= pl011_close_destination(uart_out[1]);
    if (!uart_ok) {
        fprintf(stderr, "a72sim: could not write all UART output: %s\n", strerror(errno));
        rc = EXIT_HOST;
    }
    free(dtb);
    machine_destroy(m);
    symtab_free(&symbols);
    options_free(&o);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "regress") == 0)
        return regress_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "trace") == 0)
        return trace_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "shell") == 0) {
        fprintf(stderr, "a72sim: '%s' is not available in this version\n", argv[1]);
        return EXIT_USAGE;
    }
    return cmd_run(argc, argv);
}
