#!/bin/bash
# No initramfs at all, memdisk_blk built in (tests/kernel/x86_64-memdisk.config):
# the kernel mounts its root straight from the image MEMDISK booted, which
# phram could only do knowing the image's address in advance. A harddisk
# image booted with root=/dev/memdisk0p1 rootwait, its FAT partition
# holding the kernel and the system, and an ISO booted with
# root=/dev/memdisk0 rootfstype=iso9660; each runs its own /sbin/init,
# which runs tests/vm/guest/init. Two boots.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh

vm_built_kernel x86_64-memdisk
work=$(vm_workdir builtin-noinitrd)
token=$(vm_token)

# root_dir DIR "CMDLINE": DIR becomes a system to boot without initramfs:
# busybox, the guest's init, helpers and scenario, the kernel's mount
# points, a token, and the kernel with a SYSLINUX config booting it with
# CMDLINE. FAT has no links, so no applet links: busybox's shell runs its
# applets itself, through /proc/self/exe, hence /sbin/init mounts /proc
# before it runs the guest's init.
root_dir() {
	rm -rf "$1"
	mkdir -p "$1"/{bin,sbin,lib,dev,proc,sys}
	cp "$(vm_busybox)" "$1/bin/busybox"
	printf '%s\n' '#!/bin/busybox sh' '/bin/busybox mount -t proc proc /proc' \
		'exec /bin/busybox sh /init' >"$1/sbin/init"
	chmod 755 "$1/sbin/init"
	install -m 644 tests/vm/guest/init "$1/init"
	install -m 644 tests/vm/guest/lib.sh "$1/lib/guest.sh"
	install -m 644 tests/vm/guest/builtin-noinitrd.sh "$1/scenario.sh"
	echo "$token" >"$1/token.txt"
	cp "$VM_KERNEL" "$1/$IMG_KERNEL"
	vm_boot_cfg "$1/syslinux.cfg" "KERNEL /$IMG_KERNEL" "APPEND $(vm_kernel_cmdline "$2")"
}

# expect LOG IMAGE FSTYPE: the guest's root was IMAGE's FSTYPE filesystem.
expect() {
	vm_checks "$1"
	vm_log_clean "$1"
	vm_expect_eq "root filesystem" "$3" "$(vm_value "$1" root-fstype)"
	vm_expect_eq "token read from the root" "$token" "$(vm_value "$1" token)"
	vm_expect_eq "device sha256" "$(vm_sha256 "$2")" "$(vm_value "$1" sha256)"
}

# -h 2048: the partition's start, sector 2048 (img_mbr_disk); -s 1: FAT16
# needs 4085 clusters, more than a few MiB have in bigger ones.
root_dir "$work/part" "root=/dev/memdisk0p1 rootwait"
img_fat "$work/part.img" "$(img_dir_kib "$work/part")" "$work/part" -F 16 -s 1 -h 2048 -n MEMDISK_HD
img_mbr_disk "$work/harddisk.img" "$work/part.img"
vm_boot_memdisk "$work/harddisk.log" "$work/harddisk.img" "harddisk raw"
expect "$work/harddisk.log" "$work/harddisk.img" vfat

root_dir "$work/iso" "root=/dev/memdisk0 rootfstype=iso9660"
img_iso "$work/root.iso" "$work/iso"
vm_boot_memdisk "$work/iso.log" "$work/root.iso" "iso raw"
expect "$work/iso.log" "$work/root.iso" iso9660
