# shellcheck shell=sh
# Kernel lockdown. Booted with lockdown= (no MEMDISK): Debian's kernel
# refuses our unsigned module at every level. Booted without it (under
# MEMDISK): memdisk_blk loads, lockdown is raised at run time and the
# device keeps working while memdisk-probe, /dev/mem closed, reports what
# memdisk_blk found through sysfs.
dev=/dev/memdisk0
ko=/lib/modules/$(uname -r)/extra/memdisk_blk.ko
lockdown=/sys/kernel/security/lockdown
mount -t securityfs securityfs /sys/kernel/security

raise_lockdown() {
	echo "$1" >"$lockdown"
}

# insmod_refused LEVEL: insmod fails, saying why, and nothing is loaded.
insmod_refused() {
	mark=$(dmesg_mark)
	check_fails "insmod-refused-$1" insmod "$ko"
	check_fails "not-loaded-$1" grep -q '^memdisk_blk ' /proc/modules
	check "lockdown-message-$1" contains "$(dmesg_since "$mark")" \
		'Lockdown: insmod: unsigned module loading is restricted'
}

booted_locked_down() {
	check_eq boot-level "none [integrity] confidentiality" "$(cat "$lockdown")"
	insmod_refused integrity
	check raise-confidentiality raise_lockdown confidentiality
	insmod_refused confidentiality
}

# still_works LEVEL: the image reads the same; /dev/mem is closed and
# memdisk-probe falls back to sysfs, with a note, and succeeds.
still_works() {
	check_eq "level-$1" "[$1]" "$(grep -o '\[[a-z]*\]' "$lockdown")"
	check_eq "same-image-$1" "$sha" "$(device_sha256 "$dev")"
	check_fails "devmem-closed-$1" devmem 0x413 16
	check "probe-succeeds-$1" memdisk-probe
	report=$(memdisk-probe 2>&1)
	printf '%s\n' "$report"
	check "probe-sysfs-$1" contains "$report" '^source: .*sys'
	check "probe-note-$1" contains "$report" '^note: .*this is what memdisk_blk found$'
	check "probe-device-$1" contains "$report" 'block device: */dev/memdisk0'
	value "probe-note-$1" "$(printf '%s\n' "$report" | grep '^note: ')"
}

raised_at_run_time() {
	check_eq boot-level "[none] integrity confidentiality" "$(cat "$lockdown")"
	load_memdisk
	sha=$(device_sha256 "$dev")
	value sha256 "$sha"
	for level in integrity confidentiality; do
		check "raise-$level" raise_lockdown "$level"
		still_works "$level"
	done
	# Unloading is allowed, loading again is not: the region= refusal
	# under lockdown can never be reached with an unsigned module.
	check rmmod-locked-down rmmod memdisk_blk
	insmod_refused reload
}

# builtin-lockdown.sh sources this script for its functions.
[ -z "${LOCKDOWN_FUNCTIONS_ONLY:-}" ] || return 0
case " $(cat /proc/cmdline) " in
*" lockdown="*) booted_locked_down ;;
*) raised_at_run_time ;;
esac
