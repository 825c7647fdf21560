/* A Linux /init that needs no FP/SIMD instruction (built with -mgeneral-regs-only, no C library,
 * raw system calls), to boot Linux on a72sim before FP/SIMD is modelled.
 *
 * It prints how many CPUs the kernel brought up (sched_getaffinity) and a checksum of a
 * computation, then, when its first argument is "interactive", prompts "calc> " on the console and
 * answers a line "A*B" or "A+B" with "= RESULT" (the line comes through the PL011's receive path
 * and the tty), then prints the marker NOFP-INIT-DONE and powers the machine off (reboot(2) with
 * LINUX_REBOOT_CMD_POWER_OFF, which ends in PSCI SYSTEM_OFF).
 */
typedef unsigned long u64;

enum { SYS_READ = 63, SYS_WRITE = 64, SYS_SCHED_GETAFFINITY = 123, SYS_REBOOT = 142 };

static long syscall4(long n, long a, long b, long c, long d)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
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
