# shellcheck shell=sh
# The old path and ours on the same range: memdiskfind + phram + mtdblock
# give the same bytes as /dev/memdisk0. phram goes first: once memdisk_blk
# maps the range write-back, phram's uncached ioremap of it is refused.
found=$(memdiskfind)
value memdiskfind "$found"
check phram modprobe phram phram="memdisk,$found"
check mtdblock modprobe mtdblock
check mtdblock-device test -b /dev/mtdblock0
load_memdisk
check same-bytes cmp /dev/mtdblock0 /dev/memdisk0
check_eq same-size "$(blockdev --getsize64 /dev/mtdblock0)" \
	"$(blockdev --getsize64 /dev/memdisk0)"
value sha256 "$(device_sha256 /dev/memdisk0)"
