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
#include "boot/boot.h"
#include "console.h"
#include "loader.h"
#include "mmu/tlb.h"
#include "machine.h"
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
    struct boot_config boot;   /* --kernel, --initrd, --module, --entry */
    struct console_config console; /* --console, --uart-expect, --uart-send */
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
            "  --kernel FILE         boot an arm64 Image (gzip-compressed or not) or ELF as booting.rst says\n"
            "  --initrd FILE         initial ramdisk, given to the kernel in /chosen\n"
            "  --module FILE[,type=NAME][,args=STRING]  a hypervisor boot module in /chosen (repeatable)\n"
            "  --entry ADDR          start core 0 at ADDR (with --load, no ELF needed)\n"
            CONSOLE_USAGE
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
       OPT_HOST_FILES, OPT_VERSION, OPT_CHECK_TLB, OPT_DTB, OPT_DUMP_DTB, OPT_KERNEL, OPT_INITRD, OPT_MODULE,
       OPT_ENTRY, OPT_CONSOLE_FIRST };

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
        { "kernel", required_argument, NULL, OPT_KERNEL },
        { "initrd", required_argument, NULL, OPT_INITRD },
        { "module", required_argument, NULL, OPT_MODULE },
        { "entry", required_argument, NULL, OPT_ENTRY },
        CONSOLE_OPTIONS(OPT_CONSOLE_FIRST),
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
        case OPT_KERNEL: o->boot.kernel = optarg; break;
        case OPT_INITRD: o->boot.initrd = optarg; break;
        case OPT_MODULE: {
            char err[160];
            if (o->boot.nmodules == BOOT_MAX_MODULES)
                return user_error("too many --module options (%s)", optarg);
            if (!boot_parse_module(optarg, &o->boot.modules[o->boot.nmodules++], err, sizeof(err)))
                return user_error("%s", err);
            break;
        }
        case OPT_ENTRY:
            if (!parse_size(optarg, &o->boot.entry, false))
                return user_error("--entry: bad address '%s'", optarg);
            o->boot.have_entry = true;
            break;
        case 'h': usage(stdout); exit(0);
        case OPT_VERSION: printf("a72sim %s\n", A72SIM_VERSION); exit(0);
        case ':':
            return user_error("option '%s' needs a value", argv[optind - 1]);
        default:
            if (ch >= OPT_CONSOLE_FIRST) {
                char err[160];
                if (!console_parse_option(&o->console, ch - OPT_CONSOLE_FIRST, optarg, err, sizeof(err)))
                    return user_error("%s", err);
                break;
            }
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
    if (o->nimages == 0 && !o->dump_dtb && !o->boot.kernel && !o->boot.have_entry)
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
    if (rc) {
        console_config_free(&o.console);
        return rc;
    }

    double t0 = now_seconds();
    struct versal_config cfg = { .ncpus = o.smp, .ddr_size = o.mem, .uart0_out = stdout, .uart1_out = stderr };
    struct machine *m = versal_create(&cfg);
    if (!m) {
        fprintf(stderr, "a72sim: cannot create the machine (host memory)\n");
        console_config_free(&o.console);
        return EXIT_HOST;
    }
    m->cmdline = o.append;
    m->semihosting_host_files = o.host_files;
    m->quantum = o.quantum;
    if (o.check_tlb) {
        /* Every access must reach the architectural TLB: no fast-TLB fills. */
        m->check_tlb = true;
        m->instrumented_memory = true;
    }

    struct loader l;
    loader_init(&l);
    uint64_t entry = 0;
    size_t dtb_size;
    void *dtb = get_dtb(&o, &cfg, &dtb_size, &rc); /* a bad --dtb is reported before the images are read */
    if (!dtb)
        goto out;
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
    bool placed = versal_dtb_place(&cfg, &l, dtb_size, &dtb_addr);
    uint8_t *dtb_ram = placed ? bus_ram_ptr(&m->bus, dtb_addr, dtb_size) : NULL;
    if (dtb_ram)
        memcpy(dtb_ram, dtb, dtb_size);
    free(dtb);
    dtb = NULL;
    if (!dtb_ram) {
        fprintf(stderr, "a72sim: no free 2 MiB block of DDR below 2 GiB for the device tree\n");
        rc = EXIT_USAGE;
        goto out;
    }
    FILE *trace = NULL;
    if (o.trace) {
        trace = strcmp(o.trace, "-") == 0 ? stderr : fopen(o.trace, "w");
        if (!trace) {
            fprintf(stderr, "a72sim: --trace: cannot open '%s': %s\n", o.trace, strerror(errno));
            rc = EXIT_USAGE;
            goto out;
        }
        m->trace = trace;
        machine_set_instrumented(m, true);
    }

    versal_boot(m, entry, o.el3, dtb_addr);
    struct console *con = console_open(&o.console, m, versal_uart(m, 0));
    machine_run(m, o.max_insns);
    console_close(con);
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
    if (trace && trace != stderr)
        fclose(trace);
    semihosting_close_all();
    machine_destroy(m);
    console_config_free(&o.console);
    return status;

load_error:
    fprintf(stderr, "a72sim: %s\n", l.err);
out:
    free(dtb);
    machine_destroy(m);
    console_config_free(&o.console);
    return rc;
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
