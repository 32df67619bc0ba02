# shellcheck shell=sh
# The runtime half of each initramfs generator's hook, run twice each as
# its boot system would run it. hooktest= on the kernel command line says
# which boot this is: memdisk (an ISO under MEMDISK), autoprobe0 (the same
# with autoprobe off, spelled memdisk_blk.autoprobe=F) or direct (no
# MEMDISK). Each hook must exit 0 both times and leave exactly what the
# module logs on one load.
mode=$(sed -n 's/.*hooktest=\([a-z0-9]*\).*/\1/p' /proc/cmdline)

# The autoprobe0 boot also has memdisk_blk.autoprob?=1 on its command line:
# as a glob that word would match this file, autoprobe on. The hooks run
# here, so the loader must take the command line as text.
if [ "$mode" = autoprobe0 ]; then
	mkdir -p /glob && cd /glob && : >memdisk_blk.autoprobe=1
fi

# expected_log: the kernel lines one hook's two runs may leave, numbers
# blanked out (see normalised_log_since).
expected_log() {
	case $mode in
	memdisk) echo "memdisk_blk: memdisk0: N bytes at ADDR" ;;
	direct | autoprobe0) ;;
	esac
}

# normalised_log_since MARK: memdisk_log_since without numbers.
normalised_log_since() {
	memdisk_log_since "$1" |
		sed 's/[0-9][0-9]* bytes at 0x[0-9a-f]*/N bytes at ADDR/'
}

# try_hook NAME COMMAND: run a hook twice, check what it left, unload.
try_hook() {
	mark=$(dmesg_mark)
	check "$1-first-run" sh -c "$2"
	check "$1-second-run" sh -c "$2"
	check_eq "$1-kernel-log" "$(expected_log)" "$(normalised_log_since "$mark")"
	if [ "$mode" = memdisk ]; then
		check "$1-device" test -b /dev/memdisk0
		value "$1-size" "$(blockdev --getsize64 /dev/memdisk0)"
		check "$1-unload" rmmod memdisk_blk
	elif [ "$mode" = direct ]; then
		check_fails "$1-no-device" ls /sys/block/memdisk0
		check "$1-unload" rmmod memdisk_blk
	else
		check_fails "$1-not-loaded" test -d /sys/module/memdisk_blk
	fi
}

check_eq known-mode yes "$(case $mode in memdisk | direct | autoprobe0) echo yes ;; esac)"
try_hook initramfs-tools /scripts/init-premount/memdisk_blk
try_hook mkinitcpio '. /hooks/memdisk_blk && run_earlyhook'
try_hook dracut '. /lib/dracut/hooks/pre-udev/30-memdisk_blk-load.sh'
