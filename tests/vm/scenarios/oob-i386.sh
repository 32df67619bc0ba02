#!/bin/bash
# The out-of-bounds partitions of oob.sh on Debian's 32-bit 686-pae kernel,
# where the image is mapped page by page: a read past the image would map
# whatever physical page follows it.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_ARCH=i386
work=$(vm_workdir oob-i386)
log=$work/serial.log
vm_initramfs "$work/initrd.gz" tests/vm/guest/oob.sh
vm_iso "$work/oob.iso" "$work/initrd.gz"
vm_boot_checked memdisk "$log" "$work/oob.iso" "iso raw"
vm_expect_eq "hash after the reads" "$(vm_sha256 "$work/oob.iso")" "$(vm_value "$log" sha256-before)"
