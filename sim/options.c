/* a72sim run: the command line's options. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "machine.h"
#include "profile/profile.h"

#ifndef A72SIM_VERSION
#define A72SIM_VERSION "0.1"
#endif

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
            "                        (the same as --check=tlb)\n"
            "  --check=LIST          hypervisor sanitizers: all, or names of tlb, bbm, sync, cache, gic,\n"
            "                        psci (comma-separated); each violation reported once per check and PC\n"
            "  --check-fatal         stop the run at the first check report (exit status 121)\n"
            "  --stress SEED         vary the cores' schedule (quantum order and lengths) from SEED,\n"
            "                        reproducibly\n"
            "  --gic-lrs N           list registers of the virtual CPU interface, 1-4 (default 4)\n"
            "  --null-observer       attach an observer of every event that does nothing (shows that\n"
            "                        observation changes no instruction count, cycle or output)\n"
            "  --stop-every N        stop the run before every Nth instruction and resume it at once (shows\n"
            "                        that a stop changes no instruction count, cycle or output)\n"
            "  --profile[=DIR]       profile the run: a summary on stderr, and in DIR (default a72sim-profile)\n"
            "                        summary.txt, folded.txt, timeline.json and profile.db (docs/profiling.md)\n"
            "  --symbols FILE[@OFFSET]  the symbols of an ELF file or a symbol map (nm, System.map), moved by\n"
            "                        OFFSET, for an image loaded raw\n"
            "                        (profiles and traces)\n"
            "  --dtb FILE            pass this device tree blob (X0 at the EL2 entry) instead of the board's\n"
            "  --dump-dtb FILE       write the device tree blob the run would pass to FILE and exit\n"
            "  --code-cache SIZE     host memory for decoded instructions, e.g. 64M (default 256M)\n"
            "  --exception-loop N    stop when a core takes N exceptions in a row at the vector they go to\n"
            "                        (an exception loop: exit status 122); default 1000, 0 never\n"
            "  --timing full|static  the timing model: full (default: issue overlap, branch prediction,\n"
            "                        caches) or static (each instruction's latency, one after another)\n"
            "  --no-cache-model      the full model without the caches (every access hits the L1)\n"
            "  --cpu-mhz N           the core clock in MHz (default 1700: the Versal APU's rated clock)\n"
            "  --kernel FILE         boot an arm64 Image (gzip-compressed or not) or ELF as booting.rst says\n"
            "  --initrd FILE         initial ramdisk, given to the kernel in /chosen\n"
            "  --module FILE[,type=NAME][,args=STRING]  a hypervisor boot module in /chosen (repeatable)\n"
            "  --entry ADDR          start core 0 at ADDR (with --load, no ELF needed)\n"
            "  --save-at N FILE      write a snapshot of the machine to FILE when the cores have run N\n"
            "                        instructions in all (also --save-at N:FILE); repeatable\n"
            "  --save-on EVENT[:COUNT]:FILE  write a snapshot after the COUNTth (default 1st) hvc, psci or\n"
            "                        semihost call; repeatable\n"
            "  --restore FILE        go on from a snapshot instead of booting images (same --smp and --mem)\n"
            "  --record[=N]          take reverse execution's in-memory checkpoints every N instructions\n"
            "                        (default 10000000) as the shell does; shows their cost\n"
            CONSOLE_USAGE
            "  --gdb [HOST:]PORT     serve gdb's remote protocol on HOST (default 127.0.0.1) and PORT (0:\n"
            "                        any free port, printed on stderr) (see docs/gdb.md)\n"
            "  --gdb-wait            with --gdb: hold the machine at reset until gdb connects\n"
            "  -h, --help            this text\n"
            "  --version             print the version\n"
            "\n"
            "Exit status: the guest's (semihosting SYS_EXIT; 1 if its reason is not ApplicationExit);\n"
            "2 bad usage or input; 121 a check reported with --check-fatal; 122 an exception loop; 123 the guest\n"
            "raised an exception to EL3, where the built-in firmware runs; 124 --max-insns reached; 125 host\n"
            "error; 126 every core asleep with nothing to wake it; 130 Ctrl-C.\n");
}

static int user_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "a72sim: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return OPTIONS_USAGE;
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

/* --symbols FILE[@OFFSET][,vmid=N][,el=N] into f (arg is cut into its parts): false when malformed.
 * The scope's terms are taken from the end, so a file name may hold commas and '@'. */
