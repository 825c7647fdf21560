/* a72sim regress: the command, the scheduler of child processes and the judging of their results.
 * Each test is `a72sim run [--max-insns 1e9] ARGS --stats IMAGES` in a child process of its own (its own
 * process group, working directory = the suite file's directory); its stdout and stderr come back
 * through pipes that one poll loop drains for every running test, so no child blocks on a full pipe. */
#define _GNU_SOURCE /* pipe2, memmem */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../outfile.h"
#include "junit.h"
#include "suite.h"
#include "tap.h"

#define CAPTURE_MAX (1u << 20) /* bytes of each stream kept per test */

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

struct job {
    unsigned test;
    pid_t pid;
    int fd[3];          /* stdout (UART0), stderr, UART1 (the child's fd 3); -1 once closed */
    double start, deadline;
    bool timed_out;
    /* --stats lines, read from stderr as it streams (the capture may be truncated) */
    char line[256];
    size_t line_len;
    bool line_too_long;
    bool have_insns;
    uint64_t insns;
    uint64_t exceptions[64];
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

const char *regress_outcome_name(enum regress_outcome outcome)
{
    static const char *const names[] = { "pass", "fail", "timeout", "crash" };
    return names[outcome];
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "a72sim regress: out of host memory\n");
        exit(125);
    }
    return p;
}

static void capture_append(struct regress_capture *c, const char *data, size_t n)
{
    if (c->len + n > CAPTURE_MAX) {
        c->truncated = true;
        n = CAPTURE_MAX - c->len;
    }
    c->data = xrealloc(c->data, c->len + n + 1);
    memcpy(c->data + c->len, data, n);
    c->len += n;
    c->data[c->len] = 0;
}

/* One complete stderr line: the --stats lines "a72sim: instructions N ..." and, per core and target
 * EL, "cpuC:   EC 0xEC NAME -> ELn: N" (summed over cores and ELs). */
static void scan_stats_line(struct job *j, const char *line)
{
    unsigned core, ec, el;
    uint64_t n;
    if (sscanf(line, "a72sim: instructions %" SCNu64, &n) == 1) {
        j->have_insns = true;
        j->insns = n;
    } else if (sscanf(line, "cpu%u: EC %x %*s \u2192 EL%u: %" SCNu64, &core, &ec, &el, &n) == 4 && ec < 64) {
        j->exceptions[ec] += n;
    }
}

static void scan_stats(struct job *j, const char *data, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (data[k] == '\n') {
            j->line[j->line_len] = 0;
            if (!j->line_too_long)
                scan_stats_line(j, j->line);
            j->line_len = 0;
            j->line_too_long = false;
        } else if (j->line_len + 1 < sizeof(j->line)) {
            j->line[j->line_len++] = data[k];
        } else {
            j->line_too_long = true;
        }
    }
}

/* Read what stream S of job J has now; close it at end of file. */
static void drain(struct job *j, unsigned s, struct regress_result *r)
{
    char buf[65536];
    while (j->fd[s] >= 0) {
        ssize_t n = read(j->fd[s], buf, sizeof(buf));
        if (n > 0) {
            capture_append(s == 0 ? &r->out : s == 1 ? &r->err : &r->uart1, buf, (size_t)n);
            if (s == 1)
                scan_stats(j, buf, (size_t)n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n == 0 || errno != EAGAIN) {
                close(j->fd[s]);
                j->fd[s] = -1;
            }
            return;
        }
    }
}

