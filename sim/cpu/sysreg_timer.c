/* The generic timer's system registers (Arm ARM D11, "The Generic Timer in AArch64 state").
 *
 * The system counter derives from simulated cycles, never from host time: CNTPCT_EL0 =
 * cycles * 100 MHz / 1.7 GHz (VERSAL_CNTFRQ / VERSAL_CPU_HZ), CNTVCT_EL0 = CNTPCT_EL0 -
 * CNTVOFF_EL2. The four timers (EL1 physical CNTP, virtual CNTV, EL2 physical CNTHP, secure
 * physical CNTPS) are CTL/CVAL storage with ISTATUS computed on read and TVAL derived from CVAL;
 * every CTL/CVAL/TVAL/CNTVOFF write re-evaluates the outputs into the GIC (timer.c).
 *
 * Access: CNTKCTL_EL1 controls EL0, CNTHCTL_EL2.EL1PCTEN/EL1PCEN the physical counter and timer at
 * EL0/EL1 (ARMv8.0, no VHE), SCR_EL3.ST the secure timer at Secure EL1.
 */
#include "sysreg.h"

#include "timer.h"

#define SR(field) offsetof(struct cpu, sr.field)
#define LOW32 0x00000000ffffffffull

#define CNTKCTL_EL0PCTEN (1u << 0)
#define CNTKCTL_EL0VCTEN (1u << 1)
#define CNTKCTL_EL0VTEN (1u << 8)
#define CNTKCTL_EL0PTEN (1u << 9)
#define CNTHCTL_EL1PCTEN (1u << 0)
#define CNTHCTL_EL1PCEN (1u << 1)

static uint64_t physical_count(const struct cpu *c) { return timer_physical_count(c); }
static uint64_t virtual_count(const struct cpu *c) { return timer_physical_count(c) - c->sr.cntvoff_el2; }

/* CNTFRQ_EL0: EL0 reads need EL0PCTEN or EL0VCTEN; only the highest EL (EL3) may write it. */
static enum sysreg_access access_cntfrq(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (!is_read && c->pstate.el != EL3)
        return SYSREG_UNDEFINED;
    if (c->pstate.el == EL0 && !(c->sr.cntkctl_el1 & (CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN)))
        return sysreg_el0_trap(c);
    return SYSREG_OK;
}
static enum sysreg_access access_cntpct(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.cntkctl_el1 & CNTKCTL_EL0PCTEN))
        return sysreg_el0_trap(c);
    if (c->pstate.el <= EL1 && el2_enabled(c) && !(c->sr.cnthctl_el2 & CNTHCTL_EL1PCTEN))
        return SYSREG_TRAP_EL2;
    return SYSREG_OK;
}
static enum sysreg_access access_cntvct(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.cntkctl_el1 & CNTKCTL_EL0VCTEN))
        return sysreg_el0_trap(c);
    return SYSREG_OK;
}
static enum sysreg_access access_cntp(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.cntkctl_el1 & CNTKCTL_EL0PTEN))
        return sysreg_el0_trap(c);
    if (c->pstate.el <= EL1 && el2_enabled(c) && !(c->sr.cnthctl_el2 & CNTHCTL_EL1PCEN))
        return SYSREG_TRAP_EL2;
    return SYSREG_OK;
}
static enum sysreg_access access_cntv(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL0 && !(c->sr.cntkctl_el1 & CNTKCTL_EL0VTEN))
        return sysreg_el0_trap(c);
    return SYSREG_OK;
}
/* CNTPS_*_EL1: Secure EL1 with SCR_EL3.ST, else trapped to EL3; UNDEFINED in Non-secure EL1 and at EL2. */
static enum sysreg_access access_cntps(struct cpu *c, const struct sysreg_info *r, bool is_read)
{
    if (c->pstate.el == EL2 || (c->pstate.el == EL1 && !is_secure(c)))
        return SYSREG_UNDEFINED;
    if (c->pstate.el == EL1 && !(c->sr.scr_el3 & SCR_EL3_ST))
        return SYSREG_TRAP_EL3;
    return SYSREG_OK;
}

static uint64_t read_cntpct(struct cpu *c, const struct sysreg_info *r) { return physical_count(c); }
static uint64_t read_cntvct(struct cpu *c, const struct sysreg_info *r) { return virtual_count(c); }

/* CTL with ISTATUS: the timer condition (count - CVAL >= 0, unsigned) of an enabled timer. */
static uint64_t timer_ctl(uint64_t ctl, uint64_t cval, uint64_t count)
{
    return (ctl & CNT_CTL_ENABLE) && count >= cval ? ctl | CNT_CTL_ISTATUS : ctl;
}

/* CTL reads, TVAL reads (CVAL - count, low 32 bits) and TVAL writes (CVAL = count + SInt(TVAL));
 * every write re-evaluates the timer outputs. */
#define TIMER_FNS(t, ctl, cval, count)                                                         \
    static uint64_t read_##t##_ctl(struct cpu *c, const struct sysreg_info *r)                \
    {                                                                                          \
        return timer_ctl(c->sr.ctl, c->sr.cval, count(c));                                     \
    }                                                                                          \
    static uint64_t read_##t##_tval(struct cpu *c, const struct sysreg_info *r)               \
    {                                                                                          \
        return (c->sr.cval - count(c)) & LOW32;                                                \
    }                                                                                          \
    static bool write_##t##_tval(struct cpu *c, const struct sysreg_info *r, uint64_t v)      \
    {                                                                                          \
        c->sr.cval = count(c) + (uint64_t)sign_extend(v & LOW32, 32);                          \
        timer_update(c);                                                                       \
        return true;                                                                           \
    }                                                                                          \
    static bool write_##t##_ctl(struct cpu *c, const struct sysreg_info *r, uint64_t v)       \
    {                                                                                          \
        c->sr.ctl = v; /* ISTATUS is RES0 here */                                              \
        timer_update(c);                                                                       \
        return true;                                                                           \
    }                                                                                          \
    static bool write_##t##_cval(struct cpu *c, const struct sysreg_info *r, uint64_t v)      \
    {                                                                                          \
        c->sr.cval = v;                                                                        \
        timer_update(c);                                                                       \
        return true;                                                                           \
    }
