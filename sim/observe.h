/* The observation interface: everything that watches a run — traces, profiles, the shell, the GDB
 * stub, checks such as --check-tlb — is an observer of the events below.
 *
 * An observer says which kinds of event it wants (a bit mask of 1u << OBS_*) and gets each one as
 * a struct obs_event through one callback. Several observers may be attached at once; they are
 * called in the order they were attached. While any observer is attached the cores run their
 * instrumented loop; with none the fast loop runs, which has no hooks at all.
 *
 * Observation never changes what it observes: an observer must not write guest state, charge
 * cycles or touch a TLB. To read guest memory it uses the debug accesses (sim/debug.h). To stop the
 * run (a breakpoint, a watchpoint, a catch) it calls obs_request_stop(): the core stops before the
 * next instruction, or before the current one when called from an OBS_INSN event.
 */
#ifndef A72SIM_OBSERVE_H
#define A72SIM_OBSERVE_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct cpu;

enum obs_kind {
    OBS_INSN,          /* an instruction is about to execute (u.insn); seq is its number */
    OBS_REG_WRITE,     /* the instruction just executed changed a register (u.reg) */
    OBS_MEM,           /* a data access by an instruction, after it completed (u.mem) */
    OBS_EXCEPTION,     /* an exception was taken (u.exc): the event's pc is the vector */
    OBS_ERET,          /* an exception return (u.eret): the event's pc is the return address */
    OBS_IRQ,           /* an interrupt changed state in the GIC (u.irq) */
    OBS_TLB_FILL,      /* a walk filled the architectural TLB (u.tlb_fill) */
    OBS_TLBI,          /* a TLB invalidation reached this core's TLB (u.tlbi) */
    OBS_SYSREG_WRITE,  /* MSR wrote a system register (u.sysreg) */
    OBS_VM_SWITCH,     /* VTTBR_EL2's VMID changed (u.vm) */
    OBS_SLEEP,         /* WFI/WFE: the core sleeps (u.sleep.wfe) */
    OBS_WAKE,          /* the core wakes from WFI/WFE */
    OBS_PSCI,          /* a PSCI/SMCCC call answered by the built-in firmware (u.call) */
    OBS_SEMIHOST,      /* a semihosting call (u.call) */
    OBS_CHECK,         /* a check (--check-tlb, ...) reports a violation (u.check) */
    OBS_WATCH,         /* a data access to a page watched with machine_watch_page() (u.mem): only
                          those pages leave the fast path, unlike OBS_MEM, which takes every access */
    OBS_KIND_COUNT
};

#define OBS_MASK(kind) (1u << (kind))
#define OBS_ALL ((1u << OBS_KIND_COUNT) - 1)

/* Register numbers of OBS_REG_WRITE. */
enum obs_reg {
    OBS_REG_X0 = 0,     /* X0..X30 are 0..30 */
    OBS_REG_SP = 31,    /* the SP the instruction used (u.reg.sp_el says which) */
    OBS_REG_NZCV = 32,  /* PSTATE.{N,Z,C,V} in bits 31:28 */
    OBS_REG_FPSR = 33,
    OBS_REG_FPCR = 34,
    OBS_REG_V0 = 64,    /* V0..V31 are 64..95, 128 bits in value[0] (63:0) and value[1] (127:64) */
};

/* What an OBS_IRQ event reports. */
enum obs_irq_what {
    OBS_IRQ_PENDING,      /* an interrupt became pending (line, SGI, or a list register written pending) */
    OBS_IRQ_ACK,          /* acknowledged: ICC_IAR / ICV_IAR read */
    OBS_IRQ_EOI,          /* priority drop: ICC_EOIR / ICV_EOIR */
    OBS_IRQ_DEACTIVATE,   /* deactivated: ICC_DIR / ICV_DIR, or EOI with EOImode 0 */
    OBS_IRQ_MAINTENANCE,  /* the maintenance interrupt's level changed (u.irq.level) */
    OBS_IRQ_TAKEN,        /* the core took an IRQ/FIQ/vIRQ/vFIQ exception (also an OBS_EXCEPTION) */
};

