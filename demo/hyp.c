/*
 * Demo hypervisor (Non-secure EL2): two VMs, each with one vCPU at EL1, 2 MiB of RAM at IPA
 * 0x4000_0000 behind its own stage-2 tables and VMID, a PL011 emulated from stage-2 data aborts,
 * and the virtual timer delivered through the GICv3 list registers. With two cores each VM gets a
 * core (PSCI CPU_ON); with one, both share core 0, switched by the EL2 physical timer (CNTHP).
 * The hypervisor runs with its MMU off (its data accesses are Device memory: no exclusives, so
 * the console lock is Peterson's algorithm) and IRQs masked at EL2: it is entered only by exits.
 */
#include <stdbool.h>
#include <stdint.h>
#include "demo.h"

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dmb() __asm__ volatile("dmb ish" : : : "memory")

/* ---- board: PL011 UART0, GIC-500, PSCI (DEN0022) ---- */
#define UART0 0xFF000000ul
#define GICD 0xF9000000ul
#define GICR_SGI(cpu) (0xF9080000ul + (uint64_t)(cpu) * 0x20000 + 0x10000)
#define GICR_WAKER(cpu) (0xF9080000ul + (uint64_t)(cpu) * 0x20000 + 0x14)
#define GICR_IGROUPR0 0x080
#define GICR_ISENABLER0 0x100
#define GICR_ISACTIVER0 0x300
#define GICR_ICACTIVER0 0x380
#define GICR_IPRIORITYR 0x400
#define INTID_CNTHP 26
#define INTID_CNTV 27
#define INTID_SPURIOUS 1023
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_SYSTEM_OFF 0x84000008u

/* ---- EL2 configuration (Arm ARM D17.2) ---- */
#define HCR_VM (1ull << 0)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_TSC (1ull << 19)
#define HCR_RW (1ull << 31)
#define HCR_VALUE (HCR_RW | HCR_TSC | HCR_AMO | HCR_IMO | HCR_FMO | HCR_VM)
#define CPTR_EL2_VALUE 0x37FFull     /* RES1 bits + TFP: the guests have no FP/SIMD */
#define CNTHCTL_EL1PCTEN 1ull        /* EL1 may read the physical count, not use the EL1 physical timer */
/* VTCR_EL2: T0SZ 32 (4 GiB IPA), SL0 1 (lookup from level 1), Write-Back walks, Inner Shareable,
 * 4 KiB granule, PS 40 bits */
#define VTCR_VALUE (1ull << 31 | 2ull << 16 | 3ull << 12 | 1ull << 10 | 1ull << 8 | 1ull << 6 | 32ull)
/* stage-2 block descriptor: MemAttr Normal Write-Back, S2AP read/write, Inner Shareable, AF */
#define S2_BLOCK_NORMAL (1ull | 0xFull << 2 | 3ull << 6 | 3ull << 8 | 1ull << 10)
#define SPSR_EL1H_MASKED 0x3C5ull
#define SCTLR_EL1_RESET 0x30D50800ull
#define SLICE_MS 2

/* ---- ESR_EL2 (D17.2.37) ---- */
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_DABT_LOW 0x24
#define ESR_ISV (1ull << 24)
#define ESR_WNR (1ull << 6)

/* ---- GICv3 virtual CPU interface: list register fields (GICv3 spec 12.4.6 ICH_LR<n>_EL2) ---- */
#define LR_PENDING (1ull << 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_PRIO(p) ((uint64_t)(p) << 48)
#define LR_PINTID(i) ((uint64_t)(i) << 32)
#define ICH_HCR_EN 1ull
#define VIRQ_PRIORITY 0xA0

enum vm_state { VM_RUNNING, VM_DONE, VM_STOPPED };

/* The EL1 state a vCPU owns while it is off the CPU (saved by vcpu_put, loaded by vcpu_load). */
struct el1_context {
    uint64_t sctlr, tcr, ttbr0, ttbr1, mair, amair, vbar, elr, spsr, esr, far, par;
    uint64_t contextidr, tpidr, tpidrro, tpidr_el0, cpacr, cntkctl, sp_el0, sp_el1, afsr0, afsr1;
    uint64_t cntv_ctl, cntv_cval, lr[4], ap1r0, vmcr;
    bool cntv_active;   /* the physical PPI 27 was active (mapped to a virtual interrupt in an LR) */
};

