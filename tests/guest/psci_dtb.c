/* The hypervisor boot: Non-secure EL2 with x0 = the device tree (a flattened devicetree, DTSpec v0.3
 * chapter 5) and PSCI 1.x over SMC (Arm DEN0022): VERSION, FEATURES, AFFINITY_INFO, CPU_ON of the
 * second core (which starts at EL2 with x0 = the context id) and its CPU_OFF. The tree is walked by a
 * small parser of this test to find /cpus (two cpu@N nodes) and /psci (method "smc"). */
#include "smp.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t be32(const void *p)
{
    const volatile uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static bool str_prefix(const char *s, const char *prefix)
{
    while (*prefix && *s == *prefix)
        s++, prefix++;
    return !*prefix;
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* What the walk found. */
static struct {
    bool cpus, psci, psci_method_smc, psci_compatible;
    unsigned cpu_nodes, cpu_regs_ok, cpu_psci_enable, depth_max, errors;
    uint32_t root_addr_cells;
    uint64_t gic_reg[2]; /* the first two addresses of the "arm,gic-v3" node's reg: GICD, GICR */
    unsigned gic_nodes;
} fdt;

static bool list_has_prefix(const char *value, uint32_t len, const char *prefix)
{
    for (uint32_t i = 0; i < len; i += (uint32_t)str_len(value + i) + 1)
        if (str_prefix(value + i, prefix))
            return true;
    return false;
}

static void fdt_walk(const uint8_t *blob)
{
    uint32_t off_struct = be32(blob + 8), off_strings = be32(blob + 12);
    uint32_t size_struct = be32(blob + 36);
    const uint8_t *p = blob + off_struct, *end = p + size_struct;
    const char *strings = (const char *)blob + off_strings;
    /* path[d] = the name of the node at depth d (0 = root); is_gic/reg: what its properties say */
    const char *path[8] = { 0 };
    bool is_gic[8];
    uint64_t reg[8][2];
    int depth = -1;
    while (p < end) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            depth++;
            if (depth >= 8) {
                fdt.errors++;
                return;
            }
            path[depth] = name;
            is_gic[depth] = false;
            reg[depth][0] = reg[depth][1] = 0;
            if ((unsigned)depth > fdt.depth_max)
                fdt.depth_max = (unsigned)depth;
            if (depth == 1 && str_eq(name, "cpus"))
                fdt.cpus = true;
            if (depth == 1 && str_eq(name, "psci"))
                fdt.psci = true;
            if (depth == 2 && str_eq(path[1], "cpus") && str_prefix(name, "cpu@"))
                fdt.cpu_nodes++;
            p += (str_len(name) + 1 + 3) & ~3ul;
        } else if (token == FDT_END_NODE) {
            if (depth < 0) {
                fdt.errors++;
                return;
            }
            if (is_gic[depth]) {
                fdt.gic_nodes++;
                fdt.gic_reg[0] = reg[depth][0];
                fdt.gic_reg[1] = reg[depth][1];
            }
            depth--;
        } else if (token == FDT_PROP) {
            uint32_t len = be32(p), nameoff = be32(p + 4);
            const char *value = (const char *)p + 8, *pname = strings + nameoff;
            if (depth == 0 && str_eq(pname, "#address-cells"))
                fdt.root_addr_cells = be32(value);
            if (depth == 1 && str_eq(path[1], "psci")) {
                if (str_eq(pname, "method") && str_eq(value, "smc"))
                    fdt.psci_method_smc = true;
                /* compatible is a list of strings: look for "arm,psci-..." in any of them */
                if (str_eq(pname, "compatible") && list_has_prefix(value, len, "arm,psci"))
                    fdt.psci_compatible = true;
            }
            if (depth == 2 && str_eq(path[1], "cpus") && str_prefix(path[2], "cpu@") &&
                str_eq(pname, "enable-method") && str_eq(value, "psci"))
                fdt.cpu_psci_enable++;
            /* the GIC's node (a child of the root or of a bus): its reg read with the root's cell
             * sizes (#size-cells taken equal to #address-cells: 2 on both boards) */
            if (depth >= 1 && str_eq(pname, "compatible") && list_has_prefix(value, len, "arm,gic-v3"))
                is_gic[depth] = true;
            if (depth >= 1 && str_eq(pname, "reg") && fdt.root_addr_cells == 2 && len >= 32) {
                reg[depth][0] = (uint64_t)be32(value) << 32 | be32(value + 4);
                reg[depth][1] = (uint64_t)be32(value + 16) << 32 | be32(value + 20);
            }
            /* cpu@N: reg = N's MPIDR affinity (one or two cells); the unit address matches it */
            if (depth == 2 && str_eq(path[1], "cpus") && str_prefix(path[2], "cpu@") && str_eq(pname, "reg")) {
                uint32_t reg = be32(value + len - 4);
                const char *unit = path[2] + 4;
                uint32_t n = 0;
                for (; *unit; unit++)
                    n = n * 16 + (uint32_t)(*unit <= '9' ? *unit - '0' : (*unit | 0x20) - 'a' + 10);
                if (n == reg && reg < 2)
                    fdt.cpu_regs_ok++;
            }
            p += 8 + ((len + 3) & ~3u);
        } else if (token == FDT_NOP) {
            continue;
        } else if (token == FDT_END) {
            break;
        } else {
            fdt.errors++;
            return;
        }
    }
    if (depth != -1)
        fdt.errors++;
}

