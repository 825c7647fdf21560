/* Loads and stores (Arm ARM C4.1.4, the encoding index's "Loads and Stores", op0 = x1x0 in bits 28:25).
 *
 * Implemented: load/store exclusive, load-acquire/store-release, load register (literal), the pair
 * classes (no-allocate, post-index, offset, pre-index), and the single-register classes (unscaled,
 * post-index, unprivileged, pre-index, register offset, unsigned offset), for general-purpose and
 * SIMD&FP registers, with PRFM/PRFUM as hints that never fault, and the Advanced SIMD structure
 * classes (LD1-LD4, ST1-ST4 of multiple structures and of one lane, LD1R-LD4R), one element-sized
 * access at a time as the pseudocode's Mem[] calls.
 *
 * Decode extracts every field once and picks a handler specialised for the addressing mode, the
 * access size and the register kind; the access descriptor (mem.h) is precomputed into insn->aux.
 *
 * CONSTRAINED UNPREDICTABLE choices (Arm ARM K1, "Architectural Constraints on UNPREDICTABLE
 * behaviors"). The Cortex-A72 TRM documents none for A64, so we take the option QEMU (our oracle)
 * also takes, which falls out of doing the accesses first and the register writes after:
 *  - load with writeback and Rn == Rt (Rn != 31), WBOVERLAPLD: Constraint_UNKNOWN, the register gets
 *    the written-back address (Rt is written first, then the base);
 *  - store with writeback and Rn == Rt (Rn != 31), WBOVERLAPST: Constraint_NONE, the value stored
 *    is Rt before the writeback;
 *  - LDP/LDNP/LDPSW/LDXP with Rt == Rt2, LDPOVERLAP: Constraint_UNKNOWN, the register gets the
 *    second element; pair loads with writeback and Rn == Rt or Rt2 as for single loads above;
 *  - STXR/STXP with Rs == Rt, Rt2 or Rn (Rn != 31), DATAOVERLAP / BASEOVERLAP: Constraint_UNKNOWN,
 *    the data and address are the registers' values before the status is written;
 *  - the should-be-one Rs and Rt2 fields of the v8.0 exclusive and ordered forms (written (1) in
 *    the encoding diagrams) are not checked: the instruction behaves as if they were all ones.
 */
#include "exception.h"
#include "insn.h"
#include "mem.h"
#include "timing.h"

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* The addressing modes of the handlers (the single-register ones index the handler tables). */
enum addr_mode {
    AM_OFFSET,   /* [Xn|SP, #imm]: unsigned offset, unscaled, unprivileged, pair offset/no-allocate */
    AM_PRE,      /* [Xn|SP, #imm]! */
    AM_POST,     /* [Xn|SP], #imm */
    AM_REG,      /* [Xn|SP, (W|X)m{, extend {#amount}}] */
    AM_LITERAL,  /* PC + imm */
};
#define SINGLE_MODES 4
#define PAIR_MODES 3

/* How a register offset is extended (insn->op; the shift amount is insn->op2). */
enum { EXTEND_X, EXTEND_UXTW, EXTEND_SXTW };

/* How a loaded value reaches a general-purpose register. */
enum load_extend { ZERO_EXTEND, SIGN_EXTEND_32, SIGN_EXTEND_64 };

/* ---- Address generation ---- */

/* The base of an access: X[n], or SP after AArch64.CheckSPAlignment(). */
static ALWAYS_INLINE bool base_register(struct cpu *c, unsigned n, uint64_t *base)
{
    if (LIKELY(n != 31)) {
        *base = c->x[n];
        return true;
    }
    uint64_t sp = *cpu_sp(c);
    if (UNLIKELY((sp & 15) && sp_alignment_check_fails(c, sp))) {
        aarch64_sp_alignment_fault(c);
        return false;
    }
    *base = sp;
    return true;
}

/* ExtendReg() of the register-offset forms; Rm == 31 is XZR. */
static ALWAYS_INLINE uint64_t register_offset(const struct cpu *c, const struct insn *i)
{
    uint64_t m = c->x[i->rm];
    if (i->op == EXTEND_UXTW)
        m = (uint32_t)m;
    else if (i->op == EXTEND_SXTW)
        m = (uint64_t)(int64_t)(int32_t)m;
    return m << i->op2;
}

/* The address of the access and, for pre/post-index, the value written back to the base. */
static ALWAYS_INLINE bool effective_address(struct cpu *c, const struct insn *i, enum addr_mode m, uint64_t *addr,
                                            uint64_t *wb)
{
    if (m == AM_LITERAL) {
        *addr = c->pc + (uint64_t)i->imm;
        return true;
    }
    uint64_t base;
    if (!base_register(c, i->rn, &base))
        return false;
    switch (m) {
    case AM_PRE: *addr = *wb = base + (uint64_t)i->imm; break;
    case AM_POST: *addr = base; *wb = base + (uint64_t)i->imm; break;
    case AM_REG: *addr = base + register_offset(c, i); break;
    default: *addr = base + (uint64_t)i->imm; break;
    }
    return true;
}

static ALWAYS_INLINE bool has_writeback(enum addr_mode m) { return m == AM_PRE || m == AM_POST; }

static ALWAYS_INLINE uint64_t extend_loaded(uint64_t v, unsigned size, enum load_extend e)
{
    if (e == SIGN_EXTEND_64)
        return (uint64_t)sign_extend(v, 8 * size);
    if (e == SIGN_EXTEND_32)
        return (uint32_t)sign_extend(v, 8 * size);
    return v;
}

/* ---- General-purpose registers, single ---- */

static ALWAYS_INLINE enum exec_status gpr_load(struct cpu *c, const struct insn *i, enum addr_mode m, unsigned size,
                                               enum load_extend e)
{
    uint64_t addr, wb = 0, v;
    if (!effective_address(c, i, m, &addr, &wb) || !mem_read(c, addr, size, &v, i->aux))
        return EXEC_JUMP;
    set_reg(c, i->rd, extend_loaded(v, size, e));
    if (has_writeback(m))
        set_reg_or_sp(c, i->rn, wb); /* after Rt: see WBOVERLAPLD above */
    return EXEC_NEXT;
}

