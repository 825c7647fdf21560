/* Branches, hints, barriers and MSR (immediate) on a real core (sim/cpu/a64_branch_sys.c).
 *
 * Expected values come from the Arm ARM's encodings and pseudocode, and for branch targets from
 * Capstone's disassembly of the same words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/run.h"
#include "cpu/sysreg_bits.h"
#include "cpu/timing.h"
#include "harness.h"
#include "machine.h"

#define RAM_SIZE 0x200000ull
#define CODE 0x1000ull
#define VBAR_EL1 0x10000ull
#define VBAR_EL2 0x20000ull
#define VBAR_EL3 0x30000ull

static struct machine *m;
static struct cpu *c;

/* Put the core at el (SP_ELx selected) in Non-secure state with HVC enabled, PC at CODE. */
static void enter(unsigned el)
{
    harness_enter(c, el, el != EL0);
    c->pc = CODE;
}

static int setup_cores(unsigned ncpus)
{
    m = harness_machine(ncpus, RAM_SIZE);
    c = m->cpus[0];
    c->sr.vbar_el1 = VBAR_EL1;
    c->sr.vbar_el2 = VBAR_EL2;
    c->sr.vbar_el3 = VBAR_EL3;
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW | SCR_EL3_HCE;
    c->sr.hcr_el2 = HCR_EL2_RW;
    /* Every vector entry holds B . so that a run that raises an exception stops there. */
    for (uint64_t v = 0; v < 0x800; v += 0x80)
        for (unsigned el = EL1; el <= EL3; el++)
            if (!bus_write(&m->bus, (el == EL1 ? VBAR_EL1 : el == EL2 ? VBAR_EL2 : VBAR_EL3) + v, 4, 0x14000000))
                return -1;
    enter(EL1);
    return 0;
}
static int setup(void **state) { (void)state; return setup_cores(1); }
static int setup2(void **state) { (void)state; return setup_cores(2); }
static int teardown(void **state)
{
    (void)state;
    machine_destroy(m);
    return 0;
}

/* The instruction at pc raised a synchronous exception to el with this ESR. */
static void assert_sync_exception(unsigned el, uint64_t esr, uint64_t elr)
{
    static const uint64_t vbar[4] = { 0, VBAR_EL1, VBAR_EL2, VBAR_EL3 };
    assert_int_equal(c->pstate.el, el);
    assert_int_equal(harness_esr(c, el), esr);
    assert_int_equal(c->elr_el[el], elr);
    assert_int_equal(c->pc & ~0x7ffull, vbar[el]);
}

static void test_b_bl_offsets(void **state)
{
    (void)state;
    harness_run_word(c, 0x14000002); /* B #+8 */
    assert_int_equal(c->pc, CODE + 8);
    c->pc = CODE;
    harness_run_word(c, 0x17ffffff); /* B #-4 */
    assert_int_equal(c->pc, CODE - 4);
    c->pc = CODE;
    harness_run_word(c, 0x15ffffff); /* B, imm26 = 0x1ffffff: the largest forward offset, 128 MiB - 4 */
    assert_int_equal(c->pc, CODE + 0x7fffffc);
    c->pc = CODE;
    harness_run_word(c, 0x16000000); /* B, imm26 = 0x2000000: the largest backward offset, -128 MiB */
    assert_int_equal(c->pc, CODE - 0x8000000);
    c->pc = CODE;
    c->x[30] = 0;
    harness_run_word(c, 0x94000040); /* BL #+0x100 */
    assert_int_equal(c->pc, CODE + 0x100);
    assert_int_equal(c->x[30], CODE + 4);
    c->pc = CODE;
    harness_run_word(c, 0x97ffffff); /* BL #-4 */
    assert_int_equal(c->pc, CODE - 4);
    assert_int_equal(c->x[30], CODE + 4);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rand32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

/* Random immediate branches, made taken, land where Capstone says their target is. */
static void test_branch_targets_match_capstone(void **state)
{
    (void)state;
    csh cs;
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs), CS_ERR_OK);
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    for (int n = 0; n < 3000; n++) {
        uint32_t r = rand32();
        uint32_t word;
        unsigned rt = r % 31; /* never XZR, so the register can be set */
        switch (n % 5) {
        case 0: word = 0x14000000 | (r & 0x83ffffff); break;                /* B, BL */
        case 1: word = 0x34000000 | (r & 0x80ffffe0) | rt; c->x[rt] = 0; break; /* CBZ */
        case 2: word = 0x35000000 | (r & 0x80ffffe0) | rt; c->x[rt] = 1; break; /* CBNZ */
        case 3: word = 0x36000000 | (r & 0x80ffffe0) | rt; c->x[rt] = 0; break; /* TBZ */
        default: word = 0x5400000e | (r & 0x00ffffe0); break;               /* B.AL */
        }
        uint64_t pc = 0x100000 + (uint64_t)(rand32() % 0x40000) * 4;
        cs_insn *insn;
        assert_int_equal(cs_disasm(cs, (const uint8_t *)&word, 4, pc, 1, &insn), 1);
        const cs_arm64 *d = &insn->detail->arm64;
        assert_true(d->op_count > 0);
        assert_int_equal(d->operands[d->op_count - 1].type, ARM64_OP_IMM);
        uint64_t target = (uint64_t)d->operands[d->op_count - 1].imm;
        cs_free(insn, 1);

        c->pc = pc;
        harness_run_word(c, word);
        assert_int_equal(c->pstate.el, EL1); /* no exception */
        assert_int_equal(c->pc, target);
    }
    cs_close(&cs);
}