/* MPIDR_EL1 bit 31 is RES1 (Arm ARM D17.2.101); QEMU 7.2's Versal cores read it as 0. */
static uint64_t mpidr_mask(void)
{
    return test_on_qemu ? 0xff00ffffffull & ~(1ull << 31) : 0xff00ffffffull;
}

static void test_boot_state(void)
{
    CHECK_EQ(current_el(), 2);
    /* Versal's cores are Aff0 = 0 and 1 of one cluster */
    CHECK_EQ(read_sysreg(mpidr_el1) & mpidr_mask(), 0x80000000 & mpidr_mask());
}

static void test_dtb(void)
{
    const uint8_t *blob = (const uint8_t *)boot_x0;
    CHECK(boot_x0 != 0);
    CHECK_EQ(boot_x0 & 7, 0); /* booting.rst: 8-byte aligned */
    if (!boot_x0)
        return;
    CHECK_EQ(be32(blob), FDT_MAGIC);
    uint32_t totalsize = be32(blob + 4);
    CHECK(totalsize > 40 && totalsize <= 2u * 1024 * 1024); /* booting.rst: at most 2 MiB */
    CHECK(be32(blob + 8) < totalsize);                     /* off_dt_struct */
    CHECK(be32(blob + 12) < totalsize);                    /* off_dt_strings */
    CHECK(be32(blob + 20) >= 16);                          /* version */
    CHECK(be32(blob + 24) <= 17);                          /* last_comp_version */
    CHECK(be32(blob + 8) + be32(blob + 36) <= totalsize);  /* the structure block fits */
    if (be32(blob) != FDT_MAGIC)
        return;
    fdt_walk(blob);
    CHECK_EQ(fdt.errors, 0);
    CHECK(fdt.cpus);
    CHECK(fdt.psci);
    CHECK(fdt.psci_method_smc);
    CHECK(fdt.psci_compatible);
    CHECK_EQ(fdt.cpu_nodes, 2);
    CHECK_EQ(fdt.cpu_regs_ok, 2);
    CHECK_EQ(fdt.cpu_psci_enable, 2); /* both cpus: enable-method = "psci" */
    CHECK_EQ(fdt.root_addr_cells, 2);
    CHECK_EQ(fdt.gic_nodes, 1);
    CHECK_EQ(fdt.gic_reg[0], 0xF9000000);
    CHECK_EQ(fdt.gic_reg[1], 0xF9080000);
}

