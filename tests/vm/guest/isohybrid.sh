# shellcheck shell=sh
# isohybrid ISO under MEMDISK `iso raw`: the partitions of its MBR appear
# and mount; the host compares the sizes, hashes and payload with its files.
modprobe isofs
modprobe vfat
modprobe nls_cp437
modprobe nls_ascii
load_memdisk
check device-exists test -b /dev/memdisk0
check p1-exists test -b /dev/memdisk0p1
check p2-exists test -b /dev/memdisk0p2
check_fails no-p3 test -b /dev/memdisk0p3
value size "$(blockdev --getsize64 /dev/memdisk0)"
value sha256 "$(device_sha256 /dev/memdisk0)"
value p1-start "$(cat /sys/block/memdisk0/memdisk0p1/start)"
value p1-size "$(blockdev --getsize64 /dev/memdisk0p1)"
value p2-size "$(blockdev --getsize64 /dev/memdisk0p2)"
value p2-start "$(cat /sys/block/memdisk0/memdisk0p2/start)"
value p2-sha256 "$(device_sha256 /dev/memdisk0p2)"
mkdir -p /mnt/iso /mnt/p1 /mnt/p2
check mount-iso9660-whole mount -t iso9660 -o ro /dev/memdisk0 /mnt/iso
check iso-has-isolinux test -f /mnt/iso/isolinux/isolinux.bin
umount /mnt/iso
check mount-iso9660-p1 mount -t iso9660 -o ro /dev/memdisk0p1 /mnt/p1
check p1-has-isolinux test -f /mnt/p1/isolinux/isolinux.bin
umount /mnt/p1
check mount-vfat-p2 mount -t vfat -o ro /dev/memdisk0p2 /mnt/p2
value payload "$(cat /mnt/p2/payload.txt)"
umount /mnt/p2
