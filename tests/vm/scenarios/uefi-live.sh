#!/bin/bash
# Real live systems booted by memdisk.efi (streamed, `chain memdisk.efi
# iso URL`) under OVMF through their own GRUB EFI loader, as live-build
# lays them out (tests/live/build-debian-live.sh LIVE_EFI=yes):
# - the stock dracut ISO, untouched: dracut's non-host-only initramfs has
#   nfit and nd_pmem, udev names /dev/pmem0 by its label, and
#   dmsquash-live mounts it;
# - the stock initramfs-tools + live-boot ISO, remastered by
#   memdisk-remaster (which adds the NFIT stack from the ISO's squashfs
#   and our loader to the initrd GRUB boots): live-boot finds its medium
#   on /dev/pmem0, made read-only by our loader.
# Each reaches its live root from the RAM disk. Time: two ISO builds of
# about 7 min the first time (cached), two boots of about 60 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-live.sh
. tests/vm/lib-live.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

work=$(vm_workdir uefi-live)
http=$work/http
rm -rf "$http"
mkdir -p "$http"
vm_guest_kernel
dracut=$(LIVE_FLAVOUR=dracut LIVE_STOCK=yes LIVE_EFI=yes bash tests/live/build-debian-live.sh "$work/dracut")
debian=$(LIVE_STOCK=yes LIVE_EFI=yes bash tests/live/build-debian-live.sh "$work/debian")
ln -f "$dracut" "$http/dracut.iso"
rm -f "$http/debian.iso"
rm_tool --kdir "$VM_KDIR" "$debian" "$http/debian.iso" >"$work/remaster.log" 2>&1 ||
	{ cat "$work/remaster.log"; exit 1; }
cp "$MEMDISK_EFI" "$http/memdisk.efi"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"

# The ISO in RAM once (streamed) and its squashfs pages cached.
export VM_MEM=2048 VM_TIMEOUT=400
uefi_script "$http" "chain $UEFI_URL/memdisk.efi iso $UEFI_URL/dracut.iso || echo memdisk-test: chain failed"
uefi_boot "$work/dracut.log" "$work/ipxe.img"
uefi_expect_live "$work/dracut.log" "$http/dracut.iso" /run/initramfs/live "$work/dracut/token"

uefi_script "$http" "chain $UEFI_URL/memdisk.efi iso $UEFI_URL/debian.iso || echo memdisk-test: chain failed"
uefi_boot "$work/debian.log" "$work/ipxe.img"
uefi_expect_live "$work/debian.log" "$http/debian.iso" /run/live/medium "$work/debian/token"
