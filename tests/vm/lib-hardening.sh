# shellcheck shell=bash
# Helpers of the hardening scenarios (mbft-matrix, stress, cycles,
# lockdown), sourced after tests/vm/lib.sh.

# vm_extra_verify DIR: DIR (for VM_EXTRA_DIR) with the guest's /bin/verify.
vm_extra_verify() {
	install -D -m 755 "$(vm_guest_tool verify)" "$1/bin/verify"
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
