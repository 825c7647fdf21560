/* The shell's command loop: dispatch through the command table, Readline with completion and
 * history on a terminal, plain lines otherwise, -x/-ex/-batch/-nx and ~/.a72simrc. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "../debug.h"
#include "../cpu/sysreg_bits.h"
#include "../trace/disasm.h"
#include "shell_internal.h"

#define MAX_SOURCE_DEPTH 16

const struct shell_cmd_family *const shell_families[] = {
    &shell_cmds_run, &shell_cmds_points, &shell_cmds_data, &shell_cmds_machine, &shell_cmds_misc,
    &shell_cmds_reverse,
};
const unsigned shell_nfamilies = sizeof(shell_families) / sizeof(shell_families[0]);

void shell_error(struct shell *sh, const char *fmt, ...)
{
    fflush(sh->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

struct cpu *shell_cpu(struct shell *sh) { return sh->m->cpus[sh->cpu]; }

char *shell_next_word(char **s)
{
    char *p = *s;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p) {
        *s = p;
        return NULL;
    }
    char *w = p;
    while (*p && !isspace((unsigned char)*p))
        p++;
    if (*p)
        *p++ = 0;
    *s = p;
    return w;
}

bool shell_parse_u64(const char *word, uint64_t *v)
{
    if (!word || !*word || *word == '-' || *word == '+' || isspace((unsigned char)*word))
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(word, &end, 0);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

static bool name_matches(const struct shell_cmd *c, const char *word)
{
    if (!strcmp(c->name, word))
        return true;
    if (!c->aliases)
        return false;
    size_t n = strlen(word);
    for (const char *a = c->aliases; *a;) {
        size_t len = strcspn(a, " ");
        if (len == n && !strncmp(a, word, n))
            return true;
        a += len;
        a += strspn(a, " ");
    }
    return false;
}

const struct shell_cmd *shell_find_cmd(struct shell *sh, const struct shell_cmd *cmds, unsigned n,
                                       const struct shell_cmd_family *const *families, unsigned nfamilies,
                                       const char *word, const char *what)
{
    /* One list made of the plain array and the families. */
    const struct shell_cmd *exact = NULL, *prefix = NULL;
    unsigned nprefix = 0;
    char names[256] = "";
    for (unsigned f = 0; f <= nfamilies && !exact; f++) {
        const struct shell_cmd *list = f < nfamilies ? families[f]->cmds : cmds;
        unsigned count = f < nfamilies ? families[f]->count : n;
        for (unsigned k = 0; list && k < count; k++) {
            if (name_matches(&list[k], word)) {
                exact = &list[k];
                break;
            }
            if (!strncmp(list[k].name, word, strlen(word))) {
                prefix = &list[k];
                if (nprefix++ < 8 && strlen(names) + strlen(list[k].name) + 3 < sizeof(names)) {
                    if (*names)
                        strcat(names, ", ");
                    strcat(names, list[k].name);
                }
            }
        }
    }
    if (exact)
        return exact;
    if (nprefix == 1)
        return prefix;
    if (nprefix > 1)
        shell_error(sh, "Ambiguous %s \"%s\": %s%s.", what, word, names, nprefix > 8 ? ", ..." : "");
    else
        shell_error(sh, "Undefined %s: \"%s\".  Try \"help\".", what, word);
    return NULL;
}

int shell_execute(struct shell *sh, const char *line)
{
    char *copy = strdup(line);
    if (!copy) {
        shell_error(sh, "out of host memory");
        return -1;
    }
    char *s = copy;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = 0;
    if (!*s || *s == '#') {
        free(copy);
        return 0;
    }
    /* The command's name ends at a space or at '/' (x/4gx, print/x). */
    size_t nlen = 0;
    while (s[nlen] && !isspace((unsigned char)s[nlen]) && s[nlen] != '/')
        nlen++;
    char name[64];
    if (nlen >= sizeof(name)) {
        shell_error(sh, "Undefined command: \"%.20s...\".  Try \"help\".", s);
        free(copy);
        return -1;
    }
    memcpy(name, s, nlen);
    name[nlen] = 0;
    char *args = s + nlen;
    bool fmt = *args == '/'; /* x/4gx: a format right after the name */
    while (isspace((unsigned char)*args))
        args++;
    const struct shell_cmd *cmd = shell_find_cmd(sh, NULL, 0, shell_families, shell_nfamilies, name, "command");
    int rc = -1;
    if (cmd) {
        if (fmt && cmd->usage && !strchr(cmd->usage, '/')) {
            shell_error(sh, "\"%s\" takes no /FMT", cmd->name);
        } else {
            rc = cmd->fn(sh, args);
        }
    }
    fflush(sh->out);
    free(copy);
    return rc;
}

