#include "exec_harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "cpu/cpu.h"
#include "cpu/sysreg_bits.h"
#include "gic/gic.h"
#include "machine.h"
#include "semihost.h"
#include "versal/versal.h"

/* The guest's physical layout: 64 MiB of DDR, code, vectors, tables and data in its first MiBs. */
#define RAM_SIZE     (64ull << 20)
#define CODE0        0x80000ull   /* core 0's words */
#define CODE1        0x90000ull   /* core 1's words */
#define VECTORS      0xA0000ull   /* VBAR_EL1; +0x1000 VBAR_EL2; +0x2000 VBAR_EL3 */
#define TABLES       0x100000ull  /* stage-1 level-1 tables of EL1, EL2, EL3, then the stage-2 table */
#define DATA         0x200000ull
#define CODE_WORDS   0x4000u      /* at most 64 KiB of words per core */

/* The last words of every vector entry: step ELR_ELn past the instruction and return. */
static const uint32_t vector_tail[3][4] = {
    { 0xd5384031, 0x91001231, 0xd5184031, 0xd69f03e0 }, /* mrs x17, elr_el1; add x17, x17, #4; msr elr_el1, x17; eret */
    { 0xd53c4031, 0x91001231, 0xd51c4031, 0xd69f03e0 }, /* the same with ELR_EL2 */
    { 0xd53e4031, 0x91001231, 0xd51e4031, 0xd69f03e0 }, /* and ELR_EL3 */
};

/* Register values worth trying: the ends of RAM and OCM, MMIO, the code, vectors and tables
 * themselves (stores there modify code and page tables), and the edges of the address sizes. */
static const uint64_t interesting[] = {
    0, 1, CODE0, CODE1, CODE0 + 0x100, VECTORS, TABLES + 0x800, TABLES + 0x3800, DATA, DATA + 0x40,
    RAM_SIZE - 8, RAM_SIZE - 1, RAM_SIZE, RAM_SIZE + 0x1000, VERSAL_GICD_BASE, VERSAL_GICR_BASE,
    VERSAL_GICR_BASE + 0x10000, VERSAL_UART0_BASE, VERSAL_UART1_BASE, VERSAL_OCM_BASE,
    VERSAL_OCM_BASE + VERSAL_OCM_SIZE - 8, VERSAL_OCM_BASE + VERSAL_OCM_SIZE, VERSAL_DDR_HIGH_BASE,
    1ull << 44, (1ull << 44) - 8, 1ull << 48, (1ull << 48) - 8, 0xffff000000000000ull, 0x0000ffffffffffffull,
    1ull << 63, ~0ull, ~0ull - 7, 0x7fffffffffffffffull, 0xffffffff, 0x100000000ull, 0xdeadbeefcafef00dull,
};
#define NINTERESTING (sizeof(interesting) / sizeof(interesting[0]))

/* Trap and routing bits an input may set. */
static const uint64_t hcr_bits[16] = {
    HCR_EL2_VM, HCR_EL2_PTW, HCR_EL2_FMO | HCR_EL2_IMO | HCR_EL2_AMO, HCR_EL2_VI | HCR_EL2_VF | HCR_EL2_VSE,
    HCR_EL2_DC, HCR_EL2_TWI | HCR_EL2_TWE, HCR_EL2_TID0 | HCR_EL2_TID1 | HCR_EL2_TID2 | HCR_EL2_TID3,
    HCR_EL2_TSC, HCR_EL2_TIDCP | HCR_EL2_TACR, HCR_EL2_TSW | HCR_EL2_TPC | HCR_EL2_TPU, HCR_EL2_TTLB,
    HCR_EL2_TVM | HCR_EL2_TRVM, HCR_EL2_TGE, HCR_EL2_TDZ, HCR_EL2_HCD | HCR_EL2_CD | HCR_EL2_ID, HCR_EL2_FB,
};
static const uint64_t scr_bits[8] = {
    SCR_EL3_NS, SCR_EL3_IRQ | SCR_EL3_FIQ, SCR_EL3_EA, SCR_EL3_SMD, SCR_EL3_HCE, SCR_EL3_SIF, SCR_EL3_ST,
    SCR_EL3_TWI | SCR_EL3_TWE,
};
static const uint64_t sctlr_bits[8] = {
    SCTLR_A, SCTLR_SA, SCTLR_SA0, SCTLR_C | BIT64(12) /* I */, BIT64(19) /* WXN */, BIT64(25) /* EE */,
    BIT64(24) /* E0E */, SCTLR_UMA | BIT64(14) /* DZE */ | BIT64(26) /* UCI */,
};

struct reader {
    const uint8_t *p;
    size_t left;
};

