/* One Cortex-A72 core: architectural state and the interfaces every part of the core shares.
 *
 * struct cpu holds architectural state (and the few caches derived from it, marked as such);
 * everything else about the machine is reached through cpu->machine.
 */
#ifndef A72SIM_CPU_CPU_H
#define A72SIM_CPU_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "perf.h"
#include "pmu.h"
#include "sysregs.h"
#include "timing/pipeline.h"

#define WUR __attribute__((warn_unused_result))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

struct machine;
struct code_page;
struct tlb;
struct mmu_walk_log;
struct uarch;

enum { EL0 = 0, EL1 = 1, EL2 = 2, EL3 = 3 };

/* What an execute handler (or a host call) tells the run loop. */
enum exec_status {
    EXEC_NEXT = 0,   /* fall through to PC + 4 (the loop advances the PC) */
    EXEC_JUMP = 1,   /* the handler set the PC (branch, exception, ERET): end the block */
    EXEC_END_BLOCK = 2, /* the PC was advanced by the handler, but state the loop samples between
                           blocks (interrupt masks, timers, translation) may have changed */
};

/* What the board tells a core about itself: its identity and its clocks. */
struct cpu_config {
    uint64_t midr;           /* MIDR_EL1 */
    uint64_t mpidr;          /* MPIDR_EL1 */
    uint64_t cntfrq_hz;      /* the system counter's frequency */
    uint64_t clock_hz;       /* the core's clock: simulated cycles per second */
    bool firmware_el3;       /* EL3 is the board's firmware (the simulator plays it): SMC goes to
                                ports->firmware_call and no exception may enter EL3 */
    enum timing_mode timing_mode; /* --timing, --no-cache-model (sim/timing/pipeline.h) */
};

struct cpu;

/* How a core reaches the outside: its output lines and the host calls its instructions make.
 * The board (or, for a bare machine, the machine) wires them; the core knows nothing else. */
struct cpu_ports {
    /* A generic timer's output changed: timer 0..3 = CNTP, CNTV, CNTHP, CNTPS (NULL: unwired). */
    void (*timer_line)(struct cpu *c, unsigned timer, bool level);
    /* SMC answered by the firmware (PSCI, SMCCC) when config.firmware_el3. */
    enum exec_status (*firmware_call)(struct cpu *c);
    /* HLT #0xF000: a semihosting call. */
    enum exec_status (*semihosting_call)(struct cpu *c);
    /* SEV: the event goes to every core of the cluster. */
    void (*send_event)(struct cpu *c);
    /* The PMU's overflow interrupt request changed (NULL: unwired). */
    void (*pmu_line)(struct cpu *c, bool level);
};

/* PSTATE, one field per architectural bit group (Arm ARM "Process state, PSTATE"). */
struct pstate {
    uint8_t n, z, c, v;  /* condition flags, each 0 or 1 */
    uint8_t d, a, i, f;  /* exception masks, each 0 or 1 */
    uint8_t el;          /* current exception level */
    uint8_t sp;          /* SPSel: 0 = SP_EL0, 1 = SP_ELx */
    uint8_t ss, il;      /* software step, illegal execution state */
};

/* Translation contexts of the fast TLB: one set of entries per way the core can look at memory. */
enum mmu_idx { MMU_EL0, MMU_EL1, MMU_EL2, MMU_EL3, MMU_IDX_COUNT };

#define FAST_TLB_BITS 8
#define FAST_TLB_SIZE (1u << FAST_TLB_BITS)
#define GUEST_PAGE_BITS 12
#define GUEST_PAGE_SIZE (1ull << GUEST_PAGE_BITS)
#define GUEST_PAGE_MASK (~(GUEST_PAGE_SIZE - 1))
#define FAST_TLB_INVALID UINT64_MAX

/* A RAM page as seen through one translation: host address = guest VA + addend.
 * The tag is the page's VA; an access whose low bits (size - 1) are not zero misses,
 * which sends misaligned accesses to the slow path with no extra branch (TinyEMU's trick). */
struct fast_tlb_entry {
    uint64_t tag;
    uintptr_t addend;
};

/* Instruction-fetch entry: the page's decoded instructions. */
struct fast_fetch_entry {
    uint64_t tag;
    struct code_page *page;
};

struct fast_tlb {
    struct fast_tlb_entry read[FAST_TLB_SIZE];
    struct fast_tlb_entry write[FAST_TLB_SIZE];
    struct fast_fetch_entry fetch[FAST_TLB_SIZE];
};

