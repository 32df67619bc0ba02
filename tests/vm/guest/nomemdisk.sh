# shellcheck shell=sh
# A kernel booted without MEMDISK: the module loads silently (most
# machines have no MEMDISK; dynamic debug tells why), makes no device, and
# memdisk-probe says there is nothing (exit 1).
mark=$(dmesg_mark)
load_memdisk
check_fails no-device ls /dev/memdisk0
check_eq silent "" "$(memdisk_log_since "$mark")"
rmmod memdisk_blk
mark=$(dmesg_mark)
check load-with-dyndbg modprobe memdisk_blk dyndbg=+p
check_eq one-debug-line "memdisk_blk: no MEMDISK found" "$(memdisk_log_since "$mark")"
check_eq not-tainted-by-warning 0 $(($(cat /proc/sys/kernel/tainted) & 512))
status=0
memdisk-probe >/dev/null 2>&1 || status=$?
check_eq memdisk-probe-exit-1 1 "$status"
value probe-stderr "$(memdisk-probe 2>&1 >/dev/null)"
check rmmod rmmod memdisk_blk