struct vcpu {
    uint64_t x[31], elr, spsr; /* hyp_entry.S: offsets 0, 248, 256 */
    struct el1_context el1;
    struct vm *vm;
};

struct vm {
    unsigned id;            /* also its VMID */
    uint64_t ram_pa;
    uint64_t *s2_l1, *s2_l2;
    volatile enum vm_state state;
    char line[120];         /* console output until the next newline */
    unsigned line_len;
    unsigned exits_mmio, exits_irq, exits_hvc;
    struct vcpu vcpu;
};

/* Per physical core: the vCPUs it runs (round robin) and whether the current one's slice ended. */
struct pcpu {
    struct vcpu *runq[2];
    unsigned nr, cur;
    bool resched;
};

#define NR_VMS 2
static struct vm vms[NR_VMS];
static struct pcpu pcpus[2];
static uint64_t stage2_tables[NR_VMS][2][512] __attribute__((aligned(4096)));
extern const char guest_image[], guest_image_end[];
extern char secondary_entry[];
void vcpu_enter(struct vcpu *v) __attribute__((noreturn));

/* The compiler may call these even in freestanding code (structure initialisation). */
void *memset(void *s, int c, unsigned long n);
void *memset(void *s, int c, unsigned long n)
{
    volatile uint8_t *p = s;
    while (n--)
        *p++ = (uint8_t)c;
    return s;
}

void *memcpy(void *d, const void *s, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n)
{
    volatile uint8_t *dp = d;
    const volatile uint8_t *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

static unsigned cpu_id(void) { return (unsigned)(read_sysreg(mpidr_el1) & 0xff); }
static void mmio_write32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static uint32_t mmio_read32(uint64_t a) { return *(volatile uint32_t *)a; }

static int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int32_t)x0;
}

/* ---- console: whole lines, one core at a time ---- */
static volatile uint32_t lock_want[2], lock_turn;

/* Peterson's mutual exclusion for the two cores (plain loads and stores, full barriers). */
static void console_lock(void)
{
    unsigned me = cpu_id() & 1, other = me ^ 1;
    lock_want[me] = 1;
    lock_turn = other;
    dmb();
    while (lock_want[other] && lock_turn == other)
        __asm__ volatile("yield");
    dmb();
}

static void console_unlock(void)
{
    dmb();
    lock_want[cpu_id() & 1] = 0;
}

static void uart_putc(char c)
{
    while (mmio_read32(UART0 + UART_FR) & UART_FR_TXFF)
        ;
    mmio_write32(UART0 + UART_DR, (uint8_t)c);
}

/* A line being built: text, then written with console_line(). */
struct msg {
    char text[160];
    unsigned len;
};

static void msg_str(struct msg *m, const char *s)
{
    while (*s && m->len < sizeof(m->text))
        m->text[m->len++] = *s++;
}

static void msg_dec(struct msg *m, uint64_t v)
{
    char buf[20];
    int n = 0;
    do
        buf[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n && m->len < sizeof(m->text))
        m->text[m->len++] = buf[--n];
}

static void msg_hex(struct msg *m, uint64_t v)
{
    msg_str(m, "0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        if ((v >> shift) || shift == 0) {
            char c[2] = { "0123456789abcdef"[(v >> shift) & 0xf], 0 };
            msg_str(m, c);
        }
}

static void console_line(const char *prefix, const char *text, unsigned len)
{
    console_lock();
    while (*prefix)
        uart_putc(*prefix++);
    for (unsigned i = 0; i < len; i++)
        uart_putc(text[i]);
    uart_putc('\n');
    console_unlock();
}

static void hyp_log(struct msg *m) { console_line("[hyp] ", m->text, m->len); }

/* "[hyp] vmN: " + s */
static void vm_msg_start(struct msg *m, const struct vm *vm, const char *s)
{
    m->len = 0;
    msg_str(m, "vm");
    msg_dec(m, vm->id);
    msg_str(m, ": ");
    msg_str(m, s);
}

/* A character the VM wrote to its UART: buffered until the end of the line. */
static void vm_console_putc(struct vm *vm, char c)
{
    static const char *const prefix[NR_VMS] = { "[vm1] ", "[vm2] " };
    if (c == '\r')
        return;
    if (c != '\n')
        vm->line[vm->line_len++] = c;
    if (c == '\n' || vm->line_len == sizeof(vm->line)) {
        console_line(prefix[vm->id - 1], vm->line, vm->line_len);
        vm->line_len = 0;
    }
}

