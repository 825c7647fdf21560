#!/bin/sh
# Fetch the Debian arm64 packages of the stacks tests into a cache directory and unpack them:
#   linux-image-cloud-arm64 (the kernel it depends on), xen-hypervisor-4.17-arm64, busybox-static.
# Nothing arm64 is installed: `apt-get download` fetches the .deb files, `dpkg-deb -x` unpacks them.
#
# usage: fetch.sh [CACHE_DIR]   (default: $A72SIM_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/a72sim)
# Writes CACHE_DIR/stacks.env (KERNEL=, XEN=, BUSYBOX= absolute paths) and prints its path.
# A failed download prints one line naming what failed and exits 1.
set -u
cache=${1:-${A72SIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/a72sim}}
mkdir -p "$cache/debs" "$cache/root" || { echo "stacks: cannot create the cache directory $cache" >&2; exit 1; }

fail() { echo "stacks: $*" >&2; exit 1; }

if [ -f "$cache/stacks.env" ] && . "$cache/stacks.env" && [ -f "$KERNEL" ] && [ -f "$XEN" ] && [ -x "$BUSYBOX" ]; then
    echo "$cache/stacks.env"
    exit 0
fi

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64 || fail "cannot add the arm64 architecture to dpkg (dpkg --add-architecture arm64)"
    $SUDO apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed after adding arm64"
fi
kernel_pkg=$(apt-cache depends linux-image-cloud-arm64:arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^:]*\):arm64$/\1/p' | head -n 1)
[ -n "$kernel_pkg" ] || fail "apt-cache knows no linux-image-cloud-arm64:arm64 (run apt-get update?)"

cd "$cache/debs" || exit 1
for pkg in "$kernel_pkg" xen-hypervisor-4.17-arm64 busybox-static; do
    if ! ls "${pkg}"_*_arm64.deb >/dev/null 2>&1; then
        out=$(apt-get download "$pkg:arm64" 2>&1) || fail "download of $pkg:arm64 failed: $(echo "$out" | grep -E '^(E|W):' | head -n 1)"
    fi
    deb=$(ls "${pkg}"_*_arm64.deb | head -n 1)
    dpkg-deb -x "$deb" "$cache/root" || fail "cannot unpack $deb"
done

kernel=$(ls "$cache"/root/boot/vmlinuz-*-cloud-arm64 2>/dev/null | head -n 1)
xen=$(ls "$cache"/root/boot/xen-4.17-arm64 2>/dev/null | head -n 1)
busybox="$cache/root/bin/busybox"
[ -f "$kernel" ] || fail "no kernel Image in $kernel_pkg"
[ -f "$xen" ] || fail "no Xen image in xen-hypervisor-4.17-arm64"
[ -f "$busybox" ] || fail "no busybox in busybox-static"
printf 'KERNEL=%s\nXEN=%s\nBUSYBOX=%s\n' "$kernel" "$xen" "$busybox" > "$cache/stacks.env.tmp" &&
    mv "$cache/stacks.env.tmp" "$cache/stacks.env" || fail "cannot write $cache/stacks.env"
echo "$cache/stacks.env"
