/* Static costs of the A72 timing model, in cycles (docs/timing.md; sources: the
 * Cortex-A72 Software Optimization Guide UAN 0016A and the TRM 100095). The decoder stores one of
 * these in insn->cost; dynamic penalties (TLB walks, mispredictions) are charged on slow paths.
 * "Estimate" marks a number no published source gives. */
#ifndef A72SIM_CPU_TIMING_H
#define A72SIM_CPU_TIMING_H

enum {
    TIMING_ALU = 1,        /* ADD/SUB/logic/shift: latency 1, two ALU pipes */
    TIMING_MUL32 = 3,      /* MUL (32-bit): latency 3 */
    TIMING_MUL64 = 5,      /* MUL/MADD (64-bit): latency 5 */
    TIMING_MULH = 6,       /* SMULH/UMULH: latency 6 */
    TIMING_DIV = 12,       /* SDIV/UDIV: 4-12, data dependent; the worst case (estimate for all) */
    TIMING_LOAD = 4,       /* LDR: load-to-use 4 */
    TIMING_LOAD_WB = 5,    /* LDR pre/post-index: 5 */
    TIMING_LOAD_FP = 5,    /* LDR S/D/Q: 5 */
    TIMING_STORE = 1,      /* STR: 1 */
    TIMING_BRANCH = 1,     /* B, B.cond, BR, RET, BL, BLR: 1 */
    TIMING_FP = 3,         /* FMOV and simple FP moves (estimate) */
    TIMING_FP_ADD = 3,     /* FADD/FSUB/FABD, FCMP, FCSEL, FRINT*, FCVT*, FMAX/FMIN: latency 3 */
    TIMING_FP_MUL = 4,     /* FMUL/FNMUL/FMULX: latency 4 */
    TIMING_FP_FMA = 7,     /* FMADD/FMSUB/FNMADD/FNMSUB, FRECPS/FRSQRTS: latency 7 */
    TIMING_FP_DIV_S = 11,  /* FDIV single: 6-11, data dependent; the worst case (estimate for all) */
    TIMING_FP_DIV_D = 18,  /* FDIV double: 6-18 (as above) */
    TIMING_FP_SQRT_S = 17, /* FSQRT single: 6-17 (as above) */
    TIMING_FP_SQRT_D = 32, /* FSQRT double: 6-32 (as above) */
    TIMING_FP_INT = 8,     /* FCVT* to a general register, SCVTF/UCVTF from one: FP pipe plus the
                              transfer between register files (estimate: 3 + 5) */
    TIMING_SYSREG = 1,     /* MRS/MSR of an ordinary register (estimate) */
    TIMING_BARRIER = 10,   /* DSB/ISB drain the pipeline (estimate, ~pipeline depth) */
    TIMING_EXCEPTION = 15, /* exception entry or return: a pipeline flush (estimate) */
    TIMING_TLB_L2_HIT = 2, /* an L1 micro-TLB miss that hits the L2 TLB ("variable latency": estimate) */
    TIMING_WALK_DESCRIPTOR = 20, /* one descriptor fetch of a walk, ~an L2 cache hit (21 cycles load-to-use
                                  * measured; 4 fetches ~ the ~80-cycle walk measured on Graviton1) */

    /* The full model (sim/timing/): penalties beyond an instruction's latency */
    TIMING_MISPREDICT = 14, /* a branch predicted wrong: the front end refills from the branch's execution
                               (LLVM's Cortex-A57 scheduling model, which the A72 shares; estimate) */
    TIMING_MISFETCH = 3,    /* a taken branch the BTB did not know: redirected at decode (estimate) */
    TIMING_L2_HIT = 21,     /* load-to-use of an L1D miss that hits the L2 (measured on A72 r0p3) */
    TIMING_DDR = 200,       /* added by an L2 miss: DDR (200-250 cycles load-to-use measured on A72 systems) */
};

#endif