static void test_cbz_cbnz_32_64(void **state)
{
    (void)state;
    c->x[3] = 0x100000000ull; /* W3 is zero, X3 is not */
    harness_run_word(c, 0x34000043);      /* CBZ W3, #+8 */
    assert_int_equal(c->pc, CODE + 8);
    c->pc = CODE;
    harness_run_word(c, 0xb4000043);      /* CBZ X3, #+8 */
    assert_int_equal(c->pc, CODE + 4);
    c->pc = CODE;
    harness_run_word(c, 0x35000043);      /* CBNZ W3, #+8 */
    assert_int_equal(c->pc, CODE + 4);
    c->pc = CODE;
    harness_run_word(c, 0xb5000043);      /* CBNZ X3, #+8 */
    assert_int_equal(c->pc, CODE + 8);
    c->pc = CODE;
    harness_run_word(c, 0xb4ffffff);      /* CBZ XZR, #-4: XZR is zero */
    assert_int_equal(c->pc, CODE - 4);
    c->pc = CODE;
    harness_run_word(c, 0xb500003f);      /* CBNZ XZR, #+4 */
    assert_int_equal(c->pc, CODE + 4);
    c->pc = CODE;
    c->x[3] = 0;
    harness_run_word(c, 0xb4800003);      /* CBZ X3, imm19 = 0x40000: -1 MiB */
    assert_int_equal(c->pc, CODE - 0x100000);
}

static void test_tbz_tbnz(void **state)
{
    (void)state;
    c->x[1] = 1ull << 63;
    harness_run_word(c, 0xb7f80041);      /* TBNZ X1, #63, #+8 */
    assert_int_equal(c->pc, CODE + 8);
    c->pc = CODE;
    harness_run_word(c, 0xb6f80041);      /* TBZ X1, #63, #+8 */
    assert_int_equal(c->pc, CODE + 4);
    c->pc = CODE;
    c->x[1] = ~(1ull << 63);
    harness_run_word(c, 0xb6f80041);      /* TBZ X1, #63, #+8 */
    assert_int_equal(c->pc, CODE + 8);
    c->pc = CODE;
    harness_run_word(c, 0x37f80041);      /* TBNZ W1, #31, #+8: bit 31 is set */
    assert_int_equal(c->pc, CODE + 8);
    c->pc = CODE;
    c->x[1] = 0xfffffffeull;
    harness_run_word(c, 0x36040001);      /* TBZ W1, #0, imm14 = 0x2000: -32 KiB */
    assert_int_equal(c->pc, CODE - 0x8000);
    c->pc = CODE;
    harness_run_word(c, 0x3603ffe1);      /* TBZ W1, #0, imm14 = 0x1fff: +32 KiB - 4 */
    assert_int_equal(c->pc, CODE + 0x7ffc);
}

