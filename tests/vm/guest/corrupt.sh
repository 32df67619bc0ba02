# shellcheck shell=sh
# A broken mBFT, made with devmem before loading: no device, one clear
# message. The table is restored after each case; a last load proves it.
dev=/dev/memdisk0

# byte_sum VALUE: the sum of a 32-bit value's bytes (the mBFT checksum is
# a byte sum, so a changed field is compensated in the checksum byte).
byte_sum() {
	echo $((($1 & 255) + ($1 >> 8 & 255) + ($1 >> 16 & 255) + ($1 >> 24 & 255)))
}

# expect_refused CASE MESSAGE: the module loads, makes no device and logs
# exactly one line, which contains MESSAGE.
expect_refused() {
	mark=$(dmesg_mark)
	check "$1-loads" modprobe memdisk_blk
	check_fails "$1-no-device" test -e "$dev"
	messages=$(dmesg_since "$mark" | grep 'memdisk_blk:' | sed 's/^\[[ 0-9.]*\] //')
	value "$1-message" "$messages"
	check_eq "$1-one-message" 1 "$(printf '%s\n' "$messages" | grep -c .)"
	check "$1-says-why" contains "$messages" "$2"
	rmmod memdisk_blk
}

load_memdisk
mbft=$(sysfs_attr memdisk0 mbft_addr)
sha=$(device_sha256 "$dev")
rmmod memdisk_blk
value mbft-addr "$mbft"
checksum_at=$((mbft + 9))
diskbuf_at=$((mbft + 44))
checksum=$(devmem "$checksum_at" 8)
diskbuf=$(devmem "$diskbuf_at" 32)

devmem "$checksum_at" 8 $(((checksum + 1) & 255))
expect_refused bad-checksum "rejected: bad checksum"
devmem "$checksum_at" 8 "$checksum"

# 16 MiB: System RAM in any guest. The checksum is fixed up, so only the
# range check can catch it.
in_ram=0x1000000
devmem "$diskbuf_at" 32 "$in_ram"
devmem "$checksum_at" 8 $(((checksum + $(byte_sum "$diskbuf") - $(byte_sum "$in_ram")) & 255))
expect_refused diskbuf-in-ram "overlaps System RAM"
devmem "$diskbuf_at" 32 "$diskbuf"
devmem "$checksum_at" 8 "$checksum"

load_memdisk
check_eq restored-table-same-image "$sha" "$(device_sha256 "$dev")"
