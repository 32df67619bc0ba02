# shellcheck shell=sh
# phram.sh's reverse order: x86 PAT gives a range one memory type, so
# while memdisk_blk holds the image write-back, phram's uncached mapping of
# it is refused; after rmmod memdisk_blk phram maps it, same bytes.
load_memdisk
check memdisk-device test -b /dev/memdisk0
addr=$(sysfs_attr memdisk0 phys_addr)
size=$(sysfs_attr memdisk0 image_size)
value region "$addr,$size"
memdisk_sha=$(device_sha256 /dev/memdisk0)
mark=$(dmesg_mark)
check_fails phram-refused modprobe phram phram="memdisk,$addr,$size"
log=$(dmesg_since "$mark")
printf '%s\n' "$log"
# PAT's refusal: uncached (0x2, UC-) asked, write-back (0x0) held.
check says-memtype-conflict contains "$log" 'ioremap error for .*requested 0x2, got 0x0'
check_fails no-phram-device test -e /sys/class/mtd/mtd0
check_eq memdisk-still-reads "$memdisk_sha" "$(device_sha256 /dev/memdisk0)"
check rmmod-memdisk_blk rmmod memdisk_blk
check phram-after-rmmod modprobe phram phram="memdisk,$addr,$size"
check mtdblock modprobe mtdblock
check_eq phram-same-bytes "$memdisk_sha" \
	"$(dd if=/dev/mtdblock0 bs=1M 2>/dev/null | sha256sum | cut -d ' ' -f 1)"
check phram-unload rmmod mtdblock phram
value sha256 "$memdisk_sha"
