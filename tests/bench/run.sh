#!/bin/bash
# make bench: one TCG guest boots a 256 MiB ISO (random payload) through
# MEMDISK and reads the same bytes through memdisk_blk, phram+mtdblock, brd
# and legacy pmem (tests/bench/guest.sh, tests/vm/guest-tools/mdread.c). Prints a
# table and writes build/bench/results.json. About 2 minutes.
# Ratios only mean something within one boot: TCG speeds drift between runs
# and with the host's load, hence best-of-3 interleaved rounds (guest.sh).
set -eu
cd "$(dirname "$0")/../.."
# room for the image, a brd copy, a pmem range and the page cache
VM_MEM=${VM_MEM:-2048}
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

image_bytes=$((256 << 20))
payload_bytes=$((224 << 20)) # the kernel and initramfs fill most of the rest
# legacy pmem: RAM turned into a persistent-memory range by the kernel, low
# enough to stay clear of the image and initramfs the loaders put at the top
pmem_cmdline="memmap=256M!0x10000000"
# initcall_debug: each module init's own time in the kernel log, apart from
# the rest of modprobe's work. loglevel=4 keeps info messages off the
# 115200-baud serial console, which the kernel writes synchronously (about
# 9 ms a line): timed loads would measure the console, not the driver.
cmdline="$pmem_cmdline initcall_debug loglevel=4"
out=$VM_TOP/build/bench
work=$(vm_workdir bench)
log=$work/serial.log
image=$work/bench.iso
devices=(memdisk brd pmem phram)
tests=(seq_direct_MBps seq_buffered_MBps rand4k_qd1_IOPS rand4k_4jobs_IOPS)

build_mdread() {
	mkdir -p "$out"
	rm -rf "$work/extra"
	install -D -m 755 "$(vm_guest_tool mdread)" "$work/extra/bin/mdread"
}

# Random bytes, so no driver can take a shortcut on zero pages.
make_payload() {
	local file=$work/payload/random.bin
	[ "$(stat -c %s "$file" 2>/dev/null)" = "$payload_bytes" ] && return
	mkdir -p "$work/payload"
	head -c "$payload_bytes" /dev/urandom >"$file"
}

make_image() {
	VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/bench/guest.sh \
		isofs phram mtdblock brd nd_pmem nd_e820
	vm_iso "$image" "$work/initrd.gz" "$work/payload" "$cmdline"
	if [ "$(stat -c %s "$image")" -gt "$image_bytes" ]; then
		echo "bench: $image is over 256 MiB: shrink payload_bytes" >&2
		return 1
	fi
	truncate -s "$image_bytes" "$image"
}

# numbers DEVICE: the guest's four numbers for DEVICE.
numbers() {
	vm_value "$log" "bench-$1"
}

# ratio A B: A/B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# ratios OTHER: memdisk_blk's four numbers divided by OTHER's.
ratios() {
	local -a mine theirs
	local i
	read -ra mine <<<"$(numbers memdisk)"
	read -ra theirs <<<"$(numbers "$1")"
	for i in 0 1 2 3; do
		printf '%s ' "$(ratio "${mine[i]}" "${theirs[i]}")"
	done
}

# table_row NAME "FOUR WORDS"
table_row() {
	local -a cells
	read -ra cells <<<"$2"
	printf '%-16s %12s %12s %12s %12s\n' "$1" "${cells[@]}"
}

print_table() {
	local dev
	table_row "" "seq-direct seq-buffered rand4k-qd1 rand4k-4jobs"
	table_row "" "MB/s MB/s IOPS IOPS"
	for dev in "${devices[@]}"; do
		table_row "$dev" "$(numbers "$dev")"
	done
	for dev in brd pmem phram; do
		table_row "memdisk/$dev" "$(ratios "$dev")"
	done
}

# target NAME VALUE MIN: "NAME VALUE >= MIN: met|MISSED".
target() {
	awk -v n="$1" -v v="$2" -v m="$3" 'BEGIN { printf "  %-34s %8s >= %-5s %s\n", n, v, m, (v >= m ? "met" : "MISSED") }'
}