int shell_source(struct shell *sh, const char *path)
{
    if (sh->no_host_files) {
        shell_error(sh, "source: host files are not available here");
        return -1;
    }
    if (sh->depth >= MAX_SOURCE_DEPTH) {
        shell_error(sh, "source: files nested more than %d deep", MAX_SOURCE_DEPTH);
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        shell_error(sh, "%s: %s.", path, strerror(errno));
        return -1;
    }
    sh->depth++;
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (!sh->quit && getline(&line, &cap, f) >= 0) {
        if (shell_execute(sh, line) < 0) {
            rc = -1;
            if (sh->batch)
                break;
        }
    }
    free(line);
    fclose(f);
    sh->depth--;
    return rc;
}

const char *shell_symbolize(struct shell *sh, uint64_t addr, char *buf, size_t len)
{
    /* The symbol that covers addr in the selected core's VM and EL: a sized one up to its end, an
     * unsized one (an assembly label) up to the next, at most 1 MiB. */
    buf[0] = 0;
    const struct symbol *s = symtab_covering(&sh->syms, addr, shell_symbol_ctx(shell_cpu(sh)), 0x100000);
    if (!s)
        return buf;
    if (addr == s->addr)
        snprintf(buf, len, " <%s>", s->name);
    else
        snprintf(buf, len, " <%s+%" PRIu64 ">", s->name, addr - s->addr);
    return buf;
}

bool shell_disasm_at(struct shell *sh, struct cpu *c, uint64_t va, char *buf, size_t len)
{
    uint32_t word;
    if (!debug_read_virt(c, c->mmu_idx, va, &word, 4)) {
        snprintf(buf, len, "(cannot read memory at 0x%" PRIx64 ")", va);
        return false;
    }
    snprintf(buf, len, "%s", disasm_insn(sh->dis, va, word));
    return true;
}

void shell_print_where(struct shell *sh, unsigned cpu)
{
    struct cpu *c = sh->m->cpus[cpu];
    char sym[160], text[160];
    shell_symbolize(sh, c->pc, sym, sizeof(sym));
    shell_disasm_at(sh, c, c->pc, text, sizeof(text));
    const char *state = c->powered_off ? " off" : c->wfi_pending ? (c->waiting_for_event ? " WFE" : " WFI") : "";
    char vm[24] = "";
    if (c->pstate.el < EL2 && (c->sr.hcr_el2 & HCR_EL2_VM) && el2_enabled(c))
        snprintf(vm, sizeof(vm), " vmid%u", cpu_current_vmid(c));
    fprintf(sh->out, "[cpu%u EL%u%s%s] 0x%016" PRIx64 "%s:  %s\n", cpu, c->pstate.el, vm, state, c->pc, sym, text);
}

/* ---- Readline ---- */

static struct shell *rl_shell;   /* Readline's callbacks take no context */

struct completion {
    const char *text;
    size_t len;
    char **list;
    size_t n, cap;
    const char *prefix;          /* put back before each match ("$", "*") */
};

static void add_match(struct completion *cm, const char *name)
{
    if (strncasecmp(name, cm->text, cm->len) != 0)
        return;
    if (cm->n == cm->cap) {
        size_t cap = cm->cap ? cm->cap * 2 : 64;
        char **l = realloc(cm->list, cap * sizeof(*l));
        if (!l)
            return;
        cm->list = l;
        cm->cap = cap;
    }
    size_t plen = cm->prefix ? strlen(cm->prefix) : 0;
    char *m = malloc(plen + strlen(name) + 1);
    if (!m)
        return;
    memcpy(m, cm->prefix ? cm->prefix : "", plen);
    strcpy(m + plen, name);
    cm->list[cm->n++] = m;
}

static void add_name(const char *name, void *arg) { add_match(arg, name); }

static void add_cmds(struct completion *cm, const struct shell_cmd *cmds, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        add_match(cm, cmds[k].name);
}

static char *completion_entry(const char *text, int state)
{
    (void)text;
    (void)state;
    return NULL;
}

