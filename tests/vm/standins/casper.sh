# shellcheck shell=sh
# Stand-in of casper's scripts/casper: its mountroot's scan of local
# devices for the live medium, written for these tests from what casper
# 1.470.2 does (elementary/os-patches, branch casper-jammy, e45b193e;
# tests/STANDINS.md lists each fact and line). Not casper's code.
# - mountroot runs casper-premount, then tries find_livefs once a second,
#   60 times, then panics (scripts/casper l.944-967);
# - find_livefs scans /sys/block/* but names matching /(loop|ram|fd|md)
#   (l.800); a CD-ROM is tried whole, a device udev calls DEVTYPE=disk
#   (is_nice_device, l.148-157) partition by partition and then whole
#   (casper-helpers subdevices, l.19-33);
# - check_dev (l.719-770): a vfat/iso9660/udf/ext*/btrfs/ntfs filesystem
#   (casper-helpers is_supported_fs l.35-44, type from blkid), mounted
#   read-only on /cdrom, is the medium when /cdrom/casper (live-media-path=)
#   holds *.squashfs, *.ext2 or *.dir (is_casper_path l.85-95) and, with
#   uuid=, a .disk/casper-uuid* file says that UUID (matches_uuid l.97-110).
# standin.tries=N shortens the 60 tries (a stock boot's wait).
# shellcheck disable=SC2034 # STANDIN_*: read by report.sh

LIVE_MEDIA_PATH=casper
mountpoint=/cdrom

casper_cmdline() {
	read -r cmdline </proc/cmdline
	for x in $cmdline; do
		case $x in
		live-media-path=*) LIVE_MEDIA_PATH=${x#live-media-path=} ;;
		uuid=*) UUID=${x#uuid=} ;;
		standin.tries=*) casper_tries=${x#standin.tries=} ;;
		esac
	done
}

# casper_path DIR: the live filesystem's images are in DIR/$LIVE_MEDIA_PATH.
casper_path() {
	for f in "$1/$LIVE_MEDIA_PATH"/*.squashfs "$1/$LIVE_MEDIA_PATH"/*.ext2 "$1/$LIVE_MEDIA_PATH"/*.dir; do
		[ -e "$f" ] && return 0
	done
	return 1
}

casper_uuid_ok() {
	[ -n "${UUID-}" ] || return 0
	for f in "$1"/.disk/casper-uuid*; do
		[ -e "$f" ] && [ "$(cat "$f")" = "$UUID" ] && return 0
	done
	return 1
}

# casper_try DEV: DEV holds the medium (left mounted on /cdrom).
casper_try() {
	[ -b "$1" ] || return 1
	fstype=$(blkid -s TYPE -o value "$1" 2>/dev/null)
	case $fstype in
	vfat | iso9660 | udf | ext2 | ext3 | ext4 | btrfs | ntfs) ;;
	*) return 1 ;;
	esac
	mount -t "$fstype" -o ro "$1" "$mountpoint" 2>/dev/null || return 1
	casper_path "$mountpoint" && casper_uuid_ok "$mountpoint" && return 0
	umount "$mountpoint"
	return 1
}

# casper_dev SYSDIR: its /dev node, by the name udev gives it.
casper_dev() {
	echo "/dev/$(udevadm info -q name -p "${1#/sys}" 2>/dev/null || basename "$1")"
}

casper_scan() {
	for sysblock in $(echo /sys/block/* | tr ' ' '\n' | grep -Ev '/(loop|ram|fd|md)'); do
		dev=$(casper_dev "$sysblock")
		[ -e "$dev" ] || continue
		if /lib/udev/cdrom_id "$dev" >/dev/null 2>&1; then
			casper_try "$dev" && { echo "$dev"; return 0; }
		elif udevadm info --query=all --path="${sysblock#/sys}" 2>/dev/null | grep -q 'DEVTYPE=disk'; then
			for sub in "$sysblock"/* "$sysblock"; do
				[ -e "$sub/dev" ] || continue
				casper_try "$(casper_dev "$sub")" && { casper_dev "$sub"; return 0; }
			done
		fi
	done
	return 1
}

mountroot() {
	casper_cmdline
	mkdir -p "$mountpoint"
	run_scripts /scripts/casper-premount
	STANDIN_AT_SEARCH=no
	[ ! -e /sys/block/memdisk0 ] || STANDIN_AT_SEARCH=yes
	i=0
	while [ "$i" -lt "${casper_tries:-60}" ]; do
		STANDIN_MEDIUM=$(casper_scan) && break
		STANDIN_MEDIUM=
		sleep 1
		i=$((i + 1))
	done
	[ -n "$STANDIN_MEDIUM" ] || panic "Unable to find a medium containing a live file system"
}
