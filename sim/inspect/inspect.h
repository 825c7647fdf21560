/* Machine inspection: the side-effect-free views of a stopped machine that the shell's and the GDB
 * stub's hypervisor commands print (translate, why, info tlb/s1/s2/gic/timers/cpus/sysreg, the
 * one-line summary of a caught exception).
 *
 * Every function prints human-readable text to a FILE* (stdout for the shell, an open_memstream()
 * buffer for gdb's `monitor`), and none changes what the guest can see: no cycles, no statistics,
 * no TLB fill, no device side effect (reads and walks go through sim/debug.h's debug accesses).
 * A function that cannot do what it is asked (no such core, a VMID that is not loaded) prints one
 * line saying why and returns -1; otherwise it returns 0. Call them while the machine is stopped
 * (between machine_run() calls), from the thread that runs it.
 */
#ifndef A72SIM_INSPECT_INSPECT_H
#define A72SIM_INSPECT_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;
struct cpu;
struct sysreg_info;

/* Which translation `translate` and `info s1` look at. */
enum inspect_regime {
    INSPECT_CURRENT,   /* the regime of the core's current EL (at EL0/EL1: both stages, as its accesses) */
    INSPECT_EL0,       /* EL1&0 with EL0 permissions, stage 1 then stage 2 when on (AT S12E0R) */
    INSPECT_EL1,       /* EL1&0 with EL1 permissions, stage 1 then stage 2 when on (AT S12E1R) */
    INSPECT_EL1_S1,    /* EL1&0, stage 1 only: the output is an IPA when stage 2 is on (AT S1E1R) */
    INSPECT_EL2,       /* the EL2 regime (AT S1E2R) */
    INSPECT_EL3,       /* the EL3 regime (AT S1E3R) */
    INSPECT_IPA,       /* stage 2 only: the address is an IPA of the EL1&0 regime */
};

/* The regime a word names: "el0", "el1" (or "s12"), "s1", "el2", "el3", "ipa" (or "s2"), "current";
 * false for any other word. */
bool inspect_regime_parse(const char *word, enum inspect_regime *out);
const char *inspect_regime_name(enum inspect_regime r);

/* translate: every level of stage 1 and, for each stage-1 descriptor fetch, the stage-2 walk
 * (descriptor addresses and values, attributes, permissions), then the final PA and attributes, or
 * the fault with the ESR/FAR/HPFAR a read would report. vmid: -1 for the core's VTTBR_EL2, else a
 * VMID that must be the one loaded in VTTBR_EL2 of this core (or of another core, whose registers are
 * then used: the tables of a VM that is not loaded are only known to its hypervisor). */
int inspect_translate(FILE *f, struct machine *m, unsigned core, uint64_t va, enum inspect_regime regime, int vmid);

/* why: the last synchronous exception the core took (its ESR/FAR/HPFAR at the EL it went to:
 * el = 1..3, or -1 for the core's current EL, EL1 when it is at EL0) decoded and, for an
 * instruction or data abort, explained from the translation tables as they are now: which stage,
 * which level, which descriptor and which bit. */
int inspect_why(FILE *f, struct machine *m, unsigned core, int el);

/* info tlb: the valid entries of the core's architectural TLB (L1 I, L1 D, L2), optionally only
 * those of one VMID and/or ASID (-1: all); with check_stale each entry is compared with a fresh
 * walk in the regime that made it, and the stale ones are marked (as --check-tlb does on a hit). */
int inspect_tlb(FILE *f, struct machine *m, unsigned core, int vmid, int asid, bool check_stale);

/* info s2: the stage-2 mappings of the loaded VTTBR_EL2 (vmid as in inspect_translate), IPA ranges
 * with the same attributes and contiguous output merged. */
int inspect_s2(FILE *f, struct machine *m, unsigned core, int vmid);
/* info s1: the stage-1 mappings of a regime (INSPECT_EL1/EL1_S1/EL0: TTBR0_EL1 and TTBR1_EL1's
 * ranges; INSPECT_EL2; INSPECT_EL3; INSPECT_CURRENT), VA ranges merged as for s2. */
