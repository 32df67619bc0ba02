# shellcheck shell=sh
# systemd-udevd (Debian's udev) running as in an initramfs-tools initramfs,
# with our rule: the init-premount script loads memdisk_blk, and every
# /dev/disk/by-* link and /dev/memdisk is reported for the host to compare
# with what blkid says about the image file.
/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle
check premount-script /scripts/init-premount/memdisk_blk
check device-exists test -b /dev/memdisk0
for link in /dev/memdisk /dev/disk/by-*/*; do
	[ -L "$link" ] || continue
	value "link:${link#/dev/}" "$(readlink -f "$link")"
done