__attribute__((noreturn)) static void system_off(void)
{
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}

/* An exception taken from EL2 itself (hyp_entry.S): a hypervisor bug. */
__attribute__((noreturn)) void hyp_panic(uint64_t vector, uint64_t esr, uint64_t elr);
__attribute__((noreturn)) void hyp_panic(uint64_t vector, uint64_t esr, uint64_t elr)
{
    struct msg m = { .len = 0 };
    msg_str(&m, "PANIC: exception at EL2, vector ");
    msg_dec(&m, vector);
    msg_str(&m, ", ESR ");
    msg_hex(&m, esr);
    msg_str(&m, ", ELR ");
    msg_hex(&m, elr);
    hyp_log(&m);
    system_off();
}

/* ---- GIC: distributor once, then each core's redistributor and CPU interfaces ---- */
static void gic_init_dist(void)
{
    /* Non-secure GICD_CTLR: ARE_NS (bit 4), EnableGrp1A (bit 1); wait for RWP to clear */
    mmio_write32(GICD, 1u << 4 | 1u << 1);
    while (mmio_read32(GICD) & (1u << 31))
        ;
}

static void gic_enable_ppi(unsigned cpu, unsigned intid)
{
    uint64_t sgi = GICR_SGI(cpu);
    mmio_write32(sgi + GICR_IGROUPR0, mmio_read32(sgi + GICR_IGROUPR0) | 1u << intid);
    *(volatile uint8_t *)(sgi + GICR_IPRIORITYR + intid) = 0x80;
    mmio_write32(sgi + GICR_ISENABLER0, 1u << intid);
}

static void gic_init_cpu(unsigned cpu)
{
    /* wake the redistributor: GICR_WAKER.ProcessorSleep = 0, wait for ChildrenAsleep = 0 */
    mmio_write32(GICR_WAKER(cpu), mmio_read32(GICR_WAKER(cpu)) & ~2u);
    while (mmio_read32(GICR_WAKER(cpu)) & 4u)
        ;
    write_sysreg(icc_sre_el2, 0xf); /* SRE, DFB, DIB, Enable: EL1 may use the system registers */
    isb();
    write_sysreg(icc_pmr_el1, 0xff);
    write_sysreg(icc_ctlr_el1, 2);  /* EOImode 1: EOI drops priority, deactivation is separate */
    write_sysreg(icc_igrpen1_el1, 1);
    write_sysreg(ich_vmcr_el2, 0);  /* reset virtual interface state; vcpu_load sets the VM's */
    write_sysreg(ich_hcr_el2, ICH_HCR_EN);
    isb();
    gic_enable_ppi(cpu, INTID_CNTV);
}

/* The EL2 state every core runs VMs with. */
static void el2_cpu_init(void)
{
    write_sysreg(hcr_el2, HCR_VALUE);
    write_sysreg(cptr_el2, CPTR_EL2_VALUE);
    write_sysreg(vtcr_el2, VTCR_VALUE);
    write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
    write_sysreg(cntvoff_el2, 0);
    write_sysreg(mdcr_el2, 0);
    isb();
    gic_init_cpu(cpu_id());
}

static void arm_slice_timer(void)
{
    write_sysreg(cnthp_tval_el2, read_sysreg(cntfrq_el0) / 1000 * SLICE_MS);
    write_sysreg(cnthp_ctl_el2, 1);
    isb();
}

