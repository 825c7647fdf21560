/* a72sim: the command line. `a72sim [run] [options] IMAGE...` */
#include <errno.h>
#include <getopt.h>
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
#include "loader.h"
#include "mmu/tlb.h"
#include "machine.h"
#include "outfile.h"
#include "regress/runner.h"
#include "semihost.h"

#ifndef A72SIM_VERSION
#define A72SIM_VERSION "0.1"
#endif

/* Exit statuses of the simulator itself (the guest's own status passes through otherwise). */
enum {
    EXIT_USAGE = 2,       /* bad option or bad input file */
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
    bool el3, stats, host_files, check_tlb;
    const char *append;
    uint64_t max_insns;
    uint64_t mem;
    uint64_t quantum;
    unsigned smp;
    const char *trace;
    const char *dtb;       /* --dtb: the user's blob instead of ours */
    const char *dump_dtb;  /* --dump-dtb: write the blob there and exit */
    uint64_t code_cache;   /* --code-cache: bytes of decoded code kept at most (0: default) */
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: a72sim [run] [options] IMAGE...\n"
            "       a72sim regress [options] SUITE.ini   (see a72sim regress --help)\n"
            "Run AArch64 ELF images on a simulated Versal APU (2 x Cortex-A72).\n"
            "\n"
            "  --load FILE@ADDR      place a raw binary at physical address ADDR\n"
            "  --el3                 start at Secure EL3 (reset state) instead of Non-secure EL2\n"
            "  --append STR          command line returned by semihosting SYS_GET_CMDLINE\n"
            "  --max-insns N         stop after N instructions (exit status 124)\n"
            "  --mem SIZE            DDR size, e.g. 512M or 2G (default 2G)\n"
            "  --smp N               cores in the cluster, 1 or 2 (default 2)\n"
            "  --quantum N           instructions a core runs before the next one's turn (default 10000)\n"
            "  --stats               print instructions, cycles, host time, MIPS, exceptions and TLB use on stderr\n"
            "  --trace FILE          write one line per instruction to FILE ('-' for stderr)\n"
            "  --semihosting-files   let the guest open, read and write host files via semihosting\n"
            "  --check-tlb           compare every TLB hit with a fresh walk; report stale entries (slow)\n"
            "  --dtb FILE            pass this device tree blob (X0 at the EL2 entry) instead of the board's\n"
            "  --dump-dtb FILE       write the device tree blob the run would pass to FILE and exit\n"
            "  --code-cache SIZE     host memory for decoded instructions, e.g. 64M (default 256M)\n"
            "  -h, --help            this text\n"
            "  --version             print the version\n"
            "\n"
            "Exit status: the guest's (semihosting SYS_EXIT); 2 bad usage or input; 124 --max-insns\n"
            "reached; 125 host error; 126 every core asleep with nothing to wake it.\n");
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
    if (*s < '0' || *s > '9') /* strtoull would skip white space and take a sign: ' -1' is no limit */
        return false;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
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
       OPT_HOST_FILES, OPT_VERSION, OPT_CHECK_TLB, OPT_DTB, OPT_DUMP_DTB, OPT_CODE_CACHE };

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
        { "stats", no_argument, NULL, OPT_STATS },
        { "trace", required_argument, NULL, OPT_TRACE },
        { "semihosting-files", no_argument, NULL, OPT_HOST_FILES },
        { "check-tlb", no_argument, NULL, OPT_CHECK_TLB },
        { "dtb", required_argument, NULL, OPT_DTB },
        { "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
        { "code-cache", required_argument, NULL, OPT_CODE_CACHE },
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
        case OPT_STATS: o->stats = true; break;
        case OPT_TRACE: o->trace = optarg; break;
        case OPT_HOST_FILES: o->host_files = true; break;
        case OPT_CHECK_TLB: o->check_tlb = true; break;
        case OPT_DTB: o->dtb = optarg; break;
        case OPT_DUMP_DTB: o->dump_dtb = optarg; break;
        case OPT_CODE_CACHE:
            if (!parse_size(optarg, &o->code_cache, true) || o->code_cache < (1u << 20) ||
                o->code_cache > (1ull << 40))
                return user_error("--code-cache wants a size from 1M to 1024G, got '%s'", optarg);
            break;
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

static void print_stats(const struct machine *m, double seconds)
{
    uint64_t insns = machine_total_insns(m), cycles = 0;
    for (unsigned n = 0; n < m->ncpus; n++)
        cycles += m->cpus[n]->cycles;
    fprintf(stderr, "a72sim: instructions %" PRIu64 "\n", insns);
    fprintf(stderr, "a72sim: cycles       %" PRIu64 "\n", cycles);
    fprintf(stderr, "a72sim: host seconds %.6f\n", seconds);
    fprintf(stderr, "a72sim: MIPS         %.1f\n", seconds > 0 ? (double)insns / seconds / 1e6 : 0.0);
    for (unsigned ec = 0; ec < 64; ec++)
        if (m->stats.exceptions_by_ec[ec])
            fprintf(stderr, "a72sim: exceptions EC 0x%02x %" PRIu64 "\n", ec, m->stats.exceptions_by_ec[ec]);
    for (unsigned n = 0; n < m->ncpus; n++)
        tlb_print_stats(stderr, (int)n, &m->cpus[n]->arch_tlb->stats);
    static const char *const kinds[4] = { "sync", "IRQ", "FIQ", "SError" };
    for (unsigned k = 1; k < 4; k++)
        if (m->stats.interrupts[k])
            fprintf(stderr, "a72sim: interrupts %s %" PRIu64 "\n", kinds[k], m->stats.interrupts[k]);
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
    struct options o = { .mem = 2ull << 30, .smp = 2, .quantum = 10000 };
    int rc = parse_options(argc, argv, &o);
    if (rc)
        return rc;

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
    m->code_cache_bytes = o.code_cache;
    if (o.check_tlb) {
        /* Every access must reach the architectural TLB: no fast-TLB fills. */
        m->check_tlb = true;
        m->instrumented_memory = true;
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
    FILE *trace = NULL;
    if (o.trace) {
        trace = strcmp(o.trace, "-") == 0 ? stderr : fopen(o.trace, "w");
        if (!trace) {
            fprintf(stderr, "a72sim: --trace: cannot open '%s': %s\n", o.trace, strerror(errno));
            machine_destroy(m);
            return EXIT_USAGE;
        }
        m->trace = trace;
        machine_set_instrumented(m, true);
    }

    versal_boot(m, entry, o.el3, dtb_addr);
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
    case STOP_ALL_ASLEEP:
        fprintf(stderr, "a72sim: every core is waiting for an interrupt or event that nothing can raise"
                        " (cpu0 at pc 0x%" PRIx64 ")\n", m->cpus[0]->pc);
        status = EXIT_ASLEEP;
        break;
    default: status = EXIT_HOST; break;
    }
    if (o.stats)
        print_stats(m, now_seconds() - t0);
    if (trace) {
        /* a trace that could not be written whole is an error, whatever the guest did */
        int werr = fflush(trace) != 0 ? errno : 0;
        if (!werr && ferror(trace))
            werr = EIO;
        if (trace != stderr && fclose(trace) != 0 && !werr)
            werr = errno;
        if (werr) {
            fprintf(stderr, "a72sim: --trace: cannot write '%s': %s\n", o.trace, strerror(werr));
            status = EXIT_HOST;
        }
    }
    semihosting_close_all();
    machine_destroy(m);
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "regress") == 0)
        return regress_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "shell") == 0) {
        fprintf(stderr, "a72sim: '%s' is not available in this version\n", argv[1]);
        return EXIT_USAGE;
    }
    return cmd_run(argc, argv);
}