static bool parse_symbol_file(char *arg, struct symbol_file *f)
{
    *f = (struct symbol_file){ .path = arg, .scope = SYMBOL_SCOPE_ANY };
    for (char *comma; (comma = strrchr(arg, ',')) != NULL;) {
        uint64_t v;
        bool vmid = strncmp(comma + 1, "vmid=", 5) == 0, el = strncmp(comma + 1, "el=", 3) == 0;
        if (!vmid && !el)
            break;
        int *field = vmid ? &f->scope.vmid : &f->scope.el;
        if (*field >= 0 || !parse_size(comma + (vmid ? 6 : 4), &v, false) || v > (vmid ? 255u : 3u))
            return false;
        *field = (int)v;
        *comma = 0;
    }
    char *at = strrchr(arg, '@');
    if (at) {
        *at = 0;
        if (at == arg || !parse_size(at + 1, &f->offset, false))
            return false;
    }
    return *arg != 0;
}

enum { OPT_LOAD = 256, OPT_EL3, OPT_APPEND, OPT_MAX_INSNS, OPT_MEM, OPT_SMP, OPT_QUANTUM, OPT_STATS, OPT_TRACE,
       OPT_HOST_FILES, OPT_VERSION, OPT_CHECK_TLB, OPT_DTB, OPT_DUMP_DTB, OPT_CODE_CACHE, OPT_UART0, OPT_UART1,
       OPT_NULL_OBSERVER, OPT_STOP_EVERY, OPT_EXCEPTION_LOOP, OPT_KERNEL, OPT_INITRD, OPT_MODULE, OPT_ENTRY,
       OPT_TRACE_FILTER, OPT_TRACE_FULL, OPT_TRACE_MEM, OPT_TRACE_REGS, OPT_TRACE_LOSSY,
       OPT_SAVE_AT, OPT_SAVE_ON, OPT_RESTORE, OPT_RECORD,
       OPT_GDB, OPT_GDB_WAIT,
       OPT_PROFILE, OPT_SYMBOLS,
       OPT_TIMING, OPT_NO_CACHE_MODEL, OPT_CPU_MHZ,
       OPT_CHECK, OPT_CHECK_FATAL, OPT_STRESS, OPT_GIC_LRS,
       OPT_CONSOLE_FIRST /* the console's options follow (console.h) */ };