static unsigned next_byte(struct reader *r)
{
    if (!r->left)
        return 0;
    r->left--;
    return *r->p++;
}

static uint64_t pick_bits(unsigned selector, const uint64_t *bits, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < n; k++)
        if (selector & (1u << k))
            v |= bits[k];
    return v;
}

static void put32(struct machine *m, uint64_t pa, uint32_t v)
{
    uint8_t *p = bus_ram_ptr(&m->bus, pa, 4);
    memcpy(p, &v, 4);
}

static void put64(struct machine *m, uint64_t pa, uint64_t v, bool big_endian)
{
    uint8_t *p = bus_ram_ptr(&m->bus, pa, 8);
    if (big_endian)
        v = __builtin_bswap64(v);
    memcpy(p, &v, 8);
}

/* Identity maps of the first 4 GiB and of DDR high (1 GiB blocks at level 1, 39-bit addresses):
 * normal memory below 3 GiB, Device-nGnRnE above (the MMIO). Big-endian when SCTLR_ELx.EE is
 * set, as the walks then read them. */
static void build_tables(struct machine *m, unsigned ap, bool big_endian)
{
    static const uint64_t gib[] = { 0, 1, 2, 3, VERSAL_DDR_HIGH_BASE >> 30 };
    for (unsigned t = 0; t < 4; t++)
        for (unsigned k = 0; k < sizeof(gib) / sizeof(gib[0]); k++) {
            uint64_t pa = gib[k] << 30, d;
            bool device = gib[k] == 3;
            if (t < 3) /* stage 1: AF, inner shareable, AP, AttrIndx (0 normal, 1 device), block */
                d = pa | BIT64(10) | 3u << 8 | (uint64_t)(ap & 3) << 6 | (device ? 1u << 2 : 0) | 1;
            else /* stage 2: AF, inner shareable, S2AP RW, MemAttr (normal WB or Device-nGnRnE), block */
                d = pa | BIT64(10) | 3u << 8 | 3u << 6 | (device ? 0x1u << 2 : 0xfu << 2) | 1;
            put64(m, TABLES + t * 0x1000 + gib[k] * 8, d, big_endian);
        }
}

static void setup_cpu(struct cpu *c, unsigned el, unsigned flags, uint64_t sctlr_extra, uint64_t hcr,
                      uint64_t scr, unsigned cptr_sel, const uint64_t *regs, uint64_t pc)
{
    bool mmu = flags & 8;
    uint64_t sctlr = sctlr_extra | (mmu ? SCTLR_M : 0);
    uint64_t tcr_el1 = 25 | 1u << 8 | 1u << 10 | 3u << 12 | BIT64(23) /* EPD1 */ | 2ull << 32 /* IPS 40 bits */;
    uint64_t tcr_el23 = 25 | 1u << 8 | 1u << 10 | 3u << 12 | 2u << 16 /* PS 40 bits */ | BIT64(31) | BIT64(23);
    c->sr.sctlr_el1 = sctlr;
    c->sr.sctlr_el2 = sctlr;
    c->sr.sctlr_el3 = sctlr;
    c->sr.tcr_el1 = tcr_el1;
    c->sr.tcr_el2 = tcr_el23;
    c->sr.tcr_el3 = tcr_el23;
    c->sr.mair_el1 = c->sr.mair_el2 = c->sr.mair_el3 = 0x00ff; /* Attr0 normal write-back, Attr1 Device-nGnRnE */
    c->sr.ttbr0_el1 = TABLES | (uint64_t)(c->index + 1) << 48; /* ASID */
    c->sr.ttbr0_el2 = TABLES + 0x1000;
    c->sr.ttbr0_el3 = TABLES + 0x2000;
    /* stage 2: T0SZ 25, start at level 1, inner/outer write-back, inner shareable, 40-bit PA */
    c->sr.vtcr_el2 = 25 | 1u << 6 | 1u << 8 | 1u << 10 | 3u << 12 | 2u << 16 | BIT64(31);
    c->sr.vttbr_el2 = (TABLES + 0x3000) | 1ull << 48; /* VMID 1 */
    c->sr.vbar_el1 = VECTORS;
    c->sr.vbar_el2 = VECTORS + 0x1000;
    c->sr.vbar_el3 = VECTORS + 0x2000;
    c->sr.hcr_el2 = hcr | HCR_EL2_RW | ((flags & 16) ? HCR_EL2_VM : 0);
    c->sr.scr_el3 = scr | SCR_EL3_RW | 0x30 | (el == 2 ? SCR_EL3_NS : 0); /* EL2 exists in Non-secure state only */
    c->sr.cptr_el2 = (cptr_sel & 1 ? BIT64(10) /* TFP */ : 0) | 0x33ff /* RES1 */;
    c->sr.cptr_el3 = cptr_sel & 2 ? BIT64(10) /* TFP */ : 0;
    c->sr.cpacr_el1 = cptr_sel & 4 ? 0 : 3u << 20; /* FPEN: trap FP/SIMD at EL0/EL1 or not */
    c->sr.mdcr_el2 = cptr_sel & 8 ? 0xf00 /* TDE TDA TDOSA TDRA */ : 0;
    c->sr.mdcr_el3 = cptr_sel & 16 ? 0x30000 /* EPMAD EDAD */ : 0;
    c->sr.cntfrq_el0 = VERSAL_CNTFRQ;
    for (unsigned n = 0; n < 31; n++)
        c->x[n] = regs[n];
    for (unsigned n = 0; n < 4; n++)
        c->sp_el[n] = regs[(n * 7) % 31];
    c->pstate.el = el;
    c->pstate.sp = (flags >> 2) & 1;
    c->pc = pc;
    cpu_update_derived(c);
    cpu_flush_fast_tlb(c);
}

