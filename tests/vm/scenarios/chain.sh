#!/bin/bash
# Two MEMDISKs, chained. MEMDISK #1 boots a FAT floppy image (`floppy
# raw`, no partition table) whose SYSLINUX starts MEMDISK #2 with the
# guest's ISO (`iso raw`), whose ISOLINUX boots Linux. Both images stay in
# RAM with their mBFTs; memdisk_blk exposes each with its exact size and
# hash. MEMDISK #2 puts its table below #1's and the module scans upward,
# so memdisk0 is the ISO (the inner, last loaded) and memdisk1 the floppy.
#
# This order is forced: the image booted last must hold the ~8 MB kernel
# and the one booted first must hold the image booted last. So the floppy
# is not a 1.44 MB one: it is a FAT "superfloppy" (no partition table) as
# large as its files, which `floppy` makes MEMDISK serve as a floppy drive.
# (scenarios/floppy.sh boots a real 1.44 MB floppy, through iPXE.)
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh

work=$(vm_workdir chain)
log=$work/serial.log
floppy=$work/floppy.img
iso=$work/floppy/guest.iso
vm_initramfs "$work/initrd.gz" tests/vm/guest/chain.sh isofs vfat nls_cp437 nls_ascii
img_chained_floppy "$floppy" "$work/floppy" "$work/initrd.gz"

vm_boot_checked memdisk "$log" "$floppy" "floppy raw"
img_expect_image "$log" memdisk0 "$iso" 2048
img_expect_image "$log" memdisk1 "$floppy" 512
img_expect_floppy_file "$log" guest.iso
vm_expect_eq "memdisk0 MEMDISK command line" "BOOT_IMAGE=/memdisk iso raw initrd=/guest.iso" \
	"$(vm_value "$log" memdisk0-cmdline)"
vm_expect_eq "memdisk1 MEMDISK command line" "floppy raw" "$(vm_value "$log" memdisk1-cmdline)"
