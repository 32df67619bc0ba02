#!/bin/bash
# memdisk_blk built into the kernel: Debian's 6.12 with the series of
# `make kernel-patch` applied (tests/kernel/x86_64-memdisk.config, built
# and cached by tests/kernel/build-kernel.sh), its parameters on the
# kernel command line. Three boots of an ISO under MEMDISK: the disk exists
# before /init runs and is the ISO; memdisk_blk.autoprobe=0 leaves it out;
# memdisk_blk.region= over a range memmap= reserved, which QEMU filled with
# a file, is a second disk holding that file.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_built_kernel x86_64-memdisk
VM_WORK=$(vm_workdir builtin)
vm_initramfs "$VM_WORK/initrd.gz" tests/vm/guest/builtin.sh

vm_memdisk_boot image ""
vm_expect_eq "device size" "$(stat -c %s "$VM_IMAGE")" "$(vm_value "$VM_LOG" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"

vm_memdisk_boot no-autoprobe "memdisk_blk.autoprobe=0"

# Far from where the kernel, MEMDISK and the initramfs go in 1 GiB. The
# SYSLINUX config takes memmap='s $ as it is.
addr=0x10000000
payload=$VM_WORK/region.bin
head -c 4M /dev/urandom >"$payload"
vm_memdisk_boot region "memmap=4M\$$addr memdisk_blk.region=$addr,4M" \
	-device "loader,file=$payload,addr=$addr,force-raw=on"
vm_expect_eq "image sha256 beside the region" "$(vm_sha256 "$VM_IMAGE")" \
	"$(vm_value "$VM_LOG" sha256)"
vm_expect_eq "region address" "$addr" "$(vm_value "$VM_LOG" region-addr)"
vm_expect_eq "region size" "$(stat -c %s "$payload")" "$(vm_value "$VM_LOG" region-size)"
vm_expect_eq "region sha256" "$(vm_sha256 "$payload")" "$(vm_value "$VM_LOG" region-sha256)"
