#!/usr/bin/env python3
"""Generator of the FP/SIMD differential test (guest side).

Usage: gen.py [--seed N] [--records N] [--list] OUT.S

Writes OUT.S, an AArch64 assembly file that driver.c links with: one routine per instruction form
of forms.py, the input pools and the tables the driver walks (forms, classes, FPCR settings). Each
routine runs its instruction once per input record: it loads Vd (v0), Vn (v4..v7), Vm (v2),
Va (v3), Xn (x2), Xd (x3 = NOT Xn) and NZCV from the record, clears FPSR, executes, and stores
v0, the source registers folded by EOR (an instruction must not change them), x3, NZCV and FPSR
(64 bytes) for the driver to hash. Everything follows from the seed.

--list prints the classes, how many forms each has and whether the comparison requires it
(classes in NOT_YET are run and reported, but a difference there is not a failure).
"""
import argparse
import random
import struct
import sys

import forms as forms_mod

# Classes that a72sim does not implement yet: still run (UNDEFINED on a72sim) and reported, but a
# difference does not fail the comparison. Empty when every class is implemented.
NOT_YET = set()

# FPCR settings: RMode (23:22), FZ (24), DN (25), AHP (26). FP classes run under all of them;
# integer classes under the default and one with every mode bit set (FPCR must not matter there).
RN, RP, RM, RZ = 0 << 22, 1 << 22, 2 << 22, 3 << 22
FZ, DN, AHP = 1 << 24, 1 << 25, 1 << 26
FPCR_FP = [RN, RP, RM, RZ, FZ, DN, FZ | DN | RM, AHP | FZ | RP, AHP | DN | RZ]
FPCR_INT = [RN, AHP | DN | FZ | RZ]

RECORD = 128  # bytes of one input record: d, n, m, a, n+1, n+2, n+3 (16 each), Xn, NZCV
OUT = 64      # bytes of one output record: v0, the sources folded (16 each), x3, NZCV, FPSR, pad


def is_fp_class(cls):
    return cls.startswith("fp_") or cls.endswith("_fp")


# ---- input values -----------------------------------------------------------------------------

F16_EDGES = [0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x83ff, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x7c00,
             0xfc00, 0x7e00, 0xfe00, 0x7e5a, 0x7d00, 0xfd01, 0x7c01, 0x3c00, 0xbc00, 0x3c01, 0x3800,
             0x3e00, 0x4100, 0xb800, 0x0200, 0x7800]
F32_EDGES = [0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000,
             0x80800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
             0x7fc12345, 0x7f812345, 0xff800001, 0x7fbfffff, 0x3f800000, 0xbf800000, 0x3f000000,
             0x3fc00000, 0x40200000, 0xbf000000, 0xc0200000, 0x3f800001, 0x3f7fffff, 0x4f000000,
             0xcf000000, 0x4effffff, 0xcf000001, 0x5f000000, 0xdf000000, 0x4f800000, 0x5f800000,
             0x00400000, 0x33800000, 0x33000000, 0x387fe000, 0x477fe000, 0x477ff000, 0x38800000,
             0x7e800000, 0x01000000, 0x3effffff, 0x4b000001, 0x4b7fffff, 0xcb400000, 0x2f800000]
F64_EDGES = [0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x8000000000000001,
             0x000fffffffffffff, 0x800fffffffffffff, 0x0010000000000000, 0x8010000000000000,
             0x7fefffffffffffff, 0xffefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
             0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000012345, 0x7ff0000000012345,
             0xfff0000000000001, 0x7ff7ffffffffffff, 0x3ff0000000000000, 0xbff0000000000000,
             0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xbfe0000000000000,
             0xc004000000000000, 0x3ff0000010000000, 0x3ff0000030000000, 0x3ff0000010000001,
             0x41dfffffffc00000, 0x41dfffffffe00000, 0x41e0000000000000, 0xc1e0000000000000,
             0xc1e0000000100000, 0xc1e0000000200000, 0x43e0000000000000, 0xc3e0000000000000,
             0x43dfffffffffffff, 0x43f0000000000000, 0x41f0000000000000, 0x41efffffffe00000,
             0x3810000000000000, 0x380fffffffffffff, 0x36a0000000000000, 0x3690000000000000,
             0x47efffffe0000000, 0x47effffff0000000, 0x3f10000000000000, 0x40effc0000000000,
             0x40effe0000000000, 0x3e70000000000000, 0x4330000000000001, 0x000c000000000000,
             0x7fe0000000000000, 0x0020000000000000]


