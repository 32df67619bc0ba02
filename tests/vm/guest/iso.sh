# shellcheck shell=sh
# ISO under MEMDISK `iso raw`: memdisk_blk finds it; the host compares the
# size and hash reported here with the ISO file.
dev=/dev/memdisk0
queue=/sys/block/memdisk0/queue
modprobe isofs
load_memdisk
check device-exists test -b "$dev"
value size "$(blockdev --getsize64 "$dev")"
value sha256 "$(device_sha256 "$dev")"
check_eq read-only 1 "$(cat /sys/block/memdisk0/ro)"
check_eq logical-block-512 512 "$(cat "$queue/logical_block_size")"
check_eq physical-block-2048 2048 "$(cat "$queue/physical_block_size")"
check_eq non-rotational 0 "$(cat "$queue/rotational")"
check_eq sysfs-source mbft "$(sysfs_attr memdisk0 source)"
check_eq sysfs-sector-size 2048 "$(sysfs_attr memdisk0 sector_size)"
check_eq sysfs-image-size "$(blockdev --getsize64 "$dev")" "$(sysfs_attr memdisk0 image_size)"
check_eq sysfs-phys-addr-root-only 400 "$(stat -c %a /sys/block/memdisk0/memdisk/phys_addr)"
check_eq sysfs-phys-addr "$(memdiskfind | cut -d , -f 1)" "$(sysfs_attr memdisk0 phys_addr)"
value cmdline "$(sysfs_attr memdisk0 cmdline)"
value version "$(sysfs_attr memdisk0 version)"
check iomem-claimed grep -q ': memdisk$' /proc/iomem
mkdir -p /mnt/iso
check mount-iso9660 mount -t iso9660 -o ro "$dev" /mnt/iso
value payload "$(cat /mnt/iso/payload.txt)"
umount /mnt/iso
