/* Hypervisor sanitizers (--check=LIST): observers that report the architecture rules a guest breaks
 * which the simulator (like QEMU) forgives but silicon does not. One file per family:
 *   tlb    check_tlb.c   stale TLB entries used (a missing TLBI), a TLBI relied on before a DSB
 *                        completed it, translation-table stores not made visible (DSB) before a TLBI
 *   bbm    check_tlb.c   break-before-make on valid stage-1/stage-2 descriptors
 *   sync   check_sync.c  system-register writes relied on before a context synchronisation event
 *   cache  check_cache.c instructions executed after data stores without the I/D maintenance
 *   gic    check_gic.c   list-register, EOI/DIR, RWP and maintenance-interrupt programming errors
 *   psci   check_psci.c  PSCI calls that make no sense in the cores' state
 * Each violation is reported once per (check, PC) on machine.log and as an OBS_CHECK event; with
 * fatal set the run stops at the first one (STOP_CHECK). A check that is off costs nothing: the
 * checks are an observer, attached only while one is on. What each check tracks is in docs/checks.md. */
#ifndef A72SIM_CHECK_CHECK_H
#define A72SIM_CHECK_CHECK_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct cpu;
struct symtab;

enum check_id { CHECK_TLB, CHECK_BBM, CHECK_SYNC, CHECK_CACHE, CHECK_GIC, CHECK_PSCI, CHECK_COUNT };

#define CHECK_ALL ((1u << CHECK_COUNT) - 1)

/* The name of a check ("tlb", ...). */
const char *check_name(enum check_id id);

/* Parse "all" or a comma-separated list of names into a mask (1u << CHECK_*); NULL, or the error
 * as one line (a static string, or written into err). */
const char *check_parse_list(const char *list, unsigned *mask, char *err, unsigned errlen);

/* Turn the checks of mask on or off (the shell's `check on|off NAME` calls check_enable). */
const char *check_set(struct machine *m, unsigned mask, bool on);
/* Turn one check (or "all") on or off: NULL, or the error as one line. */
const char *check_enable(struct machine *m, const char *name, bool on);
/* --check-fatal: stop the run (STOP_CHECK) at the first report. */
void check_set_fatal(struct machine *m, bool fatal);
/* Symbols for the reports (the loaded images'); the table must outlive the machine's checks. */
void check_set_symbols(struct machine *m, const struct symtab *symbols);
/* The run ended: make the reports a check held back until then (cache: code executed after being
 * written, whose line was never maintained). */
void check_finish(struct machine *m);
/* Reports made so far (all checks). */
unsigned check_report_count(const struct machine *m);
/* Release the checks' state (machine_destroy calls it). */
void check_free(struct machine *m);

/* Hooks of the simulator into the checks (slow paths only, and only while m->checks is set). */
/* The MMU fetched the descriptor desc at physical address pa, at this level of a stage-1 or stage-2 walk. */
void check_note_descriptor(struct cpu *c, uint64_t pa, int level, bool stage2, uint64_t desc);
/* --check-tlb's comparison of a TLB hit with a fresh walk found them different. */
void check_report_stale_tlb(struct cpu *c, unsigned vmid, unsigned asid, uint64_t va, bool tlb_fault, uint64_t tlb_pa,
                            bool walk_fault, uint64_t walk_pa, uint32_t walk_fsc);

#endif
