"""The instruction forms of the FP/SIMD differential test, by Arm ARM encoding class.

Each form is (class, kind, text): `kind` names the input pool (the element type the instruction
reads: F16/F32/F64 or I8/I16/I32/I64), `text` is the instruction in assembler syntax with fixed
registers: Vd = v0, Vn = v4 (v4..v7 for TBL/TBX lists), Vm = v2, Va = v3; Xd/Wd = x3/w3,
Xn/Wn = x2/w2. The guest loads all of them from the input record before each execution and hashes
v0, the source registers (folded by EOR: they must not change), x3, NZCV and FPSR after it.
"""

INT_ARR = {"8b": "I8", "16b": "I8", "4h": "I16", "8h": "I16", "2s": "I32", "4s": "I32", "2d": "I64"}
ALL = ["8b", "16b", "4h", "8h", "2s", "4s", "2d"]
BHS = ["8b", "16b", "4h", "8h", "2s", "4s"]
HS = ["4h", "8h", "2s", "4s"]
B = ["8b", "16b"]
FV = ["2s", "4s", "2d"]
FKIND = {"2s": "F32", "4s": "F32", "2d": "F64", "s": "F32", "d": "F64", "h": "F16"}
SCALAR_INT = {"b": "I8", "h": "I16", "s": "I32", "d": "I64"}
ESIZE = {"b": 8, "h": 16, "s": 32, "d": 64}
CONDS = ["eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"]


def lanes(arr):
    return arr[-1]


