#include "console.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define ESCAPE_KEY 0x01        /* Ctrl-A */
#define TERMINAL_POLL_ROUNDS 8 /* look at the terminal every so many rounds of the cores */

struct console {
    const struct console_config *cfg;
    struct machine *m;
    struct pl011 *uart;
    /* Script */
    unsigned step;
    size_t pos;                /* bytes of the current send step given */
    char *window;              /* the last bytes of output, as long as the current expect */
    size_t window_len;
    /* Terminal */
    bool terminal;
    bool escape;               /* Ctrl-A was the last key */
    bool quit;
    unsigned countdown;
    uint8_t pending[256];      /* keys read but not yet received (the FIFO was full) */
    unsigned npending, pending_pos;
};

/* The terminal's settings before raw mode, restored at exit and on a fatal signal. */
static struct termios saved_termios;
static bool termios_saved;

static void restore_terminal(void)
{
    if (termios_saved)
        tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_termios);
    termios_saved = false;
}

static void restore_and_reraise(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

char *console_unescape(const char *s, size_t *len, char *err, size_t errlen)
{
    char *out = malloc(strlen(s) + 1);
    size_t n = 0;
    if (!out) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (const char *p = s; *p; p++) {
        if (*p != '\\') {
            out[n++] = *p;
            continue;
        }
        switch (*++p) {
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'e': out[n++] = 0x1b; break;
        case '\\': out[n++] = '\\'; break;
        case 'x': {
            unsigned v = 0, digits = 0;
            while (digits < 2 && p[1] && strchr("0123456789abcdefABCDEF", p[1])) {
                char c = *++p;
                v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
                digits++;
            }
            if (digits == 0) {
                snprintf(err, errlen, "'\\x' without hex digits in '%s'", s);
                free(out);
                return NULL;
            }
            out[n++] = (char)v;
            break;
        }
        default:
            snprintf(err, errlen, "unknown escape '\\%c' in '%s' (\\n \\r \\t \\e \\\\ \\xHH)", *p ? *p : ' ', s);
            free(out);
            return NULL;
        }
    }
    *len = n;
    return out;
}

static bool add_step(struct console_config *cfg, bool expect, char *text, size_t len, char *err, size_t errlen)
{
    if (cfg->nsteps == CONSOLE_MAX_STEPS) {
        free(text);
        snprintf(err, errlen, "more than %d --uart-send/--uart-expect/--uart-input steps", CONSOLE_MAX_STEPS);
        return false;
    }
    if (len == 0) {
        free(text);
        snprintf(err, errlen, "--uart-%s: empty text", expect ? "expect" : "send");
        return false;
    }
    cfg->steps[cfg->nsteps++] = (struct console_step){ expect, text, len };
    return true;
}

static char *read_whole(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "--uart-input: cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = cap < (16u << 20) ? realloc(buf, cap * 2) : NULL;
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    bool bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        snprintf(err, errlen, "--uart-input: cannot read '%s' (read error, or larger than 16 MiB)", path);
        return NULL;
    }
    *len = n;
    return buf;
}

bool console_parse_option(struct console_config *cfg, int index, const char *arg, char *err, size_t errlen)
{
    size_t len;
    char *text;
    switch (index) {
    case 0:
        if (strcmp(arg, "stdio") == 0)
            cfg->mode = CONSOLE_STDIO;
        else if (strcmp(arg, "none") == 0)
            cfg->mode = CONSOLE_NONE;
        else {
            snprintf(err, errlen, "--console wants stdio or none, got '%s'", arg);
            return false;
        }
        return true;
    case 1:
        text = read_whole(arg, &len, err, errlen);
        if (text && len == 0) {
            free(text);
            snprintf(err, errlen, "--uart-input: '%s' is empty", arg);
            return false;
        }
        return text && add_step(cfg, false, text, len, err, errlen);
    case 2:
    case 3:
        text = console_unescape(arg, &len, err, errlen);
        return text && add_step(cfg, index == 2, text, len, err, errlen);
    default:
        snprintf(err, errlen, "unknown console option");
        return false;
    }
}

void console_config_free(struct console_config *cfg)
{
    for (unsigned n = 0; n < cfg->nsteps; n++)
        free(cfg->steps[n].text);
    cfg->nsteps = 0;
}

/* The script's next step begins: an expect looks only at output from now on. */
static void script_next_step(struct console *c)
{
    c->step++;
    c->pos = 0;
    c->window_len = 0;
}

/* UART0's transmit path: match the output against the current expect step; once seen, the next
 * step begins at once, so output after this byte already counts for it. */
static void console_watch_tx(void *opaque, uint8_t byte)
{
    struct console *c = opaque;
    if (c->step >= c->cfg->nsteps)
        return;
    const struct console_step *s = &c->cfg->steps[c->step];
    if (!s->expect)
        return;
    if (c->window_len == s->len) {
        memmove(c->window, c->window + 1, s->len - 1);
        c->window_len--;
    }
    c->window[c->window_len++] = (char)byte;
    if (c->window_len == s->len && memcmp(c->window, s->text, s->len) == 0)
        script_next_step(c);
}

