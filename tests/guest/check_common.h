/* Shared by the guest programs of a72sim's checks (tests/guest/check_*.c, run by tests/check): each
 * commits a violation unless its semihosting command line holds "good" (QEMU's oracle run passes
 * "oracle=qemu", so QEMU runs the violation, whose result is defined there too), and prints where
 * the violating instruction is ("site NAME 0x...") for the test to find the report's PC. */
#ifndef A72SIM_GUEST_CHECK_COMMON_H
#define A72SIM_GUEST_CHECK_COMMON_H

#include "test.h"

/* Whether word appears in the semihosting command line. */
static inline bool check_arg(const char *word)
{
    static char cmdline[160];
    struct { char *buf; uint64_t len; } block = { cmdline, sizeof(cmdline) };
    return semihost(0x15 /* SYS_GET_CMDLINE */, &block) == 0 && str_contains(cmdline, word);
}

static inline void print_site(const char *name, const void *addr)
{
    sh_puts("site ");
    sh_puts(name);
    sh_puts(" ");
    sh_put_hex((uint64_t)(uintptr_t)addr);
    sh_puts("\n");
}

#endif
