# shellcheck shell=bash
# Helpers of the hardening scenarios (mbft-matrix, stress, cycles,
# lockdown), sourced after tests/vm/lib.sh.

# vm_extra_verify DIR: DIR (for VM_EXTRA_DIR) with the guest's /bin/verify.
vm_extra_verify() {
	install -D -m 755 "$(vm_guest_tool verify)" "$1/bin/verify"
}

# vm_stress_payload WORK: the self-checking pattern for WORK/stress.iso
# (WORK/payload) and WORK/extra with the guest's verify tool.
vm_stress_payload() {
	rm -rf "$1/payload" "$1/extra"
	mkdir -p "$1/payload"
	# Made on the host, by its own (amd64) build of the tool.
	"$(VM_ARCH=amd64 vm_guest_tool verify)" make "$1/payload/pattern.bin" 16384 # 8 MiB, 4 per partition
	vm_extra_verify "$1/extra"
}

# vm_stress_boot WORK [EXTRA CMDLINE]: the ISO with WORK/initrd.gz and the
# pattern, split by an MBR in two partitions, booted under MEMDISK; then
# the guest's checks, a clean log and what the partitions and hash must be.
vm_stress_boot() {
	local image=$1/stress.iso log=$1/serial.log start half
	vm_iso "$image" "$1/initrd.gz" "$1/payload" "${2:-}"
	read -r start half < <(vm_partition_file "$image" /pattern.bin)
	vm_boot_checked memdisk "$log" "$image" "iso raw"
	vm_expect_eq "partition 1" "$start $half" "$(vm_value "$log" p1-start) $(vm_value "$log" p1-size)"
	vm_expect_eq "partition 2" "$((start + half)) $half" "$(vm_value "$log" p2-start) $(vm_value "$log" p2-size)"
	vm_expect_eq "hash after the writes" "$(vm_sha256 "$image")" "$(vm_value "$log" sha256)"
	echo "vm: readers and seconds: $(vm_value "$log" readers), partition re-reads: $(vm_value "$log" rereads)"
}

# vm_iso_extent ISO PATH: "LBA BYTES" of file PATH in image ISO (its first
# 2 KiB block and its size).
vm_iso_extent() {
	xorriso -indev "$1" -find "$2" -exec report_lba 2>/dev/null |
		awk -F ' *, *' '/^File data lba:/ { print $2, $4; exit }'
}

# vm_partition_file ISO PATH: an MBR in ISO's (unused) system area whose
# two partitions split file PATH's data in halves. ISOLINUX boots through
# El Torito and never reads sector 0. Prints "START SECTORS" in 512-byte
# sectors: where the file starts and each partition's size.
vm_partition_file() {
	local extent start half
	extent=$(vm_iso_extent "$1" "$2")
	[ -n "$extent" ] || { echo "vm: $2 not found in $1" >&2; return 1; }
	start=$((${extent% *} * 4))
	half=$((${extent#* } / 1024))
	printf 'start=%d, size=%d, type=83\nstart=%d, size=%d, type=83\n' \
		"$start" "$half" $((start + half)) "$half" |
		sfdisk -q --wipe never --no-reread --no-tell-kernel "$1" >/dev/null
	echo "$start $half"
}
