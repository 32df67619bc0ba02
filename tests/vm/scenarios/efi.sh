#!/bin/bash
# Booted by EFI firmware (OVMF): no low-memory scan, silent (one debug line
# with dyndbg=+p), no device; region= over a memmap= reservation still
# gives a device.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

ovmf=/usr/share/ovmf/OVMF.fd
region_addr=0x20000000
region_size=1048576
work=$(vm_workdir efi)
vm_initramfs "$work/initrd.gz" tests/vm/guest/efi.sh
vm_boot_direct "$work/serial.log" "$work/initrd.gz" \
	"memmap=$region_size\$$region_addr memdisk_test_region=$region_addr,$region_size" \
	-bios "$ovmf"
vm_checks "$work/serial.log"
vm_log_clean "$work/serial.log"