/* Complete the word at start..end of the line: a command name first, then by the command's kind. */
static char **complete(const char *text, int start, int end)
{
    (void)end;
    struct shell *sh = rl_shell;
    rl_attempted_completion_over = 1;
    struct completion cm = { .text = text, .len = strlen(text) };
    char line[256];
    snprintf(line, sizeof(line), "%.*s", start, rl_line_buffer);
    char *p = line, *first = shell_next_word(&p), *second = shell_next_word(&p);
    if (first)
        first[strcspn(first, "/")] = 0;
    enum shell_complete kind = COMPLETE_NONE;
    const struct shell_cmd *cmd = NULL;
    if (!first) {
        for (unsigned f = 0; f < shell_nfamilies; f++)
            add_cmds(&cm, shell_families[f]->cmds, shell_families[f]->count);
    } else {
        for (unsigned f = 0; f < shell_nfamilies && !cmd; f++)
            for (unsigned k = 0; k < shell_families[f]->count && !cmd; k++)
                if (name_matches(&shell_families[f]->cmds[k], first) ||
                    (strlen(first) >= 2 && !strncmp(shell_families[f]->cmds[k].name, first, strlen(first))))
                    cmd = &shell_families[f]->cmds[k];
        if (cmd)
            kind = cmd->complete;
        if (kind == COMPLETE_SUBCMD && second) {
            /* info SUB ...: the sub-command decides. */
            const struct shell_cmd *sub = NULL;
            for (unsigned k = 0; k < shell_ninfo_cmds && !sub; k++)
                if (name_matches(&shell_info_cmds[k], second) || !strncmp(shell_info_cmds[k].name, second,
                                                                          strlen(second)))
                    sub = &shell_info_cmds[k];
            kind = sub ? sub->complete : COMPLETE_NONE;
        } else if (kind == COMPLETE_SUBCMD) {
            add_cmds(&cm, shell_info_cmds, shell_ninfo_cmds);
        }
    }
    if (kind == COMPLETE_FILE) {
        free(cm.list);
        return rl_completion_matches(text, rl_filename_completion_function);
    }
    if (*text == '$') {
        cm.text++;
        cm.len--;
        cm.prefix = "$";
        shell_reg_names(add_name, &cm);
    } else if (kind == COMPLETE_SYSREG) {
        shell_reg_names(add_name, &cm);
    } else if (kind == COMPLETE_SYMBOL) {
        if (*text == '*') {
            cm.text++;
            cm.len--;
            cm.prefix = "*";
        }
        for (size_t k = 0; k < sh->syms.count; k++)
            add_match(&cm, sh->syms.syms[k].name);
    } else if (kind == COMPLETE_CATCH && !second) {
        for (unsigned k = 0; k < DBG_CATCH_KIND_COUNT; k++)
            add_match(&cm, dbg_catch_name((enum dbg_catch_kind)k));
    }
    if (!cm.n) {
        free(cm.list);
        return NULL;
    }
    /* Readline's shape: [0] the longest common prefix, then the matches, then NULL. */
    char **out = malloc((cm.n + 2) * sizeof(*out));
    if (!out) {
        for (size_t k = 0; k < cm.n; k++)
            free(cm.list[k]);
        free(cm.list);
        return NULL;
    }
    size_t common = strlen(cm.list[0]);
    for (size_t k = 1; k < cm.n; k++) {
        size_t j = 0;
        while (j < common && cm.list[k][j] && tolower((unsigned char)cm.list[k][j]) ==
                                                  tolower((unsigned char)cm.list[0][j]))
            j++;
        common = j;
    }
    out[0] = cm.n == 1 ? strdup(cm.list[0]) : strndup(cm.list[0], common);
    memcpy(out + 1, cm.list, cm.n * sizeof(*out));
    if (cm.n == 1) {
        free(cm.list[0]);
        out[1] = NULL;
    } else {
        out[cm.n + 1] = NULL;
    }
    free(cm.list);
    return out;
}

static char *history_path(void)
{
    const char *env = getenv("A72SIM_HISTORY");
    if (env)
        return *env ? strdup(env) : NULL;
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    char *p = malloc(strlen(home) + 32);
    if (p)
        sprintf(p, "%s/.a72sim_history", home);
    return p;
}

static void prompt(struct shell *sh, char *buf, size_t len)
{
    snprintf(buf, len, "(a72sim cpu%u EL%u) ", sh->cpu, shell_cpu(sh)->pstate.el);
}

/* Ctrl-C at the prompt drops the line being typed and gives a fresh prompt (the shell goes on):
 * the handler notes it, and Readline calls the hook once it has restored the terminal. */
static volatile sig_atomic_t prompt_interrupted;

static void on_prompt_sigint(int sig)
{
    (void)sig;
    prompt_interrupted = 1;
}