int inspect_s1(FILE *f, struct machine *m, unsigned core, enum inspect_regime regime);

/* info gic: the distributor's control, every interrupt that is enabled, pending or active (with
 * group, priority and routing), and each core's CPU interface (PMR, running priority, enabled
 * groups, its highest-priority pending interrupt). */
int inspect_gic(FILE *f, struct machine *m);
/* info gic lrs: ICH_HCR/VMCR, each ICH_LR<n>_EL2 decoded (vINTID, pINTID, state, HW, group,
 * priority), ELRSR/EISR/MISR, and whether the maintenance interrupt is asserted and why. */
int inspect_gic_lrs(FILE *f, struct machine *m, unsigned core);
/* info timers: each of the core's four timers' CTL and CVAL, the time to fire (counts and ns), its
 * output level and its PPI's state in the GIC, and the counter settings (CNTFRQ, CNTVOFF, CNTHCTL). */
int inspect_timers(FILE *f, struct machine *m, unsigned core);
/* info cpus: each core's PC, EL, VMID, state (running / WFI / WFE / off), instructions and cycles. */
int inspect_cpus(FILE *f, struct machine *m);

/* info sysreg: every register whose name matches name_or_glob (case-insensitive; '*' and '?'
 * wildcards), with its value and, for the registers hypervisors use, its fields decoded. */
int inspect_sysreg(FILE *f, struct machine *m, unsigned core, const char *name_or_glob);
/* The fields of a value of register name (as inspect_sysreg prints them, without the name and
 * value), for any register it decodes; false (nothing printed) for the others. */
bool inspect_decode_sysreg(FILE *f, const char *name, uint64_t value);

/* The register of an architectural name (case-insensitive, "HCR_EL2"), readable or writable by a
 * debugger; NULL for an unknown name or a system instruction (DC, IC, AT, TLBI). */
const struct sysreg_info *inspect_sysreg_lookup(const char *name);
const char *inspect_sysreg_name(const struct sysreg_info *r);
/* A debugger's read: false for a register that cannot be read without a side effect (ICC_IAR*,
 * write-only registers), *value untouched. */
bool inspect_sysreg_read(struct cpu *c, const struct sysreg_info *r, uint64_t *value);
/* A debugger's write, as MSR would write it (RES0/RES1, derived state, fast TLB; observers see an
 * OBS_SYSREG_WRITE): false for a read-only register or a write-only one, whose writes are all actions
 * (ICC_EOIR*, ICC_DIR, ICC_SGI*, PMSWINC, OSLAR). */
bool inspect_sysreg_write(struct cpu *c, const struct sysreg_info *r, uint64_t value);
/* Call fn for every register (not system instructions) in encoding order: completion, target XML. */
void inspect_sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg);

/* ESR_ELx decoded: "EC 0x24 DABT_LOW read, translation fault, level 3 (DFSC 0x07) ISV: 8-byte to x1";
 * always NUL-terminated; returns buf. */
char *inspect_esr_fields(char *buf, size_t len, uint64_t esr);

/* What the one-line summary of an exception is made of: the syndrome and the registers the
 * exception wrote. */
struct inspect_exception {
    uint64_t esr;
    uint64_t far;          /* meaningful when the class writes FAR (aborts, PC alignment, watchpoints) */
    uint64_t hpfar;        /* meaningful when taken to EL2 with a stage-2 fault */
    uint64_t from_pc;      /* the preferred return address (ELR) */
    unsigned from_el, to_el;
    unsigned vmid;         /* the VMID of the context it came from */
    int core;              /* -1: not printed */
};
/* The one-line summary the shell's `catch` prints: EC name, ISS fields decoded, FAR/HPFAR/IPA,
 * from -> to EL, VMID. Always NUL-terminated (truncated to len); returns buf. */
char *inspect_exception_summary(char *buf, size_t len, const struct inspect_exception *e);
/* The same from a core that has just taken a synchronous exception to el (ESR, FAR, HPFAR, ELR and
 * SPSR of that EL as they are now). */
char *inspect_last_exception_summary(char *buf, size_t len, struct cpu *c, unsigned el);

#endif
