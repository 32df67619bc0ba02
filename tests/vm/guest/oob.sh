# shellcheck shell=sh
# Partitions that root adds with BLKPG past the end of the disk, or
# straddling it: before 6.12 the block core accepts them and checks a bio
# only against its partition, so memdisk_blk must refuse what lies past
# the image. Reads there fail with EIO and nothing past the image is read.
# 6.12's block core refuses such partitions itself (EINVAL). The host says
# which the booted kernel must do: oob.blkpg=accepts|refuses on the command
# line, accepts when absent.
dev=/dev/memdisk0
blkpg=$(sed -n 's/.*oob\.blkpg=\([a-z]*\).*/\1/p' /proc/cmdline)
blkpg=${blkpg:-accepts}
load_memdisk
size=$(blockdev --getsize64 "$dev")
before=$(device_sha256 "$dev")
value sha256-before "$before"
check last-sector-reads dd if="$dev" of=/dev/null bs=512 skip=$((size / 512 - 1)) count=1 iflag=direct
# A partition inside the disk is taken on any kernel: a refusal below is
# about where the partition lies.
check inside-added blkpart add "$dev" 11 0 1048576
check inside-reads dd if="${dev}p11" of=/dev/null bs=4k count=1 iflag=direct
check delete-inside blkpart del "$dev" 11

# add_part NAME PARTNO START: a 1 MiB partition at byte START, added or
# refused by the block core as oob.blkpg says; true when it was added.
add_part() {
	if _out=$(blkpart add "$dev" "$2" "$3" 1048576 2>&1); then
		check_eq "$1-added" "$blkpg" accepts
		return 0
	fi
	check_eq "$1-refused-by-the-block-core" "$blkpg" refuses
	check_eq "$1-refused-einval" "BLKPG on $dev: Invalid argument" "$_out"
	return 1
}

mark=$(dmesg_mark)
if add_part past-end 9 $((size + 1048576)); then
	check_fails past-end-direct dd if="${dev}p9" of=/dev/null bs=4k count=1 iflag=direct
	check_fails past-end-buffered dd if="${dev}p9" of=/dev/null bs=64k count=1
	check delete-past-end blkpart del "$dev" 9
fi
straddle=$(((size - 4096) / 512 * 512))
if add_part straddling 10 "$straddle"; then
	check straddling-inside-reads dd if="${dev}p10" of=/dev/null bs=4k count=1 iflag=direct
	check_eq straddling-inside-data \
		"$(dd if="$dev" bs=512 skip=$((straddle / 512)) count=8 2>/dev/null | sha256sum)" \
		"$(dd if="${dev}p10" bs=512 count=8 iflag=direct 2>/dev/null | sha256sum)"
	check_fails straddling-across-direct dd if="${dev}p10" of=/dev/null bs=64k count=1 iflag=direct
	check_fails straddling-beyond-direct dd if="${dev}p10" of=/dev/null bs=4k skip=2 count=1 iflag=direct
	check_fails straddling-beyond-buffered dd if="${dev}p10" of=/dev/null bs=4k skip=2 count=1
	check delete-straddling blkpart del "$dev" 10
fi
log=$(dmesg_since "$mark")
printf '%s\n' "$log"
# Only reads through an added partition reach memdisk_blk's check.
[ "$blkpg" = refuses ] ||
	check refusal-logged contains "$log" 'memdisk0: .*beyond the end of the image'
echo 3 >/proc/sys/vm/drop_caches
check_eq hash-unchanged "$before" "$(device_sha256 "$dev")"
check rmmod rmmod memdisk_blk
