#!/bin/sh
# Build the stacks tests' busybox initramfs (gzip-compressed cpio): /bin/busybox and /init (init.sh).
# usage: mkinitramfs.sh OUT.cpio.gz BUSYBOX
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: mkinitramfs.sh OUT.cpio.gz BUSYBOX" >&2; exit 2; }
[ -f "$2" ] || { echo "stacks: no busybox at $2 (run fetch.sh)" >&2; exit 1; }
python3 "$here/mkcpio.py" "$1.tmp" dir:bin dir:dev char:dev/console:5:1 dir:proc dir:sys dir:tmp \
    file:bin/busybox:"$2" link:bin/sh:busybox file:init:"$here/init.sh"
mv "$1.tmp" "$1"