static bool start_job(struct job *j, const struct regress_suite *suite, unsigned test, const char *self)
{
    const struct regress_test *t = &suite->tests[test];
    int out[2], err[2], uart1[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return false;
    if (pipe2(err, O_CLOEXEC) != 0) {
        close(out[0]);
        close(out[1]);
        return false;
    }
    if (pipe2(uart1, O_CLOEXEC) != 0) {
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        return false;
    }
    /* a72sim run --max-insns DEFAULT --uart1 /dev/fd/3 ARGS --stats IMAGES: a later --max-insns in
     * ARGS wins; UART1 gets a stream of its own, apart from the simulator's messages */
    char **argv = xrealloc(NULL, (t->nargs + t->nimages + 8) * sizeof(*argv));
    unsigned argc = 0;
    argv[argc++] = (char *)self;
    argv[argc++] = "run";
    argv[argc++] = "--max-insns";
    argv[argc++] = REGRESS_DEFAULT_MAX_INSNS;
    argv[argc++] = "--uart1";
    argv[argc++] = "/dev/fd/3";
    for (unsigned n = 0; n < t->nargs; n++)
        argv[argc++] = t->args[n];
    argv[argc++] = "--stats";
    for (unsigned n = 0; n < t->nimages; n++)
        argv[argc++] = t->images[n];
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0); /* its own group: a timeout kills everything it started */
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0 || dup2(uart1[1], 3) < 0 ||
            chdir(suite->dir) != 0)
            _exit(127);
        execv(self, argv);
        dprintf(2, "a72sim regress: cannot run '%s': %s\n", self, strerror(errno));
        _exit(127);
    }
    free(argv);
    close(out[1]);
    close(err[1]);
    close(uart1[1]);
    if (pid < 0) {
        close(out[0]);
        close(err[0]);
        close(uart1[0]);
        return false;
    }
    setpgid(pid, pid); /* also here, so the group exists before we might have to kill it */
    memset(j, 0, sizeof(*j));
    j->test = test;
    j->pid = pid;
    j->fd[0] = out[0];
    j->fd[1] = err[0];
    j->fd[2] = uart1[0];
    for (unsigned s = 0; s < 3; s++)
        fcntl(j->fd[s], F_SETFL, O_NONBLOCK);
    j->start = now_seconds();
    j->deadline = j->start + t->timeout;
    return true;
}

/* Append "; " and a formatted reason to *REASON. Reasons quote guest output and the suite: control
 * characters in them appear as \xNN. */
__attribute__((format(printf, 2, 3))) static void add_reason(char **reason, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char *quoted = regress_escape_controls(msg);
    size_t old = *reason ? strlen(*reason) : 0;
    *reason = xrealloc(*reason, old + strlen(quoted) + 3);
    sprintf(*reason + old, "%s%s", old ? "; " : "", quoted);
    free(quoted);
}

/* The first line of stderr that a72sim itself wrote and that is not a --stats line, or "". */
static void simulator_message(const struct regress_capture *err, char *buf, size_t size)
{
    static const char *const stats[] = { "instructions ", "cycles ", "host seconds ", "MIPS ", "exceptions ",
                                         "interrupts " };
    buf[0] = 0;
    for (const char *line = err->data; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len >= 6 && memcmp(line, "a72sim", 6) == 0) {
            bool is_stats = false;
            for (size_t k = 0; k < sizeof(stats) / sizeof(stats[0]); k++) {
                size_t slen = strlen(stats[k]);
                is_stats |= len >= 8 + slen && memcmp(line + 8, stats[k], slen) == 0;
            }
            if (!is_stats) {
                snprintf(buf, size, "%.*s", (int)len, line);
                return;
            }
        }
        line = end ? end + 1 : NULL;
    }
}

/* What the checks of UART N see: UART0 is the child's stdout, UART1 its fd 3 (--uart1 /dev/fd/3).
 * A CR before a line end is dropped (consoles end lines with CRLF, and `$` must match before it),
 * and so are NUL bytes (regexec stops at one). */
static char *uart_text(const struct regress_result *r, unsigned uart)
{
    const struct regress_capture *c = uart ? &r->uart1 : &r->out;
    char *text = xrealloc(NULL, c->len + 1);
    size_t n = 0;
    for (size_t k = 0; k < c->len; k++) {
        char ch = c->data[k];
        if (ch == 0 || (ch == '\r' && (k + 1 == c->len || c->data[k + 1] == '\n')))
            continue;
        text[n++] = ch;
    }
    text[n] = 0;
    return text;
}

static void judge_uart(const struct regress_test *t, unsigned uart, struct regress_result *r)
{
    const struct regress_uart_check *u = &t->uart[uart];
    if (!u->contains && !u->matches_src)
        return;
    char *text = uart_text(r, uart);
    const char *which = uart ? "UART1 output" : "output";
    if (u->contains && !strstr(text, u->contains))
        add_reason(&r->reason, "%s lacks '%s'", which, u->contains);
    if (u->matches_src && regexec(&u->matches, text, 0, NULL, 0) != 0)
        add_reason(&r->reason, "%s does not match /%s/", which, u->matches_src);
    free(text);
}

