# shellcheck shell=sh
# A 32-bit kernel, a 256 MiB image, no vmalloc=: larger than the whole
# vmalloc area, so it only works because memdisk_blk maps page by page.
dev=/dev/memdisk0
check_eq 32-bit-kernel i686 "$(uname -m)"
check_fails no-vmalloc-parameter grep -q vmalloc= /proc/cmdline
value vmalloc-total "$(grep VmallocTotal /proc/meminfo)"
modprobe isofs
load_memdisk
check device-exists test -b "$dev"
value size "$(blockdev --getsize64 "$dev")"
value sha256 "$(device_sha256 "$dev")"
mkdir -p /mnt/iso
check mount-iso9660 mount -t iso9660 -o ro "$dev" /mnt/iso
value token "$(cat /mnt/iso/token.txt)"
value big-sha256 "$(sha256sum /mnt/iso/big.bin | cut -d ' ' -f 1)"
umount /mnt/iso
check rmmod rmmod memdisk_blk
