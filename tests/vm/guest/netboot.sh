# shellcheck shell=sh
# ISO netbooted by iPXE through MEMDISK: the host compares size, hash and
# MEMDISK's command line with what its script asked for.
modprobe isofs
load_memdisk
check device-exists test -b /dev/memdisk0
value size "$(blockdev --getsize64 /dev/memdisk0)"
value sha256 "$(device_sha256 /dev/memdisk0)"
value cmdline "$(sysfs_attr memdisk0 cmdline)"
mkdir -p /mnt/iso
check mount-iso9660 mount -t iso9660 -o ro /dev/memdisk0 /mnt/iso
umount /mnt/iso