TIMER_FNS(cntp, cntp_ctl_el0, cntp_cval_el0, physical_count)
TIMER_FNS(cntv, cntv_ctl_el0, cntv_cval_el0, virtual_count)
TIMER_FNS(cnthp, cnthp_ctl_el2, cnthp_cval_el2, physical_count)
TIMER_FNS(cntps, cntps_ctl_el1, cntps_cval_el1, physical_count)

#define TIMER_ROWS(t, name_tval, name_ctl, name_cval, ctl, cval, op1, crm, min, acc)                        \
    { .name = name_tval, .key = SYSREG_KEY(3, op1, 14, crm, 0), .min_el = min, .flags = SYSREG_NO_STORAGE, \
      .res0 = ~LOW32, .access = acc, .read = read_##t##_tval, .write = write_##t##_tval },                 \
    { .name = name_ctl, .key = SYSREG_KEY(3, op1, 14, crm, 1), .min_el = min, .flags = SYSREG_END_BLOCK,   \
      .res0 = ~3ull, .offset = SR(ctl), .access = acc, .read = read_##t##_ctl, .write = write_##t##_ctl },   \
    { .name = name_cval, .key = SYSREG_KEY(3, op1, 14, crm, 2), .min_el = min, .flags = SYSREG_END_BLOCK,  \
      .offset = SR(cval), .access = acc, .write = write_##t##_cval }

static bool write_cntvoff(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    c->sr.cntvoff_el2 = v;
    c->evtstrm_armed[0] = false; /* CNTKCTL_EL1's stream watches the virtual count */
    timer_update(c);
    return true;
}

/* CNTKCTL_EL1 and CNTHCTL_EL2: their event stream restarts from the new settings. */
static bool write_event_stream_ctl(struct cpu *c, const struct sysreg_info *r, uint64_t v)
{
    *sysreg_storage(c, r) = v;
    c->evtstrm_armed[r->key == SYSREG_KEY(3, 4, 14, 1, 0)] = false;
    timer_update(c);
    return true;
}

static const struct sysreg_info rows[] = {
    { .name = "CNTKCTL_EL1", .key = SYSREG_KEY(3, 0, 14, 1, 0), .min_el = 1, .flags = SYSREG_END_BLOCK,
      .res0 = ~0x3ffull, .offset = SR(cntkctl_el1), .write = write_event_stream_ctl },
    /* CNTFRQ_EL0 is UNKNOWN at reset: the board's firmware (or versal_boot) programs it. */
    { .name = "CNTFRQ_EL0", .key = SYSREG_KEY(3, 3, 14, 0, 0), .min_el = 0, .res0 = ~LOW32,
      .offset = SR(cntfrq_el0), .access = access_cntfrq },
    { .name = "CNTPCT_EL0", .key = SYSREG_KEY(3, 3, 14, 0, 1), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_cntpct, .read = read_cntpct },
    { .name = "CNTVCT_EL0", .key = SYSREG_KEY(3, 3, 14, 0, 2), .min_el = 0, .flags = SYSREG_RO | SYSREG_NO_STORAGE,
      .access = access_cntvct, .read = read_cntvct },
    TIMER_ROWS(cntp, "CNTP_TVAL_EL0", "CNTP_CTL_EL0", "CNTP_CVAL_EL0", cntp_ctl_el0, cntp_cval_el0, 3, 2, 0,
               access_cntp),
    TIMER_ROWS(cntv, "CNTV_TVAL_EL0", "CNTV_CTL_EL0", "CNTV_CVAL_EL0", cntv_ctl_el0, cntv_cval_el0, 3, 3, 0,
               access_cntv),
    /* EL2 resets CNTHCTL_EL2 to an UNKNOWN value: a72sim gives EL1 the physical counter and timer. */
    { .name = "CNTHCTL_EL2", .key = SYSREG_KEY(3, 4, 14, 1, 0), .min_el = 2, .flags = SYSREG_END_BLOCK,
      .reset = CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN, .res0 = ~0xffull, .offset = SR(cnthctl_el2),
      .write = write_event_stream_ctl },
    { .name = "CNTVOFF_EL2", .key = SYSREG_KEY(3, 4, 14, 0, 3), .min_el = 2, .flags = SYSREG_END_BLOCK,
      .offset = SR(cntvoff_el2), .write = write_cntvoff },
    TIMER_ROWS(cnthp, "CNTHP_TVAL_EL2", "CNTHP_CTL_EL2", "CNTHP_CVAL_EL2", cnthp_ctl_el2, cnthp_cval_el2, 4, 2, 2,
               NULL),
    TIMER_ROWS(cntps, "CNTPS_TVAL_EL1", "CNTPS_CTL_EL1", "CNTPS_CVAL_EL1", cntps_ctl_el1, cntps_cval_el1, 7, 2, 1,
               access_cntps),
};
SYSREG_AREA(sysreg_area_timer, "timer", rows);
