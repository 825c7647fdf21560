/* Self-hosted debug registers (Arm ARM D13.3): storage only, no debug events are generated.
 * Traps: MDSCR_EL1.TDCC (EL0 DCC access), MDCR_EL2.TDA/TDOSA/TDRA (with TDE and HCR_EL2.TGE
 * forcing them on) and MDCR_EL3.TDA/TDOSA. The Debug Communications Channel data registers
 * (DBGDTR*_EL0) are not implemented: MDCCSR_EL0 reads as "nothing to transfer". */
#include "sysreg.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define LOW32 0x00000000ffffffffull
#define MDSCR_EL1_TDCC (1u << 12)
#define OSLSR_OSLM1 (1u << 3)  /* OSLM = 0b10: the OS lock is implemented */
#define OSLSR_OSLK (1u << 1)
/* DBGAUTHSTATUS_EL1: secure and non-secure invasive and non-invasive debug implemented, disabled. */
#define DBGAUTHSTATUS_VALUE 0xaaull

/* Debug registers in general: DCC from EL0 needs MDSCR_EL1.TDCC = 0; then MDCR_EL2.TDA (EL0/EL1)
 * and MDCR_EL3.TDA (EL0-EL2). */
static enum sysreg_access access_tda(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    unsigned el = c->pstate.el;
    if (el == EL0 && (c->sr.mdscr_el1 & MDSCR_EL1_TDCC))
        return sysreg_el0_trap(c);
    if (el <= EL1 && (sysreg_effective_mdcr_el2(c) & MDCR_EL2_TDA))
        return SYSREG_TRAP_EL2;
    if (el <= EL2 && (c->sr.mdcr_el3 & MDCR_EL3_TDA))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}

/* The OS lock and power-down registers: MDCR_EL2.TDOSA, MDCR_EL3.TDOSA. */
static enum sysreg_access access_tdosa(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    unsigned el = c->pstate.el;
    if (el == EL1 && (sysreg_effective_mdcr_el2(c) & MDCR_EL2_TDOSA))
        return SYSREG_TRAP_EL2;
    if (el <= EL2 && (c->sr.mdcr_el3 & MDCR_EL3_TDOSA))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}

/* MDRAR_EL1: MDCR_EL2.TDRA, MDCR_EL3.TDA. */
static enum sysreg_access access_tdra(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    unsigned el = c->pstate.el;
    if (el == EL1 && (sysreg_effective_mdcr_el2(c) & MDCR_EL2_TDRA))
        return SYSREG_TRAP_EL2;
    if (el <= EL2 && (c->sr.mdcr_el3 & MDCR_EL3_TDA))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}

/* OSLAR_EL1 writes OSLSR_EL1.OSLK. */
static bool write_oslar(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->sr.oslsr_el1 = OSLSR_OSLM1 | ((v & 1) ? OSLSR_OSLK : 0);
    return false;
}

/* DBGCLAIMSET_EL1 reads the implemented claim bits (all eight), DBGCLAIMCLR_EL1 the tags set. */
static uint64_t read_claimset(struct cpu *c, const struct sysreg_info *r) { return 0xff; }
static bool write_claimset(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->sr.dbgclaim |= v & 0xff;
    return false;
}
static uint64_t read_claimclr(struct cpu *c, const struct sysreg_info *r) { return c->sr.dbgclaim; }
static bool write_claimclr(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->sr.dbgclaim &= ~(v & 0xff);
    return false;
}

#define DBG(nm, k, field, mask0) \
    { .name = nm, .key = k, .min_el = 1, .res0 = mask0, .offset = SR(field), .access = access_tda }
