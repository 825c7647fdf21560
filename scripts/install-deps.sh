#!/bin/sh
# Install the Debian 12 packages a72sim needs, if any are missing.
#   install-deps.sh          what `make demo` needs: the build tools and libraries
#   install-deps.sh --test   also what `make test` needs: QEMU (the oracle tests) and dtc
# Never prompts: without root it uses `sudo -n`, and says so and fails when that needs a password.
set -eu
PACKAGES="build-essential cmake ninja-build pkg-config clang lld llvm libelf-dev libcapstone-dev libcmocka-dev
libfdt-dev libinih-dev zlib1g-dev libsqlite3-dev libzstd-dev sqlite3 python3 libreadline-dev"
case "${1:-}" in
    "") ;;
    --test) PACKAGES="$PACKAGES qemu-system-arm device-tree-compiler libclang-rt-14-dev" ;;
    *) echo "usage: install-deps.sh [--test]" >&2; exit 2 ;;
esac
missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "deps: all packages present"
    exit 0
fi
echo "deps: installing$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
        echo "install-deps: root or password-less sudo is needed to install:$missing" >&2
        echo "install-deps: install them yourself (apt-get install$missing) and run make again" >&2
        exit 1
    fi
    SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
    echo "install-deps: apt-get failed:" >&2
    cat "$log" >&2
    exit 1
fi