/* ---- VMs: stage-2 tables, image, initial vCPU state ---- */
static void vm_create(struct vm *vm, unsigned id, uint64_t ram_pa)
{
    vm->id = id;
    vm->ram_pa = ram_pa;
    vm->s2_l1 = stage2_tables[id - 1][0];
    vm->s2_l2 = stage2_tables[id - 1][1];
    /* IPA [1 GiB, 2 GiB) -> a level-2 table holding one 2 MiB block: the VM's RAM. Everything
     * else (the UART page included) faults to EL2. */
    vm->s2_l1[VM_RAM_IPA >> 30] = (uint64_t)vm->s2_l2 | 3;
    vm->s2_l2[0] = ram_pa | S2_BLOCK_NORMAL;

    /* Load the guest image (8 bytes at a time: with the MMU off this memory is Device) */
    uint64_t size = (uint64_t)(guest_image_end - guest_image);
    const volatile uint64_t *src = (const volatile uint64_t *)guest_image;
    volatile uint64_t *dst = (volatile uint64_t *)ram_pa;
    for (uint64_t i = 0; i < (size + 7) / 8; i++)
        dst[i] = src[i];

    struct vcpu *v = &vm->vcpu;
    v->vm = vm;
    v->x[0] = id;
    v->elr = VM_RAM_IPA;
    v->spsr = SPSR_EL1H_MASKED;
    v->el1.sctlr = SCTLR_EL1_RESET;
    v->el1.vmcr = 0;
    vm->state = VM_RUNNING;
}

/* Put a vCPU's EL1 world away: system registers, timer, GIC list registers. */
static void vcpu_put(struct vcpu *v)
{
    struct el1_context *c = &v->el1;
    c->sctlr = read_sysreg(sctlr_el1);
    c->tcr = read_sysreg(tcr_el1);
    c->ttbr0 = read_sysreg(ttbr0_el1);
    c->ttbr1 = read_sysreg(ttbr1_el1);
    c->mair = read_sysreg(mair_el1);
    c->amair = read_sysreg(amair_el1);
    c->vbar = read_sysreg(vbar_el1);
    c->elr = read_sysreg(elr_el1);
    c->spsr = read_sysreg(spsr_el1);
    c->esr = read_sysreg(esr_el1);
    c->far = read_sysreg(far_el1);
    c->par = read_sysreg(par_el1);
    c->afsr0 = read_sysreg(afsr0_el1);
    c->afsr1 = read_sysreg(afsr1_el1);
    c->contextidr = read_sysreg(contextidr_el1);
    c->tpidr = read_sysreg(tpidr_el1);
    c->tpidrro = read_sysreg(tpidrro_el0);
    c->tpidr_el0 = read_sysreg(tpidr_el0);
    c->cpacr = read_sysreg(cpacr_el1);
    c->cntkctl = read_sysreg(cntkctl_el1);
    c->sp_el0 = read_sysreg(sp_el0);
    c->sp_el1 = read_sysreg(sp_el1);
    /* the timer stops while the VM is off the CPU: its output (PPI 27) drops */
    c->cntv_ctl = read_sysreg(cntv_ctl_el0);
    c->cntv_cval = read_sysreg(cntv_cval_el0);
    write_sysreg(cntv_ctl_el0, 0);
    c->lr[0] = read_sysreg(ich_lr0_el2);
    c->lr[1] = read_sysreg(ich_lr1_el2);
    c->lr[2] = read_sysreg(ich_lr2_el2);
    c->lr[3] = read_sysreg(ich_lr3_el2);
    c->ap1r0 = read_sysreg(ich_ap1r0_el2);
    c->vmcr = read_sysreg(ich_vmcr_el2);
    write_sysreg(ich_lr0_el2, 0);
    write_sysreg(ich_lr1_el2, 0);
    write_sysreg(ich_lr2_el2, 0);
    write_sysreg(ich_lr3_el2, 0);
    write_sysreg(ich_ap1r0_el2, 0);
    isb();
    /* A timer interrupt the VM has not ended yet keeps PPI 27 active; take that state with the VM
     * so that the next VM's timer can fire (as KVM does for mapped interrupts). */
    uint64_t sgi = GICR_SGI(cpu_id());
    c->cntv_active = (mmio_read32(sgi + GICR_ISACTIVER0) >> INTID_CNTV) & 1;
    if (c->cntv_active)
        mmio_write32(sgi + GICR_ICACTIVER0, 1u << INTID_CNTV);
}

