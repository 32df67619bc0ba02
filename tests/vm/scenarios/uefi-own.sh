#!/bin/bash
# memdisk.efi's fallback for firmware without EFI_RAM_DISK_PROTOCOL, forced
# under OVMF with `ramdisk=own`: its own read-only BlockIo and RAM-disk
# device path, and its own NFIT + ACPI0012 SSDT (OVMF publishes none while
# no firmware RAM disk exists). Streamed, an isohybrid ISO as `harddisk`
# (the loader found on its GPT/MBR ESP); from the file form, the same ISO
# as `iso` (through the El Torito image). Each time the guest finds the
# image as /dev/pmem0 from memdisk.efi's tables alone. Time: two boots of
# about 40 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

work=$(vm_workdir uefi-own)
http=$work/http
uefi_prepare "$work"
uefi_iso "$http/hybrid.iso" "$work/uki.efi" "$work/payload" \
	-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -isohybrid-gpt-basdat
cp "$MEMDISK_EFI" "$http/memdisk.efi"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"

# own_checks LOG: memdisk.efi took its own path, and the guest saw its tables.
own_checks() {
	local log=$1
	vm_expect_eq "memdisk.efi used its own BlockIo" 1 \
		"$(tr -d '\r' <"$log" | grep -c "memdisk.efi's own read-only BlockIo")"
	vm_expect_eq "NFIT and SSDT from memdisk.efi" 2 \
		"$(tr -d '\r' <"$log" | grep -cE 'ACPI: (NFIT|SSDT) 0x.* MEMDSK MEMDISK ')"
}

uefi_script "$http" \
	"chain $UEFI_URL/memdisk.efi harddisk ramdisk=own $UEFI_URL/hybrid.iso || echo memdisk-test: chain failed"
uefi_boot "$work/stream.log" "$work/ipxe.img"
uefi_expect_ramdisk "$work/stream.log" "$http/hybrid.iso" "$UEFI_MARKER"
own_checks "$work/stream.log"

uefi_script "$http" "kernel $UEFI_URL/memdisk.efi iso ramdisk=own" "initrd $UEFI_URL/hybrid.iso" \
	"boot || echo memdisk-test: boot failed"
uefi_boot "$work/file.log" "$work/ipxe.img"
uefi_expect_ramdisk "$work/file.log" "$http/hybrid.iso" "$UEFI_MARKER"
own_checks "$work/file.log"
