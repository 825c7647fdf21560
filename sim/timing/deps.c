/* Register dependencies of A64 instructions for the scoreboard, by the encoding index's groups
 * (Arm ARM C4.1). Exactness matters less than coverage: a register missed here only lets an
 * instruction issue early. Register 31 is SP or XZR as each encoding says. */
#include "timing/deps.h"

#include "cpu/timing.h"

const struct insn_timing timing_insn_nothing = {
    .dst = { PIPE_REG_SINK, PIPE_REG_SINK }, .dst_fast = PIPE_REG_SINK, .port = PORT_I, .units = PIPE_UNITS_INT,
};

static inline uint32_t field(uint32_t w, unsigned hi, unsigned lo) { return (w >> lo) & ((1u << (hi - lo + 1)) - 1); }

/* X[n] with 31 the zero register, as a source or destination. */
static uint8_t xr(uint32_t n) { return n == 31 ? PIPE_REG_NONE : (uint8_t)(PIPE_REG_X0 + n); }
static uint8_t xw(uint32_t n) { return n == 31 ? PIPE_REG_SINK : (uint8_t)(PIPE_REG_X0 + n); }
/* X[n] with 31 the stack pointer. */
static uint8_t xsp(uint32_t n) { return n == 31 ? PIPE_REG_SP : (uint8_t)(PIPE_REG_X0 + n); }
static uint8_t vr(uint32_t n) { return (uint8_t)(PIPE_REG_V0 + (n & 31)); }

static void add_src(struct insn_timing *t, uint8_t r)
{
    if (r == PIPE_REG_NONE)
        return;
    for (unsigned n = 0; n < 3; n++)
        if (t->src[n] == PIPE_REG_NONE || t->src[n] == r) {
            t->src[n] = r;
            return;
        }
}

static void add_dst(struct insn_timing *t, uint8_t r)
{
    if (r == PIPE_REG_SINK)
        return;
    for (unsigned n = 0; n < 2; n++)
        if (t->dst[n] == PIPE_REG_SINK || t->dst[n] == r) {
            t->dst[n] = r;
            return;
        }
}

/* Data processing, immediate (op0 100x). */
static void dp_imm(uint32_t w, struct insn_timing *t)
{
    uint32_t rd = field(w, 4, 0), rn = field(w, 9, 5);
    switch (field(w, 25, 23)) {
    case 0: case 1: /* ADR, ADRP */
        add_dst(t, xw(rd));
        break;
    case 2: case 3: /* add/subtract immediate (with tags: unallocated in v8.0) */
        add_src(t, xsp(rn));
        add_dst(t, bit(w, 29) ? xw(rd) : xsp(rd));
        if (bit(w, 29))
            t->dst_fast = PIPE_REG_NZCV;
        break;
    case 4: /* logical immediate */
        add_src(t, xr(rn));
        if (field(w, 30, 29) == 3) {
            add_dst(t, xw(rd));
            t->dst_fast = PIPE_REG_NZCV;
        } else {
            add_dst(t, xsp(rd));
        }
        break;
    case 5: /* move wide: MOVK keeps the other bits */
        if (field(w, 30, 29) == 3)
            add_src(t, xr(rd));
        add_dst(t, xw(rd));
        break;
    case 6: /* bitfield: BFM keeps bits of Rd */
        if (field(w, 30, 29) == 1)
            add_src(t, xr(rd));
        add_src(t, xr(rn));
        add_dst(t, xw(rd));
        break;
    default: /* extract */
        add_src(t, xr(rn));
        add_src(t, xr(field(w, 20, 16)));
        add_dst(t, xw(rd));
        break;
    }
}