static void vcpu_load(struct vcpu *v)
{
    const struct el1_context *c = &v->el1;
    /* stage 2 of this VM; its VMID tags its TLB entries, so no TLB invalidation is needed */
    write_sysreg(vttbr_el2, (uint64_t)v->vm->s2_l1 | (uint64_t)v->vm->id << 48);
    write_sysreg(sctlr_el1, c->sctlr);
    write_sysreg(tcr_el1, c->tcr);
    write_sysreg(ttbr0_el1, c->ttbr0);
    write_sysreg(ttbr1_el1, c->ttbr1);
    write_sysreg(mair_el1, c->mair);
    write_sysreg(amair_el1, c->amair);
    write_sysreg(vbar_el1, c->vbar);
    write_sysreg(elr_el1, c->elr);
    write_sysreg(spsr_el1, c->spsr);
    write_sysreg(esr_el1, c->esr);
    write_sysreg(far_el1, c->far);
    write_sysreg(par_el1, c->par);
    write_sysreg(afsr0_el1, c->afsr0);
    write_sysreg(afsr1_el1, c->afsr1);
    write_sysreg(contextidr_el1, c->contextidr);
    write_sysreg(tpidr_el1, c->tpidr);
    write_sysreg(tpidrro_el0, c->tpidrro);
    write_sysreg(tpidr_el0, c->tpidr_el0);
    write_sysreg(cpacr_el1, c->cpacr);
    write_sysreg(cntkctl_el1, c->cntkctl);
    write_sysreg(sp_el0, c->sp_el0);
    write_sysreg(sp_el1, c->sp_el1);
    if (c->cntv_active)
        mmio_write32(GICR_SGI(cpu_id()) + GICR_ISACTIVER0, 1u << INTID_CNTV);
    write_sysreg(ich_lr0_el2, c->lr[0]);
    write_sysreg(ich_lr1_el2, c->lr[1]);
    write_sysreg(ich_lr2_el2, c->lr[2]);
    write_sysreg(ich_lr3_el2, c->lr[3]);
    write_sysreg(ich_ap1r0_el2, c->ap1r0);
    write_sysreg(ich_vmcr_el2, c->vmcr);
    write_sysreg(cntv_cval_el0, c->cntv_cval);
    write_sysreg(cntv_ctl_el0, c->cntv_ctl);
    isb();
}

/* ---- exits ---- */
static void vm_stop(struct vm *vm, struct msg *why)
{
    hyp_log(why);
    dmb();
    vm->state = VM_STOPPED;
}

/* A data abort on the VM's UART page: emulate the access from the instruction syndrome (ISV = 1:
 * SAS, SRT, WnR are valid; loads of W registers zero the upper half, our values are small). */
static bool emulate_uart(struct vcpu *v, uint64_t esr, uint64_t ipa)
{
    if (!(esr & ESR_ISV) || ipa - VM_UART_IPA >= 0x1000)
        return false;
    unsigned srt = (esr >> 16) & 31;
    uint64_t offset = ipa - VM_UART_IPA;
    if (esr & ESR_WNR) {
        uint64_t value = srt == 31 ? 0 : v->x[srt];
        if (offset == UART_DR)
            vm_console_putc(v->vm, (char)value);
    } else if (srt != 31) {
        /* FR: transmit FIFO empty (TXFE, bit 7), receive FIFO empty (RXFE, bit 4); others RAZ */
        v->x[srt] = offset == UART_FR ? 0x90 : 0;
    }
    v->vm->exits_mmio++;
    v->elr += 4;
    return true;
}

static void handle_data_abort(struct vcpu *v, uint64_t esr)
{
    /* HPFAR_EL2.FIPA holds IPA[47:12]; FAR_EL2 gives the offset within the page */
    uint64_t ipa = (read_sysreg(hpfar_el2) >> 4) << 12 | (read_sysreg(far_el2) & 0xfff);
    if (emulate_uart(v, esr, ipa))
        return;
    struct msg m;
    vm_msg_start(&m, v->vm, "stage-2 fault at IPA ");
    msg_hex(&m, ipa);
    msg_str(&m, " (ESR ");
    msg_hex(&m, esr);
    msg_str(&m, "), stopping vm");
    msg_dec(&m, v->vm->id);
    vm_stop(v->vm, &m);
}

static void handle_hvc(struct vcpu *v, uint64_t esr)
{
    struct vm *vm = v->vm;
    struct msg m;
    vm->exits_hvc++;
    switch (esr & 0xffff) {
    case HVC_DONE:
        vm_msg_start(&m, vm, "done, exit code ");
        msg_dec(&m, v->x[0]);
        hyp_log(&m);
        dmb();
        vm->state = VM_DONE;
        break;
    case HVC_YIELD:
        pcpus[cpu_id() & 1].resched = true;
        break;
    default:
        vm_msg_start(&m, vm, "unknown hypercall #");
        msg_dec(&m, esr & 0xffff);
        msg_str(&m, ", stopping vm");
        msg_dec(&m, vm->id);
        vm_stop(vm, &m);
    }
}

