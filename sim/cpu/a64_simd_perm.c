/* Advanced SIMD data movement: DUP, INS, UMOV, SMOV, the modified immediates (MOVI, MVNI, ORR,
 * BIC), REV16/32/64, the permutes (UZP, TRN, ZIP), EXT and the table lookups TBL/TBX. Nothing here
 * computes: elements only move. Operand fields as in a64_simd.h.
 */
#include "a64_simd.h"
#include "vreg.h"

/* Replicate an element of 8 << sz bits into 64 bits. */
static uint64_t replicate64(uint64_t v, unsigned sz)
{
    switch (sz) {
    case 0: return (v & 0xff) * 0x0101010101010101ull;
    case 1: return (v & 0xffff) * 0x0001000100010001ull;
    case 2: return (v & 0xffffffff) * 0x0000000100000001ull;
    default: return v;
    }
}

static void write_replicated(struct cpu *c, unsigned rd, uint64_t v, unsigned q)
{
    c->v[rd][0] = v;
    c->v[rd][1] = q ? v : 0;
}

/* DUP (element), vector and scalar: op2 = sz, imm = index; sf = Q (ra = 1 for the scalar form,
 * which writes the element alone). */
enum exec_status exec_simd_dup_elem(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn);
    uint64_t v = elem_get(&n, (unsigned)i->imm, i->op2);
    if (i->ra == 1) {
        struct vreg r = vreg_zero();
        elem_set(&r, 0, i->op2, v);
        vreg_write(c, i->rd, &r, 0);
    } else {
        write_replicated(c, i->rd, replicate64(v, i->op2), i->sf);
    }
    return EXEC_NEXT;
}

/* DUP (general): Vd = the low esize bits of Xn, replicated. */
enum exec_status exec_simd_dup_gen(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    write_replicated(c, i->rd, replicate64(c->x[i->rn], i->op2), i->sf);
    return EXEC_NEXT;
}

/* INS (element): Vd[imm] = Vn[aux]; the other elements are kept. */
enum exec_status exec_simd_ins_elem(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), d = vreg_read(c, i->rd);
    elem_set(&d, (unsigned)i->imm, i->op2, elem_get(&n, i->aux, i->op2));
    vreg_write(c, i->rd, &d, 1);
    return EXEC_NEXT;
}

/* INS (general): Vd[imm] = Xn. */
enum exec_status exec_simd_ins_gen(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg d = vreg_read(c, i->rd);
    elem_set(&d, (unsigned)i->imm, i->op2, c->x[i->rn]);
    vreg_write(c, i->rd, &d, 1);
    return EXEC_NEXT;
}

/* UMOV: Wd/Xd = the element, zero-extended. */
enum exec_status exec_simd_umov(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn);
    set_reg(c, i->rd, elem_get(&n, (unsigned)i->imm, i->op2));
    return EXEC_NEXT;
}

/* SMOV: Wd/Xd = the element, sign-extended to 32 (sf = 0) or 64 bits. */
enum exec_status exec_simd_smov(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn);
    uint64_t v = (uint64_t)elem_get_s(&n, (unsigned)i->imm, i->op2);
    set_reg(c, i->rd, i->sf ? v : (uint32_t)v);
    return EXEC_NEXT;
}

/* MOVI, MVNI, FMOV-like immediates: Vd = imm in each 64-bit half (the upper one only when Q). */
enum exec_status exec_simd_movi(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    write_replicated(c, i->rd, (uint64_t)i->imm, i->sf);
    return EXEC_NEXT;
}

/* ORR (vector, immediate) */
enum exec_status exec_simd_orr_imm(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    c->v[i->rd][0] |= (uint64_t)i->imm;
    c->v[i->rd][1] = i->sf ? c->v[i->rd][1] | (uint64_t)i->imm : 0;
    return EXEC_NEXT;
}

