# shellcheck shell=sh
# The old path and ours on the same range: memdiskfind + phram + mtdblock
# give the same bytes as /dev/memdisk0. x86 PAT gives a range one memory
# type: while phram maps it uncached, memdisk_blk refuses it (its write-back
# mapping would be downgraded); once phram is gone it maps it write-back.
found=$(memdiskfind)
value memdiskfind "$found"
check phram modprobe phram phram="memdisk,$found"
check mtdblock modprobe mtdblock
check mtdblock-device test -b /dev/mtdblock0
phram_sha=$(dd if=/dev/mtdblock0 bs=1M 2>/dev/null | sha256sum | cut -d ' ' -f 1)
phram_size=$(blockdev --getsize64 /dev/mtdblock0)
mark=$(dmesg_mark)
load_memdisk
check_fails refused-while-phram-maps-it test -e /dev/memdisk0
log=$(dmesg_since "$mark")
printf '%s\n' "$log"
check says-not-write-back contains "$log" 'refused: mapped uncached-minus, not write-back (MMIO, mapped uncached by another driver such as phram'
rmmod memdisk_blk
check phram-unload rmmod mtdblock phram
check load-after-phram modprobe memdisk_blk
check_eq same-bytes "$phram_sha" "$(device_sha256 /dev/memdisk0)"
check_eq same-size "$phram_size" "$(blockdev --getsize64 /dev/memdisk0)"
value sha256 "$(device_sha256 /dev/memdisk0)"
