# shellcheck shell=sh
# Stand-in of mkinitcpio's /init_functions (archlinux/mkinitcpio v41,
# fc8137c5; tests/STANDINS.md): the parts the archiso and miso stand-ins
# and memdisk_blk's hook use, written from what they do, not copied.
# - run_hookfunctions FN DESC HOOK... (l.88-102): for each HOOK whose
#   /hooks/HOOK is executable, FN is unset, the file sourced, and FN run
#   if the file defined it;
# - resolve_device (l.377-405): UUID=/LABEL= through `blkid -lt TAG -o
#   device`, else (udevd running) the /dev/disk/by-* link; a /dev path is
#   then waited for by poll_device;
# - poll_device DEV SECONDS (l.27-57): waits only while udevd runs
#   (default 10 s), for DEV to be a block device.
# launch_interactive_shell is where the real hooks give up: the stand-in
# records it (STANDIN_PANIC) and returns.
# shellcheck disable=SC2034 # udevd_running, mount_handler, STANDIN_*: read
# by the hooks, the init and report.sh

udevd_running=0
mount_handler=default_mount_handler

msg() { echo "$@"; }

# getarg NAME [DEFAULT]: NAME's value on the kernel command line.
getarg() {
	read -r cmdline </proc/cmdline
	for x in $cmdline; do
		case $x in
		"$1"=*) echo "${x#*=}" && return 0 ;;
		esac
	done
	[ -z "${2-}" ] || echo "$2"
}

run_hookfunctions() {
	fn=$1
	desc=$2
	shift 2
	for hook in "$@"; do
		[ -x "/hooks/$hook" ] || continue
		unset "$fn"
		# shellcheck disable=SC1090 # the initramfs's own hooks
		. "/hooks/$hook"
		type "$fn" >/dev/null 2>&1 || continue
		msg ":: running $desc [$hook]"
		"$fn"
	done
}

poll_device() {
	seconds=${2:-10}
	[ -b "$1" ] && return 0
	if [ "$udevd_running" -eq 1 ]; then
		msg "Waiting $seconds seconds for device $1 ..." >&2
		while [ ! -b "$1" ] && [ "$seconds" -gt 0 ]; do
			sleep 1
			seconds=$((seconds - 1))
		done
	fi
	[ -b "$1" ]
}

resolve_device() {
	dev=$1
	case $1 in
	UUID=* | LABEL=*)
		found=$(blkid -lt "$1" -o device)
		if [ -z "$found" ] && [ "$udevd_running" -eq 1 ]; then
			tag=$(echo "${1%%=*}" | tr '[:upper:]' '[:lower:]')
			found=/dev/disk/by-$tag/${1#*=}
		fi
		[ -z "$found" ] || dev=$found
		;;
	esac
	case $dev in
	/dev/*) poll_device "$dev" "$(getarg rootdelay)" && echo "$dev" ;;
	*) return 1 ;;
	esac
}

launch_interactive_shell() {
	echo "standin: the real init would start a shell here"
	STANDIN_PANIC=${STANDIN_PANIC:-interactive shell}
}

default_mount_handler() {
	STANDIN_PANIC="no live hook set a mount handler"
}
