/* The PMU (Arm ARM D13, PMUv3): event counters against known instruction and exception counts, the
 * EL filters of PMEVTYPER<n>_EL0, MDCR_EL2.TPM/TPMCR traps, PMUSERENR_EL0, MDCR_EL2.HPMN
 * partitioning (HPME, the EL1 view of PMCR_EL0.N, UNDEFINED counters, RAZ/WI bits), PMSWINC, and
 * the overflow flags and interrupt (PPI 23) for the cycle counter and event counters.
 *
 * The counts compared are differences between runs of the same code with n and 2n loop iterations:
 * the set-up around the loop cancels, so they hold on QEMU (run with -icount, which its
 * INST_RETIRED needs) as on a72sim. a72sim also checks the absolute count of one loop: a write to
 * PMCNTENSET_EL0/PMCNTENCLR_EL0 takes effect after the MSR that makes it (the enabling MSR is not
 * counted, the disabling one is). */
#include "smp.h"

#define INTID_PMU 23
#define EV_SW_INCR 0x00
#define EV_INST_RETIRED 0x08
#define EV_EXC_TAKEN 0x09
#define EV_EXC_RETURN 0x0a
#define EV_CPU_CYCLES 0x11
#define EV_EXC_HVC 0x8a
/* PMEVTYPER filters in Non-secure state: EL1 only (U excludes EL0, NSH = 0 excludes EL2); EL2 only
 * (P != NSK excludes EL1); every Non-secure EL. */
#define FILT_P (1ull << 31)
#define FILT_U (1ull << 30)
#define FILT_NSH (1ull << 27)
#define ONLY_EL1 FILT_U
#define ONLY_EL2 (FILT_P | FILT_U | FILT_NSH)
#define ALL_NS FILT_NSH
#define PMCR_E 1u
#define PMCR_P 2u
#define PMCR_C 4u
#define PMCR_LC (1u << 6)
#define MDCR_HPME (1u << 7)
#define MDCR_TPM (1u << 6)
#define MDCR_TPMCR (1u << 5)
#define CYCLE_BIT (1ull << 31)

static void pmu_reset(void)
{
    write_sysreg(mdcr_el2, 6);
    write_sysreg(pmcntenclr_el0, ~0ull);
    write_sysreg(pmintenclr_el1, ~0ull);
    write_sysreg(pmovsclr_el0, ~0ull);
    write_sysreg(pmcr_el0, PMCR_P | PMCR_C);
    write_sysreg(pmccfiltr_el0, FILT_NSH); /* the cycle counter counts at EL2 too */
    isb();
}

static void set_type(unsigned n, uint64_t type)
{
    write_sysreg(pmselr_el0, n);
    isb();
    write_sysreg(pmxevtyper_el0, type);
    isb();
}
static uint64_t read_counter(unsigned n)
{
    write_sysreg(pmselr_el0, n);
    isb();
    return read_sysreg(pmxevcntr_el0);
}
static void write_counter(unsigned n, uint64_t v)
{
    write_sysreg(pmselr_el0, n);
    isb();
    write_sysreg(pmxevcntr_el0, v);
    isb();
}

/* n iterations of a two-instruction loop. */
static __attribute__((noinline)) uint64_t spin(uint64_t n)
{
    __asm__ volatile("1: subs %0, %0, #1\n\tb.ne 1b" : "+r"(n) : : "cc");
    return n;
}

/* Counter 0 counts INST_RETIRED at EL2 over n loop iterations, enabled and disabled around them. */
static uint64_t count_loop_at_el2(uint64_t n)
{
    write_counter(0, 0);
    uint64_t en = 1;
    __asm__ volatile("msr pmcntenset_el0, %[en]\n\t"
                     "1: subs %[n], %[n], #1\n\t"
                     "b.ne 1b\n\t"
                     "msr pmcntenclr_el0, %[en]"
                     : [n] "+r"(n) : [en] "r"(en) : "cc", "memory");
    isb();
    return read_counter(0);
}