print_targets() {
	local -a brd phram load
	read -ra brd <<<"$(ratios brd)"
	read -ra phram <<<"$(ratios phram)"
	read -ra load <<<"$(vm_value "$log" load-ms-memdisk)"
	echo "targets:"
	target "seq O_DIRECT vs brd" "${brd[0]}" 1.1
	target "buffered vs brd" "${brd[1]}" 1.0
	target "4k random qd1 vs brd" "${brd[2]}" 1.1
	target "4k random 4 jobs vs brd" "${brd[3]}" 1.1
	target "seq O_DIRECT vs phram" "${phram[0]}" 3
	target "4k random qd1 vs phram" "${phram[2]}" 3
	target "readable ms after modprobe (5 - x)" "$(awk -v x="${load[1]}" 'BEGIN { printf "%.3f", 5 - x }')" 0
}

# json_numbers NAMES VALUES: {"name": value, ...} for two word lists.
json_numbers() {
	awk -v names="$1" -v values="$2" 'BEGIN {
		n = split(names, k, " "); split(values, v, " ")
		printf "{"
		for (i = 1; i <= n; i++) printf "%s\"%s\": %s", (i > 1 ? ", " : ""), k[i], v[i]
		printf "}"
	}'
}

write_json() {
	local dev sep=""
	{
		printf '{\n  "image_bytes": %s,\n  "devices": {\n' "$(vm_value "$log" image-size)"
		for dev in "${devices[@]}"; do
			printf '%s    "%s": %s' "$sep" "$dev" "$(json_numbers "${tests[*]}" "$(numbers "$dev")")"
			sep=$',\n'
		done
		printf '\n  },\n  "ratios": {\n'
		sep=""
		for dev in brd pmem phram; do
			printf '%s    "memdisk/%s": %s' "$sep" "$dev" "$(json_numbers "${tests[*]}" "$(ratios "$dev")")"
			sep=$',\n'
		done
		printf '\n  },\n  "load_ms": {"memdisk": %s, "brd": %s},\n' \
			"$(json_numbers "modprobe first_read" "$(vm_value "$log" load-ms-memdisk)")" \
			"$(json_numbers "modprobe first_read" "$(vm_value "$log" load-ms-brd)")"
		printf '  "init_us": {"memdisk": %s, "brd": %s},\n' \
			"$(vm_value "$log" init-us-memdisk)" "$(vm_value "$log" init-us-brd)"
		printf '  "meminfo_kB": {"before": %s, "after": %s},\n' \
			"$(json_numbers "MemFree Slab VmallocUsed" "$(vm_value "$log" mem-before)")" \
			"$(json_numbers "MemFree Slab VmallocUsed" "$(vm_value "$log" mem-after)")"
		printf '  "pat": {"phram": "%s", "memdisk": "%s"}\n}\n' \
			"$(vm_value "$log" pat-phram)" "$(vm_value "$log" pat-memdisk)"
	} >"$out/results.json"
}

print_memory() {
	local -a before after
	local dev
	read -ra before <<<"$(vm_value "$log" mem-before)"
	read -ra after <<<"$(vm_value "$log" mem-after)"
	printf 'modprobe memdisk_blk: MemFree %+d kB, Slab %+d kB, VmallocUsed %+d kB (image: %d kB)\n' \
		$((after[0] - before[0])) $((after[1] - before[1])) $((after[2] - before[2])) $((image_bytes >> 10))
	for dev in memdisk brd; do
		printf '%-8s modprobe returned, first 4 KiB read done: %s ms; its module init: %s us\n' \
			"$dev" "$(vm_value "$log" "load-ms-$dev")" "$(vm_value "$log" "init-us-$dev")"
	done
	echo "PAT type of the image: phram '$(vm_value "$log" pat-phram)', memdisk_blk '$(vm_value "$log" pat-memdisk)'"
	echo "queues (max_sectors_kb max_hw_sectors_kb read_ahead_kb optimal_io_size):"
	for dev in "${devices[@]}"; do
		printf '  %-8s %s\n' "$dev" "$(vm_value "$log" "queue-$dev")"
	done
}

build_mdread
make_payload
make_image
vm_boot_memdisk "$log" "$image" "iso raw" -smp 2
vm_checks "$log"
vm_log_clean "$log"
vm_expect_eq "image size" "$image_bytes" "$(vm_value "$log" image-size)"
print_table
print_memory
print_targets
write_json
echo "bench: wrote $out/results.json"
