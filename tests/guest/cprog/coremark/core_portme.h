/* CoreMark's porting layer for a72sim and QEMU's xlnx-versal-virt (bare metal, Secure EL3, MMU on
 * with an identity map: cprog/mmu_el3.S), written for this project after CoreMark's porting guide.
 * Build: CoreMark's core_list_join.c, core_main.c, core_matrix.c, core_state.c and core_util.c,
 * unmodified, with this directory first on the include path (tests/guest/cprog/CMakeLists.txt). */
#ifndef CORE_PORTME_H
#define CORE_PORTME_H

#include <stddef.h>

#define HAS_FLOAT 1
#define HAS_TIME_H 0
#define USE_CLOCK 0
#define HAS_STDIO 0
#define HAS_PRINTF 0
#define MAIN_HAS_NOARGC 1
#define MAIN_HAS_NORETURN 0
#define SEED_METHOD SEED_VOLATILE
#define MEM_METHOD MEM_STATIC
#define MULTITHREAD 1
#define MEM_LOCATION "STATIC"

#ifndef COMPILER_VERSION
#define COMPILER_VERSION "clang " __clang_version__
#endif
#ifndef COMPILER_FLAGS
#define COMPILER_FLAGS "-O2 -mcpu=cortex-a72"
#endif

typedef signed short ee_s16;
typedef unsigned short ee_u16;
typedef signed int ee_s32;
typedef double ee_f32;
typedef unsigned char ee_u8;
typedef unsigned int ee_u32;
typedef unsigned long ee_ptr_int;
typedef size_t ee_size_t;

/* align_mem(x): x rounded up to a multiple of 4 bytes */
#define align_mem(x) (void *)(4 + (((ee_ptr_int)(x)-1) & ~3))

/* Ticks are semihosting SYS_CLOCK centiseconds: simulated time on a72sim, host time on QEMU. */
typedef ee_u32 CORE_TICKS;

typedef struct CORE_PORTABLE_S {
    ee_u8 portable_id;
} core_portable;

extern ee_u32 default_num_contexts;

void portable_init(core_portable *p, int *argc, char *argv[]);
void portable_fini(core_portable *p);
int ee_printf(const char *fmt, ...);

#endif
