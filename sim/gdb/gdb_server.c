/* The GDB stub's TCP server (see gdb_server.h). */
#define _GNU_SOURCE
#include "gdb_server.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_stub.h"
#include "machine.h"
#include "snapshot/reverse.h"

struct gdb_server {
    int listen_fd;
    int conn_fd;                 /* -1: no gdb connected */
    unsigned port;
    char address[300];
    struct gdb_stub *stub;
    struct machine *m;
    bool connect_pending;        /* a connection came while the machine ran without gdb */
    bool (*prev_poll)(void *opaque, bool wait);
    void *prev_opaque;
};

struct gdb_server *gdb_server_open(const char *spec, char *err, size_t err_len)
{
    char host[256] = "127.0.0.1";
    const char *port = spec;
    const char *colon = strrchr(spec, ':');
    if (colon) {
        size_t n = (size_t)(colon - spec);
        if (n >= sizeof(host)) {
            snprintf(err, err_len, "'%s' is not [HOST:]PORT (the host name is too long)", spec);
            return NULL;
        }
        if (n) {
            memcpy(host, spec, n);
            host[n] = 0;
        }
        port = colon + 1;
    }
    char *end;
    unsigned long pnum = strtoul(port, &end, 10);
    if (!*port || *end || pnum > 65535 || port[0] == '-' || port[0] == '+') {
        snprintf(err, err_len, "'%s' is not [HOST:]PORT (PORT: 0 to 65535)", spec);
        return NULL;
    }
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE },
                    *res = NULL;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai) {
        snprintf(err, err_len, "cannot listen on %s:%s: %s", host, port, gai_strerror(gai));
        return NULL;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, a->ai_addr, a->ai_addrlen) < 0 || listen(fd, 1) < 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, err_len, "cannot listen on %s:%s: %s", host, port, strerror(saved));
        return NULL;
    }
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    unsigned bound = 0;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        bound = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                               : ((struct sockaddr_in *)&sa)->sin_port);
    struct gdb_server *srv = calloc(1, sizeof(*srv));
    if (!srv) {
        close(fd);
        snprintf(err, err_len, "out of host memory");
        return NULL;
    }
    srv->listen_fd = fd;
    srv->conn_fd = -1;
    srv->port = bound;
    snprintf(srv->address, sizeof(srv->address), "%s:%u", host, bound);
    return srv;
}

unsigned gdb_server_port(const struct gdb_server *srv)
{
    return srv->port;
}

const char *gdb_server_address(const struct gdb_server *srv)
{
    return srv->address;
}

static void drop_connection(struct gdb_server *srv)
{
    gdb_stub_destroy(srv->stub);
    srv->stub = NULL;
    if (srv->conn_fd >= 0)
        close(srv->conn_fd);
    srv->conn_fd = -1;
}

void gdb_server_close(struct gdb_server *srv)
{
    if (!srv)
        return;
    drop_connection(srv);
    close(srv->listen_fd);
    free(srv);
}

/* The stub's output: written whole, or the connection is dropped at the next read (a gdb that
 * went away). */
static void write_conn(void *ctx, const void *data, size_t len)
{
    struct gdb_server *srv = ctx;
    const char *p = data;
    while (len && srv->conn_fd >= 0) {
        ssize_t n = send(srv->conn_fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            shutdown(srv->conn_fd, SHUT_RDWR);
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

/* The machine's io_poll while it runs: gdb's Ctrl-C when connected, a new connection when not.
 * Neither changes what a core sees; the hook chained before is asked as usual. */
static bool server_poll(void *opaque, bool wait)
{
    struct gdb_server *srv = opaque;
    struct pollfd p = { .fd = srv->conn_fd >= 0 ? srv->conn_fd : srv->listen_fd, .events = POLLIN };
    bool changed = srv->prev_poll && srv->prev_poll(srv->prev_opaque, false);
    /* Every core sleeps for good unless outside input comes: with a console, wait a little for
     * either (the machine then goes on polling); without, the run ends as it would. */
    int timeout = wait && !changed && srv->prev_poll ? 10 : 0;
    if (poll(&p, 1, timeout) > 0) {
        if (srv->conn_fd < 0) {
            srv->connect_pending = true;
            machine_request_stop(srv->m, STOP_OBSERVER, 0);
        } else {
            char buf[256];
            ssize_t n = recv(srv->conn_fd, buf, sizeof(buf), MSG_DONTWAIT);
            if (n <= 0 || memchr(buf, 0x03, (size_t)n))
                gdb_stub_interrupt(srv->stub); /* Ctrl-C, or gdb went away */
        }
    }
    if (wait && !changed && srv->prev_poll && !srv->m->stop)
        return true; /* keep the machine polling */
    return changed;
}

/* Take the connection that is waiting (with wait, block until one comes). False when host
 * resources ran out; true with no connection when the peer gave up before it was accepted. */
static bool accept_connection(struct gdb_server *srv, const struct gdb_stub_config *cfg, bool wait)
{
    int fd;
    do
        fd = accept4(srv->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && (errno == EINTR || (wait && errno == ECONNABORTED)));
    if (fd < 0)
        return !wait && errno == ECONNABORTED;
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    srv->conn_fd = fd;
    srv->stub = gdb_stub_create(srv->m, cfg);
    if (!srv->stub) {
        drop_connection(srv);
        return false;
    }
    return true;
}

enum gdb_run_end gdb_server_run(struct gdb_server *srv, struct machine *m, const struct gdb_run_config *rc)
{
    struct gdb_stub_config cfg = { .write = write_conn, .write_ctx = srv, .max_insns = rc->max_insns,
                                   .final_status = rc->final_status };
    srv->m = m;
    srv->prev_poll = m->io_poll;
    srv->prev_opaque = m->io_opaque;
    m->io_poll = server_poll;
    m->io_opaque = srv;
    enum gdb_run_end end = GDB_RUN_MACHINE;
    if (rc->wait && !accept_connection(srv, &cfg, true)) {
        end = GDB_RUN_HOST;
        goto out;
    }
    for (;;) {
        if (srv->conn_fd < 0) {
            /* No gdb: run as without the stub until the machine ends or gdb connects. */
            srv->connect_pending = false;
            machine_clear_stop(m);
            reverse_run(m, rc->max_insns); /* machine_run, with checkpoints under --record */
            if (!srv->connect_pending || m->reason != STOP_OBSERVER)
                break;
            if (!accept_connection(srv, &cfg, false)) {
                end = GDB_RUN_HOST;
                break;
            }
            continue;
        }
        char buf[4096];
        ssize_t n = recv(srv->conn_fd, buf, sizeof(buf), 0);
        if (n < 0 && errno == EINTR)
            continue;
        enum gdb_state state = n > 0 ? gdb_stub_feed(srv->stub, buf, (size_t)n) : GDB_DETACHED;
        if (state == GDB_DETACHED) {
            drop_connection(srv); /* the machine runs on, and gdb may come back */
        } else if (state == GDB_KILLED) {
            end = GDB_RUN_KILLED;
            break;
        } else if (state == GDB_ENDED) {
            break;
        }
    }
out:
    drop_connection(srv);
    m->io_poll = srv->prev_poll;
    m->io_opaque = srv->prev_opaque;
    return end;
}
