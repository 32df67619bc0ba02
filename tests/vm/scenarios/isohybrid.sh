#!/bin/bash
# An isohybrid ISO (xorriso: isohdpfx.bin MBR, an appended FAT partition)
# booted through MEMDISK `iso raw`: /dev/memdisk0 has the file's size and
# hash and mounts as iso9660; the MBR's partitions appear as memdisk0p1
# (the ISO itself, from sector 0) and memdisk0p2 (the FAT image, whose
# payload reads back).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh

work=$(vm_workdir isohybrid)
log=$work/serial.log
image=$work/isohybrid.iso
token=$(vm_token)
vm_initramfs "$work/initrd.gz" tests/vm/guest/isohybrid.sh isofs vfat nls_cp437 nls_ascii
mkdir -p "$work/fat"
echo "$token" >"$work/fat/payload.txt"
img_fat "$work/fat.img" 1024 "$work/fat" -n MEMDISK_FAT
img_guest_iso "$image" "$work/initrd.gz" -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
	-append_partition 2 0x0c "$work/fat.img"

# What the guest must find, from the host's reading of the same MBR.
table=$(sfdisk -d "$image")
echo "$table" | grep "^$image"
p1_start=$(echo "$table" | sed -n "s|^${image}1 : start= *\([0-9]*\).*|\1|p")
p1_size=$(echo "$table" | sed -n "s|^${image}1 : .*size= *\([0-9]*\).*|\1|p")
p2_start=$(echo "$table" | sed -n "s|^${image}2 : start= *\([0-9]*\).*|\1|p")
p2_size=$(echo "$table" | sed -n "s|^${image}2 : .*size= *\([0-9]*\).*|\1|p")

vm_boot_checked memdisk "$log" "$image" "iso raw"
vm_expect_eq "device size" "$(stat -c %s "$image")" "$(vm_value "$log" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$image")" "$(vm_value "$log" sha256)"
vm_expect_eq "memdisk0p1 start (sectors)" "$p1_start" "$(vm_value "$log" p1-start)"
vm_expect_eq "memdisk0p1 size" $((p1_size * 512)) "$(vm_value "$log" p1-size)"
vm_expect_eq "memdisk0p2 size" $((p2_size * 512)) "$(vm_value "$log" p2-size)"
vm_expect_eq "memdisk0p2 start (sectors)" "$p2_start" "$(vm_value "$log" p2-start)"
vm_expect_eq "memdisk0p2 sha256 (the FAT image)" "$(vm_sha256 "$work/fat.img")" "$(vm_value "$log" p2-sha256)"
vm_expect_eq "payload read from memdisk0p2" "$token" "$(vm_value "$log" payload)"
