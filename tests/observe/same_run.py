#!/usr/bin/env python3
"""Observation changes nothing: run one image plainly, with the text trace and with an observer of
every event (--null-observer), and stopped and resumed every few instructions (--stop-every), and compare exit status, guest output, instructions and cycles.

usage: same_run.py A72SIM IMAGE [a72sim options...]
"""
import json
import subprocess
import sys


def run(sim, image, options, extra):
    r = subprocess.run([sim, "--stats=json", *options, *extra, image], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=300)
    err = r.stderr.decode(errors="replace").splitlines()
    counts = {"instructions": None, "cycles": None}
    # --stats=json is the last line of stderr; the guest's own messages (UART1) before it are
    # compared too, the simulator's (host time) are left out.
    if err and err[-1].startswith("{"):
        stats = json.loads(err.pop())
        counts["instructions"] = [core["instructions"] for core in stats["cores"]]
        counts["cycles"] = [core["cycles"] for core in stats["cores"]]
    guest_err = "\n".join(l for l in err if not l.startswith("a72sim: "))
    return r.returncode, r.stdout, guest_err, counts


def main(argv):
    sim, image, options = argv[1], argv[2], argv[3:]
    plain = run(sim, image, options, [])
    if plain[3]["instructions"] is None:
        print(f"no instruction count from the plain run of {image}")
        return 1
    failed = 0
    for extra in (["--trace", "/dev/null"], ["--null-observer"], ["--trace", "/dev/null", "--null-observer"],
                  ["--stop-every", "3"], ["--trace", "/dev/null", "--stop-every", "1000"]):
        observed = run(sim, image, options, extra)
        for what, a, b in (("exit status", plain[0], observed[0]), ("stdout", plain[1], observed[1]),
                           ("guest stderr", plain[2], observed[2]),
                           ("instructions", plain[3]["instructions"], observed[3]["instructions"]),
                           ("cycles", plain[3]["cycles"], observed[3]["cycles"])):
            if a != b:
                print(f"{' '.join(extra)} changed the {what} of {image}: {a!r} -> {b!r}")
                failed = 1
    if not failed:
        print(f"{image}: status {plain[0]}, {plain[3]['instructions']} instructions, {plain[3]['cycles']} cycles,"
              " the same under every observer and with stops")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
