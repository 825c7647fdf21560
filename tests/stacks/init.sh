#!/bin/busybox sh
# /init of the stacks tests' busybox initramfs. It runs a few commands, some of them FP/SIMD-heavy
# (awk floating point, sha256sum, gzip -9, md5sum), prints the marker STACKS-DONE and powers off.
# With stacks.shell on the kernel command line it first starts a shell on the console (without job
# control: its stdin is /dev/console); the machine powers off when the shell exits.
/bin/busybox mkdir -p /proc /sys /tmp /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t devtmpfs dev /dev 2>/dev/null
echo "STACKS: cpus $(grep -c ^processor /proc/cpuinfo)"
awk=$(awk 'BEGIN { s = 0; for (i = 1; i <= 2000; i++) s += i / 7 + i * i * 0.001 - 1 / i; printf "%.6f", s }')
seq 1 30000 > /tmp/data
sha=$(sha256sum /tmp/data | cut -c1-32)
gz="$(gzip -9 -c /tmp/data | wc -c)/$(gzip -9 -c /tmp/data | gzip -d -c | md5sum | cut -d' ' -f1)"
dd=$(dd if=/tmp/data bs=4096 count=16 2>/dev/null | md5sum | cut -d' ' -f1)
echo "STACKS-RESULT awk=$awk sha256=$sha gzip=$gz dd=$dd"
if grep -q stacks.shell /proc/cmdline; then
    echo "STACKS: shell"
    sh
fi
echo STACKS-DONE
poweroff -f