static void test_identity(void)
{
    uint64_t pmcr = read_sysreg(pmcr_el0);
    CHECK_EQ((pmcr >> 11) & 0x1f, 6);             /* N: six event counters */
    uint64_t ceid0 = read_sysreg(pmceid0_el0);
    CHECK(ceid0 & (1u << EV_SW_INCR));
    CHECK(ceid0 & (1u << EV_CPU_CYCLES));
    CHECK(ceid0 & (1u << EV_INST_RETIRED));
    if (!test_on_qemu) {
        CHECK_EQ((pmcr >> 24) & 0xff, 0x41);      /* IMP: Arm */
        CHECK_EQ(ceid0, 0x00df073f);              /* exactly the events the model counts */
        CHECK_EQ(read_sysreg(pmceid1_el0), 0x2);  /* 0x21 BR_RETIRED */
    }
}

/* INST_RETIRED over a known loop: exact on a72sim, 2n more for n more iterations everywhere. */
static void test_inst_retired(void)
{
    pmu_reset();
    set_type(0, ALL_NS | EV_INST_RETIRED);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    uint64_t a = count_loop_at_el2(1000), b = count_loop_at_el2(2000);
    CHECK_EQ(b - a, 2000);
    if (!test_on_qemu)
        CHECK_EQ(a, 2 * 1000 + 1);
}

/* The EL filters: counter 0 counts EL1 only, counter 1 EL2 only, counter 2 every NS EL, counter 3
 * the cycles at EL1; a loop run at EL1 adds to 0 and 2 only. */
static uint64_t el_counts[2][4];
static void run_el1_loop(unsigned k, uint64_t n)
{
    for (unsigned c = 0; c < 4; c++)
        write_counter(c, 0);
    write_sysreg(pmcntenset_el0, 0xf);
    isb();
    run_at(1, spin, n);
    write_sysreg(pmcntenclr_el0, 0xf);
    isb();
    for (unsigned c = 0; c < 4; c++)
        el_counts[k][c] = read_counter(c);
}
static void test_el_filters(void)
{
    pmu_reset();
    set_type(0, ONLY_EL1 | EV_INST_RETIRED);
    set_type(1, ONLY_EL2 | EV_INST_RETIRED);
    set_type(2, ALL_NS | EV_INST_RETIRED);
    set_type(3, ONLY_EL1 | EV_CPU_CYCLES);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    run_el1_loop(0, 500);  /* a first run warms the caches and the branch predictor (timing model) */
    run_el1_loop(0, 500);
    run_el1_loop(1, 1000);
    CHECK_EQ(el_counts[1][0] - el_counts[0][0], 1000);    /* EL1: the 500 more iterations */
    CHECK_EQ(el_counts[1][1], el_counts[0][1]);           /* EL2: the same path both times */
    CHECK(el_counts[0][1] > 0);
    CHECK_EQ(el_counts[1][2] - el_counts[0][2], 1000);    /* all: EL1's difference */
    CHECK_EQ(el_counts[0][2], el_counts[0][0] + el_counts[0][1]);
    CHECK(el_counts[1][3] > el_counts[0][3]);             /* cycles at EL1 grow with the loop */
    if (!test_on_qemu)
        CHECK(el_counts[1][3] - el_counts[0][3] >= 1000 / 3); /* 1000 more instructions, at most 3 a cycle */
}

