#!/usr/bin/env python3
"""Snapshot tests (label snapshot).

round_trip.py A72SIM WORKDIR round_trip IMAGE [a72sim options...]
    The run saved at several points (--save-at), and the run recorded for reverse execution
    (--record), are the plain run; each snapshot restored
    (--restore) finishes it: the output before the point (a run stopped there) followed by the
    restored run's output is the plain run's output, and the exit status and every statistic
    (instructions, cycles, exceptions, TLB counts, per core) are the plain run's.
round_trip.py A72SIM WORKDIR round_trip_middle IMAGE [a72sim options...]
    The same at the middle of the run only (for long runs: a Linux boot; IMAGE may be --kernel=FILE).
round_trip.py A72SIM WORKDIR save_on IMAGE EVENT [a72sim options...]
    --save-on EVENT: the snapshot restored finishes the run as above.
round_trip.py A72SIM WORKDIR errors IMAGE
    A truncated file, a damaged byte, another version, another format, another machine, a file
    that is no snapshot, a missing file and an unwritable destination each give one line on stderr
    and exit status 2.
"""
import json
import os
import subprocess
import sys

HOST_FIELDS = ("host_seconds", "mips")


def run(sim, args):
    r = subprocess.run([sim, "--stats=json", *args], stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
    err = r.stderr.decode(errors="replace").splitlines()
    stats = None
    if err and err[-1].startswith("{"):
        stats = json.loads(err.pop())
        for f in HOST_FIELDS:
            stats.pop(f, None)
    sim_lines = [l for l in err if l.startswith("a72sim: ")]
    guest_err = "\n".join(l for l in err if not l.startswith("a72sim: ") and not l.startswith("a72sim:   "))
    return r.returncode, r.stdout, guest_err, stats, sim_lines


def restore_options(options):
    """The options of a restoring run: no --el3, --kernel or --initrd (the snapshot holds the entry
    state and memory)."""
    out, skip = [], False
    for o in options:
        if skip:
            skip = False
        elif o in ("--kernel", "--initrd"):
            skip = True
        elif o != "--el3" and not o.startswith(("--kernel=", "--initrd=")):
            out.append(o)
    return out


def without_max_insns(options):
    out, skip = [], False
    for o in options:
        if skip:
            skip = False
        elif o == "--max-insns":
            skip = True
        else:
            out.append(o)
    return out


def check_continuation(label, plain, prefix, rest):
    failed = 0
    for what, a, b in (("exit status", plain[0], rest[0]), ("stdout", plain[1], prefix[1] + rest[1]),
                       ("guest stderr", plain[2], "\n".join(x for x in (prefix[2], rest[2]) if x)),
                       ("statistics", plain[3], rest[3])):
        if a != b:
            print(f"{label}: the {what} differs from the plain run's:\n  plain    {a!r}\n  restored {b!r}")
            failed = 1
    return failed


def round_trip(sim, work, image, options, few=False):
    plain = run(sim, [*options, image])
    if plain[3] is None:
        print(f"no statistics from the plain run of {image}: {plain[4]}")
        return 1
    total = plain[3]["instructions"]
    points = [total // 2] if few else sorted({0, 1, total // 4, total // 2, (9 * total) // 10, total - 1})
    failed = 0
    # Saving changes nothing: the run that writes every snapshot is the plain run.
    saves = []
    for n in points:
        saves += ["--save-at", str(n), os.path.join(work, f"at{n}.snap")]
    saving = run(sim, [*saves, *options, image])
    for what, a, b in (("exit status", plain[0], saving[0]), ("stdout", plain[1], saving[1]),
                       ("guest stderr", plain[2], saving[2]), ("statistics", plain[3], saving[3])):
        if a != b:
            print(f"saving changed the {what} of {image}:\n  plain  {a!r}\n  saving {b!r}")
            failed = 1
    # So does recording for reverse execution (checkpoints, write-protected RAM, input recorded).
    recording = run(sim, ["--record=3000", *options, image])
    for what, a, b in (("exit status", plain[0], recording[0]), ("stdout", plain[1], recording[1]),
                       ("guest stderr", plain[2], recording[2]), ("statistics", plain[3], recording[3])):
        if a != b:
            print(f"--record changed the {what} of {image}:\n  plain     {a!r}\n  recording {b!r}")
            failed = 1
    for n in points:
        path = os.path.join(work, f"at{n}.snap")
        if not os.path.exists(path):
            print(f"--save-at {n} wrote no {path}")
            failed = 1
            continue
        # The output up to the point: the same run stopped there (exit 124), or none at 0.
        prefix = run(sim, [*options, "--max-insns", str(n), image]) if n else (0, b"", "", None, [])
        rest = run(sim, [*restore_options(options), "--restore", path])
        failed |= check_continuation(f"{image} restored at {n}", plain, prefix, rest)
    if not failed:
        print(f"{image}: {total} instructions, status {plain[0]}; saved at {points} and restored: identical")
    return failed


def save_on(sim, work, image, event, options):
    plain = run(sim, [*options, image])
    path = os.path.join(work, f"on_{event}.snap")
    saving = run(sim, ["--save-on", f"{event}:{path}", *options, image])
    if saving[:4] != plain[:4] or not os.path.exists(path):
        print(f"--save-on {event}: the saving run differs or wrote nothing: {saving[4]}")
        return 1
    # Where was it written? The restored run's count of instructions before it is the header's;
    # the prefix is the plain run stopped at that many instructions.
    with open(path, "rb") as f:
        header = f.read(64)
    at = int.from_bytes(header[48:56], "little")
    if not 0 < at < plain[3]["instructions"]:
        print(f"--save-on {event}: saved after {at} instructions, not inside the run")
        return 1
    prefix = run(sim, [*without_max_insns(options), "--max-insns", str(at), image])
    rest = run(sim, [*restore_options(options), "--restore", path])
    failed = check_continuation(f"{image} saved on {event} (after {at} instructions)", plain, prefix, rest)
    if not failed:
        print(f"{image}: saved on the first {event} after {at} instructions and restored: identical")
    return failed


def expect_usage_error(sim, label, args, needle):
    r = subprocess.run([sim, *args], stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    err = r.stderr.decode(errors="replace")
    lines = err.splitlines()
    if r.returncode != 2 or len(lines) != 1 or needle not in err or r.stdout:
        print(f"{label}: wanted exit 2 and one line with {needle!r}; got {r.returncode}, {err!r}, stdout {r.stdout!r}")
        return 1
    print(f"{label}: {lines[0]}")
    return 0


def errors(sim, work, image):
    good = os.path.join(work, "good.snap")
    if os.path.exists(good):
        os.remove(good)
    r = subprocess.run([sim, "--smp", "1", "--mem", "512M", "--save-at", "1000", good, "--max-insns", "1000", image],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    if r.returncode != 124 or not os.path.exists(good):
        print(f"could not save {good}: {r.returncode} {r.stderr!r}")
        return 1
    data = open(good, "rb").read()

    def variant(name, content):
        path = os.path.join(work, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    base = ["--smp", "1", "--mem", "512M"]
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0x55
    other_version = bytearray(data)
    other_version[16:32] = b"9.9".ljust(16, b"\0")
    other_format = bytearray(data)
    other_format[8] = 99
    failed = 0
    cases = [
        ("truncated", base + ["--restore", variant("trunc.snap", data[: len(data) - 100])], "truncated"),
        ("truncated header", base + ["--restore", variant("trunc_header.snap", data[:20])], "header is cut short"),
        ("empty", base + ["--restore", variant("empty.snap", b"")], "not an a72sim snapshot"),
        ("damaged", base + ["--restore", variant("damaged.snap", bytes(damaged))], "damaged"),
        ("bytes after", base + ["--restore", variant("after.snap", data + b"x")], "after the end"),
        ("other version", base + ["--restore", variant("version.snap", bytes(other_version))], "a72sim 9.9"),
        ("other format", base + ["--restore", variant("format.snap", bytes(other_format))], "format 99"),
        ("no snapshot", base + ["--restore", image], "not an a72sim snapshot"),
        ("missing", base + ["--restore", os.path.join(work, "missing.snap")], "cannot open"),
        ("other machine", ["--smp", "2", "--mem", "512M", "--restore", good], "--smp 1 --mem 512M"),
        ("other timing mode", base + ["--timing", "static", "--restore", good], "give --timing full --cpu-mhz 1700"),
        ("other cache model", base + ["--no-cache-model", "--restore", good], "give --timing full --cpu-mhz 1700"),
        ("other clock", base + ["--cpu-mhz", "1000", "--restore", good], "give --timing full --cpu-mhz 1700"),
        ("images too", base + ["--restore", good, image], "give no IMAGE"),
        ("unwritable", ["--save-at", "10", os.path.join(work, "no", "such", "dir.snap"), image], "--save-at"),
        ("save-at without file", ["--save-at", "10"], "which file"),
        ("save-on unknown", ["--save-on", "irq:x.snap", image], "unknown event"),
    ]
    for label, args, needle in cases:
        failed |= expect_usage_error(sim, label, args, needle)
    # The good file itself restores (the cases above fail for their one defect).
    r = subprocess.run([sim, *base, "--max-insns", "2000", "--restore", good], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    if r.returncode != 124:
        print(f"the intact snapshot does not restore: {r.returncode} {r.stderr!r}")
        failed = 1
    return failed


def main(argv):
    sim, work, mode = argv[1], argv[2], argv[3]
    os.makedirs(work, exist_ok=True)
    if mode == "round_trip":
        return round_trip(sim, work, argv[4], argv[5:])
    if mode == "round_trip_middle":
        return round_trip(sim, work, argv[4], argv[5:], few=True)
    if mode == "save_on":
        return save_on(sim, work, argv[4], argv[5], argv[6:])
    if mode == "errors":
        return errors(sim, work, argv[4])
    print(f"unknown mode {mode}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
