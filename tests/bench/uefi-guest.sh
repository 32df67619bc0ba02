# shellcheck shell=sh
# make bench, UEFI part, guest side (tests/bench/uefi.sh). The same ISO and
# initramfs boot under MEMDISK (BIOS: /dev/memdisk0 from memdisk_blk) and
# under memdisk.efi (UEFI: /dev/pmem0 from the kernel's nfit + nd_pmem,
# loaded here by hand: the bench measures, the hooks are tested elsewhere).
# The "iso-mounted" result ends the host's boot timing. Boots whose SMBIOS
# product name is memdisk-bench-read then time reads with mdread, as
# tests/bench/guest.sh does: best of three rounds.
rounds=3
seconds=1 # per random-read test
if [ -d /sys/firmware/efi ]; then
	dev=/dev/pmem0
	check nfit-stack modprobe -a nfit nd_pmem
else
	dev=/dev/memdisk0
	check memdisk-blk modprobe memdisk_blk
fi

drop_caches() {
	echo 3 >/proc/sys/vm/drop_caches
}

# measure: one line "SEQ_DIRECT SEQ_BUFFERED RAND_QD1 RAND_4JOBS" of dev.
measure() {
	drop_caches
	_d=$(mdread seq "$dev" direct) &&
		drop_caches &&
		_b=$(mdread seq "$dev" buffered) &&
		_r1=$(mdread rand "$dev" 1 "$seconds") &&
		_r4=$(mdread rand "$dev" 4 "$seconds") &&
		echo "$_d $_b $_r1 $_r4" >>/tmp/reads
}

check device wait_block "$dev" || exit 1
mkdir -p /mnt/iso
check mount-iso mount -t iso9660 -o ro "$dev" /mnt/iso || exit 1
value iso-mounted "$dev"
value marker "$(cat /mnt/iso/marker.txt)"
umount /mnt/iso
value device-size "$(blockdev --getsize64 "$dev")"
[ "$(cat /sys/class/dmi/id/product_name)" = memdisk-bench-read ] || exit 0
_round=0
while [ "$_round" -lt "$rounds" ]; do
	check "read-$_round" measure
	_round=$((_round + 1))
done
value reads "$(awk '{ for (i = 1; i <= NF; i++) if ($i > best[i]) best[i] = $i }
	END { print best[1], best[2], best[3], best[4] }' /tmp/reads)"
