#!/bin/sh
# PID 1 of the Debian live system of tests/live/build-debian-live.sh
# (booted with init= pointing here, after live-boot's initramfs switched to
# the live root): report what the root and its medium are, for
# tests/vm/scenarios/live-debian.sh, and power off. Not run by
# tests/vm/guest/init: this system's initramfs is Debian's own.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
share=/usr/local/lib/memdisk-live
echo on >/proc/sys/kernel/printk_devkmsg
# shellcheck source=tests/vm/guest/lib.sh
. "$share/guest.sh"

# mount_of DIR: DIR's /proc/mounts line (device, fstype, options).
mount_of() {
	awk -v dir="$1" '$2 == dir' /proc/mounts
}

# squashfs_loop: the loop device live-boot mounted the squashfs from.
squashfs_loop() {
	awk '$3 == "squashfs" { sub("^/dev/", "", $1); print $1; exit }' /proc/mounts
}

result "LIVE-ROOT-REACHED"
value root-mount "$(mount_of /)"
value medium-mount "$(awk '$3 == "iso9660"' /proc/mounts)"
value squashfs-backing "$(cat "/sys/block/$(squashfs_loop)/loop/backing_file")"
value token "$(cat "$share/token")"
if [ -d /sys/firmware/efi ]; then
	# Booted by memdisk.efi: the medium is the firmware's RAM disk.
	value pmem-size "$(blockdev --getsize64 /dev/pmem0)"
	value pmem-sha256 "$(device_sha256 /dev/pmem0)"
	value pmem-read-only "$(cat /sys/block/pmem0/ro)"
elif [ -b /dev/mtdblock0 ]; then
	# memdisk-remaster --fallback phram: the kernel's phram + mtdblock.
	value mtdblock-size "$(blockdev --getsize64 /dev/mtdblock0)"
	value mtdblock-sha256 "$(device_sha256 /dev/mtdblock0)"
	value mtdblock-links "$(find /dev/disk -lname '*/mtdblock0' | LC_ALL=C sort | paste -sd ' ')"
	check phram-loaded grep -q '^phram ' /proc/modules
	check_fails no-memdisk_blk grep -q '^memdisk_blk ' /proc/modules
else
	value memdisk-size "$(blockdev --getsize64 /dev/memdisk0)"
	value memdisk-sha256 "$(device_sha256 /dev/memdisk0)"
	check memdisk_blk-loaded grep -q '^memdisk_blk ' /proc/modules
fi
[ -b /dev/mtdblock0 ] || check_fails no-phram grep -q '^phram ' /proc/modules
check_fails no-memdiskfind command -v memdiskfind
result "@@done"
busybox poweroff -f