/* EXC_TAKEN and EXC_RETURN count each HVC and its ERET. */
static uint64_t hvcs(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        __asm__ volatile("hvc #1" ::: "memory");
    return n;
}
static void test_exception_events(void)
{
    if (!(read_sysreg(pmceid0_el0) & (1u << EV_EXC_TAKEN)))
        return; /* QEMU 7.2 counts neither EXC_TAKEN nor EXC_RETURN */
    pmu_reset();
    set_type(0, ALL_NS | EV_EXC_TAKEN);
    set_type(1, ALL_NS | EV_EXC_RETURN);
    set_type(2, ONLY_EL1 | EV_EXC_TAKEN); /* taken from EL1: counted at EL1 */
    set_type(3, ALL_NS | EV_EXC_HVC);
    write_sysreg(pmcr_el0, PMCR_E);
    uint64_t counts[2][4];
    for (unsigned k = 0; k < 2; k++) {
        write_sysreg(pmcr_el0, PMCR_E | PMCR_P);
        write_sysreg(pmcntenset_el0, 0xf);
        isb();
        exc_reset();
        run_at(1, hvcs, k ? 5 : 2);
        write_sysreg(pmcntenclr_el0, 0xf);
        isb();
        CHECK_EQ(exc.count, k ? 5 : 2);
        for (unsigned c = 0; c < 4; c++)
            counts[k][c] = read_counter(c);
    }
    CHECK_EQ(counts[1][0] - counts[0][0], 3);
    CHECK_EQ(counts[1][1] - counts[0][1], 3);
    if (!test_on_qemu) {
        /* QEMU 7.2 has no A72-specific events and counts EXC_TAKEN at the target EL */
        CHECK_EQ(counts[1][2] - counts[0][2], 3);
        CHECK_EQ(counts[1][3] - counts[0][3], 3);
        CHECK_EQ(counts[0][3], 2 + 1);             /* with run_at's own HVC #0xFFFF back */
    }
}

/* MDCR_EL2.TPM traps every PMU register from EL1, TPMCR only PMCR_EL0. */
static uint64_t el1_read_pmcr(uint64_t arg) { (void)arg; return read_sysreg(pmcr_el0); }
static uint64_t el1_read_pmccntr(uint64_t arg) { (void)arg; return read_sysreg(pmccntr_el0); }
static void expect_trap_to_el2(uint64_t (*fn)(uint64_t), bool trapped)
{
    exc_reset();
    run_at(1, fn, 0);
    CHECK_EQ(exc.count, trapped ? 1 : 0);
    if (trapped) {
        CHECK_EQ(exc.el, 2);
        CHECK_EQ(ESR_EC(exc.esr), 0x18);
    }
}
static void test_traps(void)
{
    pmu_reset();
    write_sysreg(mdcr_el2, 6 | MDCR_TPM);
    isb();
    expect_trap_to_el2(el1_read_pmcr, true);
    expect_trap_to_el2(el1_read_pmccntr, true);
    write_sysreg(mdcr_el2, 6 | MDCR_TPMCR);
    isb();
    if (!test_on_qemu) /* QEMU 7.2 does not implement MDCR_EL2.TPMCR */
        expect_trap_to_el2(el1_read_pmcr, true);
    expect_trap_to_el2(el1_read_pmccntr, false);
    write_sysreg(mdcr_el2, 6);
    isb();
    expect_trap_to_el2(el1_read_pmcr, false);
}

/* PMUSERENR_EL0 opens the PMU to EL0: without it every access traps (to EL2 here: HCR_EL2.TGE);
 * CR opens the cycle counter's reads only. */
static uint64_t el0_read_pmccntr(uint64_t arg) { (void)arg; return read_sysreg(pmccntr_el0); }
static uint64_t el0_read_pmcr(uint64_t arg) { (void)arg; return read_sysreg(pmcr_el0); }
static void test_pmuserenr(void)
{
    pmu_reset();
    write_sysreg(hcr_el2, HCR_RW | HCR_TGE);
    write_sysreg(pmuserenr_el0, 0);
    isb();
    exc_reset();
    run_at(0, el0_read_pmccntr, 0);
    CHECK_EQ(exc.count, 1);
    CHECK_EQ(exc.el, 2);
    CHECK_EQ(ESR_EC(exc.esr), 0x18);
    write_sysreg(pmuserenr_el0, 1u << 2); /* CR */
    isb();
    exc_reset();
    run_at(0, el0_read_pmccntr, 0);
    CHECK_EQ(exc.count, 0);
    exc_reset();
    run_at(0, el0_read_pmcr, 0);
    CHECK_EQ(exc.count, 1);
    CHECK_EQ(ESR_EC(exc.esr), 0x18);
    write_sysreg(pmuserenr_el0, 1u << 0); /* EN: everything */
    isb();
    exc_reset();
    run_at(0, el0_read_pmcr, 0);
    CHECK_EQ(exc.count, 0);
    write_sysreg(pmuserenr_el0, 0);
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    isb();
}