/* BIC (vector, immediate) */
enum exec_status exec_simd_bic_imm(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    c->v[i->rd][0] &= ~(uint64_t)i->imm;
    c->v[i->rd][1] = i->sf ? c->v[i->rd][1] & ~(uint64_t)i->imm : 0;
    return EXEC_NEXT;
}

/* REV16, REV32, REV64: reverse the elements (op2 = sz) within each container of imm bytes. */
enum exec_status exec_simd_rev(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), r;
    unsigned ebytes = 1u << i->op2, per = (unsigned)i->imm / ebytes, count = 16u >> i->op2;
    for (unsigned e = 0; e < count; e++) {
        unsigned base = e - e % per;
        elem_set(&r, e, i->op2, elem_get(&n, base + per - 1 - e % per, i->op2));
    }
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}

/* UZP1/2 (op = 1/5), TRN1/2 (2/6), ZIP1/2 (3/7): op<2> is the "2" part. ra = elements. */
enum exec_status exec_simd_permute(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    struct vreg n = vreg_read(c, i->rn), m = vreg_read(c, i->rm), r = vreg_zero();
    unsigned sz = i->op2, count = i->ra, part = i->op >> 2, pairs = count / 2;
    for (unsigned e = 0; e < count; e++) {
        uint64_t v;
        switch (i->op & 3) {
        case 1: {                               /* UZP: even (part 0) or odd elements of Vm:Vn */
            unsigned k = 2 * e + part;
            v = k < count ? elem_get(&n, k, sz) : elem_get(&m, k - count, sz);
            break;
        }
        case 2: {                               /* TRN */
            unsigned p = e / 2;
            v = (e & 1) ? elem_get(&m, 2 * p + part, sz) : elem_get(&n, 2 * p + part, sz);
            break;
        }
        default: {                              /* ZIP */
            unsigned k = part * pairs + e / 2;
            v = (e & 1) ? elem_get(&m, k, sz) : elem_get(&n, k, sz);
            break;
        }
        }
        elem_set(&r, e, sz, v);
    }
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}

/* EXT: bytes imm .. imm + len - 1 of Vm:Vn (len 8 or 16), as one shift of the concatenation. */
enum exec_status exec_simd_ext(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    unsigned shift = 8 * (unsigned)i->imm;
    if (i->sf) {
        unsigned __int128 n = (unsigned __int128)c->v[i->rn][1] << 64 | c->v[i->rn][0];
        unsigned __int128 m = (unsigned __int128)c->v[i->rm][1] << 64 | c->v[i->rm][0];
        unsigned __int128 r = shift ? n >> shift | m << (128 - shift) : n;
        c->v[i->rd][0] = (uint64_t)r;
        c->v[i->rd][1] = (uint64_t)(r >> 64);
    } else {
        uint64_t n = c->v[i->rn][0], m = c->v[i->rm][0];
        c->v[i->rd][0] = shift ? n >> shift | m << (64 - shift) : n;
        c->v[i->rd][1] = 0;
    }
    return EXEC_NEXT;
}

/* TBL, TBX: each index byte of Vm selects a byte of the table V[n] .. V[n + ra - 1] (modulo 32);
 * an index out of range gives 0 (TBL) or keeps Vd's byte (TBX, op = 1). */
enum exec_status exec_simd_tbl(struct cpu *c, const struct insn *i)
{
    CHECK_FP_ENABLED(c);
    uint8_t table[64];
    for (unsigned k = 0; k < i->ra; k++) {
        struct vreg t = vreg_read(c, (i->rn + k) % 32);
        memcpy(table + 16 * k, t.b, 16);
    }
    struct vreg idx = vreg_read(c, i->rm), r = i->op ? vreg_read(c, i->rd) : vreg_zero();
    unsigned len = i->sf ? 16 : 8;
    for (unsigned b = 0; b < len; b++)
        if (idx.b[b] < 16u * i->ra)
            r.b[b] = table[idx.b[b]];
    vreg_write(c, i->rd, &r, i->sf);
    return EXEC_NEXT;
}
