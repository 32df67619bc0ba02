# shellcheck shell=bash
# The UEFI harness (sourced after tests/vm/lib.sh): OVMF on a q35 machine
# runs Debian's ipxe.efi from a small FAT disk; iPXE takes boot.ipxe by
# DHCP from an HTTP server bound to 127.0.0.1 (QEMU's user network reaches
# the host as 10.0.2.2) and boots from there what the scenario put in the
# server's directory: memdisk.efi and an ISO whose EFI loader is a unified
# kernel image (systemd's stub + the guest kernel and initramfs), the
# shape ../shared/notes/uefi-ramdisk.md §9 ran by hand.

UEFI_OVMF=/usr/share/OVMF
UEFI_SNAKEOIL=/usr/share/ovmf/PkKek-1-snakeoil
# The guest reaches the host's 127.0.0.1 as this address.
UEFI_HOST=10.0.2.2
UEFI_STUB=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
MEMDISK_EFI=${MEMDISK_EFI:-$VM_TOP/efi/memdisk.efi}

# uefi_http_start DIR: serves DIR (tests/vm/http-serve.py) on a free port
# of 127.0.0.1, requests logged to DIR.log; sets UEFI_URL, the guest's URL
# of DIR, and stops the server when the calling shell exits.
uefi_http_start() {
	local dir=$1 port_file tries=0
	port_file=$(mktemp -u "$dir.port.XXXXXX")
	rm -f "$dir.log"
	python3 "$VM_TOP/tests/vm/http-serve.py" "$dir" "$port_file" "$dir.log" \
		$((VM_TIMEOUT + 60)) &
	UEFI_HTTP_PID=$!
	trap 'uefi_http_stop' EXIT
	until [ -s "$port_file" ]; do
		if [ $((tries += 1)) -gt 100 ] || ! kill -0 "$UEFI_HTTP_PID" 2>/dev/null; then
			echo "vm: the HTTP server did not start" >&2
			return 1
		fi
		sleep 0.1
	done
	UEFI_URL=http://$UEFI_HOST:$(cat "$port_file")
	rm -f "$port_file"
}

uefi_http_stop() {
	[ -z "${UEFI_HTTP_PID:-}" ] || kill "$UEFI_HTTP_PID" 2>/dev/null || true
	UEFI_HTTP_PID=
}

# uefi_requests DIR PATH: how many GET requests for PATH the server of DIR
# answered.
uefi_requests() {
	grep -c "\"GET $2 HTTP" "$1.log" || true
}

# uefi_ipxe_disk OUT [IPXE_EFI]: a FAT disk whose removable-media loader
# \EFI\BOOT\BOOTX64.EFI is Debian's ipxe.efi (or IPXE_EFI).
uefi_ipxe_disk() {
	local out=$1 ipxe=${2:-/usr/lib/ipxe/ipxe.efi}
	rm -f "$out"
	mkfs.fat -C "$out" 4096 >/dev/null
	mmd -i "$out" ::/EFI ::/EFI/BOOT
	mcopy -i "$out" "$ipxe" ::/EFI/BOOT/BOOTX64.EFI
}

# uefi_snakeoil_key DIR: prints the path of Debian's OVMF test key (which
# OVMF_VARS_4M.snakeoil.fd enrols), decrypted into DIR for sbsign.
uefi_snakeoil_key() {
	local key=$1/snakeoil.key
	[ -s "$key" ] || openssl pkey -in "$UEFI_SNAKEOIL.key" -passin pass:snakeoil -out "$key"
	echo "$key"
}

# uefi_sign DIR IN OUT: OUT is IN signed with the snakeoil key.
uefi_sign() {
	sbsign --key "$(uefi_snakeoil_key "$1")" --cert "$UEFI_SNAKEOIL.pem" \
		--output "$3" "$2" 2>/dev/null
}

# uefi_uki OUT INITRD "CMDLINE": a unified kernel image: systemd's EFI stub
# with the guest kernel, INITRD and the kernel command line CMDLINE as its
# sections (at the addresses systemd 252's documentation gives).
uefi_uki() (
	set -euo pipefail
	local out=$1 initrd=$2 tmp
	vm_guest_kernel
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	printf '%s' "$3" >"$tmp/cmdline"
	printf 'ID=memdisk-test\nNAME="memdisk_blk test"\n' >"$tmp/osrel"
	objcopy \
		--add-section .osrel="$tmp/osrel" --change-section-vma .osrel=0x20000 \
		--add-section .cmdline="$tmp/cmdline" --change-section-vma .cmdline=0x30000 \
		--add-section .linux="$VM_KERNEL" --change-section-vma .linux=0x2000000 \
		--add-section .initrd="$initrd" --change-section-vma .initrd=0x3000000 \
		"$UEFI_STUB" "$out.tmp"
	mv "$out.tmp" "$out"
)

