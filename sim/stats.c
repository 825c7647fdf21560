/* --stats: per-core instructions, cycles, simulated time, sleep, exceptions and TLB use. */
#include "stats.h"

#include <inttypes.h>

#include "cpu/exception.h"
#include "machine.h"
#include "mmu/tlb.h"

static const char *const interrupt_names[4] = { [STATS_IRQ] = "IRQ", [STATS_FIQ] = "FIQ",
                                                [STATS_SERROR] = "SError" };

struct core_times stats_core_times(const struct machine *m, unsigned n)
{
    const struct cpu *c = m->cpus[n];
    const struct core_stats *s = &m->stats[n];
    struct core_times t = { .insns = c->icount, .cycles = c->cycles, .executing = s->executing_cycles,
                            .asleep = s->asleep_cycles };
    uint64_t accounted = t.executing + t.asleep;
    t.idle = t.cycles > accounted ? t.cycles - accounted : 0;
    t.seconds = (double)t.cycles / (double)c->config.clock_hz;
    for (unsigned el = 0; el < 4; el++)
        t.insns_by_el[el] = s->insns_by_el[el];
    t.insns_by_el[c->pstate.el & 3] += c->icount - s->insns_at_el_change; /* since the last change */
    return t;
}

double stats_simulated_seconds(const struct machine *m)
{
    double longest = 0;
    for (unsigned n = 0; n < m->ncpus; n++) {
        double s = stats_core_times(m, n).seconds;
        if (s > longest)
            longest = s;
    }
    return longest;
}

static double mips(uint64_t insns, double seconds)
{
    return seconds > 0 ? (double)insns / seconds / 1e6 : 0.0;
}

void stats_format_seconds(char *buf, size_t size, double s)
{
    if (s < 1e-6)
        snprintf(buf, size, "%.1f ns", s * 1e9);
    else if (s < 1e-3)
        snprintf(buf, size, "%.3f us", s * 1e6);
    else if (s < 1)
        snprintf(buf, size, "%.3f ms", s * 1e3);
    else
        snprintf(buf, size, "%.3f s", s);
}

