/* Special-purpose registers (Arm ARM C5.2, "Special-purpose registers"): the PSTATE views (NZCV,
 * DAIF, CurrentEL, SPSel), the exception-return and stack-pointer registers of each EL, and the
 * SIMD/FP control and status registers. */
#include "exception.h"
#include "sysreg.h"

#define CPU(field) offsetof(struct cpu, field)

static uint64_t read_nzcv(struct cpu *c, const struct sysreg_info *r)
{
    const struct pstate *p = &c->pstate;
    return (uint64_t)p->n << 31 | (uint64_t)p->z << 30 | (uint64_t)p->c << 29 | (uint64_t)p->v << 28;
}
static bool write_nzcv(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->pstate.n = (v >> 31) & 1;
    c->pstate.z = (v >> 30) & 1;
    c->pstate.c = (v >> 29) & 1;
    c->pstate.v = (v >> 28) & 1;
    return false;
}

/* DAIF at EL0 needs SCTLR_EL1.UMA. */
static enum sysreg_access access_daif(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.sctlr_el1 & SCTLR_UMA))
        return sysreg_el0_trap(c);
    return SYSREG_OK;
}
static uint64_t read_daif(struct cpu *c, const struct sysreg_info *r)
{
    const struct pstate *p = &c->pstate;
    return (uint64_t)p->d << 9 | (uint64_t)p->a << 8 | (uint64_t)p->i << 7 | (uint64_t)p->f << 6;
}
static bool write_daif(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->pstate.d = (v >> 9) & 1;
    c->pstate.a = (v >> 8) & 1;
    c->pstate.i = (v >> 7) & 1;
    c->pstate.f = (v >> 6) & 1;
    return true; /* an unmasked interrupt is taken before the next instruction */
}

static uint64_t read_currentel(struct cpu *c, const struct sysreg_info *r) { return (uint64_t)c->pstate.el << 2; }

static uint64_t read_spsel(struct cpu *c, const struct sysreg_info *r) { return c->pstate.sp; }
static bool write_spsel(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->pstate.sp = v & 1;
    cpu_update_derived(c);
    return false;
}

/* SP_EL0 is UNDEFINED while it is the current stack pointer (PSTATE.SP == 0). */
static enum sysreg_access access_sp_el0(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return c->pstate.sp ? SYSREG_OK : SYSREG_UNDEFINED;
}

/* FPCR and FPSR: AArch64.CheckFPAdvSIMDEnabled() at every EL. */
static enum sysreg_access access_fp(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    return SYSREG_TRAP_FP;
}
static uint64_t read_fpcr(struct cpu *c, const struct sysreg_info *r) { return c->fpcr; }
static bool write_fpcr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->fpcr = (uint32_t)v;
    return false;
}
static uint64_t read_fpsr(struct cpu *c, const struct sysreg_info *r) { return c->fpsr; }
static bool write_fpsr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->fpsr = (uint32_t)v;
    return false;
}

/* FPCR: AHP, DN, FZ, RMode. Stride and Len only matter to AArch32, which is not implemented, and
 * the Cortex-A72 does not trap floating-point exceptions, so IDE/IXE/UFE/OFE/DZE/IOE are RAZ/WI. */
#define FPCR_WRITABLE 0x07c00000ull
/* FPSR: QC and the cumulative exception flags; N, Z, C, V are AArch32-only. */
#define FPSR_WRITABLE 0x0800009full
#define SPSR_RES0 0xffffffff00000000ull

static const struct sysreg_info rows[] = {
    { .name = "SPSR_EL1", .key = SYSREG_KEY(3, 0, 4, 0, 0), .min_el = 1, .res0 = SPSR_RES0, .offset = CPU(spsr_el[1]) },
    { .name = "ELR_EL1", .key = SYSREG_KEY(3, 0, 4, 0, 1), .min_el = 1, .offset = CPU(elr_el[1]) },
    { .name = "SP_EL0", .key = SYSREG_KEY(3, 0, 4, 1, 0), .min_el = 1, .offset = CPU(sp_el[0]),
      .access = access_sp_el0 },
    { .name = "SPSel", .key = SYSREG_KEY(3, 0, 4, 2, 0), .min_el = 1, .flags = SYSREG_NO_STORAGE, .res0 = ~1ull,
      .read = read_spsel, .write = write_spsel },
    { .name = "CurrentEL", .key = SYSREG_KEY(3, 0, 4, 2, 2), .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .read = read_currentel },
    { .name = "NZCV", .key = SYSREG_KEY(3, 3, 4, 2, 0), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .res0 = ~0xf0000000ull, .read = read_nzcv, .write = write_nzcv },
    { .name = "DAIF", .key = SYSREG_KEY(3, 3, 4, 2, 1), .min_el = 0, .flags = SYSREG_NO_STORAGE | SYSREG_END_BLOCK,
      .res0 = ~0x3c0ull, .access = access_daif, .read = read_daif, .write = write_daif },
    { .name = "FPCR", .key = SYSREG_KEY(3, 3, 4, 4, 0), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .res0 = ~FPCR_WRITABLE, .access = access_fp, .read = read_fpcr, .write = write_fpcr },
    { .name = "FPSR", .key = SYSREG_KEY(3, 3, 4, 4, 1), .min_el = 0, .flags = SYSREG_NO_STORAGE,
      .res0 = ~FPSR_WRITABLE, .access = access_fp, .read = read_fpsr, .write = write_fpsr },
    { .name = "SPSR_EL2", .key = SYSREG_KEY(3, 4, 4, 0, 0), .min_el = 2, .res0 = SPSR_RES0, .offset = CPU(spsr_el[2]) },
    { .name = "ELR_EL2", .key = SYSREG_KEY(3, 4, 4, 0, 1), .min_el = 2, .offset = CPU(elr_el[2]) },
    { .name = "SP_EL1", .key = SYSREG_KEY(3, 4, 4, 1, 0), .min_el = 2, .offset = CPU(sp_el[1]) },
    { .name = "SPSR_EL3", .key = SYSREG_KEY(3, 6, 4, 0, 0), .min_el = 3, .res0 = SPSR_RES0, .offset = CPU(spsr_el[3]) },
    { .name = "ELR_EL3", .key = SYSREG_KEY(3, 6, 4, 0, 1), .min_el = 3, .offset = CPU(elr_el[3]) },
    { .name = "SP_EL2", .key = SYSREG_KEY(3, 6, 4, 1, 0), .min_el = 3, .offset = CPU(sp_el[2]) },
};
SYSREG_AREA(sysreg_area_special, "special", rows);
