#!/bin/sh
# Install the Debian 12 packages a72sim needs to build and test, if any are missing.
set -eu
PACKAGES="build-essential cmake pkg-config clang lld llvm libelf-dev libcapstone-dev libcmocka-dev
qemu-system-arm device-tree-compiler libfdt-dev libinih-dev zlib1g-dev python3"
missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install:$missing" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