int options_parse(int argc, char **argv, struct options *o)
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
        { "check", required_argument, NULL, OPT_CHECK },
        { "check-fatal", no_argument, NULL, OPT_CHECK_FATAL },
        { "stress", required_argument, NULL, OPT_STRESS },
        { "gic-lrs", required_argument, NULL, OPT_GIC_LRS },
        { "null-observer", no_argument, NULL, OPT_NULL_OBSERVER },
        { "stop-every", required_argument, NULL, OPT_STOP_EVERY },
        { "profile", optional_argument, NULL, OPT_PROFILE },
        { "symbols", required_argument, NULL, OPT_SYMBOLS },
        { "dtb", required_argument, NULL, OPT_DTB },
        { "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
        { "code-cache", required_argument, NULL, OPT_CODE_CACHE },
        { "exception-loop", required_argument, NULL, OPT_EXCEPTION_LOOP },
        { "kernel", required_argument, NULL, OPT_KERNEL },
        { "initrd", required_argument, NULL, OPT_INITRD },
        { "module", required_argument, NULL, OPT_MODULE },
        { "entry", required_argument, NULL, OPT_ENTRY },
        { "save-at", required_argument, NULL, OPT_SAVE_AT },
        { "save-on", required_argument, NULL, OPT_SAVE_ON },
        { "restore", required_argument, NULL, OPT_RESTORE },
        { "record", optional_argument, NULL, OPT_RECORD },
        { "gdb", required_argument, NULL, OPT_GDB },
        { "gdb-wait", no_argument, NULL, OPT_GDB_WAIT },
        { "timing", required_argument, NULL, OPT_TIMING },
        { "no-cache-model", no_argument, NULL, OPT_NO_CACHE_MODEL },
        { "cpu-mhz", required_argument, NULL, OPT_CPU_MHZ },
        CONSOLE_OPTIONS(OPT_CONSOLE_FIRST),
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    optind = 0; /* GNU getopt: start afresh, whatever was parsed before */
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
        case OPT_NULL_OBSERVER: o->null_observer = true; break;
        case OPT_STOP_EVERY:
            if (!parse_size(optarg, &o->stop_every, false) || o->stop_every == 0)
                return user_error("--stop-every wants a number of instructions from 1, got '%s'", optarg);
            break;
        case OPT_TRACE: o->trace = optarg; break;
        case OPT_TRACE_FILTER: o->trace_filter = optarg; break;
        case OPT_TRACE_FULL: o->trace_full = true; break;
        case OPT_TRACE_MEM: o->trace_mem = true; break;
        case OPT_TRACE_REGS: o->trace_regs = true; break;
        case OPT_TRACE_LOSSY: o->trace_lossy = true; break;
        case OPT_PROFILE:
            if (optarg && !*optarg)
                return user_error("%s", "--profile= wants a directory name");
            o->profile = optarg ? optarg : PROFILE_DEFAULT_DIR;
            break;
        case OPT_SYMBOLS: {
            if (o->nsymbols == 64)
                return user_error("too many --symbols options (%s)", optarg);
            struct symbol_file *f = &o->symbol_files[o->nsymbols];
            if (!parse_symbol_file(optarg, f))
                return user_error("--symbols wants FILE[@OFFSET][,vmid=N][,el=N] (VMID 0 to 255, EL 0 to 3), got '%s'",
                                  optarg);
            o->nsymbols++;
            break;
        }
        case OPT_HOST_FILES: o->host_files = true; break;
        case OPT_CHECK_TLB: o->check_tlb = true; o->checks |= 1u << CHECK_TLB; break;
        case OPT_CHECK: {
            char err[128];
            unsigned mask;
            if (check_parse_list(optarg, &mask, err, sizeof err))
                return user_error("--check: %s", err);
            o->checks |= mask;
            break;
        }
        case OPT_CHECK_FATAL: o->check_fatal = true; break;
        case OPT_STRESS:
            if (!parse_size(optarg, &o->stress_seed, false))
                return user_error("--stress wants a seed (a number), got '%s'", optarg);
            o->stress = true;
            break;
        case OPT_GIC_LRS: {
            uint64_t n;
            if (!parse_size(optarg, &n, false) || n < 1 || n > 4)
                return user_error("--gic-lrs wants 1, 2, 3 or 4, got '%s'", optarg);
            o->gic_lrs = (unsigned)n;
            break;
        }
        case OPT_DTB: o->dtb = optarg; break;
        case OPT_DUMP_DTB: o->dump_dtb = optarg; break;
        case OPT_CODE_CACHE:
            if (!parse_size(optarg, &o->code_cache, true) || o->code_cache < (1u << 20) ||
                o->code_cache > (1ull << 40))
                return user_error("--code-cache wants a size from 1M to 1024G, got '%s'", optarg);
            break;
        case OPT_EXCEPTION_LOOP: {
            uint64_t n;
            if (!parse_size(optarg, &n, false) || n > 1000000000)
                return user_error("--exception-loop wants a number from 0 to 1000000000, got '%s'", optarg);
            o->exception_loop = (unsigned)n;
            break;
        }
        case OPT_TIMING:
            if (strcmp(optarg, "full") == 0)
                o->timing_static = false;
            else if (strcmp(optarg, "static") == 0)
                o->timing_static = true;
            else
                return user_error("--timing takes 'full' or 'static', got '%s'", optarg);
            break;
        case OPT_NO_CACHE_MODEL: o->no_cache_model = true; break;
        case OPT_CPU_MHZ:
            if (!parse_size(optarg, &o->cpu_mhz, false) || o->cpu_mhz < 10 || o->cpu_mhz > 10000)
                return user_error("--cpu-mhz wants a clock from 10 to 10000 MHz, got '%s'", optarg);
            break;
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
        case OPT_SAVE_AT: {
            char err[SNAPSHOT_ERR_LEN];
            bool used_next;
            if (!snapshot_parse_save_at(&o->snap, optarg, optind < argc ? argv[optind] : NULL, &used_next, err,
                                        sizeof(err)))
                return user_error("%s", err);
            optind += used_next; /* N FILE: the file is the next argument */
            break;
        }
        case OPT_SAVE_ON: {
            char err[SNAPSHOT_ERR_LEN];
            if (!snapshot_parse_save_on(&o->snap, optarg, err, sizeof(err)))
                return user_error("%s", err);
            break;
        }
        case OPT_RESTORE: o->snap.restore = optarg; break;
        case OPT_RECORD:
            o->snap.record = true;
            if (optarg && (!parse_size(optarg, &o->snap.record_interval, false) || o->snap.record_interval == 0))
                return user_error("--record= wants a number of instructions from 1, got '%s'", optarg);
            break;
        case OPT_GDB:
            if (!*optarg)
                return user_error("%s", "--gdb wants [HOST:]PORT");
            o->gdb = optarg;
            break;
        case OPT_GDB_WAIT: o->gdb_wait = true; break;
        case 'h': usage(stdout); return OPTIONS_DONE;
        case OPT_VERSION: printf("a72sim %s\n", A72SIM_VERSION); return OPTIONS_DONE;
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
    if (o->gdb_wait && !o->gdb)
        return user_error("%s", "--gdb-wait needs --gdb [HOST:]PORT");
    if (o->nimages == 0 && !o->dump_dtb && !o->boot.kernel && !o->boot.have_entry && !o->snap.restore)
        return user_error("%s", "no image to run (usage: a72sim [run] [options] IMAGE...)");
    return 0;
}

void options_free(struct options *o)
{
    console_config_free(&o->console);
}