/* HPMN = 4: counters 4 and 5 are EL2's. EL1 sees N = 4, cannot reach counter 5 and cannot set
 * their enable bits; HPME, not PMCR_EL0.E, enables them. */
static uint64_t el1_hpmn_view(uint64_t arg)
{
    (void)arg;
    uint64_t n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;
    write_sysreg(pmcntenset_el0, 0x3f);
    uint64_t en = read_sysreg(pmcntenset_el0);
    return n | en << 8;
}
static uint64_t el1_read_counter5(uint64_t arg)
{
    (void)arg;
    return read_sysreg(pmevcntr5_el0);
}
static void test_hpmn(void)
{
    if (test_on_qemu)
        return; /* QEMU 7.2 does not partition the counters with HPMN */
    pmu_reset();
    write_sysreg(mdcr_el2, 4);
    write_sysreg(pmcntenset_el0, 0x30);
    isb();
    exc_reset();
    uint64_t view = run_at(1, el1_hpmn_view, 0);
    CHECK_EQ(exc.count, 0);
    CHECK_EQ(view & 0xff, 4);
    CHECK_EQ(view >> 8, 0xf);                       /* bits 4 and 5 are RAZ/WI at EL1 */
    CHECK_EQ(read_sysreg(pmcntenset_el0), 0x3f);    /* EL2 sees them all */
    CHECK_EQ((read_sysreg(pmcr_el0) >> 11) & 0x1f, 6);
    exc_reset();
    run_at(1, el1_read_counter5, 0);
    CHECK_EQ(exc.count, 1);                         /* UNDEFINED at EL1 */
    CHECK_EQ(exc.el, 1);
    CHECK_EQ(ESR_EC(exc.esr), 0);

    /* Counting: counter 1 (EL1's) needs PMCR_EL0.E, counter 5 (EL2's) MDCR_EL2.HPME. */
    write_sysreg(pmcntenclr_el0, ~0ull);
    set_type(1, ALL_NS | EV_INST_RETIRED);
    set_type(5, ALL_NS | EV_INST_RETIRED);
    write_counter(1, 0);
    write_counter(5, 0);
    write_sysreg(pmcr_el0, 0);
    write_sysreg(mdcr_el2, 4 | MDCR_HPME);
    write_sysreg(pmcntenset_el0, 0x22);
    isb();
    spin(100);
    write_sysreg(pmcntenclr_el0, 0x22);
    isb();
    CHECK_EQ(read_counter(1), 0);
    CHECK(read_counter(5) >= 200);
    write_sysreg(mdcr_el2, 6);
    isb();
}

/* PMSWINC_EL0 steps a counter of event 0x00. */
static void test_swinc(void)
{
    pmu_reset();
    set_type(2, ALL_NS | EV_SW_INCR);
    write_sysreg(pmcr_el0, PMCR_E);
    write_sysreg(pmcntenset_el0, 0x4);
    isb();
    for (int i = 0; i < 7; i++)
        write_sysreg(pmswinc_el0, 0x4 | 0x1); /* counter 0 is not enabled: no effect */
    isb();
    CHECK_EQ(read_counter(2), 7);
    CHECK_EQ(read_counter(0), 0);
}

/* Overflow: the flag in PMOVSSET_EL0, and with PMINTENSET_EL1 the interrupt on PPI 23. */
static volatile uint64_t pmu_hits, pmu_hit_intid, pmu_hit_ovs;
static void pmu_irq_hook(unsigned el, unsigned offset)
{
    (void)el;
    (void)offset;
    uint32_t intid = (uint32_t)read_iar1() & 0xffffff;
    pmu_hit_intid = intid;
    pmu_hit_ovs = read_sysreg(pmovsset_el0);
    write_sysreg(pmovsclr_el0, pmu_hit_ovs); /* the request falls with the flags */
    isb();
    if (intid != INTID_SPURIOUS)
        write_eoir1(intid);
    isb();
    pmu_hits++;
}

