# shellcheck shell=sh
# memdisk_blk built into the kernel (tests/vm/scenarios/builtin.sh), its
# parameters on the kernel command line; one boot per case, told apart by
# that command line. No module is loaded in any of them.
dev=/dev/memdisk0

# log_time PATTERN: the timestamp of the first kernel message matching
# PATTERN (a sed regex).
log_time() {
	dmesg | sed -n "s|^\[ *\([0-9.]*\)\] $1.*|\1|p" | head -n 1
}

# earlier T1 T2: time T1 comes before T2 (both must be numbers).
earlier() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a + 0 < b + 0) }'
}

# The first thing this guest does: nothing has been loaded, and the disk
# is there, made before the kernel started /init.
check_eq no-module-loaded "" "$(cat /proc/modules)"
check built-in grep -q '/memdisk_blk\.ko$' "/lib/modules/$(uname -r)/modules.builtin"

image() {
	check device-before-init test -b "$dev"
	check sysfs-before-init test -d /sys/block/memdisk0/memdisk
	disk_time=$(log_time 'memdisk_blk: memdisk0: [0-9]* bytes at ')
	init_time=$(log_time 'Run /init as init process')
	value disk-logged-at "$disk_time"
	value init-started-at "$init_time"
	check disk-made-before-init earlier "$disk_time" "$init_time"
	check_eq image-source mbft "$(sysfs_attr memdisk0 source)"
	value size "$(blockdev --getsize64 "$dev")"
	value sha256 "$(device_sha256 "$dev")"
}

# memdisk_blk.autoprobe=0: no disk, though MEMDISK's table is there.
no_autoprobe() {
	check_eq autoprobe-off N "$(cat /sys/module/memdisk_blk/parameters/autoprobe)"
	check mbft-present memdiskfind
	check_fails no-disk ls -d /sys/block/memdisk0
	check_fails no-device ls /dev/memdisk0
}

# memdisk_blk.region= over the range memmap= reserved: a second disk,
# after the image's.
region() {
	check_eq image-source mbft "$(sysfs_attr memdisk0 source)"
	value sha256 "$(device_sha256 "$dev")"
	check region-device test -b /dev/memdisk1
	check_eq region-source region "$(sysfs_attr memdisk1 source)"
	value region-addr "$(sysfs_attr memdisk1 phys_addr)"
	value region-size "$(blockdev --getsize64 /dev/memdisk1)"
	value region-sha256 "$(device_sha256 /dev/memdisk1)"
}

case " $(cat /proc/cmdline) " in
*" memdisk_blk.autoprobe=0 "*) no_autoprobe ;;
*" memdisk_blk.region="*) region ;;
*) image ;;
esac
