#!/bin/bash
# make check-big (not in make check: about 9 GB of disk, a 9 GiB guest
# and minutes of streaming): an ISO of over 4 GiB (one random file of
# 4 GiB + 256 MiB, which needs ISO level 3, plus a unified kernel image as
# its El Torito EFI image) streamed by `chain memdisk.efi iso URL` under
# OVMF + ipxe.efi reaches the guest as /dev/pmem0 of the ISO's size, equal
# to it in the ranges tests/vm/big/guest.sh hashes (and says why), and
# mountable, its big file whole at its end. The payload is made once; the
# ISO and its host-side hashes are remade only when the kernel image (the
# guest kernel and initramfs) changes. Time: see the README.
set -eu
cd "$(dirname "$0")/../../.."
VM_TIMEOUT=${VM_TIMEOUT:-1200}
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

file_mib=$((4096 + 256))
work=$(vm_workdir big)
http=$work/http
iso=$http/big.iso
big=$work/big.bin

if [ ! -f "$MEMDISK_EFI" ]; then
	echo "check-big: no memdisk.efi at $MEMDISK_EFI: make -C efi, or set MEMDISK_EFI" >&2
	exit 1
fi
start=$SECONDS
[ "$(stat -c %s "$big" 2>/dev/null)" = $((file_mib << 20)) ] ||
	head -c $((file_mib << 20)) /dev/urandom >"$big"

mkdir -p "$http"
rm -rf "$work/extra"
VM_EXTRA_DIR='' vm_initramfs "$work/initrd.gz" tests/vm/big/guest.sh isofs libnvdimm nfit nd_btt nd_pmem
vm_guest_kernel
uefi_uki "$work/uki.efi" "$work/initrd.gz" "$(vm_kernel_cmdline)"

# initrd_key: a hash of what the initramfs holds (names, modes, bytes; not
# the staging's file times, which change every run) and of the kernel and
# its command line: the ISO is remade only when this changes.
initrd_key() (
	set -euo pipefail
	local tmp
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cd "$tmp"
	zcat "$work/initrd.gz" | cpio -id --quiet
	find . -printf '%p %m %l\n' | LC_ALL=C sort
	find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
	sha256sum "$VM_KERNEL"
	vm_kernel_cmdline
)
key="$(initrd_key | sha256sum | cut -d ' ' -f 1) $file_mib"

# mib_sha256 FILE MIB: the hash of FILE's 1 MiB at MIB MiB.
mib_sha256() {
	dd if="$1" bs=1M skip="$2" count=1 2>/dev/null | sha256sum | cut -d ' ' -f 1
}

# make_iso: big.bin and the UKI, a multiple of 1 MiB, then 1 MiB of random
# bytes after the file system (the last MiB the guest hashes is unlike any
# other, and not padding); its size in big.iso.sums with the key of what
# it was made from. The ranges' hashes are read from it each run (20 MiB).
make_iso() {
	local log
	uefi_efi_image "$work/efi.img" "$work/uki.efi"
	rm -f "$iso" "$iso.sums"
	# xorriso always prints a banner: shown only when it fails
	if ! log=$(xorriso -as mkisofs -quiet -iso-level 3 -R -J -V MEMDISK_BIG -o "$iso.tmp" \
		-e efi.img -no-emul-boot -graft-points /efi.img="$work/efi.img" /big.bin="$big" 2>&1); then
		echo "$log" >&2
		return 1
	fi
	truncate -s %1M "$iso.tmp"
	head -c 1M /dev/urandom >>"$iso.tmp"
	mv "$iso.tmp" "$iso"
	{
		echo "key $key"
		echo "size $(stat -c %s "$iso")"
	} >"$iso.sums.tmp"
	mv "$iso.sums.tmp" "$iso.sums"
}

# sum NAME: what make_iso recorded as NAME.
sum() {
	sed -n "s/^$1 //p" "$iso.sums"
}

if [ ! -f "$iso" ] || [ "$(sum key 2>/dev/null)" != "$key" ]; then
	make_iso
fi
size=$(sum size)
echo "check-big: $iso, $((size >> 20)) MiB (ready in $((SECONDS - start)) s)"
cp "$MEMDISK_EFI" "$http/memdisk.efi"
uefi_ipxe_disk "$work/ipxe.img"
uefi_http_start "$http"
uefi_script "$http" "chain $UEFI_URL/memdisk.efi iso $UEFI_URL/big.iso || echo memdisk-test: chain failed"
log=$work/stream.log
boot_start=$SECONDS
# -m: the image must fit in one free range above 4 GiB (q35 puts 2 GiB
# below). OVMF (Debian's edk2 2022.11) refused the 4371 MiB allocation with
# 4.9 and 5 GiB above 4 GiB (-m 5408 with max-ram-below-4g=512M; -m 7168),
# and granted it with 7 GiB above (-m 9216), the default.
# BIG_BELOW_4G sets max-ram-below-4g.
below=()
[ -z "${BIG_BELOW_4G:-}" ] || below=(-machine "max-ram-below-4g=$BIG_BELOW_4G")
VM_MEM=${BIG_MEM:-9216} uefi_boot "$log" "$work/ipxe.img" plain "${below[@]}"
boot_s=$((SECONDS - boot_start))
vm_checks "$log"
vm_log_clean "$log"
uefi_expect_acpi_clean "$log"
vm_expect_eq "pmem0 size (the ISO's)" "$size" "$(vm_value "$log" pmem-size)"
read -ra offsets <<<"$(vm_value "$log" offsets)"
last=$((size / 1048576 - 1))
vm_expect_eq "ranges include the MiB at 4 GiB and the last MiB" yes \
	"$([[ " ${offsets[*]} " == *" 4096 "* && " ${offsets[*]} " == *" $last "* ]] && echo yes)"
for mib in "${offsets[@]}"; do
	vm_expect_eq "pmem0 sha256 of MiB $mib" "$(mib_sha256 "$iso" "$mib")" \
		"$(vm_value "$log" "sha256-mib-$mib")" >/dev/null
done
echo "vm: ${#offsets[@]} MiB ranges of pmem0 equal the ISO's"
vm_expect_eq "big.bin size in the mounted ISO" $((file_mib << 20)) "$(vm_value "$log" file-size)"
vm_expect_eq "big.bin's last MiB through isofs" "$(mib_sha256 "$big" $((file_mib - 1)))" \
	"$(vm_value "$log" file-tail-sha256)"
echo "check-big: passed; the boot (OVMF to the guest's last check) took $boot_s s, all $((SECONDS - start)) s"
