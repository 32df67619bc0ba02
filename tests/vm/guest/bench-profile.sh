# shellcheck shell=sh
# make bench-profile, guest side: where the CPU goes during O_DIRECT
# sequential reads of memdisk_blk and of brd holding the same bytes
# (perf's software cpu-clock: TCG has no PMU).
modprobe isofs
load_memdisk
size=$(blockdev --getsize64 /dev/memdisk0)
check brd modprobe brd rd_nr=1 rd_size=$((size / 1024 + 1024))
check fill-brd dd if=/dev/memdisk0 of=/dev/ram0 bs=1M iflag=direct oflag=direct
for dev in memdisk0 ram0; do
	echo "=== profile of /dev/$dev ==="
	check "perf-$dev" perf record -q -e cpu-clock -F 2000 -a -o "/tmp/$dev.data" -- \
		sh -c "for i in 1 2 3 4; do mdread seq /dev/$dev direct; done"
	perf report -q -i "/tmp/$dev.data" --stdio --sort sym 2>/dev/null | grep -v '^$' | head -n 12
	echo "=== end ==="
done