static void print_text(FILE *f, const struct machine *m, double host_seconds)
{
    uint64_t insns = machine_total_insns(m);
    char run_time[32];
    stats_format_seconds(run_time, sizeof(run_time), stats_simulated_seconds(m));
    fprintf(f,
            "a72sim: instructions %" PRIu64 " (all cores) in %.6f host seconds: %.1f MIPS; simulated time %s "
            "(the longest core's)\n",
            insns, host_seconds, mips(insns, host_seconds), run_time);
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct core_stats *s = &m->stats[n];
        struct core_times t = stats_core_times(m, n);
        char simulated[32];
        stats_format_seconds(simulated, sizeof(simulated), t.seconds);
        fprintf(f, "cpu%u: %" PRIu64 " instructions, %" PRIu64 " cycles = %s simulated at %.1f GHz\n", n, t.insns,
                t.cycles, simulated, (double)m->cpus[n]->config.clock_hz / 1e9);
        fprintf(f, "cpu%u:   executing %" PRIu64 " cycles", n, t.executing);
        if (t.insns)
            fprintf(f, " (CPI %.2f)", (double)t.executing / (double)t.insns);
        char asleep[32];
        stats_format_seconds(asleep, sizeof(asleep), (double)t.asleep / (double)m->cpus[n]->config.clock_hz);
        fprintf(f, ", asleep in WFI/WFE %" PRIu64 " (%s), idle %" PRIu64 " (off, or waiting for the other core)\n",
                t.asleep, asleep, t.idle);
        fprintf(f, "cpu%u:   instructions by EL: EL0 %" PRIu64 ", EL1 %" PRIu64 ", EL2 %" PRIu64 ", EL3 %" PRIu64 "\n",
                n, t.insns_by_el[0], t.insns_by_el[1], t.insns_by_el[2], t.insns_by_el[3]);
        for (unsigned ec = 0; ec < 64; ec++)
            for (unsigned el = 1; el < 4; el++)
                if (s->exceptions[ec][el])
                    fprintf(f, "cpu%u:   EC 0x%02x %s \u2192 EL%u: %" PRIu64 "\n", n, ec, ec_label(ec), el,
                            s->exceptions[ec][el]);
        for (unsigned k = STATS_IRQ; k <= STATS_SERROR; k++)
            for (unsigned el = 1; el < 4; el++)
                if (s->interrupts[k][el])
                    fprintf(f, "cpu%u:   %s \u2192 EL%u: %" PRIu64 "\n", n, interrupt_names[k], el,
                            s->interrupts[k][el]);
        uint64_t exits = 0;
        for (unsigned ec = 0; ec < 64; ec++)
            exits += s->vm_exits[ec];
        for (unsigned k = STATS_IRQ; k <= STATS_SERROR; k++)
            exits += s->vm_exit_interrupts[k];
        if (exits) {
            fprintf(f, "cpu%u:   VM exits (EL1/EL0 \u2192 EL2) %" PRIu64 ":", n, exits);
            const char *sep = " ";
            for (unsigned ec = 0; ec < 64; ec++)
                if (s->vm_exits[ec]) {
                    fprintf(f, "%s%s %" PRIu64, sep, ec_label(ec), s->vm_exits[ec]);
                    sep = ", ";
                }
            for (unsigned k = STATS_IRQ; k <= STATS_SERROR; k++)
                if (s->vm_exit_interrupts[k]) {
                    fprintf(f, "%s%s %" PRIu64, sep, interrupt_names[k], s->vm_exit_interrupts[k]);
                    sep = ", ";
                }
            fputc('\n', f);
        }
        const struct tlb_stats *tlb = &m->cpus[n]->arch_tlb->stats;
        if (!tlb->l2_hits && !tlb->misses)
            continue; /* no translation regime with an MMU was used */
        fprintf(f, "cpu%u:   TLB micro-TLB misses %" PRIu64 ": L2 TLB hits %" PRIu64 ", L2 misses %" PRIu64
                   ", walks %" PRIu64 ", TLBIs %" PRIu64 "\n",
                n, tlb->l2_hits + tlb->misses, tlb->l2_hits, tlb->misses, tlb->walks, tlb->invalidations);
        for (unsigned stage = 0; stage < 2; stage++)
            fprintf(f, "cpu%u:   stage %u descriptor fetches by level 0-3: %" PRIu64 " %" PRIu64 " %" PRIu64
                       " %" PRIu64 "\n",
                    n, stage + 1, tlb->descriptor_fetches[stage][0], tlb->descriptor_fetches[stage][1],
                    tlb->descriptor_fetches[stage][2], tlb->descriptor_fetches[stage][3]);
        for (unsigned v = 0; v < 256; v++)
            if (tlb->l2_hits_by_vmid[v] || tlb->misses_by_vmid[v])
                fprintf(f, "cpu%u:   VMID %u: micro-TLB misses %" PRIu64 ": L2 TLB hits %" PRIu64 ", L2 misses %" PRIu64
                           "\n", n, v, tlb->l2_hits_by_vmid[v] + tlb->misses_by_vmid[v], tlb->l2_hits_by_vmid[v],
                        tlb->misses_by_vmid[v]);
    }
}

