# shellcheck shell=sh
# Booted by the ISO's own EFI loader out of memdisk.efi's RAM disk: our
# loader (initramfs/memdisk-load, as the hooks run it) brings up the NFIT
# stack, /dev/pmem0 is the ISO, read-only. The host compares the values
# (hash, range) with the image it served and the kernel's memory map.
check booted-by-efi test -d /sys/firmware/efi
check memdisk-load /usr/lib/memdisk_blk/memdisk-load
check pmem-device wait_block /dev/pmem0 || exit 1
check_eq one-pmem-device /sys/block/pmem0 "$(echo /sys/block/pmem*)"
region=$(readlink -f /sys/block/pmem0/device/..)
check_eq region-devtype DEVTYPE=nd_volatile "$(grep DEVTYPE "$region/uevent")"
value region-base "$(cat "$region/resource")"
value region-size "$(cat "$region/size")"
value pmem-size "$(blockdev --getsize64 /dev/pmem0)"
value pmem-sha256 "$(device_sha256 /dev/pmem0)"
check_eq region-read-only 1 "$(cat "$region/read_only")"
check_eq pmem-read-only 1 "$(cat /sys/block/pmem0/ro)"
check_fails pmem-write-refused dd if=/dev/zero of=/dev/pmem0 bs=4096 count=1 oflag=direct conv=notrunc
check_fails pmem-zeroout-refused blkwrite zeroout /dev/pmem0
mkdir -p /mnt/iso
check mount-iso9660 mount -t iso9660 -o ro /dev/pmem0 /mnt/iso
value marker "$(cat /mnt/iso/marker.txt)"
umount /mnt/iso