/* Branches, exception generation and system instructions (op0 101x). */
static void branch_sys(uint32_t w, struct insn_timing *t)
{
    uint32_t rt = field(w, 4, 0);
    if (field(w, 30, 26) == 5) { /* B, BL */
        if (bit(w, 31))
            t->dst_fast = PIPE_REG_X0 + 30;
        return;
    }
    if (field(w, 30, 25) == 0x1a || field(w, 30, 25) == 0x1b) { /* CBZ/CBNZ, TBZ/TBNZ */
        add_src(t, xr(rt));
        return;
    }
    if (field(w, 31, 25) == 0x2a) { /* B.cond */
        add_src(t, PIPE_REG_NZCV);
        return;
    }
    if (field(w, 31, 25) == 0x6b) { /* BR, BLR, RET, ERET, DRPS */
        add_src(t, xr(field(w, 9, 5)));
        if (field(w, 24, 21) == 1)
            t->dst_fast = PIPE_REG_X0 + 30;
        if (field(w, 24, 21) >= 4)
            t->flags |= TF_SYNC;        /* ERET, DRPS: the exception return */
        return;
    }
    /* System instructions and exception generation read or charge the cycle count as they execute
     * (counters, timers, the PMU, semihosting, PSCI, the exception's flush): TF_SYNC. Hints other than
     * WFE, WFI, SEV and SEVL (NOP, YIELD, ...) and barriers do not. */
    if (field(w, 31, 22) == 0x354) { /* system */
        bool l = bit(w, 21);
        uint32_t op0 = field(w, 20, 19), crn = field(w, 15, 12), hint = field(w, 11, 5);
        if (op0 == 0 && crn == 3)       /* CLREX, DSB, DMB, ISB: those but CLREX drain */
            t->flags |= field(w, 7, 5) == 2 ? 0 : TF_SERIALIZE;
        else if (op0 == 0 && crn == 2)  /* hints: WFE, WFI wait; SEV, SEVL wake the other core */
            t->flags |= (hint == 2 || hint == 3 ? TF_SERIALIZE : 0) | (hint >= 2 && hint <= 5 ? TF_SYNC : 0);
        else {
            t->flags |= TF_SYNC;
            if (op0 == 0 && crn == 4)   /* MSR (immediate): PSTATE */
                ;
            else if (l)                 /* MRS, SYSL */
                add_dst(t, xw(rt));
            else                        /* MSR (register), SYS */
                add_src(t, xr(rt));
        }
        return;
    }
    /* Exception generation: the exception entry itself is charged (uarch.c). */
    if (field(w, 31, 24) == 0xd4)
        t->flags |= TF_SYNC;
}

/* Loads and stores (op0 x1x0). */
static void ldst(uint32_t w, struct insn_timing *t)
{
    uint32_t rt = field(w, 4, 0), rn = field(w, 9, 5), rt2 = field(w, 14, 10), rm = field(w, 20, 16);
    bool simd = bit(w, 26);
    uint8_t (*reg_r)(uint32_t) = simd ? vr : xr;
    uint8_t (*reg_w)(uint32_t) = simd ? vr : xw;
    uint32_t op = field(w, 29, 27);
    bool load;
    if (field(w, 29, 24) == 0x08) { /* exclusives, load-acquire, store-release */
        load = bit(w, 22);
        add_src(t, xsp(rn));
        if (load) {
            add_dst(t, xw(rt));
            if (bit(w, 21))
                add_dst(t, xw(rt2));
        } else {
            add_src(t, xr(rt));
            if (bit(w, 21))
                add_src(t, xr(rt2));
            if (!bit(w, 23))
                add_dst(t, xw(rm)); /* the status register Ws */
        }
    } else if (op == 3 && field(w, 25, 24) == 0) { /* load literal */
        load = true;
        if (field(w, 31, 30) != 3 || simd)
            add_dst(t, reg_w(rt)); /* PRFM (literal) writes nothing */
    } else if (op == 5) { /* pairs */
        load = bit(w, 22);
        add_src(t, xsp(rn));
        if (load) {
            add_dst(t, reg_w(rt));
            add_dst(t, reg_w(rt2));
        } else {
            add_src(t, reg_r(rt));
            add_src(t, reg_r(rt2));
        }
        if (field(w, 24, 23) == 1 || field(w, 24, 23) == 3)
            t->dst_fast = xsp(rn);
    } else if (op == 7) { /* single register */
        uint32_t opc = field(w, 23, 22), size = field(w, 31, 30);
        load = opc != 0 || (simd && opc == 2);
        if (simd)
            load = opc & 1;
        bool prfm = !simd && size == 3 && opc == 2;
        add_src(t, xsp(rn));
        if (!bit(w, 24) && bit(w, 21) && field(w, 11, 10) == 2)
            add_src(t, xr(rm)); /* register offset */
        if (!bit(w, 24) && !bit(w, 21) && (field(w, 11, 10) & 1))
            t->dst_fast = xsp(rn); /* pre/post-index writeback */
        if (prfm)
            ;
        else if (load)
            add_dst(t, reg_w(rt));
        else
            add_src(t, reg_r(rt));
    } else if (op == 1 && simd) { /* Advanced SIMD structures: Rt and the registers after it */
        load = bit(w, 22);
        add_src(t, xsp(rn));
        if (bit(w, 23)) {
            t->dst_fast = xsp(rn);
            add_src(t, xr(rm));
        }
        if (load) {
            add_dst(t, vr(rt));
            add_dst(t, vr(rt + 1));
        } else {
            add_src(t, vr(rt));
        }
    } else {
        load = true;
        add_src(t, xsp(rn));
    }
    t->flags |= load ? TF_LOAD : TF_STORE;
    t->port = load ? PORT_L : PORT_S;
    if (load && !t->lat)
        t->lat = TIMING_LOAD;
}