static ALWAYS_INLINE enum exec_status gpr_store(struct cpu *c, const struct insn *i, enum addr_mode m, unsigned size)
{
    /* The store may overwrite this instruction's slot: take what is needed first. */
    unsigned rn = i->rn;
    uint32_t desc = i->aux;
    uint64_t v = c->x[i->rd];
    uint64_t addr, wb = 0;
    if (!effective_address(c, i, m, &addr, &wb) || !mem_write(c, addr, size, v, desc))
        return EXEC_JUMP;
    if (has_writeback(m))
        set_reg_or_sp(c, rn, wb);
    return EXEC_NEXT;
}

/* The single-register GPR forms, in the order of their handler tables: STRx and LDRx by size,
 * then the sign-extending loads to X by size, then to W. */
enum gpr_kind {
    K_STRB, K_STRH, K_STR_W, K_STR_X,
    K_LDRB, K_LDRH, K_LDR_W, K_LDR_X,
    K_LDRSB_X, K_LDRSH_X, K_LDRSW,
    K_LDRSB_W, K_LDRSH_W,
    GPR_KINDS
};

#define GPR_FORMS(X, M, MODE)                                                                                     \
    X(M, MODE, strb, 0, 1, ZERO_EXTEND) X(M, MODE, strh, 0, 2, ZERO_EXTEND) X(M, MODE, str_w, 0, 4, ZERO_EXTEND)     \
    X(M, MODE, str_x, 0, 8, ZERO_EXTEND) X(M, MODE, ldrb, 1, 1, ZERO_EXTEND) X(M, MODE, ldrh, 1, 2, ZERO_EXTEND)     \
    X(M, MODE, ldr_w, 1, 4, ZERO_EXTEND) X(M, MODE, ldr_x, 1, 8, ZERO_EXTEND)                                      \
    X(M, MODE, ldrsb_x, 1, 1, SIGN_EXTEND_64) X(M, MODE, ldrsh_x, 1, 2, SIGN_EXTEND_64)                             \
    X(M, MODE, ldrsw, 1, 4, SIGN_EXTEND_64) X(M, MODE, ldrsb_w, 1, 1, SIGN_EXTEND_32)                               \
    X(M, MODE, ldrsh_w, 1, 2, SIGN_EXTEND_32)

#define DEFINE_GPR(M, MODE, NAME, LOAD, SIZE, EXT)                                                                \
    static enum exec_status exec_##NAME##_##M(struct cpu *c, const struct insn *i)                               \
    {                                                                                                             \
        return LOAD ? gpr_load(c, i, MODE, SIZE, EXT) : gpr_store(c, i, MODE, SIZE);                              \
    }
#define GPR_ENTRY(M, MODE, NAME, LOAD, SIZE, EXT) exec_##NAME##_##M,

GPR_FORMS(DEFINE_GPR, off, AM_OFFSET)
GPR_FORMS(DEFINE_GPR, pre, AM_PRE)
GPR_FORMS(DEFINE_GPR, post, AM_POST)
GPR_FORMS(DEFINE_GPR, reg, AM_REG)

static const exec_fn gpr_handlers[SINGLE_MODES][GPR_KINDS] = {
    [AM_OFFSET] = { GPR_FORMS(GPR_ENTRY, off, AM_OFFSET) },
    [AM_PRE] = { GPR_FORMS(GPR_ENTRY, pre, AM_PRE) },
    [AM_POST] = { GPR_FORMS(GPR_ENTRY, post, AM_POST) },
    [AM_REG] = { GPR_FORMS(GPR_ENTRY, reg, AM_REG) },
};

static enum exec_status exec_ldr_w_lit(struct cpu *c, const struct insn *i)
{
    return gpr_load(c, i, AM_LITERAL, 4, ZERO_EXTEND);
}
static enum exec_status exec_ldr_x_lit(struct cpu *c, const struct insn *i)
{
    return gpr_load(c, i, AM_LITERAL, 8, ZERO_EXTEND);
}
static enum exec_status exec_ldrsw_lit(struct cpu *c, const struct insn *i)
{
    return gpr_load(c, i, AM_LITERAL, 4, SIGN_EXTEND_64);
}

/* PRFM/PRFUM: Prefetch() is a hint; the address is not even checked for SP alignment (the
 * pseudocode calls CheckSPAlignment() only when memop != MemOp_PREFETCH), so it never faults. */
static enum exec_status exec_prfm(struct cpu *c, const struct insn *i)
{
    (void)c;
    (void)i;
    return EXEC_NEXT;
}

/* ---- SIMD&FP registers, single ---- */