/* The Arm ARM's table of condition codes, written out independently of insn.h. */
static bool arm_arm_condition(unsigned cond, bool n, bool z, bool cf, bool v)
{
    switch (cond) {
    case 0x0: return z;                 /* EQ */
    case 0x1: return !z;                /* NE */
    case 0x2: return cf;                /* CS */
    case 0x3: return !cf;               /* CC */
    case 0x4: return n;                 /* MI */
    case 0x5: return !n;                /* PL */
    case 0x6: return v;                 /* VS */
    case 0x7: return !v;                /* VC */
    case 0x8: return cf && !z;          /* HI */
    case 0x9: return !(cf && !z);       /* LS */
    case 0xa: return n == v;            /* GE */
    case 0xb: return n != v;            /* LT */
    case 0xc: return !z && n == v;      /* GT */
    case 0xd: return !(!z && n == v);   /* LE */
    default: return true;               /* AL, NV */
    }
}

static void test_b_cond_every_condition(void **state)
{
    (void)state;
    for (unsigned cond = 0; cond < 16; cond++)
        for (unsigned nzcv = 0; nzcv < 16; nzcv++) {
            c->pstate.n = (nzcv >> 3) & 1;
            c->pstate.z = (nzcv >> 2) & 1;
            c->pstate.c = (nzcv >> 1) & 1;
            c->pstate.v = nzcv & 1;
            bool expect = arm_arm_condition(cond, c->pstate.n, c->pstate.z, c->pstate.c, c->pstate.v);
            assert_int_equal(condition_holds(c, cond) != 0, expect);
            c->pc = CODE;
            harness_run_word(c, 0x54000040 | cond); /* B.<cond> #+8 */
            assert_int_equal(c->pc, expect ? CODE + 8 : CODE + 4);
            c->pc = CODE;
            harness_run_word(c, 0x54800000 | cond); /* B.<cond>, imm19 = 0x40000: -1 MiB */
            assert_int_equal(c->pc, expect ? CODE - 0x100000 : CODE + 4);
        }
}

static void test_br_blr_ret(void **state)
{
    (void)state;
    c->x[5] = 0x4000;
    harness_run_word(c, 0xd61f00a0); /* BR X5 */
    assert_int_equal(c->pc, 0x4000);
    c->pc = CODE;
    harness_run_word(c, 0xd63f00a0); /* BLR X5 */
    assert_int_equal(c->pc, 0x4000);
    assert_int_equal(c->x[30], CODE + 4);
    c->pc = CODE;
    c->x[30] = 0x5000;
    harness_run_word(c, 0xd63f03c0); /* BLR X30: branches to the old X30 */
    assert_int_equal(c->pc, 0x5000);
    assert_int_equal(c->x[30], CODE + 4);
    harness_run_word(c, 0xd65f03c0); /* RET */
    assert_int_equal(c->pc, CODE + 4);
    c->x[2] = 0x6000;
    harness_run_word(c, 0xd65f0040); /* RET X2 */
    assert_int_equal(c->pc, 0x6000);
    c->pc = CODE;
    harness_run_word(c, 0xd61f03e0); /* BR XZR: Rn 31 reads as zero */
    assert_int_equal(c->pc, 0);

    /* A misaligned target is set as is; the next fetch raises the PC alignment fault. */
    c->pc = CODE;
    c->x[5] = 0x4002;
    harness_run_word(c, 0xd61f00a0); /* BR X5 */
    assert_int_equal(c->pc, 0x4002);
    assert_int_equal(cpu_run(c, 1), 1); /* the fetch faults, then the B . at the vector runs */
    assert_sync_exception(EL1, (uint64_t)EC_PC_ALIGN << 26 | 1u << 25, 0x4002);
    assert_int_equal(c->pc, VBAR_EL1 + 0x200);
    assert_int_equal(c->sr.far_el1, 0x4002);
}

