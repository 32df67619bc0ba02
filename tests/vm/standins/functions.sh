# shellcheck shell=sh
# Stand-in of initramfs-tools' scripts/functions (tests/vm/standins/README
# in tests/STANDINS.md): what the casper stand-in and the memdisk_blk
# script use. Written from Debian 12's initramfs-tools 0.142: run_scripts
# sources the directory's ORDER file, which mkinitramfs writes
# (scripts/functions l.118-125); load_modules loads /conf/modules.

run_scripts() {
	initdir=$1
	[ -d "$initdir" ] || return 0
	shift
	# shellcheck source=/dev/null # the initramfs's own ORDER
	. "$initdir/ORDER"
}

load_modules() {
	[ -f /conf/modules ] || return 0
	while read -r m; do
		[ -z "$m" ] || modprobe -q "$m" || :
	done </conf/modules
}

log_begin_msg() { echo "Begin: $* ..."; }
log_end_msg() { echo "done."; }

# The real one spawns a shell; the stand-in records why and returns.
# shellcheck disable=SC2034 # read by report.sh
panic() {
	echo "standin panic: $*"
	STANDIN_PANIC=$*
}