static void judge(const struct job *j, const struct regress_test *t, int status, struct regress_result *r)
{
    r->seconds = now_seconds() - j->start;
    r->have_insns = j->have_insns;
    r->insns = j->insns;
    if (j->timed_out) {
        r->outcome = REGRESS_TIMEOUT;
        add_reason(&r->reason, "timed out after %g s", t->timeout);
        return;
    }
    if (WIFSIGNALED(status)) {
        r->outcome = REGRESS_CRASH;
        add_reason(&r->reason, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
        return;
    }
    int code = WEXITSTATUS(status);
    if (code != t->expect_exit) {
        char msg[256];
        simulator_message(&r->err, msg, sizeof(msg));
        add_reason(&r->reason, "exit status %d, expected %d%s%s", code, t->expect_exit, *msg ? ": " : "", msg);
    }
    judge_uart(t, 0, r);
    judge_uart(t, 1, r);
    if (t->max_insns) {
        if (!j->have_insns)
            add_reason(&r->reason, "no instruction count from --stats");
        else if (j->insns > t->max_insns)
            add_reason(&r->reason, "%" PRIu64 " instructions, more than max_insns %" PRIu64, j->insns,
                       t->max_insns);
    }
    if (t->check_exceptions)
        for (unsigned n = 0; n < t->nexceptions; n++) {
            const struct regress_exc_count *e = &t->exceptions[n];
            if (j->exceptions[e->ec] != e->count)
                add_reason(&r->reason, "%" PRIu64 " exceptions with EC 0x%02x, expected %" PRIu64,
                           j->exceptions[e->ec], e->ec, e->count);
        }
    if (r->reason && code == t->expect_exit) {
        /* The output was wrong although the run ended as expected: say how it ended. */
        char msg[256];
        simulator_message(&r->err, msg, sizeof(msg));
        add_reason(&r->reason, "the run ended with status %d%s%s", code, *msg ? ": " : "", msg);
    }
    r->outcome = r->reason ? REGRESS_FAIL : REGRESS_PASS;
}

struct run {
    const struct regress_suite *suite;
    const unsigned *selected;
    unsigned nselected;
    struct regress_result *results;
    bool *finished;      /* by test index */
    unsigned done, failed, printed;
    bool tty;            /* HUMAN is a terminal: a live progress line */
    FILE *human;         /* the progress, result lines and summary: stdout, or stderr with --tap - */
};

#define FAILURE_UART_LINES 10

/* The last lines of a failed test's UART output, indented, so the failure can be read in place. */
/* The last UART lines of a failed test, under its result line (on the human-readable stream). */
static void print_uart_tail(const struct run *run, const struct regress_capture *out)
{
    if (!out->data || !out->len)
        return;
    size_t end = out->len, start = end;
    if (out->data[end - 1] == '\n')
        start = --end;
    for (unsigned lines = 0; start > 0; start--)
        if (out->data[start - 1] == '\n' && ++lines == FAILURE_UART_LINES)
            break;
    fprintf(run->human, "        last UART lines:\n");
    for (size_t k = start; k < end;) {
        const char *nl = memchr(out->data + k, '\n', end - k);
        size_t len = nl ? (size_t)(nl - (out->data + k)) : end - k;
        fprintf(run->human, "        | %.*s\n", (int)len, out->data + k);
        k += len + 1;
    }
}

static void print_result_line(const struct run *run, unsigned test)
{
    const struct regress_result *r = &run->results[test];
    static const char *const labels[] = { "PASS", "FAIL", "TIMEOUT", "CRASH" };
    fprintf(run->human, "%-7s %s (%.2f s)", labels[r->outcome], run->suite->tests[test].name, r->seconds);
    if (r->reason)
        fprintf(run->human, ": %s", r->reason);
    fputc('\n', run->human);
    if (r->outcome != REGRESS_PASS)
        print_uart_tail(run, &r->out);
}

/* On a terminal: one line "[done/total] F failed, running: a, b" redrawn in place. */
static void print_progress(const struct run *run, const struct job *jobs, unsigned njobs)
{
    struct winsize ws;
    char line[1024];
    unsigned width = ioctl(fileno(run->human), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col : 80;
    if (width > sizeof(line))
        width = sizeof(line);
    int n = snprintf(line, sizeof(line), "[%u/%u] %u failed, running:", run->done, run->nselected, run->failed);
    for (unsigned k = 0; k < njobs && n > 0 && (size_t)n < sizeof(line); k++)
        n += snprintf(line + n, sizeof(line) - (size_t)n, "%s %s", k ? "," : "",
                      run->suite->tests[jobs[k].test].name);
    if (n > 0 && (unsigned)n >= width)
        line[width - 1] = 0;
    fprintf(run->human, "\r\033[K%s", line);
    fflush(run->human);
}

static void report_finished(struct run *run, unsigned test)
{
    run->finished[test] = true;
    run->done++;
    run->failed += run->results[test].outcome != REGRESS_PASS;
    if (run->tty) {
        /* failures scroll above the progress line as they happen */
        if (run->results[test].outcome != REGRESS_PASS) {
            fprintf(run->human, "\r\033[K");
            print_result_line(run, test);
        }
        return;
    }
    /* plain lines in suite order, whatever order the tests finish in */
    while (run->printed < run->nselected && run->finished[run->selected[run->printed]])
        print_result_line(run, run->selected[run->printed++]);
    fflush(run->human);
}

/* Run the selected tests, at most JOBS at a time. Returns false when interrupted. */
static bool run_tests(struct run *run, unsigned jobs, const char *self)
{
    struct job *running = xrealloc(NULL, jobs * sizeof(*running));
    struct pollfd *fds = xrealloc(NULL, 3 * jobs * sizeof(*fds));
    unsigned nrunning = 0, next = 0, shown = UINT32_MAX; /* tests started when the progress line was drawn */
    while (run->done < run->nselected && !interrupted) {
        while (nrunning < jobs && next < run->nselected) {
            unsigned test = run->selected[next++];
            if (!start_job(&running[nrunning], run->suite, test, self)) {
                struct regress_result *r = &run->results[test];
                r->outcome = REGRESS_CRASH;
                add_reason(&r->reason, "cannot start a72sim: %s", strerror(errno));
                report_finished(run, test);
                continue;
            }
            nrunning++;
        }
        if (run->tty && shown != next) {
            /* every finished test lets another start: "next" changes whenever the line would */
            print_progress(run, running, nrunning);
            shown = next;
        }

        /* wait for output, the nearest deadline, or 50 ms (to notice exits) */
        double now = now_seconds(), wait = 0.05;
        nfds_t nfds = 0;
        for (unsigned k = 0; k < nrunning; k++) {
            if (running[k].deadline - now < wait)
                wait = running[k].deadline - now;
            for (unsigned s = 0; s < 3; s++)
                if (running[k].fd[s] >= 0)
                    fds[nfds++] = (struct pollfd){ .fd = running[k].fd[s], .events = POLLIN };
        }
        if (nfds)
            poll(fds, nfds, wait > 0 ? (int)(wait * 1000) + 1 : 0);
        else if (wait > 0)
            nanosleep(&(struct timespec){ 0, (long)(wait * 1e9) }, NULL);

        now = now_seconds();
        for (unsigned k = 0; k < nrunning;) {
            struct job *j = &running[k];
            struct regress_result *r = &run->results[j->test];
            for (unsigned s = 0; s < 3; s++)
                drain(j, s, r);
            if (!j->timed_out && now >= j->deadline) {
                kill(-j->pid, SIGKILL);
                j->timed_out = true;
            }
            int status;
            if (waitpid(j->pid, &status, WNOHANG) != j->pid) {
                k++;
                continue;
            }
            /* exited: take what is left in the pipes; nothing else should hold them open */
            kill(-j->pid, SIGKILL); /* anything it left behind in its group */
            for (unsigned s = 0; s < 3; s++) {
                drain(j, s, r);
                if (j->fd[s] >= 0)
                    close(j->fd[s]);
            }
            judge(j, &run->suite->tests[j->test], status, r);
            report_finished(run, j->test);
            running[k] = running[--nrunning];
        }
    }
    for (unsigned k = 0; k < nrunning; k++) {
        kill(-running[k].pid, SIGKILL);
        waitpid(running[k].pid, NULL, 0);
        for (unsigned s = 0; s < 3; s++)
            if (running[k].fd[s] >= 0)
                close(running[k].fd[s]);
    }
    if (run->tty)
        fprintf(run->human, "\r\033[K"); /* before anything else is written on the terminal */
    fflush(run->human);
    free(running);
    free(fds);
    return !interrupted;
}

static void print_summary(const struct run *run)
{
    int width = 4;
    for (unsigned n = 0; n < run->nselected; n++) {
        int len = (int)strlen(run->suite->tests[run->selected[n]].name);
        width = len > width ? len : width;
    }
    fprintf(run->human, "\n%-*s  %-7s  %8s  %12s  %s\n", width, "test", "result", "seconds", "instructions",
            "reason");
    unsigned counts[4] = { 0 };
    for (unsigned n = 0; n < run->nselected; n++) {
        unsigned test = run->selected[n];
        const struct regress_result *r = &run->results[test];
        char insns[24] = "-";
        if (r->have_insns)
            snprintf(insns, sizeof(insns), "%" PRIu64, r->insns);
        fprintf(run->human, "%-*s  %-7s  %8.2f  %12s%s%s\n", width, run->suite->tests[test].name,
                regress_outcome_name(r->outcome), r->seconds, insns, r->reason ? "  " : "",
                r->reason ? r->reason : "");
        counts[r->outcome]++;
    }
    fprintf(run->human, "%u tests: %u passed, %u failed, %u timed out, %u crashed\n", run->nselected,
            counts[REGRESS_PASS], counts[REGRESS_FAIL], counts[REGRESS_TIMEOUT], counts[REGRESS_CRASH]);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: a72sim regress [options] SUITE.ini\n"
            "Run a suite of a72sim tests, each in a process of its own, and report the results.\n"
            "\n"
            "  -j, --jobs N          run N tests at a time (default: the number of online CPUs)\n"
            "  --junit FILE          write a JUnit XML report to FILE\n"
            "  --tap FILE            write a TAP (version 13) report to FILE; '-': on stdout, the\n"
            "                        progress and summary then go to stderr\n"
            "  --shard K/N           run only the tests whose position i (0-based, suite order)\n"
            "                        has i %% N == K-1 (K from 1 to N)\n"
            "  --list                print the names of the tests that would run, and exit\n"
            "  --filter ERE          run only the tests whose name matches the extended regular expression\n"
            "  --build-dir DIR       what ${BUILD} stands for in the suite (default: $A72SIM_BUILD_DIR,\n"
            "                        else the directory of this a72sim binary)\n"
            "  -h, --help            this text\n"
            "\n"
            "Exit status: 0 all tests passed; 1 a test failed, timed out or crashed; 2 bad option or suite;\n"
            "130 interrupted (SIGINT or SIGTERM).\n");
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "a72sim regress: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

static bool parse_uint(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9') /* no white space or sign, which strtoul would take */
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > 100000)
        return false;
    *out = (unsigned)v;
    return true;
}

int regress_parse_options(int argc, char **argv, struct regress_options *o)
{
    enum { OPT_JUNIT = 256, OPT_TAP, OPT_SHARD, OPT_LIST, OPT_BUILD_DIR, OPT_FILTER };
    static const struct option longopts[] = {
        { "jobs", required_argument, NULL, 'j' },
        { "junit", required_argument, NULL, OPT_JUNIT },
        { "tap", required_argument, NULL, OPT_TAP },
        { "shard", required_argument, NULL, OPT_SHARD },
        { "list", no_argument, NULL, OPT_LIST },
        { "build-dir", required_argument, NULL, OPT_BUILD_DIR },
        { "filter", required_argument, NULL, OPT_FILTER },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (struct regress_options){ .jobs = cpus > 0 ? (unsigned)cpus : 1, .shard_k = 1, .shard_n = 1,
                                   .build_dir = getenv("A72SIM_BUILD_DIR") };
    opterr = 0;
    optind = 0; /* GNU getopt: start afresh, whatever was parsed before */
    int ch;
    while ((ch = getopt_long(argc, argv, ":j:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'j':
            if (!parse_uint(optarg, &o->jobs))
                return usage_error("-j wants a positive number, got '%s'", optarg);
            break;
        case OPT_JUNIT: o->junit = optarg; break;
        case OPT_TAP: o->tap = optarg; break;
        case OPT_SHARD: {
            char k[24];
            const char *slash = strchr(optarg, '/');
            bool ok = slash && (size_t)(slash - optarg) < sizeof(k);
            if (ok) {
                memcpy(k, optarg, (size_t)(slash - optarg));
                k[slash - optarg] = 0;
            }
            if (!ok || !parse_uint(k, &o->shard_k) || !parse_uint(slash + 1, &o->shard_n) || o->shard_k > o->shard_n)
                return usage_error("--shard wants K/N with 1 <= K <= N, got '%s'", optarg);
            break;
        }
        case OPT_LIST: o->list = true; break;
        case OPT_BUILD_DIR: o->build_dir = optarg; break;
        case OPT_FILTER: {
            regex_t re;
            if (!regress_regex_acceptable(optarg) || regcomp(&re, optarg, REG_EXTENDED | REG_NOSUB) != 0)
                return usage_error("--filter: bad regular expression '%s'", optarg);
            regfree(&re);
            o->filter = optarg;
            break;
        }
        case 'h': usage(stdout); return REGRESS_OPTIONS_DONE;
        case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return usage_error("unknown option '%s' (try a72sim regress --help)", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return usage_error("%s", "wants one suite file (usage: a72sim regress [options] SUITE.ini)");
    o->suite = argv[optind];
    /* the reports' destinations are checked before anything runs */
    char err[512];
    if (o->junit && !outfile_check(o->junit, err, sizeof(err)))
        return usage_error("--junit: %s", err);
    if (o->tap && strcmp(o->tap, "-") != 0 && !outfile_check(o->tap, err, sizeof(err)))
        return usage_error("--tap: %s", err);
    return EXIT_OK;
}

int regress_main(int argc, char **argv)
{
    struct regress_options opt;
    int rc = regress_parse_options(argc, argv, &opt);
    if (rc)
        return rc == REGRESS_OPTIONS_DONE ? EXIT_OK : rc;
    unsigned jobs = opt.jobs, shard_k = opt.shard_k, shard_n = opt.shard_n;
    const char *junit = opt.junit, *tap = opt.tap, *build_dir = opt.build_dir, *filter_src = opt.filter;
    bool list = opt.list;
    regex_t filter;
    if (filter_src && regcomp(&filter, filter_src, REG_EXTENDED | REG_NOSUB) != 0)
        return usage_error("--filter: bad regular expression '%s'", filter_src);

    char *self = realpath("/proc/self/exe", NULL);
    if (!self) {
        fprintf(stderr, "a72sim regress: cannot find the a72sim binary: %s\n", strerror(errno));
        return 125;
    }
    char *self_dir = strdup(self);
    if (!self_dir)
        return 125;
    *strrchr(self_dir, '/') = 0;
    if (!build_dir || !*build_dir)
        build_dir = self_dir;

    struct regress_suite suite;
    char err[512];
    if (!regress_suite_load(opt.suite, build_dir, &suite, err, sizeof(err))) {
        fprintf(stderr, "%s\n", err);
        free(self);
        free(self_dir);
        return EXIT_USAGE;
    }
    unsigned *selected = xrealloc(NULL, suite.ntests * sizeof(*selected)), nselected = 0;
    for (unsigned n = 0; n < suite.ntests; n++)
        if (n % shard_n == shard_k - 1 && (!filter_src || regexec(&filter, suite.tests[n].name, 0, NULL, 0) == 0))
            selected[nselected++] = n;
    if (filter_src) {
        regfree(&filter);
        if (nselected == 0) {
            fprintf(stderr, "a72sim regress: --filter '%s' matches no test of %s\n", filter_src, opt.suite);
            free(selected);
            regress_suite_free(&suite);
            free(self);
            free(self_dir);
            return EXIT_USAGE;
        }
    }

    int status = EXIT_OK;
    if (list) {
        for (unsigned n = 0; n < nselected; n++)
            printf("%s\n", suite.tests[selected[n]].name);
    } else {
        struct run run = {
            .suite = &suite, .selected = selected, .nselected = nselected,
            .results = xrealloc(NULL, suite.ntests * sizeof(*run.results)),
            .finished = xrealloc(NULL, suite.ntests * sizeof(*run.finished)),
            .human = tap && strcmp(tap, "-") == 0 ? stderr : stdout,
        };
        run.tty = isatty(fileno(run.human));
        memset(run.results, 0, suite.ntests * sizeof(*run.results));
        memset(run.finished, 0, suite.ntests * sizeof(*run.finished));
        struct sigaction sa = { .sa_handler = on_signal };
        sigemptyset(&sa.sa_mask);
        struct sigaction old_int, old_term;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        double t0 = now_seconds();
        bool complete = run_tests(&run, jobs, self);
        double seconds = now_seconds() - t0;
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        if (!complete) {
            fprintf(stderr, "a72sim regress: interrupted; no report written\n");
            status = EXIT_INTERRUPTED;
        } else {
            print_summary(&run);
            status = run.failed ? EXIT_FAILED : EXIT_OK;
            if (junit && !regress_write_junit(junit, &suite, selected, nselected, run.results, seconds))
                status = EXIT_USAGE;
            if (tap && !regress_write_tap(tap, &suite, selected, nselected, run.results))
                status = EXIT_USAGE;
        }
        for (unsigned n = 0; n < suite.ntests; n++) {
            free(run.results[n].reason);
            free(run.results[n].out.data);
            free(run.results[n].err.data);
            free(run.results[n].uart1.data);
        }
        free(run.results);
        free(run.finished);
    }
    free(selected);
    regress_suite_free(&suite);
    free(self);
    free(self_dir);
    return status;
}
