#include "semihost.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine.h"
#include "obs_emit.h"
#include "mmu/mmu.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05,
    SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09, SYS_SEEK = 0x0a,
    SYS_FLEN = 0x0c, SYS_TMPNAM = 0x0d, SYS_REMOVE = 0x0e, SYS_RENAME = 0x0f, SYS_CLOCK = 0x10,
    SYS_TIME = 0x11, SYS_SYSTEM = 0x12, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15, SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20, SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31,
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

#define MAX_HANDLES SEMIHOST_MAX_HANDLES

/* The reason codes of SYS_EXIT (semihosting specification, "Exit reason codes"). */
static const char *adp_stopped_name(uint64_t reason)
{
    static const char *const hardware[8] = { "BranchThroughZero", "UndefinedInstr", "SoftwareInterrupt",
                                             "PrefetchAbort", "DataAbort", "AddressException", "IRQ", "FIQ" };
    static const char *const software[10] = { "BreakPoint", "WatchPoint", "StepComplete", "RunTimeErrorUnknown",
                                              "InternalError", "UserInterruption", "ApplicationExit",
                                              "StackOverflow", "DivisionByZero", "OSSpecific" };
    if (reason >= 0x20000 && reason < 0x20008)
        return hardware[reason - 0x20000];
    if (reason >= 0x20020 && reason < 0x2002a)
        return software[reason - 0x20020];
    return NULL;
}

/* Copy guest virtual memory (current translation regime, no exception on failure). Writes go
 * through machine_write_phys(), which forgets decoded code they overwrite and clears exclusive
 * monitors, as a store by a core would. */