struct obs_event {
    enum obs_kind kind;
    int cpu;            /* core number, or -1 for an event of no core */
    uint8_t el;         /* the core's EL when the event happened */
    uint16_t vmid;      /* VTTBR_EL2.VMID in force (0 when EL2 or stage 2 is off) */
    uint16_t asid;      /* the ASID of the current stage-1 regime (0 at EL2/EL3) */
    uint64_t seq;       /* instructions this core retired before the event */
    uint64_t cycle;     /* the core's cycle count at the event */
    uint64_t pc;        /* PC of the instruction that caused the event (see the kinds above) */
    union {
        struct { uint32_t opcode; } insn;
        struct {
            uint16_t reg;         /* enum obs_reg */
            uint8_t sp_el;        /* for OBS_REG_SP: which SP_ELx */
            uint64_t value[2];
        } reg;
        struct {
            uint64_t va, pa;
            uint8_t size;         /* bytes: 1, 2, 4, 8 (16-byte accesses come as two of 8) */
            bool write;
            uint64_t data;        /* the value read or written, zero-extended */
        } mem;
        struct {
            uint16_t vector_offset; /* from VBAR: 0x000 sync, 0x080 IRQ, 0x100 FIQ, 0x180 SError, + 0x200 same EL
                                      with SP_ELx, + 0x400 lower EL; el, vmid and asid are those it came from */
            uint8_t from_el, to_el;
            uint32_t esr;
            uint64_t far, hpfar, elr, spsr;
            bool far_valid, hpfar_valid;
        } exc;
        struct {
            uint8_t from_el, to_el;
            uint64_t spsr;
        } eret;
        struct {
            enum obs_irq_what what;
            bool is_virtual;
            uint32_t intid;
            int lr;               /* list register for virtual interrupts, else -1 */
            bool level;           /* OBS_IRQ_MAINTENANCE */
        } irq;
        struct {
            uint8_t regime;       /* translation regime: 1 = EL1&0, 2 = EL2, 3 = EL3 */
            bool stage2_only;
            uint16_t vmid, asid;
            bool global;
            uint64_t va, pa;
            uint64_t size;        /* bytes the entry covers */
        } tlb_fill;
        struct {
            const char *op;       /* "VAE1IS", "VMALLS12E1", ... */
            uint64_t arg;         /* Xt as written */
            bool broadcast;       /* an IS form executed by another core */
        } tlbi;
        struct {
            uint32_t encoding;    /* op0:op1:CRn:CRm:op2 as in sysreg.h */
            const char *name;
            uint64_t old_value, new_value;
        } sysreg;
        struct { uint16_t old_vmid, new_vmid; uint64_t vttbr; } vm;
        struct { bool wfe; } sleep;
        struct { uint32_t function; uint64_t args[3]; uint64_t result; } call;
        struct { const char *check; const char *message; } check;
    } u;
};

struct observer {
    const char *name;
    uint32_t kinds;     /* OBS_MASK() of every kind it wants */
    void (*event)(void *ctx, const struct obs_event *e);
    void *ctx;
};

/* Attach an observer (the struct must outlive the attachment); returns false when too many are
 * attached. The cores switch to their instrumented loop at their next block. */
bool machine_attach_observer(struct machine *m, const struct observer *o);
void machine_detach_observer(struct machine *m, const struct observer *o);

/* Watch the 4 KiB physical page that holds pa: data accesses to it (reads when read, writes when
 * write) come as OBS_WATCH events. Other pages keep their fast path. Watches nest: each call needs
 * its machine_unwatch_page() with the same flags. False when too many pages are watched. */
bool machine_watch_page(struct machine *m, uint64_t pa, bool read, bool write);
void machine_unwatch_page(struct machine *m, uint64_t pa, bool read, bool write);

/* Stop the run at the next instruction boundary (from an observer's callback): before the
 * instruction of an OBS_INSN event, after the current instruction for any other event. The run
 * goes on from there with machine_clear_stop() and machine_run(), exactly as if it had not stopped.
 * After a stop before an instruction, that instruction's OBS_INSN event is not delivered again
 * when the run goes on (unless its PC was changed meanwhile): a breakpoint does not hit twice and
 * a trace records the instruction once. */
void obs_request_stop(struct machine *m);

#endif
