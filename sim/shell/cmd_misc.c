/* The shell's own commands: info (the sub-command table), help, source, echo, quit. */
#include <ctype.h>
#include <string.h>

#include "shell_internal.h"

static int do_info(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args);
    if (!w) {
        fprintf(sh->out, "\"info\" must be followed by the name of an info command:\n");
        for (unsigned k = 0; k < shell_ninfo_cmds; k++)
            fprintf(sh->out, "  %-40s %s\n", shell_info_cmds[k].usage, shell_info_cmds[k].help);
        return 0;
    }
    const struct shell_cmd *c = shell_find_cmd(sh, shell_info_cmds, shell_ninfo_cmds, NULL, 0, w, "info command");
    return c ? c->fn(sh, args) : -1;
}

static void print_help(struct shell *sh, const struct shell_cmd *c)
{
    fprintf(sh->out, "%s -- %s\n", c->usage, c->help);
    if (c->aliases)
        fprintf(sh->out, "Aliases: %s\n", c->aliases);
}

static int do_help(struct shell *sh, char *args)
{
    char *w = shell_next_word(&args), *sub = w && !strcmp(w, "info") ? shell_next_word(&args) : NULL;
    if (sub) {
        const struct shell_cmd *c = shell_find_cmd(sh, shell_info_cmds, shell_ninfo_cmds, NULL, 0, sub, "info command");
        if (!c)
            return -1;
        print_help(sh, c);
        return 0;
    }
    if (w) {
        const struct shell_cmd *c = shell_find_cmd(sh, NULL, 0, shell_families, shell_nfamilies, w, "command");
        if (!c)
            return -1;
        print_help(sh, c);
        if (c->fn == do_info)
            for (unsigned k = 0; k < shell_ninfo_cmds; k++)
                fprintf(sh->out, "  %-40s %s\n", shell_info_cmds[k].usage, shell_info_cmds[k].help);
        return 0;
    }
    fprintf(sh->out, "Commands (a unique prefix of a name is enough; \"help CMD\" for one):\n");
    for (unsigned f = 0; f < shell_nfamilies; f++)
        for (unsigned k = 0; k < shell_families[f]->count; k++) {
            const struct shell_cmd *c = &shell_families[f]->cmds[k];
            fprintf(sh->out, "  %-44s %s\n", c->usage, c->help);
        }
    fprintf(sh->out, "Expressions: C operators over numbers, $x0-$x30 $w0-$w30 $sp $lr $fp $pc $cpsr $v0-$v31 $fpsr "
                     "$fpcr $SYSREG_NAME,\n  *(u8|u16|u32|u64*)ADDR (plain *ADDR reads 64 bits), symbols, and el, vmid, "
                     "asid, cpu, icount, cycles.\n");
    return 0;
}

static int do_source(struct shell *sh, char *args)
{
    if (!*args) {
        shell_error(sh, "source command requires file name of file to source.");
        return -1;
    }
    return shell_source(sh, args);
}

static int do_echo(struct shell *sh, char *args)
{
    /* gdb's echo: C escapes, no newline unless written. */
    for (const char *p = args; *p; p++) {
        if (*p != '\\' || !p[1]) {
            fputc(*p, sh->out);
            continue;
        }
        p++;
        fputc(*p == 'n' ? '\n' : *p == 't' ? '\t' : *p, sh->out);
    }
    return 0;
}

static int do_quit(struct shell *sh, char *args)
{
    uint64_t status = 0;
    if (*args && shell_eval(sh, args, &status) < 0)
        return -1;
    sh->quit = true;
    sh->quit_status = (int)(status & 0xff);
    return 0;
}

static const struct shell_cmd cmds[] = {
    { "info", "i inf", do_info, "info SUBCOMMAND", "Show the machine's state (\"info\" alone lists what)", false,
      COMPLETE_SUBCMD },
    { "help", "h", do_help, "help [CMD]", "List the commands, or describe one", false, COMPLETE_NONE },
    { "source", NULL, do_source, "source FILE", "Run the commands of FILE", false, COMPLETE_FILE },
    { "echo", NULL, do_echo, "echo TEXT", "Print TEXT (\\n for a new line)", false, COMPLETE_NONE },
    { "quit", "q exit", do_quit, "quit [STATUS]", "Leave the shell (exit status STATUS, default 0)", false, COMPLETE_NONE },
};
SHELL_CMD_FAMILY(shell_cmds_misc, cmds);
