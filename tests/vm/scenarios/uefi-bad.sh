#!/bin/bash
# memdisk.efi refuses bad input with one clear message and an error iPXE
# sees (each menu line's `|| echo` runs), and leaves nothing behind: in
# one boot iPXE chains it with a file that is no ISO (streamed and from
# the file form), an ISO without an El Torito EFI image, and an image
# larger than the guest's RAM, then with the good ISO. The guest booted
# from that last one finds exactly one RAM disk (one pmem device, one
# large reserved range): the failed attempts left no registration, no
# table and no memory reserved. Time: one boot of about 60 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

work=$(vm_workdir uefi-bad)
http=$work/http
log=$work/serial.log
uefi_prepare "$work"
rm -rf "$work/noefi"
mkdir "$work/noefi"
uefi_iso "$http/test.iso" "$work/uki.efi" "$work/payload"
cp "$MEMDISK_EFI" "$http/memdisk.efi"
# 40 MiB, more than the good ISO (15 MiB): a range left reserved would show.
head -c 40M /dev/urandom >"$http/notiso.img"
cp "$work/payload/marker.txt" "$work/noefi/"
head -c 40M /dev/urandom >"$work/noefi/filler"
xorriso -as mkisofs -quiet -R -V NO_EFI -o "$http/noefi.iso" "$work/noefi"
# 2 GiB, sparse: twice the guest's RAM.
truncate -s 2G "$http/huge.iso"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"

# failure_reasons LOG: for each memdisk.efi run that failed, its lines but
# the banner, the progress and the notes of what it is doing: its reason.
failure_reasons() {
	tr '\r' '\n' <"$1" | awk '
		/^memdisk\.efi [^ ]*: MEMDISK for UEFI$/ { n = 0; next }
		/^memdisk\.efi: (type |image |streaming |downloading |reading |note: |ISO 9660, )/ { next }
		/^memdisk\.efi: failed \(.*\), nothing left registered$/ {
			for (i = 1; i <= n; i++) print lines[i]
			print "--"
			n = 0; next
		}
		/^memdisk\.efi: / { lines[++n] = $0 }'
}

url=$UEFI_URL
uefi_script "$http" \
	"chain $url/memdisk.efi iso $url/notiso.img || echo memdisk-test: failed not-an-iso" \
	"chain $url/memdisk.efi iso $url/noefi.iso || echo memdisk-test: failed no-efi-image" \
	"chain $url/memdisk.efi iso $url/huge.iso || echo memdisk-test: failed too-big" \
	"kernel $url/memdisk.efi iso raw" "initrd $url/notiso.img" \
	"boot || echo memdisk-test: failed file-not-an-iso" \
	"imgfree" \
	"chain $url/memdisk.efi iso $url/test.iso || echo memdisk-test: failed good"
uefi_boot "$log" "$work/ipxe.img"
uefi_expect_ramdisk "$log" "$http/test.iso" "$UEFI_MARKER"
failed=$(tr -d '\r' <"$log" | sed -n 's/^memdisk-test: failed //p' | tr '\n' ' ')
vm_expect_eq "failure paths iPXE ran" "not-an-iso no-efi-image too-big file-not-an-iso " "$failed"
vm_expect_eq "memdisk.efi's reasons, one per failure" "$(printf '%s\n' \
	"memdisk.efi: not an ISO 9660 image (no CD001 volume descriptor at sector 16)" -- \
	"memdisk.efi: no El Torito EFI boot image (no El Torito boot record: the ISO is not bootable)" -- \
	"memdisk.efi: not enough memory: the image needs 2050 MiB of reserved memory (2147483648 bytes, 2 MiB aligned)" -- \
	"memdisk.efi: not an ISO 9660 image (no CD001 volume descriptor at sector 16)" --)" \
	"$(failure_reasons "$log")"
uefi_expect_one_large_reserved "$log" "$(vm_value "$log" region-base)"
