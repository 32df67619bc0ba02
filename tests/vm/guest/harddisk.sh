# shellcheck shell=sh
# Partitioned hard-disk image under MEMDISK `harddisk raw`: the host
# compares the sizes, hash and payload reported here with its files.
modprobe vfat
modprobe nls_cp437
modprobe nls_ascii
load_memdisk
check device-exists test -b /dev/memdisk0
check partition-exists test -b /dev/memdisk0p1
value size "$(blockdev --getsize64 /dev/memdisk0)"
value sha256 "$(device_sha256 /dev/memdisk0)"
value p1-size "$(blockdev --getsize64 /dev/memdisk0p1)"
value sector-size "$(sysfs_attr memdisk0 sector_size)"
mkdir -p /mnt/p1
check mount-vfat mount -t vfat -o ro /dev/memdisk0p1 /mnt/p1
value payload "$(cat /mnt/p1/payload.txt)"
umount /mnt/p1
