/* A small printf for the compiled C guest programs (CoreMark's porting layer, vecmath): %d %i %u
 * %x %X %c %s %f with the l/ll modifiers, a field width and '0' padding, %f with a precision
 * (default 6). Output goes to semihosting SYS_WRITE0 (the console of a72sim and QEMU). */
#ifndef A72SIM_GUEST_CPROG_PRINT_H
#define A72SIM_GUEST_CPROG_PRINT_H

#include <stdarg.h>

int cp_vprintf(const char *fmt, va_list ap);
int cp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