# uefi_iso OUT LOADER PAYLOAD_DIR [XORRISO_ARG...]: an ISO 9660 image
# (label MEMDISK_UEFI) of PAYLOAD_DIR's files whose El Torito EFI image (a
# FAT image, /efi.img) holds LOADER as \EFI\BOOT\BOOTX64.EFI.
uefi_iso() (
	set -euo pipefail
	local out=$1 loader=$2 payload=$3 tmp
	shift 3
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cp -a "$payload/." "$tmp/"
	uefi_efi_image "$tmp/efi.img" "$loader"
	xorriso -as mkisofs -quiet -R -J -V MEMDISK_UEFI -o "$out.tmp" \
		-e efi.img -no-emul-boot "$@" "$tmp"
	mv "$out.tmp" "$out"
)

# uefi_padded_sha256 FILE: the hash of FILE zero-padded to a multiple of
# 4 KiB, as memdisk.efi lays it out in RAM.
uefi_padded_sha256() {
	local size
	size=$(stat -c %s "$1")
	{
		cat "$1"
		head -c $(((4096 - size % 4096) % 4096)) /dev/zero
	} | sha256sum | cut -d ' ' -f 1
}

# uefi_boot LOG DISK [plain|secure [QEMU_ARG...]]: OVMF (Secure Boot on,
# with Debian's snakeoil keys enrolled, for `secure`) boots the FAT disk
# DISK; iPXE fetches boot.ipxe from UEFI_URL. A fresh copy of the variable
# store each time, kept beside LOG. QEMU_ARGs are added (tests/bench/uefi.sh).
uefi_boot() {
	local log=$1 disk=$2 mode=${3:-plain} code vars machine
	shift $(($# < 3 ? $# : 3))
	machine=(-machine q35)
	case $mode in
	plain)
		code=$UEFI_OVMF/OVMF_CODE_4M.fd
		vars=$UEFI_OVMF/OVMF_VARS_4M.fd
		;;
	secure)
		code=$UEFI_OVMF/OVMF_CODE_4M.secboot.fd
		vars=$UEFI_OVMF/OVMF_VARS_4M.snakeoil.fd
		# The variable store is writable from SMM only.
		# shellcheck disable=SC2054 # commas are QEMU's
		machine=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on)
		;;
	*)
		echo "uefi_boot: plain or secure, not '$mode'" >&2
		return 1
		;;
	esac
	cp "$vars" "$log.vars"
	vm_qemu "$log" "${machine[@]}" \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,unit=1,file=$log.vars" \
		-drive "if=none,id=ipxe,format=raw,file=$disk" \
		-device virtio-blk-pci,drive=ipxe,bootindex=0 \
		-netdev "user,id=n0,bootfile=$UEFI_URL/boot.ipxe" \
		-device virtio-net-pci,netdev=n0,romfile= "$@"
}

# uefi_script DIR LINE...: DIR/boot.ipxe, the DHCP boot file, made of the
# LINEs. Every script ends in `reboot`, which ends QEMU (-no-reboot), so
# a failed boot stops at once instead of falling through to OVMF's menu.
uefi_script() {
	local dir=$1
	shift
	printf '%s\n' '#!ipxe' "$@" reboot >"$dir/boot.ipxe"
}

# uefi_expect_acpi_clean LOG: the firmware's tables reached Linux once
# each: one NFIT, at most one RamDisk SSDT, and no ACPI error (a second
# ACPI0012 device would give AE_ALREADY_EXISTS).
uefi_expect_acpi_clean() {
	local log=$1 nfit errors
	nfit=$(tr -d '\r' <"$log" | grep -c 'ACPI: NFIT 0x') || true
	vm_expect_eq "NFIT tables" 1 "$nfit"
	errors=$(tr -d '\r' <"$log" | grep -E 'AE_ALREADY_EXISTS|ACPI (BIOS )?Error' | head -n 3) || true
	vm_expect_eq "ACPI errors" "" "$errors"
}

# uefi_reserved_ranges LOG: the e820 reserved ranges the guest kernel
# logged, one START-END (inclusive, hex) a line.
uefi_reserved_ranges() {
	tr -d '\r' <"$1" | sed -n 's/.*BIOS-e820: \[mem \(0x[0-9a-f]*-0x[0-9a-f]*\)\] reserved.*/\1/p'
}