def forms():
    f = []

    def add(cls, kind, text):
        f.append((cls, kind, text))

    # ---- Scalar floating point ----------------------------------------------------------------
    for t in "sd":
        k = FKIND[t]
        for op in ["fmov", "fabs", "fneg", "fsqrt", "frintn", "frintp", "frintm", "frintz", "frinta",
                   "frintx", "frinti"]:
            add("fp_dp1", k, f"{op} {t}0, {t}4")
        for o in "sdh":
            if o != t:
                add("fp_dp1", k, f"fcvt {o}0, {t}4")
        for op in ["fmul", "fdiv", "fadd", "fsub", "fmax", "fmin", "fmaxnm", "fminnm", "fnmul"]:
            add("fp_dp2", k, f"{op} {t}0, {t}4, {t}2")
        for op in ["fmadd", "fmsub", "fnmadd", "fnmsub"]:
            add("fp_dp3", k, f"{op} {t}0, {t}4, {t}2, {t}3")
        for op in ["fcmp", "fcmpe"]:
            add("fp_cmp", k, f"{op} {t}4, {t}2")
            add("fp_cmp", k, f"{op} {t}4, #0.0")
        for op in ["fccmp", "fccmpe"]:
            for cond, nzcv in (("eq", 0), ("ne", 15), ("ge", 4), ("lt", 9), ("hi", 2), ("al", 6)):
                add("fp_ccmp", k, f"{op} {t}4, {t}2, #{nzcv}, {cond}")
        for cond in CONDS:
            add("fp_csel", k, f"fcsel {t}0, {t}4, {t}2, {cond}")
        for imm in ["1.0", "-2.0", "0.125", "31.0", "-1.9375", "0.1328125"]:
            add("fp_imm", k, f"fmov {t}0, #{imm}")
        for r in "wx":
            for op in ["fcvtns", "fcvtnu", "fcvtps", "fcvtpu", "fcvtms", "fcvtmu", "fcvtzs", "fcvtzu",
                       "fcvtas", "fcvtau"]:
                add("fp_int", k, f"{op} {r}3, {t}4")
            ik = "I32" if r == "w" else "I64"
            for op in ["scvtf", "ucvtf"]:
                add("fp_int", ik, f"{op} {t}0, {r}2")
            width = 32 if r == "w" else 64
            for fb in sorted({1, 2, width // 2, width - 1, width}):
                for op in ["fcvtzs", "fcvtzu"]:
                    add("fp_fixed", k, f"{op} {r}3, {t}4, #{fb}")
                for op in ["scvtf", "ucvtf"]:
                    add("fp_fixed", ik, f"{op} {t}0, {r}2, #{fb}")
    add("fp_int", "F32", "fmov w3, s4")
    add("fp_int", "I32", "fmov s0, w2")
    add("fp_int", "F64", "fmov x3, d4")
    add("fp_int", "I64", "fmov d0, x2")
    add("fp_int", "F64", "fmov x3, v4.d[1]")
    add("fp_int", "I64", "fmov v0.d[1], x2")
    add("fp_dp1", "F16", "fcvt s0, h4")
    add("fp_dp1", "F16", "fcvt d0, h4")

    # ---- Advanced SIMD three same ----------------------------------------------------------------
    def three_same(ops, arrs, cls="simd_3same"):
        for op in ops:
            for a in arrs:
                add(cls, INT_ARR[a], f"{op} v0.{a}, v4.{a}, v2.{a}")

    three_same(["shadd", "uhadd", "srhadd", "urhadd", "shsub", "uhsub", "smax", "umax", "smin", "umin",
                "sabd", "uabd", "saba", "uaba", "mla", "mls", "mul", "smaxp", "umaxp", "sminp", "uminp"],
               BHS)
    three_same(["sqadd", "uqadd", "sqsub", "uqsub", "cmgt", "cmhi", "cmge", "cmhs", "sshl", "ushl",
                "sqshl", "uqshl", "srshl", "urshl", "sqrshl", "uqrshl", "add", "sub", "cmtst", "cmeq",
                "addp"], ALL)
    three_same(["sqdmulh", "sqrdmulh"], HS)
    three_same(["pmul", "and", "bic", "orr", "orn", "eor", "bsl", "bit", "bif"], B)
    for a in B:
        add("simd_3same", "I8", f"mov v0.{a}, v4.{a}")  # ORR with Rn == Rm
    for op in ["fmaxnm", "fmla", "fadd", "fmulx", "fcmeq", "fmax", "frecps", "fminnm", "fmls", "fsub",
               "fmin", "frsqrts", "fmaxnmp", "faddp", "fmul", "fcmge", "facge", "fmaxp", "fdiv",
               "fminnmp", "fabd", "fcmgt", "facgt", "fminp"]:
        for a in FV:
            add("simd_3same_fp", FKIND[a], f"{op} v0.{a}, v4.{a}, v2.{a}")

    # ---- three different ---------------------------------------------------------------------
    wide = {"b": ("8h", "8b", "16b"), "h": ("4s", "4h", "8h"), "s": ("2d", "2s", "4s")}
    for op in ["saddl", "uaddl", "ssubl", "usubl", "sabal", "uabal", "sabdl", "uabdl", "smlal", "umlal",
               "smlsl", "umlsl", "smull", "umull", "sqdmlal", "sqdmlsl", "sqdmull"]:
        for e, (w, n64, n128) in wide.items():
            if op.startswith("sqdm") and e == "b":
                continue
            add("simd_3diff", SCALAR_INT[e], f"{op} v0.{w}, v4.{n64}, v2.{n64}")
            add("simd_3diff", SCALAR_INT[e], f"{op}2 v0.{w}, v4.{n128}, v2.{n128}")
    for op in ["saddw", "uaddw", "ssubw", "usubw"]:
        for e, (w, n64, n128) in wide.items():
            add("simd_3diff", SCALAR_INT[e], f"{op} v0.{w}, v4.{w}, v2.{n64}")
            add("simd_3diff", SCALAR_INT[e], f"{op}2 v0.{w}, v4.{w}, v2.{n128}")
    for op in ["addhn", "raddhn", "subhn", "rsubhn"]:
        for e, (w, n64, n128) in wide.items():
            add("simd_3diff", SCALAR_INT[e], f"{op} v0.{n64}, v4.{w}, v2.{w}")
            add("simd_3diff", SCALAR_INT[e], f"{op}2 v0.{n128}, v4.{w}, v2.{w}")
    add("simd_3diff", "I8", "pmull v0.8h, v4.8b, v2.8b")
    add("simd_3diff", "I8", "pmull2 v0.8h, v4.16b, v2.16b")
    add("crypto_pmull", "I64", "pmull v0.1q, v4.1d, v2.1d")
    add("crypto_pmull", "I64", "pmull2 v0.1q, v4.2d, v2.2d")

    # ---- two-register miscellaneous ----------------------------------------------------------
    def two(ops, arrs, cls="simd_2misc", suffix=""):
        for op in ops:
            for a in arrs:
                add(cls, INT_ARR[a], f"{op} v0.{a}, v4.{a}{suffix}")

    two(["rev64"], BHS)
    two(["rev32"], ["8b", "16b", "4h", "8h"])
    two(["rev16", "cnt", "not", "rbit"], B)
    two(["cls", "clz"], BHS)
    two(["suqadd", "usqadd", "sqabs", "sqneg", "abs", "neg"], ALL)
    two(["cmgt", "cmeq", "cmlt", "cmge", "cmle"], ALL, suffix=", #0")
    pairs = {"8b": "4h", "16b": "8h", "4h": "2s", "8h": "4s", "2s": "1d", "4s": "2d"}
    for op in ["saddlp", "uaddlp", "sadalp", "uadalp"]:
        for a, w in pairs.items():
            add("simd_2misc", INT_ARR[a], f"{op} v0.{w}, v4.{a}")
    narrow = {"8h": ("8b", "16b"), "4s": ("4h", "8h"), "2d": ("2s", "4s")}
    for op in ["xtn", "sqxtn", "uqxtn", "sqxtun"]:
        for w, (n64, n128) in narrow.items():
            add("simd_2misc", INT_ARR[w], f"{op} v0.{n64}, v4.{w}")
            add("simd_2misc", INT_ARR[w], f"{op}2 v0.{n128}, v4.{w}")
    for w, (n64, n128) in narrow.items():
        sh = {"8h": 8, "4s": 16, "2d": 32}[w]
        add("simd_2misc", INT_ARR[n64], f"shll v0.{w}, v4.{n64}, #{sh}")
        add("simd_2misc", INT_ARR[n64], f"shll2 v0.{w}, v4.{n128}, #{sh}")
    add("simd_2misc_fp", "F32", "fcvtn v0.4h, v4.4s")
    add("simd_2misc_fp", "F32", "fcvtn2 v0.8h, v4.4s")
    add("simd_2misc_fp", "F64", "fcvtn v0.2s, v4.2d")
    add("simd_2misc_fp", "F64", "fcvtn2 v0.4s, v4.2d")
    add("simd_2misc_fp", "F64", "fcvtxn v0.2s, v4.2d")
    add("simd_2misc_fp", "F64", "fcvtxn2 v0.4s, v4.2d")
    add("simd_2misc_fp", "F16", "fcvtl v0.4s, v4.4h")
    add("simd_2misc_fp", "F16", "fcvtl2 v0.4s, v4.8h")
    add("simd_2misc_fp", "F32", "fcvtl v0.2d, v4.2s")
    add("simd_2misc_fp", "F32", "fcvtl2 v0.2d, v4.4s")
    for op in ["frintn", "frintm", "frintp", "frintz", "frinta", "frintx", "frinti", "fcvtns", "fcvtms",
               "fcvtas", "fcvtps", "fcvtzs", "fcvtnu", "fcvtmu", "fcvtau", "fcvtpu", "fcvtzu", "fabs",
               "fneg", "frecpe", "frsqrte", "fsqrt"]:
        for a in FV:
            add("simd_2misc_fp", FKIND[a], f"{op} v0.{a}, v4.{a}")
    for op in ["fcmgt", "fcmeq", "fcmlt", "fcmge", "fcmle"]:
        for a in FV:
            add("simd_2misc_fp", FKIND[a], f"{op} v0.{a}, v4.{a}, #0.0")
    for op in ["scvtf", "ucvtf"]:
        for a in FV:
            add("simd_2misc_fp", INT_ARR[a], f"{op} v0.{a}, v4.{a}")
    for op in ["urecpe", "ursqrte"]:
        for a in ["2s", "4s"]:
            add("simd_2misc_fp", "I32", f"{op} v0.{a}, v4.{a}")

    # ---- across lanes ------------------------------------------------------------------------
    lanes_arr = {"8b": "b", "16b": "b", "4h": "h", "8h": "h", "4s": "s"}
    long_of = {"b": "h", "h": "s", "s": "d"}
    for op in ["addv", "smaxv", "umaxv", "sminv", "uminv"]:
        for a, e in lanes_arr.items():
            add("simd_across", INT_ARR[a], f"{op} {e}0, v4.{a}")
    for op in ["saddlv", "uaddlv"]:
        for a, e in lanes_arr.items():
            add("simd_across", INT_ARR[a], f"{op} {long_of[e]}0, v4.{a}")
    for op in ["fmaxnmv", "fmaxv", "fminnmv", "fminv"]:
        add("simd_across_fp", "F32", f"{op} s0, v4.4s")

    # ---- copy, permute, extract, table -------------------------------------------------------
    for a in ALL:
        e = a[-1]
        n = 16 * 8 // ESIZE[e] if a[0] in "1" or a in ("8h", "4s", "2d") else None
        idx = [0, 1, 16 // (ESIZE[e] // 8) - 1]
        for i in sorted(set(idx)):
            add("simd_copy", INT_ARR[a], f"dup v0.{a}, v4.{e}[{i}]")
        r = "x" if e == "d" else "w"
        add("simd_copy", INT_ARR[a], f"dup v0.{a}, {r}2")
    for e in "bhsd":
        top = 16 // (ESIZE[e] // 8) - 1
        r = "x" if e == "d" else "w"
        for i in sorted({0, 1, top}):
            add("simd_copy", SCALAR_INT[e], f"mov v0.{e}[{i}], {r}2")
            add("simd_copy", SCALAR_INT[e], f"mov v0.{e}[{i}], v4.{e}[{top - i}]")
            add("simd_copy", SCALAR_INT[e], f"umov {r}3, v4.{e}[{i}]")
            if e in "bh":
                add("simd_copy", SCALAR_INT[e], f"smov w3, v4.{e}[{i}]")
            if e in "bhs":
                add("simd_copy", SCALAR_INT[e], f"smov x3, v4.{e}[{i}]")
            add("simd_scalar_copy", SCALAR_INT[e], f"mov {e}0, v4.{e}[{i}]")
    for op in ["uzp1", "uzp2", "trn1", "trn2", "zip1", "zip2"]:
        three_same([op], ALL, cls="simd_permute")
    for i in [0, 3, 7]:
        add("simd_extract", "I8", f"ext v0.8b, v4.8b, v2.8b, #{i}")
    for i in [0, 1, 8, 15]:
        add("simd_extract", "I8", f"ext v0.16b, v4.16b, v2.16b, #{i}")
    regs = ["v4.16b", "v5.16b", "v6.16b", "v7.16b"]
    for op in ["tbl", "tbx"]:
        for k in range(1, 5):
            lst = "{" + ", ".join(regs[:k]) + "}"
            for a in B:
                add("simd_table", "TBL", f"{op} v0.{a}, {lst}, v2.{a}")

    # ---- modified immediate ------------------------------------------------------------------
    mi = []
    for a in ["8b", "16b"]:
        mi += [f"movi v0.{a}, #0x5a", f"movi v0.{a}, #0xff"]
    for a in ["4h", "8h"]:
        for sh in [0, 8]:
            mi += [f"movi v0.{a}, #0xa5, lsl #{sh}", f"mvni v0.{a}, #0x3c, lsl #{sh}",
                   f"orr v0.{a}, #0x81, lsl #{sh}", f"bic v0.{a}, #0x7e, lsl #{sh}"]
    for a in ["2s", "4s"]:
        for sh in [0, 8, 16, 24]:
            mi += [f"movi v0.{a}, #0xa5, lsl #{sh}", f"mvni v0.{a}, #0x3c, lsl #{sh}",
                   f"orr v0.{a}, #0x81, lsl #{sh}", f"bic v0.{a}, #0x7e, lsl #{sh}"]
        for sh in [8, 16]:
            mi += [f"movi v0.{a}, #0x5c, msl #{sh}", f"mvni v0.{a}, #0xc3, msl #{sh}"]
        mi += [f"fmov v0.{a}, #-1.5", f"fmov v0.{a}, #0.25"]
    mi += ["movi d0, #0xff00ff0000ffff00", "movi v0.2d, #0x00ffff00ff0000ff", "movi v0.2d, #0",
           "fmov v0.2d, #3.0", "fmov v0.2d, #-0.1875"]
    for t in mi:
        add("simd_modimm", "I32", t)

    # ---- shift by immediate ------------------------------------------------------------------
    def shifts(esz, right):
        return sorted({1, 2, esz // 2, esz - 1, esz} if right else {0, 1, esz // 2, esz - 1})

    for a in ALL:
        e = a[-1]
        esz = ESIZE[e]
        for op in ["sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri"]:
            for s in shifts(esz, True):
                add("simd_shift_imm", INT_ARR[a], f"{op} v0.{a}, v4.{a}, #{s}")
        for op in ["shl", "sli", "sqshl", "uqshl", "sqshlu"]:
            for s in shifts(esz, False):
                add("simd_shift_imm", INT_ARR[a], f"{op} v0.{a}, v4.{a}, #{s}")
    for w, (n64, n128) in narrow.items():
        esz = ESIZE[n64[-1]]
        for op in ["shrn", "rshrn", "sqshrn", "uqshrn", "sqrshrn", "uqrshrn", "sqshrun", "sqrshrun"]:
            for s in sorted({1, esz // 2, esz}):
                add("simd_shift_imm", INT_ARR[w], f"{op} v0.{n64}, v4.{w}, #{s}")
                add("simd_shift_imm", INT_ARR[w], f"{op}2 v0.{n128}, v4.{w}, #{s}")
        for op in ["sshll", "ushll"]:
            for s in sorted({0, 1, esz - 1}):
                add("simd_shift_imm", INT_ARR[n64], f"{op} v0.{w}, v4.{n64}, #{s}")
                add("simd_shift_imm", INT_ARR[n64], f"{op}2 v0.{w}, v4.{n128}, #{s}")
    for a in FV:
        esz = ESIZE[a[-1]] if a != "2d" else 64
        esz = 32 if a in ("2s", "4s") else 64
        for s in sorted({1, esz // 2, esz}):
            for op in ["scvtf", "ucvtf"]:
                add("simd_shift_imm_fp", INT_ARR[a], f"{op} v0.{a}, v4.{a}, #{s}")
            for op in ["fcvtzs", "fcvtzu"]:
                add("simd_shift_imm_fp", FKIND[a], f"{op} v0.{a}, v4.{a}, #{s}")

    # ---- vector x indexed element ------------------------------------------------------------
    for op in ["mul", "mla", "mls", "sqdmulh", "sqrdmulh"]:
        for a in HS:
            e = a[-1]
            mreg = "v2" if e == "s" else "v2"
            for i in ([0, 3] if e == "s" else [0, 7]):
                add("simd_by_elem", INT_ARR[a], f"{op} v0.{a}, v4.{a}, {mreg}.{e}[{i}]")
    for op in ["smlal", "umlal", "smlsl", "umlsl", "smull", "umull", "sqdmlal", "sqdmlsl", "sqdmull"]:
        for e, (w, n64, n128) in wide.items():
            if e == "b":
                continue
            i = 3 if e == "s" else 5
            add("simd_by_elem", SCALAR_INT[e], f"{op} v0.{w}, v4.{n64}, v2.{e}[{i}]")
            add("simd_by_elem", SCALAR_INT[e], f"{op}2 v0.{w}, v4.{n128}, v2.{e}[1]")
    for op in ["fmla", "fmls", "fmul", "fmulx"]:
        for a in FV:
            e = a[-1]
            for i in ([0, 3] if e == "s" else [0, 1]):
                add("simd_by_elem_fp", FKIND[a], f"{op} v0.{a}, v4.{a}, v2.{e}[{i}]")

    # ---- scalar forms --------------------------------------------------------------------------
    for op in ["sqadd", "uqadd", "sqsub", "uqsub", "sqshl", "uqshl", "sqrshl", "uqrshl"]:
        for e in "bhsd":
            add("simd_scalar_3same", SCALAR_INT[e], f"{op} {e}0, {e}4, {e}2")
    for op in ["cmgt", "cmhi", "cmge", "cmhs", "sshl", "ushl", "srshl", "urshl", "add", "sub", "cmtst",
               "cmeq"]:
        add("simd_scalar_3same", "I64", f"{op} d0, d4, d2")
    for op in ["sqdmulh", "sqrdmulh"]:
        for e in "hs":
            add("simd_scalar_3same", SCALAR_INT[e], f"{op} {e}0, {e}4, {e}2")
    for op in ["fmulx", "fcmeq", "frecps", "frsqrts", "fcmge", "facge", "fabd", "fcmgt", "facgt"]:
        for t in "sd":
            add("simd_scalar_3same_fp", FKIND[t], f"{op} {t}0, {t}4, {t}2")
    for op in ["sqdmlal", "sqdmlsl", "sqdmull"]:
        add("simd_scalar_3diff", "I16", f"{op} s0, h4, h2")
        add("simd_scalar_3diff", "I32", f"{op} d0, s4, s2")
    for op in ["suqadd", "usqadd", "sqabs", "sqneg"]:
        for e in "bhsd":
            add("simd_scalar_2misc", SCALAR_INT[e], f"{op} {e}0, {e}4")
    for op in ["abs", "neg"]:
        add("simd_scalar_2misc", "I64", f"{op} d0, d4")
    for op in ["cmgt", "cmeq", "cmlt", "cmge", "cmle"]:
        add("simd_scalar_2misc", "I64", f"{op} d0, d4, #0")
    for op in ["sqxtn", "uqxtn", "sqxtun"]:
        for n, w in (("b", "h"), ("h", "s"), ("s", "d")):
            add("simd_scalar_2misc", SCALAR_INT[w], f"{op} {n}0, {w}4")
    add("simd_scalar_2misc_fp", "F64", "fcvtxn s0, d4")
    for op in ["fcvtns", "fcvtms", "fcvtas", "fcvtps", "fcvtzs", "fcvtnu", "fcvtmu", "fcvtau", "fcvtpu",
               "fcvtzu", "frecpe", "frecpx", "frsqrte"]:
        for t in "sd":
            add("simd_scalar_2misc_fp", FKIND[t], f"{op} {t}0, {t}4")
    for op in ["fcmgt", "fcmeq", "fcmlt", "fcmge", "fcmle"]:
        for t in "sd":
            add("simd_scalar_2misc_fp", FKIND[t], f"{op} {t}0, {t}4, #0.0")
    for op in ["scvtf", "ucvtf"]:
        for t in "sd":
            add("simd_scalar_2misc_fp", SCALAR_INT[t], f"{op} {t}0, {t}4")
    add("simd_scalar_pairwise", "I64", "addp d0, v4.2d")
    for op in ["fmaxnmp", "faddp", "fmaxp", "fminnmp", "fminp"]:
        add("simd_scalar_pairwise_fp", "F32", f"{op} s0, v4.2s")
        add("simd_scalar_pairwise_fp", "F64", f"{op} d0, v4.2d")
    for op in ["sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri"]:
        for s in [1, 32, 63, 64]:
            add("simd_scalar_shift_imm", "I64", f"{op} d0, d4, #{s}")
    for op in ["shl", "sli"]:
        for s in [0, 1, 63]:
            add("simd_scalar_shift_imm", "I64", f"{op} d0, d4, #{s}")
    for op in ["sqshl", "uqshl", "sqshlu"]:
        for e in "bhsd":
            for s in sorted({0, 1, ESIZE[e] - 1}):
                add("simd_scalar_shift_imm", SCALAR_INT[e], f"{op} {e}0, {e}4, #{s}")
    for op in ["sqshrn", "uqshrn", "sqrshrn", "uqrshrn", "sqshrun", "sqrshrun"]:
        for n, w in (("b", "h"), ("h", "s"), ("s", "d")):
            for s in sorted({1, ESIZE[n]}):
                add("simd_scalar_shift_imm", SCALAR_INT[w], f"{op} {n}0, {w}4, #{s}")
    for t in "sd":
        for s in sorted({1, ESIZE[t] // 2, ESIZE[t]}):
            for op in ["scvtf", "ucvtf"]:
                add("simd_scalar_shift_imm_fp", SCALAR_INT[t], f"{op} {t}0, {t}4, #{s}")
            for op in ["fcvtzs", "fcvtzu"]:
                add("simd_scalar_shift_imm_fp", FKIND[t], f"{op} {t}0, {t}4, #{s}")
    for op in ["sqdmulh", "sqrdmulh"]:
        add("simd_scalar_by_elem", "I16", f"{op} h0, h4, v2.h[6]")
        add("simd_scalar_by_elem", "I32", f"{op} s0, s4, v2.s[2]")
    for op in ["sqdmlal", "sqdmlsl", "sqdmull"]:
        add("simd_scalar_by_elem", "I16", f"{op} s0, h4, v2.h[3]")
        add("simd_scalar_by_elem", "I32", f"{op} d0, s4, v2.s[1]")
    for op in ["fmla", "fmls", "fmul", "fmulx"]:
        add("simd_scalar_by_elem_fp", "F32", f"{op} s0, s4, v2.s[3]")
        add("simd_scalar_by_elem_fp", "F64", f"{op} d0, d4, v2.d[1]")

    # ---- Cryptographic Extension ---------------------------------------------------------------
    for op in ["aese", "aesd", "aesmc", "aesimc"]:
        add("crypto", "I8", f"{op} v0.16b, v4.16b")
    for op in ["sha1c", "sha1p", "sha1m"]:
        add("crypto", "I32", f"{op} q0, s4, v2.4s")
    for op in ["sha256h", "sha256h2"]:
        add("crypto", "I32", f"{op} q0, q4, v2.4s")
    for op in ["sha1su0", "sha256su1"]:
        add("crypto", "I32", f"{op} v0.4s, v4.4s, v2.4s")
    add("crypto", "I32", "sha1h s0, s4")
    for op in ["sha1su1", "sha256su0"]:
        add("crypto", "I32", f"{op} v0.4s, v4.4s")
    return f
