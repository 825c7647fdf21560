/* A Linux /init that needs no FP/SIMD instruction (built with -mgeneral-regs-only, no C library,
 * raw system calls), to boot Linux on a72sim before FP/SIMD is modelled.
 *
 * It prints how many CPUs the kernel brought up (sched_getaffinity) and a checksum of a
 * computation, then, when its first argument is "interactive", prompts "calc> " on the console and
 * answers a line "A*B" or "A+B" with "= RESULT" (the line comes through the PL011's receive path
 * and the tty), then prints the marker NOFP-INIT-DONE and powers the machine off (reboot(2) with
 * LINUX_REBOOT_CMD_POWER_OFF, which ends in PSCI SYSTEM_OFF).
 *
 * With the argument "perf" it measures a loop of known length through Linux's perf_event_open(2),
 * which drives the core's PMU (armv8_pmuv3): the instructions it retires at EL0 (a counting event),
 * its cycles, and samples of its PC every SAMPLE_PERIOD instructions (the counter's overflow
 * interrupt, PPI 23, read back from the event's ring buffer).
 *
 * With the argument "kvm" it runs a virtual machine through /dev/kvm, as a VMM does: a VM with an
 * in-kernel GICv3 and a vCPU with PSCI and the virtual PMU, whose guest (guest_code) reads the PMU's
 * counter number, counts the instructions of a known loop on an event counter, asks KVM's PSCI its
 * version and takes its virtual timer's interrupt through the vGIC, and reports each by an MMIO write,
 * which comes back here as KVM_EXIT_MMIO.
 */
typedef unsigned long u64;

typedef unsigned int u32;

enum {
    SYS_IOCTL = 29, SYS_CLOSE = 57, SYS_READ = 63, SYS_WRITE = 64, SYS_SCHED_GETAFFINITY = 123, SYS_REBOOT = 142,
    SYS_MMAP = 222, SYS_PERF_EVENT_OPEN = 241, SYS_OPENAT = 56,
};

static long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}

static long syscall4(long n, long a, long b, long c, long d)
{
    return syscall6(n, a, b, c, d, 0, 0);
}

static u64 length(const char *s)
{
    u64 n = 0;
    while (s[n])
        n++;
    return n;
}

static void put(const char *s)
{
    syscall4(SYS_WRITE, 1, (long)s, (long)length(s), 0);
}

