#!/bin/sh
# Put the files of tests/regress/stacks.ini into DIR/files: the Debian kernel and Xen (fetched into
# the cache by fetch.sh; symbolic links here) and the busybox initramfs (built by mkinitramfs.sh).
# usage: prepare.sh DIR [CACHE_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: prepare.sh DIR [CACHE_DIR]" >&2; exit 2; }
env=$("$here/fetch.sh" ${2:+"$2"}) || exit 1
. "$env"
mkdir -p "$1/files" || exit 1
ln -sf "$KERNEL" "$1/files/vmlinuz" && ln -sf "$XEN" "$1/files/xen" || { echo "stacks: cannot link into $1/files" >&2; exit 1; }
"$here/mkinitramfs.sh" "$1/files/busybox.cpio.gz" "$BUSYBOX" || { echo "stacks: cannot build the busybox initramfs" >&2; exit 1; }
echo "stacks: kernel $KERNEL, xen $XEN, initramfs $1/files/busybox.cpio.gz"