/* Load size bytes (1-16) into V[t], zeroing the rest of the register. */
static ALWAYS_INLINE enum exec_status fp_load(struct cpu *c, const struct insn *i, enum addr_mode m, unsigned size)
{
    uint64_t addr, wb = 0, v[2] = { 0, 0 };
    if (!aarch64_check_fp_enabled(c) || !effective_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    if (size == 16 ? !mem_read128(c, addr, v, i->aux) : !mem_read(c, addr, size, &v[0], i->aux))
        return EXEC_JUMP;
    c->v[i->rd][0] = v[0];
    c->v[i->rd][1] = v[1];
    if (has_writeback(m))
        set_reg_or_sp(c, i->rn, wb);
    return EXEC_NEXT;
}

static ALWAYS_INLINE enum exec_status fp_store(struct cpu *c, const struct insn *i, enum addr_mode m, unsigned size)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    unsigned rn = i->rn;
    uint32_t desc = i->aux;
    const uint64_t v[2] = { c->v[i->rd][0], c->v[i->rd][1] };
    uint64_t addr, wb = 0;
    if (!effective_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    if (size == 16 ? !mem_write128(c, addr, v, desc) : !mem_write(c, addr, size, v[0], desc))
        return EXEC_JUMP;
    if (has_writeback(m))
        set_reg_or_sp(c, rn, wb);
    return EXEC_NEXT;
}

/* Indexed by load * 5 + log2(size). */
#define FP_KINDS 10
#define FP_FORMS(X, M, MODE)                                                                                      \
    X(M, MODE, str_b, 0, 1) X(M, MODE, str_h, 0, 2) X(M, MODE, str_s, 0, 4) X(M, MODE, str_d, 0, 8)                 \
    X(M, MODE, str_q, 0, 16) X(M, MODE, ldr_b, 1, 1) X(M, MODE, ldr_h, 1, 2) X(M, MODE, ldr_s, 1, 4)               \
    X(M, MODE, ldr_d, 1, 8) X(M, MODE, ldr_q, 1, 16)

#define DEFINE_FP(M, MODE, NAME, LOAD, SIZE)                                                                      \
    static enum exec_status exec_##NAME##_##M(struct cpu *c, const struct insn *i)                               \
    {                                                                                                             \
        return LOAD ? fp_load(c, i, MODE, SIZE) : fp_store(c, i, MODE, SIZE);                                     \
    }
#define FP_ENTRY(M, MODE, NAME, LOAD, SIZE) exec_##NAME##_##M,

FP_FORMS(DEFINE_FP, off, AM_OFFSET)
FP_FORMS(DEFINE_FP, pre, AM_PRE)
FP_FORMS(DEFINE_FP, post, AM_POST)
FP_FORMS(DEFINE_FP, reg, AM_REG)

static const exec_fn fp_handlers[SINGLE_MODES][FP_KINDS] = {
    [AM_OFFSET] = { FP_FORMS(FP_ENTRY, off, AM_OFFSET) },
    [AM_PRE] = { FP_FORMS(FP_ENTRY, pre, AM_PRE) },
    [AM_POST] = { FP_FORMS(FP_ENTRY, post, AM_POST) },
    [AM_REG] = { FP_FORMS(FP_ENTRY, reg, AM_REG) },
};

static enum exec_status exec_ldr_s_lit(struct cpu *c, const struct insn *i) { return fp_load(c, i, AM_LITERAL, 4); }
static enum exec_status exec_ldr_d_lit(struct cpu *c, const struct insn *i) { return fp_load(c, i, AM_LITERAL, 8); }
static enum exec_status exec_ldr_q_lit(struct cpu *c, const struct insn *i) { return fp_load(c, i, AM_LITERAL, 16); }

/* ---- Pairs (Rt in rd, Rt2 in ra) ---- */

static ALWAYS_INLINE enum exec_status gpr_load_pair(struct cpu *c, const struct insn *i, enum addr_mode m,
                                                    unsigned size, enum load_extend e)
{
    uint64_t addr, wb = 0, a, b;
    if (!effective_address(c, i, m, &addr, &wb) || !mem_read(c, addr, size, &a, i->aux) ||
        !mem_read(c, addr + size, size, &b, i->aux))
        return EXEC_JUMP;
    set_reg(c, i->rd, extend_loaded(a, size, e));
    set_reg(c, i->ra, extend_loaded(b, size, e)); /* after Rt: see LDPOVERLAP above */
    if (has_writeback(m))
        set_reg_or_sp(c, i->rn, wb);
    return EXEC_NEXT;
}

static ALWAYS_INLINE enum exec_status gpr_store_pair(struct cpu *c, const struct insn *i, enum addr_mode m,
                                                     unsigned size)
{
    unsigned rn = i->rn;
    uint32_t desc = i->aux;
    uint64_t a = c->x[i->rd], b = c->x[i->ra];
    uint64_t addr, wb = 0;
    if (!effective_address(c, i, m, &addr, &wb) || !mem_write(c, addr, size, a, desc) ||
        !mem_write(c, addr + size, size, b, desc))
        return EXEC_JUMP;
    if (has_writeback(m))
        set_reg_or_sp(c, rn, wb);
    return EXEC_NEXT;
}

static ALWAYS_INLINE enum exec_status fp_load_pair(struct cpu *c, const struct insn *i, enum addr_mode m,
                                                   unsigned size)
{
    uint64_t addr, wb = 0, a[2] = { 0, 0 }, b[2] = { 0, 0 };
    if (!aarch64_check_fp_enabled(c) || !effective_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    bool ok = size == 16 ? mem_read128(c, addr, a, i->aux) && mem_read128(c, addr + 16, b, i->aux)
                         : mem_read(c, addr, size, &a[0], i->aux) && mem_read(c, addr + size, size, &b[0], i->aux);
    if (!ok)
        return EXEC_JUMP;
    c->v[i->rd][0] = a[0];
    c->v[i->rd][1] = a[1];
    c->v[i->ra][0] = b[0];
    c->v[i->ra][1] = b[1];
    if (has_writeback(m))
        set_reg_or_sp(c, i->rn, wb);
    return EXEC_NEXT;
}

static ALWAYS_INLINE enum exec_status fp_store_pair(struct cpu *c, const struct insn *i, enum addr_mode m,
                                                    unsigned size)
{
    if (!aarch64_check_fp_enabled(c))
        return EXEC_JUMP;
    unsigned rn = i->rn;
    uint32_t desc = i->aux;
    const uint64_t a[2] = { c->v[i->rd][0], c->v[i->rd][1] }, b[2] = { c->v[i->ra][0], c->v[i->ra][1] };
    uint64_t addr, wb = 0;
    if (!effective_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    bool ok = size == 16 ? mem_write128(c, addr, a, desc) && mem_write128(c, addr + 16, b, desc)
                         : mem_write(c, addr, size, a[0], desc) && mem_write(c, addr + size, size, b[0], desc);
    if (!ok)
        return EXEC_JUMP;
    if (has_writeback(m))
        set_reg_or_sp(c, rn, wb);
    return EXEC_NEXT;
}

/* STP/LDP W and X, LDPSW, then SIMD&FP STP/LDP S, D, Q. */
enum pair_kind { P_STP_W, P_STP_X, P_LDP_W, P_LDP_X, P_LDPSW, P_STP_S, P_STP_D, P_STP_Q, P_LDP_S, P_LDP_D, P_LDP_Q,
                 PAIR_KINDS };

#define PAIR_FORMS(X, M, MODE)                                                                                    \
    X(M, MODE, stp_w, gpr_store_pair(c, i, MODE, 4)) X(M, MODE, stp_x, gpr_store_pair(c, i, MODE, 8))             \
    X(M, MODE, ldp_w, gpr_load_pair(c, i, MODE, 4, ZERO_EXTEND))                                                  \
    X(M, MODE, ldp_x, gpr_load_pair(c, i, MODE, 8, ZERO_EXTEND))                                                  \
    X(M, MODE, ldpsw, gpr_load_pair(c, i, MODE, 4, SIGN_EXTEND_64))                                               \
    X(M, MODE, stp_s, fp_store_pair(c, i, MODE, 4)) X(M, MODE, stp_d, fp_store_pair(c, i, MODE, 8))               \
    X(M, MODE, stp_q, fp_store_pair(c, i, MODE, 16)) X(M, MODE, ldp_s, fp_load_pair(c, i, MODE, 4))              \
    X(M, MODE, ldp_d, fp_load_pair(c, i, MODE, 8)) X(M, MODE, ldp_q, fp_load_pair(c, i, MODE, 16))

#define DEFINE_PAIR(M, MODE, NAME, CALL)                                                                          \
    static enum exec_status exec_##NAME##_##M(struct cpu *c, const struct insn *i) { return CALL; }
#define PAIR_ENTRY(M, MODE, NAME, CALL) exec_##NAME##_##M,

PAIR_FORMS(DEFINE_PAIR, off, AM_OFFSET)
PAIR_FORMS(DEFINE_PAIR, pre, AM_PRE)
PAIR_FORMS(DEFINE_PAIR, post, AM_POST)

static const exec_fn pair_handlers[PAIR_MODES][PAIR_KINDS] = {
    [AM_OFFSET] = { PAIR_FORMS(PAIR_ENTRY, off, AM_OFFSET) },
    [AM_PRE] = { PAIR_FORMS(PAIR_ENTRY, pre, AM_PRE) },
    [AM_POST] = { PAIR_FORMS(PAIR_ENTRY, post, AM_POST) },
};

/* ---- Exclusives and ordered accesses (size in bytes in op, Rs in rm, Rt2 in ra) ---- */

static enum exec_status exec_ldxr(struct cpu *c, const struct insn *i)
{
    uint64_t addr, v;
    if (!base_register(c, i->rn, &addr) || !mem_load_exclusive(c, addr, i->op, &v, i->aux))
        return EXEC_JUMP;
    set_reg(c, i->rd, v);
    return EXEC_NEXT;
}

static enum exec_status exec_stxr(struct cpu *c, const struct insn *i)
{
    unsigned rs = i->rm, size = i->op;
    uint32_t desc = i->aux, status;
    uint64_t v = c->x[i->rd], addr;
    if (!base_register(c, i->rn, &addr) || !mem_store_exclusive(c, addr, size, v, desc, &status))
        return EXEC_JUMP;
    set_reg(c, rs, status);
    return EXEC_NEXT;
}

static enum exec_status exec_ldxp(struct cpu *c, const struct insn *i)
{
    uint64_t addr, v[2];
    if (!base_register(c, i->rn, &addr) || !mem_load_exclusive_pair(c, addr, i->op, v, i->aux))
        return EXEC_JUMP;
    set_reg(c, i->rd, v[0]);
    set_reg(c, i->ra, v[1]);
    return EXEC_NEXT;
}

static enum exec_status exec_stxp(struct cpu *c, const struct insn *i)
{
    unsigned rs = i->rm, size = i->op;
    uint32_t desc = i->aux, status;
    const uint64_t v[2] = { c->x[i->rd], c->x[i->ra] };
    uint64_t addr;
    if (!base_register(c, i->rn, &addr) || !mem_store_exclusive_pair(c, addr, size, v, desc, &status))
        return EXEC_JUMP;
    set_reg(c, rs, status);
    return EXEC_NEXT;
}

static enum exec_status exec_ldar(struct cpu *c, const struct insn *i)
{
    uint64_t addr, v;
    if (!base_register(c, i->rn, &addr) || !mem_read(c, addr, i->op, &v, i->aux))
        return EXEC_JUMP;
    set_reg(c, i->rd, v);
    return EXEC_NEXT;
}

static enum exec_status exec_stlr(struct cpu *c, const struct insn *i)
{
    unsigned size = i->op;
    uint32_t desc = i->aux;
    uint64_t v = c->x[i->rd], addr;
    if (!base_register(c, i->rn, &addr) || !mem_write(c, addr, size, v, desc))
        return EXEC_JUMP;
    return EXEC_NEXT;
}

/* ---- Advanced SIMD structures ----
 * Operands: Rt in rd, Rn in rn, Rm in rm (post-index by register), the post-index immediate in imm,
 * log2 of the element size in op, selem (structure elements) in op2, and in ra the elements per
 * register (multiple, LDnR) or the lane index (single); sf holds rpt (registers per structure
 * element) of the multiple forms. Registers wrap: V(t + k) mod 32. Loads fill a temporary copy of
 * the registers and write them, and the base, only after every access succeeded. */

#define STRUCT_MAX_REGS 4 /* rpt * selem <= 4: one of them is 1 */

/* The base of a structure access, and the written-back value (address + offs) when m has writeback. */
static ALWAYS_INLINE bool structure_address(struct cpu *c, const struct insn *i, enum addr_mode m, uint64_t *addr,
                                           uint64_t *wb)
{
    if (!aarch64_check_fp_enabled(c) || !base_register(c, i->rn, addr))
        return false;
    if (m == AM_POST)
        *wb = *addr + (uint64_t)i->imm;
    else if (m == AM_REG)
        *wb = *addr + c->x[i->rm]; /* Rm = 31 is the immediate form, so x[rm] is never XZR here */
    return true;
}

static ALWAYS_INLINE uint8_t *vreg_bytes(struct cpu *c, unsigned n) { return (uint8_t *)c->v[n & 31]; }

/* LD1-LD4 (multiple structures): element e of structure element s of repeat r is at
 * addr + ((r * elements + e) * selem + s) * ebytes and goes to V(t + r + s), element e. */
static ALWAYS_INLINE enum exec_status ld_multiple(struct cpu *c, const struct insn *i, enum addr_mode m)
{
    unsigned ebytes = 1u << i->op, selem = i->op2, elements = i->ra, rpt = i->sf, regs = rpt * selem;
    uint64_t addr, wb = 0, offs = 0, v;
    uint8_t tmp[STRUCT_MAX_REGS][16] = { { 0 } }; /* a 64-bit load zeroes the upper half */
    if (!structure_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    const uint8_t *block;
    if (selem == 1 && (block = mem_fast_read_block(c, addr, (uint64_t)regs * elements * ebytes, ebytes, i->aux))) {
        for (unsigned r = 0; r < rpt; r++)      /* LD1: the registers' bytes one after another */
            memcpy(tmp[r], block + r * elements * ebytes, elements * ebytes);
    } else {
        for (unsigned r = 0; r < rpt; r++)
            for (unsigned e = 0; e < elements; e++)
                for (unsigned s = 0; s < selem; s++, offs += ebytes) {
                    if (!mem_read(c, addr + offs, ebytes, &v, i->aux))
                        return EXEC_JUMP;
                    memcpy(&tmp[r + s][e * ebytes], &v, ebytes);
                }
    }
    for (unsigned k = 0; k < regs; k++)
        memcpy(vreg_bytes(c, i->rd + k), tmp[k], 16);
    if (m != AM_OFFSET)
        set_reg_or_sp(c, i->rn, wb);
    return EXEC_NEXT;
}

/* ST1-ST4 (multiple structures): the inverse of ld_multiple. */
static ALWAYS_INLINE enum exec_status st_multiple(struct cpu *c, const struct insn *i, enum addr_mode m)
{
    /* A store may overwrite this instruction's slot: take the operands first. */
    unsigned ebytes = 1u << i->op, selem = i->op2, elements = i->ra, rpt = i->sf, t = i->rd, rn = i->rn;
    uint32_t desc = i->aux;
    uint64_t addr, wb = 0, offs = 0;
    if (!structure_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    uint8_t *block;
    if (selem == 1 && (block = mem_fast_write_block(c, addr, (uint64_t)rpt * elements * ebytes, ebytes, desc))) {
        for (unsigned r = 0; r < rpt; r++)      /* ST1: the registers' bytes one after another */
            memcpy(block + r * elements * ebytes, vreg_bytes(c, t + r), elements * ebytes);
        if (m != AM_OFFSET)
            set_reg_or_sp(c, rn, wb);
        return EXEC_NEXT;
    }
    for (unsigned r = 0; r < rpt; r++)
        for (unsigned e = 0; e < elements; e++)
            for (unsigned s = 0; s < selem; s++, offs += ebytes) {
                uint64_t v = 0;
                memcpy(&v, vreg_bytes(c, t + r + s) + e * ebytes, ebytes);
                if (!mem_write(c, addr + offs, ebytes, v, desc))
                    return EXEC_JUMP;
            }
    if (m != AM_OFFSET)
        set_reg_or_sp(c, rn, wb);
    return EXEC_NEXT;
}

/* LD1-LD4 (single structure): one lane of each register; the other lanes are kept. */
static ALWAYS_INLINE enum exec_status ld_single(struct cpu *c, const struct insn *i, enum addr_mode m)
{
    unsigned ebytes = 1u << i->op, selem = i->op2, lane = i->ra * ebytes;
    uint64_t addr, wb = 0, v[STRUCT_MAX_REGS];
    if (!structure_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    for (unsigned s = 0; s < selem; s++)
        if (!mem_read(c, addr + s * ebytes, ebytes, &v[s], i->aux))
            return EXEC_JUMP;
    for (unsigned s = 0; s < selem; s++)
        memcpy(vreg_bytes(c, i->rd + s) + lane, &v[s], ebytes);
    if (m != AM_OFFSET)
        set_reg_or_sp(c, i->rn, wb);
    return EXEC_NEXT;
}

/* ST1-ST4 (single structure) */
static ALWAYS_INLINE enum exec_status st_single(struct cpu *c, const struct insn *i, enum addr_mode m)
{
    unsigned ebytes = 1u << i->op, selem = i->op2, lane = i->ra * ebytes, t = i->rd, rn = i->rn;
    uint32_t desc = i->aux;
    uint64_t addr, wb = 0;
    if (!structure_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    for (unsigned s = 0; s < selem; s++) {
        uint64_t v = 0;
        memcpy(&v, vreg_bytes(c, t + s) + lane, ebytes);
        if (!mem_write(c, addr + s * ebytes, ebytes, v, desc))
            return EXEC_JUMP;
    }
    if (m != AM_OFFSET)
        set_reg_or_sp(c, rn, wb);
    return EXEC_NEXT;
}

/* LD1R-LD4R: each element is replicated to every element of its register (zeroing the upper
 * half when Q = 0). */
static ALWAYS_INLINE enum exec_status ld_replicate(struct cpu *c, const struct insn *i, enum addr_mode m)
{
    unsigned ebytes = 1u << i->op, selem = i->op2, elements = i->ra;
    uint64_t addr, wb = 0, v[STRUCT_MAX_REGS];
    if (!structure_address(c, i, m, &addr, &wb))
        return EXEC_JUMP;
    for (unsigned s = 0; s < selem; s++)
        if (!mem_read(c, addr + s * ebytes, ebytes, &v[s], i->aux))
            return EXEC_JUMP;
    for (unsigned s = 0; s < selem; s++) {
        uint8_t *reg = vreg_bytes(c, i->rd + s);
        memset(reg, 0, 16);
        for (unsigned e = 0; e < elements; e++)
            memcpy(reg + e * ebytes, &v[s], ebytes);
    }
    if (m != AM_OFFSET)
        set_reg_or_sp(c, i->rn, wb);
    return EXEC_NEXT;
}

#define STRUCT_FORMS(X, M, MODE)                                                                                  \
    X(M, MODE, ld_multiple) X(M, MODE, st_multiple) X(M, MODE, ld_single) X(M, MODE, st_single)                   \
    X(M, MODE, ld_replicate)
#define DEFINE_STRUCT(M, MODE, NAME)                                                                              \
    static enum exec_status exec_##NAME##_##M(struct cpu *c, const struct insn *i) { return NAME(c, i, MODE); }

STRUCT_FORMS(DEFINE_STRUCT, off, AM_OFFSET)
STRUCT_FORMS(DEFINE_STRUCT, post, AM_POST)
STRUCT_FORMS(DEFINE_STRUCT, reg, AM_REG)

/* Indexed by addr_mode; there is no pre-indexed form. */
#define STRUCT_HANDLERS(NAME)                                                                                     \
    static const exec_fn NAME##_handlers[SINGLE_MODES] = {                                                        \
        [AM_OFFSET] = exec_##NAME##_off, [AM_POST] = exec_##NAME##_post, [AM_REG] = exec_##NAME##_reg,            \
    };
STRUCT_HANDLERS(ld_multiple)
STRUCT_HANDLERS(st_multiple)
STRUCT_HANDLERS(ld_single)
STRUCT_HANDLERS(st_single)
STRUCT_HANDLERS(ld_replicate)

/* ---- Decode ---- */

/* Load/store exclusive (v8.0): size 001000 o2 L o1 Rs o0 Rt2 Rn Rt. */
static enum decode_result decode_exclusive(struct insn *i, uint32_t w)
{
    unsigned size = bits(w, 31, 30), rt = bits(w, 4, 0);
    bool o2 = bit(w, 23), load = bit(w, 22), o1 = bit(w, 21), o0 = bit(w, 15);
    i->rd = rt;
    i->rn = bits(w, 9, 5);
    i->rm = bits(w, 20, 16);
    i->ra = bits(w, 14, 10);
    i->op = 1u << size;
    if (o2) {
        /* o1 = 1 is CAS (ARMv8.1), o0 = 0 is LDLAR/STLLR (ARMv8.1 LOR). */
        if (o1 || !o0)
            return DECODE_UNALLOCATED;
        i->exec = load ? exec_ldar : exec_stlr;
        i->aux = MEM_ORDERED | mem_syndrome(size, false, rt, size == 3, true);
        i->cost = load ? TIMING_LOAD : TIMING_STORE;
        return DECODE_OK;
    }
    i->aux = MEM_EXCLUSIVE;
    if (o1) {
        /* Pairs exist for W and X only; size 0x with o1 = 1 is CASP (ARMv8.1). */
        if (!(size & 2))
            return DECODE_UNALLOCATED;
        i->op = 4u << (size & 1);
        i->exec = load ? exec_ldxp : exec_stxp;
    } else {
        i->exec = load ? exec_ldxr : exec_stxr;
    }
    i->cost = load ? TIMING_LOAD : TIMING_STORE; /* estimate: as the plain accesses */
    return DECODE_OK;
}

/* Load register (literal): opc 011 V 00 imm19 Rt. */
static enum decode_result decode_literal(struct insn *i, uint32_t w)
{
    unsigned opc = bits(w, 31, 30), rt = bits(w, 4, 0);
    i->rd = rt;
    i->imm = sign_extend(bits(w, 23, 5), 19) * 4;
    if (bit(w, 26)) {
        static const exec_fn fp_lit[3] = { exec_ldr_s_lit, exec_ldr_d_lit, exec_ldr_q_lit };
        if (opc == 3)
            return DECODE_UNALLOCATED;
        i->exec = fp_lit[opc];
        i->aux = MEM_PAIR;
        i->cost = TIMING_LOAD_FP;
        return DECODE_OK;
    }
    switch (opc) {
    case 0:
        i->exec = exec_ldr_w_lit;
        i->aux = MEM_NORMAL | mem_syndrome(2, false, rt, false, false);
        break;
    case 1:
        i->exec = exec_ldr_x_lit;
        i->aux = MEM_NORMAL | mem_syndrome(3, false, rt, true, false);
        break;
    case 2:
        i->exec = exec_ldrsw_lit;
        i->aux = MEM_NORMAL | mem_syndrome(2, true, rt, true, false);
        break;
    default:
        i->exec = exec_prfm;
        i->cost = TIMING_STORE; /* a hint: issues, nothing waits for it */
        return DECODE_OK;
    }
    i->cost = TIMING_LOAD;
    return DECODE_OK;
}

/* Load/store pair, all four classes: opc 101 V 0 xx L imm7 Rt2 Rn Rt. */
static enum decode_result decode_pair(struct insn *i, uint32_t w, enum addr_mode m, bool no_allocate)
{
    unsigned opc = bits(w, 31, 30), kind, scale;
    bool load = bit(w, 22);
    if (opc == 3)
        return DECODE_UNALLOCATED;
    if (bit(w, 26)) {
        scale = 2 + opc;
        kind = (load ? P_LDP_S : P_STP_S) + opc;
        i->cost = load ? TIMING_LOAD_FP : TIMING_STORE;
    } else {
        if (opc == 1) {
            /* LDPSW has no store and no no-allocate form. */
            if (!load || no_allocate)
                return DECODE_UNALLOCATED;
            kind = P_LDPSW;
            scale = 2;
        } else {
            scale = opc ? 3 : 2;
            kind = (load ? P_LDP_W : P_STP_W) + (opc >> 1);
        }
        i->cost = !load ? TIMING_STORE : has_writeback(m) ? TIMING_LOAD_WB : TIMING_LOAD;
    }
    i->exec = pair_handlers[m][kind];
    i->rd = bits(w, 4, 0);
    i->rn = bits(w, 9, 5);
    i->ra = bits(w, 14, 10);
    i->imm = sign_extend(bits(w, 21, 15), 7) * (1 << scale);
    i->aux = MEM_PAIR;
    return DECODE_OK;
}

static enum decode_result decode_pair_no_allocate(struct insn *i, uint32_t w)
{
    return decode_pair(i, w, AM_OFFSET, true);
}
static enum decode_result decode_pair_post(struct insn *i, uint32_t w) { return decode_pair(i, w, AM_POST, false); }
static enum decode_result decode_pair_offset(struct insn *i, uint32_t w) { return decode_pair(i, w, AM_OFFSET, false); }
static enum decode_result decode_pair_pre(struct insn *i, uint32_t w) { return decode_pair(i, w, AM_PRE, false); }

/* The single-register classes: size 111 V 0x opc ... Rn Rt. */
enum reg_class { RC_UNSCALED, RC_POST, RC_UNPRIV, RC_PRE, RC_REGISTER, RC_UNSIGNED };

static enum decode_result decode_single(struct insn *i, uint32_t w, enum reg_class rc)
{
    static const enum addr_mode class_mode[] = {
        [RC_UNSCALED] = AM_OFFSET, [RC_POST] = AM_POST, [RC_UNPRIV] = AM_OFFSET,
        [RC_PRE] = AM_PRE, [RC_REGISTER] = AM_REG, [RC_UNSIGNED] = AM_OFFSET,
    };
    unsigned size = bits(w, 31, 30), opc = bits(w, 23, 22), rt = bits(w, 4, 0), scale;
    enum addr_mode m = class_mode[rc];
    bool simd = bit(w, 26);
    bool prefetch = !simd && size == 3 && opc == 2;

    if (simd) {
        /* opc<1> selects Q (size 00 only); there are no unprivileged SIMD&FP forms. */
        if (rc == RC_UNPRIV || ((opc & 2) && size != 0))
            return DECODE_UNALLOCATED;
        scale = (opc & 2) ? 4 : size;
    } else {
        /* LDRS* to W of a W or X, and PRFM outside the unscaled, register and unsigned forms. */
        if ((opc == 3 && size >= 2) || (prefetch && (rc == RC_POST || rc == RC_PRE || rc == RC_UNPRIV)))
            return DECODE_UNALLOCATED;
        scale = size;
    }

    i->rd = rt;
    i->rn = bits(w, 9, 5);
    if (rc == RC_REGISTER) {
        unsigned option = bits(w, 15, 13);
        if (!(option & 2))
            return DECODE_UNALLOCATED; /* option<1> == 0: no 8/16-bit extends of an offset */
        i->rm = bits(w, 20, 16);
        i->op = option == 2 ? EXTEND_UXTW : option == 6 ? EXTEND_SXTW : EXTEND_X;
        i->op2 = bit(w, 12) ? scale : 0;
    } else if (rc == RC_UNSIGNED) {
        i->imm = (int64_t)bits(w, 21, 10) << scale;
    } else {
        i->imm = sign_extend(bits(w, 20, 12), 9);
    }

    if (prefetch) {
        i->exec = exec_prfm;
        i->cost = TIMING_STORE; /* a hint: issues, nothing waits for it */
        return DECODE_OK;
    }
    if (simd) {
        bool load = opc & 1;
        i->exec = fp_handlers[m][load * 5 + scale];
        i->aux = MEM_PAIR;
        /* LDR Q with a register offset: 6 cycles (A72 optimization guide). */
        i->cost = !load ? TIMING_STORE : (m == AM_REG && scale == 4) ? TIMING_LOAD_FP + 1 : TIMING_LOAD_FP;
        return DECODE_OK;
    }

    unsigned kind;
    bool sign = opc >= 2, sf;
    switch (opc) {
    case 0: kind = K_STRB + size; sf = size == 3; break;
    case 1: kind = K_LDRB + size; sf = size == 3; break;
    case 2: kind = K_LDRSB_X + size; sf = true; break;
    default: kind = K_LDRSB_W + size; sf = false; break;
    }
    i->exec = gpr_handlers[m][kind];
    i->aux = rc == RC_UNPRIV ? MEM_UNPRIV : MEM_NORMAL;
    /* The Arm ARM gives ISV = 1 only to single-register accesses without writeback. */
    if (!has_writeback(m))
        i->aux |= mem_syndrome(size, sign, rt, sf, false);
    i->cost = opc == 0 ? TIMING_STORE : has_writeback(m) ? TIMING_LOAD_WB : TIMING_LOAD;
    return DECODE_OK;
}

static enum decode_result decode_unscaled(struct insn *i, uint32_t w) { return decode_single(i, w, RC_UNSCALED); }
static enum decode_result decode_post(struct insn *i, uint32_t w) { return decode_single(i, w, RC_POST); }
static enum decode_result decode_unpriv(struct insn *i, uint32_t w) { return decode_single(i, w, RC_UNPRIV); }
static enum decode_result decode_pre(struct insn *i, uint32_t w) { return decode_single(i, w, RC_PRE); }
static enum decode_result decode_register(struct insn *i, uint32_t w) { return decode_single(i, w, RC_REGISTER); }
static enum decode_result decode_unsigned(struct insn *i, uint32_t w) { return decode_single(i, w, RC_UNSIGNED); }

/* Advanced SIMD structures: the address mode (AM_OFFSET, AM_POST by imm, AM_REG post-indexed by Xm)
 * and the shape of the transfer, decoded once (the Arm ARM's shared decode of "Advanced SIMD load/store
 * multiple structures" / "single structure"). */
static void decode_simd_structure(struct insn *i, uint32_t w, const exec_fn handlers[SINGLE_MODES], unsigned selem,
                                  unsigned scale, unsigned total_bytes)
{
    unsigned rm = bits(w, 20, 16);
    enum addr_mode m = !bit(w, 23) ? AM_OFFSET : rm == 31 ? AM_POST : AM_REG;
    i->exec = handlers[m];
    i->rd = bits(w, 4, 0);
    i->rn = bits(w, 9, 5);
    i->rm = rm;
    i->imm = total_bytes; /* the post-index immediate is the size of the transfer */
    i->op = scale;
    i->op2 = selem;
    i->aux = MEM_PAIR; /* ISV = 0, as every SIMD&FP access */
    /* Estimate: one load (store) cost per instruction; the A72's multi-register forms issue more uops. */
    i->cost = bit(w, 22) ? TIMING_LOAD_FP : TIMING_STORE;
}

/* Advanced SIMD load/store multiple structures (and post-indexed): 0 Q 001100 p L 0 Rm opcode size Rn Rt.
 * Allocated: opcode 0000 (LD4/ST4), 0010 (LD1/ST1, 4 regs), 0100 (LD3/ST3), 0110 (LD1/ST1, 3 regs),
 * 0111 (LD1/ST1, 1 reg), 1000 (LD2/ST2), 1010 (LD1/ST1, 2 regs); size:Q = 110 is reserved for the
 * interleaving forms (selem != 1). */
static enum decode_result decode_simd_multiple(struct insn *i, uint32_t w)
{
    unsigned opcode = bits(w, 15, 12), size = bits(w, 11, 10), rpt, selem;
    bool q = bit(w, 30), load_form = bit(w, 22);
    switch (opcode) {
    case 0: rpt = 1; selem = 4; break;
    case 2: rpt = 4; selem = 1; break;
    case 4: rpt = 1; selem = 3; break;
    case 6: rpt = 3; selem = 1; break;
    case 7: rpt = 1; selem = 1; break;
    case 8: rpt = 1; selem = 2; break;
    case 10: rpt = 2; selem = 1; break;
    default: return DECODE_UNALLOCATED;
    }
    if (selem != 1 && size == 3 && !q)
        return DECODE_UNALLOCATED;
    unsigned reg_bytes = q ? 16 : 8;
    decode_simd_structure(i, w, load_form ? ld_multiple_handlers : st_multiple_handlers, selem, size,
                          rpt * selem * reg_bytes);
    i->ra = reg_bytes >> size;
    i->sf = rpt;
    return DECODE_OK;
}

/* Advanced SIMD load/store single structure (and post-indexed): 0 Q 001101 p L R Rm opcode S size Rn Rt.
 * The checks of the pseudocode's decode: scale = opcode<2:1>, selem = opcode<0>:R + 1. */
static enum decode_result decode_simd_single(struct insn *i, uint32_t w)
{
    unsigned scale = bits(w, 15, 14), size = bits(w, 11, 10), selem = (bit(w, 13) << 1 | bit(w, 21)) + 1;
    unsigned q = bit(w, 30), s = bit(w, 12), index;
    bool load_form = bit(w, 22);
    switch (scale) {
    case 0:
        index = q << 3 | s << 2 | size;
        break;
    case 1:
        if (size & 1)
            return DECODE_UNALLOCATED;
        index = q << 2 | s << 1 | size >> 1;
        break;
    case 2:
        if ((size & 2) || (size == 1 && s))
            return DECODE_UNALLOCATED;
        if (size == 1) { /* a D lane */
            scale = 3;
            index = q;
        } else {
            index = q << 1 | s;
        }
        break;
    default: /* LDnR: loads only, S = 0 */
        if (!load_form || s)
            return DECODE_UNALLOCATED;
        decode_simd_structure(i, w, ld_replicate_handlers, selem, size, selem << size);
        i->ra = (q ? 16 : 8) >> size;
        return DECODE_OK;
    }
    decode_simd_structure(i, w, load_form ? ld_single_handlers : st_single_handlers, selem, scale, selem << scale);
    i->ra = index;
    return DECODE_OK;
}

static const struct a64_encoding rows[] = {
    { 0xbfbf0000, 0x0c000000, "LD/ST multiple structures", decode_simd_multiple },
    { 0xbfa00000, 0x0c800000, "LD/ST multiple structures (post-index)", decode_simd_multiple },
    { 0xbf9f0000, 0x0d000000, "LD/ST single structure", decode_simd_single },
    { 0xbf800000, 0x0d800000, "LD/ST single structure (post-index)", decode_simd_single },
    { 0x3f000000, 0x08000000, "LDXR/STXR/LDAR/STLR", decode_exclusive },
    { 0x3b000000, 0x18000000, "LDR (literal)", decode_literal },
    { 0x3b800000, 0x28000000, "LDNP/STNP", decode_pair_no_allocate },
    { 0x3b800000, 0x28800000, "LDP/STP (post-index)", decode_pair_post },
    { 0x3b800000, 0x29000000, "LDP/STP (offset)", decode_pair_offset },
    { 0x3b800000, 0x29800000, "LDP/STP (pre-index)", decode_pair_pre },
    { 0x3b200c00, 0x38000000, "LDUR/STUR", decode_unscaled },
    { 0x3b200c00, 0x38000400, "LDR/STR (post-index)", decode_post },
    { 0x3b200c00, 0x38000800, "LDTR/STTR", decode_unpriv },
    { 0x3b200c00, 0x38000c00, "LDR/STR (pre-index)", decode_pre },
    { 0x3b200c00, 0x38200800, "LDR/STR (register offset)", decode_register },
    { 0x3b000000, 0x39000000, "LDR/STR (unsigned offset)", decode_unsigned },
};

const struct a64_encoding_group a64_group_ldst = { "ldst", rows, sizeof(rows) / sizeof(rows[0]) };