def int_edges(bits):
    m = (1 << bits) - 1
    top = 1 << (bits - 1)
    return [0, 1, 2, m, m - 1, top, top - 1, top + 1, top >> 1, (top >> 1) - 1, 0x55555555_55555555 & m,
            0xaaaaaaaa_aaaaaaaa & m]


def rand_fp(rng, ebits, mbits):
    sign = rng.getrandbits(1)
    bias = (1 << (ebits - 1)) - 1
    r = rng.random()
    if r < 0.5:
        exp = rng.randrange(max(1, bias - mbits - 4), min((1 << ebits) - 1, bias + mbits + 4))
    elif r < 0.8:
        exp = rng.getrandbits(ebits)
    else:
        exp = rng.choice([0, 1, 2, (1 << ebits) - 2, (1 << ebits) - 1, bias, bias - 1, bias + 1])
    r = rng.random()
    if r < 0.6:
        man = rng.getrandbits(mbits)
    elif r < 0.8:
        man = rng.getrandbits(4) << (mbits - 4) | rng.getrandbits(1)  # near a tie for narrowing
    else:
        man = rng.getrandbits(3) << (mbits - 3)
    return sign << (ebits + mbits) | exp << mbits | man


def lane_value(rng, kind, bits):
    r = rng.random()
    if kind == "F16":
        return rng.choice(F16_EDGES) if r < 0.4 else rand_fp(rng, 5, 10)
    if kind == "F32":
        return rng.choice(F32_EDGES) if r < 0.4 else rand_fp(rng, 8, 23)
    if kind == "F64":
        return rng.choice(F64_EDGES) if r < 0.4 else rand_fp(rng, 11, 52)
    m = (1 << bits) - 1
    if kind == "TBL":
        return rng.randrange(0, 72) if r < 0.8 else rng.getrandbits(8)
    if r < 0.35:
        return rng.choice(int_edges(bits))
    if r < 0.55:  # shift counts (the low byte of a lane, signed) and small values
        return rng.randrange(-(bits + 3), bits + 4) & m
    return rng.getrandbits(bits)


LANE_BITS = {"F16": 16, "F32": 32, "F64": 64, "I8": 8, "I16": 16, "I32": 32, "I64": 64, "TBL": 8}


