#!/bin/bash
# A stock dracut live ISO, untouched, booted by memdisk.efi (streamed,
# `chain memdisk.efi iso URL`) under OVMF through its own GRUB EFI loader,
# reaches its live root from the UEFI RAM disk: Debian 13's (trixie's)
# dracut-ng 106, whose generic (non-host-only) initramfs carries
# libnvdimm, nfit and nd_pmem (its block-driver symbol list has
# blk_alloc_disk since dracut-ng PR #342; Debian 12's dracut 059 lacks
# nd_pmem, see uefi-live.sh). The ISO: tests/live/build-debian-live.sh
# with LIVE_SUITE=trixie LIVE_FLAVOUR=dracut LIVE_STOCK=yes. Nothing of
# ours is in it, so no udev rule sets the RAM disk read-only: the
# scenario reports what the kernel shows and does not assert it.
# Time: one boot of about 60-100 s, plus the ISO's build the first time
# (debootstrap of trixie: several minutes).
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

work=$(vm_workdir uefi-dracut-ng)
http=$work/http
rm -rf "$http"
mkdir -p "$http"
stock=$(LIVE_SUITE=trixie LIVE_FLAVOUR=dracut LIVE_STOCK=yes bash tests/live/build-debian-live.sh \
	"$(vm_builddir uefi-dracut-ng)/stock")
ln -f "$stock" "$http/live.iso"

# The generic initramfs as the ISO ships it: the NFIT stack is in it.
rm_extract "$stock" /live/initrd.img "$work/initrd.img"
rm -rf "$work/initrd"
mkdir "$work/initrd"
"$VM_TOP/tools/memdisk-initrd" "$work/initrd" "$work/initrd.img" >/dev/null 2>&1
vm_expect_eq "dracut-ng's initramfs: NFIT modules" "libnvdimm nd_pmem nfit" \
	"$(find "$work/initrd" -name '*.ko*' -printf '%f\n' | sed -n 's/^\(libnvdimm\|nfit\|nd_pmem\)\.ko.*/\1/p' |
		sort | tr '\n' ' ' | sed 's/ $//')"

cp "$MEMDISK_EFI" "$http/memdisk.efi"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"
uefi_script "$http" "chain $UEFI_URL/memdisk.efi iso $UEFI_URL/live.iso || echo memdisk-test: chain failed"
# The ISO in RAM once (streamed) and its squashfs pages cached.
VM_MEM=2048 VM_TIMEOUT=400 uefi_boot "$work/serial.log" "$work/ipxe.img"

log=$work/serial.log
vm_checks "$log"
vm_log_clean "$log"
# dracut-ng's loop device names its squashfs relative to the medium's
# mount (/live/filesystem.squashfs), not under /run/initramfs/live.
vm_expect_eq "live medium" "/dev/pmem0 /run/initramfs/live iso9660" \
	"$(mount_fields "$(vm_value "$log" medium-mount)")"
vm_expect_eq "root filesystem" "/ overlay" "$(mount_fields "$(vm_value "$log" root-mount)" | cut -d ' ' -f 2-)"
vm_expect_eq "squashfs loop backing file" /live/filesystem.squashfs \
	"$(vm_value "$log" squashfs-backing | sed 's|^/run/initramfs/live||')"
vm_expect_eq "token from the squashfs root" "$(cat "$(dirname "$stock")/token")" "$(vm_value "$log" token)"
vm_expect_eq "pmem0 sha256 (the ISO, zero-padded to 4 KiB)" \
	"$(uefi_padded_sha256 "$stock")" "$(vm_value "$log" pmem-sha256)"
uefi_expect_acpi_clean "$log"
echo "uefi-dracut-ng: pmem0 read-only (no udev rule of ours): $(vm_value "$log" pmem-read-only)"
