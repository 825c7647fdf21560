/* The console: what reaches UART0's receive line.
 *
 * - From the terminal (`--console stdio`, the default when stdin is a terminal): raw mode, every
 *   key goes to the guest (Ctrl-C too); Ctrl-A x ends the run and Ctrl-A Ctrl-A sends a Ctrl-A,
 *   as QEMU's -serial stdio does; the terminal is restored on exit. Input typed at a terminal
 *   reaches the guest when the host reads it: such runs are not deterministic.
 * - From a script (`--uart-send TEXT`, `--uart-input FILE`, `--uart-expect TEXT`, in order): each
 *   send waits until every earlier expect has been seen in UART0's output after the step before it
 *   ended; bytes go in one per round of the cores while the receive FIFO has room. Everything
 *   depends on simulated events only, so a scripted run is deterministic. A script turns the
 *   terminal input off.
 * - `--console none`: nothing is received.
 */
#ifndef A72SIM_CONSOLE_H
#define A72SIM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/pl011.h"
#include "machine.h"

#define CONSOLE_MAX_STEPS 64

enum console_mode { CONSOLE_STDIO, CONSOLE_NONE };

struct console_step {
    bool expect;          /* wait for this text in the output; else send it */
    char *text;           /* malloc'd */
    size_t len;
};

struct console_config {
    enum console_mode mode;
    struct console_step steps[CONSOLE_MAX_STEPS];
    unsigned nsteps;
};

/* The options, as getopt_long rows numbered from first, and their --help lines. */
#define CONSOLE_OPTIONS(first)                                                                      \
    { "console", required_argument, NULL, (first) + 0 },                                           \
    { "uart-input", required_argument, NULL, (first) + 1 },                                        \
    { "uart-expect", required_argument, NULL, (first) + 2 },                                       \
    { "uart-send", required_argument, NULL, (first) + 3 }
#define CONSOLE_USAGE                                                                               \
    "  --console stdio|none  UART0 input from the terminal (raw mode, Ctrl-A x quits; the default\n" \
    "                        when stdin is a terminal) or none\n"                                   \
    "  --uart-send TEXT      type TEXT into UART0 (C escapes: \\n \\r \\t \\e \\\\ \\xHH); repeatable\n"   \
    "  --uart-expect TEXT    before the next --uart-send, wait until UART0 has printed TEXT\n"     \
    "  --uart-input FILE     type FILE's bytes into UART0 (as --uart-send)\n"

/* Option number index (0-3 of CONSOLE_OPTIONS) with its value. False with a message in err. */
bool console_parse_option(struct console_config *cfg, int index, const char *arg, char *err, size_t errlen);
/* Decode the C escapes of s into a malloc'd buffer (*len bytes). NULL with a message in err. */
char *console_unescape(const char *s, size_t *len, char *err, size_t errlen);
void console_config_free(struct console_config *cfg);

struct console;

/* Connect cfg's input to uart of machine m (its io_poll hook). NULL when nothing can be received
 * (no script, and no terminal or --console none). Terminal mode switches stdin to raw mode. */
struct console *console_open(const struct console_config *cfg, struct machine *m, struct pl011 *uart);
/* Restore the terminal and disconnect. NULL is fine. */
void console_close(struct console *c);
/* Whether the user ended the run with Ctrl-A x. */
bool console_quit_requested(const struct console *c);

#endif
