/*
 * Demo guest: a bare-metal EL1 program, one image for both VMs (x0 at entry = the VM's number).
 * It turns on its stage-1 MMU (identity map of its RAM, the UART page as Device memory), talks to
 * the PL011 it sees at VM_UART_IPA (emulated by the hypervisor), counts virtual timer interrupts
 * taken through the GIC's virtual CPU interface, and reports progress with hypercalls. VM 2 has a
 * bug on purpose: it believes it has 4 MiB of RAM and touches the first byte past its 2 MiB.
 */
#include <stdint.h>
#include "demo.h"

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")

#define INTID_CNTV 27
#define INTID_SPURIOUS 1023
#define TICKS_VM1 6
#define FAULT_TICK_VM2 3

static unsigned vm_id;
static uint64_t timer_period;
static volatile unsigned ticks;

/* ---- console: the (emulated) PL011 ---- */
static void uart_putc(char c)
{
    volatile uint32_t *uart = (volatile uint32_t *)VM_UART_IPA;
    while (uart[UART_FR / 4] & UART_FR_TXFF)
        ;
    uart[UART_DR / 4] = (uint8_t)c;
}

static void con_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

static void put_dec(uint64_t v)
{
    char buf[20];
    int n = 0;
    do
        buf[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        uart_putc(buf[--n]);
}

static void put_hex(uint64_t v)
{
    con_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        if ((v >> shift) || shift == 0)
            uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

/* ---- hypercalls ---- */
static void hvc_yield(uint64_t progress)
{
    register uint64_t x0 __asm__("x0") = progress;
    __asm__ volatile("hvc #1" : "+r"(x0) : : "memory");
}

__attribute__((noreturn)) static void hvc_done(uint64_t code)
{
    register uint64_t x0 __asm__("x0") = code;
    __asm__ volatile("hvc #0" : : "r"(x0) : "memory");
    for (;;)
        __asm__ volatile("wfi");
}

/* ---- stage 1 (Arm ARM D5.3: 4 KiB granule, 32-bit VA, lookup from level 1) ---- */
#define DESC_TABLE 3ull
#define DESC_BLOCK 1ull
#define DESC_PAGE 3ull
#define ATTR_NORMAL (0ull << 2)        /* MAIR Attr0: Normal, Write-Back */
#define ATTR_DEVICE (1ull << 2)        /* MAIR Attr1: Device-nGnRE */
#define SH_INNER (3ull << 8)
#define AF (1ull << 10)
#define XN (3ull << 53)                /* UXN | PXN */
#define MAIR_VALUE 0x04FFull
/* TCR_EL1: T0SZ 32, Write-Back Inner Shareable walks, 4 KiB granule, EPD1 (no TTBR1), IPS 40 bits */
#define TCR_VALUE (32ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 32)
#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2_low[512] __attribute__((aligned(4096)));
static uint64_t l3_uart[512] __attribute__((aligned(4096)));
static uint64_t l2_ram[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
    l1[0] = (uint64_t)l2_low | DESC_TABLE;
    l2_low[(VM_UART_IPA >> 21) & 511] = (uint64_t)l3_uart | DESC_TABLE;
    l3_uart[(VM_UART_IPA >> 12) & 511] = VM_UART_IPA | ATTR_DEVICE | AF | XN | DESC_PAGE;
    l1[VM_RAM_IPA >> 30] = (uint64_t)l2_ram | DESC_TABLE;
    unsigned blocks = vm_id == 2 ? 2 : 1; /* VM 2's bug: two 2 MiB blocks */
    for (unsigned b = 0; b < blocks; b++)
        l2_ram[b] = (VM_RAM_IPA + b * VM_RAM_SIZE) | ATTR_NORMAL | SH_INNER | AF | DESC_BLOCK;
    __asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb ish" : : : "memory");
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, TCR_VALUE);
    write_sysreg(ttbr0_el1, (uint64_t)l1);
    isb();
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();
}

/* ---- interrupts: the GICv3 virtual CPU interface (ICC_* at EL1 reach ICV_* under HCR_EL2.IMO) ---- */
void guest_irq(void);
void guest_irq(void)
{
    uint64_t iar = read_sysreg(icc_iar1_el1);
    unsigned intid = (unsigned)(iar & 0xffffff);
    if (intid == INTID_SPURIOUS)
        return;
    if (intid == INTID_CNTV) {
        ticks++;
        write_sysreg(cntv_tval_el0, timer_period); /* re-arm: the timer's level drops */
        isb();
    }
    write_sysreg(icc_eoir1_el1, iar); /* drop and deactivate (the hypervisor mapped it with HW = 1) */
    isb();
}

__attribute__((noreturn)) void guest_unexpected(uint64_t kind, uint64_t esr, uint64_t elr);
__attribute__((noreturn)) void guest_unexpected(uint64_t kind, uint64_t esr, uint64_t elr)
{
    con_puts("unexpected exception, vector ");
    put_dec(kind);
    con_puts(" ESR ");
    put_hex(esr);
    con_puts(" at ");
    put_hex(elr);
    con_puts("\n");
    hvc_done(1);
}

__attribute__((noreturn)) void guest_main(uint64_t id);
__attribute__((noreturn)) void guest_main(uint64_t id)
{
    vm_id = (unsigned)id;
    con_puts("booting at EL1, MMU off\n");
    mmu_on();
    con_puts("stage-1 MMU on, running at VA ");
    put_hex((uint64_t)&guest_main);
    con_puts("\n");

    /* Virtual timer: VM 1 ticks every 1 ms, VM 2 every 1.5 ms. */
    timer_period = read_sysreg(cntfrq_el0) / 2000 * (id == 1 ? 2 : 3);
    write_sysreg(icc_pmr_el1, 0xff);
    write_sysreg(icc_igrpen1_el1, 1);
    write_sysreg(cntv_tval_el0, timer_period);
    write_sysreg(cntv_ctl_el0, 1);
    isb();
    __asm__ volatile("msr daifclr, #2" : : : "memory");

    unsigned seen = 0;
    for (;;) {
        __asm__ volatile("wfi" : : : "memory");
        if (ticks == seen)
            continue;
        seen = ticks;
        con_puts("tick ");
        put_dec(seen);
        con_puts("\n");
        hvc_yield(seen);
        if (id == 1 && seen >= TICKS_VM1)
            break;
        if (id == 2 && seen == FAULT_TICK_VM2) {
            uint64_t beyond = VM_RAM_IPA + VM_RAM_SIZE;
            con_puts("writing to ");
            put_hex(beyond);
            con_puts(", past the end of my RAM\n");
            register uint64_t x0 __asm__("x0") = beyond;
            register uint64_t x1 __asm__("x1") = 0xbad;
            __asm__ volatile("str x1, [x0]" : : "r"(x0), "r"(x1) : "memory"); /* stage-2 fault */
            con_puts("still alive?\n");
        }
    }
    __asm__ volatile("msr daifset, #2" : : : "memory");
    write_sysreg(cntv_ctl_el0, 0);
    isb();
    con_puts("done after ");
    put_dec(seen);
    con_puts(" timer ticks\n");
    hvc_done(0);
}
