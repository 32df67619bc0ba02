# shellcheck shell=sh
# The DKMS-built module under MEMDISK `iso raw` (tests/vm/scenarios/dkms.sh):
# the host compares the module file, its version and the device's hash.
ko=$(find /lib/modules -name memdisk_blk.ko)
value ko_sha256 "$(sha256sum "$ko" | cut -d ' ' -f 1)"
load_memdisk
check device-exists test -b /dev/memdisk0
value version "$(cat /sys/module/memdisk_blk/version)"
value sha256 "$(device_sha256 /dev/memdisk0)"
