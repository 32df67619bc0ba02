#!/bin/bash
# 32-bit x86: Debian's 686-pae kernel in qemu-system-i386 exposes a 256 MiB
# ISO without vmalloc= (phram would need it); contents equal the file's.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_ARCH=i386
VM_MEM=2048
vm_module_build
VM_PAYLOAD=$(vm_workdir i386)/payload
mkdir -p "$VM_PAYLOAD"
head -c 256M /dev/urandom >"$VM_PAYLOAD/big.bin"
token=$(vm_token)
echo "$token" >"$VM_PAYLOAD/token.txt"
vm_memdisk_scenario i386 "iso raw" isofs

vm_expect_eq "device size" "$(stat -c %s "$VM_IMAGE")" "$(vm_value "$VM_LOG" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
vm_expect_eq "256 MiB file read back" "$(vm_sha256 "$VM_PAYLOAD/big.bin")" \
	"$(vm_value "$VM_LOG" big-sha256)"
vm_expect_eq "token" "$token" "$(vm_value "$VM_LOG" token)"
vm_value "$VM_LOG" vmalloc-total
rm -f "$VM_PAYLOAD/big.bin"
