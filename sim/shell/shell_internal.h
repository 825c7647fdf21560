/* The shell's own state and what its command files share. Commands live in one table made of
 * families (shell_cmds.c lists them); a family is one file, sim/shell/cmd_*.c, exporting a
 * SHELL_CMD_FAMILY. A new family is one file and one line in shell_families[]. */
#ifndef A72SIM_SHELL_INTERNAL_H
#define A72SIM_SHELL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../debugger/debugger.h"
#include "../machine.h"
#include "../trace/symbols.h"

struct disasm;
struct trace_run;
struct shell;

struct shell_hooks {
    /* Rebuild the machine from the command line ('reset'): a fresh one, loaded and booted; false
     * with a message printed when it cannot be. */
    bool (*reset)(void *ctx, struct machine **m);
    void *ctx;
};

struct shell {
    struct machine *m;
    struct dbg *dbg;
    struct symtab syms;
    struct disasm *dis;
    struct shell_hooks hooks;
    FILE *out;                   /* what commands print (stdout) */
    unsigned cpu;                /* the current core */
    uint64_t max_insns;          /* --max-insns: a bound on all instructions, 0 none */
    bool interactive;            /* Readline on a terminal */
    bool no_host_files;          /* refuse commands that touch host files (trace, source): the fuzz target */
    bool batch;                  /* -batch: the first failing command ends the shell */
    bool quit;
    int quit_status;
    bool exited;                 /* the guest ended: nothing more runs until 'reset' */
    int guest_status;
    int depth;                   /* nesting of 'source' */
    unsigned value_count;        /* print's $N */
    /* x/xp remember their last format and where they stopped, as gdb does. */
    char x_fmt, x_size;
    uint64_t x_count, x_next;
    bool x_phys;
    enum mmu_idx x_idx;          /* the regime x read last */
    /* The command line, for 'trace start' (the trace records it and reads the images' symbols). */
    const char *const *images;
    unsigned nimages;
    int argc;
    char **argv;
    struct trace_run *trace;     /* 'trace start' ... 'trace stop' (or a profile's trace), or NULL */
    struct profile *profile;     /* 'profile start' ... 'profile stop': its trace is trace */
    char *profile_dir, *profile_db;
};

/* A command: fn gets the text after its name (trimmed; for x, the "/FMT" part too) and returns 0,
 * or -1 after printing one line with shell_error(). */
struct shell_cmd {
    const char *name;
    const char *aliases;         /* space-separated exact aliases ("c", "si"), or NULL */
    int (*fn)(struct shell *sh, char *args);
    const char *usage;           /* "stepi [N]" */
    const char *help;            /* one line */
    unsigned char repeat;        /* what an empty line at the prompt repeats: 0 nothing, 1 the same line,
                                    SHELL_REPEAT_NAME the name alone (x goes on where it stopped) */
    enum shell_complete { COMPLETE_NONE, COMPLETE_SYMBOL, COMPLETE_SYSREG, COMPLETE_SUBCMD, COMPLETE_CATCH,
                          COMPLETE_FILE } complete;
};

#define SHELL_REPEAT_NAME 2

struct shell_cmd_family {
    const struct shell_cmd *cmds;
    unsigned count;
};
#define SHELL_CMD_FAMILY(var, array) \
    const struct shell_cmd_family var = { array, sizeof(array) / sizeof((array)[0]) }

extern const struct shell_cmd_family shell_cmds_run;     /* cmd_run.c: stepi, continue, cpu, reset, ... */
extern const struct shell_cmd_family shell_cmds_points;  /* cmd_points.c: break, watch, catch, ... */
extern const struct shell_cmd_family shell_cmds_data;    /* cmd_data.c: x, print, set, disassemble, ... */
/* End the trace being recorded (and write the profile it belongs to): at 'trace stop', 'profile
 * stop', 'reset' and the end of the shell. False after one line on the error output. */
bool shell_end_trace(struct shell *sh);
extern const struct shell_cmd_family shell_cmds_machine; /* cmd_machine.c: translate, why, trace, ... */
extern const struct shell_cmd_family shell_cmds_misc;    /* cmd_misc.c: info, help, source, quit */
extern const struct shell_cmd_family shell_cmds_reverse; /* cmd_reverse.c: save, reverse-*, checkpoint, ... */
/* cmd_reverse.c: start recording m for reverse execution (0: the default interval); false after a
 * message. 'info checkpoints'. */