static void handle_sync(struct vcpu *v)
{
    uint64_t esr = read_sysreg(esr_el2);
    unsigned ec = (unsigned)(esr >> 26) & 0x3f;
    struct msg m;
    switch (ec) {
    case EC_HVC64: /* ELR_EL2 already points after the HVC */
        handle_hvc(v, esr);
        break;
    case EC_SMC64: /* HCR_EL2.TSC: the VMs get no firmware services; ELR_EL2 is the SMC itself */
        v->x[0] = (uint64_t)-1; /* SMCCC NOT_SUPPORTED */
        v->elr += 4;
        break;
    case EC_DABT_LOW:
        handle_data_abort(v, esr);
        break;
    default:
        vm_msg_start(&m, v->vm, "unhandled exit, ESR ");
        msg_hex(&m, esr);
        msg_str(&m, " at ");
        msg_hex(&m, v->elr);
        msg_str(&m, ", stopping vm");
        msg_dec(&m, v->vm->id);
        vm_stop(v->vm, &m);
    }
}

/* Inject the virtual timer's interrupt with HW = 1, vINTID = pINTID = 27: the guest's EOI then
 * deactivates the physical interrupt (GICv3 spec 4.2.7 "Hardware interrupts"). */
static void inject_hw_irq(unsigned intid)
{
    uint64_t empty = read_sysreg(ich_elrsr_el2);
    unsigned nr_lrs = (unsigned)(read_sysreg(ich_vtr_el2) & 0x1f) + 1; /* ICH_VTR_EL2.ListRegs */
    if (nr_lrs > 4)
        nr_lrs = 4; /* the save/restore code handles LR0-LR3 */
    for (unsigned n = 0; n < nr_lrs; n++) {
        if (!((empty >> n) & 1))
            continue;
        uint64_t lr = LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(VIRQ_PRIORITY) | LR_PINTID(intid) | intid;
        switch (n) {
        case 0: write_sysreg(ich_lr0_el2, lr); break;
        case 1: write_sysreg(ich_lr1_el2, lr); break;
        case 2: write_sysreg(ich_lr2_el2, lr); break;
        default: write_sysreg(ich_lr3_el2, lr); break;
        }
        isb();
        return;
    }
    /* Cannot happen: one mapped interrupt per VM, and it stays active until the VM ends it. */
    struct msg m = { .len = 0 };
    msg_str(&m, "PANIC: no free list register");
    hyp_log(&m);
    system_off();
}

static void handle_irq(struct vcpu *v)
{
    uint64_t iar = read_sysreg(icc_iar1_el1);
    unsigned intid = (unsigned)(iar & 0xffffff);
    if (intid == INTID_SPURIOUS)
        return;
    v->vm->exits_irq++;
    write_sysreg(icc_eoir1_el1, iar); /* priority drop only (EOImode 1) */
    if (intid == INTID_CNTV) {
        inject_hw_irq(intid);
        return;
    }
    if (intid == INTID_CNTHP) {
        arm_slice_timer(); /* next slice; the timer's output drops */
        pcpus[cpu_id() & 1].resched = true;
    }
    write_sysreg(icc_dir_el1, iar);
    isb();
}

/* ---- scheduling ---- */
static bool all_vms_finished(void)
{
    for (unsigned i = 0; i < NR_VMS; i++)
        if (vms[i].state == VM_RUNNING)
            return false;
    return true;
}

static void print_summary(void)
{
    for (unsigned i = 0; i < NR_VMS; i++) {
        struct msg m;
        vm_msg_start(&m, &vms[i], vms[i].state == VM_DONE ? "done" : "stopped");
        msg_str(&m, "; exits: ");
        msg_dec(&m, vms[i].exits_mmio);
        msg_str(&m, " MMIO, ");
        msg_dec(&m, vms[i].exits_irq);
        msg_str(&m, " IRQ, ");
        msg_dec(&m, vms[i].exits_hvc);
        msg_str(&m, " HVC");
        hyp_log(&m);
    }
    struct msg m = { .len = 0 };
    msg_str(&m, "all VMs finished, PSCI SYSTEM_OFF");
    hyp_log(&m);
}