# uefi_expect_reserved LOG BASE SIZE: the kernel's e820 map (from the EFI
# memory map) has [BASE, BASE + SIZE) inside one reserved range.
uefi_expect_reserved() {
	local log=$1 base=$(($2)) end=$(($2 + $3 - 1)) range found=no
	while read -r range; do
		if [ $((${range%-*})) -le "$base" ] && [ $((${range#*-})) -ge "$end" ]; then
			found=yes
		fi
	done < <(uefi_reserved_ranges "$log")
	vm_expect_eq "$(printf '%#x' "$base")+$3 inside an e820 reserved range" yes "$found"
}

# uefi_guest DIR NAME [MODULE...]: DIR/uki.efi, a unified kernel image
# whose initramfs runs tests/vm/guest/NAME.sh with the named Debian modules,
# the NFIT stack (libnvdimm nfit nd_btt nd_pmem) and our boot hooks.
uefi_guest() {
	local dir=$1 name=$2
	shift 2
	rm -rf "$dir/extra"
	vm_stage_boot_hooks "$dir/extra"
	VM_EXTRA_DIR=$dir/extra vm_initramfs "$dir/initrd.gz" "$VM_TOP/tests/vm/guest/$name.sh" \
		libnvdimm nfit nd_btt nd_pmem "$@"
	uefi_uki "$dir/uki.efi" "$dir/initrd.gz" "$(vm_kernel_cmdline)"
}

# uefi_prepare WORK: the usual start of a uefi-* scenario: WORK/http (the
# server's directory) and WORK/payload emptied, WORK/uki.efi booting
# tests/vm/guest/uefi.sh, and in the payload marker.txt with a fresh token,
# which UEFI_MARKER is set to.
uefi_prepare() {
	rm -rf "$1/http" "$1/payload"
	mkdir -p "$1/http" "$1/payload"
	uefi_guest "$1" uefi cdrom isofs
	UEFI_MARKER=$(vm_token)
	echo "$UEFI_MARKER" >"$1/payload/marker.txt"
}

# uefi_expect_ramdisk LOG IMAGE MARKER: the guest of tests/vm/guest/uefi.sh
# finished with every check passed and a clean log, and found IMAGE (with
# MARKER in its marker.txt) in a reserved range the kernel left alone,
# described by one NFIT.
uefi_expect_ramdisk() {
	local log=$1 image=$2 size
	vm_checks "$log"
	vm_log_clean "$log"
	size=$(stat -c %s "$image")
	vm_expect_eq "pmem0 size" $(((size + 4095) / 4096 * 4096)) "$(vm_value "$log" pmem-size)"
	vm_expect_eq "pmem0 sha256 (the image, zero-padded to 4 KiB)" \
		"$(uefi_padded_sha256 "$image")" "$(vm_value "$log" pmem-sha256)"
	vm_expect_eq "marker read from the mounted ISO" "$3" "$(vm_value "$log" marker)"
	uefi_expect_reserved "$log" "$(vm_value "$log" region-base)" "$(vm_value "$log" region-size)"
	uefi_expect_acpi_clean "$log"
}

# uefi_expect_one_large_reserved LOG BASE: of the e820 reserved ranges in
# the guest's RAM (below VM_MEM MiB) only one is 8 MiB or more, the one
# holding BASE: no other image stayed reserved.
uefi_expect_one_large_reserved() {
	local log=$1 base=$(($2)) range start end holder=none large=()
	while read -r range; do
		start=$((${range%-*})) end=$((${range#*-}))
		if [ "$end" -lt $((VM_MEM << 20)) ] && [ $((end + 1 - start)) -ge $((8 << 20)) ]; then
			large+=("$range")
		fi
		if [ "$start" -le "$base" ] && [ "$end" -ge "$base" ]; then
			holder=$range
		fi
	done < <(uefi_reserved_ranges "$log")
	vm_expect_eq "large reserved ranges in RAM" "$holder" "${large[*]}"
}

# uefi_expect_live LOG ISO MEDIUM_DIR TOKEN_FILE: the Debian live system
# of LOG (tests/vm/guest/live-debian.sh) came up from the squashfs of ISO,
# found as a read-only /dev/pmem0 in memdisk.efi's RAM disk and mounted on
# MEDIUM_DIR.
uefi_expect_live() {
	vm_checks "$1"
	vm_log_clean "$1"
	live_expect_root "$1" /dev/pmem0 "$3" "$4"
	vm_expect_eq "pmem0 sha256 (the ISO, zero-padded to 4 KiB)" \
		"$(uefi_padded_sha256 "$2")" "$(vm_value "$1" pmem-sha256)"
	vm_expect_eq "pmem0 read-only" 1 "$(vm_value "$1" pmem-read-only)"
	uefi_expect_acpi_clean "$1"
}

# uefi_efi_image OUT LOADER: a FAT image (an El Torito EFI boot image, or
# an ESP) holding LOADER as \EFI\BOOT\BOOTX64.EFI (uefi_iso's, and the
# BIOS + UEFI hybrids of tests/bench/uefi.sh).
uefi_efi_image() {
	local kib
	kib=$(($(stat -c %s "$2") * 5 / 4096 + 1024))
	rm -f "$1"
	mkfs.fat -C "$1" "$kib" >/dev/null
	mmd -i "$1" ::/EFI ::/EFI/BOOT
	mcopy -i "$1" "$2" ::/EFI/BOOT/BOOTX64.EFI
}
