/* a72sim: the command line. `a72sim [run] [options] IMAGE...` */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libfdt.h>

#include "../models/versal/dtb.h"
#include "../models/versal/versal.h"
#include "cpu/exception.h"
#include "dev/pl011.h"
#include "loader.h"
#include "machine.h"
#include "observe.h"
#include "trace/trace_cmd.h"
#include "trace/trace_run.h"
#include "regress/runner.h"
#include "semihost.h"
#include "stats.h"

#ifndef A72SIM_VERSION
#define A72SIM_VERSION "0.1"
#endif

/* Exit statuses of the simulator itself (the guest's own status passes through otherwise). */
enum {
    EXIT_USAGE = 2,       /* bad option or bad input file */
    EXIT_FIRMWARE = 123,  /* the guest raised an exception to EL3, where the built-in firmware runs */
    EXIT_MAX_INSNS = 124, /* --max-insns reached (as timeout(1) does) */
    EXIT_HOST = 125,      /* the simulator could not go on (host resources) */
    EXIT_ASLEEP = 126,    /* every core waits for an event that nothing can raise */
};

struct options {
    const char *images[64];
    unsigned nimages;
    const char *raw_files[64];
    uint64_t raw_addrs[64];
    unsigned nraw;
    bool el3, host_files, check_tlb, null_observer;
    enum stats_format stats;
    const char *uart[2];   /* --uart0/--uart1: stdout, stderr, none or a file name */
    const char *append;
    uint64_t max_insns;
    uint64_t mem;
    uint64_t quantum;
    unsigned smp;
    const char *trace;
    const char *trace_filter;
    bool trace_full, trace_mem, trace_regs, trace_lossy;
    const char *dtb;       /* --dtb: the user's blob instead of ours */
    const char *dump_dtb;  /* --dump-dtb: write the blob there and exit */
};

static void ignore_event(void *ctx, const struct obs_event *e)
{
    (void)ctx;
    (void)e;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: a72sim [run] [options] IMAGE...\n"
            "       a72sim regress [options] SUITE.ini   (see a72sim regress --help)\n"
            "       a72sim trace COMMAND FILE.db ...      (see a72sim trace --help)\n"
            "Run AArch64 ELF images on a simulated Versal APU (2 x Cortex-A72).\n"
            "\n"
            "  --load FILE@ADDR      place a raw binary at physical address ADDR\n"
            "  --el3                 start at Secure EL3 (reset state) instead of Non-secure EL2\n"
            "  --append STR          command line returned by semihosting SYS_GET_CMDLINE\n"
            "  --max-insns N         stop after N instructions (exit status 124)\n"
            "  --mem SIZE            DDR size, e.g. 512M or 2G (default 2G)\n"
            "  --smp N               cores in the cluster, 1 or 2 (default 2)\n"
            "  --quantum N           instructions a core runs before the next one's turn (default 10000)\n"
            "  --stats[=json]        print per-core instructions, cycles, simulated time, sleep, exceptions,\n"
            "                        VM exits and TLB use on stderr (json: one line of JSON)\n"
            "  --uart0 DEST          where UART0 output goes: stdout (default), stderr, none or a file\n"
            "  --uart1 DEST          the same for UART1 (default stderr)\n"
            "  --trace FILE          trace the run: FILE.db a SQLite database, any other name (or '-' for\n"
            "                        stderr) text with disassembly (see docs/tracing.md)\n"
            "  --trace-filter EXPR   instructions to record as rows (el=1 vmid=2 func=NAME insns=A..B ...)\n"
            "  --trace-regs          with the rows, the registers each instruction wrote\n"
            "  --trace-mem           with the rows, the memory accesses of each instruction\n"
            "  --trace-full          the whole instruction stream as compressed blocks (FILE.db)\n"
            "  --trace-lossy         drop trace records instead of waiting when the writer falls behind\n"
            "  --semihosting-files   let the guest open, read and write host files via semihosting\n"
            "  --check-tlb           compare every TLB hit with a fresh walk; report stale entries (slow)\n"
            "  --null-observer       attach an observer of every event that does nothing (shows that\n"
            "                        observation changes no instruction count, cycle or output)\n"
            "  --dtb FILE            pass this device tree blob (X0 at the EL2 entry) instead of the board's\n"
            "  --dump-dtb FILE       write the device tree blob the run would pass to FILE and exit\n"
            "  -h, --help            this text\n"
            "  --version             print the version\n"
            "\n"
            "Exit status: the guest's (semihosting SYS_EXIT; 1 if its reason is not ApplicationExit);\n"
            "2 bad usage or input; 123 the guest raised an exception to EL3, where the built-in firmware\n"
            "runs; 124 --max-insns reached; 125 host error; 126 every core asleep with nothing to wake it.\n");
}

