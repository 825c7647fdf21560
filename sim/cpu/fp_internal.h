/* What fpcore.c shares with fp_estimate.c: the unpacked form of an FP value and the NaN rules. */
#ifndef A72SIM_CPU_FP_INTERNAL_H
#define A72SIM_CPU_FP_INTERNAL_H

#include <stdint.h>

#include "fpcore.h"

/* FPType */
enum fp_type { FPTYPE_ZERO, FPTYPE_NONZERO, FPTYPE_INFINITY, FPTYPE_QNAN, FPTYPE_SNAN };

/* FPUnpack()'s result: a finite nonzero value is mant * 2^exp (mant != 0, at most 53 bits). */
struct fp_unpacked {
    enum fp_type type;
    unsigned sign;
    int exp;
    uint64_t mant;
};

/* The fields of format n (16, 32, 64). */
static inline unsigned fp_exp_bits(unsigned n) { return n == 16 ? 5 : n == 32 ? 8 : 11; }
static inline unsigned fp_frac_bits(unsigned n) { return n == 16 ? 10 : n == 32 ? 23 : 52; }
static inline int fp_bias(unsigned n) { return (1 << (fp_exp_bits(n) - 1)) - 1; }
static inline uint64_t fp_mask(unsigned n) { return n == 64 ? ~0ull : (1ull << n) - 1; }

static inline int fp_is_nan_type(enum fp_type t) { return t == FPTYPE_QNAN || t == FPTYPE_SNAN; }

/* FPUnpack(): FPCR.FZ flushes single and double denormals to zero (IDC); FPCR.AHP makes the
 * all-ones half-precision exponent an ordinary one. */
struct fp_unpacked fp_unpack(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr);
/* FPProcessNaN(): op quietened (IOC if it was signalling), or the default NaN under FPCR.DN. */
uint64_t fp_process_nan(enum fp_type type, uint64_t op, unsigned n, uint32_t fpcr, uint32_t *fpsr);

#endif
