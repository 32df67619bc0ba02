# shellcheck shell=sh
# Unloading: refused while mounted, clean afterwards, and repeatable; the
# autoprobe and region parameters.
dev=/dev/memdisk0
modprobe isofs
load_memdisk
mkdir -p /mnt/iso
check mount mount -t iso9660 -o ro "$dev" /mnt/iso
check_fails rmmod-while-mounted rmmod memdisk_blk
check still-loaded grep -q '^memdisk_blk ' /proc/modules
check umount umount /mnt/iso
check rmmod rmmod memdisk_blk
check_fails iomem-released grep -q memdisk /proc/iomem
check_fails device-gone test -e "$dev"

cycles=0
while [ "$cycles" -lt 20 ] && modprobe memdisk_blk && test -b "$dev" &&
	rmmod memdisk_blk; do
	cycles=$((cycles + 1))
done
check_eq load-unload-cycles 20 "$cycles"
check_fails iomem-clean-after-cycles grep -q memdisk /proc/iomem

check autoprobe-0-loads modprobe memdisk_blk autoprobe=0
check_fails autoprobe-0-no-device test -e "$dev"
rmmod memdisk_blk
region=$(memdiskfind)
check region-loads modprobe memdisk_blk autoprobe=0 region="$region"
check_eq region-source region "$(sysfs_attr memdisk0 source)"
check_eq region-param-root-only 400 "$(stat -c %a /sys/module/memdisk_blk/parameters/region)"
value region-sha256 "$(device_sha256 "$dev")"
check region-rmmod rmmod memdisk_blk
