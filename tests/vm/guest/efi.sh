# shellcheck shell=sh
# An EFI boot, where MEMDISK (BIOS-only) cannot have run: the module does
# not scan low memory and makes no device, silently unless dynamic debug
# asks why; the region parameter still exposes a range the kernel
# reserved (memmap=).
check booted-by-efi test -d /sys/firmware/efi
mark=$(dmesg_mark)
load_memdisk
check_fails no-device test -e /dev/memdisk0
check_eq silent "" "$(memdisk_log_since "$mark")"
check rmmod rmmod memdisk_blk
mark=$(dmesg_mark)
check load-with-dyndbg modprobe memdisk_blk dyndbg=+p
check_eq one-debug-line "memdisk_blk: not looking for MEMDISK: booted by EFI, and MEMDISK is BIOS-only" \
	"$(memdisk_log_since "$mark")"
check rmmod-after-dyndbg rmmod memdisk_blk
region=$(sed -n 's/.*memdisk_test_region=\([^ ]*\).*/\1/p' /proc/cmdline)
value region "$region"
check region-loads modprobe memdisk_blk region="$region"
check region-device test -b /dev/memdisk0
check_eq region-source region "$(sysfs_attr memdisk0 source)"
check_eq region-size $((${region#*,})) "$(blockdev --getsize64 /dev/memdisk0)"
check region-reads dd if=/dev/memdisk0 of=/dev/null bs=64k iflag=direct
check region-rmmod rmmod memdisk_blk
