#!/usr/bin/env python3
"""'profile start DIR' ... 'profile stop' in the shell writes the profile of --profile: from reset to
the guest's end it is byte for byte the profile of `a72sim run --profile`; a window that starts at a
breakpoint sees fewer VM exits; 'profile stop' with none recorded is an error.

usage: profile_window.py A72SIM DEMO_HYP_ELF
"""
import os
import subprocess
import sys
import tempfile


def shell(sim, elf, script):
    return subprocess.run([sim, "shell", elf], input=script.encode(), capture_output=True, timeout=120)


def exits(directory):
    """The total of the 'exits' column of the summary's VM exits table."""
    lines = open(os.path.join(directory, "summary.txt")).read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("VM exits"))
    total = 0
    for line in lines[start + 3:]:
        if not line.strip():
            break
        total += int(line.split()[2])
    return total


def main(sim, elf):
    failed = []
    with tempfile.TemporaryDirectory() as work:
        whole, run, window = (os.path.join(work, d) for d in ("whole", "run", "window"))
        r = shell(sim, elf, f"profile start {whole}\ncontinue\nprofile stop\n")
        if f"Profile written to {whole}." not in r.stdout.decode():
            failed.append(f"profile stop did not say it wrote {whole}: {r.stdout.decode()[-500:]}")
        subprocess.run([sim, f"--profile={run}", elf], capture_output=True, timeout=120)
        for name in ("summary.txt", "folded.txt", "timeline.json"):
            a, b = (open(os.path.join(d, name), "rb").read() for d in (whole, run))
            if a != b:
                failed.append(f"{name}: the shell's profile from reset differs from run --profile's")
        r = shell(sim, elf, f"break hyp_exit_handler\ncontinue\ndelete\nprofile start {window}\ncontinue\nprofile stop\n")
        if not os.path.exists(os.path.join(window, "summary.txt")):
            failed.append(f"no profile of the window: {r.stderr.decode()[-500:]}")
        elif not 0 < exits(window) < exits(run):
            failed.append(f"the window's VM exits ({exits(window)}) should be fewer than the whole run's ({exits(run)})")
        r = shell(sim, elf, "profile stop\n")
        if "no profile is being recorded" not in r.stderr.decode() + r.stdout.decode():
            failed.append(f"profile stop without a profile: {r.stderr.decode()}")
    for f in failed:
        print("FAIL", f)
    if not failed:
        print("profile in the shell: the whole run equals run --profile; a window sees fewer exits")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
