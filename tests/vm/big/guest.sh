# shellcheck shell=sh
# make check-big, guest side (tests/vm/big/run.sh): the ISO of over 4 GiB
# that memdisk.efi streamed into the firmware's RAM disk is /dev/pmem0 (the
# NFIT stack loaded by hand). Hashing all of it under TCG would take minutes,
# so the guest hashes 1 MiB ranges: 16 spread over the device from its first
# to its last MiB (which ends with the last sector, and holds random bytes
# the host appended), and the MiBs on either side of 2 GiB and 4 GiB. The
# payload is random, so each range is unlike every other: an image cut at,
# or wrapped around, 4 GiB (a 32-bit size or offset) gives a wrong size or a
# wrong hash at 4 GiB or at the end. Then the ISO is mounted and its one
# file of over 4 GiB read at its end through the file system.
# mib_sha256 DEV MIB: the hash of DEV's 1 MiB at MIB MiB.
mib_sha256() {
	dd if="$1" bs=1M skip="$2" count=1 2>/dev/null | sha256sum | cut -d ' ' -f 1
}

check booted-by-efi test -d /sys/firmware/efi
check nfit-stack modprobe -a nfit nd_pmem
check pmem-device wait_block /dev/pmem0 || exit 1
size=$(blockdev --getsize64 /dev/pmem0)
value pmem-size "$size"
last=$((size / 1048576 - 1))
offsets=$( (
	i=0
	while [ "$i" -le 15 ]; do
		echo $((last * i / 15))
		i=$((i + 1))
	done
	echo 2047 2048 4095 4096 | tr ' ' '\n'
) | awk -v last="$last" '$1 <= last' | sort -n -u)
value offsets "$(echo "$offsets" | tr '\n' ' ')"
for mib in $offsets; do
	value "sha256-mib-$mib" "$(mib_sha256 /dev/pmem0 "$mib")"
done
mkdir -p /mnt/iso
check mount-iso mount -t iso9660 -o ro /dev/pmem0 /mnt/iso || exit 1
file_size=$(stat -c %s /mnt/iso/big.bin)
value file-size "$file_size"
value file-tail-sha256 "$(mib_sha256 /mnt/iso/big.bin $((file_size / 1048576 - 1)))"
umount /mnt/iso
