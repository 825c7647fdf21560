/* Reverse execution: in-memory checkpoints taken as the machine runs, and deterministic replay from
 * them. Going back to an earlier point restores the nearest checkpoint before it and runs forward
 * to it; the run is deterministic, so the point is reached exactly (same instructions, cycles,
 * memory). Outside input is recorded as it arrives (the console's bytes into UART0, as the UART's
 * state after each poll) and replayed, so a replay does not depend on the terminal or the script.
 *
 * A checkpoint is the machine's state without RAM (snapshot_capture: a few hundred KiB) plus an undo
 * log of RAM: the first write to a page after a checkpoint copies the page as it was (copy-on-write
 * through the host MMU: RAM is write-protected at each checkpoint and a write fault saves the page
 * and unprotects it), so the memory of a checkpoint is the pages written in its interval. When the
 * checkpoints and logs exceed the memory bound, the oldest checkpoints are dropped (the recording
 * then starts later); the newest interval is always kept, so the bound can be exceeded by the pages
 * one interval writes.
 *
 * One machine per process records at a time. While it records, run it with reverse_run() (not
 * machine_run()), so that checkpoints are taken on the way. Replayed output (UARTs, semihosting
 * console) is not written again, and the console does not see it. Not recorded: host files of
 * --semihosting-files (reverse_enable refuses a machine that allows them).
 */
#ifndef A72SIM_SNAPSHOT_REVERSE_H
#define A72SIM_SNAPSHOT_REVERSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observe.h"

struct machine;

#define REVERSE_DEFAULT_INTERVAL 10000000ull      /* instructions (all cores) between checkpoints */
#define REVERSE_DEFAULT_MEM_LIMIT (1024ull << 20)  /* bytes of checkpoints and undo logs */

/* Start recording m from its current state (the start of the recording): a checkpoint every
 * interval instructions of all cores, at most mem_limit bytes. False with one line in err. */
bool reverse_enable(struct machine *m, uint64_t interval, uint64_t mem_limit, char *err, size_t errlen);
/* Stop recording and free the checkpoints; RAM is writable again. */
void reverse_disable(struct machine *m);
bool reverse_enabled(const struct machine *m);

/* machine_run() while recording: the same contract (stops, max_insns, resumable), with checkpoints
 * taken on the way and recorded input replayed where the machine runs again through the past. */
void reverse_run(struct machine *m, uint64_t max_insns);

/* Run forward until core `core` has retired icount instructions: the stop is before its next
 * instruction (as a breakpoint's). Other stops (the guest's end) end it early; false then, with err
 * set. */
bool reverse_run_to_icount(struct machine *m, unsigned core, uint64_t icount, char *err, size_t errlen);

/* Go back n instructions of core `core`: the state is the one the run had when that core had
 * retired n fewer instructions (stopped before its next one). False with one line in err when that
 * is before the start of the recording (nothing changes then). */
bool reverse_stepi(struct machine *m, unsigned core, uint64_t n, char *err, size_t errlen);

/* What reverse_continue looks for: events of the kinds in `kinds` for which hit() says yes (a
 * breakpoint's OBS_INSN, a watchpoint's OBS_WATCH or OBS_MEM). */
struct reverse_stop {
    uint32_t kinds;
    bool (*hit)(void *ctx, const struct obs_event *e);
    /* Optional, for a stop that is not simply the last hit (reverse-finish: the newest call not
     * returned from): the recording is scanned one stretch between checkpoints at a time, newest
     * first; segment_begin is called before a stretch's hits, choose after them, with their number:
     * it returns the hit to stop at (1 = the stretch's first), or 0 to look in the stretch before. */
    void (*segment_begin)(void *ctx);
    uint64_t (*choose)(void *ctx, uint64_t hits);
    void *ctx;
};

/* The last hit before now: the machine stops there as a forward run would have (before the
 * instruction of an OBS_INSN hit, after the instruction of any other), and *found gets the event.
 * False with one line in err when there is none since the start of the recording (the machine is
 * then at the start of the recording, as gdb leaves it). */
bool reverse_continue(struct machine *m, const struct reverse_stop *stop, struct obs_event *found, char *err,
                      size_t errlen);

/* gdb's checkpoint / restart: remember the current point under a number (from 1), and go back (or
 * forward, within the recording) to it. The point is a checkpoint like the others: the memory bound
 * may drop it (restart then says so). */
bool reverse_checkpoint(struct machine *m, unsigned *id, char *err, size_t errlen);
bool reverse_restart(struct machine *m, unsigned id, char *err, size_t errlen);

/* The checkpoints kept, oldest first: automatic ones have id 0. */
struct reverse_checkpoint_info {
    unsigned id;
    uint64_t total_insns;
    uint64_t icount[2];
    uint64_t pc[2];
    size_t bytes;            /* its state and undo log */
};
/* Fill up to max entries; returns how many checkpoints there are. */
unsigned reverse_list(const struct machine *m, struct reverse_checkpoint_info *out, unsigned max);
/* Bytes held now by checkpoints and undo logs. */
size_t reverse_memory(const struct machine *m);

#endif
