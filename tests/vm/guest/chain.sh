# shellcheck shell=sh
# Two MEMDISKs, an ISO and a FAT floppy: both images appear; the host tells
# which is which by size and hash. The ISO mounts as iso9660, the floppy
# whole as FAT (no partition table); its file list goes to the host.
modprobe isofs
modprobe vfat
modprobe nls_cp437
modprobe nls_ascii
load_memdisk
check_fails no-third-device test -b /dev/memdisk2
for dev in memdisk0 memdisk1; do
	check "$dev-exists" test -b "/dev/$dev"
	value "$dev-size" "$(blockdev --getsize64 "/dev/$dev")"
	value "$dev-sha256" "$(device_sha256 "/dev/$dev")"
	value "$dev-cmdline" "$(sysfs_attr "$dev" cmdline)"
	value "$dev-sector-size" "$(sysfs_attr "$dev" sector_size)"
done
mkdir -p /mnt/iso /mnt/floppy
check mount-iso9660-memdisk0 mount -t iso9660 -o ro /dev/memdisk0 /mnt/iso
umount /mnt/iso
check mount-vfat-memdisk1 mount -t vfat -o ro /dev/memdisk1 /mnt/floppy
value memdisk1-files "$(cd /mnt/floppy && echo *)"
umount /mnt/floppy