static bool guest_copy(struct cpu *c, uint64_t va, void *buf, size_t len, bool write)
{
    uint8_t *p = buf;
    while (len) {
        size_t chunk = GUEST_PAGE_SIZE - (va & (GUEST_PAGE_SIZE - 1));
        if (chunk > len)
            chunk = len;
        struct translation t;
        mmu_walk(c, c->mmu_idx, va, write ? MMU_WRITE : MMU_READ, false, &t);
        if (t.fault)
            return false;
        if (write) {
            if (!machine_write_phys(c->machine, t.pa, p, chunk))
                return false;
        } else {
            const uint8_t *host = bus_ram_ptr(&c->machine->bus, t.pa, chunk);
            if (!host)
                return false;
            memcpy(p, host, chunk);
        }
        p += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

/* How many bytes from va on the guest could write (stops at the first page that faults or is not
 * RAM), at most len: SYS_READ reads no more than that from the host file. */
static uint64_t guest_writable_prefix(struct cpu *c, uint64_t va, uint64_t len)
{
    uint64_t ok = 0;
    while (ok < len) {
        uint64_t chunk = GUEST_PAGE_SIZE - ((va + ok) & (GUEST_PAGE_SIZE - 1));
        if (chunk > len - ok)
            chunk = len - ok;
        struct translation t;
        mmu_walk(c, c->mmu_idx, va + ok, MMU_WRITE, false, &t);
        if (t.fault || !bus_ram_ptr(&c->machine->bus, t.pa, chunk))
            break;
        ok += chunk;
    }
    return ok;
}

static bool read_args(struct cpu *c, uint64_t block, uint64_t *args, unsigned n)
{
    return guest_copy(c, block, args, n * sizeof(uint64_t), false);
}

/* A NUL-free string of exactly len bytes (SYS_OPEN's name), or NULL. */
static bool read_string(struct cpu *c, uint64_t va, uint64_t len, char *out, size_t cap)
{
    if (len >= cap)
        return false;
    if (!guest_copy(c, va, out, len, false))
        return false;
    out[len] = 0;
    return strlen(out) == len;
}

static uint64_t sim_centiseconds(const struct cpu *c)
{
    return c->cycles / (c->config.clock_hz / 100);
}

static int64_t op_open(struct cpu *c, const uint64_t *a)
{
    char name[4096];
    if (!read_string(c, a[0], a[2], name, sizeof(name)))
        return -1;
    unsigned mode = (unsigned)a[1];
    if (strcmp(name, ":tt") == 0)
        return mode < 4 ? 0 : mode < 8 ? 1 : 2;
    struct semihost_state *sh = &c->machine->semihost;
    if (!c->machine->semihosting_host_files) {
        sh->last_errno = EPERM;
        return -1; /* the user did not give the guest host files */
    }
    static const int flags[12] = {
        O_RDONLY, O_RDONLY, O_RDWR, O_RDWR,
        O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
        O_WRONLY | O_CREAT | O_APPEND, O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND,
    };
    if (mode >= 12)
        return -1;
    for (int h = 3; h < MAX_HANDLES; h++) {
        if (sh->used[h])
            continue;
        int fd = open(name, flags[mode], 0644);
        if (fd < 0) {
            sh->last_errno = errno;
            return -1;
        }
        sh->fd[h] = fd;
        sh->used[h] = true;
        return h;
    }
    sh->last_errno = EMFILE;
    return -1;
}

static int fd_of(const struct semihost_state *sh, uint64_t handle)
{
    if (handle < 3)
        return (int)handle;
    if (handle < MAX_HANDLES && sh->used[handle])
        return sh->fd[handle];
    return -1;
}

/* SYS_WRITE returns the number of bytes NOT written. */
static int64_t op_write(struct cpu *c, const uint64_t *a)
{
    struct semihost_state *sh = &c->machine->semihost;
    uint64_t handle = a[0], va = a[1], len = a[2];
    int fd = fd_of(sh, handle);
    if (fd < 0 || handle == 0)
        return (int64_t)len;
    uint8_t buf[4096];
    uint64_t done = 0;
    while (done < len) {
        size_t chunk = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
        if (!guest_copy(c, va + done, buf, chunk, false))
            break;
        if (handle == 1 || handle == 2) {
            FILE *f = handle == 1 ? c->machine->out : stderr;
            fwrite(buf, 1, chunk, f);
        } else if (write(fd, buf, chunk) != (ssize_t)chunk) {
            sh->last_errno = errno;
            break;
        }
        done += chunk;
    }
    return (int64_t)(len - done);
}

/* SYS_READ returns the number of bytes NOT read; the console has no input. */
static int64_t op_read(struct cpu *c, const uint64_t *a)
{
    struct semihost_state *sh = &c->machine->semihost;
    uint64_t handle = a[0], va = a[1], len = a[2];
    int fd = fd_of(sh, handle);
    if (fd < 0 || handle < 3)
        return handle < 3 ? (int64_t)len : -1;
    /* Never take from the file bytes the guest buffer cannot hold: they would be lost. */
    uint64_t room = guest_writable_prefix(c, va, len);
    uint8_t buf[4096];
    uint64_t done = 0;
    while (done < room) {
        size_t chunk = room - done < sizeof(buf) ? (size_t)(room - done) : sizeof(buf);
        ssize_t r = read(fd, buf, chunk);
        if (r < 0) {
            sh->last_errno = errno;
            break;
        }
        if (r == 0 || !guest_copy(c, va + done, buf, (size_t)r, true))
            break;
        done += (uint64_t)r;
    }
    return (int64_t)(len - done);
}

static int64_t dispatch(struct cpu *c, uint32_t op, uint64_t param, bool *stop)
{
    struct machine *m = c->machine;
    struct semihost_state *sh = &m->semihost;
    uint64_t a[4] = { 0 };
    switch (op) {
    case SYS_WRITEC: {
        uint8_t ch;
        if (guest_copy(c, param, &ch, 1, false))
            fputc(ch, m->out);
        return 0;
    }
    case SYS_WRITE0: {
        uint8_t ch;
        for (uint64_t va = param; guest_copy(c, va, &ch, 1, false) && ch; va++)
            fputc(ch, m->out);
        return 0;
    }
    case SYS_WRITE:
        return read_args(c, param, a, 3) ? op_write(c, a) : -1;
    case SYS_READ:
        return read_args(c, param, a, 3) ? op_read(c, a) : -1;
    case SYS_READC:
        return -1;
    case SYS_OPEN:
        return read_args(c, param, a, 3) ? op_open(c, a) : -1;
    case SYS_CLOSE: {
        if (!read_args(c, param, a, 1))
            return -1;
        if (a[0] < 3)
            return 0;
        if (a[0] >= MAX_HANDLES || !sh->used[a[0]])
            return -1;
        close(sh->fd[a[0]]);
        sh->used[a[0]] = false;
        return 0;
    }
    case SYS_ISTTY:
        return read_args(c, param, a, 1) ? a[0] < 3 : -1;
    case SYS_ISERROR:
        return read_args(c, param, a, 1) ? (int64_t)a[0] < 0 : -1;
    case SYS_SEEK: {
        if (!read_args(c, param, a, 2) || a[0] < 3 || fd_of(sh, a[0]) < 0)
            return -1;
        return lseek(fd_of(sh, a[0]), (off_t)a[1], SEEK_SET) < 0 ? -1 : 0;
    }
    case SYS_FLEN: {
        struct stat st;
        if (!read_args(c, param, a, 1) || a[0] < 3 || fd_of(sh, a[0]) < 0 || fstat(fd_of(sh, a[0]), &st) != 0)
            return -1;
        return st.st_size;
    }
    case SYS_REMOVE: {
        char name[4096];
        if (!m->semihosting_host_files || !read_args(c, param, a, 2) ||
            !read_string(c, a[0], a[1], name, sizeof(name)))
            return -1;
        return unlink(name) == 0 ? 0 : (sh->last_errno = errno, -1);
    }
    case SYS_RENAME: {
        char from[4096], to[4096];
        if (!m->semihosting_host_files || !read_args(c, param, a, 4) ||
            !read_string(c, a[0], a[1], from, sizeof(from)) || !read_string(c, a[2], a[3], to, sizeof(to)))
            return -1;
        return rename(from, to) == 0 ? 0 : (sh->last_errno = errno, -1);
    }
    case SYS_TMPNAM:
    case SYS_SYSTEM:
        return -1; /* never: neither names host files nor runs host commands */
    case SYS_CLOCK:
        return (int64_t)sim_centiseconds(c);
    case SYS_TIME:
        return (int64_t)(sim_centiseconds(c) / 100); /* simulated seconds since the run began */
    case SYS_ERRNO:
        return sh->last_errno;
    case SYS_GET_CMDLINE: {
        if (!read_args(c, param, a, 2))
            return -1;
        const char *cmd = m->cmdline ? m->cmdline : "";
        size_t len = strlen(cmd);
        if (len + 1 > a[1] || !guest_copy(c, a[0], (void *)cmd, len + 1, true))
            return -1;
        a[1] = len;
        return guest_copy(c, param + 8, &a[1], 8, true) ? 0 : -1;
    }
    case SYS_HEAPINFO: {
        /* Zeros: "unknown", the C library then uses its own linker symbols. */
        uint64_t block_ptr, zero[4] = { 0 };
        if (!read_args(c, param, &block_ptr, 1) || !guest_copy(c, block_ptr, zero, sizeof(zero), true))
            return -1;
        return 0;
    }
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: {
        /* AArch64 passes {reason, subcode}; only ApplicationExit carries the guest's status. */
        int status = 1;
        const char *call = op == SYS_EXIT ? "SYS_EXIT" : "SYS_EXIT_EXTENDED";
        if (!read_args(c, param, a, 2)) {
            fprintf(stderr, "a72sim: semihosting %s: unreadable parameter block at 0x%" PRIx64 ": exit status 1\n",
                    call, param);
        } else if (a[0] == ADP_STOPPED_APPLICATION_EXIT) {
            status = (int)(a[1] & 0xff);
        } else {
            const char *name = adp_stopped_name(a[0]);
            fprintf(stderr, "a72sim: semihosting %s with reason 0x%" PRIx64 " (%s%s), not ApplicationExit:"
                            " exit status 1\n", call, a[0], name ? "ADP_Stopped_" : "", name ? name : "undefined");
        }
        machine_request_stop(m, STOP_GUEST_EXIT, status);
        *stop = true;
        return 0;
    }
    case SYS_ELAPSED: {
        uint64_t ticks = c->cycles;
        return guest_copy(c, param, &ticks, 8, true) ? 0 : -1;
    }
    case SYS_TICKFREQ:
        return (int64_t)c->config.clock_hz;
    default:
        return -1;
    }
}

static void emit_call(struct cpu *c, int64_t result)
{
    struct obs_event e;
    obs_fill_core(&e, OBS_SEMIHOST, c);
    e.u.call.function = (uint32_t)c->x[0];
    e.u.call.args[0] = c->x[1];
    e.u.call.result = (uint64_t)result;
    obs_deliver(c->machine, &e);
}

enum exec_status semihosting_call(struct cpu *c)
{
    bool stop = false;
    int64_t r = dispatch(c, (uint32_t)c->x[0], c->x[1], &stop);
    if (obs_wants(c->machine, OBS_SEMIHOST))
        emit_call(c, r);
    if (stop)
        return EXEC_JUMP;
    c->x[0] = (uint64_t)r;
    c->pc += 4;
    return EXEC_END_BLOCK;
}

void semihosting_close_all(struct machine *m)
{
    struct semihost_state *sh = &m->semihost;
    for (int h = 3; h < MAX_HANDLES; h++)
        if (sh->used[h]) {
            close(sh->fd[h]);
            sh->used[h] = false;
        }
}
