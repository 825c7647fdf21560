/* Machine snapshots: the whole simulated machine in one file, and back.
 *
 * A snapshot holds what the rest of a run depends on: each core's architectural state (registers,
 * system registers, FP/SIMD, exclusive monitor, timers, instruction and cycle counts, event
 * counts), its architectural TLB, its timing model (scoreboard, L1 caches by physical address in
 * their LRU order, branch predictor) and the shared L2, with the timing mode and clock they were
 * made under, the host-side caches whose contents change the counts (the fast
 * TLBs and the set of decoded pages: a fast-TLB miss counts a TLB hit), the GIC, both PL011s, the
 * event queue, semihosting's console handles, the scheduler's position, the statistics and RAM.
 * A run restored from it goes on exactly as the run that saved it (same instructions, cycles,
 * output, exit status). Host state is rebuilt, not saved: output streams, observers, the console.
 *
 * The file: a fixed header (magic, format version, the a72sim version that wrote it, the machine's
 * configuration), then one zstd frame with a checksum holding the state and the RAM pages that are
 * not all zero. Files of another format or a72sim version, of another machine configuration,
 * truncated or damaged are refused with one line. docs/snapshots.md describes the format.
 */
#ifndef A72SIM_SNAPSHOT_SNAPSHOT_H
#define A72SIM_SNAPSHOT_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

#define SNAPSHOT_ERR_LEN 512

/* The configuration a snapshot was taken of: a restore builds this machine. */
struct snapshot_config {
    unsigned ncpus;
    uint64_t mem_size;       /* DDR bytes (--mem) */
    uint64_t total_insns;    /* instructions all cores had run when it was saved */
};

/* The machine state without RAM, as bytes of this build's layout (the part a snapshot file and
 * an in-memory checkpoint share). */
struct snapshot_state {
    uint8_t *data;
    size_t len, cap;
    bool oom;                /* host memory ran out while it was written */
};

/* Append m's state to s (s->len = 0 first to reuse it). False with err set when the machine holds
 * something a snapshot cannot represent (a host file open through semihosting, an event without a
 * stable id) or host memory is short. */
bool snapshot_capture(struct machine *m, struct snapshot_state *s, char *err, size_t errlen);
/* Put the state of data (as snapshot_capture wrote it, or any bytes: it is checked) into m, a
 * machine of the same configuration whose RAM already holds the snapshot's contents. False with err
 * set when the bytes are malformed (m is then unusable and must be destroyed). */
bool snapshot_apply(struct machine *m, const uint8_t *data, size_t len, char *err, size_t errlen);
void snapshot_state_free(struct snapshot_state *s);

/* Write m to path (a temporary file renamed over it when complete). False with one line in err. */
bool snapshot_save(struct machine *m, const char *path, char *err, size_t errlen);
/* Read the header of path: its machine configuration. False with one line in err. */
bool snapshot_read_config(const char *path, struct snapshot_config *cfg, char *err, size_t errlen);
/* Load path into m, a machine created for snapshot_read_config's configuration and never run
 * (its RAM all zero). False with one line in err; m must then be destroyed. */
bool snapshot_restore(struct machine *m, const char *path, char *err, size_t errlen);

/* A fingerprint of this build's state layout (the sizes of the saved structures): a file of
 * another layout is refused even when its version string matches (a development build). */
uint32_t snapshot_layout(void);

/* The machine configuration of m as a snapshot records it. */
void snapshot_config_of(const struct machine *m, struct snapshot_config *cfg);

#endif