static int prompt_signal_hook(void)
{
    if (prompt_interrupted) {
        prompt_interrupted = 0;
        rl_replace_line("", 0);
        rl_crlf();
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

/* Commands from the terminal (Readline) or from a pipe (plain lines, no prompt), until EOF or quit. */
static int command_loop(struct shell *sh)
{
    int rc = 0;
    if (!sh->interactive) {
        char *line = NULL;
        size_t cap = 0;
        while (!sh->quit && getline(&line, &cap, stdin) >= 0) {
            if (shell_execute(sh, line) < 0) {
                rc = -1;
                if (sh->batch)
                    break;
            }
        }
        free(line);
        return rc;
    }
    rl_shell = sh;
    rl_readline_name = "a72sim";
    rl_attempted_completion_function = complete;
    rl_completion_entry_function = completion_entry;
    rl_basic_word_break_characters = " \t\n,=()+:"; /* not -: el-change, stage2-fault */
    rl_signal_event_hook = prompt_signal_hook;
    struct sigaction sa = { .sa_handler = on_prompt_sigint }, old_sa;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);
    char *hist = history_path();
    using_history();
    if (hist && read_history(hist) != 0)
        write_history(hist); /* a new file: append_history() only appends to one that exists */
    char *last = NULL;
    while (!sh->quit) {
        char p[64];
        prompt(sh, p, sizeof(p));
        prompt_interrupted = 0;
        char *line = readline(p);
        if (!line) {
            fputs("quit\n", sh->out);
            break;
        }
        char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s) {
            /* Enter repeats the last repeatable command. */
            if (last)
                shell_execute(sh, last);
            free(line);
            continue;
        }
        add_history(s);
        if (hist)
            append_history(1, hist);
        shell_execute(sh, s);
        free(last);
        last = NULL;
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(s, " \t/"), s);
        for (unsigned f = 0; f < shell_nfamilies && !last; f++)
            for (unsigned k = 0; k < shell_families[f]->count; k++)
                if (shell_families[f]->cmds[k].repeat && name_matches(&shell_families[f]->cmds[k], name)) {
                    last = strdup(shell_families[f]->cmds[k].repeat == SHELL_REPEAT_NAME ? name : s);
                    break;
                }
        free(line);
    }
    free(last);
    sigaction(SIGINT, &old_sa, NULL);
    if (hist)
        history_truncate_file(hist, 1000);
    free(hist);
    return 0;
}

int shell_take_args(int *argc, char **argv, struct shell_args *a)
{
    int out = 1;
    for (int k = 1; k < *argc; k++) {
        const char *s = argv[k];
        if (!strcmp(s, "--")) {
            while (k < *argc)
                argv[out++] = argv[k++];
            break;
        }
        if (!strcmp(s, "-x") || !strcmp(s, "-ex") || !strcmp(s, "--command") || !strcmp(s, "--eval-command")) {
            if (k + 1 >= *argc) {
                fprintf(stderr, "a72sim: shell: option '%s' needs an argument\n", s);
                return 2;
            }
            if (a->ncmds >= sizeof(a->cmds) / sizeof(a->cmds[0])) {
                fprintf(stderr, "a72sim: shell: too many -x/-ex options (at most 64)\n");
                return 2;
            }
            a->is_file[a->ncmds] = s[1] == 'x' || !strcmp(s, "--command");
            a->cmds[a->ncmds++] = argv[++k];
            continue;
        }
        if (!strcmp(s, "-batch") || !strcmp(s, "--batch")) {
            a->batch = true;
            continue;
        }
        if (!strcmp(s, "-nx") || !strcmp(s, "--nx")) {
            a->nx = true;
            continue;
        }
        argv[out++] = argv[k];
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

/* Run the start-up commands (~/.a72simrc, -x, -ex), then the loop; the shell's exit status. */
int shell_session(struct shell *sh, const struct shell_args *a)
{
    int failed = 0;
    const char *home = getenv("HOME");
    if (!a->nx && home && *home) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/.a72simrc", home);
        if (access(path, R_OK) == 0 && shell_source(sh, path) < 0)
            failed = 1;
    }
    for (unsigned k = 0; k < a->ncmds && !sh->quit && !(failed && sh->batch); k++) {
        int rc = a->is_file[k] ? shell_source(sh, a->cmds[k]) : shell_execute(sh, a->cmds[k]);
        if (rc < 0)
            failed = 1;
    }
    if (!sh->batch && !sh->quit) {
        if (command_loop(sh) < 0)
            failed = 1;
    }
    if (sh->quit)
        return sh->quit_status;
    return sh->batch && failed ? 1 : 0;
}
