/* libFuzzer target: the shell's command parser and commands. The input is a script of command
 * lines, run one by one (as a pipe would give them) on a small fresh machine that boots into
 * zero-filled memory: an exception loop the shell can step through, break in, watch, catch and
 * inspect. Runs are bounded by --max-insns; commands that would touch host files (trace, source)
 * are refused. Any input must leave the shell and the simulator standing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../models/versal/versal.h"
#include "shell/shell_internal.h"
#include "snapshot/reverse.h"
#include "trace/disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    struct versal_config cfg = { .ncpus = 2, .ddr_size = 16u << 20, .uart0_out = NULL, .uart1_out = NULL };
    struct machine *m = versal_create(&cfg);
    if (!m)
        return 0;
    m->exception_loop_limit = 64;
    m->out = m->log = devnull;
    versal_boot(m, 0x200000, false, 0);
    struct shell sh = { .m = m, .out = devnull, .max_insns = 20000, .no_host_files = true };
    sh.dbg = dbg_create(m);
    sh.dis = disasm_create();
    symtab_add(&sh.syms, "entry", 0x200000, 0x100, 0, true, SYMBOL_SCOPE_ANY);
    symtab_add(&sh.syms, "data", 0x201000, 8, 0, false, SYMBOL_SCOPE_ANY);
    symtab_add(&sh.syms, "vm1_entry", 0x200000, 0, 1, true, (struct symbol_scope){ 1, -1 });
    symtab_sort(&sh.syms);
    if (!sh.dbg || !sh.dis)
        abort();
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    for (char *line = text, *next; line && !sh.quit; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        shell_execute(&sh, line);
        if (sh.cpu >= m->ncpus)
            abort(); /* the current core is always one that exists */
    }
    free(text);
    dbg_destroy(sh.dbg);
    disasm_destroy(sh.dis);
    symtab_free(&sh.syms);
    reverse_disable(m); /* 'record' may have started a recording */
    machine_destroy(m);
    return 0;
}