def q_value(rng, kind):
    bits = LANE_BITS[kind]
    v = 0
    for lane in range(128 // bits):
        v |= lane_value(rng, kind, bits) << (lane * bits)
    if rng.random() < 0.1:  # the same value in every lane, or a lane copied
        v = (v & ((1 << bits) - 1)) * sum(1 << (k * bits) for k in range(128 // bits))
    return v


def gp_value(rng, kind):
    """Xn: integers of the kind's width for the int kinds (SCVTF, DUP, INS), FP bits otherwise."""
    if kind in ("I32", "I8", "I16"):
        v = lane_value(rng, "I32", 32)
        return v | (rng.getrandbits(32) << 32 if rng.random() < 0.5 else 0)
    if kind == "I64":
        return lane_value(rng, "I64", 64)
    if kind == "F64":
        return lane_value(rng, "F64", 64)
    return lane_value(rng, "F32", 32) | rng.getrandbits(32) << 32


def pool(rng, kind, records):
    out = bytearray()
    for _ in range(records):
        for _q in range(7):
            out += q_value(rng, kind).to_bytes(16, "little")
        out += struct.pack("<QQ", gp_value(rng, kind), rng.getrandbits(4) << 28)
    return bytes(out)


# ---- output -----------------------------------------------------------------------------------

PROLOGUE = """// Generated by tests/guest/fpsimd_diff/gen.py --seed {seed} --records {records}: do not edit.
    .arch armv8-a+crypto
    .text

// One form: x0 = input records, x1 = how many, x2 = output records, x3 = FPCR.
.macro FORM_BEGIN n
    .balign 16
form_\\n:
    mov     x10, x0
    mov     x11, x1
    mov     x12, x2
    msr     fpcr, x3
1:  ldp     q0, q4, [x10]
    ldp     q2, q3, [x10, #32]
    ldp     q5, q6, [x10, #64]
    ldr     q7, [x10, #96]
    ldp     x2, x9, [x10, #112]
    mvn     x3, x2
    msr     nzcv, x9
    msr     fpsr, xzr
insn_\\n:
.endm

.macro FORM_END
    mrs     x9, fpsr
    mrs     x8, nzcv
    eor     v16.16b, v2.16b, v3.16b     // the sources, folded: an instruction must leave them alone
    eor     v16.16b, v16.16b, v4.16b
    eor     v17.16b, v5.16b, v6.16b
    eor     v16.16b, v16.16b, v7.16b
    ext     v17.16b, v17.16b, v17.16b, #3
    eor     v16.16b, v16.16b, v17.16b
    stp     q0, q16, [x12]
    stp     x3, x8, [x12, #32]
    stp     x9, xzr, [x12, #48]
    add     x12, x12, #{out}
    add     x10, x10, #{record}
    subs    x11, x11, #1
    b.ne    1b
    msr     fpcr, xzr
    ret
.endm
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--records", type=int, default=128)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("out", nargs="?")
    args = ap.parse_args()

    fl = forms_mod.forms()
    classes = []
    for cls, _, _ in fl:
        if cls not in classes:
            classes.append(cls)
    if args.list:
        for cls in classes:
            n = sum(1 for c, _, _ in fl if c == cls)
            state = "not yet (difference reported, not a failure)" if cls in NOT_YET else "compared"
            print(f"{cls:28} {n:5} forms  {'FP' if is_fp_class(cls) else 'int'}  {state}")
        execs = sum(args.records * len(FPCR_FP if is_fp_class(c) else FPCR_INT) for c, _, _ in fl)
        print(f"{len(fl)} forms, {execs} executions with --records {args.records}")
        return 0
    if not args.out:
        ap.error("OUT.S is required")
    if not 1 <= args.records <= 8192:
        ap.error("--records must be 1..8192 (driver.c's MAX_RECORDS)")

    rng = random.Random(args.seed)
    kinds = sorted(LANE_BITS)
    s = [PROLOGUE.format(seed=args.seed, records=args.records, out=OUT, record=RECORD)]
    for n, (cls, kind, text) in enumerate(fl):
        s.append(f"    FORM_BEGIN {n}\n    {text}\n    FORM_END\n")

    s.append("\n    .section .rodata\n    .balign 8\n    .globl diff_forms\ndiff_forms:\n")
    for n, (cls, kind, text) in enumerate(fl):
        s.append(f"    .quad form_{n}, insn_{n}, text_{n}\n"
                 f"    .word {classes.index(cls)}, {kinds.index(kind)}, {int(is_fp_class(cls))}, 0\n")
    s.append(f"    .globl diff_nforms\ndiff_nforms: .quad {len(fl)}\n")
    s.append("    .globl diff_classes\ndiff_classes:\n")
    s += [f"    .quad class_{k}\n" for k in range(len(classes))]
    s.append(f"    .globl diff_nclasses\ndiff_nclasses: .quad {len(classes)}\n")
    for name, lst in (("fp", FPCR_FP), ("int", FPCR_INT)):
        s.append(f"    .globl diff_fpcr_{name}\ndiff_fpcr_{name}: .quad {', '.join(hex(v) for v in lst)}\n")
        s.append(f"    .globl diff_nfpcr_{name}\ndiff_nfpcr_{name}: .quad {len(lst)}\n")
    s.append(f"    .globl diff_records\ndiff_records: .quad {args.records}\n")
    s.append("    .globl diff_pools\ndiff_pools:\n")
    s += [f"    .quad pool_{k}\n" for k in kinds]
    for n, (cls, kind, text) in enumerate(fl):
        s.append(f'text_{n}: .asciz "{text}"\n')
    for k, cls in enumerate(classes):
        s.append(f'class_{k}: .asciz "{cls}"\n')
    for k in kinds:
        data = pool(rng, k, args.records)
        s.append(f"    .balign 16\npool_{k}:\n")
        for off in range(0, len(data), 32):
            chunk = data[off:off + 32]
            s.append("    .quad " + ", ".join(hex(int.from_bytes(chunk[i:i + 8], "little"))
                                                 for i in range(0, len(chunk), 8)) + "\n")
    with open(args.out, "w") as f:
        f.write("".join(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
