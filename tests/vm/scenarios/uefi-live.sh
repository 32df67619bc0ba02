#!/bin/bash
# Real live systems booted by memdisk.efi (streamed, `chain memdisk.efi
# iso URL`) under OVMF through their own GRUB EFI loader, as live-build
# lays them out (the stock ISOs of tests/live/build-debian-live.sh, those
# of the remaster-* scenarios):
# - the stock dracut ISO, untouched: Debian 12's dracut 059 puts nfit in
#   its generic initramfs but not nd_pmem (its block-driver symbol list
#   lacks blk_alloc_disk, which newer dracut-ng has), so nfit binds the
#   RAM disk, no /dev/pmem0 appears and dmsquash-live gives up;
# - the same ISO remastered by memdisk-remaster, and the stock
#   initramfs-tools + live-boot ISO remastered: the NFIT stack from the
#   ISO's squashfs and our loader in the initrd GRUB boots. Each reaches
#   its live root from a read-only /dev/pmem0.
# Time: three boots of about 60-100 s (the ISOs are the remaster-*
# scenarios', built before).
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

# remastered FLAVOUR SCENARIO: the stock ISO of FLAVOUR (built, when
# needed, where SCENARIO keeps it: one build for both) as
# HTTP_DIR/FLAVOUR.iso, and remastered as HTTP_DIR/FLAVOUR-remastered.iso.
remastered() {
	local stock
	stock=$(LIVE_FLAVOUR=$1 LIVE_STOCK=yes bash tests/live/build-debian-live.sh \
		"$(vm_builddir "$2")/stock")
	ln -f "$stock" "$http/$1.iso"
	rm -f "$http/$1-remastered.iso"
	rm_tool --kdir "$VM_KDIR" "$stock" "$http/$1-remastered.iso" >"$work/$1-remaster.log" 2>&1 ||
		{ cat "$work/$1-remaster.log"; return 1; }
}

# boot NAME: streams HTTP_DIR/NAME.iso through memdisk.efi into NAME.log.
boot() {
	uefi_script "$http" "chain $UEFI_URL/memdisk.efi iso $UEFI_URL/$1.iso || echo memdisk-test: chain failed"
	uefi_boot "$work/$1.log" "$work/ipxe.img"
}

remastered dracut remaster-dracut
remastered initramfs-tools remaster-debian
cp "$MEMDISK_EFI" "$http/memdisk.efi"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"
# The ISO in RAM once (streamed) and its squashfs pages cached.
export VM_MEM=2048 VM_TIMEOUT=400

boot dracut || true
rm_expect_no_medium "$work/dracut.log" "Warning: /dev/disk/by-label/MEMDISK_LIVE does not exist" panic
vm_expect_eq "stock dracut: nfit bound the RAM disk" 1 \
	"$(tr -d '\r' <"$work/dracut.log" | grep -c 'nfit ACPI0012:00: changing target node')"
rm_extract "$http/dracut.iso" /live/initrd.img "$work/dracut-initrd.img"
rm -rf "$work/dracut-initrd"
mkdir "$work/dracut-initrd"
"$VM_TOP/tools/memdisk-initrd" "$work/dracut-initrd" "$work/dracut-initrd.img" >/dev/null 2>&1
vm_expect_eq "stock dracut's initramfs: NFIT modules" "libnvdimm.ko nfit.ko" \
	"$(find "$work/dracut-initrd" \( -name libnvdimm.ko -o -name nfit.ko -o -name nd_pmem.ko \) \
		-printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//')"

boot dracut-remastered
uefi_expect_live "$work/dracut-remastered.log" "$http/dracut-remastered.iso" /run/initramfs/live \
	"$(vm_builddir remaster-dracut)/stock/token"
boot initramfs-tools-remastered
uefi_expect_live "$work/initramfs-tools-remastered.log" "$http/initramfs-tools-remastered.iso" \
	/run/live/medium "$(vm_builddir remaster-debian)/stock/token"
