/* A Linux /init that needs no FP/SIMD instruction (built with -mgeneral-regs-only, no C library,
 * raw system calls), to boot Linux on a72sim before FP/SIMD is modelled.
 *
 * It prints how many CPUs the kernel brought up (sched_getaffinity) and a checksum of a
 * computation, then, when its first argument is "interactive", prompts "calc> " on the console and
 * answers a line "A*B" or "A+B" with "= RESULT" (the line comes through the PL011's receive path
 * and the tty), then prints the marker NOFP-INIT-DONE and powers the machine off (reboot(2) with
 * LINUX_REBOOT_CMD_POWER_OFF, which ends in PSCI SYSTEM_OFF).
 *
 * With the argument "perf" it measures a loop of known length through Linux's perf_event_open(2),
 * which drives the core's PMU (armv8_pmuv3): the instructions it retires at EL0 (a counting event),
 * its cycles, and samples of its PC every SAMPLE_PERIOD instructions (the counter's overflow
 * interrupt, PPI 23, read back from the event's ring buffer).
 */
typedef unsigned long u64;

typedef unsigned int u32;

enum {
    SYS_IOCTL = 29, SYS_CLOSE = 57, SYS_READ = 63, SYS_WRITE = 64, SYS_SCHED_GETAFFINITY = 123, SYS_REBOOT = 142,
    SYS_MMAP = 222, SYS_PERF_EVENT_OPEN = 241,
};

static long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}

static long syscall4(long n, long a, long b, long c, long d)
{
    return syscall6(n, a, b, c, d, 0, 0);
}

static u64 length(const char *s)
{
    u64 n = 0;
    while (s[n])
        n++;
    return n;
}

static void put(const char *s)
{
    syscall4(SYS_WRITE, 1, (long)s, (long)length(s), 0);
}

