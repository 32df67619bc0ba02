# shellcheck shell=sh
# 100 loads, each reading the device (buffered and direct) before the
# unload, leave nothing behind and leak nothing (kmemleak).
# shellcheck source=tests/vm/guest/debug-lib.sh
. /lib/debug.sh
dev=/dev/memdisk0
kmemleak_forget
n=0
while [ "$n" -lt 100 ] && insmod "$ko" &&
	dd if="$dev" of=/dev/null bs=64k count=16 2>/dev/null &&
	dd if="$dev" of=/dev/null bs=64k count=16 skip=16 iflag=direct 2>/dev/null &&
	rmmod memdisk_blk; do
	n=$((n + 1))
done
check_eq load-read-unload-cycles 100 "$n"
check all-gone memdisk_gone
kmemleak_verdict no-leak
