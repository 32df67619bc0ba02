#!/bin/bash
# A partitioned hard-disk image booted through MEMDISK `harddisk raw`:
# SYSLINUX's MBR starts the FAT partition's SYSLINUX, which boots the guest
# from that partition. /dev/memdisk0 has the image's size and hash, and
# memdisk0p1 mounts and gives back the payload file.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh

work=$(vm_workdir harddisk)
log=$work/serial.log
image=$work/harddisk.img
token=$(vm_token)
vm_initramfs "$work/initrd.gz" tests/vm/guest/harddisk.sh vfat nls_cp437 nls_ascii
rm -rf "$work/part"
img_guest_dir "$work/part" "$work/initrd.gz"
echo "$token" >"$work/part/payload.txt"
# -h 2048: the partition's start, sector 2048 (img_mbr_disk).
img_fat "$work/part.img" "$(img_dir_kib "$work/part")" "$work/part" -F 16 -h 2048 -n MEMDISK_HD
img_mbr_disk "$image" "$work/part.img"

vm_boot_checked memdisk "$log" "$image" "harddisk raw"
vm_expect_eq "device size" "$(stat -c %s "$image")" "$(vm_value "$log" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$image")" "$(vm_value "$log" sha256)"
vm_expect_eq "partition 1 size" "$(stat -c %s "$work/part.img")" "$(vm_value "$log" p1-size)"
vm_expect_eq "payload read from memdisk0p1" "$token" "$(vm_value "$log" payload)"
vm_expect_eq "sector size in sysfs" 512 "$(vm_value "$log" sector-size)"