/* Words of this class that ARMv8.0-A does not allocate (several are later extensions). */
static const uint32_t unallocated[] = {
    0x54000010, /* B.cond with o0 = 1 (BC.cond, v8.8) */
    0x55000000, /* conditional branch with o1 = 1 */
    0xd4000000, /* exception generation opc = 000, LL = 00 */
    0xd4000005, /* SVC with op2 = 001 */
    0xd4200001, /* opc = 001, LL = 01 */
    0xd4400002, /* opc = 010, LL = 10 */
    0xd4600000, /* opc = 011 (TSTART, TME) */
    0xd4800001, /* opc = 100 */
    0xd4a00000, /* opc = 101, LL = 00 */
    0xd4c00000, /* opc = 110 */
    0xd4e00000, /* opc = 111 */
    0xd61f081f, /* BRAAZ (PAC) */
    0xd63f081f, /* BLRAAZ */
    0xd65f0bff, /* RETAA */
    0xd69f0bff, /* ERETAA */
    0xd71f0800, /* BRAA */
    0xd73f0800, /* BLRAA */
    0xd67f0000, /* opc = 0011 */
    0xd69f0000, /* ERET with Rn = 0 */
    0xd6bf0000, /* DRPS with Rn = 0 */
    0xd61e0000, /* BR with op2 = 11110 */
    0xd61f0001, /* BR with op4 != 0 */
    0xd6df03e0, /* opc = 0110 */
    0xd7ff03e0, /* opc = 1111 */
    0xd500401f, /* MSR (immediate) op1:op2 = 000:000 (CFINV, v8.4) */
    0xd500403f, /* 000:001 (XAFLAG, v8.5) */
    0xd500407f, /* 000:011 UAO (v8.2) */
    0xd500409f, /* 000:100 PAN (v8.1) */
    0xd503403f, /* 011:001 SSBS (v8.5) */
    0xd503405f, /* 011:010 DIT (v8.4) */
    0xd503409f, /* 011:100 TCO (v8.5) */
    0xd50040df, /* 000:110 */
    0xd50140bf, /* op1 = 001 with SPSel's op2 */
    0xd50440df, /* op1 = 100 with DAIFSet's op2 */
    0xd5034000, /* DAIFSet's fields with Rt != 31 */
    0xd503301f, /* barrier op2 = 000 */
    0xd503323f, /* barrier op2 = 001 (DSB nXS, v8.7) */
    0xd503307f, /* op2 = 011 (TCOMMIT, TME) */
    0xd50330ff, /* op2 = 111 (SB, v8.5) */
    0xd5033f9e, /* DSB with Rt != 31 */
    0xd5032000, /* hint space with Rt != 31 */
    0xd503101f, /* op1 = 011, CRn = 0001 (WFET/WFIT, v8.7) */
    0xd500201f, /* op1 = 000, CRn = 0010 */
    0xd523201f, /* L = 1, op0 = 00 */
    0xd503501f, /* op0 = 00, CRn = 0101 */
};

static void test_unallocated_encodings(void **state)
{
    (void)state;
    for (size_t n = 0; n < sizeof(unallocated) / sizeof(unallocated[0]); n++) {
        uint32_t w = unallocated[n];
        struct insn i;
        if (a64_decode(&i, w) != DECODE_UNALLOCATED)
            fail_msg("%08x decodes as %s", w, a64_find_encoding(w) ? a64_find_encoding(w)->name : "?");
        assert_ptr_equal(i.exec, exec_undefined);
    }
    /* And one of each allocated kind decodes. */
    static const struct { uint32_t w; const char *name; } allocated[] = {
        { 0xd4000022, "HVC" }, { 0xd4000001, "SVC" }, { 0xd4000003, "SMC" }, { 0xd4200000, "BRK" },
        { 0xd45e0000, "HLT" }, { 0xd4a00001, "DCPS1" }, { 0xd4a00003, "DCPS3" }, { 0xd503201f, "HINT" },
        { 0xd5032fff, "HINT" }, { 0xd5033f5f, "CLREX" }, { 0xd5033f9f, "DSB" }, { 0xd5033bbf, "DMB" },
        { 0xd5033fdf, "ISB" }, { 0xd50041bf, "MSR SPSel" }, { 0xd50343df, "MSR DAIFSet" },
        { 0xd50343ff, "MSR DAIFClr" }, { 0xd61f0000, "BR" }, { 0xd63f03c0, "BLR" }, { 0xd65f03c0, "RET" },
        { 0xd69f03e0, "ERET" }, { 0xd6bf03e0, "DRPS" }, { 0x5400000f, "B.cond" }, { 0x17ffffff, "B" },
        { 0x97ffffff, "BL" }, { 0xb4000000, "CBZ" }, { 0x35000000, "CBNZ" }, { 0xb6f80000, "TBZ" },
        { 0x37000000, "TBNZ" },
    };
    for (size_t n = 0; n < sizeof(allocated) / sizeof(allocated[0]); n++) {
        struct insn i;
        assert_int_equal(a64_decode(&i, allocated[n].w), DECODE_OK);
        assert_string_equal(a64_find_encoding(allocated[n].w)->name, allocated[n].name);
    }
}

static bool rows_overlap(const struct a64_encoding *a, const struct a64_encoding *b)
{
    return ((a->match ^ b->match) & a->mask & b->mask) == 0;
}

