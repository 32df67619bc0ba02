#!/bin/bash
# memdisk-remaster on a GRUB-only BIOS ISO laid out like Fedora's (lorax,
# Fedora 37 and later: tests/live/build-debian-live.sh, LIVE_STOCK=yes
# LIVE_LAYOUT=fedora: /images/eltorito.img from grub-mkimage -O
# i386-pc-eltorito, --grub2-boot-info and --grub2-mbr, /boot/grub2/grub.cfg
# booting /images/pxeboot/vmlinuz with root=live:CDLABEL=, /LiveOS/squashfs.img,
# /images/efiboot.img; Debian's dracut with dmsquash-live), the module
# built with --kdir. Through MEMDISK the stock ISO's GRUB boots the
# kernel from MEMDISK's emulated CD and dracut gives up on the label; the
# remastered ISO comes up from /dev/memdisk0, and as a CD-ROM from
# /dev/sr0 (rm_live_scenario).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

vm_guest_kernel
LIVE_LAYOUT=fedora rm_live_scenario remaster-grub-fedora dracut /run/initramfs/live \
	"Warning: /dev/disk/by-label/MEMDISK_LIVE does not exist" rm_check_dracut --kdir "$VM_KDIR"
