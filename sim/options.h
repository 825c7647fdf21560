/* a72sim run: the command line's options (getopt_long), checked whole before anything runs. */
#ifndef A72SIM_OPTIONS_H
#define A72SIM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/boot.h"
#include "console.h"
#include "snapshot/snapshot_run.h"
#include "stats.h"
#include "trace/symbols.h"

struct options {
    const char *images[64];
    unsigned nimages;
    const char *raw_files[64];
    uint64_t raw_addrs[64];
    unsigned nraw;
    bool el3, host_files, check_tlb, null_observer;
    uint64_t stop_every;   /* --stop-every N: stop and resume the run every N instructions (0: never) */
    enum stats_format stats;
    const char *uart[2];   /* --uart0/--uart1: stdout, stderr, none or a file name */
    const char *append;
    uint64_t max_insns;
    uint64_t mem;
    uint64_t quantum;
    unsigned smp;
    const char *trace;
    const char *trace_filter;  /* --trace-filter (sim/trace/filter.h) */
    bool trace_full, trace_mem, trace_regs, trace_lossy;
    const char *profile;   /* --profile[=DIR]: the directory, or NULL */
    struct symbol_file symbol_files[64]; /* --symbols FILE[@OFFSET][,vmid=N][,el=N] */
    unsigned nsymbols;
    const char *dtb;       /* --dtb: the user's blob instead of ours */
    const char *dump_dtb;  /* --dump-dtb: write the blob there and exit */
    uint64_t code_cache;   /* --code-cache: bytes of decoded code kept at most (0: default) */
    unsigned exception_loop; /* --exception-loop N: exceptions in a row at their own vector that stop the run */
    struct boot_config boot;   /* --kernel, --initrd, --module, --entry */
    struct console_config console; /* --console, --uart-expect, --uart-send, --uart-input */
    struct snapshot_options snap;  /* --save-at, --save-on, --restore (sim/snapshot/snapshot_run.h) */
    const char *gdb;       /* --gdb [HOST:]PORT: serve gdb's remote protocol (sim/gdb/gdb_server.h) */
    bool gdb_wait;         /* --gdb-wait: hold the machine at reset until gdb connects */
    bool timing_static;    /* --timing=static */
    bool no_cache_model;   /* --no-cache-model */
    uint64_t cpu_mhz;      /* --cpu-mhz (0: the board's clock) */
    unsigned checks;       /* --check=LIST (and --check-tlb): 1u << CHECK_* (sim/check/check.h) */
    bool check_fatal;      /* --check-fatal: stop at the first report (exit status 121) */
    bool stress;           /* --stress SEED given */
    uint64_t stress_seed;
    unsigned gic_lrs;      /* --gic-lrs N: list registers of the virtual CPU interface (0: the A72's 4) */
};

enum {
    OPTIONS_OK = 0,
    OPTIONS_USAGE = 2, /* a bad option: one line on stderr; the exit status */
    OPTIONS_DONE = -1, /* --help or --version printed: exit 0 */
};

/* Parse ARGV[1..ARGC) (getopt_long: call it once per process, or reset optind) into O, which holds
 * the defaults. Returns an OPTIONS_ value. options_free() releases what parsing allocated, whatever
 * it returned. */
int options_parse(int argc, char **argv, struct options *o);
void options_free(struct options *o);

#endif
