#!/bin/bash
# Persistent names through udev/60-memdisk_blk.rules: an isohybrid ISO
# with an appended FAT partition, booted under MEMDISK `iso raw`, with
# Debian's systemd-udevd in the initramfs. The guest's /dev/memdisk and
# /dev/disk/by-{label,uuid,partuuid} links must point at the devices whose
# labels and UUIDs blkid finds in the image file on the host. About 20 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh

work=$(vm_workdir udev)
log=$work/serial.log
image=$work/udev-hybrid.iso
rm -rf "$work/extra"
vm_stage_udev "$work/extra"
vm_stage_boot_hooks "$work/extra"
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/udev.sh
rm -f "$work/fat.img"
truncate -s 2M "$work/fat.img"
mkfs.vfat -n MD_UDEV_FAT "$work/fat.img" >/dev/null
# isohybrid (MBR: partition 1 the ISO, type 0x17) with the FAT image as
# partition 2: the layout of Debian's and Arch's hybrid ISOs.
VM_ISO_LABEL=MD_UDEV_ISO img_guest_iso "$image" "$work/initrd.gz" \
	-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -append_partition 2 0x0c "$work/fat.img"
vm_boot_checked memdisk "$log" "$image" "iso raw"

# blkid_tag FILE TAG: one tag of FILE as blkid reads it (no cache).
blkid_tag() {
	blkid -p -o value -s "$2" "$1"
}

# expect_link LINK DEVICE...: the guest's LINK points at one of DEVICEs.
expect_link() {
	local link=$1 target
	shift
	target=$(vm_value "$log" "link:$link")
	if [[ " $* " != *" ${target#/dev/} "* ]]; then
		echo "vm: /dev/$link: expected one of: $*; got '$target'" >&2
		return 1
	fi
	echo "vm: /dev/$link -> $target"
}

ptuuid=$(blkid_tag "$image" PTUUID)
iso_uuid=$(blkid_tag "$image" UUID)
vm_expect_eq "ISO label (host blkid)" MD_UDEV_ISO "$(blkid_tag "$image" LABEL)"
expect_link memdisk memdisk0
# The ISO is both the whole disk and partition 1 (which starts at 0):
# blkid finds it on both, and udev may give the link to either.
expect_link disk/by-label/MD_UDEV_ISO memdisk0 memdisk0p1
expect_link "disk/by-uuid/$iso_uuid" memdisk0 memdisk0p1
expect_link "disk/by-partuuid/$ptuuid-01" memdisk0p1
# A DOS partition's PARTUUID is the disk id and the partition number.
expect_link "disk/by-partuuid/$ptuuid-02" memdisk0p2
expect_link "disk/by-label/$(blkid_tag "$work/fat.img" LABEL)" memdisk0p2
expect_link "disk/by-uuid/$(blkid_tag "$work/fat.img" UUID)" memdisk0p2
