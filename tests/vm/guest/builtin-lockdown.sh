# shellcheck shell=sh
# Lockdown with memdisk_blk built in (tests/vm/scenarios/builtin-lockdown.sh):
# booted with lockdown=LEVEL, the driver needs no signature. The image's
# disk is there and memdisk-probe, /dev/mem closed, reports it through
# sysfs (lockdown.sh's still_works); a boot with memdisk_blk.region= has
# the region refused and keeps the image's disk.
LOCKDOWN_FUNCTIONS_ONLY=yes
# shellcheck source=tests/vm/guest/lockdown.sh
. /lib/lockdown.sh
level=$(sed -n 's/.*lockdown=\([a-z]*\).*/\1/p' /proc/cmdline)
region=$(sed -n 's/.*memdisk_blk\.region=\([^ ]*\).*/\1/p' /proc/cmdline)
check_eq no-module-loaded "" "$(cat /proc/modules)"

if [ -z "$region" ]; then
	sha=$(device_sha256 "$dev")
	value sha256 "$sha"
	still_works "$level"
else
	check_eq "level-$level" "[$level]" "$(grep -o '\[[a-z]*\]' "$lockdown")"
	check region-refused contains "$(dmesg)" \
		"memdisk_blk: region=$region refused: the kernel is locked down$"
	check_fails no-region-disk grep -qx region /sys/block/memdisk*/memdisk/source
	# Built in there is no second load: the refusal keeps the boot medium.
	check_eq image-disk-kept mbft "$(sysfs_attr memdisk0 source)"
fi
