/* Run statistics: what each core did, counted by the machine on slow paths and printed by
 * `a72sim run --stats` as text or as one line of JSON. */
#ifndef A72SIM_STATS_H
#define A72SIM_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct machine;

/* Asynchronous exception kinds, indexed by vector offset / 0x80 (index 0 is synchronous). */
enum { STATS_IRQ = 1, STATS_FIQ = 2, STATS_SERROR = 3 };

struct core_stats {
    uint64_t exceptions[64][4];   /* synchronous exceptions taken, by ESR.EC and target EL */
    uint64_t interrupts[4][4];    /* IRQ/FIQ/SError taken, by kind (STATS_IRQ...) and target EL */
    uint64_t vm_exits[64];        /* synchronous exceptions from EL0/EL1 to EL2, by EC */
    uint64_t vm_exit_interrupts[4]; /* IRQ/FIQ/SError from EL0/EL1 to EL2, by kind */
    uint64_t executing_cycles;    /* cycles charged while the core ran instructions */
    uint64_t asleep_cycles;       /* cycles skipped while the core slept in WFI/WFE */
    uint64_t insns_by_el[4];      /* instructions retired at each EL, up to the last EL change ... */
    uint64_t insns_at_el_change;  /* ... which came at this instruction count */
};

enum stats_format { STATS_NONE, STATS_TEXT, STATS_JSON };

/* A core at instruction count icount left from_el (exception entry or return): the instructions
 * since the last change ran there. */
static inline void stats_note_el_change(struct core_stats *s, uint64_t icount, unsigned from_el)
{
    s->insns_by_el[from_el & 3] += icount - s->insns_at_el_change;
    s->insns_at_el_change = icount;
}

/* A core's cycles split into what it did: the rest of its clock (idle) is time before it was
 * powered on, or catching up with the other core at the end of a quantum. */
struct core_times {
    uint64_t insns, cycles, executing, asleep, idle;
    uint64_t insns_by_el[4];
    double seconds;               /* cycles at the core's clock */
};
struct core_times stats_core_times(const struct machine *m, unsigned n);
/* The run's simulated time: the cores run side by side, so it is the longest core's, never a sum. */
double stats_simulated_seconds(const struct machine *m);
/* A duration with a unit that keeps 4 significant digits or more: "197.1 ns", "6.072 ms". */
void stats_format_seconds(char *buf, size_t size, double s);

/* Print the statistics of a finished run to f. */
void stats_print(FILE *f, const struct machine *m, enum stats_format format, double host_seconds);

#endif