/* One JSON object on one line; names and keys are fixed ASCII, so nothing needs escaping. */
static void print_json(FILE *f, const struct machine *m, double host_seconds)
{
    uint64_t insns = machine_total_insns(m);
    fprintf(f, "{\"instructions\":%" PRIu64 ",\"host_seconds\":%.6f,\"mips\":%.1f,\"simulated_seconds\":%.9f,"
               "\"cpu_hz\":%" PRIu64 ",\"counter_hz\":%" PRIu64 ",\"cores\":[",
            insns, host_seconds, mips(insns, host_seconds), stats_simulated_seconds(m), m->cpus[0]->config.clock_hz,
            m->cpus[0]->config.cntfrq_hz);
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct core_stats *s = &m->stats[n];
        struct core_times t = stats_core_times(m, n);
        fprintf(f, "%s{\"cpu\":%u,\"instructions\":%" PRIu64 ",\"cycles\":%" PRIu64 ",\"simulated_seconds\":%.9f,"
                   "\"executing_cycles\":%" PRIu64 ",\"asleep_cycles\":%" PRIu64 ",\"idle_cycles\":%" PRIu64
                   ",\"instructions_by_el\":[%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "],\"exceptions\":[",
                n ? "," : "", n, t.insns, t.cycles, t.seconds, t.executing, t.asleep, t.idle, t.insns_by_el[0],
                t.insns_by_el[1], t.insns_by_el[2], t.insns_by_el[3]);
        const char *sep = "";
        for (unsigned ec = 0; ec < 64; ec++)
            for (unsigned el = 1; el < 4; el++)
                if (s->exceptions[ec][el]) {
                    fprintf(f, "%s{\"ec\":%u,\"name\":\"%s\",\"target_el\":%u,\"count\":%" PRIu64 "}", sep, ec,
                            ec_label(ec), el, s->exceptions[ec][el]);
                    sep = ",";
                }
        fputs("],\"interrupts\":[", f);
        sep = "";
        for (unsigned k = STATS_IRQ; k <= STATS_SERROR; k++)
            for (unsigned el = 1; el < 4; el++)
                if (s->interrupts[k][el]) {
                    fprintf(f, "%s{\"kind\":\"%s\",\"target_el\":%u,\"count\":%" PRIu64 "}", sep,
                            interrupt_names[k], el, s->interrupts[k][el]);
                    sep = ",";
                }
        fputs("],\"vm_exits\":{", f);
        sep = "";
        for (unsigned ec = 0; ec < 64; ec++)
            if (s->vm_exits[ec]) {
                fprintf(f, "%s\"%s\":%" PRIu64, sep, ec_label(ec), s->vm_exits[ec]);
                sep = ",";
            }
        for (unsigned k = STATS_IRQ; k <= STATS_SERROR; k++)
            if (s->vm_exit_interrupts[k]) {
                fprintf(f, "%s\"%s\":%" PRIu64, sep, interrupt_names[k], s->vm_exit_interrupts[k]);
                sep = ",";
            }
        const struct tlb_stats *tlb = &m->cpus[n]->arch_tlb->stats;
        fprintf(f, "},\"tlb\":{\"l2_hits\":%" PRIu64 ",\"misses\":%" PRIu64 ",\"walks\":%" PRIu64
                   ",\"tlbis\":%" PRIu64 ",\"descriptor_fetches\":[",
                tlb->l2_hits, tlb->misses, tlb->walks, tlb->invalidations);
        for (unsigned stage = 0; stage < 2; stage++)
            fprintf(f, "%s[%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]", stage ? "," : "",
                    tlb->descriptor_fetches[stage][0], tlb->descriptor_fetches[stage][1],
                    tlb->descriptor_fetches[stage][2], tlb->descriptor_fetches[stage][3]);
        fputs("],\"by_vmid\":[", f);
        sep = "";
        for (unsigned v = 0; v < 256; v++)
            if (tlb->l2_hits_by_vmid[v] || tlb->misses_by_vmid[v]) {
                fprintf(f, "%s{\"vmid\":%u,\"l2_hits\":%" PRIu64 ",\"misses\":%" PRIu64 "}", sep, v,
                        tlb->l2_hits_by_vmid[v], tlb->misses_by_vmid[v]);
                sep = ",";
            }
        fputs("]}}", f);
    }
    fputs("]}\n", f);
}

void stats_print(FILE *f, const struct machine *m, enum stats_format format, double host_seconds)
{
    if (format == STATS_JSON)
        print_json(f, m, host_seconds);
    else if (format == STATS_TEXT)
        print_text(f, m, host_seconds);
}