/* Data processing, register (op0 x101). */
static void dp_reg(uint32_t w, struct insn_timing *t)
{
    uint32_t rd = field(w, 4, 0), rn = field(w, 9, 5), rm = field(w, 20, 16);
    bool s = bit(w, 29);
    if (bit(w, 28) == 0) {
        if (field(w, 24, 21) == 9 || field(w, 24, 21) == 0xb) { /* add/subtract (extended register): SP */
            add_src(t, xsp(rn));
            add_src(t, xr(rm));
            add_dst(t, s ? xw(rd) : xsp(rd));
        } else { /* logical, add/subtract (shifted register) */
            add_src(t, xr(rn));
            add_src(t, xr(rm));
            add_dst(t, xw(rd));
            if (!bit(w, 24) && field(w, 30, 29) != 3)
                s = false; /* logical: only ANDS/BICS set flags */
        }
        if (s)
            t->dst_fast = PIPE_REG_NZCV;
        return;
    }
    switch (field(w, 24, 21)) {
    case 0: /* ADC, SBC */
        add_src(t, xr(rn));
        add_src(t, xr(rm));
        add_src(t, PIPE_REG_NZCV);
        add_dst(t, xw(rd));
        if (s)
            t->dst_fast = PIPE_REG_NZCV;
        return;
    case 2: /* CCMP, CCMN */
        add_src(t, xr(rn));
        if (!bit(w, 11))
            add_src(t, xr(rm));
        add_src(t, PIPE_REG_NZCV);
        t->dst_fast = PIPE_REG_NZCV;
        return;
    case 4: /* conditional select */
        add_src(t, xr(rn));
        add_src(t, xr(rm));
        add_src(t, PIPE_REG_NZCV);
        add_dst(t, xw(rd));
        return;
    case 6: /* data processing, 1 and 2 source: DIV is multi-cycle */
        add_src(t, xr(rn));
        if (!bit(w, 30))
            add_src(t, xr(rm));
        add_dst(t, xw(rd));
        if (!bit(w, 30) && field(w, 15, 11) == 1) { /* UDIV, SDIV: not pipelined */
            t->port = PORT_M;
            t->occupancy = t->lat;
        }
        return;
    default:
        if (bit(w, 24)) { /* data processing, 3 source: the multiplier */
            add_src(t, xr(rn));
            add_src(t, xr(rm));
            add_src(t, xr(field(w, 14, 10)));
            add_dst(t, xw(rd));
            t->port = PORT_M;
            /* inverse throughput: 1 for 32-bit, 3 for 64-bit MUL, 4 for SMULH/UMULH (guide 3.3) */
            t->occupancy = field(w, 23, 21) == 2 || field(w, 23, 21) == 6 ? 4 : bit(w, 31) ? 3 : 1;
        }
        return;
    }
}

