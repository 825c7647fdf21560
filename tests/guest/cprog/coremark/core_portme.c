/* CoreMark's porting layer (core_portme.h): seeds, timing through semihosting SYS_CLOCK (none with
 * COREMARK_NO_CLOCK), output
 * through cprog/print.c, and the entry from the guest start code (test_main at EL3). */
#include <stdarg.h>

#include "coremark.h"
#include "print.h"
#include "test.h"

TEST_STAY_EL3;
void mmu_on_el3(void);
int main(void);

#ifndef ITERATIONS
#define ITERATIONS 10
#endif

/* Seeds of a performance run (seed1 = seed2 = 0, seed3 = 0x66), the iteration count, all
 * algorithms: volatile, so that the compiler cannot know them (CoreMark's run rules). */
volatile ee_s32 seed1_volatile = 0x0;
volatile ee_s32 seed2_volatile = 0x0;
volatile ee_s32 seed3_volatile = 0x66;
volatile ee_s32 seed4_volatile = ITERATIONS;
volatile ee_s32 seed5_volatile = 0;

ee_u32 default_num_contexts = 1;

static CORE_TICKS start_ticks, stop_ticks;

/* With COREMARK_NO_CLOCK the clock stands still: QEMU's SYS_CLOCK is host time, which would make
 * the printed times, and so the instructions that format them, differ from run to run. */
static CORE_TICKS sys_clock(void)
{
#ifdef COREMARK_NO_CLOCK
    return 0;
#else
    return (CORE_TICKS)semihost(0x10 /* SYS_CLOCK */, 0);
#endif
}

void start_time(void) { start_ticks = sys_clock(); }
void stop_time(void) { stop_ticks = sys_clock(); }
CORE_TICKS get_time(void) { return stop_ticks - start_ticks; }
secs_ret time_in_secs(CORE_TICKS ticks) { return (secs_ret)ticks / 100.0; }

void portable_init(core_portable *p, int *argc, char *argv[])
{
    (void)argc;
    (void)argv;
    p->portable_id = 1;
}

void portable_fini(core_portable *p) { p->portable_id = 0; }

int ee_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = cp_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* The stage 1 goes on before CoreMark's main runs any compiled code that may access data unaligned
 * or with vector instructions (Device memory would fault them). */
void test_main(void)
{
    mmu_on_el3();
    main();
}
