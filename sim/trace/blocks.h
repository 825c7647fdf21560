/* The full instruction stream (--trace-full) as compressed blocks: up to BLOCK_INSNS consecutive
 * instructions of one core, stored columnar (PC deltas, opcodes, cycle deltas, runs of EL/VMID/ASID)
 * and compressed with zstd. */
#ifndef A72SIM_TRACE_BLOCKS_H
#define A72SIM_TRACE_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLOCK_INSNS 4096

/* One block before encoding (and after decoding): instructions first_seq, first_seq + 1, ... */
struct insn_block {
    int cpu;
    uint64_t first_seq;
    unsigned count;
    uint64_t pc[BLOCK_INSNS];
    uint64_t cycle[BLOCK_INSNS];
    uint32_t opcode[BLOCK_INSNS];
    uint8_t el[BLOCK_INSNS];
    uint16_t vmid[BLOCK_INSNS], asid[BLOCK_INSNS];
};

/* Encode and compress b; returns a malloc'd buffer and its size in *size, or NULL (host memory). */
uint8_t *block_encode(const struct insn_block *b, size_t *size);
/* Decompress and decode data into b (cpu, first_seq and count included); false when the data is
 * not a block this version wrote. */
bool block_decode(const uint8_t *data, size_t size, struct insn_block *b);

#endif
