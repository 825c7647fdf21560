#!/usr/bin/env python3
"""A KVM guest of known structure, profiled: usage: kvm_profile.py A72SIM STACKS_DIR WORK_DIR

Boots Debian's Linux with the no-FP /init as a VMM (nofp_init.c, "kvm") under --profile, and checks
that the profile's VM exits and interrupts of the guest's VM (VMID 1, KVM's first) are exactly what its
program does (nofp_init.c's guest_code):
  IABT_LOW 1   its first instruction fetch: KVM maps the guest's page on the stage-2 fault;
  SYS64    6   the PMU registers it reads and writes (KVM sets MDCR_EL2.TPM and TPMCR);
  DABT_LOW 9   its stores to the vGIC (3, emulated in the kernel) and to the VMM's MMIO (6 reports);
  HVC64    1   PSCI_VERSION;
  WFx      1   its WFI, until the virtual timer fires;
  IRQ      1   the timer's physical PPI while it spins (a host timer tick within the guest's 0.1 ms
               of simulated time would add one);
and that KVM injected its 2 virtual timer interrupts.
"""
import os
import re
import shutil
import subprocess
import sys

EXPECTED_EXITS = {"IABT_LOW": 1, "SYS64": 6, "DABT_LOW": 9, "HVC64": 1, "WFx": 1, "IRQ": 1}
GUEST_VMID = "1"


def section(text, title):
    """The rows (lists of words) of the table under the line starting with title."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[start + 3:]:  # the title, the header and the dashes
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def main():
    sim, stacks, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    profile = os.path.join(work, "profile")
    cmd = [sim, "run", "--smp", "1", "--max-insns", "8000000000", f"--profile={profile}",
           "--kernel", os.path.join(stacks, "files", "vmlinuz"), "--initrd", os.path.join(stacks, "nofp.cpio.gz"),
           "--append", "console=ttyAMA0 panic=-1 rdinit=/init -- kvm"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=900)
    failures = []
    if p.returncode != 0:
        failures.append(f"a72sim exited {p.returncode}: {p.stderr.strip()[-500:]}")
    if not re.search(r"kvm guest: PMCR_EL0.N 6, .*virtual timer interrupts 2", p.stdout):
        failures.append("the VMM did not report its guest's run")
    with open(os.path.join(profile, "summary.txt")) as f:
        summary = f.read()
    exits = {row[1]: int(row[2]) for row in section(summary, "VM exits") if row[0] == GUEST_VMID}
    if exits != EXPECTED_EXITS:
        failures.append(f"VM {GUEST_VMID}'s exits: {exits}, expected {EXPECTED_EXITS}")
    interrupts = {row[0]: row[1:] for row in section(summary, "interrupts per VM")}
    if interrupts.get(GUEST_VMID, [None] * 3)[2] != "2":
        failures.append(f"VM {GUEST_VMID}'s interrupts (taken to EL2, at EL1, injected): {interrupts.get(GUEST_VMID)}")
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        return 1
    print(f"VM {GUEST_VMID}: exits {exits}, 2 interrupts injected")
    shutil.rmtree(work, ignore_errors=True)  # the profile's trace of the whole boot is about 500 MB
    return 0


if __name__ == "__main__":
    sys.exit(main())
