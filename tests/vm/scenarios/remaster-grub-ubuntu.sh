#!/bin/bash
# memdisk-remaster on a GRUB-only BIOS ISO laid out like Ubuntu 24.04
# (tests/live/build-debian-live.sh, LIVE_STOCK=yes LIVE_LAYOUT=ubuntu: the
# El Torito image from grub-mkimage -O i386-pc-eltorito with
# --grub2-boot-info, boot_hybrid.img as --grub2-mbr, -partition_offset
# 16, the EFI image an appended GPT partition; /boot/grub/grub.cfg booting
# /casper/vmlinuz with /casper/initrd; no ISOLINUX; Debian's live-boot
# with live-media-path=/casper stands in for casper, the layout is what
# matters). Through MEMDISK the stock ISO's GRUB starts from MEMDISK's
# emulated CD and boots the kernel, whose initramfs does not find its
# medium; the tool takes the pair from GRUB's menu, and the remastered ISO
# comes up from /dev/memdisk0, and as a CD-ROM from /dev/sr0, its GRUB
# boot records kept (rm_live_scenario).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

vm_guest_kernel
LIVE_LAYOUT=ubuntu rm_live_scenario remaster-grub-ubuntu initramfs-tools /run/live/medium \
	"Unable to find a medium containing a live file system" rm_check_live_boot
