# shellcheck shell=sh
# One of three boots, told by the kernel command line (nopci-nopat.sh):
# pci=off (E820's reserved ranges never reach /proc/iomem), a CPU without
# MTRRs (QEMU's -cpu ...,-mtrr) and nopat. Each says what the module finds
# and the messages say why.
dev=/dev/memdisk0
ko=/lib/modules/$(uname -r)/extra/memdisk_blk.ko
cmdline=" $(cat /proc/cmdline) "

# reserved_above_1m: the "Reserved" lines of /proc/iomem at or above 1 MiB.
reserved_above_1m() {
	grep ' : Reserved$' /proc/iomem | while IFS=- read -r _lo _rest; do
		[ $((0x$_lo)) -lt $((0x100000)) ] || echo "$_lo-$_rest"
	done
}

# pat_off: the kernel said at boot that PAT is disabled.
pat_off() {
	dmesg | grep -q 'x86/PAT: .*\(disabled\|skipping PAT\)'
}

# expect_image CASE: the module loads, finds the image (its hash goes to
# the host) and its device line; its log is left in $log, $phys, $size
# and $sha for more checks.
expect_image() {
	mark=$(dmesg_mark)
	check "$1-loads" insmod "$ko"
	check "$1-device" test -b "$dev"
	sha=$(device_sha256 "$dev")
	value sha256 "$sha"
	phys=$(sysfs_attr memdisk0 phys_addr)
	size=$(sysfs_attr memdisk0 image_size)
	log=$(memdisk_log_since "$mark")
	value "$1-log" "$log"
	check "$1-device-line" contains "$log" "^memdisk_blk: memdisk0: $size bytes at 0x0*${phys#0x}\$"
	rmmod memdisk_blk
}

case $cmdline in
*" pci=off "*)
	check no-pci-devices test -z "$(ls /sys/bus/pci/devices 2>/dev/null)"
	check_eq no-reserved-above-1m-in-iomem "" "$(reserved_above_1m)"
	expect_image pci-off
	check_eq pci-off-one-line 1 "$(printf '%s\n' "$log" | grep -c .)"
	# region= names the same range (memdisk-probe reads it from the
	# mBFT): found the same way.
	check_eq region-is-image "$(printf '0x%x,0x%x' "$phys" "$size")" "$(memdisk-probe --phram)"
	check region-loads insmod "$ko" autoprobe=0 region="$(memdisk-probe --phram)"
	check_eq region-source region "$(sysfs_attr memdisk0 source)"
	check_eq region-same-image "$sha" "$(device_sha256 "$dev")"
	rmmod memdisk_blk
	# A hole in the E820 map, MMIO over which the kernel put a resource,
	# and the BIOS flash: reserved in E820, uncached by the MTRRs.
	expect_load_fails region-hole \
		"region 0x80000000-0x80000fff refused: not reserved in the firmware memory map" \
		autoprobe=0 region=0x80000000,4096
	expect_load_fails region-lapic \
		"region 0xfee00000-0xfee00fff refused: not reserved in the firmware memory map" \
		autoprobe=0 region=0xfee00000,4096
	expect_load_fails region-flash \
		"region 0xfffc0000-0xfffc0fff refused: mapped uncached-minus, not write-back (MMIO, mapped uncached by another driver such as phram, or MTRRs disabled by the firmware)" \
		autoprobe=0 region=0xfffc0000,4096
	;;
*" nopat "*)
	check pat-off pat_off
	expect_image nopat
	check nopat-says-unchecked contains "$log" \
		'^memdisk_blk: memdisk0: memory type not checked: PAT is off$'
	# Nothing tells MMIO then: the BIOS flash is taken (and reads).
	check region-flash-loads insmod "$ko" autoprobe=0 region=0xfffc0000,4096
	check region-flash-reads dd if="$dev" of=/dev/null bs=4096 count=1 iflag=direct
	rmmod memdisk_blk
	;;
*)
	# Without MTRRs (PAT on or, before 6.3, off with them) the kernel maps
	# reserved memory uncached.
	check_fails cpu-has-no-mtrr grep -qw mtrr /proc/cpuinfo
	mark=$(dmesg_mark)
	check no-mtrr-loads insmod "$ko"
	check_fails no-mtrr-no-device test -e "$dev"
	expect_messages no-mtrr 1 \
		'image 0x[0-9a-f]*-0x[0-9a-f]* (mBFT at 0x[0-9a-f]*) refused: mapped uncached-minus, not write-back (the CPU has no MTRRs, without which the kernel maps reserved memory uncached)' \
		"$(memdisk_log_since "$mark")"
	rmmod memdisk_blk
	;;
esac
