#!/usr/bin/env python3
"""The perf and KVM stacks tests' results on QEMU: usage: qemu_oracle.py A72SIM QEMU STACKS_DIR SUITE

QEMU 7.2's xlnx-versal-virt, given a72sim's device tree (its own describes no PMU) and -icount shift=0
(its PMU counts instructions only then), boots the same kernel and no-FP initramfs as linux_nofp_kvm and
linux_nofp_perf (SUITE: tests/regress/stacks.ini). Its KVM guest must print the line linux_nofp_kvm
expects, and its perf the instruction count linux_nofp_perf expects. (QEMU's cycle counter follows its
own clock and its Versal model does not wire the PMU interrupt, so the cycles and samples are a72sim's
alone.)
"""
import os
import re
import subprocess
import sys
import tempfile


def expectation(suite, test):
    """The expect_uart_matches regex of test in the suite, in Python's syntax."""
    section = None
    with open(suite) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line[1:-1]
            elif section == test and line.startswith("expect_uart_matches"):
                return line.split("=", 1)[1].strip().replace("[[:space:]]", r"\s")
    sys.exit(f"{suite}: no expect_uart_matches in [{test}]")


def boot(qemu, dtb, stacks, mode):
    cmd = [qemu, "-M", "xlnx-versal-virt", "-m", "2G", "-nographic", "-icount", "shift=0", "-dtb", dtb,
           "-kernel", os.path.join(stacks, "files", "vmlinuz"), "-initrd", os.path.join(stacks, "nofp.cpio.gz"),
           "-append", f"console=ttyAMA0 panic=-1 rdinit=/init -- {mode}"]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace", timeout=300)
    return p.stdout.replace("\r", "")


def main():
    sim, qemu, stacks, suite = sys.argv[1:5]
    failures = []
    with tempfile.TemporaryDirectory() as work:
        dtb = os.path.join(work, "versal.dtb")
        subprocess.run([sim, "run", "--smp", "2", "--kernel", os.path.join(stacks, "files", "vmlinuz"),
                        "--initrd", os.path.join(stacks, "nofp.cpio.gz"), "--dump-dtb", dtb], check=True)
        kvm = expectation(suite, "linux_nofp_kvm")
        out = boot(qemu, dtb, stacks, "kvm")
        if not re.search(kvm, out, re.M):
            failures.append(f"QEMU's KVM guest: {re.findall(r'^NOFP-INIT: kvm.*$', out, re.M)}, expected /{kvm}/")
        perf = expectation(suite, "linux_nofp_perf").split(r"\s+")[0] + r"\s*$"
        out = boot(qemu, dtb, stacks, "perf")
        if not re.search(perf, out, re.M):
            failures.append(f"QEMU's perf: {re.findall(r'^NOFP-INIT: perf.*$', out, re.M)}, expected /{perf}/")
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print("QEMU agrees: the KVM guest's line and perf's instruction count")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
