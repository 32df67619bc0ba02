#!/bin/bash
# memdisk.efi under Secure Boot: OVMF with Debian's snakeoil keys enrolled
# (OVMF_VARS_4M.snakeoil.fd); ipxe.efi, memdisk.efi and the ISO's unified
# kernel image signed with that key (sbsign). In one boot iPXE first
# chains an unsigned memdisk.efi, which the firmware refuses, so the
# menu's failure path runs; then the signed one, whose RAM disk the locked
# down guest finds as in the uefi scenario. Time: one boot of about 50 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

work=$(vm_workdir uefi-secureboot)
http=$work/http
log=$work/serial.log
uefi_prepare "$work"
uefi_sign "$work" "$work/uki.efi" "$work/uki.signed.efi"
uefi_iso "$http/test.iso" "$work/uki.signed.efi" "$work/payload"
# memdisk.efi signed as the README says users do it: by make (of this tree).
make -s -C efi SB_KEY="$(uefi_snakeoil_key "$work")" SB_CERT="$UEFI_SNAKEOIL.pem" OUT="$http/memdisk.efi" >/dev/null
cp "$MEMDISK_EFI" "$http/unsigned.efi"
uefi_sign "$work" /usr/lib/ipxe/ipxe.efi "$work/ipxe.signed.efi"
uefi_ipxe_disk "$work/ipxe.img" "$work/ipxe.signed.efi"
uefi_http_start "$http"

uefi_script "$http" \
	"chain $UEFI_URL/unsigned.efi iso $UEFI_URL/test.iso || echo memdisk-test: unsigned refused" \
	"chain $UEFI_URL/memdisk.efi iso $UEFI_URL/test.iso || echo memdisk-test: signed failed"
uefi_boot "$log" "$work/ipxe.img" secure
uefi_expect_ramdisk "$log" "$http/test.iso" "$UEFI_MARKER"
vm_expect_eq "the unsigned memdisk.efi refused, the failure path taken" 1 \
	"$(tr -d '\r' <"$log" | grep -c '^memdisk-test: unsigned refused')"
vm_expect_eq "Secure Boot on in the guest" 1 "$(tr -d '\r' <"$log" | grep -c 'secureboot: Secure boot enabled')"
vm_expect_eq "guest locked down" 1 "$(tr -d '\r' <"$log" | grep -c 'Kernel is locked down from EFI Secure Boot')"