static volatile uint64_t cpu1_el, cpu1_mpidr, cpu1_ran, cpu1_ctx_seen, cpu1_release;
static volatile int64_t cpu1_aff_self;

static void cpu1_job(void)
{
    cpu1_el = current_el();
    cpu1_mpidr = read_sysreg(mpidr_el1);
    cpu1_aff_self = psci_call(PSCI_AFFINITY_INFO_64, 1, 0, 0);
    cpu1_ran = 1;
    while (!cpu1_release)
        cpu_relax();
}

/* The context id arrives in x0 (secondary_entry passes it to smp_secondary_main as the job). */
static void cpu1_ctx_job(void)
{
    cpu1_ctx_seen = 1;
}

static void test_psci(void)
{
    int64_t v = psci_call(PSCI_VERSION, 0, 0, 0);
    CHECK(v >= 0x10000); /* PSCI 1.0 or later: FEATURES exists */
    if (!test_on_qemu)
        CHECK_EQ(v, 0x10001); /* PSCI 1.1, as TF-A answers on Versal */
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_VERSION, 0, 0), PSCI_SUCCESS);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0), PSCI_SUCCESS);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_CPU_OFF, 0, 0), PSCI_SUCCESS);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_AFFINITY_INFO_64, 0, 0), PSCI_SUCCESS);
    CHECK_EQ(psci_call(PSCI_FEATURES, 0x8400FFFFu, 0, 0), PSCI_NOT_SUPPORTED);
    /* an unknown function ID: NOT_SUPPORTED (SMC Calling Convention: -1) */
    CHECK_EQ(psci_call(0x8400FFFFu, 0, 0, 0), PSCI_NOT_SUPPORTED);

    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO_64, 0, 0, 0), AFF_ON);
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO_64, 1, 0, 0), AFF_OFF);
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO_64, 7, 0, 0), PSCI_INVALID_PARAMS);
    CHECK_EQ(psci_call(PSCI_CPU_ON_64, 7, 0x100000, 0), PSCI_INVALID_PARAMS);
    CHECK_EQ(psci_call(PSCI_CPU_ON_64, 0, 0x100000, 0), PSCI_ALREADY_ON);

    CHECK_EQ(smp_start_cpu1(cpu1_job), PSCI_SUCCESS);
    wait_flag(&cpu1_ran);
    CHECK_EQ(cpu1_ran, 1);
    CHECK_EQ(cpu1_el, 2);
    /* PSCI (DEN0022 6.4): entered at the caller's EL, MMU off, asynchronous exceptions masked */
    CHECK_EQ(secondary_entry_state[0], 2 << 2);
    CHECK_EQ(secondary_entry_state[1], 0x3c0);
    CHECK_EQ(secondary_entry_state[2] & 1, 0);
    CHECK_EQ(cpu1_mpidr & mpidr_mask(), 0x80000001 & mpidr_mask());
    CHECK_EQ(cpu1_aff_self, AFF_ON);
    int64_t aff = psci_call(PSCI_AFFINITY_INFO_64, 1, 0, 0);
    CHECK(aff == AFF_ON);
    int64_t again = smp_start_cpu1(cpu1_job);
    CHECK(again == PSCI_ALREADY_ON);
    cpu1_release = 1;
    CHECK(smp_wait_cpu1_off());
    /* once off, it can be started again, and x0 carries the new context id */
    CHECK_EQ(smp_start_cpu1(cpu1_ctx_job), PSCI_SUCCESS);
    wait_flag(&cpu1_ctx_seen);
    CHECK_EQ(cpu1_ctx_seen, 1);
    CHECK(smp_wait_cpu1_off());
}

void test_main(void)
{
    test_boot_state();
    test_dtb();
    test_psci();
}