/* Give the guest the script's next byte, when its step is a send and the FIFO has room. */
static bool script_poll(struct console *c)
{
    if (c->step >= c->cfg->nsteps)
        return false;
    const struct console_step *s = &c->cfg->steps[c->step];
    if (s->expect || !pl011_can_receive(c->uart))
        return false;
    pl011_receive(c->uart, (uint8_t)s->text[c->pos++]);
    if (c->pos == s->len)
        script_next_step(c); /* the send ended: output from now on counts for the next expect */
    return true;
}

/* Keys after Ctrl-A: x quits, h helps, Ctrl-A sends itself; the rest are ignored. */
static bool terminal_key(struct console *c, uint8_t key, uint8_t *out)
{
    if (c->escape) {
        c->escape = false;
        if (key == 'x' || key == 'X') {
            c->quit = true;
            fprintf(stderr, "\r\na72sim: terminated (Ctrl-A x)\r\n");
            machine_request_stop(c->m, STOP_GUEST_EXIT, 0);
        } else if (key == 'h' || key == 'H' || key == '?') {
            fprintf(stderr, "\r\nC-a x    exit the simulator\r\nC-a C-a  send C-a\r\nC-a h    this help\r\n");
        } else if (key == ESCAPE_KEY) {
            *out = key;
            return true;
        }
        return false;
    }
    if (key == ESCAPE_KEY) {
        c->escape = true;
        return false;
    }
    *out = key;
    return true;
}

static bool terminal_poll(struct console *c, bool wait)
{
    bool changed = false;
    if (c->pending_pos == c->npending && (wait || ++c->countdown >= TERMINAL_POLL_ROUNDS)) {
        c->countdown = 0;
        fflush(c->m->out); /* a prompt has no newline: show it before waiting for keys */
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        int r;
        while ((r = poll(&p, 1, wait ? -1 : 0)) < 0 && errno == EINTR)
            ;
        if (r > 0) {
            uint8_t keys[sizeof(c->pending)];
            ssize_t n = read(STDIN_FILENO, keys, sizeof(keys));
            if (n <= 0) {
                c->terminal = false; /* the terminal went away: no more input */
                return false;
            }
            c->npending = c->pending_pos = 0;
            for (ssize_t k = 0; k < n; k++)
                if (terminal_key(c, keys[k], &c->pending[c->npending]))
                    c->npending++;
            changed = c->quit;
        }
    }
    while (c->pending_pos < c->npending && pl011_can_receive(c->uart)) {
        pl011_receive(c->uart, c->pending[c->pending_pos++]);
        changed = true;
    }
    return changed;
}

static bool console_poll(void *opaque, bool wait)
{
    struct console *c = opaque;
    bool changed = c->terminal ? terminal_poll(c, wait) : script_poll(c);
    if (pl011_receive_idle(c->uart))
        changed = true;
    return changed;
}

struct console *console_open(const struct console_config *cfg, struct machine *m, struct pl011 *uart)
{
    bool terminal = cfg->nsteps == 0 && cfg->mode == CONSOLE_STDIO && isatty(STDIN_FILENO);
    if (cfg->nsteps == 0 && !terminal)
        return NULL;
    struct console *c = calloc(1, sizeof(*c));
    size_t longest = 1;
    for (unsigned n = 0; n < cfg->nsteps; n++)
        if (cfg->steps[n].expect && cfg->steps[n].len > longest)
            longest = cfg->steps[n].len;
    if (c)
        c->window = malloc(longest);
    if (!c || !c->window) {
        free(c);
        return NULL;
    }
    c->cfg = cfg;
    c->m = m;
    c->uart = uart;
    c->terminal = terminal;
    if (terminal && tcgetattr(STDIN_FILENO, &saved_termios) == 0) {
        struct termios raw = saved_termios;
        /* As cfmakeraw, but output processing stays on (QEMU's stdio does the same). */
        raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        raw.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
        raw.c_cflag |= CS8;
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        termios_saved = true;
        atexit(restore_terminal);
        signal(SIGTERM, restore_and_reraise);
        signal(SIGHUP, restore_and_reraise);
        tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
    }
    uart->tx_watch = console_watch_tx;
    uart->tx_watch_opaque = c;
    m->io_poll = console_poll;
    m->io_opaque = c;
    return c;
}

void console_close(struct console *c)
{
    if (!c)
        return;
    restore_terminal();
    c->uart->tx_watch = NULL;
    c->m->io_poll = NULL;
    free(c->window);
    free(c);
}

bool console_quit_requested(const struct console *c)
{
    return c && c->quit;
}
