/* Guest test library: checks, output, the exception recorder (called by start.S's vectors). */
#include "test.h"

enum { SYS_WRITE0 = 0x04, SYS_GET_CMDLINE = 0x15, SYS_EXIT = 0x18 };
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define UART0_BASE 0xFF000000ul
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)
#define MAX_EXCEPTIONS 10000 /* more than this means the test is stuck in an exception loop */

unsigned test_failures, test_checks;
bool test_on_qemu;
volatile struct exc_record exc;

/* Saved state of run_at's callers, one per EL (layout used by start.S: x19..x30, sp, active). */
struct run_ctx {
    uint64_t regs[12], sp, active;
};
struct run_ctx run_ctx[4];
extern char run_gate_wfi[]; /* start.S: where code run_at() started at EL1/EL2 returns to EL3 */

void *memset(void *s, int c, size_t n)
{
    volatile uint8_t *p = s;
    while (n--)
        *p++ = (uint8_t)c;
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *dp = d;
    const volatile uint8_t *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

void sh_puts(const char *s)
{
    semihost(SYS_WRITE0, s);
}

char *fmt_hex(char *p, uint64_t v)
{
    *p++ = '0';
    *p++ = 'x';
    int shift = 60;
    while (shift > 0 && !((v >> shift) & 0xf))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *p++ = "0123456789abcdef"[(v >> shift) & 0xf];
    return p;
}

void sh_put_hex(uint64_t v)
{
    char buf[24];
    *fmt_hex(buf, v) = 0;
    sh_puts(buf);
}

void uart_putc(char ch)
{
    volatile uint32_t *uart = (volatile uint32_t *)UART0_BASE;
    while (uart[UART_FR / 4] & UART_FR_TXFF)
        ;
    uart[UART_DR / 4] = (uint8_t)ch;
}

void uart_puts(const char *s)
{
    while (*s) {
        if (*s == '\n')
            uart_putc('\r');
        uart_putc(*s++);
    }
}

void uart_put_hex(uint64_t v)
{
    char buf[24];
    *fmt_hex(buf, v) = 0;
    uart_puts(buf);
}

void uart_put_dec(uint64_t v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        uart_putc(buf[--n]);
}

static char *append(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *append_dec(char *p, unsigned v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *fail_prefix(char *p, const char *file, int line)
{
    p = append(p, "FAIL ");
    p = append(p, file);
    *p++ = ':';
    p = append_dec(p, (unsigned)line);
    return append(p, ": ");
}

void test_check(bool ok, const char *file, int line, const char *expr)
{
    test_checks++;
    if (ok)
        return;
    test_failures++;
    char buf[512], *p = fail_prefix(buf, file, line);
    p = append(p, expr);
    p = append(p, "\n");
    *p = 0;
    sh_puts(buf);
}

void test_check_eq(uint64_t a, uint64_t b, const char *file, int line, const char *ea, const char *eb)
{
    test_checks++;
    if (a == b)
        return;
    test_failures++;
    char buf[512], *p = fail_prefix(buf, file, line);
    p = append(p, ea);
    p = append(p, " == ");
    p = append(p, eb);
    p = append(p, ": got ");
    p = fmt_hex(p, a);
    p = append(p, ", expected ");
    p = fmt_hex(p, b);
    p = append(p, "\n");
    *p = 0;
    sh_puts(buf);
}

static __attribute__((noreturn)) void exit_status(uint64_t status)
{
    uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, status };
    for (;;)
        semihost(SYS_EXIT, block);
}

void test_exit(void)
{
    char buf[128], *p = buf;
    p = append(p, test_failures ? "FAILED: " : "PASSED: ");
    p = append_dec(p, test_checks);
    p = append(p, " checks, ");
    p = append_dec(p, test_failures);
    p = append(p, " failures");
    p = append(p, test_on_qemu ? " (QEMU oracle: departures from the Arm ARM skipped)\n" : "\n");
    *p = 0;
    sh_puts(buf);
    exit_status(test_failures ? 1 : 0);
}

/* Called by start.S before test_main. */
void test_init(void)
{
    static char cmdline[256];
    struct { char *buf; uint64_t len; } block = { cmdline, sizeof(cmdline) };
    if (semihost(SYS_GET_CMDLINE, &block) == 0)
        test_on_qemu = str_contains(cmdline, "oracle=qemu");
}

void exc_reset(void)
{
    exc.count = 0;
    exc.esr = exc.far = exc.elr = exc.spsr = 0;
    exc.offset = exc.el = exc.daif = exc.sp_sel = ~0ull;
    exc.recover = 0;
    exc.skip = 0;
}

#define READ_BY_EL(el, reg, v)                                            \
    switch (el) {                                                         \
    case 1: __asm__ volatile("mrs %0, " #reg "_el1" : "=r"(v)); break;   \
    case 2: __asm__ volatile("mrs %0, " #reg "_el2" : "=r"(v)); break;   \
    default: __asm__ volatile("mrs %0, " #reg "_el3" : "=r"(v)); break;  \
    }
#define WRITE_BY_EL(el, reg, v)                                           \
    switch (el) {                                                         \
    case 1: __asm__ volatile("msr " #reg "_el1, %0" : : "r"(v)); break;  \
    case 2: __asm__ volatile("msr " #reg "_el2, %0" : : "r"(v)); break;  \
    default: __asm__ volatile("msr " #reg "_el3, %0" : : "r"(v)); break; \
    }

/* Called by the vectors: record the exception, choose where to resume. Returns 1 when this is the
 * end of code started by run_at() (SVC/HVC/SMC #0xFFFF) and run_at's caller should resume. */
uint64_t exc_handle(uint64_t offset, uint64_t el)
{
    uint64_t esr = 0, far = 0, elr = 0, spsr = 0;
    READ_BY_EL(el, esr, esr);
    READ_BY_EL(el, elr, elr);
    unsigned ec = ESR_EC(esr);
    bool gate = ((ec == 0x15 || ec == 0x16) && (esr & 0xffff) == 0xffff) ||
                (ec == 0x01 && el == 3 && elr == (uint64_t)run_gate_wfi);
    if (gate && run_ctx[el].active)
        return 1;

    READ_BY_EL(el, far, far);
    READ_BY_EL(el, spsr, spsr);
    exc.esr = esr;
    exc.far = far;
    exc.elr = elr;
    exc.spsr = spsr;
    exc.offset = offset;
    exc.el = el;
    exc.daif = read_sysreg(daif);
    exc.sp_sel = read_sysreg(spsel);
    if (++exc.count > MAX_EXCEPTIONS) {
        sh_puts("FAIL: exception loop, ESR ");
        sh_put_hex(esr);
        sh_puts(" ELR ");
        sh_put_hex(elr);
        sh_puts("\n");
        exit_status(1);
    }

    /* Preferred return address already past the instruction: SVC, HVC, and SMC taken to EL3
     * (a trapped SMC, EC 0x17 at EL2, returns to the SMC itself). */
    bool past = (ec == 0x15 || ec == 0x16 || (ec == 0x17 && el == 3));
    if (exc.recover)
        elr = exc.recover;
    else if (exc.skip || !past)
        elr += 4;
    exc.recover = 0;
    exc.skip = 0;
    spsr &= ~(1ull << 20); /* PSTATE.IL: resume in a legal state after an illegal-state exception */
    WRITE_BY_EL(el, elr, elr);
    WRITE_BY_EL(el, spsr, spsr);
    return 0;
}

/* CRC-32 (reflected polynomial 0xEDB88320) or CRC-32C (0x82F63B78), bit by bit, no final XOR. */
uint32_t crc32_ref(uint32_t crc, const uint8_t *p, size_t n, uint32_t poly_reflected)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (poly_reflected & (0u - (crc & 1)));
    }
    return crc;
}