static int user_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "a72sim: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* Parse a number with an optional K/M/G suffix (binary units). */
static bool parse_size(const char *s, uint64_t *out, bool suffixes)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        return false;
    uint64_t mul = 1;
    if (suffixes && *end) {
        switch (*end) {
        case 'k': case 'K': mul = 1ull << 10; break;
        case 'm': case 'M': mul = 1ull << 20; break;
        case 'g': case 'G': mul = 1ull << 30; break;
        default: return false;
        }
        end++;
    }
    if (*end)
        return false;
    if (mul > 1 && v > UINT64_MAX / mul)
        return false;
    *out = v * mul;
    return true;
}

enum { OPT_LOAD = 256, OPT_EL3, OPT_APPEND, OPT_MAX_INSNS, OPT_MEM, OPT_SMP, OPT_QUANTUM, OPT_STATS, OPT_TRACE,
       OPT_HOST_FILES, OPT_VERSION, OPT_CHECK_TLB, OPT_DTB, OPT_DUMP_DTB, OPT_UART0, OPT_UART1, OPT_NULL_OBSERVER,
       OPT_TRACE_FILTER, OPT_TRACE_FULL, OPT_TRACE_MEM, OPT_TRACE_REGS, OPT_TRACE_LOSSY };

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "load", required_argument, NULL, OPT_LOAD },
        { "el3", no_argument, NULL, OPT_EL3 },
        { "append", required_argument, NULL, OPT_APPEND },
        { "max-insns", required_argument, NULL, OPT_MAX_INSNS },
        { "mem", required_argument, NULL, OPT_MEM },
        { "smp", required_argument, NULL, OPT_SMP },
        { "quantum", required_argument, NULL, OPT_QUANTUM },
        { "stats", optional_argument, NULL, OPT_STATS },
        { "uart0", required_argument, NULL, OPT_UART0 },
        { "uart1", required_argument, NULL, OPT_UART1 },
        { "trace", required_argument, NULL, OPT_TRACE },
        { "trace-filter", required_argument, NULL, OPT_TRACE_FILTER },
        { "trace-full", no_argument, NULL, OPT_TRACE_FULL },
        { "trace-mem", no_argument, NULL, OPT_TRACE_MEM },
        { "trace-regs", no_argument, NULL, OPT_TRACE_REGS },
        { "trace-lossy", no_argument, NULL, OPT_TRACE_LOSSY },
        { "semihosting-files", no_argument, NULL, OPT_HOST_FILES },
        { "check-tlb", no_argument, NULL, OPT_CHECK_TLB },
        { "null-observer", no_argument, NULL, OPT_NULL_OBSERVER },
        { "dtb", required_argument, NULL, OPT_DTB },
        { "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    int ch;
    /* '+': stop at the first image; ':': report a missing value as ':', not as an unknown option. */
    while ((ch = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
        switch (ch) {
        case OPT_LOAD: {
            char *at = strrchr(optarg, '@');
            if (!at || at == optarg)
                return user_error("--load wants FILE@ADDR, got '%s'", optarg);
            if (o->nraw == 64)
                return user_error("too many --load options (%s)", optarg);
            *at = 0;
            if (!parse_size(at + 1, &o->raw_addrs[o->nraw], false))
                return user_error("--load: bad address '%s'", at + 1);
            o->raw_files[o->nraw++] = optarg;
            break;
        }
        case OPT_EL3: o->el3 = true; break;
        case OPT_APPEND: o->append = optarg; break;
        case OPT_MAX_INSNS:
            if (!parse_size(optarg, &o->max_insns, false) || o->max_insns == 0)
                return user_error("--max-insns wants a positive number, got '%s'", optarg);
            break;
        case OPT_MEM:
            if (!parse_size(optarg, &o->mem, true) || o->mem < (1u << 20) || o->mem > (64ull << 30) ||
                (o->mem & 0xfff))
                return user_error("--mem wants a size from 1M to 64G in whole pages, got '%s'", optarg);
            break;
        case OPT_SMP: {
            uint64_t n;
            if (!parse_size(optarg, &n, false) || n < 1 || n > MAX_CPUS)
                return user_error("--smp wants 1 or 2, got '%s'", optarg);
            o->smp = (unsigned)n;
            break;
        }
        case OPT_QUANTUM:
            if (!parse_size(optarg, &o->quantum, false) || o->quantum == 0)
                return user_error("--quantum wants a positive number, got '%s'", optarg);
            break;
        case OPT_STATS:
            if (!optarg || strcmp(optarg, "text") == 0)
                o->stats = STATS_TEXT;
            else if (strcmp(optarg, "json") == 0)
                o->stats = STATS_JSON;
            else
                return user_error("--stats takes 'text' or 'json', got '%s'", optarg);
            break;
        case OPT_UART0:
        case OPT_UART1:
            if (!*optarg)
                return user_error("--uart%s wants stdout, stderr, none or a file name", ch == OPT_UART0 ? "0" : "1");
            o->uart[ch - OPT_UART0] = optarg;
            break;
        case OPT_TRACE: o->trace = optarg; break;
        case OPT_TRACE_FILTER: o->trace_filter = optarg; break;
        case OPT_TRACE_FULL: o->trace_full = true; break;
        case OPT_TRACE_MEM: o->trace_mem = true; break;
        case OPT_TRACE_REGS: o->trace_regs = true; break;
        case OPT_TRACE_LOSSY: o->trace_lossy = true; break;
        case OPT_HOST_FILES: o->host_files = true; break;
        case OPT_CHECK_TLB: o->check_tlb = true; break;
        case OPT_NULL_OBSERVER: o->null_observer = true; break;
        case OPT_DTB: o->dtb = optarg; break;
        case OPT_DUMP_DTB: o->dump_dtb = optarg; break;
        case 'h': usage(stdout); exit(0);
        case OPT_VERSION: printf("a72sim %s\n", A72SIM_VERSION); exit(0);
        case ':':
            return user_error("option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt >= OPT_LOAD) /* a known long option given a value it does not take */
                return user_error("option '%s' takes no value", argv[optind - 1]);
            return user_error("unknown option '%s' (try --help)", argv[optind - 1]);
        }
    }
    for (int n = optind; n < argc; n++) {
        if (argv[n][0] == '-' && argv[n][1])
            return user_error("options go before the images: '%s'", argv[n]);
        if (o->nimages == 64)
            return user_error("too many images (%s)", argv[n]);
        o->images[o->nimages++] = argv[n];
    }
    if (o->nimages == 0 && !o->dump_dtb)
        return user_error("%s", "no image to run (usage: a72sim [run] [options] IMAGE...)");
    return 0;
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
    FILE *f = fopen(o->dtb, "rb");
    if (!f) {
        fprintf(stderr, "a72sim: --dtb: cannot open '%s': %s\n", o->dtb, strerror(errno));
        return NULL;
    }
    size_t cap = VERSAL_DTB_ALIGN + 1; /* a larger blob cannot be placed anyway */
    char *blob = malloc(cap);
    size_t n = blob ? fread(blob, 1, cap, f) : 0;
    fclose(f);
    int err = n < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED : fdt_check_header(blob);
    if (!err && (fdt_totalsize(blob) > n || n == cap))
        err = n == cap ? -FDT_ERR_NOSPACE : -FDT_ERR_TRUNCATED;
    if (err) {
        fprintf(stderr, "a72sim: --dtb: '%s' is not a usable device tree blob (%s)\n", o->dtb, fdt_strerror(err));
        free(blob);
        return NULL;
    }
    *size = fdt_totalsize(blob);
    return blob;
}

static int dump_dtb(const char *path, const void *blob, size_t size)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(blob, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "a72sim: --dump-dtb: cannot write '%s': %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    struct options o = { .mem = 2ull << 30, .smp = 2, .quantum = 10000 };
    int rc = parse_options(argc, argv, &o);
    if (rc)
        return rc;
    struct trace_run_options topt = { .path = o.trace, .filter = o.trace_filter, .full = o.trace_full,
                                      .mem = o.trace_mem, .regs = o.trace_regs, .lossy = o.trace_lossy,
                                      .images = o.images, .nimages = o.nimages, .argc = argc, .argv = argv };
    char terr[256];
    if (!trace_run_check(&topt, terr, sizeof terr))
        return user_error("%s", terr);

    double t0 = now_seconds();
    struct versal_config cfg = { .ncpus = o.smp, .ddr_size = o.mem, .uart0_out = stdout, .uart1_out = stderr };
    size_t dtb_size;
    void *dtb = get_dtb(&o, &cfg, &dtb_size, &rc);
    if (!dtb)
        return rc;
    if (o.dump_dtb) {
        /* As QEMU's dumpdtb: write the blob and stop; nothing runs. */
        rc = dump_dtb(o.dump_dtb, dtb, dtb_size);
        free(dtb);
        return rc;
    }
    struct machine *m = versal_create(&cfg);
    if (!m) {
        fprintf(stderr, "a72sim: cannot create the machine (host memory)\n");
        free(dtb);
        return EXIT_HOST;
    }
    m->cmdline = o.append;
    m->semihosting_host_files = o.host_files;
    m->quantum = o.quantum;
    if (o.check_tlb) {
        /* Every access must reach the architectural TLB: no fast-TLB fills. */
        m->check_tlb = true;
        observers_changed(m);
    }

    struct loader l;
    loader_init(&l);
    uint64_t entry = 0;
    for (unsigned n = 0; n < o.nimages; n++) {
        uint64_t e;
        if (!loader_load_elf(&l, &m->bus, o.images[n], &e)) {
            fprintf(stderr, "a72sim: %s\n", l.err);
            machine_destroy(m);
            free(dtb);
            return EXIT_USAGE;
        }
        if (n == 0)
            entry = e;
    }
    for (unsigned n = 0; n < o.nraw; n++) {
        if (!loader_load_raw(&l, &m->bus, o.raw_files[n], o.raw_addrs[n])) {
            fprintf(stderr, "a72sim: %s\n", l.err);
            machine_destroy(m);
            free(dtb);
            return EXIT_USAGE;
        }
    }
    /* The device tree goes into the highest free 2 MiB block of DDR low (versal_dtb_place). */
    uint64_t dtb_addr;
    bool placed = versal_dtb_place(&cfg, &l, dtb_size, &dtb_addr);
    uint8_t *dtb_ram = placed ? bus_ram_ptr(&m->bus, dtb_addr, dtb_size) : NULL;
    if (dtb_ram)
        memcpy(dtb_ram, dtb, dtb_size);
    free(dtb);
    if (!dtb_ram) {
        fprintf(stderr, "a72sim: no free 2 MiB block of DDR below 2 GiB for the device tree\n");
        machine_destroy(m);
        return EXIT_USAGE;
    }
    /* The UARTs' destinations are created only now that the images loaded: a bad image leaves no
     * empty output file behind. The same file named for both UARTs is opened once. */
    FILE *uart_out[2] = { stdout, stderr };
    for (unsigned n = 0; n < 2; n++) {
        if (!o.uart[n])
            continue;
        if (n == 1 && o.uart[0] && strcmp(o.uart[0], o.uart[1]) == 0) {
            uart_out[1] = uart_out[0];
            continue;
        }
        if (!pl011_open_destination(o.uart[n], &uart_out[n])) {
            fprintf(stderr, "a72sim: --uart%u: cannot create '%s': %s\n", n, o.uart[n], strerror(errno));
            if (n == 1)
                pl011_close_destination(uart_out[0]);
            machine_destroy(m);
            return EXIT_USAGE;
        }
    }
    versal_set_uart_output(m, 0, uart_out[0]);
    versal_set_uart_output(m, 1, uart_out[1]);

    static const struct observer null_observer = { .name = "null", .kinds = OBS_ALL, .event = ignore_event };
    if (o.null_observer)
        (void)machine_attach_observer(m, &null_observer); /* the first observer: there is room */
    versal_boot(m, entry, o.el3, dtb_addr);
    char err[512];
    struct trace_run *trace = NULL;
    if (o.trace && !(trace = trace_run_start(m, &topt, err, sizeof err))) {
        fprintf(stderr, "a72sim: %s\n", err);
        pl011_close_destination(uart_out[0]);
        if (uart_out[1] != uart_out[0])
            pl011_close_destination(uart_out[1]);
        machine_destroy(m);
        return EXIT_USAGE;
    }
    machine_run(m, o.max_insns);
    fflush(stdout);

    int status;
    switch (m->reason) {
    case STOP_GUEST_EXIT: status = m->exit_status; break;
    case STOP_MAX_INSNS:
        fprintf(stderr, "a72sim: stopped after %" PRIu64 " instructions (--max-insns), cpu0 at pc 0x%" PRIx64
                        " EL%u\n", machine_total_insns(m), m->cpus[0]->pc, m->cpus[0]->pstate.el);
        status = EXIT_MAX_INSNS;
        break;
    case STOP_FIRMWARE: status = EXIT_FIRMWARE; break; /* machine_firmware_exception() said why */
    case STOP_ALL_ASLEEP:
        fprintf(stderr, "a72sim: every core is waiting for an interrupt or event that nothing can raise"
                        " (cpu0 at pc 0x%" PRIx64 ")\n", m->cpus[0]->pc);
        status = EXIT_ASLEEP;
        break;
    default: status = EXIT_HOST; break;
    }
    if (o.stats)
        stats_print(stderr, m, o.stats, now_seconds() - t0);
    static const char *const reasons[] = { [STOP_NONE] = "none", [STOP_GUEST_EXIT] = "guest_exit",
        [STOP_MAX_INSNS] = "max_insns", [STOP_HOST_ERROR] = "host_error", [STOP_ALL_ASLEEP] = "all_asleep",
        [STOP_OBSERVER] = "observer", [STOP_FIRMWARE] = "firmware" };
    const char *reason = (unsigned)m->reason < sizeof reasons / sizeof reasons[0] && reasons[m->reason]
                             ? reasons[m->reason] : "other";
    if (trace && !trace_run_end(trace, m, reason, status, err, sizeof err)) {
        fprintf(stderr, "a72sim: %s\n", err);
        status = EXIT_HOST;
    }
    bool uart_ok = pl011_close_destination(uart_out[0]);
    if (uart_out[1] != uart_out[0])
        uart_ok &= pl011_close_destination(uart_out[1]);
    if (!uart_ok) {
        fprintf(stderr, "a72sim: could not write all UART output: %s\n", strerror(errno));
        status = EXIT_HOST;
    }
    semihosting_close_all(m);
    machine_destroy(m);
    return status;
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