/* Wait for counter n's interrupt. QEMU 7.2 does not wire the PMU's interrupt on xlnx-versal-virt:
 * there the overflow flag stands for it (and is cleared as the handler does); QEMU sets it when the
 * counter is read. */
static void wait_hit(unsigned n)
{
    irq_enable();
    for (int i = 0; i < 2000000 && !pmu_hits; i++) {
        __asm__ volatile("nop");
        if (test_on_qemu && (read_counter(n), read_sysreg(pmovsset_el0) & (1u << n)))
            break;
    }
    irq_disable();
    if (test_on_qemu) {
        pmu_hit_intid = INTID_PMU;
        pmu_hit_ovs = read_sysreg(pmovsset_el0);
        write_sysreg(pmovsclr_el0, pmu_hit_ovs);
        pmu_hits = pmu_hit_ovs != 0;
    }
}

static void test_overflow(void)
{
    pmu_reset();
    /* Cycle counter, 32-bit overflow (PMCR_EL0.LC = 0): the flag only. */
    write_sysreg(pmccntr_el0, 0xffffffffull - 3000);
    write_sysreg(pmcr_el0, PMCR_E);
    write_sysreg(pmcntenset_el0, CYCLE_BIT);
    isb();
    for (int i = 0; i < 2000000 && !(read_sysreg(pmovsset_el0) & CYCLE_BIT); i++)
        ;
    CHECK_EQ(read_sysreg(pmovsset_el0), CYCLE_BIT);
    CHECK(read_sysreg(pmccntr_el0) >> 32 == 1); /* it counts on in 64 bits */
    CHECK(!gic_ppi_pending(0, INTID_PMU));      /* no interrupt enabled */
    write_sysreg(pmcntenclr_el0, CYCLE_BIT);
    write_sysreg(pmovsclr_el0, CYCLE_BIT);

    /* CPU_CYCLES in counter 3 with its interrupt enabled. */
    gic_enable_ppi(INTID_PMU, 0x80);
    irq_hook[0] = pmu_irq_hook;
    pmu_hits = 0;
    set_type(3, ALL_NS | EV_CPU_CYCLES);
    write_counter(3, 0xffffffffull - 5000);
    write_sysreg(pmintenset_el1, 1u << 3);
    write_sysreg(pmcntenset_el0, 1u << 3);
    isb();
    wait_hit(3);
    CHECK_EQ(pmu_hits, 1);
    CHECK_EQ(pmu_hit_intid, INTID_PMU);
    CHECK_EQ(pmu_hit_ovs, 1u << 3);
    CHECK_EQ(read_sysreg(pmovsset_el0), 0);
    CHECK(!gic_ppi_pending(0, INTID_PMU));
    CHECK(read_counter(3) < 0x80000000u);       /* it wrapped */

    /* INST_RETIRED in counter 0: on a72sim the interrupt comes within a few instructions. */
    write_sysreg(pmcntenclr_el0, ~0ull);
    write_sysreg(pmintenclr_el1, ~0ull);
    pmu_hits = 0;
    set_type(0, ALL_NS | EV_INST_RETIRED);
    write_counter(0, 0xffffffffull - 20000);
    write_sysreg(pmintenset_el1, 1);
    write_sysreg(pmcntenset_el0, 1);
    isb();
    wait_hit(0);
    uint64_t after = read_counter(0);
    CHECK_EQ(pmu_hits, 1);
    CHECK_EQ(pmu_hit_ovs, 1);
    if (!test_on_qemu)
        CHECK(after < 200);
    write_sysreg(pmcntenclr_el0, ~0ull);
    write_sysreg(pmintenclr_el1, ~0ull);
    irq_hook[0] = 0;
    gic_disable_ppi(INTID_PMU);
}

void test_main(void)
{
    irq_vectors_install();
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
    isb();
    gic_init_dist();
    gic_init_cpu();
    test_identity();
    test_inst_retired();
    test_el_filters();
    test_exception_events();
    test_traps();
    test_pmuserenr();
    test_hpmn();
    test_swinc();
    test_overflow();
    pmu_reset();
    CHECK_EQ(irq_unexpected, 0);
}