struct cpu {
    uint64_t x[32];          /* X0-X30; x[31] is always 0 and stands for XZR */
    uint64_t sp_el[4];       /* SP_EL0..SP_EL3 */
    uint64_t pc;
    struct pstate pstate;
    uint64_t elr_el[4];      /* ELR_EL1..3 (index 0 unused) */
    uint64_t spsr_el[4];     /* SPSR_EL1..3 (index 0 unused) */

    /* FP/SIMD: V0-V31 as two 64-bit halves, little-endian lanes (v[n][0] is bits 63:0). */
    uint64_t v[32][2];
    uint32_t fpcr, fpsr;

    struct sysregs sr;

    /* The local exclusive monitor (Arm ARM "Exclusive access instructions"). */
    bool excl_valid;
    uint64_t excl_pa;        /* physical address of the marked block */
    uint64_t excl_va;        /* virtual address, for the address check of STXR */
    unsigned excl_size;      /* bytes covered by the reservation */

    bool event_register;     /* the WFE event register */
    bool wfi_pending;        /* core sleeps in WFI/WFE until an event */
    bool waiting_for_event;  /* ... and it was WFE, so SEV wakes it too */
    bool powered_off;        /* held off until PSCI CPU_ON (or never, with --smp 1) */
    bool observed_asleep;    /* observers were told the core sleeps (OBS_SLEEP), not yet that it woke */
    unsigned irq_lines;      /* interrupt lines driven into the core (irq.h) */

    /* Index of the active stack pointer in sp_el[] (derived from PSTATE.EL/SP; kept in sync
     * by cpu_update_derived() whenever either changes). */
    unsigned sp_index;
    /* The fast-TLB context for this EL's ordinary accesses (derived, like sp_index). */
    enum mmu_idx mmu_idx;
    /* SIMD/FP may run at this EL: no CPACR_EL1/CPTR_EL2/CPTR_EL3 trap applies (derived). */
    bool fp_enabled;

    uint64_t icount;         /* instructions retired (current inside the run loop) */
    bool resume_in_block;    /* the run stopped inside a block: it goes on at PC without the checks
                                made between blocks (run_loop.inc) */
    bool resume_new_line;    /* ... and with the cache model, whether its next instruction's line is
                                still to be fetched */
    bool insn_event_delivered; /* ... and the OBS_INSN event of the instruction at ... */
    uint64_t insn_event_pc;    /* ... this PC was delivered before the stop */
    uint64_t cycles;         /* simulated cycles: changed only through cpu_charge() and cpu_sync_cycles() */
    uint64_t exceptions_taken;  /* exception entries, and ... */
    uint64_t exception_returns; /* ... ERETs: the run loop tells them from branches by these */
    struct perf_counts perf;    /* microarchitectural event counts (perf.h) */
    struct pmu_state pmu;       /* the PMU's counting state (pmu.h) */
    struct pipeline pipe;       /* the full timing model's scoreboard (sim/timing/pipeline.h) */
    unsigned exceptions_at_vector; /* consecutive exceptions taken at the vector they go to (a loop) */
    uint64_t next_timer_cycles; /* cycles at which a timer output may rise (timer.h); 0: re-evaluate */
    uint8_t timer_levels;    /* the timers' output levels last driven into the GIC (timer.c) */
    bool evtstrm_armed[2];   /* the event streams of CNTKCTL_EL1 [0] and CNTHCTL_EL2 [1] (timer.c) ... */
    uint64_t evtstrm_next[2];/* ... and the physical count of their next event */

    bool debug_access;       /* a debugger's or observer's access is in progress: walks charge no
                                cycles and count no statistics (sim/debug.c) */
    struct pipe_run run;     /* the fast run loop's instructions not yet on the scoreboard
                                (sim/timing/runs.h; none outside the loop) */
    struct mmu_walk_log *walk_log; /* during a debug access: where walks record their descriptor
                                fetches (sim/mmu/mmu.h), or NULL */
    int index;               /* core number in the cluster */
    struct machine *machine;

    struct fast_tlb tlb[MMU_IDX_COUNT];
    unsigned fast_tlb_used;  /* bit n: context n may hold entries (a flush of an unused one is free) */
    struct tlb *arch_tlb;    /* the architectural TLB (sim/mmu/tlb.h); survives cpu_reset */
    struct uarch *uarch;     /* caches and branch predictor of the full timing model (sim/timing/uarch.h),
                                NULL with static timing; survives cpu_reset */

    /* Set by the board; they survive cpu_reset (which clears everything before tlb). */
    struct cpu_config config;
    const struct cpu_ports *ports;
};

/* Reset the core to the architectural reset state (EL3, MMU off, registers UNKNOWN = 0). */
void cpu_reset(struct cpu *c, struct machine *m, int index);