/* No word matches two rows of this group, or a row of this group and one of another group
 * (MRS, MSR (register), SYS and SYSL share the decode bucket). */
static void test_rows_do_not_overlap(void **state)
{
    (void)state;
    const struct a64_encoding_group *mine = &a64_group_branch_sys;
    for (unsigned r = 0; r < mine->count; r++) {
        const struct a64_encoding *a = &mine->rows[r];
        assert_int_equal(a->match & ~a->mask, 0);
        for (unsigned g = 0; g < a64_group_count; g++) {
            const struct a64_encoding_group *grp = a64_groups[g];
            for (unsigned s = 0; s < grp->count; s++) {
                const struct a64_encoding *b = &grp->rows[s];
                if (b != a && rows_overlap(a, b))
                    fail_msg("%s (%s) overlaps %s (%s)", a->name, mine->name, b->name, grp->name);
            }
        }
    }
    /* MRS x0, NZCV; MSR NZCV, x0; DC CIVAC, x0 (SYS); SYSL x0, #0, C0, C0, #0; MRS x1, MPIDR_EL1. */
    static const uint32_t sysreg_words[] = { 0xd53b4200, 0xd51b4200, 0xd50b7e20, 0xd5280000, 0xd53800a1 };
    for (size_t n = 0; n < sizeof(sysreg_words) / sizeof(sysreg_words[0]); n++) {
        const struct a64_encoding *e = a64_find_encoding(sysreg_words[n]);
        assert_true(e == NULL || e < mine->rows || e >= mine->rows + mine->count);
    }
}

/* HLT other than the semihosting call, DCPS1-3 and DRPS are UNDEFINED (no Debug state). */
static void test_debug_state_instructions_undefined(void **state)
{
    (void)state;
    static const uint32_t words[] = { 0xd4400020 /* HLT #1 */, 0xd4a00001, 0xd4a00002, 0xd4a00003, 0xd6bf03e0 };
    for (size_t n = 0; n < sizeof(words) / sizeof(words[0]); n++) {
        enter(EL1);
        harness_run_word(c, words[n]);
        assert_sync_exception(EL1, 1u << 25, CODE); /* EC 0, IL = 1 */
        assert_int_equal(c->pc, VBAR_EL1 + 0x200);
    }
}

/* HLT #0xF000 is the semihosting call: SYS_WRITEC (3) prints the byte at [X1]. */
static void test_hlt_semihosting(void **state)
{
    (void)state;
    FILE *out = tmpfile();
    assert_non_null(out);
    m->out = out;
    assert_true(bus_write(&m->bus, 0x8000, 1, 'Q'));
    c->x[0] = 3;
    c->x[1] = 0x8000;
    harness_run_word(c, 0xd45e0000);
    assert_int_equal(c->pc, CODE + 4);
    assert_int_equal(c->pstate.el, EL1);
    fflush(out);
    rewind(out);
    assert_int_equal(fgetc(out), 'Q');
    m->out = stdout;
    fclose(out);
}

static void test_hints(void **state)
{
    (void)state;
    static const uint32_t nops[] = { 0xd503201f /* NOP */, 0xd503203f /* YIELD */, 0xd503221f /* ESB (v8.2) */,
                                     0xd503229f /* CSDB */, 0xd503241f /* BTI (v8.5) */, 0xd5032fff /* HINT #127 */ };
    for (size_t n = 0; n < sizeof(nops) / sizeof(nops[0]); n++) {
        enter(EL1);
        harness_run_word(c, nops[n]);
        assert_int_equal(c->pc, CODE + 4);
        assert_int_equal(c->pstate.el, EL1);
        assert_false(c->wfi_pending);
    }

    enter(EL1);
    harness_run_word(c, 0xd503207f); /* WFI */
    assert_true(c->wfi_pending);
    assert_false(c->waiting_for_event);
    assert_int_equal(c->pc, CODE + 4);

    enter(EL1);
    c->wfi_pending = false;
    c->event_register = true;
    harness_run_word(c, 0xd503205f); /* WFE with the event register set: clear it and go on */
    assert_false(c->event_register);
    assert_false(c->wfi_pending);
    assert_int_equal(c->pc, CODE + 4);

    enter(EL1);
    harness_run_word(c, 0xd503205f); /* WFE with it clear: sleep until an event */
    assert_true(c->wfi_pending);
    assert_true(c->waiting_for_event);
    assert_int_equal(c->pc, CODE + 4);

    enter(EL1);
    c->wfi_pending = false;
    harness_run_word(c, 0xd50320bf); /* SEVL */
    assert_true(c->event_register);
    assert_int_equal(c->pc, CODE + 4);
}

