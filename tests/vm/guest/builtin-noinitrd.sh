# shellcheck shell=sh
# No initramfs (tests/vm/scenarios/builtin-noinitrd.sh): the kernel, with
# memdisk_blk built in, mounted its root= straight from the image MEMDISK
# booted and started this system's own /sbin/init (tests/vm/guest/init).
root=$(sed -n 's/.*root=\([^ ]*\).*/\1/p' /proc/cmdline)
log=$(dmesg)
# "Unpacking initramfs..." or "Trying to unpack rootfs image as
# initramfs...", then "Freeing initrd memory", when there is one.
check_fails no-initramfs contains "$log" 'initramfs\.\.\.$\|Freeing initrd memory'
check init-from-root contains "$log" 'Run /sbin/init as init process'
check_eq no-module-loaded "" "$(cat /proc/modules)"
# The root mount is that device, as a block device of the driver.
check_eq root-device "$(cat "/sys/class/block/${root#/dev/}/dev")" \
	"$(awk '$5 == "/" { dev = $3 } END { print dev }' /proc/self/mountinfo)"
fstype=$(awk '$2 == "/" { type = $3 } END { print type }' /proc/mounts)
value root-fstype "$fstype"
check root-logged contains "$log" "VFS: Mounted root ($fstype filesystem)"
value token "$(cat /token.txt)"
value sha256 "$(device_sha256 /dev/memdisk0)"