/* Recompute the state derived from PSTATE and the control registers (the active SP, the fast-TLB
 * context, whether SIMD/FP may run) after PSTATE.EL or SP changed or a control register was written. */
void cpu_update_derived(struct cpu *c);

/* An event for core c (SEV, the clearing of its global monitor, the timer's event stream): it sets
 * the event register and wakes a WFE that waits. As in the pseudocode (WaitForEvent), the wake-up
 * leaves the register set, so the next WFE completes at once. */
static inline void cpu_signal_event(struct cpu *c)
{
    c->event_register = true;
    if (c->wfi_pending && c->waiting_for_event)
        c->wfi_pending = false;
}

/* Note that context idx now holds an entry (every fill of the fast TLB calls this). */
static inline void cpu_fast_tlb_filled(struct cpu *c, enum mmu_idx idx) { c->fast_tlb_used |= 1u << idx; }

static inline uint64_t *cpu_sp(struct cpu *c) { return &c->sp_el[c->sp_index]; }

/* Register n with 31 meaning SP (the "X[n]|SP" operands). */
static inline uint64_t reg_or_sp(struct cpu *c, unsigned n)
{
    return n == 31 ? *cpu_sp(c) : c->x[n];
}
static inline void set_reg_or_sp(struct cpu *c, unsigned n, uint64_t v)
{
    if (n == 31)
        *cpu_sp(c) = v;
    else
        c->x[n] = v;
}
/* Register n with 31 meaning XZR: writes to 31 are discarded. */
static inline void set_reg(struct cpu *c, unsigned n, uint64_t v)
{
    c->x[n] = v;
    c->x[31] = 0;
}

/* SPSR format of PSTATE (GetPSRFromPSTATE for AArch64). */
uint64_t cpu_get_psr(const struct cpu *c);
/* Set PSTATE from an SPSR value (SetPSTATEFromPSR for AArch64); no legality checks. */
void cpu_set_psr(struct cpu *c, uint64_t spsr);

/* Is EL2 enabled for the current security state (EL2Enabled())? */
static inline bool el2_enabled(const struct cpu *c)
{
    return (c->sr.scr_el3 & 1) != 0; /* SCR_EL3.NS: EL2 exists only in Non-secure state in v8.0 */
}
/* Is the core in Secure state (IsSecure())? */
static inline bool is_secure(const struct cpu *c)
{
    return c->pstate.el == EL3 || !(c->sr.scr_el3 & 1);
}

/* Throw away every fast-TLB entry (on any change that can alter a translation or permission). */
void cpu_flush_fast_tlb(struct cpu *c);
/* Throw away the entries of the contexts in idx_mask (bit n = enum mmu_idx n). */
void cpu_flush_fast_tlb_contexts(struct cpu *c, unsigned idx_mask);
/* Throw away, in the contexts of idx_mask, the entries for the pages of [va, va + 2^size_log2)
 * (va rounded down to that size): the data (read and write) entries, the fetch entries, or both. */
enum { FAST_TLB_DATA = 1, FAST_TLB_FETCH = 2 };
void cpu_flush_fast_tlb_range(struct cpu *c, unsigned idx_mask, unsigned which, uint64_t va, unsigned size_log2);
#define MMU_IDX_MASK_EL10 (1u << MMU_EL0 | 1u << MMU_EL1)
#define MMU_IDX_MASK_ALL ((1u << MMU_IDX_COUNT) - 1)

/* The timing seam: every simulated cycle a core spends is added here (the run loop's static costs,
 * walks, TLB refills, exceptions taken on fetch), so a timing model has one place to hook. */
static inline void cpu_charge(struct cpu *c, uint64_t cycles) { c->cycles += cycles; }
/* Bring a core's clock forward to now (the cluster keeps its cores' clocks together, a sleeping
 * or newly started core takes the time of the others); never moves it back. */
static inline void cpu_sync_cycles(struct cpu *c, uint64_t now)
{
    if (c->cycles < now)
        c->cycles = now;
}

/* The VMID in force for the current EL: VTTBR_EL2.VMID at EL0/EL1 when stage 2 is on (HCR_EL2.VM),
 * else 0 (EL2 and EL3 run outside any VM). */
uint16_t cpu_current_vmid(const struct cpu *c);
/* The ASID of the current EL1&0 regime (TTBR0/1_EL1 per TCR_EL1.A1, 8 or 16 bits per TCR_EL1.AS);
 * 0 at EL2 and EL3. */
uint16_t cpu_current_asid(const struct cpu *c);

#endif