static void put_number(long v)
{
    char buf[24];
    int k = sizeof(buf) - 1;
    int negative = v < 0;
    u64 u = negative ? (u64)-v : (u64)v;
    buf[k] = 0;
    do {
        buf[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative)
        buf[--k] = '-';
    put(buf + k);
}

static long parse_number(const char **p)
{
    long v = 0;
    while (**p >= '0' && **p <= '9')
        v = v * 10 + (*(*p)++ - '0');
    return v;
}

static void calculator(void)
{
    char line[128];
    put("calc> ");
    long n = syscall4(SYS_READ, 0, (long)line, sizeof(line) - 1, 0);
    if (n <= 0) {
        put("NOFP-INIT: no input\n");
        return;
    }
    line[n] = 0;
    const char *p = line;
    long a = parse_number(&p);
    char op = *p ? *p++ : 0;
    long b = parse_number(&p);
    put("= ");
    put_number(op == '*' ? a * b : op == '+' ? a + b : 0);
    put("\n");
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* spin(n): n iterations of SUBS and B.NE, 2n instructions between spin_loop and spin_end. */
void spin(u64 n);
extern const char spin_loop[], spin_end[];
__asm__(".globl spin, spin_loop, spin_end\n"
        "spin:\n"
        "spin_loop:\n"
        "  subs x0, x0, #1\n"
        "  b.ne spin_loop\n"
        "spin_end:\n"
        "  ret\n");

/* perf_event_open(2)'s struct perf_event_attr, its first version (PERF_ATTR_SIZE_VER0: 64 bytes). */
struct perf_attr {
    u32 type, size;
    u64 config, sample_period, sample_type, read_format, flags;
    u32 wakeup_events, bp_type;
    u64 config1;
};
enum {
    PERF_TYPE_HARDWARE = 0, PERF_COUNT_HW_CPU_CYCLES = 0, PERF_COUNT_HW_INSTRUCTIONS = 1,
    PERF_SAMPLE_IP = 1, PERF_RECORD_SAMPLE = 9,
    ATTR_DISABLED = 1 << 0, ATTR_EXCLUDE_KERNEL = 1 << 5, ATTR_EXCLUDE_HV = 1 << 6,
    IOC_ENABLE = 0x2400, IOC_DISABLE = 0x2401,
    PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1,
};
#define SPIN_ITERATIONS 1000000
#define SAMPLE_PERIOD 20011
#define RING_PAGES 8

/* An event of the core's PMU on this task, at EL0 only, opened disabled; -errno on failure. */
static long open_event(u64 config, u64 period)
{
    struct perf_attr a = { .type = PERF_TYPE_HARDWARE, .size = sizeof(a), .config = config,
                           .sample_period = period, .sample_type = period ? PERF_SAMPLE_IP : 0,
                           .flags = ATTR_DISABLED | ATTR_EXCLUDE_KERNEL | ATTR_EXCLUDE_HV, .wakeup_events = 1 };
    return syscall6(SYS_PERF_EVENT_OPEN, (long)&a, 0, -1, -1, 0, 0);
}

static void spin_measured(long fd)
{
    syscall4(SYS_IOCTL, fd, IOC_ENABLE, 0, 0);
    spin(SPIN_ITERATIONS);
    syscall4(SYS_IOCTL, fd, IOC_DISABLE, 0, 0);
}

/* The event's count (read(2) of an event with no read_format). */
static long count_of(long fd)
{
    u64 v = 0;
    return syscall4(SYS_READ, fd, (long)&v, sizeof(v), 0) == sizeof(v) ? (long)v : -1;
}

static void perf_check(void)
{
    long fd = open_event(PERF_COUNT_HW_INSTRUCTIONS, 0);
    if (fd < 0) {
        put("NOFP-INIT: perf_event_open failed: ");
        put_number(fd);
        put("\n");
        return;
    }
    spin_measured(fd);
    /* What EL0 retires besides the loop: the return from the first ioctl to the second's SVC. */
    put("NOFP-INIT: perf instructions = loop + ");
    put_number(count_of(fd) - 2l * SPIN_ITERATIONS);
    put("\n");
    syscall4(SYS_CLOSE, fd, 0, 0, 0);

    fd = open_event(PERF_COUNT_HW_CPU_CYCLES, 0);
    spin_measured(fd);
    put("NOFP-INIT: perf cycles per 1000 iterations ");
    put_number(count_of(fd) / (SPIN_ITERATIONS / 1000));
    put("\n");
    syscall4(SYS_CLOSE, fd, 0, 0, 0);

    fd = open_event(PERF_COUNT_HW_INSTRUCTIONS, SAMPLE_PERIOD);
    unsigned char *ring = (unsigned char *)syscall6(SYS_MMAP, 0, (1 + RING_PAGES) * 4096l, PROT_READ | PROT_WRITE,
                                                    MAP_SHARED, fd, 0);
    if ((long)ring < 0 && (long)ring > -4096) {
        put("NOFP-INIT: perf mmap failed\n");
        return;
    }
    spin_measured(fd);
    /* struct perf_event_mmap_page: data_head at 1024; the records from the second page, each a
     * struct perf_event_header (type, misc, size) and, for a sample, its PC. */
    u64 head = *(volatile u64 *)(ring + 1024);
    long samples = 0, in_loop = 0;
    for (u64 at = 0; at + 8 <= head && at + 8 <= RING_PAGES * 4096ul;) {
        const unsigned char *rec = ring + 4096 + at;
        u32 type = *(const u32 *)rec;
        unsigned size = *(const unsigned short *)(rec + 6);
        if (size < 8)
            break;
        if (type == PERF_RECORD_SAMPLE) {
            u64 ip = *(const u64 *)(rec + 8);
            samples++;
            in_loop += ip >= (u64)spin_loop && ip <= (u64)spin_end;
        }
        at += size;
    }
    put("NOFP-INIT: perf samples ");
    put_number(samples);
    put(", in the loop ");
    put_number(in_loop);
    put("\n");
    syscall4(SYS_CLOSE, fd, 0, 0, 0);
}

void init_main(long argc, char **argv)
{
    put("NOFP-INIT: start\n");
    u64 mask[16] = { 0 };
    long bytes = syscall4(SYS_SCHED_GETAFFINITY, 0, sizeof(mask), (long)mask, 0);
    long cpus = 0;
    for (long k = 0; k < bytes / 8; k++)
        for (u64 m = mask[k]; m; m &= m - 1)
            cpus++;
    put("NOFP-INIT: cpus ");
    put_number(cpus);
    put("\n");
    /* A fixed computation (FNV-1a over the squares mod 2^16 of 0..99999) with a known answer. */
    u64 h = 0xcbf29ce484222325ull;
    for (u64 i = 0; i < 100000; i++) {
        h ^= (i * i) & 0xffff;
        h *= 0x100000001b3ull;
    }
    put("NOFP-INIT: fnv ");
    put_number((long)(h & 0xffffffff));
    put("\n");
    if (argc > 1 && streq(argv[1], "interactive"))
        calculator();
    if (argc > 1 && streq(argv[1], "perf"))
        perf_check();
    put("NOFP-INIT-DONE\n");
    syscall4(SYS_REBOOT, 0xfee1dead, 672274793, 0x4321fedc, 0);
    for (;;)
        ;
}

/* The kernel starts init with SP at argc, then argv[]. */
__asm__(".globl _start\n"
        "_start:\n"
        "  ldr x0, [sp]\n"
        "  add x1, sp, #8\n"
        "  bl init_main\n"
        "1: b 1b\n");