/* SEV wakes the other core from WFE and sets every event register. */
static void test_sev_wakes_other_core(void **state)
{
    (void)state;
    struct cpu *other = m->cpus[1];
    other->wfi_pending = true;
    other->waiting_for_event = true;
    other->event_register = false;
    c->event_register = false;
    harness_run_word(c, 0xd503209f); /* SEV */
    assert_int_equal(c->pc, CODE + 4);
    assert_false(other->wfi_pending);
    assert_true(other->event_register);
    assert_true(c->event_register);
}

static void test_barriers(void **state)
{
    (void)state;
    c->excl_valid = true;
    harness_run_word(c, 0xd5033f5f); /* CLREX */
    assert_false(c->excl_valid);
    assert_int_equal(c->pc, CODE + 4);

    static const uint32_t barriers[] = { 0xd5033f9f /* DSB SY */, 0xd5033bbf /* DMB ISH */,
                                         0xd503349f /* DSB #4 (NSHLD) */, 0xd5033fdf /* ISB */ };
    for (size_t n = 0; n < sizeof(barriers) / sizeof(barriers[0]); n++) {
        enter(EL1);
        harness_run_word(c, barriers[n]);
        assert_int_equal(c->pc, CODE + 4);
        assert_int_equal(c->pstate.el, EL1);
        struct insn i;
        assert_int_equal(a64_decode(&i, barriers[n]), DECODE_OK);
        assert_int_equal(i.cost, TIMING_BARRIER);
    }
}

static void assert_daif(unsigned d, unsigned a, unsigned i, unsigned f)
{
    assert_int_equal(c->pstate.d, d);
    assert_int_equal(c->pstate.a, a);
    assert_int_equal(c->pstate.i, i);
    assert_int_equal(c->pstate.f, f);
}

static void test_msr_immediate(void **state)
{
    (void)state;
    harness_run_word(c, 0xd5034fff); /* MSR DAIFClr, #15 */
    assert_daif(0, 0, 0, 0);
    assert_int_equal(c->pc, CODE + 4);
    c->pc = CODE;
    harness_run_word(c, 0xd50345df); /* MSR DAIFSet, #5: A and F */
    assert_daif(0, 1, 0, 1);
    c->pc = CODE;
    harness_run_word(c, 0xd5034fdf); /* MSR DAIFSet, #15 */
    assert_daif(1, 1, 1, 1);
    c->pc = CODE;
    harness_run_word(c, 0xd50342ff); /* MSR DAIFClr, #2: I only */
    assert_daif(1, 1, 0, 1);
    assert_int_equal(c->pstate.el, EL1);

    c->pc = CODE;
    c->sp_el[0] = 0x1110;
    c->sp_el[1] = 0x2220;
    harness_run_word(c, 0xd50040bf); /* MSR SPSel, #0 */
    assert_int_equal(c->pstate.sp, 0);
    assert_int_equal(*cpu_sp(c), 0x1110);
    assert_int_equal(c->pc, CODE + 4);
    harness_run_word(c, 0xd50041bf); /* MSR SPSel, #1 */
    assert_int_equal(c->pstate.sp, 1);
    assert_int_equal(*cpu_sp(c), 0x2220);

    /* SPSel is UNDEFINED at EL0. */
    enter(EL0);
    harness_run_word(c, 0xd50041bf);
    assert_sync_exception(EL1, 1u << 25, CODE);
    assert_int_equal(c->pc, VBAR_EL1 + 0x400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_b_bl_offsets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_branch_targets_match_capstone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cbz_cbnz_32_64, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tbz_tbnz, setup, teardown),
        cmocka_unit_test_setup_teardown(test_b_cond_every_condition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_br_blr_ret, setup, teardown),
        cmocka_unit_test(test_unallocated_encodings),
        cmocka_unit_test(test_rows_do_not_overlap),
        cmocka_unit_test_setup_teardown(test_debug_state_instructions_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hlt_semihosting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sev_wakes_other_core, setup2, teardown),
        cmocka_unit_test_setup_teardown(test_barriers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msr_immediate, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
