#!/usr/bin/env bash
# Boot-to-marker benchmark of the real stacks (tests/regress/stacks.ini's no-FP cases): Debian's Linux
# on one and two cores, and Xen 4.17 with Linux as dom0, each booting the no-FP initramfs to its
# marker (NOFP-INIT-DONE) and powering off. For each: instructions, simulated seconds and wall
# seconds on a72sim, and the same files on QEMU's xlnx-versal-virt with -icount shift=0 and as is.
#
# usage: bench/stacks.sh BUILD_DIR      (run `ctest --test-dir BUILD_DIR -R stacks/prepare` first)
# Simulated seconds are the guest's own clock: the last Linux log timestamp before power-off.
# QEMU's instruction count is not observable ("-"). QEMU's Versal always has both APU cores; the
# one-core case passes maxcpus=1 to its kernel instead. Xen on QEMU gets QEMU's own device tree with
# the module nodes added by dtc, the modules loaded with -device loader.
set -u
build=${1:?usage: bench/stacks.sh BUILD_DIR}
build=$(cd "$build" && pwd)
sim=$build/a72sim
files=$build/tests/stacks
kernel=$files/files/vmlinuz xen=$files/files/xen rd=$files/nofp.cpio.gz
for f in "$sim" "$kernel" "$xen" "$rd"; do
    [ -e "$f" ] || { echo "bench: $f missing (build, then ctest -R stacks/prepare)" >&2; exit 1; }
done
QEMU=$(command -v qemu-system-aarch64 || true)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "bench: files in $tmp"
APPEND="console=ttyAMA0 rdinit=/init"
DOM0="console=hvc0 rdinit=/init"
XENARGS="console=dtuart dtuart=serial0 dom0_mem=512M"

last_stamp() { grep -a -o '^\[ *[0-9]*\.[0-9]*\]' "$1" | tail -n 1 | tr -d '[] '; }
wall() { local t0 t1; t0=$(date +%s.%N); "$@"; local rc=$?; t1=$(date +%s.%N); WALL=$(printf '%.2f' "$(echo "$t1 - $t0" | bc)"); return $rc; }

row() { printf '%-16s %-18s %14s %10s %9s  %s\n' "$@"; }
row stack runner instructions "sim s" "wall s" result

a72() { # NAME OUT ARGS...
    local name=$1 out=$2; shift 2
    wall "$sim" --stats --max-insns 20000000000 "$@" > "$out" 2>&1
    local rc=$? insns
    insns=$(sed -n 's/^a72sim: instructions *//p' "$out")
    row "$name" a72sim "${insns:--}" "$(last_stamp "$out")" "$WALL" "$(grep -aq NOFP-INIT-DONE "$out" && [ $rc = 0 ] && echo marker || echo "FAILED rc=$rc")"
}

qemu() { # NAME MODE OUT ARGS...
    local name=$1 mode=$2 out=$3; shift 3
    local icount=()
    [ "$mode" = icount ] && icount=(-icount shift=0)
    wall timeout 900 "$QEMU" -M xlnx-versal-virt -m 2G -nographic -monitor none -serial stdio "${icount[@]}" "$@" \
        < /dev/null > "$out" 2>&1
    local rc=$?
    row "$name" "qemu $mode" - "$(last_stamp "$out")" "$WALL" "$(grep -aq NOFP-INIT-DONE "$out" && echo marker || echo "FAILED rc=$rc")"
}

[ -n "${SKIP_A72:-}" ] || {
a72 linux-1core "$tmp/a1" --smp 1 --kernel "$kernel" --initrd "$rd" --append "$APPEND"
a72 linux-2cores "$tmp/a2" --smp 2 --kernel "$kernel" --initrd "$rd" --append "$APPEND"
a72 xen+dom0 "$tmp/ax" --kernel "$xen" --module "$kernel,type=kernel,args=$DOM0" --module "$rd,type=ramdisk" \
    --append "$XENARGS"
}
if [ -z "$QEMU" ]; then
    echo "bench: qemu-system-aarch64 not found: no QEMU figures"
    exit 0
fi
# Xen on QEMU: its device tree, with the boot modules added.
"$QEMU" -M xlnx-versal-virt,dumpdtb="$tmp/q.dtb" -m 2G -nographic >/dev/null 2>&1
ksize=$(stat -L -c %s "$kernel") rsize=$(stat -L -c %s "$rd")
dtc -I dtb -O dts "$tmp/q.dtb" 2>/dev/null | awk -v k="$ksize" -v r="$rsize" -v d="$DOM0" '
    /^\tchosen \{/ { in_chosen = 1 }
    in_chosen && /^\t\};/ {
        print "\t\tbootargs = \"console=dtuart dtuart=/uart@ff000000 dom0_mem=512M\";"
        print "\t\t#address-cells = <2>; #size-cells = <2>;"
        printf "\t\tmodule@10000000 { compatible = \"multiboot,kernel\", \"multiboot,module\"; reg = <0x0 0x10000000 0x0 %d>; bootargs = \"%s\"; };\n", k, d
        printf "\t\tmodule@20000000 { compatible = \"multiboot,ramdisk\", \"multiboot,module\"; reg = <0x0 0x20000000 0x0 %d>; };\n", r
        in_chosen = 0
    }
    { print }' > "$tmp/qx.dts"
dtc -I dts -O dtb -o "$tmp/qx.dtb" "$tmp/qx.dts" 2>/dev/null
for mode in icount plain; do
    qemu linux-1core $mode "$tmp/q1$mode" -kernel "$kernel" -initrd "$rd" -append "$APPEND maxcpus=1"
    qemu linux-2cores $mode "$tmp/q2$mode" -kernel "$kernel" -initrd "$rd" -append "$APPEND"
    qemu xen+dom0 $mode "$tmp/qx$mode" -kernel "$xen" -dtb "$tmp/qx.dtb" \
        -device loader,file="$kernel",addr=0x10000000,force-raw=on -device loader,file="$rd",addr=0x20000000,force-raw=on
done
