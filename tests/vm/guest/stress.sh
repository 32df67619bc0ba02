# shellcheck shell=sh
# The ISO carries a self-checking pattern file (tests/vm/guest-tools/
# verify.c) and an MBR whose two partitions split that file in halves.
# 8 readers check random blocks of it for 60 s while partitions are re-read
# and sysfs is read; then both partitions are checked, every write to a
# partition fails, and the nodes' and sysfs files' modes are checked.
dev=/dev/memdisk0
sys=/sys/block/memdisk0
# stress.seconds= and stress.readers= on the kernel command line shorten
# it (the debug kernel's run); 60 s and 8 readers otherwise.
seconds=$(sed -n 's/.*stress\.seconds=\([0-9]*\).*/\1/p' /proc/cmdline)
seconds=${seconds:-60}
readers=$(sed -n 's/.*stress\.readers=\([0-9]*\).*/\1/p' /proc/cmdline)
readers=${readers:-8}
value readers "$readers $seconds"
# stress.threads=N: each reader is N threads of one process (the
# i386-nopae-stress scenario); 1 otherwise.
threads=$(sed -n 's/.*stress\.threads=\([0-9]*\).*/\1/p' /proc/cmdline)
threads=${threads:-1}
value threads "$threads"
load_memdisk

part_start() {
	cat "$sys/memdisk0p$1/start"
}

part_size() {
	cat "$sys/memdisk0p$1/size"
}

# reread_loop STOPFILE: re-read the partition table and sysfs until
# STOPFILE exists; prints "OK FAILED" counts of re-reads.
reread_loop() {
	_ok=0
	_failed=0
	_size=$(sysfs_attr memdisk0 image_size)
	while [ ! -e "$1" ]; do
		if blockdev --rereadpt "$dev"; then _ok=$((_ok + 1)); else _failed=$((_failed + 1)); fi
		# Partitions' files come and go with each re-read: errors are fine,
		# what counts is that reading them races no bug into the kernel.
		cat "$sys"/memdisk/* "$sys"/memdisk0p*/start "$sys"/size >/dev/null 2>&1
		[ "$(sysfs_attr memdisk0 image_size)" = "$_size" ] || _failed=$((_failed + 1))
	done
	echo "$_ok $_failed"
}

# readers DEV START COUNT FIRST SECONDS N: N verify readers (of $threads
# threads each), direct and buffered in turn; reports each one's counts and
# fails when any failed.
readers() {
	_pids=
	_n=0
	while [ "$_n" -lt "$6" ]; do
		_mode=buffered
		[ $((_n % 2)) -eq 1 ] || _mode=direct
		verify read "$1" "$2" "$3" "$4" "$5" "$_mode" "$_n" "$threads" >"/tmp/reader$_n" 2>&1 &
		_pids="$_pids $!"
		_n=$((_n + 1))
	done
	_status=0
	for _pid in $_pids; do
		wait "$_pid" || _status=1
	done
	cat /tmp/reader* | tee /tmp/last-readers
	rm -f /tmp/reader*
	return "$_status"
}

# reader_totals: the last readers' counts, summed.
reader_totals() {
	tr ' =' '\n ' </tmp/last-readers |
		awk '{ sum[$1] += $2 } END { printf "reads=%d sectors=%d mismatches=%d errors=%d", sum["reads"], sum["sectors"], sum["mismatches"], sum["errors"] }'
}

value p1-start "$(part_start 1)"
value p1-size "$(part_size 1)"
value p2-start "$(part_start 2)"
value p2-size "$(part_size 2)"
start=$(part_start 1)
half=$(part_size 1)

rm -f /tmp/stop
reread_loop /tmp/stop >/tmp/rereads &
loop=$!
check readers-during-rereads readers "$dev" "$start" $((half * 2)) 0 "$seconds" "$readers"
value reader-totals "$(reader_totals)"
touch /tmp/stop
wait "$loop"
read -r rereads reread_failures </tmp/rereads
value rereads "$rereads"
check_eq reread-failures 0 "$reread_failures"
check rereads-happened test "$rereads" -gt 0
check_eq partitions-after-rereads "$start $half" "$(part_start 1) $(part_size 1)"
check readers-p1 readers "${dev}p1" 0 "$half" 0 3 2
check readers-p2 readers "${dev}p2" 0 "$half" "$half" 3 2

part=${dev}p1
check_fails p1-dd-buffered dd if=/dev/zero of="$part" bs=4k count=1 conv=fsync
check_fails p1-dd-direct dd if=/dev/zero of="$part" bs=4k count=1 oflag=direct
check p1-setrw-accepted blockdev --setrw "$part"
check_eq p1-still-read-only 1 "$(blockdev --getro "$part")"
check_fails p1-dd-after-setrw dd if=/dev/zero of="$part" bs=4k count=1 conv=fsync
check_fails p1-discard blkwrite discard "$part"
check_fails p1-zeroout blkwrite zeroout "$part"
echo 3 >/proc/sys/vm/drop_caches
value sha256 "$(device_sha256 "$dev")"
check readers-p1-after-writes readers "$part" 0 "$half" 0 1 2

# Who may read the image: root only, as for any disk without udev rules;
# physical addresses are root-only in sysfs as in /proc/iomem.
for node in "$dev" "${dev}p1" "${dev}p2"; do
	mode=$(stat -c %a "$node")
	value "mode-${node#/dev/}" "$mode"
	check_eq "not-world-accessible-${node#/dev/}" 0 $((0$mode & 7))
done
for attr in "$sys"/memdisk/*; do
	case ${attr##*/} in
	phys_addr | mbft_addr) want=400 ;;
	*) want=444 ;;
	esac
	check_eq "mode-${attr##*/}" "$want" "$(stat -c %a "$attr")"
done
