#!/bin/bash
# 32-bit x86 without PAE and without HIGHMEM, a kernel Debian does not ship
# (tests/kernel/i386-nopae.config, built and cached by build-kernel.sh):
# region= past 4 GiB is refused, and the 256 MiB ISO of i386.sh, which
# MEMDISK puts near the top of 2 GiB, past the kernel's ~896 MiB of
# lowmem, is exposed whole.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_ARCH=i386
VM_MEM=2048
vm_built_kernel i386-nopae
work=$(vm_workdir i386-nopae)
VM_PAYLOAD=$work/payload
mkdir -p "$VM_PAYLOAD"
head -c 256M /dev/urandom >"$VM_PAYLOAD/big.bin"
token=$(vm_token)
echo "$token" >"$VM_PAYLOAD/token.txt"
# The guest script runs i386.sh's checks too.
VM_EXTRA_DIR=$work/extra
install -D -m 644 tests/vm/guest/i386.sh "$VM_EXTRA_DIR/lib/i386.sh"
vm_memdisk_scenario i386-nopae "iso raw" isofs

vm_expect_eq "device size" "$(stat -c %s "$VM_IMAGE")" "$(vm_value "$VM_LOG" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
vm_expect_eq "256 MiB file read back" "$(vm_sha256 "$VM_PAYLOAD/big.bin")" \
	"$(vm_value "$VM_LOG" big-sha256)"
vm_expect_eq "token" "$token" "$(vm_value "$VM_LOG" token)"
rm -f "$VM_PAYLOAD/big.bin"
# The image lies past lowmem: in no kernel mapping.
addr=$(tr -d '\r' <"$VM_LOG" | sed -n 's/.*memdisk_blk: memdisk0: [0-9]* bytes at \(0x[0-9a-f]*\)$/\1/p' | head -n 1)
if [ $((${addr:-0})) -lt $((896 << 20)) ]; then
	echo "vm: the image should lie past 896 MiB, it is at '$addr'" >&2
	exit 1
fi
echo "vm: the image is at $addr, past lowmem"