/* The time limit, in host CPU time (ITIMER_VIRTUAL: a loaded host does not make a run look hung).
 * Every tick checks that some instruction retired since the last one: a core retires a quantum
 * (QUANTUM instructions, even ones that each raise an exception) in a small part of a tick under
 * the sanitizers and the fuzzer's instrumentation, so none means no progress. */
#define TICK_MS 20
#define QUANTUM 100
static struct machine *volatile running;
static volatile sig_atomic_t ticks_left, stopped, no_progress;
static uint64_t last_insns;

static void on_tick(int sig)
{
    (void)sig;
    struct machine *m = running;
    if (!m || stopped)
        return;
    /* Progress: instructions retired or exceptions taken (a loop of fetch aborts retires none, and
     * still moves toward its budget). */
    uint64_t insns = 0;
    for (unsigned n = 0; n < m->ncpus; n++)
        insns += m->cpus[n]->icount + m->cpus[n]->exceptions_taken;
    if (insns == last_insns)
        no_progress = 1;
    last_insns = insns;
    if (no_progress || --ticks_left <= 0) {
        stopped = 1;
        m->stop = true; /* the run loop looks at it between blocks */
    }
}

/* The exceptions of class ec the machine's cores took. */
static uint64_t exceptions_of_class(const struct machine *m, unsigned ec)
{
    uint64_t n = 0;
    for (unsigned cpu = 0; cpu < m->ncpus; cpu++)
        for (unsigned el = 0; el < 4; el++)
            n += m->stats[cpu].exceptions[ec][el];
    return n;
}

/* The simulator's own invariants after a run on arbitrary input. */
static bool check_invariants(const struct machine *m)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *c = m->cpus[n];
        if (c->pstate.el > 3 || c->sp_index > 3 || c->x[31] != 0 || c->mmu_idx != (enum mmu_idx)c->pstate.el ||
            (c->sp_index != 0 && c->sp_index != c->pstate.el)) {
            fprintf(stderr, "fuzz: cpu%u in an impossible state: EL%u sp_index %u mmu_idx %u xzr %#llx\n", n,
                    c->pstate.el, c->sp_index, (unsigned)c->mmu_idx, (unsigned long long)c->x[31]);
            return false;
        }
    }
    if (m->reason == STOP_HOST_ERROR) {
        fprintf(stderr, "fuzz: the simulator stopped with a host error on guest input\n");
        return false;
    }
    return true;
}

enum harness_outcome harness_run(const uint8_t *data, size_t size, uint64_t max_insns, unsigned cpu_ms,
                                 struct harness_stats *stats)
{
    static FILE *null_out;
    if (!null_out)
        null_out = fopen("/dev/null", "w");
    struct reader r = { data, size };
    unsigned flags = next_byte(&r);
    uint64_t sctlr_extra = pick_bits(next_byte(&r), sctlr_bits, 8);
    uint64_t hcr = pick_bits(next_byte(&r) | next_byte(&r) << 8, hcr_bits, 16);
    uint64_t scr = pick_bits(next_byte(&r), scr_bits, 8);
    unsigned cptr_sel = next_byte(&r);
    unsigned corrupt = next_byte(&r), corrupt_value = next_byte(&r);
    uint64_t regs[31];
    for (unsigned n = 0; n < 31; n++) {
        unsigned sel = next_byte(&r);
        regs[n] = interesting[sel % NINTERESTING] + (sel >= 0xf0 ? (sel & 0xf) : 0);
    }
    size_t nwords = r.left / 4;
    if (nwords > 2 * CODE_WORDS)
        nwords = 2 * CODE_WORDS;

