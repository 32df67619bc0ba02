# shellcheck shell=sh
# Every way to write to /dev/memdisk0 fails and the image stays unchanged.
dev=/dev/memdisk0
load_memdisk
before=$(device_sha256 "$dev")
value sha256-before "$before"
check_fails dd-buffered dd if=/dev/zero of="$dev" bs=4k count=1 conv=fsync
check_fails dd-direct dd if=/dev/zero of="$dev" bs=4k count=1 oflag=direct
# BLKROSET only clears the opener's flag: the disk itself stays read-only.
check setrw-accepted blockdev --setrw "$dev"
check_eq still-read-only 1 "$(blockdev --getro "$dev")"
check_fails dd-after-setrw dd if=/dev/zero of="$dev" bs=4k count=1 conv=fsync
check_fails discard blkwrite discard "$dev"
# The block core refuses these on a read-only disk (EPERM); the driver's
# own refusal of write bios is the next line of defence behind it.
check_fails zeroout blkwrite zeroout "$dev"
echo 3 >/proc/sys/vm/drop_caches
check_eq hash-unchanged "$before" "$(device_sha256 "$dev")"
check_eq buffered-read-unchanged "$before" "$(sha256sum <"$dev" | cut -d ' ' -f 1)"