static void put_number(long v)
{
    char buf[24];
    int k = sizeof(buf) - 1;
    int negative = v < 0;
    u64 u = negative ? (u64)-v : (u64)v;
    buf[k] = 0;
    do {
        buf[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative)
        buf[--k] = '-';
    put(buf + k);
}

static long parse_number(const char **p)
{
    long v = 0;
    while (**p >= '0' && **p <= '9')
        v = v * 10 + (*(*p)++ - '0');
    return v;
}

static void calculator(void)
{
    char line[128];
    put("calc> ");
    long n = syscall4(SYS_READ, 0, (long)line, sizeof(line) - 1, 0);
    if (n <= 0) {
        put("NOFP-INIT: no input\n");
        return;
    }
    line[n] = 0;
    const char *p = line;
    long a = parse_number(&p);
    char op = *p ? *p++ : 0;
    long b = parse_number(&p);
    put("= ");
    put_number(op == '*' ? a * b : op == '+' ? a + b : 0);
    put("\n");
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* spin(n): n iterations of SUBS and B.NE, 2n instructions between spin_loop and spin_end. */
void spin(u64 n);
extern const char spin_loop[], spin_end[];
__asm__(".globl spin, spin_loop, spin_end\n"
        "spin:\n"
        "spin_loop:\n"
        "  subs x0, x0, #1\n"
        "  b.ne spin_loop\n"
        "spin_end:\n"
        "  ret\n");

/* perf_event_open(2)'s struct perf_event_attr, its first version (PERF_ATTR_SIZE_VER0: 64 bytes). */
struct perf_attr {
    u32 type, size;
    u64 config, sample_period, sample_type, read_format, flags;
    u32 wakeup_events, bp_type;
    u64 config1;
};
enum {
    PERF_TYPE_HARDWARE = 0, PERF_COUNT_HW_CPU_CYCLES = 0, PERF_COUNT_HW_INSTRUCTIONS = 1,
    PERF_SAMPLE_IP = 1, PERF_RECORD_SAMPLE = 9,
    ATTR_DISABLED = 1 << 0, ATTR_EXCLUDE_KERNEL = 1 << 5, ATTR_EXCLUDE_HV = 1 << 6,
    IOC_ENABLE = 0x2400, IOC_DISABLE = 0x2401,
    PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1,
};
#define SPIN_ITERATIONS 1000000
#define SAMPLE_PERIOD 20011
#define RING_PAGES 8

/* An event of the core's PMU on this task, at EL0 only, opened disabled; -errno on failure. */
static long open_event(u64 config, u64 period)
{
    struct perf_attr a = { .type = PERF_TYPE_HARDWARE, .size = sizeof(a), .config = config,
                           .sample_period = period, .sample_type = period ? PERF_SAMPLE_IP : 0,
                           .flags = ATTR_DISABLED | ATTR_EXCLUDE_KERNEL | ATTR_EXCLUDE_HV, .wakeup_events = 1 };
    return syscall6(SYS_PERF_EVENT_OPEN, (long)&a, 0, -1, -1, 0, 0);
}

static void spin_measured(long fd)
{
    syscall4(SYS_IOCTL, fd, IOC_ENABLE, 0, 0);
    spin(SPIN_ITERATIONS);
    syscall4(SYS_IOCTL, fd, IOC_DISABLE, 0, 0);
}

/* The event's count (read(2) of an event with no read_format). */
static long count_of(long fd)
{
    u64 v = 0;
    return syscall4(SYS_READ, fd, (long)&v, sizeof(v), 0) == sizeof(v) ? (long)v : -1;
}

static void perf_check(void)
{
    long fd = open_event(PERF_COUNT_HW_INSTRUCTIONS, 0);
    if (fd < 0) {
        put("NOFP-INIT: perf_event_open failed: ");
        put_number(fd);
        put("\n");
        return;
    }
    spin_measured(fd);
    /* What EL0 retires besides the loop: the return from the first ioctl to the second's SVC. */
    put("NOFP-INIT: perf instructions = loop + ");
    put_number(count_of(fd) - 2l * SPIN_ITERATIONS);
    put("\n");
    syscall4(SYS_CLOSE, fd, 0, 0, 0);

    fd = open_event(PERF_COUNT_HW_CPU_CYCLES, 0);
    spin_measured(fd);
    put("NOFP-INIT: perf cycles per 1000 iterations ");
    put_number(count_of(fd) / (SPIN_ITERATIONS / 1000));
    put("\n");
    syscall4(SYS_CLOSE, fd, 0, 0, 0);

    fd = open_event(PERF_COUNT_HW_INSTRUCTIONS, SAMPLE_PERIOD);
    unsigned char *ring = (unsigned char *)syscall6(SYS_MMAP, 0, (1 + RING_PAGES) * 4096l, PROT_READ | PROT_WRITE,
                                                    MAP_SHARED, fd, 0);
    if ((long)ring < 0 && (long)ring > -4096) {
        put("NOFP-INIT: perf mmap failed\n");
        return;
    }
    spin_measured(fd);
    /* struct perf_event_mmap_page: data_head at 1024; the records from the second page, each a
     * struct perf_event_header (type, misc, size) and, for a sample, its PC. */
    u64 head = *(volatile u64 *)(ring + 1024);
    long samples = 0, in_loop = 0;
    for (u64 at = 0; at + 8 <= head && at + 8 <= RING_PAGES * 4096ul;) {
        const unsigned char *rec = ring + 4096 + at;
        u32 type = *(const u32 *)rec;
        unsigned size = *(const unsigned short *)(rec + 6);
        if (size < 8)
            break;
        if (type == PERF_RECORD_SAMPLE) {
            u64 ip = *(const u64 *)(rec + 8);
            samples++;
            in_loop += ip >= (u64)spin_loop && ip <= (u64)spin_end;
        }
        at += size;
    }
    put("NOFP-INIT: perf samples ");
    put_number(samples);
    put(", in the loop ");
    put_number(in_loop);
    put("\n");
    syscall4(SYS_CLOSE, fd, 0, 0, 0);
}

/* The guest, at IPA 0 with its MMU off, reports by stores to MMIO_REPORT + 8 * k:
 *   k = 0: PMCR_EL0.N;  1: PMEVCNTR0_EL0 counting INST_RETIRED over GUEST_LOOP iterations of SUBS/B.NE;
 *   k = 2: PSCI_VERSION, by HVC (KVM answers);
 *   k = 3: the INTID its IRQ handler acknowledged (ICC_IAR1_EL1) and k = 4: how many interrupts it took, of
 *          its virtual timer (PPI 27, enabled in the vGIC), set 1000 ticks ahead and again in the handler:
 *          one in WFI, one while it spins (the second comes only if the first's EOI deactivated the
 *          physical PPI that KVM maps to it);
 *   k = 5: done. */
#define GUEST_LOOP 100000
#define MMIO_REPORT 0x10000000ul
#define REPORTS 6
extern const char guest_code[], guest_code_end[];
__asm__(".balign 2048\n"
        ".globl guest_code, guest_code_end\n"
        "guest_code:\n"
        "  movz x9, #0x1000, lsl #16\n"     /* MMIO_REPORT */
        "  mrs x1, pmcr_el0\n"
        "  ubfx x1, x1, #11, #5\n"
        "  str x1, [x9]\n"
        "  mov x2, #8\n"                    /* INST_RETIRED */
        "  msr pmevtyper0_el0, x2\n"
        "  mov x2, #1\n"
        "  msr pmcntenset_el0, x2\n"
        "  mrs x3, pmcr_el0\n"
        "  orr x3, x3, #3\n"                /* E, and P: event counters to zero */
        "  movz x0, #0x86a0\n"              /* GUEST_LOOP */
        "  movk x0, #0x1, lsl #16\n"
        "  msr pmcr_el0, x3\n"
        "  isb\n"
        "0:\n"
        "  subs x0, x0, #1\n"
        "  b.ne 0b\n"
        "  mrs x4, pmevcntr0_el0\n"
        "  str x4, [x9, #8]\n"
        "  movz w0, #0x8400, lsl #16\n"     /* PSCI_VERSION */
        "  hvc #0\n"
        "  str x0, [x9, #16]\n"
        "  adr x6, guest_vectors\n"
        "  msr vbar_el1, x6\n"
        "  movz x7, #0x0800, lsl #16\n"     /* GICD_CTLR: ARE_NS, EnableGrp1NS */
        "  mov w8, #0x12\n"
        "  str w8, [x7]\n"
        "  movz x7, #0x0080\n"              /* the redistributor's SGI frame: GICR_IGROUPR0 */
        "  movk x7, #0x080b, lsl #16\n"
        "  mov w8, #-1\n"
        "  str w8, [x7]\n"
        "  movz w8, #0x0800, lsl #16\n"     /* GICR_ISENABLER0: PPI 27 */
        "  str w8, [x7, #0x80]\n"
        "  mov x8, #0xff\n"
        "  msr s3_0_c4_c6_0, x8\n"          /* ICC_PMR_EL1 */
        "  mov x8, #1\n"
        "  msr s3_0_c12_c12_7, x8\n"        /* ICC_IGRPEN1_EL1 */
        "  mov x10, #0\n"                   /* interrupts taken */
        "  mov x8, #1000\n"
        "  msr cntv_tval_el0, x8\n"
        "  mov x8, #1\n"
        "  msr cntv_ctl_el0, x8\n"
        "  isb\n"
        "  msr daifclr, #2\n"
        "1: wfi\n"                          /* the first: KVM blocks the vCPU until its timer fires */
        "  cbz x10, 1b\n"
        "  movz x0, #0x4240\n"              /* the second while it runs: 1,000,000 iterations at most */
        "  movk x0, #0xf, lsl #16\n"
        "2: cmp x10, #2\n"
        "  b.eq 3f\n"
        "  subs x0, x0, #1\n"
        "  b.ne 2b\n"
        "3: msr daifset, #2\n"
        "  msr cntv_ctl_el0, xzr\n"
        "  str x5, [x9, #24]\n"
        "  str x10, [x9, #32]\n"
        "  str xzr, [x9, #40]\n"
        "4: b 4b\n"
        ".balign 2048\n"
        "guest_vectors:\n"
        ".skip 0x280\n"                     /* IRQ, from the current EL with SP_EL1 */
        "  mrs x5, s3_0_c12_c12_0\n"        /* ICC_IAR1_EL1 */
        "  msr s3_0_c12_c12_1, x5\n"        /* ICC_EOIR1_EL1: with the LR's HW bit, the physical PPI too */
        "  add x10, x10, #1\n"
        "  mov x8, #1000\n"                 /* again, 1000 ticks from now */
        "  msr cntv_tval_el0, x8\n"
        "  eret\n"
        "guest_code_end:\n");

/* The KVM API (linux/kvm.h) as this VMM uses it. */
enum {
    KVM_CREATE_VM = 0xae01, KVM_GET_VCPU_MMAP_SIZE = 0xae04, KVM_CREATE_VCPU = 0xae41, KVM_RUN = 0xae80,
    KVM_SET_USER_MEMORY_REGION = 0x4020ae46, KVM_ARM_VCPU_INIT = 0x4020aeae, KVM_ARM_PREFERRED_TARGET = 0x8020aeaf,
    KVM_CREATE_DEVICE = 0xc00caee0, KVM_SET_DEVICE_ATTR = 0x4018aee1,
    KVM_DEV_TYPE_ARM_VGIC_V3 = 7, VGIC_GRP_ADDR = 0, VGIC_GRP_CTRL = 4, VGIC_ADDR_DIST = 2, VGIC_ADDR_REDIST = 3,
    VGIC_CTRL_INIT = 0, VCPU_PMU_V3_CTRL = 0, VCPU_PMU_V3_IRQ = 0, VCPU_PMU_V3_INIT = 1, VCPU_FEATURE_PSCI_0_2 = 2, VCPU_FEATURE_PMU_V3 = 3,
    KVM_EXIT_MMIO = 6, O_RDWR = 2, AT_FDCWD = -100, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20,
};
struct kvm_memory_region { u32 slot, flags; u64 guest_phys_addr, memory_size, userspace_addr; };
struct kvm_vcpu_init { u32 target, features[7]; };
struct kvm_create_device { u32 type, fd, flags; };
struct kvm_device_attr { u32 flags, group; u64 attr, addr; };
#define GUEST_RAM 0x10000ul

static long ioctl3(long fd, long request, long arg) { return syscall4(SYS_IOCTL, fd, request, arg, 0); }

static int kvm_failed(const char *what, long err)
{
    put("NOFP-INIT: kvm: ");
    put(what);
    put(" failed: ");
    put_number(err);
    put("\n");
    return -1;
}

static long set_attr(long fd, u32 group, u64 attr, const void *value)
{
    struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (u64)value };
    return ioctl3(fd, KVM_SET_DEVICE_ATTR, (long)&a);
}

static int kvm_check(void)
{
    long kvm = syscall4(SYS_OPENAT, AT_FDCWD, (long)"/dev/kvm", O_RDWR, 0), r;
    if (kvm < 0)
        return kvm_failed("open /dev/kvm", kvm);
    long vm = ioctl3(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        return kvm_failed("KVM_CREATE_VM", vm);
    unsigned char *ram = (unsigned char *)syscall6(SYS_MMAP, 0, GUEST_RAM, PROT_READ | PROT_WRITE,
                                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (const char *from = guest_code; from < guest_code_end; from++)
        ram[from - guest_code] = (unsigned char)*from;
    struct kvm_memory_region region = { .memory_size = GUEST_RAM, .userspace_addr = (u64)ram };
    if ((r = ioctl3(vm, KVM_SET_USER_MEMORY_REGION, (long)&region)) < 0)
        return kvm_failed("KVM_SET_USER_MEMORY_REGION", r);
    /* The in-kernel GICv3: its distributor and redistributor in the guest's IPA space. */
    struct kvm_create_device gic = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
    if ((r = ioctl3(vm, KVM_CREATE_DEVICE, (long)&gic)) < 0)
        return kvm_failed("KVM_CREATE_DEVICE (vGICv3)", r);
    u64 dist = 0x08000000, redist = 0x080a0000;
    if ((r = set_attr(gic.fd, VGIC_GRP_ADDR, VGIC_ADDR_DIST, &dist)) < 0 ||
        (r = set_attr(gic.fd, VGIC_GRP_ADDR, VGIC_ADDR_REDIST, &redist)) < 0)
        return kvm_failed("vGIC addresses", r);
    long vcpu = ioctl3(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0)
        return kvm_failed("KVM_CREATE_VCPU", vcpu);
    struct kvm_vcpu_init init = { 0 };
    if ((r = ioctl3(vm, KVM_ARM_PREFERRED_TARGET, (long)&init)) < 0)
        return kvm_failed("KVM_ARM_PREFERRED_TARGET", r);
    init.features[0] = 1u << VCPU_FEATURE_PSCI_0_2 | 1u << VCPU_FEATURE_PMU_V3;
    if ((r = ioctl3(vcpu, KVM_ARM_VCPU_INIT, (long)&init)) < 0)
        return kvm_failed("KVM_ARM_VCPU_INIT", r);
    int pmu_irq = 23;
    if ((r = set_attr(vcpu, VCPU_PMU_V3_CTRL, VCPU_PMU_V3_IRQ, &pmu_irq)) < 0)
        return kvm_failed("the virtual PMU's interrupt", r);
    if ((r = set_attr(gic.fd, VGIC_GRP_CTRL, VGIC_CTRL_INIT, 0)) < 0)
        return kvm_failed("vGIC init", r);
    if ((r = set_attr(vcpu, VCPU_PMU_V3_CTRL, VCPU_PMU_V3_INIT, 0)) < 0)
        return kvm_failed("virtual PMU init", r);
    long run_size = ioctl3(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    unsigned char *run = (unsigned char *)syscall6(SYS_MMAP, 0, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if ((long)run < 0 && (long)run > -4096)
        return kvm_failed("mmap of struct kvm_run", (long)run);
    /* struct kvm_run: exit_reason at 8; for KVM_EXIT_MMIO phys_addr at 32, data at 40, is_write at 52. */
    u64 report[REPORTS] = { 0 };
    for (int exits = 0; exits < 2 * REPORTS; exits++) {
        if ((r = ioctl3(vcpu, KVM_RUN, 0)) < 0)
            return kvm_failed("KVM_RUN", r);
        u32 reason = *(u32 *)(run + 8);
        u64 addr = *(u64 *)(run + 32), k = (addr - MMIO_REPORT) / 8;
        if (reason != KVM_EXIT_MMIO || !run[52] || addr < MMIO_REPORT || k >= REPORTS)
            return kvm_failed("the guest's exit", -(long)reason);
        report[k] = *(u64 *)(run + 40);
        if (k == REPORTS - 1)
            break;
    }
    put("NOFP-INIT: kvm guest: PMCR_EL0.N ");
    put_number((long)report[0]);
    put(", instructions counted = loop + ");
    put_number((long)report[1] - 2l * GUEST_LOOP);
    put(", PSCI version ");
    put_number((long)(report[2] >> 16));
    put(".");
    put_number((long)(report[2] & 0xffff));
    put(", virtual timer interrupts ");
    put_number((long)report[4]);
    put(" (INTID ");
    put_number((long)report[3]);
    put(")");
    put("\n");
    return 0;
}

void init_main(long argc, char **argv)
{
    put("NOFP-INIT: start\n");
    u64 mask[16] = { 0 };
    long bytes = syscall4(SYS_SCHED_GETAFFINITY, 0, sizeof(mask), (long)mask, 0);
    long cpus = 0;
    for (long k = 0; k < bytes / 8; k++)
        for (u64 m = mask[k]; m; m &= m - 1)
            cpus++;
    put("NOFP-INIT: cpus ");
    put_number(cpus);
    put("\n");
    /* A fixed computation (FNV-1a over the squares mod 2^16 of 0..99999) with a known answer. */
    u64 h = 0xcbf29ce484222325ull;
    for (u64 i = 0; i < 100000; i++) {
        h ^= (i * i) & 0xffff;
        h *= 0x100000001b3ull;
    }
    put("NOFP-INIT: fnv ");
    put_number((long)(h & 0xffffffff));
    put("\n");
    if (argc > 1 && streq(argv[1], "interactive"))
        calculator();
    if (argc > 1 && streq(argv[1], "perf"))
        perf_check();
    if (argc > 1 && streq(argv[1], "kvm"))
        kvm_check();
    put("NOFP-INIT-DONE\n");
    syscall4(SYS_REBOOT, 0xfee1dead, 672274793, 0x4321fedc, 0);
    for (;;)
        ;
}

/* The kernel starts init with SP at argc, then argv[]. */
__asm__(".globl _start\n"
        "_start:\n"
        "  ldr x0, [sp]\n"
        "  add x1, sp, #8\n"
        "  bl init_main\n"
        "1: b 1b\n");