#define DBG_BP(n)                                                                                  \
    DBG("DBGBVR" #n "_EL1", SYSREG_KEY(2, 0, 0, n, 4), dbgbvr_el1[n], 0),                        \
    DBG("DBGBCR" #n "_EL1", SYSREG_KEY(2, 0, 0, n, 5), dbgbcr_el1[n], ~LOW32)
#define DBG_WP(n)                                                                                  \
    DBG("DBGWVR" #n "_EL1", SYSREG_KEY(2, 0, 0, n, 6), dbgwvr_el1[n], 0),                        \
    DBG("DBGWCR" #n "_EL1", SYSREG_KEY(2, 0, 0, n, 7), dbgwcr_el1[n], ~LOW32)

static const struct sysreg_info rows[] = {
    DBG("OSDTRRX_EL1", SYSREG_KEY(2, 0, 0, 0, 2), osdtrrx_el1, ~LOW32),
    DBG_BP(0), DBG_BP(1), DBG_BP(2), DBG_BP(3), DBG_BP(4), DBG_BP(5),
    DBG_WP(0), DBG_WP(1), DBG_WP(2), DBG_WP(3),
    DBG("MDCCINT_EL1", SYSREG_KEY(2, 0, 0, 2, 0), mdccint_el1, ~(3ull << 29)),
    DBG("MDSCR_EL1", SYSREG_KEY(2, 0, 0, 2, 2), mdscr_el1, ~LOW32),
    DBG("OSDTRTX_EL1", SYSREG_KEY(2, 0, 0, 3, 2), osdtrtx_el1, ~LOW32),
    DBG("OSECCR_EL1", SYSREG_KEY(2, 0, 0, 6, 2), oseccr_el1, ~LOW32),
    { .name = "MDRAR_EL1", .key = SYSREG_KEY(2, 0, 1, 0, 0), .min_el = 1, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_tdra, .read = sysreg_read_const }, /* no ROM table address: Valid = 0b00 */
    { .name = "OSLAR_EL1", .key = SYSREG_KEY(2, 0, 1, 0, 4), .min_el = 1, .flags = SYSREG_WO | SYSREG_NO_STORAGE,
      .res0 = ~1ull, .access = access_tdosa, .write = write_oslar },
    /* The OS lock is locked at cold reset. */
    { .name = "OSLSR_EL1", .key = SYSREG_KEY(2, 0, 1, 1, 4), .min_el = 1, .flags = SYSREG_RO,
      .reset = OSLSR_OSLM1 | OSLSR_OSLK, .offset = SR(oslsr_el1), .access = access_tdosa },
    { .name = "OSDLR_EL1", .key = SYSREG_KEY(2, 0, 1, 3, 4), .min_el = 1, .res0 = ~1ull, .offset = SR(osdlr_el1),
      .access = access_tdosa },
    { .name = "DBGPRCR_EL1", .key = SYSREG_KEY(2, 0, 1, 4, 4), .min_el = 1, .res0 = ~1ull,
      .offset = SR(dbgprcr_el1), .access = access_tdosa },
    { .name = "DBGCLAIMSET_EL1", .key = SYSREG_KEY(2, 0, 7, 8, 6), .min_el = 1, .flags = SYSREG_NO_STORAGE,
      .res0 = ~0xffull, .access = access_tda, .read = read_claimset, .write = write_claimset },
    { .name = "DBGCLAIMCLR_EL1", .key = SYSREG_KEY(2, 0, 7, 9, 6), .min_el = 1, .flags = SYSREG_NO_STORAGE,
      .res0 = ~0xffull, .access = access_tda, .read = read_claimclr, .write = write_claimclr },
    { .name = "DBGAUTHSTATUS_EL1", .key = SYSREG_KEY(2, 0, 7, 14, 6), .min_el = 1,
      .flags = SYSREG_RO | SYSREG_NO_STORAGE, .reset = DBGAUTHSTATUS_VALUE, .access = access_tda,
      .read = sysreg_read_const },
    { .name = "MDCCSR_EL0", .key = SYSREG_KEY(2, 3, 0, 1, 0), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_tda, .read = sysreg_read_const },
};
SYSREG_AREA(sysreg_area_debug, "debug", rows);
