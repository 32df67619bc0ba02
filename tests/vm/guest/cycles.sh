# shellcheck shell=sh
# 1000 load/unload cycles: each makes the device, none leaves anything
# behind (claim, module, disk, messages other than the device line). The
# memory figures before and after go to the host, which judges them.
dev=/dev/memdisk0
ko=/lib/modules/$(uname -r)/extra/memdisk_blk.ko
cycles=1000

# cycle N: N loads and unloads; prints how many went through.
cycle() {
	_n=0
	while [ "$_n" -lt "$1" ] && insmod "$ko" && test -b "$dev" && rmmod memdisk_blk; do
		_n=$((_n + 1))
	done
	echo "$_n"
}

# memory WHEN: reports the kernel's memory figures in KiB after dropping
# caches: MemFree, Slab, SUnreclaim, VmallocUsed from /proc/meminfo and
# the bytes of all active slab objects (as slabtop sums them).
memory() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for _field in MemFree Slab SUnreclaim VmallocUsed; do
		value "$_field-$1" "$(awk -v f="$_field:" '$1 == f { print $2 }' /proc/meminfo)"
	done
	value "slab-objects-$1" "$(awk 'NR > 2 { kb += $2 * $4 / 1024 } END { printf "%d", kb }' /proc/slabinfo)"
}

# Warm up: the first loads allocate what stays for good (module loader
# caches, the block major's structures, sysfs directories' caches).
check_eq warm-up 20 "$(cycle 20)"
memory before
dmesg -c >/dev/null
start=$(cut -d ' ' -f 1 /proc/uptime)
check_eq load-unload-cycles "$cycles" "$(cycle "$cycles")"
value cycles-seconds "$(awk -v s="$start" '{ print $1 - s }' /proc/uptime)"
messages=$(dmesg | grep -v '] @@\(check\|value\|done\)')
check_eq one-line-per-load "$cycles" "$(printf '%s\n' "$messages" | grep -c 'memdisk_blk: memdisk0: [0-9]* bytes at 0x')"
check_eq nothing-else-logged 0 "$(printf '%s\n' "$messages" | grep -v 'memdisk_blk: memdisk0: ' | grep -c .)"
check_fails iomem-clean grep -q memdisk /proc/iomem
check_fails module-gone grep -q '^memdisk_blk ' /proc/modules
check_fails disk-gone test -e /sys/block/memdisk0
memory after