bool shell_reverse_attach(struct machine *m, uint64_t interval);
int shell_info_checkpoints(struct shell *sh, char *args);
extern const struct shell_cmd_family *const shell_families[];
extern const unsigned shell_nfamilies;

/* 'info' sub-commands have the same shape. */
extern const struct shell_cmd shell_info_cmds[];
extern const unsigned shell_ninfo_cmds;

/* The command of a word: an exact name or alias, else the one command that name starts with; NULL
 * with the message printed (unknown, or ambiguous between the commands listed). */
const struct shell_cmd *shell_find_cmd(struct shell *sh, const struct shell_cmd *cmds, unsigned n,
                                       const struct shell_cmd_family *const *families, unsigned nfamilies,
                                       const char *word, const char *what);

/* The shell's own options, taken out of argv before the run options are parsed (shell.c). */
struct shell_args {
    const char *cmds[64];        /* -x FILE and -ex CMD in order; is_file tells which */
    bool is_file[64];
    unsigned ncmds;
    bool batch, nx;
};
/* Take -x FILE, -ex CMD, -batch, -nx out of argv; 0, or 2 after a message. */
int shell_take_args(int *argc, char **argv, struct shell_args *a);
/* ~/.a72simrc, -x and -ex in order, then the command loop; the shell's exit status. */
int shell_session(struct shell *sh, const struct shell_args *a);

/* Run one command line (comments and blank lines are nothing); 0, or -1 when it failed. */
int shell_execute(struct shell *sh, const char *line);
/* Run the commands of a file; -1 at the first failure in batch mode, or when it cannot be read. */
int shell_source(struct shell *sh, const char *path);

/* Print one line about an error (stdout is flushed first, so piped output keeps its order). */
void shell_error(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct cpu *shell_cpu(struct shell *sh);

/* Expressions (expr.c): C-like arithmetic and comparisons over registers ($x0, $HCR_EL2), memory
 * (*(u32*)ADDR; *ADDR reads 64 bits), symbols and the pseudo-variables el, vmid, asid, cpu, icount,
 * cycles, evaluated for core cpu. false with a message in err. */
bool expr_eval(struct shell *sh, unsigned cpu, const char *text, uint64_t *value, char *err, size_t errlen);
/* Evaluate or fail with the message printed. */
int shell_eval(struct shell *sh, const char *text, uint64_t *value);

/* Registers by name (shell_regs.c): x0-x30, w0-w30, sp, lr, fp, pc, cpsr, v0-v31 (low 64 bits),
 * fpsr, fpcr, and every system register ("HCR_EL2", case-insensitive). */
bool shell_reg_read(struct cpu *c, const char *name, uint64_t *value);
/* false when there is no such register or it cannot be written (message in err). */
bool shell_reg_write(struct cpu *c, const char *name, uint64_t value, char *err, size_t errlen);
/* Call fn with the name of every register shell_reg_read knows (completion). */
void shell_reg_names(void (*fn)(const char *name, void *arg), void *arg);

/* Locations (cmd_points.c): "SYMBOL", "SYMBOL+OFF", "*EXPR", "*el1:vmid2:EXPR", "*pa:EXPR". */
int shell_parse_loc(struct shell *sh, const char *text, struct dbg_loc *loc);
/* "<symbol+off>" for an address, or "" (buf holds at least 128). */
const char *shell_symbolize(struct shell *sh, uint64_t addr, char *buf, size_t len);
/* Where c's addresses are looked up in the symbols (--symbols FILE,vmid=N,el=N): its VM and EL. */
static inline struct symbol_ctx shell_symbol_ctx(const struct cpu *c)
{
    return (struct symbol_ctx){ cpu_current_vmid(c), c->pstate.el };
}
/* One line: "[cpu0 EL2] 0x... <sym+off>:  insn" for a core as it stands. */
void shell_print_where(struct shell *sh, unsigned cpu);
/* Disassemble the instruction at a virtual address of a core's current regime into buf. */
bool shell_disasm_at(struct shell *sh, struct cpu *c, uint64_t va, char *buf, size_t len);

/* Run commands (cmd_run.c): refuse when the guest has ended; report a stop. */
bool shell_can_run(struct shell *sh);
void shell_report_stop(struct shell *sh, const struct dbg_stop *st);
/* The instruction budget left for a run under --max-insns (0: none). */
uint64_t shell_budget(struct shell *sh);

/* Split the next word off *s (whitespace-separated); NULL at the end. */
char *shell_next_word(char **s);
/* Parse a whole word as an unsigned number (0x.. hex, else decimal). */
bool shell_parse_u64(const char *word, uint64_t *v);

#endif