/* Scalar FP, Advanced SIMD and crypto (op0 x111). */
static void fpsimd(uint32_t w, struct insn_timing *t)
{
    uint32_t rd = field(w, 4, 0), rn = field(w, 9, 5), rm = field(w, 20, 16);
    t->port = PORT_F;
    if (field(w, 30, 24) == 0x1e && bit(w, 21) && field(w, 15, 10) == 0) {
        /* conversion between FP and integer: direction by opcode (FMOV, FCVT*, SCVTF, UCVTF) */
        uint32_t opcode = field(w, 18, 16);
        /* SCVTF, UCVTF (2, 3) and FMOV from a general register (7) read one; the others write one */
        bool to_gpr = !(opcode == 2 || opcode == 3 || opcode == 7);
        if (to_gpr) {
            add_src(t, vr(rn));
            add_dst(t, xw(rd));
        } else {
            add_src(t, xr(rn));
            add_dst(t, vr(rd));
        }
        return;
    }
    if (!bit(w, 31) && field(w, 28, 21) == 0x70 && !bit(w, 15) && bit(w, 10) && !bit(w, 29)) {
        uint32_t imm4 = field(w, 14, 11);
        if (imm4 == 1 || imm4 == 3) { /* DUP, INS (general) */
            add_src(t, xr(rn));
            if (imm4 == 3)
                add_src(t, vr(rd));
            add_dst(t, vr(rd));
            return;
        }
        if (imm4 == 5 || imm4 == 7) { /* SMOV, UMOV */
            add_src(t, vr(rn));
            add_dst(t, xw(rd));
            return;
        }
    }
    add_src(t, vr(rn));
    add_src(t, vr(rm));
    /* Scalar FP (M, bit 30 and S zero; bits 28:24 0x1e or 0x1f) writes its whole destination: with
     * renaming it waits for its sources only. */
    bool scalar_fp = field(w, 31, 29) == 0 && (field(w, 28, 24) == 0x1e || field(w, 28, 24) == 0x1f);
    if (scalar_fp && field(w, 28, 24) == 0x1f) /* FMADD, FMSUB, FNMADD, FNMSUB */
        add_src(t, vr(field(w, 14, 10)));
    else if (!scalar_fp)
        add_src(t, vr(rd)); /* Advanced SIMD accumulates and inserts read their destination (conservative) */
    if (field(w, 28, 24) == 0x1e && bit(w, 21) && field(w, 13, 10) == 8) { /* FCMP, FCMPE */
        t->dst_fast = PIPE_REG_NZCV;
        return;
    }
    if (field(w, 28, 24) == 0x1e && bit(w, 21) && field(w, 11, 10) == 1) { /* FCCMP */
        add_src(t, PIPE_REG_NZCV);
        t->dst_fast = PIPE_REG_NZCV;
        return;
    }
    if (field(w, 28, 24) == 0x1e && bit(w, 21) && field(w, 11, 10) == 3) /* FCSEL */
        add_src(t, PIPE_REG_NZCV);
    add_dst(t, vr(rd));
    if (t->lat > TIMING_FP_FMA) { /* divide, square root: not pipelined */
        t->port = PORT_FDIV;
        t->occupancy = t->lat;
    }
}

void timing_insn_deps(const struct insn *i, struct insn_timing *t)
{
    *t = timing_insn_nothing;
    t->lat = (uint8_t)insn_cost(i);
    t->occupancy = 1;
    t->units = PIPE_UNITS_INT;
    uint32_t w = i->raw;
    uint32_t op0 = field(w, 28, 25);
    if (i->exec == exec_undefined || ((op0 & 0xe) == 0xa && t->lat == TIMING_EXCEPTION)) {
        /* UNDEFINED, SVC/HVC/SMC/BRK/HLT, ERET: the exception entry or return is a pipeline flush,
         * charged when it happens (timing_flush); the instruction itself issues like any other. */
        t->lat = 1;
        if (i->exec == exec_undefined)
            return;
    }
    if ((op0 & 0xe) == 0x8)
        dp_imm(w, t);
    else if ((op0 & 0xe) == 0xa)
        branch_sys(w, t);
    else if ((op0 & 0x5) == 0x4)
        ldst(w, t);
    else if ((op0 & 0x7) == 0x5)
        dp_reg(w, t);
    else if ((op0 & 0x7) == 0x7)
        fpsimd(w, t);
    unsigned br = insn_branch_class(i);
    if (br) {
        t->port = PORT_B;
        t->flags |= TF_BRANCH;
        unsigned kind = br == BRANCH_RETURN ? TF_BR_RETURN : br == BRANCH_INDIRECT ? TF_BR_INDIRECT
                        : (field(w, 30, 26) == 5) ? TF_BR_DIRECT : TF_BR_COND;
        t->flags |= (uint8_t)(kind << TF_BR_SHIFT);
        if (t->dst_fast == PIPE_REG_X0 + 30)
            t->flags |= TF_BR_CALL;
    }
    if (t->flags & TF_SERIALIZE)
        t->lat = 1; /* the drain is charged by uarch.c */
    t->units = t->port == PORT_I || t->port == PORT_F ? PIPE_UNITS_INT : PIPE_UNITS_OTHER;
}
