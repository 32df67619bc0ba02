#!/bin/bash
# memdisk.efi under OVMF, started by Debian's ipxe.efi both ways an iPXE
# menu can: the file form, from examples/netboot.ipxe unchanged (which
# picks memdisk.efi by ${platform}: `kernel memdisk.efi iso raw`, `initrd
# test.iso`, `boot`; the ISO read from the file system iPXE gives the
# program) and the streamed form (`chain memdisk.efi iso URL`: iPXE's
# download protocol writes straight into the RAM disk). Each time the
# ISO's own EFI loader (a unified kernel image) boots the guest, which
# finds the ISO as a read-only /dev/pmem0 (tests/vm/guest/uefi.sh). Time:
# two boots of about 40 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

work=$(vm_workdir uefi)
http=$work/http
uefi_prepare "$work"
uefi_iso "$http/test.iso" "$work/uki.efi" "$work/payload"
cp "$MEMDISK_EFI" "$http/memdisk.efi"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"

cp examples/netboot.ipxe "$http/"
uefi_script "$http" "set base-url $UEFI_URL" "set iso-name test.iso" "chain netboot.ipxe"
uefi_boot "$work/file.log" "$work/ipxe.img"
uefi_expect_ramdisk "$work/file.log" "$http/test.iso" "$UEFI_MARKER"

uefi_script "$http" "chain $UEFI_URL/memdisk.efi iso $UEFI_URL/test.iso || echo memdisk-test: chain failed"
uefi_boot "$work/stream.log" "$work/ipxe.img"
uefi_expect_ramdisk "$work/stream.log" "$http/test.iso" "$UEFI_MARKER"
vm_expect_eq "ISO downloads (one per form)" 2 "$(uefi_requests "$http" /test.iso)"
