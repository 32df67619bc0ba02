# shellcheck shell=sh
# make bench, guest side (tests/bench/run.sh): the same MEMDISK image read
# through phram+mtdblock, memdisk_blk, brd and legacy pmem with mdread.
# Order matters: phram maps the range uncached and x86 PAT allows one
# memory type per range, so phram is measured and unloaded before
# memdisk_blk maps the range write-back. brd and pmem (a memmap=! region
# away from the image) get a copy of the image from /dev/memdisk0, and the
# three are measured in interleaved rounds, each number the best of them.
seconds=1 # per random-read test
rounds=3
found=$(memdiskfind)
addr=${found%,*}
len=${found#*,}
# pat_memtype_list's spelling of the image's start
pat_addr=$(printf '0x%016x' "$addr")
value memdiskfind "$found"
mount -t debugfs debugfs /sys/kernel/debug

drop_caches() {
	echo 3 >/proc/sys/vm/drop_caches
}

# measure_device DEV OUT: "SEQ_DIRECT SEQ_BUFFERED RAND_QD1 RAND_4JOBS"
# (MB/s, MB/s, IOPS, IOPS) into OUT.
measure_device() {
	drop_caches
	_d=$(mdread seq "$1" direct) &&
		drop_caches &&
		_b=$(mdread seq "$1" buffered) &&
		_r1=$(mdread rand "$1" 1 "$seconds") &&
		_r4=$(mdread rand "$1" 4 "$seconds") &&
		echo "$_d $_b $_r1 $_r4" >"$2"
}

# queue_limits DEV: what decides how large the reads reaching the driver are.
queue_limits() {
	_q=/sys/block/${1#/dev/}/queue
	cat "$_q/max_sectors_kb" "$_q/max_hw_sectors_kb" "$_q/read_ahead_kb" "$_q/optimal_io_size"
}

# measure NAME DEV: one more line of measure_device's numbers for NAME.
measure() {
	measure_device "$2" /tmp/round && cat /tmp/round >>"/tmp/bench-$1"
}

# measure_rounds NAME:DEV...: each device measured in turn, $rounds times,
# so that the host's load (other guests) hits them all alike; reports
# DEV's queue limits and, as value bench-NAME, each column's best.
measure_rounds() {
	for _pair in "$@"; do
		value "queue-${_pair%%:*}" "$(queue_limits "${_pair#*:}" | tr '\n' ' ')"
		rm -f "/tmp/bench-${_pair%%:*}"
	done
	_round=0
	while [ "$_round" -lt "$rounds" ]; do
		for _pair in "$@"; do
			check "bench-${_pair%%:*}-$_round" measure "${_pair%%:*}" "${_pair#*:}"
		done
		_round=$((_round + 1))
	done
	for _pair in "$@"; do
		value "bench-${_pair%%:*}" "$(best_columns "/tmp/bench-${_pair%%:*}")"
	done
}

# best_columns FILE: each column's largest number.
best_columns() {
	awk '{ for (i = 1; i <= NF; i++) if ($i > best[i]) best[i] = $i }
		END { print best[1], best[2], best[3], best[4] }' "$1"
}

# pat_type: the PAT memory type of the image's start, if mapped.
pat_type() {
	sed -n "s/^PAT: \[mem $pat_addr-[^]]*\] //p" /sys/kernel/debug/x86/pat_memtype_list
}

# meminfo: "MemFree Slab VmallocUsed" in kB.
meminfo() {
	awk '$1 == "MemFree:" { f = $2 } $1 == "Slab:" { s = $2 }
		$1 == "VmallocUsed:" { v = $2 } END { print f, s, v }' /proc/meminfo
}

# copy_image DEV: the image into DEV, which must be exactly as large.
copy_image() {
	[ "$(blockdev --getsize64 "$1")" = "$(blockdev --getsize64 /dev/memdisk0)" ] &&
		dd if=/dev/memdisk0 of="$1" bs=1M iflag=direct oflag=direct 2>/dev/null
}

bench_phram() {
	check phram modprobe phram phram="memdisk,$found" &&
		check mtdblock modprobe mtdblock &&
		check mtdblock-device test -b /dev/mtdblock0 || return
	value pat-phram "$(pat_type)"
	measure_rounds phram:/dev/mtdblock0
	check phram-unload rmmod mtdblock phram
	check_eq pat-phram-gone "" "$(pat_type)"
}

# timed_load NAME DEV MODULE [PARAM...]: modprobe MODULE as a check; values
# load-ms-NAME (modprobe returned, DEV's first 4 KiB read, in ms from the
# start of modprobe) and init-us-NAME (the module's init alone, logged by
# initcall_debug as "initcall INIT_FN... returned 0 after N usecs").
timed_load() {
	_t_name=$1
	_t_dev=$2
	shift 2
	_t_module=$1
	_t_mark=$(dmesg_mark)
	check "load-$_t_name" mdread_load "/tmp/load-$_t_name" "$_t_dev" modprobe "$@" || return
	value "load-ms-$_t_name" "$(cat "/tmp/load-$_t_name")"
	value "init-us-$_t_name" "$(dmesg_since "$_t_mark" |
		sed -n "s/.*initcall [a-z_]*init+.*\[$_t_module\] returned 0 after \([0-9]*\) usecs.*/\1/p")"
}

# mdread_load OUT DEV CMD...: mdread load's numbers into OUT.
mdread_load() {
	_l_out=$1
	shift
	mdread load "$@" >"$_l_out"
}

bench_memdisk() {
	drop_caches
	value mem-before "$(meminfo)"
	timed_load memdisk /dev/memdisk0 memdisk_blk || return
	value mem-after "$(meminfo)"
	value pat-memdisk "$(pat_type)"
	value image-size "$(blockdev --getsize64 /dev/memdisk0)"
}

bench_brd() {
	# timed too: an in-tree block driver's load, for comparison
	timed_load brd /dev/ram0 brd rd_nr=1 rd_size=$((len / 1024)) &&
		check brd-fill copy_image /dev/ram0
}

bench_pmem() {
	check pmem modprobe -a nd_pmem nd_e820 &&
		check pmem-device wait_block /dev/pmem0 &&
		check pmem-fill copy_image /dev/pmem0
}

bench_phram
bench_memdisk && bench_brd && bench_pmem &&
	measure_rounds memdisk:/dev/memdisk0 brd:/dev/ram0 pmem:/dev/pmem0