/* Nothing left to run on this core: core 1 powers off; core 0 waits for every VM, then ends the run. */
__attribute__((noreturn)) static void cpu_idle(void)
{
    if (cpu_id() != 0) {
        psci_call(PSCI_CPU_OFF, 0, 0, 0);
        for (;;)
            __asm__ volatile("wfi");
    }
    write_sysreg(cnthp_ctl_el2, 0);
    while (!all_vms_finished())
        __asm__ volatile("yield");
    dmb();
    print_summary();
    system_off();
}

/* Pick the vCPU to resume after an exit of v: v itself unless its slice ended or it finished. */
static struct vcpu *schedule(struct vcpu *v)
{
    struct pcpu *p = &pcpus[cpu_id() & 1];
    bool runnable = v->vm->state == VM_RUNNING;
    if (runnable && !p->resched)
        return v;
    p->resched = false;
    for (unsigned k = 1; k <= p->nr; k++) {
        unsigned n = (p->cur + k) % p->nr;
        struct vcpu *next = p->runq[n];
        if (next->vm->state != VM_RUNNING)
            continue;
        if (next != v) {
            vcpu_put(v);
            vcpu_load(next);
        }
        p->cur = n;
        return next;
    }
    vcpu_put(v);
    cpu_idle();
}

struct vcpu *hyp_exit_handler(struct vcpu *v, uint64_t kind);
struct vcpu *hyp_exit_handler(struct vcpu *v, uint64_t kind)
{
    if (kind == 0) {
        handle_sync(v);
    } else if (kind == 1) {
        handle_irq(v);
    } else {
        struct msg m;
        vm_msg_start(&m, v->vm, kind == 2 ? "unexpected FIQ" : "SError");
        msg_str(&m, ", stopping vm");
        msg_dec(&m, v->vm->id);
        vm_stop(v->vm, &m);
    }
    return schedule(v);
}

/* Core 1 (PSCI CPU_ON, context id = the vCPU): run that VM. */
__attribute__((noreturn)) void hyp_secondary_main(struct vcpu *v);
__attribute__((noreturn)) void hyp_secondary_main(struct vcpu *v)
{
    el2_cpu_init();
    pcpus[1].runq[0] = v;
    pcpus[1].nr = 1;
    vcpu_load(v);
    vcpu_enter(v);
}

__attribute__((noreturn)) void hyp_main(void);
__attribute__((noreturn)) void hyp_main(void)
{
    struct msg m = { .len = 0 };
    msg_str(&m, "a72sim demo hypervisor at EL2, CNTFRQ ");
    msg_dec(&m, read_sysreg(cntfrq_el0));
    msg_str(&m, " Hz");
    hyp_log(&m);

    /* VM 1's RAM at PA 0x0200_0000, VM 2's at PA 0x0240_0000 (inside the 128 MiB QEMU's board
     * has by default); both see theirs at IPA 0x4000_0000 */
    vm_create(&vms[0], 1, 0x02000000);
    vm_create(&vms[1], 2, 0x02400000);
    __asm__ volatile("dsb ish\n ic ialluis\n tlbi alle1is\n dsb ish\n isb" : : : "memory");
    gic_init_dist();

    struct pcpu *p = &pcpus[0];
    el2_cpu_init();
    int64_t ret = psci_call(PSCI_CPU_ON_64, 1, (uint64_t)secondary_entry, (uint64_t)&vms[1].vcpu);
    m.len = 0;
    if (ret == 0) {
        msg_str(&m, "vm1 on core 0, vm2 on core 1");
        p->runq[0] = &vms[0].vcpu;
        p->nr = 1;
    } else {
        /* One core: enable CNTHP's PPI (el2_cpu_init ran before we knew) and share core 0. */
        gic_enable_ppi(0, INTID_CNTHP);
        msg_str(&m, "one core (CPU_ON returned -");
        msg_dec(&m, (uint64_t)-ret);
        msg_str(&m, "): vm1 and vm2 share core 0, ");
        msg_dec(&m, SLICE_MS);
        msg_str(&m, " ms slices");
        p->runq[0] = &vms[0].vcpu;
        p->runq[1] = &vms[1].vcpu;
        p->nr = 2;
        arm_slice_timer();
    }
    hyp_log(&m);
    vcpu_load(p->runq[0]);
    vcpu_enter(p->runq[0]);
}