    struct versal_config cfg = { .ncpus = 2, .ddr_size = RAM_SIZE, .uart0_out = null_out, .uart1_out = null_out };
    struct machine *m = versal_create(&cfg);
    if (!m)
        return HARNESS_NO_MEMORY;
    m->out = null_out;
    m->log = null_out; /* the firmware's stops, thousands of them in a campaign */
    /* Below EL3, half the runs have the board's firmware at EL3 (PSCI answered; an exception to EL3
     * stops the run), half run the vectors at EL3 as guest code (the routing to EL3 exercised). */
    bool firmware_el3 = (flags & 3) != 3 && !(cptr_sel & 0x20);
    /* AP: mostly EL1 read/write or read-only; now and then EL0-writable (so never EL1-executable) */
    unsigned ap = (corrupt_value & 0xc0) == 0xc0 ? 1 | (flags >> 6 & 2) : (flags >> 6 & 2);
    if ((cptr_sel & 0xc0) != 0xc0)
        sctlr_extra &= ~BIT64(19); /* WXN (every writable page execute-never): one run in four */
    bool big_endian = sctlr_extra & BIT64(25);
    build_tables(m, ap, big_endian);
    if (corrupt & 0x80) /* overwrite one descriptor of one table with an interesting value */
        put64(m, TABLES + ((corrupt >> 4) & 3) * 0x1000 + (corrupt & 0xf) * 8,
              interesting[corrupt_value % NINTERESTING] | (corrupt_value & 3), big_endian);
    /* core 0 runs the first half of the words, core 1 the second; the vector entries start with
     * some of the words too */
    size_t half = (nwords + 1) / 2;
    for (size_t k = 0; k < nwords; k++) {
        uint32_t w;
        memcpy(&w, r.p + 4 * k, 4);
        put32(m, (k < half ? CODE0 + 4 * k : CODE1 + 4 * (k - half)), w);
    }
    for (unsigned el = 0; el < 3; el++)
        for (unsigned entry = 0; entry < 16; entry++) {
            uint64_t base = VECTORS + el * 0x1000 + entry * 0x80;
            unsigned lead = nwords ? (entry + el) % 4 : 0;
            for (unsigned k = 0; k < lead; k++) {
                uint32_t w;
                memcpy(&w, r.p + 4 * ((entry * 3 + k + el) % nwords), 4);
                put32(m, base + 4 * k, w);
            }
            for (unsigned k = 0; k < 4; k++)
                put32(m, base + 4 * (lead + k), vector_tail[el][k]);
        }
    unsigned el = flags & 3;
    for (unsigned n = 0; n < m->ncpus; n++) {
        struct cpu *c = m->cpus[n];
        setup_cpu(c, el, flags, sctlr_extra, hcr, scr, cptr_sel, regs, n ? CODE1 : CODE0);
        c->config.firmware_el3 = firmware_el3;
        c->powered_off = n == 1 && !(flags & 0x20);
    }
    if (firmware_el3 && el < 3)
        gic_firmware_setup(m->gic);
    m->quantum = corrupt_value & 0x20 ? 1 + (corrupt_value & 0x1f) * 7 /* the cores interleave finely */
                                      : QUANTUM;

    struct itimerval tv = { .it_interval = { 0, TICK_MS * 1000 }, .it_value = { 0, TICK_MS * 1000 } };
    struct sigaction sa = { .sa_handler = on_tick }, old;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGVTALRM, &sa, &old);
    ticks_left = (sig_atomic_t)((cpu_ms + TICK_MS - 1) / TICK_MS);
    stopped = no_progress = 0;
    last_insns = 0;
    running = m;
    setitimer(ITIMER_VIRTUAL, &tv, NULL);
    machine_run(m, max_insns);
    setitimer(ITIMER_VIRTUAL, &(struct itimerval){ 0 }, NULL);
    running = NULL;
    sigaction(SIGVTALRM, &old, NULL);

    enum harness_outcome outcome = stopped ? HARNESS_HUNG : HARNESS_OK;
    if (!check_invariants(m))
        outcome = HARNESS_BROKEN;
    if (stats) {
        stats->runs++;
        stats->insns += machine_total_insns(m);
        for (unsigned ec = 0; ec < 64; ec++)
            stats->exceptions += exceptions_of_class(m, ec);
        stats->hangs += outcome == HARNESS_HUNG;
        stats->guest_exits += m->reason == STOP_GUEST_EXIT;
    }
    semihosting_close_all(m);
    machine_destroy(m);
    return outcome;
}
