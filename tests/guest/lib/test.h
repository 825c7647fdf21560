/* Guest test library: checks, semihosting/UART output, exception recording, EL switching. */
#ifndef A72SIM_GUEST_TEST_H
#define A72SIM_GUEST_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every test program defines this; the start code calls it, then test_exit(). */
void test_main(void);

/* Define in a test (TEST_STAY_EL3;) to run test_main at Secure EL3 instead of Non-secure EL2. */
#define TEST_STAY_EL3 const char test_stay_el3 = 1

/* ---- checks ---- */
extern unsigned test_failures, test_checks;
/* True when run as the QEMU oracle (semihosting command line holds "oracle=qemu"): used only to skip
 * checks of behaviour where QEMU 7.2 departs from the Arm ARM (listed in the README: "Where a72sim
 * deliberately differs from QEMU"). */
extern bool test_on_qemu;

void test_check(bool ok, const char *file, int line, const char *expr);
void test_check_eq(uint64_t a, uint64_t b, const char *file, int line, const char *ea, const char *eb);
__attribute__((noreturn)) void test_exit(void);

#define CHECK(cond) test_check((cond), __FILE__, __LINE__, #cond)
#define CHECK_EQ(a, b) test_check_eq((uint64_t)(a), (uint64_t)(b), __FILE__, __LINE__, #a, #b)

/* ---- output ---- */
void sh_puts(const char *s);              /* semihosting SYS_WRITE0 */
void sh_put_hex(uint64_t v);
void uart_putc(char ch);                  /* PL011 UART0 at 0xFF000000 */
void uart_puts(const char *s);
void uart_put_hex(uint64_t v);
void uart_put_dec(uint64_t v);
char *fmt_hex(char *p, uint64_t v);       /* "0x..." at p, returns the end (no NUL) */

/* ---- semihosting ---- */
static inline uint64_t semihost(uint64_t op, const void *arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

/* ---- exceptions ---- */
struct exc_record {
    uint64_t count;    /* exceptions taken since exc_reset() (run_at's returns excluded) */
    uint64_t esr, far, elr, spsr;
    uint64_t offset;   /* offset of the vector within the table: 0x000..0x780 */
    uint64_t el;       /* EL the exception was taken to */
    uint64_t daif;     /* PSTATE.DAIF on entry to the vector */
    uint64_t sp_sel;   /* PSTATE.SPSel on entry to the vector */
    /* How to resume (one-shot, reset after each exception):
     * recover != 0: ELR = recover;
     * else skip: ELR += 4;
     * else: ELR += 4 unless ELR already points past the instruction (SVC, HVC, SMC to EL3). */
    uint64_t recover;
    uint64_t skip;
};
extern volatile struct exc_record exc;
void exc_reset(void);

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1u << 25)

/* Run fn(arg) at a lower EL (0, 1 or 2) with interrupts masked and return its result. The caller's
 * EL must be able to get the exception back: EL0 code returns with SVC #0xFFFF (to EL1, or to EL2
 * when HCR_EL2.TGE), EL1 code run from EL2 with HVC #0xFFFF, EL1/EL2 code run from EL3 with a WFI
 * that run_at traps to EL3 with SCR_EL3.TWI (set while the lower EL runs). */
uint64_t run_at(unsigned el, uint64_t (*fn)(uint64_t), uint64_t arg);

/* ---- system registers ---- */
#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
static inline unsigned current_el(void) { return (unsigned)(read_sysreg(CurrentEL) >> 2); }

/* Common values (Arm ARM register descriptions). */
#define HCR_RW   (1ull << 31)
#define HCR_TGE  (1ull << 27)
#define SCR_EL3_DEFAULT 0x531ull
#define SCTLR_EL2_DEFAULT 0x30C50830ull
#define SCTLR_EL1_DEFAULT 0x30D50800ull
#define CPTR_EL2_DEFAULT 0x33FFull

/* ---- helpers ---- */
uint32_t crc32_ref(uint32_t crc, const uint8_t *p, size_t n, uint32_t poly_reflected);
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* Whether word appears in s. Inline, so each program keeps its own copy where it uses one. */
static inline bool str_contains(const char *s, const char *word)
{
    for (; *s; s++) {
        const char *a = s, *b = word;
        while (*b && *a == *b)
            a++, b++;
        if (!*b)
            return true;
    }
    return false;
}

#endif
